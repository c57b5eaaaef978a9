//! The `[bindings.go]` section of `uniffi.toml`.

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
