# runtime/local.mk: the per-target runtime libraries and public headers.

# Our own C headers for the freestanding targets (the core is compiled
# against them in make check; the xen target installs them).
freestanding_headers = \
	runtime/freestanding/include/assert.h \
	runtime/freestanding/include/ctype.h \
	runtime/freestanding/include/errno.h \
	runtime/freestanding/include/inttypes.h \
	runtime/freestanding/include/limits.h \
	runtime/freestanding/include/stdarg.h \
	runtime/freestanding/include/stdbool.h \
	runtime/freestanding/include/stddef.h \
	runtime/freestanding/include/stdint.h \
	runtime/freestanding/include/stdio.h \
	runtime/freestanding/include/stdlib.h \
	runtime/freestanding/include/string.h \
	runtime/freestanding/include/time.h
mirageincludedir = $(includedir)/mirage
mirageinclude_HEADERS = \
	runtime/include/mirage/abort.h \
	runtime/include/mirage/args.h \
	runtime/include/mirage/block.h \
	runtime/include/mirage/crypto.h \
	runtime/include/mirage/dns.h \
	runtime/include/mirage/error.h \
	runtime/include/mirage/exit.h \
	runtime/include/mirage/fiber.h \
	runtime/include/mirage/heap.h \
	runtime/include/mirage/http.h \
	runtime/include/mirage/http_client.h \
	runtime/include/mirage/http_server.h \
	runtime/include/mirage/hooks.h \
	runtime/include/mirage/image.h \
	runtime/include/mirage/ipaddr.h \
	runtime/include/mirage/kv_ro.h \
	runtime/include/mirage/kv_rw.h \
	runtime/include/mirage/log.h \
	runtime/include/mirage/mclock.h \
	runtime/include/mirage/mirage.h \
	runtime/include/mirage/net.h \
	runtime/include/mirage/pclock.h \
	runtime/include/mirage/random.h \
	runtime/include/mirage/resolver.h \
	runtime/include/mirage/stack.h \
	runtime/include/mirage/syslog.h \
	runtime/include/mirage/time.h \
	runtime/include/mirage/tls.h

# Code shared by every target: the core. The libraries' lib_sources are in
# lib/local.mk, the devices' devices_sources and devices_TARGET_sources in
# devices/local.mk.
runtime_core_sources = \
	runtime/platform.h \
	runtime/core/arch/switch.h \
	runtime/core/arch/x86_64/switch.c \
	runtime/core/argvalue.c runtime/core/argvalue.h \
	runtime/core/args.c runtime/core/args.h \
	runtime/core/argstore.c \
	runtime/core/boot.c \
	runtime/core/buf.c runtime/core/buf.h \
	runtime/core/crash.c runtime/core/crash.h \
	runtime/core/cmdline.c runtime/core/cmdline.h \
	runtime/core/cmdline_boot.c runtime/core/cmdline_boot.h \
	runtime/core/cond.c \
	runtime/core/errstr.c runtime/core/errstr.h \
	runtime/core/fiber.c runtime/core/fiber_join.c \
	runtime/core/fiber_stack.c \
	runtime/core/help.c runtime/core/help.h \
	runtime/core/hooks.c \
	runtime/core/iowatch.c runtime/core/iowatch.h \
	runtime/core/ipaddr.c \
	runtime/core/log.c runtime/core/log.h \
	runtime/core/logring.c runtime/core/logsink.c \
	runtime/core/promise.c \
	runtime/core/sched.c runtime/core/sched.h \
	runtime/core/sched_impl.h runtime/core/sched_san.h \
	runtime/core/sleep.c runtime/core/sleep.h \
	runtime/core/timer.c runtime/core/timer.h

# BearSSL's headers (devices/tls/bearssl: configure found their folder),
# searched after every other one.
if MIRAGE_HAVE_BEARSSL
BEARSSL_CPPFLAGS = -idirafter $(MIRAGE_BEARSSL_INCDIR)
endif
RUNTIME_CPPFLAGS = -I$(top_srcdir)/runtime/include -I$(top_srcdir)/runtime \
	$(BEARSSL_CPPFLAGS)
# Kept global in every runtime: devices/tls/bearssl/seeder.c's definition
# of BearSSL's system seeder, so that libbearssl.a's own is never linked.
TLS_GLOBAL_SYMBOLS = br_prng_seeder_system

# Each target's runtime library, runtime/libmirage-TARGET.a, is built by the
# one stanza of runtime/target.mk.in, which ./bootstrap writes out for every
# target into runtime/targets.mk (included at the end): from the core, the
# libraries (lib_sources), the devices (devices_sources and the target's
# devices_TARGET_sources, devices/local.mk) and the target's own
# TARGET_sources, compiled with TARGET_cppflags and TARGET_cflags; every
# symbol but TARGET_globals made local (runtime/localise.sh); installed in
# $(libdir)/mirage/TARGET with the image's linker script TARGET_lds and
# pkgconfig/mirage-TARGET.pc. Below, those variables, target by target.

# runtime/localise.sh OUT.a OBJECTS.a SYMBOL...: see the script.
LOCALISE = LD='$(LD)' OBJCOPY='$(OBJCOPY)' AR='$(AR)' ARFLAGS='$(ARFLAGS)' \
	RANLIB='$(RANLIB)' \
	$(SHELL) $(srcdir)/runtime/localise.sh
EXTRA_DIST += runtime/localise.sh runtime/target.mk.in

# unix: a library for a Linux process (runtime/unix).
unix_sources = \
	runtime/unix/clock.c \
	runtime/unix/console.c \
	runtime/unix/entropy.c \
	runtime/unix/exit.c \
	runtime/unix/fault.c runtime/unix/fault.h \
	runtime/unix/fiber_stacks.c \
	runtime/unix/heap_stats.c \
	runtime/unix/main.c \
	runtime/unix/mem.c \
	runtime/unix/poll.c \
	runtime/unix/sleep.c \
	runtime/unix/symbolize.c
unix_cppflags = $(RUNTIME_CPPFLAGS)
# frame pointers, for the backtraces of crash reports
unix_cflags = $(AM_CFLAGS) -fno-omit-frame-pointer -ffunction-sections \
	-fdata-sections
unix_globals = 'mirage_*' main $(TLS_GLOBAL_SYMBOLS)
unix_lds =
unix_user_cflags = $(CFLAGS)
unix_user_cppflags = $(CPPFLAGS)

# The freestanding targets (spt, hvt, virtio, xen), built only when $(CC)
# targets x86-64 (configure: MIRAGE_BUILD_SPT, ...): the core and the
# devices are compiled freestanding, against our own C headers, beside the
# freestanding libc. The stack protector's canary is a global
# (libc/stack_chk.c), not %fs:40 (hvt, virtio and xen put a copy there
# for glibc-built code: x86_64/fs_canary.c, doc/tls.md).
FREESTANDING_CFLAGS = -ffreestanding -fno-pic -mno-red-zone -mno-sse \
	-mno-sse2 -mno-mmx -mcmodel=small -fstack-protector-strong \
	-mstack-protector-guard=global \
	-fno-omit-frame-pointer -fno-asynchronous-unwind-tables \
	-fcf-protection=none
FS_RUNTIME_CFLAGS = $(FS_AM_CFLAGS) $(FREESTANDING_CFLAGS) \
	-ffunction-sections -fdata-sections
# What of the user's CFLAGS and CPPFLAGS reaches a freestanding runtime
# (runtime/target.mk.in): what runtime/fs-flags.sh keeps of them, at each
# compile: debugging, optimisation, warnings and the path maps of
# reproducible builds; nothing else. A distribution's defaults
# (dpkg-buildflags) are for hosted programs: -D_FORTIFY_SOURCE calls
# glibc's __*_chk functions, which our libc lacks; a stack protector reads
# its canary at %fs:40, where these runtimes have none (they use
# FREESTANDING_CFLAGS' global one); -fcf-protection and
# -fstack-clash-protection change the code the runtime expects of itself;
# -flto puts GIMPLE in objects that runtime/localise.sh links with ld -r;
# -march may allow SSE; -I and -D name the host's headers.
FS_USER_CFLAGS = `$(SHELL) $(srcdir)/runtime/fs-flags.sh $(CFLAGS)`
FS_USER_CPPFLAGS = `$(SHELL) $(srcdir)/runtime/fs-flags.sh $(CPPFLAGS)`
EXTRA_DIST += runtime/fs-flags.sh
FS_RUNTIME_CPPFLAGS = -nostdinc \
	-I$(top_srcdir)/runtime/freestanding/include $(RUNTIME_CPPFLAGS) \
	-I$(top_srcdir)/runtime/freestanding/libc -DMIRAGE_FS_CONSOLE_STDIO \
	-DMIRAGE_FREESTANDING
fs_libc_sources = $(libc_sources) $(libc_headers) \
	runtime/freestanding/libc/heap_stats.c \
	runtime/freestanding/libc/stack_chk.c \
	runtime/freestanding/libc/stack_chk.h
# The freestanding libc's public names, kept global by every freestanding
# target (a unikernel's own code calls them).
FS_LIBC_GLOBAL_SYMBOLS = \
	memchr memcmp memcpy memmove memset 'str*' 'is*' tolower toupper \
	malloc calloc realloc free aligned_alloc posix_memalign \
	printf vprintf fprintf vfprintf snprintf vsnprintf \
	puts fputs putchar fputc fflush core_libc_stdout core_libc_stderr \
	core_libc_assert_fail __errno_location abort abs labs llabs \
	atoi atol qsort bsearch time __stack_chk_guard __stack_chk_fail \
	__memcpy_chk __memmove_chk __memset_chk $(TLS_GLOBAL_SYMBOLS)
# The freestanding headers, installed for every freestanding target (they
# are all built or none: each needs an x86-64 compiler).
if MIRAGE_BUILD_XEN
miragefsincludedir = $(includedir)/mirage/freestanding
miragefsinclude_HEADERS = $(freestanding_headers)
endif

# The x86-64 CPU's pieces that the VM targets (hvt, virtio, xen) share:
# page tables, GDT/IDT and traps, the heap and stacks in RAM, fault reports,
# RDSEED/RDRAND, the TSC, port I/O and the FS base that holds the canary of
# code built for glibc (runtime/freestanding/x86_64).
fs_x86_64_sources = \
	runtime/freestanding/x86_64/cpu_rng.c \
	runtime/freestanding/x86_64/cpu_rng.h \
	runtime/freestanding/x86_64/crash_addr.c \
	runtime/freestanding/x86_64/crash_addr.h \
	runtime/freestanding/x86_64/fault_report.c \
	runtime/freestanding/x86_64/fault_report.h \
	runtime/freestanding/x86_64/fs_canary.c \
	runtime/freestanding/x86_64/fs_canary.h \
	runtime/freestanding/x86_64/heap_stacks.c \
	runtime/freestanding/x86_64/heap_stacks.h \
	runtime/freestanding/x86_64/io.h \
	runtime/freestanding/x86_64/paging.c \
	runtime/freestanding/x86_64/paging.h \
	runtime/freestanding/x86_64/trap.c \
	runtime/freestanding/x86_64/trap.h \
	runtime/freestanding/x86_64/tsc.h
FS_X86_64_CPPFLAGS = -I$(top_srcdir)/runtime/freestanding/x86_64

# The PC that virtio and xen share (runtime/pc): the PVH boot path, the
# 16550, isa-debug-exit, the 8259s, the local and I/O APIC, ACPI, the TSC's
# rate (PIT, kvmclock), the CMOS RTC; the clocks, heap, entropy and fault
# reports made of them. The image is laid out by pvh.lds, whose entry
# stays global.
pc_sources = \
	runtime/pc/acpi.c runtime/pc/acpi.h \
	runtime/pc/boot.h \
	runtime/pc/boot_main.c \
	runtime/pc/boot_trap.c \
	runtime/pc/clock.c \
	runtime/pc/debug_exit.c runtime/pc/debug_exit.h \
	runtime/pc/entropy.c \
	runtime/pc/entry32.c \
	runtime/pc/entry64.c \
	runtime/pc/fault.c \
	runtime/pc/ioapic.c runtime/pc/ioapic.h \
	runtime/pc/kvmclock.c runtime/pc/kvmclock.h \
	runtime/pc/lapic.c runtime/pc/lapic.h \
	runtime/pc/mem.c \
	runtime/pc/pc.h \
	runtime/pc/pvh_note.c \
	runtime/pc/rtc.c \
	runtime/pc/serial.c runtime/pc/serial.h \
	runtime/pc/start_info.c runtime/pc/start_info.h \
	runtime/pc/tsc_freq.c runtime/pc/tsc_freq.h
PC_CPPFLAGS = $(FS_X86_64_CPPFLAGS) -I$(top_srcdir)/runtime/pc
PC_GLOBAL_SYMBOLS = 'mirage_*' pvh_start32 $(FS_LIBC_GLOBAL_SYMBOLS)

# spt: an image that mirage-spt (tenders/) maps at 1 MiB in a process under
# a seccomp allowlist (runtime/spt: the guest makes its few Linux system
# calls itself). Built only when $(CC) targets x86-64 Linux.
spt_sources = $(fs_libc_sources) \
	runtime/include/mirage/tender_abi.h \
	runtime/spt/block.c \
	runtime/spt/clock.c \
	runtime/spt/console.c \
	runtime/spt/crash.c \
	runtime/spt/entropy.c \
	runtime/spt/exit.c \
	runtime/spt/fault.c \
	runtime/spt/main.c \
	runtime/spt/mem.c \
	runtime/spt/net.c \
	runtime/spt/note.c \
	runtime/spt/poll.c \
	runtime/spt/spt.h \
	runtime/spt/syscall.h
spt_cppflags = $(FS_RUNTIME_CPPFLAGS)
spt_cflags = $(FS_RUNTIME_CFLAGS)
spt_user_cflags = $(FS_USER_CFLAGS)
spt_user_cppflags = $(FS_USER_CPPFLAGS)
spt_globals = 'mirage_*' spt_start $(FS_LIBC_GLOBAL_SYMBOLS)
spt_lds = runtime/spt/spt.lds
# The ABI header: the generated manifest note of an spt or hvt image uses it.
mirageinclude_HEADERS += runtime/include/mirage/tender_abi.h
EXTRA_DIST += runtime/spt/spt.lds doc/spt.md

# hvt: an image that mirage-hvt (tenders/hvt) loads at 1 MiB in a KVM
# virtual machine and enters in 64-bit mode (runtime/hvt: hypercalls are
# outl to the tender's ports), with the x86-64 pieces.
hvt_sources = $(fs_libc_sources) $(fs_x86_64_sources) \
	runtime/include/mirage/tender_abi.h \
	runtime/hvt/block.c \
	runtime/hvt/clock.c \
	runtime/hvt/console.c \
	runtime/hvt/crash.c \
	runtime/hvt/entropy.c \
	runtime/hvt/exit.c \
	runtime/hvt/fault.c \
	runtime/hvt/hvt.h \
	runtime/hvt/main.c \
	runtime/hvt/mem.c \
	runtime/hvt/net.c \
	runtime/hvt/note.c \
	runtime/hvt/poll.c
hvt_cppflags = $(FS_RUNTIME_CPPFLAGS) $(FS_X86_64_CPPFLAGS)
hvt_cflags = $(FS_RUNTIME_CFLAGS)
hvt_user_cflags = $(FS_USER_CFLAGS)
hvt_user_cppflags = $(FS_USER_CPPFLAGS)
hvt_globals = 'mirage_*' hvt_start $(FS_LIBC_GLOBAL_SYMBOLS)
hvt_lds = runtime/hvt/hvt.lds
EXTRA_DIST += runtime/hvt/hvt.lds doc/hvt.md

# virtio: a PVH image on the PC with virtio drivers (runtime/virtio: PCI and
# MMIO transports, split virtqueues, virtio-blk and virtio-net), for
# QEMU/KVM (microvm, q35, pc). No Xen code: runtime/xen is not built.
virtio_sources = $(fs_libc_sources) $(fs_x86_64_sources) $(pc_sources) \
	runtime/virtio/clock.c \
	runtime/virtio/console.c \
	runtime/virtio/crash.c \
	runtime/virtio/exit.c \
	runtime/virtio/main.c \
	runtime/virtio/pci.c runtime/virtio/pci.h \
	runtime/virtio/poll.c \
	runtime/virtio/virtio.c runtime/virtio/virtio.h \
	runtime/virtio/virtio_blk.c \
	runtime/virtio/virtio_devices.h \
	runtime/virtio/virtio_mmio.c \
	runtime/virtio/virtio_net.c \
	runtime/virtio/virtio_pci.c \
	runtime/virtio/virtqueue.c
virtio_cppflags = $(FS_RUNTIME_CPPFLAGS) $(PC_CPPFLAGS)
virtio_cflags = $(FS_RUNTIME_CFLAGS)
virtio_user_cflags = $(FS_USER_CFLAGS)
virtio_user_cppflags = $(FS_USER_CPPFLAGS)
virtio_globals = $(PC_GLOBAL_SYMBOLS)
virtio_lds = runtime/pc/pvh.lds
EXTRA_DIST += doc/virtio.md

# xen: a PVH image for Xen's PVH mode (runtime/xen: hypercalls, the PV
# console ring and clock, SCHEDOP_shutdown) that boots under QEMU's -kernel
# too, on the PC's devices: choose.c picks one or the other at boot. No
# virtio code.
xen_sources = $(fs_libc_sources) $(fs_x86_64_sources) $(pc_sources) \
	runtime/xen/blkfront.c runtime/xen/blkfront.h runtime/xen/blkif.h \
	runtime/xen/choose.c \
	runtime/xen/clock.c \
	runtime/xen/console.c \
	runtime/xen/crash.c \
	runtime/xen/exit.c \
	runtime/xen/gnttab.c runtime/xen/gnttab.h \
	runtime/xen/hv.c \
	runtime/xen/hypercall.c runtime/xen/hypercall.h \
	runtime/xen/hypercall_x86.c \
	runtime/xen/main.c \
	runtime/xen/netfront.c runtime/xen/netfront.h runtime/xen/netif.h \
	runtime/xen/poll.c \
	runtime/xen/pvcons.c runtime/xen/pvcons.h \
	runtime/xen/ring.h \
	runtime/xen/xen.h \
	runtime/xen/xen_io.c runtime/xen/xen_io.h \
	runtime/xen/xen_public.h \
	runtime/xen/xen_sring.h \
	runtime/xen/xenbus.c runtime/xen/xenbus.h \
	runtime/xen/xenstore.c runtime/xen/xenstore.h \
	runtime/xen/xs_proto.c runtime/xen/xs_proto.h runtime/xen/xs_wire.h
xen_cppflags = $(FS_RUNTIME_CPPFLAGS) $(PC_CPPFLAGS)
xen_cflags = $(FS_RUNTIME_CFLAGS)
xen_user_cflags = $(FS_USER_CFLAGS)
xen_user_cppflags = $(FS_USER_CPPFLAGS)
xen_globals = $(PC_GLOBAL_SYMBOLS)
xen_lds = runtime/pc/pvh.lds

include $(srcdir)/runtime/targets.mk
