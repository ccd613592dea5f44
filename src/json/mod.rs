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

/// Parses a JSON integer (no fraction or exponent) into i64.
pub fn parse_i64(text: &[u8]) -> crate::error::Result<i64> {
    use crate::error::Status;
    if !is_number(text) {
        return Err(Status::InvalidNumber);
    }
    if text.iter().any(|b| matches!(b, b'.' | b'e' | b'E')) {
        return Err(Status::WrongType);
    }
    let (negative, digits) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, text),
    };
    let mut value: i64 = 0;
    for b in digits {
        if !b.is_ascii_digit() {
            return Err(Status::WrongType);
        }
        let digit = i64::from(b - b'0');
        value = value
            .checked_mul(10)
            .and_then(|v| if negative { v.checked_sub(digit) } else { v.checked_add(digit) })
            .ok_or(Status::OutOfRange)?;
    }
    Ok(value)
}
