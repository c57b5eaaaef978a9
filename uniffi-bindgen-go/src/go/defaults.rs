//! Rust default values as Go expressions. Go has no default arguments or field defaults, so a
//! record with field defaults gets `Default<Record>()`, and a callable with defaulted arguments
//! takes them in an options struct that `New<Callable>Options()` fills with the defaults.

use anyhow::{bail, Result};
use uniffi_bindgen::interface::{DefaultValue, Literal, Radix, Type};

use super::{names, types, PackageContext};

/// The Go expression for the default value of a field or argument of type `ty`.
pub fn go_expr(cx: &PackageContext<'_>, ty: &Type, default: &DefaultValue) -> Result<String> {
    match default {
        DefaultValue::Default => Ok(match cx.types.resolve(ty).as_ref() {
            Type::Sequence { .. } | Type::Map { .. } | Type::Set { .. } => {
                format!("{}{{}}", cx.types.go_type(ty)?)
            }
            // A record's default holds its own field defaults, as in uniffi's other backends.
            Type::Record { name, .. }
                if cx
                    .types
                    .owner(ty)
                    .get_record_definition(name)
                    .is_some_and(|r| r.fields().iter().any(|f| f.default_value().is_some())) =>
            {
                let go_type = cx.types.go_type(ty)?;
                match go_type.rsplit_once('.') {
                    Some((package, name)) => format!("{package}.Default{name}()"),
                    None => format!("Default{go_type}()"),
                }
            }
            // Rust's `Default` of an enum is a variant the interface does not name (uniffi's
            // Kotlin backend refuses it too); Go's zero value is no variant at all.
            Type::Enum { name, .. } => bail!(
                "`#[uniffi(default)]` on a value of enum `{name}`: Rust's `Default` picks a variant the interface does not name; give the variant instead (a literal default)"
            ),
            _ => cx.types.zero_value(ty)?,
        }),
        DefaultValue::Literal(literal) => literal_expr(cx, ty, literal),
    }
}

fn literal_expr(cx: &PackageContext<'_>, ty: &Type, literal: &Literal) -> Result<String> {
    Ok(match literal {
        Literal::Boolean(b) => b.to_string(),
        Literal::String(s) => quote(s),
        Literal::UInt(v, radix, _) => match radix {
            Radix::Decimal => v.to_string(),
            Radix::Hexadecimal => format!("{v:#x}"),
            Radix::Octal => format!("0o{v:o}"),
        },
        Literal::Int(v, radix, _) => match radix {
            Radix::Decimal => v.to_string(),
            Radix::Hexadecimal if *v < 0 => format!("-{:#x}", v.unsigned_abs()),
            Radix::Hexadecimal => format!("{v:#x}"),
            Radix::Octal if *v < 0 => format!("-0o{:o}", v.unsigned_abs()),
            Radix::Octal => format!("0o{v:o}"),
        },
        Literal::Float(text, _) => text.clone(),
        Literal::Enum(variant, enum_type) => {
            let enum_name = enum_type.name().unwrap_or_default();
            let owner = cx.types.owner(enum_type);
            let flat = owner
                .get_enum_definition(enum_name)
                .is_some_and(|e| e.is_flat() && !owner.is_name_used_as_error(enum_name));
            // Qualified with its package when the enum comes from another crate.
            let constant = format!(
                "{}{}",
                cx.types.go_type(enum_type)?,
                names::exported(variant)
            );
            // Flat enums are integer constants; other enums are interfaces over variant structs.
            if flat {
                constant
            } else {
                format!("{constant}{{}}")
            }
        }
        Literal::EmptySequence | Literal::EmptyMap | Literal::EmptySet => {
            format!("{}{{}}", cx.types.go_type(ty)?)
        }
        Literal::None => "nil".into(),
        Literal::Some { inner } => {
            let Type::Optional { inner_type } = ty else {
                bail!(
                    "a Some(..) default for the non-optional {}",
                    types::describe(ty)
                );
            };
            // Typed, so an untyped constant becomes the field's type and not int or float64.
            format!(
                "uniffiSome[{}]({})",
                cx.types.go_type(inner_type)?,
                go_expr(cx, inner_type, inner)?
            )
        }
    })
}

/// A Go string literal for any Rust string.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Whether a default expression needs the `uniffiSome` helper.
pub fn uses_some(expr: &str) -> bool {
    expr.contains("uniffiSome[")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rusts_default_of_an_enum_is_refused() {
        super::super::with_test_context(
            "namespace demo {};\nenum Mode { \"Fast\", \"Safe\" };\ndictionary S { Mode m; };",
            |cx| {
                let mode = Type::Enum {
                    module_path: "demo".into(),
                    name: "Mode".into(),
                };
                let err = go_expr(cx, &mode, &DefaultValue::Default).unwrap_err();
                assert!(err.to_string().contains("enum `Mode`"), "{err}");
            },
        );
    }

    #[test]
    fn literals_become_go_expressions() {
        super::super::with_test_context("namespace demo {};", |cx| {
            let lit = |l| go_expr(cx, &Type::UInt32, &DefaultValue::Literal(l)).unwrap();
            assert_eq!(
                lit(Literal::UInt(255, Radix::Hexadecimal, Type::UInt32)),
                "0xff"
            );
            assert_eq!(lit(Literal::Int(-8, Radix::Octal, Type::Int32)), "-0o10");
            assert_eq!(quote("a\"b\\\n\u{1}é"), "\"a\\\"b\\\\\\n\\u0001é\"");
            let opt = Type::Optional {
                inner_type: Box::new(Type::String),
            };
            let some = DefaultValue::Literal(Literal::Some {
                inner: Box::new(DefaultValue::Literal(Literal::String("x".into()))),
            });
            assert_eq!(
                go_expr(cx, &opt, &some).unwrap(),
                "uniffiSome[string](\"x\")"
            );
        });
    }
}
