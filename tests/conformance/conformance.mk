# SPDX-License-Identifier: ISC
# tests/conformance/conformance.mk: one suite per device type, run on every
# implementation of the type on every target it exists on (common.sh says
# how; doc/devices.md lists what each suite checks).
CONFORMANCE_TESTS = tests/conformance/block.sh tests/conformance/kv_ro.sh \
	tests/conformance/kv_rw.sh tests/conformance/time.sh \
	tests/conformance/net.sh tests/conformance/stack.sh
TESTS += $(CONFORMANCE_TESTS)
EXTRA_DIST += $(CONFORMANCE_TESTS) \
	tests/conformance/common.sh tests/conformance/conformance.h \
	tests/conformance/suite.am \
	tests/conformance/block/configure.ac tests/conformance/block/suite.c \
	tests/conformance/kv_reads.h \
	tests/conformance/kv_ro/configure.ac tests/conformance/kv_ro/suite.c \
	tests/conformance/kv_ro/tree/hello tests/conformance/kv_ro/tree/empty \
	tests/conformance/kv_ro/tree/dir/one tests/conformance/kv_ro/tree/dir/sub-x \
	tests/conformance/kv_ro/tree/dir/sub/two \
	tests/conformance/kv_rw/configure.ac tests/conformance/kv_rw/suite.c \
	tests/conformance/time/configure.ac tests/conformance/time/suite.c \
	tests/conformance/net/configure.ac tests/conformance/net/suite.c \
	tests/conformance/stack/configure.ac tests/conformance/stack/suite.c

# The net suite's peer: a wire that returns every frame (a socket pair).
check_PROGRAMS += tests/conformance/netloop
tests_conformance_netloop_SOURCES = tests/conformance/netloop.c

# The runtimes a suite's images link, built first when a suite runs alone
# (TESTS='tests/conformance/block.sh').
CONFORMANCE_DEPS = runtime/libmirage-unix.a pkgconfig/mirage-unix-uninstalled.pc
if MIRAGE_BUILD_SPT
CONFORMANCE_DEPS += runtime/libmirage-spt.a pkgconfig/mirage-spt-uninstalled.pc
endif
if MIRAGE_BUILD_HVT
CONFORMANCE_DEPS += runtime/libmirage-hvt.a pkgconfig/mirage-hvt-uninstalled.pc
endif
if MIRAGE_BUILD_VIRTIO
CONFORMANCE_DEPS += runtime/libmirage-virtio.a \
	pkgconfig/mirage-virtio-uninstalled.pc
endif
if MIRAGE_BUILD_XEN
CONFORMANCE_DEPS += runtime/libmirage-xen.a pkgconfig/mirage-xen-uninstalled.pc
endif
$(CONFORMANCE_TESTS:.sh=.log): $(CONFORMANCE_DEPS)
