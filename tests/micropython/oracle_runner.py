# MicroPython side of tests/micropython/oracle.py (run by it; not a test on
# its own, hence not named test_*.py).
#
#   build/micropython tests/micropython/oracle_runner.py CASES OUT
#
# CASES holds one Python literal per line: (case_id, function, args, kwargs).
# Markers turn literals into objects literals cannot express:
#   ("__bytearray__", b"...")  -> bytearray(b"...")
#   ("__memoryview__", b"...") -> memoryview(bytearray(b"..."))
#   kwargs["__into__"] = "exact" or "slice" -> call without into= (plain
#       bytes P), then with into= a buffer of exactly len(P) bytes (a
#       bytearray, or a memoryview slice of a larger bytearray), then with one
#       byte less; the result is ("into", returned_length, data written,
#       data == P, message of the ValueError for the short buffer, len(P))
# OUT receives one line per case: repr((case_id, result)) where result is
# ("ok", value), ("into", n, data) or ("err", exception_type_name, message);
# the first line is ("__module__", {name: value or "<function>"}) and the last
# ("__after__", password) computed once everything else ran.
import sys
import huaweicloud as h


def conv(a):
    if type(a) is tuple and len(a) == 2 and a[0] == "__bytearray__":
        return bytearray(a[1])
    if type(a) is tuple and len(a) == 2 and a[0] == "__memoryview__":
        return memoryview(bytearray(a[1]))
    return a


out = open(sys.argv[2], "w")
names = {}
for name in dir(h):
    if name.startswith("__"):
        continue
    value = getattr(h, name)
    names[name] = value if type(value) is int else "<function>"
out.write(repr(("__module__", names)) + "\n")

for line in open(sys.argv[1]):
    cid, fname, args, kwargs = eval(line)
    args = [conv(a) for a in args]
    into = kwargs.pop("__into__", None)
    kw = {}
    for k in kwargs:
        kw[k] = conv(kwargs[k])
    f = getattr(h, fname)
    try:
        if into is not None:
            # The exact size (then one byte less), in a bytearray or in a
            # memoryview slice of a larger buffer (bytes around it untouched).
            plain = f(*args, **kw)
            size = len(plain)
            if into == "exact":
                buf = bytearray(size)
                n = f(*args, into=buf, **kw)
                data = bytes(buf[:n])
            else:
                big = bytearray(b"#" * (size + 8))
                n = f(*args, into=memoryview(big)[4:4 + size], **kw)
                data = bytes(big[4:4 + n])
                if big[:4] != b"####" or big[4 + size:] != b"####":
                    data = b"<outside the slice was written>"
            try:
                f(*args, into=bytearray(size - 1), **kw)
                short = None
            except ValueError as e:
                short = str(e)
            res = ("into", n, data, data == plain, short, size)
        else:
            res = ("ok", f(*args, **kw))
    except Exception as e:
        res = ("err", type(e).__name__, str(e))
    out.write(repr((cid, res)) + "\n")

out.write(repr(("__after__", h.password("12345678", "2025041401"))) + "\n")
out.close()
