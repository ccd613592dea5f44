# Self-test of the host interpreter's own features (tests/micropython/port):
# argv/path/__file__, open(), time/utime, gc, the py/ modules, and sockets on
# 127.0.0.1 (server and client in this one process).  No network beyond
# loopback, no helper processes.
#
#   build/micropython tests/micropython/test_port.py [SCRATCH_FILE]
#
# SCRATCH_FILE (default /tmp/hwc-mpy-port-test.txt) is overwritten; there is
# no os module to delete it afterwards.
import sys

from checks import check, finish, raises


# --- interpreter basics -----------------------------------------------------
check("sys.argv[0] is the script", sys.argv[0].endswith("test_port.py"))
check("__file__ is the script", __file__ == sys.argv[0])
check("sys.path[0] is the script directory", sys.argv[0].startswith(sys.path[0]))
check("implementation is micropython", sys.implementation.name == "micropython")

import gc

gc.collect()
check("gc.mem_alloc/mem_free", gc.mem_alloc() > 0 and gc.mem_free() > 0)

import struct, array, collections, errno, io, math, micropython

check("struct", struct.pack("<HI", 1, 2) == b"\x01\x00\x02\x00\x00\x00")
check("array", list(array.array("B", [1, 2, 3])) == [1, 2, 3])
check("collections.OrderedDict/deque", list(collections.OrderedDict([("a", 1)])) == ["a"]
      and collections.deque((), 4) is not None)
check("errno", errno.ENOENT == 2)
check("io.BytesIO", io.BytesIO(b"ab").read() == b"ab")
check("math", math.sqrt(16) == 4.0)
check("micropython.const", micropython.const(3) == 3)

# --- files ------------------------------------------------------------------
path = sys.argv[1] if len(sys.argv) > 1 else "/tmp/hwc-mpy-port-test.txt"
with open(path, "w") as f:
    f.write("line 1\nline 2\n")
with open(path) as f:
    check("open() text read", f.read() == "line 1\nline 2\n")
with open(path, "rb") as f:
    check("open() binary readline", f.readline() == b"line 1\n")
    f.seek(0)
    check("seek/tell", f.tell() == 0 and list(f) == [b"line 1\n", b"line 2\n"])
with open(path, "a") as f:
    f.write("line 3\n")
with open(path) as f:
    check("append mode", f.readlines()[-1] == "line 3\n")
try:
    open(path + ".does-not-exist")
    check("open() missing file -> OSError ENOENT", False)
except OSError as e:
    check("open() missing file -> OSError ENOENT", e.errno == errno.ENOENT)
check("sys.stdout.write", sys.stdout.write("") == 0)

# --- time -------------------------------------------------------------------
import time
import utime

check("utime is time", utime.ticks_ms is time.ticks_ms)
t0 = time.ticks_ms()
time.sleep_ms(30)
dt = time.ticks_diff(time.ticks_ms(), t0)
check("sleep_ms(30) -> ticks_diff >= 30 (%d)" % dt, 30 <= dt < 1000)
check("ticks_add/ticks_diff", time.ticks_diff(time.ticks_add(t0, -5), t0) == -5)
check("time() is recent", time.time() > 1700000000)
check("time_ns()", time.time_ns() // 1000000000 - int(time.time()) in (0, 1))
check("gmtime(0)", time.gmtime(0) == (1970, 1, 1, 0, 0, 0, 3, 1))
check("gmtime(1744592400)", time.gmtime(1744592400)[:4] == (2025, 4, 14, 1))
check("mktime", time.mktime((2025, 4, 14, 1, 0, 0, 0, 0)) == 1744592400)

# --- sockets over loopback --------------------------------------------------
import socket

srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
port = None
for p in range(47000, 47100):
    try:
        srv.bind(socket.getaddrinfo("127.0.0.1", p)[0][-1])
        port = p
        break
    except OSError:
        pass
check("bind 127.0.0.1", port is not None)
srv.listen(1)

cli = socket.socket()
cli.connect(socket.getaddrinfo("127.0.0.1", port)[0][-1])
conn, addr = srv.accept()
check("connect/accept", conn is not None)

cli.send(b"hello\n")
check("send/recv", conn.recv(16) == b"hello\n")
conn.write(b"line via stream\n")
check("makefile().readline()", cli.makefile("rb").readline() == b"line via stream\n")

cli.settimeout(0.05)
try:
    cli.read(1)  # stream read maps the timeout to ETIMEDOUT (recv() gives EAGAIN)
    check("read timeout -> OSError ETIMEDOUT", False)
except OSError as e:
    check("read timeout -> OSError ETIMEDOUT", e.errno == errno.ETIMEDOUT)
cli.setblocking(False)
check("non-blocking read -> None", cli.read(1) is None)

conn.close()
cli.setblocking(True)
check("read at EOF -> b''", cli.read(1) == b"")
cli.close()
srv.close()

refused = socket.socket()
try:
    refused.connect(socket.getaddrinfo("127.0.0.1", port)[0][-1])
    check("connect to closed port -> ECONNREFUSED", False)
except OSError as e:
    check("connect to closed port -> ECONNREFUSED", e.errno == errno.ECONNREFUSED)
refused.close()

finish("test_port")
