# SPDX-License-Identifier: ISC
# tests/net/tls.mk: examples/static_website_tls and examples/http-fetch
# over TLS, against curl, openssl s_client and s_server, in a namespace of
# each test's own (tls-common.sh), on unix (the socket stack and the direct
# stack), spt, hvt and virtio (root only; SKIP otherwise).
EXTRA_DIST += examples/static_website_tls/configure.ac \
	examples/static_website_tls/Makefile.am \
	examples/static_website_tls/unikernel.c \
	examples/static_website_tls/htdocs/index.html \
	examples/static_website_tls/htdocs/css/site.css
if MIRAGE_BUILD_SPT
tests/net/tls-spt.log: runtime/libmirage-spt.a \
	pkgconfig/mirage-spt-uninstalled.pc
endif
if MIRAGE_BUILD_HVT
tests/net/tls-hvt.log: runtime/libmirage-hvt.a \
	pkgconfig/mirage-hvt-uninstalled.pc
endif
if MIRAGE_BUILD_VIRTIO
tests/net/tls-virtio.log: runtime/libmirage-virtio.a \
	pkgconfig/mirage-virtio-uninstalled.pc
endif
tests/net/tls-unix.log: runtime/libmirage-unix.a
TESTS += tests/net/tls-unix.sh tests/net/tls-spt.sh tests/net/tls-hvt.sh \
	tests/net/tls-virtio.sh
EXTRA_DIST += tests/net/tls-unix.sh tests/net/tls-spt.sh \
	tests/net/tls-hvt.sh tests/net/tls-virtio.sh tests/net/tls-common.sh \
	tests/net/tlshello.py

# make check-tls-long: on demand (a few minutes), testssl.sh from Debian
# against static_website_tls on unix, offline, in a namespace
# (tls-testssl.sh): it must report no vulnerability.
tests/net/tls-testssl.log: runtime/libmirage-unix.a
check-tls-long:
	$(MAKE) $(AM_MAKEFLAGS) check-TESTS TESTS='tests/net/tls-testssl.sh'
	@cat tests/net/tls-testssl.log
.PHONY: check-tls-long
EXTRA_DIST += tests/net/tls-testssl.sh
