//! What the templates print. Every name, type and expression here was decided in Rust; the
//! templates only lay them out.

use askama::Template;

/// Filters the templates use to print small pieces of Go in gofmt's layout.
mod filters {
    use std::fmt::Display;

    /// One line of a doc comment as gofmt writes it: `// text`, `//` for an empty line, and
    /// `//\ttext` for a line of a code block (indented by a tab in the docstring).
    #[askama::filter_fn]
    pub fn comment(line: impl Display, _: &dyn askama::Values) -> askama::Result<String> {
        let line = line.to_string();
        Ok(if line.is_empty() {
            "//".to_string()
        } else if line.starts_with('\t') {
            format!("//{line}")
        } else {
            format!("// {line}")
        })
    }
}

/// What the Go files of one package print: the API file and the runtime file each print their
/// part of it.
pub struct GoFile<'a> {
    pub foreign_types: &'a [ForeignType],
    /// Go expression: the number of live handles over all handle maps.
    pub live_handles_sum: String,
    pub source_name: String,
    pub package_name: String,
    pub namespace: String,
    /// The start of the names of the Go functions exported to C: `uniffiGo<Namespace>`.
    pub export_prefix: String,
    pub runtime: Runtime,
    /// (Go, uniffi) result-type suffixes of the Rust futures the package awaits.
    pub future_suffixes: Vec<(String, String)>,
    pub records: Vec<Record>,
    pub flat_enums: Vec<FlatEnum>,
    pub data_enums: Vec<DataEnum>,
    pub errors: Vec<ErrorType>,
    pub objects: Vec<Object>,
    pub functions: Vec<Callable>,
    pub external_objects: Vec<ExternalObject>,
    /// Constructors and methods of records and enums, and their trait calls.
    pub value_methods: Vec<Callable>,
    pub value_traits: Vec<TraitWrappers>,
    pub converters: Vec<Converter>,
    /// Custom types that are Go aliases of the type they wrap.
    pub custom_aliases: Vec<CustomAlias>,
    /// Custom types converted by Go code from `[bindings.go.custom_types]`.
    pub custom_conversions: Vec<CustomConversion>,
    pub top_lowers: Vec<TopConverter>,
    pub top_lifts: Vec<TopConverter>,
    pub result_lifts: Vec<TopConverter>,
    pub checksum_names: Vec<String>,
}

/// The top of one Go file: package doc, cgo preamble and imports.
pub struct GoFileHead {
    /// The package doc comment, printed in one file only.
    pub doc: Vec<String>,
    /// The C header to include, when the file uses C.
    pub header_file: Option<String>,
    /// The `#cgo LDFLAGS` that link the Rust library, printed in one file only.
    pub ldflags: Option<String>,
    /// The `//go:build` constraint choosing the file's transport.
    pub build_tag: Option<String>,
    /// Standard-library and configured imports the file uses.
    pub imports: Vec<String>,
    /// `(package name, import path)` of the packages of other crates whose types the file uses.
    pub package_imports: Vec<(String, String)>,
}

/// `<namespace>.go`: the package's API (types, functions, methods, constructors) and the calls
/// into Rust.
#[derive(Template)]
#[template(path = "package.go", escape = "none")]
pub struct ApiFile<'a> {
    pub head: GoFileHead,
    pub package: &'a GoFile<'a>,
    /// Whether calls go to a remote host (the shared templates print either transport).
    pub remote: bool,
}

/// `<namespace>_remote.go`: the whole package again for the remote transport, chosen when cgo is
/// off or with the `uniffi_remote` build tag. The API is printed by the same templates as the
/// cgo files, so it is the same API.
#[derive(Template)]
#[template(path = "package_remote.go", escape = "none")]
pub struct RemoteFile<'a> {
    pub head: GoFileHead,
    pub package: &'a GoFile<'a>,
    pub remote: bool,
    pub info: RemoteInfo,
}

/// What the remote runtime names besides the package's items.
pub struct RemoteInfo {
    /// The C functions the handshake names, in order.
    pub functions: Vec<String>,
    /// `(index, value)` of each checksum function, in `GoFile::checksum_names` order.
    pub checksums: Vec<(usize, u16)>,
    /// The Go constant of the contract-version function.
    pub contract_version_fn: String,
    pub contract_version: u32,
    /// `(constant, index, C name)` of the functions the file calls by constant.
    pub constants: Vec<(String, usize, String)>,
    /// The environment variables' suffix: the namespace in upper case.
    pub env_suffix: String,
    /// The library's link name: `timer` for libtimer.so.
    pub link_name: String,
}

impl<'a> std::ops::Deref for RemoteFile<'a> {
    type Target = GoFile<'a>;
    fn deref(&self) -> &GoFile<'a> {
        self.package
    }
}

/// `<namespace>_runtime.go`: the unexported runtime (load check, reader and writer, converters,
/// object handles, futures, handle maps, host calls, the functions Rust calls into Go).
#[derive(Template)]
#[template(path = "package_runtime.go", escape = "none")]
pub struct RuntimeFile<'a> {
    pub head: GoFileHead,
    pub package: &'a GoFile<'a>,
    pub remote: bool,
}

/// The templates of both files name the package's items directly.
impl<'a> std::ops::Deref for ApiFile<'a> {
    type Target = GoFile<'a>;
    fn deref(&self) -> &GoFile<'a> {
        self.package
    }
}

impl<'a> std::ops::Deref for RuntimeFile<'a> {
    type Target = GoFile<'a>;
    fn deref(&self) -> &GoFile<'a> {
        self.package
    }
}

/// The C header of one package: the library's ABI plus the one-crossing helpers Go calls.
#[derive(Template)]
#[template(path = "header.h", escape = "none")]
pub struct HeaderFile<'a> {
    pub foreign_types: &'a [ForeignType],
    pub complete_helpers: Vec<CompleteHelper>,
    pub has_host_calls: bool,
    pub has_go_impls: bool,
    /// Some call takes a sequence of numbers (`lower_numbers`).
    pub lends_numbers: bool,
    /// Some call returns a sequence of numbers (`lift_numbers`).
    pub lifts_numbers: bool,
    pub fixed_lowerings: Vec<FixedLowering>,
    /// Some call takes an enum without fields (`lower_index`).
    pub lowers_indexes: bool,
    pub rustbuffer_from_bytes: String,
    pub guard: String,
    pub namespace: String,
    /// The start of the names of the Go functions exported to C: `uniffiGo<Namespace>`.
    pub export_prefix: String,
    pub source_name: String,
    pub declarations: Vec<String>,
    pub result_types: Vec<ResultType>,
    pub helpers: Vec<CHelper>,
    pub rustbuffer_free: String,
    pub rustbuffer_alloc: String,
    pub contract_version_fn: String,
    pub contract_version: u32,
    pub checksums: Vec<(String, u16)>,
    pub object_frees: Vec<ObjectHandleFns>,
    pub futures: Vec<FutureHelpers>,
}

/// C helpers for the Rust futures of one result type.
pub struct FutureHelpers {
    pub suffix: String,
    pub result_type: String,
    /// The struct the helper starting a call returns: the future and its first poll's answer.
    pub started_type: String,
    pub poll_ffi: String,
    pub cancel_ffi: String,
    pub complete_ffi: String,
    pub free_ffi: String,
    pub returns_value: bool,
    pub returns_buffer: bool,
}

/// Which reader/writer methods of the runtime are used.
#[derive(Default)]
pub struct Runtime {
    /// Canonical names of the builtin types read from buffers (`Int32`, `String`, ...).
    pub reads: Vec<String>,
    pub writes: Vec<String>,
    pub uses_cbool: bool,
    pub uses_strings_top_level: bool,
    pub lends_bytes: bool,
    /// A call into Rust takes a sequence of numbers, which the C helper serializes.
    pub lends_numbers: bool,
    /// A call into Rust returns a sequence of numbers, which the C helper copies into a Go slice.
    pub lifts_numbers: bool,
    /// A call into Rust takes an enum without fields, whose index the C helper writes.
    pub lowers_indexes: bool,
    /// A Go callback receives a string argument (`uniffiLiftString`).
    pub lifts_strings: bool,
    /// A call into Rust returns a string (`uniffiLiftResultString`).
    pub lifts_result_strings: bool,
    /// A call into Rust returns a string or buffer (`uniffiResultBytes`).
    pub lifts_results: bool,
    /// Some argument's size is checked (`uniffiMaxBufferLen`, `uniffiTooLarge`).
    pub checks_sizes: bool,
    pub lowers_buffers: bool,
    pub has_objects: bool,
    /// Some object is written inside a buffer: the writer tracks cloned handles.
    pub tracks_clones: bool,
    /// Some map's keys are not comparable in Go: the `MapEntry` type.
    pub uses_map_entries: bool,
    /// Some default value is an optional with a value: `uniffiSome`.
    pub uses_some: bool,
    /// Some lift can fail with an `*InternalError`: `uniffiRecoverLift` turns it into an error.
    pub recovers_lifts: bool,
    /// Go implements some interface Rust calls: the handle map and callback runtime.
    pub has_go_impls: bool,
    /// Some Go method is async: the pending host call table.
    pub has_host_calls: bool,
    pub declares_err_closed: bool,
    /// Error types (canonical) that Go callbacks hand to Rust.
    pub callback_errors: Vec<CallbackError>,
    /// Some Go callback returns a string to Rust (`uniffiStringBytes`).
    pub returns_strings_to_rust: bool,
    /// Strings are checked before a call makes handles (`uniffiCheckString`).
    pub checks_strings: bool,
}

impl Runtime {
    pub fn reads(&self, canonical: &str) -> bool {
        self.reads.iter().any(|c| c == canonical)
    }
    pub fn writes(&self, canonical: &str) -> bool {
        self.writes.iter().any(|c| c == canonical)
    }
}

pub struct Field {
    pub doc: Vec<String>,
    pub name: String,
    /// Spaces after the name that line the types up as gofmt does (see `column_pads`).
    pub pad: String,
    /// An object or interface: a handle, whose Go value means nothing in a message.
    pub is_handle: bool,
    /// The Rust name; empty for the fields of a tuple variant.
    pub rust_name: String,
    pub go_type: String,
    pub read: String,
    pub write: String,
    pub size: String,
}

pub struct Record {
    pub doc: Vec<String>,
    pub name: String,
    pub fields: Vec<Field>,
    /// The fields Rust gives defaults: `Default<Record>()`.
    pub defaults: Vec<KeyValue>,
    /// Some field has no default, so `Default<Record>()` leaves it zero.
    pub defaults_partial: bool,
}

/// The options struct of a callable with defaulted arguments, and its constructor.
pub struct OptionsStruct {
    pub name: String,
    pub callable: String,
    /// `(field, Go type, default expression)`.
    pub fields: Vec<(String, String, String)>,
    /// The same fields in the composite literal of the constructor.
    pub values: Vec<KeyValue>,
}

/// One `Key: value,` line of a composite literal, with the spaces after the colon that line the
/// values up as gofmt does.
pub struct KeyValue {
    pub key: String,
    pub pad: String,
    pub value: String,
}

impl KeyValue {
    /// The lines of a composite literal written one per line, aligned as one run.
    pub fn aligned(pairs: impl IntoIterator<Item = (String, String)>) -> Vec<KeyValue> {
        let pairs: Vec<(String, String)> = pairs.into_iter().collect();
        let keys: Vec<(&str, bool)> = pairs.iter().map(|(k, _)| (k.as_str(), false)).collect();
        let pads = column_pads(&keys);
        pairs
            .into_iter()
            .zip(pads)
            .map(|((key, value), pad)| KeyValue { key, pad, value })
            .collect()
    }
}

/// The spaces after each first cell of consecutive lines (a struct field's name, a literal's
/// `Key:`) that line up the next cells as gofmt's tabwriter does: within a run, every cell is
/// padded to the widest, plus one space. `starts_run` marks a line after a comment, which
/// gofmt does not align with the lines before it.
pub fn column_pads(cells: &[(&str, bool)]) -> Vec<String> {
    let mut pads = Vec::with_capacity(cells.len());
    let mut start = 0;
    while start < cells.len() {
        let end = (start + 1..cells.len())
            .find(|&i| cells[i].1)
            .unwrap_or(cells.len());
        let run = &cells[start..end];
        let widest = run
            .iter()
            .map(|(c, _)| c.chars().count())
            .max()
            .unwrap_or(0);
        pads.extend(
            run.iter()
                .map(|(c, _)| " ".repeat(widest - c.chars().count() + 1)),
        );
        start = end;
    }
    pads
}

pub struct FlatVariant {
    pub doc: Vec<String>,
    pub const_name: String,
    pub rust_name: String,
    /// The Rust discriminant, when the enum declares its own (see `FlatEnum::underlying`).
    pub value: Option<String>,
    /// Spaces after the name that line the constants' types up as gofmt does.
    pub pad: String,
}

pub struct FlatEnum {
    /// Rust exports Display: its text is String, instead of the variant name.
    pub rust_display: bool,
    /// The Go integer type under the enum: `int32` with the values 1, 2, ... (the zero value
    /// names no variant), or, when Rust gives the variants discriminants of their own, the type
    /// of the enum's `#[repr]` (`int64` without one), with those discriminants as the values.
    pub underlying: String,
    /// The constants hold Rust's discriminants.
    pub rust_values: bool,
    pub doc: Vec<String>,
    pub name: String,
    pub variants: Vec<FlatVariant>,
}

pub struct DataVariant {
    pub doc: Vec<String>,
    pub struct_name: String,
    pub rust_name: String,
    pub index: usize,
    pub fields: Vec<Field>,
    /// For a variant of an error: the field holding the error it wraps, which `Unwrap` returns.
    pub unwrap: Option<String>,
    /// The fields Rust gives defaults: `Default<Variant>()`, as uniffi's other backends give
    /// them to the variant's constructor.
    pub defaults: Vec<KeyValue>,
    /// Some field has no default, so `Default<Variant>()` leaves it zero.
    pub defaults_partial: bool,
    /// For a variant of an error: the Go expression its `Error` method returns (for a flat
    /// error, when Rust sent no message).
    pub error_text: String,
}

pub struct DataEnum {
    pub doc: Vec<String>,
    pub name: String,
    pub marker: String,
    pub variants: Vec<DataVariant>,
}

pub struct ErrorType {
    pub doc: Vec<String>,
    pub name: String,
    pub marker: String,
    /// Flat errors carry Rust's message instead of fields.
    pub flat: bool,
    /// The Go function returning Rust's Display text of a value, when the error exports Display:
    /// `Error` returns that text.
    pub rust_display: Option<String>,
    pub variants: Vec<DataVariant>,
}

pub struct Object {
    pub doc: Vec<String>,
    /// The Go struct.
    pub name: String,
    /// The object's name in `Symbols` (differs from `name` for trait interfaces).
    pub sym_name: String,
    pub receiver: String,
    /// The Go function freeing a handle.
    pub free_fn: String,
    /// The C helpers freeing and cloning a handle.
    pub free_helper: String,
    pub clone_helper: Option<String>,
    /// The remote transport's names of the free and clone functions (`uniffiFn…`).
    pub remote_free: String,
    pub remote_clone: String,
    pub constructors: Vec<Callable>,
    pub methods: Vec<Callable>,
    pub traits: Option<TraitWrappers>,
    /// Rust uses the object as an error: how its `Error` method gets its text.
    pub error_text: Option<ErrorText>,
    /// The text of the object's `Error` method without Display or Debug, and the context of a
    /// failure to get that text: `timer: account error`.
    pub error_name: String,
    /// Another crate of the build uses the object in its API: the exported handle functions its
    /// package calls.
    pub shared: bool,
}

/// An object of another crate's package that this package passes to or gets from Rust.
pub struct ExternalObject {
    /// A trait or callback interface (an interface in Go), not an object struct.
    pub interface: bool,
    pub canonical: String,
    /// `*extbase.Tally`.
    pub go_type: String,
    pub package: String,
    pub name: String,
    pub lowered: bool,
    pub lifted: bool,
}

/// Where an object used as an error gets the text of its `Error` method.
pub enum ErrorText {
    Display,
    Debug,
    /// Neither is exported: the object's name.
    Name,
}

/// The exported Go methods (or, for enums with data, functions) for the Rust traits a type
/// exports, over unexported calls (`uniffiDisplay`, ..., or `uniffi<Type>Display`, ...).
pub struct TraitWrappers {
    pub type_name: String,
    /// The type is an interface: the wrappers are functions `<Type>String(v)`, ...
    pub as_functions: bool,
    pub wrappers: Vec<TraitWrapper>,
}

impl TraitWrappers {
    /// Whether the type exports this Rust trait (`Display`, `Debug`, `Eq`, `Hash`, `Ord`).
    pub fn has(&self, rust_trait: &str) -> bool {
        self.wrappers.iter().any(|w| w.rust_trait == rust_trait)
    }
}

/// One Go method or function standing for a Rust trait method; it panics if the call fails.
pub struct TraitWrapper {
    pub doc: Vec<String>,
    pub go_name: String,
    pub rust_trait: &'static str,
    /// The receiver `(variable, type)` of a method; `None` for a function such as
    /// `FigureString(f Figure)`, which takes the value as its first parameter.
    pub receiver: Option<(String, String)>,
    pub params: String,
    pub result_type: &'static str,
    /// The unexported call that returns `(value, error)`.
    pub call: String,
    pub local: &'static str,
    /// The value returned, made from `local`.
    pub result: &'static str,
}

/// A Go function or method that makes one call into Rust.
/// Runtime helpers a callable's body calls; the runtime emits only what some callable needs.
#[derive(Debug, Default, Clone, Copy)]
pub struct CallNeeds {
    /// `uniffiStringData` and `unicode/utf8`: a string argument is lent to C.
    pub lends_strings: bool,
    /// `uniffiBytesData`: a byte slice (lowered buffer or borrowed bytes) is lent to C.
    pub lends_bytes: bool,
    /// `uniffiCBool`: a bool argument.
    pub converts_bools: bool,
    /// `uniffiLiftResultString`: a string result.
    pub lifts_strings: bool,
    /// `uniffiMaxBufferLen` and `uniffiTooLarge`: an argument's size is checked.
    pub checks_sizes: bool,
    /// `uniffiNumbersData` (`uniffiLowerNumbers` remotely): a slice of numbers is lent to C.
    pub lends_numbers: bool,
    /// The C helper writes an enum's variant index (`lower_index`).
    pub lowers_indexes: bool,
}

impl CallNeeds {
    pub fn union(self, other: CallNeeds) -> CallNeeds {
        CallNeeds {
            lends_strings: self.lends_strings || other.lends_strings,
            lends_bytes: self.lends_bytes || other.lends_bytes,
            converts_bools: self.converts_bools || other.converts_bools,
            lifts_strings: self.lifts_strings || other.lifts_strings,
            checks_sizes: self.checks_sizes || other.checks_sizes,
            lends_numbers: self.lends_numbers || other.lends_numbers,
            lowers_indexes: self.lowers_indexes || other.lowers_indexes,
        }
    }
}

/// How an async callable waits for its Rust future.
pub struct FutureCall {
    /// uniffi's name for the future's result type (`void`, `u64`, `rust_buffer`, ...), which
    /// names the `rust_future_*` functions and our helpers for them.
    pub suffix: String,
    /// The suffix in MixedCaps, for Go names.
    pub go_suffix: String,
}

pub struct Callable {
    /// Defaulted arguments, taken as `opts *<Name>Options`.
    pub options: Option<OptionsStruct>,
    pub needs: CallNeeds,
    pub future: Option<FutureCall>,
    pub doc: Vec<String>,
    /// `(t *Timer) ` for methods, empty for functions.
    pub receiver: String,
    pub name: String,
    /// The Rust name, for messages.
    pub rust_name: String,
    pub params: String,
    pub results: String,
    /// How the wrapper gives up when the library failed its load-time check, an object is
    /// closed, an argument cannot cross or Rust reports an error.
    pub fail: Fail,
    pub guards: Vec<Guard>,
    /// What runs in Go before the call, in order.
    pub preps: Vec<GoPrep>,
    /// The C helper call: `C.uniffi_go_…(args…)`.
    pub call: String,
    /// The same call over the remote transport: `uniffiCall(uniffiNewRequest(…)…, read)`.
    pub remote_call: String,
    /// The error lifter for a failed status: `uniffiLiftError<T>` or `nil`.
    pub lift_error: String,
    /// Synchronous calls that declare an error: `uniffiCallError<T>`, which also lifts an error
    /// whose payload the C helper moved into the status (see `CHelper::takes_error`).
    pub call_error: Option<String>,
    pub success: Success,
}

/// How a Go wrapper gives up with an error value.
pub enum Fail {
    /// `return <zero value>, err`
    ReturnWithZero(String),
    /// `return err`
    Return,
    /// `panic(err)`: methods of Go interfaces that have no error result.
    Panic,
}

/// How a Go wrapper returns the result Rust gave in `res`.
pub enum Success {
    /// No result and no error result: the function ends.
    Nothing,
    /// `return <value>`, followed by `, nil` when the function has an error result too; a
    /// function with only an error result returns nil.
    Value {
        value: Option<String>,
        with_error: bool,
    },
    /// Lifting can fail: `lifted, err := <value>`, failing on err, then `return lifted`.
    Fallible { value: String, with_error: bool },
}

/// One step in Go before the C call: a check or a lowering. Each step that fails fails the call.
pub enum GoPrep {
    /// A nil options pointer means every default.
    DefaultOptions { constructor: String },
    /// A configured custom type is converted to the type it wraps: `var := uniffiCustomLower…`.
    CustomLower {
        var: String,
        custom: String,
        value: String,
        fallible: bool,
    },
    /// Lengths cross as an i32: longer data fails instead of being cut short.
    SizeCheck { data: String, what: String },
    /// The item count of a sequence of numbers lent to C, against the most that fit in a buffer
    /// (`limit`, compared before any multiplication, which could wrap on 32-bit platforms);
    /// `size` is the serialized size, for the error.
    ItemCountCheck {
        count: String,
        limit: String,
        size: String,
        what: String,
    },
    /// Rust takes a top-level string's bytes as UTF-8 without checking them.
    Utf8Check { value: String, what: String },
    /// A value Rust may refuse, checked before the call makes handles Rust would then never
    /// take: `check` gives the reason ("" when none).
    Check { check: String, what: String },
    /// A value serialized by `uniffiLower<canonical>` into `var`; a fallible lowering (closed
    /// objects, negative durations) checks the size itself.
    Lower {
        var: String,
        canonical: String,
        value: String,
        fallible: bool,
        /// A fallible lowering returns the handles it cloned (`<var>Cloned`); when it fails,
        /// those of the earlier fallible lowerings (named by their `var`) are released.
        release: Vec<String>,
        /// A later step may fail: `<var>Cloned` is kept for it to release.
        keep_cloned: bool,
    },
    /// A trait or callback interface value handed to Rust as a handle; when it fails, the
    /// handles made for earlier arguments (`(handle, canonical)`) are released.
    ForeignLower {
        var: String,
        canonical: String,
        value: String,
        release: Vec<(String, String)>,
        /// The fallible buffer lowerings before it, whose cloned handles are released too.
        release_cloned: Vec<String>,
    },
}

/// An object argument (or receiver) kept open for the duration of a call.
pub struct Guard {
    pub var: String,
    pub free_fn: String,
}

/// Read/write/size functions for one compound type.
pub struct Converter {
    pub canonical: String,
    pub go_type: String,
    pub read: bool,
    pub write: bool,
    /// Thrown by some callable: needs `uniffiLiftError<T>`.
    pub lift_error: bool,
    /// Thrown by some synchronous callable: needs `uniffiCallError<T>`.
    pub call_error: bool,
    pub kind: ConverterKind,
    /// `uniffiCheck<T>`, for a type whose values are checked before a call makes handles.
    pub check: Option<Check>,
}

/// What `uniffiCheck<T>(v)` looks at to find a value Rust would refuse. Each expression gives
/// the reason Rust would refuse a part ("" when it would not).
pub enum Check {
    /// An optional: `inner` checks the value (`v` or `*v`) when there is one.
    Optional { inner: String },
    /// A sequence or set: `item` checks each `item`.
    Items { item: String, is_set: bool },
    /// A map: `key` and `value` check each entry (`entry.Key`, or `key` for a Go map).
    Entries {
        entries: bool,
        key: Option<String>,
        value: Option<String>,
    },
    /// A record: one check per field that needs one.
    Fields { checks: Vec<String> },
    /// A flat enum: the value must name a variant.
    Range {
        name: String,
        count: usize,
        /// The constants, when they hold Rust's discriminants instead of 1..=count.
        consts: Vec<String>,
    },
    /// A data enum or error: a nil value names no variant; the variants' fields are checked.
    Variants {
        go_type: String,
        /// `(variant struct, checks of its fields as v.Field)`; variants with nothing to check
        /// are left out.
        variants: Vec<(String, Vec<String>)>,
    },
}

pub enum ConverterKind {
    Optional {
        read_inner: String,
        write_inner: String,
        size_inner: String,
        /// The Go type is already nilable (an object pointer), so no extra pointer is added.
        nilable_inner: bool,
    },
    /// A sequence (`[]T`) or a set (`map[T]struct{}`): a count, then the items.
    Collection {
        read_item: String,
        write_item: String,
        /// `Some(n)` when every item takes n bytes.
        fixed_item_size: Option<usize>,
        /// Sequences of numbers: read and written in a loop over the bytes.
        fixed_wire: Option<super::types::FixedWire>,
        size_item: String,
        is_set: bool,
    },
    Map {
        /// The Go type is `[]MapEntry[K, V]`: Go cannot compare the keys.
        entries: bool,
        read_key: String,
        read_value: String,
        write_key: String,
        write_value: String,
        size_entry: String,
        /// `Some(n)` when every entry takes n bytes.
        fixed_entry_size: Option<usize>,
        /// The range clause of the size loop: only the variables it uses.
        size_range: String,
    },
    Record {
        fields: Vec<Field>,
    },
    FlatEnum {
        name: String,
        count: usize,
        /// The constants in variant order, when they hold Rust's discriminants: the wire still
        /// numbers variants 1, 2, ..., so the converter maps one to the other.
        consts: Vec<String>,
    },
    DataEnum {
        variants: Vec<DataVariant>,
        /// Some variant has fields, so the type switch binds the value.
        binds_value: bool,
        /// Some variant's size depends on its fields' values.
        size_binds_value: bool,
    },
    FlatError {
        variants: Vec<DataVariant>,
    },
    Object {
        constructor: String,
        clone_method: String,
        free_fn: String,
    },
    /// A trait or callback interface value, crossing as a handle.
    Foreign {
        canonical: String,
    },
    /// A custom type with a configured conversion, written as the type it wraps.
    Custom {
        name: String,
        read_builtin: String,
        write_builtin: String,
        /// `Some(n)` when the wrapped type takes n bytes.
        fixed_size: Option<usize>,
        size_builtin: String,
        lift_returns_error: bool,
        lower_returns_error: bool,
    },
}

impl ConverterKind {
    /// A trait or callback interface (or another package's object), lifted from a handle: its
    /// `uniffiLiftError` is written by its own case, as the Go interface is not an `error`.
    pub fn is_foreign(&self) -> bool {
        matches!(self, ConverterKind::Foreign { .. })
    }
}

/// `type <name> = <target>` for a custom type without a configured conversion.
pub struct CustomAlias {
    pub doc: Vec<String>,
    pub name: String,
    pub target: String,
}

/// `uniffiCustomLift<name>` / `uniffiCustomLower<name>`: the configured conversions of a custom
/// type, emitted for the directions the package uses.
pub struct CustomConversion {
    pub name: String,
    pub rust_name: String,
    pub go_type: String,
    pub builtin_go_type: String,
    /// Go expressions over `b` (the wrapped value) and `v` (the Go value).
    pub lift: Option<String>,
    pub lower: Option<String>,
    pub lift_returns_error: bool,
    pub lower_returns_error: bool,
}

/// `uniffiLower<T>` / `uniffiLift<T>` for a buffer type at the top level of a call.
pub struct TopConverter {
    pub canonical: String,
    pub go_type: String,
    pub read: String,
    pub write: String,
    pub size: String,
    /// The size is an expression with operators, which gofmt spaces differently inside a call:
    /// it gets a line of its own.
    pub size_on_own_line: bool,
    /// Lowering clones object handles and can fail (`([]byte, error)`).
    pub holds_objects: bool,
    /// Lifting can fail: `uniffiLift<T>` returns an error too.
    pub lift_can_fail: bool,
    /// The item size of a sequence of numbers, which the C helper copies into a Go slice when it is
    /// returned by a call into Rust.
    pub number_width: Option<usize>,
}

/// `typedef struct { RustCallStatus status; T value; }` for each return type a helper uses.
pub struct ResultType {
    pub name: String,
    pub value_type: Option<String>,
    /// Bytes of a returned buffer the result carries itself (buffer results only).
    pub inline_bytes: Option<usize>,
}

/// A static inline C function that does one whole call: converts borrowed Go bytes into
/// RustBuffers, clones handles, calls Rust and returns the status and value by value.
pub struct CHelper {
    pub name: String,
    pub result_type: String,
    pub params: String,
    pub preps: Vec<CPrep>,
    pub ffi_name: String,
    pub call_args: String,
    pub returns_value: bool,
    pub returns_buffer: bool,
    /// The call declares an error: a payload of up to 8 bytes is moved into the status's
    /// `errorBuf.capacity` and Rust's buffer freed in the same crossing (`Callable::call_error`
    /// lifts it).
    pub takes_error: bool,
    /// Failure labels in the order they appear, each releasing what was prepared before it.
    pub cleanup: Vec<(String, Option<String>)>,
    /// Async calls: the future's result-type suffix. The helper also polls the new future once
    /// and, when it is ready at once, completes and frees it, all in the same crossing.
    pub first_poll: Option<String>,
}

/// A C function that writes a record of numbers and bools into a buffer Rust allocates.
pub struct FixedLowering {
    pub canonical: String,
    /// `int32_t f0, double f1, ...`: the fields in wire order.
    pub params: String,
    pub size: usize,
    /// One statement per field, storing it big-endian at its offset in `b.data`.
    pub stores: Vec<String>,
}

pub struct CPrep {
    pub decl: String,
    pub fail_label: String,
}

pub struct ObjectHandleFns {
    pub free_helper: String,
    pub free_ffi: String,
    pub clone_helper: Option<String>,
    pub clone_ffi: String,
}

/// A trait or callback interface: the Go interface, and how values of it cross.
pub struct ForeignType {
    pub doc: Vec<String>,
    /// The Go interface.
    pub name: String,
    /// Names its converters: `uniffiLower<canonical>`, `uniffiLift<canonical>`, ...
    pub canonical: String,
    pub methods: Vec<InterfaceMethod>,
    /// `Rust<Name>`, the struct wrapping Rust implementations of a trait interface.
    pub rust_impl: Option<String>,
    /// Go implementations can be handed to Rust: the handle map and vtable.
    pub go_impl: Option<GoImpl>,
    /// Go hands values of this type to Rust.
    pub lowered: bool,
    /// Rust hands values of this type to Go.
    pub lifted: bool,
    /// Another crate of the build uses the interface in its API: the exported functions its
    /// package calls to lower, lift and release values.
    pub shared: bool,
}

pub struct InterfaceMethod {
    pub doc: Vec<String>,
    /// `Name(params) results`.
    pub signature: String,
}

/// The machinery that lets Rust call Go implementations of an interface.
pub struct GoImpl {
    /// The handle map variable.
    pub handles: String,
    pub free_export: String,
    pub clone_export: String,
    /// The C function registering the vtable.
    pub init_helper: String,
    pub vtable_type: String,
    pub init_ffi: String,
    /// The remote transport's name of the registration function (`uniffiFn…`).
    pub remote_init: String,
    pub exports: Vec<ExportedMethod>,
}

/// The Go function Rust calls (through a C trampoline) for one interface method.
pub struct ExportedMethod {
    pub export_name: String,
    /// `(variable, Go type)` of the arguments a remote CALLBACK carries after the handle.
    pub remote_args: Vec<(String, String)>,
    /// Its C parameters, for the `extern` declaration the trampoline calls.
    pub export_c_params: String,
    pub params: String,
    pub is_async: bool,
    /// Taking ownership of the arguments, in order.
    pub lifts: Vec<ArgLift>,
    /// The Go method call: `uniffiHandles<Trait>.get(uint64(handle)).<Method>(args…)`.
    pub call: String,
    /// The Go method returns an error (it throws, or is async).
    pub returns_error: bool,
    pub returns_value: bool,
    /// Go type of `lowered`, the result in the form Rust takes.
    pub value_type: String,
    /// How the method's result `ret` becomes `lowered`.
    pub lowering: Option<ResultLowering>,
    /// `uniffiLowerCallbackError<T>` for a declared error, or `nil`.
    pub lower_error: String,
    /// Async methods returning a handle: the Go function releasing it when Rust no longer waits.
    pub release_fn: Option<String>,
    pub trampoline: Trampoline,
    pub complete: Option<CompleteHelper>,
    pub converts_bools: bool,
    pub returns_string: bool,
    /// The result crosses as bytes (a string or a buffer), whose size is checked.
    pub returns_buffer: bool,
    /// Some argument is a string (`uniffiLiftString`).
    pub lifts_strings: bool,
}

/// One argument of a Go callback, lifted from the C value Rust passed.
pub struct ArgLift {
    pub local: String,
    /// Go expression taking ownership of the value.
    pub value: String,
    /// The same for the remote transport, where a buffer's objects belong to the connection the
    /// callback came from (`r.conn`).
    pub remote_value: String,
    /// Lifting can fail: the variable that holds its error, which fails the callback.
    pub error_var: Option<String>,
}

/// How the result `ret` of a Go callback becomes `lowered`, a value Rust owns. A failure panics,
/// which the callback reports to Rust as an unexpected error.
pub struct ResultLowering {
    /// A configured custom type is first converted to the type it wraps, into `retConv`.
    pub custom: Option<CustomLowering>,
    /// The variable lowered: `ret` or `retConv`.
    pub value: String,
    pub kind: LoweringKind,
    /// Go expression of the lowered value, once `kind`'s steps ran.
    pub expr: String,
    /// The Go type of the lowered value.
    pub value_type: String,
    /// `expr` and `value_type` for the remote transport, whose values are Go values.
    pub remote_expr: String,
    pub remote_value_type: String,
    /// The value is bytes to copy into a Rust buffer.
    pub is_bytes: bool,
    /// The Go function releasing a lowered handle that Rust no longer waits for.
    pub release_fn: Option<String>,
}

pub struct CustomLowering {
    pub custom: String,
    pub fallible: bool,
}

/// The steps before a callback result's lowered value exists.
pub enum LoweringKind {
    /// A conversion expression alone.
    Direct,
    /// Serialized into `retBuf` by `uniffiLower<canonical>`.
    Buffer { canonical: String, fallible: bool },
    /// An object: Rust takes a new handle of it, in `h`.
    ObjectHandle,
    /// A trait or callback interface: a handle Go hands out, in `h`.
    ForeignHandle { canonical: String },
}

/// A static C function in the vtable that forwards to the exported Go function.
pub struct Trampoline {
    pub name: String,
    pub params: String,
    pub export_name: String,
    pub export_args: String,
    pub is_async: bool,
}

/// A C helper that hands an async method's answer to Rust's completion callback.
#[derive(Clone)]
pub struct CompleteHelper {
    pub name: String,
    pub result_type: String,
    pub complete_type: String,
    /// C parameters carrying the value (none for methods without a result).
    pub value_param: Option<String>,
    pub value_is_buffer: bool,
}

/// An error type Go callbacks hand to Rust.
pub struct CallbackError {
    pub canonical: String,
    pub go_type: String,
    /// Its variant structs, which a callback may also return by pointer.
    pub variants: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_pads_align_each_run_to_its_widest_cell() {
        let pads = column_pads(&[
            ("ID", false),
            ("Name", false),
            ("At", true),
            ("Long", false),
        ]);
        assert_eq!(pads, vec!["   ", " ", "   ", " "]);
        assert!(column_pads(&[]).is_empty());
    }

    #[test]
    fn key_values_align_after_the_colon() {
        let kv = KeyValue::aligned([
            ("Port:".to_string(), "8080".to_string()),
            ("Timeout:".to_string(), "nil".to_string()),
        ]);
        let lines: Vec<String> = kv
            .iter()
            .map(|kv| format!("{}{}{}", kv.key, kv.pad, kv.value))
            .collect();
        assert_eq!(lines, vec!["Port:    8080", "Timeout: nil"]);
    }
}
