# Local IoTDA for tests (mosquitto + the C auth plugin tests/iotda/plugin/iotda_auth.c,
# built on demand into $(BUILD)/iotda/, + a CPython "platform"): see tests/iotda/README.md.
# Included by the top-level Makefile, which defines BUILD; sets no default goal.
.PHONY: test-iotda
TEST_TARGETS += test-iotda

test-iotda:
	bash scripts/deps.sh mosquitto python
	IOTDA_BUILD_DIR=$(abspath $(BUILD))/iotda python3 -m pytest -q tests/iotda --ignore=tests/iotda/test_c_example.py --ignore=tests/iotda/test_examples.py
