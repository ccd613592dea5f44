"""Huawei Cloud IoTDA over MQTT: the QuecPython guide's script, ported to `huaweicloud`.

The flow is the guide's ("Get access to Huawei Cloud by QuecPython"): wait for the network,
connect, subscribe to commands, report a property, wait for a command. What changed:

- The client id, username and password are computed on the device from DEVICE_ID, SECRET
  and the current UTC hour (`huaweicloud.credentials`). The guide pasted them from Huawei's
  web tool and needed `hmac`, which most QuecPython firmwares lack.
- Every topic and payload comes from `huaweicloud`: no hand-written JSON or topic strings.
- The command is answered: a command response on `.../commands/response/request_id={id}`
  with the id of the request (the platform gives up after 20 s without one).
- The wait for a command is bounded (COMMAND_WAIT_S) and keeps the connection alive with
  PINGREQs; the exit code says what happened.

UTC clock: `net.nitzTime()[1]` (network time, Unix UTC seconds) on QuecPython; on other
MicroPython boards `utime.time()`, which must then be set to UTC (e.g. by ntptime).
Never QuecPython's `utime.localtime(secs)`/`mktime()`: they add 8 hours.

Runs on QuecPython (`umqtt`, `checkNet`, `modem`, `net`, `sim`) and on other MicroPython
boards with micropython-lib's `umqtt.simple` (set DEVICE_ID there). On the build machine it
runs in `build/micropython` with the host stand-ins of `tests/micropython/hostlib` against
the local IoTDA: `make demo`. See examples/README.md.

Exit codes: 0 a command was answered, 2 bad configuration or no network, 3 refused by the
platform (CONNACK code printed; retrying cannot help), 4 no command within COMMAND_WAIT_S
or the connection failed.
"""
import sys

import huaweicloud
import utime

try:
    from umqtt import MQTTClient  # QuecPython
except ImportError:
    from umqtt.simple import MQTTClient  # micropython-lib

try:
    import checkNet  # QuecPython only
    import modem
    import net
    import sim
except ImportError:
    checkNet = modem = net = sim = None

# --------------------------------------------------------------------------------------
# Configuration (IoTDA console: Devices > All devices for the ids and the secret,
# Overview > Access details for the host name).
HOST = "a15fbbd7ce.iot-mqtts.cn-north-4.myhuaweicloud.com"
PORT = 1883                     # plain MQTT as in the guide; device_app.py shows TLS on 8883
PRODUCT_ID = "5fbbb784b4ec2202e982e643"
DEVICE_ID = None                # None: PRODUCT_ID + "_" + IMEI, as in the guide (QuecPython)
SECRET = "ac4263b86eaf6442997a"  # the device secret: stays on the device, never printed
SIGN_TYPE = huaweicloud.SIGN_NO_TIME_CHECK  # or SIGN_TIME_CHECK: needs a right UTC clock
KEEPALIVE = 120                 # seconds; IoTDA accepts 30-1200
SERVICE_ID = "WaterMeterControl"  # a service of the product model
COMMAND_WAIT_S = 600            # how long to wait for a command; 0 = for ever

try:
    from example_config import *  # noqa: F401,F403  optional overrides (the host tests use one)
except ImportError:
    pass
# --------------------------------------------------------------------------------------

_t0 = utime.ticks_ms()
state = 0        # as in the guide: 1 once a command has arrived
command = None   # (topic, payload) of that command


def say(text):
    ms = utime.ticks_diff(utime.ticks_ms(), _t0)
    print("[%4d.%03d] %s" % (ms // 1000, ms % 1000, text))


def utc_now():
    """(Unix UTC seconds, where they came from)."""
    if net is not None:
        nitz = net.nitzTime()  # (UTC date string, Unix UTC seconds, leap seconds)
        if isinstance(nitz, tuple) and nitz[1] > 0:
            return nitz[1], "net.nitzTime()"
    t = int(utime.time())
    if hasattr(utime, "gmtime") and utime.gmtime(0)[0] == 2000:
        t += 946684800  # a port whose epoch is 2000-01-01
    return t, "utime.time()"


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


def sub_cb(topic, msg):
    """umqtt callback: topic and msg are bytes."""
    global state, command
    say("received: %s %s" % (topic.decode(), msg))
    parsed = huaweicloud.parse_topic(topic)  # (kind, device id, request id) or None
    if parsed and parsed[0] == huaweicloud.COMMAND_REQUEST and command is None:
        command = (topic, msg)
        state = 1


def answer(c, topic, msg):
    """Decode the command and publish its response on the matching response topic."""
    request_id = huaweicloud.parse_topic(topic)[2]
    cmd = huaweicloud.command_request(msg)
    say("command: request_id=%s service_id=%s command_name=%s paras=%s"
        % (request_id, cmd["service_id"], cmd["command_name"], cmd["paras"]))
    response = huaweicloud.command_response(0, "COMMAND_RESPONSE", {"result": "success"})
    reply_to = huaweicloud.response_topic(topic)
    c.publish(reply_to, response)
    say("response: %s %s" % (reply_to, response.decode()))


def MQTT_Init():
    device_id = DEVICE_ID or PRODUCT_ID + "_" + modem.getDevImei()
    now, source = utc_now()
    client_id, username, password = huaweicloud.credentials(device_id, SECRET, now, SIGN_TYPE)
    say("device %s, UTC %s from %s, sign type %d" % (device_id, huaweicloud.event_time(now),
                                                      source, SIGN_TYPE))
    say("credentials: client_id=%s username=%s password=%s... (%d hex chars; secret not shown)"
        % (client_id, username, password[:8], len(password)))

    c = MQTTClient(client_id=client_id, server=HOST, port=PORT, user=username,
                   password=password, keepalive=KEEPALIVE)
    c.set_callback(sub_cb)
    say("connect: %s:%d keepalive=%d (plain MQTT)" % (HOST, PORT, KEEPALIVE))
    try:
        c.connect()
    except OSError as e:
        say("connect: failed: %r" % (e,))
        return 4
    except Exception as e:
        code = connack_code(e)
        if code is None:
            raise
        say("connack: refused, code %d (2: client id or keep-alive, 4: username or password, "
            "5: not authorized)" % code)
        return 3
    say("connack: accepted")
    try:
        return session(c, device_id)
    except OSError as e:
        say("connection lost: %r" % (e,))
        return 4
    finally:
        try:
            c.disconnect()
            say("disconnected")
        except OSError:
            pass


def session(c, device_id):
    c.subscribe(huaweicloud.subscription(huaweicloud.COMMAND_REQUEST, device_id))
    say("subscribe: %s" % huaweicloud.subscription(huaweicloud.COMMAND_REQUEST, device_id))

    now = utc_now()[0]
    report = huaweicloud.properties_report(SERVICE_ID, {"state": "T:15c,  H: 85% "},
                                           event_time=huaweicloud.event_time(now))
    c.publish(huaweicloud.topic(huaweicloud.PROPERTIES_REPORT, device_id), report)
    say("report: %s %s" % (huaweicloud.topic(huaweicloud.PROPERTIES_REPORT, device_id),
                           report.decode()))

    say("Waiting command" + (" (up to %d s)" % COMMAND_WAIT_S if COMMAND_WAIT_S else ""))
    start = last_sent = utime.ticks_ms()
    while state == 0:
        c.check_msg()  # calls sub_cb for a message; returns at once when there is none
        now_ms = utime.ticks_ms()
        if COMMAND_WAIT_S and utime.ticks_diff(now_ms, start) > COMMAND_WAIT_S * 1000:
            say("no command within %d s" % COMMAND_WAIT_S)
            return 4
        if utime.ticks_diff(now_ms, last_sent) > KEEPALIVE * 500:
            c.ping()  # umqtt.simple never pings by itself; IoTDA drops a link idle 1.5 x keep-alive
            last_sent = now_ms
        utime.sleep_ms(20)
    answer(c, command[0], command[1])
    return 0


def main():
    if checkNet is not None:
        stage, sub = checkNet.waitNetworkReady(30)
        if (stage, sub) != (3, 1):
            say("network not ready: stage %d, subcode %d" % (stage, sub))
            return 2
        if sim.getStatus() != 1:
            say("SIM not ready: status %d" % sim.getStatus())
            return 2
        say("network ready")
    if not DEVICE_ID and modem is None:
        say("configuration: set DEVICE_ID (no modem module for the IMEI on this board)")
        return 2
    try:
        huaweicloud.check_keepalive(KEEPALIVE)
    except ValueError as e:
        say("configuration: keep-alive %d s: %s" % (KEEPALIVE, e))
        return 2
    return MQTT_Init()


if __name__ == "__main__":
    code = main()
    say("done: exit %d" % code)
    sys.exit(code)
