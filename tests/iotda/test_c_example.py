"""The C example device (examples/c/device.c: libmosquitto over TLS + libhuaweicloud) against
the local IoTDA.

The broker (conftest's module fixture) has a TLS listener with a CA made for this run; the
device verifies the server certificate with it. The platform sends a command, properties
set and get and checks that each response comes back on ``.../response/request_id={same id}``
within 20 s and validates against the schemas. Refusals are checked on both sides: the
example's exit code and transcript, and the broker log's reason.

The binaries come from ``make example-c`` (``EXAMPLE_C_BIN`` / ``EXAMPLE_C_ASAN`` when run by
``make test-example-c``; otherwise this module runs ``make example-c`` itself). The runs
that talk to the broker use the AddressSanitizer + UBSan build.
"""
import os
import re
import secrets
import socket
import ssl
import subprocess
import threading
import time
import uuid
from pathlib import Path

import pytest

from .broker import REPO, generate_tls, password
from .paho_device import try_connect
from .transcript import Transcript

DEVICE_ID = "5fbbb784b4ec2202e982e643_c-example"
SECRET = secrets.token_hex(12)  # registered below; the example gets it from its environment
#: what the example reports first (examples/c/device.c: read_sensors, main)
FIRST_REPORT = [
    {"service_id": "Environment", "properties": {"temperature": 23.45, "humidity": 61, "voltage": 3.3}},
    {"service_id": "Device", "properties": {"light_on": False, "label": 'Rack "A\\3"\tshelf 2',
                                            "report_interval": 60, "uptime": 0}},
]
SANITIZER_MARKS = ("AddressSanitizer", "LeakSanitizer", "runtime error:", "UndefinedBehaviorSanitizer")
SAN_ENV = {"ASAN_OPTIONS": "detect_leaks=1:halt_on_error=1:abort_on_error=0",
           "UBSAN_OPTIONS": "print_stacktrace=1:halt_on_error=1"}


# --------------------------------------------------------------------------
# the binaries
# --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def binaries():
    """(plain, sanitized) paths of the example, built by make unless given."""
    plain, asan = os.environ.get("EXAMPLE_C_BIN"), os.environ.get("EXAMPLE_C_ASAN")
    if not (plain and asan):
        r = subprocess.run(["make", "--no-print-directory", "-C", str(REPO), "example-c"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=900)
        assert r.returncode == 0, "make example-c failed:\n" + r.stdout[-4000:]
        plain = str(REPO / "build" / "examples" / "device")
        asan = str(REPO / "build" / "examples" / "device-asan")
    for p in (plain, asan):
        assert os.access(p, os.X_OK), "%s is not built" % p
    return Path(plain), Path(asan)


@pytest.fixture(scope="module")
def registered(broker):
    broker.add_device(DEVICE_ID, SECRET)
    return broker


# --------------------------------------------------------------------------
# running the example
# --------------------------------------------------------------------------
class Run(Transcript):
    """The example as a child process; its transcript (stdout + stderr) read by a thread."""

    def __init__(self, exe, broker, *args, secret=SECRET, port=None, cafile=None, host="127.0.0.1",
                 device_id=DEVICE_ID, seconds=60, env=None):
        argv = [str(exe), "--host", host, "--port", str(port or broker.tls_port),
                "--cafile", cafile or broker.cafile, "--device-id", device_id,
                "--seconds", str(seconds)] + [str(a) for a in args]
        full_env = dict(os.environ, **SAN_ENV)
        full_env.pop("IOTDA_SECRET", None)
        if secret is not None:
            full_env["IOTDA_SECRET"] = secret
        full_env.update(env or {})
        super().__init__(argv, full_env)


@pytest.fixture
def run():
    """run(exe, broker, *args, **kw) -> Run; every run is ended after the test."""
    made = []

    def start(*a, **kw):
        r = Run(*a, **kw)
        made.append(r)
        return r
    yield start
    for r in made:
        r.close()


def assert_clean(text, *secrets_):
    """No sanitizer report and no secret in the transcript."""
    for mark in SANITIZER_MARKS:
        assert mark not in text, "sanitizer report:\n" + text
    for s in secrets_ + (SECRET,):
        assert s not in text, "the secret appears in the transcript"


def topic(kind, request_id):
    return "$oc/devices/%s/sys/%s/request_id=%s" % (DEVICE_ID, kind, request_id)


def request(p, send, what, **kw):
    """Send one platform request with a known id; returns (uplink, id, seconds)."""
    rid = str(uuid.uuid4())
    t = time.monotonic()
    up = send(DEVICE_ID, request_id=rid, timeout=20.0, **kw)  # raises after 20 s without a response
    took = time.monotonic() - t
    assert up.topic == topic(what, rid), up.topic
    assert up.request_id == rid and up.device_id == DEVICE_ID
    assert up.valid, up.errors
    return up, rid, took


def device_invalid(p):
    return [(u.topic, u.errors) for u in p.invalid if u.device_id == DEVICE_ID]


# --------------------------------------------------------------------------
# the tests
# --------------------------------------------------------------------------
def test_example_answers_the_platform(binaries, registered, platform, run):
    b, p = registered, platform
    mark, log_mark = p.mark(), b.log_mark()
    dev = run(binaries[1], b, "--requests", 5)

    # after its SUBACK the device reports properties and version, and asks for the time
    report = p.wait_uplink("properties_report", device_id=DEVICE_ID, timeout=15, since=mark)
    assert report.valid, report.errors
    assert report.topic == "$oc/devices/%s/sys/properties/report" % DEVICE_ID
    assert [{k: v for k, v in s.items() if k != "event_time"} for s in report.json["services"]] == FIRST_REPORT
    assert all(re.fullmatch(r"\d{8}T\d{6}Z", s["event_time"]) for s in report.json["services"])
    version = p.wait_uplink("ota_version_report", device_id=DEVICE_ID, timeout=5, since=mark)
    assert version.valid, version.errors
    assert version.json["services"][0]["paras"] == {"sw_version": "example-1.0.0", "fw_version": "c-device-1.0"}
    sync = p.wait_uplink("time_sync_request", device_id=DEVICE_ID, timeout=5, since=mark)
    assert sync.valid, sync.errors
    dev.wait_line(r"time_sync: response: platform time \d+ ms", timeout=10)

    # a command (ON_OFF switches the light), an unknown command, a set, a refused set, a get
    timings = {}
    up, rid_cmd, timings["command"] = request(p, p.send_command, "commands/response", paras={"value": "1"},
                                              service_id="Device", command_name="ON_OFF")
    assert up.json == {"result_code": 0, "response_name": "COMMAND_RESPONSE",
                       "paras": {"result": "success", "light_on": True}}
    up, rid_bad_cmd, timings["unknown command"] = request(p, p.send_command, "commands/response",
                                                          paras={}, command_name="SELF_DESTRUCT")
    assert up.json["result_code"] == 1 and up.json["paras"]["result"] == "unknown command"

    label = 'Lab "B"\\ rack\n7 \u00b0C'
    up, rid_set, timings["properties set"] = request(p, p.set_properties, "properties/set/response", services=[
        {"service_id": "Device", "properties": {"label": label, "light_on": False, "report_interval": 30}}])
    assert up.json == {"result_code": 0, "result_desc": "success"}
    up, rid_bad_set, timings["refused set"] = request(p, p.set_properties, "properties/set/response", services=[
        {"service_id": "Device", "properties": {"label": "never applied", "colour": "red"}}])
    assert up.json == {"result_code": 1, "result_desc": "unknown property"}

    up, rid_get, timings["properties get"] = request(p, p.get_properties, "properties/get/response",
                                                     service_id="Device")
    (svc,) = up.json["services"]
    assert svc["service_id"] == "Device"
    assert {k: v for k, v in svc["properties"].items() if k != "uptime"} == {
        "light_on": False, "label": label, "report_interval": 30}
    assert all(t < 20.0 for t in timings.values()), timings

    # 5 requests answered: the example drains its PUBACKs, disconnects and exits 0
    code, text, took = dev.finish(timeout=20)
    assert code == 0, text
    assert_clean(text)
    assert re.search(r"connect: 127\.0\.0\.1:%d client_id=%s_0_0_\d{10} username=%s keepalive=120 "
                     % (b.tls_port, DEVICE_ID, DEVICE_ID), text), text
    assert "connack: accepted" in text
    for kind in ("commands/#", "properties/set/#", "properties/get/#", "events/down"):
        assert "subscribe: $oc/devices/%s/sys/%s" % (DEVICE_ID, kind) in text
    assert "suback: 4 filters, 0 refused" in text
    for rid, what in ((rid_cmd, "command"), (rid_bad_cmd, "command"), (rid_set, "properties set"),
                      (rid_bad_set, "properties set"), (rid_get, "properties get")):
        assert re.search(r"%s: request_id=%s " % (what, re.escape(rid)), text), (rid, text)
    assert re.search(r"done: exit 0, 5 requests answered, 1 reports, 1 connections, 0 failures, "
                     r"clock synced$", text, re.M), text
    assert re.search(r"secret=\(24 bytes, not shown\)", text)
    b.wait_for_log(r"iotda: accepted %s_0_0_\d{10}: device %s sign_type 0" % (DEVICE_ID, DEVICE_ID),
                   since=log_mark)
    assert not [l for l in b.iotda_lines(log_mark) if "denied" in l or "refused" in l]
    assert device_invalid(p) == []
    print("\nC example: exit after %.2f s; responses in %s" % (
        took, ", ".join("%s %.3f s" % kv for kv in timings.items())))


def test_wrong_secret_is_refused(binaries, registered, run, tmp_path):
    wrong = "not-" + secrets.token_hex(8)
    secret_file = tmp_path / "secret"
    secret_file.write_text(wrong + "\n")
    mark = registered.log_mark()
    dev = run(binaries[1], registered, "--secret-file", secret_file, secret=None, seconds=30)
    code, text, took = dev.finish(timeout=20)
    assert code == 3, text  # refused: no retry with the same secret
    assert took < 10, took
    assert re.search(r"connack: refused, code 5: ", text), text
    assert "connack: accepted" not in text and "reconnect" not in text
    assert_clean(text, wrong)
    registered.wait_for_log(r"iotda: refused %s_0_0_\d{10}: bad password" % DEVICE_ID, since=mark)


def test_sign_type_1_via_localhost(binaries, registered, platform, run):
    mark, log_mark = platform.mark(), registered.log_mark()
    dev = run(binaries[1], registered, "--sign-type", 1, "--requests", 1, host="localhost")
    platform.wait_uplink("properties_report", device_id=DEVICE_ID, timeout=15, since=mark)
    up, _rid, took = request(platform, platform.get_properties, "properties/get/response")
    assert [s["service_id"] for s in up.json["services"]] == ["Environment", "Device"]
    code, text, _ = dev.finish()
    assert code == 0, text
    assert_clean(text)
    assert re.search(r"client_id=%s_0_1_\d{10} " % DEVICE_ID, text)
    registered.wait_for_log(r"iotda: accepted %s_0_1_\d{10}: device %s sign_type 1" % (DEVICE_ID, DEVICE_ID),
                            since=log_mark)


def test_reconnects_with_backoff_and_fresh_credentials(binaries, registered, platform, run):
    b, p = registered, platform
    mark, log_mark = p.mark(), b.log_mark()
    dev = run(binaries[1], b, "--requests", 1)
    first = dev.wait_line(r"connect: .* client_id=(\S+) ")
    dev.wait_line(r"suback: ")
    p.wait_uplink("properties_report", device_id=DEVICE_ID, timeout=10, since=mark)

    # Another client with the same client id takes the session over: the example loses its link.
    mark2 = p.mark()
    cid = re.search(r"client_id=(\S+) ", first).group(1)
    ts = cid.rsplit("_", 1)[1]
    assert not try_connect(b, cid, DEVICE_ID, password(SECRET, ts)).is_failure

    line = dev.wait_line(r"reconnect: retry 1 in (\d+) ms, with fresh credentials", timeout=10)
    delay = int(re.search(r"in (\d+) ms", line).group(1))
    assert 2600 <= delay <= 2800, line  # hwc_backoff_ms(0, r): 1000 + (800 + r % 200 + 800)
    dev.wait_line(r"connack: accepted", count=2, timeout=15)
    second_report = p.wait_uplink("properties_report", device_id=DEVICE_ID, timeout=10, since=mark2)
    assert second_report.valid  # sent again after the new SUBACK
    up, _rid, _took = request(p, p.get_properties, "properties/get/response", service_id="Environment")
    assert [s["service_id"] for s in up.json["services"]] == ["Environment"]

    code, text, _ = dev.finish()
    assert code == 0, text
    assert_clean(text)
    connects = re.findall(r"connect: \S+ client_id=(\S+) .*\(timestamp (\d{10}), sign type 0\)", text)
    assert len(connects) == 2, text  # credentials computed for each attempt
    assert all(c == "%s_0_0_%s" % (DEVICE_ID, t) for c, t in connects)
    assert "2 connections" in text
    accepted = [l for l in b.iotda_lines(log_mark) if "accepted %s_0_0_" % DEVICE_ID in l]
    assert len(accepted) >= 3, accepted  # the example twice, the intruder once


def _wrong_host_tls(directory):
    """A CA and a server certificate signed by it for a name that is neither 127.0.0.1 nor localhost."""
    d = Path(directory)
    (d / "ext").write_text("basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,"
                           "keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:iotda.invalid\n")

    def openssl(*args):
        subprocess.run(["openssl"] + list(args), check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=60)
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(d / "ca.key"), "-out",
            str(d / "ca.crt"), "-days", "1", "-subj", "/CN=wrong-host-ca",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", str(d / "server.key"), "-out",
            str(d / "server.csr"), "-subj", "/CN=iotda.invalid")
    openssl("x509", "-req", "-in", str(d / "server.csr"), "-CA", str(d / "ca.crt"), "-CAkey", str(d / "ca.key"),
            "-set_serial", "7", "-days", "1", "-extfile", str(d / "ext"), "-out", str(d / "server.crt"))
    return d / "ca.crt", d / "server.crt", d / "server.key"


def test_server_certificate_is_verified(binaries, registered, run, tmp_path):
    # 1. the broker's certificate under a CA the device does not trust
    (tmp_path / "other-ca").mkdir()
    other = generate_tls(tmp_path / "other-ca")
    mark = registered.log_mark()
    dev = run(binaries[0], registered, cafile=other["cafile"], seconds=1)
    code, text, _ = dev.finish()
    assert code == 4, text  # never connected
    assert "certificate verify failed" in text and "connack" not in text
    assert_clean(text)
    registered.wait_for_log(r"unknown ca", since=mark)
    assert not [l for l in registered.iotda_lines(mark) if DEVICE_ID in l]

    # 2. a certificate from the trusted CA, but for another host name
    (tmp_path / "wrong-host").mkdir()
    cafile, crt, key = _wrong_host_tls(tmp_path / "wrong-host")
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(str(crt), str(key))
    handshake_errors = []
    with socket.socket() as ls:
        ls.bind(("127.0.0.1", 0))
        ls.listen()
        ls.settimeout(10)

        def serve():
            try:
                conn, _ = ls.accept()
            except OSError:
                return
            with conn:
                try:
                    ctx.wrap_socket(conn, server_side=True).close()
                except (ssl.SSLError, OSError) as e:
                    handshake_errors.append(str(e))
        t = threading.Thread(target=serve, daemon=True)
        t.start()
        dev = run(binaries[0], registered, port=ls.getsockname()[1], cafile=str(cafile), seconds=1)
        code, text, _ = dev.finish()
        t.join(10)
    assert code == 4, text
    assert "host name verification failed" in text, text
    assert handshake_errors, "the TLS server saw no failed handshake"
    assert_clean(text)


@pytest.mark.parametrize("args, message", [
    (["--keepalive", "10"], r"keep-alive 10 s: keep-alive must be 30-1200 seconds"),
    (["--keepalive", "1201"], r"keep-alive 1201 s: keep-alive must be 30-1200 seconds"),
    (["--device-id", "bad/id"], r"device id: "),
    (["--sign-type", "2"], r"--sign-type: '2' is not a number up to 1"),
    (["--cafile", "/nonexistent/ca.crt"], r"CA file /nonexistent/ca.crt: No such file"),
])
def test_bad_configuration_is_refused_before_connecting(binaries, registered, run, args, message):
    mark = registered.log_mark()
    dev = run(binaries[0], registered, *args)
    code, text, _ = dev.finish(timeout=10)
    assert code == 2, text
    assert re.search(message, text), text
    assert "connect:" not in text
    assert_clean(text)
    time.sleep(0.2)
    assert "New connection" not in registered.log_text()[mark:]
