//! int, uint and decimal at the digit-count and word boundaries (where the digit loop, the 32-bit
//! fast path and the 64-bit division meet), against std's integer formatting with the point put in
//! by a naive model; every buffer size from 0 up checks the bytes that fit and the size reported.

use huaweicloud::error::{Result, Status};
use huaweicloud::json::writer::JsonWriter;

/// 0, 1, 2, 9, 10, 11, 99, 100, ... around every power of ten, around 2^32 and the u64/i64 ends.
fn boundaries() -> Vec<u64> {
    let mut values = vec![0, 1, 2, u64::MAX, u64::MAX - 1, i64::MAX as u64, i64::MAX as u64 + 1];
    let mut power = 1u64;
    while let Some(next) = power.checked_mul(10) {
        power = next;
        values.extend([power - 1, power, power + 1, power.saturating_mul(5)]);
    }
    for bits in [31, 32, 33, 48, 63] {
        let b = 1u64 << bits;
        values.extend([b - 1, b, b + 1]);
    }
    values
}

/// `magnitude * 10^-scale` as the protocol wants it: the digits zero-padded to more than `scale`,
/// the point `scale` places from the right (none for scale 0).
fn model(negative: bool, magnitude: u64, scale: usize) -> String {
    let digits = magnitude.to_string();
    let text = if scale == 0 {
        digits
    } else {
        let padded = format!("{digits:0>width$}", width = scale + 1);
        let (whole, fraction) = padded.split_at(padded.len() - scale);
        format!("{whole}.{fraction}")
    };
    if negative {
        format!("-{text}")
    } else {
        text
    }
}

/// Writes one value into buffers of every size up to the full length (and one more).
fn check(expected: &str, write: impl Fn(&mut JsonWriter) -> Result<()>) {
    for cap in 0..=expected.len() + 1 {
        let mut buf = vec![0xaau8; cap];
        let mut w = JsonWriter::new(&mut buf);
        write(&mut w).unwrap();
        assert_eq!(w.len(), expected.len(), "{expected}");
        let result = w.finish();
        if cap >= expected.len() {
            assert_eq!(result, Ok(expected.len()));
        } else {
            assert_eq!(result, Err(Status::BufferTooSmall));
        }
        let fit = cap.min(expected.len());
        assert_eq!(&buf[..fit], &expected.as_bytes()[..fit], "{expected} in {cap} bytes");
        // Nothing past the text but the NUL (when there is room).
        assert!(buf[fit..].iter().skip(1).all(|&b| b == 0xaa));
    }
}

#[test]
fn uint_at_boundaries() {
    for v in boundaries() {
        check(&v.to_string(), |w| w.uint(v));
    }
}

#[test]
fn int_at_boundaries() {
    for v in boundaries() {
        let positive = v as i64;
        check(&positive.to_string(), |w| w.int(positive));
        let negative = (v as i64).wrapping_neg();
        check(&negative.to_string(), |w| w.int(negative));
    }
    check(&i64::MIN.to_string(), |w| w.int(i64::MIN));
}

#[test]
fn decimal_at_boundaries() {
    for v in boundaries() {
        for m in [v as i64, (v as i64).wrapping_neg(), i64::MIN, i64::MAX] {
            for scale in 0..=18u8 {
                let expected = model(m < 0, m.unsigned_abs(), scale.into());
                check(&expected, |w| w.decimal(m, scale));
            }
        }
    }
}

#[test]
fn model_matches_published_examples() {
    // The examples of the writer's documentation.
    assert_eq!(model(false, 2345, 2), "23.45");
    assert_eq!(model(false, 5, 3), "0.005");
    assert_eq!(model(true, 5, 3), "-0.005");
    assert_eq!(model(false, 0, 2), "0.00");
    assert_eq!(model(false, 120, 0), "120");
}
