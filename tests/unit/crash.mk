# tests/unit/crash.mk: the crash path, the freestanding build of the core,
# and the examples ported from mirage-skeleton's tutorial.
# SPDX-License-Identifier: ISC

# Crash reports, in child processes that abort or fault. Frame pointers in
# the test's own code, so that its backtraces can be checked frame by frame.
check_PROGRAMS += tests/unit/test_crash
TESTS += tests/unit/test_crash
tests_unit_test_crash_SOURCES = tests/unit/test_crash.c tests/unit/tap.h
tests_unit_test_crash_CPPFLAGS = $(runtime_test_cppflags)
tests_unit_test_crash_CFLAGS = $(AM_CFLAGS) -fno-omit-frame-pointer \
	-fno-optimize-sibling-calls
tests_unit_test_crash_LDADD = runtime/libmirage-unix-objs.a

# runtime/core and devices/ compiled -ffreestanding -nostdinc against the
# toolkit's own headers, which are the start of the freestanding targets'
# libc (not installed).
TESTS += tests/unit/core-freestanding.sh
EXTRA_DIST += tests/unit/core-freestanding.sh $(freestanding_headers)

# The includes of runtime/, devices/ and lib/ keep to DESIGN.md's layers.
TESTS += tests/unit/layering.sh
EXTRA_DIST += tests/unit/layering.sh tests/unit/layering.awk

# The tutorial's examples: fibers, sleeping, timeouts, the image's info.
TESTS += \
	tests/examples/heads1.sh \
	tests/examples/heads2.sh \
	tests/examples/timeout1.sh \
	tests/examples/timeout2.sh \
	tests/examples/echo_server.sh \
	tests/examples/app_info.sh
EXTRA_DIST += \
	tests/examples/heads1.sh \
	tests/examples/heads2.sh \
	tests/examples/timeout1.sh \
	tests/examples/timeout2.sh \
	tests/examples/timeout-common.sh \
	tests/examples/echo_server.sh \
	tests/examples/app_info.sh
EXTRA_DIST += examples/heads1/configure.ac examples/heads1/Makefile.am \
	examples/heads1/unikernel.c
EXTRA_DIST += examples/heads2/configure.ac examples/heads2/Makefile.am \
	examples/heads2/unikernel.c
EXTRA_DIST += examples/timeout1/configure.ac examples/timeout1/Makefile.am \
	examples/timeout1/unikernel.c
EXTRA_DIST += examples/timeout2/configure.ac examples/timeout2/Makefile.am \
	examples/timeout2/unikernel.c
EXTRA_DIST += examples/echo_server/configure.ac examples/echo_server/Makefile.am \
	examples/echo_server/unikernel.c
EXTRA_DIST += examples/app_info/configure.ac examples/app_info/Makefile.am \
	examples/app_info/unikernel.c
