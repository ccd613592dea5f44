"""HOST STAND-IN for QuecPython's ``checkNet`` module: the host's network is always up.

``waitNetworkReady(timeout)`` returns ``(stagecode, subcode)``; on QuecPython ``(3, 1)``
means "SIM ready, registered, data call up". ``HOSTLIB_NET_DOWN=1`` makes it return
``(2, 0)`` (registered, no data call) after no wait, to test an example's failure path.
"""
from _hostenv import getenv


def waitNetworkReady(timeout=60):
    if getenv("HOSTLIB_NET_DOWN") == "1":
        return (2, 0)
    return (3, 1)
