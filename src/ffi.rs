//! The C ABI: argument checks and conversions, then one call into the protocol modules. The only
//! `unsafe` code of the crate lives here.
//!
//! Conventions (after the Azure SDK for Embedded C):
//! - text inputs are (pointer, length); a NULL pointer with length 0 is the empty string, and
//!   for optional inputs NULL means "absent";
//! - text outputs are (buffer, capacity, `out_len`): the length is always reported in `out_len`
//!   (which may be NULL); when the buffer is too small the call returns
//!   `HWC_RESULT_BUFFER_TOO_SMALL` and `out_len` holds the size needed, so a call with a NULL
//!   buffer and capacity 0 is a size query; a NUL follows the output when there is room;
//! - `HWC_RESULT_NO_MATCH` (1) is not an error: every failure is negative;
//! - input and output buffers must not overlap; nothing is retained after a call returns, there
//!   is no global state, and every function is thread-safe and reentrant.
#![allow(non_camel_case_types, clippy::missing_safety_doc, clippy::too_many_arguments)]

use core::ffi::c_char;

use crate::credentials::{self, SignType, MAC_LEN};
use crate::error::{Result, Status};
use crate::json::reader::{raw_eq, unescape, JsonReader, Kind, ReaderState, Value};
use crate::json::writer::{JsonWriter, WriterState};
use crate::message::events::{self, EventKind, NewSubDevice};
use crate::message::{close_list, command, messages, properties, schema, shadow};
use crate::sink::Sink;
use crate::time::{self, DateTime, EventTimeFormat};
use crate::topic::{self, TopicKind};

// Sizes for C buffers. cbindgen only exports literal values, so each is spelled here and the
// assertions below tie it to the one definition the library uses.

/// Characters in a password.
pub const HWC_PASSWORD_LEN: usize = 64;
/// Characters in a `YYYYMMDDHH` timestamp.
pub const HWC_TIMESTAMP_LEN: usize = 10;
pub const HWC_DEVICE_ID_MAX_LEN: usize = 128;
pub const HWC_SECRET_MAX_LEN: usize = 128;
pub const HWC_CLIENT_ID_MAX_LEN: usize = 143;
pub const HWC_REQUEST_ID_MAX_LEN: usize = 128;
/// Longest topic or subscription filter this library builds (without the NUL).
pub const HWC_TOPIC_MAX_LEN: usize = 322;
pub const HWC_EVENT_TIME_COMPACT_LEN: usize = 16;
pub const HWC_EVENT_TIME_MILLIS_LEN: usize = 24;
pub const HWC_JSON_MAX_DEPTH: usize = 32;
pub const HWC_KEEPALIVE_MIN_SECONDS: u32 = 30;
pub const HWC_KEEPALIVE_MAX_SECONDS: u32 = 1200;
pub const HWC_KEEPALIVE_DEFAULT_SECONDS: u32 = 120;

const _: () = {
    assert!(HWC_PASSWORD_LEN == credentials::PASSWORD_LEN);
    assert!(HWC_TIMESTAMP_LEN == time::TIMESTAMP_LEN);
    assert!(HWC_DEVICE_ID_MAX_LEN == credentials::DEVICE_ID_MAX_LEN);
    assert!(HWC_SECRET_MAX_LEN == credentials::SECRET_MAX_LEN);
    assert!(HWC_CLIENT_ID_MAX_LEN == credentials::CLIENT_ID_MAX_LEN);
    assert!(HWC_REQUEST_ID_MAX_LEN == topic::REQUEST_ID_MAX_LEN);
    assert!(HWC_TOPIC_MAX_LEN == topic::TOPIC_MAX_LEN);
    assert!(HWC_EVENT_TIME_COMPACT_LEN == time::EVENT_TIME_COMPACT_LEN);
    assert!(HWC_EVENT_TIME_MILLIS_LEN == time::EVENT_TIME_MILLIS_LEN);
    assert!(HWC_JSON_MAX_DEPTH == crate::json::MAX_DEPTH);
    assert!(HWC_KEEPALIVE_MIN_SECONDS == credentials::KEEPALIVE_MIN_SECONDS);
    assert!(HWC_KEEPALIVE_MAX_SECONDS == credentials::KEEPALIVE_MAX_SECONDS);
    assert!(HWC_KEEPALIVE_DEFAULT_SECONDS == credentials::KEEPALIVE_DEFAULT_SECONDS);
};

// ---------------------------------------------------------------------------------------------
// Argument helpers.

#[inline(never)]
unsafe fn bytes<'a>(ptr: *const c_char, len: usize) -> Result<&'a [u8]> {
    if ptr.is_null() {
        return if len == 0 { Ok(&[]) } else { Err(Status::NullArgument) };
    }
    if len > isize::MAX as usize {
        return Err(Status::InvalidArgument);
    }
    // SAFETY: the caller promises `len` readable bytes at `ptr` for the duration of the call.
    Ok(unsafe { core::slice::from_raw_parts(ptr.cast(), len) })
}

#[inline(never)]
unsafe fn optional<'a>(ptr: *const c_char, len: usize) -> Result<Option<&'a [u8]>> {
    if ptr.is_null() {
        Ok(None)
    } else {
        unsafe { bytes(ptr, len) }.map(Some)
    }
}

#[inline(never)]
unsafe fn buffer<'a>(ptr: *mut c_char, cap: usize) -> Result<&'a mut [u8]> {
    if ptr.is_null() {
        return if cap == 0 { Ok(&mut []) } else { Err(Status::NullArgument) };
    }
    if cap > isize::MAX as usize {
        return Err(Status::InvalidArgument);
    }
    // SAFETY: the caller promises `cap` writable bytes at `ptr`, not aliased by any input.
    Ok(unsafe { core::slice::from_raw_parts_mut(ptr.cast(), cap) })
}

fn status(result: Result<()>) -> Status {
    match result {
        Ok(()) => Status::Ok,
        Err(status) => status,
    }
}

unsafe fn set<T>(ptr: *mut T, value: T) {
    if let Some(slot) = unsafe { ptr.as_mut() } {
        *slot = value;
    }
}

/// Runs `write` into (out, cap) and reports the length; on a failure other than "too small"
/// the output is the empty string.
/// One copy for every text-output function (`dyn`: code size).
#[inline(never)]
unsafe fn emit(out: *mut c_char, cap: usize, out_len: *mut usize, write: &mut dyn FnMut(&mut Sink) -> Result<()>) -> Status {
    let buf = match unsafe { buffer(out, cap) } {
        Ok(buf) => buf,
        Err(status) => return status,
    };
    let mut sink = Sink::new(buf);
    let (result, len) = match write(&mut sink) {
        Err(status) => (status, 0),
        Ok(()) => match sink.finish() {
            Ok(len) => (Status::Ok, len),
            Err(needed) => (Status::BufferTooSmall, needed),
        },
    };
    if result != Status::Ok && result != Status::BufferTooSmall {
        if let Ok(buf) = unsafe { buffer(out, cap) } {
            Sink::new(buf).terminate();
        }
    }
    unsafe { set(out_len, len) };
    result
}

// ---------------------------------------------------------------------------------------------
// Results, time and credentials.

/// A short English description of a result code (static, NUL-terminated, never NULL).
#[no_mangle]
pub extern "C" fn hwc_result_text(code: i32) -> *const c_char {
    let text = Status::from_code(code).map_or("unknown result code\0", Status::text_with_nul);
    text.as_ptr().cast()
}

/// Broken-down UTC time of Unix seconds (1970 to 9999) plus milliseconds (0-999).
#[no_mangle]
pub unsafe extern "C" fn hwc_datetime_from_unix(unix_seconds: i64, millis: u16, out: *mut DateTime) -> Status {
    let Some(out) = (unsafe { out.as_mut() }) else { return Status::NullArgument };
    match DateTime::from_unix(unix_seconds, millis) {
        Ok(t) => {
            *out = t;
            Status::Ok
        }
        Err(status) => status,
    }
}

/// Unix seconds of a broken-down UTC time (milliseconds ignored).
#[no_mangle]
pub unsafe extern "C" fn hwc_datetime_to_unix(t: *const DateTime, out: *mut i64) -> Status {
    let (Some(t), false) = (unsafe { t.as_ref() }, out.is_null()) else { return Status::NullArgument };
    match t.to_unix() {
        Ok(seconds) => {
            unsafe { set(out, seconds) };
            Status::Ok
        }
        Err(status) => status,
    }
}

/// The `YYYYMMDDHH` UTC hour of Unix seconds: the timestamp of client id and password.
#[no_mangle]
pub unsafe extern "C" fn hwc_timestamp(unix_seconds: i64, out: *mut c_char, cap: usize, out_len: *mut usize) -> Status {
    unsafe { emit(out, cap, out_len, &mut |sink| time::write_timestamp(sink, &DateTime::from_unix(unix_seconds, 0)?)) }
}

/// The `YYYYMMDDHH` timestamp of a broken-down UTC time.
#[no_mangle]
pub unsafe extern "C" fn hwc_timestamp_from_datetime(
    t: *const DateTime,
    out: *mut c_char,
    cap: usize,
    out_len: *mut usize,
) -> Status {
    let Some(t) = (unsafe { t.as_ref() }) else { return Status::NullArgument };
    unsafe { emit(out, cap, out_len, &mut |sink| time::write_timestamp(sink, t)) }
}

/// An `event_time` string; `format` is a `hwc_event_time_format`.
#[no_mangle]
pub unsafe extern "C" fn hwc_event_time(
    t: *const DateTime,
    format: u32,
    out: *mut c_char,
    cap: usize,
    out_len: *mut usize,
) -> Status {
    let Some(t) = (unsafe { t.as_ref() }) else { return Status::NullArgument };
    unsafe {
        emit(out, cap, out_len, &mut |sink| {
            let format = match format {
                0 => EventTimeFormat::Compact,
                1 => EventTimeFormat::Millis,
                _ => return Err(Status::InvalidArgument),
            };
            time::write_event_time(sink, t, format)
        })
    }
}

/// Checks a `YYYYMMDDHH` timestamp.
#[no_mangle]
pub unsafe extern "C" fn hwc_check_timestamp(timestamp: *const c_char, len: usize) -> Status {
    status(unsafe { bytes(timestamp, len) }.and_then(|t| time::parse_timestamp(t).map(|_| ())))
}

/// Checks an `event_time` in either documented form.
#[no_mangle]
pub unsafe extern "C" fn hwc_check_event_time(event_time: *const c_char, len: usize) -> Status {
    status(unsafe { bytes(event_time, len) }.and_then(|t| time::parse_event_time(t).map(|_| ())))
}

/// Checks a device id (1-128 characters of `[A-Za-z0-9_-]`).
#[no_mangle]
pub unsafe extern "C" fn hwc_check_device_id(device_id: *const c_char, len: usize) -> Status {
    status(unsafe { bytes(device_id, len) }.and_then(credentials::check_device_id))
}

/// MQTT client id `{device_id}_0_{sign_type}_{timestamp}`; `sign_type` is a `hwc_sign_type`.
/// The MQTT username is the device id itself.
#[no_mangle]
pub unsafe extern "C" fn hwc_client_id(
    device_id: *const c_char,
    device_id_len: usize,
    timestamp: *const c_char,
    timestamp_len: usize,
    sign_type: u32,
    out: *mut c_char,
    cap: usize,
    out_len: *mut usize,
) -> Status {
    unsafe {
        emit(out, cap, out_len, &mut |sink| {
            let sign_type = SignType::from_u32(sign_type)?;
            credentials::write_client_id(sink, bytes(device_id, device_id_len)?, bytes(timestamp, timestamp_len)?, sign_type)
        })
    }
}

/// MQTT password: 64 lowercase hex characters of HMAC-SHA256(key = timestamp, message = secret).
#[no_mangle]
pub unsafe extern "C" fn hwc_password(
    secret: *const c_char,
    secret_len: usize,
    timestamp: *const c_char,
    timestamp_len: usize,
    out: *mut c_char,
    cap: usize,
    out_len: *mut usize,
) -> Status {
    unsafe {
        emit(out, cap, out_len, &mut |sink| {
            credentials::write_password(sink, bytes(secret, secret_len)?, bytes(timestamp, timestamp_len)?)
        })
    }
}

/// The password from a MAC computed elsewhere (a secure element holding the secret): 32 bytes
/// of HMAC-SHA256(key = timestamp, message = secret) to 64 lowercase hex characters.
#[no_mangle]
pub unsafe extern "C" fn hwc_password_from_mac(mac: *const u8, out: *mut c_char, cap: usize, out_len: *mut usize) -> Status {
    let mac = match unsafe { bytes(mac.cast(), MAC_LEN) } {
        Ok(mac) => mac,
        Err(status) => return status,
    };
    let mut array = [0u8; MAC_LEN];
    for (dst, src) in array.iter_mut().zip(mac) {
        *dst = *src;
    }
    unsafe {
        emit(out, cap, out_len, &mut |sink| {
            credentials::write_password_from_mac(sink, &array);
            Ok(())
        })
    }
}

/// Checks an MQTT keep-alive against IoTDA's 30-1200 s.
#[no_mangle]
pub extern "C" fn hwc_check_keepalive(seconds: u32) -> Status {
    status(credentials::check_keepalive(seconds))
}

/// Delay before reconnect attempt `attempt` (0 = first retry), in ms, by the formula of Huawei's
/// SDKs: min(1000 + 2^attempt * (r + 800), 30000) with r = 800 + random % 200.
#[no_mangle]
pub extern "C" fn hwc_backoff_ms(attempt: u32, random: u32) -> u32 {
    credentials::backoff_ms(attempt, random)
}

/// Platform time (Unix ms) when a time-sync response arrived:
/// (server_recv + server_send + device_recv - device_send) / 2.
#[no_mangle]
pub unsafe extern "C" fn hwc_time_sync_now(
    device_send_ms: i64,
    server_recv_ms: i64,
    server_send_ms: i64,
    device_recv_ms: i64,
    out: *mut i64,
) -> Status {
    if out.is_null() {
        return Status::NullArgument;
    }
    match time::time_sync_now(device_send_ms, server_recv_ms, server_send_ms, device_recv_ms) {
        Ok(now) => {
            unsafe { set(out, now) };
            Status::Ok
        }
        Err(status) => status,
    }
}

// ---------------------------------------------------------------------------------------------
// Topics.

/// A received topic, pointing into the caller's topic string (lengths, no NULs).
#[repr(C)]
pub struct hwc_topic_match {
    /// A `hwc_topic_kind`.
    pub kind: u32,
    pub device_id: *const c_char,
    pub device_id_len: usize,
    /// NULL when the topic carries no request id.
    pub request_id: *const c_char,
    pub request_id_len: usize,
    /// The custom name of a `HWC_TOPIC_KIND_USER` topic, else NULL.
    pub name: *const c_char,
    pub name_len: usize,
}

fn parts(part: Option<&[u8]>) -> (*const c_char, usize) {
    match part {
        Some(part) => (part.as_ptr().cast(), part.len()),
        None => (core::ptr::null(), 0),
    }
}

/// Builds a topic of `kind` (a `hwc_topic_kind`). `extra` is the request id (required by
/// request/response kinds, optional `?request_id=` on MESSAGES_UP and PROPERTIES_REPORT, NULL
/// elsewhere) or, for USER, the custom name.
#[no_mangle]
pub unsafe extern "C" fn hwc_topic(
    kind: u32,
    device_id: *const c_char,
    device_id_len: usize,
    extra: *const c_char,
    extra_len: usize,
    out: *mut c_char,
    cap: usize,
    out_len: *mut usize,
) -> Status {
    unsafe {
        emit(out, cap, out_len, &mut |sink| {
            topic::write_topic(sink, TopicKind::from_u32(kind)?, bytes(device_id, device_id_len)?, optional(extra, extra_len)?)
        })
    }
}

/// The subscription filter for a downlink `kind` (request kinds end in `#`).
#[no_mangle]
pub unsafe extern "C" fn hwc_subscription(
    kind: u32,
    device_id: *const c_char,
    device_id_len: usize,
    out: *mut c_char,
    cap: usize,
    out_len: *mut usize,
) -> Status {
    unsafe {
        emit(out, cap, out_len, &mut |sink| {
            topic::write_subscription(sink, TopicKind::from_u32(kind)?, bytes(device_id, device_id_len)?)
        })
    }
}

/// Number of standard subscriptions a device makes after connecting (see `hwc_device_subscription`).
#[no_mangle]
pub extern "C" fn hwc_device_subscription_count() -> usize {
    topic::DEVICE_SUBSCRIPTIONS.len()
}

/// The kind of standard subscription `index` (0 to count-1), or 0 past the end.
#[no_mangle]
pub extern "C" fn hwc_device_subscription(index: usize) -> u32 {
    topic::DEVICE_SUBSCRIPTIONS.get(index).map_or(0, |kind| *kind as u32)
}

/// Recognises a received topic: `HWC_RESULT_OK` with `out` filled, or `HWC_RESULT_NO_MATCH`
/// (not an error) for a topic that is no IoTDA device topic.
#[no_mangle]
pub unsafe extern "C" fn hwc_parse_topic(topic: *const c_char, len: usize, out: *mut hwc_topic_match) -> Status {
    let Some(out) = (unsafe { out.as_mut() }) else { return Status::NullArgument };
    let null = hwc_topic_match {
        kind: 0,
        device_id: core::ptr::null(),
        device_id_len: 0,
        request_id: core::ptr::null(),
        request_id_len: 0,
        name: core::ptr::null(),
        name_len: 0,
    };
    *out = null;
    let found = match unsafe { bytes(topic, len) }.and_then(topic::parse_topic) {
        Ok(Some(found)) => found,
        Ok(None) => return Status::NoMatch,
        Err(status) => return status,
    };
    let (device_id, device_id_len) = parts(Some(found.device_id));
    let (request_id, request_id_len) = parts(found.request_id);
    let (name, name_len) = parts(found.name);
    *out = hwc_topic_match { kind: found.kind as u32, device_id, device_id_len, request_id, request_id_len, name, name_len };
    Status::Ok
}

/// The response topic of a platform request topic (command, properties set, properties get).
#[no_mangle]
pub unsafe extern "C" fn hwc_response_topic(
    request_topic: *const c_char,
    len: usize,
    out: *mut c_char,
    cap: usize,
    out_len: *mut usize,
) -> Status {
    unsafe { emit(out, cap, out_len, &mut |sink| topic::write_response_topic(sink, bytes(request_topic, len)?)) }
}

// ---------------------------------------------------------------------------------------------
// JSON writer.

/// A streaming JSON writer over a caller buffer. Initialise with `hwc_json_writer_init`; the
/// state is opaque. A writer with a NULL buffer and capacity 0 measures the size needed.
#[repr(C)]
pub struct hwc_json_writer {
    pub buf: *mut c_char,
    pub cap: usize,
    pub state: WriterState,
}

unsafe fn with_writer(w: *mut hwc_json_writer, op: impl FnOnce(&mut JsonWriter) -> Result<()>) -> Status {
    let Some(w) = (unsafe { w.as_mut() }) else { return Status::NullArgument };
    let buf = match unsafe { buffer(w.buf, w.cap) } {
        Ok(buf) => buf,
        Err(status) => return status,
    };
    let mut writer = JsonWriter::resume(buf, w.state);
    let result = op(&mut writer);
    w.state = writer.state();
    status(result)
}

/// An argument conversion whose failure becomes the writer's (sticky) error.
fn arg<T>(w: &mut JsonWriter, value: Result<T>) -> Result<T> {
    match value {
        Ok(value) => Ok(value),
        Err(status) => w.reject(status).and(Err(status)),
    }
}

/// A text argument: as C passed it, then, once `write` has checked it, a valid text or (NULL)
/// an absent optional one. Checked in place: no second array of texts on the stack.
#[derive(Clone, Copy)]
struct Text {
    ptr: *const c_char,
    len: usize,
}

fn input(ptr: *const c_char, len: usize) -> Text {
    Text { ptr, len }
}

impl Text {
    /// A required text is `bytes`; an optional one is absent when NULL.
    #[inline(always)]
    unsafe fn check(&mut self, required: bool) -> Result<()> {
        if self.ptr.is_null() && !required {
            return Ok(());
        }
        let text = unsafe { bytes(self.ptr, self.len) }?;
        *self = Text { ptr: text.as_ptr().cast(), len: text.len() };
        Ok(())
    }
}

/// The arguments of a writer entry point once checked: its texts in the C order, its
/// integer, and its flag, scale, progress or event kind. Made only by `write`.
struct Args<'a> {
    texts: &'a [Text],
    number: i64,
    small: i32,
}

impl<'a> Args<'a> {
    #[inline(never)]
    fn maybe(&self, i: usize) -> Option<&'a [u8]> {
        let text = self.texts.get(i).filter(|text| !text.ptr.is_null())?;
        // SAFETY: `write` checked every text (`Text::check`) before making `Args`: a non-NULL
        // one is a valid slice of the caller's memory for the whole call.
        Some(unsafe { core::slice::from_raw_parts(text.ptr.cast(), text.len) })
    }

    /// A required text (always present once checked).
    fn text(&self, i: usize) -> &'a [u8] {
        self.maybe(i).unwrap_or_default()
    }
}

/// What a writer entry point does, given the writer and its checked arguments.
type Run = fn(&mut JsonWriter, &Args) -> Result<()>;

/// Every writer entry point is one call of this: the writer plumbing and the argument
/// checks exist once, not once per entry point (most exported functions write JSON, so
/// this is code size), and each `run` stays its own function, so a firmware that does not
/// call an entry point does not link its `run`. Texts are checked in order and the first
/// bad one becomes the writer's error; the first `required` of them are required (NULL only
/// with length 0, the empty string), the others optional (NULL: absent).
#[inline(never)]
unsafe fn write(w: *mut hwc_json_writer, run: Run, texts: &mut [Text], required: usize, number: i64, small: i32) -> Status {
    unsafe {
        with_writer(w, |w| {
            for (i, text) in texts.iter_mut().enumerate() {
                arg(w, text.check(i < required))?;
            }
            run(w, &Args { texts, number, small })
        })
    }
}

#[no_mangle]
pub unsafe extern "C" fn hwc_json_writer_init(w: *mut hwc_json_writer, buf: *mut c_char, cap: usize) -> Status {
    let Some(w) = (unsafe { w.as_mut() }) else { return Status::NullArgument };
    *w = hwc_json_writer { buf, cap, state: WriterState::default() };
    match unsafe { buffer(buf, cap) } {
        Ok(_) => Status::Ok,
        Err(status) => {
            w.state.error = status as i32;
            status
        }
    }
}

/// Completes the document: its length in `out_len`, or `HWC_RESULT_BUFFER_TOO_SMALL` with the
/// size needed in `out_len`, or the first error any earlier call hit.
#[no_mangle]
pub unsafe extern "C" fn hwc_json_finish(w: *mut hwc_json_writer, out_len: *mut usize) -> Status {
    let result = unsafe { write(w, |w, _| w.finish().map(|_| ()), &mut [], 0, 0, 0) };
    // The length the writer kept, unless it never ran (no writer, or a bad buffer).
    let len = match unsafe { w.as_ref() } {
        Some(w) if unsafe { buffer(w.buf, w.cap) }.is_ok() => w.state.len,
        _ => 0,
    };
    unsafe { set(out_len, len) };
    result
}

#[no_mangle]
pub unsafe extern "C" fn hwc_json_begin_object(w: *mut hwc_json_writer) -> Status {
    unsafe { write(w, |w, _| w.begin_object(), &mut [], 0, 0, 0) }
}

#[no_mangle]
pub unsafe extern "C" fn hwc_json_end_object(w: *mut hwc_json_writer) -> Status {
    unsafe { write(w, |w, _| w.end_object(), &mut [], 0, 0, 0) }
}

#[no_mangle]
pub unsafe extern "C" fn hwc_json_begin_array(w: *mut hwc_json_writer) -> Status {
    unsafe { write(w, |w, _| w.begin_array(), &mut [], 0, 0, 0) }
}

#[no_mangle]
pub unsafe extern "C" fn hwc_json_end_array(w: *mut hwc_json_writer) -> Status {
    unsafe { write(w, |w, _| w.end_array(), &mut [], 0, 0, 0) }
}

/// A member name (UTF-8, escaped as needed).
#[no_mangle]
pub unsafe extern "C" fn hwc_json_key(w: *mut hwc_json_writer, key: *const c_char, len: usize) -> Status {
    unsafe { write(w, |w, a| w.key(a.text(0)), &mut [input(key, len)], 1, 0, 0) }
}

/// A string value (UTF-8; quotes, backslashes and control characters escaped).
#[no_mangle]
pub unsafe extern "C" fn hwc_json_string(w: *mut hwc_json_writer, text: *const c_char, len: usize) -> Status {
    unsafe { write(w, |w, a| w.string(a.text(0)), &mut [input(text, len)], 1, 0, 0) }
}

#[no_mangle]
pub unsafe extern "C" fn hwc_json_int(w: *mut hwc_json_writer, value: i64) -> Status {
    unsafe { write(w, |w, a| w.int(a.number), &mut [], 0, value, 0) }
}

#[no_mangle]
pub unsafe extern "C" fn hwc_json_uint(w: *mut hwc_json_writer, value: u64) -> Status {
    unsafe { write(w, |w, a| w.uint(a.number as u64), &mut [], 0, value as i64, 0) }
}

/// A number already formatted by the caller (e.g. `snprintf("%.17g")`, a float's repr in
/// MicroPython), written as given if it follows the JSON number grammar (NaN/inf never do).
#[no_mangle]
pub unsafe extern "C" fn hwc_json_number(w: *mut hwc_json_writer, text: *const c_char, len: usize) -> Status {
    unsafe { write(w, |w, a| w.number_text(a.text(0)), &mut [input(text, len)], 1, 0, 0) }
}

/// A fixed-point number `mantissa * 10^-scale` (`scale` 0-18): 2345, 2 gives `23.45`.
#[no_mangle]
pub unsafe extern "C" fn hwc_json_decimal(w: *mut hwc_json_writer, mantissa: i64, scale: u8) -> Status {
    unsafe { write(w, |w, a| w.decimal(a.number, a.small as u8), &mut [], 0, mantissa, scale.into()) }
}

#[no_mangle]
pub unsafe extern "C" fn hwc_json_bool(w: *mut hwc_json_writer, value: bool) -> Status {
    unsafe { write(w, |w, a| w.bool(a.small != 0), &mut [], 0, 0, value.into()) }
}

#[no_mangle]
pub unsafe extern "C" fn hwc_json_null(w: *mut hwc_json_writer) -> Status {
    unsafe { write(w, |w, _| w.null(), &mut [], 0, 0, 0) }
}

// ---------------------------------------------------------------------------------------------
// Uplink payloads.

/// Opens a properties report (also the shape of a properties get response): `{"services":[`.
#[no_mangle]
pub unsafe extern "C" fn hwc_properties_report_begin(w: *mut hwc_json_writer) -> Status {
    unsafe { write(w, |w, _| properties::report_begin(w), &mut [], 0, 0, 0) }
}

#[no_mangle]
pub unsafe extern "C" fn hwc_properties_report_end(w: *mut hwc_json_writer) -> Status {
    unsafe { write(w, |w, _| close_list(w), &mut [], 0, 0, 0) }
}

/// Opens one service: `{"service_id":"...","properties":{`; write the properties as
/// key/value pairs, then `hwc_service_end`.
#[no_mangle]
pub unsafe extern "C" fn hwc_service_begin(w: *mut hwc_json_writer, service_id: *const c_char, len: usize) -> Status {
    unsafe { write(w, |w, a| properties::service_begin(w, a.text(0)), &mut [input(service_id, len)], 1, 0, 0) }
}

/// Closes a service, adding `event_time` (either form) unless it is NULL.
#[no_mangle]
pub unsafe extern "C" fn hwc_service_end(w: *mut hwc_json_writer, event_time: *const c_char, len: usize) -> Status {
    unsafe { write(w, |w, a| properties::service_end(w, a.maybe(0)), &mut [input(event_time, len)], 0, 0, 0) }
}

/// Opens a gateway sub-device report: `{"devices":[`.
#[no_mangle]
pub unsafe extern "C" fn hwc_gateway_report_begin(w: *mut hwc_json_writer) -> Status {
    unsafe { write(w, |w, _| properties::gateway_report_begin(w), &mut [], 0, 0, 0) }
}

#[no_mangle]
pub unsafe extern "C" fn hwc_gateway_report_end(w: *mut hwc_json_writer) -> Status {
    unsafe { write(w, |w, _| close_list(w), &mut [], 0, 0, 0) }
}

/// Opens one sub-device of a gateway report: `{"device_id":"...","services":[`; services
/// follow with `hwc_service_begin`/`hwc_service_end`.
#[no_mangle]
pub unsafe extern "C" fn hwc_gateway_device_begin(w: *mut hwc_json_writer, device_id: *const c_char, len: usize) -> Status {
    unsafe { write(w, |w, a| properties::gateway_device_begin(w, a.text(0)), &mut [input(device_id, len)], 1, 0, 0) }
}

#[no_mangle]
pub unsafe extern "C" fn hwc_gateway_device_end(w: *mut hwc_json_writer) -> Status {
    unsafe { write(w, |w, _| close_list(w), &mut [], 0, 0, 0) }
}

/// A whole properties set response `{"result_code":n,"result_desc":"..."}` (desc optional).
#[no_mangle]
pub unsafe extern "C" fn hwc_properties_set_response(
    w: *mut hwc_json_writer,
    result_code: i64,
    result_desc: *const c_char,
    len: usize,
) -> Status {
    unsafe {
        write(w, |w, a| properties::set_response(w, a.number, a.maybe(0)), &mut [input(result_desc, len)], 0, result_code, 0)
    }
}

/// Opens a command response: `{"result_code":n[,"response_name":"..."]`.
#[no_mangle]
pub unsafe extern "C" fn hwc_command_response_begin(
    w: *mut hwc_json_writer,
    result_code: i64,
    response_name: *const c_char,
    len: usize,
) -> Status {
    unsafe {
        write(w, |w, a| command::response_begin(w, a.number, a.maybe(0)), &mut [input(response_name, len)], 0, result_code, 0)
    }
}

/// Opens the response parameters: `,"paras":{`.
#[no_mangle]
pub unsafe extern "C" fn hwc_command_response_paras_begin(w: *mut hwc_json_writer) -> Status {
    unsafe { write(w, |w, _| command::paras_begin(w), &mut [], 0, 0, 0) }
}

#[no_mangle]
pub unsafe extern "C" fn hwc_command_response_paras_end(w: *mut hwc_json_writer) -> Status {
    unsafe { write(w, |w, _| w.end_object(), &mut [], 0, 0, 0) }
}

#[no_mangle]
pub unsafe extern "C" fn hwc_command_response_end(w: *mut hwc_json_writer) -> Status {
    unsafe { write(w, |w, _| w.end_object(), &mut [], 0, 0, 0) }
}

/// Opens a system-format message up to its content (write a string or an object next), with
/// each envelope field present unless NULL.
#[no_mangle]
pub unsafe extern "C" fn hwc_message_begin(
    w: *mut hwc_json_writer,
    object_device_id: *const c_char,
    object_device_id_len: usize,
    name: *const c_char,
    name_len: usize,
    id: *const c_char,
    id_len: usize,
) -> Status {
    let mut texts = [input(object_device_id, object_device_id_len), input(name, name_len), input(id, id_len)];
    unsafe { write(w, |w, a| messages::message_begin(w, a.maybe(0), a.maybe(1), a.maybe(2)), &mut texts, 0, 0, 0) }
}

#[no_mangle]
pub unsafe extern "C" fn hwc_message_end(w: *mut hwc_json_writer) -> Status {
    unsafe { write(w, |w, _| w.end_object(), &mut [], 0, 0, 0) }
}

/// A whole shadow get request (both fields optional).
#[no_mangle]
pub unsafe extern "C" fn hwc_shadow_get_request(
    w: *mut hwc_json_writer,
    object_device_id: *const c_char,
    object_device_id_len: usize,
    service_id: *const c_char,
    service_id_len: usize,
) -> Status {
    let mut texts = [input(object_device_id, object_device_id_len), input(service_id, service_id_len)];
    unsafe { write(w, |w, a| shadow::get_request(w, a.maybe(0), a.maybe(1)), &mut texts, 0, 0, 0) }
}

/// Opens an event document: `{["object_device_id":"...",]"services":[`.
#[no_mangle]
pub unsafe extern "C" fn hwc_events_begin(w: *mut hwc_json_writer, object_device_id: *const c_char, len: usize) -> Status {
    unsafe { write(w, |w, a| events::begin(w, a.maybe(0)), &mut [input(object_device_id, len)], 0, 0, 0) }
}

#[no_mangle]
pub unsafe extern "C" fn hwc_events_end(w: *mut hwc_json_writer) -> Status {
    unsafe { write(w, |w, _| close_list(w), &mut [], 0, 0, 0) }
}

/// Opens one event up to its parameters (`"paras":{`); `event_time` (compact form) and
/// `event_id` are optional. Close with `hwc_event_end`.
#[no_mangle]
pub unsafe extern "C" fn hwc_event_begin(
    w: *mut hwc_json_writer,
    service_id: *const c_char,
    service_id_len: usize,
    event_type: *const c_char,
    event_type_len: usize,
    event_time: *const c_char,
    event_time_len: usize,
    event_id: *const c_char,
    event_id_len: usize,
) -> Status {
    let mut texts = [
        input(service_id, service_id_len),
        input(event_type, event_type_len),
        input(event_time, event_time_len),
        input(event_id, event_id_len),
    ];
    unsafe { write(w, |w, a| events::event_begin(w, a.text(0), a.text(1), a.maybe(2), a.maybe(3)), &mut texts, 2, 0, 0) }
}

#[no_mangle]
pub unsafe extern "C" fn hwc_event_end(w: *mut hwc_json_writer) -> Status {
    unsafe { write(w, |w, _| events::event_end(w), &mut [], 0, 0, 0) }
}

/// Opens a single-event document of a known `hwc_event_kind` up to its parameters; close
/// with `hwc_system_event_end`.
#[no_mangle]
pub unsafe extern "C" fn hwc_system_event_begin(
    w: *mut hwc_json_writer,
    kind: u32,
    event_time: *const c_char,
    event_time_len: usize,
    event_id: *const c_char,
    event_id_len: usize,
) -> Status {
    let mut texts = [input(event_time, event_time_len), input(event_id, event_id_len)];
    unsafe {
        write(
            w,
            |w, a| {
                let kind = arg(w, EventKind::from_u32(a.small as u32))?;
                events::system_begin(w, kind, a.maybe(0), a.maybe(1))
            },
            &mut texts,
            0,
            0,
            kind as i32,
        )
    }
}

#[no_mangle]
pub unsafe extern "C" fn hwc_system_event_end(w: *mut hwc_json_writer) -> Status {
    unsafe { write(w, |w, _| events::system_end(w), &mut [], 0, 0, 0) }
}

/// A whole `$ota`/`version_report` event.
#[no_mangle]
pub unsafe extern "C" fn hwc_ota_version_report(
    w: *mut hwc_json_writer,
    sw_version: *const c_char,
    sw_version_len: usize,
    fw_version: *const c_char,
    fw_version_len: usize,
    event_time: *const c_char,
    event_time_len: usize,
) -> Status {
    let mut texts = [input(sw_version, sw_version_len), input(fw_version, fw_version_len), input(event_time, event_time_len)];
    unsafe { write(w, |w, a| events::ota_version_report(w, a.maybe(0), a.maybe(1), a.maybe(2)), &mut texts, 0, 0, 0) }
}

/// A whole `$ota`/`upgrade_progress_report` event; `progress` 0-100, or -1 to leave it out.
#[no_mangle]
pub unsafe extern "C" fn hwc_ota_progress_report(
    w: *mut hwc_json_writer,
    result_code: i64,
    progress: i32,
    version: *const c_char,
    version_len: usize,
    description: *const c_char,
    description_len: usize,
    event_time: *const c_char,
    event_time_len: usize,
) -> Status {
    let mut texts = [input(version, version_len), input(description, description_len), input(event_time, event_time_len)];
    unsafe {
        write(
            w,
            |w, a| {
                // -1 leaves the progress out.
                let progress = match a.small {
                    -1 => None,
                    0..=100 => Some(a.small as u8),
                    _ => return w.reject(Status::InvalidArgument),
                };
                events::ota_progress_report(w, a.number, progress, a.text(0), a.maybe(1), a.maybe(2))
            },
            &mut texts,
            1,
            result_code,
            progress,
        )
    }
}

/// A whole `$time_sync`/`time_sync_request` event with the device clock in Unix ms.
#[no_mangle]
pub unsafe extern "C" fn hwc_time_sync_request(
    w: *mut hwc_json_writer,
    device_send_time_ms: i64,
    event_time: *const c_char,
    len: usize,
) -> Status {
    unsafe {
        write(
            w,
            |w, a| events::time_sync_request(w, a.number, a.maybe(0)),
            &mut [input(event_time, len)],
            0,
            device_send_time_ms,
            0,
        )
    }
}

/// A whole `$sdk_info`/`sdk_info_report` event; every field optional.
#[no_mangle]
pub unsafe extern "C" fn hwc_sdk_info_report(
    w: *mut hwc_json_writer,
    device_sdk_version: *const c_char,
    device_sdk_version_len: usize,
    sw_version: *const c_char,
    sw_version_len: usize,
    fw_version: *const c_char,
    fw_version_len: usize,
    device_ip: *const c_char,
    device_ip_len: usize,
    event_time: *const c_char,
    event_time_len: usize,
) -> Status {
    let mut texts = [
        input(device_sdk_version, device_sdk_version_len),
        input(sw_version, sw_version_len),
        input(fw_version, fw_version_len),
        input(device_ip, device_ip_len),
        input(event_time, event_time_len),
    ];
    unsafe {
        write(
            w,
            |w, a| events::sdk_info_report(w, a.maybe(0), a.maybe(1), a.maybe(2), a.maybe(3), a.maybe(4)),
            &mut texts,
            0,
            0,
            0,
        )
    }
}

/// A whole `$sub_device_manager`/`sub_device_sync_request` event.
#[no_mangle]
pub unsafe extern "C" fn hwc_sub_device_sync_request(
    w: *mut hwc_json_writer,
    version: i64,
    event_time: *const c_char,
    len: usize,
) -> Status {
    unsafe {
        write(w, |w, a| events::sub_device_sync_request(w, a.number, a.maybe(0)), &mut [input(event_time, len)], 0, version, 0)
    }
}

/// Opens a gateway list event: `kind` is ADD_SUB_DEVICE_REQUEST, DELETE_SUB_DEVICE_REQUEST or
/// SUB_DEVICE_UPDATE_STATUS; add items with the matching `hwc_sub_device_*_item`.
#[no_mangle]
pub unsafe extern "C" fn hwc_sub_devices_begin(
    w: *mut hwc_json_writer,
    kind: u32,
    event_time: *const c_char,
    event_time_len: usize,
    event_id: *const c_char,
    event_id_len: usize,
) -> Status {
    let mut texts = [input(event_time, event_time_len), input(event_id, event_id_len)];
    unsafe {
        write(
            w,
            |w, a| {
                let kind = arg(w, EventKind::from_u32(a.small as u32))?;
                events::sub_devices_begin(w, kind, a.maybe(0), a.maybe(1))
            },
            &mut texts,
            0,
            0,
            kind as i32,
        )
    }
}

#[no_mangle]
pub unsafe extern "C" fn hwc_sub_devices_end(w: *mut hwc_json_writer) -> Status {
    unsafe { write(w, |w, _| events::sub_devices_end(w), &mut [], 0, 0, 0) }
}

/// One child of an add request; `node_id` and `product_id` required, the rest optional.
#[no_mangle]
pub unsafe extern "C" fn hwc_sub_device_add_item(
    w: *mut hwc_json_writer,
    node_id: *const c_char,
    node_id_len: usize,
    product_id: *const c_char,
    product_id_len: usize,
    device_id: *const c_char,
    device_id_len: usize,
    name: *const c_char,
    name_len: usize,
    description: *const c_char,
    description_len: usize,
    parent_device_id: *const c_char,
    parent_device_id_len: usize,
) -> Status {
    let mut texts = [
        input(node_id, node_id_len),
        input(product_id, product_id_len),
        input(device_id, device_id_len),
        input(name, name_len),
        input(description, description_len),
        input(parent_device_id, parent_device_id_len),
    ];
    unsafe {
        write(
            w,
            |w, a| {
                let device = NewSubDevice {
                    node_id: a.text(0),
                    product_id: a.text(1),
                    device_id: a.maybe(2),
                    name: a.maybe(3),
                    description: a.maybe(4),
                    parent_device_id: a.maybe(5),
                };
                events::sub_device_add_item(w, &device)
            },
            &mut texts,
            2,
            0,
            0,
        )
    }
}

/// One device id of a delete request.
#[no_mangle]
pub unsafe extern "C" fn hwc_sub_device_delete_item(w: *mut hwc_json_writer, device_id: *const c_char, len: usize) -> Status {
    unsafe { write(w, |w, a| events::sub_device_delete_item(w, a.text(0)), &mut [input(device_id, len)], 1, 0, 0) }
}

/// One `{"device_id":"...","status":"ONLINE"|"OFFLINE"}` of a status update.
#[no_mangle]
pub unsafe extern "C" fn hwc_sub_device_status_item(
    w: *mut hwc_json_writer,
    device_id: *const c_char,
    len: usize,
    online: bool,
) -> Status {
    unsafe {
        write(
            w,
            |w, a| events::sub_device_status_item(w, a.text(0), a.small != 0),
            &mut [input(device_id, len)],
            1,
            0,
            online.into(),
        )
    }
}

// ---------------------------------------------------------------------------------------------
// JSON reader and downlink decoders.

/// A JSON value or token, pointing into the caller's JSON. `kind` is a `hwc_json_kind`; for
/// strings and keys `ptr`/`len` are the raw content between the quotes (still escaped: see
/// `hwc_json_unescape`), for objects and arrays the whole text including brackets, for numbers
/// and literals their text. An absent field has kind `HWC_JSON_KIND_ABSENT` and a NULL `ptr`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct hwc_json_value {
    pub kind: u32,
    pub ptr: *const c_char,
    pub len: usize,
}

const ABSENT: hwc_json_value = hwc_json_value { kind: 0, ptr: core::ptr::null(), len: 0 };

impl From<Value<'_>> for hwc_json_value {
    fn from(value: Value<'_>) -> Self {
        match value.kind {
            Kind::Absent => ABSENT,
            kind => hwc_json_value { kind: kind as u32, ptr: value.raw.as_ptr().cast(), len: value.raw.len() },
        }
    }
}

unsafe fn value_bytes<'a>(value: *const hwc_json_value) -> Result<(Kind, &'a [u8])> {
    let value = unsafe { value.as_ref() }.ok_or(Status::NullArgument)?;
    let kind = match value.kind {
        4 => Kind::Number,
        5 => Kind::String,
        8 => Kind::Key,
        _ => Kind::Absent,
    };
    Ok((kind, unsafe { bytes(value.ptr, value.len) }?))
}

/// A pull reader over caller JSON (opaque state).
#[repr(C)]
pub struct hwc_json_reader {
    pub json: *const c_char,
    pub len: usize,
    pub state: ReaderState,
}

unsafe fn with_reader<'a, T>(r: *mut hwc_json_reader, op: impl FnOnce(&mut JsonReader<'a>) -> Result<T>) -> Result<T> {
    let r = unsafe { r.as_mut() }.ok_or(Status::NullArgument)?;
    let json = unsafe { bytes(r.json, r.len) }?;
    let mut reader = JsonReader::resume(json, r.state);
    let result = op(&mut reader);
    r.state = reader.state();
    result
}

fn found(result: Result<bool>) -> Status {
    match result {
        Ok(true) => Status::Ok,
        Ok(false) => Status::NoMatch,
        Err(status) => status,
    }
}

/// Starts reading `json` token by token.
#[no_mangle]
pub unsafe extern "C" fn hwc_json_reader_init(r: *mut hwc_json_reader, json: *const c_char, len: usize) -> Status {
    let Some(r) = (unsafe { r.as_mut() }) else { return Status::NullArgument };
    *r = hwc_json_reader { json, len, state: ReaderState::default() };
    status(unsafe { bytes(json, len) }.map(|_| ()))
}

/// Starts reading inside an object or array (`kind` is `HWC_JSON_KIND_OBJECT` or `_ARRAY`):
/// then iterate with `hwc_json_next_member` or `hwc_json_next_value`. `HWC_RESULT_WRONG_TYPE`
/// if `json` is another kind of value.
#[no_mangle]
pub unsafe extern "C" fn hwc_json_reader_open(r: *mut hwc_json_reader, json: *const c_char, len: usize, kind: u32) -> Status {
    let Some(r) = (unsafe { r.as_mut() }) else { return Status::NullArgument };
    *r = hwc_json_reader { json, len, state: ReaderState::default() };
    let kind = match kind {
        6 => Kind::Object,
        7 => Kind::Array,
        _ => return Status::InvalidArgument,
    };
    match unsafe { bytes(json, len) }.and_then(|json| JsonReader::open(json, kind)) {
        Ok(reader) => {
            r.state = reader.state();
            Status::Ok
        }
        Err(status) => status,
    }
}

/// What a stepping entry point reads next.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    Token,
    Value,
    Member,
}

/// The three stepping entry points in one copy; `key` is written for members only.
#[inline(never)]
unsafe fn step(r: *mut hwc_json_reader, step: Step, key: *mut hwc_json_value, out: *mut hwc_json_value) -> Status {
    if out.is_null() || (step == Step::Member && key.is_null()) {
        return Status::NullArgument;
    }
    let next = unsafe {
        with_reader(r, |reader| match step {
            Step::Token => reader.next().map(|token| token.map(|value| (None, value))),
            Step::Value => reader.next_value().map(|value| value.map(|value| (None, value))),
            Step::Member => reader.next_member().map(|member| member.map(|(name, value)| (Some(name), value))),
        })
    };
    let (name, value) = match next {
        Ok(Some((name, value))) => (name.map_or(ABSENT, |raw| Value { kind: Kind::Key, raw }.into()), value.into()),
        _ => (ABSENT, ABSENT),
    };
    if step == Step::Member {
        unsafe { set(key, name) };
    }
    unsafe { set(out, value) };
    found(next.map(|n| n.is_some()))
}

/// The next token; `HWC_RESULT_NO_MATCH` after the end of the document.
#[no_mangle]
pub unsafe extern "C" fn hwc_json_next_token(r: *mut hwc_json_reader, out: *mut hwc_json_value) -> Status {
    unsafe { step(r, Step::Token, core::ptr::null_mut(), out) }
}

/// The next whole value of the array (or top level) being read; `HWC_RESULT_NO_MATCH` at its end.
#[no_mangle]
pub unsafe extern "C" fn hwc_json_next_value(r: *mut hwc_json_reader, out: *mut hwc_json_value) -> Status {
    unsafe { step(r, Step::Value, core::ptr::null_mut(), out) }
}

/// The next member (raw name and whole value) of the object being read; `HWC_RESULT_NO_MATCH`
/// at its end.
#[no_mangle]
pub unsafe extern "C" fn hwc_json_next_member(
    r: *mut hwc_json_reader,
    key: *mut hwc_json_value,
    value: *mut hwc_json_value,
) -> Status {
    unsafe { step(r, Step::Member, key, value) }
}

/// The value of member `key` of the object `json` (the last one if repeated), or
/// `HWC_RESULT_NO_MATCH` if absent. The whole object is checked.
#[no_mangle]
pub unsafe extern "C" fn hwc_json_get(
    json: *const c_char,
    len: usize,
    key: *const c_char,
    key_len: usize,
    out: *mut hwc_json_value,
) -> Status {
    if out.is_null() {
        return Status::NullArgument;
    }
    unsafe { set(out, ABSENT) };
    let result = (|| {
        let (json, key) = unsafe { (bytes(json, len)?, bytes(key, key_len)?) };
        let mut reader = JsonReader::open(json, Kind::Object)?;
        let mut hit = None;
        while let Some((name, value)) = reader.next_member()? {
            if raw_eq(name, key) {
                hit = Some(value);
            }
        }
        reader.close_document()?;
        Ok(hit)
    })();
    match result {
        Ok(Some(value)) => {
            unsafe { set(out, value.into()) };
            Status::Ok
        }
        Ok(None) => Status::NoMatch,
        Err(status) => status,
    }
}

/// Decodes a string or key value's escapes into UTF-8 text.
#[no_mangle]
pub unsafe extern "C" fn hwc_json_unescape(
    value: *const hwc_json_value,
    out: *mut c_char,
    cap: usize,
    out_len: *mut usize,
) -> Status {
    unsafe {
        emit(out, cap, out_len, &mut |sink| {
            let (kind, raw) = value_bytes(value)?;
            if kind != Kind::String && kind != Kind::Key {
                return Err(Status::WrongType);
            }
            unescape(raw, |b| sink.byte(b));
            Ok(())
        })
    }
}

/// Whether a string or key value equals `text` once unescaped (false for other kinds).
#[no_mangle]
pub unsafe extern "C" fn hwc_json_equals(value: *const hwc_json_value, text: *const c_char, len: usize) -> bool {
    match unsafe { (value_bytes(value), bytes(text, len)) } {
        (Ok((Kind::String | Kind::Key, raw)), Ok(text)) => raw_eq(raw, text),
        _ => false,
    }
}

/// The integer value of a number (`HWC_RESULT_WRONG_TYPE` for fractions or exponents,
/// `HWC_RESULT_OUT_OF_RANGE` beyond int64).
#[no_mangle]
pub unsafe extern "C" fn hwc_json_to_i64(value: *const hwc_json_value, out: *mut i64) -> Status {
    if out.is_null() {
        return Status::NullArgument;
    }
    let result = unsafe { value_bytes(value) }.and_then(|(kind, raw)| Value { kind, raw }.as_i64());
    match result {
        Ok(number) => {
            unsafe { set(out, number) };
            Status::Ok
        }
        Err(status) => status,
    }
}

/// Most fields a decoded row has (`hwc_device_info`).
const MAX_FIELDS: usize = 12;

/// A plain field-table decoder into a C row struct: `T` is a `#[repr(C)]` row of exactly `N`
/// `hwc_json_value` fields in the table's order (checked at compile time by size). Inlined
/// into each entry point as one call of `decode_rows`, which exists once.
unsafe fn decode_row<const N: usize, T>(json: *const c_char, len: usize, fields: &[schema::Field; N], out: *mut T) -> Status {
    const { assert!(core::mem::size_of::<T>() == N * core::mem::size_of::<hwc_json_value>() && N <= MAX_FIELDS) };
    unsafe { decode_rows(json, len, fields, schema::UnknownKeys::Skip, out.cast()) }
}

/// Decodes in place: the row is first filled as `Value`s (the same size, no stricter
/// alignment), then each is turned into its C form. No copy of the row on the stack.
#[inline(never)]
unsafe fn decode_rows(
    json: *const c_char,
    len: usize,
    fields: &[schema::Field],
    unknown: schema::UnknownKeys,
    out: *mut hwc_json_value,
) -> Status {
    const {
        assert!(core::mem::size_of::<Value>() == core::mem::size_of::<hwc_json_value>());
        assert!(core::mem::align_of::<Value>() <= core::mem::align_of::<hwc_json_value>());
    };
    if out.is_null() {
        return Status::NullArgument;
    }
    let values: *mut Value = out.cast();
    // SAFETY: `out` is a row of `fields.len()` values (`decode_row`), each slot as big and as
    // aligned as a `Value`; every slot is written before the slice is made.
    let result = unsafe {
        for i in 0..fields.len() {
            values.add(i).write(Value::ABSENT);
        }
        let row = core::slice::from_raw_parts_mut(values, fields.len());
        bytes(json, len).and_then(|json| schema::decode_slice(json, fields, row, unknown))
    };
    for i in 0..fields.len() {
        // SAFETY: slot `i` holds a `Value` (written above) until it is replaced here.
        unsafe {
            let value = if result.is_ok() { values.add(i).read().into() } else { ABSENT };
            out.add(i).write(value);
        }
    }
    status(result)
}

#[repr(C)]
pub struct hwc_command_request {
    pub object_device_id: hwc_json_value,
    pub service_id: hwc_json_value,
    pub command_name: hwc_json_value,
    /// An object, or absent.
    pub paras: hwc_json_value,
}

/// Decodes a command (topic COMMAND_REQUEST).
#[no_mangle]
pub unsafe extern "C" fn hwc_decode_command_request(payload: *const c_char, len: usize, out: *mut hwc_command_request) -> Status {
    unsafe { decode_row(payload, len, &command::REQUEST, out) }
}

#[repr(C)]
pub struct hwc_properties_set_request {
    pub object_device_id: hwc_json_value,
    /// Array of services: decode each with `hwc_decode_service`.
    pub services: hwc_json_value,
}

/// Decodes a properties set request (topic PROPERTIES_SET_REQUEST).
#[no_mangle]
pub unsafe extern "C" fn hwc_decode_properties_set_request(
    payload: *const c_char,
    len: usize,
    out: *mut hwc_properties_set_request,
) -> Status {
    unsafe { decode_row(payload, len, &properties::SET_REQUEST, out) }
}

#[repr(C)]
pub struct hwc_properties_get_request {
    pub object_device_id: hwc_json_value,
    /// Absent: all services.
    pub service_id: hwc_json_value,
}

/// Decodes a properties get request (topic PROPERTIES_GET_REQUEST).
#[no_mangle]
pub unsafe extern "C" fn hwc_decode_properties_get_request(
    payload: *const c_char,
    len: usize,
    out: *mut hwc_properties_get_request,
) -> Status {
    unsafe { decode_row(payload, len, &properties::GET_REQUEST, out) }
}

#[repr(C)]
pub struct hwc_service {
    pub service_id: hwc_json_value,
    /// An object of property name to value.
    pub properties: hwc_json_value,
    pub event_time: hwc_json_value,
}

/// Decodes one entry of a `services` array.
#[no_mangle]
pub unsafe extern "C" fn hwc_decode_service(json: *const c_char, len: usize, out: *mut hwc_service) -> Status {
    unsafe { decode_row(json, len, &properties::SERVICE, out) }
}

#[repr(C)]
pub struct hwc_message_down {
    pub object_device_id: hwc_json_value,
    pub name: hwc_json_value,
    pub id: hwc_json_value,
    /// A string or an object.
    pub content: hwc_json_value,
}

/// Decodes a platform message (topic MESSAGES_DOWN) in system format; `HWC_RESULT_NO_MATCH`
/// (not an error) when the payload is a raw message to use as it is.
#[no_mangle]
pub unsafe extern "C" fn hwc_decode_message_down(payload: *const c_char, len: usize, out: *mut hwc_message_down) -> Status {
    const { assert!(core::mem::size_of::<hwc_message_down>() == messages::ENVELOPE.len() * core::mem::size_of::<hwc_json_value>()) };
    let Some(out) = (unsafe { out.as_mut() }) else { return Status::NullArgument };
    *out = hwc_message_down { object_device_id: ABSENT, name: ABSENT, id: ABSENT, content: ABSENT };
    if let Err(status) = unsafe { bytes(payload, len) } {
        return status;
    }
    // System format: an object of only the four envelope keys with their types, the content a
    // string or an object. Anything else is a raw message.
    let row = (out as *mut hwc_message_down).cast();
    let decoded = unsafe { decode_rows(payload, len, &messages::ENVELOPE, schema::UnknownKeys::NoMatch, row) };
    let content = out.content.kind;
    if decoded == Status::Ok && (content == Kind::String as u32 || content == Kind::Object as u32) {
        return Status::Ok;
    }
    *out = hwc_message_down { object_device_id: ABSENT, name: ABSENT, id: ABSENT, content: ABSENT };
    Status::NoMatch
}

#[repr(C)]
pub struct hwc_shadow_response {
    pub object_device_id: hwc_json_value,
    /// Array of entries: decode each with `hwc_decode_shadow_entry`.
    pub shadow: hwc_json_value,
}

/// Decodes a shadow get response (topic SHADOW_GET_RESPONSE).
#[no_mangle]
pub unsafe extern "C" fn hwc_decode_shadow_response(payload: *const c_char, len: usize, out: *mut hwc_shadow_response) -> Status {
    unsafe { decode_row(payload, len, &shadow::RESPONSE, out) }
}

#[repr(C)]
pub struct hwc_shadow_entry {
    pub service_id: hwc_json_value,
    /// Objects: decode each with `hwc_decode_shadow_properties`.
    pub desired: hwc_json_value,
    pub reported: hwc_json_value,
    pub version: hwc_json_value,
}

#[no_mangle]
pub unsafe extern "C" fn hwc_decode_shadow_entry(json: *const c_char, len: usize, out: *mut hwc_shadow_entry) -> Status {
    unsafe { decode_row(json, len, &shadow::ENTRY, out) }
}

#[repr(C)]
pub struct hwc_shadow_properties {
    pub properties: hwc_json_value,
    pub event_time: hwc_json_value,
}

#[no_mangle]
pub unsafe extern "C" fn hwc_decode_shadow_properties(
    json: *const c_char,
    len: usize,
    out: *mut hwc_shadow_properties,
) -> Status {
    unsafe { decode_row(json, len, &shadow::PROPERTIES_DATA, out) }
}

#[repr(C)]
pub struct hwc_events {
    pub object_device_id: hwc_json_value,
    /// Array of events: decode each with `hwc_decode_event`.
    pub services: hwc_json_value,
}

/// Decodes an event document (topic EVENTS_DOWN).
#[no_mangle]
pub unsafe extern "C" fn hwc_decode_events(payload: *const c_char, len: usize, out: *mut hwc_events) -> Status {
    unsafe { decode_row(payload, len, &events::ENVELOPE, out) }
}

#[repr(C)]
pub struct hwc_event {
    /// A `hwc_event_kind` (UNKNOWN for events this library does not name).
    pub kind: u32,
    pub service_id: hwc_json_value,
    pub event_type: hwc_json_value,
    pub event_time: hwc_json_value,
    pub event_id: hwc_json_value,
    /// An object: decode with the decoder for `kind`.
    pub paras: hwc_json_value,
}

/// Decodes one entry of an event document's `services`.
#[no_mangle]
pub unsafe extern "C" fn hwc_decode_event(json: *const c_char, len: usize, out: *mut hwc_event) -> Status {
    const {
        let row = core::mem::offset_of!(hwc_event, paras) - core::mem::offset_of!(hwc_event, service_id);
        assert!(row == (events::EVENT.len() - 1) * core::mem::size_of::<hwc_json_value>());
    };
    let Some(out) = (unsafe { out.as_mut() }) else { return Status::NullArgument };
    out.kind = EventKind::Unknown as u32;
    // The five values after `kind` are a row in the table's order (checked above).
    let status = unsafe { decode_rows(json, len, &events::EVENT, schema::UnknownKeys::Skip, &mut out.service_id) };
    if status == Status::Ok {
        // SAFETY: both point into the caller's `json` (or are absent: NULL, 0).
        let (service_id, event_type) = unsafe { (raw(&out.service_id), raw(&out.event_type)) };
        out.kind = events::classify(service_id, event_type) as u32;
    }
    status
}

/// The text of a decoded value (empty when absent).
unsafe fn raw<'a>(value: &hwc_json_value) -> &'a [u8] {
    unsafe { bytes(value.ptr, value.len) }.unwrap_or_default()
}

#[repr(C)]
pub struct hwc_version_query {
    pub task_id: hwc_json_value,
    pub sub_device_count: hwc_json_value,
    pub task_ext_info: hwc_json_value,
}

/// Decodes the paras of `$ota`/`version_query` (all optional; answer with a version report).
#[no_mangle]
pub unsafe extern "C" fn hwc_decode_version_query(paras: *const c_char, len: usize, out: *mut hwc_version_query) -> Status {
    unsafe { decode_row(paras, len, &events::VERSION_QUERY, out) }
}

#[repr(C)]
pub struct hwc_upgrade {
    pub version: hwc_json_value,
    pub url: hwc_json_value,
    pub file_size: hwc_json_value,
    pub file_name: hwc_json_value,
    /// v1 packages: send as `Authorization: Bearer {access_token}`.
    pub access_token: hwc_json_value,
    pub expires: hwc_json_value,
    /// SHA-256 of the package, hex.
    pub sign: hwc_json_value,
    pub custom_info: hwc_json_value,
    pub task_id: hwc_json_value,
    pub sub_device_count: hwc_json_value,
    pub task_ext_info: hwc_json_value,
}

/// Decodes the paras of `firmware_upgrade`, `software_upgrade` and their `_v2` forms.
#[no_mangle]
pub unsafe extern "C" fn hwc_decode_upgrade(paras: *const c_char, len: usize, out: *mut hwc_upgrade) -> Status {
    unsafe { decode_row(paras, len, &events::UPGRADE, out) }
}

#[repr(C)]
pub struct hwc_time_sync_response {
    pub device_send_time: i64,
    pub server_recv_time: i64,
    pub server_send_time: i64,
}

/// Decodes the paras of `$time_sync`/`time_sync_response` (Unix ms); pass the fields and the
/// arrival time to `hwc_time_sync_now`.
#[no_mangle]
pub unsafe extern "C" fn hwc_decode_time_sync_response(
    paras: *const c_char,
    len: usize,
    out: *mut hwc_time_sync_response,
) -> Status {
    let Some(out) = (unsafe { out.as_mut() }) else { return Status::NullArgument };
    *out = hwc_time_sync_response { device_send_time: 0, server_recv_time: 0, server_send_time: 0 };
    let mut row = [ABSENT; events::TIME_SYNC_RESPONSE.len()];
    let status = unsafe { decode_rows(paras, len, &events::TIME_SYNC_RESPONSE, schema::UnknownKeys::Skip, row.as_mut_ptr()) };
    if status != Status::Ok {
        return status;
    }
    let [send, recv, sent] = &row;
    *out = unsafe {
        hwc_time_sync_response {
            device_send_time: integer(send),
            server_recv_time: integer(recv),
            server_send_time: integer(sent),
        }
    };
    Status::Ok
}

/// A decoded required integer field (decoding checked that it fits an i64).
#[inline(never)]
unsafe fn integer(value: &hwc_json_value) -> i64 {
    Value { kind: Kind::Number, raw: unsafe { raw(value) } }.as_i64().unwrap_or_default()
}

#[repr(C)]
pub struct hwc_sub_device_notify {
    /// Array: decode each with `hwc_decode_device_info`.
    pub devices: hwc_json_value,
    pub version: hwc_json_value,
}

/// Decodes the paras of `add_sub_device_notify` / `delete_sub_device_notify`.
#[no_mangle]
pub unsafe extern "C" fn hwc_decode_sub_device_notify(
    paras: *const c_char,
    len: usize,
    out: *mut hwc_sub_device_notify,
) -> Status {
    unsafe { decode_row(paras, len, &events::SUB_DEVICE_NOTIFY, out) }
}

#[repr(C)]
pub struct hwc_sub_device_response {
    /// Array of device infos (add, status) or device id strings (delete).
    pub successful_devices: hwc_json_value,
    /// Array: decode each with `hwc_decode_failed_device`.
    pub failed_devices: hwc_json_value,
}

/// Decodes the paras of the add/delete/status responses of `$sub_device_manager`.
#[no_mangle]
pub unsafe extern "C" fn hwc_decode_sub_device_response(
    paras: *const c_char,
    len: usize,
    out: *mut hwc_sub_device_response,
) -> Status {
    unsafe { decode_row(paras, len, &events::SUB_DEVICE_RESPONSE, out) }
}

#[repr(C)]
pub struct hwc_device_info {
    pub parent_device_id: hwc_json_value,
    pub node_id: hwc_json_value,
    pub device_id: hwc_json_value,
    pub name: hwc_json_value,
    pub description: hwc_json_value,
    pub manufacturer_id: hwc_json_value,
    pub model: hwc_json_value,
    pub product_id: hwc_json_value,
    pub fw_version: hwc_json_value,
    pub sw_version: hwc_json_value,
    pub status: hwc_json_value,
    pub extension_info: hwc_json_value,
}

/// Decodes one device of a sub-device notify or response.
#[no_mangle]
pub unsafe extern "C" fn hwc_decode_device_info(json: *const c_char, len: usize, out: *mut hwc_device_info) -> Status {
    unsafe { decode_row(json, len, &events::DEVICE_INFO, out) }
}

#[repr(C)]
pub struct hwc_failed_device {
    pub device_id: hwc_json_value,
    pub node_id: hwc_json_value,
    pub product_id: hwc_json_value,
    pub error_code: hwc_json_value,
    pub error_msg: hwc_json_value,
}

#[no_mangle]
pub unsafe extern "C" fn hwc_decode_failed_device(json: *const c_char, len: usize, out: *mut hwc_failed_device) -> Status {
    unsafe { decode_row(json, len, &events::FAILED_DEVICE, out) }
}

#[repr(C)]
pub struct hwc_bootstrap {
    /// `host:port` to connect to.
    pub address: hwc_json_value,
    /// Present for group-secret provisioning.
    pub device_secret: hwc_json_value,
}

/// Decodes a bootstrap result (topic BOOTSTRAP_DOWN).
#[no_mangle]
pub unsafe extern "C" fn hwc_decode_bootstrap(payload: *const c_char, len: usize, out: *mut hwc_bootstrap) -> Status {
    unsafe { decode_row(payload, len, &events::BOOTSTRAP_DOWN, out) }
}
