//! The paragraph of the package comment that says how the package links the Rust library.

use crate::config::{GoConfig, LinkMode};

/// The lines about linking `lib<link>`. `library_dir` is relative to the package here, so
/// the comment names no directory of the machine that generated it.
pub fn package_doc(config: &GoConfig, link: &str) -> Vec<String> {
    let dir = config.library_dir.as_deref();
    let lines: Vec<String> = match (config.link_mode(), dir) {
        (LinkMode::Static, Some(dir)) => vec![
            format!("Linking: the static library lib{link}.a is linked into the program, from"),
            format!("{dir} (relative to this package's directory). Nothing is needed at run time."),
        ],
        (LinkMode::Static, None) => vec![
            format!("Linking: the static library lib{link}.a is linked into the program, from"),
            "the directories in CGO_LDFLAGS (-L). Nothing is needed at run time.".into(),
        ],
        (LinkMode::Dynamic, Some(dir)) => vec![
            format!("Linking: the package links lib{link}.so from {dir} (relative to this package's"),
            "directory), and records that directory as the run-time search path, so plain go".into(),
            "build and go run work.".into(),
        ],
        (LinkMode::Dynamic, None) => [
            "Linking: the package links against the library with `-l{link}`. Point cgo at the",
            "directory holding lib{link}.so (or .dylib/.a) before building, and tell the dynamic loader",
            "where to find it when running, for example:",
            "",
            "\tCGO_LDFLAGS=\"-L/path/to/target/release\" go build",
            "\tLD_LIBRARY_PATH=/path/to/target/release ./program",
        ]
        .iter()
        .map(|l| l.replace("{link}", link))
        .collect(),
        (LinkMode::None, _) => vec![
            format!("Linking: the flags that link lib{link} come from CGO_LDFLAGS, or from the"),
            "package's _link.go file when the package is part of a module written by".into(),
            "uniffi-bindgen-go module, which carries the library for each platform.".into(),
        ],
    };
    lines
}
