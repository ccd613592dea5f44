#!/usr/bin/env python3
"""`make demo`: the QuecPython guide's script, ported to `huaweicloud`, against a local IoTDA.

Starts the local IoTDA of tests/iotda (mosquitto + the iotda_auth plugin, and the CPython
platform that validates uplinks against JSON Schemas), registers a demo device with a random
secret, runs examples/huaweicloud_demo.py in the host MicroPython (build/micropython, with
the host stand-ins of tests/micropython/hostlib for QuecPython's umqtt, modem, net...) and
sends it one command from the platform. Prints a short transcript, then stops everything it
started, also on failure, Ctrl-C or SIGTERM.

    python3 scripts/demo.py [--micropython build/micropython] [--verbose]

Exit status: 0 the command was answered, 1 something failed (details printed), 130 interrupted.
"""
import argparse
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
Broker = Platform = pid_alive = None  # from tests/iotda, imported by main()

SCRIPT = REPO / "examples" / "huaweicloud_demo.py"
HOSTLIB = REPO / "tests" / "micropython" / "hostlib"
PRODUCT_ID = "5fbbb784b4ec2202e982e643"  # the guide's product id
IMEI = "868540050954037"                  # the guide's IMEI (host stand-in modem.getDevImei())
DEVICE_ID = PRODUCT_ID + "_" + IMEI
STEP_TIMEOUT = 20.0


class DemoError(Exception):
    pass


class Device:
    """The MicroPython interpreter running the example; its output collected by a thread."""

    def __init__(self, exe, env):
        self.lines = []
        self.cond = threading.Condition()
        self.proc = subprocess.Popen([exe, str(SCRIPT)], env=env, cwd=str(REPO),
                                     stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True, errors="replace",
                                     start_new_session=True)  # Ctrl-C goes to us; we stop it
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.proc.stdout:
            with self.cond:
                self.lines.append(line.rstrip("\n"))
                self.cond.notify_all()
        with self.cond:
            self.cond.notify_all()

    def wait(self, pattern, timeout=STEP_TIMEOUT):
        """The first output line matching the regex, as a match object."""
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for line in self.lines:
                    m = rx.search(line)
                    if m:
                        return m
                left = deadline - time.monotonic()
                if left <= 0 or not self.reader.is_alive():
                    raise DemoError("the device printed no line matching %r%s" % (
                        pattern, " (it exited)" if not self.reader.is_alive() else
                        " within %.0f s" % timeout))
                self.cond.wait(min(left, 0.2))

    def stop(self):
        if self.proc.poll() is None:
            self.proc.kill()  # our own child, by its Popen handle
        self.proc.wait(5)
        self.reader.join(5)
        self.proc.stdout.close()


def say(who, text):
    print("%-9s| %s" % (who, text), flush=True)


def short(payload, limit=110):
    text = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else str(payload)
    return text if len(text) <= limit else text[:limit - 3] + "..."


def demo(exe, verbose):
    t0 = time.monotonic()
    started = {}  # what -> pid
    with Broker({}) as broker, Platform.for_broker(broker) as platform:
        started["mosquitto"] = broker.pid
        try:
            converse(exe, broker, platform, started, verbose)
        except Exception:
            if "_device" in started:
                with started["_device"].cond:
                    text = "\n".join(started["_device"].lines)
                print("--- device output ---\n%s\n---" % text, file=sys.stderr)
            raise
        finally:  # the device first, then the platform and the broker (the with statement)
            if "_device" in started:
                started.pop("_device").stop()
    left = [p for p in started.values() if pid_alive(p)]
    if left:
        raise DemoError("processes still alive: %s" % left)
    say("demo", "OK in %.1f s; stopped the device (pid %d), the platform and mosquitto (pid %d)"
        % (time.monotonic() - t0, started["device"], started["mosquitto"]))


def converse(exe, broker, platform, started, verbose):
    secret = secrets.token_hex(10)
    say("iotda", "local IoTDA on %s:%d (mosquitto pid %d + iotda_auth plugin; plain MQTT: "
        "the host interpreter has no TLS); platform connected"
        % (broker.host, broker.port, broker.pid))
    broker.add_device(DEVICE_ID, secret)
    say("iotda", "registered device %s (secret: %d random characters, not shown)"
        % (DEVICE_ID, len(secret)))

    env = {k: v for k, v in os.environ.items() if not k.startswith(("IOTDA_", "HOSTLIB_", "MICROPY"))}
    env.update({"MICROPYPATH": str(HOSTLIB), "IOTDA_HOST": broker.host,
                "IOTDA_PORT": str(broker.port), "IOTDA_PRODUCT_ID": PRODUCT_ID,
                "HOSTLIB_IMEI": IMEI, "IOTDA_SECRET": secret, "IOTDA_COMMAND_WAIT_S": "30"})
    log_mark, up_mark = broker.log_mark(), platform.mark()
    device = Device(exe, env)
    started["device"], started["_device"] = device.proc.pid, device
    say("demo", "running %s %s (pid %d)" % (os.path.relpath(exe, REPO),
                                             SCRIPT.relative_to(REPO), device.proc.pid))

    m = device.wait(r"credentials: client_id=(\S+) username=(\S+) password=(\w+)\.\.\.")
    say("device", "credentials derived on the device from the device id, the secret and "
        "the UTC hour:")
    say("device", "  client id %s" % m.group(1))
    say("device", "  username  %s" % m.group(2))
    say("device", "  password  %s... (HMAC-SHA256, 64 hex chars)" % m.group(3))
    client_id = m.group(1)
    broker.wait_for_log(r"iotda: accepted %s: " % re.escape(client_id), since=log_mark,
                        timeout=STEP_TIMEOUT)
    say("iotda", "CONNECT accepted: client id format, keep-alive, username and password "
        "checked by the broker")
    device.wait(r"connack: accepted")
    m = device.wait(r"subscribe: (\S+)")
    say("device", "connected; subscribed to %s" % m.group(1))

    report = platform.wait_uplink("properties_report", device_id=DEVICE_ID,
                                  timeout=STEP_TIMEOUT, since=up_mark)
    if not report.valid:
        raise DemoError("the property report failed validation: %s" % report.errors)
    say("platform", "property report on %s" % report.topic)
    say("platform", "  valid (schema properties_report.json): %s" % short(report.payload))

    device.wait(r"Waiting command")
    rid = str(uuid.uuid4())
    paras = {"value": "1"}
    say("platform", "sends command ON_OFF %s, request_id=%s" % (json.dumps(paras), rid))
    t = time.monotonic()
    try:
        up = platform.send_command(DEVICE_ID, paras, service_id="WaterMeterControl",
                                   command_name="ON_OFF", request_id=rid, timeout=STEP_TIMEOUT)
    except TimeoutError as e:
        raise DemoError(str(e)) from None
    took = time.monotonic() - t
    m = device.wait(r"command: request_id=(\S+) service_id=(\S+) command_name=(\S+)")
    say("device", "command received: %s/%s, request_id=%s" % (m.group(2), m.group(3), m.group(1)))
    want = "$oc/devices/%s/sys/commands/response/request_id=%s" % (DEVICE_ID, rid)
    if up.topic != want or not up.valid:
        raise DemoError("bad response on %s: %s" % (up.topic, up.errors))
    say("platform", "response on .../commands/response/request_id=%s (same id) after %.3f s"
        % (rid, took))
    say("platform", "  valid (schema command_response.json): %s" % short(up.payload))

    try:
        code = device.proc.wait(STEP_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise DemoError("the device did not exit within %.0f s" % STEP_TIMEOUT) from None
    device.reader.join(5)
    text = "\n".join(device.lines)
    if secret in text:
        raise DemoError("the secret appeared in the device's output")
    if code != 0:
        raise DemoError("the device exited with %d" % code)
    say("device", "disconnected, exit 0")
    bad = [l for l in broker.iotda_lines(log_mark) if "denied" in l or "refused" in l]
    if bad or [u for u in platform.invalid if u.device_id == DEVICE_ID]:
        raise DemoError("refusals or invalid uplinks: %s" % bad)
    if verbose:
        print("--- device output ---\n%s\n---" % text)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--micropython", default=str(REPO / "build" / "micropython"))
    ap.add_argument("--verbose", action="store_true", help="also print the device's own output")
    a = ap.parse_args(argv)
    exe = os.path.abspath(a.micropython)
    if not os.access(exe, os.X_OK):
        print("demo: %s is not built (make micropython)" % exe, file=sys.stderr)
        return 1

    def on_term(*_):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, on_term)
    global Broker, Platform, pid_alive
    try:
        sys.path.insert(0, str(REPO))
        from tests.iotda.broker import Broker, pid_alive
        from tests.iotda.platform import Platform
        demo(exe, a.verbose)
    except KeyboardInterrupt:
        print("demo: interrupted; everything it started is stopped", file=sys.stderr)
        return 130
    except (DemoError, AssertionError, TimeoutError, OSError, RuntimeError) as e:
        print("demo: FAILED: %s" % e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
