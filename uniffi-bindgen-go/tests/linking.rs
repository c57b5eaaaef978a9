//! Where the generated code links the library from: `library_dir`, checked when generating and
//! written relative to the package, and the `module` command, which carries the archives.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const UDL: &str = "namespace demo {\n  string hello(string name);\n};\n";

/// A throwaway crate `demo` with its UDL file, and `lib/` holding an (empty) `libdemo.so` and
/// `libdemo.a`.
fn demo_crate() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("src")).unwrap();
    std::fs::create_dir_all(dir.path().join("lib")).unwrap();
    std::fs::write(
        dir.path().join("Cargo.toml"),
        "[package]\nname = \"demo\"\nversion = \"0.1.0\"\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("src/demo.udl"), UDL).unwrap();
    std::fs::write(dir.path().join("lib/libdemo.so"), b"").unwrap();
    // No real archive: strip cannot read it.
    std::fs::write(dir.path().join("lib/libdemo.a"), b"not an archive").unwrap();
    dir
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_uniffi-bindgen-go"))
        .args(args)
        .output()
        .unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Every file below `dir`.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// No text file below `dir` mentions `path`.
fn assert_never_named(dir: &Path, path: &Path) {
    for file in files(dir) {
        if let Ok(text) = std::fs::read_to_string(&file) {
            assert!(
                !text.contains(s(path)),
                "{} names {}",
                file.display(),
                path.display()
            );
        }
    }
}

fn config(dir: &Path, body: &str) -> PathBuf {
    let path = dir.join("go.toml");
    std::fs::write(&path, format!("[bindings.go]\n{body}\n")).unwrap();
    path
}

#[test]
fn an_absolute_library_dir_is_written_relative_to_the_package() {
    let krate = demo_crate();
    let lib = krate.path().join("lib");
    let cfg = config(krate.path(), &format!("library_dir = \"{}\"", s(&lib)));
    let out = krate.path().join("out/go");
    let udl = krate.path().join("src/demo.udl");
    let result = run(&[s(&udl), "--out-dir", s(&out), "--config", s(&cfg)]);
    assert!(result.status.success(), "{}", stderr(&result));
    let runtime = std::fs::read_to_string(out.join("demo/demo_runtime.go")).unwrap();
    assert!(
        runtime.contains(
            "#cgo LDFLAGS: -L${SRCDIR}/../../../lib -Wl,-rpath,${SRCDIR}/../../../lib -ldemo"
        ),
        "{runtime}"
    );
    let api = std::fs::read_to_string(out.join("demo/demo.go")).unwrap();
    assert!(
        api.contains("links libdemo.so from ../../../lib (relative to"),
        "{api}"
    );
    assert_never_named(&out, krate.path());
}

#[test]
fn a_relative_library_dir_is_kept_and_static_linking_names_the_archive() {
    let krate = demo_crate();
    let cfg = config(
        krate.path(),
        "library_dir = \"../../lib/\"\nlink_mode = \"static\"",
    );
    let out = krate.path().join("out");
    let udl = krate.path().join("src/demo.udl");
    let result = run(&[s(&udl), "--out-dir", s(&out), "--config", s(&cfg)]);
    assert!(result.status.success(), "{}", stderr(&result));
    let runtime = std::fs::read_to_string(out.join("demo/demo_runtime.go")).unwrap();
    assert!(
        runtime.contains("#cgo LDFLAGS: ${SRCDIR}/../../lib/libdemo.a "),
        "{runtime}"
    );
}

#[test]
fn a_missing_library_dir_stops_generation_naming_the_key_and_the_path() {
    let krate = demo_crate();
    let cfg = config(krate.path(), "library_dir = \"../../nowhere\"");
    let out = krate.path().join("out");
    let udl = krate.path().join("src/demo.udl");
    let result = run(&[s(&udl), "--out-dir", s(&out), "--config", s(&cfg)]);
    assert!(!result.status.success());
    let err = stderr(&result);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("library_dir = \"../../nowhere\""), "{err}");
    assert!(
        err.contains(&format!(
            "{}: no such directory",
            s(&krate.path().join("nowhere"))
        )) || err.contains("/nowhere: no such directory"),
        "{err}"
    );
    assert!(
        err.contains("starts at the generated package's directory"),
        "{err}"
    );
    assert!(files(&out).is_empty(), "wrote {:?}", files(&out));
}

#[test]
fn a_library_dir_without_the_library_stops_generation() {
    let krate = demo_crate();
    std::fs::create_dir(krate.path().join("empty")).unwrap();
    let cfg = config(
        krate.path(),
        "library_dir = \"../../empty\"\nlink_mode = \"static\"",
    );
    let out = krate.path().join("out");
    let udl = krate.path().join("src/demo.udl");
    let result = run(&[s(&udl), "--out-dir", s(&out), "--config", s(&cfg)]);
    assert!(!result.status.success());
    let err = stderr(&result);
    assert!(err.contains("library_dir = \"../../empty\""), "{err}");
    assert!(err.contains("holds none of libdemo.a"), "{err}");
}

/// The module of `demo` with a linux/amd64 archive (system libraries from rustc) and a
/// darwin/arm64 one (given).
fn write_demo_module(krate: &Path, out: &Path) -> Output {
    let udl = krate.join("src/demo.udl");
    let archive = krate.join("lib/libdemo.a");
    run(&[
        "module",
        s(&udl),
        "--module-path",
        "example.com/demo",
        "--archive",
        &format!("linux/amd64={}", s(&archive)),
        "--archive",
        &format!("darwin/arm64={}", s(&archive)),
        "--native-libs",
        "darwin/arm64=-framework CoreFoundation -lSystem",
        "--out-dir",
        s(out),
    ])
}

#[test]
fn the_module_carries_the_package_and_each_platforms_archive() {
    let krate = demo_crate();
    let out = krate.path().join("demo-go");
    let result = write_demo_module(krate.path(), &out);
    assert!(result.status.success(), "{}", stderr(&result));
    let names: Vec<String> = files(&out)
        .iter()
        .map(|p| p.strip_prefix(&out).unwrap().to_str().unwrap().to_string())
        .collect();
    assert_eq!(
        names,
        [
            "demo.go",
            "demo_link.go",
            "demo_remote.go",
            "demo_runtime.go",
            "demo_uniffi.h",
            "demo_unsupported.go",
            "go.mod",
            "lib/darwin_arm64/lib.go",
            "lib/darwin_arm64/libdemo.a",
            "lib/linux_amd64/lib.go",
            "lib/linux_amd64/libdemo.a",
        ]
    );
    let go_mod = std::fs::read_to_string(out.join("go.mod")).unwrap();
    assert!(go_mod.contains("module example.com/demo\n"), "{go_mod}");
    let link = std::fs::read_to_string(out.join("demo_link.go")).unwrap();
    assert!(
        link.contains("// #cgo linux,amd64 LDFLAGS: ${SRCDIR}/lib/linux_amd64/libdemo.a -l"),
        "{link}"
    );
    assert!(
        link.contains("// #cgo darwin,arm64 LDFLAGS: ${SRCDIR}/lib/darwin_arm64/libdemo.a -framework CoreFoundation -lSystem\n"),
        "{link}"
    );
    assert!(
        link.contains("\t_ \"example.com/demo/lib/linux_amd64\"\n"),
        "{link}"
    );
    // The remote transport needs no library: the link file is for cgo builds only.
    assert!(
        link.contains("//go:build cgo && !uniffi_remote\n"),
        "{link}"
    );
    let runtime = std::fs::read_to_string(out.join("demo_runtime.go")).unwrap();
    assert!(!runtime.contains("#cgo LDFLAGS"), "{runtime}");
    let unsupported = std::fs::read_to_string(out.join("demo_unsupported.go")).unwrap();
    assert!(
        unsupported.contains(
            "//go:build cgo && !uniffi_remote && !((linux && amd64) || (darwin && arm64))\n"
        ),
        "{unsupported}"
    );
    assert!(
        unsupported
            .contains("const _ = uniffiThisModuleHasALibraryOnlyFor_linux_amd64_or_darwin_arm64\n"),
        "{unsupported}"
    );
    let platform = std::fs::read_to_string(out.join("lib/linux_amd64/lib.go")).unwrap();
    assert!(platform.contains("package linuxamd64\n"), "{platform}");
    assert_never_named(&out, krate.path());

    let report = String::from_utf8_lossy(&result.stdout);
    assert!(
        report.contains("linux/amd64: lib/linux_amd64/libdemo.a"),
        "{report}"
    );
    // The archive is no real one: strip cannot read it, and the report says so.
    assert!(report.contains("not stripped"), "{report}");
    assert!(report.contains("module size: "), "{report}");

    // The templates print gofmt's layout themselves.
    let unformatted = krate.path().join("unformatted");
    let udl = krate.path().join("src/demo.udl");
    let archive = krate.path().join("lib/libdemo.a");
    let plain = run(&[
        "module",
        s(&udl),
        "--module-path",
        "example.com/demo",
        "--archive",
        &format!("linux/amd64={}", s(&archive)),
        "--out-dir",
        s(&unformatted),
        "--no-format",
    ]);
    assert!(plain.status.success(), "{}", stderr(&plain));
    if let Ok(gofmt) = Command::new("gofmt").arg("-l").arg(&unformatted).output() {
        assert!(
            gofmt.stdout.is_empty(),
            "not as gofmt prints them: {}",
            String::from_utf8_lossy(&gofmt.stdout)
        );
    }

    // Written again over itself: replaced.
    let again = write_demo_module(krate.path(), &out);
    assert!(again.status.success(), "{}", stderr(&again));
}

#[test]
fn the_module_refuses_a_directory_it_did_not_write() {
    let krate = demo_crate();
    let out = krate.path().join("mine");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("notes.txt"), "keep").unwrap();
    let result = write_demo_module(krate.path(), &out);
    assert!(!result.status.success());
    let err = stderr(&result);
    assert!(
        err.contains("not a module written by uniffi-bindgen-go"),
        "{err}"
    );
    assert_eq!(files(&out), [out.join("notes.txt")]);
}

#[test]
fn module_arguments_are_checked() {
    let krate = demo_crate();
    let udl = krate.path().join("src/demo.udl");
    let archive = krate.path().join("lib/libdemo.a");
    let out = krate.path().join("out");
    let cases: &[(&[&str], &str)] = &[
        (
            &["--archive", "plan9/386=x.a"],
            "unknown platform `plan9/386`",
        ),
        (&["--archive", "linux/amd64"], "expected PLATFORM=VALUE"),
        (&["--archive", "linux/amd64=missing.a"], "no such file"),
    ];
    for (extra, want) in cases {
        let mut args = vec![
            "module",
            s(&udl),
            "--module-path",
            "example.com/demo",
            "--out-dir",
            s(&out),
        ];
        args.extend_from_slice(extra);
        let result = run(&args);
        assert!(!result.status.success(), "{args:?}");
        assert!(
            stderr(&result).contains(want),
            "{args:?}: {}",
            stderr(&result)
        );
    }
    let linux = format!("linux/amd64={}", s(&archive));
    let result = run(&[
        "module",
        s(&udl),
        "--module-path",
        "demo",
        "--archive",
        &linux,
        "--out-dir",
        s(&out),
    ]);
    assert!(
        stderr(&result).contains("must be a domain name"),
        "{}",
        stderr(&result)
    );
    let result = run(&[
        "module",
        s(&udl),
        "--module-path",
        "example.com/demo",
        "--out-dir",
        s(&out),
    ]);
    assert!(stderr(&result).contains("--archive"), "{}", stderr(&result));
    assert!(!out.exists());
}

#[test]
fn static_linking_takes_the_system_libraries_from_rustc_or_from_native_libs() {
    let krate = demo_crate();
    let udl = krate.path().join("src/demo.udl");
    let out = krate.path().join("out");
    let cfg = config(
        krate.path(),
        "library_dir = \"../../lib\"\nlink_mode = \"static\"",
    );
    let result = run(&[s(&udl), "--out-dir", s(&out), "--config", s(&cfg)]);
    assert!(result.status.success(), "{}", stderr(&result));
    let runtime = std::fs::read_to_string(out.join("demo/demo_runtime.go")).unwrap();
    if cfg!(all(target_os = "linux", target_env = "gnu")) {
        assert!(runtime.contains("/libdemo.a -lgcc_s "), "{runtime}");
    }
    let cfg = config(
        krate.path(),
        "library_dir = \"../../lib\"\nlink_mode = \"static\"\nnative_libs = \"-lfoo -lc\"",
    );
    let result = run(&[s(&udl), "--out-dir", s(&out), "--config", s(&cfg)]);
    assert!(result.status.success(), "{}", stderr(&result));
    let runtime = std::fs::read_to_string(out.join("demo/demo_runtime.go")).unwrap();
    assert!(
        runtime.contains("#cgo LDFLAGS: ${SRCDIR}/../../lib/libdemo.a -lfoo -lc\n"),
        "{runtime}"
    );
}
