# tests/local.mk: `make check`. Every test speaks TAP.
LOG_DRIVER = env AM_TAP_AWK='$(AWK)' $(SHELL) \
	$(top_srcdir)/build-aux/tap-driver.sh
SH_LOG_DRIVER = $(LOG_DRIVER)
TEST_EXTENSIONS = .sh
SH_LOG_COMPILER = $(SHELL)
AM_TESTS_ENVIRONMENT = \
	top_srcdir='$(abs_top_srcdir)'; export top_srcdir; \
	top_builddir='$(abs_top_builddir)'; export top_builddir; \
	MAKE='$(MAKE)'; export MAKE; \
	CC='$(CC)'; export CC; \
	PKG_CONFIG='$(PKG_CONFIG)'; export PKG_CONFIG; \
	AUTORECONF='$(AUTORECONF)'; export AUTORECONF; \
	DOT='$(DOT)'; export DOT; \
	prefix='$(prefix)'; export prefix; \
	exec_prefix='$(exec_prefix)'; export exec_prefix; \
	datarootdir='$(datarootdir)'; export datarootdir; \
	includedir='$(includedir)'; export includedir; \
	libdir='$(libdir)'; export libdir; \
	datadir='$(datadir)'; export datadir; \
	bindir='$(bindir)'; export bindir; \
	mirage_program=`echo mirage | sed '$(transform)'`; \
	export mirage_program;
# A sanitizer build (configure --enable-sanitizers): the first report ends
# the program with status 86 (unlike any status a test expects), leaks are
# reported (LSan); no colours (the tenders' filters kill isatty). Options
# the user has set are kept.
if MIRAGE_SANITIZE
AM_TESTS_ENVIRONMENT += \
	ASAN_OPTIONS=$${ASAN_OPTIONS-detect_leaks=1:halt_on_error=1:exitcode=86:color=never}; \
	export ASAN_OPTIONS; \
	UBSAN_OPTIONS=$${UBSAN_OPTIONS-halt_on_error=1:print_stacktrace=1:exitcode=86:color=never}; \
	export UBSAN_OPTIONS;
endif
# BearSSL's headers and archive, when configure found them (empty
# otherwise): tests/targets/bearssl.sh builds an image with them, and
# tests/unit/core-freestanding.sh compiles devices/tls/bearssl.
if MIRAGE_HAVE_BEARSSL
AM_TESTS_ENVIRONMENT += \
	MIRAGE_BEARSSL_INCDIR='$(MIRAGE_BEARSSL_INCDIR)'; \
	export MIRAGE_BEARSSL_INCDIR; \
	MIRAGE_BEARSSL_LIBS='$(MIRAGE_BEARSSL_LIBS)'; \
	export MIRAGE_BEARSSL_LIBS;
endif
TESTS += tests/unit/sanitizers.sh
EXTRA_DIST += tests/unit/sanitizers.sh

# make check-sanitizers: the part of the suite that CI (.ci/run) also runs
# in a build configured with --enable-sanitizers: every C test, the unix
# examples, the helper's scripts and the sanitizer checks above.
SANITIZER_SH_TESTS = tests/unit/helper-cli.sh tests/unit/helper-run.sh \
	tests/unit/runtime-image.sh tests/unit/sanitizers.sh
check-sanitizers:
	@tests=; for t in $(TESTS); do \
	  case $$t in *.sh) ;; *) tests="$$tests $$t";; esac; \
	  case $$t in tests/examples/*.sh) tests="$$tests $$t";; esac; \
	done; \
	$(MAKE) $(AM_MAKEFLAGS) check TESTS="$$tests $(SANITIZER_SH_TESTS)"
.PHONY: check-sanitizers

EXTRA_DIST += tests/lib.sh

# The TAP producers: tests/lib.sh (shell) and tests/unit/tap.h (C) are the
# only files that print points and plans.
TESTS += tests/unit/tap-producers.sh
EXTRA_DIST += tests/unit/tap-producers.sh

include $(srcdir)/tests/unit/helper.mk
include $(srcdir)/tests/unit/runtime.mk

# Examples built as a user would, and the macros' misuse suite.
TESTS += \
	tests/configure/misuse.sh \
	tests/examples/noop.sh \
	tests/examples/hello.sh \
	tests/examples/hello-key.sh
EXTRA_DIST += \
	tests/configure/misuse.sh \
	tests/examples/noop.sh \
	tests/examples/hello.sh \
	tests/examples/hello-key.sh

# Installing the toolkit, and a unikernel added to an existing project.
TESTS += tests/install/install.sh tests/embed/embed.sh
EXTRA_DIST += tests/install/install.sh tests/embed/embed.sh \
	tests/embed/greeter/configure.ac tests/embed/greeter/Makefile.am \
	tests/embed/greeter/src/greet.c tests/embed/greeter/src/greeting.c \
	tests/embed/greeter/src/greeting.h tests/embed/greeter/vm/unikernel.c \
	tests/embed/greeter/lib/stdio.h tests/embed/greeter/lib/sys/types.h \
	tests/embed/parcel/configure.ac tests/embed/parcel/Makefile.am \
	tests/embed/parcel/lib/Makefile.am tests/embed/parcel/lib/label.c \
	tests/embed/parcel/lib/label.h tests/embed/parcel/lib/stdio.h \
	tests/embed/parcel/lib/sys/types.h tests/embed/parcel/src/Makefile.am \
	tests/embed/parcel/src/parcel.c tests/embed/parcel/unikernel/Makefile.am \
	tests/embed/parcel/unikernel/unikernel.c
include $(srcdir)/tests/unit/crash.mk
include $(srcdir)/tests/unit/fiber.mk
include $(srcdir)/tests/unit/devices-block.mk
include $(srcdir)/tests/unit/devices-net.mk
include $(srcdir)/tests/unit/tcpip-lower.mk
include $(srcdir)/tests/unit/tcpip-tcp.mk
include $(srcdir)/tests/unit/tcpip-dhcp.mk
include $(srcdir)/tests/unit/net-tap.mk
include $(srcdir)/tests/unit/devices-clock.mk
include $(srcdir)/tests/unit/http.mk
include $(srcdir)/tests/unit/devices-kv.mk
include $(srcdir)/tests/unit/dns.mk
include $(srcdir)/tests/unit/tls.mk
include $(srcdir)/tests/unit/syslog.mk
include $(srcdir)/tests/targets/targets.mk
include $(srcdir)/tests/unit/libc.mk
include $(srcdir)/tests/unit/xen.mk
include $(srcdir)/tests/xensim/xensim.mk
include $(srcdir)/tests/unit/tenders.mk
include $(srcdir)/tests/unit/virtio.mk
include $(srcdir)/tests/net/net.mk
include $(srcdir)/tests/net/dns.mk
include $(srcdir)/tests/net/tls.mk
include $(srcdir)/tests/hostile/hostile.mk
include $(srcdir)/tests/hostile/spt.mk
include $(srcdir)/tests/style/style.mk
include $(srcdir)/tests/fuzz/fuzz.mk
include $(srcdir)/tests/conformance/conformance.mk
include $(srcdir)/tests/repro/repro.mk

# The crash, wx and memtest examples on unix, and what every example must
# do when it runs, shared by its unix test and the tests/targets scripts.
TESTS += tests/examples/crash.sh tests/examples/wx.sh \
	tests/examples/memtest.sh
EXTRA_DIST += tests/examples/crash.sh tests/examples/wx.sh \
	tests/examples/memtest.sh tests/examples/expect-common.sh \
	tests/examples/expect-noop.sh tests/examples/expect-hello.sh \
	tests/examples/expect-hello-key.sh tests/examples/expect-app_info.sh \
	tests/examples/expect-args.sh tests/examples/expect-heads1.sh \
	tests/examples/expect-heads2.sh tests/examples/expect-timeout.sh \
	tests/examples/expect-echo_server.sh tests/examples/expect-clock.sh \
	tests/examples/expect-prng.sh tests/examples/expect-crypto.sh \
	tests/examples/expect-kv_ro.sh tests/examples/expect-block.sh \
	tests/examples/expect-crash.sh tests/examples/expect-wx.sh \
	tests/examples/expect-memtest.sh
