# Makes tests/iotda a package, so pytest puts tests/ (not this folder) on sys.path:
# this folder's platform.py must not shadow the standard library's "platform".
