//! Two Rust items must never become the same Go identifier: the package would not compile, and
//! the error would point at generated code instead of the Rust names.

use std::collections::BTreeMap;

use anyhow::{bail, Result};

use super::model::{GoFile, TraitWrappers};

/// Package-level Go names the runtime declares itself.
const RUNTIME_NAMES: &[&str] = &[
    "InternalError",
    "ErrClosed",
    "PendingRustFutures",
    "PendingHostCalls",
    "LiveCallbackHandles",
    "MapEntry",
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
        if !r.defaults.is_empty() {
            claim(
                &format!("Default{}", r.name),
                format!("the defaults of record `{}`", r.name),
            )?;
        }
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
    // Options structs of callables with defaulted arguments, and their constructors.
    let callables = file.functions.iter().chain(&file.value_methods).chain(
        file.objects
            .iter()
            .flat_map(|o| o.constructors.iter().chain(&o.methods)),
    );
    for c in callables {
        if let Some(o) = &c.options {
            claim(&o.name, format!("the options of `{}`", o.callable))?;
            claim(
                &format!("New{}", o.name),
                format!("the options constructor of `{}`", o.callable),
            )?;
        }
    }
    // Methods of enums with data and constructors of records are package-level functions.
    for c in &file.value_methods {
        if c.receiver.is_empty() && is_exported(&c.name) {
            claim(&c.name, format!("the function for `{}`", c.rust_name))?;
        }
    }
    for t in file.value_traits.iter().filter(|t| t.as_functions) {
        for w in &t.wrappers {
            claim(
                &w.go_name,
                format!(
                    "the function for Rust's {} of `{}`",
                    w.rust_trait, t.type_name
                ),
            )?;
        }
    }
    check_members(file)
}

/// Members of one Go type: fields, Rust methods, and the methods the generator adds.
#[derive(Default)]
struct Members(BTreeMap<String, String>);

impl Members {
    fn claim(&mut self, owner: &str, name: &str, what: String) -> Result<()> {
        if let Some(first) = self.0.get(name) {
            bail!(
                "`{owner}.{name}` would be declared twice in Go: by {first} and by {what}; rename one with `rename` in [bindings.go]"
            );
        }
        self.0.insert(name.to_string(), what);
        Ok(())
    }

    fn claim_traits(&mut self, owner: &str, t: &TraitWrappers) -> Result<()> {
        for w in &t.wrappers {
            self.claim(
                owner,
                &w.go_name,
                format!("the method for Rust's {}", w.rust_trait),
            )?;
        }
        Ok(())
    }
}

/// Fails when a field or method would share its name with another member of its Go type, such
/// as a Rust method `close` beside the generated `Close`.
fn check_members(file: &GoFile<'_>) -> Result<()> {
    for o in &file.objects {
        let mut members = Members::default();
        members.claim(&o.name, "Close", "the generated Close".into())?;
        if o.error_text.is_some() {
            members.claim(&o.name, "Error", "the generated Error".into())?;
        }
        if let Some(t) = &o.traits {
            members.claim_traits(&o.name, t)?;
        }
        for m in o.methods.iter().filter(|m| is_exported(&m.name)) {
            members.claim(&o.name, &m.name, format!("method `{}`", m.rust_name))?;
        }
    }
    for f in file.foreign_types {
        if let Some(rust_impl) = &f.rust_impl {
            let mut members = Members::default();
            members.claim(rust_impl, "Close", "the generated Close".into())?;
            for m in &f.methods {
                let name = m.signature.split('(').next().unwrap_or_default();
                members.claim(rust_impl, name, format!("method `{name}` of `{}`", f.name))?;
            }
        }
    }
    for e in &file.errors {
        for v in &e.variants {
            let mut members = Members::default();
            members.claim(&v.struct_name, "Error", "the generated Error".into())?;
            members.claim(&v.struct_name, "Is", "the generated Is".into())?;
            if v.unwrap.is_some() {
                members.claim(&v.struct_name, "Unwrap", "the generated Unwrap".into())?;
            }
            for f in &v.fields {
                members.claim(&v.struct_name, &f.name, format!("field `{}`", f.name))?;
            }
        }
    }
    // Records and flat enums: fields, methods on the value, and trait methods.
    let mut by_type: BTreeMap<String, Members> = BTreeMap::new();
    for r in &file.records {
        let members = by_type.entry(r.name.clone()).or_default();
        for f in &r.fields {
            members.claim(&r.name, &f.name, format!("field `{}`", f.name))?;
        }
    }
    for e in &file.flat_enums {
        if !e.rust_display {
            let members = by_type.entry(e.name.clone()).or_default();
            members.claim(&e.name, "String", "the generated String".into())?;
        }
    }
    for t in &file.value_traits {
        if !t.as_functions {
            let members = by_type.entry(t.type_name.clone()).or_default();
            members.claim_traits(&t.type_name, t)?;
        }
    }
    for m in file.value_methods.iter().filter(|m| is_exported(&m.name)) {
        // `(p Point) ` names the type; functions of enums with data have no receiver.
        let Some(owner) = m.receiver.split_whitespace().nth(1) else {
            continue;
        };
        let owner = owner.trim_end_matches(')');
        let members = by_type.entry(owner.to_string()).or_default();
        members.claim(owner, &m.name, format!("method `{}`", m.rust_name))?;
    }
    Ok(())
}

fn is_exported(name: &str) -> bool {
    name.chars().next().is_some_and(char::is_uppercase)
}
