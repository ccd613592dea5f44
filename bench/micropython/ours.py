# The same work as baseline.py through the huaweicloud module, on build/micropython.
import harness
import huaweicloud as hc
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

BUF = bytearray(1024)


def password():
    return hc.password(SECRET, TIMESTAMP)


def connection():
    client_id, username, pw = hc.credentials(DEVICE_ID, SECRET, T)
    report = hc.topic(hc.PROPERTIES_REPORT, DEVICE_ID)
    sub = hc.subscription(hc.COMMAND_REQUEST, DEVICE_ID)
    return client_id, username, pw, report, sub


def report1():
    return hc.properties_report(SERVICE_ID, PROPS1)


def report5():
    return hc.properties_report(SERVICE_ID, PROPS5)


def report20():
    return hc.properties_report(SERVICE_ID, PROPS20)


# The into= form writes into a caller's bytearray and returns the length.
def report1_into():
    return hc.properties_report(SERVICE_ID, PROPS1, into=BUF)


def report5_into():
    return hc.properties_report(SERVICE_ID, PROPS5, into=BUF)


def report20_into():
    return hc.properties_report(SERVICE_ID, PROPS20, into=BUF)


def command():
    parsed = hc.parse_topic(COMMAND_TOPIC)
    if parsed is None or parsed[0] != hc.COMMAND_REQUEST:
        return None
    _, device_id, request_id = parsed
    req = hc.command_request(COMMAND_PAYLOAD)
    name = req.get("command_name")
    service = req.get("service_id")
    paras = req.get("paras")
    rtopic = hc.response_topic(COMMAND_TOPIC)
    resp = hc.command_response(0, "COMMAND_RESPONSE", {"result": "success"})
    return device_id, request_id, name, service, paras, rtopic, resp


# Informational: each call alone, to show where the time of the composite ops goes (compare with
# the Rust-level figures of the same functions in build/bench-rust.json).
PARTS = [
    ("part/timestamp", lambda: hc.timestamp(T)),
    ("part/client_id", lambda: hc.client_id(DEVICE_ID, TIMESTAMP)),
    ("part/credentials", lambda: hc.credentials(DEVICE_ID, SECRET, T)),
    ("part/topic", lambda: hc.topic(hc.PROPERTIES_REPORT, DEVICE_ID)),
    ("part/subscription", lambda: hc.subscription(hc.COMMAND_REQUEST, DEVICE_ID)),
    ("part/parse_topic", lambda: hc.parse_topic(COMMAND_TOPIC)),
    ("part/command_request", lambda: hc.command_request(COMMAND_PAYLOAD)),
    ("part/response_topic", lambda: hc.response_topic(COMMAND_TOPIC)),
    ("part/command_response", lambda: hc.command_response(0, "COMMAND_RESPONSE", {"result": "success"})),
]

harness.run(
    [
        ("password", password),
        ("connection", connection),
        ("report1", report1),
        ("report5", report5),
        ("report20", report20),
        ("report1_into", report1_into),
        ("report5_into", report5_into),
        ("report20_into", report20_into),
        ("command", command),
    ]
    + PARTS
)
