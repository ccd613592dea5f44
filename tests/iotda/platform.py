#!/usr/bin/env python3
"""The cloud side of the local IoTDA (tests only): CPython + paho-mqtt.

Connects to the broker of ``broker.py`` with the platform account, subscribes to
``$oc/devices/+/sys/#`` (and ``$oc/devices/+/user/#``), and checks every uplink
against the JSON Schemas in ``schemas/`` chosen by the one table ``UPLINKS``.
It can send commands / properties set / properties get with a fresh request id
and wait for the response on the matching ``.../response/request_id={same id}``
topic, answers ``$time_sync`` ``time_sync_request`` with ``time_sync_response``
and can send ``$ota`` ``version_query``.

``validate(topic, payload)`` does the schema check alone (no MQTT).

From a shell: ``python3 tests/iotda/platform.py --port N --username U --password P``
prints every uplink as one JSON line until Ctrl-C.
"""
import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
if __name__ == "__main__":
    # This file's name would shadow the standard library's "platform" module
    # (paho-mqtt imports it) if this folder stayed on sys.path.
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]

import argparse  # noqa: E402
import datetime as _dt  # noqa: E402
import itertools  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import signal  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402

import jsonschema  # noqa: E402
import paho.mqtt.client as mqtt  # noqa: E402
from referencing import Registry, Resource  # noqa: E402

SCHEMA_DIR = _HERE / "schemas"

# --------------------------------------------------------------------------
# THE table: uplink topic (after "$oc/devices/{device_id}/sys/") -> schema.
# Rows with an event key apply to each element of an events/up envelope's
# "services" list whose (service_id, event_type) equals the key.
# --------------------------------------------------------------------------
_RID = r"request_id=(?P<request_id>[^/?#+]+)"
_REPORT_QUERY = r"(?:\?request_id=[^/?#+]+)?"  # optional "?request_id=" on reports (§2)
UPLINKS = [
    # kind                            topic regex (after .../sys/)                                event key                                        schema file
    ("properties_report",             r"properties/report" + _REPORT_QUERY,                       None,                                            "properties_report.json"),
    ("gateway_properties_report",     r"gateway/sub_devices/properties/report" + _REPORT_QUERY,   None,                                            "gateway_sub_devices_properties_report.json"),
    ("properties_set_response",       r"properties/set/response/" + _RID,                         None,                                            "properties_set_response.json"),
    ("properties_get_response",       r"properties/get/response/" + _RID,                         None,                                            "properties_get_response.json"),
    ("command_response",              r"commands/response/" + _RID,                               None,                                            "command_response.json"),
    ("shadow_get_request",            r"shadow/get/" + _RID,                                      None,                                            "shadow_get_request.json"),
    ("message_up",                    r"messages/up" + _REPORT_QUERY,                             None,                                            "message_up.json"),
    ("event",                         r"events/up",                                               None,                                            "event_envelope.json"),
    ("ota_version_report",            r"events/up",                                               ("$ota", "version_report"),                      "ota_version_report.json"),
    ("ota_upgrade_progress_report",   r"events/up",                                               ("$ota", "upgrade_progress_report"),             "ota_upgrade_progress_report.json"),
    ("time_sync_request",             r"events/up",                                               ("$time_sync", "time_sync_request"),             "time_sync_request.json"),
    ("sdk_info_report",               r"events/up",                                               ("$sdk_info", "sdk_info_report"),                "sdk_info_report.json"),
    ("sub_device_add_request",        r"events/up",                                               ("$sub_device_manager", "add_sub_device_request"),    "sub_device_add_request.json"),
    ("sub_device_delete_request",     r"events/up",                                               ("$sub_device_manager", "delete_sub_device_request"), "sub_device_delete_request.json"),
    ("sub_device_update_status",      r"events/up",                                               ("$sub_device_manager", "sub_device_update_status"),  "sub_device_update_status.json"),
    ("sub_device_sync_request",       r"events/up",                                               ("$sub_device_manager", "sub_device_sync_request"),   "sub_device_sync_request.json"),
]

# Downlink topics (the platform's own publications, seen again through the
# wildcard subscription): ignored.
DOWNLINKS = [
    r"messages/down",
    r"commands/" + _RID,
    r"properties/set/" + _RID,
    r"properties/get/" + _RID,
    r"shadow/get/response/" + _RID,
    r"events/down",
]

_TOPIC = re.compile(r"\$oc/devices/(?P<device_id>[A-Za-z0-9_-]{1,128})/(?P<space>sys|user)/(?P<rest>.*)")
_TOPIC_ROWS = [(kind, re.compile(rx), schema) for kind, rx, ev, schema in UPLINKS if ev is None]
_EVENT_ROWS = {ev: (kind, schema) for kind, _rx, ev, schema in UPLINKS if ev is not None}
_DOWN_RX = [re.compile(rx) for rx in DOWNLINKS]


def _load_validators():
    resources, schemas = [], {}
    for path in sorted(SCHEMA_DIR.glob("*.json")):
        schema = json.loads(path.read_text())
        jsonschema.Draft202012Validator.check_schema(schema)
        if not schema.get("$id", "").endswith("/" + path.name):
            raise ValueError("%s: $id must end with /%s" % (path, path.name))
        resources.append((schema["$id"], Resource.from_contents(schema)))
        schemas[path.name] = schema
    registry = Registry().with_resources(resources)  # no retrieval: never fetches
    return {name: jsonschema.Draft202012Validator(s, registry=registry) for name, s in schemas.items()}


VALIDATORS = _load_validators()
for _k, _rx, _ev, _schema in UPLINKS:
    if _schema not in VALIDATORS:
        raise RuntimeError("UPLINKS names a missing schema %s" % _schema)


def _errors(schema_name, instance, where=""):
    v = VALIDATORS[schema_name]
    out = []
    for e in sorted(v.iter_errors(instance), key=lambda e: list(e.absolute_path)):
        path = where + "".join("[%r]" % p if isinstance(p, int) else "/" + str(p) for p in e.absolute_path)
        out.append("%s: %s (%s)" % (path or "/", e.message, schema_name))
    return out


@dataclass
class Uplink:
    topic: str
    payload: bytes
    device_id: str = None
    kind: str = None
    request_id: str = None
    json: object = None
    valid: bool = False
    errors: list = field(default_factory=list)
    events: list = field(default_factory=list)   # [(service_id, event_type, kind or None)]
    notes: list = field(default_factory=list)
    received: float = field(default_factory=time.time)


def validate(topic, payload):
    """Classify and schema-check one uplink. Returns an Uplink, or None for a downlink topic."""
    if isinstance(payload, str):
        payload = payload.encode("utf-8")
    up = Uplink(topic=topic, payload=bytes(payload))
    m = _TOPIC.fullmatch(topic)
    if not m:
        up.kind = "foreign"
        up.errors.append("topic is not under $oc/devices/{device_id}/sys|user/")
        return up
    up.device_id = m.group("device_id")
    rest = m.group("rest")
    if m.group("space") == "user":
        up.kind, up.valid = "custom", True  # free format
        return up
    if any(rx.fullmatch(rest) for rx in _DOWN_RX):
        return None
    for kind, rx, schema in _TOPIC_ROWS:
        mm = rx.fullmatch(rest)
        if mm:
            break
    else:
        up.kind = "unknown"
        up.errors.append("no uplink kind for topic suffix sys/%s" % rest)
        return up
    up.kind = kind
    up.request_id = mm.groupdict().get("request_id")
    try:
        up.json = json.loads(up.payload.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        if kind == "message_up":  # messages may be any bytes (§3.7)
            up.valid = True
            up.notes.append("raw (non-JSON) message")
            return up
        up.errors.append("payload is not UTF-8 JSON: %s" % e)
        return up
    if kind == "message_up" and not isinstance(up.json, dict):
        up.valid = True
        up.notes.append("raw (non-object JSON) message")
        return up
    up.errors += _errors(schema, up.json)
    if kind == "event" and isinstance(up.json, dict) and isinstance(up.json.get("services"), list):
        for i, svc in enumerate(up.json["services"]):
            if not isinstance(svc, dict):
                continue
            key = (svc.get("service_id"), svc.get("event_type"))
            ev = _EVENT_ROWS.get(key)
            up.events.append((key[0], key[1], ev[0] if ev else None))
            if ev is None:
                up.notes.append("services[%d]: no schema for event %s/%s (envelope checked only)" % (i, key[0], key[1]))
                continue
            up.errors += _errors(ev[1], svc, where="services[%d]" % i)
    up.valid = not up.errors
    return up


def event_time(when=None):
    """``yyyyMMdd'T'HHmmss'Z'`` in UTC."""
    t = _dt.datetime.fromtimestamp(time.time() if when is None else when, _dt.timezone.utc)
    return t.strftime("%Y%m%dT%H%M%SZ")


def now_ms():
    return time.time_ns() // 1_000_000


class Platform:
    """The platform account on the broker, with schema checks and request/response helpers."""

    _ids = itertools.count(1)

    def __init__(self, host, port, username, password, *, cafile=None, client_id=None,
                 qos=1, auto_time_sync=True, connect_timeout=10.0):
        self.host, self.port = host, port
        self.qos = qos
        self.auto_time_sync = auto_time_sync
        self.connect_timeout = connect_timeout
        self.uplinks = []
        self.sent = []  # (topic, payload dict) of every downlink published
        self._cond = threading.Condition()
        self._connected = threading.Event()
        self._subscribed = threading.Event()
        self._connack = None
        self._suback = None
        cid = client_id or "iotda-platform-%d-%d" % (os.getpid(), next(self._ids))
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=cid,
                                  protocol=mqtt.MQTTv311, clean_session=True)
        self.client.username_pw_set(username, password)
        if cafile:
            self.client.tls_set(ca_certs=cafile)
        self.client.on_connect = self._on_connect
        self.client.on_subscribe = self._on_subscribe
        self.client.on_message = self._on_message
        self._started = False

    @classmethod
    def for_broker(cls, broker, tls=False, **kw):
        if tls:
            return cls(broker.host, broker.tls_port, broker.platform_username,
                       broker.platform_password, cafile=broker.cafile, **kw)
        return cls(broker.host, broker.port, broker.platform_username, broker.platform_password, **kw)

    # -- paho callbacks (network thread) -------------------------------------------
    def _on_connect(self, client, userdata, flags, reason_code, properties):
        self._connack = reason_code
        self._connected.set()
        if not reason_code.is_failure:
            client.subscribe([("$oc/devices/+/sys/#", self.qos), ("$oc/devices/+/user/#", self.qos)])

    def _on_subscribe(self, client, userdata, mid, reason_codes, properties):
        self._suback = reason_codes
        self._subscribed.set()

    def _on_message(self, client, userdata, msg):
        up = validate(msg.topic, msg.payload)
        if up is None:
            return
        with self._cond:
            self.uplinks.append(up)
            self._cond.notify_all()
        if self.auto_time_sync and up.valid:
            for i, (_sid, _et, kind) in enumerate(up.events):
                if kind == "time_sync_request":
                    self._answer_time_sync(up, up.json["services"][i])

    def _answer_time_sync(self, up, svc):
        recv = int(up.received * 1000)
        services = [{"service_id": "$time_sync", "event_type": "time_sync_response",
                     "event_time": event_time(),
                     "paras": {"device_send_time": svc["paras"]["device_send_time"],
                               "server_recv_time": recv, "server_send_time": now_ms()}}]
        self.send_event(up.device_id, services, object_device_id=up.json.get("object_device_id"),
                        wait=False)

    # -- lifecycle ----------------------------------------------------------------------
    def start(self):
        self.client.connect(self.host, self.port, keepalive=60)
        self.client.loop_start()
        self._started = True
        try:
            if not self._connected.wait(self.connect_timeout):
                raise TimeoutError("platform: no CONNACK within %.0f s" % self.connect_timeout)
            if self._connack.is_failure:
                raise ConnectionRefusedError("platform connect refused: %s" % self._connack)
            if not self._subscribed.wait(self.connect_timeout):
                raise TimeoutError("platform: no SUBACK within %.0f s" % self.connect_timeout)
            if any(rc.is_failure for rc in self._suback):
                raise PermissionError("platform subscribe refused: %s" % self._suback)
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self):
        if self._started:
            self._started = False
            try:
                self.client.disconnect()
            finally:
                self.client.loop_stop()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        return False

    # -- observing uplinks ------------------------------------------------------------
    @property
    def invalid(self):
        with self._cond:
            return [u for u in self.uplinks if not u.valid]

    def mark(self):
        with self._cond:
            return len(self.uplinks)

    def wait_for(self, predicate, timeout=5.0, since=0):
        """First uplink at index >= since satisfying predicate; TimeoutError after timeout s."""
        deadline = time.monotonic() + timeout
        with self._cond:
            i = since
            while True:
                while i < len(self.uplinks):
                    if predicate(self.uplinks[i]):
                        return self.uplinks[i]
                    i += 1
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError("platform: no matching uplink within %.1f s (have %d since mark: %s)"
                                       % (timeout, len(self.uplinks) - since,
                                          [(u.kind, u.topic) for u in self.uplinks[since:]][-10:]))
                self._cond.wait(min(left, 0.5))

    def wait_uplink(self, kind, device_id=None, timeout=5.0, since=0):
        """Wait for an uplink of ``kind``; for events, ``kind`` may also be an event kind."""
        def pred(u):
            if device_id is not None and u.device_id != device_id:
                return False
            return u.kind == kind or any(k == kind for _s, _e, k in u.events)
        return self.wait_for(pred, timeout=timeout, since=since)

    # -- downlinks --------------------------------------------------------------------
    def publish(self, topic, payload, qos=None, timeout=5.0, wait=True):
        """Publish a downlink; with QoS 1 and wait, wait (<= timeout s) for the PUBACK.
        Use wait=False from paho callbacks (the network thread)."""
        data = payload if isinstance(payload, (bytes, bytearray)) else json.dumps(payload).encode()
        info = self.client.publish(topic, data, qos=self.qos if qos is None else qos)
        if info.rc != mqtt.MQTT_ERR_SUCCESS:
            raise ConnectionError("platform publish failed: %s" % mqtt.error_string(info.rc))
        self.sent.append((topic, payload))
        if wait and (self.qos if qos is None else qos) > 0:
            info.wait_for_publish(timeout)
            if not info.is_published():
                raise TimeoutError("platform: no PUBACK for %s within %.1f s" % (topic, timeout))
        return info

    def request(self, device_id, what, payload, timeout=20.0, request_id=None):
        """Publish ``.../sys/{what}/request_id={id}`` and wait (<= timeout s) for the
        uplink on ``.../sys/{what}/response/request_id={id}``. Returns that Uplink."""
        rid = request_id or str(uuid.uuid4())
        kind = {"commands": "command_response", "properties/set": "properties_set_response",
                "properties/get": "properties_get_response"}[what]
        since = self.mark()
        self.publish("$oc/devices/%s/sys/%s/request_id=%s" % (device_id, what, rid), payload)
        try:
            return self.wait_for(lambda u: u.kind == kind and u.device_id == device_id
                                 and u.request_id == rid, timeout=timeout, since=since)
        except TimeoutError:
            raise TimeoutError("platform: no %s from %s for request_id=%s within %.1f s"
                               % (kind, device_id, rid, timeout)) from None

    def send_command(self, device_id, paras, service_id=None, command_name=None,
                     object_device_id=None, timeout=20.0, request_id=None):
        body = {"paras": paras}
        for k, v in (("service_id", service_id), ("command_name", command_name),
                     ("object_device_id", object_device_id)):
            if v is not None:
                body[k] = v
        return self.request(device_id, "commands", body, timeout, request_id)

    def set_properties(self, device_id, services, object_device_id=None, timeout=20.0, request_id=None):
        body = {"services": services}
        if object_device_id is not None:
            body["object_device_id"] = object_device_id
        return self.request(device_id, "properties/set", body, timeout, request_id)

    def get_properties(self, device_id, service_id=None, object_device_id=None, timeout=20.0,
                       request_id=None):
        body = {}
        if service_id is not None:
            body["service_id"] = service_id
        if object_device_id is not None:
            body["object_device_id"] = object_device_id
        return self.request(device_id, "properties/get", body, timeout, request_id)

    def send_event(self, device_id, services, object_device_id=None, wait=True):
        body = {"services": services}
        if object_device_id is not None:
            body["object_device_id"] = object_device_id
        return self.publish("$oc/devices/%s/sys/events/down" % device_id, body, wait=wait)

    def send_version_query(self, device_id, paras=None, object_device_id=None):
        return self.send_event(device_id, [{"service_id": "$ota", "event_type": "version_query",
                                            "event_time": event_time(), "paras": paras or {}}],
                               object_device_id)

    def send_message(self, device_id, payload):
        return self.publish("$oc/devices/%s/sys/messages/down" % device_id, payload)


def main(argv=None):
    ap = argparse.ArgumentParser(description="Watch and validate IoTDA uplinks on a local broker.")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--username", default="iotda-platform")
    ap.add_argument("--password", required=True)
    ap.add_argument("--cafile", help="CA file for a TLS port")
    ap.add_argument("--duration", type=float, help="stop after this many seconds")
    a = ap.parse_args(argv)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    p = Platform(a.host, a.port, a.username, a.password, cafile=a.cafile)
    deadline = None if a.duration is None else time.monotonic() + a.duration
    with p:
        seen = 0
        while not stop.is_set() and (deadline is None or time.monotonic() < deadline):
            with p._cond:
                new, seen = p.uplinks[seen:], len(p.uplinks)
            for u in new:
                print(json.dumps({"topic": u.topic, "kind": u.kind, "valid": u.valid, "errors": u.errors,
                                  "events": u.events, "notes": u.notes,
                                  "payload": u.payload.decode("utf-8", "replace")}), flush=True)
            stop.wait(0.2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
