"""The local IoTDA: broker rules (plugin), platform checks, request/response round trips.

Devices are paho-mqtt clients; passwords are computed here with CPython's hmac.
Each refusal is checked twice: the client sees a failure, and the broker log
names the reason (``iotda: refused <client>: <reason>`` / ``iotda: denied ...``).
"""
import json
import re
import socket
import ssl
import time
import types

import paho.mqtt.client as mqtt
import pytest

from . import broker as iotda_broker
from .broker import Broker, client_id, credentials, password, shift_hour, utc_hour
from .conftest import DEVICES, LONG_ID
from .paho_device import try_connect
from .platform import UPLINKS, VALIDATORS, SCHEMA_DIR, Platform, validate


def refused(broker, cid, user, pw, reason_rx, keepalive=120, **kw):
    """Assert the CONNECT is refused and the broker logs ``reason_rx`` for it."""
    mark = broker.log_mark()
    rc = try_connect(broker, cid, user, pw, keepalive=keepalive, **kw)
    assert rc.is_failure, "connect of %r was accepted" % cid
    # mosquitto 2.0 answers every plugin refusal with "not authorized" (CONNACK 5)
    assert rc.value == 135 and rc.getName() == "Not authorized", rc
    line = broker.wait_for_log(r"iotda: refused %s: %s" % (re.escape(cid), reason_rx), since=mark)
    return line


def accepted(broker, cid, user, pw, **kw):
    mark = broker.log_mark()
    rc = try_connect(broker, cid, user, pw, **kw)
    assert not rc.is_failure, "connect of %r refused: %s\n%s" % (cid, rc, "\n".join(broker.iotda_lines(mark)))
    broker.wait_for_log(r"iotda: accepted %s: " % re.escape(cid), since=mark)


def sign1_at_offset(broker, device_id, offset_hours, expect_ok, reason_rx=None):
    """Connect with sign type 1 and timestamp now+offset; repeat once if the UTC hour
    rolled over meanwhile (keeps the test deterministic at an hour boundary)."""
    for _ in range(2):
        before = utc_hour()
        ts = shift_hour(before, offset_hours)
        cid, user, pw = credentials(device_id, DEVICES[device_id], 1, ts)
        mark = broker.log_mark()
        rc = try_connect(broker, cid, user, pw)
        if utc_hour() != before:
            continue
        if expect_ok:
            assert not rc.is_failure, "\n".join(broker.iotda_lines(mark))
        else:
            assert rc.is_failure
            broker.wait_for_log(r"iotda: refused %s: %s" % (re.escape(cid), reason_rx), since=mark)
        return
    pytest.fail("UTC hour changed twice during one test")


# --------------------------------------------------------------------------
# the credential oracle itself
# --------------------------------------------------------------------------
def test_password_oracle_matches_published_vectors():
    # docs/iotda-protocol.md §1.3 / §6.1 V1, V2 (computed by CPython's hmac here)
    assert password("12345678", "2025041401") == \
        "c75150e6cb841417396819e4d2ee4358a416344a03a083e3a8567074ddec820a"
    assert password("ac4263b86eaf6442997a", "2022010507") == \
        "60cc88f72fb885ed7cfc0140417dd79633e26a4a0cc00572cb6a118cde54cb36"
    assert client_id("dev1", 0, "2018072417") == "dev1_0_0_2018072417"
    assert shift_hour("2024030100", -1) == "2024022923"


# --------------------------------------------------------------------------
# broker process hygiene
# --------------------------------------------------------------------------
def test_broker_listens_only_on_loopback(broker):
    assert broker.listen_addrs, "no listening socket found for mosquitto"
    assert {a[0] for a in broker.listen_addrs} == {"127.0.0.1"}
    assert {a[1] for a in broker.listen_addrs} == {broker.port, broker.tls_port}
    assert broker.pid in iotda_broker.STARTED_PIDS and iotda_broker.pid_alive(broker.pid)


def test_broker_stops_by_pid_and_frees_port():
    with Broker({"solo": "solo-secret"}) as b:
        pid, port = b.pid, b.port
        assert iotda_broker.pid_alive(pid)
    assert not iotda_broker.pid_alive(pid)
    assert not iotda_broker._port_accepts(port)


def test_plugin_rejects_unknown_option():
    b = Broker({"x": "y" * 8}, extra_config="plugin_opt_no_such_option 1")
    with pytest.raises(RuntimeError, match="unknown option plugin_opt_no_such_option"):
        b.start()
    assert b.proc is None


# --------------------------------------------------------------------------
# CONNECT: accepted
# --------------------------------------------------------------------------
def test_sign0_current_hour_accepted(broker):
    accepted(broker, *credentials("dev1", DEVICES["dev1"], 0))


def test_sign0_does_not_check_the_time(broker):
    accepted(broker, *credentials("dev1", DEVICES["dev1"], 0, "2018072417"))


def test_sign1_current_hour_accepted(broker):
    sign1_at_offset(broker, "dev1", 0, True)


def test_sign1_adjacent_hours_accepted_with_default_tolerance(broker):
    sign1_at_offset(broker, "dev1", -1, True)
    sign1_at_offset(broker, "dev1", +1, True)


@pytest.mark.parametrize("device_id", [LONG_ID, "5fbbb784b4ec2202e982e643_node-01"])
def test_device_id_charset_and_max_length_accepted(broker, device_id):
    accepted(broker, *credentials(device_id, DEVICES[device_id], 0))


@pytest.mark.parametrize("keepalive", [30, 120, 1200])
def test_keepalive_in_range_accepted(broker, keepalive):
    accepted(broker, *credentials("dev1", DEVICES["dev1"], 0), keepalive=keepalive)


def test_mqtt5_device_accepted(broker):
    accepted(broker, *credentials("dev1", DEVICES["dev1"], 0), protocol=mqtt.MQTTv5)


def test_tls_listener_with_verified_certificate(broker):
    accepted(broker, *credentials("dev1", DEVICES["dev1"], 1), tls=True)


def test_tls_port_refuses_plain_mqtt(broker):
    plain_view = types.SimpleNamespace(host=broker.host, port=broker.tls_port)
    with pytest.raises((ConnectionError, TimeoutError)):
        try_connect(plain_view, *credentials("dev1", DEVICES["dev1"], 0), timeout=2.0)


def test_tls_certificate_verification(broker):
    # trusted through the test CA, for the IP address in the SAN ...
    ctx = ssl.create_default_context(cafile=broker.cafile)
    with socket.create_connection((broker.host, broker.tls_port), timeout=5) as raw:
        with ctx.wrap_socket(raw, server_hostname="127.0.0.1") as tls:
            assert tls.version() in ("TLSv1.2", "TLSv1.3")
    # ... and not trusted without it
    with socket.create_connection((broker.host, broker.tls_port), timeout=5) as raw:
        with pytest.raises(ssl.SSLCertVerificationError):
            ssl.create_default_context().wrap_socket(raw, server_hostname="127.0.0.1").close()


def test_device_added_while_running(broker):
    cid, user, pw = credentials("late_device", "late-secret-01", 0)
    refused(broker, cid, user, pw, r"unknown device 'late_device'")
    broker.add_device("late_device", "late-secret-01")
    accepted(broker, cid, user, pw)


# --------------------------------------------------------------------------
# CONNECT: refused, with the reason in the broker log
# --------------------------------------------------------------------------
def test_wrong_secret_refused(broker):
    cid, user, _ = credentials("dev1", DEVICES["dev1"], 0)
    refused(broker, cid, user, password("not-the-secret", cid[-10:]), r"bad password")


def test_swapped_hmac_arguments_refused(broker):
    ts = utc_hour()
    cid = client_id("dev1", 0, ts)
    swapped = iotda_broker.hmac.new(DEVICES["dev1"].encode(), ts.encode(),
                                    iotda_broker.hashlib.sha256).hexdigest()
    refused(broker, cid, "dev1", swapped, r"bad password")


def test_uppercase_hex_password_refused(broker):
    cid, user, pw = credentials("dev1", DEVICES["dev1"], 0)
    refused(broker, cid, user, pw.upper(), r"bad password")


def test_password_of_another_hour_refused(broker):
    ts = utc_hour()
    cid = client_id("dev1", 0, ts)
    refused(broker, cid, "dev1", password(DEVICES["dev1"], shift_hour(ts, -1)), r"bad password")


@pytest.mark.parametrize("offset", [-3, -2, 2, 9])
def test_sign1_stale_or_future_hour_refused(broker, offset):
    sign1_at_offset(broker, "dev1", offset, False,
                    r"sign type 1 timestamp \d{10} is %d h from broker UTC hour \d{10} \(tolerance 1 h\)"
                    % offset)


def test_sign1_local_time_instead_of_utc_refused(broker):
    # a UTC+8 device formatting local time (the Go SDK pitfall, §5.2)
    sign1_at_offset(broker, "dev1", 8, False, r"sign type 1 timestamp \d{10} is 8 h from")


@pytest.mark.parametrize("keepalive", [0, 10, 29, 1201, 65535])
def test_keepalive_out_of_range_refused(broker, keepalive):
    cid, user, pw = credentials("dev1", DEVICES["dev1"], 0)
    refused(broker, cid, user, pw, r"keepalive %d outside 30-1200" % keepalive, keepalive=keepalive)


def test_username_not_device_id_refused(broker):
    cid, _, pw = credentials("dev1", DEVICES["dev1"], 0)
    refused(broker, cid, "dev10", pw, r"username 'dev10' != device id 'dev1'")


def test_missing_username_refused(broker):
    cid, _, _ = credentials("dev1", DEVICES["dev1"], 0)
    refused(broker, cid, None, None, r"no username")


def test_missing_password_refused(broker):
    cid, user, _ = credentials("dev1", DEVICES["dev1"], 0)
    refused(broker, cid, user, None, r"no password")


def test_unknown_device_refused(broker):
    cid, user, pw = credentials("ghost-device", "whatever-secret", 0)
    refused(broker, cid, user, pw, r"unknown device 'ghost-device'")


def test_platform_account_wrong_password_refused(broker):
    refused(broker, "anything", broker.platform_username, "nope", r"bad platform password")


_TS = "2024022923"  # a real UTC hour (leap day)
_FMT = r"client id format: "


@pytest.mark.parametrize("cid,user,reason", [
    ("dev1", "dev1", _FMT + r"too short"),
    ("dev1_0_0", "dev1", _FMT + r"too short"),
    ("dev1_0_0_" + _TS + "0", "dev1", _FMT + r"not \{device_id\}"),
    ("dev1-0-0-" + _TS, "dev1", _FMT + r"not \{device_id\}"),
    ("dev1_0_0_20240229x3", "dev1", _FMT + r"timestamp not 10 digits"),
    ("dev1_1_0_" + _TS, "dev1", _FMT + r"id type '1' is not 0"),
    ("dev1_3_0_" + _TS, "dev1", _FMT + r"id type '3' is not 0"),
    ("dev1_0_2_" + _TS, "dev1", _FMT + r"sign type 2 \(HMAC-SM3\) not supported"),
    ("dev1_0_x_" + _TS, "dev1", _FMT + r"sign type 'x' not 0 or 1"),
    ("_0_0_" + _TS, "", _FMT + r"too short"),
    ("dev.1_0_0_" + _TS, "dev.1", _FMT + r"device id has a character outside \[A-Za-z0-9_-\] at offset 3"),
    ("dev 1_0_0_" + _TS, "dev 1", _FMT + r"device id has a character outside"),
    (LONG_ID + "z_0_0_" + _TS, LONG_ID + "z", _FMT + r"device id length 129 > 128"),
    ("dev1_0_0_2023022923", "dev1", _FMT + r"timestamp 2023022923 is not a real UTC hour"),
    ("dev1_0_0_2024023000", "dev1", _FMT + r"timestamp 2024023000 is not a real UTC hour"),
    ("dev1_0_0_2024010124", "dev1", _FMT + r"timestamp 2024010124 is not a real UTC hour"),
    ("dev1_0_0_2024130100", "dev1", _FMT + r"timestamp 2024130100 is not a real UTC hour"),
    ("dev1_0_0_2024010000", "dev1", _FMT + r"timestamp 2024010000 is not a real UTC hour"),
    ("dev1_0_0_1969123123", "dev1", _FMT + r"timestamp 1969123123 is not a real UTC hour"),
], ids=lambda v: v if isinstance(v, str) and len(v) < 40 else None)
def test_malformed_client_id_refused(broker, cid, user, reason):
    ts = cid[-10:]
    pw = password(DEVICES.get(user, "x" * 8), ts) if ts.isdigit() else "0" * 64
    refused(broker, cid, user, pw, reason)


@pytest.fixture(scope="module")
def strict_broker():
    """Exact-hour sign type 1, with the broker's clock pinned to 2024-02-29 23h UTC."""
    with Broker(DEVICES, sign1_tolerance_hours=0, utc_hour_override="2024022923") as b:
        yield b


@pytest.mark.parametrize("ts,ok,diff", [
    ("2024022923", True, 0),
    ("2024022922", False, -1),
    ("2024030100", False, 1),
])
def test_sign1_exact_hour_mode(strict_broker, ts, ok, diff):
    cid, user, pw = credentials("dev1", DEVICES["dev1"], 1, ts)
    if ok:
        accepted(strict_broker, cid, user, pw)
    else:
        refused(strict_broker, cid, user, pw,
                r"sign type 1 timestamp %s is %d h from broker UTC hour 2024022923 \(tolerance 0 h\)"
                % (ts, diff))


def test_sign0_unaffected_by_exact_hour_mode(strict_broker):
    accepted(strict_broker, *credentials("dev1", DEVICES["dev1"], 0, "2020010100"))


# --------------------------------------------------------------------------
# topic rules (ACL)
# --------------------------------------------------------------------------
def _barrier(platform, dev, since):
    """Publish a valid report and wait until the platform has it: everything the
    device published before it has been routed by then."""
    marker = {"services": [{"service_id": "barrier", "properties": {"n": time.monotonic_ns()}}]}
    dev.publish(dev.prefix + "sys/properties/report", marker, qos=1)
    return platform.wait_for(lambda u: u.device_id == dev.device_id and u.json == marker, since=since)


@pytest.mark.parametrize("topic", [
    "$oc/devices/dev2/sys/properties/report",
    "$oc/devices/dev10/sys/properties/report",
    "$oc/devices/dev1",
    "$oc/devicesdev1/sys/properties/report",
    "other/topic",
])
def test_publish_outside_own_prefix_denied(broker, platform, device, topic):
    dev = device("dev1")
    mark, pmark = broker.log_mark(), platform.mark()
    dev.publish(topic, {"services": [{"service_id": "s", "properties": {"a": 1}}]}, qos=1)
    broker.wait_for_log(r"iotda: denied %s: publish '%s' outside '\$oc/devices/dev1/'"
                        % (re.escape(dev.client_id), re.escape(topic)), since=mark)
    _barrier(platform, dev, pmark)
    assert [u for u in platform.uplinks[pmark:] if u.topic == topic] == []


@pytest.mark.parametrize("topic_filter", [
    "#",
    "+/#",
    "$oc/#",
    "$oc/devices/#",
    "$oc/devices/+/sys/commands/#",
    "$oc/devices/+/#",
    "$oc/devices/dev2/sys/#",
    "$oc/devices/dev10/#",
    "$oc/devices/dev1",
    "+/devices/dev1/sys/#",
    "$share/g/$oc/devices/dev1/sys/#",
    "$SYS/#",
])
def test_subscribe_outside_own_prefix_denied(broker, device, topic_filter):
    dev = device("dev1")
    mark = broker.log_mark()
    rcs = dev.subscribe(topic_filter, qos=1)
    assert len(rcs) == 1 and rcs[0].is_failure, rcs
    broker.wait_for_log(r"iotda: denied %s: subscribe '%s' outside '\$oc/devices/dev1/'"
                        % (re.escape(dev.client_id), re.escape(topic_filter)), since=mark)


@pytest.mark.parametrize("topic_filter", [
    "$oc/devices/dev1/sys/commands/#",
    "$oc/devices/dev1/sys/messages/down",
    "$oc/devices/dev1/#",
    "$oc/devices/dev1/+/+",
])
def test_subscribe_own_topics_granted(broker, device, topic_filter):
    dev = device("dev1")
    mark = broker.log_mark()
    rcs = dev.subscribe(topic_filter, qos=1)
    assert [rc.value for rc in rcs] == [1]
    assert broker.iotda_lines(mark) == []
    dev.client.unsubscribe(topic_filter)


def test_subscribe_qos2_denied(broker, device):
    dev = device("dev1")
    mark = broker.log_mark()
    rcs = dev.subscribe("$oc/devices/dev1/sys/commands/#", qos=2)
    assert rcs[0].is_failure, rcs
    broker.wait_for_log(r"iotda: denied %s: subscribe '\$oc/devices/dev1/sys/commands/#' qos 2 not supported"
                        % re.escape(dev.client_id), since=mark)


def test_publish_qos2_denied(broker, platform, device):
    dev = device("dev1")
    mark, pmark = broker.log_mark(), platform.mark()
    topic = dev.prefix + "sys/properties/report"
    q2 = {"services": [{"service_id": "qos2", "properties": {"a": 2}}]}
    dev.publish(topic, q2, qos=2)
    broker.wait_for_log(r"iotda: denied %s: publish '%s' qos 2 not supported"
                        % (re.escape(dev.client_id), re.escape(topic)), since=mark)
    _barrier(platform, dev, pmark)
    assert [u for u in platform.uplinks[pmark:] if u.json == q2] == []


def test_publish_retained_denied(broker, platform, device):
    dev = device("dev1")
    mark, pmark = broker.log_mark(), platform.mark()
    topic = dev.prefix + "sys/properties/report"
    body = {"services": [{"service_id": "retained", "properties": {"a": 3}}]}
    dev.publish(topic, body, qos=1, retain=True)
    broker.wait_for_log(r"iotda: denied %s: publish '%s' retain not supported"
                        % (re.escape(dev.client_id), re.escape(topic)), since=mark)
    _barrier(platform, dev, pmark)
    assert [u for u in platform.uplinks[pmark:] if u.json == body] == []


def test_device_does_not_receive_other_devices_downlinks(platform, device):
    d1, d2 = device("dev1"), device("dev2")
    assert [rc.value for rc in d1.subscribe("$oc/devices/dev1/#")] == [1]
    assert [rc.value for rc in d2.subscribe("$oc/devices/dev2/#")] == [1]
    platform.send_message("dev2", {"content": "for dev2"})
    platform.send_message("dev1", {"content": "for dev1"})
    d1.wait_message(lambda t, p: t == "$oc/devices/dev1/sys/messages/down")
    d2.wait_message(lambda t, p: t == "$oc/devices/dev2/sys/messages/down")
    assert all(t.startswith("$oc/devices/dev1/") for t, _ in d1.received)
    assert all(t.startswith("$oc/devices/dev2/") for t, _ in d2.received)


# --------------------------------------------------------------------------
# platform: schema table and checks
# --------------------------------------------------------------------------
def test_every_schema_is_in_the_table():
    files = {p.name for p in SCHEMA_DIR.glob("*.json")} - {"common.json"}
    assert files == {row[3] for row in UPLINKS}
    assert set(VALIDATORS) == files | {"common.json"}


P = "$oc/devices/dev1/sys/"
EV = P + "events/up"


def _ev(service_id, event_type, paras, **extra):
    return {"services": [dict(service_id=service_id, event_type=event_type, paras=paras, **extra)]}


VALID = [
    (P + "properties/report", {"services": [
        {"service_id": "Temperature", "properties": {"value": 57, "value2": 60}, "event_time": "20151212T121212Z"},
        {"service_id": "Battery", "properties": {"level": 80}, "event_time": "2020-08-12T12:12:12.333Z"}]},
     "properties_report"),
    (P + "properties/report?request_id=123", {"services": [{"service_id": "s", "properties": {}}]},
     "properties_report"),
    (P + "gateway/sub_devices/properties/report", {"devices": [{"device_id": "child-1", "services": [
        {"service_id": "analog", "properties": {"PhV_phsA": "1"}, "event_time": "20190606T121212Z"}]}]},
     "gateway_properties_report"),
    (P + "properties/set/response/request_id=abc", {"result_code": 0, "result_desc": "success"},
     "properties_set_response"),
    (P + "properties/set/response/request_id=abc", {}, "properties_set_response"),
    (P + "properties/get/response/request_id=abc", {"services": [
        {"service_id": "Temperature", "properties": {"value": 57}, "event_time": "20190606T121212Z"}]},
     "properties_get_response"),
    (P + "commands/response/request_id=2f4c", {"result_code": 0, "response_name": "COMMAND_RESPONSE",
                                               "paras": {"result": "success"}}, "command_response"),
    (P + "shadow/get/request_id=7", {"object_device_id": "dev1", "service_id": "WaterMeter"},
     "shadow_get_request"),
    (P + "messages/up", {"object_device_id": "dev1", "name": None, "id": "aca6a906-1", "content": "hello!"},
     "message_up"),
    (P + "messages/up", b"hello!", "message_up"),
    (EV, {"object_device_id": "dev1", "services": [
        {"service_id": "$ota", "event_type": "version_report", "event_time": "20151212T121212Z",
         "event_id": "40cc9ab1-3579-488c-95c6-c18941c99eb4", "paras": {"sw_version": "v1.0", "fw_version": "v1.0"}}]},
     "ota_version_report"),
    (EV, _ev("$ota", "upgrade_progress_report", {"result_code": 0, "progress": 80, "version": "V2.0",
                                                  "description": "upgrade processing"}),
     "ota_upgrade_progress_report"),
    (EV, _ev("$time_sync", "time_sync_request", {"device_send_time": 1582685678789},
             event_time="20151212T121212Z"), "time_sync_request"),
    (EV, _ev("$sdk_info", "sdk_info_report", {"device_sdk_version": "C_v0.5.0", "sw_version": "1",
                                              "fw_version": "2", "device_ip": "10.0.0.2"}), "sdk_info_report"),
    (EV, _ev("$sub_device_manager", "add_sub_device_request", {"devices": [
        {"parent_device_id": "dev1", "node_id": "subdevice11", "device_id": "dev1_subdevice11",
         "name": "sub 11", "description": "d", "product_id": "c6b39067b0325db34663d3ef421a42f6",
         "extension_info": {"a": 1}}]}), "sub_device_add_request"),
    (EV, _ev("$sub_device_manager", "delete_sub_device_request", {"devices": ["child-1", "child-2"]}),
     "sub_device_delete_request"),
    (EV, _ev("$sub_device_manager", "sub_device_update_status", {"device_statuses": [
        {"device_id": "child-1", "status": "ONLINE"}, {"device_id": "child-2", "status": "OFFLINE"}]}),
     "sub_device_update_status"),
    (EV, _ev("$sub_device_manager", "sub_device_sync_request", {"version": 12}), "sub_device_sync_request"),
]


@pytest.mark.parametrize("topic,payload,kind", VALID, ids=[v[2] + str(i) for i, v in enumerate(VALID)])
def test_schema_accepts_documented_examples(topic, payload, kind):
    up = validate(topic, payload if isinstance(payload, bytes) else json.dumps(payload))
    assert up.valid, up.errors
    assert up.kind == kind or kind in [k for _s, _e, k in up.events]


INVALID = [
    (P + "properties/report", {"services": [{"service_id": "s"}]}, "'properties' is a required property"),
    (P + "properties/report", {"services": []}, "should be non-empty"),
    (P + "properties/report", {"services": [{"service_id": 7, "properties": {}}]}, "7 is not of type 'string'"),
    (P + "properties/report", {"services": [{"service_id": "s", "properties": {"a.b": 1}}]}, "a.b"),
    (P + "properties/report", {"services": [{"service_id": "s", "properties": {},
                                             "event_time": "2015-12-12 12:12:12"}]}, "event_time"),
    (P + "properties/report", {"service": []}, "'services' is a required property"),
    (P + "properties/report", b"not json", "not UTF-8 JSON"),
    (P + "gateway/sub_devices/properties/report", {"devices": [{"services": []}]}, "'device_id' is a required"),
    (P + "properties/set/response/request_id=1", {"result_code": "0"}, "'0' is not of type 'integer'"),
    (P + "properties/get/response/request_id=1", {}, "'services' is a required property"),
    (P + "commands/response/request_id=1", {"result_code": 0, "paras": "x"}, "'x' is not of type 'object'"),
    (P + "commands/response/request_id=1", {"resultCode": 0}, "Additional properties"),
    (P + "messages/up", {"content": 5}, "5 is not of type"),
    (EV, {"services": [{"service_id": "$ota", "event_type": "version_report"}]}, "'paras' is a required"),
    (EV, _ev("$ota", "version_report", {"sw_version": 1}), "1 is not of type 'string'"),
    (EV, _ev("$ota", "upgrade_progress_report", {"result_code": 11, "version": "v"}), "11 is not one of"),
    (EV, _ev("$ota", "upgrade_progress_report", {"result_code": 0, "progress": 101, "version": "v"}),
     "101 is greater than the maximum"),
    (EV, _ev("$ota", "upgrade_progress_report", {"result_code": 0}), "'version' is a required"),
    (EV, _ev("$time_sync", "time_sync_request", {"device_send_time": "1582685678789"}), "is not of type 'integer'"),
    (EV, _ev("$time_sync", "time_sync_request", {}, event_time="20151212T121212"), "event_time"),
    (EV, _ev("$sdk_info", "sdk_info_report", {"sdk_version": "x"}), "Additional properties"),
    (EV, _ev("$sub_device_manager", "add_sub_device_request", {"devices": [{"node_id": "n"}]}),
     "'product_id' is a required"),
    (EV, _ev("$sub_device_manager", "delete_sub_device_request", {"devices": [{"device_id": "x"}]}),
     "is not of type 'string'"),
    (EV, _ev("$sub_device_manager", "sub_device_update_status",
             {"device_statuses": [{"device_id": "c", "status": "online"}]}), "is not one of"),
    (EV, _ev("$sub_device_manager", "sub_device_sync_request", {}), "'version' is a required"),
    (P + "no/such/kind", {}, "no uplink kind"),
    (P + "properties/report?encoding=gzip", {}, "no uplink kind"),
]


@pytest.mark.parametrize("topic,payload,needle", INVALID, ids=[str(i) for i in range(len(INVALID))])
def test_schema_rejects_malformed_payloads(topic, payload, needle):
    up = validate(topic, payload if isinstance(payload, bytes) else json.dumps(payload))
    assert not up.valid
    assert any(needle in e for e in up.errors), up.errors


def test_unknown_event_checks_envelope_only():
    up = validate(EV, json.dumps(_ev("$log", "log_report", {"type": "DEVICE_STATUS", "content": "x"})))
    assert up.valid and up.events == [("$log", "log_report", None)] and up.notes


def test_downlink_topics_are_not_uplinks():
    assert validate(P + "commands/request_id=1", b"{}") is None
    assert validate(P + "events/down", b"{}") is None


# --------------------------------------------------------------------------
# platform over MQTT
# --------------------------------------------------------------------------
def test_platform_validates_a_valid_properties_report(platform, device):
    dev = device("dev1")
    since = platform.mark()
    body = {"services": [{"service_id": "Temperature", "properties": {"value": 21.5},
                          "event_time": "20240229T230000Z"}]}
    dev.publish(dev.prefix + "sys/properties/report", body)
    up = platform.wait_uplink("properties_report", "dev1", since=since)
    assert up.valid and up.json == body and up.errors == []


def test_platform_rejects_an_invalid_properties_report(platform, device):
    dev = device("dev2")
    since = platform.mark()
    dev.publish(dev.prefix + "sys/properties/report", {"services": [{"service_id": "Temperature"}]})
    up = platform.wait_uplink("properties_report", "dev2", since=since)
    assert not up.valid
    assert any("'properties' is a required property" in e for e in up.errors), up.errors


def test_command_round_trip(platform, device):
    dev = device("dev1")
    seen = []

    def on_command(req):
        seen.append(req)
        return {"result_code": 0, "response_name": "COMMAND_RESPONSE", "paras": {"result": "success"}}
    dev.answer_requests(command=on_command)
    resp = platform.send_command("dev1", {"value": "1"}, service_id="WaterMeter", command_name="ON_OFF",
                                 timeout=20.0)
    assert resp.valid and resp.kind == "command_response" and resp.device_id == "dev1"
    assert resp.json["paras"] == {"result": "success"}
    assert seen == [{"paras": {"value": "1"}, "service_id": "WaterMeter", "command_name": "ON_OFF"}]
    rid = resp.request_id
    assert re.fullmatch(r"[0-9a-f-]{36}", rid)
    assert resp.topic == "$oc/devices/dev1/sys/commands/response/request_id=" + rid
    # each request gets a fresh id
    assert platform.send_command("dev1", {"value": "0"}).request_id != rid


def test_properties_set_and_get_round_trip(platform, device):
    dev = device("dev2")
    store = {"Temperature": {"value": 57}}

    def on_set(req):
        for svc in req["services"]:
            store.setdefault(svc["service_id"], {}).update(svc["properties"])
        return {"result_code": 0, "result_desc": "success"}

    def on_get(req):
        ids = [req["service_id"]] if "service_id" in req else list(store)
        return {"services": [{"service_id": s, "properties": store[s]} for s in ids]}
    dev.answer_requests(properties_set=on_set, properties_get=on_get)
    r = platform.set_properties("dev2", [{"service_id": "Temperature", "properties": {"value": 60}}])
    assert r.valid and r.kind == "properties_set_response" and r.json["result_code"] == 0
    g = platform.get_properties("dev2", service_id="Temperature")
    assert g.valid and g.json == {"services": [{"service_id": "Temperature", "properties": {"value": 60}}]}


def test_response_on_another_request_id_is_not_accepted(platform, device):
    dev = device("dev1")
    dev.handlers.append(lambda t, p: dev.client.publish(
        dev.prefix + "sys/commands/response/request_id=not-the-same-id", '{"result_code":0}', qos=1)
        if "/sys/commands/request_id=" in t else None)
    assert [rc.value for rc in dev.subscribe(dev.prefix + "sys/commands/#")] == [1]
    since = platform.mark()
    with pytest.raises(TimeoutError, match="no command_response from dev1"):
        platform.send_command("dev1", {"x": 1}, timeout=1.0)
    # the stray response did arrive (and was validated), it just did not match
    stray = platform.wait_for(lambda u: u.request_id == "not-the-same-id", since=since)
    assert stray.valid


def test_time_sync_request_is_answered(platform, device):
    dev = device("dev1")
    assert [rc.value for rc in dev.subscribe(dev.prefix + "sys/events/down")] == [1]
    t_send = int(time.time() * 1000)
    dev.publish(dev.prefix + "sys/events/up", _ev("$time_sync", "time_sync_request",
                                                    {"device_send_time": t_send}))
    _t, payload = dev.wait_message(lambda t, p: t.endswith("/sys/events/down") and b"time_sync_response" in p)
    t_recv = int(time.time() * 1000)
    svc = json.loads(payload)["services"][0]
    assert svc["service_id"] == "$time_sync" and svc["event_type"] == "time_sync_response"
    paras = svc["paras"]
    assert paras["device_send_time"] == t_send
    assert t_send - 1000 <= paras["server_recv_time"] <= paras["server_send_time"] <= t_recv + 1000
    now = (paras["server_recv_time"] + paras["server_send_time"] + t_recv - t_send) // 2
    assert abs(now - t_recv) < 2000


def test_version_query_and_version_report(platform, device):
    dev = device("dev2")
    assert [rc.value for rc in dev.subscribe(dev.prefix + "sys/events/down")] == [1]

    def answer(topic, payload):
        if topic.endswith("/sys/events/down") and b"version_query" in payload:
            dev.client.publish(dev.prefix + "sys/events/up", json.dumps(
                _ev("$ota", "version_report", {"sw_version": "1.2.3", "fw_version": "EC200U"})), qos=1)
    dev.handlers.append(answer)
    since = platform.mark()
    platform.send_version_query("dev2")
    up = platform.wait_uplink("ota_version_report", "dev2", since=since)
    assert up.valid and up.json["services"][0]["paras"]["sw_version"] == "1.2.3"


def test_platform_over_tls(broker, device):
    with Platform.for_broker(broker, tls=True) as p:
        dev = device("dev10", tls=True)
        since = p.mark()
        dev.publish(dev.prefix + "sys/messages/up", {"content": {"hello": "tls"}})
        up = p.wait_uplink("message_up", "dev10", since=since)
        assert up.valid
