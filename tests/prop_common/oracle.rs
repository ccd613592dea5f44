//! Invariants shared by the property tests (`tests/prop_*.rs`) and the fuzz targets (`fuzz/`).
//!
//! Every `check_*` function takes arbitrary input and panics when the library disagrees with
//! serde_json, with an independent model written here, with its own C ABI, or with itself.
//! Only `huaweicloud` and `serde_json` are used, so `fuzz/src/lib.rs` includes this file as is.
#![allow(dead_code, clippy::type_complexity)]

use huaweicloud::error::Status;
use huaweicloud::ffi::{self, hwc_json_value};
use huaweicloud::json::reader::{unescape, JsonReader, Kind, Value as Tok};
use huaweicloud::json::writer::JsonWriter;
use huaweicloud::message::{command, events, messages, properties, schema, shadow};
use huaweicloud::sink::Sink;
use huaweicloud::topic::{self, TopicKind};
use serde_json::{Map, Value};

pub const MAX_DEPTH: usize = 32;

fn show(input: &[u8]) -> String {
    format!("{:?}", String::from_utf8_lossy(input))
}

/// Offset of `part` in `input`; panics when `part` is not a sub-slice of `input`.
pub fn offset_of(input: &[u8], part: &[u8]) -> usize {
    let base = input.as_ptr() as usize;
    let at = part.as_ptr() as usize;
    assert!(at >= base && at + part.len() <= base + input.len(), "slice {:?} lies outside the input {}", show(part), show(input));
    at - base
}

/// The reader's unescaping of a raw string; it must give UTF-8.
pub fn unescaped(raw: &[u8]) -> String {
    let mut out = Vec::new();
    unescape(raw, |b| out.push(b));
    String::from_utf8(out).unwrap_or_else(|e| panic!("unescape of {} gave invalid UTF-8: {e}", show(raw)))
}

/// RFC 8259 §6 number grammar, written independently of `json::is_number`:
/// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
pub fn json_number_ok(text: &[u8]) -> bool {
    fn digits(t: &[u8]) -> usize {
        t.iter().take_while(|b| b.is_ascii_digit()).count()
    }
    let mut t = text.strip_prefix(b"-").unwrap_or(text);
    let int = digits(t);
    if int == 0 || (int > 1 && t[0] == b'0') {
        return false;
    }
    t = &t[int..];
    if let Some(rest) = t.strip_prefix(b".") {
        let frac = digits(rest);
        if frac == 0 {
            return false;
        }
        t = &rest[frac..];
    }
    if let Some(rest) = t.strip_prefix(b"e").or_else(|| t.strip_prefix(b"E")) {
        let rest = rest.strip_prefix(b"+").or_else(|| rest.strip_prefix(b"-")).unwrap_or(rest);
        let exp = digits(rest);
        if exp == 0 {
            return false;
        }
        t = &rest[exp..];
    }
    t.is_empty()
}

/// What an integer field should make of a JSON number: its value, "too big" for an integer
/// beyond i64, or "not an integer" for anything with a fraction or exponent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntClass {
    Int(i64),
    OutOfRange,
    NotInt,
}

pub fn classify_int(raw: &[u8]) -> IntClass {
    let Ok(text) = std::str::from_utf8(raw) else { return IntClass::NotInt };
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || !json_number_ok(raw) {
        return IntClass::NotInt;
    }
    match text.parse::<i64>() {
        Ok(v) => IntClass::Int(v),
        Err(_) => IntClass::OutOfRange,
    }
}

/// Nesting depth of a serde value (scalars 0, `[]` 1).
pub fn depth(v: &Value) -> usize {
    match v {
        Value::Array(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
        Value::Object(map) => 1 + map.values().map(depth).max().unwrap_or(0),
        _ => 0,
    }
}

fn is_range_error(e: &serde_json::Error) -> bool {
    e.to_string().starts_with("number out of range")
}

/// The serde value a reader value stands for (strings unescaped by our reader, the rest parsed
/// by serde_json from the raw text). `None` for a number serde_json cannot represent (1e400).
pub fn value_of(tok: &Tok) -> Option<Value> {
    match tok.kind {
        Kind::String | Kind::Key => Some(Value::String(unescaped(tok.raw))),
        Kind::Absent => panic!("an absent value has no serde value"),
        Kind::ObjectEnd | Kind::ArrayEnd => panic!("an end token has no serde value"),
        _ => match serde_json::from_slice::<Value>(tok.raw) {
            Ok(v) => Some(v),
            Err(e) if is_range_error(&e) => None,
            Err(e) => panic!("serde_json rejects the raw {:?} value {}: {e}", tok.kind, show(tok.raw)),
        },
    }
}

// ---------------------------------------------------------------------------------------------
// JSON reader.

pub struct Read {
    pub value: Value,
    /// A number serde_json cannot represent was read (its place holds `null`).
    pub unrepresentable: bool,
}

/// Rebuilds the document from the reader's token stream, checking each token on the way.
pub fn read_tokens(input: &[u8]) -> Result<Read, Status> {
    enum Frame {
        Arr(Vec<Value>),
        Obj(Map<String, Value>, Option<String>),
    }
    let mut reader = JsonReader::new(input);
    let mut stack: Vec<Frame> = Vec::new();
    let mut root: Option<Value> = None;
    let mut unrepresentable = false;
    loop {
        let tok = match reader.next() {
            Ok(Some(tok)) => tok,
            Ok(None) => break,
            Err(e) => {
                assert!(
                    matches!(e, Status::MalformedJson | Status::InvalidUtf8 | Status::NestingTooDeep),
                    "reader error {e:?} on {}",
                    show(input)
                );
                if e == Status::InvalidUtf8 {
                    assert!(std::str::from_utf8(input).is_err(), "InvalidUtf8 on valid UTF-8 {}", show(input));
                }
                if e == Status::NestingTooDeep {
                    assert_eq!(stack.len(), MAX_DEPTH, "NestingTooDeep at depth {} in {}", stack.len(), show(input));
                }
                assert!(reader.next().is_err(), "reader error {e:?} is not sticky on {}", show(input));
                return Err(e);
            }
        };
        let at = offset_of(input, tok.raw);
        let quoted = |raw: &[u8]| at >= 1 && input[at - 1] == b'"' && input.get(at + raw.len()) == Some(&b'"');
        let value = match tok.kind {
            Kind::Object | Kind::Array => {
                let array = tok.kind == Kind::Array;
                assert_eq!(tok.raw, if array { b"[" } else { b"{" });
                stack.push(if array { Frame::Arr(Vec::new()) } else { Frame::Obj(Map::new(), None) });
                assert_eq!(usize::from(reader.depth()), stack.len());
                continue;
            }
            Kind::Key => {
                assert!(quoted(tok.raw), "key {} is not between quotes", show(tok.raw));
                match stack.last_mut() {
                    Some(Frame::Obj(_, pending @ None)) => *pending = Some(unescaped(tok.raw)),
                    _ => panic!("key token outside an object, or after another key, in {}", show(input)),
                }
                continue;
            }
            Kind::ObjectEnd | Kind::ArrayEnd => {
                let array = tok.kind == Kind::ArrayEnd;
                assert_eq!(tok.raw, if array { b"]" } else { b"}" });
                match (stack.pop(), array) {
                    (Some(Frame::Obj(map, None)), false) => Value::Object(map),
                    (Some(Frame::Arr(items)), true) => Value::Array(items),
                    _ => panic!("mismatched end token in {}", show(input)),
                }
            }
            Kind::Null => {
                assert_eq!(tok.raw, b"null");
                Value::Null
            }
            Kind::True | Kind::False => {
                let t = tok.kind == Kind::True;
                assert_eq!(tok.raw, if t { &b"true"[..] } else { &b"false"[..] });
                Value::Bool(t)
            }
            Kind::Number => {
                assert!(json_number_ok(tok.raw), "number token {} breaks the grammar", show(tok.raw));
                value_of(&tok).unwrap_or_else(|| {
                    unrepresentable = true;
                    Value::Null
                })
            }
            Kind::String => {
                assert!(quoted(tok.raw), "string {} is not between quotes", show(tok.raw));
                Value::String(unescaped(tok.raw))
            }
            Kind::Absent => panic!("reader returned an Absent token on {}", show(input)),
        };
        assert_eq!(usize::from(reader.depth()), stack.len());
        match stack.last_mut() {
            None => {
                assert!(root.is_none(), "second top-level value in {}", show(input));
                root = Some(value);
            }
            Some(Frame::Arr(items)) => items.push(value),
            Some(Frame::Obj(map, pending)) => {
                let key = pending.take().unwrap_or_else(|| panic!("object value without a key in {}", show(input)));
                map.insert(key, value);
            }
        }
    }
    assert!(stack.is_empty(), "reader finished inside a container: {}", show(input));
    let value = root.unwrap_or_else(|| panic!("reader finished without a value: {}", show(input)));
    assert!(matches!(reader.next(), Ok(None)), "reader goes on after the end");
    Ok(Read { value, unrepresentable })
}

/// What the reader and serde_json jointly say about a document.
#[derive(Debug)]
pub enum Verdict {
    /// Both accept it, with this value.
    Valid(Value),
    /// Both reject it (or only we do, for nesting past `MAX_DEPTH`).
    Invalid,
    /// Valid grammar, but serde_json cannot represent one of its numbers (1e400): the reader
    /// keeps raw number text, so it accepts.
    Unrepresentable,
}

/// The reader accepts exactly what serde_json accepts (except nesting deeper than 32, which
/// only we refuse, and numbers outside f64, which only serde_json refuses); on documents both
/// accept, tokens, whole values, members and the C ABI rebuild serde_json's value.
pub fn check_reader(input: &[u8]) -> Verdict {
    let ours = read_tokens(input);
    let theirs = serde_json::from_slice::<Value>(input);
    let ours_status = ours.as_ref().err().copied();
    let verdict = match (ours, theirs) {
        (Ok(read), Ok(value)) => {
            assert!(!read.unrepresentable, "serde_json read a number it cannot represent? {}", show(input));
            assert_eq!(read.value, value, "reader tokens rebuild another value than serde_json from {}", show(input));
            check_whole_values(input, &value);
            Verdict::Valid(value)
        }
        (Ok(read), Err(e)) => {
            assert!(read.unrepresentable && is_range_error(&e), "reader accepts what serde_json rejects ({e}): {}", show(input));
            Verdict::Unrepresentable
        }
        (Err(Status::NestingTooDeep), Ok(value)) => {
            assert!(depth(&value) > MAX_DEPTH, "NestingTooDeep at depth {}: {}", depth(&value), show(input));
            Verdict::Invalid
        }
        (Err(e), Ok(_)) => panic!("reader rejects ({e:?}) what serde_json accepts: {}", show(input)),
        (Err(_), Err(_)) => Verdict::Invalid,
    };
    check_ffi_tokens(input, ours_status);
    verdict
}

/// `next_value`/`next_member`/`open`/`close_document` and `hwc_json_get` on an accepted document.
fn check_whole_values(input: &[u8], value: &Value) {
    match value {
        Value::Object(map) => {
            let mut reader = JsonReader::open(input, Kind::Object).expect("open an object");
            let mut seen = Map::new();
            let mut members = Vec::new();
            while let Some((key, v)) = reader.next_member().expect("next_member on a valid object") {
                offset_of(input, key);
                offset_of(input, v.raw);
                seen.insert(unescaped(key), value_of(&v).expect("valid document"));
                members.push((key, v));
            }
            reader.close_document().expect("close a valid object");
            assert_eq!(&seen, map, "members rebuild another object from {}", show(input));
            for (key, _) in &members {
                let name = unescaped(key);
                let last = members.iter().rev().find(|(k, _)| unescaped(k) == name).map(|(_, v)| *v).unwrap_or_default();
                let mut out = hwc_json_value { kind: 0, ptr: std::ptr::null(), len: 0 };
                let status =
                    unsafe { ffi::hwc_json_get(input.as_ptr().cast(), input.len(), name.as_ptr().cast(), name.len(), &mut out) };
                assert_eq!(status, Status::Ok);
                assert_eq!(c_value(&out), c_value(&hwc_json_value::from(last)), "hwc_json_get({name:?}) on {}", show(input));
                check_scalar_ffi(key, Kind::Key);
                check_scalar_ffi(last.raw, last.kind);
            }
        }
        Value::Array(items) => {
            let mut reader = JsonReader::open(input, Kind::Array).expect("open an array");
            let mut seen = Vec::new();
            while let Some(v) = reader.next_value().expect("next_value on a valid array") {
                offset_of(input, v.raw);
                seen.push(value_of(&v).expect("valid document"));
                check_scalar_ffi(v.raw, v.kind);
            }
            reader.close_document().expect("close a valid array");
            assert_eq!(&seen, items, "values rebuild another array from {}", show(input));
        }
        scalar => {
            let mut reader = JsonReader::new(input);
            let v = reader.next_value().expect("a valid scalar").expect("a value");
            assert_eq!(&value_of(&v).expect("valid document"), scalar);
            assert!(matches!(reader.next_value(), Ok(None)));
            assert_eq!(JsonReader::open(input, Kind::Object).err(), Some(Status::WrongType));
            check_scalar_ffi(v.raw, v.kind);
        }
    }
}

/// `hwc_json_unescape`, `hwc_json_equals` and `hwc_json_to_i64` on one value.
fn check_scalar_ffi(raw: &[u8], kind: Kind) {
    let value = hwc_json_value { kind: kind as u32, ptr: raw.as_ptr().cast(), len: raw.len() };
    if matches!(kind, Kind::String | Kind::Key) {
        let text = unescaped(raw);
        let mut buf = vec![0xAAu8; text.len() + 1];
        let mut len = 0usize;
        let status = unsafe { ffi::hwc_json_unescape(&value, buf.as_mut_ptr().cast(), buf.len(), &mut len) };
        assert_eq!((status, len), (Status::Ok, text.len()));
        assert_eq!(&buf[..len], text.as_bytes());
        assert_eq!(buf[len], 0, "hwc_json_unescape leaves no NUL");
        assert!(unsafe { ffi::hwc_json_equals(&value, text.as_ptr().cast(), text.len()) });
        let mut other = text.clone().into_bytes();
        other.push(b'x');
        assert!(!unsafe { ffi::hwc_json_equals(&value, other.as_ptr().cast(), other.len()) });
    }
    let mut out = 0i64;
    let status = unsafe { ffi::hwc_json_to_i64(&value, &mut out) };
    let expected = match (kind, classify_int(raw)) {
        (Kind::Number, IntClass::Int(v)) => {
            assert_eq!(out, v);
            Status::Ok
        }
        (Kind::Number, IntClass::OutOfRange) => Status::OutOfRange,
        _ => Status::WrongType,
    };
    assert_int_status(status, expected, raw);
}

/// Integer readings must match exactly (a fraction or exponent is WrongType however large).
pub fn int_status_matches(actual: Status, expected: Status, _raw: &[u8]) -> bool {
    actual == expected
}

fn assert_int_status(actual: Status, expected: Status, raw: &[u8]) {
    assert!(int_status_matches(actual, expected, raw), "integer reading of {}: expected {expected:?}, got {actual:?}", show(raw));
}

/// `hwc_json_reader_init` + `hwc_json_next_token` give the Rust reader's tokens and status.
fn check_ffi_tokens(input: &[u8], rust_error: Option<Status>) {
    let mut rust = JsonReader::new(input);
    let mut r = ffi::hwc_json_reader { json: std::ptr::null(), len: 0, state: Default::default() };
    assert_eq!(unsafe { ffi::hwc_json_reader_init(&mut r, input.as_ptr().cast(), input.len()) }, Status::Ok);
    loop {
        let mut out = hwc_json_value { kind: 99, ptr: std::ptr::null(), len: 7 };
        let status = unsafe { ffi::hwc_json_next_token(&mut r, &mut out) };
        match rust.next() {
            Ok(Some(tok)) => {
                assert_eq!(status, Status::Ok);
                assert_eq!(c_value(&out), c_value(&tok.into()));
            }
            Ok(None) => {
                assert_eq!(status, Status::NoMatch);
                assert_eq!(c_value(&out), (0, 0, 0));
                assert_eq!(rust_error, None);
                return;
            }
            Err(e) => {
                assert_eq!(status, e);
                assert_eq!(c_value(&out), (0, 0, 0));
                assert_eq!(rust_error, Some(e));
                return;
            }
        }
    }
}

/// A C value as comparable numbers (kind, pointer, length).
pub fn c_value(v: &hwc_json_value) -> (u32, usize, usize) {
    (v.kind, v.ptr as usize, v.len)
}

/// Members of an object in order, through the reader (valid documents only).
pub fn reader_members(input: &[u8]) -> Vec<(String, Tok<'_>)> {
    let mut reader = JsonReader::open(input, Kind::Object).expect("an object");
    let mut out = Vec::new();
    while let Some((key, value)) = reader.next_member().expect("valid") {
        out.push((unescaped(key), value));
    }
    out
}

// ---------------------------------------------------------------------------------------------
// JSON writer: an operation list, an independent model of what each call must do, and the
// writer run on several buffers and through the C ABI.

#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    BeginObject,
    BeginArray,
    EndObject,
    EndArray,
    Key(Vec<u8>),
    Str(Vec<u8>),
    Int(i64),
    Uint(u64),
    Number(Vec<u8>),
    Decimal(i64, u8),
    Bool(bool),
    Null,
}

/// Reads an operation list from fuzz bytes: one byte picks the call (low 4 bits modulo 12) and
/// for text the length (high 4 bits); integers take the next 8 bytes, a decimal's scale one more.
pub fn ops_from_bytes(data: &[u8]) -> Vec<Op> {
    struct Cursor<'a>(&'a [u8]);
    impl Cursor<'_> {
        fn take(&mut self, n: usize) -> Vec<u8> {
            let (head, tail) = self.0.split_at(n.min(self.0.len()));
            self.0 = tail;
            head.to_vec()
        }
        fn word(&mut self) -> u64 {
            let mut b = [0u8; 8];
            for (dst, src) in b.iter_mut().zip(self.take(8)) {
                *dst = src;
            }
            u64::from_le_bytes(b)
        }
    }
    let mut c = Cursor(data);
    let mut ops = Vec::new();
    while let Some(&code) = c.0.first() {
        c.0 = &c.0[1..];
        let text_len = usize::from(code >> 4);
        let op = match (code & 15) % 12 {
            0 => Op::BeginObject,
            1 => Op::BeginArray,
            2 => Op::EndObject,
            3 => Op::EndArray,
            4 => Op::Key(c.take(text_len)),
            5 => Op::Str(c.take(text_len)),
            6 => Op::Int(c.word() as i64),
            7 => Op::Uint(c.word()),
            8 => Op::Number(c.take(text_len)),
            9 => {
                let m = c.word() as i64;
                let s = c.take(1).first().copied().unwrap_or(0) % 24;
                Op::Decimal(m, s)
            }
            10 => Op::Bool(code & 0x10 != 0),
            _ => Op::Null,
        };
        ops.push(op);
    }
    ops
}

/// JSON string escaping as the writer documents it: `"` and `\` escaped, `\n \r \t \b \f` in
/// short form, other control characters as `\u00xx`, everything else as is.
pub fn model_escape(text: &str, out: &mut Vec<u8>) {
    out.push(b'"');
    for c in text.chars() {
        match c {
            '"' => out.extend_from_slice(b"\\\""),
            '\\' => out.extend_from_slice(b"\\\\"),
            '\n' => out.extend_from_slice(b"\\n"),
            '\r' => out.extend_from_slice(b"\\r"),
            '\t' => out.extend_from_slice(b"\\t"),
            '\u{8}' => out.extend_from_slice(b"\\b"),
            '\u{c}' => out.extend_from_slice(b"\\f"),
            c if (c as u32) < 0x20 => out.extend_from_slice(format!("\\u{:04x}", c as u32).as_bytes()),
            c => out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
        }
    }
    out.push(b'"');
}

/// `mantissa * 10^-scale` in plain decimal.
pub fn model_decimal(mantissa: i64, scale: u8) -> String {
    let digits = mantissa.unsigned_abs().to_string();
    let scale = usize::from(scale);
    let sign = if mantissa < 0 { "-" } else { "" };
    if scale == 0 {
        format!("{sign}{digits}")
    } else if digits.len() <= scale {
        format!("{sign}0.{}{digits}", "0".repeat(scale - digits.len()))
    } else {
        let (whole, frac) = digits.split_at(digits.len() - scale);
        format!("{sign}{whole}.{frac}")
    }
}

/// What the writer must do, call by call (from the contract in `json/writer.rs`).
#[derive(Default)]
pub struct WriterModel {
    /// Open containers: (is an array, holds an item).
    stack: Vec<(bool, bool)>,
    after_key: bool,
    done: bool,
    pub error: Option<Status>,
    pub text: Vec<u8>,
}

impl WriterModel {
    fn fail(&mut self, status: Status) -> Result<(), Status> {
        self.error = Some(status);
        Err(status)
    }

    /// A comma before every item of a container but the first (keys in objects, values in arrays).
    fn comma(&mut self) {
        if let Some((_, nonempty)) = self.stack.last_mut() {
            if *nonempty {
                self.text.push(b',');
            }
            *nonempty = true;
        }
    }

    pub fn apply(&mut self, op: &Op) -> Result<(), Status> {
        if let Some(e) = self.error {
            return Err(e);
        }
        match op {
            Op::Key(name) => {
                if !matches!(self.stack.last(), Some((false, _))) || self.after_key {
                    return self.fail(Status::JsonState);
                }
                let Ok(name) = std::str::from_utf8(name) else { return self.fail(Status::InvalidUtf8) };
                self.comma();
                model_escape(name, &mut self.text);
                self.text.push(b':');
                self.after_key = true;
                Ok(())
            }
            Op::EndObject | Op::EndArray => {
                let array = *op == Op::EndArray;
                match self.stack.last() {
                    Some((a, _)) if *a == array && !self.after_key => {}
                    _ => return self.fail(Status::JsonState),
                }
                self.stack.pop();
                self.text.push(if array { b']' } else { b'}' });
                self.done = self.stack.is_empty();
                Ok(())
            }
            _ => {
                if let Op::Decimal(_, scale) = op {
                    if *scale > 18 {
                        return self.fail(Status::InvalidArgument);
                    }
                }
                let in_array = match self.stack.last() {
                    None if self.done => return self.fail(Status::JsonState),
                    None => false,
                    Some((true, _)) => true,
                    Some((false, _)) if self.after_key => false,
                    Some((false, _)) => return self.fail(Status::JsonState),
                };
                let content: Vec<u8> = match op {
                    Op::Str(text) => match std::str::from_utf8(text) {
                        Ok(text) => {
                            let mut out = Vec::new();
                            model_escape(text, &mut out);
                            out
                        }
                        Err(_) => return self.fail(Status::InvalidUtf8),
                    },
                    Op::Number(text) if !json_number_ok(text) => return self.fail(Status::InvalidNumber),
                    Op::Number(text) => text.clone(),
                    Op::Int(v) => v.to_string().into_bytes(),
                    Op::Uint(v) => v.to_string().into_bytes(),
                    Op::Decimal(m, s) => model_decimal(*m, *s).into_bytes(),
                    Op::Bool(b) => b.to_string().into_bytes(),
                    Op::Null => b"null".to_vec(),
                    Op::BeginObject | Op::BeginArray if self.stack.len() >= MAX_DEPTH => {
                        return self.fail(Status::NestingTooDeep)
                    }
                    Op::BeginObject => b"{".to_vec(),
                    Op::BeginArray => b"[".to_vec(),
                    _ => unreachable!(),
                };
                if in_array {
                    self.comma();
                }
                self.after_key = false;
                self.text.extend_from_slice(&content);
                match op {
                    Op::BeginObject | Op::BeginArray => self.stack.push((*op == Op::BeginArray, false)),
                    _ => self.done = self.stack.is_empty(),
                }
                Ok(())
            }
        }
    }

    /// `finish` with `cap` bytes of buffer.
    pub fn finish(&mut self, cap: usize) -> Result<usize, Status> {
        if let Some(e) = self.error {
            return Err(e);
        }
        if !self.stack.is_empty() || !self.done {
            return self.fail(Status::JsonState).map(|_| 0);
        }
        if self.text.len() > cap {
            return Err(Status::BufferTooSmall);
        }
        Ok(self.text.len())
    }
}

pub fn apply_rust(w: &mut JsonWriter, op: &Op) -> Result<(), Status> {
    match op {
        Op::BeginObject => w.begin_object(),
        Op::BeginArray => w.begin_array(),
        Op::EndObject => w.end_object(),
        Op::EndArray => w.end_array(),
        Op::Key(t) => w.key(t),
        Op::Str(t) => w.string(t),
        Op::Int(v) => w.int(*v),
        Op::Uint(v) => w.uint(*v),
        Op::Number(t) => w.number_text(t),
        Op::Decimal(m, s) => w.decimal(*m, *s),
        Op::Bool(b) => w.bool(*b),
        Op::Null => w.null(),
    }
}

fn apply_ffi(w: &mut ffi::hwc_json_writer, op: &Op) -> Status {
    unsafe {
        match op {
            Op::BeginObject => ffi::hwc_json_begin_object(w),
            Op::BeginArray => ffi::hwc_json_begin_array(w),
            Op::EndObject => ffi::hwc_json_end_object(w),
            Op::EndArray => ffi::hwc_json_end_array(w),
            Op::Key(t) => ffi::hwc_json_key(w, t.as_ptr().cast(), t.len()),
            Op::Str(t) => ffi::hwc_json_string(w, t.as_ptr().cast(), t.len()),
            Op::Int(v) => ffi::hwc_json_int(w, *v),
            Op::Uint(v) => ffi::hwc_json_uint(w, *v),
            Op::Number(t) => ffi::hwc_json_number(w, t.as_ptr().cast(), t.len()),
            Op::Decimal(m, s) => ffi::hwc_json_decimal(w, *m, *s),
            Op::Bool(b) => ffi::hwc_json_bool(w, *b),
            Op::Null => ffi::hwc_json_null(w),
        }
    }
}

fn status_of(r: Result<(), Status>) -> Status {
    r.err().unwrap_or(Status::Ok)
}

const CANARY: u8 = 0xA5;

/// Runs `ops` then `finish` on a writer over `cap` bytes (inside a larger canary-filled array):
/// per-call results, finish result, `len()`, and the whole backing array.
fn run_rust(ops: &[Op], cap: usize) -> (Vec<Status>, Result<usize, Status>, usize, Vec<u8>) {
    let mut backing = vec![CANARY; cap + 64];
    let (statuses, fin, len) = {
        let mut w = JsonWriter::new(&mut backing[..cap]);
        let statuses: Vec<Status> = ops.iter().map(|op| status_of(apply_rust(&mut w, op))).collect();
        let fin = w.finish();
        (statuses, fin, w.len())
    };
    (statuses, fin, len, backing)
}

/// The writer against the model: same result for every call; while no call failed, the length
/// so far equals the model's; a finished document is exactly the model's text (which both
/// serde_json and our reader accept), the measured size equals it, a buffer of exactly that
/// size gets the same bytes, any smaller buffer gets `BufferTooSmall` and nothing past its
/// end; the C ABI (which resumes the writer from its state on every call) does the same.
/// `small` picks the smaller buffer size (any value; reduced modulo the length).
pub fn check_writer_ops(ops: &[Op], small: usize) -> Option<Vec<u8>> {
    let mut model = WriterModel::default();
    let mut lengths = Vec::new();
    let expected: Vec<Status> = ops
        .iter()
        .map(|op| {
            let status = status_of(model.apply(op));
            lengths.push(model.text.len());
            status
        })
        .collect();
    let model_len = model.text.len();
    let expected_finish = model.finish(usize::MAX);

    // A buffer comfortably big: full output.
    let cap = model_len + 8;
    let mut w_backing = vec![CANARY; cap + 64];
    {
        let mut w = JsonWriter::new(&mut w_backing[..cap]);
        let mut failed = false;
        for ((op, exp), model_len_now) in ops.iter().zip(&expected).zip(&lengths) {
            let before = w.len();
            let got = status_of(apply_rust(&mut w, op));
            assert_eq!(got, *exp, "writer call {op:?} after {ops:?}");
            if got != Status::Ok {
                // A failing call writes at most the comma before the item; later calls nothing.
                let grown = w.len() - before;
                assert!(grown <= usize::from(!failed), "{op:?} failed with {got:?} but wrote {grown} bytes");
                failed = true;
            } else if !failed {
                assert_eq!(w.len(), *model_len_now, "length after {op:?} in {ops:?}");
            }
        }
        if !failed {
            assert_eq!(w.len(), model_len, "length after {ops:?}");
        }
        let fin = w.finish();
        assert_eq!(fin, expected_finish.map(|_| model_len), "finish after {ops:?}");
        // Finish is repeatable: errors stick, success stays success.
        assert_eq!(w.finish(), fin);
    }
    let Ok(len) = expected_finish else {
        // Same results through the C ABI.
        check_ffi_writer(ops, &expected, expected_finish, cap);
        return None;
    };
    assert_eq!(&w_backing[..len], &model.text[..], "writer output differs from the model for {ops:?}");
    assert_eq!(w_backing[len], 0, "no NUL after the document");
    assert!(w_backing[len + 1..].iter().all(|b| *b == CANARY));

    // The document is JSON to serde_json and to our reader.
    let doc = &model.text;
    match check_reader(doc) {
        Verdict::Valid(_) | Verdict::Unrepresentable => {}
        Verdict::Invalid => panic!("writer produced a document the reader and serde_json reject: {}", show(doc)),
    }

    // Measuring: no buffer at all.
    let (statuses, fin, measured, _) = run_rust(ops, 0);
    assert_eq!(statuses, expected);
    assert_eq!((fin, measured), (Err(Status::BufferTooSmall), len), "measuring {ops:?}");

    // Exactly sized: same bytes, no NUL (no room), nothing past the end.
    let (statuses, fin, _, backing) = run_rust(ops, len);
    assert_eq!(statuses, expected);
    assert_eq!(fin, Ok(len));
    assert_eq!(&backing[..len], &doc[..]);
    assert!(backing[len..].iter().all(|b| *b == CANARY), "exact buffer: bytes written past the end");

    // Smaller: BufferTooSmall with the size needed, the prefix written, nothing past the end.
    let k = small % len;
    let (statuses, fin, needed, backing) = run_rust(ops, k);
    assert_eq!(statuses, expected, "calls must not fail for lack of room");
    assert_eq!((fin, needed), (Err(Status::BufferTooSmall), len));
    assert_eq!(&backing[..k], &doc[..k]);
    assert!(backing[k..].iter().all(|b| *b == CANARY), "buffer of {k}: bytes written past its end");

    check_ffi_writer(ops, &expected, expected_finish, cap);
    Some(model.text)
}

fn check_ffi_writer(ops: &[Op], expected: &[Status], expected_finish: Result<usize, Status>, cap: usize) {
    for cap in [cap, 0] {
        let mut buf = vec![CANARY; cap + 8];
        let mut w = ffi::hwc_json_writer { buf: std::ptr::null_mut(), cap: 0, state: Default::default() };
        let ptr = if cap == 0 { std::ptr::null_mut() } else { buf.as_mut_ptr().cast() };
        assert_eq!(unsafe { ffi::hwc_json_writer_init(&mut w, ptr, cap) }, Status::Ok);
        for (op, exp) in ops.iter().zip(expected) {
            assert_eq!(apply_ffi(&mut w, op), *exp, "C writer call {op:?}");
        }
        let mut len = usize::MAX;
        let status = unsafe { ffi::hwc_json_finish(&mut w, &mut len) };
        match expected_finish {
            Ok(n) if cap == 0 => assert_eq!((status, len), (Status::BufferTooSmall, n)),
            Ok(n) => assert_eq!((status, len), (Status::Ok, n)),
            Err(e) => assert_eq!(status, e),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Topics.

pub fn is_device_id(id: &[u8]) -> bool {
    (1..=128).contains(&id.len()) && id.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-')
}

pub fn is_request_id(id: &[u8]) -> bool {
    (1..=128).contains(&id.len())
        && std::str::from_utf8(id).is_ok_and(|text| !text.chars().any(|c| matches!(c, '/' | '+' | '#' | '?') || c.is_control()))
}

pub fn is_user_name(name: &[u8]) -> bool {
    (1..=64).contains(&name.len())
        && name.iter().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'/'))
        && !name.starts_with(b"/")
        && !name.ends_with(b"/")
        && !name.windows(2).any(|w| w == b"//")
}

/// Topic kinds 1-17 with their protocol §2 template (`{id}` = request id, `{name}` = custom).
pub const TOPICS: [(TopicKind, &str); 17] = [
    (TopicKind::MessagesUp, "/sys/messages/up"),
    (TopicKind::MessagesDown, "/sys/messages/down"),
    (TopicKind::CommandRequest, "/sys/commands/request_id={id}"),
    (TopicKind::CommandResponse, "/sys/commands/response/request_id={id}"),
    (TopicKind::PropertiesReport, "/sys/properties/report"),
    (TopicKind::GatewayPropertiesReport, "/sys/gateway/sub_devices/properties/report"),
    (TopicKind::PropertiesSetRequest, "/sys/properties/set/request_id={id}"),
    (TopicKind::PropertiesSetResponse, "/sys/properties/set/response/request_id={id}"),
    (TopicKind::PropertiesGetRequest, "/sys/properties/get/request_id={id}"),
    (TopicKind::PropertiesGetResponse, "/sys/properties/get/response/request_id={id}"),
    (TopicKind::ShadowGetRequest, "/sys/shadow/get/request_id={id}"),
    (TopicKind::ShadowGetResponse, "/sys/shadow/get/response/request_id={id}"),
    (TopicKind::EventsUp, "/sys/events/up"),
    (TopicKind::EventsDown, "/sys/events/down"),
    (TopicKind::BootstrapUp, "/sys/bootstrap/up"),
    (TopicKind::BootstrapDown, "/sys/bootstrap/down"),
    (TopicKind::User, "/user/{name}"),
];

/// Builds a topic with the library, `None` on any error.
pub fn build_topic(kind: TopicKind, device_id: &[u8], extra: Option<&[u8]>) -> Result<Vec<u8>, Status> {
    let mut buf = [0u8; topic::TOPIC_MAX_LEN + 1];
    let mut sink = Sink::new(&mut buf);
    topic::write_topic(&mut sink, kind, device_id, extra)?;
    let len = sink.finish().map_err(|_| Status::BufferTooSmall)?;
    Ok(buf[..len].to_vec())
}

/// `parse_topic` never fails, returns parts of the input, and whatever it accepts is exactly
/// the topic `write_topic` builds from those parts; the parts satisfy the documented rules; the
/// response topic of an accepted request is the matching response; the C ABI agrees.
pub fn check_topic(input: &[u8]) {
    let parsed = topic::parse_topic(input).unwrap_or_else(|e| panic!("parse_topic failed with {e:?} on {}", show(input)));
    let mut c = ffi::hwc_topic_match {
        kind: 99,
        device_id: std::ptr::null(),
        device_id_len: 9,
        request_id: std::ptr::null(),
        request_id_len: 9,
        name: std::ptr::null(),
        name_len: 9,
    };
    let c_status = unsafe { ffi::hwc_parse_topic(input.as_ptr().cast(), input.len(), &mut c) };
    let mut response = vec![0u8; topic::TOPIC_MAX_LEN + 1];
    let mut response_len = 0usize;
    let response_status = unsafe {
        ffi::hwc_response_topic(
            input.as_ptr().cast(),
            input.len(),
            response.as_mut_ptr().cast(),
            response.len(),
            &mut response_len,
        )
    };
    let Some(m) = parsed else {
        assert_eq!(c_status, Status::NoMatch);
        assert_eq!((c.kind, c.device_id_len, c.request_id_len, c.name_len), (0, 0, 0, 0));
        assert_eq!(response_status, Status::NotARequest);
        return;
    };
    let (template_kind, template) = TOPICS[m.kind as usize - 1];
    assert_eq!(template_kind, m.kind);
    assert_eq!(offset_of(input, m.device_id), "$oc/devices/".len());
    assert!(is_device_id(m.device_id));
    let extra = match (m.request_id, m.name) {
        (Some(id), None) => {
            assert!(is_request_id(id), "accepted request id {}", show(id));
            assert_eq!(offset_of(input, id) + id.len(), input.len());
            Some(id)
        }
        (None, Some(name)) => {
            assert_eq!(m.kind, TopicKind::User);
            assert!(is_user_name(name), "accepted user topic name {}", show(name));
            assert_eq!(offset_of(input, name) + name.len(), input.len());
            Some(name)
        }
        (None, None) => {
            assert!(!template.contains("{id}") && !template.contains("{name}"), "{:?} without its id", m.kind);
            None
        }
        (Some(_), Some(_)) => panic!("both a request id and a name"),
    };
    let rebuilt =
        build_topic(m.kind, m.device_id, extra).unwrap_or_else(|e| panic!("accepted {} does not rebuild: {e:?}", show(input)));
    assert_eq!(rebuilt, input, "accepted topic rebuilds differently");
    assert!(input.len() <= topic::TOPIC_MAX_LEN);

    assert_eq!(c_status, Status::Ok);
    assert_eq!(c.kind, m.kind as u32);
    assert_eq!((c.device_id as usize, c.device_id_len), (m.device_id.as_ptr() as usize, m.device_id.len()));
    let part = |p: Option<&[u8]>| p.map_or((0, 0), |p| (p.as_ptr() as usize, p.len()));
    assert_eq!((c.request_id as usize, c.request_id_len), part(m.request_id));
    assert_eq!((c.name as usize, c.name_len), part(m.name));

    let response_kind = match m.kind {
        TopicKind::CommandRequest => Some(TopicKind::CommandResponse),
        TopicKind::PropertiesSetRequest => Some(TopicKind::PropertiesSetResponse),
        TopicKind::PropertiesGetRequest => Some(TopicKind::PropertiesGetResponse),
        _ => None,
    };
    match response_kind {
        None => assert_eq!(response_status, Status::NotARequest),
        Some(kind) => {
            assert_eq!(response_status, Status::Ok);
            let text = &response[..response_len];
            assert_eq!(response[response_len], 0);
            let r = topic::parse_topic(text).unwrap().expect("the response topic parses");
            assert_eq!((r.kind, r.device_id, r.request_id), (kind, m.device_id, m.request_id));
        }
    }
}

/// Builds a topic from fuzz bytes through the C ABI: the first byte picks the kind number
/// (0-19, so unknown kinds too), the rest is the device id, then after the first 0xFF byte the
/// extra (request id or custom name). The result is exactly the documented check order:
/// unknown kind, device id, then the extra; a built topic parses back to its parts.
pub fn check_topic_build(data: &[u8]) {
    let Some((&k, rest)) = data.split_first() else { return };
    let code = u32::from(k % 20);
    let (device, extra) = match rest.iter().position(|b| *b == 0xff) {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    let mut buf = vec![0u8; topic::TOPIC_MAX_LEN + 1];
    let mut len = usize::MAX;
    let (extra_ptr, extra_len) = extra.map_or((std::ptr::null(), 0), |e| (e.as_ptr().cast(), e.len()));
    let status = unsafe {
        ffi::hwc_topic(
            code,
            device.as_ptr().cast(),
            device.len(),
            extra_ptr,
            extra_len,
            buf.as_mut_ptr().cast(),
            buf.len(),
            &mut len,
        )
    };
    let Some(&(kind, template)) = TOPICS.iter().find(|(k, _)| *k as u32 == code) else {
        assert_eq!(status, Status::InvalidTopicKind, "kind {code}");
        return;
    };
    let takes_id = template.contains("{id}");
    let optional_id = matches!(kind, TopicKind::MessagesUp | TopicKind::PropertiesReport);
    let expected = if !is_device_id(device) {
        Err(Status::InvalidDeviceId)
    } else if kind == TopicKind::User {
        match extra {
            Some(name) if is_user_name(name) => Ok(()),
            _ => Err(Status::InvalidArgument),
        }
    } else {
        match extra {
            None if takes_id => Err(Status::InvalidRequestId),
            None => Ok(()),
            Some(id) if (takes_id || optional_id) && is_request_id(id) => Ok(()),
            Some(_) => Err(Status::InvalidRequestId),
        }
    };
    match expected {
        Err(e) => assert_eq!((status, len), (e, 0), "{kind:?} {} {:?}", show(device), extra.map(show)),
        Ok(()) => {
            assert_eq!(status, Status::Ok, "{kind:?} {} {:?}", show(device), extra.map(show));
            let built = &buf[..len];
            assert_eq!(buf[len], 0);
            let m = topic::parse_topic(built).unwrap().expect("a built topic parses");
            assert_eq!((m.kind, m.device_id), (kind, device));
            let got_extra = if kind == TopicKind::User { m.name } else { m.request_id };
            assert_eq!(got_extra, extra);
            check_topic(built);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Decoders: an independent field table per message (protocol §3-4), a model of table decoding,
// and the Rust and C entry points.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    Str,
    Int,
    Obj,
    Arr,
    Any,
}

#[derive(Clone, Copy, Debug)]
pub struct FieldSpec {
    pub key: &'static str,
    pub ty: Ty,
    pub required: bool,
}

const fn r(key: &'static str, ty: Ty) -> FieldSpec {
    FieldSpec { key, ty, required: true }
}

const fn o(key: &'static str, ty: Ty) -> FieldSpec {
    FieldSpec { key, ty, required: false }
}

/// The C decoder's output: its status, its values (all absent on failure), the event kind for
/// `hwc_decode_event`, the three integers of `hwc_decode_time_sync_response`.
pub struct CDecoded {
    pub status: Status,
    pub values: Vec<hwc_json_value>,
    pub event_kind: Option<u32>,
    pub ints: Option<[i64; 3]>,
}

pub type RustDecode = for<'a> fn(&'a [u8]) -> Result<Vec<Tok<'a>>, Status>;

pub struct Decoder {
    pub name: &'static str,
    /// Decoder family (the fuzz target that covers it).
    pub family: &'static str,
    pub fields: &'static [FieldSpec],
    pub rust: RustDecode,
    pub c: fn(&[u8]) -> CDecoded,
}

impl std::fmt::Debug for Decoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

macro_rules! rust_decoder {
    ($name:ident, $call:expr) => {
        fn $name(json: &[u8]) -> Result<Vec<Tok<'_>>, Status> {
            #[allow(clippy::redundant_closure_call)]
            ($call)(json).map(Vec::from)
        }
    };
}

rust_decoder!(rust_command, command::decode_request);
rust_decoder!(rust_set, properties::decode_set_request);
rust_decoder!(rust_get, properties::decode_get_request);
rust_decoder!(rust_service, properties::decode_service);
rust_decoder!(rust_message_down, messages::decode_down);
rust_decoder!(rust_shadow_response, shadow::decode_response);
rust_decoder!(rust_shadow_entry, shadow::decode_entry);
rust_decoder!(rust_shadow_properties, shadow::decode_properties_data);
rust_decoder!(rust_events, events::decode_envelope);
rust_decoder!(rust_event, |j| events::decode_event(j).map(|(_, v)| v));
rust_decoder!(rust_version_query, |j| schema::decode(j, &events::VERSION_QUERY));
rust_decoder!(rust_upgrade, |j| schema::decode(j, &events::UPGRADE));
rust_decoder!(rust_time_sync, |j| schema::decode(j, &events::TIME_SYNC_RESPONSE));
rust_decoder!(rust_sub_device_notify, |j| schema::decode(j, &events::SUB_DEVICE_NOTIFY));
rust_decoder!(rust_sub_device_response, |j| schema::decode(j, &events::SUB_DEVICE_RESPONSE));
rust_decoder!(rust_device_info, |j| schema::decode(j, &events::DEVICE_INFO));
rust_decoder!(rust_failed_device, |j| schema::decode(j, &events::FAILED_DEVICE));
rust_decoder!(rust_bootstrap, |j| schema::decode(j, &events::BOOTSTRAP_DOWN));

macro_rules! c_decoder {
    ($name:ident, $func:ident, $ty:ident, [$($field:ident),*]) => {
        fn $name(json: &[u8]) -> CDecoded {
            // Every field starts as garbage so a field left unwritten shows.
            let mut out: ffi::$ty = unsafe { std::mem::zeroed() };
            $(out.$field = hwc_json_value { kind: 77, ptr: std::ptr::dangling(), len: 77 };)*
            let status = unsafe { ffi::$func(json.as_ptr().cast(), json.len(), &mut out) };
            CDecoded { status, values: vec![$(out.$field),*], event_kind: None, ints: None }
        }
    };
}

c_decoder!(c_command, hwc_decode_command_request, hwc_command_request, [object_device_id, service_id, command_name, paras]);
c_decoder!(c_set, hwc_decode_properties_set_request, hwc_properties_set_request, [object_device_id, services]);
c_decoder!(c_get, hwc_decode_properties_get_request, hwc_properties_get_request, [object_device_id, service_id]);
c_decoder!(c_service, hwc_decode_service, hwc_service, [service_id, properties, event_time]);
c_decoder!(c_message_down, hwc_decode_message_down, hwc_message_down, [object_device_id, name, id, content]);
c_decoder!(c_shadow_response, hwc_decode_shadow_response, hwc_shadow_response, [object_device_id, shadow]);
c_decoder!(c_shadow_entry, hwc_decode_shadow_entry, hwc_shadow_entry, [service_id, desired, reported, version]);
c_decoder!(c_shadow_properties, hwc_decode_shadow_properties, hwc_shadow_properties, [properties, event_time]);
c_decoder!(c_events, hwc_decode_events, hwc_events, [object_device_id, services]);
c_decoder!(c_version_query, hwc_decode_version_query, hwc_version_query, [task_id, sub_device_count, task_ext_info]);
c_decoder!(
    c_upgrade,
    hwc_decode_upgrade,
    hwc_upgrade,
    [version, url, file_size, file_name, access_token, expires, sign, custom_info, task_id, sub_device_count, task_ext_info]
);
c_decoder!(c_sub_device_notify, hwc_decode_sub_device_notify, hwc_sub_device_notify, [devices, version]);
c_decoder!(c_sub_device_response, hwc_decode_sub_device_response, hwc_sub_device_response, [successful_devices, failed_devices]);
c_decoder!(
    c_device_info,
    hwc_decode_device_info,
    hwc_device_info,
    [
        parent_device_id,
        node_id,
        device_id,
        name,
        description,
        manufacturer_id,
        model,
        product_id,
        fw_version,
        sw_version,
        status,
        extension_info
    ]
);
c_decoder!(c_failed_device, hwc_decode_failed_device, hwc_failed_device, [device_id, node_id, product_id, error_code, error_msg]);
c_decoder!(c_bootstrap, hwc_decode_bootstrap, hwc_bootstrap, [address, device_secret]);

fn c_event(json: &[u8]) -> CDecoded {
    let junk = hwc_json_value { kind: 77, ptr: std::ptr::dangling(), len: 77 };
    let mut out = ffi::hwc_event { kind: 77, service_id: junk, event_type: junk, event_time: junk, event_id: junk, paras: junk };
    let status = unsafe { ffi::hwc_decode_event(json.as_ptr().cast(), json.len(), &mut out) };
    CDecoded {
        status,
        values: vec![out.service_id, out.event_type, out.event_time, out.event_id, out.paras],
        event_kind: Some(out.kind),
        ints: None,
    }
}

fn c_time_sync(json: &[u8]) -> CDecoded {
    let mut out = ffi::hwc_time_sync_response { device_send_time: 7, server_recv_time: 7, server_send_time: 7 };
    let status = unsafe { ffi::hwc_decode_time_sync_response(json.as_ptr().cast(), json.len(), &mut out) };
    CDecoded {
        status,
        values: Vec::new(),
        event_kind: None,
        ints: Some([out.device_send_time, out.server_recv_time, out.server_send_time]),
    }
}

use Ty::*;

pub const COMMAND: &[FieldSpec] = &[o("object_device_id", Str), o("service_id", Str), o("command_name", Str), o("paras", Obj)];
pub const SET_REQUEST: &[FieldSpec] = &[o("object_device_id", Str), r("services", Arr)];
pub const GET_REQUEST: &[FieldSpec] = &[o("object_device_id", Str), o("service_id", Str)];
pub const SERVICE: &[FieldSpec] = &[r("service_id", Str), r("properties", Obj), o("event_time", Str)];
pub const MESSAGE_DOWN: &[FieldSpec] = &[o("object_device_id", Str), o("name", Str), o("id", Str), o("content", Any)];
pub const SHADOW_RESPONSE: &[FieldSpec] = &[o("object_device_id", Str), o("shadow", Arr)];
pub const SHADOW_ENTRY: &[FieldSpec] = &[r("service_id", Str), o("desired", Obj), o("reported", Obj), o("version", Int)];
pub const SHADOW_PROPERTIES: &[FieldSpec] = &[r("properties", Obj), o("event_time", Str)];
pub const EVENTS: &[FieldSpec] = &[o("object_device_id", Str), r("services", Arr)];
pub const EVENT: &[FieldSpec] =
    &[r("service_id", Str), r("event_type", Str), o("event_time", Str), o("event_id", Str), o("paras", Obj)];
pub const VERSION_QUERY: &[FieldSpec] = &[o("task_id", Str), o("sub_device_count", Int), o("task_ext_info", Any)];
pub const UPGRADE: &[FieldSpec] = &[
    r("version", Str),
    r("url", Str),
    o("file_size", Int),
    o("file_name", Str),
    o("access_token", Str),
    o("expires", Int),
    o("sign", Str),
    o("custom_info", Any),
    o("task_id", Str),
    o("sub_device_count", Int),
    o("task_ext_info", Any),
];
pub const TIME_SYNC: &[FieldSpec] = &[r("device_send_time", Int), r("server_recv_time", Int), r("server_send_time", Int)];
pub const SUB_DEVICE_NOTIFY: &[FieldSpec] = &[r("devices", Arr), o("version", Int)];
pub const SUB_DEVICE_RESPONSE: &[FieldSpec] = &[o("successful_devices", Arr), o("failed_devices", Arr)];
pub const DEVICE_INFO: &[FieldSpec] = &[
    o("parent_device_id", Str),
    o("node_id", Str),
    o("device_id", Str),
    o("name", Str),
    o("description", Str),
    o("manufacturer_id", Str),
    o("model", Str),
    o("product_id", Str),
    o("fw_version", Str),
    o("sw_version", Str),
    o("status", Str),
    o("extension_info", Any),
];
pub const FAILED_DEVICE: &[FieldSpec] =
    &[o("device_id", Str), o("node_id", Str), o("product_id", Str), o("error_code", Any), o("error_msg", Str)];
pub const BOOTSTRAP: &[FieldSpec] = &[r("address", Str), o("deviceSecret", Str)];

pub const DECODERS: [Decoder; 18] = [
    Decoder { name: "command_request", family: "command", fields: COMMAND, rust: rust_command, c: c_command },
    Decoder { name: "properties_set_request", family: "properties", fields: SET_REQUEST, rust: rust_set, c: c_set },
    Decoder { name: "properties_get_request", family: "properties", fields: GET_REQUEST, rust: rust_get, c: c_get },
    Decoder { name: "service", family: "properties", fields: SERVICE, rust: rust_service, c: c_service },
    Decoder { name: "message_down", family: "message", fields: MESSAGE_DOWN, rust: rust_message_down, c: c_message_down },
    Decoder {
        name: "shadow_response",
        family: "shadow",
        fields: SHADOW_RESPONSE,
        rust: rust_shadow_response,
        c: c_shadow_response,
    },
    Decoder { name: "shadow_entry", family: "shadow", fields: SHADOW_ENTRY, rust: rust_shadow_entry, c: c_shadow_entry },
    Decoder {
        name: "shadow_properties",
        family: "shadow",
        fields: SHADOW_PROPERTIES,
        rust: rust_shadow_properties,
        c: c_shadow_properties,
    },
    Decoder { name: "events", family: "events", fields: EVENTS, rust: rust_events, c: c_events },
    Decoder { name: "event", family: "events", fields: EVENT, rust: rust_event, c: c_event },
    Decoder { name: "version_query", family: "event_paras", fields: VERSION_QUERY, rust: rust_version_query, c: c_version_query },
    Decoder { name: "upgrade", family: "event_paras", fields: UPGRADE, rust: rust_upgrade, c: c_upgrade },
    Decoder { name: "time_sync_response", family: "event_paras", fields: TIME_SYNC, rust: rust_time_sync, c: c_time_sync },
    Decoder {
        name: "sub_device_notify",
        family: "event_paras",
        fields: SUB_DEVICE_NOTIFY,
        rust: rust_sub_device_notify,
        c: c_sub_device_notify,
    },
    Decoder {
        name: "sub_device_response",
        family: "event_paras",
        fields: SUB_DEVICE_RESPONSE,
        rust: rust_sub_device_response,
        c: c_sub_device_response,
    },
    Decoder { name: "device_info", family: "event_paras", fields: DEVICE_INFO, rust: rust_device_info, c: c_device_info },
    Decoder { name: "failed_device", family: "event_paras", fields: FAILED_DEVICE, rust: rust_failed_device, c: c_failed_device },
    Decoder { name: "bootstrap", family: "bootstrap", fields: BOOTSTRAP, rust: rust_bootstrap, c: c_bootstrap },
];

/// System events of protocol §4 the library names, with their `hwc_event_kind` numbers.
pub const EVENT_KINDS: [(&str, &str, u32); 19] = [
    ("$ota", "version_query", 1),
    ("$ota", "version_report", 2),
    ("$ota", "firmware_upgrade", 3),
    ("$ota", "software_upgrade", 4),
    ("$ota", "firmware_upgrade_v2", 5),
    ("$ota", "software_upgrade_v2", 6),
    ("$ota", "upgrade_progress_report", 7),
    ("$time_sync", "time_sync_request", 8),
    ("$time_sync", "time_sync_response", 9),
    ("$sdk_info", "sdk_info_report", 10),
    ("$sub_device_manager", "add_sub_device_notify", 11),
    ("$sub_device_manager", "delete_sub_device_notify", 12),
    ("$sub_device_manager", "sub_device_update_status", 13),
    ("$sub_device_manager", "sub_device_update_status_response", 14),
    ("$sub_device_manager", "add_sub_device_request", 15),
    ("$sub_device_manager", "add_sub_device_response", 16),
    ("$sub_device_manager", "delete_sub_device_request", 17),
    ("$sub_device_manager", "delete_sub_device_response", 18),
    ("$sub_device_manager", "sub_device_sync_request", 19),
];

pub fn event_kind_of(service_id: &str, event_type: &str) -> u32 {
    EVENT_KINDS.iter().find(|(s, t, _)| *s == service_id && *t == event_type).map_or(0, |k| k.2)
}

/// Table decoding as documented in `message/schema.rs`, on a document both parsers accept:
/// members are read in order; the first known key whose value has the wrong type fails the
/// decode (`null` is fine for optional fields; an integer field beyond i64 is `OutOfRange`);
/// then a missing required field is `MissingField`; otherwise each field is its last value.
pub fn predict<'a>(input: &'a [u8], value: &Value, fields: &[FieldSpec]) -> Result<Vec<Option<Tok<'a>>>, Status> {
    if !value.is_object() {
        return Err(Status::WrongType);
    }
    let mut last: Vec<Option<Tok>> = vec![None; fields.len()];
    for (key, tok) in reader_members(input) {
        let Some(i) = fields.iter().position(|f| f.key == key) else { continue };
        let field = fields[i];
        if tok.kind != Kind::Null || field.required {
            let verdict = match field.ty {
                Ty::Any => Ok(()),
                Ty::Str if tok.kind == Kind::String => Ok(()),
                Ty::Obj if tok.kind == Kind::Object => Ok(()),
                Ty::Arr if tok.kind == Kind::Array => Ok(()),
                Ty::Int if tok.kind == Kind::Number => match classify_int(tok.raw) {
                    IntClass::Int(_) => Ok(()),
                    IntClass::OutOfRange => Err(Status::OutOfRange),
                    IntClass::NotInt => Err(Status::WrongType),
                },
                _ => Err(Status::WrongType),
            };
            verdict?;
        }
        last[i] = Some(tok);
    }
    if fields.iter().zip(&last).any(|(f, v)| f.required && v.is_none()) {
        return Err(Status::MissingField);
    }
    Ok(last)
}

/// `messages::decode_down`: system format only when every key is an envelope key, the types
/// fit and `content` is a string or an object; `NoMatch` for anything else.
pub fn predict_message_down<'a>(input: &'a [u8], value: &Value) -> Result<Vec<Option<Tok<'a>>>, Status> {
    let Some(map) = value.as_object() else { return Err(Status::NoMatch) };
    if !map.keys().all(|k| MESSAGE_DOWN.iter().any(|f| f.key == k)) {
        return Err(Status::NoMatch);
    }
    let values = predict(input, value, MESSAGE_DOWN).map_err(|_| Status::NoMatch)?;
    match values[3] {
        Some(tok) if matches!(tok.kind, Kind::String | Kind::Object) => Ok(values),
        _ => Err(Status::NoMatch),
    }
}

fn same_tok(a: &Tok, b: &Tok) -> bool {
    a.kind == b.kind && a.raw.as_ptr() == b.raw.as_ptr() && a.raw.len() == b.raw.len()
}

/// Every decoder on `input`: never a panic; valid JSON decodes as the model predicts, with
/// values that are the right parts of the input and that serde_json reads the same; invalid
/// JSON never decodes; the C decoders return the same status and values.
/// Returns the names of the decoders that accepted the input.
pub fn check_decoders(input: &[u8]) -> Vec<&'static str> {
    check_decoders_of(input, None)
}

/// `check_decoders` for the decoders of one family only (`None`: all of them).
pub fn check_decoders_of(input: &[u8], family: Option<&str>) -> Vec<&'static str> {
    let verdict = check_reader(input);
    let mut accepted = Vec::new();
    for d in DECODERS.iter().filter(|d| family.is_none_or(|f| f == d.family)) {
        let got = (d.rust)(input);
        if let Ok(values) = &got {
            assert_eq!(values.len(), d.fields.len());
            for v in values {
                if v.kind != Kind::Absent {
                    offset_of(input, v.raw);
                }
            }
            accepted.push(d.name);
        }
        match &verdict {
            Verdict::Invalid => assert!(got.is_err(), "{} decodes invalid JSON {}", d.name, show(input)),
            Verdict::Unrepresentable => {}
            Verdict::Valid(value) => {
                let expected =
                    if d.name == "message_down" { predict_message_down(input, value) } else { predict(input, value, d.fields) };
                match (&got, &expected) {
                    (Ok(values), Ok(model)) => {
                        for ((field, v), m) in d.fields.iter().zip(values).zip(model) {
                            match m {
                                None => assert_eq!(v.kind, Kind::Absent, "{}.{} of {}", d.name, field.key, show(input)),
                                Some(m) => {
                                    assert!(same_tok(v, m), "{}.{}: {v:?}, expected {m:?} in {}", d.name, field.key, show(input));
                                    assert_eq!(value_of(v).as_ref(), value.get(field.key), "{}.{}", d.name, field.key);
                                }
                            }
                        }
                    }
                    (Err(e), Err(m)) => {
                        assert_eq!(e, m, "{} on {}", d.name, show(input));
                    }
                    _ => panic!("{}: got {got:?}, expected {expected:?} on {}", d.name, show(input)),
                }
            }
        }
        check_c_decoder(d, input, &got);
    }
    if family.is_none_or(|f| f == "events" || f == "event_paras") {
        check_event_extras(input);
    }
    accepted
}

fn check_c_decoder(d: &Decoder, input: &[u8], rust: &Result<Vec<Tok>, Status>) {
    let c = (d.c)(input);
    assert_eq!(c.status, rust.as_ref().err().copied().unwrap_or(Status::Ok), "C {} on {}", d.name, show(input));
    if let Some(ints) = c.ints {
        match rust {
            Ok(values) => {
                let want: Vec<i64> = values.iter().map(|v| v.as_i64().expect("decoded integers")).collect();
                assert_eq!(&ints[..], &want[..]);
            }
            Err(_) => assert_eq!(ints, [0, 0, 0]),
        }
        return;
    }
    match rust {
        Ok(values) => {
            let want: Vec<_> = values.iter().map(|v| c_value(&hwc_json_value::from(*v))).collect();
            let got: Vec<_> = c.values.iter().map(c_value).collect();
            assert_eq!(got, want, "C {} values", d.name);
        }
        Err(_) => assert!(c.values.iter().all(|v| c_value(v) == (0, 0, 0)), "C {} leaves values after a failure", d.name),
    }
    if let Some(kind) = c.event_kind {
        let want = match rust {
            Ok(values) => event_kind_of(&unescaped(values[0].raw), &unescaped(values[1].raw)),
            Err(_) => 0,
        };
        assert_eq!(kind, want, "C event kind");
    }
}

/// `decode_event`'s kind and `time_sync_now` on the time-sync paras.
fn check_event_extras(input: &[u8]) {
    if let Ok((kind, values)) = events::decode_event(input) {
        assert_eq!(kind as u32, event_kind_of(&unescaped(values[0].raw), &unescaped(values[1].raw)));
        assert_eq!(events::classify(values[0].raw, values[1].raw), kind);
    }
    for device_recv in [0i64, 1_582_685_680_000, i64::MAX, i64::MIN] {
        let now = events::time_sync_now(input, device_recv);
        match schema::decode(input, &events::TIME_SYNC_RESPONSE) {
            Err(e) => assert_eq!(now, Err(e)),
            Ok([send, recv, sent]) => {
                let (a, b, c) = (send.as_i64().unwrap(), recv.as_i64().unwrap(), sent.as_i64().unwrap());
                check_time_sync(a, b, c, device_recv, now);
            }
        }
    }
}

/// `(server_recv + server_send + device_recv - device_send) / 2` computed exactly (no partial sum
/// can overflow), rounded toward zero; `OutOfRange` only when the result leaves i64.
pub fn check_time_sync(send: i64, recv: i64, sent: i64, device_recv: i64, got: Result<i64, Status>) {
    let sum = i128::from(recv) + i128::from(sent) + i128::from(device_recv) - i128::from(send);
    let want = i64::try_from(sum / 2).map_err(|_| Status::OutOfRange);
    assert_eq!(got, want, "time_sync_now({send}, {recv}, {sent}, {device_recv})");
}

// ---------------------------------------------------------------------------------------------
// Seeds: the payload and topic examples of the protocol document (§2-4), for mutation.

pub const PAYLOAD_EXAMPLES: &[&str] = &[
    r#"{"services":[{"service_id":"Temperature","properties":{"value":57,"value2":60},"event_time":"20151212T121212Z"},{"service_id":"Battery","properties":{"level":80},"event_time":"20151212T121212Z"}]}"#,
    r#"{"devices":[{"device_id":"child-1","services":[{"service_id":"analog","properties":{"PhV_phsA":"1"},"event_time":"20190606T121212Z"}]}]}"#,
    r#"{"object_device_id":"dev-1","services":[{"service_id":"Temperature","properties":{"value":57}}]}"#,
    r#"{"result_code":0,"result_desc":"success"}"#,
    r#"{"object_device_id":"dev-1","service_id":"Temperature"}"#,
    r#"{"service_id":"Temperature","properties":{"value":57},"event_time":"20190606T121212Z"}"#,
    r#"{"object_device_id":"dev-1","shadow":[{"service_id":"WaterMeter","desired":{"properties":{"temperature":"60"},"event_time":"20151212T121212Z"},"reported":{"properties":{"temperature":"60"},"event_time":"20151212T121212Z"},"version":1}]}"#,
    r#"{"service_id":"WaterMeter","desired":{"properties":{"temperature":"60"},"event_time":"20151212T121212Z"},"version":1}"#,
    r#"{"properties":{"temperature":"60"},"event_time":"2020-08-12T12:12:12.333Z"}"#,
    r#"{"object_device_id":"dev-1","command_name":"ON_OFF","service_id":"WaterMeter","paras":{"value":"1"}}"#,
    r#"{"result_code":0,"response_name":"COMMAND_RESPONSE","paras":{"result":"success"}}"#,
    r#"{"object_device_id":"dev-1","name":null,"id":"aca6a906-0d2b-4f6b-8f3e-1d8a5c3f0f21","content":"hello!"}"#,
    r#"{"name":"n","content":{"k":[1,2,{"x":null}]}}"#,
    r#"{"object_device_id":"dev-1","services":[{"service_id":"$ota","event_type":"version_report","event_time":"20151212T121212Z","event_id":"40cc9ab1-3579-488c-95c6-c18941c99eb4","paras":{}}]}"#,
    r#"{"service_id":"$ota","event_type":"firmware_upgrade","event_time":"20151212T121212Z","paras":{"version":"v1.2","url":"https://10.1.1.1:8943/iodm/inner/v1.3.0/firmwarefiles/abc","file_size":81920,"access_token":"595124473f866b033dfa1f","expires":86400,"sign":"41e7e10b2a5b2ac0a53a6e32f6bd4ba2e5a2c75c3f2cf1d4bcbcbf1e5e8a4f56"}}"#,
    r#"{"version":"v1.2","url":"https://obs.example/x.bin","file_size":81920,"file_name":"x.bin","expires":3600,"sign":"00ff","custom_info":"c","task_id":"t-1","sub_device_count":2,"task_ext_info":{"k":"v"}}"#,
    r#"{"task_id":"t-1","sub_device_count":2,"task_ext_info":{"k":"v"}}"#,
    r#"{"services":[{"service_id":"$time_sync","event_type":"time_sync_request","event_time":"20151212T121212Z","paras":{"device_send_time":1582685678789}}]}"#,
    r#"{"device_send_time":1582685678789,"server_recv_time":1582685696152,"server_send_time":1582685708109}"#,
    r#"{"devices":[{"parent_device_id":"gw","node_id":"n1","device_id":"gw_n1","name":"a","description":"d","manufacturer_id":"m","model":"x","product_id":"p","fw_version":"1","sw_version":"2","status":"ONLINE","extension_info":{"k":1}}],"version":42}"#,
    r#"{"successful_devices":[{"device_id":"gw_n1","status":"ONLINE"}],"failed_devices":[{"device_id":"gw_n2","error_code":"IOTDA.014016","error_msg":"not found"}]}"#,
    r#"{"parent_device_id":"gw","node_id":"n1","device_id":"gw_n1","product_id":"p","status":"OFFLINE"}"#,
    r#"{"node_id":"n3","product_id":"p","error_code":40001,"error_msg":"bad"}"#,
    r#"{"address":"iot-mqtts.cn-north-4.myhuaweicloud.com:8883","deviceSecret":"d1f2"}"#,
    r#"{"services":[{"service_id":"$sub_device_manager","event_type":"delete_sub_device_response","paras":{"successful_devices":["gw_n1"],"failed_devices":[]}}]}"#,
    "{\n  \"s\\u0065rvice_id\" : \"$ota\" ,\t\"event_type\":\"version_query\",\r\n \"paras\" : { } }",
];

pub const TOPIC_EXAMPLES: &[&str] = &[
    "$oc/devices/5fbbb784b4ec2202e982e643_868540050954037/sys/messages/up",
    "$oc/devices/dev-1/sys/messages/up?request_id=123",
    "$oc/devices/dev-1/sys/messages/down",
    "$oc/devices/dev-1/sys/commands/request_id=42",
    "$oc/devices/dev-1/sys/commands/response/request_id=42",
    "$oc/devices/dev-1/sys/properties/report",
    "$oc/devices/dev-1/sys/properties/report?request_id=aca6a906-0d2b",
    "$oc/devices/dev-1/sys/gateway/sub_devices/properties/report",
    "$oc/devices/dev-1/sys/properties/set/request_id=1",
    "$oc/devices/dev-1/sys/properties/set/response/request_id=1",
    "$oc/devices/dev-1/sys/properties/get/request_id=2",
    "$oc/devices/dev-1/sys/properties/get/response/request_id=2",
    "$oc/devices/dev-1/sys/shadow/get/request_id=3",
    "$oc/devices/dev-1/sys/shadow/get/response/request_id=3",
    "$oc/devices/dev-1/sys/events/up",
    "$oc/devices/dev-1/sys/events/down",
    "$oc/devices/dev-1/sys/bootstrap/up",
    "$oc/devices/dev-1/sys/bootstrap/down",
    "$oc/devices/dev-1/user/telemetry/raw",
    "$oc/devices/dev-1/sys/commands/#",
    "$oc/m2m/to/dev-1/from/dev-2/request_id=9",
];
