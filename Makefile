# Thin wrapper around CMake; see README.md.  `make demo` and `make check`
# install what is missing, configure and build before they run.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE ?= cmake
TYPE ?= RelWithDebInfo
# Sanitizer builds use clang, so every `make check` builds with both
# compilers.
SAN_CC ?= clang-19

.PHONY: all deps build build-tsan build-asan demo check check-corpus clean format \
    csmith-long bench

all: build

deps:
	@.ci/install-deps

# Each build shows one progress line (tools/build-quietly; VERBOSE=1 for
# the compiler's every word).
build: deps
	@$(CMAKE) -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(TYPE) >/dev/null
	@tools/build-quietly $(BUILD) $(JOBS)

build-tsan: deps
	@$(CMAKE) -S . -B $(BUILD)-tsan -DCMAKE_BUILD_TYPE=$(TYPE) \
	    -DCMAKE_C_COMPILER=$(SAN_CC) -DVNET_SANITIZE=thread \
	    -DVNETIFY_BUILD_TOOL=OFF >/dev/null
	@tools/build-quietly $(BUILD)-tsan $(JOBS)

build-asan: deps
	@$(CMAKE) -S . -B $(BUILD)-asan -DCMAKE_BUILD_TYPE=$(TYPE) \
	    -DCMAKE_C_COMPILER=$(SAN_CC) -DVNET_SANITIZE=address,undefined \
	    >/dev/null
	@tools/build-quietly $(BUILD)-asan $(JOBS)

demo: build
	@samples/freebsd-net/demo.sh $(BUILD)

# CHECK_ASAN=1 adds the ASan+UBSan build (CI sets it).
check: build build-tsan $(if $(CHECK_ASAN),build-asan)
	@python3 testsuite/run-tests.py --build $(BUILD) --tsan $(BUILD)-tsan \
	    $(if $(CHECK_ASAN),--asan $(BUILD)-asan)

# vnetify on real FreeBSD code, scored against FreeBSD's own conversion
# (testsuite/corpus/check-corpus.sh); not part of check, since the corpus
# is test data kept outside the tree.
CORPUS ?= ../shared/corpus/freebsd-net6
check-corpus: build
	@testsuite/corpus/check-corpus.sh $(BUILD) $(CORPUS)

# Every benchmark, against what users do today, measured in this run on
# this machine (testsuite/bench/alternatives.py): tables and plots in
# $(BUILD)/bench-results, remade each time.  Timings depend on the
# machine, so this is never part of check.
bench: build
	@.ci/install-deps bench
	@python3 testsuite/bench/alternatives.py --build $(BUILD) \
	    --corpus $(CORPUS)

format:
	@find runtime vnetify samples testsuite -name '*.[ch]' ! -path 'testsuite/lit/*' \
	    ! -path 'testsuite/mutation/cases/*' | \
	    xargs clang-format-19 -i

clean:
	rm -rf $(BUILD) $(BUILD)-tsan $(BUILD)-asan

# Many more csmith programs, from a random seed; failures are kept and
# reduced with cvise under $(BUILD)/csmith-failures.
csmith-long: build
	@python3 testsuite/differential/csmith_diff.py \
	    --vnetify=$(BUILD)/vnetify/vnetify --cc=cc \
	    --include=runtime/include --libvnet=$(BUILD)/runtime/libvnet.a \
	    --count=$${COUNT:-500} --first-seed=$$(od -An -N3 -tu4 /dev/urandom | tr -d " ") \
	    --keep=$(BUILD)/csmith-failures --reduce
