//! The host against fixture libraries of this workspace, driven by a small client that speaks
//! docs/remote.md over a socket pair (the private child host), a Unix socket, or TCP with TLS.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::os::fd::AsRawFd;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::UnixStream;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

const HOST: &str = env!("CARGO_BIN_EXE_uniffi-go-host");

/// Builds a fixture cdylib of the workspace (once per test run) and returns its path.
fn fixture(name: &str) -> PathBuf {
    static BUILT: OnceLock<Mutex<Vec<String>>> = OnceLock::new();
    let built = BUILT.get_or_init(Default::default);
    let mut built = built.lock().unwrap();
    let target = std::env::current_exe()
        .unwrap()
        .parent()
        .unwrap()
        .parent()
        .unwrap()
        .to_path_buf();
    let crate_name = format!("uniffi_fixture_{name}");
    if !built.contains(&crate_name) {
        let status = Command::new(env!("CARGO"))
            .args(["build", "--quiet", "-p", &crate_name])
            .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
            .status()
            .unwrap();
        assert!(status.success(), "cargo build -p {crate_name} failed");
        built.push(crate_name.clone());
    }
    target.join(format!("lib{crate_name}.so"))
}

fn sym(ns: &str, rest: &str) -> String {
    format!("uniffi_uniffi_fixture_{ns}_fn_{rest}")
}

// --- encoding ---

fn bytes(b: &[u8]) -> Vec<u8> {
    let mut v = (b.len() as i32).to_be_bytes().to_vec();
    v.extend_from_slice(b);
    v
}

fn frame(kind: u8, id: u64, body: &[u8]) -> Vec<u8> {
    let mut v = ((9 + body.len()) as u32).to_be_bytes().to_vec();
    v.push(kind);
    v.extend_from_slice(&id.to_be_bytes());
    v.extend_from_slice(body);
    v
}

fn be_u64(b: &[u8]) -> u64 {
    u64::from_be_bytes(b[..8].try_into().unwrap())
}

/// A connection the test client speaks over.
trait Stream: Read + Write + Send {
    fn set_read_timeout(&self, timeout: Option<Duration>) -> std::io::Result<()>;
    fn shutdown(&self, how: std::net::Shutdown) -> std::io::Result<()>;
}

impl Stream for UnixStream {
    fn set_read_timeout(&self, timeout: Option<Duration>) -> std::io::Result<()> {
        UnixStream::set_read_timeout(self, timeout)
    }
    fn shutdown(&self, how: std::net::Shutdown) -> std::io::Result<()> {
        UnixStream::shutdown(self, how)
    }
}

struct Client {
    s: Box<dyn Stream>,
    names: Vec<String>,
    number: u16,
    next_id: u64,
    child: Option<Child>,
}

struct Msg {
    kind: u8,
    id: u64,
    body: Vec<u8>,
}

impl Client {
    /// Starts a private host on a socket pair, as the Go package does.
    fn spawn(library: &Path, names: &[String]) -> Client {
        let (ours, theirs) = UnixStream::pair().unwrap();
        let fd = theirs.as_raw_fd();
        let mut cmd = Command::new(HOST);
        cmd.args(["serve", "--library"])
            .arg(library)
            .args(["--fd", "3"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdin(Stdio::null());
        unsafe {
            cmd.pre_exec(move || {
                if libc::dup2(fd, 3) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = cmd.spawn().unwrap();
        drop(theirs);
        let mut c = Client::over(ours, names);
        c.child = Some(child);
        c
    }

    fn connect(path: &Path, names: &[String]) -> Client {
        Client::over(UnixStream::connect(path).unwrap(), names)
    }

    fn over(s: impl Stream + 'static, names: &[String]) -> Client {
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let mut c = Client {
            s: Box::new(s),
            names: names.to_vec(),
            number: 0,
            next_id: 1,
            child: None,
        };
        let mut body = 0x5547_4F52u32.to_be_bytes().to_vec();
        body.extend_from_slice(&1u16.to_be_bytes());
        body.extend(bytes(b"test client"));
        body.extend_from_slice(&(names.len() as u32).to_be_bytes());
        for n in names {
            body.extend(bytes(n.as_bytes()));
        }
        c.s.write_all(&frame(0x01, 0, &body)).unwrap();
        let m = c.recv().expect("HELLO answer");
        assert_eq!(
            m.kind,
            0x81,
            "HELLO refused: {}",
            String::from_utf8_lossy(&m.body)
        );
        assert_eq!(&m.body[..2], &1u16.to_be_bytes());
        c.number = u16::from_be_bytes([m.body[2], m.body[3]]);
        assert!(c.number >= 1);
        c
    }

    fn recv(&mut self) -> Option<Msg> {
        let mut len = [0u8; 4];
        self.s.read_exact(&mut len).ok()?;
        let mut payload = vec![0u8; u32::from_be_bytes(len) as usize];
        self.s.read_exact(&mut payload).ok()?;
        Some(Msg {
            kind: payload[0],
            id: be_u64(&payload[1..9]),
            body: payload[9..].to_vec(),
        })
    }

    fn index(&self, name: &str) -> u32 {
        self.names.iter().position(|n| n == name).unwrap() as u32
    }

    fn send_call(&mut self, name: &str, args: &[u8]) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        let mut body = self.index(name).to_be_bytes().to_vec();
        body.extend_from_slice(args);
        self.s.write_all(&frame(0x02, id, &body)).unwrap();
        id
    }

    /// A call and its RESULT: (status code, the rest of the body).
    fn call(&mut self, name: &str, args: &[u8]) -> (i8, Vec<u8>) {
        let id = self.send_call(name, args);
        let m = self.recv().expect("RESULT");
        assert_eq!((m.kind, m.id), (0x82, id));
        (m.body[0] as i8, m.body[1..].to_vec())
    }

    fn call_ok(&mut self, name: &str, args: &[u8]) -> Vec<u8> {
        let (code, body) = self.call(name, args);
        assert_eq!(code, 0, "{name}: {}", String::from_utf8_lossy(&body));
        body
    }

    /// Whether the host closed the connection (EOF) within the read timeout.
    fn closed_by_host(&mut self) -> bool {
        self.s
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let mut buf = [0u8; 64];
        loop {
            match self.s.read(&mut buf) {
                Ok(0) => return true,
                Ok(_) => continue,
                Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return true,
                Err(_) => return false,
            }
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.s.shutdown(std::net::Shutdown::Both);
        if let Some(child) = &mut self.child {
            let _ = child.wait();
        }
    }
}

/// A host listening on a Unix socket in a private temporary directory.
struct Listener {
    child: Child,
    path: PathBuf,
    _dir: tempfile::TempDir,
}

impl Listener {
    fn start(library: &Path) -> Listener {
        Listener::start_with(library, &[])
    }

    fn start_with(library: &Path, extra: &[&str]) -> Listener {
        let dir = tempfile::tempdir().unwrap();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
        let path = dir.path().join("host.sock");
        let child = Command::new(HOST)
            .args(["serve", "--library"])
            .arg(library)
            .arg("--unix")
            .arg(&path)
            .args(extra)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(60);
        while UnixStream::connect(&path).is_err() {
            assert!(
                Instant::now() < deadline,
                "the host did not start listening"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        Listener {
            child,
            path,
            _dir: dir,
        }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn roundtrip_names() -> Vec<String> {
    let ns = "roundtrip";
    vec![
        "ffi_uniffi_fixture_roundtrip_uniffi_contract_version".to_string(),
        sym(ns, "func_roundtrip_string"),
        sym(ns, "func_checked_add"),
        sym(ns, "func_panic_now"),
        sym(ns, "func_live_counters"),
        sym(ns, "constructor_counter_new"),
        sym(ns, "clone_counter"),
        sym(ns, "free_counter"),
        sym(ns, "method_counter_get"),
        sym(ns, "method_counter_increment"),
        sym(ns, "func_roundtrip_u8"),
        sym(ns, "func_sum_counters"),
        sym(ns, "func_counter_value"),
    ]
}

fn live_counters(c: &mut Client) -> u64 {
    be_u64(&c.call_ok(&sym("roundtrip", "func_live_counters"), &[]))
}

#[test]
fn sync_calls_errors_and_panics() {
    let names = roundtrip_names();
    let mut c = Client::spawn(&fixture("roundtrip"), &names);

    let version = c.call_ok("ffi_uniffi_fixture_roundtrip_uniffi_contract_version", &[]);
    assert_eq!(version, 30u32.to_be_bytes());

    let text = "héllo, wörld";
    let echoed = c.call_ok(
        &sym("roundtrip", "func_roundtrip_string"),
        &bytes(text.as_bytes()),
    );
    assert_eq!(echoed, bytes(text.as_bytes()));

    let big = "x".repeat(100_000);
    let echoed = c.call_ok(
        &sym("roundtrip", "func_roundtrip_string"),
        &bytes(big.as_bytes()),
    );
    assert_eq!(echoed, bytes(big.as_bytes()));

    assert_eq!(
        c.call_ok(&sym("roundtrip", "func_roundtrip_u8"), &[200]),
        [200]
    );

    let mut args = 2u64.to_be_bytes().to_vec();
    args.extend_from_slice(&3u64.to_be_bytes());
    assert_eq!(
        c.call_ok(&sym("roundtrip", "func_checked_add"), &args),
        5u64.to_be_bytes()
    );

    // A declared error: code 1 and the serialized error (a flat error: variant 1, then a message).
    let mut args = u64::MAX.to_be_bytes().to_vec();
    args.extend_from_slice(&1u64.to_be_bytes());
    let (code, body) = c.call(&sym("roundtrip", "func_checked_add"), &args);
    assert_eq!(code, 1);
    let error = &body[4..];
    assert_eq!(
        &error[..4],
        &1i32.to_be_bytes(),
        "IntegerOverflow is variant 1"
    );

    // A panic: code 2 and its message.
    let (code, body) = c.call(&sym("roundtrip", "func_panic_now"), &bytes(b"boom"));
    assert_eq!(code, 2);
    assert!(String::from_utf8_lossy(&body).contains("boom"));

    // The connection still serves after both.
    assert_eq!(c.call_ok(&sym("roundtrip", "func_roundtrip_u8"), &[7]), [7]);
}

#[test]
fn round_trip_time_of_a_no_argument_call() {
    let names = roundtrip_names();
    let mut c = Client::spawn(&fixture("roundtrip"), &names);
    let name = sym("roundtrip", "func_live_counters");
    for _ in 0..200 {
        c.call_ok(&name, &[]);
    }
    let n = 2000;
    let start = Instant::now();
    for _ in 0..n {
        c.call_ok(&name, &[]);
    }
    let per_call = start.elapsed() / n;
    eprintln!("round trip of a no-argument call over a socket pair: {per_call:?}");
    assert!(per_call < Duration::from_millis(5));
}

#[test]
fn refuses_unknown_functions_and_versions() {
    let (mut ours, theirs) = UnixStream::pair().unwrap();
    let fd = theirs.as_raw_fd();
    let mut cmd = Command::new(HOST);
    cmd.args(["serve", "--library"])
        .arg(fixture("roundtrip"))
        .args(["--fd", "3"])
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    unsafe {
        cmd.pre_exec(move || {
            libc::dup2(fd, 3);
            Ok(())
        });
    }
    let mut child = cmd.spawn().unwrap();
    drop(theirs);
    let mut body = 0x5547_4F52u32.to_be_bytes().to_vec();
    body.extend_from_slice(&1u16.to_be_bytes());
    body.extend(bytes(b"t"));
    body.extend_from_slice(&2u32.to_be_bytes());
    body.extend(bytes(sym("roundtrip", "func_roundtrip_u8").as_bytes()));
    body.extend(bytes(b"ffi_uniffi_fixture_roundtrip_rustbuffer_free"));
    ours.write_all(&frame(0x01, 0, &body)).unwrap();
    let mut all = Vec::new();
    ours.read_to_end(&mut all).unwrap();
    assert_eq!(all[4], 0xC1);
    assert!(String::from_utf8_lossy(&all).contains("rustbuffer_free"));
    assert!(child.wait().unwrap().success());
}

#[test]
fn objects_are_accounted_and_freed_with_their_connection() {
    let lib = fixture("roundtrip");
    let host = Listener::start(&lib);
    let names = roundtrip_names();
    let ns = "roundtrip";
    {
        let mut c = Client::connect(&host.path, &names);
        assert_eq!(live_counters(&mut c), 0);
        let h = be_u64(&c.call_ok(&sym(ns, "constructor_counter_new"), &5i64.to_be_bytes()));
        assert_ne!(h, 0);
        // A receiver is lent: no clone first; the host clones it for Rust and the client keeps it.
        assert_eq!(
            c.call_ok(&sym(ns, "method_counter_increment"), &h.to_be_bytes()),
            6i64.to_be_bytes()
        );
        // Rust's handles are pointers: a clone has the same value, and the host counts how many
        // references the client holds of each.
        let h2 = be_u64(&c.call_ok(&sym(ns, "clone_counter"), &h.to_be_bytes()));
        assert_eq!(h2, h);
        c.call_ok(&sym(ns, "free_counter"), &h2.to_be_bytes());
        assert_eq!(
            c.call_ok(&sym(ns, "method_counter_get"), &h.to_be_bytes()),
            6i64.to_be_bytes(),
            "one reference is still held after freeing the clone"
        );
        // A handle the connection never had is refused too, without reaching Rust.
        let (code, _) = c.call(
            &sym(ns, "method_counter_get"),
            &0x1234_5670u64.to_be_bytes(),
        );
        assert_eq!(code, 2);
        // Objects inside a buffer: a sequence of two counters, both handed over.
        let a = be_u64(&c.call_ok(&sym(ns, "clone_counter"), &h.to_be_bytes()));
        let b = be_u64(&c.call_ok(&sym(ns, "clone_counter"), &h.to_be_bytes()));
        let mut seq = 2i32.to_be_bytes().to_vec();
        seq.extend_from_slice(&a.to_be_bytes());
        seq.extend_from_slice(&b.to_be_bytes());
        assert_eq!(
            c.call_ok(&sym(ns, "func_sum_counters"), &bytes(&seq)),
            12i64.to_be_bytes()
        );
        let (code, _) = c.call(&sym(ns, "func_sum_counters"), &bytes(&seq));
        assert_eq!(code, 2, "the handles in the sequence were handed over");
        // A direct argument of an object only Rust implements is lent like a receiver.
        for _ in 0..2 {
            assert_eq!(
                c.call_ok(&sym(ns, "func_counter_value"), &h.to_be_bytes()),
                6i64.to_be_bytes()
            );
        }
        assert_eq!(live_counters(&mut c), 1, "the host's clones were consumed");
        // Freed through the API: crossed off, so using it again is refused by the host.
        c.call_ok(&sym(ns, "free_counter"), &h.to_be_bytes());
        assert_eq!(live_counters(&mut c), 0);
        let (code, body) = c.call(&sym(ns, "method_counter_get"), &h.to_be_bytes());
        assert_eq!(code, 2);
        assert!(String::from_utf8_lossy(&body).contains("holds no handle"));
        let (code, _) = c.call(&sym(ns, "func_counter_value"), &h.to_be_bytes());
        assert_eq!(code, 2);

        // Two more counters, one of them used, then the client goes away without freeing
        // anything.
        let k = be_u64(&c.call_ok(&sym(ns, "constructor_counter_new"), &1i64.to_be_bytes()));
        c.call_ok(&sym(ns, "constructor_counter_new"), &2i64.to_be_bytes());
        c.call_ok(&sym(ns, "method_counter_increment"), &k.to_be_bytes());
        assert_eq!(live_counters(&mut c), 2);
    }
    let mut c = Client::connect(&host.path, &names);
    let deadline = Instant::now() + Duration::from_secs(10);
    while live_counters(&mut c) != 0 {
        assert!(
            Instant::now() < deadline,
            "the closed connection's objects were not freed"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    // Freeing through the API crosses a handle off.
    let h = be_u64(&c.call_ok(&sym(ns, "constructor_counter_new"), &1i64.to_be_bytes()));
    c.call_ok(&sym(ns, "free_counter"), &h.to_be_bytes());
    assert_eq!(live_counters(&mut c), 0);
    let (code, _) = c.call(&sym(ns, "free_counter"), &h.to_be_bytes());
    assert_eq!(code, 2, "a second free is refused");
}

#[test]
fn lent_receivers_stay_held() {
    let names = roundtrip_names();
    let mut c = Client::spawn(&fixture("roundtrip"), &names);
    let ns = "roundtrip";
    let h = be_u64(&c.call_ok(&sym(ns, "constructor_counter_new"), &10i64.to_be_bytes()));
    // The same handle, lent twice in a row, without a clone from the client.
    assert_eq!(
        c.call_ok(&sym(ns, "method_counter_increment"), &h.to_be_bytes()),
        11i64.to_be_bytes()
    );
    assert_eq!(
        c.call_ok(&sym(ns, "method_counter_increment"), &h.to_be_bytes()),
        12i64.to_be_bytes()
    );
    assert_eq!(
        c.call_ok(&sym(ns, "method_counter_get"), &h.to_be_bytes()),
        12i64.to_be_bytes()
    );
    assert_eq!(live_counters(&mut c), 1);
    // The client's one reference is freed once, and that is the last.
    c.call_ok(&sym(ns, "free_counter"), &h.to_be_bytes());
    assert_eq!(live_counters(&mut c), 0);
    let (code, _) = c.call(&sym(ns, "method_counter_get"), &h.to_be_bytes());
    assert_eq!(code, 2);
}

#[test]
fn method_calls_on_handles_not_held_are_refused_before_rust() {
    let host = Listener::start(&fixture("roundtrip"));
    let names = roundtrip_names();
    let ns = "roundtrip";
    let mut owner = Client::connect(&host.path, &names);
    let mut other = Client::connect(&host.path, &names);
    let h = be_u64(&owner.call_ok(&sym(ns, "constructor_counter_new"), &5i64.to_be_bytes()));

    // A live handle of another connection: refused with code 2 for every use that lends it.
    for (name, args) in [
        ("method_counter_increment", h.to_be_bytes().to_vec()),
        ("method_counter_get", h.to_be_bytes().to_vec()),
        ("func_counter_value", h.to_be_bytes().to_vec()),
        ("clone_counter", h.to_be_bytes().to_vec()),
        ("free_counter", h.to_be_bytes().to_vec()),
    ] {
        let (code, body) = other.call(&sym(ns, name), &args);
        assert_eq!(code, 2, "{name}");
        assert!(
            String::from_utf8_lossy(&body).contains("holds no handle"),
            "{name}: {}",
            String::from_utf8_lossy(&body)
        );
    }
    // None of it reached Rust: the counter was not incremented, cloned (by the client or by the
    // host for a lent call) or freed.
    assert_eq!(
        owner.call_ok(&sym(ns, "method_counter_get"), &h.to_be_bytes()),
        5i64.to_be_bytes()
    );
    assert_eq!(live_counters(&mut owner), 1);
    // A value that is no handle at all: Rust would crash on it, the host refuses it and goes on.
    let (code, _) = other.call(
        &sym(ns, "method_counter_increment"),
        &0x1234_5670u64.to_be_bytes(),
    );
    assert_eq!(code, 2);
    assert_eq!(other.call_ok(&sym(ns, "func_roundtrip_u8"), &[3]), [3]);
    // A handle freed by its owner: refused before the freed pointer reaches Rust.
    owner.call_ok(&sym(ns, "free_counter"), &h.to_be_bytes());
    assert_eq!(live_counters(&mut owner), 0);
    let (code, _) = owner.call(&sym(ns, "method_counter_increment"), &h.to_be_bytes());
    assert_eq!(code, 2);
    assert_eq!(owner.call_ok(&sym(ns, "func_roundtrip_u8"), &[4]), [4]);
}

#[test]
fn bad_frames_drop_only_their_connection() {
    let host = Listener::start(&fixture("roundtrip"));
    let names = roundtrip_names();
    let mut good = Client::connect(&host.path, &names);

    // Garbage before any HELLO.
    let mut s = UnixStream::connect(&host.path).unwrap();
    s.write_all(&[0, 0, 0, 12, 0xEE, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
        .unwrap();
    let mut c = Client {
        s: Box::new(s),
        names: vec![],
        number: 0,
        next_id: 1,
        child: None,
    };
    assert!(c.closed_by_host());

    // An oversized frame after the handshake.
    let mut c = Client::connect(&host.path, &names);
    c.s.write_all(&u32::MAX.to_be_bytes()).unwrap();
    assert!(c.closed_by_host());

    // An unknown message type, a call to an unknown index, a truncated body.
    let mut c = Client::connect(&host.path, &names);
    c.s.write_all(&frame(0x7F, 1, &[])).unwrap();
    assert!(c.closed_by_host());
    let mut c = Client::connect(&host.path, &names);
    c.s.write_all(&frame(0x02, 1, &999u32.to_be_bytes()))
        .unwrap();
    assert!(c.closed_by_host());
    let mut c = Client::connect(&host.path, &names);
    let mut body = c
        .index(&sym("roundtrip", "func_checked_add"))
        .to_be_bytes()
        .to_vec();
    body.extend_from_slice(&[0, 0, 0]);
    c.s.write_all(&frame(0x02, 1, &body)).unwrap();
    assert!(c.closed_by_host());

    // A frame cut short by the client closing its side.
    let mut c = Client::connect(&host.path, &names);
    c.s.write_all(&[0, 0, 1, 0, 0x02, 0, 0]).unwrap();
    c.s.shutdown(std::net::Shutdown::Write).unwrap();
    assert!(c.closed_by_host());

    // The first client never noticed.
    assert_eq!(
        good.call_ok(&sym("roundtrip", "func_roundtrip_u8"), &[9]),
        [9]
    );
    assert_eq!(good.number, 1);
}

/// A client that stops reading while its answers pile up is dropped once a write to it blocks
/// for the write timeout; its objects are freed, and another client is served all along.
#[test]
fn a_slow_reader_is_dropped_and_others_are_served() {
    let host = Listener::start_with(&fixture("roundtrip"), &["--write-timeout", "1"]);
    let names = roundtrip_names();
    let mut other = Client::connect(&host.path, &names);
    let mut slow = Client::connect(&host.path, &names);
    let baseline = live_counters(&mut other);
    slow.call_ok(
        &sym("roundtrip", "constructor_counter_new"),
        &5i64.to_be_bytes(),
    );
    assert_eq!(live_counters(&mut other), baseline + 1);

    // 32 answers of 1 MiB each, none of them read: far beyond what the socket buffers hold.
    let big = vec![b'x'; 1 << 20];
    for _ in 0..32 {
        slow.send_call(&sym("roundtrip", "func_roundtrip_string"), &bytes(&big));
    }
    let start = Instant::now();
    while start.elapsed() < Duration::from_millis(500) {
        assert_eq!(
            other.call_ok(&sym("roundtrip", "func_roundtrip_u8"), &[7]),
            [7]
        );
    }
    // Dropped: the counter the slow client held is freed.
    let deadline = Instant::now() + Duration::from_secs(10);
    while live_counters(&mut other) != baseline {
        assert!(
            Instant::now() < deadline,
            "the slow client's objects were not freed"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(slow.closed_by_host());
    assert_eq!(
        other.call_ok(&sym("roundtrip", "func_roundtrip_u8"), &[8]),
        [8]
    );
}

#[test]
fn refuses_a_socket_directory_others_can_open() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = Command::new(HOST)
        .args(["serve", "--library", "/nonexistent.so", "--unix"])
        .arg(dir.path().join("s.sock"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&dir.path().display().to_string()), "{err}");
    assert!(err.contains("0755"), "{err}");
}

fn futures_names() -> Vec<String> {
    let ns = "futures";
    vec![
        sym(ns, "func_ready_u32"),
        sym(ns, "func_thread_sleep"),
        sym(ns, "func_live_futures"),
        sym(ns, "func_echo_string"),
        sym(ns, "func_check_limit"),
        sym(ns, "func_make_accumulator"),
        sym(ns, "method_accumulator_total"),
        sym(ns, "method_accumulator_add_after"),
        sym(ns, "free_accumulator"),
    ]
}

#[test]
fn async_calls_and_cancel() {
    let mut c = Client::spawn(&fixture("futures"), &futures_names());
    let ns = "futures";
    assert_eq!(
        c.call_ok(&sym(ns, "func_ready_u32"), &7u32.to_be_bytes()),
        7u32.to_be_bytes()
    );
    assert_eq!(
        c.call_ok(&sym(ns, "func_echo_string"), &bytes(b"async")),
        bytes(b"async")
    );
    assert_eq!(
        c.call_ok(&sym(ns, "func_thread_sleep"), &20u64.to_be_bytes()),
        20u64.to_be_bytes()
    );
    let mut args = 5u32.to_be_bytes().to_vec();
    args.extend_from_slice(&1u32.to_be_bytes());
    let (code, _) = c.call(&sym(ns, "func_check_limit"), &args);
    assert_eq!(code, 1);

    // An object from a future is counted for the connection like any other, and lent as the
    // receiver of sync and async methods alike.
    let acc = be_u64(&c.call_ok(&sym(ns, "func_make_accumulator"), &5i64.to_be_bytes()));
    assert_eq!(
        c.call_ok(&sym(ns, "method_accumulator_total"), &acc.to_be_bytes()),
        5i64.to_be_bytes()
    );
    let mut args = acc.to_be_bytes().to_vec();
    args.extend_from_slice(&3i64.to_be_bytes());
    args.extend_from_slice(&1u64.to_be_bytes());
    assert_eq!(
        c.call_ok(&sym(ns, "method_accumulator_add_after"), &args),
        8i64.to_be_bytes()
    );
    assert_eq!(
        c.call_ok(&sym(ns, "method_accumulator_total"), &acc.to_be_bytes()),
        8i64.to_be_bytes()
    );
    c.call_ok(&sym(ns, "free_accumulator"), &acc.to_be_bytes());
    let (code, _) = c.call(&sym(ns, "method_accumulator_total"), &acc.to_be_bytes());
    assert_eq!(code, 2, "the handle was freed");
    // An async method on a handle the connection does not hold is refused before any future.
    let (code, _) = c.call(&sym(ns, "method_accumulator_add_after"), &args);
    assert_eq!(code, 2);

    // A long sleep, cancelled: answered once, with code 3, long before it would end.
    let start = Instant::now();
    let id = c.send_call(&sym(ns, "func_thread_sleep"), &60_000u64.to_be_bytes());
    std::thread::sleep(Duration::from_millis(50));
    c.s.write_all(&frame(0x03, id, &[])).unwrap();
    let m = c.recv().unwrap();
    assert_eq!((m.kind, m.id, m.body[0]), (0x82, id, 3));
    assert!(start.elapsed() < Duration::from_secs(10));
    // A CANCEL for nothing in flight is ignored.
    c.s.write_all(&frame(0x03, 999, &[])).unwrap();
    wait_for_no_live_futures(&mut c);
}

fn wait_for_no_live_futures(c: &mut Client) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while be_u64(&c.call_ok(&sym("futures", "func_live_futures"), &[])) != 0 {
        assert!(
            Instant::now() < deadline,
            "a cancelled future was not dropped"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn cancel_before_the_future_started() {
    let mut c = Client::spawn(&fixture("futures"), &futures_names());
    // Without the cancellation the calls would take a minute: fail long before that.
    c.s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let name = sym("futures", "func_thread_sleep");
    let start = Instant::now();
    for _ in 0..20 {
        // The CALL and its CANCEL in one write: the host reads the CANCEL before any worker
        // has started (or polled) the future.
        let id = c.next_id;
        c.next_id += 1;
        let mut call = c.index(&name).to_be_bytes().to_vec();
        call.extend_from_slice(&60_000u64.to_be_bytes());
        let mut frames = frame(0x02, id, &call);
        frames.extend(frame(0x03, id, &[]));
        c.s.write_all(&frames).unwrap();
        let m = c.recv().expect("the cancelled call's RESULT");
        assert_eq!((m.kind, m.id), (0x82, id));
        assert_eq!(m.body, [3], "answered with code 3 and no body");
    }
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    // Answered once: the next RESULT is for the next call.
    assert_eq!(
        c.call_ok(&sym("futures", "func_ready_u32"), &1u32.to_be_bytes()),
        1u32.to_be_bytes()
    );
    wait_for_no_live_futures(&mut c);
}

fn callbacks_names() -> Vec<String> {
    let ns = "callbacks";
    vec![
        sym(ns, "init_callback_vtable_echoer"),
        sym(ns, "constructor_relay_new"),
        sym(ns, "clone_relay"),
        sym(ns, "free_relay"),
        sym(ns, "method_relay_echo_u8"),
        sym(ns, "method_relay_echo_string"),
        sym(ns, "func_live_relays"),
        sym(ns, "init_callback_vtable_host"),
        sym(ns, "func_host_add_i64"),
        sym(ns, "func_new_rust_greeter"),
        sym(ns, "func_greet_with"),
        sym(ns, "clone_greeter"),
        sym(ns, "method_greeter_greet"),
        sym(ns, "method_greeter_calls"),
        sym(ns, "func_new_rust_describer"),
        sym(ns, "func_describe_with"),
        sym(ns, "method_describer_describe"),
        sym(ns, "free_describer"),
    ]
}

/// A client that goes away while Rust waits for its answer to a callback, on the thread that
/// read the call: the wait fails and the host (serving that one socket) exits.
#[test]
fn a_client_gone_during_a_callback_ends_its_connection() {
    let names = callbacks_names();
    let mut c = Client::spawn(&fixture("callbacks"), &names);
    let ns = "callbacks";
    c.call_ok(&sym(ns, "init_callback_vtable_echoer"), &[]);
    let echoer = ((c.number as u64) << 48) | 1;
    let relay = be_u64(&c.call_ok(&sym(ns, "constructor_relay_new"), &echoer.to_be_bytes()));
    let mut args = relay.to_be_bytes().to_vec();
    args.push(7);
    c.send_call(&sym(ns, "method_relay_echo_u8"), &args);
    let cb = c.recv().unwrap();
    assert_eq!(cb.kind, 0x84);
    c.s.shutdown(std::net::Shutdown::Both).unwrap();
    let child = c.child.as_mut().unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "the host exited with {status}");
            break;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("the host still runs 10 s after its client left during a callback");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn sync_callbacks() {
    let names = callbacks_names();
    let mut c = Client::spawn(&fixture("callbacks"), &names);
    let ns = "callbacks";
    c.call_ok(&sym(ns, "init_callback_vtable_echoer"), &[]);
    let echoer = ((c.number as u64) << 48) | 1;
    let relay = be_u64(&c.call_ok(&sym(ns, "constructor_relay_new"), &echoer.to_be_bytes()));
    let init_index = c.index(&sym(ns, "init_callback_vtable_echoer"));

    // The relay is lent to each method call: the client keeps its one reference throughout.
    for (method, arg, answer) in [
        ("method_relay_echo_u8", vec![41u8], vec![42u8]),
        ("method_relay_echo_string", bytes(b"hi"), bytes(b"hi!")),
        ("method_relay_echo_u8", vec![1u8], vec![2u8]),
    ] {
        let mut args = relay.to_be_bytes().to_vec();
        args.extend_from_slice(&arg);
        let id = c.send_call(&sym(ns, method), &args);
        let cb = c.recv().unwrap();
        assert_eq!(cb.kind, 0x84);
        assert_eq!(&cb.body[..4], &init_index.to_be_bytes());
        let vtable_method = u16::from_be_bytes([cb.body[4], cb.body[5]]);
        assert!(vtable_method >= 2);
        assert_eq!(be_u64(&cb.body[6..]), echoer);
        assert_eq!(&cb.body[14..], &arg[..]);
        let mut reply = vec![0u8];
        reply.extend_from_slice(&answer);
        c.s.write_all(&frame(0x05, cb.id, &reply)).unwrap();
        let m = c.recv().unwrap();
        assert_eq!((m.kind, m.id, m.body[0]), (0x82, id, 0));
        assert_eq!(&m.body[1..], &answer[..]);
    }

    // Freeing the relay drops Rust's echoer: the client hears `free` (method 0) of its handle.
    let id = c.send_call(&sym(ns, "free_relay"), &relay.to_be_bytes());
    let mut freed = false;
    let mut answered = false;
    while !(freed && answered) {
        let m = c.recv().unwrap();
        match m.kind {
            0x84 => {
                assert_eq!(&m.body[4..6], &0u16.to_be_bytes());
                assert_eq!(be_u64(&m.body[6..]), echoer);
                freed = true;
            }
            0x82 => {
                assert_eq!((m.id, m.body[0]), (id, 0));
                answered = true;
            }
            other => panic!("unexpected message {other:#x}"),
        }
    }
    assert_eq!(
        be_u64(&c.call_ok(&sym(ns, "func_live_relays"), &[])),
        0,
        "freeing the client's one reference dropped the relay"
    );
}

#[test]
fn trait_arguments_are_lent_only_when_the_client_cannot_implement_them() {
    let names = callbacks_names();
    let mut c = Client::spawn(&fixture("callbacks"), &names);
    let ns = "callbacks";
    let greet_args = |g: u64, name: &str| {
        let mut args = g.to_be_bytes().to_vec();
        args.extend(bytes(name.as_bytes()));
        args
    };

    // Greeter may be implemented by the client: as a receiver its handle is lent, as an
    // argument it is handed over.
    let g = be_u64(&c.call_ok(&sym(ns, "func_new_rust_greeter"), &bytes(b"Hi")));
    for _ in 0..2 {
        assert_eq!(
            c.call_ok(&sym(ns, "method_greeter_greet"), &greet_args(g, "A")),
            bytes(b"Hi, A!")
        );
    }
    let g2 = be_u64(&c.call_ok(&sym(ns, "clone_greeter"), &g.to_be_bytes()));
    assert_eq!(
        c.call_ok(&sym(ns, "func_greet_with"), &greet_args(g2, "B")),
        bytes(b"Hi, B!")
    );
    assert_eq!(
        c.call_ok(&sym(ns, "method_greeter_calls"), &g.to_be_bytes()),
        3u32.to_be_bytes(),
        "one reference is left after handing over the clone"
    );
    assert_eq!(
        c.call_ok(&sym(ns, "func_greet_with"), &greet_args(g, "C")),
        bytes(b"Hi, C!")
    );
    let (code, body) = c.call(&sym(ns, "func_greet_with"), &greet_args(g, "D"));
    assert_eq!(code, 2, "the last reference was handed over");
    assert!(String::from_utf8_lossy(&body).contains("holds no handle"));
    let (code, _) = c.call(&sym(ns, "method_greeter_calls"), &g.to_be_bytes());
    assert_eq!(code, 2);

    // Describer is a trait only Rust implements: lent as an argument too.
    let d = be_u64(&c.call_ok(&sym(ns, "func_new_rust_describer"), &bytes(b"plain")));
    for _ in 0..2 {
        assert_eq!(
            c.call_ok(&sym(ns, "func_describe_with"), &d.to_be_bytes()),
            bytes(b"plain")
        );
    }
    assert_eq!(
        c.call_ok(&sym(ns, "method_describer_describe"), &d.to_be_bytes()),
        bytes(b"plain")
    );
    c.call_ok(&sym(ns, "free_describer"), &d.to_be_bytes());
    let (code, _) = c.call(&sym(ns, "func_describe_with"), &d.to_be_bytes());
    assert_eq!(code, 2, "freed");
}

#[test]
fn async_callbacks() {
    let names = callbacks_names();
    let mut c = Client::spawn(&fixture("callbacks"), &names);
    let ns = "callbacks";
    c.call_ok(&sym(ns, "init_callback_vtable_host"), &[]);
    let host = ((c.number as u64) << 48) | 3;
    let mut args = host.to_be_bytes().to_vec();
    args.extend_from_slice(&2i64.to_be_bytes());
    args.extend_from_slice(&40i64.to_be_bytes());
    let id = c.send_call(&sym(ns, "func_host_add_i64"), &args);
    let mut result = None;
    while result.is_none() {
        let m = c.recv().unwrap();
        match m.kind {
            0x84 => {
                let method = u16::from_be_bytes([m.body[4], m.body[5]]);
                if method == 0 {
                    continue;
                }
                assert_eq!(be_u64(&m.body[6..]), host);
                let a = i64::from_be_bytes(m.body[14..22].try_into().unwrap());
                let b = i64::from_be_bytes(m.body[22..30].try_into().unwrap());
                let mut reply = vec![0u8];
                reply.extend_from_slice(&(a + b).to_be_bytes());
                c.s.write_all(&frame(0x05, m.id, &reply)).unwrap();
            }
            0x82 => {
                assert_eq!(m.id, id);
                result = Some(m.body);
            }
            other => panic!("unexpected message {other:#x}"),
        }
    }
    let body = result.unwrap();
    assert_eq!(body[0], 0);
    assert_eq!(&body[1..], &42i64.to_be_bytes());
}

/// `v.Eq(v)`: the receiver and an argument are the same lent handle, and the client holds one
/// reference of it, which is all a lent handle needs.
#[test]
fn a_handle_lent_twice_in_one_call() {
    let ns = "types";
    let names = vec![
        sym(ns, "constructor_version_new"),
        sym(ns, "method_version_uniffi_trait_eq_eq"),
        sym(ns, "free_version"),
    ];
    let mut c = Client::spawn(&fixture("types"), &names);
    let mut args = 1u32.to_be_bytes().to_vec();
    args.extend_from_slice(&2u32.to_be_bytes());
    let v = be_u64(&c.call_ok(&sym(ns, "constructor_version_new"), &args));
    let mut args = v.to_be_bytes().to_vec();
    args.extend_from_slice(&v.to_be_bytes());
    assert_eq!(
        c.call_ok(&sym(ns, "method_version_uniffi_trait_eq_eq"), &args),
        [1]
    );
    c.call_ok(&sym(ns, "free_version"), &v.to_be_bytes());
}

// --- TCP with TLS and client certificates ---

/// Certificates made for one test: a CA that signs the host's certificate (localhost,
/// 127.0.0.1) and the certificate of a client the host serves, and another CA, unknown to the
/// host, with a client certificate of its own.
struct Pki {
    dir: tempfile::TempDir,
}

impl Pki {
    fn new() -> Pki {
        use rcgen::{
            BasicConstraints, CertificateParams, CertifiedIssuer, DnType, ExtendedKeyUsagePurpose,
            IsCa, KeyPair, KeyUsagePurpose,
        };
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, pem: String| std::fs::write(dir.path().join(name), pem).unwrap();
        let authority = |name: &str| {
            let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
            p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
            p.distinguished_name.push(DnType::CommonName, name);
            p.key_usages = vec![
                KeyUsagePurpose::KeyCertSign,
                KeyUsagePurpose::DigitalSignature,
            ];
            CertifiedIssuer::self_signed(p, KeyPair::generate().unwrap()).unwrap()
        };
        let leaf = |ca: &CertifiedIssuer<'_, KeyPair>,
                    name: &str,
                    sans: &[&str],
                    usage: ExtendedKeyUsagePurpose| {
            let sans: Vec<String> = sans.iter().map(|s| s.to_string()).collect();
            let mut p = CertificateParams::new(sans).unwrap();
            p.distinguished_name.push(DnType::CommonName, name);
            p.extended_key_usages = vec![usage];
            let key = KeyPair::generate().unwrap();
            let cert = p.signed_by(&key, ca).unwrap();
            write(&format!("{name}.pem"), cert.pem());
            write(&format!("{name}-key.pem"), key.serialize_pem());
        };
        let ca = authority("uniffi-go-host test CA");
        write("ca.pem", ca.pem());
        leaf(
            &ca,
            "server",
            &["localhost", "127.0.0.1"],
            ExtendedKeyUsagePurpose::ServerAuth,
        );
        leaf(&ca, "client", &[], ExtendedKeyUsagePurpose::ClientAuth);
        let other = authority("another CA");
        leaf(
            &other,
            "foreign-client",
            &[],
            ExtendedKeyUsagePurpose::ClientAuth,
        );
        Pki { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// A TLS client that trusts the CA and shows the certificate `client` (a name of `new`), or none.
    fn client_config(&self, client: Option<&str>) -> Arc<rustls::ClientConfig> {
        use rustls::pki_types::pem::PemObject;
        use rustls::pki_types::{CertificateDer, PrivateKeyDer};
        #[allow(deprecated)]
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut roots = rustls::RootCertStore::empty();
        roots
            .add(CertificateDer::from_pem_file(self.path("ca.pem")).unwrap())
            .unwrap();
        let builder = rustls::ClientConfig::builder_with_provider(provider)
            .with_protocol_versions(&[&rustls::version::TLS13])
            .unwrap()
            .with_root_certificates(roots);
        Arc::new(match client {
            None => builder.with_no_client_auth(),
            Some(name) => builder
                .with_client_auth_cert(
                    vec![CertificateDer::from_pem_file(self.path(&format!("{name}.pem"))).unwrap()],
                    PrivateKeyDer::from_pem_file(self.path(&format!("{name}-key.pem"))).unwrap(),
                )
                .unwrap(),
        })
    }
}

type TlsStream = rustls::StreamOwned<rustls::ClientConnection, TcpStream>;

impl Stream for TlsStream {
    fn set_read_timeout(&self, timeout: Option<Duration>) -> std::io::Result<()> {
        self.sock.set_read_timeout(timeout)
    }
    fn shutdown(&self, how: std::net::Shutdown) -> std::io::Result<()> {
        self.sock.shutdown(how)
    }
}

/// Connects to `addr` and makes the client's side of the TLS handshake. In TLS 1.3 that side
/// completes before the host has checked the client's certificate: a refusal shows on the first
/// read.
fn tls_connect(addr: SocketAddr, config: Arc<rustls::ClientConfig>) -> std::io::Result<TlsStream> {
    let name = rustls::pki_types::ServerName::try_from("localhost").unwrap();
    let mut tls = rustls::ClientConnection::new(config, name).map_err(std::io::Error::other)?;
    let mut tcp = TcpStream::connect(addr)?;
    tcp.set_read_timeout(Some(Duration::from_secs(10)))?;
    while tls.is_handshaking() {
        tls.complete_io(&mut tcp)?;
    }
    Ok(rustls::StreamOwned::new(tls, tcp))
}

/// What a TLS client the host must refuse gets for its HELLO: the error that ended it. It must
/// never see HELLO_OK.
fn refusal(connected: std::io::Result<TlsStream>) -> String {
    let mut s = match connected {
        Ok(s) => s,
        Err(e) => return e.to_string(),
    };
    let mut body = 0x5547_4F52u32.to_be_bytes().to_vec();
    body.extend_from_slice(&1u16.to_be_bytes());
    body.extend(bytes(b"refused client"));
    body.extend_from_slice(&0u32.to_be_bytes());
    if let Err(e) = s.write_all(&frame(0x01, 0, &body)).and_then(|()| s.flush()) {
        return e.to_string();
    }
    let mut got = Vec::new();
    match s.read_to_end(&mut got) {
        Ok(_) => {
            assert!(
                got.len() < 5 || got[4] != 0x81,
                "a refused client was answered HELLO_OK"
            );
            "closed".to_string()
        }
        Err(e) => e.to_string(),
    }
}

/// A host listening on TCP with TLS, with the certificates of `pki`. Its log is kept.
struct TlsHost {
    child: Child,
    addr: SocketAddr,
    log: Arc<Mutex<String>>,
}

impl TlsHost {
    fn start(library: &Path, pki: &Pki, extra: &[&str]) -> TlsHost {
        use std::io::BufRead;
        let mut child = Command::new(HOST)
            .args(["serve", "--library"])
            .arg(library)
            .args(["--tls-listen", "127.0.0.1:0", "--cert"])
            .arg(pki.path("server.pem"))
            .arg("--key")
            .arg(pki.path("server-key.pem"))
            .arg("--client-ca")
            .arg(pki.path("ca.pem"))
            .args(extra)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let log = Arc::new(Mutex::new(String::new()));
        let stderr = child.stderr.take().unwrap();
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stderr).lines() {
                let Ok(line) = line else { return };
                eprintln!("{line}");
                let mut log = sink.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .trim()
            .strip_prefix("uniffi-go-host: listening on tls://")
            .unwrap_or_else(|| panic!("the host did not say where it listens: {line:?}"))
            .parse()
            .unwrap();
        TlsHost { child, addr, log }
    }

    /// Waits until the host's log holds `text`.
    fn logged(&self, text: &str) -> bool {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if self.log.lock().unwrap().contains(text) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }
}

impl Drop for TlsHost {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A client with a certificate of the client CA is served like a Unix client; clients without
/// a certificate, with one of another CA, or speaking the protocol without TLS are refused
/// before any frame is read, each logged, and the good client never notices.
#[test]
fn tls_serves_only_clients_with_a_certificate_of_the_client_ca() {
    let pki = Pki::new();
    let host = TlsHost::start(&fixture("roundtrip"), &pki, &[]);
    let names = roundtrip_names();
    let ns = "roundtrip";
    let mut good = Client::over(
        tls_connect(host.addr, pki.client_config(Some("client"))).unwrap(),
        &names,
    );
    assert_eq!(
        good.call_ok("ffi_uniffi_fixture_roundtrip_uniffi_contract_version", &[]),
        30u32.to_be_bytes()
    );
    // Larger than the pump's chunks and TLS's records, both ways.
    let big = "é".repeat(300_000);
    assert_eq!(
        good.call_ok(&sym(ns, "func_roundtrip_string"), &bytes(big.as_bytes())),
        bytes(big.as_bytes())
    );
    let h = be_u64(&good.call_ok(&sym(ns, "constructor_counter_new"), &5i64.to_be_bytes()));
    assert_eq!(
        good.call_ok(&sym(ns, "method_counter_increment"), &h.to_be_bytes()),
        6i64.to_be_bytes()
    );

    let no_cert = refusal(tls_connect(host.addr, pki.client_config(None)));
    assert!(no_cert.contains("CertificateRequired"), "{no_cert}");
    assert!(host.logged("TLS handshake failed"));
    assert_eq!(good.call_ok(&sym(ns, "func_roundtrip_u8"), &[1]), [1]);

    let foreign = refusal(tls_connect(
        host.addr,
        pki.client_config(Some("foreign-client")),
    ));
    assert!(foreign.contains("UnknownCA"), "{foreign}");
    assert!(host.logged("UnknownIssuer"));
    assert_eq!(good.call_ok(&sym(ns, "func_roundtrip_u8"), &[2]), [2]);

    // The protocol without TLS: the HELLO is not a TLS record, and no frame comes back.
    let mut plain = TcpStream::connect(host.addr).unwrap();
    plain
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut body = 0x5547_4F52u32.to_be_bytes().to_vec();
    body.extend_from_slice(&1u16.to_be_bytes());
    body.extend(bytes(b"plain client"));
    body.extend_from_slice(&1u32.to_be_bytes());
    body.extend(bytes(sym(ns, "func_roundtrip_u8").as_bytes()));
    plain.write_all(&frame(0x01, 0, &body)).unwrap();
    let mut got = Vec::new();
    let _ = plain.read_to_end(&mut got);
    assert!(
        got.len() < 5 || got[4] != 0x81,
        "a plain TCP client was answered HELLO_OK"
    );
    // At most TLS's alert, a record of type 21.
    assert!(got.is_empty() || got[0] == 21, "{got:?}");

    assert_eq!(
        good.call_ok(&sym(ns, "method_counter_get"), &h.to_be_bytes()),
        6i64.to_be_bytes()
    );
    assert_eq!(good.number, 1, "refused clients never got a connection");
}

/// The TLS handshake runs on the connection's own thread: a client that connects and sends
/// nothing holds up no other client, and is dropped after the handshake timeout.
#[test]
fn a_silent_tcp_client_holds_up_no_one() {
    let pki = Pki::new();
    let host = TlsHost::start(&fixture("roundtrip"), &pki, &["--handshake-timeout", "5"]);
    let mut silent = TcpStream::connect(host.addr).unwrap();
    let connected = Instant::now();
    let mut good = Client::over(
        tls_connect(host.addr, pki.client_config(Some("client"))).unwrap(),
        &roundtrip_names(),
    );
    assert_eq!(
        good.call_ok(&sym("roundtrip", "func_roundtrip_u8"), &[3]),
        [3]
    );
    assert!(
        connected.elapsed() < Duration::from_secs(5),
        "the good client waited for the silent one"
    );
    silent
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut buf = [0u8; 16];
    assert!(matches!(silent.read(&mut buf), Ok(0)));
    assert!(connected.elapsed() >= Duration::from_secs(4));
    assert!(host.logged("handshake timeout"));
    assert_eq!(
        good.call_ok(&sym("roundtrip", "func_roundtrip_u8"), &[4]),
        [4]
    );
}

/// Over TLS too, a client that stops reading is dropped by the write timeout and its objects
/// freed, while another client is served.
#[test]
fn a_slow_tls_reader_is_dropped_and_others_are_served() {
    let pki = Pki::new();
    let host = TlsHost::start(&fixture("roundtrip"), &pki, &["--write-timeout", "1"]);
    let names = roundtrip_names();
    let connect = || {
        Client::over(
            tls_connect(host.addr, pki.client_config(Some("client"))).unwrap(),
            &names,
        )
    };
    let mut other = connect();
    let mut slow = connect();
    let baseline = live_counters(&mut other);
    slow.call_ok(
        &sym("roundtrip", "constructor_counter_new"),
        &5i64.to_be_bytes(),
    );
    assert_eq!(live_counters(&mut other), baseline + 1);
    let big = vec![b'x'; 1 << 20];
    for _ in 0..32 {
        slow.send_call(&sym("roundtrip", "func_roundtrip_string"), &bytes(&big));
    }
    let deadline = Instant::now() + Duration::from_secs(15);
    while live_counters(&mut other) != baseline {
        assert!(
            Instant::now() < deadline,
            "the slow client's objects were not freed"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(
        other.call_ok(&sym("roundtrip", "func_roundtrip_u8"), &[8]),
        [8]
    );
}

#[test]
fn tcp_without_a_client_ca_is_refused() {
    let out = Command::new(HOST)
        .args(["serve", "--library", "/nonexistent.so"])
        .args([
            "--tls-listen",
            "127.0.0.1:0",
            "--cert",
            "c.pem",
            "--key",
            "k.pem",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--client-ca"), "{err}");
}
