//! MQTT CONNECT credentials (IoTDA "device connection authentication", protocol §1):
//! client id `{device_id}_0_{sign_type}_{YYYYMMDDHH}`, username = device id, and
//! password = lowercase hex of HMAC-SHA256(key = timestamp, message = secret).

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

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
pub const CLIENT_ID_MAX_LEN: usize = DEVICE_ID_MAX_LEN + CLIENT_ID_ID_TYPE.len() + 2 + crate::time::TIMESTAMP_LEN;
pub const KEEPALIVE_MIN_SECONDS: u32 = 30;
pub const KEEPALIVE_MAX_SECONDS: u32 = 1200;
pub const KEEPALIVE_DEFAULT_SECONDS: u32 = 120;

/// "_0_": the id-type field, 0 = the device id (the only type a directly connecting device uses).
const CLIENT_ID_ID_TYPE: &[u8] = b"_0_";

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

pub fn check_secret(secret: &[u8]) -> Result<()> {
    if secret.is_empty() || secret.len() > SECRET_MAX_LEN || secret.contains(&0) {
        return Err(Status::InvalidSecret);
    }
    Ok(())
}

pub fn write_client_id(out: &mut Sink, device_id: &[u8], timestamp: &[u8], sign_type: SignType) -> Result<()> {
    check_device_id(device_id)?;
    parse_timestamp(timestamp)?;
    out.bytes(device_id);
    out.bytes(CLIENT_ID_ID_TYPE);
    out.byte(b'0' + sign_type as u8);
    out.byte(b'_');
    out.bytes(timestamp);
    Ok(())
}

/// The raw 32-byte HMAC-SHA256(key = timestamp, message = secret).
pub fn password_mac(secret: &[u8], timestamp: &[u8]) -> Result<[u8; MAC_LEN]> {
    check_secret(secret)?;
    parse_timestamp(timestamp)?;
    // HMAC accepts keys of any length, so this never fails; matching keeps `unwrap` (a panic path) out.
    let mut mac = match Hmac::<Sha256>::new_from_slice(timestamp) {
        Ok(mac) => mac,
        Err(_) => return Err(Status::InvalidTimestamp),
    };
    mac.update(secret);
    Ok(mac.finalize().into_bytes().into())
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
    let mac = password_mac(secret, timestamp)?;
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
