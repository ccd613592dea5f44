"""HOST STAND-IN helper: environment variables for the host stand-ins.

The host interpreter (build/micropython) has no ``os`` module, so the stand-ins read
``/proc/self/environ`` (Linux) instead. Not a QuecPython module.
"""

_env = None


def environ():
    """{name: value} of this process's environment (str), read once."""
    global _env
    if _env is None:
        _env = {}
        try:
            with open("/proc/self/environ", "rb") as f:
                raw = f.read()
        except OSError:
            raw = b""
        for item in raw.split(b"\0"):
            eq = item.find(b"=")
            if eq > 0:
                _env[item[:eq].decode()] = item[eq + 1:].decode()
    return _env


def getenv(name, default=None):
    return environ().get(name, default)
