//! `json::utf8::is_utf8` against the oracle `core::str::from_utf8`: every sequence of up to three
//! bytes, four-byte sequences around every boundary, and random and mutated byte strings.

mod prop_common;

use huaweicloud::json::utf8::is_utf8;
use prop_common::{any_text, config};
use proptest::prelude::*;

fn check(bytes: &[u8]) {
    assert_eq!(is_utf8(bytes), std::str::from_utf8(bytes).is_ok(), "{bytes:02x?}");
}

#[test]
fn every_sequence_of_up_to_three_bytes() {
    check(&[]);
    for a in 0..=255u8 {
        check(&[a]);
        for b in 0..=255u8 {
            check(&[a, b]);
            // Three-byte strings whose first byte is ASCII are an ASCII byte and a two-byte string.
            if a >= 0x80 {
                for c in 0..=255u8 {
                    check(&[a, b, c]);
                }
            }
        }
    }
}

#[test]
fn four_byte_sequences() {
    // Every lead and second byte; the last two bytes from the continuation edges and a few others.
    let tails = [0x00, 0x41, 0x7f, 0x80, 0x81, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc2, 0xe0, 0xf0, 0xff];
    for a in 0x80..=255u8 {
        for b in 0..=255u8 {
            for c in tails {
                for d in tails {
                    check(&[a, b, c, d]);
                    check(&[b'x', a, b, c, d, b'y']);
                }
            }
        }
    }
}

#[test]
fn edge_code_points() {
    let edges = [
        0x7f, 0x80, 0x7ff, 0x800, 0xfff, 0x1000, 0xd7ff, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xe000, 0xfffd, 0xffff, 0x10000,
        0x3ffff, 0x40000, 0xfffff, 0x100000, 0x10ffff, 0x110000, 0x13ffff, 0x140000, 0x1fffff,
    ];
    for code in edges {
        // Encoded by hand for every length, including overlong and out-of-range forms.
        let cont = |shift: u32| 0x80 | ((code >> shift) & 0x3f) as u8;
        check(&[0xc0 | (code >> 6) as u8 & 0x1f, cont(0)]);
        check(&[0xe0 | (code >> 12) as u8 & 0x0f, cont(6), cont(0)]);
        check(&[0xf0 | (code >> 18) as u8 & 0x07, cont(12), cont(6), cont(0)]);
    }
}

proptest! {
    #![proptest_config(config(4000))]

    #[test]
    fn random_bytes(bytes in prop::collection::vec(any::<u8>(), 0..24)) {
        check(&bytes);
    }

    #[test]
    fn high_bytes(bytes in prop::collection::vec(0x80..=0xffu8, 0..12)) {
        check(&bytes);
    }

    #[test]
    fn mutated_text(text in any_text(12), at in any::<prop::sample::Index>(), byte in any::<u8>(), cut in any::<bool>()) {
        let mut bytes = text.into_bytes();
        check(&bytes);
        if !bytes.is_empty() {
            let i = at.index(bytes.len());
            if cut {
                bytes.truncate(i);
            } else {
                bytes[i] = byte;
            }
        }
        check(&bytes);
    }
}
