"""Runs after test_broker.py (files run in name order): its module-scoped brokers are
stopped by now, so no mosquitto we started may be alive, and none listened beyond
127.0.0.1.  (conftest.py's session fixture checks the same once more at the very end.)"""
from . import broker as iotda_broker


def test_no_mosquitto_left_running():
    # every broker's command line names its work dir: look for those in /proc
    assert iotda_broker.our_processes() == []


def test_nothing_listened_beyond_loopback():
    addrs = [a for _pid, listened in iotda_broker.LISTENED for a in listened]
    assert all(ip == "127.0.0.1" for ip, _port in addrs), addrs
