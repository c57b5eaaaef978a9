//! Load-time checks: a Go package generated for one build of a library, run against another
//! build whose API differs, refuses every call with an error naming what changed, instead of
//! calling functions whose signatures it gets wrong.
//!
//! The fixture `testing/fixtures/drift` is built twice, with and without its `changed` feature
//! (which changes the signature of `drifting`). Needs `go` with cgo on PATH; skipped otherwise.
//! Linux only: it picks the library at run time with LD_LIBRARY_PATH and LD_PRELOAD.
#![cfg(target_os = "linux")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const LIB: &str = "libuniffi_drift.so";

const MAIN_GO: &str = r#"package main

import (
	"errors"
	"fmt"

	"drifttest/drift"
)

func main() {
	v, err := drift.Stable(1)
	var internal *drift.InternalError
	switch {
	case err == nil:
		fmt.Printf("ok %d\n", v)
	case errors.As(err, &internal):
		fmt.Printf("InternalError: %v\n", err)
	default:
		fmt.Printf("other error %T: %v\n", err, err)
	}
}
"#;

fn output_text(out: &Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn run_ok(cmd: &mut Command) -> Output {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        output_text(&out)
    );
    out
}

/// The target directory the test binaries were built into, so the fixture reuses its
/// dependencies (only the fixture itself compiles).
fn target_dir() -> PathBuf {
    let exe = Path::new(env!("CARGO_BIN_EXE_uniffi-bindgen-go"));
    exe.parent().and_then(Path::parent).unwrap().to_path_buf()
}

/// Builds the fixture (debug) and copies the library to `dest`, since both builds write the
/// same path.
fn build_fixture(features: &[&str], dest: &Path) -> PathBuf {
    let manifest =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../testing/fixtures/drift/Cargo.toml");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let target = target_dir();
    let mut cmd = Command::new(cargo);
    cmd.arg("build")
        .arg("--quiet")
        .arg("--manifest-path")
        .arg(&manifest)
        .arg("--target-dir")
        .arg(&target);
    for f in features {
        cmd.args(["--features", f]);
    }
    run_ok(&mut cmd);
    std::fs::create_dir_all(dest).unwrap();
    let lib = dest.join(LIB);
    std::fs::copy(target.join("debug").join(LIB), &lib).unwrap();
    lib
}

fn go_available() -> bool {
    Command::new("go")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn go(dir: &Path) -> Command {
    let mut cmd = Command::new("go");
    cmd.current_dir(dir)
        .env("GOTOOLCHAIN", "local")
        .env("GOWORK", "off")
        .env("GOFLAGS", "-mod=mod")
        .env("CGO_ENABLED", "1");
    cmd
}

/// Runs the Go program with the library found in `lib_dir` (and `preload`, if any, first).
fn run_program(program: &Path, lib_dir: &Path, preload: Option<&Path>) -> String {
    let mut cmd = Command::new(program);
    cmd.env("LD_LIBRARY_PATH", lib_dir);
    if let Some(p) = preload {
        cmd.env("LD_PRELOAD", p);
    }
    // A clean exit matters as much as the message: no crash, no Go panic.
    let out = run_ok(&mut cmd);
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn bindings_refuse_a_library_built_differently() {
    if !go_available() {
        eprintln!("skipped: `go` is not on PATH (the load-time checks need a Go toolchain)");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let generated_for = tmp.path().join("changed");
    let other = tmp.path().join("default");
    let module = tmp.path().join("module");

    // Bindings for the build with `changed`...
    let lib = build_fixture(&["changed"], &generated_for);
    run_ok(
        Command::new(env!("CARGO_BIN_EXE_uniffi-bindgen-go"))
            .arg(&lib)
            .arg("--out-dir")
            .arg(&module),
    );
    // ...and the build without it, whose `drifting` takes other arguments.
    build_fixture(&[], &other);

    std::fs::write(module.join("go.mod"), "module drifttest\n\ngo 1.24\n").unwrap();
    std::fs::write(module.join("main.go"), MAIN_GO).unwrap();
    let program = tmp.path().join("drifttest");
    run_ok(
        go(&module)
            .env("CGO_LDFLAGS", format!("-L{}", generated_for.display()))
            .args(["build", "-o"])
            .arg(&program)
            .arg("."),
    );

    // The matching library works: the check itself is not what fails.
    assert_eq!(run_program(&program, &generated_for, None), "ok 2\n");

    // The other build: the first call fails, naming the function whose signature changed.
    let text = run_program(&program, &other, None);
    assert!(text.starts_with("InternalError: "), "{text}");
    for expected in [
        "not the build these bindings were generated from",
        "function `drifting`",
        "uniffi_uniffi_drift_checksum_func_drifting",
    ] {
        assert!(text.contains(expected), "missing `{expected}` in: {text}");
    }
    // `stable` has the same signature in both builds, so it is not blamed.
    assert!(!text.contains("function `stable`"), "{text}");

    // A library from another uniffi release: the contract version is checked first. A shim
    // preloaded ahead of the library answers the contract-version query with 29.
    let shim_c = tmp.path().join("shim.c");
    std::fs::write(
        &shim_c,
        "unsigned int ffi_uniffi_drift_uniffi_contract_version(void) { return 29; }\n",
    )
    .unwrap();
    let cc = run_ok(go(&module).args(["env", "CC"]));
    let cc = String::from_utf8_lossy(&cc.stdout).trim().to_string();
    let shim = tmp.path().join("libshim.so");
    run_ok(
        Command::new(if cc.is_empty() { "cc" } else { &cc })
            .args(["-shared", "-fPIC", "-o"])
            .arg(&shim)
            .arg(&shim_c),
    );
    let text = run_program(&program, &generated_for, Some(&shim));
    assert!(text.starts_with("InternalError: "), "{text}");
    assert!(
        text.contains("implements uniffi contract version 29, these bindings version 30"),
        "{text}"
    );
}
