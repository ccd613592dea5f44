# Smoke test for the host interpreter (build/micropython) and the
# huaweicloud C module.  Run: build/micropython tests/micropython/test_smoke.py
import huaweicloud

from checks import check, finish, raises

# Published Huawei example: secret 12345678, timestamp 2025041401.
VECTOR = "c75150e6cb841417396819e4d2ee4358a416344a03a083e3a8567074ddec820a"

check("password(bytes, str)", huaweicloud.password(b"12345678", "2025041401") == VECTOR)
check("password(str, bytes)", huaweicloud.password("12345678", b"2025041401") == VECTOR)
check("password(str, str)", huaweicloud.password("12345678", "2025041401") == VECTOR)
check("password returns str", type(huaweicloud.password(b"12345678", "2025041401")) is str)
check("bad timestamp (9 digits) -> ValueError", raises(ValueError, huaweicloud.password, b"12345678", "202504140"))
check("bad timestamp (hour 24) -> ValueError", raises(ValueError, huaweicloud.password, b"12345678", "2025041424"))
check("bad timestamp (letters) -> ValueError", raises(ValueError, huaweicloud.password, b"12345678", "2025O41401"))
check("empty secret -> ValueError", raises(ValueError, huaweicloud.password, b"", "2025041401"))
check("int secret -> TypeError", raises(TypeError, huaweicloud.password, 12345678, "2025041401"))

# The secret must never appear in an error message.
try:
    huaweicloud.password(b"s3cr3t-value", "bad")
    check("error message hides the secret", False)
except ValueError as e:
    check("error message hides the secret", "s3cr3t" not in str(e))

finish("test_smoke")
