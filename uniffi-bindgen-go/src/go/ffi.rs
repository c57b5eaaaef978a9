//! The C header: the library's exported ABI, printed from uniffi's FFI definitions.

use uniffi_bindgen::interface::{FfiArgument, FfiDefinition, FfiType};
use uniffi_bindgen::ComponentInterface;

use super::types::c_type;

/// C declarations for every FFI item, in uniffi's dependency order (types before their users).
pub fn declarations(ci: &ComponentInterface) -> Vec<String> {
    ci.ffi_definitions()
        .map(|def| match def {
            FfiDefinition::CallbackFunction(cb) => format!(
                "typedef {} (*Uniffi{})({});",
                return_type(cb.return_type()),
                cb.name(),
                params(&cb.arguments(), cb.has_rust_call_status_arg())
            ),
            FfiDefinition::Struct(st) => {
                let fields: String = st
                    .fields()
                    .iter()
                    .map(|f| format!("    {} {};\n", c_type(&f.type_()), f.name()))
                    .collect();
                format!(
                    "typedef struct Uniffi{name} {{\n{fields}}} Uniffi{name};",
                    name = st.name()
                )
            }
            FfiDefinition::Function(func) => format!(
                "{} {}({});",
                return_type(func.return_type()),
                func.name(),
                params(&func.arguments(), func.has_rust_call_status_arg())
            ),
        })
        .collect()
}

fn return_type(ty: Option<&FfiType>) -> String {
    ty.map(c_type).unwrap_or_else(|| "void".into())
}

fn params(args: &[&FfiArgument], with_status: bool) -> String {
    let mut out: Vec<String> = args
        .iter()
        .map(|a| format!("{} {}", c_type(&a.type_()), a.name()))
        .collect();
    if with_status {
        out.push("RustCallStatus *out_status".into());
    }
    if out.is_empty() {
        "void".into()
    } else {
        out.join(", ")
    }
}

/// Name of the C helper of the generated header that calls the FFI function `ffi_name`:
/// `uniffi_timer_fn_method_timer_echo` -> `uniffi_go_timer_fn_method_timer_echo`.
pub fn helper_name(ffi_name: &str) -> String {
    format!(
        "uniffi_go_{}",
        ffi_name.strip_prefix("uniffi_").unwrap_or(ffi_name)
    )
}

/// Name of the per-return-type result struct a helper returns by value.
pub fn result_type_name(ret: Option<&FfiType>) -> String {
    format!("UniffiGoResult{}", type_suffix(ret))
}

/// Name of the struct the helper that starts an async call returns: the future, and the answer
/// to its first poll.
pub fn started_type_name(ret: Option<&FfiType>) -> String {
    format!("UniffiGoStarted{}", type_suffix(ret))
}

/// A return type in MixedCaps, for C type names: `Void`, `UInt64`, `RustBuffer`.
fn type_suffix(ret: Option<&FfiType>) -> String {
    match ret {
        None => "Void".to_string(),
        Some(FfiType::RustBuffer(_)) => "RustBuffer".to_string(),
        Some(FfiType::Handle) | Some(FfiType::UInt64) => "UInt64".to_string(),
        Some(other) => format!("{other:?}"),
    }
}
