//! MQTT CONNECT credentials (IoTDA "device connection authentication", protocol §1):
//! client id `{device_id}_0_{sign_type}_{YYYYMMDDHH}`, username = device id, and
//! password = lowercase hex of HMAC-SHA256(key = timestamp, message = secret).

use sha2::block_api::compress256;

use crate::error::{Result, Status};
use crate::sink::Sink;
use crate::time::parse_timestamp;

pub const DEVICE_ID_MAX_LEN: usize = 128;
/// IoTDA issues 8-32 character secrets and bootstrap-derived secrets are 64 hex characters;
/// 128 bytes leaves room while keeping the HMAC input (and its cost) bounded.
pub const SECRET_MAX_LEN: usize = 128;
pub const PASSWORD_LEN: usize = 64;
pub const MAC_LEN: usize = 32;
/// `{device_id}_0_{sign_type}_{YYYYMMDDHH}` at the longest device id.
pub const CLIENT_ID_MAX_LEN: usize = DEVICE_ID_MAX_LEN + CLIENT_ID_NO_TIME_CHECK.len() + crate::time::TIMESTAMP_LEN;
pub const KEEPALIVE_MIN_SECONDS: u32 = 30;
pub const KEEPALIVE_MAX_SECONDS: u32 = 1200;
pub const KEEPALIVE_DEFAULT_SECONDS: u32 = 120;

/// What goes between the device id and the timestamp: "_0_" (the id-type field, 0 = the device id,
/// the only type a directly connecting device uses), then the sign type and "_". Spelled whole per
/// sign type: one `bytes` call instead of three.
const CLIENT_ID_NO_TIME_CHECK: &[u8] = b"_0_0_";
const CLIENT_ID_TIME_CHECK: &[u8] = b"_0_1_";

/// How the platform checks the CONNECT timestamp.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignType {
    /// HMAC-SHA256; the platform does not compare the timestamp with its clock.
    NoTimeCheck = 0,
    /// HMAC-SHA256; the timestamp must be the platform's current UTC hour.
    TimeCheck = 1,
}

impl SignType {
    pub fn from_u32(value: u32) -> Result<SignType> {
        match value {
            0 => Ok(SignType::NoTimeCheck),
            1 => Ok(SignType::TimeCheck),
            _ => Err(Status::InvalidSignType),
        }
    }
}

pub fn is_device_id_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

pub fn check_device_id(device_id: &[u8]) -> Result<()> {
    let ok = !device_id.is_empty() && device_id.len() <= DEVICE_ID_MAX_LEN && device_id.iter().all(|b| is_device_id_byte(*b));
    if ok {
        Ok(())
    } else {
        Err(Status::InvalidDeviceId)
    }
}

// `iter().any`, not `contains`: the latter links a 156-byte memchr for a 128-byte scan.
#[allow(clippy::manual_contains)]
pub fn check_secret(secret: &[u8]) -> Result<()> {
    if secret.is_empty() || secret.len() > SECRET_MAX_LEN || secret.iter().any(|b| *b == 0) {
        return Err(Status::InvalidSecret);
    }
    Ok(())
}

pub fn write_client_id(out: &mut Sink, device_id: &[u8], timestamp: &[u8], sign_type: SignType) -> Result<()> {
    check_device_id(device_id)?;
    parse_timestamp(timestamp)?;
    out.bytes(device_id);
    out.bytes(match sign_type {
        SignType::NoTimeCheck => CLIENT_ID_NO_TIME_CHECK,
        SignType::TimeCheck => CLIENT_ID_TIME_CHECK,
    });
    out.bytes(timestamp);
    Ok(())
}

/// The raw 32-byte HMAC-SHA256(key = timestamp, message = secret).
pub fn password_mac(secret: &[u8], timestamp: &[u8]) -> Result<[u8; MAC_LEN]> {
    let mut mac = [0; MAC_LEN];
    check_password_inputs(secret, timestamp)?;
    hmac_into(timestamp, secret, &mut mac);
    Ok(mac)
}

/// A checked timestamp is 10 bytes, so it is an HMAC key of at most one block.
fn check_password_inputs(secret: &[u8], timestamp: &[u8]) -> Result<()> {
    check_secret(secret)?;
    parse_timestamp(timestamp).map(|_| ())
}

/// HMAC-SHA256 (RFC 2104) for keys of at most one block (64 bytes; the timestamp is 10),
/// straight on sha2's compression function: no hmac/digest/block-buffer state machines, no
/// copies of the whole hasher, no `copy_from_slice` (firmware-facts F6.1), a few hundred bytes
/// of stack. Longer keys, which HMAC would hash first, are refused.
pub fn hmac_sha256(key: &[u8], message: &[u8]) -> Result<[u8; MAC_LEN]> {
    if key.len() > 64 {
        return Err(Status::InvalidArgument);
    }
    let mut mac = [0; MAC_LEN];
    hmac_into(key, message, &mut mac);
    Ok(mac)
}

/// HMAC-SHA256 into `mac` (an out-parameter: a returned `Result<[u8; 32]>` costs a copy of the
/// MAC out of its unaligned payload). Keys must be at most one block.
fn hmac_into(key: &[u8], message: &[u8], mac: &mut [u8; MAC_LEN]) {
    let mut inner = [0; MAC_LEN];
    keyed_sha256(key, 0x36, message, &mut inner);
    keyed_sha256(key, 0x5c, &inner, mac);
}

/// SHA-256 of (key zero-padded to 64 bytes, XOR `pad`) followed by `message`, into `out`. Keys
/// longer than a block would first be hashed; the callers' keys never are.
fn keyed_sha256(key: &[u8], pad: u8, message: &[u8], out: &mut [u8; 32]) {
    const IV: [u32; 8] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    let mut state = IV;
    let mut block = [pad; 64];
    for (b, k) in block.iter_mut().zip(key) {
        *b ^= *k;
    }
    compress256(&mut state, core::slice::from_ref(&block));
    let mut rest = message;
    // Not `split_at`: at opt-level "z" its bounds-check panic stays linked.
    while let Some((head, tail)) = rest.split_at_checked(64) {
        for (b, m) in block.iter_mut().zip(head) {
            *b = *m;
        }
        compress256(&mut state, core::slice::from_ref(&block));
        rest = tail;
    }
    block = [0; 64];
    for (b, m) in block.iter_mut().zip(rest) {
        *b = *m;
    }
    if let Some(b) = block.get_mut(rest.len()) {
        *b = 0x80;
    }
    if rest.len() >= 56 {
        compress256(&mut state, core::slice::from_ref(&block));
        block = [0; 64];
    }
    // The bit length, big-endian in the last 8 bytes.
    let mut bits = (64 + message.len() as u64) * 8;
    for b in block.iter_mut().rev().take(8) {
        *b = bits as u8;
        bits >>= 8;
    }
    compress256(&mut state, core::slice::from_ref(&block));
    for (i, b) in out.iter_mut().enumerate() {
        let word = state.get(i / 4).map_or(0, |w| *w);
        *b = ((word << (8 * (i % 4))) >> 24) as u8;
    }
}

/// Lowercase hex of a MAC: the password. Every byte is encoded, zero bytes included
/// (the C SDK's "bump the timestamp when the MAC holds a zero byte" quirk is deliberately absent).
pub fn write_password_from_mac(out: &mut Sink, mac: &[u8; MAC_LEN]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for byte in mac {
        out.byte(HEX[usize::from(byte >> 4)]);
        out.byte(HEX[usize::from(byte & 15)]);
    }
}

pub fn write_password(out: &mut Sink, secret: &[u8], timestamp: &[u8]) -> Result<()> {
    let mut mac = [0; MAC_LEN];
    check_password_inputs(secret, timestamp)?;
    hmac_into(timestamp, secret, &mut mac);
    write_password_from_mac(out, &mac);
    Ok(())
}

pub fn check_keepalive(seconds: u32) -> Result<()> {
    if (KEEPALIVE_MIN_SECONDS..=KEEPALIVE_MAX_SECONDS).contains(&seconds) {
        Ok(())
    } else {
        Err(Status::InvalidKeepAlive)
    }
}

/// Reconnect back-off shared by Huawei's C, Java and Python SDKs (protocol §5.6), in milliseconds:
/// `min(MIN + 2^attempt * (r + low), MAX)` with base B = 1000, low = 0.8 B, r in [0.8 B, B),
/// MIN = 1000 and MAX = 30000. `random` is any value from the caller's own random source;
/// it picks r. `attempt` counts from 0 for the first retry.
pub fn backoff_ms(attempt: u32, random: u32) -> u32 {
    const BASE: u32 = 1000;
    const LOW: u32 = BASE * 8 / 10;
    const MIN: u32 = 1000;
    const MAX: u32 = 30_000;
    let r = LOW + random % (BASE - LOW);
    let factor = if attempt < 16 { 1u32 << attempt } else { u32::MAX };
    MIN.saturating_add(factor.saturating_mul(r + LOW)).min(MAX)
}
