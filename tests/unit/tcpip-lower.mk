# SPDX-License-Identifier: ISC
# tests/unit/tcpip-lower.mk: unit tests of the direct stack's lower layers
# (devices/stack/direct/lower.mk): hosted programs that link the engine's
# files with a fake environment (tests/unit/tcpip_fake.c: clock, captured
# frames, deterministic random, hand-built frames) and stand-ins for TCP
# and DHCP (tests/unit/tcpip_stub_upper.c), so each layer is tested alone.
# Three archives, built once: the fake (reusable by the other layers'
# tests), the lower layers, the stand-ins. Link them in that order.
tcpip_test_cppflags = -I$(top_srcdir)/runtime/include \
	-I$(top_srcdir)/devices/stack/direct -I$(top_srcdir)/tests/unit

check_LIBRARIES += tests/unit/libtcpip_fake.a tests/unit/libtcpip_lower.a \
	tests/unit/libtcpip_stub_upper.a
tests_unit_libtcpip_fake_a_SOURCES = tests/unit/tcpip_fake.c \
	tests/unit/tcpip_fake.h tests/unit/tap.h
tests_unit_libtcpip_fake_a_CPPFLAGS = $(tcpip_test_cppflags)
tests_unit_libtcpip_lower_a_SOURCES = $(tcpip_lower_sources)
tests_unit_libtcpip_lower_a_CPPFLAGS = $(tcpip_test_cppflags)
tests_unit_libtcpip_stub_upper_a_SOURCES = tests/unit/tcpip_stub_upper.c \
	tests/unit/tcpip_stub_upper.h
tests_unit_libtcpip_stub_upper_a_CPPFLAGS = $(tcpip_test_cppflags)
tcpip_lower_test_ldadd = tests/unit/libtcpip_fake.a \
	tests/unit/libtcpip_lower.a tests/unit/libtcpip_stub_upper.a

check_PROGRAMS += tests/unit/test_tcpip_checksum
TESTS += tests/unit/test_tcpip_checksum
tests_unit_test_tcpip_checksum_SOURCES = tests/unit/test_tcpip_checksum.c
tests_unit_test_tcpip_checksum_CPPFLAGS = $(tcpip_test_cppflags)
tests_unit_test_tcpip_checksum_LDADD = $(tcpip_lower_test_ldadd)

check_PROGRAMS += tests/unit/test_tcpip_core
TESTS += tests/unit/test_tcpip_core
tests_unit_test_tcpip_core_SOURCES = tests/unit/test_tcpip_core.c
tests_unit_test_tcpip_core_CPPFLAGS = $(tcpip_test_cppflags)
tests_unit_test_tcpip_core_LDADD = $(tcpip_lower_test_ldadd)

check_PROGRAMS += tests/unit/test_tcpip_arp
TESTS += tests/unit/test_tcpip_arp
tests_unit_test_tcpip_arp_SOURCES = tests/unit/test_tcpip_arp.c
tests_unit_test_tcpip_arp_CPPFLAGS = $(tcpip_test_cppflags)
tests_unit_test_tcpip_arp_LDADD = $(tcpip_lower_test_ldadd)

check_PROGRAMS += tests/unit/test_tcpip_ipv4
TESTS += tests/unit/test_tcpip_ipv4
tests_unit_test_tcpip_ipv4_SOURCES = tests/unit/test_tcpip_ipv4.c
tests_unit_test_tcpip_ipv4_CPPFLAGS = $(tcpip_test_cppflags)
tests_unit_test_tcpip_ipv4_LDADD = $(tcpip_lower_test_ldadd)

check_PROGRAMS += tests/unit/test_tcpip_reasm
TESTS += tests/unit/test_tcpip_reasm
tests_unit_test_tcpip_reasm_SOURCES = tests/unit/test_tcpip_reasm.c
tests_unit_test_tcpip_reasm_CPPFLAGS = $(tcpip_test_cppflags)
tests_unit_test_tcpip_reasm_LDADD = $(tcpip_lower_test_ldadd)

check_PROGRAMS += tests/unit/test_tcpip_icmp
TESTS += tests/unit/test_tcpip_icmp
tests_unit_test_tcpip_icmp_SOURCES = tests/unit/test_tcpip_icmp.c
tests_unit_test_tcpip_icmp_CPPFLAGS = $(tcpip_test_cppflags)
tests_unit_test_tcpip_icmp_LDADD = $(tcpip_lower_test_ldadd)

check_PROGRAMS += tests/unit/test_tcpip_udp
TESTS += tests/unit/test_tcpip_udp
tests_unit_test_tcpip_udp_SOURCES = tests/unit/test_tcpip_udp.c
tests_unit_test_tcpip_udp_CPPFLAGS = $(tcpip_test_cppflags)
tests_unit_test_tcpip_udp_LDADD = $(tcpip_lower_test_ldadd)
