//! Connections: the handshake, the read loop, calls, futures and the objects a connection owns.

use std::collections::HashMap;
use std::io::{BufReader, Write};
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{mpsc, Arc, Mutex, OnceLock, Weak};
use std::time::Duration;

use libffi::middle::{Arg, CodePtr, Ret};
use uniffi_bindgen::interface::ffi::FfiType;

use crate::ffi::{decode, encode_scalar, Decoded, ForeignBytes, RustBuffer, RustCallStatus, Slot};
use crate::library::{FnKind, Library, Own};
use crate::pool::Pool;
use crate::reading::Reading;
use crate::wire::{self, read_frame, Frame, ProtocolError, Reader};

/// Connection numbers are 1..=MAX_CONN (15 bits of a client handle).
const MAX_CONN: u16 = 0x7FFF;
/// Host-chosen callIds stay below 2^48 so that a connection number fits above them.
const CALL_ID_MASK: u64 = (1 << 48) - 1;

pub struct Host {
    pub lib: Library,
    pub max_frame: u32,
    /// A write that blocks longer than this (a client that stopped reading) drops the connection.
    pub write_timeout: Duration,
    pub(crate) pool: Pool,
    conns: Mutex<Registry>,
    pub(crate) vtables: Vec<OnceLock<Result<(), String>>>,
    pub(crate) next_call_id: AtomicU64,
}

struct Registry {
    slots: Vec<Option<Weak<Conn>>>,
    next: u16,
}

impl Host {
    pub fn new(lib: Library, max_frame: u32, write_timeout: Duration) -> &'static Host {
        let vtables = (0..lib.vtables.len()).map(|_| OnceLock::new()).collect();
        Box::leak(Box::new(Host {
            lib,
            max_frame,
            write_timeout,
            pool: Pool::new(),
            conns: Mutex::new(Registry {
                slots: vec![None; MAX_CONN as usize + 1],
                next: 1,
            }),
            vtables,
            next_call_id: AtomicU64::new(1),
        }))
    }

    /// The connection a client handle names (bits 48–62), if it is still open.
    pub(crate) fn conn_for_handle(&self, handle: u64) -> Option<Arc<Conn>> {
        self.conn(((handle >> 48) & MAX_CONN as u64) as u16)
    }

    pub(crate) fn conn(&self, number: u16) -> Option<Arc<Conn>> {
        let reg = self.conns.lock().unwrap();
        reg.slots
            .get(number as usize)?
            .as_ref()?
            .upgrade()
            .filter(|c| c.alive.load(Ordering::Acquire))
    }

    /// A free connection number. Numbers are handed out in turn, so one is reused only after
    /// 32,767 others: a client handle that Rust still holds from a closed connection is not
    /// routed to a newer one in the meantime.
    fn register(&self, make: impl FnOnce(u16) -> Arc<Conn>) -> Option<Arc<Conn>> {
        let mut reg = self.conns.lock().unwrap();
        for _ in 0..MAX_CONN {
            let n = reg.next;
            reg.next = if n == MAX_CONN { 1 } else { n + 1 };
            let taken = reg.slots[n as usize]
                .as_ref()
                .is_some_and(|w| w.strong_count() > 0);
            if !taken {
                let conn = make(n);
                reg.slots[n as usize] = Some(Arc::downgrade(&conn));
                return Some(conn);
            }
        }
        None
    }

    fn unregister(&self, number: u16) {
        self.conns.lock().unwrap().slots[number as usize] = None;
    }

    pub(crate) fn new_call_id(&self) -> u64 {
        self.next_call_id.fetch_add(1, Ordering::Relaxed) & CALL_ID_MASK
    }
}

pub(crate) enum Answer {
    Frame(Vec<u8>),
    Gone,
}

pub(crate) enum PendingCallback {
    Sync(mpsc::Sender<Answer>),
    Async {
        complete: usize,
        data: u64,
        vtable: usize,
        method: usize,
    },
}

struct Objects {
    closed: bool,
    /// Handle → (how many references the client holds, object type).
    held: HashMap<u64, (u32, usize)>,
}

pub struct Conn {
    pub(crate) host: &'static Host,
    pub(crate) number: u16,
    stream: UnixStream,
    writer: Mutex<UnixStream>,
    /// The client's function indices → indices into `Library::functions`.
    names: Vec<usize>,
    /// `Library::functions` index of an init_callback_vtable function → the client's index.
    pub(crate) init_index: HashMap<usize, u32>,
    objects: Mutex<Objects>,
    futures: Mutex<HashMap<u64, Arc<FutureTask>>>,
    /// Async CALLs read but whose future has not started yet, and whether a CANCEL came for
    /// them meanwhile. Locked before `futures` where both are.
    starting: Mutex<HashMap<u64, bool>>,
    pub(crate) pending: Mutex<HashMap<u64, PendingCallback>>,
    pub(crate) alive: AtomicBool,
    /// The socket's read side and who reads it.
    pub(crate) reading: Reading,
}

/// Serves one connected socket until it closes or breaks the protocol. Returns the reason.
pub fn serve_connection(host: &'static Host, stream: UnixStream) -> String {
    match handshake_and_serve(host, stream) {
        Ok(()) => "closed".to_string(),
        Err(e) => e.0,
    }
}

fn handshake_and_serve(host: &'static Host, stream: UnixStream) -> Result<(), ProtocolError> {
    let read_half = stream
        .try_clone()
        .map_err(|e| ProtocolError(format!("socket: {e}")))?;
    let mut reader = BufReader::with_capacity(64 * 1024, read_half);
    let Some(hello) = read_frame(&mut reader, host.max_frame)? else {
        return Ok(());
    };
    let (kind, _) = wire::header(&hello);
    if kind != wire::HELLO {
        return wire::protocol_error(format!("expected HELLO, got message type {kind:#04x}"));
    }
    let mut r = Reader::new(&hello, 9);
    let magic = r.u32()?;
    if magic != wire::MAGIC {
        return wire::protocol_error("bad magic in HELLO");
    }
    let version = r.u16()?;
    let _client = r.string()?;
    let n = r.u32()?;
    let mut names = Vec::new();
    let mut refusal = None;
    for _ in 0..n {
        let name = r.string()?;
        match host.lib.by_name.get(&name) {
            Some(&i) if host.lib.functions[i].client_callable && refusal.is_none() => names.push(i),
            _ if refusal.is_none() => {
                refusal = Some(format!(
                    "{}: no function `{name}` with a known uniffi signature",
                    host.lib.path
                ))
            }
            _ => {}
        }
    }
    r.finish()?;
    if version != wire::PROTOCOL_VERSION {
        refusal = Some(format!(
            "protocol version {version} is not spoken by this host (it speaks {})",
            wire::PROTOCOL_VERSION
        ));
    }
    let mut writer = stream
        .try_clone()
        .map_err(|e| ProtocolError(format!("socket: {e}")))?;
    let _ = writer.set_write_timeout(Some(host.write_timeout));
    if let Some(message) = refusal {
        let mut f = Frame::new(wire::HELLO_ERR, 0);
        f.string(&message);
        let _ = writer.write_all(&f.finish());
        return wire::protocol_error(format!("refused: {message}"));
    }
    let mut init_index = HashMap::new();
    for (client_index, &fi) in names.iter().enumerate() {
        if let FnKind::InitVtable(_) = host.lib.functions[fi].kind {
            init_index.insert(fi, client_index as u32);
        }
    }
    let shutdown_handle = stream;
    let conn = host.register(|number| {
        Arc::new(Conn {
            host,
            number,
            stream: shutdown_handle,
            writer: Mutex::new(writer),
            names,
            init_index,
            objects: Mutex::new(Objects {
                closed: false,
                held: HashMap::new(),
            }),
            futures: Mutex::new(HashMap::new()),
            starting: Mutex::new(HashMap::new()),
            pending: Mutex::new(HashMap::new()),
            alive: AtomicBool::new(true),
            reading: Reading::new(reader),
        })
    });
    let Some(conn) = conn else {
        return wire::protocol_error("no free connection number");
    };
    let mut ok = Frame::new(wire::HELLO_OK, 0);
    ok.put(&wire::PROTOCOL_VERSION.to_be_bytes());
    ok.put(&conn.number.to_be_bytes());
    ok.put(&host.max_frame.to_be_bytes());
    conn.send(ok.finish());
    conn.clone().serve_reading();
    let outcome = conn.reading.wait_end();
    conn.close();
    outcome
}

/// What reading one frame gave.
pub(crate) enum Incoming {
    /// A CALL, to run.
    Call(ReadCall),
    /// A frame handled as it was read.
    Handled,
    /// The socket closed, or the connection ended.
    Closed,
}

/// A CALL read off the socket, to run.
pub(crate) struct ReadCall {
    pub(crate) id: u64,
    pub(crate) fi: usize,
    pub(crate) payload: Vec<u8>,
    pub(crate) args: Vec<Decoded>,
}

impl Conn {
    fn lib(&self) -> &'static Library {
        &self.host.lib
    }

    /// Handles the frames that need no call (CANCEL, CALLBACK_RESULT) up to the next CALL, which
    /// it returns; None when the connection closed or ended.
    pub(crate) fn read_until_call(
        &self,
        reader: &mut impl std::io::Read,
    ) -> Result<Option<ReadCall>, ProtocolError> {
        loop {
            match self.read_one(reader)? {
                Incoming::Call(call) => return Ok(Some(call)),
                Incoming::Handled => {}
                Incoming::Closed => return Ok(None),
            }
        }
    }

    /// Reads one frame and handles it, unless it is a CALL, which it returns to run.
    pub(crate) fn read_one(
        &self,
        reader: &mut impl std::io::Read,
    ) -> Result<Incoming, ProtocolError> {
        if !self.alive.load(Ordering::Acquire) {
            return Ok(Incoming::Closed);
        }
        let Some(payload) = read_frame(reader, self.host.max_frame)? else {
            return Ok(Incoming::Closed);
        };
        self.reading.note_progress();
        let (kind, id) = wire::header(&payload);
        match kind {
            wire::CALL => {
                let mut r = Reader::new(&payload, 9);
                let index = r.u32()? as usize;
                let Some(&fi) = self.names.get(index) else {
                    return wire::protocol_error(format!("CALL to unknown index {index}"));
                };
                let sig = &self.lib().functions[fi];
                let mut args = Vec::with_capacity(sig.args.len());
                if !matches!(sig.kind, FnKind::InitVtable(_)) {
                    for t in &sig.args {
                        args.push(decode(t, &mut r)?);
                    }
                }
                r.finish()?;
                if matches!(sig.kind, FnKind::Async(_)) {
                    self.starting.lock().unwrap().insert(id, false);
                }
                return Ok(Incoming::Call(ReadCall {
                    id,
                    fi,
                    payload,
                    args,
                }));
            }
            wire::CANCEL => {
                Reader::new(&payload, 9).finish()?;
                let task = {
                    let mut starting = self.starting.lock().unwrap();
                    let task = self.futures.lock().unwrap().get(&id).cloned();
                    if task.is_none() {
                        // Not started yet: cancelled as soon as it starts.
                        if let Some(cancelled) = starting.get_mut(&id) {
                            *cancelled = true;
                        }
                    }
                    task
                };
                if let Some(task) = task {
                    task.cancel();
                }
            }
            wire::CALLBACK_RESULT => {
                let pending = self.pending.lock().unwrap().remove(&id);
                match pending {
                    Some(PendingCallback::Sync(tx)) => {
                        let _ = tx.send(Answer::Frame(payload));
                    }
                    Some(PendingCallback::Async {
                        complete,
                        data,
                        vtable,
                        method,
                    }) => {
                        crate::callbacks::complete_async(
                            self, complete, data, vtable, method, &payload,
                        )?;
                    }
                    None => {}
                }
            }
            other => {
                return wire::protocol_error(format!("unknown message type {other:#04x}"));
            }
        }
        Ok(Incoming::Handled)
    }

    /// Sends a frame; a failed or timed-out write drops the connection.
    pub(crate) fn send(&self, frame: Vec<u8>) -> bool {
        let mut w = self.writer.lock().unwrap();
        if !self.alive.load(Ordering::Acquire) {
            return false;
        }
        if w.write_all(&frame).is_err() {
            drop(w);
            self.kill();
            return false;
        }
        true
    }

    /// Ends the connection: its read loop stops and `close` frees what it owned.
    pub(crate) fn kill(&self) {
        self.alive.store(false, Ordering::Release);
        let _ = self.stream.shutdown(std::net::Shutdown::Both);
    }

    /// Ends the connection at once and fails the callbacks waiting for its answers: this runs
    /// where the reading ends, since the thread that would otherwise `close` the connection may
    /// itself be a call waiting for a callback's answer.
    pub(crate) fn end(&self) {
        let pending: Vec<_> = {
            let mut pending = self.pending.lock().unwrap();
            // Under the lock `wait` checks it with: no callback is added after the drain.
            self.kill();
            pending.drain().collect()
        };
        for (_, p) in pending {
            match p {
                PendingCallback::Sync(tx) => {
                    let _ = tx.send(Answer::Gone);
                }
                PendingCallback::Async {
                    complete,
                    data,
                    vtable,
                    method,
                } => crate::callbacks::fail_async(self.host, complete, data, vtable, method),
            }
        }
    }

    fn close(self: &Arc<Self>) {
        self.end();
        self.host.unregister(self.number);
        let futures: Vec<_> = self.futures.lock().unwrap().drain().collect();
        for (_, task) in futures {
            task.cancel();
        }
        let held: Vec<_> = {
            let mut objects = self.objects.lock().unwrap();
            objects.closed = true;
            objects.held.drain().collect()
        };
        for (handle, (count, obj)) in held {
            for _ in 0..count {
                self.free_object(handle, obj);
            }
        }
    }

    fn free_object(&self, handle: u64, obj: usize) {
        let mut status = RustCallStatus::default();
        unsafe { (self.lib().objects[obj].free)(handle, &mut status) };
        if status.code != 0 {
            self.free_buffer(0, status.error_buf);
        }
    }

    pub(crate) fn free_buffer(&self, component: usize, buf: RustBuffer) {
        self.lib().free_buffer(component, buf)
    }

    pub(crate) fn new_buffer(&self, component: usize, bytes: &[u8]) -> Result<RustBuffer, String> {
        self.lib().new_buffer(component, bytes)
    }

    // --- the accounting of object handles ---

    /// The object handles a value holds, by its accounting.
    pub(crate) fn handles_in(
        &self,
        own: &Own,
        handle: u64,
        bytes: &[u8],
    ) -> Result<Vec<(u64, usize)>, String> {
        let lib = self.lib();
        let keep = |h: u64, obj: usize| !(lib.objects[obj].foreign && h & 1 == 1);
        match own {
            Own::No | Own::Lent(_) => Ok(Vec::new()),
            Own::Object(obj) => Ok(if keep(handle, *obj) {
                vec![(handle, *obj)]
            } else {
                Vec::new()
            }),
            Own::Nested(t) => {
                let mut found = Vec::new();
                crate::nested::visit_handles(t, bytes, &lib.cis, &mut |h, krate, name| {
                    if let Some(obj) = lib.object_of(krate, name) {
                        if keep(h, obj) {
                            found.push((h, obj));
                        }
                    }
                })
                .map_err(|()| "a buffer argument does not parse as its type".to_string())?;
                Ok(found)
            }
        }
    }

    /// Checks that the client holds these handles and, unless `borrow`, crosses them off.
    pub(crate) fn take(&self, items: &[(u64, usize)], borrow: bool) -> Result<(), String> {
        if items.is_empty() {
            return Ok(());
        }
        let mut objects = self.objects.lock().unwrap();
        let mut need: HashMap<u64, u32> = HashMap::new();
        for &(h, obj) in items {
            *need.entry(h).or_default() += 1;
            let held = objects.held.get(&h).map(|e| e.0).unwrap_or(0);
            if held < need[&h] {
                return Err(format!(
                    "this connection holds no handle {h:#x} of {}",
                    self.lib().objects[obj].name
                ));
            }
        }
        if !borrow {
            for (h, n) in need {
                let entry = objects.held.get_mut(&h).unwrap();
                entry.0 -= n;
                if entry.0 == 0 {
                    objects.held.remove(&h);
                }
            }
        }
        Ok(())
    }

    /// Counts handles handed to the client; after the connection closed, frees them at once.
    pub(crate) fn give(&self, items: &[(u64, usize)]) {
        if items.is_empty() {
            return;
        }
        let mut objects = self.objects.lock().unwrap();
        if objects.closed {
            drop(objects);
            for &(h, obj) in items {
                self.free_object(h, obj);
            }
            return;
        }
        for &(h, obj) in items {
            objects.held.entry(h).or_insert((0, obj)).0 += 1;
        }
    }

    // --- calls ---

    fn answer_error(&self, id: u64, code: i8, message: &str) {
        // An async call refused before its future started.
        self.starting.lock().unwrap().remove(&id);
        let mut f = Frame::new(wire::RESULT, id);
        f.put(&[code as u8]);
        f.string(message);
        self.send(f.finish());
    }

    pub(crate) fn run_call(
        self: Arc<Self>,
        id: u64,
        fi: usize,
        payload: Vec<u8>,
        args: Vec<Decoded>,
    ) {
        let lib = self.lib();
        let sig = &lib.functions[fi];
        if let FnKind::InitVtable(v) = sig.kind {
            match crate::callbacks::ensure_vtable(self.host, v) {
                Ok(()) => {
                    let mut f = Frame::new(wire::RESULT, id);
                    f.put(&[0]);
                    self.send(f.finish());
                }
                Err(message) => self.answer_error(id, 2, &message),
            }
            return;
        }

        // Object handles handed to Rust: the client must hold them; they are no longer its own.
        let mut taken = Vec::new();
        for (i, a) in args.iter().enumerate() {
            let bytes = match *a {
                Decoded::Buffer { start, len } => &payload[start..start + len],
                _ => &[][..],
            };
            match self.handles_in(&sig.arg_own[i], a.handle(), bytes) {
                Ok(found) => taken.extend(found),
                Err(message) => return self.answer_error(id, 2, &message),
            }
        }
        if let Err(message) = self.take(&taken, matches!(sig.kind, FnKind::Clone)) {
            return self.answer_error(id, 2, &message);
        }
        // Lent handles: the client must hold them, and keeps them.
        let lent: Vec<(usize, u64, usize)> = args
            .iter()
            .enumerate()
            .filter_map(|(i, a)| match sig.arg_own[i] {
                Own::Lent(obj) => Some((i, a.handle(), obj)),
                _ => None,
            })
            .collect();
        // A handle lent twice in one call (`v.eq(v)`) needs to be held once.
        let mut lent_items: Vec<(u64, usize)> = lent.iter().map(|&(_, h, o)| (h, o)).collect();
        lent_items.sort_unstable();
        lent_items.dedup();
        if let Err(message) = self.take(&lent_items, true) {
            if !matches!(sig.kind, FnKind::Clone) {
                self.give(&taken);
            }
            return self.answer_error(id, 2, &message);
        }

        let mut slots: Vec<Slot> = Vec::with_capacity(args.len() + 1);
        for a in &args {
            slots.push(match *a {
                Decoded::Value(slot) => slot,
                Decoded::Buffer { start, len } => {
                    match self.new_buffer(sig.component, &payload[start..start + len]) {
                        Ok(buf) => Slot::with(buf),
                        Err(message) => {
                            for (j, s) in slots.iter().enumerate() {
                                if matches!(args[j], Decoded::Buffer { .. }) {
                                    self.free_buffer(sig.component, unsafe {
                                        s.get::<RustBuffer>()
                                    });
                                }
                            }
                            // The handles were already crossed off; give them back.
                            if !matches!(sig.kind, FnKind::Clone) {
                                self.give(&taken);
                            }
                            return self.answer_error(id, 2, &message);
                        }
                    }
                }
                Decoded::Borrowed { start, len } => Slot::with(ForeignBytes {
                    len: len as i32,
                    data: payload[start..].as_ptr(),
                }),
            });
        }
        // Rust takes one reference of each lent handle: the clone made here.
        for &(i, h, obj) in &lent {
            let mut status = RustCallStatus::default();
            let cloned = unsafe { (lib.objects[obj].clone)(h, &mut status) };
            if status.code != 0 {
                self.free_buffer(0, status.error_buf);
                for &(j, _, o) in lent.iter().take_while(|&&(j, _, _)| j < i) {
                    self.free_object(unsafe { slots[j].get::<u64>() }, o);
                }
                for (j, s) in slots.iter().enumerate() {
                    if matches!(args[j], Decoded::Buffer { .. }) {
                        self.free_buffer(sig.component, unsafe { s.get::<RustBuffer>() });
                    }
                }
                self.give(&taken);
                return self.answer_error(id, 2, "cloning a lent object handle failed");
            }
            slots[i] = Slot::with(cloned);
        }
        let mut status = RustCallStatus::default();
        if sig.has_status {
            slots.push(Slot::with(&mut status as *mut RustCallStatus));
        }
        let ret = call(&sig.cif.0, sig.code, &slots);
        drop(payload);

        if let FnKind::Async(_) = sig.kind {
            let handle = unsafe { ret.get::<u64>() };
            FutureTask::start(self, id, fi, handle);
            return;
        }
        self.send_result(id, fi, fi, &ret, status);
    }

    /// Sends the RESULT of a finished call: `value_fn` gives the return type (the call itself, or
    /// for futures the `rust_future_complete_*` function), `own_fn` the accounting.
    fn send_result(
        &self,
        id: u64,
        value_fn: usize,
        own_fn: usize,
        ret: &Slot,
        status: RustCallStatus,
    ) {
        let lib = self.lib();
        let vsig = &lib.functions[value_fn];
        let osig = &lib.functions[own_fn];
        let component = vsig.component;
        let mut f = Frame::new(wire::RESULT, id);
        match status.code {
            0 => {
                f.put(&[0]);
                match &vsig.ret {
                    None => {}
                    Some(FfiType::RustBuffer(_)) => {
                        let buf: RustBuffer = unsafe { ret.get() };
                        let bytes = unsafe { buf.as_slice() };
                        if let Ok(found) = self.handles_in(&osig.ret_own, 0, bytes) {
                            self.give(&found);
                        }
                        f.bytes(bytes);
                        self.free_buffer(component, buf);
                    }
                    Some(t) => {
                        // Futures of objects complete through `rust_future_complete_u64`.
                        if matches!(osig.ret_own, Own::Object(_)) {
                            let h = unsafe { ret.get::<u64>() };
                            if let Ok(found) = self.handles_in(&osig.ret_own, h, &[]) {
                                self.give(&found);
                            }
                        }
                        unsafe { encode_scalar(t, ret, true, &mut f) };
                    }
                }
            }
            code @ (1 | 2) => {
                f.put(&[code as u8]);
                let bytes = unsafe { status.error_buf.as_slice() };
                if code == 1 {
                    let handle = if bytes.len() == 8 {
                        u64::from_be_bytes(bytes.try_into().unwrap())
                    } else {
                        0
                    };
                    if let Ok(found) = self.handles_in(&osig.err_own, handle, bytes) {
                        self.give(&found);
                    }
                }
                f.bytes(bytes);
                self.free_buffer(component, status.error_buf);
            }
            3 => {
                f.put(&[3]);
                self.free_buffer(component, status.error_buf);
            }
            other => {
                f.put(&[2]);
                f.string(&format!("the library answered with status code {other}"));
                self.free_buffer(component, status.error_buf);
            }
        }
        self.send(f.finish());
    }
}

/// Calls a C function by its signature with the arguments in `slots`.
pub(crate) fn call(cif: &libffi::middle::Cif, code: usize, slots: &[Slot]) -> Slot {
    let args: Vec<Arg> = slots.iter().map(|s| Arg::new(&s.0)).collect();
    let mut ret = Slot::default();
    unsafe {
        cif.call_return_into(
            CodePtr::from_ptr(code as *const std::ffi::c_void),
            &args,
            Ret::new(&mut ret.0),
        )
    };
    ret
}

// --- futures ---

/// A Rust future the host drives for one CALL.
pub(crate) struct FutureTask {
    conn: Arc<Conn>,
    id: u64,
    fi: usize,
    handle: u64,
    /// True once the future is freed; held while calling into it.
    freed: Mutex<bool>,
}

extern "C" fn future_continuation(data: u64, poll_result: i8) {
    let _ = std::panic::catch_unwind(|| {
        let task = unsafe { Arc::from_raw(data as *const FutureTask) };
        let host = task.conn.host;
        host.pool.submit(Box::new(move || {
            if poll_result == 0 {
                task.complete();
            } else {
                task.poll();
            }
        }));
    });
}

impl FutureTask {
    fn start(conn: Arc<Conn>, id: u64, fi: usize, handle: u64) {
        let task = Arc::new(FutureTask {
            conn: conn.clone(),
            id,
            fi,
            handle,
            freed: Mutex::new(false),
        });
        let cancelled = {
            let mut starting = conn.starting.lock().unwrap();
            let cancelled = starting.remove(&id).unwrap_or(false);
            conn.futures.lock().unwrap().insert(id, task.clone());
            cancelled
        };
        if cancelled || !conn.alive.load(Ordering::Acquire) {
            task.cancel();
        }
        task.poll();
    }

    fn fns(&self) -> &'static crate::library::AsyncFns {
        match &self.conn.host.lib.functions[self.fi].kind {
            FnKind::Async(fns) => fns,
            _ => unreachable!("a future of a function that is not async"),
        }
    }

    fn poll(self: Arc<Self>) {
        let freed = self.freed.lock().unwrap();
        if *freed {
            return;
        }
        let poll = self.fns().poll;
        let handle = self.handle;
        drop(freed);
        let data = Arc::into_raw(self) as u64;
        unsafe { poll(handle, future_continuation, data) };
    }

    fn cancel(&self) {
        let freed = self.freed.lock().unwrap();
        if !*freed {
            unsafe { (self.fns().cancel)(self.handle) };
        }
    }

    fn complete(self: Arc<Self>) {
        let fns = self.fns();
        let lib = &self.conn.host.lib;
        let mut freed = self.freed.lock().unwrap();
        if *freed {
            return;
        }
        let complete = &lib.functions[fns.complete];
        let mut status = RustCallStatus::default();
        let slots = [
            Slot::with(self.handle),
            Slot::with(&mut status as *mut RustCallStatus),
        ];
        let ret = call(&complete.cif.0, complete.code, &slots);
        unsafe { (fns.free)(self.handle) };
        *freed = true;
        drop(freed);
        self.conn.futures.lock().unwrap().remove(&self.id);
        self.conn
            .send_result(self.id, fns.complete, self.fi, &ret, status);
    }
}
