//! Exact, streaming JSON writer. Output goes straight into the caller's buffer; when it does not
//! fit, the writer keeps counting so `finish` reports the exact size needed. Structure is checked
//! as it is written: a value where a key is due, an unbalanced end or nesting past `MAX_DEPTH`
//! fail at once, and every error is sticky.

use super::{is_number, MAX_DEPTH};
use crate::error::{Result, Status};
use crate::sink::{write_decimal, Sink};

const AFTER_KEY: u8 = 1;
const DONE: u8 = 2;

/// Everything a writer remembers between calls (`hwc_json_state` in C; treat as opaque).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct WriterState {
    /// Bytes produced so far, including any that did not fit.
    pub len: usize,
    /// Bit d-1 set: the container at depth d is an array.
    pub arrays: u32,
    /// Bit d-1 set: the container at depth d already holds an item.
    pub nonempty: u32,
    pub depth: u8,
    pub flags: u8,
    /// 0, or the first error hit.
    pub error: i32,
}

pub struct JsonWriter<'a> {
    out: Sink<'a>,
    st: WriterState,
}

fn bit(depth: u8) -> u32 {
    1u32.checked_shl(u32::from(depth).wrapping_sub(1)).unwrap_or(0)
}

impl<'a> JsonWriter<'a> {
    pub fn new(buf: &'a mut [u8]) -> Self {
        JsonWriter { out: Sink::new(buf), st: WriterState::default() }
    }

    pub fn resume(buf: &'a mut [u8], st: WriterState) -> Self {
        JsonWriter { out: Sink::resume(buf, st.len), st }
    }

    pub fn state(&self) -> WriterState {
        WriterState { len: self.out.len(), ..self.st }
    }

    /// Bytes produced so far (the size needed, once finished).
    pub fn len(&self) -> usize {
        self.out.len()
    }

    pub fn is_empty(&self) -> bool {
        self.out.len() == 0
    }

    fn check(&self) -> Result<()> {
        match self.st.error {
            0 => Ok(()),
            _ => Err(status_from(self.st.error)),
        }
    }

    fn fail<T>(&mut self, status: Status) -> Result<T> {
        self.st.error = status as i32;
        Err(status)
    }

    /// Records `status` as the writer's error (for checks made by the message layer).
    pub fn reject(&mut self, status: Status) -> Result<()> {
        self.check()?;
        self.fail(status)
    }

    /// Passes `result` through, recording an error as the writer's own.
    pub fn check_with(&mut self, result: Result<()>) -> Result<()> {
        self.check()?;
        match result {
            Ok(()) => Ok(()),
            Err(status) => self.fail(status),
        }
    }

    /// One byte out; out of line (the sink's inline store is several instructions at each of the
    /// writer's call sites).
    #[inline(never)]
    fn byte(&mut self, b: u8) {
        self.out.byte(b);
    }

    fn in_array(&self) -> bool {
        self.st.arrays & bit(self.st.depth) != 0
    }

    fn separate(&mut self) {
        let b = bit(self.st.depth);
        if self.st.nonempty & b != 0 {
            self.byte(b',');
        }
        self.st.nonempty |= b;
    }

    fn before_value(&mut self) -> Result<()> {
        self.check()?;
        if self.st.depth == 0 {
            if self.st.flags & DONE != 0 {
                return self.fail(Status::JsonState);
            }
        } else if self.in_array() {
            self.separate();
        } else if self.st.flags & AFTER_KEY != 0 {
            self.st.flags &= !AFTER_KEY;
        } else {
            return self.fail(Status::JsonState);
        }
        Ok(())
    }

    fn after_value(&mut self) {
        if self.st.depth == 0 {
            self.st.flags |= DONE;
        }
    }

    fn escaped(&mut self, text: &[u8]) -> Result<()> {
        if !text.is_ascii() && !super::utf8::is_utf8(text) {
            return self.fail(Status::InvalidUtf8);
        }
        self.byte(b'"');
        let mut rest = text;
        loop {
            // Runs of bytes that need no escape are copied whole.
            let run = rest.iter().position(|&b| b < 0x20 || b == b'"' || b == b'\\').unwrap_or(rest.len());
            let (plain, tail) = rest.split_at_checked(run).unwrap_or((rest, &[]));
            self.out.bytes(plain);
            let Some((&b, after)) = tail.split_first() else { break };
            rest = after;
            // 0x08-0x0d are \b \t \n \u000b \f \r; other control bytes \u00XX; `"` and `\` themselves.
            let short = match b {
                0x08..=0x0d => b"btnufr".get(usize::from(b - 8)).copied().unwrap_or(b'u'),
                0x00..=0x1f => b'u',
                _ => b,
            };
            const HEX: &[u8; 16] = b"0123456789abcdef";
            let sequence = [b'\\', short, b'0', b'0', b'0' + (b >> 4), HEX[usize::from(b & 15)]];
            self.out.bytes(sequence.get(..if short == b'u' { 6 } else { 2 }).unwrap_or(&[]));
        }
        self.byte(b'"');
        Ok(())
    }

    pub fn key(&mut self, name: &[u8]) -> Result<()> {
        self.check()?;
        if self.st.depth == 0 || self.in_array() || self.st.flags & AFTER_KEY != 0 {
            return self.fail(Status::JsonState);
        }
        self.separate();
        self.escaped(name)?;
        self.byte(b':');
        self.st.flags |= AFTER_KEY;
        Ok(())
    }

    pub fn string(&mut self, text: &[u8]) -> Result<()> {
        self.before_value()?;
        self.escaped(text)?;
        self.after_value();
        Ok(())
    }

    /// A number the caller formatted (a float from its own runtime, a big integer, ...),
    /// written as given once it passes the JSON number grammar.
    pub fn number_text(&mut self, text: &[u8]) -> Result<()> {
        self.before_value()?;
        if !is_number(text) {
            return self.fail(Status::InvalidNumber);
        }
        self.out.bytes(text);
        self.after_value();
        Ok(())
    }

    pub fn int(&mut self, value: i64) -> Result<()> {
        self.number(value < 0, value.unsigned_abs(), 0)
    }

    pub fn uint(&mut self, value: u64) -> Result<()> {
        self.number(false, value, 0)
    }

    /// Fixed-point decimal `mantissa * 10^-scale` (2345, 2 -> `23.45`), for firmware that keeps
    /// sensor values as scaled integers and has no float formatting. `scale` is 0-18.
    pub fn decimal(&mut self, mantissa: i64, scale: u8) -> Result<()> {
        self.number(mantissa < 0, mantissa.unsigned_abs(), scale)
    }

    /// One body for int, uint and decimal (scale 0 is an integer).
    fn number(&mut self, negative: bool, magnitude: u64, scale: u8) -> Result<()> {
        if scale > 18 {
            return self.reject(Status::InvalidArgument);
        }
        self.before_value()?;
        if negative {
            self.byte(b'-');
        }
        write_decimal(&mut self.out, magnitude, scale.into());
        self.after_value();
        Ok(())
    }

    pub fn bool(&mut self, value: bool) -> Result<()> {
        self.before_value()?;
        self.out.bytes(if value { b"true" } else { b"false" });
        self.after_value();
        Ok(())
    }

    pub fn null(&mut self) -> Result<()> {
        self.before_value()?;
        self.out.bytes(b"null");
        self.after_value();
        Ok(())
    }

    pub fn begin(&mut self, array: bool) -> Result<()> {
        self.before_value()?;
        if usize::from(self.st.depth) >= MAX_DEPTH {
            return self.fail(Status::NestingTooDeep);
        }
        self.st.depth += 1;
        let b = bit(self.st.depth);
        self.st.nonempty &= !b;
        if array {
            self.st.arrays |= b;
        } else {
            self.st.arrays &= !b;
        }
        self.byte(if array { b'[' } else { b'{' });
        Ok(())
    }

    pub fn begin_object(&mut self) -> Result<()> {
        self.begin(false)
    }

    pub fn begin_array(&mut self) -> Result<()> {
        self.begin(true)
    }

    pub fn end(&mut self, array: bool) -> Result<()> {
        self.check()?;
        if self.st.depth == 0 || self.in_array() != array || self.st.flags & AFTER_KEY != 0 {
            return self.fail(Status::JsonState);
        }
        self.byte(if array { b']' } else { b'}' });
        self.st.depth -= 1;
        self.after_value();
        Ok(())
    }

    pub fn end_object(&mut self) -> Result<()> {
        self.end(false)
    }

    pub fn end_array(&mut self) -> Result<()> {
        self.end(true)
    }

    /// `"key":"text"` in one call.
    pub fn string_field(&mut self, key: &[u8], text: &[u8]) -> Result<()> {
        self.key(key)?;
        self.string(text)
    }

    /// `"key":"text"` when `text` is given, nothing otherwise.
    pub fn optional_string_field(&mut self, key: &[u8], text: Option<&[u8]>) -> Result<()> {
        match text {
            Some(text) => self.string_field(key, text),
            None => self.check(),
        }
    }

    pub fn int_field(&mut self, key: &[u8], value: i64) -> Result<()> {
        self.key(key)?;
        self.int(value)
    }

    /// Completes the document: its length, `BufferTooSmall` (with `len()` = size needed),
    /// or `JsonState` if containers are still open or nothing was written.
    pub fn finish(&mut self) -> Result<usize> {
        self.check()?;
        if self.st.depth != 0 || self.st.flags & DONE == 0 {
            return self.fail(Status::JsonState);
        }
        let len = self.out.len();
        let buf_fits = self.out.fits();
        if !buf_fits {
            return Err(Status::BufferTooSmall);
        }
        self.out.terminate();
        Ok(len)
    }
}

/// Maps a stored error code back (unknown values read as `JsonState`, e.g. a corrupted C struct).
pub fn status_from(code: i32) -> Status {
    crate::error::Status::from_code(code).unwrap_or(Status::JsonState)
}
