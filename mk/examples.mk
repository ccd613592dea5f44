# The C example device (examples/c/device.c: libmosquitto over TLS + libhuaweicloud) and its
# test against the local IoTDA (tests/iotda/test_c_example.py). See examples/c/README.md.
# Included by the top-level Makefile, which defines BUILD, HOST_LIB, HEADER and CC; sets no
# default goal.
.PHONY: example-c test-example-c
TEST_TARGETS += test-example-c

EXAMPLE_C_SRC    := examples/c/device.c
EXAMPLE_C_BIN    := $(BUILD)/examples/device
EXAMPLE_C_ASAN   := $(BUILD)/examples/device-asan
EXAMPLE_C_CFLAGS := -std=c99 -Wall -Wextra -Werror -O2 -g -I$(dir $(HEADER))
EXAMPLE_C_SAN    := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
EXAMPLE_C_LIBS   := -lmosquitto

example-c: $(EXAMPLE_C_BIN) $(EXAMPLE_C_ASAN)

$(EXAMPLE_C_BIN): $(EXAMPLE_C_SRC) $(HOST_LIB) $(HEADER)
	@mkdir -p $(@D)
	$(CC) $(EXAMPLE_C_CFLAGS) $(EXAMPLE_C_SRC) $(HOST_LIB) $(EXAMPLE_C_LIBS) -o $@

$(EXAMPLE_C_ASAN): $(EXAMPLE_C_SRC) $(HOST_LIB) $(HEADER)
	@mkdir -p $(@D)
	$(CC) $(EXAMPLE_C_CFLAGS) $(EXAMPLE_C_SAN) $(EXAMPLE_C_SRC) $(HOST_LIB) $(EXAMPLE_C_LIBS) -o $@

# libmosquitto-dev must be there before the build, so the build runs after deps.sh.
test-example-c:
	bash scripts/deps.sh mosquitto python
	$(MAKE) --no-print-directory example-c
	EXAMPLE_C_BIN=$(abspath $(EXAMPLE_C_BIN)) EXAMPLE_C_ASAN=$(abspath $(EXAMPLE_C_ASAN)) \
	  IOTDA_BUILD_DIR=$(abspath $(BUILD))/iotda python3 -m pytest -q tests/iotda/test_c_example.py
