//! uniffi's C ABI as Rust sees it, and the glue between FFI values, libffi and frames.

use std::ffi::c_void;

use libffi::middle::{Cif, Type};
use uniffi_bindgen::interface::ffi::FfiType;

use crate::wire::{Frame, ProtocolError, Reader};

#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct RustBuffer {
    pub capacity: u64,
    pub len: u64,
    pub data: *mut u8,
}

impl RustBuffer {
    pub const EMPTY: RustBuffer = RustBuffer {
        capacity: 0,
        len: 0,
        data: std::ptr::null_mut(),
    };

    /// The contents. Safety: the buffer must be one Rust gave us and not yet freed.
    pub unsafe fn as_slice(&self) -> &[u8] {
        if self.data.is_null() || self.len == 0 {
            &[]
        } else {
            std::slice::from_raw_parts(self.data, self.len as usize)
        }
    }
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct ForeignBytes {
    pub len: i32,
    pub data: *const u8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct RustCallStatus {
    pub code: i8,
    pub error_buf: RustBuffer,
}

impl Default for RustCallStatus {
    fn default() -> Self {
        RustCallStatus {
            code: 0,
            error_buf: RustBuffer::EMPTY,
        }
    }
}

pub type AllocFn = unsafe extern "C" fn(u64, *mut RustCallStatus) -> RustBuffer;
pub type FromBytesFn = unsafe extern "C" fn(ForeignBytes, *mut RustCallStatus) -> RustBuffer;
pub type FreeBufferFn = unsafe extern "C" fn(RustBuffer, *mut RustCallStatus);
pub type ObjectFreeFn = unsafe extern "C" fn(u64, *mut RustCallStatus);
pub type ObjectCloneFn = unsafe extern "C" fn(u64, *mut RustCallStatus) -> u64;
pub type ContinuationFn = extern "C" fn(u64, i8);
pub type PollFn = unsafe extern "C" fn(u64, ContinuationFn, u64);
pub type HandleFn = unsafe extern "C" fn(u64);

/// Storage for one argument or return value of any FFI type (the largest is a `RustBuffer`),
/// aligned for all of them. libffi reads arguments from, and writes results into, its start.
#[repr(C, align(16))]
#[derive(Clone, Copy, Default)]
pub struct Slot(pub [u64; 4]);

impl Slot {
    pub fn with<T: Copy>(value: T) -> Slot {
        const { assert!(std::mem::size_of::<T>() <= std::mem::size_of::<Slot>()) };
        let mut slot = Slot::default();
        unsafe { std::ptr::write(slot.0.as_mut_ptr() as *mut T, value) };
        slot
    }

    /// Safety: the slot must hold a `T` (or, for integers, the widened `ffi_arg` libffi writes).
    pub unsafe fn get<T: Copy>(&self) -> T {
        std::ptr::read(self.0.as_ptr() as *const T)
    }

    pub fn get_u64(&self) -> u64 {
        self.0[0]
    }

    pub fn ptr(&self) -> *mut c_void {
        self.0.as_ptr() as *mut c_void
    }
}

/// A `libffi` call interface, immutable once built, so it can be shared between threads.
pub struct SharedCif(pub Cif);
unsafe impl Send for SharedCif {}
unsafe impl Sync for SharedCif {}

pub fn rust_buffer_type() -> Type {
    Type::structure([Type::u64(), Type::u64(), Type::pointer()])
}

pub fn libffi_type(t: &FfiType) -> Type {
    match t {
        FfiType::UInt8 => Type::u8(),
        FfiType::Int8 => Type::i8(),
        FfiType::UInt16 => Type::u16(),
        FfiType::Int16 => Type::i16(),
        FfiType::UInt32 => Type::u32(),
        FfiType::Int32 => Type::i32(),
        FfiType::UInt64 | FfiType::Handle => Type::u64(),
        FfiType::Int64 => Type::i64(),
        FfiType::Float32 => Type::f32(),
        FfiType::Float64 => Type::f64(),
        FfiType::RustBuffer(_) => rust_buffer_type(),
        FfiType::ForeignBytes => Type::structure([Type::i32(), Type::pointer()]),
        FfiType::RustCallStatus => Type::structure([Type::i8(), rust_buffer_type()]),
        FfiType::Callback(_)
        | FfiType::Struct(_)
        | FfiType::Reference(_)
        | FfiType::MutReference(_)
        | FfiType::VoidPointer => Type::pointer(),
    }
}

/// Whether a value of this type can cross in a frame (docs/remote.md, "FFI values").
pub fn crosses(t: &FfiType) -> bool {
    matches!(
        t,
        FfiType::UInt8
            | FfiType::Int8
            | FfiType::UInt16
            | FfiType::Int16
            | FfiType::UInt32
            | FfiType::Int32
            | FfiType::UInt64
            | FfiType::Int64
            | FfiType::Float32
            | FfiType::Float64
            | FfiType::Handle
            | FfiType::RustBuffer(_)
            | FfiType::ForeignBytes
    )
}

/// An argument as decoded from a frame: a ready value, or a byte range of the payload that
/// becomes a `RustBuffer` or `ForeignBytes` when the call is made.
#[derive(Clone, Copy)]
pub enum Decoded {
    Value(Slot),
    Buffer { start: usize, len: usize },
    Borrowed { start: usize, len: usize },
}

impl Decoded {
    pub fn handle(&self) -> u64 {
        match self {
            Decoded::Value(slot) => unsafe { slot.get::<u64>() },
            _ => 0,
        }
    }
}

/// Reads one value of a crossing type.
pub fn decode(t: &FfiType, r: &mut Reader) -> Result<Decoded, ProtocolError> {
    Ok(Decoded::Value(match t {
        FfiType::UInt8 => Slot::with(r.u8()?),
        FfiType::Int8 => Slot::with(r.i8()?),
        FfiType::UInt16 => Slot::with(r.u16()?),
        FfiType::Int16 => Slot::with(r.u16()? as i16),
        FfiType::UInt32 => Slot::with(r.u32()?),
        FfiType::Int32 => Slot::with(r.i32()?),
        FfiType::UInt64 | FfiType::Handle => Slot::with(r.u64()?),
        FfiType::Int64 => Slot::with(r.u64()? as i64),
        FfiType::Float32 => Slot::with(f32::from_bits(r.u32()?)),
        FfiType::Float64 => Slot::with(f64::from_bits(r.u64()?)),
        FfiType::RustBuffer(_) => {
            let (start, len) = r.bytes_range()?;
            return Ok(Decoded::Buffer { start, len });
        }
        FfiType::ForeignBytes => {
            let (start, len) = r.bytes_range()?;
            return Ok(Decoded::Borrowed { start, len });
        }
        other => {
            return Err(ProtocolError(format!(
                "the FFI type {other:?} cannot cross"
            )))
        }
    }))
}

/// Writes a scalar result held in a slot (as libffi returned it, or as read from memory when
/// `widened` is false). RustBuffers are written by the caller.
///
/// Safety: the slot must hold a value of type `t`.
pub unsafe fn encode_scalar(t: &FfiType, slot: &Slot, widened: bool, out: &mut Frame) {
    // libffi widens integer results narrower than a register to a whole `ffi_arg`.
    macro_rules! int {
        ($t:ty) => {{
            let v: $t = if widened {
                slot.get::<u64>() as $t
            } else {
                slot.get::<$t>()
            };
            out.put(&v.to_be_bytes())
        }};
    }
    match t {
        FfiType::UInt8 => int!(u8),
        FfiType::Int8 => int!(i8),
        FfiType::UInt16 => int!(u16),
        FfiType::Int16 => int!(i16),
        FfiType::UInt32 => int!(u32),
        FfiType::Int32 => int!(i32),
        FfiType::UInt64 | FfiType::Handle => out.put(&slot.get::<u64>().to_be_bytes()),
        FfiType::Int64 => out.put(&slot.get::<i64>().to_be_bytes()),
        FfiType::Float32 => out.put(&slot.get::<f32>().to_bits().to_be_bytes()),
        FfiType::Float64 => out.put(&slot.get::<f64>().to_bits().to_be_bytes()),
        _ => {}
    }
}

/// Copies a value of a scalar type from memory (`src` points to it) into a frame.
///
/// Safety: `src` must point to a value of type `t`.
pub unsafe fn encode_from_ptr(t: &FfiType, src: *const c_void, out: &mut Frame) {
    let size = scalar_size(t);
    let slot = Slot::default();
    std::ptr::copy_nonoverlapping(src as *const u8, slot.ptr() as *mut u8, size);
    encode_scalar(t, &slot, false, out);
}

pub fn scalar_size(t: &FfiType) -> usize {
    match t {
        FfiType::UInt8 | FfiType::Int8 => 1,
        FfiType::UInt16 | FfiType::Int16 => 2,
        FfiType::UInt32 | FfiType::Int32 | FfiType::Float32 => 4,
        _ => 8,
    }
}
