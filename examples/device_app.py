"""A complete Huawei Cloud IoTDA device application in MicroPython, built on `huaweicloud`.

What it does, in the order a device does it:

1. checks its configuration (device id, keep-alive with `huaweicloud.check_keepalive`, TLS CA);
2. computes FRESH credentials (client id, username, password) from DEVICE_ID, SECRET and
   the current UTC hour before EVERY connection attempt, and connects (TLS on 8883 with the
   server certificate verified, or plain MQTT on 1883 for the local test broker);
3. subscribes to the standard downlink topics (`huaweicloud.subscriptions`);
4. reports its firmware version (`$ota` version_report), its properties, and asks the
   platform for the time (`$time_sync` time_sync_request);
5. answers commands, properties set and properties get on the response topic of each
   request (same request id), a `version_query` with a new version report, and corrects its
   clock from the `time_sync_response` (`huaweicloud.time_sync_now`);
6. reports its properties every REPORT_INTERVAL_S seconds and sends a PINGREQ when it has
   sent nothing for half the keep-alive (umqtt.simple never pings by itself);
7. on a lost connection waits `huaweicloud.backoff_ms(attempt, random)` and connects again
   with fresh credentials; a refused CONNACK (wrong secret, bad client id...) stops it;
8. stops after RUN_SECONDS or MAX_REQUESTS answered requests (tests), or on Ctrl-C
   (KeyboardInterrupt): it disconnects cleanly.

Product model of the example: service "Environment" (temperature, humidity; read-only) and
service "Device" (light_on, label, report_interval; writable); command "ON_OFF" with
paras {"value": "0" | "1"}.

UTC clock: `net.nitzTime()[1]` on QuecPython, `utime.time()` elsewhere (set it to UTC);
once the platform answered a time sync, the platform's time. QuecPython's
`utime.localtime(secs)`/`mktime()` add 8 hours: never used.

Runs on QuecPython (`from umqtt import MQTTClient`) and on MicroPython boards with
micropython-lib's `umqtt.simple`, using only the API both share. On the build machine:
`build/micropython` + the host stand-ins (tests/micropython/hostlib) with USE_TLS = 0;
see examples/README.md.

Exit codes: 0 stopped (RUN_SECONDS, MAX_REQUESTS or Ctrl-C) after connecting, 1 an
unexpected error (traceback), 2 bad configuration (nothing sent), 3 refused by the platform
(CONNACK 1, 2, 4 or 5: retrying with the same settings cannot help), 4 RUN_SECONDS ran out
before any connection was accepted.
"""
import sys

import huaweicloud
import utime

try:
    from umqtt import MQTTClient  # QuecPython
    QUECPYTHON_UMQTT = True
except ImportError:
    from umqtt.simple import MQTTClient  # micropython-lib
    QUECPYTHON_UMQTT = False

try:
    import net  # QuecPython: network (NITZ) time
except ImportError:
    net = None

# --------------------------------------------------------------------------------------
# Configuration
HOST = "xxxxxxxxxx.iot-mqtts.cn-north-4.myhuaweicloud.com"  # IoTDA console: Access details
USE_TLS = 1        # 1: MQTTS, server certificate verified against CA_PEM (a real module).
                   # 0: plain MQTT: the local test broker (build/micropython has no TLS).
PORT = 0           # 0: 8883 with TLS, 1883 without
CA_FILE = "/usr/iotda_ca.pem"  # PEM of the CA of the IoTDA server certificate (from the console)
CA_PEM = None      # or the PEM text itself; TLS without it is refused (nothing would be verified)
DEVICE_ID = "5fbbb784b4ec2202e982e643_node-01"
SECRET = "change-me"  # the device secret: stays on the device, never printed
SIGN_TYPE = huaweicloud.SIGN_NO_TIME_CHECK  # SIGN_TIME_CHECK needs a right UTC clock
KEEPALIVE = huaweicloud.KEEPALIVE_DEFAULT   # 120 s; IoTDA accepts 30-1200
QOS = 0            # uplinks. QuecPython's umqtt blocks ~5 s per QoS 1 publish when no other
                   # thread reads the socket, so this single-threaded app uses QoS 0 there.
REPORT_INTERVAL_S = 60
TIME_SYNC = 1      # ask the platform for the time after connecting
SW_VERSION = "app-1.0.0"
FW_VERSION = "fw-1.0.0"
RUN_SECONDS = 0    # stop after this many seconds (0: run for ever)
MAX_REQUESTS = 0   # stop after answering this many platform requests (0: no limit)

try:
    from example_config import *  # noqa: F401,F403  optional overrides (the host tests use one)
except ImportError:
    pass
# --------------------------------------------------------------------------------------

POLL_MS = 20
EXIT_DONE, EXIT_ERROR, EXIT_CONFIG, EXIT_REFUSED, EXIT_NO_CONNECT = 0, 1, 2, 3, 4
_t0 = utime.ticks_ms()


def say(text):
    ms = utime.ticks_diff(utime.ticks_ms(), _t0)
    print("[%4d.%03d] %s" % (ms // 1000, ms % 1000, text))


def elapsed_ms(since):
    return utime.ticks_diff(utime.ticks_ms(), since)


def utc_seconds():
    """Unix UTC seconds from the board: network time on QuecPython, else utime.time()."""
    if net is not None:
        nitz = net.nitzTime()  # (UTC date string, Unix UTC seconds, leap seconds)
        if isinstance(nitz, tuple) and nitz[1] > 0:
            return nitz[1]
    t = int(utime.time())
    if hasattr(utime, "gmtime") and utime.gmtime(0)[0] == 2000:
        t += 946684800  # a port whose epoch is 2000-01-01
    return t


def random32():
    try:
        import random
        return random.getrandbits(32)
    except ImportError:
        return (utime.ticks_us() * 2654435761) & 0xFFFFFFFF


def connack_code(e):
    """The CONNACK return code in a refused connect(), or None. umqtt.simple raises
    MQTTException(code); QuecPython's umqtt ValueError("MQTT Connect error='5' FAIL")."""
    arg = e.args[0] if e.args else None
    if not isinstance(arg, int):
        text = str(e).lower()
        i = text.find("error='")
        j = text.find("'", i + 7)
        arg = int(text[i + 7:j]) if i >= 0 and text[i + 7:j].isdigit() else None
    return arg if arg in (1, 2, 3, 4, 5) else None


def drop(client):
    """Close the socket of a failed or lost connection. umqtt.simple has no close(); all the
    clients (QuecPython's, umqtt.simple, the host stand-in) keep their socket in .sock."""
    try:
        client.sock.close()
    except (AttributeError, OSError):
        pass


class Clock:
    """UTC in milliseconds: the board's clock plus the offset learnt from a time sync."""

    def __init__(self):
        self.offset_ms = 0
        self.synced = False
        self._anchor()

    def _anchor(self):
        self._ticks = utime.ticks_ms()
        self._base_ms = utc_seconds() * 1000

    def ms(self):
        d = utime.ticks_diff(utime.ticks_ms(), self._ticks)
        if d > 86400000:  # re-read the board clock daily: ticks wrap after some days
            self._anchor()
            d = 0
        return self._base_ms + d + self.offset_ms

    def seconds(self):
        return self.ms() // 1000

    def event_time(self):
        return huaweicloud.event_time(self.seconds())


class Model:
    """The device's product model: its properties and what the platform may change."""

    COMMANDS = ("ON_OFF",)

    def __init__(self):
        self.light_on = False
        self.label = "example device"
        self.report_interval = REPORT_INTERVAL_S
        self.started = utime.ticks_ms()

    def services(self, service_id=None):
        """[(service_id, properties)] of every service, or of one."""
        t = elapsed_ms(self.started) // 1000
        all_services = [
            ("Environment", {"temperature": 21.5 + (t % 10) / 10, "humidity": 40 + t % 20}),
            ("Device", {"light_on": self.light_on, "label": self.label,
                        "report_interval": self.report_interval}),
        ]
        chosen = [s for s in all_services if s[0] == service_id]
        return chosen or all_services  # an unknown or absent service id: all of them

    def set(self, services):
        """Apply a properties set, all or nothing: (result_code, result_desc)."""
        changes = {}
        for svc in services:
            if svc["service_id"] != "Device":
                return 1, "service %s is read-only" % svc["service_id"]
            for name, value in svc["properties"].items():
                if name == "light_on" and isinstance(value, bool):
                    changes[name] = value
                elif name == "label" and isinstance(value, str) and len(value) <= 64:
                    changes[name] = value
                elif (name == "report_interval" and isinstance(value, int)
                      and not isinstance(value, bool) and 5 <= value <= 86400):
                    changes[name] = value
                else:
                    return 1, "unknown property or bad value: %s" % name
        for name, value in changes.items():
            setattr(self, name, value)
        return 0, "success"

    def command(self, name, paras):
        """Run a command: (result_code, paras of the response)."""
        if name == "ON_OFF":
            value = (paras or {}).get("value")
            if value in ("0", "1", 0, 1, False, True):
                self.light_on = value in ("1", 1, True)
                return 0, {"result": "success", "light_on": self.light_on}
            return 1, {"result": "bad value"}
        return 1, {"result": "unknown command"}


class App:
    def __init__(self, ca_pem):
        self.ca_pem = ca_pem
        self.clock = Clock()
        self.model = Model()
        self.client = None
        self.inbox = []  # (topic, payload) received, handled by the main loop
        self.started = utime.ticks_ms()
        self.requests = self.reports = self.connections = self.failures = 0
        self.sync_sent_ms = None

    # -- stop conditions --------------------------------------------------------------
    def stop_reason(self):
        if RUN_SECONDS and elapsed_ms(self.started) >= RUN_SECONDS * 1000:
            return "ran %d s" % RUN_SECONDS
        if MAX_REQUESTS and self.requests >= MAX_REQUESTS:
            return "%d requests answered" % self.requests
        return None

    def sleep_ms(self, ms):
        """Sleep, but wake up for a stop condition."""
        end = utime.ticks_add(utime.ticks_ms(), ms)
        while utime.ticks_diff(end, utime.ticks_ms()) > 0 and not self.stop_reason():
            utime.sleep_ms(min(100, max(1, utime.ticks_diff(end, utime.ticks_ms()))))

    # -- connection -------------------------------------------------------------------
    def tls_options(self):
        """MQTTClient keyword arguments for TLS (not run on the build machine: no ssl there)."""
        if not USE_TLS:
            return {}
        if QUECPYTHON_UMQTT:
            # QuecPython's umqtt calls ussl.wrap_socket(sock, **ssl_params, server_hostname=server):
            # it adds the host name itself (SNI, name check), and verifies only when ca= is given.
            return {"ssl": True, "ssl_params": {"ca": self.ca_pem}}
        import ssl  # micropython-lib umqtt.simple >= 1.4 takes an SSLContext
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.verify_mode = ssl.CERT_REQUIRED
        ctx.load_verify_locations(cadata=self.ca_pem)
        return {"ssl": ctx}

    def connect(self):
        """One connection attempt with fresh credentials. Raises OSError (retry) or
        returns a refused CONNACK code (do not retry); 0 when connected."""
        now = self.clock.seconds()
        client_id, username, password = huaweicloud.credentials(DEVICE_ID, SECRET, now, SIGN_TYPE)
        port = PORT or (8883 if USE_TLS else 1883)
        say("connect: %s:%d client_id=%s username=%s keepalive=%d tls=%s "
            "(timestamp %s, sign type %d, password %s...)"
            % (HOST, port, client_id, username, KEEPALIVE, "on" if USE_TLS else "off",
               huaweicloud.timestamp(now), SIGN_TYPE, password[:8]))
        client = MQTTClient(client_id=client_id, server=HOST, port=port, user=username,
                            password=password, keepalive=KEEPALIVE, **self.tls_options())
        client.set_callback(self.on_message)
        try:
            client.connect()
        except OSError:
            drop(client)
            raise  # network: retried (its errno is no CONNACK code)
        except Exception as e:
            drop(client)
            code = connack_code(e)
            if code is None:
                raise
            return code
        self.client = client
        self.connections += 1
        self.last_sent = utime.ticks_ms()
        say("connack: accepted")
        for topic in huaweicloud.subscriptions(DEVICE_ID):
            client.subscribe(topic, 1)
        say("subscribed: %d topics" % len(huaweicloud.subscriptions(DEVICE_ID)))
        self.publish(huaweicloud.topic(huaweicloud.EVENTS_UP, DEVICE_ID),
                     huaweicloud.ota_version_report(SW_VERSION, FW_VERSION, self.clock.event_time()),
                     "version report")
        self.report()
        if TIME_SYNC:
            self.sync_sent_ms = self.clock.ms()
            self.publish(huaweicloud.topic(huaweicloud.EVENTS_UP, DEVICE_ID),
                         huaweicloud.time_sync_request(self.sync_sent_ms, self.clock.event_time()),
                         "time sync request")
        return 0

    def close(self, clean):
        client, self.client = self.client, None
        if client is None:
            return
        if clean:
            try:
                client.disconnect()
                say("disconnected")
                return
            except OSError:
                pass
        drop(client)

    # -- uplinks ----------------------------------------------------------------------
    def publish(self, topic, payload, what):
        self.client.publish(topic, payload, qos=QOS)
        self.last_sent = utime.ticks_ms()
        say("%s: %s %s" % (what, topic, payload.decode()))

    def report(self):
        now = self.clock.event_time()
        services = [(sid, props, now) for sid, props in self.model.services()]
        self.publish(huaweicloud.topic(huaweicloud.PROPERTIES_REPORT, DEVICE_ID),
                     huaweicloud.properties_report_services(services), "report")
        self.reports += 1
        self.last_report = utime.ticks_ms()

    # -- downlinks --------------------------------------------------------------------
    def on_message(self, topic, msg):
        """umqtt callback (topic, msg: bytes): queued, handled by the main loop."""
        self.inbox.append((topic, msg))

    def handle(self, topic, msg):
        parsed = huaweicloud.parse_topic(topic)
        if parsed is None:
            say("ignored: %s" % topic.decode())
            return
        kind, _device, request_id = parsed
        if kind == huaweicloud.COMMAND_REQUEST:
            cmd = huaweicloud.command_request(msg)
            code, paras = self.model.command(cmd["command_name"], cmd["paras"])
            say("command: request_id=%s service=%s command=%s paras=%s -> result_code %d"
                % (request_id, cmd["service_id"], cmd["command_name"], cmd["paras"], code))
            self.respond(topic, huaweicloud.command_response(code, "COMMAND_RESPONSE", paras))
        elif kind == huaweicloud.PROPERTIES_SET_REQUEST:
            req = huaweicloud.properties_set_request(msg)
            code, desc = self.model.set(req["services"])
            say("properties set: request_id=%s %s -> result_code %d (%s)"
                % (request_id, [s["service_id"] for s in req["services"]], code, desc))
            self.respond(topic, huaweicloud.properties_set_response(code, desc))
        elif kind == huaweicloud.PROPERTIES_GET_REQUEST:
            req = huaweicloud.properties_get_request(msg)
            say("properties get: request_id=%s service=%s" % (request_id, req["service_id"]))
            self.respond(topic, huaweicloud.properties_get_response(
                self.model.services(req["service_id"])))
        elif kind == huaweicloud.EVENTS_DOWN:
            for ev in huaweicloud.events(msg)["services"]:
                self.on_event(ev)
        elif kind == huaweicloud.MESSAGES_DOWN:
            envelope = huaweicloud.message_down(msg)  # None: not the system format
            say("message: %s" % (msg if envelope is None else envelope))
        # anything else is one of our own uplinks coming back through a '#' filter

    def respond(self, request_topic, payload):
        self.publish(huaweicloud.response_topic(request_topic), payload, "response")
        self.requests += 1

    def on_event(self, ev):
        if ev["kind"] == huaweicloud.EVENT_OTA_VERSION_QUERY:
            say("event: version_query")
            self.publish(huaweicloud.topic(huaweicloud.EVENTS_UP, DEVICE_ID),
                         huaweicloud.ota_version_report(SW_VERSION, FW_VERSION,
                                                        self.clock.event_time()),
                         "version report")
        elif ev["kind"] == huaweicloud.EVENT_TIME_SYNC_RESPONSE:
            p = ev["paras"]
            recv = self.clock.ms()
            platform_now = huaweicloud.time_sync_now(p["device_send_time"], p["server_recv_time"],
                                                     p["server_send_time"], recv)
            self.clock.offset_ms += platform_now - recv
            self.clock.synced = True
            say("time sync: platform time %d ms, local clock - platform = %+d ms, "
                "round trip %d ms" % (platform_now, recv - platform_now,
                                      recv - p["device_send_time"]))
        else:
            say("event: %s/%s (not handled)" % (ev["service_id"], ev["event_type"]))

    # -- main loop --------------------------------------------------------------------
    def serve(self):
        """Until a stop condition; raises OSError when the connection is lost."""
        while not self.stop_reason():
            for _ in range(10):  # up to 10 packets per round
                if self.client.check_msg() is None:
                    break
            while self.inbox and not self.stop_reason():
                self.handle(*self.inbox.pop(0))
            if elapsed_ms(self.last_report) >= self.model.report_interval * 1000:
                self.report()
            if elapsed_ms(self.last_sent) >= KEEPALIVE * 500:
                self.client.ping()  # IoTDA drops a link idle for 1.5 x keep-alive
                self.last_sent = utime.ticks_ms()
            utime.sleep_ms(POLL_MS)

    def run(self):
        attempt = 0
        while not self.stop_reason():
            try:
                code = self.connect()
                if code:
                    say("connack: refused, code %d (2: client id or keep-alive, 4: username or "
                        "password, 5: not authorized); not retried" % code)
                    return EXIT_REFUSED
                attempt = 0
                self.serve()
            except OSError as e:
                self.failures += 1
                self.close(False)
                delay = huaweicloud.backoff_ms(attempt, random32())
                attempt += 1
                say("connection lost or failed: %r; reconnect: retry %d in %d ms, with fresh "
                    "credentials" % (e, attempt, delay))
                self.sleep_ms(delay)
        say("stopping: %s" % self.stop_reason())
        return EXIT_DONE if self.connections else EXIT_NO_CONNECT

    def summary(self, code):
        say("done: exit %d, %d requests answered, %d reports, %d connections, %d failures, "
            "clock %s" % (code, self.requests, self.reports, self.connections, self.failures,
                          "synced" if self.clock.synced else "not synced"))


def check_config():
    """The CA PEM (or None without TLS); raises ValueError for a bad configuration."""
    if not DEVICE_ID or not SECRET:
        raise ValueError("DEVICE_ID and SECRET are required")
    try:
        huaweicloud.check_keepalive(KEEPALIVE)
    except ValueError as e:
        raise ValueError("keep-alive %d s: %s" % (KEEPALIVE, e))
    if QOS not in (0, 1):
        raise ValueError("QOS must be 0 or 1 (IoTDA has no QoS 2)")
    if not USE_TLS:
        return None
    if CA_PEM:
        return CA_PEM
    try:
        with open(CA_FILE) as f:
            return f.read()
    except OSError:
        raise ValueError("USE_TLS needs the CA certificate: CA_PEM or the file CA_FILE (%s)"
                         % CA_FILE)


def main():
    say("device_app: device %s, sign type %d, keep-alive %d s, TLS %s, secret (%d bytes, not shown)"
        % (DEVICE_ID, SIGN_TYPE, KEEPALIVE, "on" if USE_TLS else "OFF (plain MQTT)",
           len(SECRET or "")))
    try:
        ca_pem = check_config()
    except ValueError as e:
        say("configuration: %s" % e)
        return EXIT_CONFIG
    app = App(ca_pem)
    code = EXIT_ERROR
    try:
        code = app.run()
    except KeyboardInterrupt:
        say("interrupted (Ctrl-C)")
        code = EXIT_DONE
    finally:
        app.close(True)
        app.summary(code)
    return code


if __name__ == "__main__":
    sys.exit(main())
