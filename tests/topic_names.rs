//! Custom topic names and request ids checked exhaustively against the naive oracle
//! (`prop_common::oracle`, written from the rules as stated) over every short string of an
//! alphabet holding each character class the rules treat specially: `/` at the start, the end and
//! doubled, `.`, a forbidden ASCII character, a C1 control's two UTF-8 bytes and a lone
//! continuation byte.

mod prop_common;

use huaweicloud::error::Status;
use huaweicloud::topic;
use prop_common::oracle::{is_request_id, is_user_name};

const ALPHABET: [u8; 8] = [b'a', b'/', b'.', b'-', b'#', 0xc2, 0x85, 0xa9];

/// Every string of `len` bytes over `ALPHABET`.
fn strings(len: u32) -> impl Iterator<Item = Vec<u8>> {
    let n = ALPHABET.len();
    (0..n.pow(len)).map(move |mut index| {
        (0..len)
            .map(|_| {
                let b = ALPHABET[index % n];
                index /= n;
                b
            })
            .collect()
    })
}

#[test]
fn user_names_agree_with_the_oracle() {
    for len in 0..=5 {
        for name in strings(len) {
            let expected = if is_user_name(&name) { Ok(()) } else { Err(Status::InvalidArgument) };
            assert_eq!(topic::check_user_name(&name), expected, "{name:?}");
        }
    }
    for (name, ok) in [("a".repeat(64), true), ("a".repeat(65), false), (format!("{}/b", "a".repeat(62)), true)] {
        assert_eq!(is_user_name(name.as_bytes()), ok);
        assert_eq!(topic::check_user_name(name.as_bytes()).is_ok(), ok, "{name}");
    }
}

#[test]
fn request_ids_agree_with_the_oracle() {
    for len in 0..=5 {
        for id in strings(len) {
            let expected = if is_request_id(&id) { Ok(()) } else { Err(Status::InvalidRequestId) };
            assert_eq!(topic::check_request_id(&id), expected, "{id:?}");
        }
    }
    for (id, ok) in [("r".repeat(128), true), ("r".repeat(129), false), (format!("{}\u{a9}", "r".repeat(126)), true)] {
        assert_eq!(is_request_id(id.as_bytes()), ok);
        assert_eq!(topic::check_request_id(id.as_bytes()).is_ok(), ok, "{id}");
    }
}
