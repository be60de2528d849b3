# SPDX-License-Identifier: ISC
# tests/unit/tcpip-dhcp.mk: the direct stack's DHCP client
# (devices/stack/direct/dhcp*.c) against a scripted server, with the rest
# of the engine faked (tests/unit/dhcp_stub.c); its parser's fuzz harness.
dhcp_test_cppflags = -I$(top_srcdir)/devices/stack/direct \
	-I$(top_srcdir)/runtime/include -I$(top_srcdir)/tests/unit
dhcp_test_sources = devices/stack/direct/dhcp.c \
	devices/stack/direct/dhcp_msg.c devices/stack/direct/dhcp.h \
	devices/stack/direct/dhcp_msg.h devices/stack/direct/tcpip.h \
	tests/unit/dhcp_stub.c tests/unit/dhcp_stub.h \
	tests/unit/dhcp_server.h tests/unit/dhcp_test.h tests/unit/tap.h

check_PROGRAMS += tests/unit/test_dhcp tests/unit/test_dhcp_malformed
TESTS += tests/unit/test_dhcp tests/unit/test_dhcp_malformed
tests_unit_test_dhcp_SOURCES = tests/unit/test_dhcp.c $(dhcp_test_sources)
tests_unit_test_dhcp_CPPFLAGS = $(dhcp_test_cppflags)
tests_unit_test_dhcp_malformed_SOURCES = tests/unit/test_dhcp_malformed.c \
	$(dhcp_test_sources)
tests_unit_test_dhcp_malformed_CPPFLAGS = $(dhcp_test_cppflags)

# The parser and the state machine on hostile bytes (doc/fuzzing.md);
# `make fuzz-dhcp FUZZ_SECONDS=600` for a long campaign.
check_PROGRAMS += tests/fuzz/fuzz_dhcp
TESTS += tests/fuzz/fuzz_dhcp
tests_fuzz_fuzz_dhcp_SOURCES = tests/fuzz/fuzz_dhcp.c $(dhcp_test_sources) \
	tests/fuzz/fuzz_driver.h tests/fuzz/fuzz_input.h tests/fuzz/fuzz_main.h
tests_fuzz_fuzz_dhcp_CPPFLAGS = $(dhcp_test_cppflags) \
	-I$(top_srcdir)/tests/fuzz
fuzz-dhcp:
	$(fuzz_campaign) dhcp
.PHONY: fuzz-dhcp
