//! The `uniffi-bindgen-go` command line.

mod module_cmd;

use std::process::ExitCode;

use camino::{Utf8Path, Utf8PathBuf};
use clap::{Args, Parser, Subcommand};
use uniffi_bindgen_go::{generate, GenerateOptions};

/// Generate a cgo Go package from a Rust crate built with uniffi.
///
/// SOURCE is either a UDL file (UDL mode: the crate is the one whose Cargo.toml sits above the
/// file) or a built library such as target/release/libtimer.so (library mode: the uniffi
/// metadata of every crate in the library is read from its symbols, and crate sources are found
/// with `cargo metadata` from the current directory).
///
/// Each crate becomes one Go package in OUT_DIR/<package>/: <namespace>.go (the API),
/// <namespace>_runtime.go and <namespace>_uniffi.h.
///
/// `uniffi-bindgen-go module` writes a Go module that carries the package and the library's
/// static archives, for programs built with Go alone (see `uniffi-bindgen-go module --help`).
#[derive(Parser)]
#[command(version = concat!(env!("CARGO_PKG_VERSION"), " (uniffi 0.32)"), about, long_about)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    generate: GenerateArgs,
}

#[derive(Subcommand)]
enum Command {
    Module(module_cmd::ModuleArgs),
}

#[derive(Args)]
struct GenerateArgs {
    /// A .udl file, or a cdylib/staticlib built with uniffi.
    #[arg(required = true)]
    source: Option<Utf8PathBuf>,
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
    if let Some(Command::Module(args)) = cli.command {
        return module_cmd::run(args);
    }
    let cli = cli.generate;
    let options = GenerateOptions {
        source: cli.source.unwrap_or_default(),
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
            eprintln!("error: {}", error_line(&err, &options));
            ExitCode::FAILURE
        }
    }
}

/// The error as one line that starts with the file it is about: tools and people read the first
/// line of stderr, and editors jump to `file:line:`.
pub(crate) fn error_line(err: &anyhow::Error, options: &GenerateOptions) -> String {
    let mut line = String::new();
    for cause in err.chain() {
        // Some causes span lines (TOML snippets, cargo's output); others repeat their context.
        let text = cause.to_string();
        let text = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        if text.is_empty() || line.contains(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    // Errors about the interface as a whole (name collisions, unsupported types) name no file:
    // they are about the source.
    let known = [
        Some(&options.source),
        Some(&options.out_dir),
        options.config.as_ref(),
    ];
    let names_a_file = known
        .into_iter()
        .flatten()
        .any(|p| line.starts_with(&format!("{p}:")))
        || line
            .split(':')
            .next()
            .is_some_and(|first| Utf8Path::new(first).exists());
    if names_a_file {
        line
    } else {
        format!("{}: {line}", options.source)
    }
}
