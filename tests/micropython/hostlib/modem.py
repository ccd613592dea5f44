"""HOST STAND-IN for QuecPython's ``modem`` module (device identity), for examples run by
build/micropython. Values come from environment variables so that tests can pick them:

    HOSTLIB_IMEI   (default 868540050954037)   getDevImei()
    HOSTLIB_SN     (default HOSTSN0000000001)  getDevSN()
    HOSTLIB_MODEL  (default EC600U-HOST)       getDevModel()

QuecPython returns -1 on failure; these never fail.
"""
from _hostenv import getenv


def getDevImei():
    return getenv("HOSTLIB_IMEI", "868540050954037")


def getDevSN():
    return getenv("HOSTLIB_SN", "HOSTSN0000000001")


def getDevModel():
    return getenv("HOSTLIB_MODEL", "EC600U-HOST")


def getDevFwVersion():
    return "HOST-STAND-IN"
