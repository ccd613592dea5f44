"""HOST STAND-IN for QuecPython's ``umqtt`` module (``MQTTClient``), written for this project.

It lets the examples in ``examples/*.py`` run in the host interpreter ``build/micropython``
against the local IoTDA (``tests/iotda``). MQTT 3.1.1 (``version=4``, or 3.1 with
``version=3``) over the host's plain TCP sockets, QoS 0 and 1.

Same constructor and methods as QuecPython's client::

    MQTTClient(client_id, server, port=0, user=None, password=None, keepalive=0,
               ssl=False, ssl_params={}, reconn=True, version=4)
    connect(clean_session=True) -> 0         publish(topic, msg, retain=False, qos=0)
    subscribe(topic, qos=0)                   set_callback(f)   # f(topic: bytes, msg: bytes)
    wait_msg() / check_msg()                  ping()   disconnect()   close()
    set_last_will(topic, msg, retain=False, qos=0)   error_register_cb(f)

Where it differs from QuecPython's client (deliberately, and what the examples rely on):

- **No TLS.** The host interpreter has no ``ssl`` module: ``connect()`` with ``ssl=True``
  raises ``NotImplementedError``. Use ``ssl=False`` and port 1883 on the host.
- **No background thread.** It never pings and never reconnects by itself; ``reconn`` is
  accepted and ignored. The application sends ``ping()`` (as with micropython-lib's
  ``umqtt.simple``) and reconnects itself.
- **A closed connection raises** ``OSError(-1)`` from ``wait_msg()``/``check_msg()``/``publish()``
  (QuecPython's returns None there and, with ``reconn=True``, reconnects with the old credentials).
- **A refused CONNACK raises** ``MQTTException(code)``; ``e.args[0]`` is the CONNACK return code
  (QuecPython wraps it: ``ValueError("MQTT Connect error='5' FAIL")``; micropython-lib's
  ``umqtt.simple`` raises ``MQTTException(code)`` too). A refused subscription (SUBACK 0x80)
  raises ``MQTTException(0x80)``.
- **QoS 1 publish** waits up to ``ACK_TIMEOUT`` seconds for its PUBACK, passing messages that
  arrive meanwhile to the callback, then raises ``OSError(ETIMEDOUT)``. (QuecPython's waits
  5 s for a PUBACK read by another thread and only logs a warning.)
- Exceptions raised by the callback propagate (QuecPython's logs them), so that a test sees them.
- ``check_msg()``/``wait_msg()`` return None when nothing was processed, the packet type byte
  for a PUBLISH (e.g. 0x30/0x32) or a SUBACK/UNSUBACK, and ``b"\\xd0"`` for a PINGRESP, as
  QuecPython's does.
"""
import errno
import socket
import struct

import utime


class MQTTException(Exception):
    pass


def _bytes(s):
    return s.encode() if isinstance(s, str) else bytes(s)


def _str(s):
    b = _bytes(s)
    return struct.pack("!H", len(b)) + b


def _varlen(n):
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


class MQTTClient:
    CONNECT_TIMEOUT = 20  # s, TCP connect and CONNACK (QuecPython's socket timeout)
    READ_TIMEOUT = 10     # s, the rest of a packet once its first byte has arrived
    WRITE_TIMEOUT = 10    # s
    ACK_TIMEOUT = 10      # s, PUBACK / SUBACK

    def __init__(self, client_id, server, port=0, user=None, password=None, keepalive=0,
                 ssl=False, ssl_params={}, reconn=True, version=4):
        if port == 0:
            port = 8883 if ssl else 1883
        if keepalive != 0 and keepalive < 5:
            raise ValueError("inport parameter error : keepalive >= 5S")  # QuecPython's check
        if version not in (3, 4):
            raise ValueError("version must be 3 (MQTT 3.1) or 4 (MQTT 3.1.1)")
        self.client_id = client_id
        self.server = server
        self.port = port
        self.user = user
        self.pswd = password
        self.keepalive = keepalive
        self.ssl = ssl
        self.ssl_params = ssl_params
        self.reconn = reconn  # ignored: this client never reconnects by itself
        self.mqttversion = version
        self.sock = None
        self.cb = None
        self.error_callback = None
        self.lw = None
        self.pid = 0
        self._pending = set()  # QoS 1 packet ids waiting for their PUBACK
        self._subacks = {}     # packet id -> SUBACK return code

    # -- configuration ------------------------------------------------------------------
    def set_callback(self, f):
        self.cb = f

    def error_register_cb(self, f):
        self.error_callback = f  # kept for API compatibility; never called (no thread)

    def set_last_will(self, topic, msg, retain=False, qos=0):
        if not topic or not 0 <= qos <= 2:
            raise ValueError("bad last will")
        self.lw = (topic, msg, retain, qos)

    # -- wire ---------------------------------------------------------------------------
    def _next_pid(self):
        self.pid = self.pid + 1 if self.pid < 65535 else 1
        return self.pid

    def _send(self, first, body=b""):
        if self.sock is None:
            raise OSError(errno.ENOTCONN)
        data = memoryview(bytes([first]) + _varlen(len(body)) + body)
        self.sock.settimeout(self.WRITE_TIMEOUT)
        while data:
            n = self.sock.write(data)
            if not n:
                raise OSError(-1)
            data = data[n:]

    def _read_exact(self, n):
        buf = b""
        while len(buf) < n:
            chunk = self.sock.read(n - len(buf))
            if not chunk:
                raise OSError(-1)  # closed by the server
            buf += chunk
        return buf

    def _read_packet(self, timeout):
        """(type byte, body) of the next packet, or None if none arrives. timeout: None waits
        forever, 0 polls, > 0 waits that many seconds (then OSError ETIMEDOUT)."""
        if self.sock is None:
            raise OSError(errno.ENOTCONN)
        if timeout == 0:
            self.sock.setblocking(False)
            try:
                first = self.sock.read(1)
            finally:
                self.sock.setblocking(True)
            if first is None:
                return None
            if first == b"":
                raise OSError(-1)
        else:
            self.sock.settimeout(timeout)
            first = self._read_exact(1)
        self.sock.settimeout(self.READ_TIMEOUT)
        n = shift = 0
        while True:
            b = self._read_exact(1)[0]
            n |= (b & 0x7F) << shift
            if not b & 0x80:
                break
            shift += 7
            if shift > 21:
                raise MQTTException("bad remaining length")
        return first[0], (self._read_exact(n) if n else b"")

    def _handle(self, packet):
        """Process one received packet; returns what wait_msg() returns for it."""
        if packet is None:
            return None
        op, body = packet
        kind = op & 0xF0
        if kind == 0x30:  # PUBLISH
            qos = (op >> 1) & 3
            tlen = (body[0] << 8) | body[1]
            topic = body[2:2 + tlen]
            pos = 2 + tlen
            pid = None
            if qos:
                if qos == 2:
                    raise MQTTException("QoS 2 PUBLISH received; never subscribe with QoS 2")
                pid = (body[pos] << 8) | body[pos + 1]
                pos += 2
            try:
                if self.cb is not None:
                    self.cb(topic, body[pos:])
            finally:
                if pid is not None:
                    self._send(0x40, struct.pack("!H", pid))  # PUBACK
            return op
        if kind == 0x40:  # PUBACK
            self._pending.discard((body[0] << 8) | body[1])
            return None
        if kind == 0x90:  # SUBACK
            self._subacks[(body[0] << 8) | body[1]] = body[2]
            return op
        if kind == 0xD0:  # PINGRESP
            return b"\xd0"
        if kind == 0xB0:  # UNSUBACK
            return op
        raise MQTTException("unexpected packet type 0x%02x" % op)

    def _wait(self, done, what):
        """Process packets until done() is true, at most ACK_TIMEOUT seconds."""
        start = utime.ticks_ms()
        while not done():
            left = self.ACK_TIMEOUT * 1000 - utime.ticks_diff(utime.ticks_ms(), start)
            if left <= 0:
                raise OSError(errno.ETIMEDOUT, "no %s" % what)
            self._handle(self._read_packet(max(left, 1) / 1000))

    # -- the API --------------------------------------------------------------------------
    def connect(self, clean_session=True):
        if self.ssl:
            raise NotImplementedError("HOST STAND-IN umqtt: no TLS on the host interpreter "
                                      "(no ssl module); use ssl=False and port 1883")
        addr = socket.getaddrinfo(self.server, self.port)[0][-1]
        sock = socket.socket()
        try:  # TCP_NODELAY (Linux: IPPROTO_TCP 6, TCP_NODELAY 1): no Nagle + delayed-ACK stalls
            sock.setsockopt(6, 1, 1)
        except OSError:
            pass
        sock.settimeout(self.CONNECT_TIMEOUT)
        try:
            sock.connect(addr)
        except BaseException:
            sock.close()
            raise
        self.sock = sock
        self._pending = set()
        self._subacks = {}
        flags = 0x02 if clean_session else 0
        payload = _str(self.client_id)
        if self.lw:
            topic, msg, retain, qos = self.lw
            flags |= 0x04 | (qos << 3) | (0x20 if retain else 0)
            payload += _str(topic) + _str(msg)
        if self.user is not None:
            flags |= 0x80
            payload += _str(self.user)
        if self.pswd is not None:
            flags |= 0x40
            payload += _str(self.pswd)
        if self.mqttversion == 3:
            head = _str(b"MQIsdp") + b"\x03"
        else:
            head = _str(b"MQTT") + b"\x04"
        try:
            self._send(0x10, head + bytes([flags]) + struct.pack("!H", self.keepalive) + payload)
            op, body = self._read_packet(self.CONNECT_TIMEOUT)
            if op != 0x20 or len(body) != 2:
                raise MQTTException("expected CONNACK, got packet type 0x%02x" % op)
            if body[1] != 0:
                raise MQTTException(body[1])  # the CONNACK return code
        except BaseException:
            self.close()
            raise
        return 0

    def publish(self, topic, msg, retain=False, qos=0):
        if qos not in (0, 1):
            raise ValueError("qos must be 0 or 1")
        msg = _bytes(msg)
        pid = self._next_pid() if qos else None
        body = _str(topic) + (struct.pack("!H", pid) if qos else b"") + msg
        if qos:
            self._pending.add(pid)
        self._send(0x30 | (qos << 1) | (1 if retain else 0), body)
        if qos:
            self._wait(lambda: pid not in self._pending, "PUBACK")

    def subscribe(self, topic, qos=0):
        if self.cb is None:
            raise ValueError("Subscribe callback is not set")
        pid = self._next_pid()
        self._send(0x82, struct.pack("!H", pid) + _str(topic) + bytes([qos]))
        self._wait(lambda: pid in self._subacks, "SUBACK")
        code = self._subacks.pop(pid)
        if code == 0x80:
            raise MQTTException(code)

    def wait_msg(self):
        return self._handle(self._read_packet(None))

    def check_msg(self):
        return self._handle(self._read_packet(0))

    def ping(self):
        self._send(0xC0)

    def disconnect(self):
        try:
            if self.sock is not None:
                self._send(0xE0)
        finally:
            self.close()

    def close(self):
        if self.sock is not None:
            try:
                self.sock.close()
            finally:
                self.sock = None
