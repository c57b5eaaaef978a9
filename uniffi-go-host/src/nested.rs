//! Object handles inside buffers (objects in records, sequences, maps, enums, errors): found by
//! reading the buffer with the type the library's metadata gives, as uniffi serializes it.

use std::collections::HashSet;

use uniffi_bindgen::interface::{AsType, ComponentInterface, Type};

fn ci_of<'a>(module_path: &str, cis: &'a [ComponentInterface]) -> Option<&'a ComponentInterface> {
    let crate_name = module_path.split("::").next().unwrap_or_default();
    cis.iter().find(|ci| ci.crate_name() == crate_name)
}

/// Whether a buffer of this type can hold an object handle.
pub fn holds_objects(t: &Type, cis: &[ComponentInterface]) -> bool {
    fn walk(t: &Type, cis: &[ComponentInterface], seen: &mut HashSet<String>) -> bool {
        match t {
            Type::Object { .. } => true,
            Type::Optional { inner_type }
            | Type::Sequence { inner_type }
            | Type::Set { inner_type }
            | Type::Box { inner_type } => walk(inner_type, cis, seen),
            Type::Map {
                key_type,
                value_type,
            } => walk(key_type, cis, seen) || walk(value_type, cis, seen),
            Type::Custom { builtin, .. } => walk(builtin, cis, seen),
            Type::Record { module_path, name } => {
                if !seen.insert(format!("{module_path}::{name}")) {
                    return false;
                }
                let Some(record) =
                    ci_of(module_path, cis).and_then(|ci| ci.get_record_definition(name))
                else {
                    return false;
                };
                record
                    .fields()
                    .iter()
                    .any(|f| walk(&f.as_type(), cis, seen))
            }
            Type::Enum { module_path, name } => {
                if !seen.insert(format!("{module_path}::{name}")) {
                    return false;
                }
                let Some(ci) = ci_of(module_path, cis) else {
                    return false;
                };
                let Some(e) = ci.get_enum_definition(name) else {
                    return false;
                };
                if ci.is_name_used_as_error(name) && e.is_flat() {
                    return false;
                }
                e.variants()
                    .iter()
                    .any(|v| v.fields().iter().any(|f| walk(&f.as_type(), cis, seen)))
            }
            _ => false,
        }
    }
    walk(t, cis, &mut HashSet::new())
}

/// Calls `found(handle, object type)` for every object handle in a buffer of type `t`.
/// `Err` when the buffer does not parse as that type.
pub fn visit_handles(
    t: &Type,
    bytes: &[u8],
    cis: &[ComponentInterface],
    found: &mut dyn FnMut(u64, &str, &str),
) -> Result<(), ()> {
    struct Cur<'a> {
        b: &'a [u8],
        pos: usize,
    }
    impl Cur<'_> {
        fn take(&mut self, n: usize) -> Result<&[u8], ()> {
            if self.b.len() - self.pos < n {
                return Err(());
            }
            self.pos += n;
            Ok(&self.b[self.pos - n..self.pos])
        }
        fn i32(&mut self) -> Result<i32, ()> {
            Ok(i32::from_be_bytes(self.take(4)?.try_into().unwrap()))
        }
        fn count(&mut self) -> Result<usize, ()> {
            let n = self.i32()?;
            if n < 0 {
                return Err(());
            }
            Ok(n as usize)
        }
    }
    fn walk(
        t: &Type,
        c: &mut Cur,
        cis: &[ComponentInterface],
        found: &mut dyn FnMut(u64, &str, &str),
        depth: usize,
    ) -> Result<(), ()> {
        if depth > 256 {
            return Err(());
        }
        let depth = depth + 1;
        match t {
            Type::UInt8 | Type::Int8 | Type::Boolean => c.take(1).map(drop),
            Type::UInt16 | Type::Int16 => c.take(2).map(drop),
            Type::UInt32 | Type::Int32 | Type::Float32 => c.take(4).map(drop),
            Type::UInt64 | Type::Int64 | Type::Float64 | Type::CallbackInterface { .. } => {
                c.take(8).map(drop)
            }
            Type::Timestamp | Type::Duration => c.take(12).map(drop),
            Type::String | Type::Bytes => {
                let n = c.count()?;
                c.take(n).map(drop)
            }
            Type::Object {
                module_path, name, ..
            } => {
                let h = u64::from_be_bytes(c.take(8)?.try_into().unwrap());
                let crate_name = module_path.split("::").next().unwrap_or_default();
                found(h, crate_name, name);
                Ok(())
            }
            Type::Optional { inner_type } => match c.take(1)?[0] {
                0 => Ok(()),
                1 => walk(inner_type, c, cis, found, depth),
                _ => Err(()),
            },
            Type::Sequence { inner_type } | Type::Set { inner_type } => {
                for _ in 0..c.count()? {
                    walk(inner_type, c, cis, found, depth)?;
                }
                Ok(())
            }
            Type::Map {
                key_type,
                value_type,
            } => {
                for _ in 0..c.count()? {
                    walk(key_type, c, cis, found, depth)?;
                    walk(value_type, c, cis, found, depth)?;
                }
                Ok(())
            }
            Type::Box { inner_type } => walk(inner_type, c, cis, found, depth),
            Type::Custom { builtin, .. } => walk(builtin, c, cis, found, depth),
            Type::Record { module_path, name } => {
                let record = ci_of(module_path, cis)
                    .and_then(|ci| ci.get_record_definition(name))
                    .ok_or(())?;
                for f in record.fields() {
                    walk(&f.as_type(), c, cis, found, depth)?;
                }
                Ok(())
            }
            Type::Enum { module_path, name } => {
                let ci = ci_of(module_path, cis).ok_or(())?;
                let e = ci.get_enum_definition(name).ok_or(())?;
                let index = c.i32()?;
                let variant = e
                    .variants()
                    .get((index as usize).wrapping_sub(1))
                    .ok_or(())?;
                if ci.is_name_used_as_error(name) && e.is_flat() {
                    let n = c.count()?;
                    return c.take(n).map(drop);
                }
                for f in variant.fields() {
                    walk(&f.as_type(), c, cis, found, depth)?;
                }
                Ok(())
            }
        }
    }
    let mut c = Cur { b: bytes, pos: 0 };
    walk(t, &mut c, cis, found, 0)?;
    if c.pos != bytes.len() {
        return Err(());
    }
    Ok(())
}
