//! Device messages (§3.7). Uplink raw messages need no encoding; the "system format" envelope
//! is `message_begin` + the content value (a string or an object) + `message_end`.
//! Downlink messages are system format only when every key is one of the four envelope keys
//! with the right type (as the C SDK decides); otherwise the payload is raw.

use super::keys::*;
use super::schema::{decode_slice, opt, Expect, Field, UnknownKeys};
use crate::error::{Result, Status};
use crate::json::reader::{Kind, Value};
use crate::json::writer::JsonWriter;

pub fn message_begin(w: &mut JsonWriter, object_device_id: Option<&[u8]>, name: Option<&[u8]>, id: Option<&[u8]>) -> Result<()> {
    let _ = w.begin_object();
    let _ = w.optional_string_field(OBJECT_DEVICE_ID, object_device_id);
    let _ = w.optional_string_field(NAME, name);
    let _ = w.optional_string_field(ID, id);
    w.key(CONTENT)
}

pub fn message_end(w: &mut JsonWriter) -> Result<()> {
    w.end_object()
}

pub const ENVELOPE: [Field; 4] =
    [opt(OBJECT_DEVICE_ID, Expect::Str), opt(NAME, Expect::Str), opt(ID, Expect::Str), opt(CONTENT, Expect::Any)];

/// object_device_id, name, id, content of a system-format message; `NoMatch` for a raw one:
/// anything that is not an object of only these four keys with their types.
pub fn decode_down(payload: &[u8]) -> Result<[Value<'_>; 4]> {
    let mut values = [Value::ABSENT; 4];
    let system_format = decode_slice(payload, &ENVELOPE, &mut values, UnknownKeys::NoMatch).is_ok()
        && matches!(values[3].kind, Kind::String | Kind::Object);
    if system_format {
        Ok(values)
    } else {
        Err(Status::NoMatch)
    }
}
