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

pub struct EventType {
    pub kind: EventKind,
    pub service_id: &'static [u8],
    pub event_type: &'static [u8],
}

const fn e(kind: EventKind, service_id: &'static [u8], event_type: &'static [u8]) -> EventType {
    EventType { kind, service_id, event_type }
}

/// THE table of system events (protocol §4).
pub const EVENT_TYPES: [EventType; 19] = [
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

impl EventKind {
    pub fn from_u32(value: u32) -> Result<EventKind> {
        EVENT_TYPES.iter().map(|t| t.kind).find(|k| *k as u32 == value).ok_or(Status::InvalidArgument)
    }

    pub fn names(self) -> Option<&'static EventType> {
        EVENT_TYPES.iter().find(|t| t.kind == self)
    }
}

/// Which system event a (raw, possibly escaped) service id and event type name.
pub fn classify(service_id: &[u8], event_type: &[u8]) -> EventKind {
    EVENT_TYPES
        .iter()
        .find(|t| raw_eq(service_id, t.service_id) && raw_eq(event_type, t.event_type))
        .map_or(EventKind::Unknown, |t| t.kind)
}

/// Opens `{"object_device_id":"...","services":[`.
pub fn begin(w: &mut JsonWriter, object_device_id: Option<&[u8]>) -> Result<()> {
    w.begin_object()?;
    w.optional_string_field(OBJECT_DEVICE_ID, object_device_id)?;
    w.key(SERVICES)?;
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
    non_empty(w, service_id)?;
    non_empty(w, event_type)?;
    if let Some(time) = event_time {
        let checked =
            if time.len() == EVENT_TIME_COMPACT_LEN { parse_event_time(time).map(|_| ()) } else { Err(Status::InvalidEventTime) };
        w.check_with(checked)?;
    }
    w.begin_object()?;
    w.string_field(SERVICE_ID, service_id)?;
    w.string_field(EVENT_TYPE, event_type)?;
    w.optional_string_field(EVENT_TIME, event_time)?;
    w.optional_string_field(EVENT_ID, event_id)?;
    w.key(PARAS)?;
    w.begin_object()
}

/// Closes the parameters and the event.
pub fn event_end(w: &mut JsonWriter) -> Result<()> {
    w.end_object()?;
    w.end_object()
}

/// Opens a whole single-event document of a known kind, up to its parameters.
pub fn system_begin(w: &mut JsonWriter, kind: EventKind, event_time: Option<&[u8]>, event_id: Option<&[u8]>) -> Result<()> {
    let Some(names) = kind.names() else {
        return w.reject(Status::InvalidArgument);
    };
    begin(w, None)?;
    event_begin(w, names.service_id, names.event_type, event_time, event_id)
}

/// Closes a document opened with `system_begin`.
pub fn system_end(w: &mut JsonWriter) -> Result<()> {
    event_end(w)?;
    end(w)
}

/// `$ota` / `version_report`: the versions the device runs (at least one should be given).
pub fn ota_version_report(
    w: &mut JsonWriter,
    sw_version: Option<&[u8]>,
    fw_version: Option<&[u8]>,
    event_time: Option<&[u8]>,
) -> Result<()> {
    system_begin(w, EventKind::OtaVersionReport, event_time, None)?;
    w.optional_string_field(SW_VERSION, sw_version)?;
    w.optional_string_field(FW_VERSION, fw_version)?;
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
    non_empty(w, version)?;
    system_begin(w, EventKind::OtaUpgradeProgressReport, event_time, None)?;
    w.int_field(RESULT_CODE, result_code)?;
    if let Some(progress) = progress {
        w.int_field(PROGRESS, progress.into())?;
    }
    w.string_field(VERSION, version)?;
    w.optional_string_field(DESCRIPTION, description)?;
    system_end(w)
}

/// `$time_sync` / `time_sync_request` with the device's clock in Unix milliseconds.
pub fn time_sync_request(w: &mut JsonWriter, device_send_time_ms: i64, event_time: Option<&[u8]>) -> Result<()> {
    system_begin(w, EventKind::TimeSyncRequest, event_time, None)?;
    w.int_field(DEVICE_SEND_TIME, device_send_time_ms)?;
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
    system_begin(w, EventKind::SdkInfoReport, event_time, None)?;
    w.optional_string_field(DEVICE_SDK_VERSION, device_sdk_version)?;
    w.optional_string_field(SW_VERSION, sw_version)?;
    w.optional_string_field(FW_VERSION, fw_version)?;
    w.optional_string_field(DEVICE_IP, device_ip)?;
    system_end(w)
}

/// `$sub_device_manager` / `sub_device_sync_request` with the last notify version the gateway holds.
pub fn sub_device_sync_request(w: &mut JsonWriter, version: i64, event_time: Option<&[u8]>) -> Result<()> {
    system_begin(w, EventKind::SubDeviceSyncRequest, event_time, None)?;
    w.int_field(VERSION, version)?;
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
    system_begin(w, kind, event_time, event_id)?;
    w.key(list)?;
    w.begin_array()
}

pub fn sub_devices_end(w: &mut JsonWriter) -> Result<()> {
    w.end_array()?;
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
    non_empty(w, device.node_id)?;
    non_empty(w, device.product_id)?;
    w.begin_object()?;
    w.optional_string_field(PARENT_DEVICE_ID, device.parent_device_id)?;
    w.string_field(NODE_ID, device.node_id)?;
    w.optional_string_field(DEVICE_ID, device.device_id)?;
    w.optional_string_field(NAME, device.name)?;
    w.optional_string_field(DESCRIPTION, device.description)?;
    w.string_field(PRODUCT_ID, device.product_id)?;
    w.end_object()
}

pub fn sub_device_delete_item(w: &mut JsonWriter, device_id: &[u8]) -> Result<()> {
    w.check_with(check_device_id(device_id))?;
    w.string(device_id)
}

pub fn sub_device_status_item(w: &mut JsonWriter, device_id: &[u8], online: bool) -> Result<()> {
    w.check_with(check_device_id(device_id))?;
    w.begin_object()?;
    w.string_field(DEVICE_ID, device_id)?;
    w.string_field(STATUS, if online { STATUS_ONLINE } else { STATUS_OFFLINE })?;
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
