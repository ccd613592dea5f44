# C ABI tests written in C (issue 2, item 6): tests/c/*.c against the checked-in header and the
# static library, run once under ASan+UBSan and once under valgrind (no sanitizers); CPython
# checks the JSON/HMAC/date records both runs write (tests/c/check_json.py) and a guard checks
# every function of the header is called (tests/c/check_coverage.py). See tests/c/README.md.
# Included by the top-level Makefile, which defines BUILD, HOST_LIB, HEADER and CC; sets no
# default goal. Python: standard library only.
.PHONY: test-c test-c-bugs test-c-namespace
TEST_TARGETS += test-c

C_TEST_DIR     := tests/c
C_TEST_SRC     := $(wildcard $(C_TEST_DIR)/*.c)
# The checked-in header by absolute path: a rebuild when it changes, never a cbindgen run.
C_TEST_DEPS    := $(C_TEST_SRC) $(C_TEST_DIR)/harness.h $(abspath $(HEADER)) $(HOST_LIB)
C_TEST_CFLAGS  := -std=c99 -Wall -Wextra -Werror -g -pthread -I$(dir $(HEADER))
C_TEST_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
C_TEST_ASAN    := $(BUILD)/c/test_c_abi
C_TEST_PLAIN   := $(BUILD)/c/test_c_abi_plain
C_TEST_ENV     := ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1 \
                  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
VALGRIND       ?= valgrind
C_TEST_VG      := $(VALGRIND) -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=all
C_TEST_TIMEOUT := timeout 300

$(C_TEST_ASAN): $(C_TEST_DEPS)
	@mkdir -p $(@D)
	$(CC) $(C_TEST_CFLAGS) $(C_TEST_SAN) $(C_TEST_SRC) $(HOST_LIB) -o $@

$(C_TEST_PLAIN): $(C_TEST_DEPS)
	@mkdir -p $(@D)
	$(CC) $(C_TEST_CFLAGS) -O1 $(C_TEST_SRC) $(HOST_LIB) -o $@

# The closing line is check_json.py's "c-abi: N passed, M failed" (C cases + CPython checks).
test-c: $(C_TEST_ASAN) $(C_TEST_PLAIN)
	python3 $(C_TEST_DIR)/check_coverage.py $(HEADER) $(C_TEST_DIR)
	python3 $(C_TEST_DIR)/check_coverage.py --namespace $(HEADER)
	$(C_TEST_ENV) $(C_TEST_TIMEOUT) $(C_TEST_ASAN) --bugs
	$(C_TEST_ENV) $(C_TEST_TIMEOUT) $(C_TEST_ASAN) $(BUILD)/c/records-asan.txt
	@set -e; records="$(BUILD)/c/records-asan.txt"; \
	if command -v $(VALGRIND) >/dev/null 2>&1; then \
	  echo "$(C_TEST_VG) $(C_TEST_PLAIN) $(BUILD)/c/records-valgrind.txt"; \
	  $(C_TEST_TIMEOUT) $(C_TEST_VG) $(C_TEST_PLAIN) $(BUILD)/c/records-valgrind.txt; \
	  records="$$records $(BUILD)/c/records-valgrind.txt"; \
	else \
	  echo "test-c: $(VALGRIND) not found: valgrind run SKIPPED"; \
	fi; \
	python3 $(C_TEST_DIR)/check_json.py --header $(HEADER) $$records

# Regression cases for library bugs found by these tests (cases named bug_*; fixed, so they pass).
test-c-bugs: $(C_TEST_ASAN)
	$(C_TEST_ENV) $(C_TEST_TIMEOUT) $(C_TEST_ASAN) --bugs

# The header must declare nothing outside the hwc_/HWC_ namespace.
test-c-namespace:
	python3 $(C_TEST_DIR)/check_coverage.py --namespace $(HEADER)
