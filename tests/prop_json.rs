//! Property tests of the JSON writer and reader against serde_json and against the independent
//! models in `prop_common/oracle.rs` (issue 2, item 6).

mod prop_common;

use huaweicloud::error::Status;
use huaweicloud::json::reader::{JsonReader, Kind, ReaderState};
use huaweicloud::json::writer::{JsonWriter, WriterState};
use prop_common::oracle::{self, check_reader, check_writer_ops, Op, Verdict};
use prop_common::*;
use proptest::prelude::*;
use serde_json::Value;

fn parse(text: &[u8]) -> Value {
    serde_json::from_slice(text)
        .unwrap_or_else(|e| panic!("serde_json rejects writer output {:?}: {e}", String::from_utf8_lossy(text)))
}

/// Byte sequences that are never UTF-8: lone continuation bytes, overlong forms, surrogates,
/// code points past U+10FFFF, truncated sequences, bytes that never occur.
fn invalid_utf8() -> impl Strategy<Value = Vec<u8>> {
    let bad = prop::sample::select(vec![
        vec![0x80],
        vec![0xbf],
        vec![0xc0, 0xaf],
        vec![0xc1, 0xbf],
        vec![0xe0, 0x80, 0xaf],
        vec![0xed, 0xa0, 0x80],
        vec![0xed, 0xbf, 0xbf],
        vec![0xf0, 0x80, 0x80, 0xaf],
        vec![0xf4, 0x90, 0x80, 0x80],
        vec![0xf5, 0x80, 0x80, 0x80],
        vec![0xc3],
        vec![0xe2, 0x82],
        vec![0xf0, 0x9f, 0x98],
        vec![0xfe],
        vec![0xff],
    ]);
    let random = prop::collection::vec(any::<u8>(), 1..16).prop_filter("not UTF-8", |b| std::str::from_utf8(b).is_err());
    (any_text(8), prop_oneof![3 => bad, 1 => random], any_text(8)).prop_map(|(head, bad, tail)| {
        let mut out = head.into_bytes();
        out.extend_from_slice(&bad);
        out.extend_from_slice(tail.as_bytes());
        out
    })
}

/// Pieces of JSON text, valid and not, for token soups.
const TOKENS: &[&[u8]] = &[
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b":",
    b" ",
    b"\n",
    b"\t",
    b"\r",
    b"\x0c",
    b"\"a\"",
    b"\"\"",
    b"\"k\":",
    b"\"\\u00e9\"",
    b"\"\\ud83d\\ude00\"",
    b"\"\\ud800\"",
    b"\"\\udc00\"",
    b"\"\\ud800\\u0041\"",
    b"\"\\ud800\\udbff\"",
    b"\"\\x\"",
    b"\"\\/\\b\\f\\n\\r\\t\\\"\\\\\"",
    b"\"\x01\"",
    b"\"\x1f\"",
    b"\"\x7f\"",
    b"\"\xc3\xa9\"",
    b"\"\xff\"",
    b"\"\xed\xa0\x80\"",
    b"\"\xc0\xaf\"",
    b"\"\\u12\"",
    b"\"\\uzzzz\"",
    b"\"",
    b"\\",
    b"0",
    b"-0",
    b"1",
    b"-1",
    b"12",
    b"01",
    b"1.",
    b".5",
    b"1.5",
    b"1e5",
    b"1E+5",
    b"1e-5",
    b"1e",
    b"-",
    b"+1",
    b"1e400",
    b"99999999999999999999",
    b"true",
    b"false",
    b"null",
    b"tru",
    b"nul",
    b"True",
    b"NaN",
    b"Infinity",
    b"\xef\xbb\xbf",
    b"/",
    b"\x00",
    b"a",
    b"//",
    b"/*c*/",
];

fn token_soup() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(prop::sample::select(TOKENS), 0..24).prop_map(|tokens| tokens.concat())
}

proptest! {
    #![proptest_config(config(1000))]

    /// Any Unicode text, as a value and as a key, reads back equal through serde_json; the
    /// writer output is exactly the model's escaping, measured, sized and bounded.
    #[test]
    fn strings_round_trip(s in any_text(64), small in any::<usize>()) {
        let text = check_writer_ops(&[Op::Str(s.clone().into_bytes())], small).expect("a finished document");
        prop_assert_eq!(parse(&text), Value::String(s.clone()));
        let ops = [Op::BeginObject, Op::Key(s.clone().into_bytes()), Op::Str(s.clone().into_bytes()), Op::EndObject];
        let text = check_writer_ops(&ops, small).expect("a finished document");
        let value = parse(&text);
        prop_assert_eq!(value.get(&s), Some(&Value::String(s.clone())));
    }

    /// Finite floats formatted by Rust's `{}`, `{:e}` and `{:?}` pass `number_text` unchanged:
    /// the reader gives back the same text, which Rust parses to the same float, and serde_json
    /// reads it as that float (within 2 ulps unless built with `float_roundtrip`).
    #[test]
    fn floats_round_trip(x in finite_f64(), form in float_form(), small in any::<usize>()) {
        let text = float_text(x, form);
        let doc = check_writer_ops(&[Op::BeginArray, Op::Number(text.clone().into_bytes()), Op::EndArray], small).expect("finished");
        let mut reader = JsonReader::open(&doc, Kind::Array).unwrap();
        let number = reader.next_value().unwrap().unwrap();
        prop_assert_eq!(number.kind, Kind::Number);
        prop_assert_eq!(number.raw, text.as_bytes());
        prop_assert_eq!(std::str::from_utf8(number.raw).unwrap().parse::<f64>().unwrap(), x);
        assert_doc_eq(&Doc::Arr(vec![Doc::Float(x, form)]), &parse(&doc), "$");
    }

    /// Fixed-point decimals: the text is the mantissa's digits with the point `scale` places
    /// from the right (zero-padded), serde_json reads it; scales past 18 are refused.
    #[test]
    fn decimals(m in any::<i64>(), scale in 0u8..=24, small in any::<usize>()) {
        let doc = check_writer_ops(&[Op::Decimal(m, scale)], small);
        if scale > 18 {
            prop_assert!(doc.is_none());
            let mut buf = [0u8; 64];
            let mut w = JsonWriter::new(&mut buf);
            prop_assert_eq!(w.decimal(m, scale), Err(Status::InvalidArgument));
        } else {
            let doc = doc.expect("finished");
            let text = String::from_utf8(doc.clone()).unwrap();
            let (whole, frac) = text.trim_start_matches('-').split_once('.').unwrap_or((text.trim_start_matches('-'), ""));
            prop_assert_eq!(frac.len(), usize::from(scale));
            prop_assert_eq!(text.starts_with('-'), m < 0);
            let digits = format!("{whole}{frac}");
            let mantissa = m.unsigned_abs().to_string();
            prop_assert_eq!(digits.trim_start_matches('0'), mantissa.trim_start_matches('0'));
            prop_assert!(whole == "0" || !whole.starts_with('0'), "leading zero in {}", text);
            let _ = parse(&doc);
        }
    }
}

proptest! {
    #![proptest_config(config(512))]

    /// Random nested documents (objects with repeated keys, arrays, strings, i64, u64, floats,
    /// decimals, booleans, nulls) read back equal through serde_json; measured size, exact
    /// buffer, smaller buffers and the C ABI all behave (see `check_writer_ops`).
    #[test]
    fn documents_round_trip(d in doc(6), small in any::<usize>()) {
        let text = check_writer_ops(&ops_of(&d), small).expect("a finished document");
        assert_doc_eq(&d, &parse(&text), "$");
    }

    /// Operation lists from random bytes (mostly calls out of order): every call's result, the
    /// sticky first error, and the output agree with the model and the C ABI.
    #[test]
    fn writer_random_calls(bytes in prop::collection::vec(any::<u8>(), 0..160), small in any::<usize>()) {
        check_writer_ops(&oracle::ops_from_bytes(&bytes), small);
    }

    /// Valid call lists with one to three calls dropped, repeated, swapped or inserted.
    #[test]
    fn writer_mutated_calls(
        d in container(4),
        edits in prop::collection::vec((0u8..4, any::<usize>(), any::<usize>(), prop::collection::vec(any::<u8>(), 1..12)), 1..4),
        small in any::<usize>(),
    ) {
        let mut ops = ops_of(&d);
        for (what, i, j, bytes) in edits {
            let n = ops.len();
            match what {
                0 if n > 0 => { ops.remove(i % n); }
                1 if n > 0 => { let op = ops[i % n].clone(); ops.insert(j % (n + 1), op); }
                2 if n > 0 => ops.swap(i % n, j % n),
                _ => {
                    let extra = oracle::ops_from_bytes(&bytes);
                    let at = if n == 0 { 0 } else { i % (n + 1) };
                    ops.splice(at..at, extra);
                }
            }
        }
        check_writer_ops(&ops, small);
    }

    /// Invalid UTF-8 in a key or a string, wherever it comes, is `InvalidUtf8`, sticks, and
    /// none of it reaches the buffer.
    #[test]
    fn invalid_utf8_is_rejected(bad in invalid_utf8(), place in 0u8..5, small in any::<usize>()) {
        let bad_op = if place == 1 { Op::Key(bad.clone()) } else { Op::Str(bad.clone()) };
        let ops: Vec<Op> = match place {
            0 => vec![bad_op],
            1 => vec![Op::BeginObject, Op::Key(b"a".to_vec()), Op::Null, bad_op, Op::Null, Op::EndObject],
            2 => vec![Op::BeginObject, Op::Key(b"k".to_vec()), bad_op, Op::EndObject],
            3 => vec![Op::BeginArray, Op::Int(1), bad_op, Op::EndArray],
            _ => vec![Op::BeginArray, bad_op, Op::Str(b"after".to_vec()), Op::EndArray],
        };
        prop_assert!(check_writer_ops(&ops, small).is_none());
        let mut buf = vec![0xA5u8; 256];
        let mut w = JsonWriter::new(&mut buf[..200]);
        let mut first_error = None;
        for op in &ops {
            let r = match op {
                Op::BeginObject => w.begin_object(),
                Op::BeginArray => w.begin_array(),
                Op::EndObject => w.end_object(),
                Op::EndArray => w.end_array(),
                Op::Key(k) => w.key(k),
                Op::Str(s) => w.string(s),
                Op::Int(v) => w.int(*v),
                Op::Null => w.null(),
                _ => unreachable!(),
            };
            if let (None, Err(e)) = (first_error, r) {
                first_error = Some(e);
            }
        }
        prop_assert_eq!(first_error, Some(Status::InvalidUtf8));
        prop_assert_eq!(w.finish(), Err(Status::InvalidUtf8));
        let len = w.len();
        prop_assert!(std::str::from_utf8(&buf[..len]).is_ok(), "invalid bytes written: {:?}", &buf[..len]);
        prop_assert!(buf[len..].iter().all(|b| *b == 0xA5));
    }

    /// Valid documents spelled with random whitespace and escapes (`\u00e9`, `\uD83D\uDE00`,
    /// `\/`): reader tokens, whole values, members and the C ABI give serde_json's value,
    /// which is the document's.
    #[test]
    fn reader_reads_spelled_documents(d in doc(6), style in prop::collection::vec(any::<u8>(), 1..64)) {
        let expected = doc_value(&d);
        let mut text = String::new();
        spell(&expected, &style, &mut text);
        match check_reader(text.as_bytes()) {
            Verdict::Valid(v) => prop_assert!(values_close(&v, &expected), "{} read as {}", text, v),
            other => panic!("valid document {text:?} judged {other:?}"),
        }
    }

    /// Documents with byte-level damage: the reader accepts exactly what serde_json accepts.
    #[test]
    fn reader_agrees_on_damaged_documents(
        d in container(5),
        style in prop::collection::vec(any::<u8>(), 1..32),
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let mut text = String::new();
        spell(&doc_value(&d), &style, &mut text);
        let mut bytes = text.into_bytes();
        for m in &mutations {
            mutate(&mut bytes, m);
        }
        check_reader(&bytes);
    }
}

proptest! {
    #![proptest_config(config(512))]

    /// Exactness on its own: the size measured with no buffer is the output length; a buffer
    /// of exactly that size gets identical bytes; every smaller size is `BufferTooSmall` with
    /// the size needed, the bytes that fit, and nothing written past its end.
    #[test]
    fn writer_exact_sizes(d in container(3)) {
        let ops = ops_of(&d);
        let full = check_writer_ops(&ops, 0).expect("finished");
        for k in 0..=full.len() {
            let mut backing = vec![0xA5u8; k + 16];
            let mut w = JsonWriter::new(&mut backing[..k]);
            for op in &ops {
                prop_assert_eq!(oracle::apply_rust(&mut w, op), Ok(()));
            }
            let fin = w.finish();
            let needed = w.len();
            prop_assert_eq!(needed, full.len());
            if k == full.len() {
                prop_assert_eq!(fin, Ok(k));
            } else {
                prop_assert_eq!(fin, Err(Status::BufferTooSmall));
            }
            prop_assert_eq!(&backing[..k], &full[..k]);
            prop_assert!(backing[k..].iter().all(|b| *b == 0xA5), "buffer of {}: written past the end", k);
        }
    }
}

proptest! {
    #![proptest_config(config(3000))]

    /// Soups of JSON tokens (valid and broken literals, numbers, strings with every kind of
    /// escape, bad UTF-8, whitespace and non-whitespace): the reader agrees with serde_json.
    #[test]
    fn reader_agrees_on_token_soup(bytes in token_soup()) {
        check_reader(&bytes);
    }

    /// Random bytes: same, and no panic.
    #[test]
    fn reader_agrees_on_random_bytes(bytes in prop::collection::vec(any::<u8>(), 0..48)) {
        check_reader(&bytes);
    }
}

#[test]
fn nesting_limit_is_32_on_both_sides() {
    for depth in [1usize, 31, 32, 33, 40, 128, 129] {
        let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let verdict = check_reader(text.as_bytes());
        let mut r = JsonReader::new(text.as_bytes());
        let mut result = Ok(());
        while let Some(next) = r.next().transpose() {
            if let Err(e) = next {
                result = Err(e);
                break;
            }
        }
        if depth <= 32 {
            assert!(matches!(verdict, Verdict::Valid(_)), "depth {depth}");
            assert_eq!(result, Ok(()));
        } else {
            assert!(matches!(verdict, Verdict::Invalid), "depth {depth}");
            assert_eq!(result, Err(Status::NestingTooDeep), "depth {depth}");
        }
        // serde_json's own recursion limit of 128 lets 127 levels through.
        assert_eq!(serde_json::from_str::<Value>(&text).is_ok(), depth < 128, "serde_json at depth {depth}");

        let mut ops = vec![Op::BeginArray; depth];
        ops.extend(vec![Op::EndArray; depth]);
        assert_eq!(check_writer_ops(&ops, 5).is_some(), depth <= 32, "writer at depth {depth}");
    }
}

/// The one documented disagreement besides depth: the reader keeps number text and does not
/// judge its magnitude, serde_json refuses numbers outside f64.
#[test]
fn numbers_beyond_f64_are_read_as_text() {
    for text in ["1e400", "[-1e400]", "{\"a\":1.5E+999}"] {
        assert!(matches!(check_reader(text.as_bytes()), Verdict::Unrepresentable), "{text}");
    }
}

#[test]
fn token_alphabet_covers_both_verdicts() {
    // Guards the generators: each class of verdict must be reachable from the alphabet.
    assert!(matches!(check_reader(b"{\"k\":[\"\\ud83d\\ude00\",-0,1E+5]}"), Verdict::Valid(_)));
    assert!(matches!(check_reader(b"\"\\ud800\""), Verdict::Invalid));
    assert!(matches!(check_reader(b"[1,]"), Verdict::Invalid));
    assert!(matches!(check_reader(b"\"\xff\""), Verdict::Invalid));
    assert!(matches!(check_reader(b"\xef\xbb\xbf{}"), Verdict::Invalid));
}

proptest! {
    #![proptest_config(config(1000))]

    /// Any mix of `next`, `next_value` and `next_member` calls on any document: never a panic,
    /// every returned slice is part of the input, the first error sticks.
    #[test]
    fn reader_call_mixes(bytes in prop_oneof![token_soup(), doc(4).prop_map(|d| serde_json::to_vec(&doc_value(&d)).unwrap())], calls in prop::collection::vec(0u8..3, 1..40)) {
        let mut r = JsonReader::new(&bytes);
        let mut failed = None;
        for call in calls {
            let result = match call {
                0 => r.next().map(|t| t.map(|t| vec![t.raw])),
                1 => r.next_value().map(|v| v.map(|v| vec![v.raw])),
                _ => r.next_member().map(|m| m.map(|(k, v)| vec![k, v.raw])),
            };
            match (result, failed) {
                (Ok(slices), None) => {
                    for s in slices.unwrap_or_default() {
                        oracle::offset_of(&bytes, s);
                    }
                }
                (Err(e), None) => failed = Some(e),
                (Err(_), Some(_)) => {}
                (Ok(_), Some(e)) => panic!("reader went on after {e:?}"),
            }
        }
    }
}

proptest! {
    #![proptest_config(config(1000))]

    /// A writer resumed from any state (the C struct is caller memory) never panics, and
    /// whatever it reports as finished is bounded by what it counted.
    #[test]
    fn writer_resumes_any_state(
        len in prop_oneof![0usize..64, any::<usize>()],
        arrays in any::<u32>(),
        nonempty in any::<u32>(),
        depth in prop_oneof![0u8..40, any::<u8>()],
        flags in any::<u8>(),
        error in prop_oneof![Just(0i32), -30i32..5, any::<i32>()],
        bytes in prop::collection::vec(any::<u8>(), 0..64),
    ) {
        let st = WriterState { len, arrays, nonempty, depth, flags, error };
        let mut buf = [0u8; 64];
        let mut w = JsonWriter::resume(&mut buf, st);
        for op in oracle::ops_from_bytes(&bytes) {
            let _ = oracle::apply_rust(&mut w, &op);
        }
        if let Ok(n) = w.finish() {
            prop_assert!(n <= 64 && n == w.len());
        }
    }

    /// The same for the reader: any state, any input, any calls. Fails today (see
    /// `corrupted_reader_state_underflows_depth`), so it only runs with `--ignored`.
    #[test]
    fn reader_resumes_any_state(
        bytes in prop::collection::vec(prop::sample::select(b"{}[],:\"a1 tnf".to_vec()), 0..16),
        pos in prop_oneof![0usize..4, any::<usize>()],
        arrays in any::<u32>(),
        depth in prop_oneof![0u8..3, any::<u8>()],
        expect in 0u8..9,
        calls in prop::collection::vec(0u8..3, 1..8),
    ) {
        let mut r = JsonReader::resume(&bytes, ReaderState { pos, arrays, depth, expect });
        for call in calls {
            let _ = match call {
                0 => r.next().map(|_| ()),
                1 => r.next_value().map(|_| ()),
                _ => r.next_member().map(|_| ()),
            };
        }
    }
}

/// Regression: a forged reader state (inside a container at depth 0) is refused, never underflows.
#[test]
fn corrupted_reader_state_underflows_depth() {
    let state = ReaderState { pos: 0, arrays: 0, depth: 0, expect: 1 };
    let mut r = JsonReader::resume(b"}", state);
    assert!(r.next().is_err());
    // The same through the C ABI.
    let mut c =
        huaweicloud::ffi::hwc_json_reader { json: b"]".as_ptr().cast(), len: 1, state: ReaderState { expect: 2, ..state } };
    let mut out = huaweicloud::ffi::hwc_json_value { kind: 0, ptr: std::ptr::null(), len: 0 };
    assert_ne!(unsafe { huaweicloud::ffi::hwc_json_next_token(&mut c, &mut out) }, Status::Ok);
}
