//! UTF-8 validation in one small loop: `core::str::from_utf8` is fast but large (its word-at-a-time
//! ASCII path and tables), and every caller here has already ruled out all-ASCII text.

/// Whether `text` is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
/// past U+10FFFF), exactly as `core::str::from_utf8(text).is_ok()`.
pub fn is_utf8(text: &[u8]) -> bool {
    let mut bytes = text.iter();
    while let Some(&lead) = bytes.next() {
        if lead < 0x80 {
            continue;
        }
        // The lead's leading ones give the sequence length, and that the smallest code point
        // needing it (anything below is an overlong form).
        let len = lead.leading_ones();
        let min = match len {
            2 => 0x80,
            3 => 0x800,
            4 => 0x10000,
            _ => return false,
        };
        let more = len - 1;
        let mut code = u32::from(lead) & (0x3f >> more);
        for _ in 0..more {
            match bytes.next() {
                Some(&b) if b & 0xc0 == 0x80 => code = code << 6 | u32::from(b & 0x3f),
                _ => return false,
            }
        }
        // `code >> 11 == 0x1b`: the surrogates U+D800-U+DFFF (a range compare costs a call at opt-level z).
        if code < min || code >> 11 == 0x1b || code > 0x10ffff {
            return false;
        }
    }
    true
}
