//! Shared by the property tests: proptest configuration, generators of text and JSON documents,
//! and the oracle (`oracle.rs`, also compiled into the fuzz targets).
#![allow(dead_code)]

pub mod oracle;

use oracle::Op;
use proptest::prelude::*;
use serde_json::Value;

/// A fixed number of cases per property (times `HWC_PROPTEST_SCALE`, default 1, for long runs);
/// failures are shrunk and printed, never written to `proptest-regressions/`.
pub fn config(cases: u32) -> ProptestConfig {
    let scale = std::env::var("HWC_PROPTEST_SCALE").ok().and_then(|s| s.parse::<u32>().ok()).unwrap_or(1).max(1);
    ProptestConfig { cases: cases.saturating_mul(scale), failure_persistence: None, ..ProptestConfig::default() }
}

/// Characters with the awkward ones over-represented: controls, quotes, backslash, DEL, the
/// edges of each UTF-8 length, line separators, BOM, astral characters and emoji.
pub fn any_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => any::<char>(),
        3 => prop::char::range(' ', '~'),
        2 => prop::char::range('\0', '\x1f'),
        2 => prop::sample::select(vec![
            '"', '\\', '/', '\x7f', '\u{80}', '\u{7ff}', '\u{800}', '\u{2028}', '\u{2029}', '\u{d7ff}', '\u{e000}',
            '\u{fffd}', '\u{feff}', '\u{ffff}', '\u{10000}', '\u{10ffff}',
        ]),
        1 => prop::char::range('\u{1f300}', '\u{1faff}'),
    ]
}

pub fn any_text(max_chars: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(any_char(), 0..=max_chars).prop_map(|chars| chars.into_iter().collect())
}

/// Object keys: random text, or a few fixed names so that repeated keys happen.
pub fn key_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => any_text(12),
        1 => prop::sample::select(vec!["a", "b", "value", "service_id", ""]).prop_map(str::to_owned),
    ]
}

/// Any finite f64, with round numbers and small ranges mixed in. Without `float_roundtrip`,
/// serde_json reads the largest floats (f64::MAX in any spelling) as out of range: those are
/// left out then, as serde_json could not judge them.
pub fn finite_f64() -> impl Strategy<Value = f64> {
    use prop::num::f64 as f;
    prop_oneof![
        4 => f::POSITIVE | f::NEGATIVE | f::NORMAL | f::SUBNORMAL | f::ZERO,
        1 => -1e6..1e6f64,
        1 => any::<i32>().prop_map(f64::from),
        1 => prop::sample::select(vec![0.1, -0.0, 1e21, 1e-7, 5e-324, f64::MAX, f64::MIN, f64::EPSILON, 9007199254740993.0]),
    ]
    .prop_filter("serde_json cannot read it", |x| {
        serde_floats_exact()
            || [FloatForm::Display, FloatForm::Exp, FloatForm::Debug]
                .iter()
                .all(|form| serde_json::from_str::<f64>(&float_text(*x, *form)).is_ok())
    })
}

/// How a float is formatted by Rust before `number_text` gets it.
#[derive(Clone, Copy, Debug)]
pub enum FloatForm {
    /// `{}`: plain decimal, never an exponent (`1e300` is 301 digits).
    Display,
    /// `{:e}`: `1.5e-7`.
    Exp,
    /// `{:?}`: shortest round-trip, `1.0`, `1e300`.
    Debug,
}

pub fn float_text(x: f64, form: FloatForm) -> String {
    match form {
        FloatForm::Display => format!("{x}"),
        FloatForm::Exp => format!("{x:e}"),
        FloatForm::Debug => format!("{x:?}"),
    }
}

pub fn float_form() -> impl Strategy<Value = FloatForm> {
    prop_oneof![Just(FloatForm::Display), Just(FloatForm::Exp), Just(FloatForm::Debug)]
}

/// A JSON document as the writer is asked to write it.
#[derive(Clone, Debug)]
pub enum Doc {
    Null,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64, FloatForm),
    Decimal(i64, u8),
    Str(String),
    Arr(Vec<Doc>),
    /// Members in writing order; keys may repeat (the last one wins when read).
    Obj(Vec<(String, Doc)>),
}

pub fn leaf() -> impl Strategy<Value = Doc> {
    prop_oneof![
        1 => Just(Doc::Null),
        1 => any::<bool>().prop_map(Doc::Bool),
        1 => any::<i64>().prop_map(Doc::Int),
        1 => any::<u64>().prop_map(Doc::Uint),
        1 => (finite_f64(), float_form()).prop_map(|(x, f)| Doc::Float(x, f)),
        1 => (any::<i64>(), 0u8..=18).prop_map(|(m, s)| Doc::Decimal(m, s)),
        3 => any_text(24).prop_map(Doc::Str),
    ]
}

/// Documents up to `depth` levels (a scalar, or containers of up to 8 items).
pub fn doc(depth: u32) -> impl Strategy<Value = Doc> {
    leaf().prop_recursive(depth, 96, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Doc::Arr),
            prop::collection::vec((key_text(), inner), 0..8).prop_map(Doc::Obj),
        ]
    })
}

/// A document that is an object or an array at the top.
pub fn container(depth: u32) -> impl Strategy<Value = Doc> {
    doc(depth).prop_map(|d| match d {
        d @ (Doc::Arr(_) | Doc::Obj(_)) => d,
        scalar => Doc::Arr(vec![scalar]),
    })
}

/// The writer calls that write `doc`.
pub fn lower(doc: &Doc, ops: &mut Vec<Op>) {
    match doc {
        Doc::Null => ops.push(Op::Null),
        Doc::Bool(b) => ops.push(Op::Bool(*b)),
        Doc::Int(v) => ops.push(Op::Int(*v)),
        Doc::Uint(v) => ops.push(Op::Uint(*v)),
        Doc::Float(x, form) => ops.push(Op::Number(float_text(*x, *form).into_bytes())),
        Doc::Decimal(m, s) => ops.push(Op::Decimal(*m, *s)),
        Doc::Str(s) => ops.push(Op::Str(s.clone().into_bytes())),
        Doc::Arr(items) => {
            ops.push(Op::BeginArray);
            items.iter().for_each(|item| lower(item, ops));
            ops.push(Op::EndArray);
        }
        Doc::Obj(members) => {
            ops.push(Op::BeginObject);
            for (k, v) in members {
                ops.push(Op::Key(k.clone().into_bytes()));
                lower(v, ops);
            }
            ops.push(Op::EndObject);
        }
    }
}

pub fn ops_of(doc: &Doc) -> Vec<Op> {
    let mut ops = Vec::new();
    lower(doc, &mut ops);
    ops
}

/// Whether serde_json 1.0.128 parses floats exactly here (its `float_roundtrip` feature). Without
/// it, its reading may be a few units in the last place off (at most 2 over 10^6 random floats
/// in each of Rust's three spellings), so float comparisons allow `FLOAT_ULPS`, and the exact
/// check goes through Rust's own (correctly rounded) `parse` of the same text.
pub fn serde_floats_exact() -> bool {
    serde_json::from_str::<f64>("7.848651374824533e211").ok() == Some(7.848651374824533e211)
        && serde_json::from_str::<f64>("2.8845450099725526e-43").ok() == Some(2.8845450099725526e-43)
}

/// Units in the last place two serde_json readings of one float may differ by: 2 per reading.
pub fn float_ulps() -> u64 {
    if serde_floats_exact() {
        0
    } else {
        4
    }
}

fn ulps_apart(a: f64, b: f64) -> u64 {
    if a == b {
        return 0;
    }
    let key = |x: f64| {
        let bits = x.to_bits() as i64;
        if bits < 0 {
            i64::MIN - bits
        } else {
            bits
        }
    };
    key(a).abs_diff(key(b))
}

/// Panics unless serde_json's reading of the writer's output is `doc`: same structure, strings,
/// integers; floats equal (within one ulp when serde_json is not built to round-trip floats,
/// exactly through Rust's `parse` on the same text); decimals equal to their text.
pub fn assert_doc_eq(doc: &Doc, value: &Value, path: &str) {
    match (doc, value) {
        (Doc::Null, Value::Null) => {}
        (Doc::Bool(b), Value::Bool(v)) => assert_eq!(b, v, "{path}"),
        (Doc::Int(i), Value::Number(n)) => assert_eq!(n.as_i64(), Some(*i), "{path}"),
        (Doc::Uint(u), Value::Number(n)) => assert_eq!(n.as_u64(), Some(*u), "{path}"),
        (Doc::Float(x, form), Value::Number(n)) => {
            let text = float_text(*x, *form);
            assert_eq!(text.parse::<f64>().ok(), Some(*x), "{path}: Rust parse of {text}");
            let got = n.as_f64().unwrap_or(f64::NAN);
            assert!(ulps_apart(got, *x) <= float_ulps() / 2, "{path}: {text} read back as {got}");
        }
        (Doc::Decimal(m, s), Value::Number(n)) => {
            let text = oracle::model_decimal(*m, *s);
            let want: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(value, &want, "{path}: decimal {m}e-{s} = {text}");
            let _ = n;
        }
        (Doc::Str(s), Value::String(v)) => assert_eq!(s, v, "{path}"),
        (Doc::Arr(items), Value::Array(values)) => {
            assert_eq!(items.len(), values.len(), "{path}: array length");
            for (i, (d, v)) in items.iter().zip(values).enumerate() {
                assert_doc_eq(d, v, &format!("{path}[{i}]"));
            }
        }
        (Doc::Obj(members), Value::Object(map)) => {
            let mut keys: Vec<&String> = members.iter().map(|(k, _)| k).collect();
            keys.sort();
            keys.dedup();
            assert_eq!(keys.len(), map.len(), "{path}: distinct keys");
            for key in keys {
                let last = &members.iter().rev().find(|(k, _)| k == key).unwrap().1;
                let v = map.get(key.as_str()).unwrap_or_else(|| panic!("{path}: key {key:?} lost"));
                assert_doc_eq(last, v, &format!("{path}.{key:?}"));
            }
        }
        _ => panic!("{path}: wrote {doc:?}, read back {value}"),
    }
}

/// JSON text of a serde value with random insignificant whitespace and random escaping of
/// string characters (`\uXXXX`, surrogate pairs, `\/`): the same value, spelled differently.
pub fn spell(value: &Value, style: &[u8], out: &mut String) {
    let mut i = 0usize;
    spell_at(value, style, &mut i, out);
}

fn next(style: &[u8], i: &mut usize) -> u8 {
    let b = if style.is_empty() { 0 } else { style[*i % style.len()] };
    *i += 1;
    b
}

fn ws(style: &[u8], i: &mut usize, out: &mut String) {
    let b = next(style, i);
    if b < 200 {
        return;
    }
    out.push_str([" ", "\n", "\t", "\r\n ", "  "][usize::from(b % 5)]);
}

pub fn spell_string(text: &str, style: &[u8], i: &mut usize, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        let b = next(style, i);
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 || b > 220 => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    if b & 1 == 0 {
                        out.push_str(&format!("\\u{unit:04x}"));
                    } else {
                        out.push_str(&format!("\\u{unit:04X}"));
                    }
                }
            }
            '/' if b > 128 => out.push_str("\\/"),
            '\n' if b > 100 => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
}

fn spell_at(value: &Value, style: &[u8], i: &mut usize, out: &mut String) {
    ws(style, i, out);
    match value {
        Value::Array(items) => {
            out.push('[');
            for (n, item) in items.iter().enumerate() {
                if n > 0 {
                    out.push(',');
                }
                spell_at(item, style, i, out);
            }
            ws(style, i, out);
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (n, (k, v)) in map.iter().enumerate() {
                if n > 0 {
                    out.push(',');
                }
                ws(style, i, out);
                spell_string(k, style, i, out);
                ws(style, i, out);
                out.push(':');
                spell_at(v, style, i, out);
            }
            ws(style, i, out);
            out.push('}');
        }
        Value::String(s) => spell_string(s, style, i, out),
        other => out.push_str(&other.to_string()),
    }
    ws(style, i, out);
}

/// serde value of a document (last key wins; floats through serde_json).
pub fn doc_value(doc: &Doc) -> Value {
    match doc {
        Doc::Null => Value::Null,
        Doc::Bool(b) => Value::Bool(*b),
        Doc::Int(v) => Value::from(*v),
        Doc::Uint(v) => Value::from(*v),
        Doc::Float(x, form) => serde_json::from_str(&float_text(*x, *form)).unwrap(),
        Doc::Decimal(m, s) => serde_json::from_str(&oracle::model_decimal(*m, *s)).unwrap(),
        Doc::Str(s) => Value::String(s.clone()),
        Doc::Arr(items) => Value::Array(items.iter().map(doc_value).collect()),
        Doc::Obj(members) => {
            let mut map = serde_json::Map::new();
            for (k, v) in members {
                map.insert(k.clone(), doc_value(v));
            }
            Value::Object(map)
        }
    }
}

/// Byte-level mutations of an input: flip, insert, delete, duplicate or truncate.
#[derive(Clone, Debug)]
pub enum Mutation {
    Set(usize, u8),
    Insert(usize, u8),
    Delete(usize),
    Duplicate(usize, usize),
    Truncate(usize),
    Splice(usize, Vec<u8>),
}

/// Fragments inserted by `Splice`: JSON syntax and the protocol's keys.
pub const FRAGMENTS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "\\",
    "\\u",
    "\\ud83d\\ude00",
    "\\ud800",
    "null",
    "true",
    "-",
    "1e400",
    "0.5",
    "99999999999999999999",
    "-9223372036854775809",
    "9223372036854775807",
    "\"services\":",
    "\"service_id\":",
    "\"paras\":{}",
    "\"version\":",
    "\"shadow\":[]",
    "\"content\":",
    "\"devices\":[]",
    "\"address\":\"a\"",
    "\"event_type\":\"version_query\"",
    "\"$ota\"",
    "\u{0}",
    "\u{ff}",
    "request_id=",
    "/sys/",
    "?",
    "#",
    "+",
    "/",
    "$oc/devices/",
    "/user/",
    "response/",
];

pub fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        1 => (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Set(i, b)),
        1 => (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Insert(i, b)),
        1 => any::<usize>().prop_map(Mutation::Delete),
        1 => (any::<usize>(), 1usize..16).prop_map(|(i, n)| Mutation::Duplicate(i, n)),
        1 => any::<usize>().prop_map(Mutation::Truncate),
        2 => (any::<usize>(), prop::sample::select(FRAGMENTS)).prop_map(|(i, f)| Mutation::Splice(i, f.as_bytes().to_vec())),
    ]
}

pub fn mutate(input: &mut Vec<u8>, m: &Mutation) {
    let at = |i: usize, len: usize| if len == 0 { 0 } else { i % (len + 1) };
    match m {
        Mutation::Set(i, b) if !input.is_empty() => {
            let i = i % input.len();
            input[i] = *b;
        }
        Mutation::Set(..) => {}
        Mutation::Insert(i, b) => input.insert(at(*i, input.len()), *b),
        Mutation::Delete(i) if !input.is_empty() => {
            input.remove(i % input.len());
        }
        Mutation::Delete(_) => {}
        Mutation::Duplicate(i, n) => {
            let start = at(*i, input.len());
            let end = (start + n).min(input.len());
            let piece = input[start..end].to_vec();
            input.splice(start..start, piece);
        }
        Mutation::Truncate(i) => {
            let n = at(*i, input.len());
            input.truncate(n);
        }
        Mutation::Splice(i, fragment) => {
            let i = at(*i, input.len());
            input.splice(i..i, fragment.iter().copied());
        }
    }
}

/// Structural equality with floats allowed `float_ulps` apart (two serde_json readings of one
/// float may differ when it does not parse floats exactly).
pub fn values_close(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) if x.is_f64() || y.is_f64() => {
            let (x, y) = (x.as_f64().unwrap_or(f64::NAN), y.as_f64().unwrap_or(f64::NAN));
            ulps_apart(x, y) <= float_ulps()
        }
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| values_close(x, y)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| values_close(v, w)))
        }
        _ => a == b,
    }
}
