# SPDX-License-Identifier: ISC
# tests/unit/tls.mk: the tls device on BearSSL (devices/tls/bearssl,
# doc/tls.md) in memory: certificate names, a handshake between its two
# sides, and its input paths fuzzed (doc/fuzzing.md); `make fuzz-tls-names
# FUZZ_SECONDS=600` (also fuzz-tls-pem, fuzz-tls-record) for a long
# campaign. Built only when configure found BearSSL.
tls_test_headers = tests/unit/tls_fake.h tests/unit/tap.h \
	tests/fuzz/fuzz_tls_certs.h
EXTRA_DIST += $(tls_test_headers)
if MIRAGE_HAVE_BEARSSL
tls_test_cppflags = -I$(top_srcdir)/runtime/include \
	-I$(top_srcdir)/devices/tls/bearssl -I$(top_srcdir)/tests/unit \
	-I$(top_srcdir)/tests/fuzz $(BEARSSL_CPPFLAGS)
tls_test_ldadd = runtime/libmirage-unix-objs.a $(MIRAGE_BEARSSL_LIBS)
# The device's seeder (seeder.c: none), not libbearssl.a's sysrng.o, which
# the archive order would pick and which mixes /dev/urandom into every
# engine: fuzz_tls_record's replays need the server's entropy to be its
# random device's alone.
tls_test_ldflags = -Wl,--undefined=br_prng_seeder_system
tls_fuzz_headers = $(tls_test_headers) tests/fuzz/fuzz_driver.h \
	tests/fuzz/fuzz_input.h tests/fuzz/fuzz_main.h

check_PROGRAMS += tests/unit/test_tls_names
TESTS += tests/unit/test_tls_names
tests_unit_test_tls_names_SOURCES = tests/unit/test_tls_names.c \
	$(tls_test_headers)
tests_unit_test_tls_names_CPPFLAGS = $(tls_test_cppflags)
tests_unit_test_tls_names_LDADD = $(tls_test_ldadd)
tests_unit_test_tls_names_LDFLAGS = $(tls_test_ldflags)

check_PROGRAMS += tests/fuzz/fuzz_tls_names
TESTS += tests/fuzz/fuzz_tls_names
tests_fuzz_fuzz_tls_names_SOURCES = tests/fuzz/fuzz_tls_names.c \
	$(tls_fuzz_headers)
tests_fuzz_fuzz_tls_names_CPPFLAGS = $(tls_test_cppflags)
tests_fuzz_fuzz_tls_names_LDADD = $(tls_test_ldadd)
tests_fuzz_fuzz_tls_names_LDFLAGS = $(tls_test_ldflags)

check_PROGRAMS += tests/fuzz/fuzz_tls_record
TESTS += tests/fuzz/fuzz_tls_record
tests_fuzz_fuzz_tls_record_SOURCES = tests/fuzz/fuzz_tls_record.c \
	$(tls_fuzz_headers)
tests_fuzz_fuzz_tls_record_CPPFLAGS = $(tls_test_cppflags) \
	-I$(top_srcdir)/runtime/core
tests_fuzz_fuzz_tls_record_LDADD = $(tls_test_ldadd)
tests_fuzz_fuzz_tls_record_LDFLAGS = $(tls_test_ldflags)
check_PROGRAMS += tests/fuzz/fuzz_tls_pem
TESTS += tests/fuzz/fuzz_tls_pem
tests_fuzz_fuzz_tls_pem_SOURCES = tests/fuzz/fuzz_tls_pem.c \
	$(tls_fuzz_headers)
tests_fuzz_fuzz_tls_pem_CPPFLAGS = $(tls_test_cppflags)
tests_fuzz_fuzz_tls_pem_LDADD = $(tls_test_ldadd)
tests_fuzz_fuzz_tls_pem_LDFLAGS = $(tls_test_ldflags)
endif
tls_fuzz_campaign = BEARSSL_LIBS='$(MIRAGE_BEARSSL_LIBS)' \
	BEARSSL_INCDIR='$(MIRAGE_BEARSSL_INCDIR)' $(fuzz_campaign)
fuzz-tls-record:
	$(tls_fuzz_campaign) tls-record
.PHONY: fuzz-tls-record
fuzz-tls-names:
	$(tls_fuzz_campaign) tls-names
.PHONY: fuzz-tls-names
fuzz-tls-pem:
	$(tls_fuzz_campaign) tls-pem
.PHONY: fuzz-tls-pem

# examples/tls_echo built as a user would, on 127.0.0.1 against openssl
# s_client (its test certificates made at configure time).
TESTS += tests/examples/tls_echo.sh
EXTRA_DIST += tests/examples/tls_echo.sh examples/tls_echo/configure.ac \
	examples/tls_echo/Makefile.am examples/tls_echo/unikernel.c
