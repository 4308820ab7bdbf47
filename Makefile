# customs - build, test, install.
#
#   make            build build/customs (-Wall -Wextra -Werror)
#   make demo       install missing dependencies, build, scan examples/
#   make check      install missing dependencies, build, run every test,
#                   then the whole suite again under ASan+UBSan
#   make fuzz       build the libFuzzer targets (clang) and run each briefly
#   make install    PREFIX=/usr/local DESTDIR=
#   make docs       regenerate docs/rules/ and docs/migration.md

PREFIX  ?= /usr/local
DESTDIR ?=
CC      ?= cc
VERSION := $(shell cat VERSION)
BUILD   ?= build
PKGS    := yaml-0.1 jansson libarchive libcrypto sqlite3 libsodium
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wformat=2 \
           -Wno-unused-parameter
CFLAGS  ?= -O2 -g
ALL_CFLAGS := -std=c17 -D_GNU_SOURCE $(WARN) $(CFLAGS) $(PKG_CFLAGS) \
              -DCS_VERSION='"$(VERSION)"' -Isrc/lib
LDLIBS  := $(PKG_LIBS) -lpthread -lm

LIB_SRC := $(sort $(wildcard src/lib/*.c src/lib/*/*.c))
CLI_SRC := $(sort $(wildcard src/cli/*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC := $(sort $(wildcard tests/unit/test-*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all deps demo check test unit cases rules-test schema-test asan fuzz \
        install docs clean bench format

all: $(BUILD)/customs

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libcustoms.a: $(LIB_OBJ)
	@rm -f $@
	@ar rcs $@ $^

$(BUILD)/customs: $(CLI_OBJ) $(BUILD)/libcustoms.a
	@echo "  LINK    $@"
	@$(CC) $(ALL_CFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libcustoms.a $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libcustoms.a
	@mkdir -p $(dir $@)
	@echo "  LINK    $@"
	@$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libcustoms.a $(LDLIBS) -lcmocka

deps:
	@scripts/deps.sh

demo: deps
	@$(MAKE) --no-print-directory all
	@scripts/demo.sh $(BUILD)/customs

# The whole suite, then again under sanitizers in a separate build dir.
check: deps
	@$(MAKE) --no-print-directory test
	@$(MAKE) --no-print-directory asan

test: all $(UNIT_BIN)
	@scripts/run-tests.sh $(BUILD)

asan:
	@$(MAKE) --no-print-directory BUILD=build-asan CC=clang \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
	  test

fuzz: deps
	@scripts/fuzz.sh

docs: all
	@scripts/gen-docs.sh $(BUILD)/customs

bench: all
	@bench/run.sh $(BUILD)/customs

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 0755 $(BUILD)/customs $(DESTDIR)$(PREFIX)/bin/customs
	install -m 0644 docs/customs.1 $(DESTDIR)$(PREFIX)/share/man/man1/customs.1

format:
	clang-format -i $(LIB_SRC) $(CLI_SRC) $(wildcard src/lib/*.h src/lib/*/*.h)

clean:
	rm -rf build build-asan build-fuzz

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)
