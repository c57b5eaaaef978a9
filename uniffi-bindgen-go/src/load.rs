//! Loading components with uniffi's `BindgenLoader`, from a UDL file or a built library.

use anyhow::{bail, Context, Result};
use camino::{Utf8Path, Utf8PathBuf};
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

    let mut paths = BindgenPaths::default();
    let mut metadata_failure = None;
    if is_udl {
        if let Some((crate_name, root)) = udl_crate(source)? {
            paths.add_layer(UdlCrateRoot { crate_name, root });
        }
    } else if let Err(err) = paths.add_cargo_metadata_layer(false) {
        // Libraries built from proc-macros need no crate sources; UDL-based ones do, and then
        // the failure below explains why their UDL could not be found.
        metadata_failure = Some(err);
    }
    let loader = BindgenLoader::new(paths, GlobalConfig::default());

    let metadata = match loader.load_metadata(source) {
        Ok(metadata) => metadata,
        Err(err) if is_udl => return Err(locate_udl_error(source, err)),
        Err(err) => {
            let needs_sources = format!("{err:#}").contains("UDL");
            let err = err.context(format!("{source}: loading uniffi metadata"));
            return Err(match metadata_failure {
                Some(cause) if needs_sources => err.context(format!(
                    "crate sources could not be located with `cargo metadata` (run from the crate's workspace): {cause:#}"
                )),
                _ => err,
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
    let cis = match loader.load_cis(metadata) {
        Ok(cis) => cis,
        Err(err) if is_udl => return Err(locate_udl_error(source, err)),
        Err(err) => return Err(err.context(format!("{source}: reading the component interface"))),
    };

    let override_config = match &options.config {
        Some(path) => {
            let text = fs_err::read_to_string(path)?;
            let root: toml::Value =
                toml::from_str(&text).with_context(|| format!("{path}: invalid TOML"))?;
            Some(GoConfig::from_toml(&root, path.as_str())?)
        }
        None => None,
    };
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
    for mut component in components {
        if let Some(wanted) = &options.crate_filter {
            if component.ci.crate_name() != wanted {
                continue;
            }
        }
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
