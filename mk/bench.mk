# Rust-level benchmarks and instruction budgets (issue 6, items 3-4); the crate is bench/
# (its own Cargo.toml and Cargo.lock). Included by the top-level Makefile, which defines BUILD
# and CARGO; sets no default goal.
#   make bench-rust           speed vs 4 SHA-256 compressions, OpenSSL and serde_json, in 4 builds
#                             (opt 3 / opt z x sha2 auto / soft): tables + $(BUILD)/bench-rust.json
#   make bench-budget         callgrind Ir of password, topic, 5-property report vs bench/budgets.json
#                             (fails above +10 %); part of `make test`
#   make bench-budget-update  measures and rewrites bench/budgets.json (commit it deliberately)
.PHONY: bench-rust bench-budget bench-budget-update
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

bench-budget:
	@$(BENCH_NEED_VALGRIND)
	$(BENCH_SOFT) CARGO_TARGET_DIR=$(BENCH_OUT)/target-soft $(BENCH_BUILD) --profile shipped --bin budget
	$(BENCH_BUDGET) check --budgets $(BENCH_BUDGETS) --out-dir $(BENCH_OUT)/callgrind

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
