# SPDX-License-Identifier: ISC
# tests/unit/net-tap.mk: the `tap` net device of unix (devices/net/tap):
# over socket pairs given as @FD (test_net_tap), and on a tap interface in
# a network namespace, against Linux (tests/net/unix-tap.sh).
check_PROGRAMS += tests/unit/test_net_tap
TESTS += tests/unit/test_net_tap
tests_unit_test_net_tap_SOURCES = tests/unit/test_net_tap.c \
	$(runtime_test_capture)
tests_unit_test_net_tap_CPPFLAGS = -I$(top_srcdir)/runtime/include \
	-I$(top_srcdir)/runtime -I$(top_srcdir)/tests/unit
tests_unit_test_net_tap_LDADD = runtime/libmirage-unix-objs.a

# The device against Linux, in a network namespace (root only; SKIP
# otherwise): ethpeer (tests/net/net.mk) on the host side of a tap.
TESTS += tests/net/unix-tap.sh
tests/net/unix-tap.log: runtime/libmirage-unix.a \
	pkgconfig/mirage-unix-uninstalled.pc
EXTRA_DIST += tests/net/unix-tap.sh tests/net/netns.sh \
	tests/net/tapecho/configure.ac tests/net/tapecho/Makefile.am \
	tests/net/tapecho/tapecho.c
