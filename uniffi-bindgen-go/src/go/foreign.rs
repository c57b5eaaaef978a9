//! Trait interfaces and callback interfaces: Go interfaces that Rust calls back into.
//!
//! Go implementations live in a handle map (odd handles, as uniffi requires for foreign
//! handles). Rust calls them through a vtable of C trampolines that forward to exported Go
//! functions. Async methods are host calls: the Go method runs in its own goroutine and answers
//! later through uniffi's completion callback, tracked by callId.

use anyhow::{bail, Context, Result};
use heck::{ToSnakeCase, ToUpperCamelCase};
use uniffi_bindgen::interface::{Argument, AsType, FfiType, Method, Object, Type};

use super::callables::{lift_expr, remote_lift_expr, result_list};
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
                remote_init: super::ffi::remote_function_const(init_ffi),
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
        shared: false,
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
    let mut b = ExportBuilder::new(cx, namespace, iface, m);
    for (i, arg) in m.arguments().iter().enumerate() {
        b.argument(usage, i, arg)?;
    }
    let lowering = b.result(usage)?;
    let lower_error = b.error_lowering(usage)?;
    let complete = if m.is_async() {
        Some(b.async_completion())
    } else {
        b.sync_outputs();
        None
    };
    b.finish(lowering, lower_error, complete)
}

/// What one exported Go method and its C trampoline are made of, gathered step by step: the C
/// parameters Rust passes, the Go parameters they arrive as, and the lifted arguments.
struct ExportBuilder<'a> {
    cx: &'a PackageContext<'a>,
    namespace: &'a str,
    iface: &'a str,
    m: &'a Method,
    /// Parameters of the exported Go function.
    go_params: Vec<String>,
    /// The same parameters in C, for its `extern` declaration.
    export_c: Vec<String>,
    /// Parameters of the trampoline (uniffi's vtable signature) and what it passes on.
    c_params: Vec<String>,
    c_args: Vec<String>,
    lifts: Vec<ArgLift>,
    call_args: Vec<String>,
    remote_args: Vec<(String, String)>,
}

impl<'a> ExportBuilder<'a> {
    fn new(cx: &'a PackageContext<'a>, namespace: &'a str, iface: &'a str, m: &'a Method) -> Self {
        Self {
            cx,
            namespace,
            iface,
            m,
            go_params: vec!["handle C.uint64_t".to_string()],
            export_c: vec!["uint64_t handle".to_string()],
            c_params: vec!["uint64_t uniffi_handle".to_string()],
            c_args: vec!["uniffi_handle".to_string()],
            lifts: Vec::new(),
            remote_args: Vec::new(),
            call_args: if m.is_async() {
                vec!["ctx".to_string()]
            } else {
                Vec::new()
            },
        }
    }

    /// One argument: how it crosses C (`a<i>`), and how Go takes ownership of it.
    fn argument(&mut self, usage: &mut Usage, i: usize, arg: &Argument) -> Result<()> {
        let cx = self.cx;
        let ty = arg.as_type();
        if matches!(ty, Type::CallbackInterface { .. }) {
            bail!("a callback interface argument of a callback method cannot cross from Rust");
        }
        let ffi = FfiType::from(&ty);
        let c = types::c_type(&ffi);
        self.go_params.push(format!("a{i} C.{c}"));
        self.remote_args.push((
            format!("a{i}"),
            super::ffi::remote_value_type(Some(&ffi)).to_string(),
        ));
        self.export_c.push(format!("{c} a{i}"));
        self.c_params.push(format!("{c} a{i}"));
        self.c_args.push(if matches!(ffi, FfiType::RustBuffer(_)) {
            // An empty Vec may carry a dangling pointer Go must never hold.
            format!("uniffi_go_{}_sanitize(a{i})", self.namespace)
        } else {
            format!("a{i}")
        });
        let mut local = names::export_local(arg.name());
        if cx.types.is_package_name(&local) {
            local.push('_');
        }
        let arg_var = format!("a{i}");
        self.lifts.push(if cx.types.lift_can_fail(&ty) {
            // A value Go cannot hold (a duration beyond its range, a failed custom conversion)
            // fails the callback with Rust's unexpected-error status.
            let (value, remote_value) = match cx.types.configured_custom(&ty) {
                Some((custom, _, builtin)) if cx.types.crossing(builtin)? != Crossing::Buffer => (
                    format!(
                        "uniffiCustomLift{custom}({})",
                        lift_expr(cx, builtin, &arg_var)?
                    ),
                    format!(
                        "uniffiCustomLift{custom}({})",
                        remote_lift_expr(cx, builtin, &arg_var)?
                    ),
                ),
                _ => {
                    let canonical = cx.types.canonical(&ty)?;
                    (
                        format!("uniffiLift{canonical}({arg_var})"),
                        format!("uniffiLift{canonical}({arg_var}, r.conn)"),
                    )
                }
            };
            ArgLift {
                local: local.clone(),
                value,
                remote_value,
                error_var: Some(format!("liftErr{i}")),
            }
        } else {
            ArgLift {
                local: local.clone(),
                value: lift_expr(cx, &ty, &arg_var)?,
                remote_value: remote_lift_expr(cx, &ty, &arg_var)?,
                error_var: None,
            }
        });
        self.call_args.push(local);
        usage.lift_callback_arg(cx, &ty)
    }

    /// How the method's result becomes a value Rust owns.
    fn result(&self, usage: &mut Usage) -> Result<Option<ResultLowering>> {
        let Some(ty) = self.m.return_type() else {
            return Ok(None);
        };
        usage.lower_owned(self.cx, ty)?;
        lower_owned(self.cx, ty).map(Some)
    }

    /// The Go function lowering a declared error for Rust, or `nil`.
    fn error_lowering(&self, usage: &mut Usage) -> Result<String> {
        let cx = self.cx;
        Ok(match self.m.throws_type() {
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
        })
    }

    /// An async method answers later through uniffi's completion callback: the parameters
    /// carrying it, and the C helper that calls it.
    fn async_completion(&mut self) -> CompleteHelper {
        let ret_ffi = self.m.return_type().map(FfiType::from);
        let suffix = FfiType::return_type_name(ret_ffi.as_ref());
        let camel = suffix.to_upper_camel_case();
        let complete_type = format!("UniffiForeignFutureComplete{camel}");
        self.go_params.push(format!("complete C.{complete_type}"));
        self.go_params.push("data C.uint64_t".to_string());
        self.export_c.push(format!("{complete_type} complete"));
        self.export_c.push("uint64_t data".to_string());
        self.c_params
            .push(format!("{complete_type} uniffi_future_callback"));
        self.c_params
            .push("uint64_t uniffi_callback_data".to_string());
        self.c_params.push(
            "UniffiForeignFutureDroppedCallbackStruct *uniffi_out_dropped_callback".to_string(),
        );
        self.c_args.push("uniffi_future_callback".to_string());
        self.c_args.push("uniffi_callback_data".to_string());
        CompleteHelper {
            name: format!("uniffi_go_{}_complete_{suffix}", self.namespace),
            result_type: format!("UniffiForeignFutureResult{camel}"),
            complete_type,
            value_param: ret_ffi.as_ref().map(|f| match f {
                FfiType::RustBuffer(_) => "const uint8_t *value, int32_t value_len".to_string(),
                other => format!("{} value", types::c_type(other)),
            }),
            value_is_buffer: matches!(ret_ffi, Some(FfiType::RustBuffer(_))),
        }
    }

    /// A sync method answers through out-parameters: the return slot and the call status.
    fn sync_outputs(&mut self) {
        if let Some(f) = self.m.return_type().map(FfiType::from) {
            let c = types::c_type(&f);
            self.go_params.push(format!("out *C.{c}"));
            self.export_c.push(format!("{c} *out"));
            self.c_params.push(format!("{c} *uniffi_out_return"));
            self.c_args.push("uniffi_out_return".to_string());
        } else {
            self.c_params.push("void *uniffi_out_return".to_string());
        }
        self.go_params.push("status *C.RustCallStatus".to_string());
        self.export_c.push("RustCallStatus *status".to_string());
        self.c_params
            .push("RustCallStatus *uniffi_out_status".to_string());
        self.c_args.push("uniffi_out_status".to_string());
    }

    fn finish(
        self,
        lowering: Option<ResultLowering>,
        lower_error: String,
        complete: Option<CompleteHelper>,
    ) -> Result<ExportedMethod> {
        let (cx, m, iface, namespace) = (self.cx, self.m, self.iface, self.namespace);
        let method = names::exported(m.name());
        let export_name = names::go_export(namespace, &format!("{iface}{method}"));
        let ret = m.return_type();
        Ok(ExportedMethod {
            remote_args: self.remote_args,
            export_c_params: self.export_c.join(", "),
            params: self.go_params.join(", "),
            is_async: m.is_async(),
            lifts: self.lifts,
            // A sync method runs while Rust waits in the call, holding the handle; an async one
            // runs on a goroutine of its own, while Rust may free the handle.
            call: format!(
                "uniffiHandles{iface}.{}(uint64(handle)).{method}({})",
                if m.is_async() { "getLocked" } else { "get" },
                self.call_args.join(", ")
            ),
            returns_error: m.throws() || m.is_async(),
            returns_value: ret.is_some(),
            value_type: lowering
                .as_ref()
                .map(|l| l.value_type.clone())
                .unwrap_or_default(),
            lower_error,
            release_fn: lowering.as_ref().and_then(|l| l.release_fn.clone()),
            returns_buffer: lowering.as_ref().is_some_and(|l| l.is_bytes),
            lowering,
            trampoline: Trampoline {
                // The C function Rust calls: `uniffi_go_<namespace>_<interface>_<method>`.
                name: format!(
                    "uniffi_go_{namespace}_{}_{}",
                    iface.to_snake_case(),
                    m.name().to_snake_case()
                ),
                params: self.c_params.join(", "),
                export_name: export_name.clone(),
                export_args: self.c_args.join(", "),
                is_async: m.is_async(),
            },
            export_name,
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
}

/// How the result `ret` of a Go callback becomes `lowered`, a value Rust owns.
fn lower_owned(cx: &PackageContext<'_>, ty: &Type) -> Result<ResultLowering> {
    if let Some((custom, config, builtin)) = cx.types.configured_custom(ty) {
        if cx.types.crossing(builtin)? != Crossing::Buffer {
            // Converted to the wrapped type first, which then crosses as usual.
            let mut lowering = lower_value(cx, builtin, "retConv")?;
            lowering.custom = Some(CustomLowering {
                custom,
                fallible: config.lower_returns_error,
            });
            return Ok(lowering);
        }
    }
    lower_value(cx, ty, "ret")
}

/// How the Go value `var` of `ty` becomes `lowered`, in each transport: a C value for cgo, the
/// Go value of the FFI type for the remote transport.
fn lower_value(cx: &PackageContext<'_>, ty: &Type, var: &str) -> Result<ResultLowering> {
    let remote_value_type = super::ffi::remote_value_type(Some(&FfiType::from(ty))).to_string();
    let lowering =
        |kind: LoweringKind, expr: String, value_type: &str, remote_expr: String| ResultLowering {
            custom: None,
            value: var.to_string(),
            kind,
            expr,
            value_type: value_type.to_string(),
            remote_expr,
            remote_value_type: remote_value_type.clone(),
            is_bytes: false,
            release_fn: None,
        };
    Ok(match cx.types.crossing(ty)? {
        Crossing::Scalar { c_type } => lowering(
            LoweringKind::Direct,
            format!("C.{c_type}({var})"),
            &format!("C.{c_type}"),
            format!("{remote_value_type}({var})"),
        ),
        Crossing::Bool => lowering(
            LoweringKind::Direct,
            format!("uniffiCBool({var})"),
            "C.int8_t",
            format!("uniffiCBool({var})"),
        ),
        Crossing::String => ResultLowering {
            is_bytes: true,
            ..lowering(
                LoweringKind::Direct,
                format!("uniffiStringBytes({var})"),
                "[]byte",
                format!("uniffiStringBytes({var})"),
            )
        },
        Crossing::Buffer => ResultLowering {
            is_bytes: true,
            ..lowering(
                LoweringKind::Buffer {
                    canonical: cx.types.canonical(ty)?,
                    // A fallible lowering checks the size itself.
                    fallible: cx.types.lower_can_fail(ty),
                },
                "retBuf".to_string(),
                "[]byte",
                "retBuf".to_string(),
            )
        },
        Crossing::Object { go_name } => ResultLowering {
            release_fn: Some(format!("uniffiFree{go_name}Handle")),
            ..lowering(
                LoweringKind::ObjectHandle,
                "C.uint64_t(h)".to_string(),
                "C.uint64_t",
                "uniffiHandle(h)".to_string(),
            )
        },
        Crossing::Foreign { canonical } => ResultLowering {
            release_fn: Some(format!("uniffiRelease{canonical}")),
            ..lowering(
                LoweringKind::ForeignHandle { canonical },
                "C.uint64_t(h)".to_string(),
                "C.uint64_t",
                "uniffiHandle(h)".to_string(),
            )
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::go::with_test_context;

    const UDL: &str = r#"
        namespace demo {};
        [Error]
        enum Oops { "Bad" };
        dictionary Item { string name; };
        callback interface Listener {
            [Throws=Oops]
            string on_item(Item item, string note, boolean urgent);
            void ping();
        };
        [Trait, WithForeign]
        interface Host {
            [Async]
            Counter make(u32 start);
        };
        interface Counter {
            constructor();
        };
    "#;

    fn export(
        cx: &PackageContext<'_>,
        usage: &mut Usage,
        iface: &str,
        method: &str,
    ) -> ExportedMethod {
        let methods = cx
            .ci
            .callback_interface_definitions()
            .iter()
            .find(|c| c.name() == iface)
            .map(|c| c.methods())
            .or_else(|| cx.ci.get_object_definition(iface).map(|o| o.methods()))
            .unwrap();
        let m = methods.into_iter().find(|m| m.name() == method).unwrap();
        exported_method(cx, usage, "demo", iface, m).unwrap()
    }

    #[test]
    fn a_sync_method_lifts_each_argument_and_answers_through_out_parameters() {
        with_test_context(UDL, |cx| {
            let mut usage = Usage::default();
            let m = export(cx, &mut usage, "Listener", "on_item");
            assert_eq!(m.export_name, "uniffiGoDemoListenerOnItem");
            assert_eq!(
                m.params,
                "handle C.uint64_t, a0 C.RustBuffer, a1 C.RustBuffer, a2 C.int8_t, out *C.RustBuffer, status *C.RustCallStatus"
            );
            let locals: Vec<&str> = m.lifts.iter().map(|l| l.local.as_str()).collect();
            assert_eq!(locals, ["item", "note", "urgent"]);
            assert_eq!(
                m.call,
                "uniffiHandlesListener.get(uint64(handle)).OnItem(item, note, urgent)"
            );
            assert!(m.returns_error && m.returns_value && m.returns_string);
            assert_eq!(m.lower_error, "uniffiLowerCallbackErrorEnumOops");
            assert!(usage.callback_errors.contains_key("EnumOops"));
            // Buffers Rust passes are sanitized before Go sees them; the trampoline has uniffi's
            // vtable signature.
            assert_eq!(m.trampoline.name, "uniffi_go_demo_listener_on_item");
            assert!(m
                .trampoline
                .export_args
                .starts_with("uniffi_handle, uniffi_go_demo_sanitize(a0)"));
            assert!(m
                .trampoline
                .params
                .ends_with("RustCallStatus *uniffi_out_status"));
            assert!(m.complete.is_none() && !m.is_async);
        });
    }

    #[test]
    fn a_method_without_result_still_gets_a_return_slot_in_c() {
        with_test_context(UDL, |cx| {
            let m = export(cx, &mut Usage::default(), "Listener", "ping");
            assert_eq!(m.params, "handle C.uint64_t, status *C.RustCallStatus");
            assert!(m.trampoline.params.contains("void *uniffi_out_return"));
            assert!(!m.returns_error && !m.returns_value);
            assert_eq!(m.lower_error, "nil");
        });
    }

    #[test]
    fn an_async_method_answers_through_a_completion_and_releases_unused_handles() {
        with_test_context(UDL, |cx| {
            let m = export(cx, &mut Usage::default(), "Host", "make");
            assert!(m.is_async && m.returns_error);
            assert!(m.call.ends_with(".Make(ctx, start)"), "{}", m.call);
            assert!(m
                .params
                .ends_with("complete C.UniffiForeignFutureCompleteU64, data C.uint64_t"));
            let complete = m.complete.as_ref().unwrap();
            assert_eq!(complete.name, "uniffi_go_demo_complete_u64");
            assert_eq!(complete.value_param.as_deref(), Some("uint64_t value"));
            // An object handle made for an answer Rust no longer waits for is freed.
            assert_eq!(m.release_fn.as_deref(), Some("uniffiFreeCounterHandle"));
        });
    }
}
