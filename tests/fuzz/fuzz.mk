# SPDX-License-Identifier: ISC
# tests/fuzz/fuzz.mk: the fuzz harnesses of the helper's and the runtime's
# parsers of outside input (doc/fuzzing.md). `make check` runs each
# standalone driver for its default inputs or 5 s, whichever comes first;
# `make fuzz-NAME FUZZ_SECONDS=600` (NAME: pvh, elf64, spec, cmdline, http,
# tcpip-lower, tcpip) runs
# a long campaign with tests/fuzz/fuzz.sh. The tenders' harnesses
# (fuzz_elf_load, fuzz_hvt_hypercall) are in tests/unit/tenders.mk.
fuzz_headers = tests/fuzz/fuzz_driver.h tests/fuzz/fuzz_input.h \
	tests/fuzz/fuzz_main.h tests/unit/tap.h
# The standalone drivers print their TAP with tests/unit/tap.h.
fuzz_cppflags = -I$(top_srcdir)/tests/unit

# mirage run's check of xen and virtio images (src/pvh_image.c).
check_PROGRAMS += tests/fuzz/fuzz_pvh_image
TESTS += tests/fuzz/fuzz_pvh_image
tests_fuzz_fuzz_pvh_image_SOURCES = tests/fuzz/fuzz_pvh_image.c \
	$(fuzz_headers)
tests_fuzz_fuzz_pvh_image_CPPFLAGS = $(mirage_helper_cppflags) $(fuzz_cppflags)
tests_fuzz_fuzz_pvh_image_LDADD = $(mirage_helper_ldadd)

# The ELF64 symbol reader of `mirage symbolize` (src/elf64.c).
check_PROGRAMS += tests/fuzz/fuzz_elf64
TESTS += tests/fuzz/fuzz_elf64
tests_fuzz_fuzz_elf64_SOURCES = tests/fuzz/fuzz_elf64.c $(fuzz_headers)
tests_fuzz_fuzz_elf64_CPPFLAGS = $(mirage_helper_cppflags) $(fuzz_cppflags)
tests_fuzz_fuzz_elf64_LDADD = $(mirage_helper_ldadd)

# mirage.spec (src/spec.c) and argument types (src/argtype.c).
check_PROGRAMS += tests/fuzz/fuzz_spec
TESTS += tests/fuzz/fuzz_spec
tests_fuzz_fuzz_spec_SOURCES = tests/fuzz/fuzz_spec.c $(fuzz_headers)
tests_fuzz_fuzz_spec_CPPFLAGS = $(mirage_helper_cppflags) $(fuzz_cppflags)
tests_fuzz_fuzz_spec_LDADD = $(mirage_helper_ldadd)

# The boot command line's splitter and the argument values
# (runtime/core/cmdline.c, argvalue.c, ipaddr.c).
check_PROGRAMS += tests/fuzz/fuzz_cmdline
TESTS += tests/fuzz/fuzz_cmdline
tests_fuzz_fuzz_cmdline_SOURCES = tests/fuzz/fuzz_cmdline.c $(fuzz_headers)
tests_fuzz_fuzz_cmdline_CPPFLAGS = -I$(top_srcdir)/runtime/include \
	-I$(top_srcdir)/runtime $(fuzz_cppflags)
tests_fuzz_fuzz_cmdline_LDADD = runtime/libmirage-unix-objs.a

# The direct stack's frame input, Ethernet to UDP (devices/stack/direct/,
# the lower layers; TCP and DHCP stand-ins), with the fake environment of
# tests/unit/tcpip-lower.mk.
check_PROGRAMS += tests/fuzz/fuzz_tcpip_lower
TESTS += tests/fuzz/fuzz_tcpip_lower
tests_fuzz_fuzz_tcpip_lower_SOURCES = tests/fuzz/fuzz_tcpip_lower.c \
	$(fuzz_headers)
tests_fuzz_fuzz_tcpip_lower_CPPFLAGS = $(tcpip_test_cppflags) $(fuzz_cppflags)
tests_fuzz_fuzz_tcpip_lower_LDADD = $(tcpip_lower_test_ldadd)

# The HTTP/1.1 codec (lib/http): requests and responses on a connection,
# whole, a byte at a time and in pieces; the serializer; the helpers.
check_PROGRAMS += tests/fuzz/fuzz_http
TESTS += tests/fuzz/fuzz_http
tests_fuzz_fuzz_http_SOURCES = tests/fuzz/fuzz_http.c tests/unit/http_test.h \
	$(fuzz_headers)
tests_fuzz_fuzz_http_CPPFLAGS = -I$(top_srcdir)/runtime/include \
	$(fuzz_cppflags)
tests_fuzz_fuzz_http_LDADD = runtime/libmirage-unix-objs.a

EXTRA_DIST += tests/fuzz/fuzz.sh doc/fuzzing.md

fuzz_campaign = top_srcdir='$(abs_top_srcdir)' \
	top_builddir='$(abs_top_builddir)' CC='$(CC)' \
	FUZZ_SECONDS='$(FUZZ_SECONDS)' $(SHELL) $(top_srcdir)/tests/fuzz/fuzz.sh
fuzz-pvh:
	$(fuzz_campaign) pvh
fuzz-elf64: src/libhelper.a build-aux/gnulib/lib/libgnu.a
	$(fuzz_campaign) elf64
fuzz-spec: src/libhelper.a build-aux/gnulib/lib/libgnu.a
	$(fuzz_campaign) spec
fuzz-cmdline:
	$(fuzz_campaign) cmdline
fuzz-http:
	$(fuzz_campaign) http
fuzz-tcpip-lower:
	$(fuzz_campaign) tcpip-lower
.PHONY: fuzz-pvh fuzz-elf64 fuzz-spec fuzz-cmdline fuzz-http fuzz-tcpip-lower

# The whole engine, stateful (every layer real: Ethernet to TCP, UDP and
# the DHCP client), with connections the harness establishes and drives
# as the peer and as the application; the allocator wrapped so that a
# block tcpip_destroy leaves behind is counted.
check_PROGRAMS += tests/fuzz/fuzz_tcpip
TESTS += tests/fuzz/fuzz_tcpip
tests_fuzz_fuzz_tcpip_SOURCES = tests/fuzz/fuzz_tcpip.c \
	tests/fuzz/fuzz_tcpip.h tests/fuzz/fuzz_tcpip_check.h \
	tests/fuzz/fuzz_tcpip_peer.h tests/fuzz/fuzz_tcpip_seeds.h \
	tests/fuzz/fuzz_tcpip_wire.c tests/fuzz/fuzz_tcpip_wire.h \
	$(tcp_engine_sources) devices/stack/direct/dhcp.c \
	devices/stack/direct/dhcp.h devices/stack/direct/dhcp_msg.c \
	devices/stack/direct/dhcp_msg.h lib/crypto/sha256.c \
	lib/crypto/blockfeed.c lib/crypto/blockfeed.h lib/crypto/util.c \
	$(fuzz_headers)
tests_fuzz_fuzz_tcpip_CPPFLAGS = $(tcpip_test_cppflags) $(fuzz_cppflags) \
	-DFUZZ_COUNT_ALLOCS
tests_fuzz_fuzz_tcpip_LDFLAGS = \
	-Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free
tests_fuzz_fuzz_tcpip_LDADD = tests/unit/libtcpip_fake.a \
	tests/unit/libtcpip_lower.a
fuzz-tcpip:
	$(fuzz_campaign) tcpip
.PHONY: fuzz-tcpip

# The xenstore client of runtime/xen (xenstore.c, xs_proto.c, xenbus.c)
# against a hostile xenstored: the answers, their lengths and the ring's
# indices are the input.
check_PROGRAMS += tests/fuzz/fuzz_xen_xenstore
TESTS += tests/fuzz/fuzz_xen_xenstore
tests_fuzz_fuzz_xen_xenstore_SOURCES = tests/fuzz/fuzz_xen_xenstore.c \
	runtime/xen/xs_proto.c $(fuzz_headers)
tests_fuzz_fuzz_xen_xenstore_CPPFLAGS = -I$(top_srcdir)/runtime/include \
	-I$(top_srcdir)/runtime $(fuzz_cppflags)
tests_fuzz_fuzz_xen_xenstore_LDADD = runtime/libmirage-unix-objs.a
fuzz-xen-xenstore:
	$(fuzz_campaign) xen-xenstore
.PHONY: fuzz-xen-xenstore

# blkfront (runtime/xen/blkfront.c) against a hostile backend: the
# backend's xenstore values and its ring responses are the input; the
# hypervisor, xenstore and xenbus are the harness's stubs.
check_PROGRAMS += tests/fuzz/fuzz_xen_blkfront
TESTS += tests/fuzz/fuzz_xen_blkfront
tests_fuzz_fuzz_xen_blkfront_SOURCES = tests/fuzz/fuzz_xen_blkfront.c \
	runtime/xen/blkfront.c runtime/xen/blkfront.h runtime/xen/blkif.h \
	$(fuzz_headers)
tests_fuzz_fuzz_xen_blkfront_CPPFLAGS = -I$(top_srcdir)/runtime/include \
	-I$(top_srcdir)/runtime $(fuzz_cppflags)
tests_fuzz_fuzz_xen_blkfront_LDADD = runtime/libmirage-unix-objs.a
fuzz-xen-blkfront:
	$(fuzz_campaign) xen-blkfront
.PHONY: fuzz-xen-blkfront

# The Xen netfront (runtime/xen/netfront.c, compiled into the harness)
# against a backend whose rings, indices and xenstore answers are the
# input, over a fake hypervisor that checks every grant and page.
check_PROGRAMS += tests/fuzz/fuzz_xen_netfront
TESTS += tests/fuzz/fuzz_xen_netfront
tests_fuzz_fuzz_xen_netfront_SOURCES = tests/fuzz/fuzz_xen_netfront.c \
	runtime/xen/netif.h runtime/xen/netfront.h runtime/xen/gnttab.h \
	runtime/xen/xen_io.h runtime/xen/xen_sring.h runtime/xen/xenbus.h \
	runtime/xen/xenstore.h $(fuzz_headers)
tests_fuzz_fuzz_xen_netfront_CPPFLAGS = -I$(top_srcdir)/runtime/include \
	-I$(top_srcdir)/runtime $(fuzz_cppflags)
fuzz-xen-netfront:
	$(fuzz_campaign) xen-netfront
.PHONY: fuzz-xen-netfront
