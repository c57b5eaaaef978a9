//! Which converter functions the package needs, and what each one looks like.
//!
//! A type is read when Rust hands a value to Go and written when Go hands one to Rust. Only the
//! directions a package uses are emitted, so the generated Go has no dead code.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::{bail, Result};
use uniffi_bindgen::{interface::Type, ComponentInterface};

use super::{names, types};

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
    /// Buffer-crossing types Rust hands to Go callbacks as arguments (`uniffiLift<T>`).
    pub top_lift: BTreeMap<String, Type>,
    /// Buffer-crossing types returned by calls into Rust (`uniffiLiftResult<T>`).
    pub result_lift: BTreeMap<String, Type>,
    /// Flat or rich errors thrown by some callable (`uniffiLiftError<T>`).
    pub thrown: BTreeSet<String>,
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
}

impl Usage {
    /// Marks a top-level argument type.
    pub fn lower_arg(&mut self, ci: &ComponentInterface, ty: &Type) -> Result<()> {
        self.convert_custom(ty, false);
        match types::crossing(ty)? {
            types::Crossing::Buffer => {
                self.top_lower.insert(types::canonical(ty)?, ty.clone());
                self.mark(ci, ty, false)?;
            }
            types::Crossing::Foreign { canonical } => {
                self.foreign_lowered.insert(canonical);
            }
            _ => {}
        }
        Ok(())
    }

    /// Marks a value Go hands to Rust as the result of a callback: objects are cloned for it.
    pub fn lower_owned(&mut self, ci: &ComponentInterface, ty: &Type) -> Result<()> {
        if let types::Crossing::Object { go_name } = types::crossing(ty)? {
            self.objects_written.insert(go_name);
        }
        self.lower_arg(ci, ty)
    }

    /// Marks the return type of a call into Rust.
    pub fn lift_return(&mut self, ci: &ComponentInterface, ty: &Type) -> Result<()> {
        self.lift(ci, ty, true)
    }

    /// Marks the type of an argument Rust passes to a Go callback.
    pub fn lift_callback_arg(&mut self, ci: &ComponentInterface, ty: &Type) -> Result<()> {
        self.lift(ci, ty, false)
    }

    fn lift(&mut self, ci: &ComponentInterface, ty: &Type, from_result: bool) -> Result<()> {
        self.convert_custom(ty, true);
        match types::crossing(ty)? {
            types::Crossing::Buffer => {
                let lifts = if from_result {
                    &mut self.result_lift
                } else {
                    &mut self.top_lift
                };
                lifts.insert(types::canonical(ty)?, ty.clone());
                self.mark(ci, ty, true)?;
            }
            types::Crossing::Foreign { canonical } => {
                self.foreign_lifted.insert(canonical);
            }
            _ => {}
        }
        Ok(())
    }

    /// Marks an error type that a callable throws.
    pub fn throws(&mut self, ci: &ComponentInterface, ty: &Type) -> Result<()> {
        self.thrown.insert(types::canonical(ty)?);
        self.mark(ci, ty, true)
    }

    /// Records that a configured custom type is converted from (`read`) or to its wrapped type.
    fn convert_custom(&mut self, ty: &Type, read: bool) {
        if let Some((go_name, _, _)) = types::configured_custom(ty) {
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
    fn mark(&mut self, ci: &ComponentInterface, ty: &Type, read: bool) -> Result<()> {
        let ty = &*types::resolve(ty);
        let canonical = types::canonical(ty)?;
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
        match ty {
            Type::Optional { inner_type } => {
                self.mark(ci, &Type::UInt8, read)?;
                self.mark(ci, inner_type, read)?;
            }
            Type::Sequence { inner_type } | Type::Set { inner_type } => {
                self.mark(ci, &Type::Int32, read)?;
                self.mark(ci, &map_key(inner_type), read)?;
            }
            Type::Map {
                key_type,
                value_type,
            } => {
                self.mark(ci, &Type::Int32, read)?;
                self.mark(ci, &map_key(key_type), read)?;
                self.mark(ci, value_type, read)?;
            }
            Type::Box { inner_type } => self.mark(ci, inner_type, read)?,
            Type::Timestamp => {
                self.mark(ci, &Type::Int64, read)?;
                self.mark(ci, &Type::UInt32, read)?;
            }
            Type::Duration => {
                self.mark(ci, &Type::UInt64, read)?;
                self.mark(ci, &Type::UInt32, read)?;
            }
            Type::Custom { builtin, .. } => {
                self.convert_custom(ty, read);
                self.mark(ci, builtin, read)?;
            }
            ty if types::is_foreign(ty) => {
                self.mark(ci, &Type::UInt64, read)?;
                let canonical = types::canonical(ty)?;
                if read {
                    self.foreign_lifted.insert(canonical);
                } else {
                    // Written handles are released if lowering the rest of the value fails.
                    self.objects_written.insert(canonical.clone());
                    self.foreign_lowered.insert(canonical);
                }
            }
            Type::Object { name, .. } => {
                self.mark(ci, &Type::UInt64, read)?;
                if !read {
                    self.objects_written.insert(names::exported(name));
                }
            }
            Type::Record { name, .. } => {
                let Some(record) = types::owner(ci, ty).get_record_definition(name) else {
                    bail!("record `{name}` is used but not defined");
                };
                for field in record.fields() {
                    self.mark(ci, &field.as_type(), read)?;
                }
            }
            Type::Enum { name, .. } => {
                let owner = types::owner(ci, ty);
                let Some(enum_) = owner.get_enum_definition(name) else {
                    bail!("enum `{name}` is used but not defined");
                };
                self.mark(ci, &Type::Int32, read)?;
                if enum_.is_flat() && owner.is_name_used_as_error(name) {
                    self.mark(ci, &Type::String, read)?;
                } else {
                    for variant in enum_.variants() {
                        for field in variant.fields() {
                            self.mark(ci, &field.as_type(), read)?;
                        }
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }
}

/// Byte-string map keys and set items travel exactly like strings, and are strings in Go.
pub fn map_key(ty: &Type) -> Type {
    match types::resolve(ty).as_ref() {
        Type::Bytes => Type::String,
        other => other.clone(),
    }
}

use uniffi_bindgen::interface::AsType;
