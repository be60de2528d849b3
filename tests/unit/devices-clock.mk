# tests/unit/devices-clock.mk: the mclock, pclock and random devices, the
# crypto library, and their examples.
clock_test_cppflags = -I$(top_srcdir)/runtime/include \
	-I$(top_srcdir)/runtime -I$(top_srcdir)/tests/unit

check_PROGRAMS += tests/unit/test_crypto tests/unit/test_mclock \
	tests/unit/test_pclock tests/unit/test_random \
	tests/unit/test_random_entropy
TESTS += tests/unit/test_crypto tests/unit/test_mclock \
	tests/unit/test_pclock tests/unit/test_random \
	tests/unit/test_random_entropy

tests_unit_test_crypto_SOURCES = tests/unit/test_crypto.c tests/unit/tap.h
tests_unit_test_crypto_CPPFLAGS = $(clock_test_cppflags)
tests_unit_test_crypto_LDADD = runtime/libmirage-unix-objs.a

tests_unit_test_mclock_SOURCES = tests/unit/test_mclock.c tests/unit/tap.h
tests_unit_test_mclock_CPPFLAGS = $(clock_test_cppflags)
tests_unit_test_mclock_LDADD = runtime/libmirage-unix-objs.a

tests_unit_test_pclock_SOURCES = tests/unit/test_pclock.c tests/unit/tap.h
tests_unit_test_pclock_CPPFLAGS = $(clock_test_cppflags)
tests_unit_test_pclock_LDADD = runtime/libmirage-unix-objs.a

tests_unit_test_random_SOURCES = tests/unit/test_random.c tests/unit/tap.h
tests_unit_test_random_CPPFLAGS = $(clock_test_cppflags)
tests_unit_test_random_LDADD = runtime/libmirage-unix-objs.a

# Its own plat_entropy replaces the unix one; its console is captured.
tests_unit_test_random_entropy_SOURCES = tests/unit/test_random_entropy.c \
	$(runtime_test_capture)
tests_unit_test_random_entropy_CPPFLAGS = $(clock_test_cppflags)
tests_unit_test_random_entropy_LDADD = runtime/libmirage-unix-objs.a

# The examples, built as a user would.
TESTS += tests/examples/clock.sh tests/examples/prng.sh \
	tests/examples/crypto.sh
EXTRA_DIST += tests/examples/clock.sh tests/examples/prng.sh \
	tests/examples/crypto.sh \
	examples/clock/configure.ac examples/clock/Makefile.am \
	examples/clock/unikernel.c \
	examples/prng/configure.ac examples/prng/Makefile.am \
	examples/prng/unikernel.c \
	examples/crypto/configure.ac examples/crypto/Makefile.am \
	examples/crypto/unikernel.c
