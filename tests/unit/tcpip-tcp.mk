# SPDX-License-Identifier: ISC
# tests/unit/tcpip-tcp.mk: unit tests of the direct stack's TCP layer: the
# engine's TCP files, a harness that writes and reads segments itself, and
# a stub of the lower layers (checksums, ipv4_send capturing segments).
tcp_test_cppflags = -I$(top_srcdir)/runtime/include \
	-I$(top_srcdir)/devices/stack/direct -I$(top_srcdir)/tests/unit
tcp_test_common = tests/unit/tcp_harness.c tests/unit/tcp_harness.h \
	tests/unit/tcp_stub_lower.c tests/unit/tap.h \
	devices/stack/direct/tcpip_limits.c \
	$(tcp_engine_sources) lib/crypto/sha256.c lib/crypto/blockfeed.c lib/crypto/util.c \
	lib/crypto/blockfeed.h

tcp_unit_tests = tests/unit/test_tcp_handshake tests/unit/test_tcp_data \
	tests/unit/test_tcp_close tests/unit/test_tcp_rexmt \
	tests/unit/test_tcp_pair tests/unit/test_tcp_cc \
	tests/unit/test_tcp_chaos tests/unit/test_tcp_ring \
	tests/unit/test_tcp_rr
check_PROGRAMS += $(tcp_unit_tests)
TESTS += $(tcp_unit_tests)

tests_unit_test_tcp_handshake_SOURCES = tests/unit/test_tcp_handshake.c \
	$(tcp_test_common)
tests_unit_test_tcp_handshake_CPPFLAGS = $(tcp_test_cppflags)
tests_unit_test_tcp_data_SOURCES = tests/unit/test_tcp_data.c \
	$(tcp_test_common)
tests_unit_test_tcp_data_CPPFLAGS = $(tcp_test_cppflags)
tests_unit_test_tcp_close_SOURCES = tests/unit/test_tcp_close.c \
	$(tcp_test_common)
tests_unit_test_tcp_close_CPPFLAGS = $(tcp_test_cppflags)
tests_unit_test_tcp_rexmt_SOURCES = tests/unit/test_tcp_rexmt.c \
	$(tcp_test_common)
tests_unit_test_tcp_rexmt_CPPFLAGS = $(tcp_test_cppflags)
tests_unit_test_tcp_pair_SOURCES = tests/unit/test_tcp_pair.c \
	tests/unit/tcp_wire.c tests/unit/tcp_wire.h $(tcp_test_common)
tests_unit_test_tcp_pair_CPPFLAGS = $(tcp_test_cppflags)
tests_unit_test_tcp_cc_SOURCES = tests/unit/test_tcp_cc.c \
	$(tcp_test_common)
tests_unit_test_tcp_cc_CPPFLAGS = $(tcp_test_cppflags)
tests_unit_test_tcp_cc_LDADD = -lm
tests_unit_test_tcp_chaos_SOURCES = tests/unit/test_tcp_chaos.c \
	tests/unit/tcp_wire.c tests/unit/tcp_wire.h $(tcp_test_common)
tests_unit_test_tcp_chaos_CPPFLAGS = $(tcp_test_cppflags)
tests_unit_test_tcp_rr_SOURCES = tests/unit/test_tcp_rr.c \
	$(tcp_test_common)
tests_unit_test_tcp_rr_CPPFLAGS = $(tcp_test_cppflags)
tests_unit_test_tcp_ring_SOURCES = tests/unit/test_tcp_ring.c \
	devices/stack/direct/tcp_buf.c devices/stack/direct/tcp_int.h \
	tests/unit/tap.h
tests_unit_test_tcp_ring_CPPFLAGS = $(tcp_test_cppflags)
