//! Device messages (§3.7). Uplink raw messages need no encoding; the "system format" envelope
//! is `message_begin` + the content value (a string or an object) + `message_end`.
//! Downlink messages are system format only when every key is one of the four envelope keys
//! with the right type (as the C SDK decides); otherwise the payload is raw.

use super::keys::*;
use super::schema::{decode, opt, Expect, Field};
use crate::error::{Result, Status};
use crate::json::reader::{Kind, Value};
use crate::json::writer::JsonWriter;

pub fn message_begin(w: &mut JsonWriter, object_device_id: Option<&[u8]>, name: Option<&[u8]>, id: Option<&[u8]>) -> Result<()> {
    w.begin_object()?;
    w.optional_string_field(OBJECT_DEVICE_ID, object_device_id)?;
    w.optional_string_field(NAME, name)?;
    w.optional_string_field(ID, id)?;
    w.key(CONTENT)
}

pub fn message_end(w: &mut JsonWriter) -> Result<()> {
    w.end_object()
}

const ENVELOPE: [Field; 4] =
    [opt(OBJECT_DEVICE_ID, Expect::Str), opt(NAME, Expect::Str), opt(ID, Expect::Str), opt(CONTENT, Expect::Any)];

/// object_device_id, name, id, content of a system-format message; `NoMatch` for a raw one.
pub fn decode_down(payload: &[u8]) -> Result<[Value<'_>; 4]> {
    let Ok(values) = decode(payload, &ENVELOPE) else {
        return Err(Status::NoMatch);
    };
    let only_envelope_keys = envelope_keys_only(payload);
    let content_ok = matches!(values[3].kind, Kind::String | Kind::Object);
    if only_envelope_keys && content_ok {
        Ok(values)
    } else {
        Err(Status::NoMatch)
    }
}

fn envelope_keys_only(payload: &[u8]) -> bool {
    let Ok(mut reader) = crate::json::reader::JsonReader::open(payload, Kind::Object) else {
        return false;
    };
    while let Ok(Some((key, _))) = reader.next_member() {
        if !ENVELOPE.iter().any(|f| crate::json::reader::raw_eq(key, f.key)) {
            return false;
        }
    }
    true
}
