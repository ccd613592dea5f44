//! Commands (§3.6): the request the platform sends and the device's response.
//! Response: `response_begin`, optionally `paras_begin` + parameters + `paras_end`, `response_end`.

use super::keys::*;
use super::schema::{decode, opt, Expect, Field};
use crate::error::Result;
use crate::json::reader::Value;
use crate::json::writer::JsonWriter;

pub const REQUEST: [Field; 4] =
    [opt(OBJECT_DEVICE_ID, Expect::Str), opt(SERVICE_ID, Expect::Str), opt(COMMAND_NAME, Expect::Str), opt(PARAS, Expect::Obj)];

/// Command request: object_device_id, service_id, command_name, paras (all optional in old
/// platform versions, so none is required here).
pub fn decode_request(json: &[u8]) -> Result<[Value<'_>; 4]> {
    decode(json, &REQUEST)
}

/// `{"result_code":n` and `,"response_name":"..."` if given.
pub fn response_begin(w: &mut JsonWriter, result_code: i64, response_name: Option<&[u8]>) -> Result<()> {
    let _ = w.begin_object();
    let _ = w.int_field(RESULT_CODE, result_code);
    w.optional_string_field(RESPONSE_NAME, response_name)
}

/// `,"paras":{`: parameters follow as key/value pairs.
pub fn paras_begin(w: &mut JsonWriter) -> Result<()> {
    let _ = w.key(PARAS);
    w.begin_object()
}

pub fn paras_end(w: &mut JsonWriter) -> Result<()> {
    w.end_object()
}

pub fn response_end(w: &mut JsonWriter) -> Result<()> {
    w.end_object()
}
