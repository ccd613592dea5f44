"""HOST STAND-IN for QuecPython's ``net`` module: only ``nitzTime()``.

On a module, ``net.nitzTime()`` returns the network (NITZ) time as
``(date_str, unix_utc_seconds, leap_seconds)``, e.g. ``('21/10/26 06:08:03 8 0', 1635228483, 0)``:
the date string is UTC ("YY/MM/DD hh:mm:ss" then the zone and the DST flag) and the second
item is Unix UTC seconds. Here both come from the host's UTC clock.

``HOSTLIB_CLOCK_OFFSET`` (seconds, may be negative) shifts the clock, to test what a device
with a wrong network time does (e.g. sign type 1 credentials refused for a stale hour).
"""
import utime

from _hostenv import getenv


def nitzTime():
    t = int(utime.time()) + int(getenv("HOSTLIB_CLOCK_OFFSET", "0"))
    y, mo, d, h, mi, s = utime.gmtime(t)[:6]
    return ("%02d/%02d/%02d %02d:%02d:%02d 0 0" % (y % 100, mo, d, h, mi, s), t, 0)
