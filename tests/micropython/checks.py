# Minimal assertions for the MicroPython test scripts (no unittest on the host port):
# check() records a result, raises() tells whether a call raised the given exception,
# finish() prints the summary line and exits non-zero on any failure.
import sys

failures = 0


def check(name, ok, detail=""):
    global failures
    if ok:
        print("ok  ", name)
    else:
        failures += 1
        print("FAIL", name, detail)


def raises(exc, fn, *args):
    try:
        fn(*args)
    except exc:
        return True
    except Exception as e:  # the wrong exception type
        print("     unexpected", type(e).__name__, e)
        return False
    return False


def finish(name):
    print(name + ":", "FAILED (%d)" % failures if failures else "all passed")
    sys.exit(1 if failures else 0)
