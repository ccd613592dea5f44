//! `is_number` on every string of up to 6 bytes over the bytes that matter to the grammar (and
//! one that never belongs), against the independent RFC 8259 model in prop_common.

mod prop_common;

use huaweicloud::json::is_number;
use prop_common::oracle::json_number_ok;

#[test]
fn every_short_string_over_the_number_alphabet() {
    const ALPHABET: &[u8] = b"-+.eE019x";
    let mut text = Vec::new();
    let mut accepted = 0;
    for len in 0..=6u32 {
        for mut index in 0..ALPHABET.len().pow(len) {
            text.clear();
            for _ in 0..len {
                text.push(ALPHABET[index % ALPHABET.len()]);
                index /= ALPHABET.len();
            }
            let expected = json_number_ok(&text);
            assert_eq!(is_number(&text), expected, "{:?}", String::from_utf8_lossy(&text));
            accepted += usize::from(expected);
        }
    }
    // The model accepts a good share (not a vacuous pass).
    assert!(accepted > 1000, "{accepted}");
}
