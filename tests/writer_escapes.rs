//! String escaping on every ASCII byte, alone and between plain runs, against serde_json's
//! serializer (same escapes: the short forms and lowercase `\u00xx`), with every buffer size.

use huaweicloud::error::Status;
use huaweicloud::json::writer::JsonWriter;

fn check(text: &str) {
    let expected = serde_json::to_string(text).unwrap();
    for cap in [0, 1, expected.len() / 2, expected.len() - 1, expected.len(), expected.len() + 1] {
        let mut buf = vec![0xaau8; cap];
        let mut w = JsonWriter::new(&mut buf);
        w.string(text.as_bytes()).unwrap();
        assert_eq!(w.len(), expected.len(), "{text:?}");
        let result = w.finish();
        assert_eq!(result, if cap >= expected.len() { Ok(expected.len()) } else { Err(Status::BufferTooSmall) });
        let fit = cap.min(expected.len());
        assert_eq!(&buf[..fit], &expected.as_bytes()[..fit], "{text:?} in {cap} bytes");
    }
}

#[test]
fn every_ascii_byte() {
    for b in 0u8..0x80 {
        let c = char::from(b);
        check(&c.to_string());
        check(&format!("ab{c}cd"));
        check(&format!("{c}{c}x{c}"));
    }
}

#[test]
fn mixed_text() {
    check("");
    check("plain text only");
    check("\u{e9}t\u{e9} \"quoted\"\\ \u{1F600}\n\t\u{7f}\u{1}\u{1f}");
}
