//! `uniffi-go-host`: serves a uniffi library to the remote mode of generated Go packages.

use std::path::PathBuf;

use anyhow::{Context, Result};
use camino::Utf8PathBuf;
use clap::{Args, Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "uniffi-go-host",
    version,
    about = "Serves any uniffi 0.32 library to remote clients (the out-of-process mode of uniffi-bindgen-go)",
    long_about = "Serves any uniffi 0.32 library to remote clients (the out-of-process mode of uniffi-bindgen-go).\n\n\
The host loads the library, reads its uniffi interface as the generator's library mode does \
(a library built from UDL needs its crate sources, found with `cargo metadata` from the current \
directory), and answers calls over a socket with the protocol of docs/remote.md."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Load a library and serve it.
    Serve(ServeArgs),
    /// Send every frame read from an inherited socket straight back: the bare socket round trip
    /// that the remote benchmarks compare calls with.
    Echo(EchoArgs),
}

#[derive(Args)]
struct EchoArgs {
    /// The connected socket inherited as this file descriptor.
    #[arg(long, value_name = "N")]
    fd: i32,
}

#[derive(Args)]
#[command(group(clap::ArgGroup::new("transport").required(true).args(["fd", "unix", "tls_listen"])))]
struct ServeArgs {
    /// The uniffi cdylib to serve.
    #[arg(long, value_name = "PATH")]
    library: Utf8PathBuf,
    /// Serve the one connected socket inherited as this file descriptor, and exit when it closes
    /// (how a Go package starts a private host for its own process).
    #[arg(long, value_name = "N")]
    fd: Option<i32>,
    /// Listen on a Unix socket at this path. Its directory must belong to you and be closed to
    /// everyone else (mode 0700).
    #[arg(long, value_name = "PATH")]
    unix: Option<PathBuf>,
    /// Listen on this TCP address (HOST:PORT; port 0 picks a free port) and serve it only over
    /// TLS 1.3 to clients whose certificate --client-ca signed. Prints the address it listens on
    /// (`uniffi-go-host: listening on tls://ADDR:PORT`) on stdout.
    #[arg(long, value_name = "ADDR:PORT", requires_all = ["cert", "key", "client_ca"])]
    tls_listen: Option<String>,
    /// For --tls-listen: the host's certificate, then any intermediate CAs (PEM).
    #[arg(long, value_name = "PEM", requires = "tls_listen")]
    cert: Option<PathBuf>,
    /// For --tls-listen: the private key of --cert (PEM: PKCS#8, PKCS#1 or SEC1).
    #[arg(long, value_name = "PEM", requires = "tls_listen")]
    key: Option<PathBuf>,
    /// For --tls-listen: the CA certificates (PEM) that sign the certificates of the clients it
    /// serves. A client without such a certificate is refused in the TLS handshake.
    #[arg(long, value_name = "PEM", requires = "tls_listen")]
    client_ca: Option<PathBuf>,
    /// For --tls-listen: drop a client that has not completed the TLS handshake in this long.
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = 10,
        requires = "tls_listen"
    )]
    handshake_timeout: u64,
    /// The largest frame the host accepts, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = uniffi_go_host::DEFAULT_MAX_FRAME)]
    max_frame: u32,
    /// Drop a connection whose client stops reading: a write blocked this long ends it.
    #[arg(long, value_name = "SECONDS", default_value_t = 10)]
    write_timeout: u64,
}

fn main() {
    if let Err(err) = run() {
        eprintln!("uniffi-go-host: {err:#}");
        std::process::exit(1);
    }
}

fn run() -> Result<()> {
    let args = match Cli::parse().command {
        Command::Serve(args) => args,
        Command::Echo(args) => return uniffi_go_host::echo_fd(args.fd),
    };
    if let Some(path) = &args.unix {
        // Checked before the (slower) load, so a mistake shows at once.
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(std::path::Path::new("."));
        uniffi_go_host::check_private_dir(dir)?;
    }
    // Also before the load: a certificate, key or CA that cannot be used shows at once.
    let tls = match (&args.tls_listen, &args.cert, &args.key, &args.client_ca) {
        (Some(_), Some(cert), Some(key), Some(ca)) => {
            Some(uniffi_go_host::tls_config(cert, key, ca)?)
        }
        (Some(_), ..) => unreachable!("clap requires --cert, --key and --client-ca"),
        _ => None,
    };
    let library = uniffi_go_host::Library::load(&args.library)
        .with_context(|| format!("cannot serve {}", args.library))?;
    let host = uniffi_go_host::Host::new(
        library,
        args.max_frame,
        std::time::Duration::from_secs(args.write_timeout.max(1)),
    );
    match (args.fd, &args.unix, &args.tls_listen, tls) {
        (Some(fd), ..) => uniffi_go_host::serve_fd(host, fd),
        (None, Some(path), ..) => uniffi_go_host::serve_unix(host, path),
        (None, None, Some(addr), Some(config)) => uniffi_go_host::serve_tls(
            host,
            addr,
            config,
            std::time::Duration::from_secs(args.handshake_timeout.max(1)),
        ),
        _ => unreachable!("clap requires one transport"),
    }
}
