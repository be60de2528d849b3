# bench/local.mk: `make bench` runs the benchmarks; each prints its table.
EXTRA_DIST += bench/fiber-switch bench/fiber-switch-bench.c
EXTRA_DIST += bench/tcp-echo bench/tcp-echo-client.c
EXTRA_DIST += bench/xen-boot bench/boot
EXTRA_DIST += bench/net-frames bench/tap-echo.c bench/net-lib.sh
EXTRA_DIST += bench/tcp-stream bench/tcp-rr bench/tcp-mem bench/tcp-peer.c
EXTRA_DIST += bench/http-sizes bench/http-sizes.py
EXTRA_DIST += bench/http bench/http-hold.py
EXTRA_DIST += bench/tls bench/tls-crypto.c
CLEANFILES += bench/fiber-switch-bench
CLEANFILES += bench/tcp-echo-client bench/tcp-echo-build.log

bench:
	CC='$(CC)' MAKE='$(MAKE)' $(SHELL) $(srcdir)/bench/fiber-switch .
	CC='$(CC)' MAKE='$(MAKE)' AUTORECONF='$(AUTORECONF)' \
	  $(SHELL) $(srcdir)/bench/tcp-echo .
	MAKE='$(MAKE)' AUTORECONF='$(AUTORECONF)' \
	  $(SHELL) $(srcdir)/bench/boot .
	CC='$(CC)' MAKE='$(MAKE)' AUTORECONF='$(AUTORECONF)' \
	  $(SHELL) $(srcdir)/bench/net-frames .
	CC='$(CC)' MAKE='$(MAKE)' AUTORECONF='$(AUTORECONF)' \
	  $(SHELL) $(srcdir)/bench/tcp-stream .
	CC='$(CC)' MAKE='$(MAKE)' AUTORECONF='$(AUTORECONF)' \
	  $(SHELL) $(srcdir)/bench/tcp-rr .
	CC='$(CC)' MAKE='$(MAKE)' AUTORECONF='$(AUTORECONF)' \
	  $(SHELL) $(srcdir)/bench/tcp-mem .
	CC='$(CC)' MAKE='$(MAKE)' AUTORECONF='$(AUTORECONF)' \
	  $(SHELL) $(srcdir)/bench/http-sizes .
	CC='$(CC)' MAKE='$(MAKE)' AUTORECONF='$(AUTORECONF)' \
	  $(SHELL) $(srcdir)/bench/http .
	CC='$(CC)' MAKE='$(MAKE)' AUTORECONF='$(AUTORECONF)' \
	  $(SHELL) $(srcdir)/bench/tls .
if MIRAGE_BUILD_XEN
	MAKE='$(MAKE)' AUTORECONF='$(AUTORECONF)' \
	  $(SHELL) $(srcdir)/bench/xen-boot .
endif
.PHONY: bench

clean-local: clean-bench-tcp-echo
clean-bench-tcp-echo:
	rm -rf bench/tcp-echo-build bench/xen-boot-build bench/boot-build
	rm -rf bench/net-frames-build bench/tcp-stream-build bench/tcp-rr-build
	rm -rf bench/tcp-mem-build bench/http-sizes-build bench/http-build
	rm -rf bench/tls-build
.PHONY: clean-bench-tcp-echo
