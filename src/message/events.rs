//! Events (§3.8, §4): the envelope `{"object_device_id":..,"services":[{service_id, event_type,
//! event_time, event_id, paras}]}`, the system events a device sends, and decoders for the
//! events the platform sends.

use super::keys::*;
use super::schema::{decode, opt, req, Expect, Field};
use super::{close_list, non_empty};
use crate::credentials::check_device_id;
use crate::error::{Result, Status};
use crate::json::reader::{raw_eq, Value};
use crate::json::writer::JsonWriter;
use crate::packing::{bytes_eq, contains, find, head};
use crate::time::{parse_event_time, EVENT_TIME_COMPACT_LEN};

/// Known event types (`hwc_event_kind` in C). `Unknown` is any other service/type pair.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventKind {
    Unknown = 0,
    OtaVersionQuery = 1,
    OtaVersionReport = 2,
    OtaFirmwareUpgrade = 3,
    OtaSoftwareUpgrade = 4,
    OtaFirmwareUpgradeV2 = 5,
    OtaSoftwareUpgradeV2 = 6,
    OtaUpgradeProgressReport = 7,
    TimeSyncRequest = 8,
    TimeSyncResponse = 9,
    SdkInfoReport = 10,
    AddSubDeviceNotify = 11,
    DeleteSubDeviceNotify = 12,
    SubDeviceUpdateStatus = 13,
    SubDeviceUpdateStatusResponse = 14,
    AddSubDeviceRequest = 15,
    AddSubDeviceResponse = 16,
    DeleteSubDeviceRequest = 17,
    DeleteSubDeviceResponse = 18,
    SubDeviceSyncRequest = 19,
}

struct EventType {
    kind: EventKind,
    service_id: &'static [u8],
    event_type: &'static [u8],
}

const fn e(kind: EventKind, service_id: &'static [u8], event_type: &'static [u8]) -> EventType {
    EventType { kind, service_id, event_type }
}

/// THE table of system events (protocol §4), row n-1 for kind n (checked at compile time). The
/// firmware stores it packed (`ROWS`, `NAMES`), derived from it at compile time.
const EVENT_TYPES: [EventType; 19] = [
    e(EventKind::OtaVersionQuery, SERVICE_OTA, b"version_query"),
    e(EventKind::OtaVersionReport, SERVICE_OTA, b"version_report"),
    e(EventKind::OtaFirmwareUpgrade, SERVICE_OTA, b"firmware_upgrade"),
    e(EventKind::OtaSoftwareUpgrade, SERVICE_OTA, b"software_upgrade"),
    e(EventKind::OtaFirmwareUpgradeV2, SERVICE_OTA, b"firmware_upgrade_v2"),
    e(EventKind::OtaSoftwareUpgradeV2, SERVICE_OTA, b"software_upgrade_v2"),
    e(EventKind::OtaUpgradeProgressReport, SERVICE_OTA, b"upgrade_progress_report"),
    e(EventKind::TimeSyncRequest, SERVICE_TIME_SYNC, b"time_sync_request"),
    e(EventKind::TimeSyncResponse, SERVICE_TIME_SYNC, b"time_sync_response"),
    e(EventKind::SdkInfoReport, SERVICE_SDK_INFO, b"sdk_info_report"),
    e(EventKind::AddSubDeviceNotify, SERVICE_SUB_DEVICE_MANAGER, b"add_sub_device_notify"),
    e(EventKind::DeleteSubDeviceNotify, SERVICE_SUB_DEVICE_MANAGER, b"delete_sub_device_notify"),
    e(EventKind::SubDeviceUpdateStatus, SERVICE_SUB_DEVICE_MANAGER, b"sub_device_update_status"),
    e(EventKind::SubDeviceUpdateStatusResponse, SERVICE_SUB_DEVICE_MANAGER, b"sub_device_update_status_response"),
    e(EventKind::AddSubDeviceRequest, SERVICE_SUB_DEVICE_MANAGER, b"add_sub_device_request"),
    e(EventKind::AddSubDeviceResponse, SERVICE_SUB_DEVICE_MANAGER, b"add_sub_device_response"),
    e(EventKind::DeleteSubDeviceRequest, SERVICE_SUB_DEVICE_MANAGER, b"delete_sub_device_request"),
    e(EventKind::DeleteSubDeviceResponse, SERVICE_SUB_DEVICE_MANAGER, b"delete_sub_device_response"),
    e(EventKind::SubDeviceSyncRequest, SERVICE_SUB_DEVICE_MANAGER, b"sub_device_sync_request"),
];

/// The service ids of `EVENT_TYPES`, each once, in order of first use (what `Name::service` indexes).
const SERVICE_IDS: [&[u8]; 4] = {
    let mut services: [&[u8]; 4] = [&[]; 4];
    let mut count = 0;
    let mut i = 0;
    while i < EVENT_TYPES.len() {
        let id = EVENT_TYPES[i].service_id;
        if service_index(&services, count, id) == count {
            services[count] = id;
            count += 1;
        }
        i += 1;
    }
    assert!(count == services.len());
    services
};

/// Where `id` is in `services[..count]`, or `count`.
const fn service_index(services: &[&[u8]; 4], count: usize, id: &[u8]) -> usize {
    let mut i = 0;
    while i < count && !bytes_eq(services[i], id) {
        i += 1;
    }
    i
}

/// A name as the firmware stores it: a range of `NAMES` and, for an event type, the row of its
/// service id in `ROWS`. 4 bytes instead of the 20 of an `EventType`.
#[derive(Clone, Copy)]
struct Name {
    start: u16,
    len: u8,
    service: u8,
}

/// `ROWS`: the service ids (`SERVICE_IDS`), then event type n at `SERVICE_IDS.len() + n - 1`.
const ROW_COUNT: usize = SERVICE_IDS.len() + EVENT_TYPES.len();

const NAMES_MAX: usize = {
    let mut total = 0;
    let mut i = 0;
    while i < EVENT_TYPES.len() {
        total += EVENT_TYPES[i].event_type.len() + EVENT_TYPES[i].service_id.len();
        i += 1;
    }
    total
};

struct Packed {
    bytes: [u8; NAMES_MAX],
    used: usize,
    rows: [Name; ROW_COUNT],
}

/// The name of row `i` of `ROWS`, as written in the readable tables.
const fn row_text(i: usize) -> &'static [u8] {
    if i < SERVICE_IDS.len() {
        SERVICE_IDS[i]
    } else {
        EVENT_TYPES[i - SERVICE_IDS.len()].event_type
    }
}

/// Whether the text of row `i` is also inside another row's (the first of equal texts counts).
const fn inside_another(i: usize) -> bool {
    let text = row_text(i);
    let mut j = 0;
    while j < ROW_COUNT {
        let other = row_text(j);
        if j != i && (other.len() > text.len() || (other.len() == text.len() && j < i)) && contains(other, text) {
            return true;
        }
        j += 1;
    }
    false
}

/// Appends row `i`'s text unless another contains it, overlapping the longest end of `NAMES`
/// that starts it (`$time_sync` then `time_sync_request` share `time_sync`).
const fn append(mut packed: Packed, i: usize) -> Packed {
    if inside_another(i) {
        return packed;
    }
    let text = row_text(i);
    let mut overlap = if text.len() < packed.used { text.len() } else { packed.used };
    loop {
        let mut k = 0;
        while k < overlap && packed.bytes[packed.used - overlap + k] == text[k] {
            k += 1;
        }
        if k == overlap {
            break;
        }
        overlap -= 1;
    }
    let mut k = overlap;
    while k < text.len() {
        packed.bytes[packed.used] = text[k];
        packed.used += 1;
        k += 1;
    }
    packed
}

/// Every name once: each service id, then its event types, in table order; a name inside
/// another is not repeated (`firmware_upgrade` is the start of `firmware_upgrade_v2`). Also
/// checks that row n-1 of `EVENT_TYPES` holds kind n and agrees with `from_u32`.
const PACKED: Packed = {
    let mut packed = Packed { bytes: [0; NAMES_MAX], used: 0, rows: [Name { start: 0, len: 0, service: 0 }; ROW_COUNT] };
    let mut services = 0;
    let mut e = 0;
    while e < EVENT_TYPES.len() {
        if service_index(&SERVICE_IDS, SERVICE_IDS.len(), EVENT_TYPES[e].service_id) == services {
            packed = append(packed, services);
            services += 1;
        }
        packed = append(packed, SERVICE_IDS.len() + e);
        e += 1;
    }
    let mut i = 0;
    while i < ROW_COUNT {
        let text = row_text(i);
        let start = find(&packed.bytes, packed.used, text);
        assert!(start <= u16::MAX as usize && text.len() <= u8::MAX as usize);
        let service = if i < SERVICE_IDS.len() {
            0
        } else {
            let event = &EVENT_TYPES[i - SERVICE_IDS.len()];
            let kind = i - SERVICE_IDS.len() + 1;
            assert!(event.kind as usize == kind);
            assert!(matches!(EventKind::from_u32(kind as u32), Ok(k) if k as u32 == event.kind as u32));
            service_index(&SERVICE_IDS, SERVICE_IDS.len(), event.service_id)
        };
        packed.rows[i] = Name { start: start as u16, len: text.len() as u8, service: service as u8 };
        i += 1;
    }
    assert!(EventKind::from_u32(0).is_err() && EventKind::from_u32(EVENT_TYPES.len() as u32 + 1).is_err());
    packed
};

static NAMES: [u8; PACKED.used] = head(&PACKED.bytes);
static ROWS: [Name; ROW_COUNT] = PACKED.rows;

/// The text of row `i` of `ROWS` (empty past the end).
#[inline(always)]
fn name(i: usize) -> &'static [u8] {
    let Some(row) = ROWS.get(i) else { return &[] };
    let start = usize::from(row.start);
    NAMES.get(start..start + usize::from(row.len)).unwrap_or(&[])
}

/// Service id and event type of event row `i` (kind `i + 1`). Inlined: returned through memory,
/// the pair would cost its callers 16 bytes of stack.
#[inline(always)]
fn event_names(i: usize) -> (&'static [u8], &'static [u8]) {
    let row = SERVICE_IDS.len() + i;
    // `%`: a row of `SERVICE_IDS` without a bounds check.
    let service = ROWS.get(row).map_or(0, |r| usize::from(r.service) % SERVICE_IDS.len());
    (name(service), name(row))
}

impl EventKind {
    /// Spelled out rather than searched in the table: a range check in the firmware. The table's
    /// packing checks that the two agree.
    pub const fn from_u32(value: u32) -> Result<EventKind> {
        use EventKind::*;
        Ok(match value {
            1 => OtaVersionQuery,
            2 => OtaVersionReport,
            3 => OtaFirmwareUpgrade,
            4 => OtaSoftwareUpgrade,
            5 => OtaFirmwareUpgradeV2,
            6 => OtaSoftwareUpgradeV2,
            7 => OtaUpgradeProgressReport,
            8 => TimeSyncRequest,
            9 => TimeSyncResponse,
            10 => SdkInfoReport,
            11 => AddSubDeviceNotify,
            12 => DeleteSubDeviceNotify,
            13 => SubDeviceUpdateStatus,
            14 => SubDeviceUpdateStatusResponse,
            15 => AddSubDeviceRequest,
            16 => AddSubDeviceResponse,
            17 => DeleteSubDeviceRequest,
            18 => DeleteSubDeviceResponse,
            19 => SubDeviceSyncRequest,
            _ => return Err(Status::InvalidArgument),
        })
    }
}

/// Which system event a (raw, possibly escaped) service id and event type name.
pub fn classify(service_id: &[u8], event_type: &[u8]) -> EventKind {
    let mut i = 0;
    while let Ok(kind) = EventKind::from_u32(i as u32 + 1) {
        let (service, name) = event_names(i);
        if raw_eq(service_id, service) && raw_eq(event_type, name) {
            return kind;
        }
        i += 1;
    }
    EventKind::Unknown
}

/// Opens `{"object_device_id":"...","services":[`.
pub fn begin(w: &mut JsonWriter, object_device_id: Option<&[u8]>) -> Result<()> {
    let _ = w.begin_object();
    let _ = w.optional_string_field(OBJECT_DEVICE_ID, object_device_id);
    let _ = w.key(SERVICES);
    w.begin_array()
}

pub fn end(w: &mut JsonWriter) -> Result<()> {
    close_list(w)
}

/// Opens one event up to its parameters: `{"service_id":..,"event_type":..,["event_time":..,]
/// ["event_id":..,]"paras":{`. Events accept only the compact `yyyyMMddTHHmmssZ` time form.
pub fn event_begin(
    w: &mut JsonWriter,
    service_id: &[u8],
    event_type: &[u8],
    event_time: Option<&[u8]>,
    event_id: Option<&[u8]>,
) -> Result<()> {
    let _ = non_empty(w, service_id);
    let _ = non_empty(w, event_type);
    if let Some(time) = event_time {
        let checked =
            if time.len() == EVENT_TIME_COMPACT_LEN { parse_event_time(time).map(|_| ()) } else { Err(Status::InvalidEventTime) };
        let _ = w.check_with(checked);
    }
    let _ = w.begin_object();
    let _ = w.string_field(SERVICE_ID, service_id);
    let _ = w.string_field(EVENT_TYPE, event_type);
    let _ = w.optional_string_field(EVENT_TIME, event_time);
    let _ = w.optional_string_field(EVENT_ID, event_id);
    let _ = w.key(PARAS);
    w.begin_object()
}

/// Closes the parameters and the event.
pub fn event_end(w: &mut JsonWriter) -> Result<()> {
    let _ = w.end_object();
    w.end_object()
}

/// Opens a whole single-event document of a known kind, up to its parameters.
pub fn system_begin(w: &mut JsonWriter, kind: EventKind, event_time: Option<&[u8]>, event_id: Option<&[u8]>) -> Result<()> {
    let Some(row) = (kind as usize).checked_sub(1) else {
        return w.reject(Status::InvalidArgument);
    };
    let _ = begin(w, None);
    // Looked up here, not before `begin`: four fewer words to keep across that call (stack).
    let (service_id, event_type) = event_names(row);
    event_begin(w, service_id, event_type, event_time, event_id)
}

/// Closes a document opened with `system_begin`.
pub fn system_end(w: &mut JsonWriter) -> Result<()> {
    let _ = event_end(w);
    end(w)
}

/// `$ota` / `version_report`: the versions the device runs (at least one should be given).
pub fn ota_version_report(
    w: &mut JsonWriter,
    sw_version: Option<&[u8]>,
    fw_version: Option<&[u8]>,
    event_time: Option<&[u8]>,
) -> Result<()> {
    let _ = system_begin(w, EventKind::OtaVersionReport, event_time, None);
    let _ = w.optional_string_field(SW_VERSION, sw_version);
    let _ = w.optional_string_field(FW_VERSION, fw_version);
    system_end(w)
}

/// `$ota` / `upgrade_progress_report`. `progress` is 0-100 when given; result codes are listed
/// in protocol §4.1 (0 success ... 255 internal error).
pub fn ota_progress_report(
    w: &mut JsonWriter,
    result_code: i64,
    progress: Option<u8>,
    version: &[u8],
    description: Option<&[u8]>,
    event_time: Option<&[u8]>,
) -> Result<()> {
    if progress.is_some_and(|p| p > 100) {
        return w.reject(Status::InvalidArgument);
    }
    let _ = non_empty(w, version);
    let _ = system_begin(w, EventKind::OtaUpgradeProgressReport, event_time, None);
    let _ = w.int_field(RESULT_CODE, result_code);
    if let Some(progress) = progress {
        let _ = w.int_field(PROGRESS, progress.into());
    }
    let _ = w.string_field(VERSION, version);
    let _ = w.optional_string_field(DESCRIPTION, description);
    system_end(w)
}

/// `$time_sync` / `time_sync_request` with the device's clock in Unix milliseconds.
pub fn time_sync_request(w: &mut JsonWriter, device_send_time_ms: i64, event_time: Option<&[u8]>) -> Result<()> {
    let _ = system_begin(w, EventKind::TimeSyncRequest, event_time, None);
    let _ = w.int_field(DEVICE_SEND_TIME, device_send_time_ms);
    system_end(w)
}

/// `$sdk_info` / `sdk_info_report`; every field optional.
pub fn sdk_info_report(
    w: &mut JsonWriter,
    device_sdk_version: Option<&[u8]>,
    sw_version: Option<&[u8]>,
    fw_version: Option<&[u8]>,
    device_ip: Option<&[u8]>,
    event_time: Option<&[u8]>,
) -> Result<()> {
    let _ = system_begin(w, EventKind::SdkInfoReport, event_time, None);
    let _ = w.optional_string_field(DEVICE_SDK_VERSION, device_sdk_version);
    let _ = w.optional_string_field(SW_VERSION, sw_version);
    let _ = w.optional_string_field(FW_VERSION, fw_version);
    let _ = w.optional_string_field(DEVICE_IP, device_ip);
    system_end(w)
}

/// `$sub_device_manager` / `sub_device_sync_request` with the last notify version the gateway holds.
pub fn sub_device_sync_request(w: &mut JsonWriter, version: i64, event_time: Option<&[u8]>) -> Result<()> {
    let _ = system_begin(w, EventKind::SubDeviceSyncRequest, event_time, None);
    let _ = w.int_field(VERSION, version);
    system_end(w)
}

/// Opens a gateway list request (`AddSubDeviceRequest`, `DeleteSubDeviceRequest` or
/// `SubDeviceUpdateStatus`) up to its list; items follow with the matching `*_item` call.
pub fn sub_devices_begin(w: &mut JsonWriter, kind: EventKind, event_time: Option<&[u8]>, event_id: Option<&[u8]>) -> Result<()> {
    let list = match kind {
        EventKind::AddSubDeviceRequest | EventKind::DeleteSubDeviceRequest => DEVICES,
        EventKind::SubDeviceUpdateStatus => DEVICE_STATUSES,
        _ => return w.reject(Status::InvalidArgument),
    };
    let _ = system_begin(w, kind, event_time, event_id);
    let _ = w.key(list);
    w.begin_array()
}

pub fn sub_devices_end(w: &mut JsonWriter) -> Result<()> {
    let _ = w.end_array();
    system_end(w)
}

/// One child to add: node_id and product_id are required.
pub struct NewSubDevice<'a> {
    pub node_id: &'a [u8],
    pub product_id: &'a [u8],
    pub device_id: Option<&'a [u8]>,
    pub name: Option<&'a [u8]>,
    pub description: Option<&'a [u8]>,
    pub parent_device_id: Option<&'a [u8]>,
}

pub fn sub_device_add_item(w: &mut JsonWriter, device: &NewSubDevice) -> Result<()> {
    let _ = non_empty(w, device.node_id);
    let _ = non_empty(w, device.product_id);
    let _ = w.begin_object();
    let _ = w.optional_string_field(PARENT_DEVICE_ID, device.parent_device_id);
    let _ = w.string_field(NODE_ID, device.node_id);
    let _ = w.optional_string_field(DEVICE_ID, device.device_id);
    let _ = w.optional_string_field(NAME, device.name);
    let _ = w.optional_string_field(DESCRIPTION, device.description);
    let _ = w.string_field(PRODUCT_ID, device.product_id);
    w.end_object()
}

pub fn sub_device_delete_item(w: &mut JsonWriter, device_id: &[u8]) -> Result<()> {
    let _ = w.check_with(check_device_id(device_id));
    w.string(device_id)
}

pub fn sub_device_status_item(w: &mut JsonWriter, device_id: &[u8], online: bool) -> Result<()> {
    let _ = w.check_with(check_device_id(device_id));
    let _ = w.begin_object();
    let _ = w.string_field(DEVICE_ID, device_id);
    let _ = w.string_field(STATUS, if online { STATUS_ONLINE } else { STATUS_OFFLINE });
    w.end_object()
}

pub const ENVELOPE: [Field; 2] = [opt(OBJECT_DEVICE_ID, Expect::Str), req(SERVICES, Expect::Arr)];
pub const EVENT: [Field; 5] = [
    req(SERVICE_ID, Expect::Str),
    req(EVENT_TYPE, Expect::Str),
    opt(EVENT_TIME, Expect::Str),
    opt(EVENT_ID, Expect::Str),
    opt(PARAS, Expect::Obj),
];
pub const VERSION_QUERY: [Field; 3] =
    [opt(TASK_ID, Expect::Str), opt(SUB_DEVICE_COUNT, Expect::Int), opt(TASK_EXT_INFO, Expect::Any)];
pub const UPGRADE: [Field; 11] = [
    req(VERSION, Expect::Str),
    req(URL, Expect::Str),
    opt(FILE_SIZE, Expect::Int),
    opt(FILE_NAME, Expect::Str),
    opt(ACCESS_TOKEN, Expect::Str),
    opt(EXPIRES, Expect::Int),
    opt(SIGN, Expect::Str),
    opt(CUSTOM_INFO, Expect::Any),
    opt(TASK_ID, Expect::Str),
    opt(SUB_DEVICE_COUNT, Expect::Int),
    opt(TASK_EXT_INFO, Expect::Any),
];
pub const TIME_SYNC_RESPONSE: [Field; 3] =
    [req(DEVICE_SEND_TIME, Expect::Int), req(SERVER_RECV_TIME, Expect::Int), req(SERVER_SEND_TIME, Expect::Int)];
/// Add/delete notifies: the devices and the list version.
pub const SUB_DEVICE_NOTIFY: [Field; 2] = [req(DEVICES, Expect::Arr), opt(VERSION, Expect::Int)];
/// Add/delete/status responses.
pub const SUB_DEVICE_RESPONSE: [Field; 2] = [opt(SUCCESSFUL_DEVICES, Expect::Arr), opt(FAILED_DEVICES, Expect::Arr)];
/// A device in notifies and responses (DeviceInfo, or `{device_id,status}` in status responses).
pub const DEVICE_INFO: [Field; 12] = [
    opt(PARENT_DEVICE_ID, Expect::Str),
    opt(NODE_ID, Expect::Str),
    opt(DEVICE_ID, Expect::Str),
    opt(NAME, Expect::Str),
    opt(DESCRIPTION, Expect::Str),
    opt(MANUFACTURER_ID, Expect::Str),
    opt(MODEL, Expect::Str),
    opt(PRODUCT_ID, Expect::Str),
    opt(FW_VERSION, Expect::Str),
    opt(SW_VERSION, Expect::Str),
    opt(STATUS, Expect::Str),
    opt(EXTENSION_INFO, Expect::Any),
];
/// An entry of `failed_devices`.
pub const FAILED_DEVICE: [Field; 5] = [
    opt(DEVICE_ID, Expect::Str),
    opt(NODE_ID, Expect::Str),
    opt(PRODUCT_ID, Expect::Str),
    opt(ERROR_CODE, Expect::Any),
    opt(ERROR_MSG, Expect::Str),
];
/// Bootstrap result (§3.9): where to connect, and the secret for group provisioning.
pub const BOOTSTRAP_DOWN: [Field; 2] = [req(ADDRESS, Expect::Str), opt(DEVICE_SECRET, Expect::Str)];

/// The platform's time when a `time_sync_response` (its paras) arrived at `device_recv_ms`.
pub fn time_sync_now(paras: &[u8], device_recv_ms: i64) -> Result<i64> {
    let [send, server_recv, server_send] = decode(paras, &TIME_SYNC_RESPONSE)?;
    crate::time::time_sync_now(send.as_i64()?, server_recv.as_i64()?, server_send.as_i64()?, device_recv_ms)
}

/// Envelope and one event, decoded together: (object_device_id, services) and per event
/// (service_id, event_type, event_time, event_id, paras).
pub fn decode_envelope(json: &[u8]) -> Result<[Value<'_>; 2]> {
    decode(json, &ENVELOPE)
}

pub fn decode_event(json: &[u8]) -> Result<(EventKind, [Value<'_>; 5])> {
    let values = decode(json, &EVENT)?;
    Ok((classify(values[0].raw, values[1].raw), values))
}
