#!/usr/bin/env python3
"""Helpers for the firmware checks (mk/firmware.mk): API list, generated C programs, float-ABI
attributes, linked-size accounting from linker maps, panic-path diagnosis, and the size/stack
report (build/size.json, docs/size.md) with its budgets. Standard library only.

  fwtool.py api HEADER [--archive A]         exported functions (checked against the archive)
  fwtool.py gen-all HEADER OUT.c             a program that references every function
  fwtool.py gen-one HEADER DIR               one such program per function (DIR/<fn>.c)
  fwtool.py attrs TARGET ARCHIVE             readelf -A of every member against the target's ABI
  fwtool.py exports TARGET ARCHIVE [--no-resolve] [CFLAGS...]
                                             only hwc_* global, one object; its undefined symbols
                                             must come from the target's newlib + libgcc
  fwtool.py link-trace TARGET TRACE SYM...    who defined each SYM in a link traced with -Wl,-y;
                                             fail if libhuaweicloud.a did
  fwtool.py size TARGET OUT.json ENTRY=ELF,MAP ...
  fwtool.py measure TARGET TXT OUT.json      parse the emulator's stack/instruction lines
  fwtool.py no-fmt ELF...                    fail if any core::fmt or panic symbol was linked
  fwtool.py panic-callers ELF                call chains from exported functions to panics
  fwtool.py report DIR HEADER JSON MD TEMPLATE size|measure   merge DIR/*.json, write JSON and MD, check budgets
  fwtool.py tradeoffs TARGET OUT.md OPT-BACKEND=DIR ...   one table row per build (make size-tradeoffs)
  fwtool.py guard [--record] SIZE.json RECORDED.json   sizes no larger than recorded (+1 %), or record them
  fwtool.py shim-size TARGET OUT.json NAME=OBJ,GENHDR,MPY_TOP ...   text/rodata/data/bss of the
                                             MicroPython module's object, and the qstrs it adds
                                             (make size-shim)
"""
import json
import os
import re
import subprocess
import sys

# --------------------------------------------------------------------------------------------
# Targets and what the firmware expects of each archive (float ABI, profile, alignment).

TARGETS = {
    # triple: (expected Tag_CPU_arch_profile, hard-float args?, strict alignment?, ISA of the Rust code)
    "thumbv7em-none-eabi": ("Microcontroller", False, False, "thumb"),
    "thumbv7em-none-eabihf": ("Microcontroller", True, False, "thumb"),
    "thumbv7m-none-eabi": ("Microcontroller", False, False, "thumb"),
    "armv7a-none-eabi": ("Application", False, True, "arm"),
    "armv7a-none-eabihf": ("Application", True, True, "arm"),
    "thumbv7a-none-eabihf": ("Application", True, True, "thumb"),
    "armv7r-none-eabi": ("Realtime", False, False, "arm"),
}
ORDER = list(TARGETS)
BUDGET_TARGET = "thumbv7em-none-eabi"
SIZE_ENTRIES = [("password", "password alone"), ("classic", "classic script flow"), ("all", "whole API")]
# text + rodata linked from libhuaweicloud.a; the libc/libgcc helpers it calls (memcpy, memcmp,
# __aeabi_memclr, __aeabi_uidiv, ...) are the firmware's and not counted (see docs/size.md).
SIZE_BUDGETS = {"password": 2700, "classic": 5500, "all": 12000}
STACK_BUDGET = {"hwc_password": 1024}
STACK_BUDGET_DEFAULT = 512
INSTRUCTION_BUDGETS = {"hwc_password": 21000}
# The throwaway prototype of docs/firmware-facts.md (thumbv7em, opt z, compact sha2), for comparison.
PROTOTYPE = {
    "size": {"password": "2290/336 (incl. 744 B memcpy)", "all": "4852/552 = password+topic+JSON report only"},
    "stack": {"hwc_password": 876},
    "instructions": {"hwc_password": 20090},
}


def die(msg):
    print("fwtool: " + msg, file=sys.stderr)
    sys.exit(1)


def run(cmd, stdin=None):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, input=stdin).stdout


# --------------------------------------------------------------------------------------------
# The API, from the header.


def api_functions(header):
    text = open(header, encoding="utf-8").read()
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = re.sub(r"//[^\n]*", "", text)
    names = sorted(set(re.findall(r"\b(hwc_[A-Za-z0-9_]+)\s*\(", text)))
    if not names:
        die(f"no hwc_ functions found in {header}")
    return names


def archive_functions(archive):
    # readelf, not nm: the members carry LLVM bitcode that binutils' LTO plugins choke on.
    out = run(["arm-none-eabi-readelf", "-sW", archive])
    names = set()
    for line in out.splitlines():
        p = line.split()
        if len(p) >= 8 and p[3] == "FUNC" and p[4] == "GLOBAL" and p[6] != "UND" and p[7].startswith("hwc_"):
            names.add(p[7])
    return sorted(names)


def cmd_api(args):
    header = args[0]
    names = api_functions(header)
    if len(args) == 3 and args[1] == "--archive":
        exported = archive_functions(args[2])
        missing = sorted(set(names) - set(exported))
        extra = sorted(set(exported) - set(names))
        if missing or extra:
            die(f"header and archive disagree: not exported {missing}, not in the header {extra}")
    print("\n".join(names))


def cmd_gen_all(args):
    header, out = args
    names = api_functions(header)
    lines = [
        "/* Generated by tests/firmware/fwtool.py from the header: references every exported",
        " * function, so --gc-sections keeps all of them and nothing else. Linked, never run. */",
        '#include "huaweicloud.h"',
        "#include <stdint.h>",
        "",
        "void *const hwc_all_functions[] = {",
    ]
    lines += [f"    (void *)(uintptr_t){n}," for n in names]
    lines += [
        "};",
        "",
        "int main(void) {",
        "    uintptr_t sum = 0;",
        "    for (unsigned i = 0; i < sizeof hwc_all_functions / sizeof hwc_all_functions[0]; i++)",
        "        sum += (uintptr_t)((void *const volatile *)hwc_all_functions)[i];",
        "    return (int)sum;",
        "}",
        "",
    ]
    write(out, "\n".join(lines))


def cmd_gen_one(args):
    header, outdir = args
    os.makedirs(outdir, exist_ok=True)
    for n in api_functions(header):
        write(
            os.path.join(outdir, n + ".c"),
            '#include "huaweicloud.h"\n#include <stdint.h>\n'
            f"void *const volatile hwc_one = (void *)(uintptr_t){n};\n"
            "int main(void) { return (int)(uintptr_t)hwc_one; }\n",
        )


def write(path, text):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


# --------------------------------------------------------------------------------------------
# Float ABI and friends: every member of the archive must match what the firmware links.


def cmd_attrs(args):
    target, archive = args
    if target not in TARGETS:
        die(f"unknown target {target}")
    profile, hard, strict, isa = TARGETS[target]
    out = run(["arm-none-eabi-readelf", "-A", archive])
    members = {}
    cur = None
    for line in out.splitlines():
        m = re.match(r"File: .*\((.*)\)$", line)
        if m:
            cur = m.group(1)
            members[cur] = {}
            continue
        m = re.match(r"\s+(Tag_\w+): (.*)$", line)
        if m and cur:
            members[cur][m.group(1)] = m.group(2).strip()
    if not members:
        die(f"{archive}: no ARM attributes found")
    errors = []
    undeclared = unaligned_helpers = 0
    for name, tags in members.items():
        short = name.split(".")[0]
        rust = name.startswith("huaweicloud")
        if tags.get("Tag_CPU_arch_profile") != profile:
            errors.append(f"{short}: Tag_CPU_arch_profile {tags.get('Tag_CPU_arch_profile')!r}, want {profile!r}")
        vfp = tags.get("Tag_ABI_VFP_args")
        # compiler-rt's assembly helpers declare no float ABI (they pass no floats): accepted, and
        # the link with the firmware's flags below is the final word. Everything else must match.
        if hard and vfp is None and not rust:
            undeclared += 1
        elif hard and vfp not in ("VFP registers", "compatible"):
            errors.append(f"{short}: Tag_ABI_VFP_args {vfp!r}, want 'VFP registers' (hard-float firmware)")
        if not hard and vfp not in (None, "AAPCS (base variant)", "compatible"):
            errors.append(f"{short}: Tag_ABI_VFP_args {vfp!r}, want base AAPCS (soft-float firmware)")
        if strict and tags.get("Tag_CPU_unaligned_access", "None") != "None":
            # Rust-compiled members (".rcgu.o") must honour the target's +strict-align; the
            # prebuilt compiler-rt C helpers of armv7a-none-eabi do not (Cortex-A7 with its MMU
            # on allows it; none of them is linked by this library, see the size maps).
            if name.endswith(".rcgu.o") or target.endswith("hf"):
                errors.append(f"{short}: Tag_CPU_unaligned_access {tags['Tag_CPU_unaligned_access']!r}, want None")
            else:
                unaligned_helpers += 1
        if target.endswith("hf") and target.startswith(("armv7a", "thumbv7a")):
            if tags.get("Tag_CPU_name", "").strip('"') != "cortex-a5":
                errors.append(f"{short}: Tag_CPU_name {tags.get('Tag_CPU_name')!r}, want cortex-a5")
            if tags.get("Tag_FP_arch") not in ("VFPv3-D16", "VFPv3", "VFPv4-D16", "VFPv4"):
                errors.append(f"{short}: Tag_FP_arch {tags.get('Tag_FP_arch')!r}, not within neon-vfpv4")
    # The Rust code itself: ARM (A32) or Thumb-2, from the exported functions' symbol values.
    syms = run(["arm-none-eabi-readelf", "-sW", archive])
    thumb = arm = 0
    for line in syms.splitlines():
        p = line.split()
        if len(p) >= 8 and p[3] == "FUNC" and p[7].startswith("hwc_") and p[6] != "UND":
            if int(p[1], 16) & 1:
                thumb += 1
            else:
                arm += 1
    got = "thumb" if thumb and not arm else "arm" if arm and not thumb else "mixed"
    if got != isa:
        errors.append(f"exported functions are {got} code ({thumb} Thumb, {arm} ARM), want {isa}")
    if errors:
        for e in sorted(set(errors))[:20]:
            print(f"attrs {target}: {e}", file=sys.stderr)
        die(f"{archive}: ABI attributes do not match {target}")
    rust = next((t for n, t in members.items() if n.startswith("huaweicloud")), {})
    print(
        f"attrs {target}: ok ({len(members)} members; {rust.get('Tag_CPU_name', rust.get('Tag_CPU_arch'))}, "
        f"{rust.get('Tag_CPU_arch_profile')}, VFP args: {rust.get('Tag_ABI_VFP_args', 'base AAPCS')}, "
        f"FP: {rust.get('Tag_FP_arch', 'none')}, unaligned: {rust.get('Tag_CPU_unaligned_access', 'None')}, "
        f"code: {got}" + (f"; {undeclared} assembly helpers declare no float ABI" if undeclared else "")
        + (f"; {unaligned_helpers} C helpers allow unaligned access" if unaligned_helpers else "") + ")"
    )


# --------------------------------------------------------------------------------------------
# What the archive exposes (scripts/localize-archive.sh): hwc_* only, so that it can never
# override or drag in a libc/libm/libgcc symbol, whatever the link order.


def archive_symbols(archive):
    """{member: [(name, bind, defined)]} of every non-local symbol, from readelf -sW."""
    out = run(["arm-none-eabi-readelf", "-sW", archive])
    members = {}
    cur = None
    for line in out.splitlines():
        m = re.match(r"File: .*\((.*)\)$", line)
        if m:
            cur = members.setdefault(m.group(1), [])
            continue
        p = line.split()
        if cur is None or len(p) < 8 or not re.match(r"\d+:$", p[0]) or p[4] == "LOCAL":
            continue
        cur.append((p[7], p[4], p[6] != "UND"))
    return members


def multilib_definitions(cflags, lib):
    """Global symbols defined by libc.a / libc_nano.a / libgcc.a of the multilib of cflags."""
    if lib == "libgcc.a":
        path = run(["arm-none-eabi-gcc", *cflags, "-print-libgcc-file-name"]).strip()
    else:
        path = run(["arm-none-eabi-gcc", *cflags, f"-print-file-name={lib}"]).strip()
    if not os.path.isabs(path) or not os.path.exists(path):
        die(f"{lib} not found for {' '.join(cflags)} (libnewlib-arm-none-eabi installed?)")
    names = set()
    for line in run(["arm-none-eabi-nm", "-P", "-g", "--defined-only", path]).splitlines():
        p = line.split()
        if len(p) >= 2 and not p[0].endswith(":"):
            names.add(p[0])
    return names


def cmd_exports(args):
    target, archive = args[0], args[1]
    rest = args[2:]
    resolve = "--no-resolve" not in rest
    cflags = [a for a in rest if a != "--no-resolve"]
    members = archive_symbols(archive)
    errors = []
    if len(members) != 1:
        errors.append(f"{len(members)} members, want 1 (our LTO object alone): "
                      f"{sorted(members)[:3]}{' ...' if len(members) > 3 else ''}")
    exported, undefined = set(), set()
    for member, syms in members.items():
        for name, bind, defined in syms:
            if not defined:
                undefined.add(name)
            elif name.startswith("hwc_"):
                exported.add(name)
            else:
                errors.append(f"{member.split('.')[0]}: {bind} {name}")
    if not exported:
        errors.append("no hwc_ symbol exported")
    if errors:
        # C-level names (memcpy, fmod, __aeabi_*) first: they are the ones that hijack a firmware.
        errors.sort(key=lambda e: (bool(re.search(r" (_R|_ZN)\w+$", e)), e))
        for e in errors[:20]:
            print(f"exports {target}: {e}", file=sys.stderr)
        if len(errors) > 20:
            print(f"exports {target}: ... {len(errors) - 20} more", file=sys.stderr)
        die(f"{archive} exposes more than the hwc_ API: run scripts/localize-archive.sh {archive} "
            "arm-none-eabi-objcopy after cargo (mk/firmware.mk does)")
    where = {}
    if resolve and cflags:
        libs = {
            "libc_nano": multilib_definitions(cflags, "libc_nano.a"),
            "libc": multilib_definitions(cflags, "libc.a"),
            "libgcc": multilib_definitions(cflags, "libgcc.a"),
        }
        missing = []
        for name in sorted(undefined):
            c = "libc" if name in libs["libc"] and name in libs["libc_nano"] else None
            g = "libgcc" if name in libs["libgcc"] else None
            if not (c or g):
                missing.append(name)
            where[name] = c or g
        if missing:
            die(f"{archive}: {missing} defined by neither newlib (libc.a and libc_nano.a) nor libgcc.a "
                f"of {' '.join(cflags)}; a firmware would fail to link (see docs/firmware.md)")
    needs = ", ".join(f"{n} ({where[n]})" if n in where else n for n in sorted(undefined)) or "nothing"
    print(f"exports {target}: one object, {len(exported)} hwc_ symbols, no other global; needs: {needs}")


def cmd_link_trace(args):
    """GNU ld's -y trace: 'FILE: definition of SYM' / 'FILE: reference to SYM'."""
    target, trace, syms = args[0], args[1], args[2:]
    defs = {}
    for line in open(trace, encoding="utf-8", errors="replace"):
        m = re.match(r"(.*): definition of (\S+)$", line.strip())
        if m and m.group(2) in syms:
            defs.setdefault(m.group(2), []).append(m.group(1))
    ours = {s: w for s, w in defs.items() if any("libhuaweicloud.a" in x for x in w)}
    if ours:
        die(f"{trace}: libhuaweicloud.a defines {sorted(ours)} for the firmware: the archive "
            "overrides the firmware's own libc/libm/libgcc (run scripts/localize-archive.sh on it)")
    if "memcpy" not in defs:
        die(f"{trace}: no definition of memcpy traced: the check program did not link as intended")
    def lib(w):
        m = re.search(r"([^/]+\.a)\(", w)
        return f"{m.group(1)}({helper_name(w)})" if m else os.path.basename(w)
    short = ", ".join(f"{s} <- {lib(defs[s][0])}" for s in syms if s in defs)
    print(f"link-trace {target}: Helios-style --whole-archive link, firmware symbols from its libraries: {short}")


# --------------------------------------------------------------------------------------------
# Linked size, attributed from the GNU ld map file.

def parse_map(path):
    """Input sections kept in the link: (output section, input section, size, origin)."""
    rows = []
    started = False
    out_sec = None
    pending = None
    for line in open(path, encoding="utf-8", errors="replace"):
        line = line.rstrip("\n")
        if not started:
            started = line.startswith("Linker script and memory map")
            continue
        if not line.strip():
            continue
        if line[0] == ".":
            out_sec = line.split()[0]
            pending = None
            continue
        p = line.split()
        if line.startswith(" ."):
            if len(p) >= 4 and p[1].startswith("0x") and p[2].startswith("0x"):
                rows.append((out_sec, p[0], int(p[2], 16), " ".join(p[3:])))
                pending = None
            elif len(p) == 1:
                pending = p[0]
            continue
        if line.startswith(" *fill*") and len(p) >= 3:
            rows.append((out_sec, "*fill*", int(p[2], 16), "fill"))
            continue
        if pending and len(p) >= 3 and p[0].startswith("0x") and p[1].startswith("0x"):
            rows.append((out_sec, pending, int(p[1], 16), " ".join(p[2:])))
            pending = None
    return rows


def origin(where):
    """Who supplied an input section: rust (our archive; an unlocalized archive's
    compiler_builtins members count too), libc, libgcc, fill or the C caller."""
    if re.search(r"libhuaweicloud\.a\(", where):
        return "rust"
    if "libgcc.a" in where:
        return "libgcc"
    if re.search(r"libc(_nano)?\.a|libnosys|libm\.a", where):
        return "libc"
    if where == "fill":
        return "fill"
    return "caller"


def helper_name(where):
    """libc_nano.a(libc_a-memcpy-stub.o) -> memcpy-stub; libgcc.a(_udivsi3.o) -> _udivsi3."""
    m = re.search(r"\(([^)]*)\)$", where)
    name = m.group(1) if m else os.path.basename(where)
    return re.sub(r"^(lib_a|libc_a)-", "", re.sub(r"\.o$", "", name))


# Where the archive's bytes go, by the module their symbol belongs to (first match wins).
AREAS = [
    ("hwc_", "C entry points (`hwc_*`, src/ffi.rs)"),
    # An entry point's closure holds the protocol code inlined into it (an encoder, a topic ...).
    ("huaweicloud::ffi::hwc_", "entry-point bodies, the protocol code inlined into them (src/ffi.rs)"),
    ("core::ops::function::FnOnce::call_once", "entry-point bodies, the protocol code inlined into them (src/ffi.rs)"),
    ("huaweicloud::ffi::", "entry-point plumbing: argument checks, writer, reader, decoder rows (src/ffi.rs)"),
    ("huaweicloud::json::", "JSON reader and writer (src/json/, src/sink.rs)"),
    ("huaweicloud::sink::", "JSON reader and writer (src/json/, src/sink.rs)"),
    ("huaweicloud::message::", "message tables, decoders, encoders (src/message/)"),
    ("huaweicloud::topic::", "topics (src/topic.rs)"),
    ("huaweicloud::time::", "time (src/time.rs)"),
    ("huaweicloud::credentials::", "credentials and HMAC-SHA256 (src/credentials.rs, sha2)"),
    ("sha2::", "credentials and HMAC-SHA256 (src/credentials.rs, sha2)"),
    ("huaweicloud::error::", "result codes and their texts (src/error.rs)"),
    ("OUTLINED_FUNCTION", "instruction sequences shared by LLVM's outliner"),
]
AREA_CONSTANTS = "unnamed constants: strings, key and event tables, jump tables"
AREA_OTHER = "core library functions not inlined"


def areas(mapfile):
    """text + rodata from the archive per area (AREAS), from the input-section names of the map."""
    sections = [(sec, size) for out_sec, sec, size, where in parse_map(mapfile)
                if out_sec in (".text", ".rodata") and origin(where) == "rust" and size]
    mangled = [re.sub(r"^\.(text|rodata)(\.unlikely|\.startup)?\.", "", sec) for sec, _ in sections]
    demangled = run(["arm-none-eabi-c++filt"], stdin="\n".join(mangled)).splitlines() if mangled else []
    result = {}
    for (sec, size), name in zip(sections, demangled):
        if name.startswith(".L") or sec in (".rodata", ".text") or re.match(r"\.rodata\.(str|cst)", sec):
            area = AREA_CONSTANTS
        else:
            name = "hwc_" if name.startswith("hwc_") else re.sub(r"^<(.*?) as .*", r"\1", name)
            area = next((label for prefix, label in AREAS if name.startswith(prefix)), AREA_OTHER)
        result[area] = result.get(area, 0) + size
    return result


def account(elf, mapfile):
    sizes = {}
    for line in run(["arm-none-eabi-size", "-A", elf]).splitlines():
        p = line.split()
        if len(p) >= 2 and p[0].startswith(".") and p[1].isdigit():
            sizes[p[0]] = int(p[1])
    acc = {}
    helpers = {}
    for out_sec, sec, size, where in parse_map(mapfile):
        if out_sec not in (".text", ".rodata", ".data", ".ARM.exidx"):
            continue
        o = origin(where)
        key = (out_sec.lstrip(".").replace("ARM.", ""), o)
        acc[key] = acc.get(key, 0) + size
        if o in ("libc", "libgcc") and out_sec in (".text", ".rodata") and size:
            h = f"{o}:{helper_name(where)}"
            helpers[h] = helpers.get(h, 0) + size
    text = acc.get(("text", "rust"), 0)
    rodata = acc.get(("rodata", "rust"), 0)
    helper_bytes = sum(acc.get((s, o), 0) for s in ("text", "rodata") for o in ("libc", "libgcc"))
    row = {
        # Budget figures: from libhuaweicloud.a only.
        "text": text,
        "rodata": rodata,
        "total": text + rodata,
        # Information: the firmware's libc/libgcc helpers the program linked (ours and the C
        # caller's references together; a firmware has them already).
        "helpers": helper_bytes,
        "helper_list": helpers,
        "data": acc.get(("data", "rust"), 0),
        "exidx": sizes.get(".ARM.exidx", 0),
        "caller_text": acc.get(("text", "caller"), 0),
        "caller_rodata": acc.get(("rodata", "caller"), 0),
        "elf_text": sizes.get(".text", 0),
        "elf_rodata": sizes.get(".rodata", 0),
        "areas": areas(mapfile),
    }
    return row


def cmd_size(args):
    target, out = args[0], args[1]
    result = {}
    for spec in args[2:]:
        entry, files = spec.split("=", 1)
        elf, mapfile = files.split(",")
        result[entry] = account(elf, mapfile)
        r = result[entry]
        print(
            f"size {target:22} {entry:9} text {r['text']:6} rodata {r['rodata']:5} = {r['total']:6} B"
            f" (+ libc/libgcc helpers {r['helpers']}; ELF .text {r['elf_text']} .rodata {r['elf_rodata']})"
        )
    write(out, json.dumps({target: result}, indent=1, sort_keys=True) + "\n")


def object_sections(obj):
    """Bytes per kind of section in a relocatable object (arm-none-eabi-size -A): text,
    rodata (string literals and const tables included), data (initialised RAM, copied from
    flash at start-up, so it costs both), bss (RAM only). Alignment padding a link would add
    between the -ffunction-sections/-fdata-sections pieces is not counted."""
    out = run(["arm-none-eabi-size", "-A", obj])
    sums = {"text": 0, "rodata": 0, "data": 0, "bss": 0}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) < 2 or not parts[1].isdigit():
            continue
        name, size = parts[0], int(parts[1])
        for kind in sums:
            if name == "." + kind or name.startswith("." + kind + "."):
                sums[kind] += size
    return sums


def shim_qstrs(genhdr, top):
    """The qstrs only the module brings into the firmware's qstr pool: those its qstr pass found
    (genhdr/qstr/*modhuaweicloud.c.qstr) minus those of every other source of this build, of
    py/qstrdefs.h and of makeqstrdata.py's static list. A firmware with more modules than this
    measurement's py/ core may already have some of them."""
    qdir = os.path.join(genhdr, "qstr")
    mine, others = set(), set()
    for name in os.listdir(qdir):
        with open(os.path.join(qdir, name), encoding="utf-8") as f:
            found = set(re.findall(r"^Q\((\w+)\)$", f.read(), re.M))
        (mine if name.endswith("modhuaweicloud.c.qstr") else others).update(found)
    with open(os.path.join(top, "py", "qstrdefs.h"), encoding="utf-8") as f:
        others.update(re.findall(r"^Q\((\w+)\)$", f.read(), re.M))
    with open(os.path.join(top, "py", "makeqstrdata.py"), encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"static_qstr_list = \[(.*?)\]", text, re.S)
    if m:
        others.update(re.findall(r'"(\w+)"', m.group(1)))
    return sorted(mine - others)


def cmd_shim_size(args):
    target, out = args[0], args[1]
    result = {}
    for spec in args[2:]:
        name, files = spec.split("=", 1)
        obj, genhdr, top = files.split(",")
        r = result[name] = object_sections(obj)
        qstrs = shim_qstrs(genhdr, top)
        # Pool cost per qstr (EXTRA_FEATURES level, 1.18 and 1.2x alike): a 4-byte pointer,
        # 2 bytes of hash, 1 of length, the characters and a NUL.
        r["qstrs"] = len(qstrs)
        r["qstr_bytes"] = sum(4 + 2 + 1 + len(q) + 1 for q in qstrs)
        print(
            f"size-shim {target:22} {name:18} text {r['text']:6} rodata {r['rodata']:5} = {r['text'] + r['rodata']:6} B"
            f" (+ data {r['data']}, bss {r['bss']}; + {r['qstrs']} new qstrs in the pool: {r['qstr_bytes']} B)"
        )
    write(out, json.dumps({target: result}, indent=1, sort_keys=True) + "\n")


# --------------------------------------------------------------------------------------------
# Stack and instructions, from the emulator transcript.


def cmd_measure(args):
    target, txt, out = args
    rows = {}
    calib = None
    done = None
    for line in open(txt, encoding="utf-8"):
        m = re.match(r"M (\S+) stack=(\d+) instructions=(\d+) rc=(-?\d+)", line)
        if m:
            rows[m.group(1)] = {"stack": int(m.group(2)), "instructions": int(m.group(3)), "rc": int(m.group(4))}
        m = re.match(r"calibration instructions_per_tick_x1000=(\d+)", line)
        if m:
            calib = int(m.group(1)) / 1000
        m = re.match(r"done cases=(\d+)", line)
        if m:
            done = int(m.group(1))
        if line.startswith("FATAL"):
            die(f"{txt}: {line.strip()}")
    if done is None or done != len(rows):
        die(f"{txt}: incomplete measurement transcript ({len(rows)} rows, done={done})")
    bad = [n for n, r in rows.items() if r["rc"] < 0]
    if bad:
        die(f"{txt}: measured calls failed (negative result): {bad}")
    print(f"measure {target}: {len(rows)} calls, {calib} instructions per SysTick tick")
    write(out, json.dumps({target: {"_calibration": calib, **rows}}, indent=1, sort_keys=True) + "\n")


# --------------------------------------------------------------------------------------------
# core::fmt and panics.


# A shipped program (spinning panic handler) links the handler, `rust_begin_unwind`, only if
# some path reaches it: the panic-check build can optimise differently, so this is checked on
# the shipped programs too.
PANIC_MARKS = ("core::fmt", "core::panicking", "rust_begin_unwind")


def cmd_no_fmt(args):
    bad = []
    for elf in args:
        out = run(["arm-none-eabi-nm", "-C", elf])
        hits = [l.split(None, 2)[-1] for l in out.splitlines() if any(m in l for m in PANIC_MARKS)]
        if hits:
            bad.append(f"{elf}: {len(hits)} core::fmt or panic symbols, e.g. {hits[:3]}")
    if bad:
        die("core::fmt or a panic path linked:\n  " + "\n  ".join(bad))
    print(f"no-fmt: no core::fmt symbol and no panic path in {len(args)} linked programs")


def cmd_panic_callers(args):
    """Reverse call graph of a program linked with the panic symbol defined as 0."""
    elf = args[0]
    dis = run(["arm-none-eabi-objdump", "-d", "--no-show-raw-insn", "-C", elf])
    callers = {}
    func = None
    for line in dis.splitlines():
        m = re.match(r"^[0-9a-f]+ <(.+)>:$", line)
        if m:
            func = m.group(1)
            continue
        m = re.search(
            r"\t(bl?x?(?:eq|ne|cs|cc|mi|pl|vs|vc|hi|ls|ge|lt|gt|le|al|hs|lo)?(?:\.[nw])?|cbn?z)\s+"
            r"(?:r\d+,\s*)?[0-9a-f]+ <(.+?)(?:\+0x[0-9a-f]+)?>\s*$", line)
        if m and func:
            callers.setdefault(m.group(2), set()).add(func)
    symbol = "__huaweicloud_panic_path_survived_optimization"
    roots = [symbol] if symbol in callers else [
        f for f in callers if "panic" in f or "unwrap_failed" in f or "expect_failed" in f]
    if not roots:
        print("panic-callers: no call to a panic function found (indirect calls are not followed)")
        return
    # Breadth first from the panic, so each exported function gets its shortest chain.
    found = {}
    seen = set(roots)
    frontier = [(r, [r]) for r in roots]
    while frontier:
        nxt = []
        for f, path in frontier:
            for c in sorted(callers.get(f, ())):
                if c in seen:
                    continue
                seen.add(c)
                if c.startswith("hwc_"):
                    found[c] = [c] + path[::-1]
                else:
                    nxt.append((c, path + [c]))
        frontier = nxt
    for name in sorted(found):
        print("panic path: " + " -> ".join(found[name]))
    if not found:
        print("panic-callers: panic functions are linked but no hwc_ caller was found by direct calls")


# --------------------------------------------------------------------------------------------
# The report.


def load(dirname):
    sizes, meas = {}, {}
    if not os.path.isdir(dirname):
        return sizes, meas
    for name in sorted(os.listdir(dirname)):
        if not name.endswith(".json"):
            continue
        data = json.load(open(os.path.join(dirname, name), encoding="utf-8"))
        dest = meas if name.startswith("measure-") else sizes
        for target, rows in data.items():
            dest.setdefault(target, {}).update(rows)
    return sizes, meas


def fmt_size(r):
    return f"{r['text']} / {r['rodata']} = **{r['total']}**"


def fmt_helpers(r):
    parts = sorted(r.get("helper_list", {}).items(), key=lambda kv: (-kv[1], kv[0]))
    listing = ", ".join(f"{k.split(':', 1)[1]} {v}" for k, v in parts)
    return f"{r['helpers']}" + (f" ({listing})" if listing else "")


def cmd_report(args):
    dirname, header, out_json, out_md, template, check = args
    if check not in ("size", "measure"):
        die("report: the last argument is what to check: size or measure")
    sizes, meas = load(dirname)
    api = api_functions(header)
    failures = []

    merged = {}
    for t in ORDER:
        if t in sizes or t in meas:
            merged[t] = {}
            merged[t].update({e: sizes[t][e] for e in sizes.get(t, {})})
            for e, r in meas.get(t, {}).items():
                if e.startswith("_"):
                    continue
                merged[t][e] = {"stack": r["stack"], "instructions": r["instructions"]}
    write(out_json, json.dumps(merged, indent=1, sort_keys=True) + "\n")

    # Budgets: all are shown in the document; the caller fails only on its own kind.
    b = sizes.get(BUDGET_TARGET, {})
    size_failures = []
    for entry, limit in SIZE_BUDGETS.items():
        if entry in b and b[entry]["total"] > limit:
            size_failures.append(f"size {BUDGET_TARGET} {entry}: {b[entry]['total']} B > budget {limit} B")
    if check == "size" and not b:
        size_failures.append(f"no size figures for {BUDGET_TARGET}")
    m = meas.get(BUDGET_TARGET, {})
    if check == "measure" and not m:
        failures.append(f"no stack/instruction figures for {BUDGET_TARGET}")
    if m:
        missing = [f for f in api if f not in m]
        if missing:
            failures.append(f"no stack/instruction measurement for {missing} (add them to measure_cases.h)")
    for entry, r in m.items():
        if entry.startswith("_"):
            continue
        base = entry.split("[")[0]
        limit = STACK_BUDGET.get(base, STACK_BUDGET_DEFAULT)
        if r["stack"] > limit:
            failures.append(f"stack {entry}: {r['stack']} B > budget {limit} B")
        if entry in INSTRUCTION_BUDGETS and r["instructions"] > INSTRUCTION_BUDGETS[entry]:
            failures.append(f"instructions {entry}: {r['instructions']} > budget {INSTRUCTION_BUDGETS[entry]}")

    # Markdown.
    parts = {}
    lines = ["| target | " + " | ".join(f"{label} (`{e}`)" for e, label in SIZE_ENTRIES) + " |",
             "|---|" + "---|" * len(SIZE_ENTRIES)]
    for t in ORDER:
        if t in sizes:
            cells = [fmt_size(sizes[t][e]) if e in sizes[t] else "—" for e, _ in SIZE_ENTRIES]
            lines.append(f"| `{t}` | " + " | ".join(cells) + " |")
    parts["SIZE_TABLE"] = "\n".join(lines) if len(lines) > 2 else "_not measured: run `make size`_"

    lines = ["| target | entry | text | rodata | total | libc/libgcc helpers linked (not counted) | ELF .text/.rodata (with the C caller and helpers) |",
             "|---|---|---|---|---|---|---|"]
    for t in ORDER:
        for e, _ in SIZE_ENTRIES:
            r = sizes.get(t, {}).get(e)
            if r:
                lines.append(
                    f"| `{t}` | {e} | {r['text']} | {r['rodata']} | {r['total']} | {fmt_helpers(r)} | "
                    f"{r['elf_text']} / {r['elf_rodata']} |"
                )
    parts["SIZE_DETAIL"] = "\n".join(lines) if len(lines) > 2 else ""

    lines = ["| entry | budget (text + rodata) | measured | libc/libgcc helpers (not counted) | prototype (firmware-facts) | verdict |",
             "|---|---|---|---|---|---|"]
    for e, label in SIZE_ENTRIES:
        r = b.get(e)
        if r:
            ok = r["total"] <= SIZE_BUDGETS[e]
            lines.append(
                f"| {label} | ≤ {SIZE_BUDGETS[e]} B | {r['total']} B | {r['helpers']} B | "
                f"{PROTOTYPE['size'].get(e, '—')} | {'ok' if ok else '**over**'} |"
            )
    parts["SIZE_BUDGETS"] = "\n".join(lines) if len(lines) > 2 else "_not measured: run `make size`_"

    names = sorted({a for e, _ in SIZE_ENTRIES for a in b.get(e, {}).get("areas", {})},
                   key=lambda a: -b.get("all", {}).get("areas", {}).get(a, 0))
    lines = ["| area | " + " | ".join(e for e, _ in SIZE_ENTRIES) + " |", "|---|" + "---:|" * len(SIZE_ENTRIES)]
    for a in names:
        lines.append(f"| {a} | " + " | ".join(str(b.get(e, {}).get("areas", {}).get(a, 0)) for e, _ in SIZE_ENTRIES) + " |")
    if names:
        lines.append("| **total** | " + " | ".join(f"**{b[e]['total']}**" if e in b else "—" for e, _ in SIZE_ENTRIES) + " |")
    parts["SIZE_AREAS"] = "\n".join(lines) if names else "_not measured: run `make size`_"

    if m:
        calib = m.get("_calibration")
        lines = ["| entry point | stack (B) | budget | instructions | budget | prototype |", "|---|---|---|---|---|---|"]
        for entry in sorted((e for e in m if not e.startswith("_")), key=lambda e: (e.split("[")[0] not in api, e)):
            r = m[entry]
            base = entry.split("[")[0]
            slimit = STACK_BUDGET.get(base, STACK_BUDGET_DEFAULT)
            ilimit = INSTRUCTION_BUDGETS.get(entry)
            sflag = "" if r["stack"] <= slimit else " **over**"
            iflag = "" if ilimit is None or r["instructions"] <= ilimit else " **over**"
            proto = []
            if entry in PROTOTYPE["stack"]:
                proto.append(f"{PROTOTYPE['stack'][entry]} B")
            if entry in PROTOTYPE["instructions"]:
                proto.append(f"{PROTOTYPE['instructions'][entry]} instr.")
            lines.append(
                f"| `{entry}` | {r['stack']}{sflag} | ≤ {slimit} | {r['instructions']}{iflag} | "
                f"{'≤ ' + str(ilimit) if ilimit else '—'} | {', '.join(proto) or '—'} |"
            )
        parts["STACK_TABLE"] = "\n".join(lines)
        parts["CALIBRATION"] = f"{calib:g}" if calib else "?"
        others = [t for t in ORDER if t in meas and t != BUDGET_TARGET]
        if others:
            lines = ["| target | hwc_password stack | hwc_password instructions | largest stack (entry point) |", "|---|---|---|---|"]
            for t in [BUDGET_TARGET] + others:
                mm = {e: r for e, r in meas[t].items() if not e.startswith("_")}
                big = max(mm.items(), key=lambda kv: kv[1]["stack"])
                pw = mm.get("hwc_password", {})
                lines.append(f"| `{t}` | {pw.get('stack')} | {pw.get('instructions')} | {big[1]['stack']} (`{big[0]}`) |")
            parts["STACK_OTHER"] = "\n".join(lines)
        else:
            parts["STACK_OTHER"] = ""
    else:
        parts["STACK_TABLE"] = "_not measured: run `make firmware-test`_"
        parts["CALIBRATION"] = "?"
        parts["STACK_OTHER"] = ""
    everything = size_failures + failures
    parts["FAILURES"] = (
        "\n".join(f"- {f}" for f in everything) if everything else "- none: every budget holds."
    )
    failures = size_failures if check == "size" else failures

    text = open(template, encoding="utf-8").read()
    for k, v in parts.items():
        text = text.replace("{{" + k + "}}", v)
    leftover = re.findall(r"\{\{\w+\}\}", text)
    if leftover:
        die(f"{template}: unknown placeholders {leftover}")
    write(out_md, text)
    print(f"report: wrote {out_json} and {out_md}")
    if failures:
        for f in failures:
            print("BUDGET EXCEEDED: " + f, file=sys.stderr)
        sys.exit(1)
    print(f"report: every {check} budget holds")


# --------------------------------------------------------------------------------------------
# Trading size for speed: one row per build of `make size-tradeoffs`.


def shipped_build(target):
    """The shipped build's name as size-tradeoffs spells it: Cargo.toml's release opt-level and
    the sha2 soft backend .cargo/config.toml gives the target (compact or unrolled)."""
    import tomllib  # Python 3.11; only this command needs it
    opt = tomllib.load(open("Cargo.toml", "rb"))["profile"]["release"]["opt-level"]
    flags = tomllib.load(open(".cargo/config.toml", "rb"))["target"][target]["rustflags"]
    return f"{opt}" + ("-compact" if 'sha2_backend_soft="compact"' in flags else "-unrolled")


def cmd_tradeoffs(args):
    target, out = args[0], args[1]
    shipped = shipped_build(target)
    lines = ["| build | password B | classic B | all B | `hwc_password` stack | `hwc_password` instructions "
             "| largest stack (entry point) |", "|---|---:|---:|---:|---:|---:|---|"]
    for spec in args[2:]:
        name, dirname = spec.split("=", 1)
        sizes, meas = load(dirname)
        s, m = sizes[target], {e: r for e, r in meas[target].items() if not e.startswith("_")}
        big = max(m, key=lambda e: m[e]["stack"])
        opt, backend = name.split("-", 1)
        level = opt if opt.isdigit() else f'"{opt}"'
        cells = [f"`opt-level={level}`, {backend}" + (" (shipped)" if name == shipped else "")]
        cells += [str(s[e]["total"]) for e, _ in SIZE_ENTRIES]
        cells += [str(m["hwc_password"]["stack"]), f"{m['hwc_password']['instructions']:,}", f"{m[big]['stack']} (`{big}`)"]
        if name == shipped:
            cells = [f"**{c}**" for c in cells]
        lines.append("| " + " | ".join(cells) + " |")
    write(out, "\n".join(lines) + "\n")
    print("\n".join(lines))
    print(f"tradeoffs: wrote {out}")


# --------------------------------------------------------------------------------------------
# Size guard: sizes may not grow past the recorded ones (a ratchet for `make test`; the issue's
# budgets are SIZE_BUDGETS, reported by `make size`).

GUARD_SLACK = 0.01


def cmd_guard(args):
    record = args[0] == "--record"
    measured_path, recorded_path = args[1:] if record else args
    target, measured = next(iter(json.load(open(measured_path)).items()))
    totals = {e: measured[e]["total"] for e, _ in SIZE_ENTRIES}
    if record:
        write(recorded_path, json.dumps({target: totals}, indent=1) + "\n")
        print(f"size-guard: recorded {totals} for {target} in {recorded_path}")
        return
    recorded = json.load(open(recorded_path))[target]
    over = [f"{e}: {totals[e]} B > recorded {recorded[e]} B + {GUARD_SLACK:.0%}"
            for e in totals if totals[e] > recorded[e] * (1 + GUARD_SLACK)]
    for e in totals:
        print(f"size-guard {target} {e:9} {totals[e]:6} B (recorded {recorded[e]}, {totals[e] / recorded[e] - 1:+.1%})")
    if over:
        die("size grew (if on purpose, `make size-record` and commit the file):\n  " + "\n  ".join(over))


COMMANDS = {
    "api": cmd_api,
    "gen-all": cmd_gen_all,
    "gen-one": cmd_gen_one,
    "attrs": cmd_attrs,
    "exports": cmd_exports,
    "link-trace": cmd_link_trace,
    "size": cmd_size,
    "measure": cmd_measure,
    "no-fmt": cmd_no_fmt,
    "panic-callers": cmd_panic_callers,
    "report": cmd_report,
    "tradeoffs": cmd_tradeoffs,
    "guard": cmd_guard,
    "shim-size": cmd_shim_size,
}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    COMMANDS[sys.argv[1]](sys.argv[2:])
