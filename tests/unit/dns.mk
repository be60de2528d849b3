# SPDX-License-Identifier: ISC
# tests/unit/dns.mk: the DNS wire format (lib/dns, mirage/dns.h): names,
# records both ways, the builder, a reply's checks (doc/dns.md).
dns_test_cppflags = -I$(top_srcdir)/runtime/include -I$(top_srcdir)/tests/unit
dns_test_headers = tests/unit/dns_test.h tests/unit/tap.h

check_PROGRAMS += tests/unit/test_dns_name tests/unit/test_dns_msg \
	tests/unit/test_dns_build tests/unit/test_dns_answer
TESTS += tests/unit/test_dns_name tests/unit/test_dns_msg \
	tests/unit/test_dns_build tests/unit/test_dns_answer

tests_unit_test_dns_name_SOURCES = tests/unit/test_dns_name.c \
	$(dns_test_headers)
tests_unit_test_dns_name_CPPFLAGS = $(dns_test_cppflags)
tests_unit_test_dns_name_LDADD = runtime/libmirage-unix-objs.a

tests_unit_test_dns_msg_SOURCES = tests/unit/test_dns_msg.c \
	$(dns_test_headers)
tests_unit_test_dns_msg_CPPFLAGS = $(dns_test_cppflags)
tests_unit_test_dns_msg_LDADD = runtime/libmirage-unix-objs.a

tests_unit_test_dns_build_SOURCES = tests/unit/test_dns_build.c \
	$(dns_test_headers)
tests_unit_test_dns_build_CPPFLAGS = $(dns_test_cppflags)
tests_unit_test_dns_build_LDADD = runtime/libmirage-unix-objs.a

tests_unit_test_dns_answer_SOURCES = tests/unit/test_dns_answer.c \
	$(dns_test_headers)
tests_unit_test_dns_answer_CPPFLAGS = $(dns_test_cppflags)
tests_unit_test_dns_answer_LDADD = runtime/libmirage-unix-objs.a

# The codec on hostile messages (doc/fuzzing.md); `make fuzz-dns
# FUZZ_SECONDS=600` for a long campaign.
check_PROGRAMS += tests/fuzz/fuzz_dns
TESTS += tests/fuzz/fuzz_dns
tests_fuzz_fuzz_dns_SOURCES = tests/fuzz/fuzz_dns.c tests/fuzz/fuzz_driver.h \
	tests/fuzz/fuzz_input.h tests/fuzz/fuzz_main.h tests/unit/tap.h
tests_fuzz_fuzz_dns_CPPFLAGS = $(dns_test_cppflags) -I$(top_srcdir)/tests/fuzz
tests_fuzz_fuzz_dns_LDADD = runtime/libmirage-unix-objs.a
fuzz-dns:
	$(fuzz_campaign) dns
.PHONY: fuzz-dns

# The codec against dnsmasq (its answers, and the queries it forwards to
# tests/unit/dns_peer as its upstream), in a network namespace of the
# test's own (root only; SKIP otherwise).
check_PROGRAMS += tests/unit/dns_peer
tests_unit_dns_peer_SOURCES = tests/unit/dns_peer.c
tests_unit_dns_peer_CPPFLAGS = $(dns_test_cppflags)
tests_unit_dns_peer_LDADD = runtime/libmirage-unix-objs.a
TESTS += tests/unit/dns-dnsmasq.sh
EXTRA_DIST += tests/unit/dns-dnsmasq.sh
tests/unit/dns-dnsmasq.log: tests/unit/dns_peer

# The dns device's stub resolver over the socket stack, against fake
# servers on loopback (doc/dns.md, "The dns device").
check_PROGRAMS += tests/unit/test_dns_stub
TESTS += tests/unit/test_dns_stub
tests_unit_test_dns_stub_SOURCES = tests/unit/test_dns_stub.c \
	tests/unit/dns_fake.c tests/unit/dns_fake.h tests/unit/tap.h \
	$(runtime_test_capture)
tests_unit_test_dns_stub_CPPFLAGS = -I$(top_srcdir)/runtime/include \
	-I$(top_srcdir)/runtime -I$(top_srcdir)/tests/unit
tests_unit_test_dns_stub_LDADD = runtime/libmirage-unix-objs.a
