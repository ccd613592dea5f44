//! `Value::as_i64` (`hwc_json_to_i64`) against std's integer parser: an integer per the JSON
//! grammar converts or is `OutOfRange`; any other text is `WrongType`.

mod prop_common;

use huaweicloud::error::Status;
use huaweicloud::json::reader::{Kind, Value};
use prop_common::config;
use proptest::prelude::*;

/// `-? (0 | [1-9][0-9]*)`, then i128 (wide enough for every case generated) narrowed to i64.
fn oracle(text: &str) -> Result<i64, Status> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let grammar =
        !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) && !(digits.len() > 1 && digits.starts_with('0'));
    if !grammar {
        return Err(Status::WrongType);
    }
    match text.parse::<i128>() {
        Ok(wide) => i64::try_from(wide).map_err(|_| Status::OutOfRange),
        Err(_) => Err(Status::OutOfRange),
    }
}

fn as_i64(text: &str) -> Result<i64, Status> {
    Value { kind: Kind::Number, raw: text.as_bytes() }.as_i64()
}

#[test]
fn edges() {
    for text in [
        "0",
        "-0",
        "7",
        "-7",
        "00",
        "01",
        "-01",
        "",
        "-",
        "+1",
        "1.0",
        "1e2",
        "1E2",
        "-1e0",
        "0.5",
        " 1",
        "1 ",
        "9223372036854775807",
        "-9223372036854775808",
        "9223372036854775808",
        "-9223372036854775809",
        "9999999999999999999",
        "-9999999999999999999",
        "10000000000000000000",
        "18446744073709551615",
        "18446744073709551616",
        "99999999999999999999",
        "123456789012345678901234567890",
        "9223372036854775808.0",
        "1x",
        "--1",
    ] {
        assert_eq!(as_i64(text), oracle(text), "{text:?}");
    }
    assert_eq!(as_i64("9223372036854775807"), Ok(i64::MAX));
    assert_eq!(as_i64("-9223372036854775808"), Ok(i64::MIN));
    assert_eq!(as_i64("9223372036854775808"), Err(Status::OutOfRange));
    assert_eq!(Value { kind: Kind::String, raw: b"1" }.as_i64(), Err(Status::WrongType));
}

proptest! {
    #![proptest_config(config(4000))]

    #[test]
    fn integers(value in any::<i64>()) {
        prop_assert_eq!(as_i64(&value.to_string()), Ok(value));
    }

    #[test]
    fn wide_integers(value in any::<i128>(), shift in 0u32..64) {
        let text = (value >> shift).to_string();
        prop_assert_eq!(as_i64(&text), oracle(&text), "{}", text);
    }

    #[test]
    fn number_like_text(text in "-?[0-9.eE+-]{0,24}") {
        prop_assert_eq!(as_i64(&text), oracle(&text), "{}", text);
    }
}
