# SPDX-License-Identifier: ISC
# tenders/local.mk: the host programs that run hvt and spt images
# (mirage-spt here), and the code the tenders share (tenders/common).
EXTRA_DIST += doc/tenders.md

# What every tender shares: the ELF loader, the command line and the
# manifest matching, the guest's command line. Unit tests and the fuzz
# harness link it too.
tender_common_sources = \
	tenders/common/elf_load.c tenders/common/elf_load.h \
	tenders/common/cli.c tenders/common/cli.h \
	tenders/common/cmdline_quote.c tenders/common/cmdline_quote.h \
	runtime/include/mirage/tender_abi.h
tender_cppflags = -I$(top_srcdir)/tenders/common \
	-I$(top_srcdir)/runtime/include -DMIRAGE_VERSION='"$(PACKAGE_VERSION)"'

if MIRAGE_BUILD_TENDERS
bin_PROGRAMS += tenders/spt/mirage-spt
# Position-independent, so that the tender's own code stays far from the
# guest region it maps at MIRAGE_TENDER_IMAGE_BASE.
tenders_spt_mirage_spt_SOURCES = tenders/spt/main.c tenders/spt/seccomp.c \
	tenders/spt/seccomp.h $(tender_common_sources)
tenders_spt_mirage_spt_CPPFLAGS = $(tender_cppflags)
tenders_spt_mirage_spt_CFLAGS = $(AM_CFLAGS) -fPIE
tenders_spt_mirage_spt_LDFLAGS = -pie

# The man page, made from --help and --version as doc/mirage.1 is.
dist_man1_MANS += doc/mirage-spt.1
doc/mirage-spt.1: $(top_srcdir)/tenders/common/cli.c \
	$(top_srcdir)/configure.ac | tenders/spt/mirage-spt$(EXEEXT)
	$(AM_V_GEN)$(MKDIR_P) doc && $(HELP2MAN) --no-info \
	   --name='run a Mirage in C spt unikernel in a seccomp sandbox' \
	   --output=$@ ./tenders/spt/mirage-spt$(EXEEXT)
endif
