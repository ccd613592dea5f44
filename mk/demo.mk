# The MicroPython examples against the local IoTDA (issue 5): `make demo` runs
# examples/huaweicloud_demo.py in the host interpreter and prints a transcript
# (scripts/demo.py); `make test-examples` runs tests/iotda/test_examples.py (both examples,
# the negative cases). See examples/README.md.
# Included by the top-level Makefile, which defines BUILD; sets no default goal.
.PHONY: demo test-examples
TEST_TARGETS += test-examples

DEMO_ENV := IOTDA_BUILD_DIR=$(abspath $(BUILD))/iotda

# deps.sh skips what is installed; the interpreter build is quiet (log kept) unless it fails.
demo:
	@bash scripts/deps.sh mosquitto python
	@mkdir -p $(BUILD)
	@echo "demo: make micropython (log: $(BUILD)/demo-build.log)"
	@$(MAKE) --no-print-directory micropython >$(BUILD)/demo-build.log 2>&1 \
	  || { tail -40 $(BUILD)/demo-build.log; echo "demo: building $(BUILD)/micropython failed"; exit 1; }
	@$(DEMO_ENV) python3 scripts/demo.py --micropython $(BUILD)/micropython

test-examples:
	bash scripts/deps.sh mosquitto python
	$(MAKE) --no-print-directory micropython
	MICROPYTHON=$(abspath $(BUILD))/micropython $(DEMO_ENV) python3 -m pytest -q tests/iotda/test_examples.py
