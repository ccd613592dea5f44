#!/usr/bin/env python3
"""A local stand-in for Huawei Cloud IoTDA's device-side MQTT endpoint (tests only).

mosquitto + the C plugin ``tests/iotda/plugin/iotda_auth.c`` (built on demand into
``build/iotda/``).  The plugin enforces IoTDA's CONNECT rules (client id format,
keep-alive 30-1200 s, username == device id, registry, HMAC-SHA256 password via
OpenSSL, sign type 1 hour check) and topic rules (own ``$oc/devices/{id}/`` only,
QoS <= 1, no retain), and logs every refusal as ``iotda: refused <client>: <reason>``
/ ``iotda: denied <client>: <action> '<topic>' <reason>``.

As a library::

    with Broker({"dev1": "secret123"}) as b:
        b.host, b.port            # plain MQTT on 127.0.0.1
        b.tls_port, b.cafile      # with Broker(..., tls=True)
        b.platform_username, b.platform_password
        mark = b.log_mark(); ...; b.wait_for_log(r"iotda: refused ...", since=mark)

From a shell (foreground, Ctrl-C stops it)::

    python3 tests/iotda/broker.py --registry FILE [--tls] [--port N]

Every mosquitto this module starts is listed in ``STARTED_PIDS`` and is stopped by
PID on exit (also from an ``atexit`` hook).
"""
import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
if __name__ == "__main__":
    # Run as a script, this folder would be sys.path[0] and our platform.py would
    # shadow the standard library's "platform" (which paho-mqtt imports).
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]

import argparse  # noqa: E402
import atexit  # noqa: E402
import datetime as _dt  # noqa: E402
import hashlib  # noqa: E402
import hmac  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import secrets  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402

REPO = _HERE.parents[1]
PLUGIN_SRC = _HERE / "plugin" / "iotda_auth.c"
BUILD_DIR = Path(os.environ.get("IOTDA_BUILD_DIR") or REPO / "build" / "iotda").resolve()
PLUGIN_SO = BUILD_DIR / "iotda_auth.so"
CC = os.environ.get("CC", "gcc")
CFLAGS = ["-std=c11", "-D_POSIX_C_SOURCE=200809L", "-O2", "-g", "-Wall", "-Wextra",
          "-Wpedantic", "-Werror", "-fPIC", "-shared"]
LIBS = ["-lcrypto"]
HOST = "127.0.0.1"

#: PIDs of every mosquitto started by this module (tests check they are all gone).
STARTED_PIDS = []
#: work directories of every broker started (their paths appear in mosquitto's command line).
WORKDIRS = []
#: (pid, [(ip, port)]) of the listening sockets seen for every broker that came up.
LISTENED = []
_RUNNING = []  # Broker objects not yet stopped (for the atexit hook)
_LOCK = threading.Lock()


# --------------------------------------------------------------------------
# credentials (CPython's hmac: independent of the project's Rust code)
# --------------------------------------------------------------------------
def utc_hour(when=None):
    """The UTC hour as ``YYYYMMDDHH``; ``when`` is a datetime/epoch seconds/None (now)."""
    if when is None:
        when = time.time()
    if isinstance(when, (int, float)):
        when = _dt.datetime.fromtimestamp(when, _dt.timezone.utc)
    return when.astimezone(_dt.timezone.utc).strftime("%Y%m%d%H")


def shift_hour(timestamp, hours):
    """``YYYYMMDDHH`` moved by ``hours`` (may be negative)."""
    t = _dt.datetime.strptime(timestamp, "%Y%m%d%H").replace(tzinfo=_dt.timezone.utc)
    return utc_hour(t + _dt.timedelta(hours=hours))


def password(secret, timestamp):
    """IoTDA password: lowercase hex HMAC-SHA256(key=timestamp, msg=secret)."""
    if isinstance(secret, str):
        secret = secret.encode("utf-8")
    return hmac.new(timestamp.encode("ascii"), secret, hashlib.sha256).hexdigest()


def client_id(device_id, sign_type, timestamp):
    return "%s_0_%s_%s" % (device_id, sign_type, timestamp)


def credentials(device_id, secret, sign_type=0, timestamp=None):
    """(client_id, username, password) for a device; timestamp defaults to now."""
    ts = timestamp or utc_hour()
    return client_id(device_id, sign_type, ts), device_id, password(secret, ts)


# --------------------------------------------------------------------------
# building the plugin
# --------------------------------------------------------------------------
def build_plugin(force=False):
    """Compile the plugin into build/iotda/ unless it is up to date. Returns its path."""
    stamp = BUILD_DIR / "iotda_auth.cmd"
    cmd = [CC] + CFLAGS + [str(PLUGIN_SRC), "-o", "OUT"] + LIBS
    want = " ".join(cmd)
    with _LOCK:
        if (not force and PLUGIN_SO.exists() and stamp.exists()
                and PLUGIN_SO.stat().st_mtime >= PLUGIN_SRC.stat().st_mtime
                and stamp.read_text() == want):
            return PLUGIN_SO
        BUILD_DIR.mkdir(parents=True, exist_ok=True)
        tmp = BUILD_DIR / (".iotda_auth.%d.so" % os.getpid())
        real = [str(tmp) if a == "OUT" else a for a in cmd]
        r = subprocess.run(real, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True, timeout=120)
        if r.returncode != 0:
            tmp.unlink(missing_ok=True)
            raise RuntimeError("building %s failed:\n$ %s\n%s"
                               % (PLUGIN_SRC, " ".join(real), r.stdout))
        os.replace(tmp, PLUGIN_SO)
        stamp.write_text(want)
        return PLUGIN_SO


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------
def find_mosquitto():
    for cand in (shutil.which("mosquitto"), "/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto"):
        if cand and os.access(cand, os.X_OK):
            return cand
    raise RuntimeError("mosquitto not found: run scripts/deps.sh mosquitto")


def free_port():
    """A TCP port that was free on 127.0.0.1 a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _port_accepts(port):
    try:
        with socket.create_connection((HOST, port), timeout=0.5):
            return True
    except OSError:
        return False


def listening_addresses(pid):
    """[(ip, port)] of the TCP sockets in LISTEN state owned by ``pid`` (from /proc)."""
    inodes = set()
    fd_dir = Path("/proc/%d/fd" % pid)
    for fd in fd_dir.iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        m = re.fullmatch(r"socket:\[(\d+)\]", target)
        if m:
            inodes.add(m.group(1))
    found = []
    for table, family in (("/proc/net/tcp", 4), ("/proc/net/tcp6", 6)):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            f = line.split()
            if len(f) < 10 or f[3] != "0A" or f[9] not in inodes:
                continue
            addr_hex, port_hex = f[1].split(":")
            raw = bytes.fromhex(addr_hex)
            if family == 4:
                ip = socket.inet_ntop(socket.AF_INET, raw[::-1])
            else:  # /proc prints 4 little-endian 32-bit words
                words = b"".join(raw[i:i + 4][::-1] for i in range(0, 16, 4))
                ip = socket.inet_ntop(socket.AF_INET6, words)
            found.append((ip, int(port_hex, 16)))
    return found


def pid_alive(pid):
    """True if ``pid`` is a live (non-zombie) process."""
    try:
        stat = Path("/proc/%d/stat" % pid).read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def our_processes():
    """PIDs of live processes whose command line names a work dir of this module's
    brokers (finds a mosquitto that escaped stop(), whoever its parent is)."""
    marks = [d.encode() + b"/" for d in WORKDIRS]
    found = []
    for p in Path("/proc").iterdir():
        if not p.name.isdigit() or int(p.name) == os.getpid():
            continue
        try:
            cmd = (p / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if any(m in a for a in cmd for m in marks) and pid_alive(int(p.name)):
            found.append(int(p.name))
    return found


def generate_tls(directory, days=2):
    """CA + server certificate for 127.0.0.1/localhost, made with the openssl CLI."""
    d = Path(directory)
    ca_key, ca_crt = d / "ca.key", d / "ca.crt"
    key, csr, crt, ext = d / "server.key", d / "server.csr", d / "server.crt", d / "server.ext"
    ext.write_text("basicConstraints=critical,CA:FALSE\n"
                   "keyUsage=critical,digitalSignature,keyEncipherment\n"
                   "extendedKeyUsage=serverAuth\n"
                   "subjectAltName=IP:127.0.0.1,DNS:localhost\n")

    def run(*args):
        r = subprocess.run(["openssl"] + list(args), stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, timeout=60)
        if r.returncode != 0:
            raise RuntimeError("openssl %s failed:\n%s" % (" ".join(args), r.stdout))

    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(ca_key),
        "-out", str(ca_crt), "-days", str(days), "-subj", "/CN=iotda-test-ca",
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(csr),
        "-subj", "/CN=localhost")
    run("x509", "-req", "-in", str(csr), "-CA", str(ca_crt), "-CAkey", str(ca_key),
        "-set_serial", "0x%x" % secrets.randbits(63), "-days", str(days),
        "-extfile", str(ext), "-out", str(crt))
    for p in (ca_key, key):
        p.chmod(0o600)
    return {"cafile": str(ca_crt), "certfile": str(crt), "keyfile": str(key)}


# --------------------------------------------------------------------------
# the broker
# --------------------------------------------------------------------------
class Broker:
    """mosquitto + iotda_auth plugin on 127.0.0.1; a context manager.

    devices: {device_id: secret} written to a registry file in the work dir (see
    add_device), or registry: path of an existing "device_id secret" file.
    sign1_tolerance_hours: accepted distance (hours) between a sign-type-1
    timestamp and the broker's UTC hour (IoTDA's real window is not documented).
    utc_hour_override: "YYYYMMDDHH" the plugin uses as "now" (deterministic tests).
    extra_config: text appended to mosquitto.conf (after the plugin lines).
    """

    def __init__(self, devices=None, registry=None, *, tls=False,
                 platform_username="iotda-platform", platform_password=None,
                 sign1_tolerance_hours=1, utc_hour_override=None, allow_retain=False,
                 port=None, tls_port=None, startup_timeout=10.0, keep_dir=None,
                 extra_config=""):
        if devices is not None and registry is not None:
            raise ValueError("give devices or registry, not both")
        self._devices = dict(devices or {})
        self._registry_arg = registry
        self.tls = tls
        self.platform_username = platform_username
        self.platform_password = platform_password or secrets.token_hex(16)
        self.sign1_tolerance_hours = int(sign1_tolerance_hours)
        self.utc_hour_override = utc_hour_override
        self.allow_retain = allow_retain
        self._want_port, self._want_tls_port = port, tls_port
        self.startup_timeout = startup_timeout
        self.extra_config = extra_config
        self.keep_dir = (os.environ.get("IOTDA_KEEP_BROKER_DIR") == "1"
                         if keep_dir is None else keep_dir)
        self.host = HOST
        self.port = self.tls_port = None
        self.cafile = self.certfile = self.keyfile = None
        self.proc = None
        self.workdir = None
        self.listen_addrs = []

    # -- registry -------------------------------------------------------------
    @property
    def registry_path(self):
        if self._registry_arg is not None:
            return Path(self._registry_arg).resolve()
        return self.workdir / "registry.txt"

    def _write_registry(self):
        path = self.registry_path
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text("".join("%s %s\n" % kv for kv in self._devices.items()))
        os.replace(tmp, path)  # the plugin re-reads it on every CONNECT

    def add_device(self, device_id, secret):
        """Register (or re-key) a device while the broker runs."""
        if self._registry_arg is not None:
            raise RuntimeError("registry file %s is not owned by this Broker" % self._registry_arg)
        if not re.fullmatch(r"[A-Za-z0-9_-]{1,128}", device_id) or not re.fullmatch(r"\S+", secret):
            raise ValueError("bad device id or secret")
        self._devices[device_id] = secret
        if self.workdir:
            self._write_registry()

    # -- lifecycle ----------------------------------------------------------------
    def _config(self, port, tls_port, plugin):
        lines = [
            "# generated by tests/iotda/broker.py",
            "per_listener_settings false",
            "allow_anonymous false",
            "persistence false",
            # started as root, mosquitto would drop to the 'mosquitto' user and could
            # not read files in our 0700 temporary directory
            "user root",
            "log_dest file %s" % self.log_path,
            "log_type all",
            "log_timestamp true",
            "log_timestamp_format %Y-%m-%dT%H:%M:%S",
            "connection_messages true",
            "listener %d %s" % (port, HOST),
        ]
        if tls_port:
            lines += ["listener %d %s" % (tls_port, HOST),
                      "cafile %s" % self.cafile,
                      "certfile %s" % self.certfile,
                      "keyfile %s" % self.keyfile]
        lines += ["plugin %s" % plugin,
                  "plugin_opt_registry %s" % self.registry_path,
                  "plugin_opt_platform_username %s" % self.platform_username,
                  "plugin_opt_platform_password %s" % self.platform_password,
                  "plugin_opt_sign1_tolerance_hours %d" % self.sign1_tolerance_hours,
                  "plugin_opt_allow_retain %s" % ("true" if self.allow_retain else "false")]
        if self.utc_hour_override:
            lines.append("plugin_opt_utc_hour_override %s" % self.utc_hour_override)
        if self.extra_config:
            lines.append(self.extra_config.rstrip("\n"))
        return "\n".join(lines) + "\n"

    def start(self):
        if self.proc is not None:
            raise RuntimeError("already started")
        plugin = build_plugin()
        mosquitto = find_mosquitto()
        self.workdir = Path(tempfile.mkdtemp(prefix="iotda-broker-"))
        WORKDIRS.append(str(self.workdir))
        self.log_path = self.workdir / "mosquitto.log"
        self.conf_path = self.workdir / "mosquitto.conf"
        with _LOCK:
            _RUNNING.append(self)
        try:
            if self._registry_arg is None:
                self._write_registry()
            elif not self.registry_path.is_file():
                raise FileNotFoundError(self.registry_path)
            if self.tls:
                tlsfiles = generate_tls(self.workdir)
                self.cafile, self.certfile, self.keyfile = (
                    tlsfiles["cafile"], tlsfiles["certfile"], tlsfiles["keyfile"])
            last_error = None
            for _attempt in range(3):  # a port picked as free may be taken meanwhile
                port = self._want_port or free_port()
                tls_port = (self._want_tls_port or free_port()) if self.tls else None
                if tls_port == port:
                    continue
                self.conf_path.write_text(self._config(port, tls_port, plugin))
                self.log_path.unlink(missing_ok=True)
                ok, last_error = self._launch(mosquitto, port, tls_port)
                if ok:
                    return self
                if "in use" not in last_error or self._want_port:
                    break
            raise RuntimeError("mosquitto did not start:\n%s" % last_error)
        except BaseException:
            self.stop()
            raise

    def _launch(self, mosquitto, port, tls_port):
        out = open(self.workdir / "mosquitto.stdout", "wb")
        try:
            self.proc = subprocess.Popen([mosquitto, "-c", str(self.conf_path)],
                                         stdin=subprocess.DEVNULL, stdout=out,
                                         stderr=subprocess.STDOUT, start_new_session=True)
        finally:
            out.close()
        STARTED_PIDS.append(self.proc.pid)
        deadline = time.monotonic() + self.startup_timeout
        ports = [p for p in (port, tls_port) if p]
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            if all(_port_accepts(p) for p in ports):
                self.listen_addrs = listening_addresses(self.proc.pid)
                mine = set(p for _, p in self.listen_addrs)
                if set(ports) <= mine:
                    LISTENED.append((self.proc.pid, list(self.listen_addrs)))
                    bad = [a for a in self.listen_addrs if a[0] != HOST]
                    if bad:
                        self._kill()
                        return False, "mosquitto listens beyond %s: %s" % (HOST, bad)
                    self.port, self.tls_port = port, tls_port
                    return True, None
            time.sleep(0.05)
        self._kill()
        return False, self._diagnostics()

    def _diagnostics(self):
        text = []
        for name in ("mosquitto.stdout", "mosquitto.log"):
            p = self.workdir / name
            if p.exists():
                text.append("--- %s ---\n%s" % (name, p.read_text(errors="replace")[-4000:]))
        return "\n".join(text) or "(no output)"

    def _kill(self):
        proc, self.proc = self.proc, None
        if proc is None:
            return
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)
        if pid_alive(proc.pid):
            raise RuntimeError("mosquitto pid %d still alive" % proc.pid)

    def stop(self):
        try:
            self._kill()
        finally:
            with _LOCK:
                if self in _RUNNING:
                    _RUNNING.remove(self)
            if self.workdir and not self.keep_dir:
                shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        return False

    @property
    def pid(self):
        return self.proc.pid if self.proc else None

    # -- log ------------------------------------------------------------------------
    def log_text(self):
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def log_mark(self):
        """Position in the log; pass as ``since`` to only look at newer lines."""
        return len(self.log_text())

    def wait_for_log(self, pattern, since=0, timeout=5.0):
        """Wait (<= timeout s) for a log line matching the regex; returns the line."""
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            for line in self.log_text()[since:].splitlines():
                if rx.search(line):
                    return line
            if time.monotonic() >= deadline:
                raise AssertionError("no broker log line matches %r within %.1f s; log since mark:\n%s"
                                     % (pattern, timeout, self.log_text()[since:][-3000:]))
            time.sleep(0.02)

    def iotda_lines(self, since=0):
        return [l for l in self.log_text()[since:].splitlines() if " iotda: " in l]


@atexit.register
def _stop_all():
    for b in list(_RUNNING):
        try:
            b.stop()
        except Exception as e:  # pragma: no cover - last resort
            print("iotda broker cleanup: %s" % e, file=sys.stderr)


# --------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------
def main(argv=None):
    ap = argparse.ArgumentParser(description="Run a local IoTDA-like MQTT broker in the foreground.")
    ap.add_argument("--registry", required=True, help='file of "device_id secret" lines (re-read per CONNECT)')
    ap.add_argument("--port", type=int, help="plain MQTT port (default: a free one)")
    ap.add_argument("--tls", action="store_true", help="also open a TLS listener (test CA generated)")
    ap.add_argument("--tls-port", type=int)
    ap.add_argument("--platform-username", default="iotda-platform")
    ap.add_argument("--platform-password", help="default: random, printed")
    ap.add_argument("--sign1-tolerance-hours", type=int, default=1)
    ap.add_argument("--utc-hour-override", help="YYYYMMDDHH the broker takes as the current hour")
    ap.add_argument("--allow-retain", action="store_true")
    ap.add_argument("--keep-dir", action="store_true", help="keep the work dir (config, log, certs)")
    ap.add_argument("--duration", type=float, help="stop after this many seconds")
    a = ap.parse_args(argv)

    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    b = Broker(registry=a.registry, tls=a.tls, port=a.port, tls_port=a.tls_port,
               platform_username=a.platform_username, platform_password=a.platform_password,
               sign1_tolerance_hours=a.sign1_tolerance_hours,
               utc_hour_override=a.utc_hour_override, allow_retain=a.allow_retain,
               keep_dir=a.keep_dir)
    with b:
        print("host %s" % b.host)
        print("port %d" % b.port)
        if b.tls:
            print("tls_port %d" % b.tls_port)
            print("cafile %s" % b.cafile)
        print("platform_username %s" % b.platform_username)
        print("platform_password %s" % b.platform_password)
        print("log %s" % b.log_path)
        print("pid %d" % b.pid, flush=True)
        deadline = None if a.duration is None else time.monotonic() + a.duration
        while not stop.is_set() and b.proc.poll() is None:
            if deadline is not None and time.monotonic() >= deadline:
                break
            stop.wait(0.5)
        if b.proc.poll() is not None:
            print("mosquitto exited with %s" % b.proc.returncode, file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
