# SPDX-License-Identifier: ISC
# lib/dns/local.mk: the DNS wire format (mirage/dns.h): names with
# compression, messages, records, EDNS(0); for every target. No device:
# the `dns` device's resolver is built on it.
lib_sources += \
	lib/dns/answer.c \
	lib/dns/build.c \
	lib/dns/compress.c \
	lib/dns/dns_int.h \
	lib/dns/name.c \
	lib/dns/name_text.c \
	lib/dns/parse.c \
	lib/dns/reverse.c \
	lib/dns/rr.c \
	lib/dns/tcp.c
EXTRA_DIST += doc/dns.md
