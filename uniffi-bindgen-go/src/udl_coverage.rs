//! UDL mode reads only the UDL file, so the items a crate exports with proc-macros besides it
//! would be left out of the package without a word. When the crate's library is built, its
//! metadata tells what the crate really exports; anything the UDL file does not declare stops
//! generation with one line that names it and points to library mode. Without a built library,
//! a proc-macro attribute in the crate's sources stops it the same way, naming where it is.

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
        // Nothing built to compare with: the sources show whether proc-macros export more.
        if let Some(place) = proc_macro_use(crate_root) {
            bail!(
                "{udl}: crate `{crate_name}` also exports items with proc-macros ({place}), which UDL mode does not read; build the crate and generate from its library instead (library mode)"
            );
        }
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

/// Without a built library, the crate's sources tell whether it uses uniffi's proc-macros: the
/// first `#[uniffi::export]` or `derive(uniffi::…)` outside a comment, as `file:line`.
fn proc_macro_use(crate_root: &Utf8Path) -> Option<String> {
    let mut dirs = vec![crate_root.join("src")];
    let mut files = Vec::new();
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = dir.read_dir_utf8() else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path().to_owned();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension() == Some("rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    let markers = [
        "#[uniffi::export",
        "uniffi::Record",
        "uniffi::Enum",
        "uniffi::Object",
        "uniffi::Error",
    ];
    files.iter().find_map(|file| {
        let text = std::fs::read_to_string(file).ok()?;
        text.lines().enumerate().find_map(|(i, line)| {
            let code = line.trim_start();
            let used = !code.starts_with("//") && markers.iter().any(|m| code.contains(m));
            used.then(|| {
                let shown = file.strip_prefix(crate_root).unwrap_or(file);
                format!("{shown}:{}", i + 1)
            })
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proc_macro_use_is_found_outside_comments() {
        let dir = tempfile::tempdir().unwrap();
        let root = Utf8Path::from_path(dir.path()).unwrap();
        std::fs::create_dir_all(root.join("src/inner")).unwrap();
        std::fs::write(
            root.join("src/lib.rs"),
            "//! Mentions `#[uniffi::export]` in a comment.\nuniffi::include_scaffolding!(\"x\");\n",
        )
        .unwrap();
        assert_eq!(proc_macro_use(root), None);
        std::fs::write(
            root.join("src/inner/more.rs"),
            "use std::sync::Arc;\n\n#[derive(uniffi::Record)]\npub struct R { pub x: u8 }\n",
        )
        .unwrap();
        assert_eq!(proc_macro_use(root).as_deref(), Some("src/inner/more.rs:3"));
    }
}
