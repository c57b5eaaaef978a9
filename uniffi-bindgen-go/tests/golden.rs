//! Golden outputs: the generated package of the timer library and of two UDL fixtures, exactly as
//! the templates print them (before gofmt), committed under `tests/golden/`. Any change to the
//! generated Go shows up here as a diff to review.
//!
//! To accept a change: `UPDATE_GOLDEN=1 cargo test -p uniffi-bindgen-go --test golden`, then
//! read `git diff uniffi-bindgen-go/tests/golden` before committing.

use std::path::{Path, PathBuf};

use camino::Utf8PathBuf;
use uniffi_bindgen_go::{generate, GenerateOptions};

/// Sources whose packages are kept as golden files, relative to the workspace root.
const SOURCES: &[&str] = &[
    "timer/src/timer.udl",
    "testing/fixtures/roundtrip/src/roundtrip.udl",
    "testing/fixtures/udlfeatures/src/udlfeatures.udl",
];

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// Generates every source's package, unformatted, into a fresh directory.
fn generate_all(out: &Path, format: bool) -> Vec<PathBuf> {
    let root = workspace_root();
    let mut files = Vec::new();
    for source in SOURCES {
        let written = generate(&GenerateOptions {
            source: Utf8PathBuf::from_path_buf(root.join(source)).unwrap(),
            out_dir: Utf8PathBuf::from_path_buf(out.to_path_buf()).unwrap(),
            format,
            ..GenerateOptions::default()
        })
        .unwrap_or_else(|e| panic!("generating {source}: {e:#}"));
        // The paths written, relative to the output directory.
        files.extend(written.into_iter().map(|p| {
            let p = PathBuf::from(p.as_str());
            p.strip_prefix(out).map(Path::to_path_buf).unwrap_or(p)
        }));
    }
    files.sort();
    files
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// Every file below `dir`, relative to it.
fn files_below(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn generated_packages_match_the_golden_files() {
    let tmp = tempfile::tempdir().unwrap();
    let written = generate_all(tmp.path(), false);
    assert!(
        written.iter().all(|f| f.is_relative()),
        "generate returned paths outside the output directory: {written:?}"
    );
    assert!(
        written.len() >= SOURCES.len() * 3,
        "too few files: {written:?}"
    );
    let golden = golden_dir();

    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        let _ = std::fs::remove_dir_all(&golden);
        for file in &written {
            let target = golden.join(file);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::copy(tmp.path().join(file), &target).unwrap();
        }
        return;
    }

    let mut report = String::new();
    for file in &written {
        let expected_path = golden.join(file);
        let actual = read(&tmp.path().join(file));
        if !expected_path.exists() {
            report.push_str(&format!("new file {}\n", file.display()));
            continue;
        }
        let expected = read(&expected_path);
        if expected != actual {
            let diff = similar::TextDiff::from_lines(&expected, &actual);
            report.push_str(
                &diff
                    .unified_diff()
                    .context_radius(3)
                    .header(
                        &format!("golden/{}", file.display()),
                        &format!("generated/{}", file.display()),
                    )
                    .to_string(),
            );
        }
    }
    for file in files_below(&golden) {
        if !written.contains(&file) {
            report.push_str(&format!("no longer generated: {}\n", file.display()));
        }
    }
    assert!(
        report.is_empty(),
        "the generated Go differs from tests/golden (rerun with UPDATE_GOLDEN=1 to accept):\n{report}"
    );
}

/// The templates print Go in gofmt's layout by themselves: gofmt leaves every golden Go file as
/// it is (gofmt still runs after generation, as a check and for configured conversions, which
/// are inserted as written).
#[test]
fn golden_go_files_are_already_gofmt_clean() {
    let dir = golden_dir();
    let go_files: Vec<PathBuf> = files_below(&dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "go"))
        .map(|p| dir.join(p))
        .collect();
    assert!(
        !go_files.is_empty(),
        "no golden Go files below {}",
        dir.display()
    );
    let output = std::process::Command::new("gofmt")
        .arg("-l")
        .args(&go_files)
        .output()
        .expect("running gofmt (Go must be installed for this test)");
    assert!(
        output.status.success(),
        "gofmt failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let unformatted = String::from_utf8_lossy(&output.stdout);
    assert!(
        unformatted.trim().is_empty(),
        "the templates printed Go that gofmt would change (see `gofmt -d`):\n{unformatted}"
    );
}
