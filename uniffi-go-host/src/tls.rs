//! TCP, only with TLS 1.3 and a client certificate: the host has no other way to serve TCP.
//!
//! Each accepted connection gets a thread of its own that makes the TLS handshake (within a
//! deadline, so a client that connects and sends nothing holds up no one and is dropped) and then
//! pumps bytes between the TLS session and one end of a Unix socket pair. The other end is served
//! by `serve_connection` exactly as a Unix client is, so the frame limits, the write timeout and the
//! freeing of what a connection owns need nothing of their own for TLS (docs/architecture.md).

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::os::fd::AsRawFd;
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context, Result};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::{NoServerSessionStorage, WebPkiClientVerifier};
use rustls::{RootCertStore, ServerConfig, ServerConnection};

use crate::host::{serve_connection, Host};

/// What the pump reads from either side at a time.
const CHUNK: usize = 64 * 1024;

/// The TLS configuration of `serve_tls`: the host's certificate chain and key, TLS 1.3 only, and
/// a client certificate signed by one of the CAs in `client_ca` required of every client.
pub fn tls_config(cert: &Path, key: &Path, client_ca: &Path) -> Result<Arc<ServerConfig>> {
    // rustls deprecates the ring provider for lacking the hybrid post-quantum key exchange; it
    // is kept for a build that needs only a C compiler (docs/architecture.md, "TLS").
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let chain = read_certs(cert, "--cert")?;
    let key = PrivateKeyDer::from_pem_file(key)
        .map_err(|e| anyhow!("--key {}: no private key in PEM: {e}", key.display()))?;
    let mut roots = RootCertStore::empty();
    for ca in read_certs(client_ca, "--client-ca")? {
        roots
            .add(ca)
            .with_context(|| format!("--client-ca {}", client_ca.display()))?;
    }
    let verifier = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider.clone())
        .build()
        .with_context(|| format!("--client-ca {}", client_ca.display()))?;
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_protocol_versions(&[&rustls::version::TLS13])
        .context("TLS 1.3 with the ring provider")?
        .with_client_cert_verifier(verifier)
        .with_single_cert(chain, key)
        .with_context(|| format!("--cert {} with its --key", cert.display()))?;
    // No resumption: a connection lasts as long as its client, and every connection shows its
    // client certificate anew.
    config.session_storage = Arc::new(NoServerSessionStorage {});
    config.send_tls13_tickets = 0;
    Ok(Arc::new(config))
}

fn read_certs(path: &Path, flag: &str) -> Result<Vec<CertificateDer<'static>>> {
    let certs = CertificateDer::pem_file_iter(path)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .map_err(|e| anyhow!("{flag} {}: {e}", path.display()))?;
    if certs.is_empty() {
        bail!("{flag} {}: no PEM certificate in the file", path.display());
    }
    Ok(certs)
}

/// Listens on the TCP address `addr` and serves each client that completes a TLS handshake with
/// a certificate `config` accepts, each on its own threads. Prints the address it listens on
/// (`tls://ADDR:PORT`) on stdout, so that a caller that asked for port 0 learns the port.
pub fn serve_tls(
    host: &'static Host,
    addr: &str,
    config: Arc<ServerConfig>,
    handshake_timeout: Duration,
) -> Result<()> {
    let listener =
        TcpListener::bind(addr).with_context(|| format!("--tls-listen {addr}: cannot listen"))?;
    let local = listener.local_addr()?;
    // A closed stdout is no reason not to serve.
    let mut out = io::stdout();
    let _ = writeln!(out, "uniffi-go-host: listening on tls://{local}").and_then(|()| out.flush());
    for stream in listener.incoming() {
        let tcp = match stream {
            Ok(s) => s,
            Err(err) => {
                eprintln!("uniffi-go-host: accept: {err}");
                // Out of descriptors, say: give the connections that end a moment to free some.
                std::thread::sleep(Duration::from_millis(10));
                continue;
            }
        };
        let config = config.clone();
        let spawned = std::thread::Builder::new()
            .name("uniffi-go-host tls".into())
            .spawn(move || serve_tls_connection(host, config, tcp, handshake_timeout));
        if let Err(err) = spawned {
            eprintln!("uniffi-go-host: cannot start a connection thread: {err}");
        }
    }
    Ok(())
}

fn serve_tls_connection(
    host: &'static Host,
    config: Arc<ServerConfig>,
    tcp: TcpStream,
    handshake_timeout: Duration,
) {
    let peer = tcp
        .peer_addr()
        .map(|a| a.to_string())
        .unwrap_or_else(|_| "a TCP client".to_string());
    let mut pump = match Pump::new(config, tcp, host.write_timeout) {
        Ok(p) => p,
        Err(err) => return eprintln!("uniffi-go-host: {peer}: {err}"),
    };
    if let Err(err) = pump.handshake(Instant::now() + handshake_timeout) {
        eprintln!("uniffi-go-host: {peer}: TLS handshake failed: {err}");
        return pump.linger(Duration::from_secs(2));
    }
    let (ours, theirs) = match UnixStream::pair().and_then(|(a, b)| {
        a.set_nonblocking(true)?;
        Ok((a, b))
    }) {
        Ok(pair) => pair,
        Err(err) => return eprintln!("uniffi-go-host: {peer}: socket pair: {err}"),
    };
    let served = std::thread::Builder::new()
        .name("uniffi-go-host connection".into())
        .spawn(move || serve_connection(host, theirs));
    let served = match served {
        Ok(t) => t,
        Err(err) => return eprintln!("uniffi-go-host: cannot start a connection thread: {err}"),
    };
    let pumped = pump.run(&ours);
    // Whichever side ended first, the other ends too: the host side sees the end of its stream.
    let _ = ours.shutdown(Shutdown::Both);
    let reason = served
        .join()
        .unwrap_or_else(|_| "its thread panicked".to_string());
    if reason != "closed" {
        eprintln!("uniffi-go-host: {peer}: connection dropped: {reason}");
    } else if let Err(err) = pumped {
        eprintln!("uniffi-go-host: {peer}: connection dropped: {err}");
    }
}

/// One TLS session over a non-blocking TCP socket.
struct Pump {
    tls: ServerConnection,
    tcp: TcpStream,
    write_timeout: Duration,
    /// When TLS last had nothing left to write or the socket last took some of it.
    last_progress: Instant,
}

impl Pump {
    fn new(config: Arc<ServerConfig>, tcp: TcpStream, write_timeout: Duration) -> Result<Pump> {
        let mut tls = ServerConnection::new(config)?;
        // Bounded by the pump instead: it reads from the host only when TLS has sent everything.
        tls.set_buffer_limit(None);
        tcp.set_nonblocking(true)?;
        // Frames are small requests and answers; waiting to fill a segment only adds latency.
        tcp.set_nodelay(true)?;
        keepalive(&tcp);
        Ok(Pump {
            tls,
            tcp,
            write_timeout,
            last_progress: Instant::now(),
        })
    }

    /// Writes what TLS has for the client, as far as the socket takes it without waiting.
    /// Whether all of it went.
    fn flush(&mut self) -> Result<bool, String> {
        while self.tls.wants_write() {
            match self.tls.write_tls(&mut self.tcp) {
                Ok(_) => self.last_progress = Instant::now(),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(false),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(format!("write: {e}")),
            }
        }
        self.last_progress = Instant::now();
        Ok(true)
    }

    /// Reads what the socket holds into TLS and processes it. False at the end of the stream.
    fn receive(&mut self) -> Result<bool, String> {
        let more = match self.tls.read_tls(&mut self.tcp) {
            Ok(0) => false,
            Ok(_) => true,
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::Interrupted
                ) =>
            {
                return Ok(true)
            }
            Err(e) => return Err(format!("read: {e}")),
        };
        if let Err(e) = self.tls.process_new_packets() {
            // Tell the client why with TLS's alert, if the socket takes it at once.
            let _ = self.flush();
            return Err(e.to_string());
        }
        Ok(more)
    }

    /// Makes the TLS handshake, which verifies the client's certificate, by `deadline`.
    fn handshake(&mut self, deadline: Instant) -> Result<(), String> {
        while self.tls.is_handshaking() {
            let flushed = self.flush()?;
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err("not complete within the handshake timeout".to_string());
            }
            let mut events = 0;
            if self.tls.wants_read() {
                events |= libc::POLLIN;
            }
            if !flushed {
                events |= libc::POLLOUT;
            }
            let [tcp] = poll([(self.tcp.as_raw_fd(), events)], Some(left))?;
            if tcp & (libc::POLLIN | libc::POLLHUP | libc::POLLERR) != 0 && !self.receive()? {
                return Err("the client closed the connection".to_string());
            }
        }
        Ok(())
    }

    /// After a refused handshake: lets TLS's alert, which tells the client why, reach it before
    /// the socket closes. Closing with unread data from the client would reset the connection,
    /// and a reset can make the client drop the alert unread.
    fn linger(&mut self, limit: Duration) {
        let deadline = Instant::now() + limit;
        let mut shut = false;
        let mut buf = [0u8; 4096];
        loop {
            let Ok(flushed) = self.flush() else { return };
            if flushed && !shut {
                let _ = self.tcp.shutdown(Shutdown::Write);
                shut = true;
            }
            match (&self.tcp).read(&mut buf) {
                Ok(0) => return,
                Ok(_) => continue,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(_) => return,
            }
            let left = deadline.saturating_duration_since(Instant::now());
            let events = if flushed {
                libc::POLLIN
            } else {
                libc::POLLIN | libc::POLLOUT
            };
            if left.is_zero() || poll([(self.tcp.as_raw_fd(), events)], Some(left)).is_err() {
                return;
            }
        }
    }

    /// Moves bytes both ways between the client and `host_end` until one side ends.
    fn run(&mut self, host_end: &UnixStream) -> Result<(), String> {
        let mut host = host_end;
        let mut buf = vec![0u8; CHUNK];
        // Plaintext from the client that the host side has not taken yet.
        let mut to_host = Vec::with_capacity(CHUNK);
        let mut sent = 0;
        let mut client_done = false;
        loop {
            // Client → host: as much as the host side takes.
            while !client_done {
                if sent == to_host.len() {
                    to_host.clear();
                    sent = 0;
                    match self.tls.reader().read(&mut buf) {
                        Ok(0) => client_done = true,
                        Ok(n) => to_host.extend_from_slice(&buf[..n]),
                        Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                        // The TCP stream ended without TLS's close_notify: an end all the same.
                        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => client_done = true,
                        Err(e) => return Err(format!("read: {e}")),
                    }
                    if client_done {
                        // The host side reads to the end and closes the connection.
                        let _ = host_end.shutdown(Shutdown::Write);
                        break;
                    }
                }
                match host.write(&to_host[sent..]) {
                    Ok(n) => sent += n,
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    // The host side dropped the connection; it says why.
                    Err(_) => return Ok(()),
                }
            }

            // Host → client: read from the host side only once TLS has sent everything, so a
            // client that stops reading stops the host's writes too, and the host's write
            // timeout drops it as it drops a Unix client.
            let mut flushed = self.flush()?;
            while flushed {
                match host.read(&mut buf) {
                    Ok(0) => {
                        self.tls.send_close_notify();
                        let _ = self.flush();
                        return Ok(());
                    }
                    Ok(n) => self
                        .tls
                        .writer()
                        .write_all(&buf[..n])
                        .map_err(|e| format!("TLS: {e}"))?,
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(_) => return Ok(()),
                }
                flushed = self.flush()?;
            }

            // Wait for whichever side can move next.
            let read_client = !client_done && sent == to_host.len() && self.tls.wants_read();
            let mut tcp_events = 0;
            if read_client {
                tcp_events |= libc::POLLIN;
            }
            if !flushed {
                tcp_events |= libc::POLLOUT;
            }
            let mut host_events = 0;
            if sent < to_host.len() {
                host_events |= libc::POLLOUT;
            }
            if flushed {
                host_events |= libc::POLLIN;
            }
            let timeout = if flushed {
                None
            } else {
                let stalled = self.last_progress.elapsed();
                if stalled >= self.write_timeout {
                    return Err(format!(
                        "the client took no data for {} s",
                        self.write_timeout.as_secs()
                    ));
                }
                Some(self.write_timeout - stalled)
            };
            let [tcp, host_ready] = poll(
                [
                    (self.tcp.as_raw_fd(), tcp_events),
                    (host_end.as_raw_fd(), host_events),
                ],
                timeout,
            )?;
            let broken = libc::POLLHUP | libc::POLLERR;
            if read_client && tcp & (libc::POLLIN | broken) != 0 {
                self.receive()?;
            } else if tcp & broken != 0 {
                return Err("the client's connection broke".to_string());
            }
            if host_events & libc::POLLIN == 0 && host_ready & broken != 0 {
                // The host side dropped the connection; it says why.
                return Ok(());
            }
        }
    }
}

/// Waits until one of `fds` is ready for its events or `timeout` passes; their returned events.
fn poll<const N: usize>(
    fds: [(i32, libc::c_short); N],
    timeout: Option<Duration>,
) -> Result<[libc::c_short; N], String> {
    let mut pollfds = fds.map(|(fd, events)| libc::pollfd {
        fd,
        events,
        revents: 0,
    });
    // Rounded up, so that a wait for a deadline does not end just before it, again and again.
    let ms = timeout.map_or(-1, |d| {
        d.as_micros().div_ceil(1000).min(i32::MAX as u128) as i32
    });
    loop {
        let n = unsafe { libc::poll(pollfds.as_mut_ptr(), N as libc::nfds_t, ms) };
        if n >= 0 {
            return Ok(pollfds.map(|p| p.revents));
        }
        let err = io::Error::last_os_error();
        if err.kind() != io::ErrorKind::Interrupted {
            return Err(format!("poll: {err}"));
        }
    }
}

/// Turns on TCP keepalive, so that a client whose machine vanished without closing its
/// connection is noticed in about a minute (Linux) and its objects freed, not after hours.
fn keepalive(tcp: &TcpStream) {
    let fd = tcp.as_raw_fd();
    let set = |level: libc::c_int, name: libc::c_int, value: libc::c_int| unsafe {
        libc::setsockopt(
            fd,
            level,
            name,
            &value as *const libc::c_int as *const libc::c_void,
            std::mem::size_of::<libc::c_int>() as libc::socklen_t,
        )
    };
    set(libc::SOL_SOCKET, libc::SO_KEEPALIVE, 1);
    #[cfg(target_os = "linux")]
    {
        set(libc::IPPROTO_TCP, libc::TCP_KEEPIDLE, 30);
        set(libc::IPPROTO_TCP, libc::TCP_KEEPINTVL, 10);
        set(libc::IPPROTO_TCP, libc::TCP_KEEPCNT, 3);
    }
}
