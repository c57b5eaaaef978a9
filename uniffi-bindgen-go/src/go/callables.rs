//! Functions, methods and constructors: the Go wrapper and the C helper that make one call.

use anyhow::{bail, Context, Result};
use uniffi_bindgen::interface::{Argument, AsType, FfiFunction, FfiType, Type};
use uniffi_bindgen::ComponentInterface;

use super::model::{CHelper, CPrep, CallNeeds, Callable, FutureCall, Guard, OptionsStruct};

/// A C-side preparation step: its declaration and how to undo it if a later step fails.
struct Prep {
    decl: String,
    release: String,
}
use super::types::{self, Crossing};
use super::{defaults, docs, ffi, names, Symbols};

/// The receiver of a method.
#[derive(Clone)]
pub struct Receiver {
    /// The receiver variable.
    pub var: String,
    /// The object's name in `Symbols` (its exported Rust name).
    pub object: String,
    /// The Go struct the method is declared on.
    pub struct_name: String,
}

/// A record or enum value that a method is called on.
#[derive(Clone)]
pub struct ValueReceiver {
    pub var: String,
    pub go_type: String,
    /// Go cannot declare methods on interfaces (enums with data), so their methods are
    /// functions taking the value first.
    pub as_param: bool,
}

/// Everything about one Rust callable the wrapper needs, whatever kind it is.
pub struct CallSpec<'a> {
    pub rust_name: String,
    pub go_name: String,
    pub docstring: Option<&'a str>,
    /// The sentence after the Go name that opens the doc comment, unless the docstring starts
    /// with the callable's name (see `docs`).
    pub doc_intro: String,
    /// The Rust type whose members bare backticked names in the docstring refer to.
    pub doc_owner: Option<&'a str>,
    /// The object a method is called on.
    pub receiver: Option<Receiver>,
    /// A record or enum a method is called on. It is the first of `args`, passed by value like
    /// any argument.
    pub value_receiver: Option<ValueReceiver>,
    pub args: Vec<&'a Argument>,
    pub return_type: Option<Type>,
    pub throws: Option<Type>,
    pub ffi_func: &'a FfiFunction,
    /// Whether the Go wrapper returns an error even when Rust declares none: every Rust call
    /// can panic. Only methods of Go interfaces shared with Go implementations opt out.
    pub always_error: bool,
    pub is_async: bool,
}

/// The Go wrapper and the C helper for one callable.
pub fn build(
    ci: &ComponentInterface,
    spec: &CallSpec<'_>,
    sym: &Symbols,
) -> Result<(Callable, CHelper)> {
    let ffi_name = spec.ffi_func.name().to_string();
    let helper_name = ffi::helper_name(&ffi_name);

    // Async calls can always fail: the context may be done first.
    let has_error = spec.always_error || spec.throws.is_some() || spec.is_async;
    let future = spec.is_async.then(|| {
        let value = spec.return_type.as_ref().map(FfiType::from);
        let suffix = FfiType::return_type_name(value.as_ref());
        FutureCall {
            go_suffix: names::exported(&suffix),
            suffix,
        }
    });
    let fallible_return = spec.return_type.as_ref().filter(|ty| sym.lift_can_fail(ty));
    let (results, mut success) = match fallible_return {
        // The success statement is built below, once failing is defined.
        Some(ty) => (result_list(Some(ty), has_error)?, String::new()),
        None => results_and_success(spec.return_type.as_ref(), has_error)?,
    };
    let fail_with = match (&spec.return_type, has_error) {
        (Some(ty), true) => format!("return {}, %ERR%", types::zero_value(ty)?),
        (None, true) => "return %ERR%".to_string(),
        (_, false) => "panic(%ERR%)".to_string(),
    };
    let fail = |err: &str| fail_with.replace("%ERR%", err);
    if let Some(ty) = fallible_return {
        let value = match types::configured_custom(ty) {
            Some((custom, _, builtin)) if types::crossing(builtin)? != Crossing::Buffer => {
                format!("uniffiCustomLift{custom}({})", result_lift_expr(builtin)?)
            }
            _ => format!("uniffiLiftResult{}(&res)", types::canonical(ty)?),
        };
        success = format!(
            "lifted, err := {value}\nif err != nil {{\n{}\n}}\nreturn lifted{}",
            fail("err"),
            if has_error { ", nil" } else { "" }
        );
    }

    let mut needs = CallNeeds {
        lifts_strings: spec
            .return_type
            .as_ref()
            .is_some_and(|t| matches!(types::crossing(t), Ok(Crossing::String))),
        ..CallNeeds::default()
    };
    let mut go_params = Vec::new();
    if spec.is_async {
        go_params.push("ctx context.Context".to_string());
    }
    let mut go_preps = Vec::new();
    let mut go_args = Vec::new();
    let mut guards = Vec::new();
    let mut c_params = Vec::new();
    let mut c_preps = Vec::new();
    let mut c_call_args = Vec::new();
    // Lowerings that can fail or clone handles run after every check that cannot, so that a
    // failing check never has handles to release.
    let mut fallible_preps = Vec::new();
    let mut foreign_preps = Vec::new();
    let mut foreign_handles: Vec<(String, String)> = Vec::new();

    if let Some(Receiver {
        var, object: obj, ..
    }) = &spec.receiver
    {
        guards.push(Guard {
            var: var.clone(),
            free_fn: sym.object_free_fn(obj),
        });
        go_args.push(format!("C.uint64_t({var}.obj.handle)"));
        c_params.push("uint64_t self_handle".to_string());
        c_preps.push(Prep {
            decl: format!(
                "uint64_t self_owned = {}(self_handle, &r.status);",
                sym.object_clone_ffi(obj)
            ),
            release: format!("{}(self_owned, &cleanup_status);", sym.object_free_ffi(obj)),
        });
        c_call_args.push("self_owned".to_string());
    }

    // A buffer's length crosses as an i32: a larger one must fail, not be cut short.
    let size_check = |data: &str, arg: &Argument| {
        format!(
            "if len({data}) > uniffiMaxBufferLen {{\n{}\n}}",
            fail(&format!(
                "uniffiTooLarge(\"argument {}\", len({data}))",
                arg.name()
            ))
        )
    };
    let mut options_fields = Vec::new();
    // Rust argument names and the Go names they became, for the doc comment.
    let mut doc_args = Vec::new();
    for (i, arg) in spec.args.iter().enumerate() {
        let mut ty = arg.as_type();
        let mut name = match &spec.value_receiver {
            Some(v) if i == 0 && !v.as_param => v.var.clone(),
            Some(v) if i == 0 => {
                go_params.push(format!("{} {}", v.var, v.go_type));
                v.var.clone()
            }
            // Methods of Go interfaces keep the interface's signature: no options struct.
            _ => match arg.default_value().filter(|_| spec.always_error) {
                // Defaulted arguments are fields of the options struct.
                Some(default) => {
                    let field = names::exported(arg.name());
                    options_fields.push((
                        field.clone(),
                        types::go_type(&ty)?,
                        defaults::go_expr(ci, &ty, default)
                            .with_context(|| format!("default of argument `{}`", arg.name()))?,
                    ));
                    format!("opts.{field}")
                }
                None => {
                    // `ab` and `a_b` are both `ab` in Go: later ones get a number.
                    let mut base = names::local(arg.name());
                    if types::is_package_name(&base) {
                        base.push('_');
                    }
                    let mut name = base.clone();
                    let mut n = 1;
                    while go_params
                        .iter()
                        .any(|p| p.split(' ').next() == Some(name.as_str()))
                    {
                        n += 1;
                        name = format!("{base}{n}");
                    }
                    go_params.push(format!("{name} {}", types::go_type(&ty)?));
                    name
                }
            },
        };
        doc_args.push((arg.name().to_string(), name.clone()));
        if let Some((custom, config, builtin)) = types::configured_custom(&ty) {
            if types::crossing(builtin)? != Crossing::Buffer {
                // Converted in Go first; the wrapped value crosses as usual.
                let converted = format!("conv{i}");
                go_preps.push(if config.lower_returns_error {
                    format!(
                        "{converted}, err := uniffiCustomLower{custom}({name})\nif err != nil {{\n{}\n}}",
                        fail("err")
                    )
                } else {
                    format!("{converted} := uniffiCustomLower{custom}({name})")
                });
                name = converted;
                ty = builtin.clone();
            }
        }
        if arg.is_borrowed_bytes() || matches!(ty, Type::Bytes) {
            // The slice is lent to the C helper for the call. A `&[u8]` reaches Rust as is; a
            // `Vec<u8>` is written, length prefix first, into a buffer Rust allocates. Neither
            // makes a Go copy.
            needs.checks_sizes = true;
            go_preps.push(size_check(&name, arg));
            needs.lends_bytes = true;
            go_args.push(format!("uniffiBytesData({name})"));
            go_args.push(format!("C.int32_t(len({name}))"));
            c_params.push(format!("const uint8_t *a{i}_data, int32_t a{i}_len"));
            if arg.is_borrowed_bytes() {
                c_call_args.push(format!("(ForeignBytes){{a{i}_len, a{i}_data}}"));
            } else {
                c_preps.push(Prep {
                    decl: format!(
                        "RustBuffer p{i} = uniffi_go_{}_lower_bytes(a{i}_data, a{i}_len, &r.status);",
                        ci.namespace()
                    ),
                    release: format!("{}(p{i}, &cleanup_status);", sym.rustbuffer_free),
                });
                c_call_args.push(format!("p{i}"));
            }
            continue;
        }
        match types::crossing(&ty).with_context(|| format!("argument `{}`", arg.name()))? {
            Crossing::Scalar { c_type } => {
                go_args.push(format!("C.{c_type}({name})"));
                c_params.push(format!("{c_type} a{i}"));
                c_call_args.push(format!("a{i}"));
            }
            Crossing::Bool => {
                needs.converts_bools = true;
                go_args.push(format!("uniffiCBool({name})"));
                c_params.push(format!("int8_t a{i}"));
                c_call_args.push(format!("a{i}"));
            }
            kind @ (Crossing::String | Crossing::Buffer) => {
                let data = if kind == Crossing::String {
                    needs.checks_sizes = true;
                    go_preps.push(size_check(&name, arg));
                    // Rust takes a top-level String's bytes as UTF-8 without checking them.
                    go_preps.push(format!(
                        "if !utf8.ValidString({name}) {{\n{}\n}}",
                        fail(&format!(
                            "&InternalError{{Message: \"argument {} is not valid UTF-8\"}}",
                            arg.name()
                        ))
                    ));
                    needs.lends_strings = true;
                    go_args.push(format!("uniffiStringData({name})"));
                    name.clone()
                } else {
                    let lowered = format!("lowered{i}");
                    let canonical = types::canonical(&ty)?;
                    if sym.lowers_objects(&canonical) {
                        // Closed objects inside the value (or a value too large) make lowering
                        // fail; it checks the size itself, before cloning any handle.
                        fallible_preps.push(format!(
                            "{lowered}, err := uniffiLower{canonical}({name})\nif err != nil {{\n{}\n}}",
                            fail("err")
                        ));
                    } else {
                        go_preps.push(format!("{lowered} := uniffiLower{canonical}({name})"));
                        needs.checks_sizes = true;
                        go_preps.push(size_check(&lowered, arg));
                    }
                    needs.lends_bytes = true;
                    go_args.push(format!("uniffiBytesData({lowered})"));
                    lowered
                };
                go_args.push(format!("C.int32_t(len({data}))"));
                c_params.push(format!("const uint8_t *a{i}_data, int32_t a{i}_len"));
                c_preps.push(Prep {
                    decl: format!(
                        "RustBuffer p{i} = {}((ForeignBytes){{a{i}_len, a{i}_data}}, &r.status);",
                        sym.rustbuffer_from_bytes
                    ),
                    release: format!("{}(p{i}, &cleanup_status);", sym.rustbuffer_free),
                });
                c_call_args.push(format!("p{i}"));
            }
            Crossing::Foreign { canonical } => {
                // Lowered last: each lowering hands out a handle that a later failure must release.
                let handle = format!("h{i}");
                let release: String = foreign_handles
                    .iter()
                    .map(|(h, c)| format!("uniffiRelease{c}({h})\n"))
                    .collect();
                foreign_preps.push(format!(
                    "{handle}, err := uniffiLower{canonical}({name})\nif err != nil {{\n{release}{}\n}}",
                    fail("err")
                ));
                foreign_handles.push((handle.clone(), canonical.clone()));
                go_args.push(format!("C.uint64_t({handle})"));
                c_params.push(format!("uint64_t a{i}"));
                c_call_args.push(format!("a{i}"));
            }
            Crossing::Object { go_name } => {
                guards.push(Guard {
                    var: name.clone(),
                    free_fn: sym.object_free_fn(&go_name),
                });
                go_args.push(format!("C.uint64_t({name}.obj.handle)"));
                c_params.push(format!("uint64_t a{i}"));
                c_preps.push(Prep {
                    decl: format!(
                        "uint64_t p{i} = {}(a{i}, &r.status);",
                        sym.object_clone_ffi(&go_name)
                    ),
                    release: format!("{}(p{i}, &cleanup_status);", sym.object_free_ffi(&go_name)),
                });
                c_call_args.push(format!("p{i}"));
            }
        }
    }
    go_preps.extend(fallible_preps);
    go_preps.extend(foreign_preps);
    let options = (!options_fields.is_empty()).then(|| {
        let owner = match (&spec.receiver, &spec.value_receiver) {
            (Some(r), _) => r.struct_name.clone(),
            (None, Some(v)) if !v.as_param => v.go_type.clone(),
            _ => String::new(),
        };
        let name = format!("{owner}{}Options", spec.go_name);
        go_params.push(format!("opts *{name}"));
        go_preps.insert(0, format!("if opts == nil {{\nopts = New{name}()\n}}"));
        OptionsStruct {
            callable: if owner.is_empty() {
                spec.go_name.clone()
            } else {
                format!("{owner}.{}", spec.go_name)
            },
            fields: options_fields,
            name,
        }
    });
    if spec.is_async {
        // Keys the poll results of the future in the Go runtime's table.
        go_args.push("C.uint64_t(futureID)".to_string());
        c_params.push("uint64_t future_id".to_string());
    }
    // The status argument is always last; async calls report failures when they complete.
    if spec.ffi_func.has_rust_call_status_arg() {
        c_call_args.push("&r.status".to_string());
    }

    let lift_error = match &spec.throws {
        Some(ty @ Type::Enum { .. }) => format!("uniffiLiftError{}", types::canonical(ty)?),
        // An object used as an error is a *T implementing error.
        Some(ty @ Type::Object { .. }) if !types::is_trait_object(ty) => {
            format!("uniffiLiftError{}", types::canonical(ty)?)
        }
        Some(other) => bail!(
            "{} as an error type is not supported by the Go generator yet",
            types::describe(other)
        ),
        None => "nil".to_string(),
    };

    let receiver = match (&spec.receiver, &spec.value_receiver) {
        (Some(r), _) => format!("({} *{}) ", r.var, r.struct_name),
        (None, Some(v)) if !v.as_param => format!("({} {}) ", v.var, v.go_type),
        _ => String::new(),
    };
    let callable = Callable {
        options,
        needs,
        future,
        doc: docs::item_lines(
            &docs::Item {
                go_name: &spec.go_name,
                rust_name: &spec.rust_name,
                intro: spec.doc_intro.clone(),
                owner: spec.doc_owner,
                args: &doc_args,
            },
            spec.docstring,
        ),
        receiver,
        name: spec.go_name.clone(),
        rust_name: spec.rust_name.clone(),
        params: go_params.join(", "),
        results,
        fail_with,
        guards,
        preps: go_preps,
        call: format!("C.{helper_name}({})", go_args.join(", ")),
        lift_error,
        success,
    };
    let ret = spec.ffi_func.return_type();
    let cleanup = (0..c_preps.len())
        .rev()
        .map(|k| {
            (
                format!("fail{k}"),
                k.checked_sub(1).map(|j| c_preps[j].release.clone()),
            )
        })
        .collect();
    let preps = c_preps
        .into_iter()
        .enumerate()
        .map(|(k, p)| CPrep {
            decl: p.decl,
            fail_label: format!("fail{k}"),
        })
        .collect();
    let first_poll = callable.future.as_ref().map(|f| f.suffix.clone());
    let helper = CHelper {
        name: helper_name,
        result_type: if spec.is_async {
            let value = spec.return_type.as_ref().map(FfiType::from);
            ffi::started_type_name(value.as_ref())
        } else {
            ffi::result_type_name(ret)
        },
        first_poll,
        params: if c_params.is_empty() {
            "void".into()
        } else {
            c_params.join(", ")
        },
        preps,
        cleanup,
        ffi_name,
        call_args: c_call_args.join(", "),
        returns_value: ret.is_some(),
        returns_buffer: matches!(ret, Some(FfiType::RustBuffer(_))),
    };
    Ok((callable, helper))
}

/// The Go result list of a callable: `T`, `(T, error)`, `error` or nothing.
pub fn result_list(ret: Option<&Type>, has_error: bool) -> Result<String> {
    Ok(match (ret, has_error) {
        (Some(ty), true) => format!("({}, error)", types::go_type(ty)?),
        (Some(ty), false) => types::go_type(ty)?,
        (None, true) => "error".into(),
        (None, false) => String::new(),
    })
}

/// The Go result list and the statement returning a successful result held in `res.value`.
pub fn results_and_success(ret: Option<&Type>, has_error: bool) -> Result<(String, String)> {
    let Some(ty) = ret else {
        return Ok(if has_error {
            ("error".into(), "return nil".into())
        } else {
            (String::new(), String::new())
        });
    };
    let go_type = types::go_type(ty)?;
    let value = result_lift_expr(ty)?;
    Ok(if has_error {
        (
            format!("({go_type}, error)"),
            format!("return {value}, nil"),
        )
    } else {
        (go_type, format!("return {value}"))
    })
}

/// Go expression taking ownership of the value of `ty` a call returned in `res`.
fn result_lift_expr(ty: &Type) -> Result<String> {
    lift_from(ty, LiftSource::CallResult)
}

/// Go expression taking ownership of a value of `ty` that Rust handed over as the C value `raw`.
pub fn lift_expr(ty: &Type, raw: &str) -> Result<String> {
    lift_from(ty, LiftSource::Raw(raw))
}

/// Where a lifted value comes from.
#[derive(Clone, Copy)]
enum LiftSource<'a> {
    /// A C value, such as a callback argument.
    Raw(&'a str),
    /// The result struct `res` of a call, whose small strings and buffers are inline.
    CallResult,
}

fn lift_from(ty: &Type, source: LiftSource<'_>) -> Result<String> {
    if let Some((custom, config, builtin)) = types::configured_custom(ty) {
        if types::crossing(builtin)? != Crossing::Buffer {
            if config.lift_returns_error {
                bail!("custom type `{custom}` with lift_returns_error cannot be lifted here yet");
            }
            return Ok(format!(
                "uniffiCustomLift{custom}({})",
                lift_from(builtin, source)?
            ));
        }
    }
    let raw = match source {
        LiftSource::Raw(raw) => raw,
        LiftSource::CallResult => "res.value",
    };
    let from_result = matches!(source, LiftSource::CallResult);
    Ok(match types::crossing(ty)? {
        Crossing::Scalar { .. } => format!("{}({raw})", types::go_type(ty)?),
        Crossing::Bool => format!("{raw} != 0"),
        Crossing::String if from_result => "uniffiLiftResultString(&res)".to_string(),
        Crossing::String => format!("uniffiLiftString({raw})"),
        Crossing::Buffer if from_result => {
            format!("uniffiLiftResult{}(&res)", types::canonical(ty)?)
        }
        Crossing::Buffer => format!("uniffiLift{}({raw})", types::canonical(ty)?),
        Crossing::Object { go_name } => format!("uniffiLiftObject{go_name}(uint64({raw}))"),
        Crossing::Foreign { canonical } => format!("uniffiLift{canonical}(uint64({raw}))"),
    })
}
