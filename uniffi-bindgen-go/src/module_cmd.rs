//! `uniffi-bindgen-go module`: the command line of `write_module`, and its report.

use std::collections::BTreeMap;
use std::process::ExitCode;

use camino::Utf8PathBuf;
use clap::Args;
use uniffi_bindgen_go::{
    platform_and_value, write_module, GenerateOptions, ModuleOptions, ModuleReport, Platform,
    PlatformArchive,
};

/// Write a Go module that others can `go get` and build with Go and a C compiler alone.
///
/// OUT_DIR becomes the module: go.mod, the generated package at its root, and for each
/// --archive a folder lib/<goos>_<goarch>/ holding the static library (stripped of debug
/// information and LLVM bitcode), linked with `#cgo <goos>,<goarch> LDFLAGS` lines that point
/// inside the module (${SRCDIR}). The system libraries each platform needs come from
/// `rustc --print native-static-libs` for its Rust target, or from --native-libs.
///
/// Platforms: linux/amd64, linux/arm64, darwin/amd64, darwin/arm64, windows/amd64 and
/// windows/arm64 (Rust targets x86_64-unknown-linux-gnu, aarch64-unknown-linux-gnu,
/// x86_64-apple-darwin, aarch64-apple-darwin, x86_64-pc-windows-gnu,
/// aarch64-pc-windows-gnullvm).
///
/// Example: uniffi-bindgen-go module target/release/libtimer.so --module-path example.com/timer
/// --archive linux/amd64=target/release/libtimer.a --out-dir timer-go
#[derive(Args)]
#[command(long_about)]
pub struct ModuleArgs {
    /// A .udl file, or a library built with uniffi (cdylib or staticlib), to read the interface from.
    source: Utf8PathBuf,
    /// The Go module path, e.g. example.com/timer (the package is imported by this path).
    #[arg(long, value_name = "PATH")]
    module_path: String,
    /// A static library (crate-type "staticlib") for a platform: GOOS/GOARCH=FILE. Repeat it
    /// for each platform.
    #[arg(long = "archive", value_name = "PLATFORM=FILE", required = true)]
    archives: Vec<String>,
    /// Link flags for the system libraries of a platform, instead of asking rustc:
    /// GOOS/GOARCH=FLAGS, e.g. darwin/arm64="-framework CoreFoundation -liconv -lSystem -lc -lm".
    /// Needed for a platform whose Rust target is not installed here, and for crates that link
    /// native libraries of their own.
    #[arg(long = "native-libs", value_name = "PLATFORM=FLAGS")]
    native_libs: Vec<String>,
    /// The directory that becomes the module (replaced if it holds a module written before).
    #[arg(long, short = 'o', value_name = "DIR")]
    out_dir: Utf8PathBuf,
    /// A uniffi.toml-style file whose [bindings.go] settings override the crate's uniffi.toml.
    #[arg(long, short = 'c')]
    config: Option<Utf8PathBuf>,
    /// The crate whose package the module carries, when the library holds several.
    #[arg(long = "crate")]
    crate_name: Option<String>,
    /// Copy the archives as they are.
    #[arg(long)]
    no_strip: bool,
    /// Do not run gofmt on the generated files.
    #[arg(long)]
    no_format: bool,
}

pub fn run(args: ModuleArgs) -> ExitCode {
    let for_errors = GenerateOptions {
        source: args.source.clone(),
        out_dir: args.out_dir.clone(),
        config: args.config.clone(),
        ..GenerateOptions::default()
    };
    let result = options(args).and_then(|o| write_module(&o));
    match result {
        Ok(report) => {
            print!("{}", describe(&report));
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {}", crate::error_line(&err, &for_errors));
            ExitCode::FAILURE
        }
    }
}

fn options(args: ModuleArgs) -> anyhow::Result<ModuleOptions> {
    let mut archives = Vec::new();
    for arg in &args.archives {
        let (platform, path) = platform_and_value(arg, "--archive")?;
        archives.push(PlatformArchive {
            platform,
            path: path.into(),
        });
    }
    let mut native_libs: BTreeMap<Platform, String> = BTreeMap::new();
    for arg in &args.native_libs {
        let (platform, flags) = platform_and_value(arg, "--native-libs")?;
        native_libs.insert(platform, flags);
    }
    Ok(ModuleOptions {
        source: args.source,
        module_path: args.module_path,
        out_dir: args.out_dir,
        archives,
        native_libs,
        config: args.config,
        crate_filter: args.crate_name,
        strip: !args.no_strip,
        format: !args.no_format,
    })
}

fn describe(report: &ModuleReport) -> String {
    let mut text = format!(
        "wrote module {} (package {})\n",
        report.out_dir, report.package_name
    );
    for a in &report.archives {
        let size = match &a.not_stripped {
            None => format!(
                "{}, stripped from {}",
                mib(a.written_size),
                mib(a.original_size)
            ),
            Some(why) => format!("{}, not stripped: {why}", mib(a.written_size)),
        };
        text.push_str(&format!(
            "  {}: {} ({size}); links {}\n",
            a.platform, a.path, a.native_libs
        ));
    }
    text.push_str(&format!("module size: {}\n", mib(report.module_size)));
    text
}

fn mib(bytes: u64) -> String {
    if bytes < 1024 * 1024 {
        format!("{:.1} KiB", bytes as f64 / 1024.0)
    } else {
        format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
    }
}
