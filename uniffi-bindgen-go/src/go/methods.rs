//! Methods of records and enums, and the Rust traits a type exports (Display, Debug, Eq, Hash,
//! Ord) as the Go methods `String`, `GoString`, `Equal`, `Hash` and `Compare`.

use anyhow::{Context, Result};
use uniffi_bindgen::interface::{Argument, Constructor, Method, Type, UniffiTraitMethods};

use super::callables::{CallSpec, Receiver, ValueReceiver};
use super::converters::Usage;
use super::model::{CHelper, Callable, TraitWrapper, TraitWrappers};
use super::{bind, names, PackageContext};

/// What a method is called on.
pub enum MethodReceiver {
    /// An object: cloned for the call, guarded against Close.
    Object(Receiver),
    /// A record or enum value, lowered like an argument.
    Value(ValueReceiver),
}

impl MethodReceiver {
    fn var(&self) -> &str {
        match self {
            MethodReceiver::Object(r) => &r.var,
            MethodReceiver::Value(v) => &v.var,
        }
    }

    /// The Go type of the receiver, which an Equal or Compare method takes as its argument.
    fn go_type(&self) -> String {
        match self {
            MethodReceiver::Object(r) => format!("*{}", r.struct_name),
            MethodReceiver::Value(v) => v.go_type.clone(),
        }
    }
}

/// Binds one Rust method of `type_name` under the Go name `go_name`.
pub fn bind_method(
    cx: &PackageContext<'_>,
    usage: &mut Usage,
    helpers: &mut Vec<CHelper>,
    (type_name, receiver): (&str, &MethodReceiver),
    method: &Method,
    go_name: String,
) -> Result<Callable> {
    // A value receiver is the method's first FFI argument.
    let full_args: Vec<Argument> = method.full_arguments();
    let (args, object_receiver, value_receiver) = match receiver {
        MethodReceiver::Object(r) => (method.arguments(), Some(r.clone()), None),
        MethodReceiver::Value(v) => (full_args.iter().collect(), None, Some(v.clone())),
    };
    let spec = CallSpec {
        rust_name: method.name().to_string(),
        go_name,
        docstring: method.docstring(),
        doc_intro: format!(
            "calls the Rust method {} of [{}].",
            method.name(),
            names::exported(type_name)
        ),
        doc_owner: Some(type_name),
        receiver: object_receiver,
        value_receiver,
        args,
        return_type: method.return_type().cloned(),
        throws: method.throws_type().cloned(),
        ffi_func: method.ffi_func(),
        always_error: true,
        is_async: method.is_async(),
    };
    let (callable, helper) = bind(cx, usage, &spec)
        .with_context(|| format!("generating method `{type_name}::{}`", method.name()))?;
    helpers.push(helper);
    Ok(callable)
}

/// The unexported Go call behind a Rust trait method (`raw`: `Display`, `Debug`, ...) of the Go
/// type `go_type_name`: a method `uniffiDisplay`, or, on an interface type, which cannot declare
/// methods, a function `uniffi<Type>Display`.
pub fn trait_call_name(go_type_name: &str, raw: &str, as_functions: bool) -> String {
    if as_functions {
        format!("uniffi{go_type_name}{raw}")
    } else {
        format!("uniffi{raw}")
    }
}

/// The unexported calls behind the trait methods of a type, and the exported wrappers over them.
pub fn trait_methods(
    cx: &PackageContext<'_>,
    usage: &mut Usage,
    helpers: &mut Vec<CHelper>,
    (type_name, receiver): (&str, &MethodReceiver),
    traits: &UniffiTraitMethods,
) -> Result<(Vec<Callable>, Option<TraitWrappers>)> {
    let as_functions = matches!(receiver, MethodReceiver::Value(v) if v.as_param);
    let go_type_name = names::exported(type_name);
    let recv = receiver.var();
    let go_type = receiver.go_type();
    let mut calls = Vec::new();
    let mut wrappers = Vec::new();
    for spec in TRAIT_SPECS {
        let Some(method) = (spec.method)(traits) else {
            continue;
        };
        let raw = trait_call_name(&go_type_name, spec.raw, as_functions);
        calls.push(bind_method(
            cx,
            usage,
            helpers,
            (type_name, receiver),
            method,
            raw.clone(),
        )?);
        let other = if spec.takes_other { ", other" } else { "" };
        let (go_name, receiver, params, call) = if as_functions {
            (
                format!("{go_type_name}{}", spec.go_name),
                None,
                format!("{recv}{other} {go_type}"),
                format!("{raw}({recv}{other})"),
            )
        } else {
            (
                spec.go_name.to_string(),
                Some((recv.to_string(), go_type.clone())),
                if spec.takes_other {
                    format!("other {go_type}")
                } else {
                    String::new()
                },
                format!("{recv}.{raw}({})", other.trim_start_matches(", ")),
            )
        };
        wrappers.push(TraitWrapper {
            doc: vec![
                format!("{go_name} {}", spec.doc.replace("{recv}", recv)),
                "It panics with the error if the call fails (a closed object, a Rust panic)."
                    .to_string(),
            ],
            rust_trait: spec.rust_trait,
            receiver,
            params,
            result_type: spec.result_type,
            call,
            local: spec.local,
            result: spec.result,
            go_name,
        });
    }
    Ok((
        calls,
        (!wrappers.is_empty()).then_some(TraitWrappers {
            type_name: go_type_name,
            as_functions,
            wrappers,
        }),
    ))
}

/// How one Rust trait a type exports becomes a Go method (or function).
struct TraitSpec {
    rust_trait: &'static str,
    method: fn(&UniffiTraitMethods) -> Option<&Method>,
    /// The exported Go method, and the suffix of the unexported call behind it.
    go_name: &'static str,
    raw: &'static str,
    /// Whether it compares the value with another of its type.
    takes_other: bool,
    result_type: &'static str,
    local: &'static str,
    result: &'static str,
    doc: &'static str,
}

const TRAIT_SPECS: [TraitSpec; 5] = [
    TraitSpec {
        rust_trait: "Display",
        method: |t| t.display_fmt.as_ref(),
        go_name: "String",
        raw: "Display",
        takes_other: false,
        result_type: "string",
        local: "text",
        result: "text",
        doc: "returns the text of the Rust Display implementation of {recv}.",
    },
    TraitSpec {
        rust_trait: "Debug",
        method: |t| t.debug_fmt.as_ref(),
        go_name: "GoString",
        raw: "Debug",
        takes_other: false,
        result_type: "string",
        local: "text",
        result: "text",
        doc: "returns the text of the Rust Debug implementation of {recv}.",
    },
    TraitSpec {
        rust_trait: "Eq",
        method: |t| t.eq_eq.as_ref(),
        go_name: "Equal",
        raw: "Eq",
        takes_other: true,
        result_type: "bool",
        local: "equal",
        result: "equal",
        doc: "reports whether Rust's PartialEq finds {recv} equal to other.",
    },
    TraitSpec {
        rust_trait: "Hash",
        method: |t| t.hash_hash.as_ref(),
        go_name: "Hash",
        raw: "Hash",
        takes_other: false,
        result_type: "uint64",
        local: "sum",
        result: "sum",
        doc: "returns the Rust Hash of {recv}.",
    },
    TraitSpec {
        rust_trait: "Ord",
        method: |t| t.ord_cmp.as_ref(),
        go_name: "Compare",
        raw: "Cmp",
        takes_other: true,
        result_type: "int",
        local: "order",
        result: "int(order)",
        doc: "orders {recv} and other as Rust's Ord does: -1 if {recv} is less, 0 if equal, +1 if greater.",
    },
];

/// A receiver variable for methods of `go_name`: its first letter, or its initials, unless an
/// argument or the generated code uses that name.
pub fn receiver_var<'a>(go_name: &str, methods: impl Iterator<Item = &'a Method>) -> String {
    let taken: Vec<String> = methods
        .flat_map(|m| m.arguments().into_iter().map(|a| names::local(a.name())))
        .chain(["r", "w"].map(String::from))
        .collect();
    let first: String = go_name.chars().take(1).collect::<String>().to_lowercase();
    let initials: String = go_name
        .chars()
        .filter(char::is_ascii_uppercase)
        .collect::<String>()
        .to_lowercase();
    [first, initials, "recv".to_string()]
        .into_iter()
        .find(|c| !c.is_empty() && !taken.contains(c) && names::local(c) == *c)
        .unwrap_or_else(|| "recv".into())
}

/// A record's or enum's constructors, methods and trait calls.
pub struct ValueTypeApi<'a> {
    pub rust_name: &'a str,
    pub go_type: Type,
    pub constructors: &'a [Constructor],
    pub methods: &'a [Method],
    pub traits: UniffiTraitMethods,
    /// The Go type is an interface (an enum with data, an error): no methods can be declared on it.
    pub is_interface: bool,
}

/// Binds everything callable on a record or enum: constructors become functions
/// (`New<Type>...`), methods take the value as their receiver.
pub fn value_type_methods(
    cx: &PackageContext<'_>,
    usage: &mut Usage,
    helpers: &mut Vec<CHelper>,
    api: ValueTypeApi<'_>,
) -> Result<(Vec<Callable>, Option<TraitWrappers>)> {
    let go_name = names::exported(api.rust_name);
    let mut calls = Vec::new();
    for ctor in api.constructors {
        let spec = CallSpec {
            rust_name: ctor.name().to_string(),
            go_name: names::constructor(&go_name, ctor.name(), ctor.is_primary_constructor()),
            docstring: ctor.docstring(),
            doc_intro: format!(
                "creates a [{go_name}] with the Rust constructor {}.",
                ctor.name()
            ),
            doc_owner: Some(api.rust_name),
            receiver: None,
            value_receiver: None,
            args: ctor.arguments(),
            return_type: Some(api.go_type.clone()),
            throws: ctor.throws_type().cloned(),
            ffi_func: ctor.ffi_func(),
            always_error: true,
            is_async: ctor.is_async(),
        };
        let (callable, helper) = bind(cx, usage, &spec).with_context(|| {
            format!(
                "generating constructor `{}::{}`",
                api.rust_name,
                ctor.name()
            )
        })?;
        helpers.push(helper);
        calls.push(callable);
    }
    let on = MethodReceiver::Value(ValueReceiver {
        var: receiver_var(&go_name, api.methods.iter()),
        go_type: cx.types.go_type(&api.go_type)?,
        as_param: api.is_interface,
    });
    // Functions for an interface's methods carry the type's name: `ShapeArea(s Shape)`.
    let prefix = if api.is_interface {
        go_name.as_str()
    } else {
        ""
    };
    for method in api.methods {
        calls.push(bind_method(
            cx,
            usage,
            helpers,
            (api.rust_name, &on),
            method,
            format!("{prefix}{}", names::exported(method.name())),
        )?);
    }
    let (trait_calls, wrappers) =
        trait_methods(cx, usage, helpers, (api.rust_name, &on), &api.traits)?;
    calls.extend(trait_calls);
    Ok((calls, wrappers))
}
