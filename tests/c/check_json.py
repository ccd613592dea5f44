#!/usr/bin/env python3
"""Checks the records the C ABI tests wrote, with CPython as the oracle.

    check_json.py --header cbindings/huaweicloud.h RECORDS [MORE_RECORDS ...]

RECORDS is the file written by `test_c_abi RECORDS`: records of the form
"<kind> <name> <length>\\n<length bytes>\\n". Kinds:
  json      a document from the streaming writer: must be strict UTF-8 JSON (no NaN/Infinity,
            no duplicate keys), compact (exactly what CPython's json module re-serialises), and
            equal to the structure built below from the protocol doc (types compared strictly,
            numbers digit for digit);
  hmac      "<timestamp> <secret hex> <password>": recomputed with hmac/hashlib;
  datetime  "<unix seconds> <YYYY-MM-DDTHH:MM:SS.mmm>": recomputed with datetime;
  summary   "<passed> <failed>" of the C cases.
Further RECORDS files (e.g. the valgrind run) must be byte-identical to the first.
Prints one line per failure and the closing line "c-abi: N passed, M failed"
(C cases + the checks made here); exit status 1 if anything failed.
"""

import datetime
import hashlib
import hmac
import json
import re
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from protocol_tables import EVENTS  # noqa: E402

DEVICE = "5fbbb784b4ec2202e982e643_868540050954037"
TC = "20151212T121212Z"
TMS = "2020-08-12T12:12:12.333Z"
D = Decimal



def event_doc(service, event_type, paras, event_time=None, event_id=None, object_device_id=None):
    """A single-event document as protocol §3.8 describes it."""
    event = {"service_id": service, "event_type": event_type}
    if event_time is not None:
        event["event_time"] = event_time
    if event_id is not None:
        event["event_id"] = event_id
    event["paras"] = paras
    doc = {}
    if object_device_id is not None:
        doc["object_device_id"] = object_device_id
    doc["services"] = [event]
    return doc


def nesting_max():
    # 32 levels alternating object {"d": ...} (even) and array [...] (odd); the innermost is [].
    value = []
    for level in range(30, -1, -1):
        value = [value] if level % 2 else {"d": value}
    return value


def expected_documents(event_kinds):
    """name -> expected structure. Literals marked "doc" are the protocol doc's own examples."""
    sdm = "$sub_device_manager"
    docs = {
        # doc §3.1
        "properties_report_doc": json.loads(
            '{"services":[{"service_id":"Temperature","properties":{"value":57,"value2":60},'
            '"event_time":"20151212T121212Z"},{"service_id":"Battery","properties":{"level":80},'
            '"event_time":"20151212T121212Z"}]}'),
        "properties_report_all_types": {"services": [
            {"service_id": "Sensor", "properties": {
                "i_min": -2**63, "i_max": 2**63 - 1, "i_zero": 0, "i_neg": -42,
                "u_max": 2**64 - 1, "u_zero": 0,
                "d_2345_2": D("23.45"), "d_neg5_3": D("-0.005"), "d_0_2": D("0.00"), "d_7_0": 7,
                "d_100_2": D("1.00"), "d_min_18": D("-9.223372036854775808"),
                "d_max_18": D("9.223372036854775807"), "d_small_18": D("0.000000000123456789"),
                "d_neg_1_1": D("-0.1"),
                "n_exp": D("1.5e-3"), "n_negzero": 0, "n_zero_frac": D("0.0"), "n_big_e": D("1E+5"),
                "n_huge": 123456789012345678901234567890, "n_float": D("21.5"),
                "t": True, "f": False, "nul": None,
                "escapes": 'q" b\\ n\n t\t r\r b\b f\f c\x01\x1f\x7f / \u00e9 \u5bc6 \U0001F600',
                "nul_char": "a\x00b", "empty": "", 'k"e\\y\n\u952e': "v", "": "empty key",
                "nested": {"a": [1, [], {}, "s", None]},
            }, "event_time": TMS},
            {"service_id": "NoTime", "properties": {}},
            {"service_id": "NoTimeLen", "properties": {}},
        ]},
        "properties_report_empty": {"services": []},
        "gateway_report_doc": {"devices": [
            # doc §3.2
            json.loads('{"device_id":"child-1","services":[{"service_id":"analog","properties":'
                       '{"PhV_phsA":"1"},"event_time":"20190606T121212Z"}]}'),
            {"device_id": DEVICE, "services": [
                {"service_id": "Temperature", "properties": {"value": D("21.5")}},
                {"service_id": "Battery", "properties": {"level": 80}, "event_time": TMS},
            ]},
        ]},
        "properties_set_response_doc": json.loads('{"result_code":0,"result_desc":"success"}'),  # doc §3.3
        "properties_set_response_no_desc": {"result_code": -1},
        "command_response_doc": json.loads(  # doc §3.6
            '{"result_code":0,"response_name":"COMMAND_RESPONSE","paras":{"result":"success"}}'),
        "command_response_minimal": {"result_code": 1},
        "command_response_nested": {"result_code": -2**63, "response_name": "r\u00e9ponse",
                                    "paras": {"list": [1, {"x": False}], "empty": {}}},
        "message_up_string": {"object_device_id": "child-1", "name": "msg-name", "id": "aca6a906-0001",
                              "content": "hello!"},
        "message_up_object": {"content": {"temp": D("21.5"), "ok": True, "tags": ["a"]}},
        "message_up_id_only": {"id": "id-1", "content": ""},
        "shadow_get_request_both": {"object_device_id": "child-1", "service_id": "WaterMeter"},
        "shadow_get_request_empty": {},
        "shadow_get_request_service": {"service_id": "WaterMeter"},
        "nesting_max": nesting_max(),
        # 90-byte buffer: p0..p2 fit (87 bytes + NUL), p3 (100 bytes) is rolled back
        "checkpoint_restore": {"services": [{"service_id": "s", "properties": {
            "p0": 1000000, "p1": 1000001, "p2": 1000002}}]},
        "top_level_string": "just a string",
        "top_level_int": -7,
        "events_doc": {"object_device_id": "child-1", "services": [
            # doc §3.8
            {"service_id": "$ota", "event_type": "version_report", "event_time": TC,
             "event_id": "40cc9ab1-3579-488c-95c6-c18941c99eb4",
             "paras": {"sw_version": "v1.0", "fw_version": "v2.0"}},
            {"service_id": "$log", "event_type": "log_report",
             "paras": {"type": "DEVICE_STATUS", "content": "line1\nline2"}},
            {"service_id": "custom", "event_type": "t", "event_id": "e-2", "paras": {}},
        ]},
        # doc §4.2
        "events_direct": json.loads(
            '{"services":[{"service_id":"$time_sync","event_type":"time_sync_request",'
            '"event_time":"20151212T121212Z","paras":{"device_send_time":1582685678789}}]}'),
        "time_sync_request_doc": json.loads(
            '{"services":[{"service_id":"$time_sync","event_type":"time_sync_request",'
            '"event_time":"20151212T121212Z","paras":{"device_send_time":1582685678789}}]}'),
        "time_sync_request_no_time": event_doc("$time_sync", "time_sync_request", {"device_send_time": 0}),
        "system_event_bare": event_doc("$ota", "version_query", {}),
        "ota_version_report": event_doc("$ota", "version_report",
                                        {"sw_version": "v1.0.0", "fw_version": "fw-2"}, TC),
        "ota_version_report_sw_only": event_doc("$ota", "version_report", {"sw_version": "v1.0.0"}),
        "ota_progress_report": event_doc("$ota", "upgrade_progress_report", {
            "result_code": 0, "progress": 100, "version": "v1.0.1", "description": "upgrade ok"}, TC),
        "ota_progress_report_minimal": event_doc("$ota", "upgrade_progress_report",
                                                 {"result_code": 255, "version": "v2"}),
        "ota_progress_report_zero": event_doc("$ota", "upgrade_progress_report", {
            "result_code": 7, "progress": 0, "version": "v3",
            "description": "package verification failed"}),
        "sdk_info_report_full": event_doc("$sdk_info", "sdk_info_report", {
            "device_sdk_version": "C_v0.5.0", "sw_version": "sw-1", "fw_version": "fw-1",
            "device_ip": "192.168.1.10"}, TC),
        "sdk_info_report_empty": event_doc("$sdk_info", "sdk_info_report", {}),
        "sub_device_sync_request": event_doc(sdm, "sub_device_sync_request", {"version": 12}, TC),
        "sub_devices_add": event_doc(sdm, "add_sub_device_request", {"devices": [
            {"parent_device_id": "gw-1", "node_id": "n1", "device_id": "p1_n1", "name": "Child 1",
             "description": "first child", "product_id": "p1"},
            {"node_id": "n2", "product_id": "p2"},
        ]}, TC, "evt-add"),
        "sub_devices_delete": event_doc(sdm, "delete_sub_device_request", {"devices": ["p1_n1", DEVICE]}),
        "sub_devices_status": event_doc(sdm, "sub_device_update_status", {"device_statuses": [
            {"device_id": "p1_n1", "status": "ONLINE"}, {"device_id": "p2_n2", "status": "OFFLINE"},
        ]}, TC),
        "sub_devices_empty": event_doc(sdm, "delete_sub_device_request", {"devices": []}, None, "e"),
    }
    for name, value in event_kinds.items():
        if name == "UNKNOWN":
            continue
        service, event_type = EVENTS[name]
        docs["system_event_%d" % value] = event_doc(service, event_type, {"k": value}, TC, "evt-%d" % value)
    return docs


def header_event_kinds(header):
    text = open(header, encoding="utf-8").read()
    kinds = {m.group(1): int(m.group(2)) for m in re.finditer(r"HWC_EVENT_KIND_([A-Z0-9_]+) = (\d+)", text)}
    missing = set(EVENTS) - set(kinds)
    if missing:
        raise SystemExit("header lacks event kinds %s" % sorted(missing))
    return kinds


def read_records(path):
    data = open(path, "rb").read()
    records, pos = [], 0
    while pos < len(data):
        end = data.index(b"\n", pos)
        kind, name, length = data[pos:end].decode("ascii").split(" ")
        start = end + 1
        stop = start + int(length)
        if data[stop:stop + 1] != b"\n":
            raise SystemExit("%s: record %s %s is not followed by a newline" % (path, kind, name))
        records.append((kind, name, data[start:stop]))
        pos = stop + 1
    return records


class Raw(str):
    """A number's exact text, for the re-serialisation check."""


def no_duplicates(pairs):
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise ValueError("duplicate keys %r" % sorted({k for k in keys if keys.count(k) > 1}))
    return dict(pairs)


def reject_constant(name):
    raise ValueError("non-JSON number %s" % name)


def serialise(value):
    """Compact JSON with CPython's own string/literal encoding and numbers as written."""
    if isinstance(value, Raw):
        return str(value)
    if isinstance(value, dict):
        return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + serialise(v) for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(serialise(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def same(got, want, path="$"):
    """Strict structural equality; returns a description of the first difference or None."""
    if type(got) is not type(want):
        return "%s: %r (%s) is not %r (%s)" % (path, got, type(got).__name__, want, type(want).__name__)
    if isinstance(want, dict):
        if set(got) != set(want):
            return "%s: keys %s, want %s" % (path, sorted(got), sorted(want))
        for key in want:
            diff = same(got[key], want[key], "%s.%s" % (path, key))
            if diff:
                return diff
        return None
    if isinstance(want, list):
        if len(got) != len(want):
            return "%s: %d items, want %d" % (path, len(got), len(want))
        for i, (g, w) in enumerate(zip(got, want)):
            diff = same(g, w, "%s[%d]" % (path, i))
            if diff:
                return diff
        return None
    if isinstance(want, Decimal):
        return None if str(got) == str(want) else "%s: %s, want %s" % (path, got, want)
    return None if got == want else "%s: %r, want %r" % (path, got, want)


def check_json(name, data, expected):
    try:
        text = data.decode("utf-8")  # strict
        value = json.loads(text, object_pairs_hook=no_duplicates, parse_constant=reject_constant,
                           parse_float=Decimal)
        raw = json.loads(text, object_pairs_hook=no_duplicates, parse_constant=reject_constant,
                         parse_float=Raw, parse_int=Raw)
    except ValueError as err:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        return "not strict JSON: %s" % err
    if serialise(raw) != text:
        return "not compact canonical JSON:\n    got  %s\n    want %s" % (text, serialise(raw))
    if name not in expected:
        return "no expected structure for this record"
    diff = same(value, expected[name])
    return "differs from the expected structure: %s\n    text: %s" % (diff, text) if diff else None


def check_hmac(data):
    timestamp, secret_hex, password = data.decode("ascii").split(" ")
    want = hmac.new(timestamp.encode("ascii"), bytes.fromhex(secret_hex), hashlib.sha256).hexdigest()
    return None if password == want else "hmac(%s, %s) = %s, want %s" % (timestamp, secret_hex, password, want)


def check_datetime(data):
    seconds, text = data.decode("ascii").split(" ")
    want = datetime.datetime.fromtimestamp(int(seconds), datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    ok = text[:19] == want and re.fullmatch(r"\.\d{3}", text[19:])
    return None if ok else "%s s -> %s, want %s" % (seconds, text, want)


def main(argv):
    args = argv[1:]
    if len(args) < 3 or args[0] != "--header":
        print(__doc__)
        return 2
    header, paths = args[1], args[2:]
    expected = expected_documents(header_event_kinds(header))
    records = read_records(paths[0])
    passed = failed = 0

    def verdict(label, problem):
        nonlocal passed, failed
        if problem:
            failed += 1
            print("FAIL %s: %s" % (label, problem))
        else:
            passed += 1

    c_passed = c_failed = None
    seen_json = set()
    groups = {}
    for kind, name, data in records:
        if kind == "json":
            if name in seen_json:
                verdict("json " + name, "recorded twice")
                continue
            seen_json.add(name)
            verdict("json " + name, check_json(name, data, expected))
        elif kind in ("hmac", "datetime"):
            problem = check_hmac(data) if kind == "hmac" else check_datetime(data)
            group = groups.setdefault("%s %s" % (kind, name), [0, []])
            group[0] += 1
            if problem:
                group[1].append(problem)
        elif kind == "summary":
            c_passed, c_failed = (int(x) for x in data.decode("ascii").split(" "))
        else:
            verdict("record %s %s" % (kind, name), "unknown record kind")
    for label, (count, problems) in sorted(groups.items()):
        verdict("%s (%d records)" % (label, count), "; ".join(problems[:5]) if problems else None)
    verdict("every expected document was recorded",
            ", ".join(sorted(set(expected) - seen_json)) or None)
    for other in paths[1:]:
        same_bytes = open(other, "rb").read() == open(paths[0], "rb").read()
        verdict("records of %s equal %s" % (other, paths[0]), None if same_bytes else "the runs differ")
    if c_passed is None:
        verdict("C summary record", "missing: the C run did not finish")
        c_passed = c_failed = 0
    total_passed, total_failed = passed + c_passed, failed + c_failed
    print("c-abi: %d passed, %d failed" % (total_passed, total_failed))
    return 1 if total_failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
