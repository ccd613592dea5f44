"""Types of the `huaweicloud` MicroPython module (micropython-glue/modhuaweicloud.c).

Huawei Cloud IoTDA device protocol: MQTT credentials, topics and JSON payloads, computed by the
huaweicloud Rust library through its C ABI.  Reference: docs/python-api.md.

Errors: TypeError for a wrong argument type, ValueError for a wrong value (the message names the
argument, then the library's description; never the secret), MemoryError when the heap is full.
"""

from typing import Dict, List, Optional, Tuple, TypedDict, Union, overload

# Text arguments: str or any bytes-like object (UTF-8 where it goes into JSON).
Text = Union[str, bytes, bytearray, memoryview]
# A writable buffer for into= (also a slice of a memoryview).
WritableBuffer = Union[bytearray, memoryview]
# Unix UTC seconds (a float carries milliseconds), or a time.gmtime()-style tuple
# (year, month, mday, hour, minute, second[, ...]) of UTC fields.
Time = Union[int, float, Tuple[int, ...], List[int]]
# Values written as JSON: dict keys must be str; nesting up to JSON_MAX_DEPTH in all.
JsonValue = Union[None, bool, int, float, str, List["JsonValue"], Tuple["JsonValue", ...], Dict[str, "JsonValue"]]
Properties = Dict[str, JsonValue]
# (service_id, properties) or (service_id, properties, event_time)
Service = Union[Tuple[Text, Properties], Tuple[Text, Properties, Optional[Text]], List[object]]

# Topic kinds (hwc_topic_kind).

MESSAGES_UP: int  # 1
MESSAGES_DOWN: int  # 2
COMMAND_REQUEST: int  # 3
COMMAND_RESPONSE: int  # 4
PROPERTIES_REPORT: int  # 5
GATEWAY_PROPERTIES_REPORT: int  # 6
PROPERTIES_SET_REQUEST: int  # 7
PROPERTIES_SET_RESPONSE: int  # 8
PROPERTIES_GET_REQUEST: int  # 9
PROPERTIES_GET_RESPONSE: int  # 10
SHADOW_GET_REQUEST: int  # 11
SHADOW_GET_RESPONSE: int  # 12
EVENTS_UP: int  # 13
EVENTS_DOWN: int  # 14
BOOTSTRAP_UP: int  # 15
BOOTSTRAP_DOWN: int  # 16
USER: int  # 17

# CONNECT timestamp check (hwc_sign_type).
SIGN_NO_TIME_CHECK: int  # 0
SIGN_TIME_CHECK: int  # 1

# Kinds of decoded events (hwc_event_kind).
EVENT_UNKNOWN: int  # 0
EVENT_OTA_VERSION_QUERY: int  # 1
EVENT_OTA_VERSION_REPORT: int  # 2
EVENT_OTA_FIRMWARE_UPGRADE: int  # 3
EVENT_OTA_SOFTWARE_UPGRADE: int  # 4
EVENT_OTA_FIRMWARE_UPGRADE_V2: int  # 5
EVENT_OTA_SOFTWARE_UPGRADE_V2: int  # 6
EVENT_OTA_UPGRADE_PROGRESS_REPORT: int  # 7
EVENT_TIME_SYNC_REQUEST: int  # 8
EVENT_TIME_SYNC_RESPONSE: int  # 9
EVENT_SDK_INFO_REPORT: int  # 10
EVENT_ADD_SUB_DEVICE_NOTIFY: int  # 11
EVENT_DELETE_SUB_DEVICE_NOTIFY: int  # 12
EVENT_SUB_DEVICE_UPDATE_STATUS: int  # 13
EVENT_SUB_DEVICE_UPDATE_STATUS_RESPONSE: int  # 14
EVENT_ADD_SUB_DEVICE_REQUEST: int  # 15
EVENT_ADD_SUB_DEVICE_RESPONSE: int  # 16
EVENT_DELETE_SUB_DEVICE_REQUEST: int  # 17
EVENT_DELETE_SUB_DEVICE_RESPONSE: int  # 18
EVENT_SUB_DEVICE_SYNC_REQUEST: int  # 19

# Sizes and limits.
PASSWORD_LEN: int  # 64
TIMESTAMP_LEN: int  # 10
CLIENT_ID_MAX_LEN: int  # 143
TOPIC_MAX_LEN: int  # 322
KEEPALIVE_MIN: int  # 30 s
KEEPALIVE_MAX: int  # 1200 s
KEEPALIVE_DEFAULT: int  # 120 s
JSON_MAX_DEPTH: int  # 32

# --- credentials and time ---------------------------------------------------

def password(secret: Text, timestamp: Text, /) -> str:
    """64 lowercase hex characters of HMAC-SHA256(key=timestamp, message=secret)."""

def timestamp(t: Time, /) -> str:
    """The YYYYMMDDHH UTC hour of `t`."""

def event_time(t: Time, millis: bool = False) -> str:
    """yyyyMMddTHHmmssZ, or with millis=True yyyy-MM-ddTHH:mm:ss.SSSZ."""

def client_id(device_id: Text, timestamp: Text, sign_type: int = 0) -> str:
    """{device_id}_0_{sign_type}_{timestamp}."""

def credentials(device_id: Text, secret: Text, t: Time, sign_type: int = 0) -> Tuple[str, str, str]:
    """(client_id, username, password) for the UTC hour of `t`."""

def check_keepalive(seconds: int, /) -> int:
    """`seconds` if within KEEPALIVE_MIN..KEEPALIVE_MAX, else ValueError."""

def backoff_ms(attempt: int, random: int, /) -> int:
    """Reconnect delay: min(1000 + 2**attempt * (800 + random % 200 + 800), 30000) ms."""

def time_sync_now(device_send: int, server_recv: int, server_send: int, device_recv: int, /) -> int:
    """Platform time in Unix ms: (server_recv + server_send + device_recv - device_send) / 2."""

# --- topics ---------------------------------------------------------------------

def topic(kind: int, device_id: Text, request_id: Optional[Text] = None) -> str:
    """The topic of `kind`; request_id is required by request/response kinds, optional on
    MESSAGES_UP and PROPERTIES_REPORT, the custom name for USER."""

def subscription(kind: int, device_id: Text, /) -> str:
    """The subscription filter of a downlink kind."""

def subscriptions(device_id: Text, /) -> List[str]:
    """The standard filters to subscribe to after connecting."""

def parse_topic(topic: Text, /) -> Optional[Tuple[int, str, Optional[str]]]:
    """(kind, device_id, request_id or USER name or None), or None for a non-IoTDA topic."""

def response_topic(request_topic: Text, /) -> str:
    """The response topic of a command / properties set / properties get request topic."""

# --- uplink payloads: bytes, or with into= the length written ---------------------

class _NewSubDeviceRequired(TypedDict):
    node_id: Text
    product_id: Text

class NewSubDevice(_NewSubDeviceRequired, total=False):
    device_id: Text
    name: Text
    description: Text
    parent_device_id: Text

@overload
def properties_report(service_id: Text, properties: Properties, event_time: Optional[Text] = None, *, into: None = None) -> bytes:
    """One service's properties."""
@overload
def properties_report(service_id: Text, properties: Properties, event_time: Optional[Text] = None, *, into: WritableBuffer) -> int: ...

@overload
def properties_report_services(services: Union[List[Service], Tuple[Service, ...]], *, into: None = None) -> bytes:
    """Several services' properties."""
@overload
def properties_report_services(services: Union[List[Service], Tuple[Service, ...]], *, into: WritableBuffer) -> int: ...

@overload
def properties_get_response(services: Union[List[Service], Tuple[Service, ...]], *, into: None = None) -> bytes:
    """The answer to a properties get request."""
@overload
def properties_get_response(services: Union[List[Service], Tuple[Service, ...]], *, into: WritableBuffer) -> int: ...

@overload
def gateway_report(devices: Union[List[Tuple[Text, List[Service]]], Tuple[Tuple[Text, List[Service]], ...]], *, into: None = None) -> bytes:
    """A gateway's report for its sub-devices: (device_id, services) items."""
@overload
def gateway_report(devices: Union[List[Tuple[Text, List[Service]]], Tuple[Tuple[Text, List[Service]], ...]], *, into: WritableBuffer) -> int: ...

@overload
def properties_set_response(result_code: int = 0, result_desc: Optional[Text] = None, *, into: None = None) -> bytes:
    """The answer to a properties set request."""
@overload
def properties_set_response(result_code: int = 0, result_desc: Optional[Text] = None, *, into: WritableBuffer) -> int: ...

@overload
def command_response(result_code: int = 0, response_name: Optional[Text] = None, paras: Optional[Properties] = None, *, into: None = None) -> bytes:
    """The answer to a command."""
@overload
def command_response(result_code: int = 0, response_name: Optional[Text] = None, paras: Optional[Properties] = None, *, into: WritableBuffer) -> int: ...

@overload
def message(content: Union[Text, Properties], object_device_id: Optional[Text] = None, name: Optional[Text] = None, id: Optional[Text] = None, *, into: None = None) -> bytes:
    """A system-format message."""
@overload
def message(content: Union[Text, Properties], object_device_id: Optional[Text] = None, name: Optional[Text] = None, id: Optional[Text] = None, *, into: WritableBuffer) -> int: ...

@overload
def shadow_get_request(service_id: Optional[Text] = None, object_device_id: Optional[Text] = None, *, into: None = None) -> bytes:
    """Asks for the device shadow."""
@overload
def shadow_get_request(service_id: Optional[Text] = None, object_device_id: Optional[Text] = None, *, into: WritableBuffer) -> int: ...

@overload
def event(service_id: Text, event_type: Text, paras: Optional[Properties], event_time: Optional[Text] = None, event_id: Optional[Text] = None, object_device_id: Optional[Text] = None, *, into: None = None) -> bytes:
    """Any event (event_time in the compact form)."""
@overload
def event(service_id: Text, event_type: Text, paras: Optional[Properties], event_time: Optional[Text] = None, event_id: Optional[Text] = None, object_device_id: Optional[Text] = None, *, into: WritableBuffer) -> int: ...

@overload
def ota_version_report(sw_version: Optional[Text] = None, fw_version: Optional[Text] = None, event_time: Optional[Text] = None, *, into: None = None) -> bytes:
    """$ota/version_report."""
@overload
def ota_version_report(sw_version: Optional[Text] = None, fw_version: Optional[Text] = None, event_time: Optional[Text] = None, *, into: WritableBuffer) -> int: ...

@overload
def ota_progress_report(result_code: int, version: Text, progress: Optional[int] = None, description: Optional[Text] = None, event_time: Optional[Text] = None, *, into: None = None) -> bytes:
    """$ota/upgrade_progress_report (progress 0-100)."""
@overload
def ota_progress_report(result_code: int, version: Text, progress: Optional[int] = None, description: Optional[Text] = None, event_time: Optional[Text] = None, *, into: WritableBuffer) -> int: ...

@overload
def time_sync_request(device_send_time_ms: int, event_time: Optional[Text] = None, *, into: None = None) -> bytes:
    """$time_sync/time_sync_request."""
@overload
def time_sync_request(device_send_time_ms: int, event_time: Optional[Text] = None, *, into: WritableBuffer) -> int: ...

@overload
def sdk_info_report(device_sdk_version: Optional[Text] = None, sw_version: Optional[Text] = None, fw_version: Optional[Text] = None, device_ip: Optional[Text] = None, event_time: Optional[Text] = None, *, into: None = None) -> bytes:
    """$sdk_info/sdk_info_report."""
@overload
def sdk_info_report(device_sdk_version: Optional[Text] = None, sw_version: Optional[Text] = None, fw_version: Optional[Text] = None, device_ip: Optional[Text] = None, event_time: Optional[Text] = None, *, into: WritableBuffer) -> int: ...

@overload
def sub_device_sync_request(version: int, event_time: Optional[Text] = None, *, into: None = None) -> bytes:
    """$sub_device_manager/sub_device_sync_request."""
@overload
def sub_device_sync_request(version: int, event_time: Optional[Text] = None, *, into: WritableBuffer) -> int: ...

@overload
def add_sub_devices(devices: Union[List[NewSubDevice], Tuple[NewSubDevice, ...]], event_time: Optional[Text] = None, event_id: Optional[Text] = None, *, into: None = None) -> bytes:
    """$sub_device_manager/add_sub_device_request."""
@overload
def add_sub_devices(devices: Union[List[NewSubDevice], Tuple[NewSubDevice, ...]], event_time: Optional[Text] = None, event_id: Optional[Text] = None, *, into: WritableBuffer) -> int: ...

@overload
def delete_sub_devices(device_ids: Union[List[Text], Tuple[Text, ...]], event_time: Optional[Text] = None, event_id: Optional[Text] = None, *, into: None = None) -> bytes:
    """$sub_device_manager/delete_sub_device_request."""
@overload
def delete_sub_devices(device_ids: Union[List[Text], Tuple[Text, ...]], event_time: Optional[Text] = None, event_id: Optional[Text] = None, *, into: WritableBuffer) -> int: ...

@overload
def update_sub_device_status(statuses: Union[List[Tuple[Text, bool]], Tuple[Tuple[Text, bool], ...]], event_time: Optional[Text] = None, event_id: Optional[Text] = None, *, into: None = None) -> bytes:
    """$sub_device_manager/sub_device_update_status: (device_id, online) items."""
@overload
def update_sub_device_status(statuses: Union[List[Tuple[Text, bool]], Tuple[Tuple[Text, bool], ...]], event_time: Optional[Text] = None, event_id: Optional[Text] = None, *, into: WritableBuffer) -> int: ...

# --- downlink payloads (ValueError on malformed JSON or a wrong schema) ------------

class CommandRequest(TypedDict):
    object_device_id: Optional[str]
    service_id: Optional[str]
    command_name: Optional[str]
    paras: Optional[Dict[str, object]]

class ServiceProperties(TypedDict):
    service_id: str
    properties: Dict[str, object]
    event_time: Optional[str]

class PropertiesSetRequest(TypedDict):
    object_device_id: Optional[str]
    services: List[ServiceProperties]

class PropertiesGetRequest(TypedDict):
    object_device_id: Optional[str]
    service_id: Optional[str]

class MessageDown(TypedDict):
    object_device_id: Optional[str]
    name: Optional[str]
    id: Optional[str]
    content: Union[str, Dict[str, object]]

class ShadowProperties(TypedDict):
    properties: Dict[str, object]
    event_time: Optional[str]

class ShadowEntry(TypedDict):
    service_id: str
    desired: Optional[ShadowProperties]
    reported: Optional[ShadowProperties]
    version: Optional[int]

class ShadowResponse(TypedDict):
    object_device_id: Optional[str]
    shadow: List[ShadowEntry]

class Event(TypedDict):
    kind: int  # an EVENT_* constant
    service_id: str
    event_type: str
    event_time: Optional[str]
    event_id: Optional[str]
    paras: Dict[str, object]

class Events(TypedDict):
    object_device_id: Optional[str]
    services: List[Event]

class Bootstrap(TypedDict):
    address: str
    device_secret: Optional[str]

def loads(payload: Text, /) -> object:
    """Any JSON document: dict, list, str, int, float, bool or None."""

def command_request(payload: Text, /) -> CommandRequest: ...
def properties_set_request(payload: Text, /) -> PropertiesSetRequest: ...
def properties_get_request(payload: Text, /) -> PropertiesGetRequest: ...
def message_down(payload: Text, /) -> Optional[MessageDown]:
    """None for a raw (not system-format) message."""
def shadow_response(payload: Text, /) -> ShadowResponse: ...
def events(payload: Text, /) -> Events: ...
def bootstrap(payload: Text, /) -> Bootstrap: ...
