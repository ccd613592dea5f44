# micropython-args: -X heapsize=64k
#
# Memory behaviour of the huaweicloud module, on a 64 KiB GC heap:
# - every encoder with into= allocates nothing (gc.mem_alloc() unchanged over
#   many calls);
# - every encoder without into= allocates exactly its returned bytes object
#   (object header + data rounded up to GC blocks), below and above the
#   512-byte stack buffer; the text functions likewise their str;
# - thousands of mixed calls (encoders, decoders, topics, credentials, and
#   error paths) with gc.collect() in between: no crash, and gc.mem_alloc()
#   after collection never grows;
# - a payload too big for the heap raises MemoryError and the interpreter
#   carries on.
# Prints the bytes allocated per call (plain vs into=) and per decoder call.
#
#   build/micropython -X heapsize=64k tests/micropython/test_memory.py
import gc
import sys
import huaweicloud as h

failures = 0


def check(name, ok, detail=""):
    global failures
    if not ok:
        failures += 1
        print("FAIL", name, detail)


WORD = 8 if sys.maxsize > 2 ** 32 else 4
BLOCK = 4 * WORD  # MICROPY_BYTES_PER_GC_BLOCK


def blocks(n):
    return (n + BLOCK - 1) // BLOCK * BLOCK


def object_size(length):
    """A str/bytes object of `length`: its header (4 words) and its data + NUL."""
    return blocks(4 * WORD) + blocks(length + 1)


def alloc_of(f):
    """Bytes allocated by one call of f() (no collection can run meanwhile)."""
    gc.collect()
    a0 = gc.mem_alloc()
    r = f()
    a1 = gc.mem_alloc()
    return a1 - a0, r


def alloc_per_call(f, n=100):
    gc.collect()
    a0 = gc.mem_alloc()
    for _ in range(n):
        f()
    return (gc.mem_alloc() - a0) / n


# --- encoders: plain vs into= -------------------------------------------------

ET = "20240102T030405Z"
small = {"temperature": 23.5, "humidity": 61, "on": True, "name": "room-1", "n": None, "l": [1, 2.25, -3]}
large = {"text": "x" * 700, "values": list(range(60)), "f": 1.5e-7, "big": 2 ** 100}
huge_int = {"n": 10 ** 300}  # decimal text beyond the 128-byte stack buffer
buf = bytearray(2048)
mv = memoryview(buf)[16:]

# Every argument object is built once here, so that the calls measured below
# allocate nothing themselves (a list or dict display would, at every call).
SERVICES = [("A", small), ("B", {"x": 1}, ET)]
ONE_SERVICE = [("A", small)]
DEVICES = [("child_1", [("A", small)]), ("child_2", [])]
PARAS = {"result": "ok", "v": 1.25}
CONTENT = {"k": "v", "n": 1}
NEW_DEVICES = [{"node_id": "n1", "product_id": "p1", "name": "x"}]
IDS = ["child_1", "child_2"]
STATUSES = [("child_1", True), ("child_2", False)]

ENCODERS = [
    ("properties_report", lambda: h.properties_report("Sensor", small, ET),
     lambda: h.properties_report("Sensor", small, ET, into=buf)),
    ("properties_report (large)", lambda: h.properties_report("Sensor", large),
     lambda: h.properties_report("Sensor", large, into=mv)),
    ("properties_report (300-digit int)", lambda: h.properties_report("S", huge_int),
     lambda: h.properties_report("S", huge_int, into=buf)),
    ("properties_report_services", lambda: h.properties_report_services(SERVICES),
     lambda: h.properties_report_services(SERVICES, into=buf)),
    ("properties_get_response", lambda: h.properties_get_response(ONE_SERVICE),
     lambda: h.properties_get_response(ONE_SERVICE, into=buf)),
    ("gateway_report", lambda: h.gateway_report(DEVICES), lambda: h.gateway_report(DEVICES, into=buf)),
    ("properties_set_response", lambda: h.properties_set_response(0, "success"),
     lambda: h.properties_set_response(0, "success", into=buf)),
    ("command_response", lambda: h.command_response(0, "resp", PARAS),
     lambda: h.command_response(0, "resp", PARAS, into=buf)),
    ("message", lambda: h.message(CONTENT, "child_1", "n", "id-1"),
     lambda: h.message(CONTENT, "child_1", "n", "id-1", into=buf)),
    ("shadow_get_request", lambda: h.shadow_get_request("S", "child_1"),
     lambda: h.shadow_get_request("S", "child_1", into=buf)),
    ("event", lambda: h.event("$custom", "thing_happened", small, ET, "ev-1"),
     lambda: h.event("$custom", "thing_happened", small, ET, "ev-1", into=buf)),
    ("ota_version_report", lambda: h.ota_version_report("1.0.0", "2.0.0", ET),
     lambda: h.ota_version_report("1.0.0", "2.0.0", ET, into=buf)),
    ("ota_progress_report", lambda: h.ota_progress_report(0, "1.0.1", 50, "downloading", ET),
     lambda: h.ota_progress_report(0, "1.0.1", 50, "downloading", ET, into=buf)),
    ("time_sync_request", lambda: h.time_sync_request(1700000000123, ET),
     lambda: h.time_sync_request(1700000000123, ET, into=buf)),
    ("sdk_info_report", lambda: h.sdk_info_report("MPY_v1", "1.0", "2.0", "10.0.0.2", ET),
     lambda: h.sdk_info_report("MPY_v1", "1.0", "2.0", "10.0.0.2", ET, into=buf)),
    ("sub_device_sync_request", lambda: h.sub_device_sync_request(42, ET),
     lambda: h.sub_device_sync_request(42, ET, into=buf)),
    ("add_sub_devices", lambda: h.add_sub_devices(NEW_DEVICES, ET, "e1"),
     lambda: h.add_sub_devices(NEW_DEVICES, ET, "e1", into=buf)),
    ("delete_sub_devices", lambda: h.delete_sub_devices(IDS, ET, "e2"),
     lambda: h.delete_sub_devices(IDS, ET, "e2", into=buf)),
    ("update_sub_device_status", lambda: h.update_sub_device_status(STATUSES),
     lambda: h.update_sub_device_status(STATUSES, into=buf)),
]

print("bytes allocated per call (64-bit GC blocks of %d bytes):" % BLOCK)
print("  %-36s %8s %8s %8s %6s" % ("encoder", "payload", "plain", "object", "into="))
for name, plain, into in ENCODERS:
    used, payload = alloc_of(plain)
    want = object_size(len(payload))
    per_into = alloc_per_call(into)
    print("  %-36s %8d %8d %8d %6d" % (name, len(payload), used, want, per_into))
    check(name + " plain allocates only the returned bytes", used == want, "%d != %d" % (used, want))
    check(name + " into= allocates nothing", per_into == 0, "%r bytes/call" % per_into)
    n = into()
    check(name + " into= writes the same bytes", bytes((mv if "large" in name else buf)[:n]) == payload)

# Text results.
print("  %-36s %8s %8s %8s" % ("function", "result", "plain", "object"))
for name, f in [
    ("password", lambda: h.password("secret", "2025041401")),
    ("timestamp", lambda: h.timestamp(1744600000)),
    ("event_time", lambda: h.event_time(1744592400, millis=True)),
    ("client_id", lambda: h.client_id("dev_1", "2025041401", 1)),
    ("topic", lambda: h.topic(h.COMMAND_RESPONSE, "dev_1", "req-1")),
    ("subscription", lambda: h.subscription(h.COMMAND_REQUEST, "dev_1")),
    ("response_topic", lambda: h.response_topic("$oc/devices/dev_1/sys/commands/request_id=7")),
]:
    used, r = alloc_of(f)
    want = object_size(len(r))
    print("  %-36s %8d %8d %8d" % (name, len(r), used, want))
    check(name + " allocates only its str", used == want, "%d != %d" % (used, want))
for name, f in [
    ("check_keepalive", lambda: h.check_keepalive(120)),
    ("backoff_ms", lambda: h.backoff_ms(3, 12345)),
    ("time_sync_now (small int)", lambda: h.time_sync_now(1, 2, 3, 4)),
]:
    used, r = alloc_of(f)
    print("  %-36s %8s %8d" % (name, "int", used))
    check(name + " allocates nothing", used == 0, "%d bytes" % used)

# Decoders build the dicts/lists/strs they return: reported, not asserted.
PAYLOADS = [
    ("loads", b'{"a":[1,2.5,"x"],"b":{"c":null,"d":true}}'),
    ("command_request", b'{"object_device_id":"c1","service_id":"S","command_name":"ON","paras":{"value":"1"}}'),
    ("properties_set_request", b'{"services":[{"service_id":"S","properties":{"v":1}}]}'),
    ("properties_get_request", b'{"object_device_id":"c1","service_id":"S"}'),
    ("message_down", b'{"name":"n","id":"1","content":"hello"}'),
    ("shadow_response", b'{"object_device_id":"c1","shadow":[{"service_id":"S","desired":{"properties":{"v":1}},"version":2}]}'),
    ("events", b'{"services":[{"service_id":"$time_sync","event_type":"time_sync_response","paras":'
               b'{"device_send_time":1,"server_recv_time":2,"server_send_time":3}}]}'),
    ("bootstrap", b'{"address":"iot.example.com:8883","deviceSecret":"abc"}'),
]
print("  %-36s %8s %8s" % ("decoder", "payload", "plain"))
for name, p in PAYLOADS:
    f = getattr(h, name)
    used, r = alloc_of(lambda: f(p))
    print("  %-36s %8d %8d" % (name, len(p), used))
    check(name + " decodes", r is not None)

# --- GC pressure ---------------------------------------------------------------

device = "dev_gc_1"
doc = b'{"services":[{"service_id":"S","properties":{"v":[1,2,3],"s":"' + b"y" * 600 + b'"}}]}'


def errors():
    for f, args in ((h.properties_report, ("S", {"x": float("nan")})), (h.loads, (b"{",)),
                    (h.topic, (99, device)), (h.password, (b"", "2025041401")),
                    (h.properties_report, ("S", {"a": 1}, None, bytearray(3)))):
        try:
            if len(args) == 4:
                f(*args[:3], into=args[3])
            else:
                f(*args)
        except ValueError:
            pass


def one_round(i):
    h.properties_report("Sensor", small, ET)
    h.properties_report("Sensor", large)
    h.properties_report("Sensor", small, into=buf)
    h.command_response(0, None, {"i": i})
    h.event("$x", "y", {"i": i, "f": i / 7})
    h.credentials(device, "secret", 1744592400 + i * 3600)
    h.topic(h.PROPERTIES_REPORT, device, str(i))
    h.parse_topic("$oc/devices/%s/sys/commands/request_id=%d" % (device, i))
    h.subscriptions(device)
    h.properties_set_request(doc)
    h.loads(doc)
    h.events(PAYLOADS[6][1])
    h.shadow_response(PAYLOADS[5][1])
    errors()


ROUNDS = 400  # x 18 calls
WARMUP = 50  # rounds whose highest gc.mem_alloc() after collection is the baseline
baseline = worst = 0
for i in range(ROUNDS):
    one_round(i)
    gc.collect()
    if i < WARMUP:
        baseline = max(baseline, gc.mem_alloc())
    else:
        worst = max(worst, gc.mem_alloc())
gc.collect()
print("GC pressure: %d rounds (%d calls), heap %d bytes; allocated after collection: first %d rounds at most %d, "
      "then at most %d" % (ROUNDS, ROUNDS * 18, gc.mem_alloc() + gc.mem_free(), WARMUP, baseline, worst))
check("no growth after collection", worst <= baseline, "baseline %d, worst %d" % (baseline, worst))

# --- a payload too big for the heap -------------------------------------------------

try:
    h.properties_report("S", {"v": "z" * 30000, "w": "z" * 30000})
    check("MemoryError for a payload beyond the heap", False, "no exception")
except MemoryError:
    pass
gc.collect()
check("still fine after MemoryError", h.properties_report("S", {"a": 1}) == b'{"services":[{"service_id":"S","properties":{"a":1}}]}')
check("large payload into a preallocated buffer", h.properties_report("S", {"v": "q" * 1500}, into=buf) > 1500)

print("test_memory:", "FAILED (%d)" % failures if failures else "all passed")
sys.exit(1 if failures else 0)
