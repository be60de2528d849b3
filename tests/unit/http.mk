# SPDX-License-Identifier: ISC
# tests/unit/http.mk: the HTTP/1.1 codec (lib/http, mirage/http.h): the
# parser over split input, its refusals, chunked bodies, the serializer,
# and the helpers (dates, ranges, ETags, MIME types, paths).
http_test_cppflags = -I$(top_srcdir)/runtime/include -I$(top_srcdir)/tests/unit
http_tests = tests/unit/test_http_parse tests/unit/test_http_reject \
	tests/unit/test_http_chunked tests/unit/test_http_write \
	tests/unit/test_http_util
check_PROGRAMS += $(http_tests)
TESTS += $(http_tests)

tests_unit_test_http_parse_SOURCES = tests/unit/test_http_parse.c \
	tests/unit/http_test.h tests/unit/tap.h
tests_unit_test_http_parse_CPPFLAGS = $(http_test_cppflags)
tests_unit_test_http_parse_LDADD = runtime/libmirage-unix-objs.a

tests_unit_test_http_reject_SOURCES = tests/unit/test_http_reject.c \
	tests/unit/http_test.h tests/unit/tap.h
tests_unit_test_http_reject_CPPFLAGS = $(http_test_cppflags)
tests_unit_test_http_reject_LDADD = runtime/libmirage-unix-objs.a

tests_unit_test_http_chunked_SOURCES = tests/unit/test_http_chunked.c \
	tests/unit/http_test.h tests/unit/tap.h
tests_unit_test_http_chunked_CPPFLAGS = $(http_test_cppflags)
tests_unit_test_http_chunked_LDADD = runtime/libmirage-unix-objs.a

tests_unit_test_http_write_SOURCES = tests/unit/test_http_write.c \
	tests/unit/http_test.h tests/unit/tap.h
tests_unit_test_http_write_CPPFLAGS = $(http_test_cppflags)
tests_unit_test_http_write_LDADD = runtime/libmirage-unix-objs.a

tests_unit_test_http_util_SOURCES = tests/unit/test_http_util.c \
	tests/unit/tap.h
tests_unit_test_http_util_CPPFLAGS = $(http_test_cppflags)
tests_unit_test_http_util_LDADD = runtime/libmirage-unix-objs.a

# The server and the client over the socket stack on 127.0.0.1, with
# hostile clients (tests/unit/http_net.h), and the static file handler.
http_net_cppflags = -I$(top_srcdir)/runtime/include -I$(top_srcdir)/runtime \
	-I$(top_srcdir)/tests/unit
http_net_tests = tests/unit/test_http_server tests/unit/test_http_static \
	tests/unit/test_http_client
check_PROGRAMS += $(http_net_tests)
TESTS += $(http_net_tests)

tests_unit_test_http_server_SOURCES = tests/unit/test_http_server.c \
	tests/unit/http_net.h $(runtime_test_capture)
tests_unit_test_http_server_CPPFLAGS = $(http_net_cppflags)
tests_unit_test_http_server_LDADD = runtime/libmirage-unix-objs.a

tests_unit_test_http_static_SOURCES = tests/unit/test_http_static.c \
	tests/unit/http_net.h $(runtime_test_capture)
tests_unit_test_http_static_CPPFLAGS = $(http_net_cppflags)
tests_unit_test_http_static_LDADD = runtime/libmirage-unix-objs.a

tests_unit_test_http_client_SOURCES = tests/unit/test_http_client.c \
	tests/unit/http_net.h $(runtime_test_capture)
tests_unit_test_http_client_CPPFLAGS = $(http_net_cppflags)
tests_unit_test_http_client_LDADD = runtime/libmirage-unix-objs.a

# The examples built as a user would: static_website served to curl and to
# a hostile client on 127.0.0.1, http-fetch against Python's http.server
# (tests/net/http-common.sh; the namespace tests are in tests/net/net.mk).
TESTS += tests/examples/static_website.sh tests/examples/http-fetch.sh
EXTRA_DIST += tests/examples/static_website.sh tests/examples/http-fetch.sh \
	tests/net/http-common.sh tests/net/http_hostile.py tests/net/httpd.py \
	examples/static_website/configure.ac \
	examples/static_website/Makefile.am \
	examples/static_website/unikernel.c \
	examples/static_website/htdocs/index.html \
	examples/static_website/htdocs/robots.txt \
	examples/static_website/htdocs/css/site.css \
	examples/static_website/htdocs/docs/index.html \
	examples/static_website/htdocs/docs/lines.txt \
	examples/http-fetch/configure.ac examples/http-fetch/Makefile.am \
	examples/http-fetch/unikernel.c
