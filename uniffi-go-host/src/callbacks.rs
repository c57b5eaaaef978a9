//! Rust calling the client: vtables of libffi closures that forward each call over the connection
//! that a client handle names (docs/remote.md, "Callbacks").

use std::ffi::c_void;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::Ordering;
use std::sync::{mpsc, Arc, OnceLock};

use libffi::low::ffi_cif;
use libffi::middle::{Cif, Closure, Type};
use uniffi_bindgen::interface::ffi::FfiType;

use crate::ffi::{
    decode, encode_from_ptr, libffi_type, scalar_size, Decoded, RustBuffer, RustCallStatus, Slot,
};
use crate::host::{Answer, Conn, Host, PendingCallback};
use crate::library::{Own, VMethod};
use crate::wire::{self, Frame, ProtocolError, Reader};

/// The host of this process, for the "future dropped" callback, which carries no user data.
static HOST: OnceLock<&'static Host> = OnceLock::new();

const DISCONNECTED: &str = "the Go process serving this callback disconnected";

/// What a vtable entry forwards: method 0 is free, 1 clone, then the interface's methods.
struct Entry {
    host: &'static Host,
    vtable: usize,
    method: usize,
}

/// Registers the vtable with the library once; later registrations find it built.
pub fn ensure_vtable(host: &'static Host, v: usize) -> Result<(), String> {
    let _ = HOST.set(host);
    host.vtables[v].get_or_init(|| build(host, v)).clone()
}

fn build(host: &'static Host, v: usize) -> Result<(), String> {
    let def = &host.lib.vtables[v];
    let mut table: Vec<usize> = vec![
        closure(host, v, 0, vec![Type::u64()], Type::void())?,
        closure(host, v, 1, vec![Type::u64()], Type::u64())?,
    ];
    for (i, m) in def.methods.iter().enumerate() {
        let mut args: Vec<Type> = m
            .callback
            .arguments()
            .iter()
            .map(|a| libffi_type(&a.type_()))
            .collect();
        if m.callback.has_rust_call_status_arg() {
            args.push(Type::pointer());
        }
        table.push(closure(host, v, i + 2, args, Type::void())?);
    }
    // Rust keeps the vtable's address for the life of the process.
    let table: &'static [usize] = Box::leak(table.into_boxed_slice());
    let init = &host.lib.functions[def.init_fn];
    unsafe {
        let register: unsafe extern "C" fn(*const c_void) = std::mem::transmute(init.code);
        register(table.as_ptr() as *const c_void);
    }
    Ok(())
}

fn closure(
    host: &'static Host,
    vtable: usize,
    method: usize,
    args: Vec<Type>,
    ret: Type,
) -> Result<usize, String> {
    let entry: &'static Entry = Box::leak(Box::new(Entry {
        host,
        vtable,
        method,
    }));
    let closure = Closure::try_new(Cif::new(args, ret), entry_point, entry)
        .map_err(|e| format!("cannot build a callback entry point: {e:?}"))?;
    let code = *closure.code_ptr() as usize;
    // Like the table, the closure lives as long as the process.
    std::mem::forget(closure);
    Ok(code)
}

unsafe extern "C" fn entry_point(
    _cif: &ffi_cif,
    result: &mut u64,
    args: *const *const c_void,
    entry: &Entry,
) {
    // Nothing may unwind into Rust's caller.
    let _ = catch_unwind(AssertUnwindSafe(|| on_call(entry, result, args)));
}

#[repr(C)]
struct DroppedCallback {
    callback_data: u64,
    callback: extern "C" fn(u64),
}

unsafe fn on_call(e: &Entry, result: &mut u64, args: *const *const c_void) {
    let host = e.host;
    let def = &host.lib.vtables[e.vtable];
    let arg = |i: usize| *args.add(i);
    let handle = *(arg(0) as *const u64);
    let conn = host.conn_for_handle(handle);
    let client_index = conn
        .as_ref()
        .and_then(|c| c.init_index.get(&def.init_fn).copied());
    let call_id = host.new_call_id();
    let mut f = Frame::new(wire::CALLBACK, call_id);
    f.put(&client_index.unwrap_or(u32::MAX).to_be_bytes());
    f.put(&(e.method as u16).to_be_bytes());
    f.put(&handle.to_be_bytes());

    match e.method {
        0 => {
            if let (Some(conn), Some(_)) = (conn, client_index) {
                conn.send(f.finish());
            }
        }
        1 => {
            *result = handle;
            let (Some(conn), Some(_)) = (conn, client_index) else {
                return;
            };
            if let Some(Answer::Frame(payload)) = wait(&conn, call_id, f.finish()) {
                let mut r = Reader::new(&payload, 9);
                if let (Ok(0), Ok(h), Ok(())) = (r.i8(), r.u64(), r.finish()) {
                    *result = h;
                }
            }
        }
        m => {
            let vm = &def.methods[m - 2];
            let n = vm.args.len();
            // Arguments Rust hands over: buffers are copied and freed, objects become the client's.
            let mut given = Vec::new();
            for (i, t) in vm.args.iter().enumerate() {
                let p = arg(1 + i);
                match t {
                    FfiType::RustBuffer(_) => {
                        let buf = *(p as *const RustBuffer);
                        let bytes = buf.as_slice();
                        if let Some(conn) = &conn {
                            given.extend(
                                conn.handles_in(&vm.arg_own[i], 0, bytes)
                                    .unwrap_or_default(),
                            );
                        }
                        f.bytes(bytes);
                        host.lib.free_buffer(def.component, buf);
                    }
                    _ => {
                        if let (Some(conn), FfiType::Handle) = (&conn, t) {
                            let h = *(p as *const u64);
                            given.extend(
                                conn.handles_in(&vm.arg_own[i], h, &[]).unwrap_or_default(),
                            );
                        }
                        encode_from_ptr(t, p, &mut f);
                    }
                }
            }
            let conn = match (conn, client_index) {
                (Some(conn), Some(_)) => {
                    conn.give(&given);
                    Some(conn)
                }
                _ => None,
            };
            if vm.is_async {
                let complete = *(arg(1 + n) as *const usize);
                let data = *(arg(2 + n) as *const u64);
                let dropped = *(arg(3 + n) as *const *mut DroppedCallback);
                let Some(conn) = conn else {
                    return fail_async(host, complete, data, e.vtable, m - 2);
                };
                {
                    let mut pending = conn.pending.lock().unwrap();
                    if !conn.alive.load(Ordering::Acquire) {
                        drop(pending);
                        return fail_async(host, complete, data, e.vtable, m - 2);
                    }
                    pending.insert(
                        call_id,
                        PendingCallback::Async {
                            complete,
                            data,
                            vtable: e.vtable,
                            method: m - 2,
                        },
                    );
                }
                if !dropped.is_null() {
                    *dropped = DroppedCallback {
                        callback_data: ((conn.number as u64) << 48) | call_id,
                        callback: on_dropped,
                    };
                }
                conn.send(f.finish());
            } else {
                let out = *(arg(1 + n) as *const *mut c_void);
                let status = *(arg(2 + n) as *const *mut RustCallStatus);
                let answer = match conn {
                    Some(conn) => match wait(&conn, call_id, f.finish()) {
                        Some(Answer::Frame(payload)) => {
                            read_answer(&conn, vm, &payload, def.component).inspect_err(|_| {
                                conn.kill();
                            })
                        }
                        _ => Err(DISCONNECTED.to_string()),
                    },
                    None => Err(DISCONNECTED.to_string()),
                };
                let (code, value, message) = match answer {
                    Ok(AnswerValue::Ok(slot)) => (0, Some(slot), None),
                    Ok(AnswerValue::Err(code, buf)) => {
                        (*status).code = code;
                        (*status).error_buf = buf;
                        return;
                    }
                    Err(message) => (2, None, Some(message)),
                };
                if let (Some(slot), Some(t)) = (value, &vm.ret) {
                    let size = match t {
                        FfiType::RustBuffer(_) => std::mem::size_of::<RustBuffer>(),
                        t => scalar_size(t),
                    };
                    if !out.is_null() {
                        std::ptr::copy_nonoverlapping(
                            slot.ptr() as *const u8,
                            out as *mut u8,
                            size,
                        );
                    }
                }
                (*status).code = code;
                if let Some(message) = message {
                    (*status).error_buf = host
                        .lib
                        .new_buffer(def.component, message.as_bytes())
                        .unwrap_or(RustBuffer::EMPTY);
                }
            }
        }
    }
}

/// Sends a CALLBACK and waits for its answer (or the connection's end).
fn wait(conn: &Arc<Conn>, call_id: u64, frame: Vec<u8>) -> Option<Answer> {
    let (tx, rx) = mpsc::channel();
    {
        let mut pending = conn.pending.lock().unwrap();
        if !conn.alive.load(Ordering::Acquire) {
            return Some(Answer::Gone);
        }
        pending.insert(call_id, PendingCallback::Sync(tx));
    }
    conn.send(frame);
    crate::reading::await_answer(conn, &rx)
}

enum AnswerValue {
    Ok(Slot),
    Err(i8, RustBuffer),
}

/// Reads a CALLBACK_RESULT for a method: the value as Rust expects it, or the error.
fn read_answer(
    conn: &Conn,
    vm: &VMethod,
    payload: &[u8],
    component: usize,
) -> Result<AnswerValue, String> {
    let lib = &conn.host.lib;
    let malformed = |e: ProtocolError| format!("malformed CALLBACK_RESULT: {e}");
    let mut r = Reader::new(payload, 9);
    let code = r.i8().map_err(malformed)?;
    match code {
        0 => {
            let value = match &vm.ret {
                None => Slot::default(),
                Some(t) => match decode(t, &mut r).map_err(malformed)? {
                    Decoded::Value(slot) => {
                        if matches!(vm.ret_own, Own::Object(_)) {
                            let found = conn.handles_in(&vm.ret_own, slot.get_u64(), &[])?;
                            conn.take(&found, false)?;
                        }
                        slot
                    }
                    Decoded::Buffer { start, len } | Decoded::Borrowed { start, len } => {
                        let bytes = &payload[start..start + len];
                        let found = conn.handles_in(&vm.ret_own, 0, bytes)?;
                        conn.take(&found, false)?;
                        Slot::with(lib.new_buffer(component, bytes)?)
                    }
                },
            };
            r.finish().map_err(malformed)?;
            Ok(AnswerValue::Ok(value))
        }
        1 | 2 => {
            let bytes = r.bytes().map_err(malformed)?;
            r.finish().map_err(malformed)?;
            Ok(AnswerValue::Err(code, lib.new_buffer(component, bytes)?))
        }
        other => Err(format!("CALLBACK_RESULT with status code {other}")),
    }
}

/// Answers an async callback method with the client's CALLBACK_RESULT.
pub(crate) fn complete_async(
    conn: &Conn,
    complete: usize,
    data: u64,
    vtable: usize,
    method: usize,
    payload: &[u8],
) -> Result<(), ProtocolError> {
    let host = conn.host;
    let def = &host.lib.vtables[vtable];
    let vm = &def.methods[method];
    match read_answer(conn, vm, payload, def.component) {
        Ok(AnswerValue::Ok(value)) => {
            finish_foreign(complete, data, vm, value, RustCallStatus::default());
            Ok(())
        }
        Ok(AnswerValue::Err(code, buf)) => {
            finish_foreign(
                complete,
                data,
                vm,
                Slot::default(),
                RustCallStatus {
                    code,
                    error_buf: buf,
                },
            );
            Ok(())
        }
        Err(message) => {
            fail_async(host, complete, data, vtable, method);
            Err(ProtocolError(message))
        }
    }
}

/// Answers an async callback method with code 2: its client is gone.
pub(crate) fn fail_async(host: &Host, complete: usize, data: u64, vtable: usize, method: usize) {
    let def = &host.lib.vtables[vtable];
    let status = RustCallStatus {
        code: 2,
        error_buf: host
            .lib
            .new_buffer(def.component, DISCONNECTED.as_bytes())
            .unwrap_or(RustBuffer::EMPTY),
    };
    finish_foreign(
        complete,
        data,
        &def.methods[method],
        Slot::default(),
        status,
    );
}

/// Rust dropped the future of an async callback method: tell the client, and release Rust's
/// waiting side with an empty result (nothing reads it any more).
extern "C" fn on_dropped(key: u64) {
    let _ = catch_unwind(|| {
        let Some(host) = HOST.get() else { return };
        let Some(conn) = host.conn((key >> 48) as u16) else {
            return;
        };
        let call_id = key & ((1 << 48) - 1);
        let pending = conn.pending.lock().unwrap().remove(&call_id);
        if let Some(PendingCallback::Async {
            complete,
            data,
            vtable,
            method,
        }) = pending
        {
            conn.send(Frame::new(wire::CALLBACK_DROPPED, call_id).finish());
            let vm = &host.lib.vtables[vtable].methods[method];
            let status = RustCallStatus {
                code: 3,
                error_buf: RustBuffer::EMPTY,
            };
            finish_foreign(complete, data, vm, Slot::default(), status);
        }
    });
}

#[repr(C)]
struct ForeignResult<T> {
    value: T,
    status: RustCallStatus,
}

#[repr(C)]
struct ForeignResultVoid {
    status: RustCallStatus,
}

/// Calls uniffi's `ForeignFutureComplete*` with the result struct of the method's return type.
fn finish_foreign(complete: usize, data: u64, vm: &VMethod, value: Slot, status: RustCallStatus) {
    macro_rules! go {
        ($t:ty) => {{
            let f: extern "C" fn(u64, ForeignResult<$t>) = unsafe { std::mem::transmute(complete) };
            f(
                data,
                ForeignResult {
                    value: unsafe { value.get::<$t>() },
                    status,
                },
            )
        }};
    }
    match &vm.ret {
        None => {
            let f: extern "C" fn(u64, ForeignResultVoid) = unsafe { std::mem::transmute(complete) };
            f(data, ForeignResultVoid { status })
        }
        Some(FfiType::UInt8) => go!(u8),
        Some(FfiType::Int8) => go!(i8),
        Some(FfiType::UInt16) => go!(u16),
        Some(FfiType::Int16) => go!(i16),
        Some(FfiType::UInt32) => go!(u32),
        Some(FfiType::Int32) => go!(i32),
        Some(FfiType::Int64) => go!(i64),
        Some(FfiType::Float32) => go!(f32),
        Some(FfiType::Float64) => go!(f64),
        Some(FfiType::RustBuffer(_)) => go!(RustBuffer),
        Some(_) => go!(u64),
    }
}
