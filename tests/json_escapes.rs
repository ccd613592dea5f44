//! `unescape` and `raw_eq` on any bytes, including raw strings no reader returned (C can hand
//! `hwc_json_unescape` and `hwc_json_equals` anything), against a reference decoder written with
//! std's UTF-16 and UTF-8 coders.

mod prop_common;

use huaweicloud::json::reader::{raw_eq, unescape};
use prop_common::config;
use proptest::prelude::*;

/// The four hex digits at `at`, as a UTF-16 code unit.
fn hex_unit(raw: &[u8], at: usize) -> Option<u16> {
    let digits = raw.get(at..at + 4)?;
    if !digits.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    u16::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()
}

/// The documented decoding: the JSON escapes; for text no reader would return, `\x` stands for
/// x, and a `\u` escape that is not a scalar value (bad hex, lone surrogate) or a final
/// backslash ends the output.
fn reference(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        if raw[i] != b'\\' {
            out.push(raw[i]);
            i += 1;
            continue;
        }
        let Some(&name) = raw.get(i + 1) else { break };
        let simple = match name {
            b'b' => Some(0x08),
            b'f' => Some(0x0c),
            b'n' => Some(b'\n'),
            b'r' => Some(b'\r'),
            b't' => Some(b'\t'),
            b'u' => None,
            other => Some(other),
        };
        if let Some(byte) = simple {
            out.push(byte);
            i += 2;
            continue;
        }
        let Some(high) = hex_unit(raw, i + 2) else { break };
        let mut units = vec![high];
        if (0xd800..0xdc00).contains(&high) && raw.get(i + 6..i + 8) == Some(b"\\u") {
            if let Some(low) = hex_unit(raw, i + 8) {
                units.push(low);
            }
        }
        let Some(Ok(c)) = char::decode_utf16(units.iter().copied()).next() else { break };
        out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
        i += 2 + 4 * c.len_utf16() + 2 * (c.len_utf16() - 1);
    }
    out
}

fn decoded(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    unescape(raw, |b| out.push(b));
    out
}

/// Raw text from pieces that make escapes, valid and not, with plain bytes in between.
fn raw_text() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        3 => prop::sample::select(vec![
            "\\", "\\\\", "\\\"", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t", "\\u", "\\x", "\\U", "\\0", "\\ud83d", "\\ude00",
            "\\ud800", "\\udbff", "\\udc00", "\\udfff", "\\u0000", "\\u0041", "\\u00e9", "\\u07ff", "\\u0800", "\\uffff",
            "\\uFFFF", "\\uD83D\\uDE00", "\\u12", "\\u12g4", "\\u+123", "\\u 123", "\\uzzzz", "u", "0", "d", "D", "e9", "a",
            "\"", "/",
        ])
        .prop_map(|s| s.as_bytes().to_vec()),
        1 => prop::collection::vec(any::<u8>(), 1..4),
    ];
    prop::collection::vec(piece, 0..10).prop_map(|pieces| pieces.concat())
}

#[test]
fn fixed_cases() {
    for (raw, want) in [
        (&b"plain"[..], &b"plain"[..]),
        (b"a\\nb", b"a\nb"),
        (b"\\u00e9\\u20ac", "\u{e9}\u{20ac}".as_bytes()),
        (b"\\ud83d\\ude00!", "\u{1f600}!".as_bytes()),
        (b"\\uDBFF\\uDFFF", "\u{10ffff}".as_bytes()),
        (b"\\u0000", b"\0"),
        (b"a\\q", b"aq"),
        (b"a\\", b"a"),
        (b"a\\ud800b", b"a"),
        (b"a\\udc00b", b"a"),
        (b"a\\ud800\\u0041", b"a"),
        (b"a\\u12", b"a"),
    ] {
        assert_eq!(reference(raw), want, "reference {}", String::from_utf8_lossy(raw));
        assert_eq!(decoded(raw), want, "unescape {}", String::from_utf8_lossy(raw));
    }
}

proptest! {
    #![proptest_config(config(3000))]

    #[test]
    fn unescape_matches_the_reference(raw in raw_text()) {
        prop_assert_eq!(decoded(&raw), reference(&raw));
    }

    #[test]
    fn raw_eq_compares_decoded_text(raw in raw_text(), other in raw_text(), cut in any::<prop::sample::Index>()) {
        let text = reference(&raw);
        prop_assert!(raw_eq(&raw, &text));
        prop_assert_eq!(raw_eq(&raw, &other), reference(&raw) == other);
        let prefix = &text[..cut.index(text.len() + 1)];
        prop_assert_eq!(raw_eq(&raw, prefix), prefix.len() == text.len());
        let mut longer = text.clone();
        longer.push(b'x');
        prop_assert!(!raw_eq(&raw, &longer));
    }
}
