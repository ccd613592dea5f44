# Fuzzing with cargo-fuzz on nightly (`scripts/deps.sh fuzz` installs both); project in fuzz/.
#   make fuzz-smoke                              every target briefly (part of `make test`);
#                                                fails on any crash, prints each target's runs
#   make fuzz TARGET=json_reader SECONDS=600     one target for longer
# FUZZ_SANITIZER=address builds with ASan (about 5x fewer runs; the C ABI tests run ASan already).
# Corpora grow in fuzz/corpus/<target>/, crashes land in fuzz/artifacts/<target>/ (both
# git-ignored); fuzz/seeds.py seeds the corpora and dictionaries from the protocol examples.
# Reproduce a crash: cd fuzz && cargo +nightly fuzz run --sanitizer none <target> artifacts/<target>/crash-...

FUZZ_TARGETS := topic json_reader json_writer decode_command decode_properties decode_message \
                decode_shadow decode_events decode_event_paras decode_bootstrap
FUZZ_SMOKE_SECONDS ?= 7
FUZZ_SANITIZER ?= none
FUZZ_RUN := cargo +nightly fuzz run --sanitizer $(FUZZ_SANITIZER)
FUZZ_LOGS := $(BUILD)/fuzz

# libFuzzer dictionary per target (written by fuzz/seeds.py); the writer's input is not text.
fuzz_dict = $(if $(filter topic,$(1)),-dict=dict/topic.dict,$(if $(filter json_writer,$(1)),,-dict=dict/json.dict))

.PHONY: fuzz-smoke fuzz fuzz-build fuzz-seeds

# One build for all targets (release, debug assertions and overflow checks on).
fuzz-build:
	@scripts/deps.sh fuzz
	cd fuzz && cargo +nightly fuzz build --sanitizer $(FUZZ_SANITIZER)

fuzz-seeds:
	@python3 fuzz/seeds.py

fuzz-smoke: fuzz-build fuzz-seeds
	@mkdir -p $(FUZZ_LOGS)
	@failed=""; total=0; \
	for t in $(FUZZ_TARGETS); do \
	  case $$t in topic) dict=-dict=dict/topic.dict;; json_writer) dict=;; *) dict=-dict=dict/json.dict;; esac; \
	  log=$(FUZZ_LOGS)/$$t.log; \
	  if (cd fuzz && $(FUZZ_RUN) $$t -- -max_total_time=$(FUZZ_SMOKE_SECONDS) -timeout=10 $$dict) >$$log 2>&1 \
	     && runs=$$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' $$log | tail -1) && [ -n "$$runs" ]; then \
	    printf 'fuzz-smoke: %-20s %9s runs in %ss\n' $$t $$runs $(FUZZ_SMOKE_SECONDS); \
	    total=$$((total + runs)); \
	  else \
	    echo "fuzz-smoke: $$t FAILED (full log: $$log)"; \
	    grep -E -A6 "panicked at|ERROR: |SUMMARY: |Test unit written" $$log | head -40; \
	    failed="$$failed $$t"; \
	  fi; \
	done; \
	if [ -n "$$failed" ]; then echo "fuzz-smoke: crashes in:$$failed"; exit 1; fi; \
	echo "fuzz-smoke: $(words $(FUZZ_TARGETS)) targets, $$total runs, no crash"

fuzz:
	@test -n "$(TARGET)" || { echo "usage: make fuzz TARGET=<$(subst $(eval) ,|,$(FUZZ_TARGETS))> [SECONDS=60]"; exit 2; }
	@test -n "$(filter $(TARGET),$(FUZZ_TARGETS))" || { echo "fuzz: unknown target $(TARGET); one of: $(FUZZ_TARGETS)"; exit 2; }
	@scripts/deps.sh fuzz
	@python3 fuzz/seeds.py
	cd fuzz && $(FUZZ_RUN) $(TARGET) -- -max_total_time=$(or $(SECONDS),60) -timeout=10 $(call fuzz_dict,$(TARGET))

TEST_TARGETS += fuzz-smoke
