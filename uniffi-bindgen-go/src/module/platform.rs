//! Go platforms (`GOOS/GOARCH`) a module can carry a static library for, and the Rust target
//! each one's library is built for.

use std::fmt;
use std::str::FromStr;

use anyhow::{bail, Result};

/// A `GOOS/GOARCH` pair with a known Rust target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Platform {
    pub goos: &'static str,
    pub goarch: &'static str,
    /// The Rust target whose staticlib cgo can link on this platform. On Windows that is the
    /// GNU ABI: cgo links with a MinGW toolchain, which takes `.a` archives.
    pub rust_target: &'static str,
}

/// Every platform the `module` command accepts.
pub const PLATFORMS: &[Platform] = &[
    Platform::new("linux", "amd64", "x86_64-unknown-linux-gnu"),
    Platform::new("linux", "arm64", "aarch64-unknown-linux-gnu"),
    Platform::new("darwin", "amd64", "x86_64-apple-darwin"),
    Platform::new("darwin", "arm64", "aarch64-apple-darwin"),
    Platform::new("windows", "amd64", "x86_64-pc-windows-gnu"),
    Platform::new("windows", "arm64", "aarch64-pc-windows-gnullvm"),
];

impl Platform {
    const fn new(goos: &'static str, goarch: &'static str, rust_target: &'static str) -> Self {
        Self {
            goos,
            goarch,
            rust_target,
        }
    }

    /// The folder of the module holding this platform's library, e.g. `lib/linux_amd64`.
    pub fn dir(&self) -> String {
        format!("lib/{}_{}", self.goos, self.goarch)
    }

    /// The name of the Go package in that folder (no underscore, as Go style asks).
    pub fn go_package(&self) -> String {
        format!("{}{}", self.goos, self.goarch)
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.goos, self.goarch)
    }
}

impl FromStr for Platform {
    type Err = anyhow::Error;

    fn from_str(s: &str) -> Result<Self> {
        let wanted = s.trim().replace('_', "/");
        if let Some(p) = PLATFORMS.iter().find(|p| p.to_string() == wanted) {
            return Ok(*p);
        }
        let known: Vec<String> = PLATFORMS.iter().map(Platform::to_string).collect();
        bail!(
            "unknown platform `{s}`: give GOOS/GOARCH, one of {}",
            known.join(", ")
        )
    }
}

/// Splits `PLATFORM=VALUE`, as `--archive` and `--native-libs` take them.
pub fn platform_and_value(arg: &str, flag: &str) -> Result<(Platform, String)> {
    let Some((platform, value)) = arg.split_once('=') else {
        bail!("{flag} {arg}: expected PLATFORM=VALUE, e.g. {flag} linux/amd64=...");
    };
    let platform = platform
        .parse()
        .map_err(|e: anyhow::Error| e.context(format!("{flag} {arg}")))?;
    Ok((platform, value.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platforms_parse_with_a_slash_or_an_underscore() {
        let p: Platform = "linux/amd64".parse().unwrap();
        assert_eq!(p.rust_target, "x86_64-unknown-linux-gnu");
        assert_eq!(p.dir(), "lib/linux_amd64");
        assert_eq!(p.go_package(), "linuxamd64");
        assert_eq!(
            "darwin_arm64".parse::<Platform>().unwrap().to_string(),
            "darwin/arm64"
        );
    }

    #[test]
    fn an_unknown_platform_lists_the_known_ones() {
        let err = "plan9/386".parse::<Platform>().unwrap_err().to_string();
        assert!(err.contains("plan9/386"), "{err}");
        assert!(err.contains("windows/amd64"), "{err}");
    }

    #[test]
    fn arguments_split_at_the_first_equals_sign() {
        let (p, v) = platform_and_value("linux/arm64=-lfoo -framework=x", "--native-libs").unwrap();
        assert_eq!(p.to_string(), "linux/arm64");
        assert_eq!(v, "-lfoo -framework=x");
        let err = platform_and_value("target/libx.a", "--archive").unwrap_err();
        assert!(err.to_string().contains("expected PLATFORM=VALUE"), "{err}");
    }
}
