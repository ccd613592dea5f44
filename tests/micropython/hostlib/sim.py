"""HOST STAND-IN for QuecPython's ``sim`` module: a SIM card that is always ready.

    HOSTLIB_IMSI   (default 460001234567890)   getImsi()
    HOSTLIB_ICCID  (default 89860000000000000000)  getIccid()
"""
from _hostenv import getenv


def getStatus():
    return 1  # 1 = SIM ready (QuecPython's code)


def getImsi():
    return getenv("HOSTLIB_IMSI", "460001234567890")


def getIccid():
    return getenv("HOSTLIB_ICCID", "89860000000000000000")
