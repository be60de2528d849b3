# tests/targets/targets.mk: kernels booted under QEMU in `make check`.
# SPDX-License-Identifier: ISC

# The PVH boot path (runtime/pc, runtime/freestanding/x86_64), proven by a
# smoke kernel that QEMU boots with -kernel. Built at check time with the target
# compiler in freestanding mode; skipped (no image, the test says SKIP) when
# $(CC) does not target x86-64.
PVH_SMOKE_ELF = tests/targets/pvh-smoke/smoke.elf
PVH_LDS = runtime/pc/pvh.lds
PVH_BOOT_SRCS = \
	runtime/pc/pvh_note.c \
	runtime/freestanding/x86_64/paging.c \
	runtime/freestanding/x86_64/trap.c \
	runtime/pc/entry32.c \
	runtime/pc/entry64.c \
	runtime/pc/boot_main.c \
	runtime/pc/boot_trap.c \
	runtime/pc/start_info.c \
	runtime/pc/serial.c \
	runtime/pc/debug_exit.c
PVH_BOOT_HDRS = \
	runtime/pc/boot.h \
	runtime/pc/start_info.h \
	runtime/pc/serial.h \
	runtime/pc/debug_exit.h \
	runtime/freestanding/x86_64/io.h \
	runtime/freestanding/x86_64/paging.h \
	runtime/freestanding/x86_64/trap.h
PVH_SMOKE_SRCS = tests/targets/pvh-smoke/smoke.c

# No red zone (interrupts will share the stack), no SSE/MMX (the boot path
# does not enable them), no PIC: the image is linked at 1 MiB and identity-
# mapped below 1 GiB, so the small code model reaches every symbol. -static
# with -fno-pic links a fixed-address ET_EXEC (no -no-pie: clang rejects it
# as unused when compiling and linking at once under -Werror).
PVH_CC_FLAGS = $(MIRAGE_WARN_CFLAGS) -Wall -Wextra -O2 -g \
	-ffreestanding -fno-pic -fno-stack-protector \
	-fno-asynchronous-unwind-tables -fcf-protection=none \
	-mno-red-zone -mno-sse -mno-sse2 -mno-mmx -mcmodel=small
PVH_LINK_FLAGS = -nostdlib -static \
	-Wl,-T,$(srcdir)/$(PVH_LDS) -Wl,--build-id=none -Wl,-z,noexecstack

$(PVH_SMOKE_ELF): $(PVH_BOOT_SRCS) $(PVH_BOOT_HDRS) \
		$(PVH_SMOKE_SRCS) $(PVH_LDS)
	@$(MKDIR_P) tests/targets/pvh-smoke
	@case `$(CC) -dumpmachine 2>/dev/null` in \
	x86_64-*|amd64-*) ;; \
	*) echo "$@: $(CC) does not target x86-64; not built"; \
	   rm -f $@; exit 0;; \
	esac; \
	srcs=; for f in $(PVH_BOOT_SRCS) $(PVH_SMOKE_SRCS); do \
	  srcs="$$srcs $(srcdir)/$$f"; done; \
	echo "  KERNEL   $@"; \
	$(CC) $(PVH_CC_FLAGS) $(PVH_LINK_FLAGS) \
		-I$(srcdir)/runtime/pc -I$(srcdir)/runtime/freestanding/x86_64 \
		-o $@.tmp $$srcs && \
	mv -f $@.tmp $@

# The kernel is built when its test runs (TESTS='...' subsets too).
tests/targets/pvh-smoke.log: $(PVH_SMOKE_ELF)

TESTS += tests/targets/pvh-smoke.sh
EXTRA_DIST += tests/targets/pvh-smoke.sh tests/targets/qemu.sh $(PVH_LDS) \
	$(PVH_BOOT_SRCS) $(PVH_BOOT_HDRS) $(PVH_SMOKE_SRCS)
CLEANFILES += $(PVH_SMOKE_ELF) $(PVH_SMOKE_ELF).tmp

# The xen target: examples booted as PVH images (runtime/xen). The test
# builds them against this tree's runtime/libmirage-xen.a and says SKIP when
# the target was not built (configure: MIRAGE_BUILD_XEN) or QEMU is missing.
if MIRAGE_BUILD_XEN
tests/targets/xen-examples.log: runtime/libmirage-xen.a \
	pkgconfig/mirage-xen-uninstalled.pc
endif
TESTS += tests/targets/xen-examples.sh tests/targets/xen-fibers.sh \
	tests/targets/xen-devices.sh tests/targets/xen-faults.sh
EXTRA_DIST += tests/targets/xen-examples.sh tests/targets/xen-fibers.sh \
	tests/targets/xen-devices.sh tests/targets/xen-faults.sh \
	tests/targets/xen-common.sh

# The virtio target: examples booted under QEMU on microvm (virtio-mmio)
# and q35 (virtio-pci), disks on virtio-blk (runtime/virtio).
if MIRAGE_BUILD_VIRTIO
tests/targets/virtio-examples.log tests/targets/virtio-devices.log: \
	runtime/libmirage-virtio.a pkgconfig/mirage-virtio-uninstalled.pc
endif
TESTS += tests/targets/virtio-examples.sh tests/targets/virtio-devices.sh
EXTRA_DIST += tests/targets/virtio-examples.sh \
	tests/targets/virtio-devices.sh tests/targets/virtio-common.sh \
	tests/targets/twonics/configure.ac tests/targets/twonics/Makefile.am \
	tests/targets/twonics/unikernel.c

# Each PC target links its own platform: no Xen code in a virtio image, no
# virtio code in a xen image (nm on examples/noop built for both and on
# the two runtime libraries; the symbol patterns are in the script).
if MIRAGE_BUILD_VIRTIO
tests/targets/platform-symbols.log: runtime/libmirage-xen.a \
	runtime/libmirage-virtio.a pkgconfig/mirage-xen-uninstalled.pc \
	pkgconfig/mirage-virtio-uninstalled.pc
endif
TESTS += tests/targets/platform-symbols.sh
EXTRA_DIST += tests/targets/platform-symbols.sh

# The spt target: examples run in the tender mirage-spt (tenders/spt). The
# tests build them against this tree's runtime/libmirage-spt.a and say SKIP
# when the target or the tender was not built.
if MIRAGE_BUILD_SPT
tests/targets/spt-examples.log tests/targets/spt-faults.log: \
	runtime/libmirage-spt.a pkgconfig/mirage-spt-uninstalled.pc
endif
TESTS += tests/targets/spt-examples.sh tests/targets/spt-faults.sh
EXTRA_DIST += tests/targets/spt-examples.sh tests/targets/spt-faults.sh \
	tests/targets/spt-common.sh

# The hvt target: examples run in the tender mirage-hvt (tenders/hvt, KVM).
# The tests build them against this tree's runtime/libmirage-hvt.a and
# check their layout; they run them only with the tender and a usable
# /dev/kvm (else SKIP with the reason).
if MIRAGE_BUILD_HVT
tests/targets/hvt-examples.log tests/targets/hvt-faults.log: \
	runtime/libmirage-hvt.a pkgconfig/mirage-hvt-uninstalled.pc
endif
TESTS += tests/targets/hvt-examples.sh tests/targets/hvt-faults.sh
EXTRA_DIST += tests/targets/hvt-examples.sh tests/targets/hvt-faults.sh \
	tests/targets/hvt-common.sh

# kvm_probe: whether KVM runs a guest here (a VM, a vCPU in 64-bit mode, a
# port write). Only its verdict turns hvt tests into SKIPs (kvm_usable,
# tests/lib.sh): what fails after it is the tender's failure or the image's.
# Built with the tenders (x86-64 Linux: <linux/kvm.h>).
if MIRAGE_BUILD_TENDERS
check_PROGRAMS += tests/targets/kvm_probe
tests_targets_kvm_probe_SOURCES = tests/targets/kvm_probe.c
endif

# Debian's libbearssl.a in an image of every target (tests/targets/bearssl:
# BearSSL's known answers, its engine, SSE state across fibers; nm on the
# freestanding images). SKIP when configure found no BearSSL (tests/local.mk
# then exports no MIRAGE_BEARSSL_INCDIR).
BEARSSL_TEST_DEPS = runtime/libmirage-unix.a \
	pkgconfig/mirage-unix-uninstalled.pc
if MIRAGE_BUILD_SPT
BEARSSL_TEST_DEPS += runtime/libmirage-spt.a \
	pkgconfig/mirage-spt-uninstalled.pc
endif
if MIRAGE_BUILD_HVT
BEARSSL_TEST_DEPS += runtime/libmirage-hvt.a \
	pkgconfig/mirage-hvt-uninstalled.pc
endif
if MIRAGE_BUILD_VIRTIO
BEARSSL_TEST_DEPS += runtime/libmirage-virtio.a \
	pkgconfig/mirage-virtio-uninstalled.pc
endif
if MIRAGE_BUILD_XEN
BEARSSL_TEST_DEPS += runtime/libmirage-xen.a \
	pkgconfig/mirage-xen-uninstalled.pc
endif
tests/targets/bearssl.log: $(BEARSSL_TEST_DEPS)
TESTS += tests/targets/bearssl.sh
EXTRA_DIST += tests/targets/bearssl.sh \
	tests/targets/bearssl/configure.ac tests/targets/bearssl/Makefile.am \
	tests/targets/bearssl/check.c tests/targets/bearssl/check.h \
	tests/targets/bearssl/engine.c tests/targets/bearssl/fibers.c \
	tests/targets/bearssl/kat_pk.c tests/targets/bearssl/kat_sym.c \
	tests/targets/bearssl/rsa_key.h tests/targets/bearssl/unikernel.c
