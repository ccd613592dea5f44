//! Compile-time helpers for the firmware's packed name tables (`topic::SUFFIXES`,
//! `events::NAMES`): the readable tables stay the source of truth, and a const block stores each
//! name once in one byte array, rows keeping a range of it.

/// Where `needle` first occurs in `hay[..used]`, or `usize::MAX`.
pub const fn find(hay: &[u8], used: usize, needle: &[u8]) -> usize {
    let mut at = 0;
    while at + needle.len() <= used {
        let mut i = 0;
        while i < needle.len() && hay[at + i] == needle[i] {
            i += 1;
        }
        if i == needle.len() {
            return at;
        }
        at += 1;
    }
    usize::MAX
}

pub const fn contains(hay: &[u8], needle: &[u8]) -> bool {
    find(hay, hay.len(), needle) != usize::MAX
}

pub const fn bytes_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && contains(a, b)
}

/// The first `N` bytes of `bytes`: the used part of a packing buffer, for its static.
pub const fn head<const N: usize>(bytes: &[u8]) -> [u8; N] {
    let mut out = [0; N];
    let mut i = 0;
    while i < N {
        out[i] = bytes[i];
        i += 1;
    }
    out
}
