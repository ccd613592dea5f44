//! Property report (§3.1), gateway sub-device report (§3.2), properties set/get (§3.3, §3.4).
//! A report is streamed: `report_begin`, then per service `service_begin`, the properties as
//! key/value pairs through the writer, `service_end`; then `report_end`. The properties get
//! response has the same shape as a report.

use super::keys::*;
use super::schema::{decode, opt, req, Expect, Field};
use super::{close_list, non_empty};
use crate::credentials::check_device_id;
use crate::error::Result;
use crate::json::reader::Value;
use crate::json::writer::JsonWriter;
use crate::time::parse_event_time;

pub fn report_begin(w: &mut JsonWriter) -> Result<()> {
    let _ = w.begin_object();
    let _ = w.key(SERVICES);
    w.begin_array()
}

pub fn report_end(w: &mut JsonWriter) -> Result<()> {
    close_list(w)
}

/// Opens `{"service_id":"...","properties":{`; the caller then writes the properties.
pub fn service_begin(w: &mut JsonWriter, service_id: &[u8]) -> Result<()> {
    let _ = non_empty(w, service_id);
    let _ = w.begin_object();
    let _ = w.string_field(SERVICE_ID, service_id);
    let _ = w.key(PROPERTIES);
    w.begin_object()
}

/// Closes the properties and the service, with `event_time` (either documented form) if given.
pub fn service_end(w: &mut JsonWriter, event_time: Option<&[u8]>) -> Result<()> {
    let _ = w.end_object();
    if let Some(time) = event_time {
        let _ = w.check_with(parse_event_time(time).map(|_| ()));
        let _ = w.string_field(EVENT_TIME, time);
    }
    w.end_object()
}

pub fn gateway_report_begin(w: &mut JsonWriter) -> Result<()> {
    let _ = w.begin_object();
    let _ = w.key(DEVICES);
    w.begin_array()
}

/// Opens `{"device_id":"...","services":[` for one sub-device; services follow as in a report.
pub fn gateway_device_begin(w: &mut JsonWriter, device_id: &[u8]) -> Result<()> {
    let _ = w.check_with(check_device_id(device_id));
    let _ = w.begin_object();
    let _ = w.string_field(DEVICE_ID, device_id);
    let _ = w.key(SERVICES);
    w.begin_array()
}

pub fn gateway_device_end(w: &mut JsonWriter) -> Result<()> {
    close_list(w)
}

pub fn gateway_report_end(w: &mut JsonWriter) -> Result<()> {
    close_list(w)
}

/// `{"result_code":n,"result_desc":"..."}`: the answer to a properties set request.
pub fn set_response(w: &mut JsonWriter, result_code: i64, result_desc: Option<&[u8]>) -> Result<()> {
    let _ = w.begin_object();
    let _ = w.int_field(RESULT_CODE, result_code);
    let _ = w.optional_string_field(RESULT_DESC, result_desc);
    w.end_object()
}

pub const SET_REQUEST: [Field; 2] = [opt(OBJECT_DEVICE_ID, Expect::Str), req(SERVICES, Expect::Arr)];
pub const GET_REQUEST: [Field; 2] = [opt(OBJECT_DEVICE_ID, Expect::Str), opt(SERVICE_ID, Expect::Str)];
/// One entry of `services` (set requests, reports).
pub const SERVICE: [Field; 3] = [req(SERVICE_ID, Expect::Str), req(PROPERTIES, Expect::Obj), opt(EVENT_TIME, Expect::Str)];

/// Properties set request: object_device_id, services.
pub fn decode_set_request(json: &[u8]) -> Result<[Value<'_>; 2]> {
    decode(json, &SET_REQUEST)
}

/// Properties get request: object_device_id, service_id (absent = all services).
pub fn decode_get_request(json: &[u8]) -> Result<[Value<'_>; 2]> {
    decode(json, &GET_REQUEST)
}

/// One service of a `services` array: service_id, properties, event_time.
pub fn decode_service(json: &[u8]) -> Result<[Value<'_>; 3]> {
    decode(json, &SERVICE)
}
