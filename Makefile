# huaweicloud: every build, test and check starts here. See README.md.
#   make            static library + C header (host)
#   make test       everything CI runs
#   make demo       the device script against a local IoTDA (issue 5)

BUILD      := build
CARGO      ?= cargo
CBINDGEN   ?= cbindgen
CC         ?= cc
HOST_LIB   := target/release/libhuaweicloud.a
HEADER     := cbindings/huaweicloud.h
RUST_SRC   := $(shell find src -name '*.rs') Cargo.toml Cargo.lock

.PHONY: all lib header header-check test test-rust test-c fuzz-smoke clippy fmt-check clean deps
.DEFAULT_GOAL := all

all: lib header

# One LTO'd object: `cargo rustc --crate-type staticlib` keeps LTO on (firmware-facts F1).
lib: $(HOST_LIB)
# Then only the hwc_* symbols stay global and Rust's compiler_builtins members are dropped, so
# the archive never overrides or drags in libc/libm symbols (scripts/localize-archive.sh).
$(HOST_LIB): $(RUST_SRC) scripts/localize-archive.sh
	$(CARGO) rustc --quiet --lib --crate-type staticlib --release
	@sh scripts/localize-archive.sh $@ >/dev/null

header: $(HEADER)
$(HEADER): $(RUST_SRC) cbindgen.toml
	@scripts/deps.sh rust-tools
	$(CBINDGEN) --quiet --config cbindgen.toml --crate huaweicloud --output $@

# The checked-in header must equal freshly generated output.
header-check:
	@scripts/deps.sh rust-tools
	@mkdir -p $(BUILD)
	$(CBINDGEN) --quiet --config cbindgen.toml --crate huaweicloud --output $(BUILD)/huaweicloud.h
	@diff -u $(HEADER) $(BUILD)/huaweicloud.h && echo "header: cbindings/huaweicloud.h is up to date" \
	  || { echo "header: cbindings/huaweicloud.h drifted from src/ffi.rs; run 'make header'"; exit 1; }

test-rust:
	$(CARGO) test --quiet --features std

clippy:
	$(CARGO) clippy --quiet --all-targets --features std -- -D warnings

fmt-check:
	$(CARGO) fmt --all -- --check

clean:
	rm -rf $(BUILD) target

-include $(wildcard mk/*.mk)

test: header-check fmt-check clippy test-rust $(TEST_TARGETS)
	@echo "make test: all suites passed"
