# Bad input for every argument of every function of the huaweicloud module:
# wrong types, None, empty, over-long, invalid UTF-8, NaN/inf, nesting past
# the limit (and cycles), unsupported value types, undersized into=.  Each case
# checks the exception type and that the message names the argument (and the
# path inside it); after each, a valid call must still give the right answer.
# Coverage guard: every function of the module, and every one of its
# parameters, must have at least one bad-input case here.
#
#   build/micropython tests/micropython/test_errors.py
import sys
import huaweicloud as h

T = TypeError
V = ValueError
NAN = float("nan")
INF = float("inf")
SECRET = "s3cr3t-Marker"

# Signatures: parameter names in order; "*" starts keyword-only ones, "/"
# ends positional-only ones (those functions take no keywords).
SIGS = {
    "password": "secret timestamp /",
    "timestamp": "t /",
    "event_time": "t millis",
    "client_id": "device_id timestamp sign_type",
    "credentials": "device_id secret t sign_type",
    "check_keepalive": "seconds /",
    "backoff_ms": "attempt random /",
    "time_sync_now": "device_send server_recv server_send device_recv /",
    "topic": "kind device_id request_id",
    "subscription": "kind device_id /",
    "subscriptions": "device_id /",
    "parse_topic": "topic /",
    "response_topic": "request_topic /",
    "properties_report": "service_id properties event_time * into",
    "properties_report_services": "services * into",
    "properties_get_response": "services * into",
    "gateway_report": "devices * into",
    "properties_set_response": "result_code result_desc * into",
    "command_response": "result_code response_name paras * into",
    "message": "content object_device_id name id * into",
    "shadow_get_request": "service_id object_device_id * into",
    "event": "service_id event_type paras event_time event_id object_device_id * into",
    "ota_version_report": "sw_version fw_version event_time * into",
    "ota_progress_report": "result_code version progress description event_time * into",
    "time_sync_request": "device_send_time_ms event_time * into",
    "sdk_info_report": "device_sdk_version sw_version fw_version device_ip event_time * into",
    "sub_device_sync_request": "version event_time * into",
    "add_sub_devices": "devices event_time event_id * into",
    "delete_sub_devices": "device_ids event_time event_id * into",
    "update_sub_device_status": "statuses event_time event_id * into",
    "loads": "payload /",
    "command_request": "payload /",
    "properties_set_request": "payload /",
    "properties_get_request": "payload /",
    "message_down": "payload /",
    "shadow_response": "payload /",
    "events": "payload /",
    "bootstrap": "payload /",
}

# A valid call of each function (every argument given), varied one argument
# at a time below.
ET = "20240102T030405Z"
BASE = {
    "password": {"secret": SECRET, "timestamp": "2025041401"},
    "timestamp": {"t": 1744592400},
    "event_time": {"t": 1744592400, "millis": True},
    "client_id": {"device_id": "dev_1", "timestamp": "2025041401", "sign_type": 1},
    "credentials": {"device_id": "dev_1", "secret": SECRET, "t": 1744592400, "sign_type": 0},
    "check_keepalive": {"seconds": 120},
    "backoff_ms": {"attempt": 3, "random": 5},
    "time_sync_now": {"device_send": 1, "server_recv": 2, "server_send": 3, "device_recv": 4},
    "topic": {"kind": h.COMMAND_RESPONSE, "device_id": "dev_1", "request_id": "42"},
    "subscription": {"kind": h.COMMAND_REQUEST, "device_id": "dev_1"},
    "subscriptions": {"device_id": "dev_1"},
    "parse_topic": {"topic": "$oc/devices/dev_1/sys/messages/down"},
    "response_topic": {"request_topic": "$oc/devices/dev_1/sys/commands/request_id=1"},
    "properties_report": {"service_id": "S", "properties": {"a": 1}, "event_time": ET, "into": None},
    "properties_report_services": {"services": [("S", {"a": 1}, ET)], "into": None},
    "properties_get_response": {"services": [("S", {"a": 1})], "into": None},
    "gateway_report": {"devices": [("dev_2", [("S", {"a": 1})])], "into": None},
    "properties_set_response": {"result_code": 0, "result_desc": "ok", "into": None},
    "command_response": {"result_code": 0, "response_name": "r", "paras": {"a": 1}, "into": None},
    "message": {"content": "hi", "object_device_id": "dev_2", "name": "n", "id": "1", "into": None},
    "shadow_get_request": {"service_id": "S", "object_device_id": "dev_2", "into": None},
    "event": {"service_id": "S", "event_type": "E", "paras": {"a": 1}, "event_time": ET, "event_id": "1",
              "object_device_id": "dev_2", "into": None},
    "ota_version_report": {"sw_version": "1", "fw_version": "2", "event_time": ET, "into": None},
    "ota_progress_report": {"result_code": 0, "version": "1", "progress": 50, "description": "d", "event_time": ET,
                            "into": None},
    "time_sync_request": {"device_send_time_ms": 1700000000000, "event_time": ET, "into": None},
    "sdk_info_report": {"device_sdk_version": "v", "sw_version": "1", "fw_version": "2", "device_ip": "10.0.0.1",
                        "event_time": ET, "into": None},
    "sub_device_sync_request": {"version": 3, "event_time": ET, "into": None},
    "add_sub_devices": {"devices": [{"node_id": "n", "product_id": "p", "name": "x"}], "event_time": ET, "event_id": "1",
                        "into": None},
    "delete_sub_devices": {"device_ids": ["dev_2"], "event_time": ET, "event_id": "1", "into": None},
    "update_sub_device_status": {"statuses": [("dev_2", True)], "event_time": ET, "event_id": "1", "into": None},
    "loads": {"payload": b'{"a":[1]}'},
    "command_request": {"payload": b'{"paras":{}}'},
    "properties_set_request": {"payload": b'{"services":[]}'},
    "properties_get_request": {"payload": b"{}"},
    "message_down": {"payload": b'{"content":"x"}'},
    "shadow_response": {"payload": b'{"shadow":[]}'},
    "events": {"payload": b'{"services":[]}'},
    "bootstrap": {"payload": b'{"address":"h:1"}'},
}

failures = 0
count = 0
covered = {}


def call(fname, values):
    f = getattr(h, fname)
    sig = SIGS[fname].split()
    if "/" in sig:
        return f(*[values[p] for p in sig if p != "/"])
    return f(**values)


# What each function gives for its base call: after every error the same call
# must give the same again (the interpreter and the module are still fine).
EXPECTED = {}
for fname in BASE:
    EXPECTED[fname] = call(fname, BASE[fname])


def bad(fname, param, value, exc, prefix, *contains):
    """Calls `fname` with `param` replaced by `value` and expects `exc` whose
    message starts with `prefix` (and holds each of `contains`)."""
    global failures, count
    count += 1
    covered[(fname, param)] = True
    values = dict(BASE[fname])
    if value is DROP:
        del values[param]
    else:
        values[param] = value
    name = "%s(%s=%s)" % (fname, param, short(value))
    try:
        call(fname, values)
        ok, why = False, "no exception"
    except Exception as e:
        msg = str(e)
        ok = type(e) is exc and msg.startswith(prefix) and all(c in msg for c in contains) and SECRET not in msg
        why = "%s: %s" % (type(e).__name__, msg)
    try:
        again = call(fname, BASE[fname])
    except Exception as e:
        again = e
    if again != EXPECTED[fname]:
        ok, why = False, why + "; then the valid call gave %r" % (again,)
    if not ok:
        failures += 1
        print("FAIL", name, "-> expected %s %r, got %s" % (exc.__name__, prefix, why))


def short(v):
    if type(v) in (str, bytes, int, float, bool) or v is None:
        r = repr(v)
        return r if len(r) < 40 else r[:37] + "..."
    return "<%s>" % type(v).__name__


class Obj:
    pass


DROP = Obj()  # remove the argument (a required one: TypeError from the call)


def nested(depth, kind="dict"):
    v = 1
    for _ in range(depth):
        v = {"k": v} if kind == "dict" else [v]
    return v


cyclic = []
cyclic.append(cyclic)
cyclic_dict = {}
cyclic_dict["self"] = cyclic_dict


# --- text arguments ----------------------------------------------------------

def text_types(fname, param, required=True):
    """Wrong types for a text argument (None is valid for optional ones)."""
    for v in (5, 1.5, [], {}, True, Obj()):
        bad(fname, param, v, T, param + ": expected str or bytes, not ")
    if required:
        bad(fname, param, None, T, param + ": expected str or bytes, not NoneType")


def json_text(fname, param, required=True, nonempty=False):
    """A text written into JSON: UTF-8 checked by the library."""
    text_types(fname, param, required)
    for v in (b"\xff", b"ok\xc3", bytearray(b"\xed\xa0\x80"), memoryview(b"\xc0\xaf")):
        bad(fname, param, v, V, param + ": text is not valid UTF-8")
    if nonempty:
        bad(fname, param, "", V, param + ": argument out of range")
        bad(fname, param, b"", V, param + ": argument out of range")


def device_id(fname, param, label=None):
    label = label or param
    text_types(fname, param)
    for v in ("", b"", "a b", "x" * 129, b"dev\xff", "dev/1", "d\u00e9v", "dev.1", "a\x00"):
        bad(fname, param, v, V, label + ": device id must be 1-128 characters")


def event_time(fname, compact_only=False):
    text_types(fname, "event_time", required=False)
    for v in ("", "2020", "20201312T000000Z", "20200230T000000Z", "20200101T240000Z", "2020-01-01T00:00:00Z",
              "20200101T000000", b"\xff" * 16, "19691231T235959Z"):
        bad(fname, "event_time", v, V, "event_time: event_time must be")
    if compact_only:
        bad(fname, "event_time", "2020-08-12T12:12:12.333Z", V, "event_time: event_time must be")


def int_arg(fname, param, lo_bad=True):
    for v in ("1", 1.0, None, [], True, NAN):
        bad(fname, param, v, T, param + ": expected int, not ")
    for v in (2 ** 63, -(2 ** 63) - 1, 2 ** 200):
        bad(fname, param, v, V, param + ": integer out of range")


def into(fname):
    base = EXPECTED[fname]
    n = len(base) if type(base) is bytes else 16
    for v in (bytearray(0), bytearray(1), bytearray(n - 1), memoryview(bytearray(n + 5))[: n - 1]):
        bad(fname, "into", v, V, "into: buffer too small: %d bytes needed, %d given" % (n, len(v)))
    for v in (b"x" * 600, "x" * 600, 5, memoryview(b"x" * 600), (1,), Obj()):
        bad(fname, "into", v, T, "into: expected bytearray or writable memoryview, not ")


def json_value(fname, param, kind="dict"):
    """A JSON value built from Python objects (dict, or str-or-dict content)."""
    for v in (bytearray(b"x"), b"x", {1, 2}, Obj(), len, range(2), memoryview(b"x")):
        bad(fname, param, {"x": v}, T, param + "['x']: unsupported type ")
    bad(fname, param, {"a": [1, {"b": (2, b"x")}]}, T, param + "['a'][1]['b'][1]: unsupported type bytes")
    bad(fname, param, {1: 2}, T, param + "[1]: dict keys must be str, not int")
    bad(fname, param, {"a": {(1,): 2}}, T, param + "['a'][(1,)]: dict keys must be str, not tuple")
    bad(fname, param, {"f": NAN}, V, param + "['f']: not a finite JSON number")
    bad(fname, param, {"f": [INF]}, V, param + "['f'][0]: not a finite JSON number")
    bad(fname, param, {"f": -INF}, V, param + "['f']: not a finite JSON number")
    bad(fname, param, {"deep": nested(40)}, V, param + "['deep']['k']", "JSON nested too deeply")
    bad(fname, param, {"deep": nested(40, "list")}, V, param + "['deep'][0][0]", "JSON nested too deeply")
    bad(fname, param, {"c": cyclic}, V, param + "['c'][0][0]", "JSON nested too deeply")
    bad(fname, param, cyclic_dict, V, param + "['self']['self']", "JSON nested too deeply")
    expected = "str or dict" if kind == "content" else "dict"
    for v in (5, [1], (1,), 1.5, Obj()):
        bad(fname, param, v, T, param + ": expected %s, not " % expected)
    if kind == "dict":
        bad(fname, param, "text", T, param + ": expected dict, not str")


# --- credentials and time ----------------------------------------------------

for fn in ("password", "credentials"):
    text_types(fn, "secret")
    for v in ("", b"", "x" * 129, b"\x01" * 129, "\u00e9" * 65, "a\x00b", bytearray(b"\x00")):
        bad(fn, "secret", v, V, "secret: secret must be 1-128 bytes without NUL")
for fn in ("password", "client_id"):
    text_types(fn, "timestamp")
    for v in ("", "202504140", "20250414011", "2025041424", "2025O41401", "1969123123", "2023022900",
              "10000010100", b"\xff" * 10, " 025041401"):
        bad(fn, "timestamp", v, V, "timestamp: timestamp must be 10 digits")
for fn in ("timestamp", "event_time", "credentials"):
    for v in (None, "2025041401", b"x", {}, Obj(), [2000, 1], (2000, 1, 1, 0, 0)):
        bad(fn, "t", v, T, "t")
    bad(fn, "t", (2000, 1, 1, 0, "0", 0), T, "t[4]: expected int, not str")
    bad(fn, "t", (2000.0, 1, 1, 0, 0, 0), T, "t[0]: expected int, not float")
    for v in (-1, 253402300800, 2 ** 64, -(2 ** 64), NAN, INF, -INF, -0.5, 1e300, (1969, 12, 31, 23, 59, 59),
              (10000, 1, 1, 0, 0, 0), (2023, 2, 29, 0, 0, 0), (2024, 4, 31, 0, 0, 0), (2024, 0, 1, 0, 0, 0),
              (2024, 13, 1, 0, 0, 0), (2024, 1, 0, 0, 0, 0), (2024, 1, 1, 24, 0, 0), (2024, 1, 1, 0, 60, 0),
              (2024, 1, 1, 0, 0, 60), (2024, 1, 1, 0, 0, -1), (2024, 1, 1, 0, 0, 2 ** 70), (2 ** 16 + 2024, 1, 1, 0, 0, 0)):
        bad(fn, "t", v, V, "t: date/time out of range")
device_id("client_id", "device_id")
device_id("credentials", "device_id")
for fn in ("client_id", "credentials"):
    for v in (2, 3, -1, 2 ** 32, 2 ** 100):
        bad(fn, "sign_type", v, V, "sign_type: sign type must be 0 or 1")
    for v in ("0", None, 0.0, False):
        bad(fn, "sign_type", v, T, "sign_type: expected int, not ")
for v in (29, 1201, 0, -1, -(2 ** 70), 2 ** 32 + 120, 2 ** 64):
    bad("check_keepalive", "seconds", v, V, "seconds: keep-alive must be 30-1200 seconds")
for v in ("120", 120.0, None, True):
    bad("check_keepalive", "seconds", v, T, "seconds: expected int, not ")
for v in (-1, -(2 ** 70)):
    bad("backoff_ms", "attempt", v, V, "attempt: argument out of range")
for v in ("1", 1.0, None):
    bad("backoff_ms", "attempt", v, T, "attempt: expected int, not ")
    bad("backoff_ms", "random", v, T, "random: expected int, not ")
for p in ("device_send", "server_recv", "server_send", "device_recv"):
    int_arg("time_sync_now", p)

# --- topics ------------------------------------------------------------------

for fn in ("topic", "subscription"):
    for v in (0, 18, -1, 2 ** 32 + 3, 2 ** 80):
        bad(fn, "kind", v, V, "kind: unknown topic kind")
    for v in ("3", 3.0, None, True):
        bad(fn, "kind", v, T, "kind: expected int, not ")
    device_id(fn, "device_id")
bad("subscription", "kind", h.MESSAGES_UP, V, "kind: unknown topic kind, or the kind cannot be used here")
device_id("subscriptions", "device_id")
text_types("topic", "request_id", required=False)
for v in ("", "a/b", "a+b", "a#b", "a?b", "a\nb", "a\x7fb", "x" * 129, "\u00e9" * 65, b"\xff", bytearray(b"\xc3")):
    bad("topic", "request_id", v, V, "request_id: request id must be 1-128 bytes")
for fn, p in (("parse_topic", "topic"), ("response_topic", "request_topic")):
    for v in (None, 5, [], Obj()):
        bad(fn, p, v, T, p + ": expected str or bytes, not ")
for v in ("", "$oc/devices/dev_1/sys/messages/down", "$oc/devices/dev_1/sys/commands/response/request_id=1",
          "$oc/devices/dev_1/sys/commands/request_id=", "not a topic", b"\xff", "$oc/devices/bad id/sys/commands/request_id=1"):
    bad("response_topic", "request_topic", v, V, "request_topic: topic is not a platform request")

# --- uplink payloads -----------------------------------------------------------

ENCODERS = [f for f in SIGS if "into" in SIGS[f]]
for fn in ENCODERS:
    into(fn)

json_text("properties_report", "service_id", nonempty=True)
json_value("properties_report", "properties")
event_time("properties_report")
for fn in ("properties_report_services", "properties_get_response"):
    for v in (None, 5, "S", {"S": {}}, b"x"):
        bad(fn, "services", v, T, "services: expected list or tuple, not ")
    for v in ([5], ["S"], [("S",)], [("S", {}, None, 1)], [{"S": 1}]):
        bad(fn, "services", v, T, "services[0]: expected (service_id, properties[, event_time]), not ")
    bad(fn, "services", [("S", {}), (5, {})], T, "services[1]: service_id: expected str or bytes, not int")
    bad(fn, "services", [("S", [])], T, "services[0]: properties: expected dict, not list")
    bad(fn, "services", [("", {})], V, "services[0]: service_id: argument out of range")
    bad(fn, "services", [(b"\xff", {})], V, "services[0]: service_id: text is not valid UTF-8")
    bad(fn, "services", [("S", {}, "bad")], V, "services[0]: event_time: event_time must be")
    bad(fn, "services", [("S", {}, 5)], T, "services[0]: event_time: expected str or bytes, not int")
    bad(fn, "services", [("S", {"a": {"b": NAN}})], V, "services[0]: properties['a']['b']: not a finite JSON number")
    bad(fn, "services", [("S", {"a": nested(40)})], V, "services[0]: properties['a']", "nested too deeply")
    bad(fn, "services", [("S", {"x": bytearray()})], T, "services[0]: properties['x']: unsupported type bytearray")
for v in (None, 5, "dev", {"dev": []}):
    bad("gateway_report", "devices", v, T, "devices: expected list or tuple, not ")
for v in ([5], [("dev",)], [("dev", [], 1)]):
    bad("gateway_report", "devices", v, T, "devices[0]: expected (device_id, services), not ")
for v in ("", "a b", "x" * 129, b"\xff"):
    bad("gateway_report", "devices", [("dev", []), (v, [])], V, "devices[1]: device_id: device id must be")
bad("gateway_report", "devices", [(None, [])], T, "devices[0]: device_id: expected str or bytes, not NoneType")
bad("gateway_report", "devices", [("dev", None)], T, "devices[0]: services: expected list or tuple, not NoneType")
bad("gateway_report", "devices", [("dev", [("S", {}), ("S", {"x": {1}})])], T,
    "devices[0]: services[1]: properties['x']: unsupported type set")
bad("gateway_report", "devices", [("dev", [("S", {}, "2020")])], V, "devices[0]: services[0]: event_time: event_time must be")
for fn in ("properties_set_response", "command_response", "ota_progress_report"):
    int_arg(fn, "result_code")
json_text("properties_set_response", "result_desc", required=False)
json_text("command_response", "response_name", required=False)
json_value("command_response", "paras")
json_value("message", "content", "content")
bad("message", "content", None, T, "content: expected str or dict, not NoneType")
bad("message", "content", b"\xff", V, "content: text is not valid UTF-8")
for p in ("object_device_id", "name", "id"):
    json_text("message", p, required=False)
for p in ("service_id", "object_device_id"):
    json_text("shadow_get_request", p, required=False)
json_text("event", "service_id", nonempty=True)
json_text("event", "event_type", nonempty=True)
json_value("event", "paras")
event_time("event", compact_only=True)
json_text("event", "event_id", required=False)
json_text("event", "object_device_id", required=False)
for p in ("sw_version", "fw_version"):
    json_text("ota_version_report", p, required=False)
event_time("ota_version_report", compact_only=True)
json_text("ota_progress_report", "version", nonempty=True)
for v in (101, -1, -2, 2 ** 31, 2 ** 40, -(2 ** 40)):
    bad("ota_progress_report", "progress", v, V, "progress: argument out of range")
for v in ("50", 50.0, True):
    bad("ota_progress_report", "progress", v, T, "progress: expected int, not ")
bad("ota_progress_report", "progress", 2 ** 70, V, "progress: integer out of range")
json_text("ota_progress_report", "description", required=False)
event_time("ota_progress_report", compact_only=True)
int_arg("time_sync_request", "device_send_time_ms")
event_time("time_sync_request", compact_only=True)
for p in ("device_sdk_version", "sw_version", "fw_version", "device_ip"):
    json_text("sdk_info_report", p, required=False)
event_time("sdk_info_report", compact_only=True)
int_arg("sub_device_sync_request", "version")
event_time("sub_device_sync_request", compact_only=True)
for fn, p in (("add_sub_devices", "devices"), ("delete_sub_devices", "device_ids"), ("update_sub_device_status", "statuses")):
    for v in (None, 5, "dev", {"a": 1}):
        bad(fn, p, v, T, p + ": expected list or tuple, not ")
    event_time(fn, compact_only=True)
    json_text(fn, "event_id", required=False)
bad("add_sub_devices", "devices", [5], T, "devices[0]: expected dict, not int")
bad("add_sub_devices", "devices", [{"node_id": "n"}], T, "devices[0]: missing 'product_id'")
bad("add_sub_devices", "devices", [{"product_id": "p"}], T, "devices[0]: missing 'node_id'")
bad("add_sub_devices", "devices", [{"node_id": "n", "product_id": "p", "extension_info": {}}], T,
    "devices[0]: unexpected key 'extension_info'")
bad("add_sub_devices", "devices", [{"node_id": "n", "product_id": "p", 5: 1}], T, "devices[0]: unexpected key 5")
for k in ("node_id", "product_id"):
    bad("add_sub_devices", "devices", [{"node_id": "n", "product_id": "p", k: ""}], V, "devices[0]: %s: argument out of range" % k)
    bad("add_sub_devices", "devices", [{"node_id": "n", "product_id": "p", k: None}], T,
        "devices[0]: %s: expected str or bytes, not NoneType" % k)
for k in ("node_id", "product_id", "device_id", "name", "description", "parent_device_id"):
    d = {"node_id": "n", "product_id": "p"}
    d[k] = b"\xff"
    bad("add_sub_devices", "devices", [{"node_id": "n", "product_id": "p"}, d], V, "devices[1]: %s: text is not valid UTF-8" % k)
    d[k] = 5
    bad("add_sub_devices", "devices", [d], T, "devices[0]: %s: expected str or bytes, not int" % k)
for v in ("", "a b", "x" * 129, b"\xff"):
    bad("delete_sub_devices", "device_ids", ["ok", v], V, "device_ids[1]: device id must be")
bad("delete_sub_devices", "device_ids", [None], T, "device_ids[0]: expected str or bytes, not NoneType")
for v in ([5], [("dev",)], [("dev", True, 1)], ["dev"]):
    bad("update_sub_device_status", "statuses", v, T, "statuses[0]: expected (device_id, online), not ")
for v in (1, 0, None, "ONLINE"):
    bad("update_sub_device_status", "statuses", [("dev", v)], T, "statuses[0]: online: expected bool, not ")
for v in ("", "a b", b"\xff"):
    bad("update_sub_device_status", "statuses", [("dev", True), (v, False)], V, "statuses[1]: device_id: device id must be")

# --- downlink payloads ---------------------------------------------------------

DECODERS = ("loads", "command_request", "properties_set_request", "properties_get_request", "message_down",
            "shadow_response", "events", "bootstrap")
for fn in DECODERS:
    for v in (None, 5, 1.5, [b"{}"], {"a": 1}, Obj()):
        bad(fn, "payload", v, T, "payload: expected str or bytes, not ")
    if fn == "message_down":
        continue  # anything that is not a system-format message is a raw one (None)
    for v in (b"", b"{", b"\xff", b'{"a":1,}', b"[" * 33 + b"]" * 33, b'{"a":"\x01"}', b'"\\ud800"', b"NaN",
              bytearray(b"{]"), memoryview(b"{} x")):
        bad(fn, "payload", v, V, "payload: ")
bad("loads", "payload", b'{"a":' * 40 + b"1" + b"}" * 40, V, "payload: JSON nested too deeply")
bad("loads", "payload", b"[" * 10000, V, "payload: JSON nested too deeply")
bad("command_request", "payload", b'{"paras":[]}', V, "payload: JSON field has the wrong type")
bad("properties_set_request", "payload", b"{}", V, "payload: required JSON field missing")
bad("properties_set_request", "payload", b'{"services":[{"service_id":"s","properties":{}},{"service_id":"s"}]}', V,
    "services[1]: required JSON field missing")
bad("properties_get_request", "payload", b'{"service_id":1}', V, "payload: JSON field has the wrong type")
bad("shadow_response", "payload", b'{"shadow":[{"service_id":"s","reported":{"event_time":"x"}}]}', V,
    "shadow[0]: reported: required JSON field missing")
bad("events", "payload", b'{"services":[{"service_id":"$ota","event_type":"firmware_upgrade","paras":{"url":"u"}}]}', V,
    "services[0]: paras: required JSON field missing")
bad("events", "payload", b'{"services":[{"service_id":"$sub_device_manager","event_type":"add_sub_device_response",'
    b'"paras":{"failed_devices":[{"error_msg":1}]}}]}', V, "services[0]: paras: failed_devices[0]: JSON field has the wrong type")
bad("bootstrap", "payload", b'{"deviceSecret":"x"}', V, "payload: required JSON field missing")

# --- argument count and keywords -------------------------------------------------

for fname, values in BASE.items():
    sig = SIGS[fname].split()
    f = getattr(h, fname)
    try:
        if "/" in sig:
            f(*([1] * (len(sig) + 1)))
        else:
            f(no_such_argument=1, **values)
        print("FAIL", fname, "accepted an extra argument")
        failures += 1
    except TypeError:
        pass
    count += 1

# --- coverage guard ----------------------------------------------------------------

functions = [n for n in dir(h) if not n.startswith("__") and type(getattr(h, n)) is not int]
for fname in functions:
    if fname not in SIGS:
        failures += 1
        print("FAIL coverage: %s has no bad-input cases (add it to SIGS/BASE)" % fname)
        continue
    for p in SIGS[fname].split():
        if p in "/*" or p == "millis":  # millis is a flag: any object's truth value
            continue
        if (fname, p) not in covered:
            failures += 1
            print("FAIL coverage: %s(%s=...) has no bad-input case" % (fname, p))
for fname in SIGS:
    if fname not in functions:
        failures += 1
        print("FAIL coverage: the module has no function %s" % fname)

print("test_errors: %d bad-input cases over %d functions (%d parameters):" % (count, len(SIGS), len(covered)),
      "FAILED (%d)" % failures if failures else "all passed")
sys.exit(1 if failures else 0)
