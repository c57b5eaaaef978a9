//! Trait interfaces and callback interfaces: Go interfaces that Rust calls back into.
//!
//! Go implementations live in a handle map (odd handles, as uniffi requires for foreign
//! handles). Rust calls them through a vtable of C trampolines that forward to exported Go
//! functions. Async methods are host calls: the Go method runs in its own goroutine and answers
//! later through uniffi's completion callback, tracked by callId.

use anyhow::{bail, Context, Result};
use heck::{ToSnakeCase, ToUpperCamelCase};
use uniffi_bindgen::interface::{AsType, FfiType, Method, Object, Type};
use uniffi_bindgen::ComponentInterface;

use super::callables::{lift_expr, result_list};
use super::converters::Usage;
use super::model::{
    CompleteHelper, ExportedMethod, ForeignType, GoImpl, InterfaceMethod, Trampoline,
};
use super::types::{self, Crossing};
use super::{docs, names, Symbols};

/// What the generator needs to know about one trait or callback interface.
struct Source<'a> {
    rust_name: &'a str,
    docstring: Option<&'a str>,
    ty: Type,
    methods: Vec<&'a Method>,
    /// `Rust<Name>`: the Go struct wrapping Rust implementations, for trait interfaces.
    rust_impl: Option<String>,
    /// The vtable struct and the FFI function registering it, when Go can implement it.
    vtable: Option<(String, String)>,
}

/// Every trait and callback interface of the component, in declaration order.
pub fn foreign_types(
    ci: &ComponentInterface,
    usage: &mut Usage,
    sym: &Symbols,
) -> Result<Vec<ForeignType>> {
    let mut out = Vec::new();
    for cbi in ci.callback_interface_definitions() {
        let source = Source {
            rust_name: cbi.name(),
            docstring: cbi.docstring(),
            ty: Type::CallbackInterface {
                module_path: cbi.module_path().to_string(),
                name: cbi.name().to_string(),
            },
            methods: cbi.methods(),
            rust_impl: None,
            vtable: Some((
                cbi.vtable_definition().name().to_string(),
                cbi.ffi_init_callback().name().to_string(),
            )),
        };
        out.push(
            build(ci, usage, sym, &source)
                .with_context(|| format!("generating callback interface `{}`", cbi.name()))?,
        );
    }
    for obj in ci.object_definitions() {
        if !obj.is_trait_interface() {
            continue;
        }
        out.push(
            build(ci, usage, sym, &trait_source(ci, obj)?)
                .with_context(|| format!("generating trait interface `{}`", obj.name()))?,
        );
    }
    Ok(out)
}

fn trait_source<'a>(ci: &ComponentInterface, obj: &'a Object) -> Result<Source<'a>> {
    let vtable = if obj.has_callback_interface() {
        let def = obj
            .vtable_definition()
            .context("a foreign trait has no vtable")?;
        Some((
            def.name().to_string(),
            obj.ffi_init_callback().name().to_string(),
        ))
    } else {
        None
    };
    Ok(Source {
        rust_name: obj.name(),
        docstring: obj.docstring(),
        ty: Type::Object {
            module_path: ci.crate_name().to_string(),
            name: obj.name().to_string(),
            imp: *obj.imp(),
        },
        methods: obj.methods(),
        rust_impl: types::has_rust_impl(obj.imp())
            .then(|| format!("Rust{}", names::exported(obj.name()))),
        vtable,
    })
}

fn build(
    ci: &ComponentInterface,
    usage: &mut Usage,
    sym: &Symbols,
    src: &Source<'_>,
) -> Result<ForeignType> {
    let name = names::exported(src.rust_name);
    let canonical = types::canonical(&src.ty)?;
    let namespace = ci.namespace();
    let mut methods = Vec::new();
    for m in &src.methods {
        methods.push(interface_method(src.rust_name, &name, m)?);
    }
    let go_impl = match &src.vtable {
        Some((vtable_struct, init_ffi)) => {
            let mut exports = Vec::new();
            for m in &src.methods {
                exports.push(
                    exported_method(ci, usage, sym, namespace, &name, m)
                        .with_context(|| format!("method `{}`", m.name()))?,
                );
            }
            Some(GoImpl {
                handles: format!("uniffiHandles{name}"),
                free_export: names::go_export(namespace, &format!("{name}Free")),
                clone_export: names::go_export(namespace, &format!("{name}Clone")),
                init_helper: format!(
                    "uniffi_go_{namespace}_init_{}",
                    src.rust_name.to_snake_case()
                ),
                vtable_type: format!("Uniffi{vtable_struct}"),
                init_ffi: init_ffi.clone(),
                exports,
            })
        }
        None => None,
    };
    let rust_name = src.rust_name;
    let intro = match (&src.ty, go_impl.is_some(), &src.rust_impl) {
        (Type::CallbackInterface { .. }, _, _) => {
            format!("is the Rust callback interface {rust_name}, implemented in Go.")
        }
        (_, true, Some(rust_impl)) => {
            format!("is the Rust trait {rust_name}, implemented in Go or by [{rust_impl}].")
        }
        (_, true, None) => format!("is the Rust trait {rust_name}, implemented in Go."),
        (_, false, Some(rust_impl)) => {
            format!("is the Rust trait {rust_name}, implemented by [{rust_impl}].")
        }
        (_, false, None) => format!("is the Rust trait {rust_name}."),
    };
    Ok(ForeignType {
        doc: docs::item_lines(
            &docs::Item::new(&name, rust_name, intro).owner(rust_name),
            src.docstring,
        ),
        // Known once every callable is bound: `render` sets them.
        lowered: false,
        lifted: false,
        rust_impl: src.rust_impl.clone(),
        name,
        canonical,
        methods,
        go_impl,
    })
}

/// A method line of the Go interface.
fn interface_method(rust_iface: &str, iface: &str, m: &Method) -> Result<InterfaceMethod> {
    let go_name = names::exported(m.name());
    let args: Vec<(String, String)> = m
        .arguments()
        .iter()
        .map(|a| (a.name().to_string(), names::local(a.name())))
        .collect();
    Ok(InterfaceMethod {
        doc: docs::item_lines(
            &docs::Item::new(
                &go_name,
                m.name(),
                format!("is the Rust method {} of [{iface}].", m.name()),
            )
            .owner(rust_iface)
            .args(&args),
            m.docstring(),
        ),
        signature: format!("{}({}) {}", go_name, params(m)?, results(m)?),
    })
}

fn params(m: &Method) -> Result<String> {
    let mut out = Vec::new();
    if m.is_async() {
        out.push("ctx context.Context".to_string());
    }
    for arg in m.arguments() {
        out.push(format!(
            "{} {}",
            names::local(arg.name()),
            types::go_type(&arg.as_type())?
        ));
    }
    Ok(out.join(", "))
}

/// Async methods always return an error: Rust may drop the call, and Go reports it.
fn results(m: &Method) -> Result<String> {
    result_list(m.return_type(), m.throws() || m.is_async())
}

/// The exported Go function Rust calls (through a C trampoline) for one method.
fn exported_method(
    ci: &ComponentInterface,
    usage: &mut Usage,
    sym: &Symbols,
    namespace: &str,
    iface: &str,
    m: &Method,
) -> Result<ExportedMethod> {
    let method = names::exported(m.name());
    let export_name = names::go_export(namespace, &format!("{iface}{method}"));
    // The C trampoline Rust calls: `uniffi_go_<namespace>_<interface>_<method>`.
    let trampoline_name = format!(
        "uniffi_go_{namespace}_{}_{}",
        iface.to_snake_case(),
        m.name().to_snake_case()
    );
    let mut go_params = vec!["handle C.uint64_t".to_string()];
    let mut export_c = vec!["uint64_t handle".to_string()];
    let mut c_params = vec!["uint64_t uniffi_handle".to_string()];
    let mut c_args = vec!["uniffi_handle".to_string()];
    let mut lifts = Vec::new();
    let mut call_args = Vec::new();
    if m.is_async() {
        call_args.push("ctx".to_string());
    }
    for (i, arg) in m.arguments().iter().enumerate() {
        let ty = arg.as_type();
        if matches!(ty, Type::CallbackInterface { .. }) {
            bail!("a callback interface argument of a callback method cannot cross from Rust");
        }
        let ffi = FfiType::from(&ty);
        let c = types::c_type(&ffi);
        go_params.push(format!("a{i} C.{c}"));
        export_c.push(format!("{c} a{i}"));
        c_params.push(format!("{c} a{i}"));
        c_args.push(if matches!(ffi, FfiType::RustBuffer(_)) {
            // An empty Vec may carry a dangling pointer Go must never hold.
            format!("uniffi_go_{namespace}_sanitize(a{i})")
        } else {
            format!("a{i}")
        });
        let mut local = names::local(arg.name());
        if types::is_package_name(&local) {
            local.push('_');
        }
        if sym.lift_can_fail(&ty) {
            // A value Go cannot hold (a duration beyond its range, a failed custom conversion)
            // fails the callback with Rust's unexpected-error status.
            let value = match types::configured_custom(&ty) {
                Some((custom, _, builtin)) if types::crossing(builtin)? != Crossing::Buffer => {
                    format!(
                        "uniffiCustomLift{custom}({})",
                        lift_expr(builtin, &format!("a{i}"))?
                    )
                }
                _ => format!("uniffiLift{}(a{i})", types::canonical(&ty)?),
            };
            lifts.push(format!(
                "{local}, liftErr{i} := {value}\nif liftErr{i} != nil {{\nreturn liftErr{i}\n}}"
            ));
        } else {
            lifts.push(format!("{local} := {}", lift_expr(&ty, &format!("a{i}"))?));
        }
        call_args.push(local);
        usage.lift_callback_arg(ci, &ty)?;
    }

    let ret = m.return_type();
    let ret_ffi = ret.map(FfiType::from);
    let lowering = match ret {
        Some(ty) => {
            usage.lower_owned(ci, ty)?;
            Some(lower_owned(ty, sym)?)
        }
        None => None,
    };
    let lower_error = match m.throws_type() {
        Some(err @ Type::Enum { .. }) => {
            usage.lower_arg(ci, err)?;
            let canonical = types::canonical(err)?;
            usage
                .callback_errors
                .insert(canonical.clone(), types::go_type(err)?);
            format!("uniffiLowerCallbackError{canonical}")
        }
        Some(other) => bail!(
            "{} as an error of a callback method is not supported by the Go generator yet",
            types::describe(other)
        ),
        None => "nil".to_string(),
    };

    let returns_error = m.throws() || m.is_async();
    let call = format!(
        "uniffiHandles{iface}.get(uint64(handle)).{method}({})",
        call_args.join(", ")
    );
    let call = match (ret.is_some(), returns_error) {
        (true, true) => format!("ret, err := {call}\nif err != nil {{\nreturn err\n}}"),
        (true, false) => format!("ret := {call}"),
        (false, true) => format!("if err := {call}; err != nil {{\nreturn err\n}}"),
        (false, false) => call,
    };

    // After the call: lower the result, and for sync methods store it through the out pointer.
    let mut finish = Vec::new();
    if let Some(l) = &lowering {
        finish.extend(l.prep.iter().cloned());
        if m.is_async() {
            finish.push(format!("lowered = {}", l.expr));
        } else {
            finish.push(format!("lowered := {}", l.expr));
            finish.push(if l.is_bytes {
                "uniffiFillBuffer(out, lowered)".to_string()
            } else {
                "*out = lowered".to_string()
            });
        }
    }
    // The C arguments carrying the value to a completion: the lowered value, or a zero one.
    let (value_args, zero_args) = match &lowering {
        Some(l) if l.is_bytes => (
            "uniffiBytesData(lowered), C.int32_t(len(lowered)), ",
            "nil, 0, ",
        ),
        Some(_) => ("lowered, ", "0, "),
        None => ("", ""),
    };

    let (trampoline, complete) = if m.is_async() {
        let suffix = FfiType::return_type_name(ret_ffi.as_ref());
        let camel = suffix.to_upper_camel_case();
        let complete_type = format!("UniffiForeignFutureComplete{camel}");
        go_params.push(format!("complete C.{complete_type}"));
        go_params.push("data C.uint64_t".to_string());
        export_c.push(format!("{complete_type} complete"));
        export_c.push("uint64_t data".to_string());
        c_params.push(format!("{complete_type} uniffi_future_callback"));
        c_params.push("uint64_t uniffi_callback_data".to_string());
        c_params.push(
            "UniffiForeignFutureDroppedCallbackStruct *uniffi_out_dropped_callback".to_string(),
        );
        c_args.push("uniffi_future_callback".to_string());
        c_args.push("uniffi_callback_data".to_string());
        let helper = CompleteHelper {
            name: format!("uniffi_go_{namespace}_complete_{suffix}"),
            result_type: format!("UniffiForeignFutureResult{camel}"),
            complete_type,
            value_param: ret_ffi.as_ref().map(|f| match f {
                FfiType::RustBuffer(_) => "const uint8_t *value, int32_t value_len".to_string(),
                other => format!("{} value", types::c_type(other)),
            }),
            value_is_buffer: matches!(ret_ffi, Some(FfiType::RustBuffer(_))),
        };
        (
            Trampoline {
                name: trampoline_name.clone(),
                params: c_params.join(", "),
                export_name: export_name.clone(),
                export_args: c_args.join(", "),
                is_async: true,
            },
            Some(helper),
        )
    } else {
        if let Some(f) = &ret_ffi {
            let c = types::c_type(f);
            go_params.push(format!("out *C.{c}"));
            export_c.push(format!("{c} *out"));
            c_params.push(format!("{c} *uniffi_out_return"));
            c_args.push("uniffi_out_return".to_string());
        } else {
            c_params.push("void *uniffi_out_return".to_string());
        }
        go_params.push("status *C.RustCallStatus".to_string());
        export_c.push("RustCallStatus *status".to_string());
        c_params.push("RustCallStatus *uniffi_out_status".to_string());
        c_args.push("uniffi_out_status".to_string());
        (
            Trampoline {
                name: trampoline_name.clone(),
                params: c_params.join(", "),
                export_name: export_name.clone(),
                export_args: c_args.join(", "),
                is_async: false,
            },
            None,
        )
    };

    let complete_call = complete.as_ref().map(|h| {
        format!(
            "C.{}(complete, data, {value_args}C.int8_t(code), uniffiBytesData(errBuf), C.int32_t(len(errBuf)))",
            h.name
        )
    });
    let abandon_call = complete
        .as_ref()
        .map(|h| format!("C.{}(complete, data, {zero_args}2, nil, 0)", h.name));

    Ok(ExportedMethod {
        extern_decl: format!(
            "extern {} {export_name}({});",
            if m.is_async() { "uint64_t" } else { "void" },
            export_c.join(", ")
        ),
        export_name,
        params: go_params.join(", "),
        is_async: m.is_async(),
        lifts,
        call,
        returns_value: ret.is_some(),
        value_type: lowering
            .as_ref()
            .map(|l| l.value_type.clone())
            .unwrap_or_default(),
        finish,
        lower_error,
        complete_call,
        abandon_call,
        release: lowering.as_ref().and_then(|l| l.release.clone()),
        trampoline,
        complete,
        converts_bools: ret.is_some_and(|t| types::crossing(t).is_ok_and(|c| c == Crossing::Bool)),
        returns_buffer: lowering.as_ref().is_some_and(|l| l.is_bytes),
        returns_string: ret
            .is_some_and(|t| types::crossing(t).is_ok_and(|c| c == Crossing::String)),
        lifts_strings: m
            .arguments()
            .iter()
            .any(|a| types::crossing(&a.as_type()).is_ok_and(|c| c == Crossing::String)),
    })
}

/// How a Go callback's result becomes a value Rust owns.
struct Lowering {
    /// Statements before the value exists; a failure panics, which reports an unexpected error.
    prep: Vec<String>,
    expr: String,
    /// The Go type of the lowered value.
    value_type: String,
    /// The value is bytes to copy into a Rust buffer.
    is_bytes: bool,
    /// Releases a lowered handle that Rust no longer waits for.
    release: Option<String>,
}

fn lower_owned(ty: &Type, sym: &Symbols) -> Result<Lowering> {
    if let Some((custom, config, builtin)) = types::configured_custom(ty) {
        if types::crossing(builtin)? != Crossing::Buffer {
            // Converted to the wrapped type first, which then crosses as usual.
            let convert = if config.lower_returns_error {
                format!("retConv, err := uniffiCustomLower{custom}(ret)\nif err != nil {{\npanic(err)\n}}")
            } else {
                format!("retConv := uniffiCustomLower{custom}(ret)")
            };
            let mut lowering = lower_owned(builtin, sym)?;
            lowering.expr = lowering.expr.replace("(ret)", "(retConv)");
            lowering.prep = lowering
                .prep
                .iter()
                .map(|p| p.replace("(ret)", "(retConv)"))
                .collect();
            lowering.prep.insert(0, convert);
            return Ok(lowering);
        }
    }
    let plain = |expr: String, value_type: String| Lowering {
        prep: Vec::new(),
        expr,
        value_type,
        is_bytes: false,
        release: None,
    };
    Ok(match types::crossing(ty)? {
        Crossing::Scalar { c_type } => plain(format!("C.{c_type}(ret)"), format!("C.{c_type}")),
        Crossing::Bool => plain("uniffiCBool(ret)".into(), "C.int8_t".into()),
        Crossing::String => Lowering {
            is_bytes: true,
            ..plain("uniffiStringBytes(ret)".into(), "[]byte".into())
        },
        Crossing::Buffer => {
            let canonical = types::canonical(ty)?;
            if sym.lowers_objects(&canonical) {
                Lowering {
                    prep: vec![format!(
                        "retBuf, err := uniffiLower{canonical}(ret)\nif err != nil {{\npanic(err)\n}}"
                    )],
                    is_bytes: true,
                    ..plain("retBuf".into(), "[]byte".into())
                }
            } else {
                Lowering {
                    // The length crosses as an i32; a larger value fails like a panic.
                    prep: vec![format!(
                        "retBuf := uniffiLower{canonical}(ret)\nif len(retBuf) > uniffiMaxBufferLen {{\npanic(uniffiTooLarge(\"the value a Go callback returned\", len(retBuf)))\n}}"
                    )],
                    is_bytes: true,
                    ..plain("retBuf".into(), "[]byte".into())
                }
            }
        }
        Crossing::Object { go_name } => Lowering {
            prep: vec!["h, err := ret.uniffiCloneHandle()\nif err != nil {\npanic(err)\n}".into()],
            release: Some(format!("uniffiFree{go_name}Handle(uint64(lowered))")),
            ..plain("C.uint64_t(h)".into(), "C.uint64_t".into())
        },
        Crossing::Foreign { canonical } => Lowering {
            prep: vec![format!(
                "h, err := uniffiLower{canonical}(ret)\nif err != nil {{\npanic(err)\n}}"
            )],
            release: Some(format!("uniffiRelease{canonical}(uint64(lowered))")),
            ..plain("C.uint64_t(h)".into(), "C.uint64_t".into())
        },
    })
}
