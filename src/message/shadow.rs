//! Device shadow (§3.5): the device asks with `get_request`, the platform answers with the
//! desired and reported properties of each service.

use super::keys::*;
use super::schema::{decode, opt, req, Expect, Field};
use crate::error::Result;
use crate::json::reader::Value;
use crate::json::writer::JsonWriter;

/// `{"object_device_id":"...","service_id":"..."}`, both optional (no service id = all).
pub fn get_request(w: &mut JsonWriter, object_device_id: Option<&[u8]>, service_id: Option<&[u8]>) -> Result<()> {
    let _ = w.begin_object();
    let _ = w.optional_string_field(OBJECT_DEVICE_ID, object_device_id);
    let _ = w.optional_string_field(SERVICE_ID, service_id);
    w.end_object()
}

pub const RESPONSE: [Field; 2] = [opt(OBJECT_DEVICE_ID, Expect::Str), opt(SHADOW, Expect::Arr)];
pub const ENTRY: [Field; 4] =
    [req(SERVICE_ID, Expect::Str), opt(DESIRED, Expect::Obj), opt(REPORTED, Expect::Obj), opt(VERSION, Expect::Int)];
/// `desired` / `reported`.
pub const PROPERTIES_DATA: [Field; 2] = [req(PROPERTIES, Expect::Obj), opt(EVENT_TIME, Expect::Str)];

/// object_device_id, shadow (array of entries).
pub fn decode_response(json: &[u8]) -> Result<[Value<'_>; 2]> {
    decode(json, &RESPONSE)
}

/// service_id, desired, reported, version.
pub fn decode_entry(json: &[u8]) -> Result<[Value<'_>; 4]> {
    decode(json, &ENTRY)
}

/// properties, event_time.
pub fn decode_properties_data(json: &[u8]) -> Result<[Value<'_>; 2]> {
    decode(json, &PROPERTIES_DATA)
}
