#!/usr/bin/env python3
"""Writes the fuzz seed corpora and dictionaries (both git-ignored) from the protocol examples.

The examples live once, in tests/prop_common/oracle.rs (PAYLOAD_EXAMPLES, TOPIC_EXAMPLES, and the
field tables of every decoder); this script reads them from there, so the property tests and the
fuzz targets start from the same documents.

Usage: fuzz/seeds.py [FUZZ_DIR]   (default: the folder of this script)
Writes FUZZ_DIR/corpus/<target>/seed-<hash> (existing corpus files are kept) and
FUZZ_DIR/dict/{json,topic}.dict for libFuzzer's -dict=.
"""

import hashlib
import os
import re
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ORACLE = os.path.join(HERE, "..", "tests", "prop_common", "oracle.rs")

DECODE_TARGETS = [
    "decode_command",
    "decode_properties",
    "decode_message",
    "decode_shadow",
    "decode_events",
    "decode_event_paras",
    "decode_bootstrap",
]


def rust_strings(source, const):
    """The string literals (raw r#"..."# or escaped "...") of `pub const NAME: &[&str] = &[...];`."""
    start = source.index("pub const %s" % const)
    body = source[source.index("&[", start) + 2 : source.index("\n];", start)]
    out = []
    for m in re.finditer(r'r#"(.*?)"#|"((?:[^"\\]|\\.)*)"', body, re.S):
        if m.group(1) is not None:
            out.append(m.group(1))
        else:
            out.append(unescape(m.group(2)))
    return out


def unescape(text):
    simple = {"n": "\n", "r": "\r", "t": "\t", "\\": "\\", '"': '"', "'": "'", "0": "\0"}
    out, i = [], 0
    while i < len(text):
        c = text[i]
        if c != "\\":
            out.append(c)
            i += 1
        elif text[i + 1] == "u":
            end = text.index("}", i)
            out.append(chr(int(text[i + 3 : end], 16)))
            i = end + 1
        else:
            out.append(simple[text[i + 1]])
            i += 2
    return "".join(out)


def field_keys(source):
    return sorted(set(re.findall(r'\b[ro]\("([^"]+)", (?:Str|Int|Obj|Arr|Any)\)', source)))


def ops(*items):
    """Writer calls in the byte encoding of oracle::ops_from_bytes."""
    out = bytearray()
    for item in items:
        if isinstance(item, str):
            out.append({"{": 0, "[": 1, "}": 2, "]": 3, "null": 11, "true": 10 | 0x10, "false": 10}[item])
        else:
            kind, value = item
            if kind in ("key", "str", "num"):
                data = value.encode()
                assert len(data) < 16
                out.append({"key": 4, "str": 5, "num": 8}[kind] | len(data) << 4)
                out += data
            elif kind == "int":
                out.append(6)
                out += struct.pack("<q", value)
            elif kind == "uint":
                out.append(7)
                out += struct.pack("<Q", value)
            elif kind == "dec":
                out.append(9)
                out += struct.pack("<q", value[0]) + bytes([value[1]])
    return bytes(out)


def dict_entry(text):
    data = text.encode() if isinstance(text, str) else text
    body = "".join(chr(b) if 0x20 <= b < 0x7F and b not in (0x22, 0x5C) else "\\x%02X" % b for b in data)
    return '"%s"\n' % body


def main():
    fuzz_dir = sys.argv[1] if len(sys.argv) > 1 else HERE
    with open(ORACLE, encoding="utf-8") as f:
        source = f.read()
    payloads = [p.encode() for p in rust_strings(source, "PAYLOAD_EXAMPLES")]
    topics = [t.encode() for t in rust_strings(source, "TOPIC_EXAMPLES")]
    keys = field_keys(source)
    assert len(payloads) > 10 and len(topics) > 10 and "device_send_time" in keys, "oracle.rs layout changed"

    extra = [b"{}", b"[]", b'"\\ud83d\\ude00\\u00e9\\n"', b"-0.5e-3", b"[[[[{}]]]]", b'{"a":[1,{"b":null}],"a":true}']
    seeds = {"json_reader": payloads + extra, "topic": list(topics)}
    for target in DECODE_TARGETS:
        seeds[target] = list(payloads)
    # Topic builds (check_topic_build): kind byte, device id, 0xFF, extra.
    for kind in range(20):
        seeds["topic"].append(bytes([kind]) + b"dev-1\xff" + (b"a/b" if kind == 17 else b"42"))
        seeds["topic"].append(bytes([kind]) + b"dev-1")
    seeds["json_writer"] = [
        ops("{", ("key", "services"), "[", "{", ("key", "service_id"), ("str", "Temperature"), ("key", "properties"), "{",
            ("key", "value"), ("int", 57), ("key", "t"), ("dec", (2345, 2)), "}", "}", "]", "}"),
        ops("[", ("num", "1.5e-7"), ("uint", 2**64 - 1), ("int", -2**63), "null", "true", "false", ("str", 'q"\\\n\x01'), "]"),
        ops(("str", "é😀")),
        ops(*(["["] * 33 + ["]"] * 33)),
        ops("{", ("key", "a"), "}", "null"),
        ops("[", ("num", "01"), "]"),
    ]

    written = 0
    for target, items in seeds.items():
        folder = os.path.join(fuzz_dir, "corpus", target)
        os.makedirs(folder, exist_ok=True)
        for data in items:
            path = os.path.join(folder, "seed-" + hashlib.sha1(data).hexdigest()[:16])
            if not os.path.exists(path):
                with open(path, "wb") as f:
                    f.write(data)
                written += 1

    os.makedirs(os.path.join(fuzz_dir, "dict"), exist_ok=True)
    json_tokens = ["{", "}", "[", "]", ",", ":", '"', "\\u", "\\ud83d\\ude00", "\\ud800", "\\/", "true", "false", "null",
                   "-0", "0.5", "1e400", "E+", "99999999999999999999", "-9223372036854775808", "\x00", "\xff"]
    json_tokens += ['"%s"' % k for k in keys] + ['"%s":' % k for k in keys]
    json_tokens += ['"$ota"', '"$time_sync"', '"$sub_device_manager"', '"version_query"', '"firmware_upgrade"',
                    '"time_sync_response"', '"20151212T121212Z"']
    topic_tokens = ["$oc/devices/", "/sys/", "request_id=", "?request_id=", "/user/", "response/", "/", "?", "#", "+"]
    topic_tokens += sorted({seg for t in topics for seg in t.decode().split("/") if seg and not seg.startswith("$")})
    with open(os.path.join(fuzz_dir, "dict", "json.dict"), "w") as f:
        f.writelines(dict_entry(t.encode("latin-1") if t in ("\x00", "\xff") else t) for t in json_tokens)
    with open(os.path.join(fuzz_dir, "dict", "topic.dict"), "w") as f:
        f.writelines(dict_entry(t) for t in topic_tokens)
    print("fuzz seeds: %d new files for %d targets; dictionaries in %s/dict" % (written, len(seeds), fuzz_dir))


if __name__ == "__main__":
    main()
