#!/usr/bin/env python3
"""CPython oracle for the `huaweicloud` MicroPython module.

Generates randomized inputs for every function of the module, computes the
expected results here with CPython's own hmac/hashlib/json/datetime and the
protocol's published rules (IoTDA topic table, payload schemas), runs
build/micropython once on oracle_runner.py over all the cases, and compares:
JSON payloads as parsed structures (floats by value), decoders against
json.loads.  Errors are checked by exception type and by the argument named in
the message.  A coverage guard requires every function and constant of the
module to be exercised, and every constant to equal the header's value.

    python3 tests/micropython/oracle.py [--micropython build/micropython]
                                        [--seed N] [--count N] [-v]

The seed is random unless given (or HWC_ORACLE_SEED is set) and printed, so a
failure can be replayed.  Only the standard library is used.
"""

import argparse
import datetime
import hashlib
import hmac
import json
import math
import os
import random
import re
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from protocol_tables import EVENTS  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
HEADER = os.path.join(ROOT, "cbindings", "huaweicloud.h")

UTC = datetime.timezone.utc
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=UTC)
MAX_UNIX = 253402300799  # 9999-12-31T23:59:59Z
INT64_MIN, INT64_MAX = -(2 ** 63), 2 ** 63 - 1


# ---------------------------------------------------------------------------
# The header's constants (the module must export the same values).

def header_constants():
    text = open(HEADER).read()
    consts = {}
    for name, value in re.findall(r"#define (HWC_[A-Z0-9_]+) (-?\d+)", text):
        consts[name] = int(value)
    for name, value in re.findall(r"^\s*(HWC_[A-Z0-9_]+) = (-?\d+),", text, re.M):
        consts[name] = int(value)
    return consts


HDR = header_constants()


def expected_module_constants():
    want = {}
    for name, value in HDR.items():
        if name.startswith("HWC_TOPIC_KIND_"):
            want[name[len("HWC_TOPIC_KIND_"):]] = value
        elif name.startswith("HWC_EVENT_KIND_"):
            want["EVENT_" + name[len("HWC_EVENT_KIND_"):]] = value
    want["SIGN_NO_TIME_CHECK"] = HDR["HWC_SIGN_TYPE_NO_TIME_CHECK"]
    want["SIGN_TIME_CHECK"] = HDR["HWC_SIGN_TYPE_TIME_CHECK"]
    for name in ("PASSWORD_LEN", "TIMESTAMP_LEN", "CLIENT_ID_MAX_LEN", "TOPIC_MAX_LEN", "JSON_MAX_DEPTH"):
        want[name] = HDR["HWC_" + name]
    for name in ("MIN", "MAX", "DEFAULT"):
        want["KEEPALIVE_" + name] = HDR["HWC_KEEPALIVE_%s_SECONDS" % name]
    return want


# ---------------------------------------------------------------------------
# The protocol, as published (iotda-protocol §2-4), written independently of
# the library.

PREFIX = "$oc/devices/"
# kind name -> (suffix after the device id, tail): tail is "" (nothing),
# "rid" (request_id=, required), "optrid" (?request_id= optional), "name".
TOPICS = {
    "MESSAGES_UP": ("/sys/messages/up", "optrid"),
    "MESSAGES_DOWN": ("/sys/messages/down", ""),
    "COMMAND_REQUEST": ("/sys/commands/", "rid"),
    "COMMAND_RESPONSE": ("/sys/commands/response/", "rid"),
    "PROPERTIES_REPORT": ("/sys/properties/report", "optrid"),
    "GATEWAY_PROPERTIES_REPORT": ("/sys/gateway/sub_devices/properties/report", ""),
    "PROPERTIES_SET_REQUEST": ("/sys/properties/set/", "rid"),
    "PROPERTIES_SET_RESPONSE": ("/sys/properties/set/response/", "rid"),
    "PROPERTIES_GET_REQUEST": ("/sys/properties/get/", "rid"),
    "PROPERTIES_GET_RESPONSE": ("/sys/properties/get/response/", "rid"),
    "SHADOW_GET_REQUEST": ("/sys/shadow/get/", "rid"),
    "SHADOW_GET_RESPONSE": ("/sys/shadow/get/response/", "rid"),
    "EVENTS_UP": ("/sys/events/up", ""),
    "EVENTS_DOWN": ("/sys/events/down", ""),
    "BOOTSTRAP_UP": ("/sys/bootstrap/up", ""),
    "BOOTSTRAP_DOWN": ("/sys/bootstrap/down", ""),
    "USER": ("/user/", "name"),
}
DOWNLINK = {"MESSAGES_DOWN", "COMMAND_REQUEST", "PROPERTIES_SET_REQUEST", "PROPERTIES_GET_REQUEST",
            "SHADOW_GET_RESPONSE", "EVENTS_DOWN", "BOOTSTRAP_DOWN", "USER"}
STANDARD_SUBSCRIPTIONS = ["MESSAGES_DOWN", "COMMAND_REQUEST", "PROPERTIES_SET_REQUEST", "PROPERTIES_GET_REQUEST",
                          "SHADOW_GET_RESPONSE", "EVENTS_DOWN"]
RESPONSES = {"COMMAND_REQUEST": "COMMAND_RESPONSE", "PROPERTIES_SET_REQUEST": "PROPERTIES_SET_RESPONSE",
             "PROPERTIES_GET_REQUEST": "PROPERTIES_GET_RESPONSE"}


def kind_value(name):
    return HDR["HWC_TOPIC_KIND_" + name]


def topic_text(kind, device_id, extra):
    suffix, tail = TOPICS[kind]
    base = PREFIX + device_id + suffix
    if tail == "rid":
        return base + "request_id=" + extra
    if tail == "optrid":
        return base if extra is None else base + "?request_id=" + extra
    if tail == "name":
        return base + extra
    return base


def subscription_text(kind, device_id):
    suffix, tail = TOPICS[kind]
    return PREFIX + device_id + suffix + ("#" if tail in ("rid", "name") else "")


EVENT_KIND_OF = {pair: HDR["HWC_EVENT_KIND_" + name] for name, pair in EVENTS.items()}


def system_event(name, paras, event_time=None, event_id=None):
    service_id, event_type = EVENTS[name]
    ev = {"service_id": service_id, "event_type": event_type}
    if event_time is not None:
        ev["event_time"] = event_time
    if event_id is not None:
        ev["event_id"] = event_id
    ev["paras"] = paras
    return {"services": [ev]}


def optional(d, **fields):
    for k, v in fields.items():
        if v is not None:
            d[k] = v
    return d


def text_of(x):
    """The text a str/bytes/marker argument stands for."""
    if isinstance(x, tuple):
        x = x[1]
    return x.decode("utf-8") if isinstance(x, bytes) else x


# ---------------------------------------------------------------------------
# Random inputs.

ID_CHARS = string.ascii_letters + string.digits + "_-"
NAME_CHARS = ID_CHARS + "./"


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)

    def device_id(self):
        r = self.r
        n = r.choice([1, 2, r.randint(1, 40), r.randint(1, 128), 128])
        return "".join(r.choice(ID_CHARS) for _ in range(n))

    def char(self, controls=True):
        r = self.r
        c = r.random()
        if c < 0.45:
            return r.choice(string.printable[:-6] + '"\\')
        if c < 0.55 and controls:
            return chr(r.choice(list(range(0, 32)) + [0x7F]))
        if c < 0.75:
            return chr(r.randint(0xA0, 0xD7FF))
        if c < 0.88:
            return chr(r.randint(0xE000, 0xFFFD))
        return chr(r.randint(0x10000, 0x10FFFF))

    def text(self, maxlen=16, controls=True):
        return "".join(self.char(controls) for _ in range(self.r.randint(0, maxlen)))

    def nonempty_text(self, maxlen=16):
        return self.char() + self.text(maxlen - 1)

    def secret(self):
        """(argument, secret bytes): str (ASCII or UTF-8) or bytes without NUL, 1-128 bytes."""
        r = self.r
        kind = r.random()
        if kind < 0.3:
            s = "".join(r.choice(string.ascii_letters + string.digits) for _ in range(r.choice([1, 8, 16, 32, 64, r.randint(1, 128), 128])))
            return s, s.encode()
        if kind < 0.6:
            while True:
                s = "".join(self.char(controls=False) for _ in range(r.randint(1, 40)))
                b = s.encode()
                if 1 <= len(b) <= 128 and b"\0" not in b:
                    return s, b
        b = bytes(r.randint(1, 255) for _ in range(r.randint(1, 128)))
        return b, b

    def unix(self):
        r = self.r
        edges = [0, 1, 59, 3599, 3600, 86399, 86400, 951782400, 951868799, 951868800,  # 2000-02-29
                 4107456000, 4107542399, 4107542400,  # 2100-02-28 .. 03-01
                 13574563200, 13574649599,  # 2400-02-29
                 253402300799, 253402297200, 253402300800 - 86400 * 366,
                 1744592400, 1700000000, 2 ** 31 - 1, 2 ** 31, 2 ** 32]
        if r.random() < 0.25:
            return r.choice(edges)
        if r.random() < 0.5:
            return r.randint(0, MAX_UNIX)
        return r.randint(0, 4102444800)  # up to 2100

    def value(self, depth):
        r = self.r
        c = r.random()
        if depth > 0 and c < 0.12:
            return self.props(depth - 1)
        if depth > 0 and c < 0.22:
            items = [self.value(depth - 1) for _ in range(r.randint(0, 4))]
            return tuple(items) if r.random() < 0.3 else items
        c = r.random()
        if c < 0.25:
            return self.text()
        if c < 0.40:
            return r.randint(-1000, 1000)
        if c < 0.50:
            return r.choice([INT64_MIN, INT64_MAX, 2 ** 62, -(2 ** 62), 2 ** 31, -(2 ** 31) - 1, 2 ** 30, -(2 ** 30)])
        if c < 0.58:
            return r.choice([1, -1]) * r.randint(2 ** 63, 2 ** r.randint(64, 300))
        if c < 0.75:
            return self.float()
        if c < 0.85:
            return r.random() < 0.5
        return None

    def float(self):
        r = self.r
        c = r.random()
        if c < 0.1:
            return r.choice([0.0, -0.0, 0.5, 1e-300, 5e-324, 1.7976931348623157e308, 1e16, 1e22, 123456789.0])
        if c < 0.5:
            return r.uniform(-1e6, 1e6)
        return r.choice([1, -1]) * r.random() * 10.0 ** r.randint(-300, 300)

    def key(self):
        return self.text(12)

    def props(self, depth=3):
        return {self.key(): self.value(depth) for _ in range(self.r.randint(0, 5))}

    def event_time(self, compact_only=False):
        r = self.r
        t = EPOCH + datetime.timedelta(seconds=self.unix(), milliseconds=r.randint(0, 999))
        if compact_only or r.random() < 0.5:
            return t.strftime("%Y%m%dT%H%M%SZ")
        return t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t.microsecond // 1000)

    def maybe(self, f, p=0.5):
        return f() if self.r.random() < p else None

    def request_id(self):
        r = self.r
        bad = set("/+#?")
        while True:
            s = "".join(c for c in (self.char(controls=False) for _ in range(r.randint(1, 40)))
                        if c not in bad and not (0x80 <= ord(c) <= 0x9F))
            if 1 <= len(s.encode()) <= 128:
                return s

    def user_name(self):
        r = self.r
        while True:
            s = "".join(r.choice(NAME_CHARS) for _ in range(r.randint(1, 64)))
            if not s.startswith("/") and not s.endswith("/") and "//" not in s:
                return s

    def as_text_arg(self, s):
        """A text argument as str, bytes, bytearray or memoryview."""
        c = self.r.random()
        if c < 0.55:
            return s
        b = s.encode()
        if c < 0.8:
            return b
        if c < 0.9:
            return ("__bytearray__", b)
        return ("__memoryview__", b)


def to_json_shape(v):
    if isinstance(v, (list, tuple)):
        return [to_json_shape(x) for x in v]
    if isinstance(v, dict):
        return {k: to_json_shape(x) for k, x in v.items()}
    return v


# ---------------------------------------------------------------------------
# Comparison.

def same(a, b, path="$"):
    """None if equal (floats within 2 ulp, types strict), else a description."""
    if isinstance(a, bool) or isinstance(b, bool):
        return None if (type(a) is type(b) and a == b) else "%s: %r != %r" % (path, a, b)
    if isinstance(a, float) and isinstance(b, float):
        if a == b or (math.isnan(a) and math.isnan(b)):
            return None
        if math.isfinite(a) and math.isfinite(b) and abs(a - b) <= 2 * math.ulp(max(abs(a), abs(b))):
            return None
        return "%s: %r != %r" % (path, a, b)
    if type(a) is not type(b):
        return "%s: %s %r != %s %r" % (path, type(a).__name__, a, type(b).__name__, b)
    if isinstance(a, dict):
        if set(a) != set(b):
            return "%s: keys %r != %r" % (path, sorted(a), sorted(b))
        for k in a:
            d = same(a[k], b[k], "%s[%r]" % (path, k))
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return "%s: length %d != %d" % (path, len(a), len(b))
        for i, (x, y) in enumerate(zip(a, b)):
            d = same(x, y, "%s[%d]" % (path, i))
            if d:
                return d
        return None
    return None if a == b else "%s: %r != %r" % (path, a, b)


# ---------------------------------------------------------------------------
# Cases.

class Suite:
    def __init__(self):
        self.cases = []  # (fname, args, kwargs, check)
        self.into_for = set()
        self.n_payload = {}

    def add(self, fname, args, kwargs, check):
        self.cases.append((fname, tuple(args), dict(kwargs or {}), check))

    def eq(self, fname, args, want, kwargs=None):
        def check(res):
            if res[0] != "ok":
                return "expected %r, got %r" % (want, res)
            return same(want, res[1])
        self.add(fname, args, kwargs, check)

    def raises(self, fname, args, exc, names, kwargs=None):
        """`names`: text(s) the message must start with (the argument named)."""
        names = (names,) if isinstance(names, str) else names

        def check(res):
            if res[0] != "err" or res[1] != exc:
                return "expected %s, got %r" % (exc, res)
            if names and not any(res[2].startswith(n) for n in names):
                return "message %r does not start with %r" % (res[2], names)
            return None
        self.add(fname, args, kwargs, check)

    def payload(self, fname, args, want, kwargs=None):
        """An encoder: bytes whose JSON equals `want`.  Every third case of each
        encoder also runs with into= (an exact-size bytearray or memoryview
        slice, then one byte less)."""
        def check(res):
            if res[0] != "ok" or not isinstance(res[1], bytes):
                return "expected bytes, got %r" % (res,)
            try:
                got = json.loads(res[1].decode("utf-8"))
            except ValueError as e:
                return "not JSON (%s): %r" % (e, res[1][:200])
            return same(want, got)
        self.add(fname, args, kwargs, check)
        self.n_payload[fname] = self.n_payload.get(fname, 0) + 1
        if self.n_payload[fname] % 3 == 1:
            def check_into(res):
                if res[0] != "into":
                    return "expected an into= result, got %r" % (res,)
                _, n, data, same_as_plain, short, size = res
                if n != size or len(data) != size or not same_as_plain:
                    return "into= wrote %r (%r bytes) where the plain call gave %d bytes" % (data[:100], n, size)
                if short != "into: buffer too small: %d bytes needed, %d given" % (size, size - 1):
                    return "one byte short: %r" % (short,)
                return same(want, json.loads(data.decode("utf-8")))
            kw = dict(kwargs or {})
            kw["__into__"] = "slice" if self.n_payload[fname] % 2 == 0 else "exact"
            self.add(fname, args, kw, check_into)
            self.into_for.add(fname)



def add_credentials(s, g, n):
    for _ in range(n):
        arg, secret = g.secret()
        t = g.unix()
        ts = (EPOCH + datetime.timedelta(seconds=t)).strftime("%Y%m%d%H")
        want = hmac.new(ts.encode(), secret, hashlib.sha256).hexdigest()
        s.eq("password", [arg if g.r.random() < 0.8 else ("__bytearray__", secret), g.as_text_arg(ts)], want)
        device_id = g.device_id()
        sign = g.r.choice([None, 0, 1])
        kw = {} if sign is None else {"sign_type": sign}
        cid = "%s_0_%d_%s" % (device_id, sign or 0, ts)
        s.eq("client_id", [g.as_text_arg(device_id), g.as_text_arg(ts)], cid, kw)
        tt = t if g.r.random() < 0.7 else tuple((EPOCH + datetime.timedelta(seconds=t)).timetuple())[:g.r.choice([6, 8, 9])]
        s.eq("credentials", [device_id, arg, tt], (cid, device_id, want), kw)
        s.eq("timestamp", [tt], ts)
    # Invalid ones.
    for _ in range(n // 4):
        ts = (EPOCH + datetime.timedelta(seconds=g.unix())).strftime("%Y%m%d%H")
        bad_secret = g.r.choice([b"", "", b"a\0b", "x" * 129, bytes(range(1, 130)), "\u00e9" * 65])
        s.raises("password", [bad_secret, ts], "ValueError", "secret:")
        bad_ts = g.r.choice(["", "2025041424", "202504140", "20250414011", "2025O41401", "1969123123",
                             "2023022900", "2100022900", "2025133101", "2025000101", "2025040001", "20250431 1", "+025041401"])
        s.raises("password", ["secret", bad_ts], "ValueError", "timestamp:")
        s.raises("client_id", ["dev", bad_ts], "ValueError", "timestamp:")
        bad_id = g.r.choice(["", "a b", "dev/1", "x" * 129, "dev\u00e9", "dev.1", "d#", "d+"])
        s.raises("client_id", [bad_id, ts], "ValueError", "device_id:")
        s.raises("credentials", [bad_id, "secret", 0], "ValueError", "device_id:")
        s.raises("client_id", ["dev", ts], "ValueError", "sign_type:", {"sign_type": g.r.choice([2, 3, -1, 2 ** 40])})
        s.raises("credentials", ["dev", bad_secret, 0], "ValueError", "secret:")


def add_time(s, g, n):
    for _ in range(n):
        t = g.unix()
        dt = EPOCH + datetime.timedelta(seconds=t)
        s.eq("timestamp", [t], dt.strftime("%Y%m%d%H"))
        s.eq("event_time", [t], dt.strftime("%Y%m%dT%H%M%SZ"))
        s.eq("event_time", [t], dt.strftime("%Y-%m-%dT%H:%M:%S.000Z"), {"millis": True})
        tup = tuple(dt.timetuple())[:g.r.choice([6, 7, 8, 9])]
        s.eq("event_time", [tup], dt.strftime("%Y%m%dT%H%M%SZ"), {"millis": False})
        s.eq("timestamp", [list(tup)], dt.strftime("%Y%m%d%H"))
        f = t + g.r.randint(0, 999) / 1000.0
        if f <= MAX_UNIX + 0.999:
            sec = math.floor(f)
            ms = min(999, max(0, int((f - sec) * 1000)))
            fd = EPOCH + datetime.timedelta(seconds=sec)
            s.eq("event_time", [f], fd.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % ms, {"millis": True})
            s.eq("timestamp", [f], fd.strftime("%Y%m%d%H"))
    # Random tuples, valid or not: validity decided by CPython's datetime.
    for _ in range(n):
        r = g.r
        tup = (r.choice([1969, 1970, 2000, 2100, 2400, 9999, 10000, r.randint(1970, 9999)]), r.randint(0, 13),
               r.randint(0, 32), r.randint(0, 24), r.randint(0, 60), r.randint(0, 60))
        try:
            d = datetime.datetime(*tup)
            ok = 1970 <= tup[0] <= 9999
        except ValueError:
            ok = False
        if ok:
            s.eq("timestamp", [tup], d.strftime("%Y%m%d%H"))
            s.eq("event_time", [tup], d.strftime("%Y%m%dT%H%M%SZ"))
        else:
            s.raises("timestamp", [tup], "ValueError", "t:")
            s.raises("credentials", ["dev", "secret", tup], "ValueError", "t:")
    for bad in (-1, MAX_UNIX + 1, 2 ** 63, -(2 ** 63) - 1, 2 ** 200, -1.5, 1e300, (2000, 1, 1, 0, 0, 0x10000),
                (2000, 1, 1, 0, 0, -1), (2000, 256, 1, 0, 0, 0)):
        s.raises("timestamp", [bad], "ValueError", "t:")
        s.raises("event_time", [bad], "ValueError", "t:")
    for bad in ("2020010100", None, b"x", [2000, 1, 1], {"y": 1}, (2000.0, 1, 1, 0, 0, 0)):
        s.raises("timestamp", [bad], "TypeError", "t")
    # Keep-alive, back-off, time sync.
    for v in [29, 30, 31, 120, 1199, 1200, 1201, 0, -1, 2 ** 32 + 60, 2 ** 70] + [g.r.randint(-100, 2000) for _ in range(n)]:
        if 30 <= v <= 1200:
            s.eq("check_keepalive", [v], v)
        else:
            s.raises("check_keepalive", [v], "ValueError", "seconds:")
    for _ in range(n):
        attempt = g.r.choice([0, 1, 2, 3, 4, 5, 10, 15, 16, 31, 32, 2 ** 32 - 1, 2 ** 32, 2 ** 80, g.r.randint(0, 20)])
        rnd = g.r.choice([0, 199, 200, 2 ** 32 - 1, 2 ** 32, -1, -(2 ** 40), 2 ** 100 + 7, g.r.randint(-2 ** 40, 2 ** 40)])
        rr = 800 + (rnd % 2 ** 32) % 200
        want = min(1000 + (2 ** min(attempt, 64)) * (rr + 800), 30000)
        s.eq("backoff_ms", [attempt, rnd], want)
    s.raises("backoff_ms", [-1, 0], "ValueError", "attempt:")
    for _ in range(n):
        r = g.r
        big = r.random() < 0.2
        vals = [r.randint(INT64_MIN, INT64_MAX) if big else r.randint(0, 2 ** 45) for _ in range(4)]
        total = vals[1] + vals[2] + vals[3] - vals[0]
        half = -((-total) // 2) if total < 0 else total // 2  # halves toward zero
        if INT64_MIN <= half <= INT64_MAX:
            s.eq("time_sync_now", vals, half)
        else:
            s.raises("time_sync_now", vals, "ValueError", "integer out of range")
    s.eq("time_sync_now", [1582685678789, 1582685696152, 1582685708109, 1582685680000], 1582685702736)
    s.raises("time_sync_now", [2 ** 63, 0, 0, 0], "ValueError", "device_send:")
    s.raises("time_sync_now", [0, 1.5, 0, 0], "TypeError", "server_recv:")


def add_topics(s, g, n):
    for _ in range(n):
        device_id = g.device_id()
        for kind, (suffix, tail) in TOPICS.items():
            k = kind_value(kind)
            if tail == "rid":
                rid = g.request_id()
                want = topic_text(kind, device_id, rid)
                s.eq("topic", [k, g.as_text_arg(device_id), g.as_text_arg(rid)], want)
                s.raises("topic", [k, device_id], "ValueError", "request_id:")
                s.eq("parse_topic", [g.as_text_arg(want)], (k, device_id, rid))
                if kind in RESPONSES:
                    s.eq("response_topic", [g.as_text_arg(want)], topic_text(RESPONSES[kind], device_id, rid))
                else:
                    s.raises("response_topic", [want], "ValueError", "request_topic:")
            elif tail == "optrid":
                rid = g.maybe(g.request_id)
                want = topic_text(kind, device_id, rid)
                kw = {} if rid is None else {"request_id": rid}
                s.eq("topic", [k, device_id], want, kw)
                s.eq("parse_topic", [want], (k, device_id, rid))
                s.raises("response_topic", [want], "ValueError", "request_topic:")
            elif tail == "name":
                name = g.user_name()
                want = topic_text(kind, device_id, name)
                s.eq("topic", [k, device_id, name], want)
                s.eq("parse_topic", [want], (k, device_id, name))
                s.raises("topic", [k, device_id, g.r.choice(["", "/a", "a/", "a//b", "a b", "x" * 65, "\u00e9"])],
                         "ValueError", "name:")
            else:
                want = topic_text(kind, device_id, None)
                s.eq("topic", [k, device_id], want)
                s.eq("topic", [k, device_id, None], want)
                s.raises("topic", [k, device_id, "1"], "ValueError", "request_id:")
                s.eq("parse_topic", [want], (k, device_id, None))
            if kind in DOWNLINK:
                s.eq("subscription", [k, g.as_text_arg(device_id)], subscription_text(kind, device_id))
            else:
                s.raises("subscription", [k, device_id], "ValueError", "kind:")
        s.eq("subscriptions", [g.as_text_arg(device_id)], [subscription_text(k, device_id) for k in STANDARD_SUBSCRIPTIONS])
        # Topics that are no IoTDA device topic.
        junk = g.r.choice([
            "", "/", "$oc/devices/", "$oc/devices/%s" % device_id, "$oc/devices/%s/sys/unknown" % device_id,
            "$oc/devices/%s/sys/commands/request_id=" % device_id, "$oc/devices/%s/sys/commands/abc" % device_id,
            "$oc/devices/%s/sys/messages/up?request_id=a/b" % device_id, "$oc/devices/%s/sys/events/up/" % device_id,
            "$oc/devices/bad id/sys/messages/down", "oc/devices/%s/sys/messages/down" % device_id,
            "$oc/devices/%s/user/" % device_id, "$oc/devices/%s/user//x" % device_id, "$oc/m2m/to/x/from/y/request_id=1",
            "$oc/devices/%s/sys/messages/down " % device_id, g.text(30)])
        s.eq("parse_topic", [junk], None)
    for bad in (0, 18, -1, 2 ** 32 + 1, 2 ** 100):
        s.raises("topic", [bad, "dev"], "ValueError", "kind:")
        s.raises("subscription", [bad, "dev"], "ValueError", "kind:")
    for bad in ("", "a b", "x" * 129, "dev/1", "d\u00e9v"):
        s.raises("topic", [kind_value("MESSAGES_UP"), bad], "ValueError", "device_id:")
        s.raises("subscription", [kind_value("MESSAGES_DOWN"), bad], "ValueError", "device_id:")
        s.raises("subscriptions", [bad], "ValueError", "device_id:")
    for bad in ("", "a/b", "a+b", "a#", "a?b", "a\nb", "x" * 129, "\u00e9" * 65, b"\xff"):
        s.raises("topic", [kind_value("COMMAND_RESPONSE"), "dev", bad], "ValueError", "request_id:")


def add_encoders(s, g, n):
    r = g.r
    for i in range(n):
        # properties_report
        sid = g.nonempty_text()
        props = g.props()
        et = g.maybe(g.event_time)
        want = {"services": [optional({"service_id": sid, "properties": to_json_shape(props)}, event_time=et)]}
        args = [g.as_text_arg(sid), props] + ([et] if et is not None else [])
        s.payload("properties_report", args, want)
        # properties_report_services / properties_get_response
        services, shapes = [], []
        for _ in range(r.randint(0, 4)):
            sid, props, et = g.nonempty_text(), g.props(2), g.maybe(g.event_time)
            item = (sid, props) if et is None and r.random() < 0.5 else (sid, props, et)
            services.append(item if r.random() < 0.7 else list(item))
            shapes.append(optional({"service_id": sid, "properties": to_json_shape(props)}, event_time=et))
        s.payload("properties_report_services", [services], {"services": shapes})
        s.payload("properties_get_response", [tuple(services)], {"services": shapes})
        # gateway_report
        devices, dshapes = [], []
        for _ in range(r.randint(0, 3)):
            did = g.device_id()
            sv, sh = [], []
            for _ in range(r.randint(0, 3)):
                sid, props, et = g.nonempty_text(), g.props(1), g.maybe(g.event_time)
                sv.append((sid, props, et))
                sh.append(optional({"service_id": sid, "properties": to_json_shape(props)}, event_time=et))
            devices.append((did, sv))
            dshapes.append({"device_id": did, "services": sh})
        s.payload("gateway_report", [devices], {"devices": dshapes})
        # properties_set_response
        code = r.choice([0, 1, -1, INT64_MIN, INT64_MAX, r.randint(-1000, 1000)])
        desc = g.maybe(g.text)
        kw = optional({}, result_desc=desc)
        if r.random() < 0.8:
            kw["result_code"] = code
        else:
            code = 0
        s.payload("properties_set_response", [], optional({"result_code": code}, result_desc=desc), kw)
        # command_response
        code = r.randint(-5, 5)
        rname = g.maybe(g.text)
        paras = g.maybe(g.props)
        s.payload("command_response", [code, rname, paras],
                  optional({"result_code": code}, response_name=rname, paras=to_json_shape(paras) if paras is not None else None))
        # message
        content = g.props() if r.random() < 0.5 else g.text(40)
        odid, mname, mid = g.maybe(g.device_id), g.maybe(g.text), g.maybe(g.text)
        kw = optional({}, object_device_id=odid, name=mname, id=mid)
        s.payload("message", [content if isinstance(content, dict) else g.as_text_arg(content)],
                  optional({}, object_device_id=odid, name=mname, id=mid, content=to_json_shape(content)), kw)
        # shadow_get_request
        ssid, odid = g.maybe(g.nonempty_text), g.maybe(g.device_id)
        s.payload("shadow_get_request", [], optional({}, object_device_id=odid, service_id=ssid),
                  optional({}, service_id=ssid, object_device_id=odid))
        # event
        sid, etype, paras = g.nonempty_text(), g.nonempty_text(), g.maybe(g.props, 0.8)
        etime, eid, odid = g.maybe(lambda: g.event_time(True)), g.maybe(g.text), g.maybe(g.device_id)
        ev = optional({"service_id": sid, "event_type": etype}, event_time=etime, event_id=eid)
        ev["paras"] = to_json_shape(paras) if paras is not None else {}
        s.payload("event", [sid, etype, paras], optional({}, object_device_id=odid, services=[ev]),
                  optional({}, event_time=etime, event_id=eid, object_device_id=odid))
        # OTA, time sync, SDK info, sub-devices
        sw, fw, etime = g.maybe(g.text), g.maybe(g.text), g.maybe(lambda: g.event_time(True))
        s.payload("ota_version_report", [sw, fw, etime],
                  system_event("OTA_VERSION_REPORT", optional({}, sw_version=sw, fw_version=fw), etime))
        code, version = r.choice([0, 1, 7, 10, 255, r.randint(-(2 ** 40), 2 ** 40)]), g.nonempty_text()
        progress, descr, etime = g.maybe(lambda: r.randint(0, 100)), g.maybe(g.text), g.maybe(lambda: g.event_time(True))
        s.payload("ota_progress_report", [code, g.as_text_arg(version)],
                  system_event("OTA_UPGRADE_PROGRESS_REPORT", optional({"result_code": code}, progress=progress, version=version,
                                                                       description=descr), etime),
                  optional({}, progress=progress, description=descr, event_time=etime))
        ms, etime = r.choice([0, INT64_MAX, INT64_MIN, r.randint(0, 2 ** 45)]), g.maybe(lambda: g.event_time(True))
        s.payload("time_sync_request", [ms, etime], system_event("TIME_SYNC_REQUEST", {"device_send_time": ms}, etime))
        f = {k: g.maybe(g.text) for k in ("device_sdk_version", "sw_version", "fw_version", "device_ip")}
        etime = g.maybe(lambda: g.event_time(True))
        s.payload("sdk_info_report", [], system_event("SDK_INFO_REPORT", optional({}, **f), etime),
                  optional(dict(f), event_time=etime))
        version, etime = r.randint(INT64_MIN, INT64_MAX), g.maybe(lambda: g.event_time(True))
        s.payload("sub_device_sync_request", [version], system_event("SUB_DEVICE_SYNC_REQUEST", {"version": version}, etime),
                  optional({}, event_time=etime))
        devs, dshape = [], []
        for _ in range(r.randint(0, 4)):
            d = {"node_id": g.nonempty_text(), "product_id": g.nonempty_text()}
            for k in ("device_id", "name", "description", "parent_device_id"):
                if r.random() < 0.5:
                    d[k] = g.text()
            devs.append(d)
            dshape.append(dict(d))
        etime, eid = g.maybe(lambda: g.event_time(True)), g.maybe(g.text)
        s.payload("add_sub_devices", [devs], system_event("ADD_SUB_DEVICE_REQUEST", {"devices": dshape}, etime, eid),
                  optional({}, event_time=etime, event_id=eid))
        ids = [g.device_id() for _ in range(r.randint(0, 5))]
        s.payload("delete_sub_devices", [ids, etime, eid], system_event("DELETE_SUB_DEVICE_REQUEST", {"devices": ids}, etime, eid))
        st = [(g.device_id(), r.random() < 0.5) for _ in range(r.randint(0, 5))]
        s.payload("update_sub_device_status", [st], system_event(
            "SUB_DEVICE_UPDATE_STATUS",
            {"device_statuses": [{"device_id": d, "status": "ONLINE" if on else "OFFLINE"} for d, on in st]}, etime, eid),
            optional({}, event_time=etime, event_id=eid))
    # Payloads beyond the 512-byte stack buffer, and huge ints (> the 128-byte text buffer).
    for size in (400, 511, 512, 513, 600, 5000, 40000):
        props = {"v": "a" * size, "n": 10 ** 200, "m": -(10 ** 150)}
        s.payload("properties_report", ["S", props], {"services": [{"service_id": "S", "properties": props}]})
    # Wrong event times (events take the compact form only).
    s.raises("event", ["S", "T", {}], "ValueError", "event_time:", {"event_time": "2020-08-12T12:12:12.333Z"})
    s.raises("properties_report", ["S", {}, "20201312T000000Z"], "ValueError", "event_time:")


def json_dumps_random(r, doc):
    kw = {"ensure_ascii": r.random() < 0.5}
    c = r.random()
    if c < 0.2:
        kw["indent"] = r.choice([0, 1, 2, "\t"])
    elif c < 0.5:
        kw["separators"] = (",", ":")
    return json.dumps(doc, **kw).encode("utf-8")


def strict_loads(payload):
    """CPython's json.loads restricted to RFC 8259 (as the library is): raises
    ValueError for invalid UTF-8, NaN/Infinity, lone surrogates, nesting past
    HWC_JSON_MAX_DEPTH.  (A number beyond the float range reads as inf in both.)"""
    text = payload.decode("utf-8")

    def no_constant(name):
        raise ValueError(name)
    value = json.loads(text, parse_constant=no_constant)

    def walk(v, depth):
        if isinstance(v, str):
            if any(0xD800 <= ord(c) <= 0xDFFF for c in v):
                raise ValueError("lone surrogate")
        elif isinstance(v, (dict, list)):
            if depth >= HDR["HWC_JSON_MAX_DEPTH"]:
                raise ValueError("too deep")
            for k in v:
                walk(k, depth + 1)
                if isinstance(v, dict):
                    walk(v[k], depth + 1)
    walk(value, 0)
    return value


def add_decoders(s, g, n):
    r = g.r

    def variants(payload):
        c = r.random()
        if c < 0.6:
            return payload
        if c < 0.75:
            return ("__bytearray__", payload)
        if c < 0.85:
            return ("__memoryview__", payload)
        try:
            return payload.decode("utf-8")
        except UnicodeDecodeError:
            return payload

    def field(d, k):
        return d.get(k)

    for _ in range(n):
        # loads: any document.
        doc = g.value(3) if r.random() < 0.3 else g.props(4)
        payload = json_dumps_random(r, doc)
        s.eq("loads", [variants(payload)], json.loads(payload))
        # Corrupted documents: valid for CPython (strict) => same value, else ValueError.
        bad = bytearray(payload)
        pos = r.randint(0, len(bad))
        op = r.random()
        if op < 0.3 and len(bad) > 0:
            del bad[min(pos, len(bad) - 1)]
        elif op < 0.6:
            bad[pos:pos] = r.choice([b",", b"]", b"}", b'"', b"\\", b"\x01", b"\xff", b"\xc3", b" ", b"0", b"-", b":", b"[", b"{"])
        else:
            bad = bad[:pos]
        bad = bytes(bad)
        try:
            want, valid = strict_loads(bad), True
        except (ValueError, UnicodeDecodeError, RecursionError):
            want, valid = None, False
        if valid:
            s.eq("loads", [bad], want)
        else:
            s.raises("loads", [bad], "ValueError", "payload:")

        # command_request (null reads as absent; unknown keys are skipped)
        d = optional({}, object_device_id=g.maybe(g.device_id), service_id=g.maybe(g.text), command_name=g.maybe(g.text),
                     paras=g.maybe(g.props, 0.8))
        if r.random() < 0.1:
            d["service_id"] = None
        if r.random() < 0.2:
            d["x_" + g.key()] = g.value(2)
        payload = json_dumps_random(r, d)
        got = json.loads(payload)
        s.eq("command_request", [variants(payload)],
             {k: field(got, k) for k in ("object_device_id", "service_id", "command_name", "paras")})
        # properties_set_request / properties_get_request
        services = [optional({"service_id": g.text(), "properties": g.props()}, event_time=g.maybe(g.event_time))
                    for _ in range(r.randint(0, 4))]
        d = optional({"services": services}, object_device_id=g.maybe(g.device_id))
        payload = json_dumps_random(r, d)
        got = json.loads(payload)
        s.eq("properties_set_request", [variants(payload)], {
            "object_device_id": field(got, "object_device_id"),
            "services": [{"service_id": x["service_id"], "properties": x["properties"], "event_time": field(x, "event_time")}
                         for x in got["services"]]})
        d = optional({}, object_device_id=g.maybe(g.device_id), service_id=g.maybe(g.text))
        payload = json_dumps_random(r, d)
        got = json.loads(payload)
        s.eq("properties_get_request", [variants(payload)],
             {"object_device_id": field(got, "object_device_id"), "service_id": field(got, "service_id")})
        # message_down: system format, or raw (None)
        if r.random() < 0.6:
            d = optional({"content": g.props() if r.random() < 0.5 else g.text(30)}, object_device_id=g.maybe(g.device_id),
                         name=g.maybe(g.text), id=g.maybe(g.text))
            payload = json_dumps_random(r, d)
            got = json.loads(payload)
            s.eq("message_down", [variants(payload)], {k: field(got, k) for k in ("object_device_id", "name", "id", "content")})
        else:
            raw = r.choice([g.text(30).encode(), b"hello", json_dumps_random(r, {"content": "x", "x_" + g.key(): 1}),
                            json_dumps_random(r, {"content": [1, 2]}), json_dumps_random(r, {"name": "n"}),
                            json_dumps_random(r, {"content": "x", "name": 5}), b"[1]", b"", b"{", bytes([0xFF])])
            s.eq("message_down", [raw], None)
        # shadow_response
        entries = []
        for _ in range(r.randint(0, 3)):
            e = {"service_id": g.text()}
            for k in ("desired", "reported"):
                if r.random() < 0.6:
                    e[k] = optional({"properties": g.props()}, event_time=g.maybe(g.event_time))
            if r.random() < 0.6:
                e["version"] = r.randint(0, 2 ** 40)
            entries.append(e)
        d = optional({}, object_device_id=g.maybe(g.device_id), shadow=entries if r.random() < 0.9 else None)
        payload = json_dumps_random(r, d)
        got = json.loads(payload)

        def props_data(p):
            return None if p is None else {"properties": p["properties"], "event_time": field(p, "event_time")}
        s.eq("shadow_response", [variants(payload)], {
            "object_device_id": field(got, "object_device_id"),
            "shadow": [{"service_id": e["service_id"], "desired": props_data(e.get("desired")),
                        "reported": props_data(e.get("reported")), "version": field(e, "version")}
                       for e in (got.get("shadow") or [])]})
        # events
        evs = [random_event(g) for _ in range(r.randint(1, 3))]
        d = optional({"services": evs}, object_device_id=g.maybe(g.device_id))
        payload = json_dumps_random(r, d)
        got = json.loads(payload)
        s.eq("events", [variants(payload)], {
            "object_device_id": field(got, "object_device_id"),
            "services": [{"kind": EVENT_KIND_OF.get((e["service_id"], e["event_type"]), HDR["HWC_EVENT_KIND_UNKNOWN"]),
                          "service_id": e["service_id"], "event_type": e["event_type"],
                          "event_time": field(e, "event_time"), "event_id": field(e, "event_id"),
                          "paras": e["paras"] if e.get("paras") is not None else {}} for e in got["services"]]})
        # bootstrap
        d = optional({"address": "%s:%d" % (g.device_id(), r.randint(1, 65535))}, deviceSecret=g.maybe(g.text))
        payload = json_dumps_random(r, d)
        got = json.loads(payload)
        s.eq("bootstrap", [variants(payload)], {"address": got["address"], "device_secret": field(got, "deviceSecret")})

    # Wrong types, missing required fields, malformed JSON.
    for fname, payload in [
        ("command_request", b'{"paras":[1]}'), ("command_request", b'{"service_id":1}'), ("command_request", b"[]"),
        ("command_request", b"{"), ("command_request", b""),
        ("properties_set_request", b"{}"), ("properties_set_request", b'{"services":{}}'),
        ("properties_set_request", b'{"services":[{"service_id":"s"}]}'),
        ("properties_set_request", b'{"services":[{"service_id":"s","properties":[]}]}'),
        ("properties_set_request", b'{"services":[1]}'),
        ("properties_get_request", b'{"service_id":5}'), ("properties_get_request", b"null"),
        ("shadow_response", b'{"shadow":[{"desired":{}}]}'), ("shadow_response", b'{"shadow":[{"service_id":"s","desired":{}}]}'),
        ("shadow_response", b'{"shadow":[{"service_id":"s","version":1.5}]}'), ("shadow_response", b'{"shadow":5}'),
        ("events", b"{}"), ("events", b'{"services":[{"service_id":"$ota"}]}'),
        ("events", b'{"services":[{"service_id":"$ota","event_type":"firmware_upgrade","paras":{"version":"1"}}]}'),
        ("events", b'{"services":[{"service_id":"$ota","event_type":"firmware_upgrade"}]}'),
        ("events", b'{"services":[{"service_id":"$time_sync","event_type":"time_sync_response","paras":{"device_send_time":"1"}}]}'),
        ("events", b'{"services":[{"service_id":"$sub_device_manager","event_type":"add_sub_device_notify","paras":{"devices":[1]}}]}'),
        ("events", b'{"services":[{"service_id":"$sub_device_manager","event_type":"delete_sub_device_response",'
                   b'"paras":{"successful_devices":[{}]}}]}'),
        ("events", b'{"services":[{"service_id":"$ota","event_type":"x","paras":5}]}'),
        ("bootstrap", b"{}"), ("bootstrap", b'{"address":1}'), ("bootstrap", b'{"address":"a","deviceSecret":2}'),
        ("loads", b"[" * 33 + b"]" * 33), ("loads", b'{"a":' * 33 + b"1" + b"}" * 33), ("loads", b"NaN"),
        ("loads", b"Infinity"), ("loads", b'"\\ud800"'), ("loads", b"1."), ("loads", b"01"), ("loads", b"[1,]"),
        ("loads", b'{"a":1,}'), ("loads", b"\xef\xbb\xbf{}"), ("loads", b'"\x01"'), ("loads", b'"\xc0\xaf"'),
        ("loads", b"1 2"), ("loads", b"tru"), ("loads", b"'a'"), ("loads", b""),
    ]:
        s.raises(fname, [payload], "ValueError", ("payload:", "services[", "shadow["))
    # Deepest accepted nesting, a repeated key (the last one wins, as in CPython), numbers.
    deep = b"[" * 32 + b"]" * 32
    s.eq("loads", [deep], json.loads(deep))
    s.eq("loads", [b'{"a":1,"a":{"b":2},"a":[3]}'], {"a": [3]})
    long_doc = json.dumps({"\u00e9" * 300: ["\U0001f600" * 200, "x" * 1000]}).encode()  # beyond the 96-byte stack buffer
    s.eq("loads", [long_doc], json.loads(long_doc))
    s.eq("loads", [b" \t\r\n[1.5e3, -0, -0.0, 1E-2, 12345678901234567890123456789, -9223372036854775809]\n"],
         [1500.0, 0, -0.0, 0.01, 12345678901234567890123456789, -9223372036854775809])


def random_event(g):
    r = g.r
    if r.random() < 0.25:
        e = {"service_id": g.text(), "event_type": g.text(), "paras": g.props()}
    else:
        name = r.choice(list(EVENTS))
        service_id, event_type = EVENTS[name]
        e = {"service_id": service_id, "event_type": event_type, "paras": event_paras(g, name)}
    if r.random() < 0.5:
        e["event_time"] = g.event_time(True)
    if r.random() < 0.5:
        e["event_id"] = g.text()
    required = ("firmware_upgrade", "software_upgrade", "firmware_upgrade_v2", "software_upgrade_v2",
                "time_sync_response", "add_sub_device_notify", "delete_sub_device_notify")
    if r.random() < 0.1 and e["event_type"] not in required:
        del e["paras"]  # absent paras read as {}
    return e


def event_paras(g, name):
    r = g.r
    t = g.text
    if name == "OTA_VERSION_QUERY":
        return optional({}, task_id=g.maybe(t), sub_device_count=g.maybe(lambda: r.randint(0, 100)),
                        task_ext_info=g.maybe(lambda: g.value(2)))
    if name.startswith("OTA_") and "UPGRADE" in name and "PROGRESS" not in name:
        return optional({"version": t(), "url": "https://%s/%s" % (g.device_id(), g.device_id())},
                        file_size=g.maybe(lambda: r.randint(0, 2 ** 40)), file_name=g.maybe(t), access_token=g.maybe(t),
                        expires=g.maybe(lambda: r.randint(0, 86400)), sign=g.maybe(lambda: "%064x" % r.getrandbits(256)),
                        custom_info=g.maybe(lambda: g.value(2)), task_id=g.maybe(t),
                        sub_device_count=g.maybe(lambda: r.randint(0, 100)), task_ext_info=g.maybe(lambda: g.value(2)))
    if name == "TIME_SYNC_RESPONSE":
        return {"device_send_time": r.randint(0, 2 ** 45), "server_recv_time": r.randint(INT64_MIN, INT64_MAX),
                "server_send_time": r.randint(0, 2 ** 45)}

    def device_info():
        d = {k: g.text() for k in ("parent_device_id", "node_id", "device_id", "name", "description", "manufacturer_id",
                                   "model", "product_id", "fw_version", "sw_version", "status") if r.random() < 0.5}
        if r.random() < 0.3:
            d["extension_info"] = g.value(2)
        return d

    def failed():
        return optional({}, device_id=g.maybe(g.device_id), node_id=g.maybe(t), product_id=g.maybe(t),
                        error_code=g.maybe(lambda: r.choice([t(), r.randint(0, 999)])), error_msg=g.maybe(t))
    if name in ("ADD_SUB_DEVICE_NOTIFY", "DELETE_SUB_DEVICE_NOTIFY"):
        return optional({"devices": [device_info() for _ in range(r.randint(0, 3))]},
                        version=g.maybe(lambda: r.randint(0, 2 ** 40)))
    if name == "DELETE_SUB_DEVICE_RESPONSE":
        return {"successful_devices": [g.device_id() for _ in range(r.randint(0, 3))],
                "failed_devices": [failed() for _ in range(r.randint(0, 2))]}
    if name.endswith("_RESPONSE") and "SUB_DEVICE" in name:
        return {"successful_devices": [device_info() for _ in range(r.randint(0, 3))],
                "failed_devices": [failed() for _ in range(r.randint(0, 2))]}
    return g.props()


# ---------------------------------------------------------------------------
# The examples of docs/python-api.md: every ">>> " line in a python block is
# run (an expression's repr, or "Type: message" for an exception, must equal
# the lines that follow it).

DOCS = os.path.join(ROOT, "docs", "python-api.md")


def doc_examples():
    examples, block, current = [], False, None
    for line in open(DOCS, encoding="utf-8"):
        stripped = line.strip()
        if stripped.startswith("```"):
            block, current = stripped == "```python", None
        elif block and stripped.startswith(">>> "):
            current = [stripped[4:], ""]
            examples.append(current)
        elif current is not None and stripped and not current[1]:
            current[1] = stripped  # one output line per example
        else:
            current = None
    return [tuple(e) for e in examples]


def check_docs(micropython, tmp):
    import ast
    examples = doc_examples()
    script = ["import huaweicloud", "def _show(f):", "    try:", "        r = f()",
              "        if r is not None: print(repr(r))", "    except Exception as e:",
              "        print('%s: %s' % (type(e).__name__, e))", "    print('\\x00')"]
    for src, _ in examples:
        tree = ast.parse(src)
        if len(tree.body) == 1 and isinstance(tree.body[0], ast.Expr):
            script.append("_show(lambda: (%s))" % src)
        else:
            script.append("exec(%r, globals())" % src)
            script.append("print('\\x00')")
    path = os.path.join(tmp, "docs_examples.py")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(script) + "\n")
    out = subprocess.run([micropython, path], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60)
    got = out.stdout.decode("utf-8", "replace").split("\x00\n")
    failures = 0
    for i, (src, want) in enumerate(examples):
        have = got[i].strip() if i < len(got) else "<no output>"
        if have != want:
            failures += 1
            print("FAIL docs example >>> %s\n     documented: %s\n     actual:     %s" % (src, want, have))
    return len(examples), failures


# ---------------------------------------------------------------------------
# micropython-glue/huaweicloud.pyi against the module and against the
# signatures test_errors.py calls with keywords.

PYI = os.path.join(ROOT, "micropython-glue", "huaweicloud.pyi")


def check_pyi(functions, constants):
    import ast
    tree = ast.parse(open(PYI, encoding="utf-8").read())
    sigs, names = {}, set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            a = node.args
            params = [x.arg for x in a.posonlyargs] + (["/"] if a.posonlyargs else []) + [x.arg for x in a.args]
            params += (["*"] if a.kwonlyargs else []) + [x.arg for x in a.kwonlyargs]
            sigs[node.name] = " ".join(params)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.target.id.isupper():
            names.add(node.target.id)
    problems = []
    if set(sigs) != set(functions):
        problems.append("functions: pyi only %s, module only %s" % (sorted(set(sigs) - set(functions)),
                                                                     sorted(set(functions) - set(sigs))))
    if names != set(constants):
        problems.append("constants: pyi only %s, module only %s" % (sorted(names - set(constants)),
                                                                     sorted(set(constants) - names)))
    tests = open(os.path.join(HERE, "test_errors.py"), encoding="utf-8").read()
    tested = ast.literal_eval(tests[tests.index("SIGS = {") + 7:tests.index("\n}\n", tests.index("SIGS = {")) + 2])
    for fname, sig in tested.items():
        if sigs.get(fname) != sig:
            problems.append("%s: pyi (%s) != test_errors (%s)" % (fname, sigs.get(fname), sig))
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--micropython", default=os.path.join(ROOT, "build", "micropython"))
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--count", type=int, default=500, help="random inputs per function group (default 500)")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    seed = args.seed if args.seed is not None else int(os.environ.get("HWC_ORACLE_SEED", random.randrange(2 ** 32)))
    print("oracle: seed %d (replay: --seed %d), %d per group" % (seed, seed, args.count))
    started = time.time()

    g = Gen(seed)
    s = Suite()
    add_credentials(s, g, args.count)
    add_time(s, g, args.count)
    add_topics(s, g, max(1, args.count // 8))
    add_encoders(s, g, args.count)
    add_decoders(s, g, args.count)

    with tempfile.TemporaryDirectory() as tmp:
        cases_path = os.path.join(tmp, "cases.txt")
        out_path = os.path.join(tmp, "out.txt")
        with open(cases_path, "w", encoding="utf-8") as f:
            for i, (fname, a, kw, _) in enumerate(s.cases):
                f.write(repr((i, fname, a, kw)) + "\n")
        # A large heap: eval() of every case line interns its string literals
        # as qstrs, which are never freed (the module itself does not grow the
        # heap: test_memory.py checks that).
        proc = subprocess.run([args.micropython, "-X", "heapsize=64m", os.path.join(HERE, "oracle_runner.py"),
                               cases_path, out_path], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300)
        if proc.returncode != 0:
            print(proc.stdout.decode(errors="replace")[-3000:])
            print("oracle: FAILED (runner exit %d)" % proc.returncode)
            return 1
        # Our own subprocess's reprs; `inf`/`nan` may appear in decoded floats.
        env = {"__builtins__": {}, "inf": math.inf, "nan": math.nan}
        lines = [eval(line, env) for line in open(out_path, encoding="utf-8")]

        n_examples, failures = check_docs(args.micropython, tmp)

    module = dict(lines[0][1])
    results = {cid: res for cid, res in lines[1:-1]}
    after = lines[-1]
    per_fn = {}
    for i, (fname, a, kw, check) in enumerate(s.cases):
        per_fn[fname] = per_fn.get(fname, 0) + 1
        res = results.get(i)
        problem = "no result" if res is None else check(res)
        if problem:
            failures += 1
            if failures <= 25:
                print("FAIL #%d %s%s %r\n     %s" % (i, fname, repr(a) if len(repr(a)) < 300 else "(...)", kw, problem))
    # The interpreter is still fine after every error.
    want = hmac.new(b"2025041401", b"12345678", hashlib.sha256).hexdigest()
    if after != ("__after__", want):
        failures += 1
        print("FAIL interpreter state after all cases: %r" % (after,))
    # Coverage guard: every function has cases, every encoder into= cases, and
    # the constants are exactly the header's.
    functions = {k for k, v in module.items() if v == "<function>"}
    constants = {k: v for k, v in module.items() if v != "<function>"}
    missing = sorted(functions - set(per_fn))
    if missing:
        failures += 1
        print("FAIL coverage: functions without oracle cases: %s" % ", ".join(missing))
    unknown = sorted(set(per_fn) - functions)
    if unknown:
        failures += 1
        print("FAIL coverage: cases for functions the module lacks: %s" % ", ".join(unknown))
    encoders = set(s.n_payload)
    if encoders != s.into_for:
        failures += 1
        print("FAIL coverage: encoders without into= cases: %s" % ", ".join(sorted(encoders - s.into_for)))
    for problem in check_pyi(functions, constants):
        failures += 1
        print("FAIL huaweicloud.pyi: " + problem)
    want_constants = expected_module_constants()
    if constants != want_constants:
        failures += 1
        print("FAIL constants: module %r\n     header %r" % (
            {k: v for k, v in constants.items() if want_constants.get(k) != v},
            {k: v for k, v in want_constants.items() if constants.get(k) != v}))
    if args.verbose:
        for fname in sorted(per_fn):
            print("  %-28s %5d cases%s" % (fname, per_fn[fname], "  (+into=)" if fname in s.into_for else ""))
    print("oracle: %d cases over %d functions and %d constants (%d encoders, all with into=), %d docs examples, %.1f s: %s" % (
        len(s.cases), len(per_fn), len(constants), len(encoders), n_examples, time.time() - started,
        "FAILED (%d)" % failures if failures else "all passed"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
