//! Which converter functions the package needs, and what each one looks like.
//!
//! A type is read when Rust hands a value to Go and written when Go hands one to Rust. Only the
//! directions a package uses are emitted, so the generated Go has no dead code.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::Result;
use uniffi_bindgen::interface::Type;

use super::{names, types, PackageContext};

/// Directions in which values of one type cross.
#[derive(Debug, Default, Clone, Copy)]
pub struct Directions {
    pub read: bool,
    pub write: bool,
}

/// The set of types the package converts, and in which direction.
#[derive(Debug, Default)]
pub struct Usage {
    /// Keyed by canonical name so the output order is stable.
    pub in_buffer: BTreeMap<String, (Type, Directions)>,
    /// Buffer-crossing types used as top-level arguments (`uniffiLower<T>`).
    pub top_lower: BTreeMap<String, Type>,
    /// Records of numbers and bools used as top-level arguments, which the C helper writes from
    /// their fields (`uniffi_go_<namespace>_lower_<T>`).
    pub fixed_lower: BTreeMap<String, Type>,
    /// Buffer-crossing types Rust hands to Go callbacks as arguments (`uniffiLift<T>`).
    pub top_lift: BTreeMap<String, Type>,
    /// Buffer-crossing types returned by calls into Rust (`uniffiLiftResult<T>`).
    pub result_lift: BTreeMap<String, Type>,
    /// Flat or rich errors thrown by some callable (`uniffiLiftError<T>`).
    pub thrown: BTreeSet<String>,
    /// Those thrown by a synchronous callable (`uniffiCallError<T>`).
    pub thrown_sync: BTreeSet<String>,
    /// Objects whose handles are written inside buffers (they need a clone helper).
    pub objects_written: BTreeSet<String>,
    /// Trait and callback interfaces (canonical names) that Go hands to Rust.
    pub foreign_lowered: BTreeSet<String>,
    /// Trait interfaces (canonical names) that Rust hands to Go.
    pub foreign_lifted: BTreeSet<String>,
    /// Error types (canonical names) that Go callbacks return to Rust.
    /// Canonical name -> Go type.
    pub callback_errors: BTreeMap<String, String>,
    /// Custom types with a configured Go conversion, by Go name, and the directions converted.
    pub customs: BTreeMap<String, (Type, Directions)>,
    /// Types whose values are checked for what Rust would refuse before handles are made
    /// (`uniffiCheck<T>`), by canonical name; `String` among them when strings are.
    pub checked: BTreeSet<String>,
}

impl Usage {
    /// Marks a top-level argument type.
    pub fn lower_arg(&mut self, cx: &PackageContext<'_>, ty: &Type) -> Result<()> {
        self.convert_custom(cx, ty, false);
        match cx.types.crossing(ty)? {
            types::Crossing::Buffer => {
                self.top_lower.insert(cx.types.canonical(ty)?, ty.clone());
                self.mark(cx, ty, false)?;
            }
            types::Crossing::Foreign { canonical } => {
                self.foreign_lowered.insert(canonical);
            }
            _ => {}
        }
        Ok(())
    }

    /// Marks a value Go hands to Rust as the result of a callback: objects are cloned for it.
    pub fn lower_owned(&mut self, cx: &PackageContext<'_>, ty: &Type) -> Result<()> {
        if let types::Crossing::Object { go_name } = cx.types.crossing(ty)? {
            self.objects_written.insert(go_name);
        }
        self.lower_arg(cx, ty)
    }

    /// Marks the return type of a call into Rust.
    pub fn lift_return(&mut self, cx: &PackageContext<'_>, ty: &Type) -> Result<()> {
        self.lift(cx, ty, true)
    }

    /// Marks the type of an argument Rust passes to a Go callback.
    pub fn lift_callback_arg(&mut self, cx: &PackageContext<'_>, ty: &Type) -> Result<()> {
        self.lift(cx, ty, false)
    }

    fn lift(&mut self, cx: &PackageContext<'_>, ty: &Type, from_result: bool) -> Result<()> {
        self.convert_custom(cx, ty, true);
        match cx.types.crossing(ty)? {
            types::Crossing::Buffer => {
                let lifts = if from_result {
                    &mut self.result_lift
                } else {
                    &mut self.top_lift
                };
                lifts.insert(cx.types.canonical(ty)?, ty.clone());
                self.mark(cx, ty, true)?;
            }
            types::Crossing::Foreign { canonical } => {
                self.foreign_lifted.insert(canonical);
            }
            _ => {}
        }
        Ok(())
    }

    /// Marks a type whose values are checked before a call makes handles, and the types its
    /// check looks into.
    pub fn check(&mut self, cx: &PackageContext<'_>, ty: &Type) -> Result<()> {
        let ty = &*cx.types.resolve(ty);
        if !cx.types.refusable(ty) || !self.checked.insert(cx.types.canonical(ty)?) {
            return Ok(());
        }
        for part in cx.types.check_parts(ty)? {
            self.check(cx, &part)?;
        }
        Ok(())
    }

    /// Marks an error type that a callable throws.
    pub fn throws(&mut self, cx: &PackageContext<'_>, ty: &Type, is_async: bool) -> Result<()> {
        let canonical = cx.types.canonical(ty)?;
        if !is_async {
            self.thrown_sync.insert(canonical.clone());
        }
        self.thrown.insert(canonical);
        self.mark(cx, ty, true)
    }

    /// Records that a configured custom type is converted from (`read`) or to its wrapped type.
    fn convert_custom(&mut self, cx: &PackageContext<'_>, ty: &Type, read: bool) {
        if let Some((go_name, _, _)) = cx.types.configured_custom(ty) {
            let entry = self
                .customs
                .entry(go_name)
                .or_insert_with(|| (ty.clone(), Directions::default()));
            if read {
                entry.1.read = true;
            } else {
                entry.1.write = true;
            }
        }
    }

    /// Marks `ty` and everything inside it as read (`read == true`) or written.
    fn mark(&mut self, cx: &PackageContext<'_>, ty: &Type, read: bool) -> Result<()> {
        // A Box and an unconfigured custom type are converted as what they hold.
        let ty = &*cx.types.resolve(ty);
        let canonical = cx.types.canonical(ty)?;
        let entry = self
            .in_buffer
            .entry(canonical.clone())
            .or_insert_with(|| (ty.clone(), Directions::default()));
        let flag = if read {
            &mut entry.1.read
        } else {
            &mut entry.1.write
        };
        if *flag {
            return Ok(());
        }
        *flag = true;
        if matches!(ty, Type::Custom { .. }) {
            self.convert_custom(cx, ty, read);
        } else if cx.types.is_foreign(ty) {
            if read {
                self.foreign_lifted.insert(canonical);
            } else {
                // Written handles are released if lowering the rest of the value fails.
                self.objects_written.insert(canonical.clone());
                self.foreign_lowered.insert(canonical);
            }
        } else if let (Type::Object { name, .. }, false) = (ty, read) {
            self.objects_written.insert(names::exported(name));
        }
        for part in cx.types.wire_parts(ty)? {
            self.mark(cx, &part, read)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const UDL: &str = r#"
        namespace demo {};
        dictionary Leaf { string name; timestamp at; };
        dictionary Tree { Leaf leaf; sequence<Tree> children; };
    "#;

    fn record(name: &str) -> Type {
        Type::Record {
            module_path: "demo".into(),
            name: name.into(),
        }
    }

    /// A `Box<T>` marked before `T` itself still marks everything inside `T`: the box shares
    /// `T`'s converters, so marking must not stop at the box.
    #[test]
    fn a_box_seen_first_marks_what_it_holds() {
        super::super::with_test_context(UDL, |cx| {
            let mut usage = Usage::default();
            let boxed = Type::Box {
                inner_type: Box::new(record("Tree")),
            };
            usage.lower_arg(cx, &boxed).unwrap();
            usage.lower_arg(cx, &record("Tree")).unwrap();
            for canonical in [
                "RecordTree",
                "RecordLeaf",
                "SequenceRecordTree",
                "String",
                "Timestamp",
                "Int64",
            ] {
                let (_, dirs) = usage.in_buffer.get(canonical).unwrap_or_else(|| {
                    panic!("{canonical} not marked: {:?}", usage.in_buffer.keys())
                });
                assert!(dirs.write && !dirs.read, "{canonical}: {dirs:?}");
            }
        });
    }
}
