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
