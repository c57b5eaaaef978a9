//! Frames and the big-endian encoding of bodies (docs/remote.md, "Frames").

use std::io::{self, Read};

pub const MAGIC: u32 = 0x5547_4F52;
pub const PROTOCOL_VERSION: u16 = 1;
pub const DEFAULT_MAX_FRAME: u32 = 64 << 20;

pub const HELLO: u8 = 0x01;
pub const CALL: u8 = 0x02;
pub const CANCEL: u8 = 0x03;
pub const CALLBACK_RESULT: u8 = 0x05;
pub const HELLO_OK: u8 = 0x81;
pub const RESULT: u8 = 0x82;
pub const CALLBACK: u8 = 0x84;
pub const CALLBACK_DROPPED: u8 = 0x86;
pub const HELLO_ERR: u8 = 0xC1;

/// Why a connection is dropped: the peer broke the protocol or the socket failed.
#[derive(Debug)]
pub struct ProtocolError(pub String);

impl std::fmt::Display for ProtocolError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

pub fn protocol_error<T>(message: impl Into<String>) -> Result<T, ProtocolError> {
    Err(ProtocolError(message.into()))
}

/// Reads one frame's payload. `Ok(None)` is a clean end of stream before a frame started.
pub fn read_frame(r: &mut impl Read, max: u32) -> Result<Option<Vec<u8>>, ProtocolError> {
    let mut len = [0u8; 4];
    let mut got = 0;
    while got < 4 {
        match r.read(&mut len[got..]) {
            Ok(0) if got == 0 => return Ok(None),
            Ok(0) => return protocol_error("truncated frame length"),
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return protocol_error(format!("read: {e}")),
        }
    }
    let len = u32::from_be_bytes(len);
    if len > max {
        return protocol_error(format!("frame of {len} bytes exceeds the limit of {max}"));
    }
    if len < 9 {
        return protocol_error(format!("frame of {len} bytes is shorter than a header"));
    }
    let mut payload = vec![0u8; len as usize];
    r.read_exact(&mut payload)
        .or_else(|e| protocol_error(format!("truncated frame: {e}")))?;
    Ok(Some(payload))
}

/// A cursor over a received payload.
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

macro_rules! read_num {
    ($name:ident, $t:ty) => {
        pub fn $name(&mut self) -> Result<$t, ProtocolError> {
            const N: usize = std::mem::size_of::<$t>();
            let bytes = self.take(N)?;
            Ok(<$t>::from_be_bytes(bytes.try_into().unwrap()))
        }
    };
}

impl<'a> Reader<'a> {
    pub fn new(buf: &'a [u8], pos: usize) -> Self {
        Self { buf, pos }
    }

    pub fn take(&mut self, n: usize) -> Result<&'a [u8], ProtocolError> {
        if self.buf.len() - self.pos < n {
            return protocol_error("truncated body");
        }
        let out = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(out)
    }

    read_num!(u8, u8);
    read_num!(i8, i8);
    read_num!(u16, u16);
    read_num!(u32, u32);
    read_num!(i32, i32);
    read_num!(u64, u64);

    /// A `bytes` value: returns its start offset and length within the payload.
    pub fn bytes_range(&mut self) -> Result<(usize, usize), ProtocolError> {
        let len = self.i32()?;
        if len < 0 {
            return protocol_error("negative length");
        }
        let start = self.pos;
        self.take(len as usize)?;
        Ok((start, len as usize))
    }

    pub fn bytes(&mut self) -> Result<&'a [u8], ProtocolError> {
        let (start, len) = self.bytes_range()?;
        Ok(&self.buf[start..start + len])
    }

    pub fn string(&mut self) -> Result<String, ProtocolError> {
        let bytes = self.bytes()?;
        String::from_utf8(bytes.to_vec()).or_else(|_| protocol_error("string is not UTF-8"))
    }

    pub fn finish(&self) -> Result<(), ProtocolError> {
        if self.pos != self.buf.len() {
            return protocol_error("trailing bytes after the body");
        }
        Ok(())
    }
}

/// A frame being built: the length is filled in by `finish`.
pub struct Frame(pub Vec<u8>);

impl Frame {
    pub fn new(kind: u8, id: u64) -> Self {
        let mut v = Vec::with_capacity(64);
        v.extend_from_slice(&[0, 0, 0, 0, kind]);
        v.extend_from_slice(&id.to_be_bytes());
        Frame(v)
    }

    pub fn put(&mut self, bytes: &[u8]) {
        self.0.extend_from_slice(bytes);
    }

    pub fn bytes(&mut self, bytes: &[u8]) {
        self.put(&(bytes.len() as i32).to_be_bytes());
        self.put(bytes);
    }

    pub fn string(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }

    pub fn finish(mut self) -> Vec<u8> {
        let len = (self.0.len() - 4) as u32;
        self.0[..4].copy_from_slice(&len.to_be_bytes());
        self.0
    }
}

/// Splits a payload into its type, id and the offset of its body.
pub fn header(payload: &[u8]) -> (u8, u64) {
    let id = u64::from_be_bytes(payload[1..9].try_into().unwrap());
    (payload[0], id)
}
