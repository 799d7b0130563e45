# herbie: a discrete-event simulator of ML systems as conveyor lines.
#
#   make            build ./herbie
#   make run        build and run the default scenario
#   make check      unit, validation and command-line tests, then the unit
#                   and validation tests again under ASan and UBSan
#   make layers     no file includes a header of a layer above its own
#   make bench      engine benchmarks against bench/baseline.tsv
#   make fuzz       libFuzzer on the reader and the engine (FUZZ_SECONDS=600)
#   make mutate     mutation score of the tests (N=200 SEED=1 FILES=...)
#   make soak       the fuzzer for SOAK_SECONDS (1800), then make mutate
#   make SAN=1 ...  any target built with AddressSanitizer and UBSan
#
# Missing Debian packages are installed by tools/install-deps.

CC      ?= cc
SAN     ?= 0
OPT     ?= -O3
WARN     = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wvla
CPPFLAGS = -Isim -Imodels -D_POSIX_C_SOURCE=200809L
CFLAGS   = -std=c11 $(OPT) -g $(WARN) -MMD -MP
# cJSON and Check come with pkg-config files in Debian; libev does not
# (libev-dev ships no .pc). The fallbacks are what those files say on
# Debian 12, for the first build of a bare machine, where the Makefile is
# read before tools/install-deps brings pkg-config. (Check's cflags,
# -pthread, matter only when linking: its libs have what it needs.)
PKG_CFLAGS = $(shell pkg-config --cflags libcjson 2>/dev/null)
CJSON_LIBS = $(shell pkg-config --libs libcjson 2>/dev/null || echo -lcjson)
CHECK_LIBS = $(shell pkg-config --libs check 2>/dev/null || echo -lcheck_pic -lrt -lm -lsubunit)
CPPFLAGS += $(PKG_CFLAGS)
LDLIBS   = $(CJSON_LIBS) -lev -lm

# Release builds inline across files (eq_now, dist_draw, tw_set sit on
# every event's path): -flto, with the archive made by gcc-ar so that it
# keeps the LTO objects usable.
AR       = gcc-ar
LTO     ?= -flto=auto

ifeq ($(SAN),1)
BUILD   ?= build/san
CFLAGS  += -O1 -fsanitize=address,undefined -fno-sanitize-recover=all \
           -fno-omit-frame-pointer -DHB_TEST_SMALL=1
LDFLAGS += -fsanitize=address,undefined
else
BUILD   ?= build/rel
CFLAGS  += $(LTO)
LDFLAGS += $(LTO) $(OPT)
endif

LIB_SRC  = $(wildcard sim/*/*.c) $(wildcard models/*.c)
CATALOG  = $(sort $(wildcard models/catalog/*.json))
LIB_OBJ  = $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/models/catalog_data.o
TOOL_SRC = $(wildcard tools/*.c)
TOOL_OBJ = $(TOOL_SRC:%.c=$(BUILD)/%.o)
TEST_SRC = $(wildcard test/*.c)
TEST_OBJ = $(TEST_SRC:%.c=$(BUILD)/%.o)

HEADERS_OK = /usr/include/ev.h /usr/include/cjson/cJSON.h /usr/include/check.h

.PHONY: all run check unit valid cli san-check bench fuzz soak clean deps
all: herbie

# Install what is missing, once; later builds see the headers and skip it.
$(HEADERS_OK):
	tools/install-deps
deps: $(HEADERS_OK)

# Rebuild everything when the flags change (Redis's .make-settings).
$(BUILD)/flags: FORCE | $(HEADERS_OK)
	@mkdir -p $(@D)
	@echo '$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS)' | cmp -s - $@ || \
	  echo '$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS)' > $@
FORCE:

$(BUILD)/%.o: %.c $(BUILD)/flags
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

# The catalog is data compiled in (tools/embed.sh).
$(BUILD)/models/catalog_data.c: $(CATALOG) tools/embed.sh
	@mkdir -p $(@D)
	sh tools/embed.sh $@ $(CATALOG)

$(BUILD)/models/catalog_data.o: $(BUILD)/models/catalog_data.c $(BUILD)/flags
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(BUILD)/libherbie.a: $(LIB_OBJ)
	rm -f $@ && $(AR) rcs $@ $^

$(BUILD)/herbie: $(TOOL_OBJ) $(BUILD)/libherbie.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

ifeq ($(SAN),1)
herbie: $(BUILD)/herbie
else
herbie: $(BUILD)/herbie
	cp $< $@
endif

# The tests see tools/ too (t_opt.c reads the commands' option tables):
# all of it but herbie.c, whose main is the command's.
$(BUILD)/check_herbie: $(TEST_OBJ) $(filter-out $(BUILD)/tools/herbie.o,$(TOOL_OBJ)) \
		       $(BUILD)/libherbie.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(CHECK_LIBS)

run: herbie
	./herbie run scenarios/coffee-line.json

# The layers' order, unit and validation suites, command-line tests, the
# HTML report in a browser (when there is one), then the whole Check
# suite once more under the sanitizers.
check: layers unit cli browser san-check

# Layers, one way (DESIGN.md): core < stats < input < models < scenario <
# line < run < report < view < tools; tools/layers.sh has the order.
.PHONY: layers
layers:
	sh tools/layers.sh

unit: $(BUILD)/check_herbie
	./$(BUILD)/check_herbie

# The HTML report rendered by headless Chromium and checked (DOM and
# screenshot); skipped when Chromium is absent, unless BROWSER=1, which
# installs it first (tools/install-deps) and fails without it (CI).
.PHONY: browser
browser: herbie
	@if [ "$(BROWSER)" = 1 ]; then BROWSER=1 tools/install-deps; fi
	BROWSER=$(BROWSER) HERBIE=$(CURDIR)/herbie sh test/browser/run.sh

cli: herbie
	HERBIE=$(CURDIR)/herbie sh test/cli/run-all.sh

# The sanitizers run code several times slower: Check's per-test time
# limits are stretched to match (they guard against hangs, not speed).
san-check:
	CK_TIMEOUT_MULTIPLIER=5 $(MAKE) --no-print-directory SAN=1 unit cli-san

cli-san: $(BUILD)/herbie
	HERBIE=$(CURDIR)/$(BUILD)/herbie sh test/cli/run-all.sh

bench: herbie
	sh bench/run.sh

fuzz:
	sh test/fuzz/run.sh

# A long soak: the fuzzer (reader and engine, under ASan and UBSan) for
# SOAK_SECONDS, then a mutation run; the fuzzer prints its executions.
SOAK_SECONDS ?= 1800
soak:
	FUZZ_SECONDS=$(SOAK_SECONDS) sh test/fuzz/run.sh
	$(MAKE) mutate N=$(N) SEED=$(SEED)

# Mutation testing (test/mutate/mutate.py, Debian's python3): one token of
# code changed at a time in a scratch copy; the share the tests kill.
N    ?= 200
SEED ?= 1
.PHONY: mutate
mutate: | $(HEADERS_OK)
	python3 test/mutate/mutate.py --n $(N) --seed $(SEED) --files "$(FILES)" \
	  --rev "$(REV)" --replay "$(REPLAY)"

clean:
	rm -rf build herbie

-include $(LIB_OBJ:.o=.d) $(TOOL_OBJ:.o=.d) $(TEST_OBJ:.o=.d)
