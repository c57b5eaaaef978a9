//! Two Rust items must never become the same Go identifier: the package would not compile, and
//! the error would point at generated code instead of the Rust names.

use std::collections::BTreeMap;

use anyhow::{bail, Result};

use super::model::GoFile;

/// Package-level Go names the runtime declares itself.
const RUNTIME_NAMES: &[&str] = &[
    "InternalError",
    "ErrClosed",
    "PendingRustFutures",
    "PendingHostCalls",
    "LiveCallbackHandles",
];

/// Fails, naming both sides, when two items of the package share a Go name.
pub fn check(file: &GoFile<'_>) -> Result<()> {
    let mut seen: BTreeMap<String, String> = RUNTIME_NAMES
        .iter()
        .map(|n| (n.to_string(), "the package runtime".to_string()))
        .collect();
    let mut claim = |name: &str, what: String| -> Result<()> {
        if let Some(first) = seen.get(name) {
            bail!(
                "the Go name `{name}` would be declared twice: by {first} and by {what}; rename one of them"
            );
        }
        seen.insert(name.to_string(), what);
        Ok(())
    };
    for r in &file.records {
        claim(&r.name, format!("record `{}`", r.name))?;
    }
    for e in &file.flat_enums {
        claim(&e.name, format!("enum `{}`", e.name))?;
        for v in &e.variants {
            claim(
                &v.const_name,
                format!("variant `{}` of enum `{}`", v.rust_name, e.name),
            )?;
        }
    }
    for e in &file.data_enums {
        claim(&e.name, format!("enum `{}`", e.name))?;
        for v in &e.variants {
            claim(
                &v.struct_name,
                format!("variant `{}` of enum `{}`", v.rust_name, e.name),
            )?;
        }
    }
    for e in &file.errors {
        claim(&e.name, format!("error `{}`", e.name))?;
        for v in &e.variants {
            claim(
                &v.struct_name,
                format!("variant `{}` of error `{}`", v.rust_name, e.name),
            )?;
        }
    }
    for o in &file.objects {
        let what = if o.name == o.sym_name {
            format!("object `{}`", o.name)
        } else {
            format!(
                "the Go struct for Rust implementations of trait `{}`",
                o.sym_name
            )
        };
        claim(&o.name, what)?;
        for c in &o.constructors {
            claim(
                &c.name,
                format!("constructor `{}` of `{}`", c.rust_name, o.sym_name),
            )?;
        }
    }
    for f in file.foreign_types {
        claim(&f.name, format!("interface `{}`", f.name))?;
    }
    for c in &file.functions {
        claim(&c.name, format!("function `{}`", c.rust_name))?;
    }
    Ok(())
}
