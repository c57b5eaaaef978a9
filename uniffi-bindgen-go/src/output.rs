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
    fs_err::create_dir_all(out_dir)
        .with_context(|| format!("{out_dir}: cannot create the output directory"))?;
    let staging = tempfile::Builder::new()
        .prefix(".uniffi-bindgen-go-")
        .tempdir_in(out_dir)
        .with_context(|| format!("{out_dir}: cannot write to the output directory"))?;
    let staging_path = Utf8Path::from_path(staging.path()).context("non UTF-8 temporary path")?;

    let mut files = Vec::new();
    for p in packages {
        let dir = staging_path.join(&p.package_name);
        fs_err::create_dir_all(&dir)?;
        let go_mod = p.go_mod.as_ref().map(|text| ("go.mod".to_string(), text));
        for (name, text) in [
            (p.go_file_name.clone(), &p.go_source),
            (p.header_file_name.clone(), &p.header_source),
        ]
        .into_iter()
        .chain(go_mod)
        {
            fs_err::write(dir.join(&name), text)?;
            files.push(Utf8PathBuf::from(&p.package_name).join(name));
        }
    }
    if format {
        gofmt(staging_path)?;
    }

    let mut written = Vec::new();
    for relative in files {
        let target = out_dir.join(&relative);
        if let Some(parent) = target.parent() {
            fs_err::create_dir_all(parent)?;
        }
        fs_err::rename(staging_path.join(&relative), &target)?;
        written.push(target);
    }
    Ok(written)
}

/// Formats the Go files with gofmt when it is installed; its absence is only a warning.
fn gofmt(dir: &Utf8Path) -> Result<()> {
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
