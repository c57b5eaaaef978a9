//! The generic host of the out-of-process mode: loads any uniffi 0.32 cdylib and serves its
//! functions, methods, constructors, futures and callbacks over a socket (Unix, or TCP with TLS
//! and client certificates), with the protocol of docs/remote.md.
//!
//! The host knows no library in advance. It reads the library's uniffi interface as the
//! generator's library mode does, builds a table of every C function's signature, and calls
//! them with libffi; vtables for callbacks are libffi closures.

mod callbacks;
mod ffi;
mod host;
mod library;
mod nested;
mod pool;
mod reading;
mod server;
mod tls;
mod wire;

pub use host::{serve_connection, Host};
pub use library::{Library, CONTRACT_VERSION};
pub use server::{check_private_dir, echo_fd, serve_fd, serve_unix};
pub use tls::{serve_tls, tls_config};
pub use wire::{DEFAULT_MAX_FRAME, PROTOCOL_VERSION};
