//! Where connections come from: one inherited socket, or a listening Unix socket.

use std::os::fd::FromRawFd;
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::Path;

use anyhow::{bail, Context, Result};

use crate::host::{serve_connection, Host};

/// Serves the one connected socket inherited as `fd`, and returns when it closes (the parent
/// closing its end, or exiting, closes it).
pub fn serve_fd(host: &'static Host, fd: i32) -> Result<()> {
    let mut stat: libc::stat = unsafe { std::mem::zeroed() };
    if unsafe { libc::fstat(fd, &mut stat) } != 0 {
        bail!(
            "--fd {fd}: not an open file descriptor: {}",
            std::io::Error::last_os_error()
        );
    }
    if stat.st_mode & libc::S_IFMT != libc::S_IFSOCK {
        bail!("--fd {fd}: not a socket");
    }
    unsafe { libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC) };
    let stream = unsafe { UnixStream::from_raw_fd(fd) };
    let reason = serve_connection(host, stream);
    if reason != "closed" {
        eprintln!("uniffi-go-host: connection dropped: {reason}");
    }
    Ok(())
}

/// Checks that only the current user can open sockets in `dir`.
pub fn check_private_dir(dir: &Path) -> Result<()> {
    let meta = std::fs::metadata(dir)
        .with_context(|| format!("{}: cannot read the socket's directory", dir.display()))?;
    let uid = unsafe { libc::geteuid() };
    if !meta.is_dir() {
        bail!("{}: not a directory", dir.display());
    }
    let mode = meta.mode() & 0o7777;
    if meta.uid() != uid || mode & 0o077 != 0 {
        bail!(
            "{}: the socket's directory must belong to the user running the host (uid {uid}) and be closed to group and others (mode 0700); it belongs to uid {} and has mode {mode:04o}",
            dir.display(),
            meta.uid()
        );
    }
    Ok(())
}

/// Listens on a Unix socket at `path` and serves each client on its own thread.
pub fn serve_unix(host: &'static Host, path: &Path) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    check_private_dir(dir)?;
    if let Ok(meta) = std::fs::symlink_metadata(path) {
        if !meta.file_type().is_socket() {
            bail!("{}: exists and is not a socket", path.display());
        }
        if UnixStream::connect(path).is_ok() {
            bail!("{}: another host is listening there", path.display());
        }
        // A socket nobody listens on is left over from a host that ended.
        std::fs::remove_file(path)
            .with_context(|| format!("{}: cannot remove the stale socket", path.display()))?;
    }
    let listener =
        UnixListener::bind(path).with_context(|| format!("{}: cannot listen", path.display()))?;
    for stream in listener.incoming() {
        let stream = match stream {
            Ok(s) => s,
            Err(err) => {
                eprintln!("uniffi-go-host: accept: {err}");
                continue;
            }
        };
        let spawned = std::thread::Builder::new()
            .name("uniffi-go-host connection".into())
            .spawn(move || {
                let reason = serve_connection(host, stream);
                if reason != "closed" {
                    eprintln!("uniffi-go-host: connection dropped: {reason}");
                }
            });
        if let Err(err) = spawned {
            eprintln!("uniffi-go-host: cannot start a connection thread: {err}");
        }
    }
    Ok(())
}

/// Sends every frame read from the inherited socket `fd` back unchanged, until it closes.
pub fn echo_fd(fd: i32) -> Result<()> {
    use std::io::{Read, Write};
    let mut stat: libc::stat = unsafe { std::mem::zeroed() };
    if unsafe { libc::fstat(fd, &mut stat) } != 0 || stat.st_mode & libc::S_IFMT != libc::S_IFSOCK {
        bail!("--fd {fd}: not a socket");
    }
    let mut stream = unsafe { UnixStream::from_raw_fd(fd) };
    let mut frame = Vec::new();
    loop {
        let mut len = [0u8; 4];
        if stream.read_exact(&mut len).is_err() {
            return Ok(());
        }
        if u32::from_be_bytes(len) > crate::DEFAULT_MAX_FRAME {
            bail!("echo: a frame over the size limit");
        }
        frame.clear();
        frame.extend_from_slice(&len);
        frame.resize(4 + u32::from_be_bytes(len) as usize, 0);
        if stream.read_exact(&mut frame[4..]).is_err() || stream.write_all(&frame).is_err() {
            return Ok(());
        }
    }
}
