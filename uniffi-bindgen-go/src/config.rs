//! The `[bindings.go]` section of `uniffi.toml`.

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use serde::Deserialize;
use uniffi_bindgen::ComponentInterface;

/// Settings for one crate's Go package. Unknown keys are an error, so a typo never goes unnoticed.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct GoConfig {
    /// Go package name; defaults to the uniffi namespace.
    pub package_name: Option<String>,
    /// Library name passed to the linker as `-l<name>`; defaults to the cdylib's name in library
    /// mode and to the crate name in UDL mode.
    pub cdylib_name: Option<String>,
    /// Go module path; when set, a `go.mod` declaring it is written beside the package.
    pub module_path: Option<String>,
    /// Go import path of the package, which the packages of other crates using its types
    /// import; defaults to `module_path`. Set it when the package lives inside a bigger module.
    pub import_path: Option<String>,
    /// Directory holding the Rust library. When set, the package tells cgo where to find it (and,
    /// when linking dynamically, the loader too, with an rpath). A relative path is taken from
    /// the generated package's directory.
    pub library_dir: Option<String>,
    /// `dynamic` (the default) links the cdylib; `static` links the staticlib into the program;
    /// `none` writes no link flags (the build, or another file of the package, gives them).
    pub link_mode: Option<LinkMode>,
    /// With `link_mode = "static"`: the link flags of the system libraries the static library
    /// needs. By default, what `rustc --print native-static-libs` reports for the host.
    pub native_libs: Option<String>,
    /// Items left out of the Go package: function names, type names, and `Type.method` names.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// New names for items, as in uniffi's other backends: `Item`, `Record.field`,
    /// `Object.method`, `Enum.Variant`, `Object.method.arg` -> the name to generate from.
    #[serde(default)]
    pub rename: toml::Table,
    /// Go types for uniffi custom types, keyed by the custom type's name. Custom types without
    /// an entry are Go aliases of the type they wrap.
    #[serde(default)]
    pub custom_types: BTreeMap<String, CustomTypeConfig>,
}

/// How a custom type appears in Go when it is not simply an alias of the type it wraps.
#[derive(Debug, Default, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct CustomTypeConfig {
    /// The Go type, e.g. `*url.URL` or `time.Time`.
    pub type_name: String,
    /// Import paths the conversions need, e.g. `net/url`.
    #[serde(default)]
    pub imports: Vec<String>,
    /// Go expression turning the wrapped value `{}` into `type_name`.
    pub lift: String,
    /// Go expression turning the `type_name` value `{}` into the wrapped type.
    pub lower: String,
    /// `lift` gives `(value, error)`; an error fails the call with an `*InternalError`.
    #[serde(default)]
    pub lift_returns_error: bool,
    /// `lower` gives `(value, error)`; an error fails the call before Rust is called.
    #[serde(default)]
    pub lower_returns_error: bool,
}

/// How the Go program links the Rust library.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkMode {
    #[default]
    Dynamic,
    Static,
    /// The package carries no `#cgo LDFLAGS`: `CGO_LDFLAGS`, or another file of the package
    /// (the one the `module` command writes), says how to link.
    None,
}

impl GoConfig {
    /// Reads `[bindings.go]` from a whole uniffi.toml table; absent means defaults.
    pub fn from_toml(root: &toml::Value, origin: &str) -> Result<Self> {
        match root.get("bindings").and_then(|b| b.get("go")) {
            Some(section) => section
                .clone()
                .try_into()
                .with_context(|| format!("reading [bindings.go] from {origin}")),
            None => Ok(Self::default()),
        }
    }

    /// Values set in `other` win over ours.
    pub fn overlay(self, other: GoConfig) -> Self {
        Self {
            package_name: other.package_name.or(self.package_name),
            cdylib_name: other.cdylib_name.or(self.cdylib_name),
            module_path: other.module_path.or(self.module_path),
            import_path: other.import_path.or(self.import_path),
            library_dir: other.library_dir.or(self.library_dir),
            link_mode: other.link_mode.or(self.link_mode),
            native_libs: other.native_libs.or(self.native_libs),
            exclude: [self.exclude, other.exclude].concat(),
            rename: {
                let mut rename = self.rename;
                rename.extend(other.rename);
                rename
            },
            custom_types: {
                let mut custom = self.custom_types;
                custom.extend(other.custom_types);
                custom
            },
        }
    }

    pub fn package_name(&self, ci: &ComponentInterface) -> String {
        self.package_name
            .clone()
            .unwrap_or_else(|| ci.namespace().to_string())
    }

    pub fn link_name(&self, ci: &ComponentInterface) -> String {
        self.cdylib_name
            .clone()
            .unwrap_or_else(|| ci.crate_name().to_string())
    }

    /// The path other packages import this one by.
    pub fn import_path(&self) -> Option<&str> {
        self.import_path.as_deref().or(self.module_path.as_deref())
    }

    pub fn link_mode(&self) -> LinkMode {
        self.link_mode.unwrap_or_default()
    }

    /// The `#cgo LDFLAGS` value that links the library; none with `link_mode = "none"`.
    /// `library_dir` is relative to the package here (see `library_dir.rs`).
    pub fn ldflags(&self, ci: &ComponentInterface) -> Option<String> {
        let name = self.link_name(ci);
        let dir = self
            .library_dir
            .as_deref()
            .map(|d| match d.trim_end_matches('/') {
                "" | "." => "${SRCDIR}".to_string(),
                d => format!("${{SRCDIR}}/{d}"),
            });
        Some(match (self.link_mode(), dir) {
            (LinkMode::None, _) => return None,
            (LinkMode::Dynamic, None) => format!("-l{name}"),
            (LinkMode::Dynamic, Some(dir)) => format!("-L{dir} -Wl,-rpath,{dir} -l{name}"),
            (LinkMode::Static, dir) => {
                let archive = match dir {
                    Some(dir) => format!("{dir}/lib{name}.a"),
                    None => format!("-l:lib{name}.a"),
                };
                match self.native_libs.as_deref().map(str::trim) {
                    Some(libs) if !libs.is_empty() => format!("{archive} {libs}"),
                    _ => archive,
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_go_section() {
        let root: toml::Value =
            toml::from_str("[bindings.go]\npackage_name = \"tm\"\n[bindings.kotlin]\nx = 1\n")
                .unwrap();
        let config = GoConfig::from_toml(&root, "uniffi.toml").unwrap();
        assert_eq!(config.package_name.as_deref(), Some("tm"));
    }

    #[test]
    fn link_flags_follow_the_mode_and_directory() {
        let ci = uniffi_bindgen::interface::ComponentInterface::from_webidl(
            "namespace demo {};",
            "demo",
        )
        .unwrap();
        let mut config = GoConfig::default();
        assert_eq!(config.ldflags(&ci).as_deref(), Some("-ldemo"));
        config.library_dir = Some("../lib/".into());
        assert_eq!(
            config.ldflags(&ci).as_deref(),
            Some("-L${SRCDIR}/../lib -Wl,-rpath,${SRCDIR}/../lib -ldemo")
        );
        config.link_mode = Some(LinkMode::Static);
        config.library_dir = Some(".".into());
        config.native_libs = Some("-lgcc_s -lc".into());
        assert_eq!(
            config.ldflags(&ci).as_deref(),
            Some("${SRCDIR}/libdemo.a -lgcc_s -lc")
        );
        config.link_mode = Some(LinkMode::None);
        assert_eq!(config.ldflags(&ci), None);
    }

    #[test]
    fn unknown_keys_are_rejected_with_their_name() {
        let root: toml::Value = toml::from_str("[bindings.go]\npackage_nmae = \"tm\"\n").unwrap();
        let err = format!(
            "{:#}",
            GoConfig::from_toml(&root, "uniffi.toml").unwrap_err()
        );
        assert!(err.contains("package_nmae"), "{err}");
        assert!(err.contains("uniffi.toml"), "{err}");
    }
}
