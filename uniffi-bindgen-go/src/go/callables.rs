//! Functions, methods and constructors: the Go wrapper and the C helper that make one call.

use anyhow::{bail, Context, Result};
use uniffi_bindgen::interface::{Argument, AsType, FfiFunction, FfiType, Type};

use super::model::{
    CHelper, CPrep, CallNeeds, Callable, Fail, FutureCall, GoPrep, Guard, KeyValue, OptionsStruct,
    Success,
};

/// A C-side preparation step: its declaration and how to undo it if a later step fails.
struct Prep {
    decl: String,
    release: String,
}
use super::types::{self, Crossing};
use super::{defaults, docs, ffi, names, PackageContext};

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

/// The arguments (by position) checked in Go for values Rust would refuse before the call makes
/// any handle: Rust lifts arguments in order and stops at the first it refuses, so an object or
/// Go value in a later argument (or later inside the same one) would never be taken, and its
/// handle never released. Arguments after the last one that makes handles need no check: every
/// handle is taken by then, and Rust drops what it took.
pub fn checked_arguments(cx: &PackageContext<'_>, args: &[&Argument]) -> Vec<usize> {
    let makes_handles = |ty: &Type| {
        matches!(
            cx.types.crossing(ty),
            Ok(Crossing::Object { .. } | Crossing::Foreign { .. })
        ) || cx.types.makes_handles(ty)
    };
    let Some(last) = args.iter().rposition(|a| makes_handles(&a.as_type())) else {
        return Vec::new();
    };
    (0..=last)
        .filter(|&i| {
            let ty = args[i].as_type();
            matches!(cx.types.crossing(&ty), Ok(Crossing::Buffer)) && cx.types.refusable(&ty)
        })
        .collect()
}

/// The Go wrapper and the C helper for one callable.
pub fn build(cx: &PackageContext<'_>, spec: &CallSpec<'_>) -> Result<(Callable, CHelper)> {
    let mut b = CallBuilder::new(cx, spec);
    b.checked = checked_arguments(cx, &spec.args);
    b.receiver();
    for (i, arg) in spec.args.iter().enumerate() {
        b.argument(i, arg)?;
    }
    let options = b.options_struct();
    b.trailing_arguments();
    b.finish(options)
}

/// What one callable's Go wrapper and C helper are made of, gathered argument by argument.
struct CallBuilder<'a> {
    cx: &'a PackageContext<'a>,
    spec: &'a CallSpec<'a>,
    needs: CallNeeds,
    go_params: Vec<String>,
    go_preps: Vec<GoPrep>,
    /// Lowerings that can fail or clone handles run after every check that cannot, so that a
    /// failing check never has handles to release.
    fallible_preps: Vec<GoPrep>,
    foreign_preps: Vec<GoPrep>,
    /// Positions of the arguments checked for values Rust would refuse ([`checked_arguments`]).
    checked: Vec<usize>,
    /// `(handle variable, canonical)` of the trait and callback handles lowered so far.
    foreign_handles: Vec<(String, String)>,
    /// The fallible buffer lowerings so far: their cloned handles are released if a later
    /// lowering fails.
    cloning_lowerings: Vec<String>,
    go_args: Vec<String>,
    /// The same arguments for the remote transport: calls on the request being built.
    remote_args: Vec<String>,
    guards: Vec<Guard>,
    c_params: Vec<String>,
    c_preps: Vec<Prep>,
    c_call_args: Vec<String>,
    /// `(field, Go type, default)` of arguments with defaults.
    options_fields: Vec<(String, String, String)>,
    /// Rust argument names and the Go names they became, for the doc comment.
    doc_args: Vec<(String, String)>,
}

impl<'a> CallBuilder<'a> {
    fn new(cx: &'a PackageContext<'a>, spec: &'a CallSpec<'a>) -> Self {
        let mut go_params = Vec::new();
        if spec.is_async {
            go_params.push("ctx context.Context".to_string());
        }
        Self {
            cx,
            spec,
            needs: CallNeeds {
                lifts_strings: spec
                    .return_type
                    .as_ref()
                    .is_some_and(|t| matches!(cx.types.crossing(t), Ok(Crossing::String))),
                ..CallNeeds::default()
            },
            go_params,
            go_preps: Vec::new(),
            fallible_preps: Vec::new(),
            checked: Vec::new(),
            foreign_preps: Vec::new(),
            foreign_handles: Vec::new(),
            cloning_lowerings: Vec::new(),
            go_args: Vec::new(),
            remote_args: Vec::new(),
            guards: Vec::new(),
            c_params: Vec::new(),
            c_preps: Vec::new(),
            c_call_args: Vec::new(),
            options_fields: Vec::new(),
            doc_args: Vec::new(),
        }
    }

    /// A method's object: kept open for the call, and cloned for Rust by the C helper.
    fn receiver(&mut self) {
        let Some(Receiver {
            var, object: obj, ..
        }) = &self.spec.receiver
        else {
            return;
        };
        let sym = &self.cx.sym;
        self.guards.push(Guard {
            var: var.clone(),
            free_fn: sym.object_free_fn(obj),
        });
        self.go_args.push(format!("C.uint64_t({var}.obj.handle)"));
        // Lent: the host clones it for Rust, as the C helper does.
        self.remote_args.push(format!("handle({var}.obj.handle)"));
        self.c_params.push("uint64_t self_handle".to_string());
        self.c_preps.push(Prep {
            decl: format!(
                "uint64_t self_owned = {}(self_handle, &r.status);",
                sym.object_clone_ffi(obj)
            ),
            release: format!("{}(self_owned, &cleanup_status);", sym.object_free_ffi(obj)),
        });
        self.c_call_args.push("self_owned".to_string());
    }

    /// A buffer's length crosses as an i32: a larger one must fail, not be cut short.
    fn size_check(data: &str, arg: &Argument) -> GoPrep {
        GoPrep::SizeCheck {
            data: data.to_string(),
            what: format!("argument {}", arg.name()),
        }
    }

    /// One argument: its Go parameter (or options field), the Go steps that check and lower it,
    /// and how the C helper passes it to Rust.
    fn argument(&mut self, i: usize, arg: &Argument) -> Result<()> {
        let name = self.go_parameter(i, arg)?;
        self.doc_args.push((arg.name().to_string(), name.clone()));
        let (name, ty) = self.custom_conversion(i, name, arg.as_type())?;
        if arg.is_borrowed_bytes() || matches!(ty, Type::Bytes) {
            self.lend_bytes(i, arg, &name);
            return Ok(());
        }
        if let Some(width) = self.cx.types.number_sequence_width(&arg.as_type()) {
            self.lend_numbers(i, arg, &name, width);
            return Ok(());
        }
        self.lower(i, arg, name, &ty)
    }

    /// The Go name the argument's value has in the wrapper: a parameter, a field of the options
    /// struct, or the value receiver.
    fn go_parameter(&mut self, i: usize, arg: &Argument) -> Result<String> {
        let ty = arg.as_type();
        Ok(match &self.spec.value_receiver {
            Some(v) if i == 0 && !v.as_param => v.var.clone(),
            Some(v) if i == 0 => {
                self.go_params.push(format!("{} {}", v.var, v.go_type));
                v.var.clone()
            }
            // Methods of Go interfaces keep the interface's signature: no options struct.
            _ => match arg.default_value().filter(|_| self.spec.always_error) {
                // Defaulted arguments are fields of the options struct.
                Some(default) => {
                    let field = names::exported(arg.name());
                    self.options_fields.push((
                        field.clone(),
                        self.cx.types.go_type(&ty)?,
                        defaults::go_expr(self.cx, &ty, default)
                            .with_context(|| format!("default of argument `{}`", arg.name()))?,
                    ));
                    format!("opts.{field}")
                }
                None => {
                    // `ab` and `a_b` are both `ab` in Go: later ones get a number.
                    let mut base = names::local(arg.name());
                    if self.cx.types.is_package_name(&base) {
                        base.push('_');
                    }
                    let mut name = base.clone();
                    let mut n = 1;
                    while self
                        .go_params
                        .iter()
                        .any(|p| p.split(' ').next() == Some(name.as_str()))
                    {
                        n += 1;
                        name = format!("{base}{n}");
                    }
                    self.go_params
                        .push(format!("{name} {}", self.cx.types.go_type(&ty)?));
                    name
                }
            },
        })
    }

    /// A configured custom type crossing as a scalar or string is converted in Go first; the
    /// wrapped value then crosses as usual.
    fn custom_conversion(&mut self, i: usize, name: String, ty: Type) -> Result<(String, Type)> {
        if let Some((custom, config, builtin)) = self.cx.types.configured_custom(&ty) {
            if self.cx.types.crossing(builtin)? != Crossing::Buffer {
                let converted = format!("conv{i}");
                self.go_preps.push(GoPrep::CustomLower {
                    var: converted.clone(),
                    custom,
                    value: name,
                    fallible: config.lower_returns_error,
                });
                return Ok((converted, builtin.clone()));
            }
        }
        Ok((name, ty))
    }

    /// The slice is lent to the C helper for the call. A `&[u8]` reaches Rust as is; a `Vec<u8>`
    /// is written, length prefix first, into a buffer Rust allocates. Neither makes a Go copy.
    fn lend_bytes(&mut self, i: usize, arg: &Argument, name: &str) {
        self.needs.checks_sizes = true;
        self.go_preps.push(Self::size_check(name, arg));
        self.needs.lends_bytes = true;
        self.go_args.push(format!("uniffiBytesData({name})"));
        self.go_args.push(format!("C.int32_t(len({name}))"));
        self.remote_args.push(if arg.is_borrowed_bytes() {
            format!("bytes({name})")
        } else {
            // The buffer holds the serialized Vec<u8>: its own length first.
            format!("lengthPrefixed({name})")
        });
        self.c_params
            .push(format!("const uint8_t *a{i}_data, int32_t a{i}_len"));
        if arg.is_borrowed_bytes() {
            self.c_call_args
                .push(format!("(ForeignBytes){{a{i}_len, a{i}_data}}"));
        } else {
            self.c_preps.push(Prep {
                decl: format!(
                    "RustBuffer p{i} = uniffi_go_{}_lower_bytes(a{i}_data, a{i}_len, &r.status);",
                    self.cx.ci.namespace()
                ),
                release: format!("{}(p{i}, &cleanup_status);", self.cx.sym.rustbuffer_free),
            });
            self.c_call_args.push(format!("p{i}"));
        }
    }

    /// A sequence of numbers is lent to the C helper as it lies in Go memory; the helper writes the
    /// count and the items, big-endian, into a buffer Rust allocates, in one pass and without a
    /// Go copy. Remotely it is serialized in Go.
    fn lend_numbers(&mut self, i: usize, arg: &Argument, name: &str, width: usize) {
        self.needs.checks_sizes = true;
        let (limit, size) = if width == 1 {
            ("uniffiMaxBufferLen-4".to_string(), format!("4+len({name})"))
        } else {
            (
                format!("(uniffiMaxBufferLen-4)/{width}"),
                format!("4+len({name})*{width}"),
            )
        };
        self.go_preps.push(GoPrep::ItemCountCheck {
            count: format!("len({name})"),
            limit,
            size,
            what: format!("argument {}", arg.name()),
        });
        self.needs.lends_numbers = true;
        self.go_args.push(format!("uniffiNumbersData({name})"));
        self.go_args.push(format!("C.int32_t(len({name}))"));
        self.remote_args
            .push(format!("bytes(uniffiLowerNumbers({name}))"));
        self.c_params
            .push(format!("const uint8_t *a{i}_items, int32_t a{i}_count"));
        self.c_preps.push(Prep {
            decl: format!(
                "RustBuffer p{i} = uniffi_go_{}_lower_numbers(a{i}_items, a{i}_count, {width}, &r.status);",
                self.cx.ci.namespace()
            ),
            release: format!("{}(p{i}, &cleanup_status);", self.cx.sym.rustbuffer_free),
        });
        self.c_call_args.push(format!("p{i}"));
    }

    /// A record of numbers and bools crosses as its fields, each a C scalar; the C helper writes
    /// them into a buffer Rust allocates. Remotely they are written into the request.
    fn lower_fixed_record(
        &mut self,
        i: usize,
        name: &str,
        ty: &Type,
        fields: &[(String, Type)],
    ) -> Result<()> {
        let size: usize = fields
            .iter()
            .filter_map(|(_, t)| types::fixed_width(t))
            .sum();
        // The remote request carries the buffer as bytes: its length, then the record.
        self.remote_args.push(format!("u32({size})"));
        let mut params = Vec::new();
        for (k, (field, field_ty)) in fields.iter().enumerate() {
            let param = format!("a{i}_{k}");
            let crossing = self.cx.types.crossing(field_ty)?;
            if !self.scalar(&format!("{name}.{field}"), &param, &crossing) {
                bail!("field `{field}` of a fixed-size record crosses as {crossing:?}");
            }
            params.push(param);
        }
        self.c_preps.push(Prep {
            decl: format!(
                "RustBuffer p{i} = uniffi_go_{}_lower_{}({}, &r.status);",
                self.cx.ci.namespace(),
                self.cx.types.canonical(ty)?,
                params.join(", ")
            ),
            release: format!("{}(p{i}, &cleanup_status);", self.cx.sym.rustbuffer_free),
        });
        self.c_call_args.push(format!("p{i}"));
        Ok(())
    }

    /// An enum without fields crosses as its variant's index, which the C helper writes into a
    /// buffer Rust allocates. Remotely it is written into the request.
    fn lower_enum_index(&mut self, i: usize, name: &str) {
        self.go_args.push(format!("C.int32_t({name})"));
        self.remote_args.push(format!("u32(4).i32(int32({name}))"));
        self.c_params.push(format!("int32_t a{i}"));
        self.c_preps.push(Prep {
            decl: format!(
                "RustBuffer p{i} = uniffi_go_{}_lower_index(a{i}, &r.status);",
                self.cx.ci.namespace()
            ),
            release: format!("{}(p{i}, &cleanup_status);", self.cx.sym.rustbuffer_free),
        });
        self.c_call_args.push(format!("p{i}"));
        self.needs.lowers_indexes = true;
    }

    /// A number or bool `value` becomes the C helper's parameter `param`: converted by cgo (or by
    /// `uniffiCBool`), and written into the remote request as is. False for any other crossing.
    fn scalar(&mut self, value: &str, param: &str, crossing: &Crossing) -> bool {
        match crossing {
            Crossing::Scalar { c_type } => {
                self.go_args.push(format!("C.{c_type}({value})"));
                let (method, go_type) = remote_scalar(c_type);
                self.remote_args
                    .push(format!("{method}({go_type}({value}))"));
                self.c_params.push(format!("{c_type} {param}"));
            }
            Crossing::Bool => {
                self.needs.converts_bools = true;
                self.go_args.push(format!("uniffiCBool({value})"));
                self.remote_args.push(format!("boolean({value})"));
                self.c_params.push(format!("int8_t {param}"));
            }
            _ => return false,
        }
        true
    }

    /// Everything but bytes, by how the type crosses.
    fn lower(&mut self, i: usize, arg: &Argument, name: String, ty: &Type) -> Result<()> {
        if let Some(fields) = self.cx.types.fixed_record_fields(ty)? {
            return self.lower_fixed_record(i, &name, ty, &fields);
        }
        match self
            .cx
            .types
            .crossing(ty)
            .with_context(|| format!("argument `{}`", arg.name()))?
        {
            scalar @ (Crossing::Scalar { .. } | Crossing::Bool) => {
                self.scalar(&name, &format!("a{i}"), &scalar);
                self.c_call_args.push(format!("a{i}"));
            }
            kind @ (Crossing::String | Crossing::Buffer) => {
                let data = if kind == Crossing::String {
                    self.needs.checks_sizes = true;
                    self.go_preps.push(Self::size_check(&name, arg));
                    // Rust takes a top-level String's bytes as UTF-8 without checking them.
                    self.go_preps.push(GoPrep::Utf8Check {
                        value: name.clone(),
                        what: format!("argument {}", arg.name()),
                    });
                    self.needs.lends_strings = true;
                    self.go_args.push(format!("uniffiStringData({name})"));
                    name.clone()
                } else {
                    if self.checked.contains(&i) {
                        if let Some(check) = self.cx.types.check_expr(ty, &name)? {
                            // Among the steps that make no handles, before them all.
                            self.go_preps.push(GoPrep::Check {
                                check,
                                what: format!("argument {}", arg.name()),
                            });
                        }
                    }
                    if self.cx.types.is_indexed_flat_enum(ty)? {
                        self.lower_enum_index(i, &name);
                        return Ok(());
                    }
                    let lowered = format!("lowered{i}");
                    let canonical = self.cx.types.canonical(ty)?;
                    if self.cx.types.lower_can_fail(ty) {
                        // Closed objects inside the value (or a value too large) make lowering
                        // fail; it checks the size itself, before cloning any handle.
                        self.fallible_preps.push(GoPrep::Lower {
                            var: lowered.clone(),
                            canonical,
                            value: name.clone(),
                            fallible: true,
                            release: self.cloning_lowerings.clone(),
                            keep_cloned: false,
                        });
                        self.cloning_lowerings.push(lowered.clone());
                    } else {
                        self.go_preps.push(GoPrep::Lower {
                            var: lowered.clone(),
                            canonical,
                            value: name.clone(),
                            fallible: false,
                            release: Vec::new(),
                            keep_cloned: false,
                        });
                        self.needs.checks_sizes = true;
                        self.go_preps.push(Self::size_check(&lowered, arg));
                    }
                    self.needs.lends_bytes = true;
                    self.go_args.push(format!("uniffiBytesData({lowered})"));
                    lowered
                };
                self.go_args.push(format!("C.int32_t(len({data}))"));
                self.remote_args.push(if kind == Crossing::String {
                    format!("str({data})")
                } else {
                    format!("bytes({data})")
                });
                self.c_params
                    .push(format!("const uint8_t *a{i}_data, int32_t a{i}_len"));
                self.c_preps.push(Prep {
                    decl: format!(
                        "RustBuffer p{i} = {}((ForeignBytes){{a{i}_len, a{i}_data}}, &r.status);",
                        self.cx.sym.rustbuffer_from_bytes
                    ),
                    release: format!("{}(p{i}, &cleanup_status);", self.cx.sym.rustbuffer_free),
                });
                self.c_call_args.push(format!("p{i}"));
            }
            Crossing::Foreign { canonical } => {
                // Lowered last: each lowering hands out a handle that a later failure must release.
                let handle = format!("h{i}");
                self.foreign_preps.push(GoPrep::ForeignLower {
                    var: handle.clone(),
                    canonical: canonical.clone(),
                    value: name.clone(),
                    release: self.foreign_handles.clone(),
                    release_cloned: Vec::new(),
                });
                self.foreign_handles
                    .push((handle.clone(), canonical.clone()));
                self.go_args.push(format!("C.uint64_t({handle})"));
                self.remote_args.push(format!("handle({handle})"));
                self.c_params.push(format!("uint64_t a{i}"));
                self.c_call_args.push(format!("a{i}"));
            }
            Crossing::Object { go_name } => {
                self.guards.push(Guard {
                    var: name.clone(),
                    free_fn: self.cx.sym.object_free_fn(&go_name),
                });
                self.go_args.push(format!("C.uint64_t({name}.obj.handle)"));
                self.remote_args.push(format!("handle({name}.obj.handle)"));
                self.c_params.push(format!("uint64_t a{i}"));
                self.c_preps.push(Prep {
                    decl: format!(
                        "uint64_t p{i} = {}(a{i}, &r.status);",
                        self.cx.sym.object_clone_ffi(&go_name)
                    ),
                    release: format!(
                        "{}(p{i}, &cleanup_status);",
                        self.cx.sym.object_free_ffi(&go_name)
                    ),
                });
                self.c_call_args.push(format!("p{i}"));
            }
        }
        Ok(())
    }

    /// Arguments with defaults become the fields of `opts *<Callable>Options`.
    fn options_struct(&mut self) -> Option<OptionsStruct> {
        let spec = self.spec;
        self.order_handle_making_steps();
        self.go_preps.append(&mut self.fallible_preps);
        self.go_preps.append(&mut self.foreign_preps);
        if self.options_fields.is_empty() {
            return None;
        }
        let owner = match (&spec.receiver, &spec.value_receiver) {
            (Some(r), _) => r.struct_name.clone(),
            (None, Some(v)) if !v.as_param => v.go_type.clone(),
            _ => String::new(),
        };
        // `New<Name>Options` makes the defaults, so a constructor's (or a `new_…` function's)
        // own `New` is dropped: `NewMegaphoneWithVolume` takes `*MegaphoneWithVolumeOptions`.
        let callable = spec
            .go_name
            .strip_prefix("New")
            .filter(|rest| rest.starts_with(|c: char| c.is_ascii_uppercase()))
            .unwrap_or(&spec.go_name);
        let name = format!("{owner}{callable}Options");
        self.go_params.push(format!("opts *{name}"));
        self.go_preps.insert(
            0,
            GoPrep::DefaultOptions {
                constructor: format!("New{name}"),
            },
        );
        Some(OptionsStruct {
            callable: if owner.is_empty() {
                spec.go_name.clone()
            } else {
                format!("{owner}.{}", spec.go_name)
            },
            values: KeyValue::aligned(
                self.options_fields
                    .iter()
                    .map(|(field, _, value)| (format!("{field}:"), value.clone())),
            ),
            fields: std::mem::take(&mut self.options_fields),
            name,
        })
    }

    /// The future id of an async call, and the call status, which always comes last.
    fn trailing_arguments(&mut self) {
        if self.spec.is_async {
            // Keys the poll results of the future in the Go runtime's table.
            self.go_args.push("C.uint64_t(futureID)".to_string());
            self.c_params.push("uint64_t future_id".to_string());
        }
        // Async calls report failures when they complete.
        if self.spec.ffi_func.has_rust_call_status_arg() {
            self.c_call_args.push("&r.status".to_string());
        }
    }

    /// The steps that make handles run last, in argument order, trait and callback handles after
    /// the buffers: a failing one releases what the ones before it made. A buffer lowering keeps
    /// its cloned handles only when a later step may fail.
    fn order_handle_making_steps(&mut self) {
        let foreign_follow = !self.foreign_preps.is_empty();
        let count = self.fallible_preps.len();
        for (k, prep) in self.fallible_preps.iter_mut().enumerate() {
            if let GoPrep::Lower { keep_cloned, .. } = prep {
                *keep_cloned = k + 1 < count || foreign_follow;
            }
        }
        for prep in &mut self.foreign_preps {
            if let GoPrep::ForeignLower { release_cloned, .. } = prep {
                release_cloned.clone_from(&self.cloning_lowerings);
            }
        }
    }

    /// The Go wrapper and the C helper, from what the steps gathered.
    fn finish(self, options: Option<OptionsStruct>) -> Result<(Callable, CHelper)> {
        let (cx, spec) = (self.cx, self.spec);
        let ffi_name = spec.ffi_func.name().to_string();
        let helper_name = ffi::helper_name(&ffi_name);
        // Async calls can always fail: the context may be done first.
        let has_error = spec.always_error || spec.throws.is_some() || spec.is_async;
        let receiver = match (&spec.receiver, &spec.value_receiver) {
            (Some(r), _) => format!("({} *{}) ", r.var, r.struct_name),
            (None, Some(v)) if !v.as_param => format!("({} {}) ", v.var, v.go_type),
            _ => String::new(),
        };
        let callable = Callable {
            options,
            needs: self.needs,
            future: future_call(spec),
            doc: cx.links.item_lines(
                &docs::Item {
                    go_name: &spec.go_name,
                    rust_name: &spec.rust_name,
                    intro: spec.doc_intro.clone(),
                    owner: spec.doc_owner,
                    args: &self.doc_args,
                },
                spec.docstring,
            ),
            receiver,
            name: spec.go_name.clone(),
            rust_name: spec.rust_name.clone(),
            params: self.go_params.join(", "),
            results: result_list(cx, spec.return_type.as_ref(), has_error)?,
            fail: fail_shape(cx, spec.return_type.as_ref(), has_error)?,
            guards: self.guards,
            preps: self.go_preps,
            call: format!("C.{helper_name}({})", self.go_args.join(", ")),
            remote_call: remote_call(spec, &self.remote_args),
            lift_error: error_lifter(cx, spec.throws.as_ref())?,
            call_error: match spec.throws.as_ref() {
                Some(ty) if !spec.is_async => {
                    Some(format!("uniffiCallError{}", cx.types.canonical(ty)?))
                }
                _ => None,
            },
            success: success_shape(cx, spec.return_type.as_ref(), has_error)?,
        };
        let helper = c_helper(
            spec,
            helper_name,
            self.c_params,
            self.c_preps,
            self.c_call_args,
            &callable,
        );
        Ok((callable, helper))
    }
}

/// The request method and Go type for a C scalar type.
fn remote_scalar(c_type: &str) -> (&'static str, &'static str) {
    match c_type {
        "uint8_t" => ("u8", "uint8"),
        "int8_t" => ("i8", "int8"),
        "uint16_t" => ("u16", "uint16"),
        "int16_t" => ("i16", "int16"),
        "uint32_t" => ("u32", "uint32"),
        "int32_t" => ("i32", "int32"),
        "uint64_t" => ("u64", "uint64"),
        "int64_t" => ("i64", "int64"),
        "float" => ("f32", "float32"),
        _ => ("f64", "float64"),
    }
}

/// The remote transport's call: the request naming the C function, its arguments, and the
/// reader of the value the host sends back (see docs/remote.md).
fn remote_call(spec: &CallSpec<'_>, args: &[String]) -> String {
    let function = ffi::remote_function_const(spec.ffi_func.name());
    let request: String = std::iter::once(format!("uniffiNewRequest({function})"))
        .chain(args.iter().cloned())
        .collect::<Vec<_>>()
        .join(".");
    // An async function's value is the future's; the host awaits it.
    let value = if spec.is_async {
        spec.return_type.as_ref().map(FfiType::from)
    } else {
        spec.ffi_func.return_type().cloned()
    };
    let value_type = ffi::remote_value_type(value.as_ref());
    if spec.is_async {
        format!("uniffiCallAsync[{value_type}](ctx, {request})")
    } else {
        format!("uniffiCall[{value_type}]({request})")
    }
}

/// The uniffi and Go suffixes of the Rust future an async callable awaits.
fn future_call(spec: &CallSpec<'_>) -> Option<FutureCall> {
    spec.is_async.then(|| {
        let value = spec.return_type.as_ref().map(FfiType::from);
        let suffix = FfiType::return_type_name(value.as_ref());
        FutureCall {
            go_suffix: names::exported(&suffix),
            suffix,
        }
    })
}

/// How the wrapper gives up: with a zero result and the error, the error alone, or a panic.
fn fail_shape(cx: &PackageContext<'_>, ret: Option<&Type>, has_error: bool) -> Result<Fail> {
    Ok(match (ret, has_error) {
        (Some(ty), true) => Fail::ReturnWithZero(cx.types.zero_value(ty)?),
        (None, true) => Fail::Return,
        (_, false) => Fail::Panic,
    })
}

/// How the wrapper returns what Rust gave back in `res`.
fn success_shape(cx: &PackageContext<'_>, ret: Option<&Type>, has_error: bool) -> Result<Success> {
    let Some(ty) = ret else {
        return Ok(if has_error {
            Success::Value {
                value: None,
                with_error: true,
            }
        } else {
            Success::Nothing
        });
    };
    if !cx.types.lift_can_fail(ty) {
        return Ok(Success::Value {
            value: Some(result_lift_expr(cx, ty)?),
            with_error: has_error,
        });
    }
    let value = match cx.types.configured_custom(ty) {
        Some((custom, _, builtin)) if cx.types.crossing(builtin)? != Crossing::Buffer => {
            format!(
                "uniffiCustomLift{custom}({})",
                result_lift_expr(cx, builtin)?
            )
        }
        _ => format!("uniffiLiftResult{}(&res)", cx.types.canonical(ty)?),
    };
    Ok(Success::Fallible {
        value,
        with_error: has_error,
    })
}

/// The function that turns a failed call's error buffer into the declared Go error.
fn error_lifter(cx: &PackageContext<'_>, throws: Option<&Type>) -> Result<String> {
    // A custom type without a Go conversion is the error enum or object it wraps.
    let resolved = throws.map(|ty| cx.types.resolve(ty));
    Ok(match resolved.as_deref() {
        Some(ty @ Type::Enum { .. }) => format!("uniffiLiftError{}", cx.types.canonical(ty)?),
        // An object used as an error is a *T implementing error; a trait object, the Go
        // interface, whose Rust implementation implements error.
        Some(ty @ Type::Object { .. }) => format!("uniffiLiftError{}", cx.types.canonical(ty)?),
        // A configured Go type is whatever the user's expressions make of the wrapped error,
        // which need not implement `error`, and a Go callback's error would have to be turned
        // back through the `lower` expression: neither is generated yet.
        Some(Type::Custom { name, .. }) => bail!(
            "custom type `{name}` is used as an error and has a Go conversion in \
             [bindings.go.custom_types]: custom types with a Go conversion cannot be errors yet; \
             remove its entry to use the error it wraps"
        ),
        Some(other) => bail!(
            "{} as an error type is not supported by the Go generator yet",
            types::describe(other)
        ),
        None => "nil".to_string(),
    })
}

/// The C helper: prepares the arguments (undoing the prepared ones if a later step fails),
/// calls Rust, and for an async call polls the new future once.
fn c_helper(
    spec: &CallSpec<'_>,
    helper_name: String,
    c_params: Vec<String>,
    c_preps: Vec<Prep>,
    c_call_args: Vec<String>,
    callable: &Callable,
) -> CHelper {
    let ffi_name = spec.ffi_func.name().to_string();
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
    CHelper {
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
        takes_error: callable.call_error.is_some(),
    }
}

/// The Go result list of a callable: `T`, `(T, error)`, `error` or nothing.
pub fn result_list(cx: &PackageContext<'_>, ret: Option<&Type>, has_error: bool) -> Result<String> {
    Ok(match (ret, has_error) {
        (Some(ty), true) => format!("({}, error)", cx.types.go_type(ty)?),
        (Some(ty), false) => cx.types.go_type(ty)?,
        (None, true) => "error".into(),
        (None, false) => String::new(),
    })
}

/// Go expression taking ownership of the value of `ty` a call returned in `res`.
fn result_lift_expr(cx: &PackageContext<'_>, ty: &Type) -> Result<String> {
    lift_from(cx, ty, LiftSource::CallResult)
}

/// Go expression taking ownership of a value of `ty` that Rust handed over as the C value `raw`.
pub fn lift_expr(cx: &PackageContext<'_>, ty: &Type, raw: &str) -> Result<String> {
    lift_from(cx, ty, LiftSource::Raw(raw))
}

/// The same for the remote transport, where `raw` is a Go value read from a CALLBACK frame: a
/// buffer's objects belong to the connection the frame came from (`r.conn`).
pub fn remote_lift_expr(cx: &PackageContext<'_>, ty: &Type, raw: &str) -> Result<String> {
    lift_from(cx, ty, LiftSource::RemoteRaw(raw))
}

/// Where a lifted value comes from.
#[derive(Clone, Copy)]
enum LiftSource<'a> {
    /// A C value, such as a callback argument.
    Raw(&'a str),
    /// The result struct `res` of a call, whose small strings and buffers are inline.
    CallResult,
    /// A Go value of the remote transport's CALLBACK frame (see `remote_lift_expr`).
    RemoteRaw(&'a str),
}

fn lift_from(cx: &PackageContext<'_>, ty: &Type, source: LiftSource<'_>) -> Result<String> {
    if let Some((custom, config, builtin)) = cx.types.configured_custom(ty) {
        if cx.types.crossing(builtin)? != Crossing::Buffer {
            if config.lift_returns_error {
                bail!("custom type `{custom}` with lift_returns_error cannot be lifted here yet");
            }
            return Ok(format!(
                "uniffiCustomLift{custom}({})",
                lift_from(cx, builtin, source)?
            ));
        }
    }
    let raw = match source {
        LiftSource::Raw(raw) | LiftSource::RemoteRaw(raw) => raw,
        LiftSource::CallResult => "res.value",
    };
    let remote = matches!(source, LiftSource::RemoteRaw(_));
    let from_result = matches!(source, LiftSource::CallResult);
    Ok(match cx.types.crossing(ty)? {
        Crossing::Scalar { .. } => format!("{}({raw})", cx.types.go_type(ty)?),
        Crossing::Bool => format!("{raw} != 0"),
        Crossing::String if from_result => "uniffiLiftResultString(&res)".to_string(),
        Crossing::String => format!("uniffiLiftString({raw})"),
        Crossing::Buffer if from_result => {
            format!("uniffiLiftResult{}(&res)", cx.types.canonical(ty)?)
        }
        Crossing::Buffer if remote => {
            format!("uniffiLift{}({raw}, r.conn)", cx.types.canonical(ty)?)
        }
        Crossing::Buffer => format!("uniffiLift{}({raw})", cx.types.canonical(ty)?),
        Crossing::Object { go_name } => format!("uniffiLiftObject{go_name}(uint64({raw}))"),
        Crossing::Foreign { canonical } => format!("uniffiLift{canonical}(uint64({raw}))"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const UDL: &str = r#"
        namespace demo {
            string greet(string name, sequence<i32> nums, boolean loud);
            [Throws=Oops]
            void check(Counter counter, duration wait);
            [Async]
            u32 later(u32 v);
        };
        [Error]
        enum Oops { "Bad" };
        interface Counter {
            constructor();
            u32 add(u32 v);
        };
    "#;

    fn function_spec<'a>(cx: &'a PackageContext<'a>, name: &str) -> CallSpec<'a> {
        let func = cx.ci.get_function_definition(name).unwrap();
        CallSpec {
            rust_name: name.into(),
            go_name: names::exported(name),
            docstring: None,
            doc_intro: "calls Rust.".into(),
            doc_owner: None,
            receiver: None,
            value_receiver: None,
            args: func.arguments(),
            return_type: func.return_type().cloned(),
            throws: func.throws_type().cloned(),
            ffi_func: func.ffi_func(),
            always_error: true,
            is_async: func.is_async(),
        }
    }

    #[test]
    fn a_string_and_a_buffer_are_checked_then_lent_to_the_c_helper() {
        crate::go::with_test_context(UDL, |cx| {
            let (callable, helper) = build(cx, &function_spec(cx, "greet")).unwrap();
            assert_eq!(callable.params, "name string, nums []int32, loud bool");
            assert_eq!(callable.results, "(string, error)");
            assert!(matches!(&callable.fail, Fail::ReturnWithZero(z) if z == "\"\""));
            let steps: Vec<String> = callable
                .preps
                .iter()
                .map(|p| match p {
                    GoPrep::SizeCheck { data, .. } => format!("size {data}"),
                    GoPrep::Utf8Check { value, .. } => format!("utf8 {value}"),
                    GoPrep::ItemCountCheck { count, limit, .. } => format!("{count} > {limit}"),
                    _ => "other".into(),
                })
                .collect();
            // The sequence of numbers needs no Go lowering: the helper serializes the slice.
            assert_eq!(
                steps,
                [
                    "size name",
                    "utf8 name",
                    "len(nums) > (uniffiMaxBufferLen-4)/4"
                ]
            );
            assert!(
                callable.call.contains("uniffiStringData(name)")
                    && callable
                        .call
                        .contains("uniffiNumbersData(nums), C.int32_t(len(nums))"),
                "{}",
                callable.call
            );
            assert!(callable.needs.lends_numbers && !callable.needs.lends_bytes);
            assert!(
                callable.call.ends_with("uniffiCBool(loud))"),
                "{}",
                callable.call
            );
            assert!(callable.needs.lends_strings && callable.needs.converts_bools);
            // Both buffers are made by the helper; the second one's failure frees the first.
            assert_eq!(helper.preps.len(), 2);
            assert_eq!(helper.cleanup.len(), 2);
            assert!(helper
                .cleanup
                .iter()
                .any(|(_, release)| release.as_deref().is_some_and(|r| r.contains("p0"))));
            assert!(helper.returns_buffer);
        });
    }

    #[test]
    fn objects_are_guarded_and_fallible_lowerings_run_after_checks() {
        crate::go::with_test_context(UDL, |cx| {
            let (callable, helper) = build(cx, &function_spec(cx, "check")).unwrap();
            assert_eq!(callable.results, "error");
            assert!(matches!(callable.fail, Fail::Return));
            assert_eq!(callable.guards.len(), 1);
            assert_eq!(callable.guards[0].var, "counter");
            assert_eq!(callable.guards[0].free_fn, "uniffiFreeCounterHandle");
            // A negative duration fails to lower: it runs as the last Go step.
            assert!(matches!(
                callable.preps.last(),
                Some(GoPrep::Lower { canonical, fallible: true, .. }) if canonical == "Duration"
            ));
            assert_eq!(callable.lift_error, "uniffiLiftErrorEnumOops");
            assert!(matches!(
                callable.success,
                Success::Value {
                    value: None,
                    with_error: true
                }
            ));
            // The helper clones the object handle for Rust and releases it if the buffer fails.
            assert!(
                helper.preps[0].decl.contains("clone_counter"),
                "{}",
                helper.preps[0].decl
            );
        });
    }

    #[test]
    fn async_calls_take_a_context_and_poll_once_in_the_helper() {
        crate::go::with_test_context(UDL, |cx| {
            let (callable, helper) = build(cx, &function_spec(cx, "later")).unwrap();
            assert_eq!(callable.params, "ctx context.Context, v uint32");
            assert_eq!(callable.results, "(uint32, error)");
            let future = callable.future.as_ref().unwrap();
            assert_eq!(
                (future.suffix.as_str(), future.go_suffix.as_str()),
                ("u32", "U32")
            );
            assert!(
                callable.call.ends_with("C.uint64_t(futureID))"),
                "{}",
                callable.call
            );
            assert_eq!(helper.first_poll.as_deref(), Some("u32"));
            assert!(
                helper.params.ends_with("uint64_t future_id"),
                "{}",
                helper.params
            );
        });
    }
}
