//! The workloads both harnesses run: fixed inputs and the calls that build each document, through
//! the Rust API and through the C ABI. `speed` times them against references; `budget` counts
//! their instructions under callgrind.

use core::ffi::c_char;

use huaweicloud::error::Status;
use huaweicloud::ffi;
use huaweicloud::json::writer::JsonWriter;
use huaweicloud::message::{command, events, properties};
use huaweicloud::sink::Sink;
use huaweicloud::topic::{self, TopicKind};

/// firmware-facts' vector (checked there against `openssl dgst -sha256 -hmac 2022010507`): a 32-byte
/// secret, so HMAC is exactly 4 SHA-256 compressions.
pub const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";
pub const TIMESTAMP: &[u8] = b"2022010507";
pub const PASSWORD: &[u8] = b"a2744352c7ba525f6faf2553c1fff80e85ee90afa1474d9e20f9ac79e8e6e5a8";

/// An IoTDA device id (`{product_id}_{node_id}`) and a command id as the platform sends them.
pub const DEVICE_ID: &[u8] = b"6412a8c0d3f1b2001e7b8c9d_sensor-0001";
pub const REQUEST_ID: &[u8] = b"3f2c9e1a-7b4d-4c8e-9a1f-0d2e6b5c4a39";
pub const TOPIC: &[u8] =
    b"$oc/devices/6412a8c0d3f1b2001e7b8c9d_sensor-0001/sys/commands/response/request_id=3f2c9e1a-7b4d-4c8e-9a1f-0d2e6b5c4a39";

pub const SERVICE_ID: &[u8] = b"environment";

/// A property value: integers, fixed-point decimals (the library's float-free number), strings
/// and booleans, in turn.
#[derive(Clone, Copy, Debug)]
pub enum Prop {
    Int(i64),
    /// mantissa, scale, and the same number as f64 (for serde).
    Dec(i64, u8, f64),
    Str(&'static str),
    Bool(bool),
}

const NAMES: [&str; 20] = [
    "temperature",
    "humidity",
    "status",
    "door_open",
    "pressure",
    "co2",
    "firmware",
    "alarm",
    "battery",
    "voltage",
    "mode",
    "fan_on",
    "rssi",
    "current",
    "location",
    "heater_on",
    "uptime",
    "pm25",
    "operator",
    "charging",
];

const VALUES: [Prop; 20] = [
    Prop::Int(23),
    Prop::Dec(4512, 2, 45.12),
    Prop::Str("running"),
    Prop::Bool(false),
    Prop::Int(101325),
    Prop::Dec(4215, 1, 421.5),
    Prop::Str("v1.4.2"),
    Prop::Bool(true),
    Prop::Int(87),
    Prop::Dec(3301, 3, 3.301),
    Prop::Str("auto"),
    Prop::Bool(true),
    Prop::Int(-71),
    Prop::Dec(125, 2, 1.25),
    Prop::Str("building-3/floor-2"),
    Prop::Bool(false),
    Prop::Int(1_716_000_000),
    Prop::Dec(128, 1, 12.8),
    Prop::Str("CMCC"),
    Prop::Bool(false),
];

/// The first `n` (1-20) properties of the table.
pub fn props(n: usize) -> Vec<(&'static str, Prop)> {
    NAMES.iter().copied().zip(VALUES.iter().copied()).take(n).collect()
}

pub type R<T> = Result<T, Status>;

/// Rust API: the password into `out` (64 bytes).
pub fn password(out: &mut [u8], secret: &[u8], timestamp: &[u8]) -> R<usize> {
    let mut sink = Sink::new(out);
    huaweicloud::credentials::write_password(&mut sink, secret, timestamp)?;
    sink.finish().map_err(|_| Status::BufferTooSmall)
}

/// Rust API: the command response topic for `request_id`.
pub fn topic(out: &mut [u8], device_id: &[u8], request_id: &[u8]) -> R<usize> {
    let mut sink = Sink::new(out);
    topic::write_topic(&mut sink, TopicKind::CommandResponse, device_id, Some(request_id))?;
    sink.finish().map_err(|_| Status::BufferTooSmall)
}

fn prop_value(w: &mut JsonWriter, value: &Prop) -> R<()> {
    match *value {
        Prop::Int(v) => w.int(v),
        Prop::Dec(m, s, _) => w.decimal(m, s),
        Prop::Str(s) => w.string(s.as_bytes()),
        Prop::Bool(b) => w.bool(b),
    }
}

/// Rust API: `{"services":[{"service_id":..,"properties":{..}}]}`.
pub fn report(out: &mut [u8], service_id: &[u8], props: &[(&str, Prop)]) -> R<usize> {
    let mut w = JsonWriter::new(out);
    properties::report_begin(&mut w)?;
    properties::service_begin(&mut w, service_id)?;
    for (key, value) in props {
        w.key(key.as_bytes())?;
        prop_value(&mut w, value)?;
    }
    properties::service_end(&mut w, None)?;
    properties::report_end(&mut w)?;
    w.finish()
}

pub const RESPONSE_NAME: &str = "COMMAND_RESPONSE";

/// Rust API: `{"result_code":0,"response_name":..,"paras":{..}}`.
pub fn command_response(out: &mut [u8], paras: &[(&str, Prop)]) -> R<usize> {
    let mut w = JsonWriter::new(out);
    command::response_begin(&mut w, 0, Some(RESPONSE_NAME.as_bytes()))?;
    command::paras_begin(&mut w)?;
    for (key, value) in paras {
        w.key(key.as_bytes())?;
        prop_value(&mut w, value)?;
    }
    command::paras_end(&mut w)?;
    command::response_end(&mut w)?;
    w.finish()
}

pub const EVENT_VERSION: &str = "v2.1.0";
pub const EVENT_DESCRIPTION: &str = "downloading firmware";
pub const EVENT_TIME: &str = "20240518T093015Z";

/// Rust API: the `$ota` / `upgrade_progress_report` event.
pub fn event(out: &mut [u8]) -> R<usize> {
    let mut w = JsonWriter::new(out);
    events::ota_progress_report(
        &mut w,
        0,
        Some(80),
        EVENT_VERSION.as_bytes(),
        Some(EVENT_DESCRIPTION.as_bytes()),
        Some(EVENT_TIME.as_bytes()),
    )?;
    w.finish()
}

/// A command as the platform sends it (protocol §3.6).
pub const COMMAND_REQUEST: &[u8] = br#"{"object_device_id":"6412a8c0d3f1b2001e7b8c9d_sensor-0001","command_name":"set_mode","service_id":"environment","paras":{"mode":"eco","target_temperature":21.5,"schedule":[{"from":"08:00","to":"18:00"}],"force":false}}"#;

/// Rust API: the command request's four fields, as (kind, length) pairs summed into one number
/// so the result depends on every field.
pub fn decode_command(json: &[u8]) -> R<usize> {
    let [object_device_id, service_id, command_name, paras] = command::decode_request(json)?;
    Ok(object_device_id.raw.len() + service_id.raw.len() + command_name.raw.len() + paras.raw.len() + paras.kind as usize)
}

// ---------------------------------------------------------------------------------------------
// The same operations through the C ABI, as a C program calls the shipped archive.

fn len_of(status: Status, len: usize) -> R<usize> {
    match status {
        Status::Ok => Ok(len),
        other => Err(other),
    }
}

/// The C ABI entry points used here. Each call goes through a pointer the optimiser cannot see
/// through, so nothing is inlined into the caller (as across the staticlib boundary).
pub struct Capi {
    pub password: unsafe extern "C" fn(*const c_char, usize, *const c_char, usize, *mut c_char, usize, *mut usize) -> Status,
    pub topic: unsafe extern "C" fn(u32, *const c_char, usize, *const c_char, usize, *mut c_char, usize, *mut usize) -> Status,
    pub writer_init: unsafe extern "C" fn(*mut ffi::hwc_json_writer, *mut c_char, usize) -> Status,
    pub report_begin: unsafe extern "C" fn(*mut ffi::hwc_json_writer) -> Status,
    pub report_end: unsafe extern "C" fn(*mut ffi::hwc_json_writer) -> Status,
    pub service_begin: unsafe extern "C" fn(*mut ffi::hwc_json_writer, *const c_char, usize) -> Status,
    pub service_end: unsafe extern "C" fn(*mut ffi::hwc_json_writer, *const c_char, usize) -> Status,
    pub key: unsafe extern "C" fn(*mut ffi::hwc_json_writer, *const c_char, usize) -> Status,
    pub string: unsafe extern "C" fn(*mut ffi::hwc_json_writer, *const c_char, usize) -> Status,
    pub int: unsafe extern "C" fn(*mut ffi::hwc_json_writer, i64) -> Status,
    pub decimal: unsafe extern "C" fn(*mut ffi::hwc_json_writer, i64, u8) -> Status,
    pub boolean: unsafe extern "C" fn(*mut ffi::hwc_json_writer, bool) -> Status,
    pub finish: unsafe extern "C" fn(*mut ffi::hwc_json_writer, *mut usize) -> Status,
}

impl Capi {
    pub fn new() -> Capi {
        core::hint::black_box(Capi {
            password: ffi::hwc_password,
            topic: ffi::hwc_topic,
            writer_init: ffi::hwc_json_writer_init,
            report_begin: ffi::hwc_properties_report_begin,
            report_end: ffi::hwc_properties_report_end,
            service_begin: ffi::hwc_service_begin,
            service_end: ffi::hwc_service_end,
            key: ffi::hwc_json_key,
            string: ffi::hwc_json_string,
            int: ffi::hwc_json_int,
            decimal: ffi::hwc_json_decimal,
            boolean: ffi::hwc_json_bool,
            finish: ffi::hwc_json_finish,
        })
    }

    pub fn password(&self, out: &mut [u8], secret: &[u8], timestamp: &[u8]) -> R<usize> {
        let mut len = 0;
        let status = unsafe {
            (self.password)(
                secret.as_ptr().cast(),
                secret.len(),
                timestamp.as_ptr().cast(),
                timestamp.len(),
                out.as_mut_ptr().cast(),
                out.len(),
                &mut len,
            )
        };
        len_of(status, len)
    }

    pub fn topic(&self, out: &mut [u8], device_id: &[u8], request_id: &[u8]) -> R<usize> {
        let mut len = 0;
        let status = unsafe {
            (self.topic)(
                TopicKind::CommandResponse as u32,
                device_id.as_ptr().cast(),
                device_id.len(),
                request_id.as_ptr().cast(),
                request_id.len(),
                out.as_mut_ptr().cast(),
                out.len(),
                &mut len,
            )
        };
        len_of(status, len)
    }

    /// A report as a C program writes one: every call's status is checked, as C code would.
    pub fn report(&self, out: &mut [u8], service_id: &[u8], props: &[(&str, Prop)]) -> R<usize> {
        let mut w = ffi::hwc_json_writer { buf: core::ptr::null_mut(), cap: 0, state: Default::default() };
        let w = &mut w as *mut ffi::hwc_json_writer;
        let ok = |status: Status| if status == Status::Ok { Ok(()) } else { Err(status) };
        unsafe {
            ok((self.writer_init)(w, out.as_mut_ptr().cast(), out.len()))?;
            ok((self.report_begin)(w))?;
            ok((self.service_begin)(w, service_id.as_ptr().cast(), service_id.len()))?;
            for (key, value) in props {
                ok((self.key)(w, key.as_ptr().cast(), key.len()))?;
                ok(match *value {
                    Prop::Int(v) => (self.int)(w, v),
                    Prop::Dec(m, s, _) => (self.decimal)(w, m, s),
                    Prop::Str(s) => (self.string)(w, s.as_ptr().cast(), s.len()),
                    Prop::Bool(b) => (self.boolean)(w, b),
                })?;
            }
            ok((self.service_end)(w, core::ptr::null(), 0))?;
            ok((self.report_end)(w))?;
            let mut len = 0;
            let status = (self.finish)(w, &mut len);
            len_of(status, len)
        }
    }
}

impl Default for Capi {
    fn default() -> Self {
        Capi::new()
    }
}
