# SPDX-License-Identifier: ISC
# lib/http/local.mk: the HTTP/1.1 message codec (mirage/http.h): parser,
# serializer, dates, ranges, ETags, MIME types and paths, for every target.
lib_sources += \
	lib/http/class.c \
	lib/http/date.c \
	lib/http/etag.c \
	lib/http/fields.c \
	lib/http/frame.c \
	lib/http/http_internal.h \
	lib/http/mime.c \
	lib/http/parse.c \
	lib/http/path.c \
	lib/http/range.c \
	lib/http/status.c \
	lib/http/write.c
# doc/http.md describes the library.
EXTRA_DIST += doc/http.md
# The server and the client over mirage/stack.h (mirage/http_server.h,
# mirage/http_client.h), and the handler of static files from a kv_ro.
lib_sources += \
	lib/http/client.c \
	lib/http/server.c \
	lib/http/server_conn.c \
	lib/http/server_internal.h \
	lib/http/server_out.c \
	lib/http/static.c \
	lib/http/url.c
