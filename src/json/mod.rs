//! Streaming JSON: an exact writer into caller buffers and a zero-copy pull reader. Escaping,
//! UTF-8 checks, the number grammar and the depth bound live here and nowhere else.

pub mod reader;
pub mod utf8;
pub mod writer;

/// Deepest nesting either side accepts (envelopes use up to 4 levels of it).
pub const MAX_DEPTH: usize = 32;

/// Checks `text` against the JSON number grammar (RFC 8259 §6):
/// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`. NaN and infinities cannot match.
pub fn is_number(text: &[u8]) -> bool {
    let mut i = 0;
    let at = |i: usize| text.get(i).copied().unwrap_or(0);
    let digits_from = |mut i: usize| {
        while at(i).is_ascii_digit() {
            i += 1;
        }
        i
    };
    if at(i) == b'-' {
        i += 1;
    }
    match at(i) {
        b'0' => i += 1,
        b'1'..=b'9' => i = digits_from(i),
        _ => return false,
    }
    if at(i) == b'.' {
        let end = digits_from(i + 1);
        if end == i + 1 {
            return false;
        }
        i = end;
    }
    if matches!(at(i), b'e' | b'E') {
        i += 1;
        if matches!(at(i), b'+' | b'-') {
            i += 1;
        }
        let end = digits_from(i);
        if end == i {
            return false;
        }
        i = end;
    }
    i == text.len()
}

/// Parses a JSON integer (`-? (0 | [1-9][0-9]*)`) into i64: `OutOfRange` for an integer beyond
/// i64, `WrongType` for anything else that is not such an integer (fractions, exponents, bad text).
pub fn parse_i64(text: &[u8]) -> crate::error::Result<i64> {
    use crate::error::Status;
    if !is_number(text) {
        return Err(Status::WrongType);
    }
    let (negative, digits) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, text),
    };
    let mut magnitude = 0u64;
    for &b in digits {
        let digit = b.wrapping_sub(b'0');
        // A valid number with a byte other than a digit has a fraction or an exponent.
        if digit > 9 {
            return Err(Status::WrongType);
        }
        magnitude = magnitude.wrapping_mul(10).wrapping_add(u64::from(digit));
    }
    // Without leading zeros, 20 digits or more are at least 10^19, beyond i64; 19 fit in u64.
    if digits.len() > 19 || magnitude > i64::MAX as u64 + u64::from(negative) {
        return Err(Status::OutOfRange);
    }
    // i64::MIN's magnitude wraps to itself.
    let value = magnitude as i64;
    Ok(if negative { value.wrapping_neg() } else { value })
}
