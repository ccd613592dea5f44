//! Zero-copy pull reader: tokens and whole values are slices of the input. The grammar is checked
//! strictly (RFC 8259: no trailing commas, no comments, no raw control characters, valid escapes
//! and surrogate pairs, valid UTF-8), nesting is bounded by `MAX_DEPTH`, and the first error
//! sticks. Strings come back raw (still escaped); `unescape` and `raw_eq` decode them. Numbers
//! stay text, so magnitudes beyond f64 (`1e400`) are accepted as the grammar allows.

use super::{is_number, MAX_DEPTH};
use crate::error::{Result, Status};

/// What a token or value is (`hwc_json_kind` in C).
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Kind {
    /// No value (an absent field).
    #[default]
    Absent = 0,
    Null = 1,
    False = 2,
    True = 3,
    /// Raw number text.
    Number = 4,
    /// Raw string content between the quotes, still escaped.
    String = 5,
    /// A whole object `{...}`, or as a token its opening brace.
    Object = 6,
    /// A whole array `[...]`, or as a token its opening bracket.
    Array = 7,
    /// A member name (raw, still escaped); only as a token.
    Key = 8,
    ObjectEnd = 9,
    ArrayEnd = 10,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Value<'a> {
    pub kind: Kind,
    pub raw: &'a [u8],
}

impl<'a> Value<'a> {
    pub const ABSENT: Value<'static> = Value { kind: Kind::Absent, raw: &[] };

    pub fn is_present(&self) -> bool {
        !matches!(self.kind, Kind::Absent | Kind::Null)
    }

    /// The integer value of a number field.
    pub fn as_i64(&self) -> Result<i64> {
        match self.kind {
            Kind::Number => super::parse_i64(self.raw),
            _ => Err(Status::WrongType),
        }
    }
}

const EXPECT_VALUE: u8 = 0;
const EXPECT_KEY_OR_END: u8 = 1;
const EXPECT_VALUE_OR_END: u8 = 2;
const EXPECT_COMMA_OR_END: u8 = 3;
const EXPECT_KEY: u8 = 4;
const DONE: u8 = 5;
const FAILED: u8 = 6;

/// Everything a reader remembers between calls (`hwc_json_reader_state` in C; treat as opaque).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct ReaderState {
    pub pos: usize,
    /// Bit d-1 set: the container at depth d is an array.
    pub arrays: u32,
    pub depth: u8,
    pub expect: u8,
}

pub struct JsonReader<'a> {
    input: &'a [u8],
    st: ReaderState,
}

fn bit(depth: u8) -> u32 {
    1u32.checked_shl(u32::from(depth).wrapping_sub(1)).unwrap_or(0)
}

/// The UTF-16 code unit of the `\uXXXX` escape at `at`.
fn unit(raw: &[u8], at: usize) -> Option<u32> {
    let [b'\\', b'u', digits @ ..] = raw.get(at..at + 6)? else { return None };
    digits.iter().try_fold(0u32, |acc, b| Some(acc << 4 | char::from(*b).to_digit(16)?))
}

impl<'a> JsonReader<'a> {
    pub fn new(input: &'a [u8]) -> Self {
        JsonReader { input, st: ReaderState::default() }
    }

    pub fn resume(input: &'a [u8], st: ReaderState) -> Self {
        JsonReader { input, st }
    }

    pub fn state(&self) -> ReaderState {
        self.st
    }

    pub fn depth(&self) -> u8 {
        self.st.depth
    }

    /// Skips whitespace; the input from the first byte after it.
    fn skip_ws(&mut self) -> &'a [u8] {
        loop {
            let rest = self.input.get(self.st.pos..).unwrap_or(&[]);
            match rest {
                [b' ' | b'\t' | b'\n' | b'\r', ..] => self.st.pos += 1,
                _ => return rest,
            }
        }
    }

    fn fail<T>(&mut self, status: Status) -> Result<T> {
        self.st.expect = FAILED;
        Err(status)
    }

    fn after_value(&mut self) {
        self.st.expect = if self.st.depth == 0 { DONE } else { EXPECT_COMMA_OR_END };
    }

    fn slice(&self, start: usize, end: usize) -> &'a [u8] {
        self.input.get(start..end).unwrap_or(&[])
    }

    /// The next token; `Ok(None)` once the single top-level value has been read and only
    /// whitespace follows.
    #[allow(clippy::should_implement_trait)] // fallible, so not an Iterator
    pub fn next(&mut self) -> Result<Option<Value<'a>>> {
        loop {
            let rest = self.skip_ws();
            let [b, ..] = *rest else {
                return match self.st.expect {
                    DONE => Ok(None),
                    _ => self.fail(Status::MalformedJson),
                };
            };
            // 1 in an object, 0 in an array: picks the closer and what follows a comma without branches.
            let object = u8::from(self.st.arrays & bit(self.st.depth) == 0);
            let in_array = object == 0;
            let closer = b']' | object << 5;
            // Anything else (a value after the document, the state after an error) fails below.
            match (self.st.expect, b) {
                (EXPECT_KEY_OR_END, b'}') | (EXPECT_VALUE_OR_END, b']') => return self.close(in_array, rest),
                (EXPECT_COMMA_OR_END, _) if b == closer => return self.close(in_array, rest),
                (EXPECT_COMMA_OR_END, b',') => {
                    self.st.pos += 1;
                    self.st.expect = object * EXPECT_KEY; // EXPECT_VALUE is 0
                }
                (EXPECT_KEY_OR_END | EXPECT_KEY, b'"') => {
                    let raw = self.string()?;
                    if !matches!(self.skip_ws(), [b':', ..]) {
                        return self.fail(Status::MalformedJson);
                    }
                    self.st.pos += 1;
                    self.st.expect = EXPECT_VALUE;
                    return Ok(Some(Value { kind: Kind::Key, raw }));
                }
                (EXPECT_VALUE | EXPECT_VALUE_OR_END, _) => return self.value_token(b, rest).map(Some),
                _ => return self.fail(Status::MalformedJson),
            }
        }
    }

    /// `rest` starts at the closer.
    fn close(&mut self, array: bool, rest: &'a [u8]) -> Result<Option<Value<'a>>> {
        // Depth 0 here only comes from a state the caller forged (C can hand any state back).
        let Some(depth) = self.st.depth.checked_sub(1) else {
            return self.fail(Status::MalformedJson);
        };
        self.st.pos += 1;
        self.st.depth = depth;
        self.after_value();
        Ok(Some(Value { kind: if array { Kind::ArrayEnd } else { Kind::ObjectEnd }, raw: rest.get(..1).unwrap_or(&[]) }))
    }

    /// `rest` starts at `first`, the value's first byte.
    fn value_token(&mut self, first: u8, rest: &'a [u8]) -> Result<Value<'a>> {
        let (kind, len) = match first {
            b'{' | b'[' => {
                if usize::from(self.st.depth) >= MAX_DEPTH {
                    return self.fail(Status::NestingTooDeep);
                }
                self.st.depth += 1;
                let array = first == b'[';
                let b = bit(self.st.depth);
                if array {
                    self.st.arrays |= b;
                } else {
                    self.st.arrays &= !b;
                }
                self.st.expect = if array { EXPECT_VALUE_OR_END } else { EXPECT_KEY_OR_END };
                (if array { Kind::Array } else { Kind::Object }, 1)
            }
            b'"' => {
                let raw = self.string()?;
                self.after_value();
                return Ok(Value { kind: Kind::String, raw });
            }
            b't' | b'f' | b'n' => {
                let (kind, word): (Kind, &[u8]) = match first {
                    b't' => (Kind::True, b"true"),
                    b'f' => (Kind::False, b"false"),
                    _ => (Kind::Null, b"null"),
                };
                if !rest.starts_with(word) {
                    return self.fail(Status::MalformedJson);
                }
                self.after_value();
                (kind, word.len())
            }
            b'-' | b'0'..=b'9' => {
                // The number's extent, validated as a whole below.
                let len = rest.iter().take_while(|&&b| matches!(b, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E')).count();
                self.after_value();
                (Kind::Number, len)
            }
            _ => return self.fail(Status::MalformedJson),
        };
        self.st.pos += len;
        let raw = rest.get(..len).unwrap_or(&[]);
        if kind == Kind::Number && !is_number(raw) {
            return self.fail(Status::MalformedJson);
        }
        Ok(Value { kind, raw })
    }

    /// Scans a string starting at the opening quote; returns the raw content.
    fn string(&mut self) -> Result<&'a [u8]> {
        let start = self.st.pos + 1;
        let mut i = start;
        loop {
            let Some(b) = self.input.get(i).copied() else {
                return self.fail(Status::MalformedJson);
            };
            match b {
                b'"' => break,
                b'\\' => match escape(self.input, i) {
                    (_, 0) => return self.fail(Status::MalformedJson),
                    (_, len) => i += len,
                },
                0x00..=0x1f => return self.fail(Status::MalformedJson),
                _ => i += 1,
            }
        }
        let raw = self.slice(start, i);
        if !raw.is_ascii() && !super::utf8::is_utf8(raw) {
            return self.fail(Status::InvalidUtf8);
        }
        self.st.pos = i + 1;
        Ok(raw)
    }

    /// Reads one whole value (for containers: up to the matching end). `Ok(None)` when the
    /// enclosing array or object ends instead (the end is consumed) or the document is done.
    pub fn next_value(&mut self) -> Result<Option<Value<'a>>> {
        let Some(token) = self.next()? else {
            return Ok(None);
        };
        match token.kind {
            Kind::ObjectEnd | Kind::ArrayEnd => Ok(None),
            Kind::Key => self.fail(Status::JsonState),
            Kind::Object | Kind::Array => {
                let start = self.st.pos - 1;
                let depth = self.st.depth;
                while self.st.depth >= depth {
                    if self.next()?.is_none() {
                        return self.fail(Status::MalformedJson);
                    }
                }
                Ok(Some(Value { kind: token.kind, raw: self.slice(start, self.st.pos) }))
            }
            _ => Ok(Some(token)),
        }
    }

    /// Inside an object: the next member's raw name and whole value; `Ok(None)` at the end.
    pub fn next_member(&mut self) -> Result<Option<(&'a [u8], Value<'a>)>> {
        let Some(token) = self.next()? else {
            return Ok(None);
        };
        match token.kind {
            Kind::ObjectEnd => Ok(None),
            Kind::Key => match self.next_value()? {
                Some(value) => Ok(Some((token.raw, value))),
                None => self.fail(Status::MalformedJson),
            },
            _ => self.fail(Status::JsonState),
        }
    }

    /// Opens `json` as an object or array to iterate (with `next_member` / `next_value`).
    pub fn open(json: &'a [u8], kind: Kind) -> Result<JsonReader<'a>> {
        let mut reader = JsonReader::new(json);
        match reader.next()? {
            Some(token) if token.kind == kind => Ok(reader),
            Some(_) => Err(Status::WrongType),
            None => Err(Status::MalformedJson),
        }
    }

    /// After iterating a container opened with `open`: checks nothing but whitespace follows.
    pub fn close_document(&mut self) -> Result<()> {
        match self.next()? {
            None => Ok(()),
            Some(_) => self.fail(Status::MalformedJson),
        }
    }
}

/// The escape at `at` (a backslash): the code point it stands for and its length, which is 0 for
/// an unknown escape, bad hex or a lone surrogate (a pair rather than an `Option` comes back in
/// registers, keeping the reader's stack small). The scanner, `unescape` and `raw_eq` share it.
fn escape(raw: &[u8], at: usize) -> (u32, usize) {
    // The two-character escapes, and what each stands for.
    const NAMES: &[u8; 8] = b"\"\\/bfnrt";
    const CODES: &[u8; 8] = b"\"\\/\x08\x0c\n\r\t";
    let decode = || {
        let name = *raw.get(at + 1)?;
        if name != b'u' {
            let k = NAMES.iter().position(|&c| c == name)?;
            return CODES.get(k).map(|&c| (u32::from(c), 2));
        }
        let high = unit(raw, at)?;
        // `>> 10`: 0x36 for a high surrogate (U+D800-U+DBFF), 0x37 for a low one (U+DC00-U+DFFF).
        match high >> 10 {
            0x36 => {
                let low = unit(raw, at + 6)?;
                (low >> 10 == 0x37).then(|| (0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00), 12))
            }
            0x37 => None,
            _ => Some((high, 6)),
        }
    };
    decode().unwrap_or((0, 0))
}

/// Decodes a raw string (as returned by the reader, so already validated) byte by byte.
pub fn unescape(raw: &[u8], mut emit: impl FnMut(u8)) {
    unescape_into(raw, &mut emit);
}

/// One copy of the decoder for every caller.
#[inline(never)]
fn unescape_into(raw: &[u8], emit: &mut dyn FnMut(u8)) {
    let mut i = 0;
    while let Some(&b) = raw.get(i) {
        if b != b'\\' {
            emit(b);
            i += 1;
            continue;
        }
        match escape(raw, i) {
            // Only a raw string forged in C gets here, decoded as ever: `\x` is x for any other
            // x; a bad `\u` escape or a final backslash ends the text.
            (_, 0) => match raw.get(i + 1) {
                Some(b'u') | None => return,
                Some(&other) => {
                    emit(other);
                    i += 2;
                }
            },
            (code, len) => {
                emit_utf8(code, emit);
                i += len;
            }
        }
    }
}

/// UTF-8 of a scalar value (surrogates were excluded by the scanner). Written out by hand:
/// `char::encode_utf8` keeps a panic path for short buffers.
fn emit_utf8(code: u32, emit: &mut dyn FnMut(u8)) {
    let continuation = |shift: u32| 0x80 | ((code >> shift) & 0x3f) as u8;
    match code {
        0..=0x7f => emit(code as u8),
        0x80..=0x7ff => {
            emit(0xc0 | (code >> 6) as u8);
            emit(continuation(0));
        }
        0x800..=0xffff => {
            emit(0xe0 | (code >> 12) as u8);
            emit(continuation(6));
            emit(continuation(0));
        }
        _ => {
            emit(0xf0 | (code >> 18) as u8);
            emit(continuation(12));
            emit(continuation(6));
            emit(continuation(0));
        }
    }
}

/// Whether a raw (escaped) string equals `text`.
#[allow(clippy::manual_contains)] // see below
pub fn raw_eq(raw: &[u8], text: &[u8]) -> bool {
    // A plain loop: `contains` inlines a word-at-a-time memchr several times this size.
    if !raw.iter().any(|&b| b == b'\\') {
        return raw == text;
    }
    let mut rest = text.iter();
    let mut same = true;
    unescape(raw, |b| same &= rest.next() == Some(&b));
    same && rest.next().is_none()
}
