"""A paho-mqtt device for the local-IoTDA tests (CPython stands in for a real device).

Credentials come from ``broker.credentials`` (CPython's hmac), never from the
project's code.  Every wait is bounded.
"""
import json
import threading
import time

import paho.mqtt.client as mqtt

from .broker import credentials


def try_connect(broker, client_id, username, password, keepalive=120, tls=False,
                protocol=mqtt.MQTTv311, timeout=5.0):
    """CONNECT once, return the CONNACK ReasonCode, disconnect. No background thread."""
    got = []
    c = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=client_id, protocol=protocol)
    if username is not None:
        c.username_pw_set(username, password)
    if tls:
        c.tls_set(ca_certs=broker.cafile)
    c.on_connect = lambda cl, ud, fl, rc, pr: got.append(rc)
    try:
        c.connect(broker.host, broker.tls_port if tls else broker.port, keepalive)
        deadline = time.monotonic() + timeout
        while not got and time.monotonic() < deadline:
            rc = c.loop(timeout=0.05)
            if rc != mqtt.MQTT_ERR_SUCCESS and not got:
                raise ConnectionError("connection lost before CONNACK: %s" % mqtt.error_string(rc))
        if not got:
            raise TimeoutError("no CONNACK within %.1f s" % timeout)
        if not got[0].is_failure:
            c.disconnect()
            c.loop(timeout=0.05)
        return got[0]
    finally:
        sock = c.socket()
        if sock is not None:
            sock.close()


class Device:
    """A connected device: subscribe/publish with bounded waits, records what it receives."""

    def __init__(self, broker, device_id, secret, sign_type=0, timestamp=None, keepalive=120,
                 tls=False, protocol=mqtt.MQTTv311):
        self.broker = broker
        self.device_id = device_id
        self.client_id, username, pw = credentials(device_id, secret, sign_type, timestamp)
        self.received = []  # (topic, payload bytes)
        self.handlers = []  # callables(topic, payload) run on the network thread
        self._cond = threading.Condition()
        self._connack = []
        self._acks = {}
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=self.client_id,
                                  protocol=protocol)
        self.client.username_pw_set(username, pw)
        if tls:
            self.client.tls_set(ca_certs=broker.cafile)
        self.tls = tls
        self.keepalive = keepalive
        self.client.on_connect = self._on_connect
        self.client.on_subscribe = self._on_subscribe
        self.client.on_message = self._on_message
        self._running = False

    @property
    def prefix(self):
        return "$oc/devices/%s/" % self.device_id

    def _on_connect(self, client, userdata, flags, rc, props):
        with self._cond:
            self._connack.append(rc)
            self._cond.notify_all()

    def _on_subscribe(self, client, userdata, mid, rcs, props):
        with self._cond:
            self._acks[mid] = rcs
            self._cond.notify_all()

    def _on_message(self, client, userdata, msg):
        with self._cond:
            self.received.append((msg.topic, bytes(msg.payload)))
            self._cond.notify_all()
        for h in list(self.handlers):
            h(msg.topic, bytes(msg.payload))

    def _wait(self, pred, timeout, what):
        deadline = time.monotonic() + timeout
        with self._cond:
            while not pred():
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError("%s: no %s within %.1f s" % (self.client_id, what, timeout))
                self._cond.wait(min(left, 0.5))

    def connect(self, timeout=5.0):
        b = self.broker
        self.client.connect(b.host, b.tls_port if self.tls else b.port, self.keepalive)
        self.client.loop_start()
        self._running = True
        try:
            self._wait(lambda: self._connack, timeout, "CONNACK")
            if self._connack[0].is_failure:
                raise ConnectionRefusedError("%s: %s" % (self.client_id, self._connack[0]))
        except BaseException:
            self.close()
            raise
        return self

    def close(self):
        if self._running:
            self._running = False
            try:
                self.client.disconnect()
            finally:
                self.client.loop_stop()

    def __enter__(self):
        return self.connect()

    def __exit__(self, *exc):
        self.close()
        return False

    def subscribe(self, topic_filter, qos=1, timeout=5.0):
        """Returns the SUBACK reason codes (a failure code when the broker refuses)."""
        rc, mid = self.client.subscribe(topic_filter, qos)
        if rc != mqtt.MQTT_ERR_SUCCESS:
            raise ConnectionError(mqtt.error_string(rc))
        self._wait(lambda: mid in self._acks, timeout, "SUBACK")
        return self._acks[mid]

    def publish(self, topic, payload, qos=1, retain=False, timeout=5.0):
        data = payload if isinstance(payload, (bytes, bytearray, str)) else json.dumps(payload)
        info = self.client.publish(topic, data, qos=qos, retain=retain)
        if info.rc != mqtt.MQTT_ERR_SUCCESS:
            raise ConnectionError(mqtt.error_string(info.rc))
        if qos > 0:
            info.wait_for_publish(timeout)
            if not info.is_published():
                raise TimeoutError("%s: no PUBACK/PUBCOMP within %.1f s" % (self.client_id, timeout))
        return info

    def wait_message(self, pred, timeout=5.0, since=0):
        """First received (topic, payload) at index >= since with pred(topic, payload)."""
        found = []

        def check():
            for t, p in self.received[since:]:
                if pred(t, p):
                    found.append((t, p))
                    return True
            return False
        self._wait(check, timeout, "matching message")
        return found[0]

    def answer_requests(self, command=None, properties_set=None, properties_get=None):
        """Subscribe to commands / properties set / get and answer each on the matching
        response topic. Each argument is a function(request dict) -> response dict, or
        None to leave that kind unanswered."""
        table = {"commands": command, "properties/set": properties_set,
                 "properties/get": properties_get}

        def handler(topic, payload):
            for what, fn in table.items():
                head = self.prefix + "sys/" + what + "/request_id="
                if fn is not None and topic.startswith(head):
                    rid = topic[len(head):]
                    body = fn(json.loads(payload))
                    self.client.publish(self.prefix + "sys/" + what + "/response/request_id=" + rid,
                                        json.dumps(body), qos=1)
        self.handlers.append(handler)
        for what, fn in table.items():
            if fn is not None:
                rcs = self.subscribe(self.prefix + "sys/" + what + "/#", qos=1)
                if any(rc.is_failure for rc in rcs):
                    raise PermissionError("subscribe %s refused" % what)
