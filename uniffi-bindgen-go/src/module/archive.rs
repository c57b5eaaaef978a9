//! Copying a static library into the module, without what linking a Go program does not use:
//! debug information, and the LLVM bitcode (`.llvmbc`, `.llvmcmd`) Rust's standard library
//! embeds in every object for link-time optimization, which cgo's C linker never reads.

use std::process::Command;

use anyhow::{Context, Result};
use camino::Utf8Path;

/// What became of one archive.
#[derive(Debug, Clone)]
pub struct Copied {
    pub original_size: u64,
    pub written_size: u64,
    /// Why the archive was copied as it was, when it was not stripped.
    pub not_stripped: Option<String>,
}

/// Copies `from` to `to`, stripped with `strip` (binutils, or `$STRIP`) when `strip` is set
/// and the tool can read the archive; otherwise as it is, saying why.
pub fn copy(from: &Utf8Path, to: &Utf8Path, strip: bool) -> Result<Copied> {
    let original_size = size(from)?;
    let not_stripped = if strip {
        run_strip(from, to).err()
    } else {
        Some("--no-strip".to_string())
    };
    if not_stripped.is_some() {
        std::fs::copy(from, to).with_context(|| format!("copying {from} to {to}"))?;
    }
    Ok(Copied {
        original_size,
        written_size: size(to)?,
        not_stripped,
    })
}

fn size(path: &Utf8Path) -> Result<u64> {
    Ok(std::fs::metadata(path)
        .with_context(|| format!("{path}: reading the archive's size"))?
        .len())
}

/// Runs strip; an error is the reason to give the user, not a failure: the archive is still
/// usable unstripped (for instance a macOS archive that a Linux strip cannot read).
fn run_strip(from: &Utf8Path, to: &Utf8Path) -> std::result::Result<(), String> {
    let tool = std::env::var("STRIP").unwrap_or_else(|_| "strip".into());
    let out = Command::new(&tool)
        .args(["--strip-debug", "-R", ".llvmbc", "-R", ".llvmcmd", "-o"])
        .arg(to)
        .arg(from)
        .output()
        .map_err(|e| format!("{tool} did not run: {e}"))?;
    if out.status.success() {
        return Ok(());
    }
    let _ = std::fs::remove_file(to);
    let stderr = String::from_utf8_lossy(&out.stderr);
    Err(format!(
        "{tool} cannot strip it: {}",
        stderr.lines().next().unwrap_or("no message").trim()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_archive_strip_cannot_read_is_copied_as_it_is() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = Utf8Path::from_path(tmp.path()).unwrap();
        std::fs::write(dir.join("libx.a"), b"not an archive").unwrap();
        let copied = copy(&dir.join("libx.a"), &dir.join("out.a"), true).unwrap();
        assert_eq!(copied.original_size, 14);
        assert_eq!(copied.written_size, 14);
        assert!(copied.not_stripped.is_some());
        assert_eq!(std::fs::read(dir.join("out.a")).unwrap(), b"not an archive");
    }
}
