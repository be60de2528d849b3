# SPDX-License-Identifier: ISC
# tests/unit/syslog.mk: the syslog device (devices/syslog, mirage/syslog.h):
# its messages, arguments and queue on the host; examples/network sending
# its log to a Python collector in a network namespace of the test's own,
# on unix (sockets, and the direct stack over a tap) and spt.
syslog_test_cppflags = -I$(top_srcdir)/runtime/include \
	-I$(top_srcdir)/devices/syslog -I$(top_srcdir)/tests/unit

check_PROGRAMS += tests/unit/test_syslog
TESTS += tests/unit/test_syslog
tests_unit_test_syslog_SOURCES = tests/unit/test_syslog.c tests/unit/tap.h
tests_unit_test_syslog_CPPFLAGS = $(syslog_test_cppflags)
tests_unit_test_syslog_LDADD = runtime/libmirage-unix-objs.a
