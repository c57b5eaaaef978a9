//! Trait interfaces and callback interfaces: Go interfaces that Rust calls back into.
//!
//! Go implementations live in a handle map (odd handles, as uniffi requires for foreign
//! handles). Rust calls them through a vtable of C trampolines that forward to exported Go
//! functions. Async methods are host calls: the Go method runs in its own goroutine and answers
//! later through uniffi's completion callback, tracked by callId.

use anyhow::{bail, Context, Result};
use heck::{ToSnakeCase, ToUpperCamelCase};
use uniffi_bindgen::interface::{AsType, FfiType, Method, Object, Type};

use super::callables::{lift_expr, result_list};
use super::converters::Usage;
use super::model::{
    ArgLift, CompleteHelper, CustomLowering, ExportedMethod, ForeignType, GoImpl, InterfaceMethod,
    LoweringKind, ResultLowering, Trampoline,
};
use super::types::{self, Crossing};
use super::{docs, names, PackageContext};

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
pub fn foreign_types(cx: &PackageContext<'_>, usage: &mut Usage) -> Result<Vec<ForeignType>> {
    let mut out = Vec::new();
    for cbi in cx.ci.callback_interface_definitions() {
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
            build(cx, usage, &source)
                .with_context(|| format!("generating callback interface `{}`", cbi.name()))?,
        );
    }
    for obj in cx.ci.object_definitions() {
        if !obj.is_trait_interface() {
            continue;
        }
        out.push(
            build(cx, usage, &trait_source(cx, obj)?)
                .with_context(|| format!("generating trait interface `{}`", obj.name()))?,
        );
    }
    Ok(out)
}

fn trait_source<'a>(cx: &PackageContext<'_>, obj: &'a Object) -> Result<Source<'a>> {
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
            module_path: cx.ci.crate_name().to_string(),
            name: obj.name().to_string(),
            imp: *obj.imp(),
        },
        methods: obj.methods(),
        rust_impl: types::has_rust_impl(obj.imp())
            .then(|| format!("Rust{}", names::exported(obj.name()))),
        vtable,
    })
}

fn build(cx: &PackageContext<'_>, usage: &mut Usage, src: &Source<'_>) -> Result<ForeignType> {
    let name = names::exported(src.rust_name);
    let canonical = cx.types.canonical(&src.ty)?;
    let namespace = cx.ci.namespace();
    let mut methods = Vec::new();
    for m in &src.methods {
        methods.push(interface_method(cx, src.rust_name, &name, m)?);
    }
    let go_impl = match &src.vtable {
        Some((vtable_struct, init_ffi)) => {
            let mut exports = Vec::new();
            for m in &src.methods {
                exports.push(
                    exported_method(cx, usage, namespace, &name, m)
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
        doc: cx.links.item_lines(
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
fn interface_method(
    cx: &PackageContext<'_>,
    rust_iface: &str,
    iface: &str,
    m: &Method,
) -> Result<InterfaceMethod> {
    let go_name = names::exported(m.name());
    let args: Vec<(String, String)> = m
        .arguments()
        .iter()
        .map(|a| (a.name().to_string(), names::local(a.name())))
        .collect();
    Ok(InterfaceMethod {
        doc: cx.links.item_lines(
            &docs::Item::new(
                &go_name,
                m.name(),
                format!("is the Rust method {} of [{iface}].", m.name()),
            )
            .owner(rust_iface)
            .args(&args),
            m.docstring(),
        ),
        signature: format!("{}({}) {}", go_name, params(cx, m)?, results(cx, m)?)
            .trim_end()
            .to_string(),
    })
}

fn params(cx: &PackageContext<'_>, m: &Method) -> Result<String> {
    let mut out = Vec::new();
    if m.is_async() {
        out.push("ctx context.Context".to_string());
    }
    for arg in m.arguments() {
        out.push(format!(
            "{} {}",
            names::local(arg.name()),
            cx.types.go_type(&arg.as_type())?
        ));
    }
    Ok(out.join(", "))
}

/// Async methods always return an error: Rust may drop the call, and Go reports it.
fn results(cx: &PackageContext<'_>, m: &Method) -> Result<String> {
    result_list(cx, m.return_type(), m.throws() || m.is_async())
}

/// The exported Go function Rust calls (through a C trampoline) for one method.
fn exported_method(
    cx: &PackageContext<'_>,
    usage: &mut Usage,
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
        if cx.types.is_package_name(&local) {
            local.push('_');
        }
        if cx.types.lift_can_fail(&ty) {
            // A value Go cannot hold (a duration beyond its range, a failed custom conversion)
            // fails the callback with Rust's unexpected-error status.
            let value = match cx.types.configured_custom(&ty) {
                Some((custom, _, builtin)) if cx.types.crossing(builtin)? != Crossing::Buffer => {
                    format!(
                        "uniffiCustomLift{custom}({})",
                        lift_expr(cx, builtin, &format!("a{i}"))?
                    )
                }
                _ => format!("uniffiLift{}(a{i})", cx.types.canonical(&ty)?),
            };
            lifts.push(ArgLift {
                local: local.clone(),
                value,
                error_var: Some(format!("liftErr{i}")),
            });
        } else {
            lifts.push(ArgLift {
                local: local.clone(),
                value: lift_expr(cx, &ty, &format!("a{i}"))?,
                error_var: None,
            });
        }
        call_args.push(local);
        usage.lift_callback_arg(cx, &ty)?;
    }

    let ret = m.return_type();
    let ret_ffi = ret.map(FfiType::from);
    let lowering = match ret {
        Some(ty) => {
            usage.lower_owned(cx, ty)?;
            Some(lower_owned(cx, ty)?)
        }
        None => None,
    };
    let lower_error = match m.throws_type() {
        Some(err @ Type::Enum { .. }) => {
            usage.lower_arg(cx, err)?;
            let canonical = cx.types.canonical(err)?;
            usage
                .callback_errors
                .insert(canonical.clone(), cx.types.go_type(err)?);
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
        returns_error,
        returns_value: ret.is_some(),
        value_type: lowering
            .as_ref()
            .map(|l| l.value_type.clone())
            .unwrap_or_default(),
        lower_error,
        complete_call,
        abandon_call,
        release: lowering.as_ref().and_then(|l| l.release.clone()),
        returns_buffer: lowering.as_ref().is_some_and(|l| l.is_bytes),
        lowering,
        trampoline,
        complete,
        converts_bools: ret
            .is_some_and(|t| cx.types.crossing(t).is_ok_and(|c| c == Crossing::Bool)),
        returns_string: ret
            .is_some_and(|t| cx.types.crossing(t).is_ok_and(|c| c == Crossing::String)),
        lifts_strings: m.arguments().iter().any(|a| {
            cx.types
                .crossing(&a.as_type())
                .is_ok_and(|c| c == Crossing::String)
        }),
    })
}

/// How the result `ret` of a Go callback becomes `lowered`, a value Rust owns.
fn lower_owned(cx: &PackageContext<'_>, ty: &Type) -> Result<ResultLowering> {
    if let Some((custom, config, builtin)) = cx.types.configured_custom(ty) {
        if cx.types.crossing(builtin)? != Crossing::Buffer {
            // Converted to the wrapped type first, which then crosses as usual.
            let mut lowering = lower_owned(cx, builtin)?;
            lowering.custom = Some(CustomLowering {
                custom,
                fallible: config.lower_returns_error,
            });
            lowering.value = "retConv".into();
            lowering.expr = lowering.expr.replace("(ret)", "(retConv)");
            return Ok(lowering);
        }
    }
    let lowering = |kind: LoweringKind, expr: &str, value_type: &str| ResultLowering {
        custom: None,
        value: "ret".into(),
        kind,
        expr: expr.to_string(),
        value_type: value_type.to_string(),
        is_bytes: false,
        release: None,
    };
    Ok(match cx.types.crossing(ty)? {
        Crossing::Scalar { c_type } => lowering(
            LoweringKind::Direct,
            &format!("C.{c_type}(ret)"),
            &format!("C.{c_type}"),
        ),
        Crossing::Bool => lowering(LoweringKind::Direct, "uniffiCBool(ret)", "C.int8_t"),
        Crossing::String => ResultLowering {
            is_bytes: true,
            ..lowering(LoweringKind::Direct, "uniffiStringBytes(ret)", "[]byte")
        },
        Crossing::Buffer => ResultLowering {
            is_bytes: true,
            ..lowering(
                LoweringKind::Buffer {
                    canonical: cx.types.canonical(ty)?,
                    // A fallible lowering checks the size itself.
                    fallible: cx.types.lower_can_fail(ty),
                },
                "retBuf",
                "[]byte",
            )
        },
        Crossing::Object { go_name } => ResultLowering {
            release: Some(format!("uniffiFree{go_name}Handle(uint64(lowered))")),
            ..lowering(LoweringKind::ObjectHandle, "C.uint64_t(h)", "C.uint64_t")
        },
        Crossing::Foreign { canonical } => ResultLowering {
            release: Some(format!("uniffiRelease{canonical}(uint64(lowered))")),
            ..lowering(
                LoweringKind::ForeignHandle { canonical },
                "C.uint64_t(h)",
                "C.uint64_t",
            )
        },
    })
}
