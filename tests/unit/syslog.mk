# SPDX-License-Identifier: ISC
# tests/unit/syslog.mk: the syslog device (devices/syslog, mirage/syslog.h):
# its messages, arguments and queue on the host; examples/network sending
# its log to a Python collector in a network namespace of the test's own,
# on unix (sockets, and the direct stack over a tap), spt, hvt and virtio.
syslog_test_cppflags = -I$(top_srcdir)/runtime/include \
	-I$(top_srcdir)/devices/syslog -I$(top_srcdir)/tests/unit

check_PROGRAMS += tests/unit/test_syslog
TESTS += tests/unit/test_syslog
tests_unit_test_syslog_SOURCES = tests/unit/test_syslog.c tests/unit/tap.h
tests_unit_test_syslog_CPPFLAGS = $(syslog_test_cppflags)
tests_unit_test_syslog_LDADD = runtime/libmirage-unix-objs.a

# examples/network's log to tests/net/syslogd.py (RFC 5424 and 3164
# checked strictly), with a flood of 10,000 lines, in a network namespace
# of the test's own (root only; SKIP otherwise): unix over the host's
# sockets and over the direct stack, spt, hvt and virtio
# (tests/net/syslog-common.sh).
if MIRAGE_BUILD_SPT
tests/net/syslog-spt.log: runtime/libmirage-spt.a \
	pkgconfig/mirage-spt-uninstalled.pc
endif
if MIRAGE_BUILD_HVT
tests/net/syslog-hvt.log: runtime/libmirage-hvt.a \
	pkgconfig/mirage-hvt-uninstalled.pc
endif
if MIRAGE_BUILD_VIRTIO
tests/net/syslog-virtio.log: runtime/libmirage-virtio.a \
	pkgconfig/mirage-virtio-uninstalled.pc
endif
tests/net/syslog-unix.log: runtime/libmirage-unix.a
TESTS += tests/net/syslog-unix.sh tests/net/syslog-spt.sh \
	tests/net/syslog-hvt.sh tests/net/syslog-virtio.sh
EXTRA_DIST += tests/net/syslog-unix.sh tests/net/syslog-spt.sh \
	tests/net/syslog-hvt.sh tests/net/syslog-virtio.sh \
	tests/net/syslog-common.sh tests/net/syslogd.py
