# SPDX-License-Identifier: ISC
# tenders/local.mk: the host programs that run hvt and spt images
# (mirage-hvt, mirage-spt), and the code they share (tenders/common).
EXTRA_DIST += doc/tenders.md

# What every tender shares: the ELF loader, the command line and the
# manifest matching, the guest's command line. Unit tests and the fuzz
# harness link it too.
tender_common_sources = \
	tenders/common/elf_load.c tenders/common/elf_load.h \
	tenders/common/cli.c tenders/common/cli.h \
	tenders/common/cmdline_quote.c tenders/common/cmdline_quote.h \
	runtime/include/mirage/tender_abi.h
# What the tender programs share besides: opening devices, seccomp filters.
tender_host_sources = \
	tenders/common/devices.c tenders/common/devices.h \
	tenders/common/bpf.c tenders/common/bpf.h
tender_cppflags = -I$(top_srcdir)/tenders/common \
	-I$(top_srcdir)/runtime/include -DMIRAGE_VERSION='"$(PACKAGE_VERSION)"'

# A sanitizer build (configure --enable-sanitizers) builds the tenders as
# tests/hostile builds its ASan tenders: the filters then let the
# sanitizer runtime report and exit (tenders/common/asan_allow.c); they
# end without LeakSanitizer's check (tenders/common/lsan_off.c says why).
if MIRAGE_SANITIZE
tender_sanitize_sources = tenders/common/asan_allow.c \
	tenders/common/lsan_off.c
tender_sanitize_cppflags = -DTENDER_ASAN
endif

if MIRAGE_BUILD_TENDERS
bin_PROGRAMS += tenders/spt/mirage-spt
# Position-independent, so that the tender's own code stays far from the
# guest region it maps at MIRAGE_TENDER_IMAGE_BASE.
tender_spt_sources = tenders/spt/main.c tenders/spt/seccomp.c \
	tenders/spt/seccomp.h $(tender_common_sources) $(tender_host_sources)
tenders_spt_mirage_spt_SOURCES = $(tender_spt_sources) $(tender_sanitize_sources)
tenders_spt_mirage_spt_CPPFLAGS = $(tender_cppflags) $(tender_sanitize_cppflags)
tenders_spt_mirage_spt_CFLAGS = $(AM_CFLAGS) -fPIE $(MIRAGE_TENDER_CFLAGS)
tenders_spt_mirage_spt_LDFLAGS = $(AM_LDFLAGS) -pie $(MIRAGE_TENDER_LDFLAGS)

# The man page, made from --help and --version as doc/mirage.1 is.
dist_man1_MANS += doc/mirage-spt.1
doc/mirage-spt.1: $(top_srcdir)/tenders/common/cli.c \
	$(top_srcdir)/configure.ac | tenders/spt/mirage-spt$(EXEEXT)
	$(AM_V_GEN)$(MKDIR_P) doc && $(HELP2MAN) --no-info \
	   --name='run a Mirage in C spt unikernel in a seccomp sandbox' \
	   --output=$@ ./tenders/spt/mirage-spt$(EXEEXT)

# mirage-hvt: a KVM monitor; the guest's memory is its own mapping. The
# hypercall handlers, one module per device kind, are also linked by the
# hypercall fuzz harness (tests/fuzz/fuzz_hvt_hypercall.c).
tender_hvt_hypercall_sources = tenders/hvt/hypercall.c tenders/hvt/hvt.h \
	tenders/hvt/console.c tenders/hvt/block.c tenders/hvt/net.c
bin_PROGRAMS += tenders/hvt/mirage-hvt
tender_hvt_sources = tenders/hvt/main.c \
	$(tender_hvt_hypercall_sources) tenders/hvt/report.c \
	tenders/hvt/report.h tenders/hvt/vcpu.c tenders/hvt/vcpu.h \
	tenders/hvt/pagetable.c tenders/hvt/pagetable.h \
	tenders/hvt/seccomp.c tenders/hvt/seccomp.h \
	$(tender_common_sources) $(tender_host_sources)
tenders_hvt_mirage_hvt_SOURCES = $(tender_hvt_sources) $(tender_sanitize_sources)
tenders_hvt_mirage_hvt_CPPFLAGS = $(tender_cppflags) $(tender_sanitize_cppflags)
tenders_hvt_mirage_hvt_CFLAGS = $(AM_CFLAGS) -fPIE $(MIRAGE_TENDER_CFLAGS)
tenders_hvt_mirage_hvt_LDFLAGS = $(AM_LDFLAGS) -pie $(MIRAGE_TENDER_LDFLAGS)

dist_man1_MANS += doc/mirage-hvt.1
doc/mirage-hvt.1: $(top_srcdir)/tenders/common/cli.c \
	$(top_srcdir)/configure.ac | tenders/hvt/mirage-hvt$(EXEEXT)
	$(AM_V_GEN)$(MKDIR_P) doc && $(HELP2MAN) --no-info \
	   --name='run a Mirage in C hvt unikernel in a KVM virtual machine' \
	   --output=$@ ./tenders/hvt/mirage-hvt$(EXEEXT)
endif
