# SPDX-License-Identifier: ISC
# tests/net/dns.mk: examples/dns, the dns device's stub resolver, against
# dnsmasq in a namespace of each test's own (dns-common.sh), on unix (the
# socket stack and the direct stack), spt, hvt and virtio (root only;
# SKIP otherwise).
EXTRA_DIST += examples/dns/configure.ac examples/dns/Makefile.am \
	examples/dns/unikernel.c
if MIRAGE_BUILD_SPT
tests/net/dns-spt.log: runtime/libmirage-spt.a \
	pkgconfig/mirage-spt-uninstalled.pc
endif
if MIRAGE_BUILD_HVT
tests/net/dns-hvt.log: runtime/libmirage-hvt.a \
	pkgconfig/mirage-hvt-uninstalled.pc
endif
if MIRAGE_BUILD_VIRTIO
tests/net/dns-virtio.log: runtime/libmirage-virtio.a \
	pkgconfig/mirage-virtio-uninstalled.pc
endif
tests/net/dns-unix.log: runtime/libmirage-unix.a
TESTS += tests/net/dns-unix.sh tests/net/dns-spt.sh tests/net/dns-hvt.sh \
	tests/net/dns-virtio.sh
EXTRA_DIST += tests/net/dns-unix.sh tests/net/dns-spt.sh \
	tests/net/dns-hvt.sh tests/net/dns-virtio.sh tests/net/dns-common.sh
