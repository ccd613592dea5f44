"""The MicroPython examples (examples/huaweicloud_demo.py, examples/device_app.py) in the host
interpreter ``build/micropython`` against the local IoTDA.

The examples run unchanged: QuecPython's modules come from the host stand-ins in
``tests/micropython/hostlib`` (``MICROPYPATH``): ``umqtt`` (our MQTT 3.1.1 client over plain
sockets), ``modem``, ``sim``, ``checkNet``, ``net`` and ``example_config``, which turns the
``IOTDA_*`` environment variables set here into the examples' configuration. The host has
no ``ssl``, so the examples use the broker's plain port (``USE_TLS`` 0).

The platform (CPython, ``platform.py``) validates every uplink against the JSON Schemas and
checks that each response comes back on ``.../response/request_id={same id}`` within 20 s.
Refusals are asserted on both sides: the example's exit code and transcript, and the broker
log's reason. Negative cases that the examples refuse before connecting (keep-alive 10 s) or
never do (publishing to another device's topic) run in a tiny MicroPython script with the
same stand-ins.

The interpreter: ``$MICROPYTHON`` if set, else ``build/micropython`` (``make micropython`` is
run first when ``$MICROPYTHON`` is not set).
"""
import os
import re
import secrets
import signal
import subprocess
import time
import uuid

import pytest

from . import broker as iotda_broker
from .broker import REPO, shift_hour, utc_hour
from .conftest import DEVICES
from .paho_device import try_connect
from .transcript import Transcript

EXAMPLES = REPO / "examples"
HOSTLIB = REPO / "tests" / "micropython" / "hostlib"
PRODUCT_ID = "5fbbb784b4ec2202e982e643"
IMEI = "86%013d" % secrets.randbelow(10 ** 13)  # the demo's node id comes from modem.getDevImei()
DEMO_DEVICE = PRODUCT_ID + "_" + IMEI
APP_DEVICE = PRODUCT_ID + "_mpy-app"
PROBE_DEVICE = PRODUCT_ID + "_mpy-probe"
SECRETS = {DEMO_DEVICE: secrets.token_hex(10), APP_DEVICE: secrets.token_hex(12),
           PROBE_DEVICE: secrets.token_hex(8)}
OTHER_DEVICE = "dev2"  # registered by conftest
assert OTHER_DEVICE in DEVICES

#: every interpreter process started here (checked at the end: none may be left)
STARTED = []


# --------------------------------------------------------------------------
# fixtures
# --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def micropython():
    exe = os.environ.get("MICROPYTHON")
    if not exe:
        r = subprocess.run(["make", "--no-print-directory", "-C", str(REPO), "micropython"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=1800)
        assert r.returncode == 0, "make micropython failed:\n" + r.stdout[-4000:]
        exe = str(REPO / "build" / "micropython")
    assert os.access(exe, os.X_OK), "%s is not built" % exe
    return exe


@pytest.fixture(scope="module")
def registered(broker):
    for device_id, secret in SECRETS.items():
        broker.add_device(device_id, secret)
    yield broker
    left = [r.proc.pid for r in STARTED if iotda_broker.pid_alive(r.proc.pid)]
    assert not left, "MicroPython processes left running: %s" % left


class Run(Transcript):
    """A MicroPython script as a child process; its transcript read by a thread."""

    def __init__(self, exe, script, broker, device_id=None, secret=None, env=None):
        full_env = {k: v for k, v in os.environ.items()
                    if not k.startswith(("IOTDA_", "HOSTLIB_", "MICROPY"))}
        full_env.update({"MICROPYPATH": str(HOSTLIB), "IOTDA_HOST": broker.host,
                         "IOTDA_PORT": str(broker.port), "IOTDA_USE_TLS": "0"})
        if device_id is not None:
            full_env["IOTDA_DEVICE_ID"] = device_id
            full_env["IOTDA_SECRET"] = SECRETS[device_id] if secret is None else secret
        full_env.update({k: str(v) for k, v in (env or {}).items()})
        super().__init__([exe, str(script)], full_env, cwd=str(REPO))
        STARTED.append(self)


@pytest.fixture
def run(micropython, registered):
    """run(script, device_id=None, secret=None, env=None) -> Run; all ended after the test."""
    made = []

    def start(script, **kw):
        r = Run(micropython, script, registered, **kw)
        made.append(r)
        return r
    yield start
    for r in made:
        r.close()


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------
def response_topic(device_id, what, request_id):
    return "$oc/devices/%s/sys/%s/request_id=%s" % (device_id, what, request_id)


def request(device_id, send, what, **kw):
    """One platform request with a known id, answered within 20 s: (uplink, id, seconds)."""
    rid = str(uuid.uuid4())
    t = time.monotonic()
    up = send(device_id, request_id=rid, timeout=20.0, **kw)  # TimeoutError after 20 s
    took = time.monotonic() - t
    assert up.topic == response_topic(device_id, what, rid), up.topic
    assert up.request_id == rid and up.device_id == device_id
    assert up.valid, up.errors
    return up, rid, took


def assert_clean(text, device_id):
    assert "Traceback" not in text, text
    assert SECRETS[device_id] not in text, "the secret appears in the transcript"


def invalid_uplinks(p, device_id):
    return [(u.topic, u.errors) for u in p.invalid if u.device_id == device_id]


def hours_since(t0):
    """The UTC hours from time.time() value t0 until now (an hour may turn during a test)."""
    return {utc_hour(t0), utc_hour()}


# --------------------------------------------------------------------------
# examples/huaweicloud_demo.py
# --------------------------------------------------------------------------
DEMO = EXAMPLES / "huaweicloud_demo.py"


@pytest.mark.parametrize("sign_type", [0, 1])
def test_demo_answers_a_command(run, registered, platform, sign_type):
    b, p = registered, platform
    mark, log_mark, t0 = p.mark(), b.log_mark(), time.time()
    dev = run(DEMO, env={"HOSTLIB_IMEI": IMEI, "IOTDA_PRODUCT_ID": PRODUCT_ID,
                         "IOTDA_SECRET": SECRETS[DEMO_DEVICE], "IOTDA_SIGN_TYPE": sign_type,
                         "IOTDA_COMMAND_WAIT_S": 30})

    report = p.wait_uplink("properties_report", device_id=DEMO_DEVICE, timeout=15, since=mark)
    assert report.valid, report.errors
    assert report.topic == "$oc/devices/%s/sys/properties/report" % DEMO_DEVICE
    (svc,) = report.json["services"]
    assert svc["service_id"] == "WaterMeterControl"
    assert svc["properties"] == {"state": "T:15c,  H: 85% "}
    assert re.fullmatch(r"\d{8}T\d{6}Z", svc["event_time"])
    dev.wait_line(r"Waiting command")

    up, rid, took = request(DEMO_DEVICE, p.send_command, "commands/response", paras={"value": "1"},
                            service_id="WaterMeterControl", command_name="ON_OFF")
    assert up.json == {"result_code": 0, "response_name": "COMMAND_RESPONSE",
                       "paras": {"result": "success"}}
    code, text, total = dev.finish()
    assert code == 0, text
    assert_clean(text, DEMO_DEVICE)
    m = re.search(r"credentials: client_id=(\S+) username=(\S+) password=([0-9a-f]{8})\.\.\. "
                  r"\(64 hex chars; secret not shown\)", text)
    assert m, text
    assert re.fullmatch(r"%s_0_%d_\d{10}" % (DEMO_DEVICE, sign_type), m.group(1)), m.group(1)
    assert m.group(2) == DEMO_DEVICE
    assert m.group(1).rsplit("_", 1)[1] in hours_since(t0)
    assert "from net.nitzTime()" in text
    assert re.search(r"command: request_id=%s service_id=WaterMeterControl command_name=ON_OFF "
                     % re.escape(rid), text), text
    assert "response: %s " % response_topic(DEMO_DEVICE, "commands/response", rid) in text
    assert "done: exit 0" in text
    b.wait_for_log(r"iotda: accepted %s: device %s sign_type %d"
                   % (re.escape(m.group(1)), DEMO_DEVICE, sign_type), since=log_mark)
    b.wait_for_log(r"Client %s disconnected\." % re.escape(m.group(1)), since=log_mark)
    assert not [l for l in b.iotda_lines(log_mark) if "denied" in l or "refused" in l]
    assert invalid_uplinks(p, DEMO_DEVICE) == []
    print("\ndemo (sign type %d): command answered in %.3f s, exit after %.2f s" % (sign_type, took, total))


def test_demo_wrong_secret_is_refused(run, registered):
    wrong = "wrong-" + secrets.token_hex(6)
    mark = registered.log_mark()
    dev = run(DEMO, env={"HOSTLIB_IMEI": IMEI, "IOTDA_PRODUCT_ID": PRODUCT_ID,
                         "IOTDA_SECRET": wrong})
    code, text, took = dev.finish()
    assert code == 3, text
    assert "connack: refused, code 5" in text, text
    assert "connack: accepted" not in text and wrong not in text
    registered.wait_for_log(r"iotda: refused %s_0_0_\d{10}: bad password" % DEMO_DEVICE, since=mark)


def test_demo_waits_for_the_network(run, registered):
    """checkNet.waitNetworkReady() says no data call: the demo stops before connecting."""
    mark = registered.log_mark()
    dev = run(DEMO, env={"HOSTLIB_IMEI": IMEI, "IOTDA_PRODUCT_ID": PRODUCT_ID,
                         "IOTDA_SECRET": SECRETS[DEMO_DEVICE], "HOSTLIB_NET_DOWN": 1})
    code, text, _ = dev.finish(timeout=10)
    assert code == 2, text
    assert "network not ready: stage 2, subcode 0" in text and "connect:" not in text, text
    time.sleep(0.2)
    assert "New connection" not in registered.log_text()[mark:]


def test_demo_sign_type_1_with_a_stale_clock_is_refused(run, registered):
    """The device's network time is 3 h behind: with sign type 1 the broker refuses the hour."""
    before = utc_hour()
    mark = registered.log_mark()
    dev = run(DEMO, env={"HOSTLIB_IMEI": IMEI, "IOTDA_PRODUCT_ID": PRODUCT_ID,
                         "IOTDA_SECRET": SECRETS[DEMO_DEVICE], "IOTDA_SIGN_TYPE": 1,
                         "HOSTLIB_CLOCK_OFFSET": -3 * 3600})
    code, text, _ = dev.finish()
    assert code == 3, text
    assert "connack: refused, code 5" in text, text
    line = registered.wait_for_log(
        r"iotda: refused %s_0_1_(\d{10}): sign type 1 timestamp (\d{10}) is -3 h from broker UTC "
        r"hour (\d{10}) \(tolerance 1 h\)" % DEMO_DEVICE, since=mark)
    stale, broker_hour = re.search(r"timestamp (\d{10}) is -3 h from broker UTC hour (\d{10})", line).groups()
    assert broker_hour in (before, utc_hour())
    assert stale == shift_hour(broker_hour, -3)
    assert_clean(text, DEMO_DEVICE)


# --------------------------------------------------------------------------
# examples/device_app.py
# --------------------------------------------------------------------------
APP = EXAMPLES / "device_app.py"


def app_env(**kw):
    env = {"IOTDA_RUN_SECONDS": 60, "IOTDA_QOS": 1}
    env.update({"IOTDA_" + k: v for k, v in kw.items()})
    return env


def test_app_answers_the_platform(run, registered, platform):
    b, p = registered, platform
    mark, log_mark, t0 = p.mark(), b.log_mark(), time.time()
    dev = run(APP, device_id=APP_DEVICE, env=app_env(MAX_REQUESTS=6, REPORT_INTERVAL_S=2))

    # on connect: version report, properties report, time sync request; then the sync
    version = p.wait_uplink("ota_version_report", device_id=APP_DEVICE, timeout=15, since=mark)
    assert version.valid, version.errors
    assert version.json["services"][0]["paras"] == {"sw_version": "app-1.0.0", "fw_version": "fw-1.0.0"}
    report = p.wait_uplink("properties_report", device_id=APP_DEVICE, timeout=5, since=mark)
    assert report.valid, report.errors
    assert [s["service_id"] for s in report.json["services"]] == ["Environment", "Device"]
    assert report.json["services"][1]["properties"] == {
        "light_on": False, "label": "example device", "report_interval": 2}
    sync = p.wait_uplink("time_sync_request", device_id=APP_DEVICE, timeout=5, since=mark)
    assert sync.valid, sync.errors
    dev.wait_line(r"time sync: platform time \d+ ms, local clock - platform = [+-]\d+ ms", timeout=10)
    assert iotda_broker.listening_addresses(dev.proc.pid) == []  # a client: it listens nowhere
    # REPORT_INTERVAL_S 2: a periodic report follows
    second = p.wait_for(lambda u: u.kind == "properties_report" and u.device_id == APP_DEVICE
                        and u is not report, timeout=5, since=mark)
    assert second.valid, second.errors

    # the platform asks for the version again
    mark_q = p.mark()
    p.send_version_query(APP_DEVICE)
    again = p.wait_uplink("ota_version_report", device_id=APP_DEVICE, timeout=10, since=mark_q)
    assert again.valid, again.errors
    dev.wait_line(r"event: version_query")

    timings = {}
    up, rid_cmd, timings["command"] = request(APP_DEVICE, p.send_command, "commands/response",
                                              paras={"value": "1"}, service_id="Device",
                                              command_name="ON_OFF")
    assert up.json == {"result_code": 0, "response_name": "COMMAND_RESPONSE",
                       "paras": {"result": "success", "light_on": True}}
    up, _rid, timings["unknown command"] = request(APP_DEVICE, p.send_command, "commands/response",
                                                   paras={}, command_name="SELF_DESTRUCT")
    assert up.json["result_code"] == 1 and up.json["paras"] == {"result": "unknown command"}

    label = 'Lab "B"\\ rack\n7 \u00b0C'
    up, rid_set, timings["properties set"] = request(APP_DEVICE, p.set_properties, "properties/set/response",
                                                     services=[{"service_id": "Device", "properties": {
                                                         "label": label, "report_interval": 30}}])
    assert up.json == {"result_code": 0, "result_desc": "success"}
    up, _rid, timings["refused set"] = request(APP_DEVICE, p.set_properties, "properties/set/response",
                                               services=[{"service_id": "Device", "properties": {
                                                   "label": "never applied", "colour": "red"}}])
    assert up.json["result_code"] == 1
    up, rid_get, timings["properties get"] = request(APP_DEVICE, p.get_properties,
                                                     "properties/get/response", service_id="Device")
    assert up.json == {"services": [{"service_id": "Device", "properties": {
        "light_on": True, "label": label, "report_interval": 30}}]}
    up, _rid, timings["get all"] = request(APP_DEVICE, p.get_properties, "properties/get/response")
    assert [s["service_id"] for s in up.json["services"]] == ["Environment", "Device"]
    assert all(t < 20.0 for t in timings.values()), timings

    code, text, took = dev.finish()
    assert code == 0, text
    assert_clean(text, APP_DEVICE)
    m = re.search(r"connect: 127\.0\.0\.1:%d client_id=(%s_0_0_(\d{10})) username=%s keepalive=120 "
                  r"tls=off \(timestamp (\d{10}), sign type 0, password [0-9a-f]{8}\.\.\.\)"
                  % (b.port, APP_DEVICE, APP_DEVICE), text)
    assert m and m.group(2) == m.group(3) and m.group(2) in hours_since(t0), text
    assert "subscribed: 6 topics" in text
    for rid, what in ((rid_cmd, "command"), (rid_set, "properties set"), (rid_get, "properties get")):
        assert re.search(r"%s: request_id=%s " % (what, re.escape(rid)), text), (rid, text)
    assert re.search(r"stopping: 6 requests answered", text), text
    assert re.search(r"done: exit 0, 6 requests answered, \d+ reports, 1 connections, 0 failures, "
                     r"clock synced$", text, re.M), text
    b.wait_for_log(r"Client %s disconnected\." % re.escape(m.group(1)), since=log_mark)
    subs = [l for l in b.log_text()[log_mark:].splitlines() if re.search(r"^\S+ \t\$oc/devices/", l)]
    assert len(subs) == 6 and all("(QoS 1)" in l for l in subs), subs
    assert not [l for l in b.iotda_lines(log_mark) if "denied" in l or "refused" in l]
    assert invalid_uplinks(p, APP_DEVICE) == []
    print("\ndevice_app: exit after %.2f s; responses in %s" % (
        took, ", ".join("%s %.3f s" % kv for kv in timings.items())))


def test_app_reconnects_with_backoff_and_fresh_credentials(run, registered, platform):
    """The device clock is 2 h slow (sign type 0 does not mind). The time sync corrects it, so
    after a session takeover the fresh credentials carry the broker's current hour."""
    b, p = registered, platform
    mark, log_mark, t0 = p.mark(), b.log_mark(), time.time()
    dev = run(APP, device_id=APP_DEVICE, env=dict(app_env(MAX_REQUESTS=1), HOSTLIB_CLOCK_OFFSET=-7200))
    first = dev.wait_line(r"connect: .* client_id=(\S+) ")
    dev.wait_line(r"time sync: platform time")
    p.wait_uplink("properties_report", device_id=APP_DEVICE, timeout=10, since=mark)

    # another client takes the session over with the same client id: the app loses its link
    cid = re.search(r"client_id=(\S+) ", first).group(1)
    stale = cid.rsplit("_", 1)[1]
    assert stale in (shift_hour(h, -2) for h in hours_since(t0))  # 2 h behind
    mark2 = p.mark()
    assert not try_connect(b, cid, APP_DEVICE, iotda_broker.password(SECRETS[APP_DEVICE], stale)).is_failure

    line = dev.wait_line(r"reconnect: retry 1 in (\d+) ms, with fresh credentials", timeout=10)
    delay = int(re.search(r"in (\d+) ms", line).group(1))
    assert 2600 <= delay <= 2800, line  # backoff_ms(0, r) = 1000 + (800 + r % 200 + 800)
    second = dev.wait_line(r"connect: .* client_id=(\S+) ", count=2, timeout=10)
    dev.wait_line(r"connack: accepted", count=2, timeout=10)
    fresh = re.search(r"client_id=\S+_0_0_(\d{10}) ", second).group(1)
    assert fresh in hours_since(t0), (first, second)  # from the synced clock
    again = p.wait_uplink("properties_report", device_id=APP_DEVICE, timeout=10, since=mark2)
    assert again.valid
    up, _rid, _took = request(APP_DEVICE, p.get_properties, "properties/get/response",
                              service_id="Environment")
    assert [s["service_id"] for s in up.json["services"]] == ["Environment"]

    code, text, _ = dev.finish()
    assert code == 0, text
    assert_clean(text, APP_DEVICE)
    assert re.search(r"done: exit 0, 1 requests answered, \d+ reports, 2 connections, 1 failures", text), text
    accepted = [l for l in b.iotda_lines(log_mark) if "accepted %s_0_0_" % APP_DEVICE in l]
    assert len(accepted) == 3, accepted  # the app twice, the intruder once


def test_app_pings_when_idle_and_stops_after_run_seconds(run, registered, platform):
    """Keep-alive 30 s, nothing to report: a PINGREQ after 15 s idle keeps the link; then
    RUN_SECONDS stops the app. (umqtt.simple and the stand-in never ping by themselves.)"""
    mark = registered.log_mark()
    dev = run(APP, device_id=APP_DEVICE, env=app_env(KEEPALIVE=30, REPORT_INTERVAL_S=3600,
                                                     RUN_SECONDS=16, TIME_SYNC=0))
    cid = re.search(r"client_id=(\S+) ", dev.wait_line(r"connect: ")).group(1)
    code, text, took = dev.finish(timeout=30)
    assert code == 0, text
    assert 16 <= took < 25, took
    assert "stopping: ran 16 s" in text and "disconnected" in text, text
    assert re.search(r"done: exit 0, 0 requests answered, 1 reports, 1 connections, 0 failures, "
                     r"clock not synced", text), text
    log = registered.log_text()[mark:]
    assert re.search(r"Received PINGREQ from %s" % re.escape(cid), log), log[-2000:]
    assert re.search(r"Sending PINGRESP to %s" % re.escape(cid), log)
    assert re.search(r"Client %s disconnected\." % re.escape(cid), log)
    assert_clean(text, APP_DEVICE)


def test_app_stops_cleanly_on_ctrl_c(run, registered):
    mark = registered.log_mark()
    dev = run(APP, device_id=APP_DEVICE, env=app_env())
    cid = re.search(r"client_id=(\S+) ", dev.wait_line(r"connect: ")).group(1)
    dev.wait_line(r"subscribed: ")
    time.sleep(0.3)
    dev.proc.send_signal(signal.SIGINT)  # our own child, by its Popen handle
    code, text, _ = dev.finish(timeout=10)
    assert code == 0, text
    assert "interrupted (Ctrl-C)" in text and "disconnected" in text, text
    assert re.search(r"done: exit 0, 0 requests answered", text), text
    assert_clean(text, APP_DEVICE)
    registered.wait_for_log(r"Client %s disconnected\." % re.escape(cid), since=mark)


@pytest.mark.parametrize("env, message", [
    ({"IOTDA_KEEPALIVE": 10}, r"configuration: keep-alive 10 s: "),
    ({"IOTDA_KEEPALIVE": 1201}, r"configuration: keep-alive 1201 s: "),
    ({"IOTDA_USE_TLS": 1, "IOTDA_CA_PEM": ""},
     r"configuration: USE_TLS needs the CA certificate: CA_PEM or the file CA_FILE"),
    ({"IOTDA_QOS": 2}, r"configuration: QOS must be 0 or 1"),
])
def test_app_refuses_a_bad_configuration_before_connecting(run, registered, env, message):
    mark = registered.log_mark()
    dev = run(APP, device_id=APP_DEVICE, env=env)
    code, text, _ = dev.finish(timeout=10)
    assert code == 2, text
    assert re.search(message, text), text
    assert "connect:" not in text
    assert_clean(text, APP_DEVICE)
    time.sleep(0.2)
    assert "New connection" not in registered.log_text()[mark:]


def test_app_wrong_secret_is_refused_without_retry(run, registered):
    wrong = "wrong-" + secrets.token_hex(6)
    mark = registered.log_mark()
    dev = run(APP, device_id=APP_DEVICE, secret=wrong, env=app_env())
    code, text, took = dev.finish()
    assert code == 3, text
    assert took < 10, took
    assert re.search(r"connack: refused, code 5 .*not retried", text), text
    assert "reconnect" not in text and wrong not in text
    registered.wait_for_log(r"iotda: refused %s_0_0_\d{10}: bad password" % APP_DEVICE, since=mark)
    assert len([l for l in registered.iotda_lines(mark) if "refused" in l]) == 1


# --------------------------------------------------------------------------
# negative cases in a tiny MicroPython script with the same stand-ins
# --------------------------------------------------------------------------
PROBE = '''
import huaweicloud, utime
from umqtt import MQTTClient, MQTTException
from example_config import DEVICE_ID, SECRET, HOST, PORT, KEEPALIVE
import example_config

cid, user, pw = huaweicloud.credentials(DEVICE_ID, SECRET, int(utime.time()))
c = MQTTClient(cid, HOST, PORT, user, pw, keepalive=KEEPALIVE)
c.set_callback(lambda t, m: print("received", t, m))
try:
    c.connect()
except MQTTException as e:
    print("connack refused", e.args[0])
    raise SystemExit(3)
print("connected", cid)
other = getattr(example_config, "OTHER_DEVICE", None)
if other:
    topic = huaweicloud.topic(huaweicloud.PROPERTIES_REPORT, other)
    c.publish(topic, huaweicloud.properties_report("Environment", {"temperature": 99}), qos=1)
    print("published (QoS 1, PUBACK received)", topic)
    try:
        c.subscribe(huaweicloud.subscription(huaweicloud.COMMAND_REQUEST, other), 1)
        print("subscribed")
    except MQTTException as e:
        print("suback refused", e.args[0])
c.disconnect()
'''


@pytest.fixture
def probe(run, tmp_path):
    script = tmp_path / "probe.py"
    script.write_text(PROBE)

    def start(**env):
        return run(script, device_id=PROBE_DEVICE, env={"IOTDA_" + k: v for k, v in env.items()})
    return start


def test_keepalive_10_s_is_refused_by_the_broker(probe, registered):
    mark = registered.log_mark()
    code, text, _ = probe(KEEPALIVE=10).finish()
    assert code == 3 and "connack refused 5" in text, text
    registered.wait_for_log(r"iotda: refused %s_0_0_\d{10}: keepalive 10 outside 30-1200" % PROBE_DEVICE,
                            since=mark)


def test_publishing_to_another_devices_topic_is_denied(probe, registered, platform):
    mark, log_mark = platform.mark(), registered.log_mark()
    code, text, _ = probe(KEEPALIVE=60, OTHER_DEVICE=OTHER_DEVICE).finish()
    assert code == 0, text
    assert "published (QoS 1, PUBACK received)" in text, text  # MQTT 3.1.1: no negative PUBACK
    assert "suback refused 128" in text, text
    cid = re.search(r"connected (\S+)", text).group(1)
    registered.wait_for_log(r"iotda: denied %s: publish '\$oc/devices/%s/sys/properties/report' "
                            r"outside '\$oc/devices/%s/'" % (re.escape(cid), OTHER_DEVICE, PROBE_DEVICE),
                            since=log_mark)
    registered.wait_for_log(r"iotda: denied %s: subscribe '\$oc/devices/%s/sys/commands/#' "
                            r"outside '\$oc/devices/%s/'" % (re.escape(cid), OTHER_DEVICE, PROBE_DEVICE),
                            since=log_mark)
    time.sleep(0.3)
    assert not [u for u in platform.uplinks[mark:] if u.device_id in (OTHER_DEVICE, PROBE_DEVICE)]


def test_no_interpreter_left_and_no_listener(registered):
    """Every interpreter started by this module has exited; none listened on any address."""
    time.sleep(0.1)
    assert STARTED, "no example ran"
    assert [r.proc.pid for r in STARTED if iotda_broker.pid_alive(r.proc.pid)] == []
    addrs = [a for _pid, listened in iotda_broker.LISTENED for a in listened]
    assert addrs and all(ip == iotda_broker.HOST for ip, _port in addrs), addrs
