//! Generates cgo Go packages for Rust crates built with uniffi.
//!
//! The source is either a `.udl` file or a built library (cdylib) whose uniffi metadata is read
//! from its symbols. Each crate becomes one Go package in `<out_dir>/<package>/`:
//! `<namespace>.go` (the API: types, functions, methods, constructors), `<namespace>_runtime.go`
//! (the unexported runtime the API calls) and `<namespace>_uniffi.h` (the C declarations and
//! helpers both use).
//!
//! ```no_run
//! use uniffi_bindgen_go::{generate, GenerateOptions};
//!
//! let written = generate(&GenerateOptions {
//!     source: "target/release/libtimer.so".into(),
//!     out_dir: "bindings".into(),
//!     ..GenerateOptions::default()
//! })?;
//! # Ok::<(), anyhow::Error>(())
//! ```

mod config;
mod go;
mod library_dir;
mod load;
mod module;
mod output;
mod udl_coverage;

pub use config::{GoConfig, LinkMode};
pub use module::{
    platform_and_value, write_module, ArchiveReport, ModuleOptions, ModuleReport, Platform,
    PlatformArchive, PLATFORMS,
};

use anyhow::Result;
use camino::Utf8PathBuf;

/// What to generate, and where.
#[derive(Debug, Clone)]
pub struct GenerateOptions {
    /// A `.udl` file, or a built library carrying uniffi metadata.
    pub source: Utf8PathBuf,
    /// Directory that receives one sub-directory per Go package.
    pub out_dir: Utf8PathBuf,
    /// A uniffi.toml-style file whose `[bindings.go]` settings win over each crate's own.
    pub config: Option<Utf8PathBuf>,
    /// Only generate the package of this crate (library mode).
    pub crate_filter: Option<String>,
    /// Run `gofmt` on the output when it is on PATH.
    pub format: bool,
}

impl Default for GenerateOptions {
    fn default() -> Self {
        Self {
            source: Utf8PathBuf::new(),
            out_dir: Utf8PathBuf::from("."),
            config: None,
            crate_filter: None,
            format: true,
        }
    }
}

/// The component interfaces of a built library, read as `generate` reads it in library mode
/// (uniffi's `BindgenLoader`, crate sources located with `cargo metadata` for UDL-based crates),
/// with their FFI functions derived. The remote host uses it to learn the signatures it calls.
pub fn load_library_interfaces(
    library: &camino::Utf8Path,
) -> Result<Vec<uniffi_bindgen::ComponentInterface>> {
    let options = GenerateOptions {
        source: library.to_owned(),
        ..GenerateOptions::default()
    };
    Ok(load::load(&options)?.into_iter().map(|c| c.ci).collect())
}

/// Generates the Go packages and returns the paths of the files written.
///
/// Nothing is written unless every package renders: files are produced in a temporary directory
/// inside `out_dir` and moved into place at the end.
pub fn generate(options: &GenerateOptions) -> Result<Vec<Utf8PathBuf>> {
    generate_with(options, &|_, _| Ok(()))
}

/// `generate`, with each crate's `[bindings.go]` settings adjusted last, by a function that
/// sees the crate's interface and may refuse it.
fn generate_with(
    options: &GenerateOptions,
    adjust: &dyn Fn(&uniffi_bindgen::ComponentInterface, &mut GoConfig) -> Result<()>,
) -> Result<Vec<Utf8PathBuf>> {
    let mut components = load::load(options)?;
    for c in components.iter_mut() {
        adjust(&c.ci, &mut c.config)?;
    }
    apply_exclusions_and_renames(&mut components);
    let siblings: std::collections::BTreeMap<String, go::Sibling> = components
        .iter()
        .map(|c| {
            (
                c.ci.crate_name().to_string(),
                go::Sibling {
                    package_name: c.config.package_name(&c.ci),
                    custom_types: c.config.custom_types.clone(),
                    import_path: c.config.import_path().map(str::to_string),
                    module_path: c.config.module_path.clone(),
                },
            )
        })
        .collect();
    let mut packages = Vec::new();
    let chosen = components.iter().filter(|c| {
        options
            .crate_filter
            .as_ref()
            .is_none_or(|wanted| c.ci.crate_name() == wanted)
    });
    for component in chosen {
        let config = with_relative_library_dir(component, &options.out_dir)?;
        packages.push(go::render(
            &component.ci,
            &config,
            &component.source_name,
            &siblings,
        )?);
    }
    output::write_packages(&options.out_dir, &packages, options.format)
}

/// The component's config with `library_dir` checked and made relative to the package's
/// directory in `out_dir`, and, for static linking, the host's native libraries from rustc
/// unless `native_libs` gives them.
fn with_relative_library_dir(
    component: &load::LoadedComponent,
    out_dir: &camino::Utf8Path,
) -> Result<GoConfig> {
    let mut config = component.config.clone();
    if config.link_mode() == LinkMode::Static && config.native_libs.is_none() {
        config.native_libs = Some(module::host_native_libs()?);
    }
    if let Some(dir) = &config.library_dir {
        let ci = &component.ci;
        let package_dir = out_dir.join(config.package_name(ci));
        config.library_dir = Some(library_dir::relative_library_dir(
            dir,
            &package_dir,
            &config.link_name(ci),
            config.link_mode(),
            ci.crate_name(),
        )?);
    }
    Ok(config)
}

/// Applies `exclude` and `rename` from `[bindings.go]`. FFI functions are derived before this, so
/// renamed items still call the library's symbols under their original names. Renames are keyed by
/// crate, so a type renamed in its own crate is renamed where other crates use it too.
fn apply_exclusions_and_renames(components: &mut [load::LoadedComponent]) {
    use uniffi_bindgen::interface::{apply_exclusions, rename};
    for c in components.iter_mut() {
        apply_exclusions(&mut c.ci, &c.config.exclude);
    }
    let renames: std::collections::HashMap<String, toml::Table> = components
        .iter()
        .filter(|c| !c.config.rename.is_empty())
        .map(|c| (c.ci.crate_name().to_string(), c.config.rename.clone()))
        .collect();
    if !renames.is_empty() {
        for c in components.iter_mut() {
            rename(&mut c.ci, &renames);
        }
    }
    // Each component looks up the definitions of other crates' types in its copies of them,
    // which must carry the same exclusions and renames.
    let all: Vec<_> = components.iter().map(|c| c.ci.clone()).collect();
    for c in components.iter_mut() {
        c.ci.set_all_component_interfaces(all.clone());
    }
}

/// The name of a Go identifier for a Rust name, exposed for tools that refer to generated code.
pub fn go_exported_name(rust_name: &str) -> String {
    go::names::exported(rust_name)
}
