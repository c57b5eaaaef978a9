//! uniffi `Type` -> Go: the Go type, its converter names, and how a value crosses the C boundary.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use anyhow::{bail, Result};
use uniffi_bindgen::interface::{FfiType, Type};

use super::names;
use crate::config::CustomTypeConfig;

thread_local! {
    /// The `[bindings.go.custom_types]` of the package being rendered.
    static CUSTOM_TYPES: RefCell<BTreeMap<String, CustomTypeConfig>> = RefCell::default();
    /// Records and enums of the package being rendered whose Go values `==` cannot compare by
    /// value, so they cannot be map keys.
    static INCOMPARABLE: RefCell<BTreeSet<String>> = RefCell::default();
    /// The crate being rendered, and the Go package of every crate in the build.
    static PACKAGES: RefCell<(String, BTreeMap<String, String>)> = RefCell::default();
    /// The `[bindings.go.custom_types]` of the other crates, by crate: their custom types are
    /// converted the way their own packages convert them.
    static OTHER_CUSTOM_TYPES: RefCell<BTreeMap<String, BTreeMap<String, CustomTypeConfig>>> =
        RefCell::default();
}

/// Makes the custom type settings of one package visible to the type functions below until dropped.
pub struct CustomTypesScope(());

impl CustomTypesScope {
    pub fn enter(custom_types: &BTreeMap<String, CustomTypeConfig>) -> Self {
        CUSTOM_TYPES.with(|c| *c.borrow_mut() = custom_types.clone());
        Self(())
    }

    /// Records which crate is rendered and the Go package names of the others, so types defined
    /// in another crate are qualified with its package.
    pub fn note_packages(
        &self,
        current_crate: &str,
        packages: BTreeMap<String, String>,
        custom_types: BTreeMap<String, BTreeMap<String, CustomTypeConfig>>,
    ) {
        PACKAGES.with(|p| *p.borrow_mut() = (current_crate.to_string(), packages));
        OTHER_CUSTOM_TYPES.with(|c| *c.borrow_mut() = custom_types);
    }

    /// Records which records and enums of `ci` are not comparable in Go.
    pub fn note_comparability(&self, ci: &uniffi_bindgen::ComponentInterface) {
        use uniffi_bindgen::interface::AsType;
        // Types of other crates of the build can be keys too.
        let components = std::iter::once(ci).chain(ci.all_component_interfaces());
        let named = components.flat_map(|c| {
            c.record_definitions()
                .iter()
                .map(|r| (r.name(), r.as_type()))
                .chain(c.enum_definitions().iter().map(|e| (e.name(), e.as_type())))
        });
        let incomparable = named
            .filter(|(_, ty)| any_inside(ci, ty, &|t| !shallow_comparable(t)))
            .map(|(name, _)| name.to_string())
            .collect();
        INCOMPARABLE.with(|c| *c.borrow_mut() = incomparable);
    }
}

impl Drop for CustomTypesScope {
    fn drop(&mut self) {
        CUSTOM_TYPES.with(|c| c.borrow_mut().clear());
        INCOMPARABLE.with(|c| c.borrow_mut().clear());
        PACKAGES.with(|p| *p.borrow_mut() = Default::default());
        OTHER_CUSTOM_TYPES.with(|c| c.borrow_mut().clear());
    }
}

/// Whether Go's `==` compares values of this type by value, not looking inside records and
/// enums. Slices, maps and byte slices do not compare at all; pointers (options, objects)
/// compare by identity, which is wrong for keys that come back from Rust as new values.
fn shallow_comparable(ty: &Type) -> bool {
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
        Type::Custom { .. } => match configured_custom(ty) {
            Some((_, config, _)) => !["*", "[", "map[", "func", "chan"]
                .iter()
                .any(|p| config.type_name.starts_with(p)),
            None => true,
        },
        _ => true,
    }
}

/// Whether values of `ty` can be Go map keys compared by value. Byte strings can: as keys they
/// are Go strings.
pub fn is_comparable_key(ty: &Type) -> bool {
    match resolve(ty).as_ref() {
        Type::Bytes => true,
        Type::Record { name, .. } | Type::Enum { name, .. } => {
            !INCOMPARABLE.with(|c| c.borrow().contains(name))
        }
        Type::Box { inner_type } => is_comparable_key(inner_type),
        other => shallow_comparable(other),
    }
}

/// Whether `name` is a package the rendered file imports for custom types or types of other
/// crates, so no local variable may take it.
pub fn is_package_name(name: &str) -> bool {
    let custom = CUSTOM_TYPES.with(|c| {
        c.borrow()
            .values()
            .flat_map(|config| &config.imports)
            .any(|path| path.rsplit('/').next() == Some(name))
    });
    custom || PACKAGES.with(|p| p.borrow().1.values().any(|package| package == name))
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

/// The Go package of a type defined in another crate of the build; `None` for local types.
pub fn external_package(ty: &Type) -> Option<String> {
    let krate = defining_crate(ty)?;
    PACKAGES.with(|p| {
        let (current, packages) = &*p.borrow();
        (!current.is_empty() && current != krate).then(|| {
            packages
                .get(krate)
                .cloned()
                .unwrap_or_else(|| krate.to_string())
        })
    })
}

/// The component that defines `ty`: `ci` itself, or the other crate's for an external type.
pub fn owner<'a>(
    ci: &'a uniffi_bindgen::ComponentInterface,
    ty: &Type,
) -> &'a uniffi_bindgen::ComponentInterface {
    match (external_package(ty), defining_crate(ty)) {
        (Some(_), Some(krate)) => ci.find_component_interface(krate).unwrap_or(ci),
        _ => ci,
    }
}

/// `name`, qualified with its package when `ty` comes from another crate.
fn qualified(ty: &Type, name: String) -> String {
    match external_package(ty) {
        Some(package) => format!("{package}.{name}"),
        None => name,
    }
}

/// The Go conversion configured for a custom type, with the type it wraps.
pub fn configured_custom(ty: &Type) -> Option<(String, CustomTypeConfig, &Type)> {
    let Type::Custom { name, builtin, .. } = ty else {
        return None;
    };
    let config = match (external_package(ty), defining_crate(ty)) {
        (Some(_), Some(krate)) => {
            OTHER_CUSTOM_TYPES.with(|c| c.borrow().get(krate).and_then(|m| m.get(name)).cloned())
        }
        _ => CUSTOM_TYPES.with(|c| c.borrow().get(name).cloned()),
    };
    config.map(|config| (names::exported(name), config, builtin.as_ref()))
}

/// A custom type without a configured conversion is its wrapped type under another name (a Go
/// alias): everything but its Go name is the wrapped type's.
pub fn resolve(ty: &Type) -> Cow<'_, Type> {
    match ty {
        Type::Custom { builtin, .. } if configured_custom(ty).is_none() => {
            Cow::Owned(resolve(builtin).into_owned())
        }
        other => Cow::Borrowed(other),
    }
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

/// Whether `ty` or any type inside it (fields, variants, items, wrapped types) satisfies `pred`.
pub fn any_inside(
    ci: &uniffi_bindgen::ComponentInterface,
    ty: &Type,
    pred: &dyn Fn(&Type) -> bool,
) -> bool {
    fn walk(
        ci: &uniffi_bindgen::ComponentInterface,
        ty: &Type,
        pred: &dyn Fn(&Type) -> bool,
        seen: &mut std::collections::BTreeSet<String>,
    ) -> bool {
        use uniffi_bindgen::interface::AsType;
        if pred(ty) {
            return true;
        }
        match ty {
            Type::Optional { inner_type }
            | Type::Sequence { inner_type }
            | Type::Set { inner_type }
            | Type::Box { inner_type } => walk(ci, inner_type, pred, seen),
            Type::Map {
                key_type,
                value_type,
            } => walk(ci, key_type, pred, seen) || walk(ci, value_type, pred, seen),
            Type::Custom { builtin, .. } => walk(ci, builtin, pred, seen),
            // Records and enums may be recursive: each is looked into once.
            Type::Record { name, .. } if seen.insert(name.clone()) => {
                owner(ci, ty).get_record_definition(name).is_some_and(|r| {
                    r.fields()
                        .iter()
                        .any(|f| walk(ci, &f.as_type(), pred, seen))
                })
            }
            Type::Enum { name, .. } if seen.insert(name.clone()) => {
                owner(ci, ty).get_enum_definition(name).is_some_and(|e| {
                    e.variants()
                        .iter()
                        .flat_map(|v| v.fields())
                        .any(|f| walk(ci, &f.as_type(), pred, seen))
                })
            }
            _ => false,
        }
    }
    walk(ci, ty, pred, &mut Default::default())
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

/// Types that cross as a handle Go code hands out and takes back through converter functions:
/// trait and callback interfaces, and objects of another crate's package.
pub fn is_foreign(ty: &Type) -> bool {
    is_trait_object(ty) || matches!(ty, Type::CallbackInterface { .. }) || is_external_object(ty)
}

/// An object (not a trait) defined by another crate: its Go package clones, wraps and frees
/// its handles for this one.
pub fn is_external_object(ty: &Type) -> bool {
    matches!(ty, Type::Object { imp, .. } if !imp.is_trait_interface())
        && external_package(ty).is_some()
}

/// Go's view of a uniffi type.
pub fn go_type(ty: &Type) -> Result<String> {
    if let (Type::Object { name, .. } | Type::CallbackInterface { name, .. }, Some(package)) =
        (ty, external_package(ty))
    {
        if !is_external_object(ty) {
            bail!("`{name}` comes from another crate; interfaces cannot cross between Go packages yet");
        }
        return Ok(format!("*{package}.{}", names::exported(name)));
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
        Type::Record { name, .. } | Type::Enum { name, .. } => qualified(ty, names::exported(name)),
        // A nil pointer is None; `*T` keeps Some(empty) and None apart for slices and maps too.
        Type::Optional { inner_type } => match inner_type.as_ref() {
            Type::Object { .. } | Type::CallbackInterface { .. } => go_type(inner_type)?,
            inner => format!("*{}", go_type(inner)?),
        },
        Type::Sequence { inner_type } => format!("[]{}", go_type(inner_type)?),
        // Keys Go cannot compare by value make a map a slice of entries, and a set a slice.
        Type::Map {
            key_type,
            value_type,
        } if !is_comparable_key(key_type) => format!(
            "[]MapEntry[{}, {}]",
            go_type(key_type)?,
            go_type(value_type)?
        ),
        Type::Map {
            key_type,
            value_type,
        } => format!("map[{}]{}", map_key_type(key_type)?, go_type(value_type)?),
        Type::Set { inner_type } if !is_comparable_key(inner_type) => {
            format!("[]{}", go_type(inner_type)?)
        }
        Type::Set { inner_type } => format!("map[{}]struct{{}}", map_key_type(inner_type)?),
        Type::Box { inner_type } => go_type(inner_type)?,
        Type::Timestamp => "time.Time".into(),
        Type::Duration => "time.Duration".into(),
        Type::Custom { name, .. } => match configured_custom(ty) {
            Some((_, config, _)) => config.type_name,
            None => qualified(ty, names::exported(name)),
        },
    })
}

/// The Go type used as a map key: `[]byte` is not comparable in Go, so byte keys become strings.
fn map_key_type(ty: &Type) -> Result<String> {
    match resolve(ty).as_ref() {
        Type::Bytes => Ok("string".into()),
        other => go_type(other),
    }
}

/// A unique, identifier-safe name for a type, used to name its converter functions.
pub fn canonical(ty: &Type) -> Result<String> {
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
        Type::Object { name, .. } => format!("Object{}", external_prefix(ty, name)),
        Type::CallbackInterface { name, .. } => format!("Callback{}", names::exported(name)),
        Type::Record { name, .. } => format!("Record{}", external_prefix(ty, name)),
        Type::Enum { name, .. } => format!("Enum{}", external_prefix(ty, name)),
        Type::Optional { inner_type } => format!("Optional{}", canonical(inner_type)?),
        Type::Sequence { inner_type } => format!("Sequence{}", canonical(inner_type)?),
        Type::Set { inner_type } => format!("Set{}", canonical(inner_type)?),
        Type::Map {
            key_type,
            value_type,
        } => format!("Map{}{}", canonical(key_type)?, canonical(value_type)?),
        Type::Box { inner_type } => canonical(inner_type)?,
        Type::Timestamp => "Timestamp".into(),
        Type::Duration => "Duration".into(),
        Type::Custom { name, builtin, .. } => match configured_custom(ty) {
            Some(_) => format!("Custom{}", names::exported(name)),
            None => canonical(builtin)?,
        },
    })
}

/// A converter-name part for a named type: its Go name, after its package's for external ones.
fn external_prefix(ty: &Type, name: &str) -> String {
    match external_package(ty) {
        Some(package) => format!("{}{}", names::exported(&package), names::exported(name)),
        None => names::exported(name),
    }
}

/// Fixed encoded size of a primitive inside a buffer, if it has one.
pub fn fixed_size(ty: &Type) -> Option<usize> {
    Some(match resolve(ty).as_ref() {
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

/// Whether the reader and writer have a method for this type (the primitives, strings and bytes).
pub fn is_builtin(ty: &Type) -> bool {
    let ty = resolve(ty);
    fixed_size(&ty).is_some()
        && !matches!(
            ty.as_ref(),
            Type::Object { .. } | Type::CallbackInterface { .. } | Type::Custom { .. }
        )
        || matches!(ty.as_ref(), Type::String | Type::Bytes)
}

/// Types whose converters are generated functions that call other converters.
pub fn is_compound(ty: &Type) -> bool {
    !is_builtin(ty) && !matches!(ty, Type::Box { .. })
}

/// Go expression reading a value of `ty` from the reader `r`.
pub fn read_expr(ty: &Type) -> Result<String> {
    let c = canonical(ty)?;
    Ok(if is_builtin(ty) {
        format!("r.read{c}()")
    } else {
        format!("uniffiRead{c}(r)")
    })
}

/// Go statement writing `value` of `ty` to the writer `w`.
pub fn write_stmt(ty: &Type, value: &str) -> Result<String> {
    let c = canonical(ty)?;
    Ok(if is_builtin(ty) {
        format!("w.write{c}({value})")
    } else {
        format!("uniffiWrite{c}(w, {value})")
    })
}

/// Go expression for the number of bytes `value` of `ty` takes in a buffer.
pub fn size_expr(ty: &Type, value: &str) -> Result<String> {
    if let Some(n) = fixed_size(ty) {
        return Ok(n.to_string());
    }
    Ok(match resolve(ty).as_ref() {
        Type::String | Type::Bytes => format!("4 + len({value})"),
        _ => format!("uniffiSize{}({value})", canonical(ty)?),
    })
}

/// The Go zero value of a type, for returning alongside an error.
pub fn zero_value(ty: &Type) -> Result<String> {
    if configured_custom(ty).is_some() {
        return Ok(format!("*new({})", go_type(ty)?));
    }
    Ok(match resolve(ty).as_ref() {
        Type::Timestamp => "time.Time{}".into(),
        Type::String => "\"\"".into(),
        Type::Boolean => "false".into(),
        Type::Record { .. } => format!("{}{{}}", go_type(ty)?),
        // Flat enums are integers, data enums are interfaces; both get a typed zero.
        Type::Enum { .. } => format!("*new({})", go_type(ty)?),
        // Objects are pointers, trait and callback interfaces Go interfaces.
        Type::Bytes
        | Type::Object { .. }
        | Type::CallbackInterface { .. }
        | Type::Optional { .. }
        | Type::Sequence { .. }
        | Type::Map { .. }
        | Type::Set { .. } => "nil".into(),
        Type::Box { inner_type } => zero_value(inner_type)?,
        _ => "0".into(),
    })
}

/// How a type crosses the FFI at the top level.
pub fn crossing(ty: &Type) -> Result<Crossing> {
    if let Some((_, _, builtin)) = configured_custom(ty) {
        // The FFI carries the wrapped type; Go converts on its side.
        return crossing(builtin);
    }
    Ok(match resolve(ty).as_ref() {
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
        ty if is_foreign(ty) => Crossing::Foreign {
            canonical: canonical(ty)?,
        },
        Type::Object { name, .. } => Crossing::Object {
            go_name: names::exported(name),
        },
        Type::Box { inner_type } => crossing(inner_type)?,
        other => {
            canonical(other)?;
            Crossing::Buffer
        }
    })
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
pub fn describe(ty: &Type) -> String {
    match ty {
        Type::Timestamp => "the timestamp type".into(),
        Type::Duration => "the duration type".into(),
        Type::Custom { name, .. } => format!("custom type `{name}`"),
        Type::CallbackInterface { name, .. } => format!("callback interface `{name}`"),
        other => format!("{other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(name: &str) -> Type {
        Type::Record {
            module_path: "m".into(),
            name: name.into(),
        }
    }

    #[test]
    fn maps_primitive_and_compound_types() {
        assert_eq!(go_type(&Type::Int32).unwrap(), "int32");
        assert_eq!(go_type(&Type::Bytes).unwrap(), "[]byte");
        let opt = Type::Optional {
            inner_type: Box::new(Type::String),
        };
        assert_eq!(go_type(&opt).unwrap(), "*string");
        let seq = Type::Sequence {
            inner_type: Box::new(record("echo_request")),
        };
        assert_eq!(go_type(&seq).unwrap(), "[]EchoRequest");
        assert_eq!(canonical(&seq).unwrap(), "SequenceRecordEchoRequest");
        let map = Type::Map {
            key_type: Box::new(Type::Bytes),
            value_type: Box::new(Type::Int64),
        };
        assert_eq!(go_type(&map).unwrap(), "map[string]int64");
        let set = Type::Set {
            inner_type: Box::new(Type::UInt8),
        };
        assert_eq!(go_type(&set).unwrap(), "map[uint8]struct{}");
    }

    #[test]
    fn optional_object_is_a_nilable_pointer() {
        let obj = Type::Object {
            module_path: "m".into(),
            name: "Timer".into(),
            imp: uniffi_bindgen::interface::ObjectImpl::Struct,
        };
        let opt = Type::Optional {
            inner_type: Box::new(obj),
        };
        assert_eq!(go_type(&opt).unwrap(), "*Timer");
    }

    #[test]
    fn reads_and_writes_route_to_reader_methods_or_converters() {
        assert_eq!(read_expr(&Type::UInt16).unwrap(), "r.readUint16()");
        assert_eq!(write_stmt(&Type::String, "v").unwrap(), "w.writeString(v)");
        assert_eq!(size_expr(&Type::String, "v").unwrap(), "4 + len(v)");
        assert_eq!(size_expr(&Type::Float64, "v").unwrap(), "8");
        assert_eq!(read_expr(&record("Job")).unwrap(), "uniffiReadRecordJob(r)");
    }

    #[test]
    fn time_types_are_fixed_size_builtins() {
        assert_eq!(go_type(&Type::Timestamp).unwrap(), "time.Time");
        assert_eq!(go_type(&Type::Duration).unwrap(), "time.Duration");
        assert_eq!(fixed_size(&Type::Duration), Some(12));
        assert_eq!(read_expr(&Type::Timestamp).unwrap(), "r.readTimestamp()");
        assert_eq!(crossing(&Type::Timestamp).unwrap(), Crossing::Buffer);
    }

    #[test]
    fn custom_types_alias_their_builtin_unless_configured() {
        let custom = Type::Custom {
            module_path: "m".into(),
            name: "Url".into(),
            builtin: Box::new(Type::String),
        };
        assert_eq!(go_type(&custom).unwrap(), "URL");
        assert_eq!(crossing(&custom).unwrap(), Crossing::String);
        assert_eq!(read_expr(&custom).unwrap(), "r.readString()");
        let config = CustomTypeConfig {
            type_name: "*url.URL".into(),
            lift: "url.Parse({})".into(),
            lower: "{}.String()".into(),
            ..Default::default()
        };
        let _scope = CustomTypesScope::enter(&BTreeMap::from([("Url".to_string(), config)]));
        assert_eq!(go_type(&custom).unwrap(), "*url.URL");
        assert_eq!(canonical(&custom).unwrap(), "CustomURL");
        assert_eq!(read_expr(&custom).unwrap(), "uniffiReadCustomURL(r)");
        assert_eq!(crossing(&custom).unwrap(), Crossing::String);
    }
}
