# Timing and allocation harness run by both interpreters (MicroPython only: time.ticks_us, gc).
#
#   interpreter [-X heapsize=N] baseline.py|ours.py ROUNDS BATCH_US
#   interpreter [-X heapsize=N] baseline.py|ours.py ir OP|- K     (under callgrind, see run.py)
#
# Output, one record per line, tab-separated, parsed by run.py (the port has no json module):
#   info   KEY    VALUE
#   value  OP     repr(result of one call)          (checked against the other side by run.py)
#   result OP     N  BEST_US_PER_OP  GC_BYTES_PER_OP
#
# Method: every op is first calibrated to about BATCH_US per batch; then ROUNDS rounds each run one
# batch of every op in turn (interleaved, so a busy phase of the machine slows every op a little
# instead of one op's whole series) and an op's figure is its best batch. gc.collect() runs before
# each batch and the GC stays enabled, so the collections an op's garbage causes are part of its
# time. GC bytes: gc.mem_alloc() delta over ALLOC_N calls with gc.disable() around the loop (after
# one warm-up call), divided by ALLOC_N.
import gc
import sys
import time

ALLOC_N = 16


def _batch(f, n):
    t0 = time.ticks_us()
    for _ in range(n):
        f()
    return time.ticks_diff(time.ticks_us(), t0)


def _calibrate(f, batch_us):
    n = 1
    while True:
        gc.collect()
        dt = _batch(f, n)
        if dt >= batch_us // 8 or n >= 1 << 24:
            break
        n *= 2
    return max(1, n * batch_us // max(dt, 1))


def _alloc(f, n):
    f()
    gc.collect()
    gc.disable()
    try:
        a0 = gc.mem_alloc()
        for _ in range(n):
            f()
        a1 = gc.mem_alloc()
    finally:
        gc.enable()
    gc.collect()
    return (a1 - a0) / n


# Calibration ops: the same Python code on both interpreters, to show their relative speed.
def calib_loop():
    s = 0
    for i in range(200):
        s = (s + i * 7) & 0xFFFF
    return s


def call_overhead():
    return None


def _ir(ops, op, k):
    # Instruction-count mode: run.py counts the whole process under callgrind twice, with OP
    # called K times and with "-" (no call); every op is called once first in both, so one-time
    # work (imports, first-call setup) cancels, and the difference / K is the op's instructions.
    for _, f in ops:
        f()
    gc.collect()
    if op != "-":
        f = dict(ops)[op]
        for _ in range(k):
            f()


def run(ops):
    if len(sys.argv) > 1 and sys.argv[1] == "ir":
        ops = list(ops) + [("calib_loop", calib_loop), ("call_overhead", call_overhead)]
        _ir(ops, sys.argv[2], int(sys.argv[3]))
        return
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    batch_us = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
    ops = list(ops) + [("calib_loop", calib_loop), ("call_overhead", call_overhead)]
    impl = sys.implementation
    print("info\tversion\t" + sys.version)
    print("info\timplementation\t" + repr(tuple(impl.version)))
    print("info\tmachine\t" + str(getattr(impl, "_machine", "")))
    print("info\tbuild\t" + str(getattr(impl, "_build", "")))
    print("info\theap_bytes\t%d" % (gc.mem_free() + gc.mem_alloc()))
    for name, f in ops:
        print("value\t%s\t%r" % (name, f()))
    ns = [_calibrate(f, batch_us) for _, f in ops]
    best = [1e30] * len(ops)
    for _ in range(rounds):
        for i in range(len(ops)):
            gc.collect()
            us = _batch(ops[i][1], ns[i]) / ns[i]
            if us < best[i]:
                best[i] = us
    for i in range(len(ops)):
        name, f = ops[i]
        print("result\t%s\t%d\t%.5f\t%.2f" % (name, ns[i], best[i], _alloc(f, ALLOC_N)))
