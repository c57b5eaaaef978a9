//! The system libraries a Rust static library needs on a platform, as rustc reports them
//! (`--print native-static-libs`) when it builds a staticlib for that target.

use std::process::Command;

use anyhow::Result;

use super::platform::Platform;

const NOTE: &str = "native-static-libs:";

/// Builds an empty staticlib for the platform's Rust target and returns the link flags rustc
/// prints for it: what Rust's standard library needs there. A crate that links native libraries
/// of its own needs more; those come from `--native-libs`.
pub fn from_rustc(platform: &Platform) -> Result<String> {
    run_rustc(Some(platform.rust_target)).map_err(|why| {
        anyhow::anyhow!(
            "{why}; install the target (rustup target add {}) or give the libraries with --native-libs {platform}=FLAGS",
            platform.rust_target
        )
    })
}

/// The native libraries of the host, for `link_mode = "static"`.
pub fn host() -> Result<String> {
    run_rustc(None).map_err(|why| {
        anyhow::anyhow!(
            "learning the system libraries to link the static library with: {why}; give them with native_libs in [bindings.go]"
        )
    })
}

/// Builds an empty staticlib for `target` (the host when none) and returns the flags of
/// rustc's note, or why there are none.
fn run_rustc(target: Option<&str>) -> std::result::Result<String, String> {
    let for_target = target.unwrap_or("the host");
    let tmp = tempfile::tempdir()
        .map_err(|e| format!("creating a temporary directory for rustc: {e}"))?;
    let source = tmp.path().join("probe.rs");
    std::fs::write(&source, "").map_err(|e| format!("writing an empty crate for rustc: {e}"))?;
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let mut command = Command::new(&rustc);
    command
        .args(["--crate-type", "staticlib", "--crate-name", "probe"])
        .args(["--print", "native-static-libs"])
        .arg("-o")
        .arg(tmp.path().join("libprobe.a"))
        .arg(&source);
    if let Some(target) = target {
        command.args(["--target", target]);
    }
    let out = command
        .output()
        .map_err(|e| format!("{} did not run: {e}", rustc.to_string_lossy()))?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        let first = stderr
            .lines()
            .find(|l| l.starts_with("error"))
            .unwrap_or("rustc failed");
        return Err(format!("rustc cannot build for {for_target}: {first}"));
    }
    parse(&stderr).ok_or_else(|| format!("rustc printed no `{NOTE}` note for {for_target}"))
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
