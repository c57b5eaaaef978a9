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

/// The Go constant naming a C function in the remote transport's function list:
/// `uniffi_timer_fn_method_timer_echo` -> `uniffiFnMethodTimerEcho`.
pub fn remote_function_const(ffi_name: &str) -> String {
    // The crate's name, which may hold underscores, comes before the marker.
    let rest = if let Some((_, r)) = ffi_name.split_once("_fn_") {
        r.to_string()
    } else if let Some((_, r)) = ffi_name.split_once("_checksum_") {
        format!("checksum_{r}")
    } else if ffi_name.ends_with("_uniffi_contract_version") {
        "contract_version".to_string()
    } else {
        ffi_name.to_string()
    };
    let mut name = String::from("uniffiFn");
    for part in rest.split('_').filter(|p| !p.is_empty()) {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            name.extend(first.to_uppercase());
            name.push_str(chars.as_str());
        }
    }
    name
}

/// The C functions a remote client names in its handshake, in order: every function, method,
/// constructor, object clone and free and vtable registration, the checksums and the contract
/// version. The host keeps `rustbuffer_*` and `rust_future_*` to itself.
pub fn remote_functions(ci: &ComponentInterface) -> Vec<String> {
    ci.iter_ffi_function_definitions()
        .map(|f| f.name().to_string())
        .filter(|name| name.starts_with("uniffi_"))
        .chain(std::iter::once(
            ci.ffi_uniffi_contract_version().name().to_string(),
        ))
        .collect()
}

/// The Go type a returned value of FFI type `ty` has in the host's answer.
pub fn remote_value_type(ty: Option<&FfiType>) -> &'static str {
    match ty {
        None => "struct{}",
        Some(FfiType::UInt8) => "uint8",
        Some(FfiType::Int8) => "int8",
        Some(FfiType::UInt16) => "uint16",
        Some(FfiType::Int16) => "int16",
        Some(FfiType::UInt32) => "uint32",
        Some(FfiType::Int32) => "int32",
        Some(FfiType::Int64) => "int64",
        Some(FfiType::Float32) => "float32",
        Some(FfiType::Float64) => "float64",
        Some(FfiType::RustBuffer(_)) => "[]byte",
        // Tagged with the connection they came from (see templates/remote/client.go).
        Some(FfiType::Handle) => "uniffiHandle",
        Some(_) => "uint64",
    }
}
