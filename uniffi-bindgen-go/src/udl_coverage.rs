//! UDL mode reads only the UDL file, so the items a crate exports with proc-macros besides it
//! would be left out of the package without a word. When the crate's library is built, its
//! metadata tells what the crate really exports; anything the UDL file does not declare stops
//! generation with one line that names it and points to library mode.

use std::collections::{BTreeSet, HashMap};

use anyhow::{bail, Result};
use camino::{Utf8Path, Utf8PathBuf};
use uniffi_bindgen::{BindgenLoader, ComponentInterface};

/// Fails when the crate's built library exports items that `udl_ci` (read from `udl`) lacks.
/// Without a built library there is nothing to compare, and the check passes.
pub fn check(
    loader: &BindgenLoader,
    udl: &Utf8Path,
    crate_root: &Utf8Path,
    udl_ci: &ComponentInterface,
) -> Result<()> {
    let crate_name = udl_ci.crate_name();
    let Some(library) = built_library(crate_name, crate_root) else {
        return Ok(());
    };
    // A library that cannot be read (another platform's, a partial build) proves nothing.
    let Ok(mut metadata) = loader.load_metadata(&library) else {
        return Ok(());
    };
    let Some(group) = metadata.remove(crate_name) else {
        return Ok(());
    };
    let Ok(cis) = loader.load_cis(HashMap::from([(crate_name.to_string(), group)])) else {
        return Ok(());
    };
    let Some(library_ci) = cis.first() else {
        return Ok(());
    };
    let declared = items(udl_ci);
    let missing: Vec<String> = items(library_ci)
        .into_iter()
        .filter(|item| !declared.contains(item))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    bail!(
        "{udl}: crate `{crate_name}` also exports {} with proc-macros, which UDL mode does not read; generate from its library instead: uniffi-bindgen-go {library}",
        missing.join(", ")
    )
}

/// What a crate exports, named for a reader: `function f`, `record R`, `method T.m`.
fn items(ci: &ComponentInterface) -> BTreeSet<String> {
    let mut items = BTreeSet::new();
    for f in ci.function_definitions() {
        items.insert(format!("function `{}`", f.name()));
    }
    for r in ci.record_definitions() {
        items.insert(format!("record `{}`", r.name()));
    }
    for e in ci.enum_definitions() {
        items.insert(format!("enum `{}`", e.name()));
    }
    for c in ci.callback_interface_definitions() {
        items.insert(format!("callback interface `{}`", c.name()));
    }
    for o in ci.object_definitions() {
        items.insert(format!("object `{}`", o.name()));
        for c in o.constructors() {
            items.insert(format!("constructor `{}::{}`", o.name(), c.name()));
        }
        for m in o.methods() {
            items.insert(format!("method `{}::{}`", o.name(), m.name()));
        }
    }
    items
}

/// The most recently built library of `crate_name` in a cargo target directory: `$CARGO_TARGET_DIR`
/// or a `target` directory at or above the crate, release or debug profile.
fn built_library(crate_name: &str, crate_root: &Utf8Path) -> Option<Utf8PathBuf> {
    let mut target_dirs: Vec<Utf8PathBuf> = std::env::var("CARGO_TARGET_DIR")
        .ok()
        .map(Utf8PathBuf::from)
        .into_iter()
        .collect();
    target_dirs.extend(crate_root.ancestors().map(|dir| dir.join("target")));
    let file_names = [
        format!("lib{crate_name}.so"),
        format!("lib{crate_name}.dylib"),
        format!("{crate_name}.dll"),
    ];
    target_dirs
        .iter()
        .flat_map(|dir| ["release", "debug"].map(|profile| dir.join(profile)))
        .flat_map(|dir| file_names.iter().map(move |name| dir.join(name)))
        .filter_map(|path| {
            let modified = path.metadata().ok()?.modified().ok()?;
            Some((modified, path))
        })
        .max_by_key(|(modified, _)| *modified)
        .map(|(_, path)| path)
}
