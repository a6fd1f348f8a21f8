# ogi — Open Government Information.  See README.md.
#
#   make run     install what is missing, build, serve on http://127.0.0.1:8080
#   make test    install what the tests need, build, run every test
#   make start / make stop   the same site in the background

PORT	?= 8080
DATA	?= $(CURDIR)/data/var
RUN	?= $(CURDIR)/run
SERVER	?= nginx
B	?= build
SAN	?=

CC	?= cc
CFLAGS	?= -O2 -g
WARN	 = -std=c11 -D_GNU_SOURCE -Wall -Wextra -Wformat=2 -Wshadow \
	   -Wstrict-prototypes -Wmissing-prototypes -Wvla -Werror
CPPFLAGS += -Iinclude
# Documents as PDF: pango, cairo, HarfBuzz's subsetter, FreeType (asked
# when used, after tools/deps has installed them).
PDF_PC	 = pangocairo cairo-ft harfbuzz-subset freetype2
PDF_CFLAGS = $(shell pkg-config --cflags $(PDF_PC))
LIBS	 = -lfcgi -lcsv -lsodium -lz -lpthread $(shell pkg-config --libs $(PDF_PC))
ifeq ($(SAN),1)
CFLAGS	:= -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	   -fno-sanitize-recover=all
LDFLAGS	+= -fsanitize=address,undefined
endif

CORE	 = buf fill store store-replace form html site token cal fee law app app-rules appform case case-due case-fee holidays register annual-format annual-vocab annual-year annual-agency annual-compute annual-table annual-check annual-layout annual-html annual-chart annual-csv report report-html guide auth auth-accounts auth-session ledger limit boot cgi out doc doc-issue doc-tmpl doc-fill doc-html pdf pdf-letter pdf-report multipart filetype files mail outbox outbox-ledger
CORE_OBJ = $(CORE:%=$(B)/src/%.o)
PROGS	 = $(B)/cgi-bin/ogi-public $(B)/cgi-bin/ogi-staff
UNITS	 = store form html app token cal fee case annual register auth ledger doc report multipart filetype mail
UNIT_BIN = $(UNITS:%=$(B)/tests/unit/test_%)
TOOLS	 = $(B)/tests/csvcheck $(B)/tests/fcgiclient

export PORT DATA RUN SERVER

.PHONY: all site deps test-deps run start stop test unit http bench install fuzz fuzz-build stress clean
all: site $(UNIT_BIN) $(TOOLS)
# What the site serves with: built with only the packages of tools/deps run.
site: $(B)/libogi.a $(PROGS) $(B)/ogi-admin

$(B)/src/%.o: src/%.c include/ogi/*.h $(wildcard src/*.h)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) -c -o $@ $<

# Made anew: a module dropped from CORE must not stay in the archive.
$(B)/libogi.a: $(CORE_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

# A program is its main and page table (cgi-bin/NAME.c) and its pages:
# ogi-public the cgi-bin/pub-*.c, ogi-staff the cgi-bin/staff-*.c.
OBJ_public = $(B)/cgi-bin/public.o \
	     $(patsubst %.c,$(B)/%.o,$(wildcard cgi-bin/pub-*.c))
OBJ_staff  = $(B)/cgi-bin/staff.o \
	     $(patsubst %.c,$(B)/%.o,$(wildcard cgi-bin/staff-*.c))
$(B)/cgi-bin/ogi-public: $(OBJ_public)
$(B)/cgi-bin/ogi-staff: $(OBJ_staff)
$(B)/cgi-bin/ogi-%: $(B)/libogi.a
	$(CC) $(CFLAGS) -o $@ $(filter %.o,$^) $(B)/libogi.a $(LDFLAGS) $(LIBS)

.PRECIOUS: $(B)/cgi-bin/%.o
$(B)/cgi-bin/%.o: cgi-bin/%.c $(wildcard cgi-bin/*.h) include/ogi/*.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) -c -o $@ $<

$(B)/tests/unit/test_%: tests/unit/test_%.c $(B)/libogi.a include/ogi/*.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(WARN) -Wno-missing-prototypes $(CFLAGS) -o $@ $< \
	    $(B)/libogi.a $(LDFLAGS) $(LIBS) -lcmocka

$(B)/tests/%: tests/%.c $(B)/libogi.a include/ogi/*.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) -o $@ $< $(B)/libogi.a $(LDFLAGS) $(LIBS)

deps:
	@tools/deps run

# The browser tests' tools, from npm, as the lock file pins them.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

test-deps:
	@tools/deps test

run: deps site
	@tools/ogi-site run $(B)

start: deps site
	@tools/ogi-site start $(B)

stop:
	@tools/ogi-site stop

# Every test: unit and HTTP, then the same again built with ASan+UBSan.
test: test-deps node_modules/.package-lock.json
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory B=build-asan SAN=1 all
	@$(MAKE) --no-print-directory fuzz-build
	@tests/run

# Benchmarks, not tests: the figures and targets of tests/bench/run.sh,
# written to tests/bench/RESULTS.md (BENCH_SIZES, DUR to change the run).
BENCH_BIN = $(B)/tests/bench/hello $(B)/tests/bench/gen $(B)/tests/bench/floor
bench: test-deps all $(BENCH_BIN)
	@tools/deps bench
	@tests/bench/run.sh $(B)

$(B)/tests/bench/hello: tests/bench/hello.c
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) -o $@ $< -lfcgi -lpthread

$(B)/tests/bench/floor: tests/bench/floor.c
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) -o $@ $< -lcsv

$(B)/tests/bench/gen: tests/bench/gen.c $(B)/libogi.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) -o $@ $< $(B)/libogi.a $(LIBS) $(LDFLAGS)

# Install the programs, pages and reference data under PREFIX (README.md,
# "Deploying").  An installation's own site.csv and agencies.csv are kept,
# and its letters' issuers.csv and numbers.csv (its names and 文号 prefixes).
PREFIX ?= /opt/ogi
install: site
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/data $(DESTDIR)$(PREFIX)/www
	install -m 755 $(PROGS) $(B)/ogi-admin $(DESTDIR)$(PREFIX)/bin/
	cp -r www/. $(DESTDIR)$(PREFIX)/www/
	for f in data/*.csv; do \
		case $$f in data/site.csv|data/agencies.csv) \
			[ -e $(DESTDIR)$(PREFIX)/$$f ] && continue;; esac; \
		install -m 644 $$f $(DESTDIR)$(PREFIX)/data/; \
	done
	install -d $(DESTDIR)$(PREFIX)/data/mail
	install -m 644 data/mail/*.txt data/mail/README.md $(DESTDIR)$(PREFIX)/data/mail/
	install -d $(DESTDIR)$(PREFIX)/data/letters
	for f in data/letters/*.csv data/letters/*.txt data/letters/README.md; do \
		case $$f in data/letters/issuers.csv|data/letters/numbers.csv) \
			[ -e $(DESTDIR)$(PREFIX)/$$f ] && continue;; esac; \
		install -m 644 $$f $(DESTDIR)$(PREFIX)/data/letters/; \
	done

# Fuzzing with libFuzzer (clang): each harness over its committed corpus,
# then FUZZ_SECONDS of new inputs.  make test runs them for 12 s each.
FUZZERS	 = form csv ledger code date multipart filetype report
FUZZ_SECONDS ?= 120
FZ	 = build-fuzz
FZFLAGS	 = -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all
$(FZ)/src/%.o: src/%.c include/ogi/*.h
	@mkdir -p $(@D)
	clang $(CPPFLAGS) -std=c11 -D_GNU_SOURCE $(FZFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<
$(FZ)/fuzz_%: tests/fuzz/fuzz_%.c $(CORE:%=$(FZ)/src/%.o)
	clang $(CPPFLAGS) -std=c11 -D_GNU_SOURCE $(FZFLAGS) -fsanitize=fuzzer -o $@ $^ $(LIBS)
fuzz-build: $(FUZZERS:%=$(FZ)/fuzz_%)
.SECONDARY: $(CORE:%=$(FZ)/src/%.o)
fuzz: test-deps fuzz-build
	@tests/fuzz/run $(FUZZ_SECONDS) $(FUZZERS)

# The long runs: 20 crash rounds behind each server, fuzzing for
# FUZZ_SECONDS each.
stress: test-deps all fuzz-build
	@for s in nginx; do tests/http/crash.sh $(B) 18580 20; done
	@tests/fuzz/run $(FUZZ_SECONDS) $(FUZZERS)

clean:
	rm -rf build build-asan build-fuzz

$(B)/ogi-admin: tools/ogi-admin.c $(B)/libogi.a include/ogi/*.h
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) -o $@ $< $(B)/libogi.a $(LDFLAGS) $(LIBS)

# Documents: the PDF module's headers; ogi-doc renders and issues
# from the command line (tests/doc.sh).
$(B)/src/pdf.o $(B)/src/pdf-letter.o $(B)/src/pdf-report.o $(FZ)/src/pdf.o $(FZ)/src/pdf-letter.o $(FZ)/src/pdf-report.o: CPPFLAGS += $(PDF_CFLAGS)
all: $(B)/ogi-doc $(B)/tests/doctool
$(B)/ogi-doc: tools/ogi-doc.c $(B)/libogi.a include/ogi/*.h
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) -o $@ $< $(B)/libogi.a $(LDFLAGS) $(LIBS)
