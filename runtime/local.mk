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
	runtime/freestanding/include/string.h
mirageincludedir = $(includedir)/mirage
mirageinclude_HEADERS = \
	runtime/include/mirage/abort.h \
	runtime/include/mirage/args.h \
	runtime/include/mirage/block.h \
	runtime/include/mirage/crypto.h \
	runtime/include/mirage/error.h \
	runtime/include/mirage/exit.h \
	runtime/include/mirage/fiber.h \
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
	runtime/include/mirage/stack.h \
	runtime/include/mirage/time.h

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
	runtime/core/logring.c \
	runtime/core/promise.c \
	runtime/core/sched.c runtime/core/sched.h \
	runtime/core/sched_impl.h runtime/core/sched_san.h \
	runtime/core/sleep.c runtime/core/sleep.h \
	runtime/core/timer.c runtime/core/timer.h

RUNTIME_CPPFLAGS = -I$(top_srcdir)/runtime/include -I$(top_srcdir)/runtime

# unix: objects first go into a private archive; then one relocatable object
# is made of all of them, every symbol but mirage_* and main is localised
# (so platform-internal names can neither leak nor clash with user code), and
# that object is the installed libmirage-unix.a.
noinst_LIBRARIES += runtime/libmirage-unix-objs.a
runtime_libmirage_unix_objs_a_SOURCES = $(runtime_core_sources) \
	$(lib_sources) $(devices_sources) $(devices_unix_sources) \
	runtime/unix/clock.c \
	runtime/unix/console.c \
	runtime/unix/entropy.c \
	runtime/unix/exit.c \
	runtime/unix/fault.c runtime/unix/fault.h \
	runtime/unix/fiber_stacks.c \
	runtime/unix/main.c \
	runtime/unix/mem.c \
	runtime/unix/poll.c \
	runtime/unix/sleep.c \
	runtime/unix/symbolize.c
runtime_libmirage_unix_objs_a_CPPFLAGS = $(RUNTIME_CPPFLAGS)
# frame pointers, for the backtraces of crash reports
runtime_libmirage_unix_objs_a_CFLAGS = $(AM_CFLAGS) -fno-omit-frame-pointer \
	-ffunction-sections -fdata-sections

# runtime/localise.sh OUT.a OBJECTS.a SYMBOL...: see the script.
LOCALISE = LD='$(LD)' OBJCOPY='$(OBJCOPY)' AR='$(AR)' RANLIB='$(RANLIB)' \
	$(SHELL) $(srcdir)/runtime/localise.sh
EXTRA_DIST += runtime/localise.sh

runtime/libmirage-unix.a: runtime/libmirage-unix-objs.a \
		$(srcdir)/runtime/localise.sh
	$(AM_V_GEN)$(LOCALISE) $@ runtime/libmirage-unix-objs.a 'mirage_*' main
CLEANFILES += runtime/libmirage-unix.o runtime/libmirage-unix.a

mirageunixdir = $(libdir)/mirage/unix
mirageunix_DATA = runtime/libmirage-unix.a

# xen: a PVH image (runtime/freestanding/boot) for QEMU's -kernel and, later,
# Xen's PVH mode. Built only when $(CC) targets x86-64 (configure:
# MIRAGE_BUILD_XEN); the core and the portable devices are compiled again,
# freestanding, beside the freestanding libc, the boot path and runtime/xen.
# The stack protector's canary is a global (libc/stack_chk.c), not %fs:40.
XEN_FREESTANDING_CFLAGS = -ffreestanding -fno-pic -mno-red-zone -mno-sse \
	-mno-sse2 -mno-mmx -mcmodel=small -fstack-protector-strong \
	-mstack-protector-guard=global \
	-fno-omit-frame-pointer -fno-asynchronous-unwind-tables \
	-fcf-protection=none
# The x86-64 CPU's pieces that the VM targets (hvt, virtio, xen) share:
# page tables, GDT/IDT and traps, the heap and stacks in RAM, fault reports,
# RDSEED/RDRAND, the TSC and port I/O (runtime/freestanding/x86_64).
fs_x86_64_sources = \
	runtime/freestanding/x86_64/cpu_rng.c \
	runtime/freestanding/x86_64/cpu_rng.h \
	runtime/freestanding/x86_64/crash_addr.c \
	runtime/freestanding/x86_64/crash_addr.h \
	runtime/freestanding/x86_64/fault_report.c \
	runtime/freestanding/x86_64/fault_report.h \
	runtime/freestanding/x86_64/heap_stacks.c \
	runtime/freestanding/x86_64/heap_stacks.h \
	runtime/freestanding/x86_64/io.h \
	runtime/freestanding/x86_64/paging.c \
	runtime/freestanding/x86_64/paging.h \
	runtime/freestanding/x86_64/trap.c \
	runtime/freestanding/x86_64/trap.h \
	runtime/freestanding/x86_64/tsc.h
# The PC that virtio and xen share (runtime/pc): the PVH boot path, the
# 16550, isa-debug-exit, the 8259s, the local and I/O APIC, ACPI, the TSC's
# rate (PIT, kvmclock), the CMOS RTC; the clocks, heap, entropy and fault
# reports made of them.
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
FS_X86_64_CPPFLAGS = -I$(top_srcdir)/runtime/freestanding/x86_64
PC_CPPFLAGS = $(FS_X86_64_CPPFLAGS) -I$(top_srcdir)/runtime/pc
xen_libc_sources = $(libc_sources) $(libc_headers) \
	runtime/freestanding/libc/stack_chk.c \
	runtime/freestanding/libc/stack_chk.h
xen_platform_sources = \
	runtime/xen/choose.c \
	runtime/xen/clock.c \
	runtime/xen/console.c \
	runtime/xen/crash.c \
	runtime/xen/exit.c \
	runtime/xen/hv.c \
	runtime/xen/hypercall.c runtime/xen/hypercall.h \
	runtime/xen/hypercall_x86.c \
	runtime/xen/main.c \
	runtime/xen/poll.c \
	runtime/xen/pvcons.c runtime/xen/pvcons.h \
	runtime/xen/ring.h \
	runtime/xen/xen.h \
	runtime/xen/xen_public.h
# Names the localisation keeps global: the image's API, the libc's public
# names (a unikernel's own code calls them) and the PVH entry (pvh.lds).
XEN_GLOBAL_SYMBOLS = 'mirage_*' pvh_start32 $(FS_LIBC_GLOBAL_SYMBOLS)
# The freestanding libc's public names, kept global by every freestanding
# target (a unikernel's own code calls them).
FS_LIBC_GLOBAL_SYMBOLS = \
	memchr memcmp memcpy memmove memset 'str*' 'is*' tolower toupper \
	malloc calloc realloc free aligned_alloc posix_memalign \
	printf vprintf fprintf vfprintf snprintf vsnprintf \
	puts fputs putchar fputc fflush core_libc_stdout core_libc_stderr \
	core_libc_assert_fail __errno_location abort abs labs llabs \
	atoi atol qsort bsearch __stack_chk_guard __stack_chk_fail
if MIRAGE_BUILD_XEN
noinst_LIBRARIES += runtime/libmirage-xen-objs.a
runtime_libmirage_xen_objs_a_SOURCES = $(runtime_core_sources) \
	$(lib_sources) $(devices_sources) $(devices_xen_sources) \
	$(xen_libc_sources) $(fs_x86_64_sources) \
	$(pc_sources) $(xen_platform_sources)
runtime_libmirage_xen_objs_a_CPPFLAGS = -nostdinc \
	-I$(top_srcdir)/runtime/freestanding/include $(RUNTIME_CPPFLAGS) \
	-I$(top_srcdir)/runtime/freestanding/libc \
	$(PC_CPPFLAGS) -DMIRAGE_FS_CONSOLE_STDIO -DMIRAGE_FREESTANDING
runtime_libmirage_xen_objs_a_CFLAGS = $(FS_AM_CFLAGS) \
	$(XEN_FREESTANDING_CFLAGS) -ffunction-sections -fdata-sections

runtime/libmirage-xen.a: runtime/libmirage-xen-objs.a \
		$(srcdir)/runtime/localise.sh
	$(AM_V_GEN)$(LOCALISE) $@ runtime/libmirage-xen-objs.a \
	   $(XEN_GLOBAL_SYMBOLS)
CLEANFILES += runtime/libmirage-xen.o runtime/libmirage-xen.a

miragexendir = $(libdir)/mirage/xen
miragexen_DATA = runtime/libmirage-xen.a
dist_miragexen_DATA = runtime/pc/pvh.lds
miragefsincludedir = $(includedir)/mirage/freestanding
miragefsinclude_HEADERS = $(freestanding_headers)
nodist_pkgconfig_DATA += pkgconfig/mirage-xen.pc
endif

# virtio: a PVH image, as xen's, with virtio drivers (runtime/virtio: PCI
# and MMIO transports, split virtqueues, virtio-blk and virtio-net) instead
# of Xen's, for QEMU/KVM (microvm, q35, pc). The console, clocks, heap,
# entropy and faults are the PC's (runtime/pc); Xen's files are not built.
# Built where xen is (configure: MIRAGE_BUILD_VIRTIO).
virtio_platform_sources = \
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
VIRTIO_GLOBAL_SYMBOLS = $(XEN_GLOBAL_SYMBOLS)
EXTRA_DIST += doc/virtio.md
if MIRAGE_BUILD_VIRTIO
noinst_LIBRARIES += runtime/libmirage-virtio-objs.a
runtime_libmirage_virtio_objs_a_SOURCES = $(runtime_core_sources) \
	$(lib_sources) $(devices_sources) $(devices_virtio_sources) \
	$(xen_libc_sources) $(fs_x86_64_sources) \
	$(pc_sources) $(virtio_platform_sources)
runtime_libmirage_virtio_objs_a_CPPFLAGS = -nostdinc \
	-I$(top_srcdir)/runtime/freestanding/include $(RUNTIME_CPPFLAGS) \
	-I$(top_srcdir)/runtime/freestanding/libc \
	$(PC_CPPFLAGS) -DMIRAGE_FS_CONSOLE_STDIO -DMIRAGE_FREESTANDING
runtime_libmirage_virtio_objs_a_CFLAGS = $(FS_AM_CFLAGS) \
	$(XEN_FREESTANDING_CFLAGS) -ffunction-sections -fdata-sections

runtime/libmirage-virtio.a: runtime/libmirage-virtio-objs.a \
		$(srcdir)/runtime/localise.sh
	$(AM_V_GEN)$(LOCALISE) $@ runtime/libmirage-virtio-objs.a \
	   $(VIRTIO_GLOBAL_SYMBOLS)
CLEANFILES += runtime/libmirage-virtio.o runtime/libmirage-virtio.a

miragevirtiodir = $(libdir)/mirage/virtio
miragevirtio_DATA = runtime/libmirage-virtio.a
dist_miragevirtio_DATA = runtime/pc/pvh.lds
nodist_pkgconfig_DATA += pkgconfig/mirage-virtio.pc
endif

# spt: an image that mirage-spt (tenders/) maps at 1 MiB in a process under
# a seccomp allowlist (runtime/spt: the guest makes its few Linux system
# calls itself). Built only when $(CC) targets x86-64 Linux (configure:
# MIRAGE_BUILD_SPT). The core and the portable devices are compiled
# freestanding, as for xen, beside the freestanding libc and runtime/spt;
# the canary of the stack protector is a global here too.
SPT_FREESTANDING_CFLAGS = $(XEN_FREESTANDING_CFLAGS)
spt_platform_sources = \
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
# The names kept global: as for xen, with spt.lds's entry instead.
SPT_GLOBAL_SYMBOLS = 'mirage_*' spt_start $(FS_LIBC_GLOBAL_SYMBOLS)
# The ABI header: the generated manifest note of an spt or hvt image uses it.
mirageinclude_HEADERS += runtime/include/mirage/tender_abi.h
EXTRA_DIST += runtime/spt/spt.lds doc/spt.md
if MIRAGE_BUILD_SPT
noinst_LIBRARIES += runtime/libmirage-spt-objs.a
runtime_libmirage_spt_objs_a_SOURCES = $(runtime_core_sources) \
	$(lib_sources) $(devices_sources) $(devices_spt_sources) \
	$(xen_libc_sources) $(spt_platform_sources)
runtime_libmirage_spt_objs_a_CPPFLAGS = -nostdinc \
	-I$(top_srcdir)/runtime/freestanding/include $(RUNTIME_CPPFLAGS) \
	-I$(top_srcdir)/runtime/freestanding/libc -DMIRAGE_FS_CONSOLE_STDIO \
	-DMIRAGE_FREESTANDING
runtime_libmirage_spt_objs_a_CFLAGS = $(FS_AM_CFLAGS) \
	$(SPT_FREESTANDING_CFLAGS) -ffunction-sections -fdata-sections

runtime/libmirage-spt.a: runtime/libmirage-spt-objs.a \
		$(srcdir)/runtime/localise.sh
	$(AM_V_GEN)$(LOCALISE) $@ runtime/libmirage-spt-objs.a \
	   $(SPT_GLOBAL_SYMBOLS)
CLEANFILES += runtime/libmirage-spt.o runtime/libmirage-spt.a

miragesptdir = $(libdir)/mirage/spt
miragespt_DATA = runtime/libmirage-spt.a
dist_miragespt_DATA = runtime/spt/spt.lds
# the freestanding headers are installed by the xen section (spt is built
# only where xen is: both need an x86-64 compiler)
nodist_pkgconfig_DATA += pkgconfig/mirage-spt.pc
endif

# hvt: an image that mirage-hvt (tenders/hvt) loads at 1 MiB in a KVM
# virtual machine and enters in 64-bit mode (runtime/hvt: hypercalls are
# outl to the tender's ports). Built only when $(CC) targets x86-64
# (configure: MIRAGE_BUILD_HVT). The core and the portable devices are
# compiled freestanding, as for xen, beside the freestanding libc, the
# page tables and traps of the PVH boot path (runtime/freestanding/boot)
# and runtime/hvt; the canary of the stack protector is a global here too.
HVT_FREESTANDING_CFLAGS = $(XEN_FREESTANDING_CFLAGS)
hvt_platform_sources = \
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
# The names kept global: as for xen, with hvt.lds's entry instead.
HVT_GLOBAL_SYMBOLS = 'mirage_*' hvt_start $(FS_LIBC_GLOBAL_SYMBOLS)
EXTRA_DIST += runtime/hvt/hvt.lds doc/hvt.md
if MIRAGE_BUILD_HVT
noinst_LIBRARIES += runtime/libmirage-hvt-objs.a
runtime_libmirage_hvt_objs_a_SOURCES = $(runtime_core_sources) \
	$(lib_sources) $(devices_sources) $(devices_hvt_sources) \
	$(xen_libc_sources) $(fs_x86_64_sources) \
	$(hvt_platform_sources)
runtime_libmirage_hvt_objs_a_CPPFLAGS = -nostdinc \
	-I$(top_srcdir)/runtime/freestanding/include $(RUNTIME_CPPFLAGS) \
	-I$(top_srcdir)/runtime/freestanding/libc \
	$(FS_X86_64_CPPFLAGS) -DMIRAGE_FS_CONSOLE_STDIO -DMIRAGE_FREESTANDING
runtime_libmirage_hvt_objs_a_CFLAGS = $(FS_AM_CFLAGS) \
	$(HVT_FREESTANDING_CFLAGS) -ffunction-sections -fdata-sections

runtime/libmirage-hvt.a: runtime/libmirage-hvt-objs.a \
		$(srcdir)/runtime/localise.sh
	$(AM_V_GEN)$(LOCALISE) $@ runtime/libmirage-hvt-objs.a \
	   $(HVT_GLOBAL_SYMBOLS)
CLEANFILES += runtime/libmirage-hvt.o runtime/libmirage-hvt.a

miragehvtdir = $(libdir)/mirage/hvt
miragehvt_DATA = runtime/libmirage-hvt.a
dist_miragehvt_DATA = runtime/hvt/hvt.lds
# the freestanding headers are installed by the xen section (hvt is built
# only where xen is: both need an x86-64 compiler)
nodist_pkgconfig_DATA += pkgconfig/mirage-hvt.pc
endif
