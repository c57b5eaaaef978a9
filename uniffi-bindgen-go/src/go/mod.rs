//! Everything Go-specific: from a loaded `ComponentInterface` to the Go file and C header.

mod callables;
mod collisions;
mod converters;
mod defaults;
mod definitions;
mod docs;
mod ffi;
mod foreign;
mod linking;
mod methods;
mod model;
pub mod names;
mod types;

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use askama::Template;
use uniffi_bindgen::interface::{AsType, FfiType, Type};
use uniffi_bindgen::ComponentInterface;

use crate::config::GoConfig;
use callables::CallSpec;
use converters::Usage;
use model::{
    ApiFile, GoFile, GoFileHead, HeaderFile, ObjectHandleFns, RemoteFile, RemoteInfo, ResultType,
    Runtime, RuntimeFile, TopConverter,
};
pub use types::Sibling;
use types::TypeOracle;

/// The rendered files of one Go package.
pub struct RenderedPackage {
    pub package_name: String,
    /// `go.mod`, when a module path is configured.
    pub go_mod: Option<String>,
    /// `<namespace>.go`: the API.
    pub go_file_name: String,
    pub go_source: String,
    /// `<namespace>_runtime.go`: the unexported runtime.
    pub runtime_file_name: String,
    pub runtime_source: String,
    pub header_file_name: String,
    pub header_source: String,
    /// `<namespace>_remote.go`: the package over the remote transport (docs/remote.md), when the
    /// package has nothing that transport cannot carry yet.
    pub remote: Option<(String, String)>,
}

/// What every step of rendering one package needs: the crate's interface, what its types are in
/// Go, and the names of the FFI symbols generated code calls. Passed explicitly; nothing global.
pub struct PackageContext<'a> {
    pub ci: &'a ComponentInterface,
    pub types: TypeOracle<'a>,
    pub sym: Symbols,
    /// Where backticked Rust names in docstrings lead in Go.
    pub links: docs::Links,
}

impl<'a> PackageContext<'a> {
    pub fn new(
        ci: &'a ComponentInterface,
        custom_types: &'a BTreeMap<String, crate::config::CustomTypeConfig>,
        siblings: &'a BTreeMap<String, Sibling>,
    ) -> Self {
        let types = TypeOracle::new(ci, custom_types, siblings);
        Self {
            ci,
            links: docs::Links::of(ci, &types),
            types,
            sym: Symbols::new(ci),
        }
    }
}

/// Runs `check` with the context of a package made from `udl` (namespace `demo`).
#[cfg(test)]
pub(crate) fn with_test_context(udl: &str, check: impl FnOnce(&PackageContext<'_>)) {
    let mut ci = ComponentInterface::from_webidl(udl, "demo").unwrap();
    ci.derive_ffi_funcs().unwrap();
    let (custom_types, siblings) = (BTreeMap::new(), BTreeMap::new());
    check(&PackageContext::new(&ci, &custom_types, &siblings));
}

/// Names of FFI symbols that generated code refers to from several places.
pub struct Symbols {
    pub rustbuffer_free: String,
    pub rustbuffer_from_bytes: String,
    pub rustbuffer_alloc: String,
    /// Object Go name -> (clone FFI function, free FFI function).
    objects: BTreeMap<String, (String, String)>,
}

impl Symbols {
    fn new(ci: &ComponentInterface) -> Self {
        let objects = ci
            .object_definitions()
            .iter()
            .map(|o| {
                (
                    names::exported(o.name()),
                    (
                        o.ffi_object_clone().name().to_string(),
                        o.ffi_object_free().name().to_string(),
                    ),
                )
            })
            .collect();
        Self {
            rustbuffer_free: ci.ffi_rustbuffer_free().name().to_string(),
            rustbuffer_from_bytes: ci.ffi_rustbuffer_from_bytes().name().to_string(),
            rustbuffer_alloc: ci.ffi_rustbuffer_alloc().name().to_string(),
            objects,
        }
    }

    pub fn object_clone_ffi(&self, go_name: &str) -> String {
        self.objects
            .get(go_name)
            .map(|o| o.0.clone())
            .unwrap_or_default()
    }

    pub fn object_free_ffi(&self, go_name: &str) -> String {
        self.objects
            .get(go_name)
            .map(|o| o.1.clone())
            .unwrap_or_default()
    }

    /// The Go function that frees a handle of this object.
    pub fn object_free_fn(&self, go_name: &str) -> String {
        format!("uniffiFree{go_name}Handle")
    }

    /// The C helper that frees a handle of this object.
    pub fn object_free_helper(&self, go_name: &str) -> String {
        ffi::helper_name(&self.object_free_ffi(go_name))
    }

    /// The C helper that clones a handle of this object.
    pub fn object_clone_helper(&self, go_name: &str) -> String {
        ffi::helper_name(&self.object_clone_ffi(go_name))
    }
}

/// Renders the Go package for one component.
pub fn render(
    ci: &ComponentInterface,
    config: &GoConfig,
    source_name: &str,
    siblings: &BTreeMap<String, Sibling>,
) -> Result<RenderedPackage> {
    let cx = PackageContext::new(ci, &config.custom_types, siblings);
    let package_imports = package_imports(ci, siblings)?;
    reject_unsupported(&cx)?;
    let namespace = ci.namespace().to_string();
    let package_name = config.package_name(ci);

    // Bind every callable; `usage` records what each one converts, `helpers` its C helper.
    let mut usage = Usage::default();
    let mut helpers = Vec::new();
    let functions = bind_functions(&cx, &mut usage, &mut helpers)?;
    let mut objects = bind_objects(&cx, &mut usage, &mut helpers)?;
    let (value_methods, value_traits) = bind_value_methods(&cx, &mut usage, &mut helpers)?;
    let foreign_types = bind_foreign_types(&cx, &mut usage)?;
    give_objects_clone_helpers(&cx, &usage, &mut objects);
    let external_objects = external_objects(&cx, &usage)?;

    // Declarations and converters, now that every use is known.
    let definitions::TypeDecls {
        records,
        flat_enums,
        data_enums,
        errors,
    } = definitions::types(&cx)?;
    let converter_list = definitions::converters(&cx, &usage)?;
    let custom_aliases = definitions::custom_aliases(&cx)?;
    let custom_conversions = definitions::custom_conversions(&cx, &usage)?;
    let top_lowers = top_converters(&cx, &usage.top_lower)?;
    let top_lifts = top_converters(&cx, &usage.top_lift)?;
    let result_lifts = top_converters(&cx, &usage.result_lift)?;

    let all_callables: Vec<&model::Callable> = functions
        .iter()
        .chain(value_methods.iter())
        .chain(
            objects
                .iter()
                .flat_map(|o| o.constructors.iter().chain(o.methods.iter())),
        )
        .collect();
    let exports: Vec<&model::ExportedMethod> = foreign_types
        .iter()
        .filter_map(|f| f.go_impl.as_ref())
        .flat_map(|g| g.exports.iter())
        .collect();
    // Types the declarations and signatures name: what excluded items used is not imported.
    let type_texts = declared_type_texts(
        &all_callables,
        &records,
        data_enums.iter().flat_map(|e| &e.variants),
        errors.iter().flat_map(|e| &e.variants),
        &foreign_types,
        &custom_aliases,
    );
    // Types and conversions the runtime spells out.
    let runtime_texts = runtime_type_texts(
        &converter_list,
        [&top_lowers, &top_lifts, &result_lifts]
            .into_iter()
            .flatten(),
        &custom_conversions,
        &external_objects,
    );
    let mut runtime = runtime_usage(&cx, &usage, &all_callables, !objects.is_empty());
    add_callback_needs(&mut runtime, &foreign_types, &exports);
    runtime.uses_map_entries =
        type_texts.contains("MapEntry[") || runtime_texts.contains("MapEntry[");
    runtime.uses_some = uses_some(&records, &data_enums, &all_callables);
    runtime.callback_errors = callback_errors(&usage, &errors);

    // Result types of the Rust futures awaited: (uniffi suffix, Go suffix).
    let future_kinds: BTreeMap<String, String> = all_callables
        .iter()
        .filter_map(|c| c.future.as_ref())
        .map(|f| (f.suffix.clone(), f.go_suffix.clone()))
        .collect();
    let custom_imports: Vec<String> = ci
        .iter_local_types()
        .chain(ci.iter_external_types())
        .filter_map(|ty| cx.types.info(ty).ok())
        .flat_map(|info| info.imports.clone())
        .collect();
    let api_imports = file_imports(
        api_imports(&runtime, !future_kinds.is_empty(), &errors, &flat_enums),
        &type_texts,
        false,
        &custom_imports,
    );
    let reads_time = ["Timestamp", "Duration"]
        .iter()
        .any(|t| runtime.reads(t) || runtime.writes(t));
    let runtime_imports = file_imports(
        runtime_imports(&runtime, !future_kinds.is_empty()),
        &runtime_texts,
        reads_time,
        &custom_imports,
    );
    let sibling_imports = |texts: &str| -> Vec<(String, String)> {
        package_imports
            .iter()
            .filter(|(name, _, _)| names_package(texts, name))
            .map(|(name, path, _)| (name.clone(), path.clone()))
            .collect()
    };

    // Not `<namespace>.h`: cgo puts the package directory on the include path, so a namespace
    // named like a system header (`features`, `stdint`) would shadow it.
    let header_file_name = format!("{namespace}_uniffi.h");
    let checksums: Vec<(String, u16)> = ci.iter_checksums().collect();
    let api_head = GoFileHead {
        doc: package_doc(&cx, &package_name, config, false),
        // Only the calls into Rust use C.
        header_file: (!all_callables.is_empty()).then(|| header_file_name.clone()),
        ldflags: None,
        build_tag: None,
        imports: api_imports,
        package_imports: sibling_imports(&type_texts),
    };
    let runtime_head = GoFileHead {
        doc: Vec::new(),
        header_file: Some(header_file_name.clone()),
        ldflags: config.ldflags(ci),
        build_tag: None,
        imports: runtime_imports,
        package_imports: sibling_imports(&runtime_texts),
    };
    let header = HeaderFile {
        guard: format!("UNIFFI_GO_{}_H", namespace.to_uppercase()),
        namespace: namespace.clone(),
        export_prefix: names::go_export(&namespace, ""),
        source_name: source_name.to_string(),
        declarations: ffi::declarations(ci),
        result_types: result_types(),
        helpers,
        rustbuffer_free: cx.sym.rustbuffer_free.clone(),
        rustbuffer_alloc: cx.sym.rustbuffer_alloc.clone(),
        contract_version_fn: ci.ffi_uniffi_contract_version().name().to_string(),
        contract_version: ci.uniffi_contract_version(),
        checksums: checksums.clone(),
        object_frees: object_handle_fns(&cx, &objects),
        futures: future_kinds
            .keys()
            .map(|suffix| future_helpers(ci, suffix))
            .collect(),
        foreign_types: &foreign_types,
        complete_helpers: complete_helpers(&exports),
        has_host_calls: runtime.has_host_calls,
        has_go_impls: runtime.has_go_impls,
        lends_numbers: runtime.lends_numbers,
        lifts_numbers: runtime.lifts_numbers,
        fixed_lowerings: fixed_lowerings(&cx, &usage.fixed_lower)?,
        lowers_indexes: runtime.lowers_indexes,
        rustbuffer_from_bytes: cx.sym.rustbuffer_from_bytes.clone(),
    };
    let go_file = GoFile {
        source_name: source_name.to_string(),
        package_name: package_name.clone(),
        namespace: namespace.clone(),
        export_prefix: names::go_export(&namespace, ""),
        runtime,
        future_suffixes: future_kinds
            .iter()
            .map(|(c, go)| (go.clone(), c.clone()))
            .collect(),
        records,
        flat_enums,
        data_enums,
        errors,
        objects,
        foreign_types: &foreign_types,
        live_handles_sum: live_handles_sum(&foreign_types),
        functions,
        external_objects,
        value_methods,
        value_traits,
        converters: converter_list,
        custom_aliases,
        custom_conversions,
        top_lowers,
        top_lifts,
        result_lifts,
        checksum_names: checksums.iter().map(|(n, _)| n.clone()).collect(),
    };

    collisions::check(&go_file)?;

    // Other crates' packages do not cross the remote transport yet.
    let remote = (go_file.external_objects.is_empty() && package_imports.is_empty())
        .then(|| {
            render_remote(
                &cx,
                &go_file,
                config,
                &package_doc(&cx, &package_name, config, true),
                &custom_imports,
            )
        })
        .transpose()?;
    let cgo_tag = remote.as_ref().map(|_| "cgo && !uniffi_remote".to_string());
    let (mut api_head, mut runtime_head) = (api_head, runtime_head);
    api_head.build_tag.clone_from(&cgo_tag);
    runtime_head.build_tag = cgo_tag;

    Ok(RenderedPackage {
        go_mod: config
            .module_path
            .as_ref()
            .map(|m| go_mod(m, &package_imports)),
        go_file_name: format!("{namespace}.go"),
        go_source: ApiFile {
            head: api_head,
            package: &go_file,
            remote: false,
        }
        .render()
        .context("rendering the Go API file")?,
        runtime_file_name: format!("{namespace}_runtime.go"),
        runtime_source: RuntimeFile {
            head: runtime_head,
            package: &go_file,
            remote: false,
        }
        .render()
        .context("rendering the Go runtime file")?,
        header_file_name,
        header_source: header.render().context("rendering the C header")?,
        remote: remote.map(|source| (format!("{namespace}_remote.go"), source)),
        package_name,
    })
}

/// The standard packages the remote file may use; it imports those its code names.
const REMOTE_IMPORT_CANDIDATES: &[&str] = &[
    "context",
    "crypto/tls",
    "crypto/x509",
    "encoding/binary",
    "errors",
    "fmt",
    "io",
    "math",
    "net",
    "os",
    "os/exec",
    "path/filepath",
    "runtime",
    "strconv",
    "strings",
    "sync",
    "sync/atomic",
    "syscall",
    "time",
    "unicode/utf8",
    "unsafe",
];

/// Renders `<namespace>_remote.go`: printed once to see which functions and packages its code
/// names, then again with those constants and imports.
fn render_remote(
    cx: &PackageContext<'_>,
    go_file: &GoFile<'_>,
    config: &GoConfig,
    doc: &[String],
    custom_imports: &[String],
) -> Result<String> {
    let ci = cx.ci;
    let functions = ffi::remote_functions(ci);
    let index_of = |name: &str| functions.iter().position(|f| f == name);
    let checksums = ci
        .iter_checksums()
        .map(|(name, value)| {
            index_of(&name)
                .map(|i| (i, value))
                .with_context(|| format!("checksum function {name} is not among the FFI functions"))
        })
        .collect::<Result<Vec<_>>>()?;
    let contract_fn = ci.ffi_uniffi_contract_version().name().to_string();
    let mut file = RemoteFile {
        head: GoFileHead {
            doc: doc.to_vec(),
            header_file: None,
            ldflags: None,
            build_tag: Some("!cgo || uniffi_remote".to_string()),
            imports: Vec::new(),
            package_imports: Vec::new(),
        },
        package: go_file,
        remote: true,
        info: RemoteInfo {
            contract_version_fn: ffi::remote_function_const(&contract_fn),
            contract_version: ci.uniffi_contract_version(),
            checksums,
            constants: Vec::new(),
            env_suffix: ci.namespace().to_uppercase(),
            link_name: config.link_name(ci),
            functions: functions.clone(),
        },
    };
    let first = file.render().context("rendering the Go remote file")?;
    // Code only: doc comments may mention `time.` or a function's name in passing.
    let code: String = first
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    file.info.constants = functions
        .iter()
        .enumerate()
        .map(|(i, f)| (ffi::remote_function_const(f), i, f.clone()))
        .filter(|(name, _, _)| {
            code.match_indices(name.as_str()).any(|(at, _)| {
                !code[at + name.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
            })
        })
        .collect();
    let standard: Vec<&str> = REMOTE_IMPORT_CANDIDATES
        .iter()
        .copied()
        .filter(|path| names_package(&code, path.rsplit('/').next().unwrap_or(path)))
        .collect();
    file.head.imports = file_imports(standard, &code, false, custom_imports);
    file.render().context("rendering the Go remote file")
}

/// The package's functions.
fn bind_functions(
    cx: &PackageContext<'_>,
    usage: &mut Usage,
    helpers: &mut Vec<model::CHelper>,
) -> Result<Vec<model::Callable>> {
    let mut functions = Vec::new();
    for func in cx.ci.function_definitions() {
        let spec = CallSpec {
            rust_name: func.name().to_string(),
            go_name: names::function(cx.ci, func.name()),
            docstring: func.docstring(),
            doc_intro: format!("calls the Rust function {}.", func.name()),
            doc_owner: None,
            receiver: None,
            value_receiver: None,
            args: func.arguments(),
            return_type: func.return_type().cloned(),
            throws: func.throws_type().cloned(),
            ffi_func: func.ffi_func(),
            // Any Rust call can panic, and the panic must reach Go as an error, not a Go panic.
            always_error: true,
            is_async: func.is_async(),
        };
        let (callable, helper) = bind(cx, usage, &spec)
            .with_context(|| format!("generating function `{}`", func.name()))?;
        functions.push(callable);
        helpers.push(helper);
    }
    Ok(functions)
}

/// The objects Rust implements, with their constructors and methods.
fn bind_objects(
    cx: &PackageContext<'_>,
    usage: &mut Usage,
    helpers: &mut Vec<model::CHelper>,
) -> Result<Vec<model::Object>> {
    let mut objects = Vec::new();
    // Foreign-only traits have no Rust implementations to wrap.
    for obj in cx
        .ci
        .object_definitions()
        .iter()
        .filter(|o| types::has_rust_impl(o.imp()))
    {
        let (object, object_helpers) = definitions::object(cx, obj, usage)
            .with_context(|| format!("generating object `{}`", obj.name()))?;
        objects.push(object);
        helpers.extend(object_helpers);
    }
    Ok(objects)
}

/// Constructors, methods and Rust trait calls of records and enums.
fn bind_value_methods(
    cx: &PackageContext<'_>,
    usage: &mut Usage,
    helpers: &mut Vec<model::CHelper>,
) -> Result<(Vec<model::Callable>, Vec<model::TraitWrappers>)> {
    let ci = cx.ci;
    let value_apis = ci
        .record_definitions()
        .iter()
        .map(|r| methods::ValueTypeApi {
            rust_name: r.name(),
            go_type: r.as_type(),
            constructors: r.constructors(),
            methods: r.methods(),
            traits: r.uniffi_trait_methods(),
            is_interface: false,
        })
        .chain(ci.enum_definitions().iter().map(|e| methods::ValueTypeApi {
            rust_name: e.name(),
            go_type: e.as_type(),
            constructors: e.constructors(),
            methods: e.methods(),
            traits: e.uniffi_trait_methods(),
            // Only flat enums that are not errors are Go integers; the rest are interfaces.
            is_interface: !e.is_flat() || ci.is_name_used_as_error(e.name()),
        }));
    let mut value_methods = Vec::new();
    let mut value_traits = Vec::new();
    for api in value_apis {
        let (calls, wrappers) = methods::value_type_methods(cx, usage, helpers, api)?;
        value_methods.extend(calls);
        value_traits.extend(wrappers);
    }
    Ok((value_methods, value_traits))
}

/// Callback interfaces and traits, with whether Go hands values of each to Rust and back.
fn bind_foreign_types(
    cx: &PackageContext<'_>,
    usage: &mut Usage,
) -> Result<Vec<model::ForeignType>> {
    let mut foreign_types = foreign::foreign_types(cx, usage)?;
    let shared = interfaces_used_by_other_crates(cx.ci);
    for f in &mut foreign_types {
        f.shared = shared.contains(&f.name);
        // The packages of other crates lower and lift values through this one.
        f.lowered = f.shared || usage.foreign_lowered.contains(&f.canonical);
        f.lifted = f.shared || usage.foreign_lifted.contains(&f.canonical);
    }
    Ok(foreign_types)
}

/// Objects written inside buffers hand Rust a cloned handle, and so do the packages of other
/// crates that use an object: those objects get a clone helper.
fn give_objects_clone_helpers(
    cx: &PackageContext<'_>,
    usage: &Usage,
    objects: &mut [model::Object],
) {
    let shared = objects_used_by_other_crates(cx.ci);
    for object in objects {
        object.shared = object.name == object.sym_name && shared.contains(&object.sym_name);
        if usage.objects_written.contains(&object.sym_name) || object.shared {
            object.clone_helper = Some(cx.sym.object_clone_helper(&object.sym_name));
        }
    }
}

/// Objects of other crates' packages that this package's API uses.
fn external_objects(cx: &PackageContext<'_>, usage: &Usage) -> Result<Vec<model::ExternalObject>> {
    cx.ci
        .iter_external_types()
        .filter(|ty| cx.types.is_external_object(ty) || cx.types.is_external_interface(ty))
        .map(|ty| {
            let canonical = cx.types.canonical(ty)?;
            Ok(model::ExternalObject {
                interface: cx.types.is_external_interface(ty),
                go_type: cx.types.go_type(ty)?,
                package: cx.types.external_package(ty).unwrap_or_default(),
                name: names::exported(ty.name().unwrap_or_default()),
                lowered: usage.foreign_lowered.contains(&canonical),
                lifted: usage.foreign_lifted.contains(&canonical),
                canonical,
            })
        })
        .collect()
}

/// The C functions that free and clone each object's handles.
fn object_handle_fns(cx: &PackageContext<'_>, objects: &[model::Object]) -> Vec<ObjectHandleFns> {
    objects
        .iter()
        .map(|o| ObjectHandleFns {
            free_helper: o.free_helper.clone(),
            free_ffi: cx.sym.object_free_ffi(&o.sym_name),
            clone_helper: o.clone_helper.clone(),
            clone_ffi: cx.sym.object_clone_ffi(&o.sym_name),
        })
        .collect()
}

/// One C helper per result type of the async Go methods, completing Rust's waiting future.
fn complete_helpers(exports: &[&model::ExportedMethod]) -> Vec<model::CompleteHelper> {
    let mut helpers: Vec<model::CompleteHelper> = Vec::new();
    for h in exports.iter().filter_map(|e| e.complete.as_ref()) {
        if !helpers.iter().any(|c| c.name == h.name) {
            helpers.push(h.clone());
        }
    }
    helpers
}

/// What the runtime needs for Go implementations of callback interfaces and traits.
fn add_callback_needs(
    runtime: &mut Runtime,
    foreign_types: &[model::ForeignType],
    exports: &[&model::ExportedMethod],
) {
    runtime.has_go_impls = foreign_types.iter().any(|f| f.go_impl.is_some());
    runtime.has_host_calls = exports.iter().any(|e| e.is_async);
    runtime.declares_err_closed = runtime.has_objects || !foreign_types.is_empty();
    runtime.lends_bytes |= runtime.has_go_impls;
    runtime.uses_cbool |= exports.iter().any(|e| e.converts_bools);
    runtime.returns_strings_to_rust = exports.iter().any(|e| e.returns_string);
    runtime.checks_sizes |= exports.iter().any(|e| e.returns_buffer);
    runtime.lifts_strings |= exports.iter().any(|e| e.lifts_strings);
}

/// Whether a default value is an optional with a value (`uniffiSome`).
fn uses_some(
    records: &[model::Record],
    data_enums: &[model::DataEnum],
    callables: &[&model::Callable],
) -> bool {
    records
        .iter()
        .flat_map(|r| &r.defaults)
        .chain(
            data_enums
                .iter()
                .flat_map(|e| &e.variants)
                .flat_map(|v| &v.defaults),
        )
        .map(|kv| &kv.value)
        .chain(
            callables
                .iter()
                .filter_map(|c| c.options.as_ref())
                .flat_map(|o| o.fields.iter().map(|(_, _, e)| e)),
        )
        .any(|e| defaults::uses_some(e))
}

/// The error types Go callbacks return to Rust, with their variants.
fn callback_errors(usage: &Usage, errors: &[model::ErrorType]) -> Vec<model::CallbackError> {
    usage
        .callback_errors
        .iter()
        .map(|(canonical, go_type)| model::CallbackError {
            canonical: canonical.clone(),
            variants: errors
                .iter()
                .find(|e| &e.name == go_type)
                .map(|e| e.variants.iter().map(|v| v.struct_name.clone()).collect())
                .unwrap_or_default(),
            go_type: go_type.clone(),
        })
        .collect()
}

/// The standard packages the API file uses: declarations, and the calls into Rust.
fn api_imports(
    runtime: &Runtime,
    has_futures: bool,
    errors: &[model::ErrorType],
    flat_enums: &[model::FlatEnum],
) -> Vec<&'static str> {
    let mut imports = Vec::new();
    if has_futures || runtime.has_host_calls {
        // The ctx of async functions and of async Go methods.
        imports.push("context");
    }
    if runtime.uses_strings_top_level {
        // String arguments are checked to be UTF-8.
        imports.push("unicode/utf8");
    }
    if runtime.declares_err_closed {
        imports.push("errors");
    }
    if errors
        .iter()
        .any(|e| e.variants.iter().any(|v| !v.fields.is_empty()))
    {
        imports.push("fmt");
    }
    if flat_enums.iter().any(|e| !e.rust_display) {
        imports.push("strconv");
    }
    imports
}

/// The standard packages the runtime file uses.
fn runtime_imports(runtime: &Runtime, has_futures: bool) -> Vec<&'static str> {
    let mut imports = vec!["strconv", "unsafe"];
    if has_futures || runtime.has_host_calls {
        imports.push("context");
    }
    if has_futures || runtime.has_go_impls {
        imports.push("sync");
    }
    if has_futures || runtime.has_go_impls {
        imports.push("sync/atomic");
    }
    if runtime.returns_strings_to_rust || runtime.checks_strings {
        imports.push("unicode/utf8");
    }
    if !runtime.reads.is_empty() || !runtime.writes.is_empty() || runtime.lifts_numbers {
        imports.push("encoding/binary");
    }
    let uses_math = ["Float32", "Float64"]
        .iter()
        .any(|f| runtime.reads(f) || runtime.writes(f))
        || runtime.reads("Duration");
    if uses_math {
        imports.push("math");
    }
    if runtime.has_objects {
        imports.extend(["runtime", "sync/atomic"]);
    }
    if !runtime.callback_errors.is_empty() {
        imports.push("errors");
    }
    if runtime.has_go_impls {
        imports.extend(["fmt", "strings"]);
    }
    imports
}

/// The C side of awaiting Rust futures whose result has uniffi's type suffix `suffix`.
fn future_helpers(ci: &ComponentInterface, suffix: &str) -> model::FutureHelpers {
    let value = match suffix {
        "void" => None,
        "u8" => Some(FfiType::UInt8),
        "i8" => Some(FfiType::Int8),
        "u16" => Some(FfiType::UInt16),
        "i16" => Some(FfiType::Int16),
        "u32" => Some(FfiType::UInt32),
        "i32" => Some(FfiType::Int32),
        "u64" => Some(FfiType::UInt64),
        "i64" => Some(FfiType::Int64),
        "f32" => Some(FfiType::Float32),
        "f64" => Some(FfiType::Float64),
        _ => Some(FfiType::RustBuffer(None)),
    };
    model::FutureHelpers {
        suffix: suffix.to_string(),
        result_type: ffi::result_type_name(value.as_ref()),
        started_type: ffi::started_type_name(value.as_ref()),
        poll_ffi: ci.ffi_rust_future_poll(value.clone()).name().to_string(),
        cancel_ffi: ci.ffi_rust_future_cancel(value.clone()).name().to_string(),
        complete_ffi: ci
            .ffi_rust_future_complete(value.clone())
            .name()
            .to_string(),
        free_ffi: ci.ffi_rust_future_free(value.clone()).name().to_string(),
        returns_value: value.is_some(),
        returns_buffer: matches!(value, Some(FfiType::RustBuffer(_))),
    }
}

/// Fails clearly on what this generator cannot bind yet, rather than emitting a partial package.
fn reject_unsupported(cx: &PackageContext<'_>) -> Result<()> {
    for ty in cx.ci.iter_local_types() {
        cx.types.canonical(ty)?;
    }
    Ok(())
}

/// The Go wrapper and C helper of a callable, recording the converters it needs.
pub(crate) fn bind(
    cx: &PackageContext<'_>,
    usage: &mut Usage,
    spec: &CallSpec<'_>,
) -> Result<(model::Callable, model::CHelper)> {
    let bound = callables::build(cx, spec)?;
    record_usage(cx, usage, spec)?;
    Ok(bound)
}

/// Records which converters a callable needs.
fn record_usage(cx: &PackageContext<'_>, usage: &mut Usage, spec: &CallSpec<'_>) -> Result<()> {
    for i in callables::checked_arguments(cx, &spec.args) {
        usage.check(cx, &spec.args[i].as_type())?;
    }
    for arg in &spec.args {
        // Borrowed bytes, `Vec<u8>`, sequences of numbers, records of numbers and bools, and enums
        // without fields are lowered by the C helper, not by a Go converter: the same decisions
        // `CallBuilder::argument` makes.
        let ty = arg.as_type();
        if cx.types.fixed_record_fields(&ty)?.is_some() {
            usage.fixed_lower.insert(cx.types.canonical(&ty)?, ty);
        } else if cx.types.is_indexed_flat_enum(&ty)? {
            // Written by the C helper; only its check, if it has one, is Go's.
        } else if !arg.is_borrowed_bytes()
            && ty != Type::Bytes
            && cx.types.number_sequence_width(&ty).is_none()
        {
            usage.lower_arg(cx, &arg.as_type())?;
        }
    }
    if let Some(ret) = &spec.return_type {
        usage.lift_return(cx, ret)?;
    }
    if let Some(throws) = &spec.throws {
        usage.throws(cx, throws, spec.is_async)?;
    }
    Ok(())
}

fn runtime_usage(
    cx: &PackageContext<'_>,
    usage: &Usage,
    callables: &[&model::Callable],
    has_objects: bool,
) -> Runtime {
    let builtin = |read: bool| {
        let mut list: Vec<String> = usage
            .in_buffer
            .iter()
            .filter(|(_, (ty, d))| cx.types.is_builtin(ty) && if read { d.read } else { d.write })
            .map(|(c, _)| c.clone())
            .collect();
        // Strings and bytes are length-prefixed with an i32.
        if list.iter().any(|c| c == "String" || c == "Bytes") && !list.iter().any(|c| c == "Int32")
        {
            list.push("Int32".into());
        }
        list
    };
    let needs = callables
        .iter()
        .fold(model::CallNeeds::default(), |acc, c| acc.union(c.needs));
    let writes = builtin(false);
    Runtime {
        reads: builtin(true),
        uses_cbool: needs.converts_bools || writes.iter().any(|w| w == "Bool"),
        writes,
        uses_strings_top_level: needs.lends_strings,
        lends_bytes: needs.lends_bytes,
        lends_numbers: needs.lends_numbers,
        lowers_indexes: needs.lowers_indexes,
        lifts_numbers: usage
            .result_lift
            .values()
            .any(|ty| cx.types.number_sequence_width(ty).is_some()),
        lifts_result_strings: needs.lifts_strings,
        lifts_results: needs.lifts_strings || !usage.result_lift.is_empty(),
        lowers_buffers: !usage.top_lower.is_empty(),
        // Lowerings that can fail check their size themselves.
        checks_sizes: needs.checks_sizes
            || usage
                .top_lower
                .values()
                .any(|ty| cx.types.lower_can_fail(ty)),
        has_objects,
        // Lowering that can fail (closed objects, negative durations, custom conversions)
        // unwinds through the writer, which releases the handles it cloned.
        recovers_lifts: usage
            .top_lift
            .values()
            .chain(usage.result_lift.values())
            .any(|ty| cx.types.lift_can_fail(ty)),
        tracks_clones: !usage.objects_written.is_empty()
            || usage
                .top_lower
                .values()
                .any(|ty| cx.types.lower_can_fail(ty))
            || usage
                .in_buffer
                .iter()
                .any(|(_, (ty, d))| d.write && cx.types.lower_can_fail(ty)),
        checks_strings: usage.checked.contains("String"),
        ..Runtime::default()
    }
}

fn top_converters(
    cx: &PackageContext<'_>,
    map: &BTreeMap<String, Type>,
) -> Result<Vec<TopConverter>> {
    map.iter()
        .map(|(canonical, ty)| {
            let size = cx.types.size_expr(ty, "v")?;
            Ok(TopConverter {
                canonical: canonical.clone(),
                go_type: cx.types.go_type(ty)?,
                read: cx.types.read_expr(ty)?,
                write: cx.types.write_stmt(ty, "v")?,
                size: size.clone(),
                size_on_own_line: size.contains(' '),
                holds_objects: cx.types.lower_can_fail(ty),
                lift_can_fail: cx.types.lift_can_fail(ty),
                number_width: cx.types.number_sequence_width(ty),
            })
        })
        .collect()
}

/// The C functions that write records of numbers and bools from their fields, one per record type
/// a call takes: big-endian, at fixed offsets.
fn fixed_lowerings(
    cx: &PackageContext<'_>,
    records: &BTreeMap<String, Type>,
) -> Result<Vec<model::FixedLowering>> {
    let namespace = cx.ci.namespace();
    let mut out = Vec::new();
    for (canonical, ty) in records {
        let fields = cx
            .types
            .fixed_record_fields(ty)?
            .with_context(|| format!("record {canonical} has no fixed size"))?;
        let (mut params, mut stores, mut offset) = (Vec::new(), Vec::new(), 0);
        for (k, (_, field_ty)) in fields.iter().enumerate() {
            let c_type = match cx.types.crossing(field_ty)? {
                types::Crossing::Scalar { c_type } => c_type,
                _ => "int8_t",
            };
            params.push(format!("{c_type} f{k}"));
            let at = format!("b.data + {offset}");
            stores.push(match (c_type, types::fixed_width(field_ty).unwrap_or(1)) {
                ("float", _) => format!(
                    "uniffi_go_{namespace}_put32({at}, uniffi_go_{namespace}_f32_bits(f{k}));"
                ),
                ("double", _) => format!(
                    "uniffi_go_{namespace}_put64({at}, uniffi_go_{namespace}_f64_bits(f{k}));"
                ),
                (_, 1) => format!("b.data[{offset}] = (uint8_t)f{k};"),
                (_, width) => format!(
                    "uniffi_go_{namespace}_put{}({at}, (uint{}_t)f{k});",
                    width * 8,
                    width * 8
                ),
            });
            offset += types::fixed_width(field_ty).unwrap_or(1);
        }
        out.push(model::FixedLowering {
            canonical: canonical.clone(),
            params: params.join(", "),
            size: offset,
            stores,
        });
    }
    Ok(out)
}

/// Returned strings and buffers up to this size are copied into the result struct by the C
/// helper, which frees Rust's buffer in the same crossing. Larger ones cost a second crossing to
/// free; a larger inline area would cost every buffer-returning call a bigger copy.
const SMALL_RESULT_BYTES: usize = 64;

/// Result structs for every FFI return type a helper can have.
fn result_types() -> Vec<ResultType> {
    let mut out = vec![ResultType {
        name: ffi::result_type_name(None),
        value_type: None,
        inline_bytes: None,
    }];
    for ty in [
        FfiType::UInt8,
        FfiType::Int8,
        FfiType::UInt16,
        FfiType::Int16,
        FfiType::UInt32,
        FfiType::Int32,
        FfiType::UInt64,
        FfiType::Int64,
        FfiType::Float32,
        FfiType::Float64,
        FfiType::RustBuffer(None),
    ] {
        out.push(ResultType {
            name: ffi::result_type_name(Some(&ty)),
            value_type: Some(types::c_type(&ty)),
            inline_bytes: matches!(ty, FfiType::RustBuffer(_)).then_some(SMALL_RESULT_BYTES),
        });
    }
    out
}

fn package_doc(
    cx: &PackageContext<'_>,
    package_name: &str,
    config: &GoConfig,
    remote: bool,
) -> Vec<String> {
    let ci = cx.ci;
    let mut lines = vec![format!(
        "Package {package_name} is the Go binding for the {} Rust library.",
        ci.namespace()
    )];
    let docstring = cx.links.plain_lines(ci.namespace_docstring(), None);
    if !docstring.is_empty() {
        lines.push(String::new());
        lines.extend(docstring);
    }
    let link = config.link_name(ci);
    lines.push(String::new());
    if remote {
        let env = ci.namespace().to_uppercase();
        lines.extend([
            "Remote mode: this build (cgo off, or the uniffi_remote build tag) calls the library in"
                .to_string(),
            "a uniffi-go-host process over a Unix socket instead of linking it. The package starts"
                .to_string(),
            format!("one for the process, serving UNIFFI_GO_LIBRARY_{env} or UNIFFI_GO_LIBRARY (the"),
            format!("library's path, or the directory holding lib{link}.so); UNIFFI_GO_HOST names"),
            "the host program. UNIFFI_GO_REMOTE (or its _".to_string() + &env + " form) connects to",
        ]);
        lines.extend(
            [
                "a running host's socket instead. When the host goes away, every call in flight, and",
                "every later call on an object made over that connection, returns an error saying so;",
                "the next call that names no such object connects again.",
            ]
            .map(String::from),
        );
    } else {
        lines.extend(linking::package_doc(config, &link));
    }
    lines.extend(
        [
            "",
            "Errors: functions that can fail return an error as their last result. Errors the Rust",
            "library declares are Go types to match with errors.As or errors.Is. A Rust panic",
            "becomes an *InternalError: returned where the function has an error result, and",
            "otherwise raised as a Go panic whose value is that *InternalError.",
            "",
            "Objects are safe for concurrent use by multiple goroutines. Call Close when done with",
            "one; objects that are never closed are freed after they become unreachable.",
        ]
        .map(String::from),
    );
    let has_async = ci.function_definitions().iter().any(|f| f.is_async())
        || ci.object_definitions().iter().any(|o| {
            o.methods().iter().any(|m| m.is_async())
                || o.constructors().iter().any(|c| c.is_async())
        });
    if has_async {
        lines.extend(
            [
                "",
                "Async functions take a context.Context first; a nil one is refused with an",
                "*InternalError before Rust starts anything.",
            ]
            .map(String::from),
        );
    }
    let go_implements = !ci.callback_interface_definitions().is_empty()
        || ci
            .object_definitions()
            .iter()
            .any(|o| o.has_callback_interface());
    if go_implements && remote {
        // Rust waits in the host, so every Go method runs on a goroutine of its own.
        lines.extend(
            [
                "",
                "Go implementations of interfaces Rust calls: a returned error or a panic reaches",
                "Rust as an error, whatever the panic value. A method should return: in this build",
                "every method runs on a goroutine of its own, and runtime.Goexit (what t.Fatal and",
                "t.FailNow do) there answers Rust with an error; in a cgo build, Goexit in a",
                "synchronous method stops the program, as Rust waits on the same thread.",
            ]
            .map(String::from),
        );
    } else if go_implements {
        lines.extend(
            [
                "",
                "Go implementations of interfaces Rust calls: a returned error or a panic reaches",
                "Rust as an error, whatever the panic value. A method must return: in an async",
                "method, runtime.Goexit (what t.Fatal and t.FailNow do) answers Rust with an error,",
                "but in a synchronous one Rust waits on the same thread and its frames cannot be",
                "unwound, so Goexit there stops the program with a message naming the cause.",
            ]
            .map(String::from),
        );
    }
    lines
}

/// The Go expression summing the sizes of all handle maps.
fn live_handles_sum(foreign_types: &[model::ForeignType]) -> String {
    let terms: Vec<String> = foreign_types
        .iter()
        .filter_map(|f| f.go_impl.as_ref())
        .map(|g| format!("{}.len()", g.handles))
        .collect();
    if terms.is_empty() {
        "0".into()
    } else {
        terms.join(" + ")
    }
}

/// A `go.mod` for the generated package. Go 1.24 is the oldest release with `runtime.AddCleanup`.
/// Go names of this crate's objects that other crates of the build use in their APIs.
/// Traits and callback interfaces of this crate that another crate of the build uses in its API:
/// their Go packages lower, lift and release values through exported functions of this one.
fn interfaces_used_by_other_crates(ci: &ComponentInterface) -> std::collections::BTreeSet<String> {
    ci.all_component_interfaces()
        .iter()
        .filter(|other| other.crate_name() != ci.crate_name())
        .flat_map(|other| other.iter_external_types())
        .filter(|ty| types::is_trait_object(ty) || matches!(ty, Type::CallbackInterface { .. }))
        .filter(|ty| {
            ty.module_path()
                .is_some_and(|m| m.split("::").next() == Some(ci.crate_name()))
        })
        .filter_map(|ty| ty.name().map(names::exported))
        .collect()
}

fn objects_used_by_other_crates(ci: &ComponentInterface) -> std::collections::BTreeSet<String> {
    ci.all_component_interfaces()
        .iter()
        .filter(|other| other.crate_name() != ci.crate_name())
        .flat_map(|other| other.iter_external_types())
        .filter_map(|ty| match ty {
            Type::Object {
                module_path, name, ..
            } if module_path.split("::").next() == Some(ci.crate_name()) => {
                Some(names::exported(name))
            }
            _ => None,
        })
        .collect()
}

/// Every Go type the package's declarations and signatures spell out, in one text, to find which
/// packages and runtime types they need.
fn declared_type_texts<'a>(
    callables: &[&model::Callable],
    records: &[model::Record],
    enum_variants: impl Iterator<Item = &'a model::DataVariant>,
    error_variants: impl Iterator<Item = &'a model::DataVariant>,
    foreign_types: &[model::ForeignType],
    custom_aliases: &[model::CustomAlias],
) -> String {
    let mut text = String::new();
    for c in callables {
        text.push_str(&c.params);
        text.push_str(&c.results);
        if let Some(o) = &c.options {
            o.fields
                .iter()
                .for_each(|(_, t, v)| text.push_str(&format!("{t} {v}")));
        }
    }
    let variants: Vec<&model::DataVariant> = enum_variants.chain(error_variants).collect();
    let fields = records
        .iter()
        .flat_map(|r| &r.fields)
        .chain(variants.iter().flat_map(|v| &v.fields));
    for f in fields {
        text.push_str(&f.go_type);
        text.push(' ');
    }
    for value in records
        .iter()
        .flat_map(|r| &r.defaults)
        .chain(variants.iter().flat_map(|v| &v.defaults))
        .map(|kv| &kv.value)
    {
        text.push_str(value);
        text.push(' ');
    }
    for m in foreign_types.iter().flat_map(|f| &f.methods) {
        text.push_str(&m.signature);
    }
    for a in custom_aliases {
        text.push_str(&a.target);
        text.push(' ');
    }
    text
}

/// Every Go type and expression the runtime's converters and conversions spell out, in one text,
/// to find which packages the runtime file needs.
fn runtime_type_texts<'a>(
    converters: &[model::Converter],
    top_converters: impl Iterator<Item = &'a TopConverter>,
    custom_conversions: &[model::CustomConversion],
    external_objects: &[model::ExternalObject],
) -> String {
    let mut text = String::new();
    let types = converters
        .iter()
        .map(|c| &c.go_type)
        .chain(top_converters.map(|t| &t.go_type));
    for t in types {
        text.push_str(t);
        text.push(' ');
    }
    for c in custom_conversions {
        for part in [&c.go_type, &c.builtin_go_type]
            .into_iter()
            .chain(&c.lift)
            .chain(&c.lower)
        {
            text.push_str(part);
            text.push(' ');
        }
    }
    // Only the helpers the runtime prints name the object's package: an object that excluded
    // items alone used names nothing.
    for x in external_objects.iter().filter(|x| x.lowered || x.lifted) {
        text.push_str(&format!("{} {}. ", x.go_type, x.package));
    }
    text
}

/// Whether Go text names the package `package`: `time.Time` names `time`, `xtime.Time` and
/// `v.time.X` do not.
fn names_package(text: &str, package: &str) -> bool {
    let qualified = format!("{package}.");
    text.match_indices(&qualified).any(|(i, _)| {
        !text[..i]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.')
    })
}

/// The sorted imports of one Go file: `standard`, `time` when the file's texts name it (or
/// `uses_time`), and the configured custom-type imports whose package the texts name.
fn file_imports(
    standard: Vec<&str>,
    texts: &str,
    uses_time: bool,
    custom_imports: &[String],
) -> Vec<String> {
    let mut imports: Vec<String> = standard.into_iter().map(String::from).collect();
    if uses_time || names_package(texts, "time") {
        imports.push("time".into());
    }
    imports.extend(
        custom_imports
            .iter()
            .filter(|path| names_package(texts, path.rsplit('/').next().unwrap_or(path)))
            .cloned(),
    );
    imports.sort();
    imports.dedup();
    imports
}

/// The `go.mod` of a package: its module, and a `replace` pointing at the sibling directory of
/// each package of another crate it imports that is a module of its own.
fn go_mod(module_path: &str, imports: &[(String, String, Option<String>)]) -> String {
    let mut text = format!(
        "// Code generated by uniffi-bindgen-go. DO NOT EDIT.\n\nmodule {module_path}\n\ngo 1.24\n"
    );
    for (package, _, module) in imports {
        if let Some(module) = module {
            text.push_str(&format!(
                "\nrequire {module} v0.0.0\n\nreplace {module} => ../{package}\n"
            ));
        }
    }
    text
}

/// `(package name, import path, module path)` of every other crate whose types `ci` uses.
fn package_imports(
    ci: &ComponentInterface,
    siblings: &BTreeMap<String, Sibling>,
) -> Result<Vec<(String, String, Option<String>)>> {
    let mut crates: BTreeMap<String, String> = BTreeMap::new();
    for ty in ci.iter_external_types() {
        if let (Some(module_path), Some(name)) = (ty.module_path(), ty.name()) {
            let krate = module_path.split("::").next().unwrap_or(module_path);
            crates
                .entry(krate.to_string())
                .or_insert_with(|| name.to_string());
        }
    }
    crates
        .into_iter()
        .map(|(krate, type_name)| {
            let sibling = siblings.get(&krate).with_context(|| {
                format!(
                    "crate `{}` uses `{type_name}` from crate `{krate}`, which is not part of this build",
                    ci.crate_name()
                )
            })?;
            let path = sibling.import_path.clone().with_context(|| {
                format!(
                    "crate `{}` uses `{type_name}` from crate `{krate}`: set import_path (or module_path) in the [bindings.go] of `{krate}` so its Go package can be imported",
                    ci.crate_name()
                )
            })?;
            Ok((sibling.package_name.clone(), path, sibling.module_path.clone()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::names_package;

    #[test]
    fn a_package_is_named_only_as_a_qualifier() {
        assert!(names_package("[]time.Time", "time"));
        assert!(names_package("time.Duration", "time"));
        assert!(!names_package("xtime.Time", "time"));
        assert!(!names_package("v.time.Now", "time"));
        assert!(!names_package("*extbase.Tally", "base"));
        assert!(names_package("map[string]*extbase.Tally", "extbase"));
    }
}
