# SPDX-License-Identifier: ISC
# tests/net/net.mk: raw Ethernet frames between the ethecho example in a
# tender (spt, hvt) and tests/net/ethpeer on the host: over a socket pair,
# and over a tap device in a network namespace that each test creates and
# removes itself (root only; SKIP otherwise).

# The host's peer (Linux: a packet socket, or a socket pair), also of
# unix's tap device (tests/unit/net-tap.mk).
check_PROGRAMS += tests/net/ethpeer
tests_net_ethpeer_SOURCES = tests/net/ethpeer.c
if MIRAGE_BUILD_SPT
tests/net/spt-net.log: runtime/libmirage-spt.a \
	pkgconfig/mirage-spt-uninstalled.pc
endif
if MIRAGE_BUILD_HVT
tests/net/hvt-net.log: runtime/libmirage-hvt.a \
	pkgconfig/mirage-hvt-uninstalled.pc
endif
if MIRAGE_BUILD_VIRTIO
tests/net/virtio-net.log: runtime/libmirage-virtio.a \
	pkgconfig/mirage-virtio-uninstalled.pc
endif
TESTS += tests/net/spt-net.sh tests/net/hvt-net.sh tests/net/virtio-net.sh
EXTRA_DIST += tests/net/spt-net.sh tests/net/hvt-net.sh \
	tests/net/virtio-net.sh \
	tests/net/net-common.sh \
	examples/ethecho/configure.ac examples/ethecho/Makefile.am \
	examples/ethecho/unikernel.c

# The direct stack served to Linux: examples/network on each target over a
# tap device in a namespace of the test's own (direct-common.sh).
if MIRAGE_BUILD_SPT
tests/net/direct-spt.log: runtime/libmirage-spt.a \
	pkgconfig/mirage-spt-uninstalled.pc
endif
if MIRAGE_BUILD_HVT
tests/net/direct-hvt.log: runtime/libmirage-hvt.a \
	pkgconfig/mirage-hvt-uninstalled.pc
endif
if MIRAGE_BUILD_VIRTIO
tests/net/direct-virtio.log: runtime/libmirage-virtio.a \
	pkgconfig/mirage-virtio-uninstalled.pc
endif
tests/net/direct-unix.log: runtime/libmirage-unix.a
TESTS += tests/net/direct-unix.sh tests/net/direct-spt.sh \
	tests/net/direct-hvt.sh tests/net/direct-virtio.sh
EXTRA_DIST += tests/net/direct-unix.sh tests/net/direct-spt.sh \
	tests/net/direct-hvt.sh tests/net/direct-virtio.sh \
	tests/net/direct-common.sh tests/net/tcpclient.py

# More of the same against Linux: UDP both ways (IPv4 fragments both ways,
# a closed port), the guest as a TCP client, a DHCP lease from dnsmasq
# (renewal, rebinding, a NAK) (interop-common.sh).
if MIRAGE_BUILD_SPT
tests/net/interop-spt.log: runtime/libmirage-spt.a \
	pkgconfig/mirage-spt-uninstalled.pc
endif
if MIRAGE_BUILD_HVT
tests/net/interop-hvt.log: runtime/libmirage-hvt.a \
	pkgconfig/mirage-hvt-uninstalled.pc
endif
if MIRAGE_BUILD_VIRTIO
tests/net/interop-virtio.log: runtime/libmirage-virtio.a \
	pkgconfig/mirage-virtio-uninstalled.pc
endif
tests/net/interop-unix.log: runtime/libmirage-unix.a
TESTS += tests/net/interop-unix.sh tests/net/interop-spt.sh \
	tests/net/interop-hvt.sh tests/net/interop-virtio.sh
EXTRA_DIST += tests/net/interop-unix.sh tests/net/interop-spt.sh \
	tests/net/interop-hvt.sh tests/net/interop-virtio.sh \
	tests/net/interop-common.sh tests/net/udppeer.py \
	tests/net/tcpserver.py tests/net/dhcpwait.py

# make check-dhcp-lease: on demand (over three minutes each), a whole
# 2-minute lease of dnsmasq with its own T1 and T2: renewal, rebinding,
# the lease running out, a new one (unix, and spt when it is built).
DHCP_LEASE_TESTS = tests/net/dhcp-lease-unix.sh
if MIRAGE_BUILD_SPT
DHCP_LEASE_TESTS += tests/net/dhcp-lease-spt.sh
tests/net/dhcp-lease-spt.log: runtime/libmirage-spt.a \
	pkgconfig/mirage-spt-uninstalled.pc
endif
tests/net/dhcp-lease-unix.log: runtime/libmirage-unix.a
check-dhcp-lease:
	$(MAKE) $(AM_MAKEFLAGS) check-TESTS TESTS='$(DHCP_LEASE_TESTS)'
.PHONY: check-dhcp-lease
EXTRA_DIST += tests/net/dhcp-lease-unix.sh tests/net/dhcp-lease-spt.sh
# A soak of the direct stack on unix and spt (direct-soak.sh): 300
# connections in make check; `make soak` runs 10,000.
direct_soak_deps = runtime/libmirage-unix.a
if MIRAGE_BUILD_SPT
direct_soak_deps += runtime/libmirage-spt.a \
	pkgconfig/mirage-spt-uninstalled.pc
endif
tests/net/direct-soak.log: $(direct_soak_deps)
TESTS += tests/net/direct-soak.sh
EXTRA_DIST += tests/net/direct-soak.sh
soak:
	SOAK_CONNECTIONS=10000 $(MAKE) $(AM_MAKEFLAGS) check \
	    TESTS=tests/net/direct-soak.sh
	@cat tests/net/direct-soak.log
.PHONY: soak

# The direct stack on a hostile network: a lossy link, an attacker on the
# link, peers that vanish (direct-hostile-common.sh). make
# check-hostile-long runs the same with the issue's 64 MiB and the stack's
# default timeouts for the vanished peers (about 30 minutes a target: unix
# took 28.5 here; spt runs after it when it is built).
if MIRAGE_BUILD_SPT
tests/net/direct-hostile-spt.log: runtime/libmirage-spt.a \
	pkgconfig/mirage-spt-uninstalled.pc
endif
tests/net/direct-hostile-unix.log: runtime/libmirage-unix.a
TESTS += tests/net/direct-hostile-unix.sh tests/net/direct-hostile-spt.sh
EXTRA_DIST += tests/net/direct-hostile-unix.sh tests/net/direct-hostile-spt.sh \
	tests/net/direct-hostile-common.sh tests/net/attacker.py \
	tests/net/impair.py tests/net/vanishpeer.py
check-hostile-long:
	$(MAKE) $(AM_MAKEFLAGS) check MIRAGE_HOSTILE_LONG=1 \
	  TESTS='tests/net/direct-hostile-unix.sh tests/net/direct-hostile-spt.sh'
.PHONY: check-hostile-long

# HTTP on the direct stack: examples/static_website against curl and a
# hostile client, examples/http-fetch against Python's http.server, on each
# target over a tap in a namespace of the test's own (http-common.sh).
if MIRAGE_BUILD_SPT
tests/net/http-spt.log: runtime/libmirage-spt.a \
	pkgconfig/mirage-spt-uninstalled.pc
endif
if MIRAGE_BUILD_HVT
tests/net/http-hvt.log: runtime/libmirage-hvt.a \
	pkgconfig/mirage-hvt-uninstalled.pc
endif
if MIRAGE_BUILD_VIRTIO
tests/net/http-virtio.log: runtime/libmirage-virtio.a \
	pkgconfig/mirage-virtio-uninstalled.pc
endif
tests/net/http-unix.log: runtime/libmirage-unix.a
TESTS += tests/net/http-unix.sh tests/net/http-spt.sh tests/net/http-hvt.sh \
	tests/net/http-virtio.sh
EXTRA_DIST += tests/net/http-unix.sh tests/net/http-spt.sh \
	tests/net/http-hvt.sh tests/net/http-virtio.sh
