# SPDX-License-Identifier: ISC
# tests/unit/tenders.mk: the tenders' shared code (ELF loader, command
# line, manifest matching, quoting), the tenders' seccomp filters, a short
# fuzzing campaign of the loader, and mirage-spt and mirage-hvt running
# small images.
# `make fuzz-elf FUZZ_SECONDS=600` fuzzes the loader longer (see
# tests/fuzz/fuzz-elf.sh and doc/tenders.md).
tender_test_cppflags = $(tender_cppflags) -I$(top_srcdir)/tests/unit \
	-I$(top_srcdir)/tests/fuzz -I$(top_srcdir)/runtime

if MIRAGE_BUILD_TENDERS
check_PROGRAMS += tests/unit/test_tender_elf tests/unit/test_tender_cli \
	tests/unit/test_tender_seccomp tests/fuzz/fuzz_elf_load \
	tests/unit/test_tender_hvt_seccomp
TESTS += tests/unit/test_tender_elf tests/unit/test_tender_cli \
	tests/unit/test_tender_seccomp tests/fuzz/fuzz_elf_load \
	tests/unit/test_tender_hvt_seccomp
check_PROGRAMS += tests/unit/test_tender_bpf
TESTS += tests/unit/test_tender_bpf
tests_unit_test_tender_bpf_SOURCES = tests/unit/test_tender_bpf.c \
	tests/unit/tap.h tests/unit/seccomp_child.h tenders/common/bpf.c tenders/common/bpf.h
tests_unit_test_tender_bpf_CPPFLAGS = $(tender_test_cppflags) \
	-I$(top_srcdir)/tenders/common

tests_unit_test_tender_elf_SOURCES = tests/unit/test_tender_elf.c \
	tests/unit/tap.h tests/fuzz/elf_build.h $(tender_common_sources)
tests_unit_test_tender_elf_CPPFLAGS = $(tender_test_cppflags)

tests_unit_test_tender_cli_SOURCES = tests/unit/test_tender_cli.c \
	tests/unit/tap.h runtime/core/cmdline.c runtime/core/cmdline.h \
	$(tender_common_sources)
tests_unit_test_tender_cli_CPPFLAGS = $(tender_test_cppflags)

tests_unit_test_tender_seccomp_SOURCES = tests/unit/test_tender_seccomp.c \
	tests/unit/tap.h tests/unit/seccomp_child.h tenders/spt/seccomp.c tenders/spt/seccomp.h \
	tenders/common/bpf.c tenders/common/bpf.h
tests_unit_test_tender_seccomp_CPPFLAGS = $(tender_test_cppflags) \
	-I$(top_srcdir)/tenders/spt

tests_unit_test_tender_hvt_seccomp_SOURCES = \
	tests/unit/test_tender_hvt_seccomp.c tests/unit/tap.h \
	tests/unit/seccomp_child.h tenders/hvt/seccomp.c tenders/hvt/seccomp.h \
	tenders/common/bpf.c tenders/common/bpf.h
tests_unit_test_tender_hvt_seccomp_CPPFLAGS = $(tender_test_cppflags) \
	-I$(top_srcdir)/tenders/hvt

# mirage-hvt's page tables, walked as the CPU walks them.
check_PROGRAMS += tests/unit/test_tender_pagetable
TESTS += tests/unit/test_tender_pagetable
tests_unit_test_tender_pagetable_SOURCES = \
	tests/unit/test_tender_pagetable.c tests/unit/tap.h \
	tenders/hvt/pagetable.c tenders/hvt/pagetable.h
tests_unit_test_tender_pagetable_CPPFLAGS = $(tender_test_cppflags) \
	-I$(top_srcdir)/tenders/hvt

# mirage-hvt's hypercall handlers against a model, on generated guest
# memory: 50000 inputs or 5 s, whichever comes first. ppoll is wrapped so
# that POLL never waits.
check_PROGRAMS += tests/fuzz/fuzz_hvt_hypercall
TESTS += tests/fuzz/fuzz_hvt_hypercall
tests_fuzz_fuzz_hvt_hypercall_SOURCES = tests/fuzz/fuzz_hvt_hypercall.c \
	tests/fuzz/fuzz_driver.h tests/unit/tap.h \
	$(tender_hvt_hypercall_sources)
tests_fuzz_fuzz_hvt_hypercall_CPPFLAGS = $(tender_test_cppflags) \
	-I$(top_srcdir)/tenders/hvt
tests_fuzz_fuzz_hvt_hypercall_LDFLAGS = $(AM_LDFLAGS) -Wl,--wrap=ppoll \
	-Wl,--wrap=__ppoll_chk

# Runs 200000 mutated images or 10 s, whichever comes first.
tests_fuzz_fuzz_elf_load_SOURCES = tests/fuzz/fuzz_elf_load.c \
	tests/fuzz/fuzz_driver.h tests/unit/tap.h \
	tests/fuzz/elf_build.h $(tender_common_sources)
tests_fuzz_fuzz_elf_load_CPPFLAGS = $(tender_test_cppflags)
endif

# Says SKIP by itself where the tenders are not built.
TESTS += tests/unit/tender-spt.sh tests/unit/tender-hvt.sh \
	tests/unit/tender-hardening.sh
EXTRA_DIST += tests/unit/tender-spt.sh tests/unit/tender_spt_image.c \
	tests/unit/tender-hardening.sh \
	tests/unit/tender-hvt.sh tests/unit/tender_hvt_image.c \
	tests/unit/tender-files.sh tests/unit/tender_image.h \
	tests/unit/tender_spt.lds tests/fuzz/fuzz-elf.sh \
	tests/fuzz/fuzz-hvt.sh

FUZZ_SECONDS = 600
fuzz-hvt:
	top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' \
	CC='$(CC)' FUZZ_SECONDS='$(FUZZ_SECONDS)' \
	$(SHELL) $(top_srcdir)/tests/fuzz/fuzz-hvt.sh
.PHONY: fuzz-hvt
fuzz-elf:
	top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' \
	CC='$(CC)' FUZZ_SECONDS='$(FUZZ_SECONDS)' \
	$(SHELL) $(top_srcdir)/tests/fuzz/fuzz-elf.sh
.PHONY: fuzz-elf
