//! Records, enums, errors and objects: their Go declarations and converters.

use anyhow::{Context, Result};
use heck::ToSnakeCase;
use uniffi_bindgen::interface::{
    AsType, Enum, Field as UniffiField, Literal, Object as UniffiObject, Type,
};

use super::callables::{CallSpec, Receiver};
use super::converters::Usage;
use super::methods::{self, MethodReceiver};
use super::model::{
    column_pads, CHelper, Check, Converter, ConverterKind, CustomAlias, CustomConversion, DataEnum,
    DataVariant, ErrorText, ErrorType, Field, FlatEnum, FlatVariant, KeyValue, Object, Record,
};
use super::{bind, docs, ffi, names, types, PackageContext};

/// Where a struct's fields are declared: an error variant's struct also has `Error` and `Is`.
#[derive(Clone, Copy, PartialEq)]
enum FieldsOf {
    Value,
    Error,
}

/// A Go struct field, with how `v.<Field>` is read, written and sized.
fn field(
    cx: &PackageContext<'_>,
    f: &UniffiField,
    position: usize,
    (owner, of): (&str, FieldsOf),
) -> Result<Field> {
    let ty = f.as_type();
    // Tuple variants have unnamed fields: V1, V2, ... by position.
    let is_tuple = f.name().is_empty() || f.name().chars().all(|c| c.is_ascii_digit());
    let name = if is_tuple {
        format!("V{}", position + 1)
    } else {
        names::field(f.name(), of == FieldsOf::Error)
    };
    let value = format!("v.{name}");
    Ok(Field {
        doc: cx.links.plain_lines(f.docstring(), owner.split('.').next()),
        go_type: cx
            .types
            .go_type(&ty)
            .with_context(|| format!("field `{owner}.{}`", f.name()))?,
        read: cx.types.read_expr(&ty)?,
        write: cx.types.write_stmt(&ty, &value)?,
        size: cx.types.size_expr(&ty, &value)?,
        pad: " ".into(),
        is_handle: matches!(
            cx.types.resolve(&ty).as_ref(),
            Type::Object { .. } | Type::CallbackInterface { .. }
        ),
        rust_name: if is_tuple {
            String::new()
        } else {
            f.name().to_string()
        },
        name,
    })
}

fn fields(
    cx: &PackageContext<'_>,
    list: &[UniffiField],
    (owner, of): (&str, FieldsOf),
) -> Result<Vec<Field>> {
    let mut fields = list
        .iter()
        .enumerate()
        .map(|(i, f)| field(cx, f, i, (owner, of)))
        .collect::<Result<Vec<_>>>()?;
    // A field with a doc comment starts a new run of aligned fields.
    let cells: Vec<(&str, bool)> = fields
        .iter()
        .map(|f| (f.name.as_str(), !f.doc.is_empty()))
        .collect();
    let pads = column_pads(&cells);
    for (f, pad) in fields.iter_mut().zip(pads) {
        f.pad = pad;
    }
    Ok(fields)
}

fn variants(
    cx: &PackageContext<'_>,
    e: &Enum,
    go_name: &str,
    is_error: bool,
) -> Result<Vec<DataVariant>> {
    let of = if is_error {
        FieldsOf::Error
    } else {
        FieldsOf::Value
    };
    e.variants()
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let struct_name = format!("{go_name}{}", names::exported(v.name()));
            let fields = fields(cx, v.fields(), (&format!("{}.{}", e.name(), v.name()), of))?;
            let mut defaults = Vec::new();
            for (f, go) in v.fields().iter().zip(&fields) {
                if let Some(default) = f.default_value() {
                    let value =
                        super::defaults::go_expr(cx, &f.as_type(), default).with_context(|| {
                            format!("default of {}.{}.{}", e.name(), v.name(), f.name())
                        })?;
                    defaults.push((format!("{}:", go.name), value));
                }
            }
            Ok(DataVariant {
                defaults_partial: defaults.len() < fields.len(),
                defaults: KeyValue::aligned(defaults),
                unwrap: if is_error {
                    wrapped_error(cx, v.fields(), &fields)
                } else {
                    None
                },
                doc: cx.links.item_lines(
                    &docs::Item::new(
                        &struct_name,
                        v.name(),
                        format!("is the {} variant of [{go_name}].", v.name()),
                    )
                    .owner(e.name()),
                    v.docstring(),
                ),
                rust_name: v.name().to_string(),
                // uniffi numbers variants from 1 on the wire, whatever their Rust discriminants.
                index: i + 1,
                fields,
                error_text: String::new(),
                struct_name,
            })
        })
        .collect()
}

/// The Go field an error variant wraps, for its `Unwrap`: the thiserror convention of a field
/// named `source` or `error` (`#[source]`, `#[from]`) holding an error of the build.
fn wrapped_error(cx: &PackageContext<'_>, rust: &[UniffiField], go: &[Field]) -> Option<String> {
    rust.iter().zip(go).find_map(|(f, g)| {
        // A boxed source (`Box<ParseError>`, or a recursive one) is the error it holds.
        let ty = cx.types.resolve(&f.as_type()).into_owned();
        let is_error = match &ty {
            Type::Enum { name, .. } | Type::Object { name, .. } => {
                cx.types.owner(&ty).is_name_used_as_error(name)
            }
            _ => false,
        };
        (is_error && matches!(f.name(), "source" | "error")).then(|| g.name.clone())
    })
}

/// Discriminants a flat enum declares in Rust, as the Go constants' values.
pub(super) struct Discriminants {
    go_int: &'static str,
    values: Vec<String>,
}

/// The enum's own discriminants, or `None` when they are Rust's defaults (0, 1, 2, ...), which
/// Go numbers from 1 instead so that the zero value names no variant.
pub(super) fn discriminants(e: &Enum) -> Result<Option<Discriminants>> {
    let mut values = Vec::new();
    let mut implicit = true;
    for i in 0..e.variants().len() {
        let value = match e.variant_discr(i)? {
            Literal::UInt(v, ..) => {
                implicit &= v == i as u64;
                v.to_string()
            }
            Literal::Int(v, ..) => {
                implicit &= v == i as i64;
                v.to_string()
            }
            other => anyhow::bail!("enum `{}` has a discriminant {other:?}", e.name()),
        };
        values.push(value);
    }
    if implicit {
        return Ok(None);
    }
    let go_int = match e.variant_discr_type() {
        Some(Type::Int8) => "int8",
        Some(Type::UInt8) => "uint8",
        Some(Type::Int16) => "int16",
        Some(Type::UInt16) => "uint16",
        Some(Type::Int32) => "int32",
        Some(Type::UInt32) => "uint32",
        Some(Type::UInt64) => "uint64",
        _ => "int64",
    };
    Ok(Some(Discriminants { go_int, values }))
}

/// The Go constants of a flat enum in variant order, when they hold Rust's discriminants;
/// empty when they are 1, 2, ... like the wire's indexes.
fn flat_consts(e: &Enum, go_type: &str) -> Result<Vec<String>> {
    Ok(match discriminants(e)? {
        Some(_) => e
            .variants()
            .iter()
            .map(|v| format!("{go_type}{}", names::exported(v.name())))
            .collect(),
        None => Vec::new(),
    })
}

/// The words of a Rust name in lower case, as Go error strings write them: `EmptyJobName` ->
/// `empty job name`.
fn words(rust_name: &str) -> String {
    rust_name.to_snake_case().replace('_', " ")
}

/// What an error is called in its `Error` text, after the namespace: the words of its Rust name,
/// ending in "error" (`HostError` -> `host error`, `Account` -> `account error`).
fn error_words(rust_name: &str) -> String {
    let words = words(rust_name);
    if words == "error" || words.ends_with(" error") {
        words
    } else {
        format!("{words} error")
    }
}

/// The Go expression `Error` returns for a variant of an error enum, in Go's style for error
/// strings: lower case, no punctuation at the end, prefixed with the namespace, and the field
/// values after a colon (`timer: host error failed: reason="no network"`). Strings are quoted;
/// the fields of a tuple variant are not named.
fn variant_error_text(namespace: &str, error: &str, v: &DataVariant) -> String {
    let text = format!(
        "{namespace}: {} {}",
        error_words(error),
        words(&v.rust_name)
    );
    if v.fields.is_empty() {
        return format!("{text:?}");
    }
    let mut format = format!("{text}: ");
    let mut args = String::new();
    for (i, f) in v.fields.iter().enumerate() {
        if i > 0 {
            format.push_str(", ");
        }
        if !f.rust_name.is_empty() {
            format.push_str(&f.rust_name);
            format.push('=');
        }
        // An object shows its type: its Go value is a handle, different on every run.
        format.push_str(match (f.is_handle, f.go_type.as_str()) {
            (true, _) => "%T",
            (false, "string") => "%q",
            _ => "%v",
        });
        args.push_str(&format!(", e.{}", f.name));
    }
    format!("fmt.Sprintf({format:?}{args})")
}

/// The Go declarations of a component's records, enums and errors.
pub struct TypeDecls {
    pub records: Vec<Record>,
    pub flat_enums: Vec<FlatEnum>,
    pub data_enums: Vec<DataEnum>,
    pub errors: Vec<ErrorType>,
}

/// Go declarations of every record, enum and error of the component.
pub fn types(cx: &PackageContext<'_>) -> Result<TypeDecls> {
    let records = cx
        .ci
        .record_definitions()
        .iter()
        .map(|r| {
            let name = names::exported(r.name());
            let mut defaults = Vec::new();
            for f in r.fields() {
                if let Some(default) = f.default_value() {
                    defaults.push((
                        names::exported(f.name()),
                        super::defaults::go_expr(cx, &f.as_type(), default)
                            .with_context(|| format!("default of {}.{}", r.name(), f.name()))?,
                    ));
                }
            }
            Ok(Record {
                doc: cx.links.item_lines(
                    &docs::Item::new(&name, r.name(), format!("is the Rust record {}.", r.name()))
                        .owner(r.name()),
                    r.docstring(),
                ),
                fields: fields(cx, r.fields(), (r.name(), FieldsOf::Value))?,
                defaults_partial: defaults.len() < r.fields().len(),
                defaults: KeyValue::aligned(
                    defaults.into_iter().map(|(k, v)| (format!("{k}:"), v)),
                ),
                name,
            })
        })
        .collect::<Result<_>>()?;

    let mut flat_enums = Vec::new();
    let mut data_enums = Vec::new();
    let mut errors = Vec::new();
    for e in cx.ci.enum_definitions() {
        let name = names::exported(e.name());
        let is_error = cx.ci.is_name_used_as_error(e.name());
        if is_error {
            let mut variants = variants(cx, e, &name, true)?;
            for v in &mut variants {
                v.error_text = variant_error_text(cx.ci.namespace(), e.name(), v);
            }
            errors.push(ErrorType {
                doc: cx.links.item_lines(
                    &docs::Item::new(
                        &name,
                        e.name(),
                        format!(
                            "is the Rust error {}; match its variants with errors.As or errors.Is.",
                            e.name()
                        ),
                    )
                    .owner(e.name()),
                    e.docstring(),
                ),
                marker: format!("is{name}"),
                flat: e.is_flat(),
                rust_display: e
                    .uniffi_trait_methods()
                    .display_fmt
                    .is_some()
                    .then(|| methods::trait_call_name(&name, "Display", true)),
                variants,
                name,
            });
        } else if e.is_flat() {
            let discriminants = discriminants(e)?;
            flat_enums.push(FlatEnum {
                rust_values: discriminants.is_some(),
                underlying: discriminants
                    .as_ref()
                    .map_or("int32".to_string(), |d| d.go_int.to_string()),
                rust_display: e.uniffi_trait_methods().display_fmt.is_some(),
                doc: cx.links.item_lines(
                    &docs::Item::new(&name, e.name(), format!("is the Rust enum {}.", e.name()))
                        .owner(e.name()),
                    e.docstring(),
                ),
                variants: e
                    .variants()
                    .iter()
                    .enumerate()
                    .map(|(i, v)| {
                        let const_name = format!("{name}{}", names::exported(v.name()));
                        FlatVariant {
                            value: discriminants.as_ref().map(|d| d.values[i].clone()),
                            pad: " ".into(),
                            doc: cx.links.optional_item_lines(
                                &docs::Item::new(
                                    &const_name,
                                    v.name(),
                                    format!("is the {} variant of [{name}].", v.name()),
                                )
                                .owner(e.name()),
                                v.docstring(),
                            ),
                            rust_name: v.name().to_string(),
                            const_name,
                        }
                    })
                    .collect(),
                name,
            });
        } else {
            data_enums.push(DataEnum {
                doc: cx.links.item_lines(
                    &docs::Item::new(
                        &name,
                        e.name(),
                        format!(
                            "is the Rust enum {}, with one struct type per variant.",
                            e.name()
                        ),
                    )
                    .owner(e.name()),
                    e.docstring(),
                ),
                marker: format!("is{name}"),
                variants: variants(cx, e, &name, false)?,
                name,
            });
        }
    }
    for e in &mut flat_enums {
        // A constant with a doc comment starts a new run of aligned constants.
        let cells: Vec<(&str, bool)> = e
            .variants
            .iter()
            .map(|v| (v.const_name.as_str(), !v.doc.is_empty()))
            .collect();
        let pads = column_pads(&cells);
        for (v, pad) in e.variants.iter_mut().zip(pads) {
            v.pad = pad;
        }
    }
    Ok(TypeDecls {
        records,
        flat_enums,
        data_enums,
        errors,
    })
}

/// The Go object type, its constructors and methods, and their C helpers.
pub fn object(
    cx: &PackageContext<'_>,
    obj: &UniffiObject,
    usage: &mut Usage,
) -> Result<(Object, Vec<CHelper>)> {
    let sym_name = names::exported(obj.name());
    // A trait interface is a Go interface; the Rust implementations are this struct.
    let is_trait = obj.is_trait_interface();
    let name = if is_trait {
        format!("Rust{sym_name}")
    } else {
        sym_name.clone()
    };
    let object_type = Type::Object {
        module_path: cx.ci.crate_name().to_string(),
        name: obj.name().to_string(),
        imp: *obj.imp(),
    };
    let mut helpers = Vec::new();

    let mut constructors = Vec::new();
    for ctor in obj.constructors() {
        let spec = CallSpec {
            rust_name: ctor.name().to_string(),
            go_name: names::constructor(&name, ctor.name(), ctor.is_primary_constructor()),
            docstring: ctor.docstring(),
            doc_intro: format!(
                "creates a [{name}] with the Rust constructor {}.",
                ctor.name()
            ),
            doc_owner: Some(obj.name()),
            receiver: None,
            value_receiver: None,
            args: ctor.arguments(),
            return_type: Some(object_type.clone()),
            throws: ctor.throws_type().cloned(),
            ffi_func: ctor.ffi_func(),
            always_error: true,
            is_async: ctor.is_async(),
        };
        let (callable, helper) = bind(cx, usage, &spec)
            .with_context(|| format!("generating constructor `{}`", ctor.name()))?;
        constructors.push(callable);
        helpers.push(helper);
    }

    let methods_list = obj.methods();
    let receiver = methods::receiver_var(&name, methods_list.iter().copied());

    let mut methods = Vec::new();
    for method in methods_list {
        let spec = CallSpec {
            rust_name: method.name().to_string(),
            go_name: names::exported(method.name()),
            docstring: method.docstring(),
            doc_intro: format!("calls the Rust method {} of [{sym_name}].", method.name()),
            doc_owner: Some(obj.name()),
            receiver: Some(Receiver {
                var: receiver.clone(),
                object: sym_name.clone(),
                struct_name: name.clone(),
            }),
            value_receiver: None,
            args: method.arguments(),
            return_type: method.return_type().cloned(),
            throws: method.throws_type().cloned(),
            ffi_func: method.ffi_func(),
            // Trait methods keep the signature Go implementations of the trait have.
            always_error: !is_trait,
            is_async: method.is_async(),
        };
        let (callable, helper) = bind(cx, usage, &spec)
            .with_context(|| format!("generating method `{}`", method.name()))?;
        methods.push(callable);
        helpers.push(helper);
    }

    let traits = if is_trait {
        None
    } else {
        let on = MethodReceiver::Object(Receiver {
            var: receiver.clone(),
            object: sym_name.clone(),
            struct_name: name.clone(),
        });
        let (calls, wrappers) = methods::trait_methods(
            cx,
            usage,
            &mut helpers,
            (obj.name(), &on),
            &obj.uniffi_trait_methods(),
        )?;
        methods.extend(calls);
        wrappers
    };

    let doc = if is_trait {
        vec![
            format!(
                "{name} is a {sym_name} implemented in Rust. It is safe for concurrent use; call"
            ),
            "Close when done. Methods without an error result panic with ErrClosed after Close."
                .to_string(),
        ]
    } else {
        cx.links.item_lines(
            &docs::Item::new(
                &name,
                obj.name(),
                format!("is the Rust object {}.", obj.name()),
            )
            .owner(obj.name()),
            obj.docstring(),
        )
    };
    let object = Object {
        doc,
        receiver,
        free_fn: cx.sym.object_free_fn(&sym_name),
        free_helper: cx.sym.object_free_helper(&sym_name),
        // Passing a Rust trait object back to Rust always clones its handle.
        clone_helper: is_trait.then(|| cx.sym.object_clone_helper(&sym_name)),
        remote_free: ffi::remote_function_const(&cx.sym.object_free_ffi(&sym_name)),
        remote_clone: ffi::remote_function_const(&cx.sym.object_clone_ffi(&sym_name)),
        sym_name,
        constructors,
        error_name: format!("{}: {}", cx.ci.namespace(), error_words(obj.name())),
        error_text: cx
            .ci
            .is_name_used_as_error(obj.name())
            .then_some(match &traits {
                Some(t) if t.has("Display") => ErrorText::Display,
                Some(t) if t.has("Debug") => ErrorText::Debug,
                _ => ErrorText::Name,
            }),
        shared: false,
        methods,
        traits,
        name,
    };
    Ok((object, helpers))
}

/// Go aliases for the custom types without a configured conversion.
pub fn custom_aliases(cx: &PackageContext<'_>) -> Result<Vec<CustomAlias>> {
    cx.ci
        .iter_local_types()
        .filter_map(|ty| match ty {
            Type::Custom { name, builtin, .. } if cx.types.configured_custom(ty).is_none() => {
                Some((name, builtin))
            }
            _ => None,
        })
        .map(|(name, builtin)| {
            let go_name = names::exported(name);
            let target = cx.types.go_type(builtin)?;
            Ok(CustomAlias {
                doc: vec![format!(
                    "{go_name} is the Rust custom type {name}, which crosses as {target}."
                )],
                name: go_name,
                target,
            })
        })
        .collect()
}

/// The configured conversions of custom types, in the directions the package uses.
pub fn custom_conversions(cx: &PackageContext<'_>, usage: &Usage) -> Result<Vec<CustomConversion>> {
    usage
        .customs
        .values()
        .map(|(ty, dirs)| {
            let (name, config, builtin) = cx
                .types
                .configured_custom(ty)
                .context("custom type lost its configuration")?;
            let Type::Custom {
                name: rust_name, ..
            } = ty
            else {
                anyhow::bail!("not a custom type");
            };
            Ok(CustomConversion {
                rust_name: rust_name.clone(),
                go_type: config.type_name.clone(),
                builtin_go_type: cx.types.go_type(builtin)?,
                lift: dirs.read.then(|| config.lift.replace("{}", "b")),
                lower: dirs.write.then(|| config.lower.replace("{}", "v")),
                lift_returns_error: config.lift_returns_error,
                lower_returns_error: config.lower_returns_error,
                name,
            })
        })
        .collect()
}

/// Converters for every compound type, in the directions the package uses.
pub fn converters(cx: &PackageContext<'_>, usage: &Usage) -> Result<Vec<Converter>> {
    let mut out = Vec::new();
    for (canonical, (ty, dirs)) in &usage.in_buffer {
        if !cx.types.is_compound(ty) {
            continue;
        }
        let kind = converter_kind(cx, ty)?;
        out.push(Converter {
            canonical: canonical.clone(),
            go_type: cx.types.go_type(ty)?,
            read: dirs.read,
            write: dirs.write,
            lift_error: usage.thrown.contains(canonical),
            call_error: usage.thrown_sync.contains(canonical),
            kind,
            check: if usage.checked.contains(canonical) {
                Some(check(cx, ty)?)
            } else {
                None
            },
        });
    }
    Ok(out)
}

/// How the loop over a Go map names a key and a value: `key`/`value`, or the fields of a
/// `MapEntry` when Go cannot compare the keys (the map is then a slice of entries).
fn map_entry_vars(entries: bool) -> (&'static str, &'static str) {
    if entries {
        ("entry.Key", "entry.Value")
    } else {
        ("key", "value")
    }
}

/// The parts of a value of `ty` that `uniffiCheck<T>` looks at.
fn check(cx: &PackageContext<'_>, ty: &Type) -> Result<Check> {
    let check_of = |t: &Type, value: &str| cx.types.check_expr(t, value);
    Ok(match ty {
        Type::Optional { inner_type } => {
            let value = types::optional_inner_value(inner_type);
            Check::Optional {
                inner: check_of(inner_type, value)?.unwrap_or_else(|| "\"\"".into()),
            }
        }
        Type::Sequence { inner_type } | Type::Set { inner_type } => Check::Items {
            item: check_of(inner_type, "item")?.unwrap_or_else(|| "\"\"".into()),
            is_set: matches!(ty, Type::Set { .. }) && cx.types.is_comparable_key(inner_type),
        },
        Type::Map {
            key_type,
            value_type,
        } => {
            let entries = !cx.types.is_comparable_key(key_type);
            let (k, v) = map_entry_vars(entries);
            Check::Entries {
                entries,
                key: check_of(key_type, k)?,
                value: check_of(value_type, v)?,
            }
        }
        Type::Record { name, .. } => {
            let record = cx
                .types
                .owner(ty)
                .get_record_definition(name)
                .with_context(|| format!("record `{name}` is not defined"))?;
            let checks = fields(cx, record.fields(), (name, FieldsOf::Value))?
                .into_iter()
                .zip(record.fields())
                .filter_map(|(f, uf)| check_of(&uf.as_type(), &format!("v.{}", f.name)).transpose())
                .collect::<Result<_>>()?;
            Check::Fields { checks }
        }
        Type::Enum { name, .. } => {
            let owner = cx.types.owner(ty);
            let e = owner
                .get_enum_definition(name)
                .with_context(|| format!("enum `{name}` is not defined"))?;
            let go_type = cx.types.go_type(ty)?;
            if e.is_flat() && !owner.is_name_used_as_error(name) {
                Check::Range {
                    consts: flat_consts(e, &go_type)?,
                    name: go_type,
                    count: e.variants().len(),
                }
            } else {
                let mut list = Vec::new();
                let is_error = owner.is_name_used_as_error(name);
                // A flat error crosses as its variant index alone: nothing to check.
                for (v, uv) in variants(cx, e, &go_type, is_error)?
                    .into_iter()
                    .zip(e.variants())
                {
                    let mut checks = Vec::new();
                    for (f, uf) in v.fields.iter().zip(uv.fields()) {
                        if let Some(c) = check_of(&uf.as_type(), &format!("v.{}", f.name))? {
                            checks.push(c);
                        }
                    }
                    if !checks.is_empty() {
                        list.push((v.struct_name, checks));
                    }
                }
                Check::Variants {
                    go_type,
                    variants: list,
                }
            }
        }
        other => anyhow::bail!("{} has no check", types::describe(other)),
    })
}

fn converter_kind(cx: &PackageContext<'_>, ty: &Type) -> Result<ConverterKind> {
    Ok(match ty {
        Type::Optional { inner_type } => {
            let nilable_inner = types::is_nilable(inner_type);
            let value = types::optional_inner_value(inner_type);
            ConverterKind::Optional {
                read_inner: cx.types.read_expr(inner_type)?,
                write_inner: cx.types.write_stmt(inner_type, value)?,
                size_inner: cx.types.size_expr(inner_type, value)?,
                nilable_inner,
            }
        }
        Type::Sequence { inner_type } | Type::Set { inner_type } => {
            // A set of keys Go cannot compare is a slice.
            let is_set = matches!(ty, Type::Set { .. }) && cx.types.is_comparable_key(inner_type);
            // Set items are map keys: byte strings become strings.
            let item = if is_set {
                cx.types.map_key(inner_type)
            } else {
                inner_type.as_ref().clone()
            };
            ConverterKind::Collection {
                read_item: cx.types.read_expr(&item)?,
                write_item: cx.types.write_stmt(&item, "item")?,
                fixed_item_size: cx.types.fixed_size(&item),
                fixed_wire: if is_set {
                    None
                } else {
                    cx.types.fixed_wire(&item)
                },
                size_item: cx.types.size_expr(&item, "item")?,
                is_set,
            }
        }
        Type::Map {
            key_type,
            value_type,
        } => {
            let key = cx.types.map_key(key_type);
            let (key_fixed, value_fixed) =
                (cx.types.fixed_size(&key), cx.types.fixed_size(value_type));
            // Keys Go cannot compare make the map a slice of MapEntry values.
            let entries = !cx.types.is_comparable_key(key_type);
            let (key_var, value_var) = map_entry_vars(entries);
            ConverterKind::Map {
                entries,
                fixed_entry_size: key_fixed.zip(value_fixed).map(|(k, v)| k + v),
                size_range: match (entries, key_fixed, value_fixed) {
                    (true, _, _) => "_, entry",
                    (false, None, None) => "key, value",
                    (false, None, Some(_)) => "key",
                    (false, _, _) => "_, value",
                }
                .into(),
                read_key: cx.types.read_expr(&key)?,
                read_value: cx.types.read_expr(value_type)?,
                write_key: cx.types.write_stmt(&key, key_var)?,
                write_value: cx.types.write_stmt(value_type, value_var)?,
                size_entry: format!(
                    "{} + {}",
                    cx.types.size_expr(&key, key_var)?,
                    cx.types.size_expr(value_type, value_var)?
                ),
            }
        }
        Type::Record { name, .. } => {
            let record = cx
                .types
                .owner(ty)
                .get_record_definition(name)
                .with_context(|| format!("record `{name}` is not defined"))?;
            ConverterKind::Record {
                fields: fields(cx, record.fields(), (name, FieldsOf::Value))?,
            }
        }
        Type::Enum { name, .. } => {
            let owner = cx.types.owner(ty);
            let e = owner
                .get_enum_definition(name)
                .with_context(|| format!("enum `{name}` is not defined"))?;
            // Qualified with its package when the enum comes from another crate.
            let go_name = cx.types.go_type(ty)?;
            let is_error = owner.is_name_used_as_error(name);
            if is_error && e.is_flat() {
                ConverterKind::FlatError {
                    variants: variants(cx, e, &go_name, true)?,
                }
            } else if e.is_flat() && !is_error {
                ConverterKind::FlatEnum {
                    consts: flat_consts(e, &go_name)?,
                    name: go_name,
                    count: e.variants().len(),
                }
            } else {
                let variants = variants(cx, e, &go_name, is_error)?;
                ConverterKind::DataEnum {
                    binds_value: variants.iter().any(|v| !v.fields.is_empty()),
                    // Fixed sizes are numbers: the size switch needs the value only otherwise.
                    size_binds_value: variants
                        .iter()
                        .flat_map(|v| &v.fields)
                        .any(|f| f.size.parse::<usize>().is_err()),
                    variants,
                }
            }
        }
        ty if cx.types.is_foreign(ty) => ConverterKind::Foreign {
            canonical: cx.types.canonical(ty)?,
        },
        Type::Object { name, .. } => {
            let go_name = names::exported(name);
            ConverterKind::Object {
                constructor: format!("uniffiLiftObject{go_name}"),
                clone_method: "uniffiCloneHandle".into(),
                free_fn: format!("uniffiFree{go_name}Handle"),
            }
        }
        Type::Custom { builtin, .. } => {
            let Some((name, config, _)) = cx.types.configured_custom(ty) else {
                anyhow::bail!("{} has no Go converter", types::describe(ty));
            };
            ConverterKind::Custom {
                name,
                read_builtin: cx.types.read_expr(builtin)?,
                write_builtin: cx.types.write_stmt(builtin, "b")?,
                fixed_size: cx.types.fixed_size(builtin),
                size_builtin: cx.types.size_expr(builtin, "b")?,
                lift_returns_error: config.lift_returns_error,
                lower_returns_error: config.lower_returns_error,
            }
        }
        other => anyhow::bail!("{} has no Go converter", types::describe(other)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn variant(rust_name: &str, fields: &[(&str, &str, &str)]) -> DataVariant {
        DataVariant {
            doc: Vec::new(),
            struct_name: String::new(),
            rust_name: rust_name.into(),
            index: 1,
            fields: fields
                .iter()
                .map(|(rust, go, ty)| Field {
                    doc: Vec::new(),
                    name: go.to_string(),
                    pad: " ".into(),
                    is_handle: false,
                    rust_name: rust.to_string(),
                    go_type: ty.to_string(),
                    read: String::new(),
                    write: String::new(),
                    size: String::new(),
                })
                .collect(),
            unwrap: None,
            defaults: Vec::new(),
            defaults_partial: false,
            error_text: String::new(),
        }
    }

    #[test]
    fn error_texts_are_go_error_strings() {
        assert_eq!(
            variant_error_text("timer", "TimerError", &variant("EmptyJobName", &[])),
            r#""timer: timer error empty job name""#
        );
        assert_eq!(
            variant_error_text(
                "timer",
                "HostError",
                &variant("Failed", &[("reason", "Reason", "string")])
            ),
            r#"fmt.Sprintf("timer: host error failed: reason=%q", e.Reason)"#
        );
        assert_eq!(
            variant_error_text(
                "shop",
                "Oops",
                &variant(
                    "TooShort",
                    &[("min_len", "MinLen", "uint32"), ("got", "Got", "string")]
                )
            ),
            r#"fmt.Sprintf("shop: oops error too short: min_len=%v, got=%q", e.MinLen, e.Got)"#
        );
        // The fields of a tuple variant have no names to show.
        assert_eq!(
            variant_error_text(
                "shop",
                "ParseError",
                &variant("Bad", &[("", "V1", "int32"), ("", "V2", "string")])
            ),
            r#"fmt.Sprintf("shop: parse error bad: %v, %q", e.V1, e.V2)"#
        );
    }

    #[test]
    fn error_names_end_in_error() {
        assert_eq!(error_words("HostError"), "host error");
        assert_eq!(error_words("Account"), "account error");
        assert_eq!(error_words("Error"), "error");
        assert_eq!(error_words("HTTPError"), "http error");
    }
}
