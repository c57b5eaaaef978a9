//! The `uniffi-bindgen-go` command line.

use std::process::ExitCode;

use camino::Utf8PathBuf;
use clap::Parser;
use uniffi_bindgen_go::{generate, GenerateOptions};

/// Generate a cgo Go package from a Rust crate built with uniffi.
///
/// SOURCE is either a UDL file (UDL mode: the crate is the one whose Cargo.toml sits above the
/// file) or a built library such as target/release/libtimer.so (library mode: the uniffi
/// metadata of every crate in the library is read from its symbols, and crate sources are found
/// with `cargo metadata` from the current directory).
///
/// Each crate becomes one Go package in OUT_DIR/<package>/: <namespace>.go and <namespace>.h.
#[derive(Parser)]
#[command(version = concat!(env!("CARGO_PKG_VERSION"), " (uniffi 0.32)"), about, long_about)]
struct Cli {
    /// A .udl file, or a cdylib/staticlib built with uniffi.
    source: Utf8PathBuf,
    /// Directory to write the packages into.
    #[arg(long, short = 'o', default_value = ".")]
    out_dir: Utf8PathBuf,
    /// A uniffi.toml-style file whose [bindings.go] settings override each crate's uniffi.toml.
    #[arg(long, short = 'c')]
    config: Option<Utf8PathBuf>,
    /// Only generate the package of this crate.
    #[arg(long = "crate")]
    crate_name: Option<String>,
    /// Do not run gofmt on the generated files.
    #[arg(long)]
    no_format: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let options = GenerateOptions {
        source: cli.source,
        out_dir: cli.out_dir,
        config: cli.config,
        crate_filter: cli.crate_name,
        format: !cli.no_format,
    };
    match generate(&options) {
        Ok(files) => {
            for file in files {
                println!("wrote {file}");
            }
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}
