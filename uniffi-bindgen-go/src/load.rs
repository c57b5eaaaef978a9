//! Loading components with uniffi's `BindgenLoader`, from a UDL file or a built library.

use std::rc::Rc;

use anyhow::{bail, Context, Result};
use camino::{Utf8Path, Utf8PathBuf};
use serde::Deserialize;
use uniffi_bindgen::cargo_metadata::CrateConfigSupplier;
use uniffi_bindgen::{
    BindgenLoader, BindgenPaths, BindgenPathsLayer, ComponentInterface, GlobalConfig,
};

use crate::config::GoConfig;
use crate::GenerateOptions;

/// One crate to bind: its interface and its Go settings.
pub struct LoadedComponent {
    pub ci: ComponentInterface,
    pub config: GoConfig,
    pub source_name: String,
}

/// Finds the crate that owns a UDL file: the nearest directory above it with a Cargo.toml.
struct UdlCrateRoot {
    crate_name: String,
    root: Utf8PathBuf,
}

impl BindgenPathsLayer for UdlCrateRoot {
    fn get_crate_root(&self, crate_name: &str) -> Option<Utf8PathBuf> {
        (crate_name == self.crate_name).then(|| self.root.clone())
    }
}

/// A layer shared with uniffi's loader, so that we find the same uniffi.toml files it reads.
struct SharedLayer(Rc<dyn BindgenPathsLayer>);

impl BindgenPathsLayer for SharedLayer {
    fn get_crate_root(&self, crate_name: &str) -> Option<Utf8PathBuf> {
        self.0.get_crate_root(crate_name)
    }

    fn get_config_path(&self, crate_name: &str) -> Option<Utf8PathBuf> {
        self.0.get_config_path(crate_name)
    }

    fn get_udl_path(&self, crate_name: &str, udl_name: &str) -> Option<Utf8PathBuf> {
        self.0.get_udl_path(crate_name, udl_name)
    }
}

pub fn load(options: &GenerateOptions) -> Result<Vec<LoadedComponent>> {
    let source = &options.source;
    if !source.exists() {
        bail!("{source}: no such file");
    }
    let is_udl = source
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("udl"));
    if is_udl {
        check_udl_syntax(source)?;
    }

    let mut layer: Option<Rc<dyn BindgenPathsLayer>> = None;
    let mut metadata_failure = None;
    let mut udl_root = None;
    if is_udl {
        if let Some((crate_name, root)) = udl_crate(source)? {
            udl_root = Some(root.clone());
            layer = Some(Rc::new(UdlCrateRoot { crate_name, root }));
        }
    } else {
        match CrateConfigSupplier::from_cargo_metadata_command(false) {
            Ok(supplier) => layer = Some(Rc::new(supplier)),
            // Libraries built from proc-macros need no crate sources; UDL-based ones do, and
            // then the failure below explains why their UDL could not be found.
            Err(err) => metadata_failure = Some(err),
        }
    }
    let mut paths = BindgenPaths::default();
    if let Some(layer) = &layer {
        paths.add_layer(SharedLayer(layer.clone()));
    }
    let loader = BindgenLoader::new(paths, GlobalConfig::default());

    let metadata = match loader.load_metadata(source) {
        Ok(metadata) => metadata,
        Err(err) if is_udl => return Err(locate_udl_error(source, err)),
        Err(err) => {
            let needs_sources = format!("{err:#}").contains("UDL");
            return Err(match metadata_failure {
                Some(cause) if needs_sources => anyhow::anyhow!(
                    "{source}: loading uniffi metadata: {err:#} (crate sources could not be located with `cargo metadata`; run from the crate's workspace: {})",
                    one_line(&format!("{cause:#}"))
                ),
                _ => err.context(format!("{source}: loading uniffi metadata")),
            });
        }
    };
    if let Some(wanted) = &options.crate_filter {
        if !metadata.contains_key(wanted) {
            let mut found: Vec<_> = metadata.keys().cloned().collect();
            found.sort();
            bail!(
                "{source}: no crate named `{wanted}` (it has: {})",
                found.join(", ")
            );
        }
    }
    let cis = match without_panics(|| loader.load_cis(metadata)) {
        Ok(cis) => cis,
        Err(err) if is_udl => return Err(locate_udl_error(source, err)),
        Err(err) => return Err(err.context(format!("{source}: reading the component interface"))),
    };
    if let Some(root) = &udl_root {
        for ci in &cis {
            crate::udl_coverage::check(&loader, source, root, ci)?;
        }
    }

    let override_config = match &options.config {
        Some(path) => {
            let text = check_config_file(path)?;
            let root: toml::Value =
                toml::from_str(&text).with_context(|| format!("{path}: invalid TOML"))?;
            Some(GoConfig::from_toml(&root, path.as_str())?)
        }
        None => None,
    };
    // uniffi's loader reads each crate's uniffi.toml; checking it first gives its mistakes a
    // file, line and column.
    for ci in &cis {
        let config_path = layer
            .as_ref()
            .and_then(|l| l.get_config_path(ci.crate_name()));
        if let Some(path) = config_path.filter(|p| p.exists()) {
            check_config_file(&path)?;
        }
    }
    let cdylib = loader.library_name(source).map(str::to_string);
    let components = loader.load_components(cis, |ci, toml| {
        let mut config =
            GoConfig::from_toml(&toml, &format!("the uniffi.toml of {}", ci.crate_name()))?;
        if config.cdylib_name.is_none() {
            config.cdylib_name = cdylib.clone();
        }
        Ok(match &override_config {
            Some(o) => config.overlay(o.clone()),
            None => config,
        })
    })?;

    let source_name = source.file_name().unwrap_or(source.as_str()).to_string();
    let mut out = Vec::new();
    // Every crate is loaded even with a crate filter: the packages of the others tell the chosen
    // one how to import the types it uses from them.
    for mut component in components {
        component
            .ci
            .derive_ffi_funcs()
            .with_context(|| format!("{source}: deriving FFI functions"))?;
        out.push(LoadedComponent {
            ci: component.ci,
            config: component.config,
            source_name: source_name.clone(),
        });
    }
    out.sort_by(|a, b| a.ci.crate_name().cmp(b.ci.crate_name()));
    Ok(out)
}

/// Runs `f`, turning a panic inside uniffi's interface reader (it panics on some inputs Rust would
/// not compile either, such as a custom type of a string thrown as an error) into an error with
/// the panic's message, printed by the caller once instead of as a crash.
fn without_panics<T>(f: impl FnOnce() -> Result<T>) -> Result<T> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    std::panic::set_hook(hook);
    outcome.unwrap_or_else(|payload| {
        let message = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("no message");
        Err(anyhow::anyhow!(
            "uniffi cannot read this interface: {message}"
        ))
    })
}

/// Reads a uniffi.toml-style file and checks its TOML and its `[bindings.go]` section, naming
/// the file, line and column of a mistake. Returns the text.
fn check_config_file(path: &Utf8Path) -> Result<String> {
    // Parsed for their errors only. Only `[bindings.go]` is ours: other sections belong to other
    // generators.
    #[derive(Deserialize)]
    #[allow(dead_code)]
    struct File {
        bindings: Option<Bindings>,
    }
    #[derive(Deserialize)]
    #[allow(dead_code)]
    struct Bindings {
        go: Option<GoConfig>,
    }

    let text = std::fs::read_to_string(path)
        .with_context(|| format!("{path}: cannot read the config file"))?;
    let (what, err) = match toml::from_str::<toml::Table>(&text) {
        Err(err) => ("invalid TOML", err),
        Ok(_) => match toml::from_str::<File>(&text) {
            Err(err) => ("invalid [bindings.go]", err),
            Ok(_) => return Ok(text),
        },
    };
    let at = err
        .span()
        .map(|span| {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
            format!(":{line}:{column}")
        })
        .unwrap_or_default();
    bail!("{path}{at}: {what}: {}", one_line(err.message()))
}

/// Folds a message that spans lines into one.
fn one_line(message: &str) -> String {
    message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The crate name and root for a UDL file, from the nearest Cargo.toml above it.
fn udl_crate(udl: &Utf8Path) -> Result<Option<(String, Utf8PathBuf)>> {
    let udl = udl.canonicalize_utf8().unwrap_or_else(|_| udl.to_owned());
    for dir in udl.ancestors().skip(1) {
        let manifest = dir.join("Cargo.toml");
        if manifest.exists() {
            let text = fs_err::read_to_string(&manifest)?;
            let value: toml::Value =
                toml::from_str(&text).with_context(|| format!("{manifest}: invalid TOML"))?;
            let lib_name = value
                .get("lib")
                .and_then(|l| l.get("name"))
                .and_then(|n| n.as_str());
            let package_name = value
                .get("package")
                .and_then(|p| p.get("name"))
                .and_then(|n| n.as_str());
            let Some(name) = lib_name.or(package_name) else {
                continue;
            };
            return Ok(Some((name.replace('-', "_"), dir.to_owned())));
        }
    }
    Ok(None)
}

/// Parses the UDL's syntax first, so that a syntax error names the file and line.
fn check_udl_syntax(udl: &Utf8Path) -> Result<()> {
    use weedle::Parse;
    let text = fs_err::read_to_string(udl)?;
    let trimmed = text.trim();
    let remaining = match weedle::Definitions::parse(trimmed) {
        Ok((remaining, _)) => remaining,
        Err(_) => trimmed,
    };
    if remaining.is_empty() {
        return Ok(());
    }
    let offset = text.len() - text.trim_start().len() + (trimmed.len() - remaining.len());
    let line = text[..offset].matches('\n').count() + 1;
    let snippet = remaining.lines().next().unwrap_or("").trim();
    bail!("{udl}:{line}: syntax error near `{snippet}`");
}

/// Prefixes an error about a UDL file with `file:line:` when the error quotes a name found on a
/// line of the file (uniffi's own messages carry no position).
fn locate_udl_error(udl: &Utf8Path, err: anyhow::Error) -> anyhow::Error {
    let message = format!("{err:#}");
    let text = fs_err::read_to_string(udl).unwrap_or_default();
    let quoted = message
        .split(['`', '"', '\''])
        .skip(1)
        .step_by(2)
        .find(|name| !name.is_empty() && text.contains(*name));
    let name = quoted.or_else(|| {
        message
            .split(|c: char| !c.is_alphanumeric() && c != '_')
            .filter(|w| w.len() > 2 && w.chars().next().is_some_and(char::is_uppercase))
            .find(|w| text.contains(*w))
    });
    match name.and_then(|n| text.lines().position(|l| l.contains(n))) {
        Some(index) => anyhow::anyhow!("{udl}:{}: {message}", index + 1),
        None => anyhow::anyhow!("{udl}: {message}"),
    }
}
