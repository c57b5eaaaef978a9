//! Writing packages: into a temporary directory first, formatted there, then moved into place,
//! so a failure leaves the output directory as it was.

use std::process::Command;

use anyhow::{bail, Context, Result};
use camino::{Utf8Path, Utf8PathBuf};

use crate::go::RenderedPackage;

pub fn write_packages(
    out_dir: &Utf8Path,
    packages: &[RenderedPackage],
    format: bool,
) -> Result<Vec<Utf8PathBuf>> {
    let mut seen = std::collections::BTreeSet::new();
    for p in packages {
        if !seen.insert(&p.package_name) {
            bail!(
                "two crates map to the Go package `{}`; set a distinct package_name in [bindings.go]",
                p.package_name
            );
        }
    }
    let created_out_dir = !out_dir.exists();
    std::fs::create_dir_all(out_dir)
        .map_err(|e| io_error(out_dir, "cannot create the output directory", e))?;
    let result = write_into(out_dir, packages, format);
    if result.is_err() && created_out_dir {
        // Only empty directories go: whatever is in it was not written by us.
        let _ = std::fs::remove_dir(out_dir);
    }
    result
}

fn write_into(
    out_dir: &Utf8Path,
    packages: &[RenderedPackage],
    format: bool,
) -> Result<Vec<Utf8PathBuf>> {
    let staging = tempfile::Builder::new()
        .prefix(".uniffi-bindgen-go-")
        .tempdir_in(out_dir)
        .map_err(|e| io_error(out_dir, "cannot write to the output directory", e))?;
    let staging_path = Utf8Path::from_path(staging.path()).context("non UTF-8 temporary path")?;

    let mut files = Vec::new();
    for p in packages {
        let dir = staging_path.join(&p.package_name);
        std::fs::create_dir_all(&dir)
            .map_err(|e| io_error(out_dir, "cannot write to the output directory", e))?;
        let go_mod = p.go_mod.as_ref().map(|text| ("go.mod".to_string(), text));
        let remote = p.remote.as_ref().map(|(name, text)| (name.clone(), text));
        for (name, text) in [
            (p.go_file_name.clone(), &p.go_source),
            (p.runtime_file_name.clone(), &p.runtime_source),
            (p.header_file_name.clone(), &p.header_source),
        ]
        .into_iter()
        .chain(go_mod)
        .chain(remote)
        {
            std::fs::write(dir.join(&name), text)
                .map_err(|e| io_error(out_dir, "cannot write to the output directory", e))?;
            files.push(Utf8PathBuf::from(&p.package_name).join(name));
        }
    }
    if format {
        gofmt(staging_path)?;
    }
    move_into_place(out_dir, staging_path, &files)
}

/// Moves the staged files to `out_dir`. What is in the way is checked first; files being
/// replaced are set aside, so an I/O failure half-way can put everything back as it was.
fn move_into_place(
    out_dir: &Utf8Path,
    staging: &Utf8Path,
    files: &[Utf8PathBuf],
) -> Result<Vec<Utf8PathBuf>> {
    for relative in files {
        let target = out_dir.join(relative);
        if target.is_dir() {
            bail!("{target}: is a directory, where the generated file goes");
        }
        if let Some(parent) = target.parent() {
            if parent.exists() && !parent.is_dir() {
                bail!("{parent}: is a file, where the generated package's directory goes");
            }
        }
    }

    let mut done = Moved::default();
    for relative in files {
        if let Err(err) = done.move_one(out_dir, staging, relative) {
            done.undo();
            return Err(io_error(
                &out_dir.join(relative),
                "cannot move the generated file into place (the output directory is unchanged)",
                err,
            ));
        }
    }
    Ok(done.files.into_iter().map(|(target, _)| target).collect())
}

/// What `move_into_place` did so far, so that it can be undone.
#[derive(Default)]
struct Moved {
    /// Each file moved into place, and where the file it replaced was set aside.
    files: Vec<(Utf8PathBuf, Option<Utf8PathBuf>)>,
    created_dirs: Vec<Utf8PathBuf>,
}

impl Moved {
    fn move_one(
        &mut self,
        out_dir: &Utf8Path,
        staging: &Utf8Path,
        relative: &Utf8Path,
    ) -> std::io::Result<()> {
        let target = out_dir.join(relative);
        let parent = target.parent().unwrap_or(out_dir);
        if !parent.exists() {
            std::fs::create_dir(parent)?;
            self.created_dirs.push(parent.to_owned());
        }
        let saved = if target.exists() {
            let saved = staging.join(".replaced").join(relative);
            std::fs::create_dir_all(saved.parent().unwrap_or(staging))?;
            std::fs::rename(&target, &saved)?;
            Some(saved)
        } else {
            None
        };
        if let Err(err) = std::fs::rename(staging.join(relative), &target) {
            if let Some(saved) = saved {
                let _ = std::fs::rename(saved, &target);
            }
            return Err(err);
        }
        self.files.push((target, saved));
        Ok(())
    }

    /// Best effort: puts back what was replaced and removes what was added.
    fn undo(&self) {
        for (target, saved) in self.files.iter().rev() {
            let _ = std::fs::remove_file(target);
            if let Some(saved) = saved {
                let _ = std::fs::rename(saved, target);
            }
        }
        for dir in self.created_dirs.iter().rev() {
            let _ = std::fs::remove_dir(dir);
        }
    }
}

/// `path: what failed: the OS's reason`. tempfile appends the temporary path to its errors; that
/// path is gone by the time the message is read, so it is cut.
fn io_error(path: &Utf8Path, what: &str, err: std::io::Error) -> anyhow::Error {
    let reason = err.to_string();
    let reason = reason.split(" at path ").next().unwrap_or(&reason);
    anyhow::anyhow!("{path}: {what}: {reason}")
}

/// Formats the Go files with gofmt when it is installed; its absence is only a warning.
pub fn gofmt(dir: &Utf8Path) -> Result<()> {
    match Command::new("gofmt").arg("-l").arg("-w").arg(dir).output() {
        Ok(out) if out.status.success() => Ok(()),
        Ok(out) => bail!(
            "gofmt rejected the generated Go (a generator bug, please report it): {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ),
        Err(_) => {
            eprintln!("warning: gofmt not found on PATH; the generated Go is not formatted");
            Ok(())
        }
    }
}
