//! The type oracle: everything the generator knows about how one uniffi type looks in Go.
//!
//! [`TypeOracle::info`] computes a [`TypeInfo`] for a type once (the Go type, the converter
//! name, how it crosses C, its wire size, whether converting it can fail, its zero value, whether
//! it can be a map key, what it imports) and every module reads it from there. Adding a uniffi
//! type means one new arm in [`TypeOracle::describe`] plus the template that prints its converter.
//!
//! The oracle belongs to one package being rendered: it holds that package's configuration and
//! the Go packages of the other crates of the build, passed in explicitly. There is no global
//! state.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use anyhow::{bail, Result};
use uniffi_bindgen::interface::{AsType, FfiType, ObjectImpl, Type};
use uniffi_bindgen::ComponentInterface;

use super::names;
use crate::config::CustomTypeConfig;

/// Another crate of the same build, as the packages that use its types see it.
pub struct Sibling {
    pub package_name: String,
    pub custom_types: BTreeMap<String, CustomTypeConfig>,
    pub import_path: Option<String>,
    pub module_path: Option<String>,
}

/// What one uniffi type is in Go. Computed once per type by [`TypeOracle::info`].
#[derive(Debug, Clone)]
pub struct TypeInfo {
    /// The Go type as declarations spell it (`[]EchoRequest`, `*Timer`, `time.Time`).
    pub go_type: String,
    /// Identifier-safe unique name; converter functions are `uniffiRead<canonical>` etc.
    pub canonical: String,
    /// How a value crosses the C boundary as a top-level argument or result.
    pub crossing: Crossing,
    /// Encoded size inside a buffer, when it does not depend on the value.
    pub fixed_size: Option<usize>,
    /// Whether the runtime's reader and writer have a method for it (primitives, strings, bytes).
    pub builtin: bool,
    /// The Go zero value, returned beside an error.
    pub zero_value: String,
    /// Whether Go's `==` compares values by value, so it can be a map key.
    pub comparable_key: bool,
    /// Whether lowering can fail: it holds objects (closed ones fail), durations (negative ones
    /// fail) or custom types whose Go conversion returns an error.
    pub lower_can_fail: bool,
    /// Whether lifting can fail: durations beyond Go's range, custom conversions with errors.
    pub lift_can_fail: bool,
    /// Whether Rust may refuse a Go value of it read from a buffer: it holds strings (not UTF-8)
    /// or enums (a flat enum out of range, a nil data enum or error).
    pub refusable: bool,
    /// Whether lowering it makes handles Rust must take: it holds objects or trait objects.
    pub makes_handles: bool,
    /// Go import paths a declaration of this type needs.
    pub imports: Vec<String>,
}

impl TypeInfo {
    /// Go expression reading a value from the reader `r`.
    pub fn read_expr(&self) -> String {
        if self.builtin {
            format!("r.read{}()", self.canonical)
        } else {
            format!("uniffiRead{}(r)", self.canonical)
        }
    }

    /// Go call expression writing `value` to the writer `w`.
    pub fn write_stmt(&self, value: &str) -> String {
        if self.builtin {
            format!("w.write{}({value})", self.canonical)
        } else {
            format!("uniffiWrite{}(w, {value})", self.canonical)
        }
    }

    /// Go expression for why Rust would refuse `value` ("" when it would not), for a type Rust
    /// may refuse values of.
    pub fn check_expr(&self, value: &str) -> Option<String> {
        if !self.refusable {
            return None;
        }
        Some(format!("uniffiCheck{}({value})", self.canonical))
    }

    /// Go expression for the number of bytes `value` takes in a buffer.
    pub fn size_expr(&self, value: &str) -> String {
        match (self.fixed_size, self.builtin) {
            (Some(n), _) => n.to_string(),
            // Strings and bytes: an i32 length, then the bytes.
            (None, true) => format!("4 + len({value})"),
            (None, false) => format!("uniffiSize{}({value})", self.canonical),
        }
    }
}

/// A fixed-size number as a sequence item: its size and Go code that decodes it from, or encodes
/// `item` into, the byte slice `b` (which starts at the item).
pub struct FixedWire {
    pub size: usize,
    pub decode: String,
    pub encode: String,
}

/// The per-package knowledge about types: this crate's configuration, the other crates' Go
/// packages, and the descriptors computed so far.
pub struct TypeOracle<'a> {
    ci: &'a ComponentInterface,
    custom_types: &'a BTreeMap<String, CustomTypeConfig>,
    siblings: &'a BTreeMap<String, Sibling>,
    /// Records and enums whose Go values `==` cannot compare by value (not map keys).
    incomparable: BTreeSet<String>,
    cache: RefCell<BTreeMap<Type, Rc<TypeInfo>>>,
}

impl<'a> TypeOracle<'a> {
    pub fn new(
        ci: &'a ComponentInterface,
        custom_types: &'a BTreeMap<String, CustomTypeConfig>,
        siblings: &'a BTreeMap<String, Sibling>,
    ) -> Self {
        let mut oracle = Self {
            ci,
            custom_types,
            siblings,
            incomparable: BTreeSet::new(),
            cache: RefCell::default(),
        };
        oracle.incomparable = oracle.find_incomparable();
        oracle
    }

    /// The descriptor of `ty`, computed on first use.
    pub fn info(&self, ty: &Type) -> Result<Rc<TypeInfo>> {
        if let Some(info) = self.cache.borrow().get(ty) {
            return Ok(info.clone());
        }
        let info = Rc::new(self.describe(ty)?);
        self.cache.borrow_mut().insert(ty.clone(), info.clone());
        Ok(info)
    }

    /// The one place that decides what a uniffi type is in Go.
    fn describe(&self, ty: &Type) -> Result<TypeInfo> {
        let resolved = self.resolve(ty).into_owned();
        let custom = self.configured_custom(ty);
        let go_type = self.go_type_of(ty)?;
        let canonical = self.canonical_of(ty)?;
        let crossing = match &custom {
            // The FFI carries the wrapped type; Go converts on its side.
            Some((_, _, builtin)) => self.info(builtin)?.crossing.clone(),
            None => self.crossing_of(&resolved, &canonical),
        };
        let fixed_size = fixed_size_of(&resolved);
        let builtin = match &resolved {
            Type::String | Type::Bytes => true,
            Type::Object { .. } | Type::CallbackInterface { .. } | Type::Custom { .. } => false,
            other => fixed_size_of(other).is_some(),
        };
        let zero_value = match (&custom, &resolved) {
            (Some(_), _) => format!("*new({go_type})"),
            (_, Type::Timestamp) => "time.Time{}".into(),
            (_, Type::String) => "\"\"".into(),
            (_, Type::Boolean) => "false".into(),
            (_, Type::Record { .. }) => format!("{go_type}{{}}"),
            // Flat enums are integers, data enums are interfaces; both get a typed zero.
            (_, Type::Enum { .. }) => format!("*new({go_type})"),
            (
                _,
                Type::Bytes
                | Type::Object { .. }
                | Type::CallbackInterface { .. }
                | Type::Optional { .. }
                | Type::Sequence { .. }
                | Type::Map { .. }
                | Type::Set { .. },
            ) => "nil".into(),
            _ => "0".into(),
        };
        let fallible = |lowering: bool| {
            self.any_inside(ty, &|t| match t {
                Type::Object { .. } => lowering,
                Type::Duration => true,
                Type::Custom { .. } => self.configured_custom(t).is_some_and(|(_, c, _)| {
                    if lowering {
                        c.lower_returns_error
                    } else {
                        c.lift_returns_error
                    }
                }),
                _ => false,
            })
        };
        let (lower_can_fail, lift_can_fail) = match (&custom, &crossing) {
            // A custom type crossing as a scalar or string converts once, in Go.
            (Some((_, config, _)), c) if *c != Crossing::Buffer => {
                (config.lower_returns_error, config.lift_returns_error)
            }
            (_, Crossing::Buffer) => (fallible(true), fallible(false)),
            _ => (false, false),
        };
        let mut imports = Vec::new();
        if matches!(resolved, Type::Timestamp | Type::Duration) {
            imports.push("time".to_string());
        }
        if let Some((_, config, _)) = &custom {
            imports.extend(config.imports.iter().cloned());
        }
        // A configured custom type converts in Go while it is written; it is not checked ahead.
        let refusable = custom.is_none()
            && self.any_inside(ty, &|t| {
                self.configured_custom(t).is_none() && matches!(t, Type::String | Type::Enum { .. })
            });
        let makes_handles = self.any_inside(ty, &|t| {
            matches!(t, Type::Object { .. } | Type::CallbackInterface { .. })
        });
        Ok(TypeInfo {
            refusable,
            makes_handles,
            comparable_key: self.is_comparable_key(ty),
            go_type,
            canonical,
            crossing,
            fixed_size,
            builtin,
            zero_value,
            lower_can_fail,
            lift_can_fail,
            imports,
        })
    }

    /// The types written inside a buffer holding a value of `ty`, in wire order (length
    /// prefixes, items, fields, variant fields): what its converters call.
    pub fn wire_parts(&self, ty: &Type) -> Result<Vec<Type>> {
        let resolved = self.resolve(ty);
        Ok(match resolved.as_ref() {
            Type::Optional { inner_type } => vec![Type::UInt8, (**inner_type).clone()],
            Type::Sequence { inner_type } | Type::Set { inner_type } => {
                vec![Type::Int32, self.map_key(inner_type)]
            }
            Type::Map {
                key_type,
                value_type,
            } => vec![Type::Int32, self.map_key(key_type), (**value_type).clone()],
            Type::Box { inner_type } => vec![(**inner_type).clone()],
            Type::Timestamp => vec![Type::Int64, Type::UInt32],
            Type::Duration => vec![Type::UInt64, Type::UInt32],
            Type::Custom { builtin, .. } => vec![(**builtin).clone()],
            ty if self.is_foreign(ty) => vec![Type::UInt64],
            Type::Object { .. } => vec![Type::UInt64],
            Type::Record { name, .. } => {
                let Some(record) = self.owner(ty).get_record_definition(name) else {
                    bail!("record `{name}` is used but not defined");
                };
                record.fields().iter().map(|f| f.as_type()).collect()
            }
            Type::Enum { name, .. } => {
                let owner = self.owner(ty);
                let Some(enum_) = owner.get_enum_definition(name) else {
                    bail!("enum `{name}` is used but not defined");
                };
                let mut parts = vec![Type::Int32];
                if enum_.is_flat() && owner.is_name_used_as_error(name) {
                    // Flat errors carry their message.
                    parts.push(Type::String);
                } else {
                    parts.extend(
                        enum_
                            .variants()
                            .iter()
                            .flat_map(|v| v.fields())
                            .map(|f| f.as_type()),
                    );
                }
                parts
            }
            _ => vec![],
        })
    }

    /// Byte-string map keys and set items travel exactly like strings, and are strings in Go.
    pub fn map_key(&self, ty: &Type) -> Type {
        match self.resolve(ty).as_ref() {
            Type::Bytes => Type::String,
            other => other.clone(),
        }
    }

    /// Go's view of a uniffi type.
    pub fn go_type(&self, ty: &Type) -> Result<String> {
        Ok(self.info(ty)?.go_type.clone())
    }

    /// A unique, identifier-safe name for a type, used to name its converter functions.
    pub fn canonical(&self, ty: &Type) -> Result<String> {
        Ok(self.info(ty)?.canonical.clone())
    }

    /// How a type crosses the FFI at the top level.
    pub fn crossing(&self, ty: &Type) -> Result<Crossing> {
        Ok(self.info(ty)?.crossing.clone())
    }

    /// Go expression reading a value of `ty` from the reader `r`.
    pub fn read_expr(&self, ty: &Type) -> Result<String> {
        Ok(self.info(ty)?.read_expr())
    }

    /// Go call expression writing `value` of `ty` to the writer `w`.
    pub fn write_stmt(&self, ty: &Type, value: &str) -> Result<String> {
        Ok(self.info(ty)?.write_stmt(value))
    }

    /// Go expression for why Rust would refuse `value` of `ty`, if Rust may refuse any.
    pub fn check_expr(&self, ty: &Type, value: &str) -> Result<Option<String>> {
        Ok(self.info(ty)?.check_expr(value))
    }

    /// Whether Rust may refuse a Go value of `ty` (see [`TypeInfo::refusable`]).
    pub fn refusable(&self, ty: &Type) -> bool {
        self.info(ty).is_ok_and(|i| i.refusable)
    }

    /// Whether lowering a value of `ty` makes handles (see [`TypeInfo::makes_handles`]).
    pub fn makes_handles(&self, ty: &Type) -> bool {
        self.info(ty).is_ok_and(|i| i.makes_handles)
    }

    /// The types a check of `ty` looks into: like [`Self::wire_parts`], but byte-string keys
    /// stay bytes (they carry any bytes) and length prefixes and variant indexes are left out.
    pub fn check_parts(&self, ty: &Type) -> Result<Vec<Type>> {
        let resolved = self.resolve(ty);
        Ok(match resolved.as_ref() {
            Type::Sequence { inner_type } | Type::Set { inner_type } => {
                vec![(**inner_type).clone()]
            }
            Type::Map {
                key_type,
                value_type,
            } => vec![(**key_type).clone(), (**value_type).clone()],
            Type::Enum { .. } => self.wire_parts(ty)?.into_iter().skip(1).collect(),
            Type::Optional { .. } | Type::Record { .. } | Type::Box { .. } => {
                self.wire_parts(ty)?
            }
            _ => vec![],
        })
    }

    /// Go expression for the number of bytes `value` of `ty` takes in a buffer.
    pub fn size_expr(&self, ty: &Type, value: &str) -> Result<String> {
        Ok(self.info(ty)?.size_expr(value))
    }

    /// The Go zero value of a type, for returning alongside an error.
    pub fn zero_value(&self, ty: &Type) -> Result<String> {
        Ok(self.info(ty)?.zero_value.clone())
    }

    /// Fixed encoded size inside a buffer, if the type has one.
    pub fn fixed_size(&self, ty: &Type) -> Option<usize> {
        fixed_size_of(&self.resolve(ty))
    }

    /// How a sequence reads and writes items of `ty` in a loop over the buffer's bytes rather
    /// than one reader or writer call per item: for the 16-, 32- and 64-bit numbers, whose reader
    /// and writer methods are the only converters.
    pub fn fixed_wire(&self, ty: &Type) -> Option<FixedWire> {
        let info = self.info(ty).ok()?;
        if !info.builtin {
            return None;
        }
        let (size, bits, decode, encode) = match info.canonical.as_str() {
            "Uint16" => (2, 16, "binary.BigEndian.Uint16(b)", "item"),
            "Int16" => (2, 16, "int16(binary.BigEndian.Uint16(b))", "uint16(item)"),
            "Uint32" => (4, 32, "binary.BigEndian.Uint32(b)", "item"),
            "Int32" => (4, 32, "int32(binary.BigEndian.Uint32(b))", "uint32(item)"),
            "Uint64" => (8, 64, "binary.BigEndian.Uint64(b)", "item"),
            "Int64" => (8, 64, "int64(binary.BigEndian.Uint64(b))", "uint64(item)"),
            "Float32" => (
                4,
                32,
                "math.Float32frombits(binary.BigEndian.Uint32(b))",
                "math.Float32bits(item)",
            ),
            "Float64" => (
                8,
                64,
                "math.Float64frombits(binary.BigEndian.Uint64(b))",
                "math.Float64bits(item)",
            ),
            _ => return None,
        };
        Some(FixedWire {
            size,
            decode: decode.to_string(),
            encode: format!("binary.BigEndian.PutUint{bits}(b, {encode})"),
        })
    }

    /// Whether the reader and writer have a method for this type.
    pub fn is_builtin(&self, ty: &Type) -> bool {
        self.info(ty).is_ok_and(|i| i.builtin)
    }

    /// Types whose converters are generated functions that call other converters.
    pub fn is_compound(&self, ty: &Type) -> bool {
        !self.is_builtin(ty) && !matches!(ty, Type::Box { .. })
    }

    /// The item size in bytes when `ty` is a sequence of fixed-size numbers (`Vec<i32>`,
    /// `Vec<f64>`, ...). Its Go slice has the layout of the serialized items, byte order apart, so
    /// the C helper converts it in one pass instead of a Go writer and reader item by item.
    pub fn number_sequence_width(&self, ty: &Type) -> Option<usize> {
        let Type::Sequence { inner_type } = self.resolve(ty).into_owned() else {
            return None;
        };
        match self.resolve(&inner_type).as_ref() {
            Type::Int8 | Type::UInt8 => Some(1),
            Type::Int16 | Type::UInt16 => Some(2),
            Type::Int32 | Type::UInt32 | Type::Float32 => Some(4),
            Type::Int64 | Type::UInt64 | Type::Float64 => Some(8),
            _ => None,
        }
    }

    /// The fields (Go name and type, in wire order) of a record whose fields are all numbers or
    /// bools. Such a record has a fixed size: the C helper writes it into Rust's buffer from its
    /// fields, passed as C scalars, so Go makes no buffer for it.
    pub fn fixed_record_fields(&self, ty: &Type) -> Result<Option<Vec<(String, Type)>>> {
        let resolved = self.resolve(ty);
        let Type::Record { name, .. } = resolved.as_ref() else {
            return Ok(None);
        };
        let Some(record) = self.owner(&resolved).get_record_definition(name) else {
            bail!("record `{name}` is used but not defined");
        };
        let mut fields = Vec::new();
        for f in record.fields() {
            let field_ty = self.resolve(&f.as_type()).into_owned();
            if fixed_width(&field_ty).is_none() {
                return Ok(None);
            }
            fields.push((names::field(f.name(), false), field_ty));
        }
        Ok((!fields.is_empty()).then_some(fields))
    }

    /// Whether `ty` is an enum without fields whose Go values are its variants' indexes on the
    /// wire (1, 2, ...): the C helper writes such a value into Rust's buffer itself.
    pub fn is_indexed_flat_enum(&self, ty: &Type) -> Result<bool> {
        let resolved = self.resolve(ty);
        let Type::Enum { name, .. } = resolved.as_ref() else {
            return Ok(false);
        };
        let owner = self.owner(&resolved);
        let Some(e) = owner.get_enum_definition(name) else {
            bail!("enum `{name}` is used but not defined");
        };
        Ok(e.is_flat()
            && !owner.is_name_used_as_error(name)
            && super::definitions::discriminants(e)?.is_none())
    }

    /// Whether lowering a value of `ty` can fail (see [`TypeInfo::lower_can_fail`]).
    pub fn lower_can_fail(&self, ty: &Type) -> bool {
        self.info(ty).is_ok_and(|i| i.lower_can_fail)
    }

    /// Whether lifting a value of `ty` can fail with an `*InternalError`.
    pub fn lift_can_fail(&self, ty: &Type) -> bool {
        self.info(ty).is_ok_and(|i| i.lift_can_fail)
    }

    /// Whether values of `ty` can be Go map keys compared by value. Byte strings can: as keys
    /// they are Go strings.
    pub fn is_comparable_key(&self, ty: &Type) -> bool {
        match self.resolve(ty).as_ref() {
            Type::Bytes => true,
            Type::Record { name, .. } | Type::Enum { name, .. } => {
                !self.incomparable.contains(name)
            }
            other => self.shallow_comparable(other),
        }
    }

    /// Records and enums (of this crate or another of the build) that cannot be map keys.
    fn find_incomparable(&self) -> BTreeSet<String> {
        let components = std::iter::once(self.ci).chain(self.ci.all_component_interfaces());
        let named: Vec<(String, Type)> = components
            .flat_map(|c| {
                c.record_definitions()
                    .iter()
                    .map(|r| (r.name().to_string(), r.as_type()))
                    .chain(
                        c.enum_definitions()
                            .iter()
                            .map(|e| (e.name().to_string(), e.as_type())),
                    )
                    .collect::<Vec<_>>()
            })
            .collect();
        named
            .into_iter()
            .filter(|(_, ty)| self.any_inside(ty, &|t| !self.shallow_comparable(t)))
            .map(|(name, _)| name)
            .collect()
    }

    /// Whether Go's `==` compares values of this type by value, not looking inside records and
    /// enums. Slices, maps and byte slices do not compare at all; pointers (options, objects)
    /// compare by identity, which is wrong for keys that come back from Rust as new values.
    fn shallow_comparable(&self, ty: &Type) -> bool {
        match ty {
            // Go's == compares a time.Time's location and monotonic reading too.
            Type::Timestamp
            | Type::Bytes
            | Type::Sequence { .. }
            | Type::Map { .. }
            | Type::Set { .. }
            | Type::Optional { .. }
            | Type::Object { .. }
            | Type::CallbackInterface { .. } => false,
            Type::Custom { .. } => match self.configured_custom(ty) {
                Some((_, config, _)) => !["*", "[", "map[", "func", "chan"]
                    .iter()
                    .any(|p| config.type_name.starts_with(p)),
                None => true,
            },
            Type::Box { inner_type } => self.shallow_comparable(inner_type),
            _ => true,
        }
    }

    /// Whether `name` is a package the rendered file imports for custom types or types of other
    /// crates, so no local variable may take it.
    pub fn is_package_name(&self, name: &str) -> bool {
        let custom = self
            .custom_types
            .values()
            .flat_map(|config| &config.imports)
            .any(|path| path.rsplit('/').next() == Some(name));
        custom || self.siblings.values().any(|s| s.package_name == name)
    }

    /// The Go package of a type defined in another crate of the build; `None` for local types.
    pub fn external_package(&self, ty: &Type) -> Option<String> {
        let krate = defining_crate(ty)?;
        (krate != self.ci.crate_name()).then(|| {
            self.siblings
                .get(krate)
                .map(|s| s.package_name.clone())
                .unwrap_or_else(|| krate.to_string())
        })
    }

    /// The component that defines `ty`: this crate's, or the other crate's for an external type.
    pub fn owner(&self, ty: &Type) -> &'a ComponentInterface {
        match (self.external_package(ty), defining_crate(ty)) {
            (Some(_), Some(krate)) => self.ci.find_component_interface(krate).unwrap_or(self.ci),
            _ => self.ci,
        }
    }

    /// `name`, qualified with its package when `ty` comes from another crate.
    fn qualified(&self, ty: &Type, name: String) -> String {
        match self.external_package(ty) {
            Some(package) => format!("{package}.{name}"),
            None => name,
        }
    }

    /// The Go conversion configured for a custom type (its crate's configuration), with its Go
    /// name and the type it wraps.
    pub fn configured_custom<'t>(
        &self,
        ty: &'t Type,
    ) -> Option<(String, CustomTypeConfig, &'t Type)> {
        let Type::Custom { name, builtin, .. } = ty else {
            return None;
        };
        let configs = match (self.external_package(ty), defining_crate(ty)) {
            (Some(_), Some(krate)) => &self.siblings.get(krate)?.custom_types,
            _ => self.custom_types,
        };
        let config = configs.get(name)?.clone();
        Some((names::exported(name), config, builtin.as_ref()))
    }

    /// `ty` as it crosses: a custom type without a configured conversion is its wrapped type
    /// under another name (a Go alias), and a `Box` is what it holds.
    pub fn resolve<'t>(&self, ty: &'t Type) -> Cow<'t, Type> {
        match ty {
            Type::Custom { builtin, .. } if self.configured_custom(ty).is_none() => {
                Cow::Owned(self.resolve(builtin).into_owned())
            }
            Type::Box { inner_type } => Cow::Owned(self.resolve(inner_type).into_owned()),
            other => Cow::Borrowed(other),
        }
    }

    /// Whether `ty` or any type inside it (fields, variants, items, wrapped types) satisfies
    /// `pred`. Records and enums may be recursive: each is looked into once.
    pub fn any_inside(&self, ty: &Type, pred: &dyn Fn(&Type) -> bool) -> bool {
        self.walk(ty, pred, &mut BTreeSet::new())
    }

    fn walk(&self, ty: &Type, pred: &dyn Fn(&Type) -> bool, seen: &mut BTreeSet<String>) -> bool {
        if pred(ty) {
            return true;
        }
        match ty {
            Type::Optional { inner_type }
            | Type::Sequence { inner_type }
            | Type::Set { inner_type }
            | Type::Box { inner_type } => self.walk(inner_type, pred, seen),
            Type::Map {
                key_type,
                value_type,
            } => self.walk(key_type, pred, seen) || self.walk(value_type, pred, seen),
            Type::Custom { builtin, .. } => self.walk(builtin, pred, seen),
            Type::Record { name, .. } if seen.insert(name.clone()) => {
                self.owner(ty).get_record_definition(name).is_some_and(|r| {
                    r.fields()
                        .iter()
                        .any(|f| self.walk(&f.as_type(), pred, seen))
                })
            }
            Type::Enum { name, .. } if seen.insert(name.clone()) => {
                self.owner(ty).get_enum_definition(name).is_some_and(|e| {
                    e.variants()
                        .iter()
                        .flat_map(|v| v.fields())
                        .any(|f| self.walk(&f.as_type(), pred, seen))
                })
            }
            _ => false,
        }
    }

    /// Types that cross as a handle Go code hands out and takes back through converter
    /// functions: trait and callback interfaces, and objects of another crate's package.
    pub fn is_foreign(&self, ty: &Type) -> bool {
        is_trait_object(ty)
            || matches!(ty, Type::CallbackInterface { .. })
            || self.is_external_object(ty)
    }

    /// An object (not a trait) defined by another crate: its Go package clones, wraps and frees
    /// its handles for this one.
    pub fn is_external_object(&self, ty: &Type) -> bool {
        matches!(ty, Type::Object { imp, .. } if !imp.is_trait_interface())
            && self.external_package(ty).is_some()
    }

    /// A trait or callback interface defined by another crate: its Go package lowers, lifts and
    /// releases its values for this one.
    pub fn is_external_interface(&self, ty: &Type) -> bool {
        (is_trait_object(ty) || matches!(ty, Type::CallbackInterface { .. }))
            && self.external_package(ty).is_some()
    }

    fn go_type_of(&self, ty: &Type) -> Result<String> {
        if let (Type::Object { name, .. } | Type::CallbackInterface { name, .. }, Some(package)) =
            (ty, self.external_package(ty))
        {
            // An interface of the other package, or a pointer to its object struct.
            let pointer = if self.is_external_object(ty) { "*" } else { "" };
            return Ok(format!("{pointer}{package}.{}", names::exported(name)));
        }
        Ok(match ty {
            Type::UInt8 => "uint8".into(),
            Type::Int8 => "int8".into(),
            Type::UInt16 => "uint16".into(),
            Type::Int16 => "int16".into(),
            Type::UInt32 => "uint32".into(),
            Type::Int32 => "int32".into(),
            Type::UInt64 => "uint64".into(),
            Type::Int64 => "int64".into(),
            Type::Float32 => "float32".into(),
            Type::Float64 => "float64".into(),
            Type::Boolean => "bool".into(),
            Type::String => "string".into(),
            Type::Bytes => "[]byte".into(),
            Type::Object { name, imp, .. } if imp.is_trait_interface() => names::exported(name),
            Type::CallbackInterface { name, .. } => names::exported(name),
            Type::Object { name, .. } => format!("*{}", names::exported(name)),
            Type::Record { name, .. } | Type::Enum { name, .. } => {
                self.qualified(ty, names::exported(name))
            }
            // A nil pointer is None; `*T` keeps Some(empty) and None apart for slices and maps.
            Type::Optional { inner_type } => match inner_type.as_ref() {
                Type::Object { .. } | Type::CallbackInterface { .. } => self.go_type(inner_type)?,
                inner => format!("*{}", self.go_type(inner)?),
            },
            Type::Sequence { inner_type } => format!("[]{}", self.go_type(inner_type)?),
            // Keys Go cannot compare by value make a map a slice of entries, and a set a slice.
            Type::Map {
                key_type,
                value_type,
            } if !self.info(key_type)?.comparable_key => format!(
                "[]MapEntry[{}, {}]",
                self.go_type(key_type)?,
                self.go_type(value_type)?
            ),
            Type::Map {
                key_type,
                value_type,
            } => format!(
                "map[{}]{}",
                self.go_type(&self.map_key(key_type))?,
                self.go_type(value_type)?
            ),
            Type::Set { inner_type } if !self.info(inner_type)?.comparable_key => {
                format!("[]{}", self.go_type(inner_type)?)
            }
            Type::Set { inner_type } => {
                format!(
                    "map[{}]struct{{}}",
                    self.go_type(&self.map_key(inner_type))?
                )
            }
            Type::Box { inner_type } => self.go_type(inner_type)?,
            Type::Timestamp => "time.Time".into(),
            Type::Duration => "time.Duration".into(),
            Type::Custom { name, .. } => match self.configured_custom(ty) {
                Some((_, config, _)) => config.type_name,
                None => self.qualified(ty, names::exported(name)),
            },
        })
    }

    fn canonical_of(&self, ty: &Type) -> Result<String> {
        Ok(match ty {
            Type::UInt8 => "Uint8".into(),
            Type::Int8 => "Int8".into(),
            Type::UInt16 => "Uint16".into(),
            Type::Int16 => "Int16".into(),
            Type::UInt32 => "Uint32".into(),
            Type::Int32 => "Int32".into(),
            Type::UInt64 => "Uint64".into(),
            Type::Int64 => "Int64".into(),
            Type::Float32 => "Float32".into(),
            Type::Float64 => "Float64".into(),
            Type::Boolean => "Bool".into(),
            Type::String => "String".into(),
            Type::Bytes => "Bytes".into(),
            Type::Object { name, .. } => format!("Object{}", self.external_prefix(ty, name)),
            Type::CallbackInterface { name, .. } => format!("Callback{}", names::exported(name)),
            Type::Record { name, .. } => format!("Record{}", self.external_prefix(ty, name)),
            Type::Enum { name, .. } => format!("Enum{}", self.external_prefix(ty, name)),
            Type::Optional { inner_type } => format!("Optional{}", self.canonical(inner_type)?),
            Type::Sequence { inner_type } => format!("Sequence{}", self.canonical(inner_type)?),
            Type::Set { inner_type } => format!("Set{}", self.canonical(inner_type)?),
            Type::Map {
                key_type,
                value_type,
            } => format!(
                "Map{}{}",
                self.canonical(key_type)?,
                self.canonical(value_type)?
            ),
            Type::Box { inner_type } => self.canonical(inner_type)?,
            Type::Timestamp => "Timestamp".into(),
            Type::Duration => "Duration".into(),
            Type::Custom { name, builtin, .. } => match self.configured_custom(ty) {
                Some(_) => format!("Custom{}", names::exported(name)),
                None => self.canonical(builtin)?,
            },
        })
    }

    /// A converter-name part for a named type: its Go name, after its package's for external
    /// ones.
    fn external_prefix(&self, ty: &Type, name: &str) -> String {
        match self.external_package(ty) {
            Some(package) => format!("{}{}", names::exported(&package), names::exported(name)),
            None => names::exported(name),
        }
    }

    /// How a type (resolved, not a configured custom type) crosses at the top level.
    fn crossing_of(&self, resolved: &Type, canonical: &str) -> Crossing {
        match resolved {
            Type::UInt8 => Crossing::Scalar { c_type: "uint8_t" },
            Type::Int8 => Crossing::Scalar { c_type: "int8_t" },
            Type::UInt16 => Crossing::Scalar { c_type: "uint16_t" },
            Type::Int16 => Crossing::Scalar { c_type: "int16_t" },
            Type::UInt32 => Crossing::Scalar { c_type: "uint32_t" },
            Type::Int32 => Crossing::Scalar { c_type: "int32_t" },
            Type::UInt64 => Crossing::Scalar { c_type: "uint64_t" },
            Type::Int64 => Crossing::Scalar { c_type: "int64_t" },
            Type::Float32 => Crossing::Scalar { c_type: "float" },
            Type::Float64 => Crossing::Scalar { c_type: "double" },
            Type::Boolean => Crossing::Bool,
            Type::String => Crossing::String,
            ty if self.is_foreign(ty) => Crossing::Foreign {
                canonical: canonical.to_string(),
            },
            Type::Object { name, .. } => Crossing::Object {
                go_name: names::exported(name),
            },
            _ => Crossing::Buffer,
        }
    }
}

/// Fixed encoded size of a (resolved) type inside a buffer, if it has one.
fn fixed_size_of(ty: &Type) -> Option<usize> {
    Some(match ty {
        Type::Timestamp | Type::Duration => 12,
        Type::UInt8 | Type::Int8 | Type::Boolean => 1,
        Type::UInt16 | Type::Int16 => 2,
        Type::UInt32 | Type::Int32 | Type::Float32 => 4,
        Type::UInt64
        | Type::Int64
        | Type::Float64
        | Type::Object { .. }
        | Type::CallbackInterface { .. } => 8,
        _ => return None,
    })
}

/// The crate that defines a named type.
fn defining_crate(ty: &Type) -> Option<&str> {
    match ty {
        Type::Record { module_path, .. }
        | Type::Enum { module_path, .. }
        | Type::Object { module_path, .. }
        | Type::Custom { module_path, .. }
        | Type::CallbackInterface { module_path, .. } => module_path.split("::").next(),
        _ => None,
    }
}

/// Whether an object type is a trait interface (a Go interface, maybe implemented in Go).
pub fn is_trait_object(ty: &Type) -> bool {
    matches!(ty, Type::Object { imp, .. } if imp.is_trait_interface())
}

/// Whether Rust code may implement this object type: structs and all traits but foreign-only ones.
pub fn has_rust_impl(imp: &uniffi_bindgen::interface::ObjectImpl) -> bool {
    use uniffi_bindgen::interface::{ObjectImpl, TraitKind};
    !matches!(imp, ObjectImpl::Trait(TraitKind::ForeignOnly))
}

/// How a value of some type crosses the FFI as a top-level argument or return value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Crossing {
    /// A C scalar; `c_type` is the C type, `go_type` the Go type it converts to.
    Scalar { c_type: &'static str },
    /// A `bool`, carried as `int8_t`.
    Bool,
    /// A top-level string: a RustBuffer holding raw UTF-8 (no length prefix).
    String,
    /// Serialized into a RustBuffer; `canonical` names the converter functions.
    Buffer,
    /// An object handle (`uint64_t`), cloned for each crossing into Rust.
    Object { go_name: String },
    /// A trait or callback interface: a Go interface value crossing as a handle (`uint64_t`),
    /// lowered by `uniffiLower<canonical>` and lifted by `uniffiLift<canonical>`.
    Foreign { canonical: String },
}

/// The serialized size of a number or bool, the types a fixed-size record is made of.
pub fn fixed_width(ty: &Type) -> Option<usize> {
    match ty {
        Type::Int8 | Type::UInt8 | Type::Boolean => Some(1),
        Type::Int16 | Type::UInt16 => Some(2),
        Type::Int32 | Type::UInt32 | Type::Float32 => Some(4),
        Type::Int64 | Type::UInt64 | Type::Float64 => Some(8),
        _ => None,
    }
}

/// The C spelling of an FFI type, as the header declares it.
pub fn c_type(ffi: &FfiType) -> String {
    match ffi {
        FfiType::UInt8 => "uint8_t".into(),
        FfiType::Int8 => "int8_t".into(),
        FfiType::UInt16 => "uint16_t".into(),
        FfiType::Int16 => "int16_t".into(),
        FfiType::UInt32 => "uint32_t".into(),
        FfiType::Int32 => "int32_t".into(),
        FfiType::UInt64 | FfiType::Handle => "uint64_t".into(),
        FfiType::Int64 => "int64_t".into(),
        FfiType::Float32 => "float".into(),
        FfiType::Float64 => "double".into(),
        FfiType::RustBuffer(_) => "RustBuffer".into(),
        FfiType::ForeignBytes => "ForeignBytes".into(),
        FfiType::Callback(name) => format!("Uniffi{name}"),
        FfiType::Struct(name) => format!("Uniffi{name}"),
        FfiType::RustCallStatus => "RustCallStatus".into(),
        FfiType::Reference(inner) => format!("const {} *", c_type(inner)),
        FfiType::MutReference(inner) => format!("{} *", c_type(inner)),
        FfiType::VoidPointer => "void *".into(),
    }
}

/// A short human description of a type for error messages.
/// Whether Go's value of `ty` can be nil by itself (an object pointer, an interface): an
/// `Option` of it is the same Go type, nil for None.
pub fn is_nilable(ty: &Type) -> bool {
    matches!(ty, Type::Object { .. } | Type::CallbackInterface { .. })
}

/// The Go expression of the value inside an `Option` named `v`: `v` itself for a nilable type,
/// else `*v`.
pub fn optional_inner_value(inner: &Type) -> &'static str {
    if is_nilable(inner) {
        "v"
    } else {
        "*v"
    }
}

pub fn describe(ty: &Type) -> String {
    match ty {
        Type::Timestamp => "the timestamp type".into(),
        Type::Duration => "the duration type".into(),
        Type::String => "`String`".into(),
        Type::Bytes => "`Vec<u8>`".into(),
        Type::Custom { name, .. } => format!("custom type `{name}`"),
        Type::CallbackInterface { name, .. } => format!("callback interface `{name}`"),
        Type::Record { name, .. } => format!("record `{name}`"),
        Type::Enum { name, .. } => format!("enum `{name}`"),
        Type::Object { name, imp, .. } => match imp {
            ObjectImpl::Struct => format!("object `{name}`"),
            ObjectImpl::Trait(_) => format!("trait `{name}`"),
        },
        Type::Optional { inner_type } => format!("`Option` of {}", describe(inner_type)),
        Type::Sequence { inner_type } => format!("`Vec` of {}", describe(inner_type)),
        Type::Map {
            key_type,
            value_type,
        } => format!(
            "`HashMap` of {} to {}",
            describe(key_type),
            describe(value_type)
        ),
        Type::Box { inner_type } => format!("`Box` of {}", describe(inner_type)),
        Type::Set { inner_type } => format!("`HashSet` of {}", describe(inner_type)),
        Type::UInt8 => "`u8`".into(),
        Type::Int8 => "`i8`".into(),
        Type::UInt16 => "`u16`".into(),
        Type::Int16 => "`i16`".into(),
        Type::UInt32 => "`u32`".into(),
        Type::Int32 => "`i32`".into(),
        Type::UInt64 => "`u64`".into(),
        Type::Int64 => "`i64`".into(),
        Type::Float32 => "`f32`".into(),
        Type::Float64 => "`f64`".into(),
        Type::Boolean => "`bool`".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_described_in_rust_terms_not_debug_text() {
        let traitobj = Type::Object {
            module_path: "demo".into(),
            name: "Fault".into(),
            imp: ObjectImpl::Trait(uniffi_bindgen::interface::TraitKind::RustOnly),
        };
        assert_eq!(describe(&traitobj), "trait `Fault`");
        assert_eq!(
            describe(&Type::Optional {
                inner_type: Box::new(record("Point"))
            }),
            "`Option` of record `Point`"
        );
        assert_eq!(describe(&Type::UInt32), "`u32`");
    }

    fn record(name: &str) -> Type {
        Type::Record {
            module_path: "demo".into(),
            name: name.into(),
        }
    }

    fn with_oracle(
        udl: &str,
        custom_types: BTreeMap<String, CustomTypeConfig>,
        check: impl FnOnce(&TypeOracle),
    ) {
        let ci = ComponentInterface::from_webidl(udl, "demo").unwrap();
        let siblings = BTreeMap::new();
        let oracle = TypeOracle::new(&ci, &custom_types, &siblings);
        check(&oracle);
    }

    const UDL: &str = r#"
        namespace demo {};
        dictionary EchoRequest { string message; };
        dictionary Node { sequence<Node> children; };
        dictionary Key { i32 id; };
        dictionary Holder { bytes data; };
    "#;

    #[test]
    fn maps_primitive_and_compound_types() {
        with_oracle(UDL, BTreeMap::new(), |t| {
            assert_eq!(t.go_type(&Type::Int32).unwrap(), "int32");
            assert_eq!(t.go_type(&Type::Bytes).unwrap(), "[]byte");
            let opt = Type::Optional {
                inner_type: Box::new(Type::String),
            };
            assert_eq!(t.go_type(&opt).unwrap(), "*string");
            let seq = Type::Sequence {
                inner_type: Box::new(record("EchoRequest")),
            };
            assert_eq!(t.go_type(&seq).unwrap(), "[]EchoRequest");
            assert_eq!(t.canonical(&seq).unwrap(), "SequenceRecordEchoRequest");
            let map = Type::Map {
                key_type: Box::new(Type::Bytes),
                value_type: Box::new(Type::Int64),
            };
            assert_eq!(t.go_type(&map).unwrap(), "map[string]int64");
            let set = Type::Set {
                inner_type: Box::new(Type::UInt8),
            };
            assert_eq!(t.go_type(&set).unwrap(), "map[uint8]struct{}");
        });
    }

    #[test]
    fn keys_go_cannot_compare_make_entry_slices() {
        with_oracle(UDL, BTreeMap::new(), |t| {
            assert!(t.is_comparable_key(&record("Key")));
            assert!(!t.is_comparable_key(&record("Holder")));
            let map = Type::Map {
                key_type: Box::new(record("Holder")),
                value_type: Box::new(Type::String),
            };
            assert_eq!(t.go_type(&map).unwrap(), "[]MapEntry[Holder, string]");
        });
    }

    #[test]
    fn optional_object_is_a_nilable_pointer() {
        with_oracle(UDL, BTreeMap::new(), |t| {
            let obj = Type::Object {
                module_path: "demo".into(),
                name: "Timer".into(),
                imp: uniffi_bindgen::interface::ObjectImpl::Struct,
            };
            let opt = Type::Optional {
                inner_type: Box::new(obj.clone()),
            };
            assert_eq!(t.go_type(&opt).unwrap(), "*Timer");
            assert!(t.lower_can_fail(&opt), "a closed object fails to lower");
            assert!(!t.lift_can_fail(&opt));
            assert_eq!(t.zero_value(&obj).unwrap(), "nil");
        });
    }

    #[test]
    fn reads_and_writes_route_to_reader_methods_or_converters() {
        with_oracle(UDL, BTreeMap::new(), |t| {
            assert_eq!(t.read_expr(&Type::UInt16).unwrap(), "r.readUint16()");
            assert_eq!(
                t.write_stmt(&Type::String, "v").unwrap(),
                "w.writeString(v)"
            );
            assert_eq!(t.size_expr(&Type::String, "v").unwrap(), "4 + len(v)");
            assert_eq!(t.size_expr(&Type::Float64, "v").unwrap(), "8");
            assert_eq!(
                t.read_expr(&record("EchoRequest")).unwrap(),
                "uniffiReadRecordEchoRequest(r)"
            );
        });
    }

    #[test]
    fn a_box_is_what_it_holds() {
        with_oracle(UDL, BTreeMap::new(), |t| {
            let boxed = Type::Box {
                inner_type: Box::new(record("Node")),
            };
            assert_eq!(t.go_type(&boxed).unwrap(), "Node");
            assert_eq!(t.canonical(&boxed).unwrap(), "RecordNode");
            assert_eq!(t.zero_value(&boxed).unwrap(), "Node{}");
            // Its converters are the record's: the buffer holds the record's fields.
            assert_eq!(
                t.wire_parts(&boxed).unwrap(),
                t.wire_parts(&record("Node")).unwrap()
            );
            let boxed_int = Type::Box {
                inner_type: Box::new(Type::Int32),
            };
            assert_eq!(t.size_expr(&boxed_int, "v").unwrap(), "4");
            assert_eq!(t.read_expr(&boxed_int).unwrap(), "r.readInt32()");
        });
    }

    #[test]
    fn time_types_are_fixed_size_builtins() {
        with_oracle(UDL, BTreeMap::new(), |t| {
            assert_eq!(t.go_type(&Type::Timestamp).unwrap(), "time.Time");
            assert_eq!(t.go_type(&Type::Duration).unwrap(), "time.Duration");
            assert_eq!(t.fixed_size(&Type::Duration), Some(12));
            assert_eq!(t.read_expr(&Type::Timestamp).unwrap(), "r.readTimestamp()");
            assert_eq!(t.crossing(&Type::Timestamp).unwrap(), Crossing::Buffer);
            assert!(t.lift_can_fail(&Type::Duration), "beyond Go's range");
            assert_eq!(t.info(&Type::Timestamp).unwrap().imports, ["time"]);
        });
    }

    #[test]
    fn custom_types_alias_their_builtin_unless_configured() {
        let custom = Type::Custom {
            module_path: "demo".into(),
            name: "Url".into(),
            builtin: Box::new(Type::String),
        };
        with_oracle(UDL, BTreeMap::new(), |t| {
            assert_eq!(t.go_type(&custom).unwrap(), "URL");
            assert_eq!(t.crossing(&custom).unwrap(), Crossing::String);
            assert_eq!(t.read_expr(&custom).unwrap(), "r.readString()");
        });
        let config = CustomTypeConfig {
            type_name: "*url.URL".into(),
            imports: vec!["net/url".into()],
            lift: "url.Parse({})".into(),
            lower: "{}.String()".into(),
            lift_returns_error: true,
            ..Default::default()
        };
        with_oracle(UDL, BTreeMap::from([("Url".to_string(), config)]), |t| {
            assert_eq!(t.go_type(&custom).unwrap(), "*url.URL");
            assert_eq!(t.canonical(&custom).unwrap(), "CustomURL");
            assert_eq!(t.read_expr(&custom).unwrap(), "uniffiReadCustomURL(r)");
            assert_eq!(t.crossing(&custom).unwrap(), Crossing::String);
            assert!(t.lift_can_fail(&custom));
            assert!(!t.lower_can_fail(&custom));
            assert!(
                !t.is_comparable_key(&custom),
                "a pointer compares by identity"
            );
            assert_eq!(t.info(&custom).unwrap().imports, ["net/url"]);
        });
    }
}
