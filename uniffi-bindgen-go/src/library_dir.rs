//! `library_dir` of `[bindings.go]`: checked when the package is generated, and written into it
//! relative to the package's directory, so that the generated files name no directory of the
//! machine that generated them and the package can move together with the library.

use std::path::{Component, Path, PathBuf};

use anyhow::{bail, Context, Result};
use camino::{Utf8Path, Utf8PathBuf};

use crate::config::LinkMode;

/// The file names the linker accepts for the library `name` in `mode`.
pub fn library_files(name: &str, mode: LinkMode) -> Vec<String> {
    match mode {
        LinkMode::Static => vec![format!("lib{name}.a")],
        // `-l<name>` takes a shared library, and a static one when there is no shared one.
        LinkMode::Dynamic | LinkMode::None => vec![
            format!("lib{name}.so"),
            format!("lib{name}.dylib"),
            format!("{name}.dll"),
            format!("lib{name}.a"),
        ],
    }
}

/// What `library_dir` becomes in the package generated into `package_dir` for the crate `krate`:
/// the directory relative to `package_dir`, with `/` separators. The directory and the library
/// in it must exist.
///
/// A relative `library_dir` starts at `package_dir` and is kept as written; an absolute one is
/// turned into the relative path from `package_dir` to it.
pub fn relative_library_dir(
    library_dir: &str,
    package_dir: &Utf8Path,
    library_name: &str,
    mode: LinkMode,
    krate: &str,
) -> Result<String> {
    let what =
        || format!("library_dir = \"{library_dir}\" in the [bindings.go] of crate `{krate}`");
    let given = Utf8Path::new(library_dir);
    let package_abs = absolute(package_dir.as_std_path())
        .with_context(|| format!("{package_dir}: resolving the package directory"))?;
    let dir = absolute(&package_abs.join(given))
        .with_context(|| format!("{}: resolving the directory", what()))?;
    if !dir.is_dir() {
        let hint = if given.is_relative() {
            format!(" (a relative library_dir starts at the generated package's directory, {package_dir})")
        } else {
            String::new()
        };
        let state = if dir.exists() {
            "is not a directory"
        } else {
            "no such directory"
        };
        bail!("{}: {}: {state}{hint}", what(), dir.display());
    }
    let files = library_files(library_name, mode);
    if !files.iter().any(|f| dir.join(f).is_file()) {
        bail!(
            "{}: {} holds none of {}; build the library first, or point library_dir at the directory that holds it",
            what(),
            dir.display(),
            files.join(", ")
        );
    }
    if given.is_relative() {
        return Ok(slashed(given.as_str().trim_end_matches(['/', '\\'])));
    }
    let target = dir
        .canonicalize()
        .with_context(|| format!("{}: resolving {}", what(), dir.display()))?;
    let relative = relative_path(&target, &package_abs);
    let relative = Utf8PathBuf::from_path_buf(relative)
        .map_err(|p| anyhow::anyhow!("{}: {} is not UTF-8", what(), p.display()))?;
    Ok(slashed(relative.as_str()))
}

fn slashed(path: &str) -> String {
    let path = path.replace('\\', "/");
    if path.is_empty() {
        ".".into()
    } else {
        path
    }
}

/// `path` made absolute with symbolic links resolved, for a path that may not exist yet: its
/// longest existing ancestor is canonicalized and the rest appended (a directory that does not
/// exist is no link, so `..` after it is taken lexically).
fn absolute(path: &Path) -> std::io::Result<PathBuf> {
    let path = std::path::absolute(path)?;
    let components: Vec<Component> = path.components().collect();
    let mut existing = components.len();
    while existing > 1 && !components[..existing].iter().collect::<PathBuf>().exists() {
        existing -= 1;
    }
    let mut out = components[..existing]
        .iter()
        .collect::<PathBuf>()
        .canonicalize()?;
    out.extend(&components[existing..]);
    Ok(lexically_normal(&out))
}

/// Removes `.` and resolves `..` against the preceding component.
fn lexically_normal(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push(c);
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// The path that leads from the directory `base` to `target`; both absolute and normal.
fn relative_path(target: &Path, base: &Path) -> PathBuf {
    let target: Vec<_> = target.components().collect();
    let base: Vec<_> = base.components().collect();
    let common = target.iter().zip(&base).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..base.len() {
        out.push("..");
    }
    for c in &target[common..] {
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf8(p: &Path) -> &Utf8Path {
        Utf8Path::from_path(p).unwrap()
    }

    /// A directory `lib/` holding `libdemo.so` and `libdemo.a`, and an empty `out/`.
    fn layout() -> tempfile::TempDir {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(tmp.path().join("lib")).unwrap();
        std::fs::create_dir_all(tmp.path().join("out")).unwrap();
        std::fs::write(tmp.path().join("lib/libdemo.so"), b"").unwrap();
        std::fs::write(tmp.path().join("lib/libdemo.a"), b"").unwrap();
        tmp
    }

    #[test]
    fn a_relative_directory_is_kept_as_written() {
        let tmp = layout();
        let package = tmp.path().join("out/demo");
        let dir = relative_library_dir(
            "../../lib/",
            utf8(&package),
            "demo",
            LinkMode::Dynamic,
            "demo",
        )
        .unwrap();
        assert_eq!(dir, "../../lib");
    }

    #[test]
    fn an_absolute_directory_becomes_relative_to_the_package() {
        let tmp = layout();
        let package = tmp.path().join("out/nested/demo");
        let lib = tmp.path().join("lib");
        let dir = relative_library_dir(
            lib.to_str().unwrap(),
            utf8(&package),
            "demo",
            LinkMode::Static,
            "demo",
        )
        .unwrap();
        assert_eq!(dir, "../../../lib");
        assert!(!dir.contains(tmp.path().to_str().unwrap()));
    }

    #[test]
    fn the_library_itself_may_be_the_package_directory() {
        let tmp = layout();
        let lib = tmp.path().join("lib");
        let dir = relative_library_dir(
            lib.to_str().unwrap(),
            utf8(&lib),
            "demo",
            LinkMode::Dynamic,
            "demo",
        )
        .unwrap();
        assert_eq!(dir, ".");
    }

    #[test]
    fn a_missing_directory_names_the_key_the_path_and_where_it_starts() {
        let tmp = layout();
        let package = tmp.path().join("out/demo");
        let err = relative_library_dir(
            "../nowhere",
            utf8(&package),
            "demo",
            LinkMode::Dynamic,
            "demo",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("library_dir = \"../nowhere\""), "{err}");
        assert!(err.contains("crate `demo`"), "{err}");
        assert!(err.contains("out/nowhere: no such directory"), "{err}");
        assert!(
            err.contains("starts at the generated package's directory"),
            "{err}"
        );
    }

    #[test]
    fn a_directory_without_the_library_names_the_files_looked_for() {
        let tmp = layout();
        let package = tmp.path().join("out/demo");
        let err = relative_library_dir(
            "../../lib",
            utf8(&package),
            "other",
            LinkMode::Static,
            "other",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("holds none of libother.a"), "{err}");
    }

    #[test]
    fn relative_paths_climb_to_the_common_ancestor() {
        assert_eq!(
            relative_path(Path::new("/a/b/c"), Path::new("/a/x/y")),
            PathBuf::from("../../b/c")
        );
        assert_eq!(
            relative_path(Path::new("/a"), Path::new("/a/b")),
            PathBuf::from("..")
        );
        assert_eq!(
            lexically_normal(Path::new("/a/./b/../c")),
            PathBuf::from("/a/c")
        );
    }
}
