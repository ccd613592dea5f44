"""HOST STAND-IN: configuration overrides for examples/*.py from environment variables.

The examples end their configuration block with ``from example_config import *``. On a
board that is an optional file of your own; on the build machine this module turns each
``IOTDA_<NAME>`` environment variable into the global ``<NAME>``, so that tests and
``make demo`` point the unchanged examples at the local IoTDA (and keep the secret off
the command line). Names in ``_INTS`` become ints ("1"/"0" for switches), the others
stay strings; ``IOTDA_CA_FILE`` is read into ``CA_PEM``.

    IOTDA_HOST=127.0.0.1 IOTDA_PORT=1883 IOTDA_USE_TLS=0 IOTDA_DEVICE_ID=dev1 IOTDA_SECRET=...
"""
from _hostenv import environ as _environ

_INTS = ("PORT", "SIGN_TYPE", "KEEPALIVE", "COMMAND_WAIT_S", "USE_TLS", "QOS",
         "REPORT_INTERVAL_S", "RUN_SECONDS", "MAX_REQUESTS", "TIME_SYNC")

for _name, _value in _environ().items():
    if not _name.startswith("IOTDA_") or len(_name) == 6:
        continue
    _name = _name[6:]
    if _name == "CA_FILE":
        with open(_value) as _f:
            globals()["CA_PEM"] = _f.read()
    elif _name in _INTS:
        globals()[_name] = int(_value)
    else:
        globals()[_name] = _value
