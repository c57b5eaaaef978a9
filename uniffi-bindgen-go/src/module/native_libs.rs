//! The system libraries a Rust static library needs on a platform, as rustc reports them
//! (`--print native-static-libs`) when it builds a staticlib for that target.

use std::process::Command;

use anyhow::{bail, Context, Result};

use super::platform::Platform;

const NOTE: &str = "native-static-libs:";

/// Builds an empty staticlib for the platform's Rust target and returns the link flags rustc
/// prints for it: what Rust's standard library needs there. A crate that links native libraries
/// of its own needs more; those come from `--native-libs`.
pub fn from_rustc(platform: &Platform) -> Result<String> {
    let tmp = tempfile::tempdir().context("creating a temporary directory for rustc")?;
    let source = tmp.path().join("probe.rs");
    std::fs::write(&source, "").context("writing an empty crate for rustc")?;
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let out = Command::new(&rustc)
        .args(["--crate-type", "staticlib", "--crate-name", "probe"])
        .args(["--print", "native-static-libs", "--target", platform.rust_target])
        .arg("-o")
        .arg(tmp.path().join("libprobe.a"))
        .arg(&source)
        .output()
        .with_context(|| {
            format!(
                "running {} to learn the native libraries of {platform}; without rustc, give them with --native-libs {platform}=FLAGS",
                rustc.to_string_lossy()
            )
        })?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        let first = stderr
            .lines()
            .find(|l| l.starts_with("error"))
            .unwrap_or("rustc failed");
        bail!(
            "rustc cannot build for {} ({platform}): {first}; install the target (rustup target add {}) or give the libraries with --native-libs {platform}=FLAGS",
            platform.rust_target,
            platform.rust_target
        );
    }
    parse(&stderr).with_context(|| {
        format!(
            "rustc printed no `{NOTE}` note for {}; give the libraries with --native-libs {platform}=FLAGS",
            platform.rust_target
        )
    })
}

/// The flags of rustc's `note: native-static-libs: ...` line.
pub fn parse(rustc_output: &str) -> Option<String> {
    rustc_output.lines().find_map(|line| {
        let (_, flags) = line.split_once(NOTE)?;
        Some(flags.split_whitespace().collect::<Vec<_>>().join(" "))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_note_line_is_found_among_others() {
        let out = "note: link against the following native artifacts when linking against this static library\n\nnote: native-static-libs: -lgcc_s  -lutil -lc\n";
        assert_eq!(parse(out).as_deref(), Some("-lgcc_s -lutil -lc"));
        assert_eq!(parse("warning: nothing"), None);
    }

    #[test]
    fn rustc_reports_the_libraries_of_the_host() {
        let host = Platform {
            goos: "linux",
            goarch: "amd64",
            rust_target: "x86_64-unknown-linux-gnu",
        };
        if !cfg!(all(
            target_os = "linux",
            target_arch = "x86_64",
            target_env = "gnu"
        )) {
            return;
        }
        let libs = from_rustc(&host).unwrap();
        assert!(libs.contains("-lc"), "{libs}");
    }
}
