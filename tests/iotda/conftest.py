"""Fixtures for the local-IoTDA tests: one broker (+TLS) and one platform per module."""
import secrets

import pytest

from . import broker as iotda_broker
from .paho_device import Device
from .platform import Platform

LONG_ID = ("p" * 60) + "_" + ("n-" * 33) + "x"  # 128 chars of [A-Za-z0-9_-]
assert len(LONG_ID) == 128

#: device id -> secret (random per run: credentials are computed, never pasted)
DEVICES = {
    "dev1": secrets.token_hex(8),
    "dev10": secrets.token_hex(8),
    "dev2": secrets.token_hex(8),
    "5fbbb784b4ec2202e982e643_node-01": secrets.token_hex(12),
    LONG_ID: secrets.token_hex(16),
}


@pytest.fixture(scope="module")
def broker():
    with iotda_broker.Broker(DEVICES, tls=True) as b:
        yield b


@pytest.fixture(scope="module")
def platform(broker):
    with Platform.for_broker(broker) as p:
        yield p


@pytest.fixture
def device(broker):
    """device(device_id, **kw) -> connected Device; all closed after the test."""
    made = []

    def make(device_id="dev1", secret=None, **kw):
        d = Device(broker, device_id, DEVICES[device_id] if secret is None else secret, **kw)
        made.append(d)
        return d.connect()
    yield make
    for d in made:
        d.close()


@pytest.fixture(scope="session", autouse=True)
def no_leftover_brokers():
    yield
    left = iotda_broker.our_processes()
    assert not left, "mosquitto left running: %s" % left
    bad = [(pid, a) for pid, addrs in iotda_broker.LISTENED for a in addrs
           if a[0] != iotda_broker.HOST]
    assert not bad, "a broker listened beyond %s: %s" % (iotda_broker.HOST, bad)
