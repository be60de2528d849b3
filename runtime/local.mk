# runtime/local.mk: the per-target runtime libraries and public headers.
mirageincludedir = $(includedir)/mirage
mirageinclude_HEADERS = \
	runtime/include/mirage/abort.h \
	runtime/include/mirage/args.h \
	runtime/include/mirage/block.h \
	runtime/include/mirage/crypto.h \
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
	runtime/include/mirage/pclock.h \
	runtime/include/mirage/random.h \
	runtime/include/mirage/stack.h \
	runtime/include/mirage/time.h

# Code shared by every target: the core and the portable devices.
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
	runtime/core/cond.c \
	runtime/core/errstr.c runtime/core/errstr.h \
	runtime/core/fiber.c runtime/core/fiber_join.c \
	runtime/core/fiber_stack.c \
	runtime/core/help.c runtime/core/help.h \
	runtime/core/hooks.c \
	runtime/core/ipaddr.c \
	runtime/core/log.c runtime/core/log.h \
	runtime/core/logring.c \
	runtime/core/promise.c \
	runtime/core/sched.c runtime/core/sched.h \
	runtime/core/sched_impl.h \
	runtime/core/sleep.c runtime/core/sleep.h \
	runtime/core/timer.c runtime/core/timer.h
devices_sources = \
	devices/block/ramdisk.c \
	devices/crypto/blockfeed.c devices/crypto/blockfeed.h \
	devices/crypto/chacha20.c \
	devices/crypto/hmac.c \
	devices/crypto/sha256.c \
	devices/crypto/sha512.c \
	devices/crypto/util.c \
	devices/kv_ro/crunch.c \
	devices/kv_ro/kv_flat.c devices/kv_ro/kv_flat.h \
	devices/kv_ro/kv_key.c devices/kv_ro/kv_key.h \
	devices/kv_rw/memory.c \
	devices/mclock/mclock.c \
	devices/pclock/pclock.c \
	devices/pclock/rfc3339.c \
	devices/random/random.c devices/random/random_internal.h \
	devices/time/time.c

RUNTIME_CPPFLAGS = -I$(top_srcdir)/runtime/include -I$(top_srcdir)/runtime

# unix: objects first go into a private archive; then one relocatable object
# is made of all of them, every symbol but mirage_* and main is localised
# (so platform-internal names can neither leak nor clash with user code), and
# that object is the installed libmirage-unix.a.
noinst_LIBRARIES += runtime/libmirage-unix-objs.a
runtime_libmirage_unix_objs_a_SOURCES = $(runtime_core_sources) \
	$(devices_sources) \
	runtime/unix/block_file.c \
	runtime/unix/clock.c \
	runtime/unix/console.c \
	runtime/unix/entropy.c \
	runtime/unix/exit.c \
	runtime/unix/fault.c runtime/unix/fault.h \
	runtime/unix/kv_direct.c \
	runtime/unix/main.c \
	runtime/unix/mem.c \
	runtime/unix/poll.c \
	runtime/unix/sleep.c \
	runtime/unix/stack.c \
	runtime/unix/stack_socket.c runtime/unix/stack_socket.h \
	runtime/unix/stack_socket_addr.c \
	runtime/unix/stack_socket_flow.c \
	runtime/unix/stack_socket_handle.c \
	runtime/unix/stack_socket_tcp.c \
	runtime/unix/stack_socket_udp.c \
	runtime/unix/symbolize.c
runtime_libmirage_unix_objs_a_CPPFLAGS = $(RUNTIME_CPPFLAGS)
# frame pointers, for the backtraces of crash reports
runtime_libmirage_unix_objs_a_CFLAGS = $(AM_CFLAGS) -fno-omit-frame-pointer \
	-ffunction-sections -fdata-sections

runtime/libmirage-unix.a: runtime/libmirage-unix-objs.a
	$(AM_V_GEN)rm -f $@ runtime/mirage-unix.o \
	&& $(LD) -r --unique='.text.*' --unique='.rodata.*' \
	   --unique='.data.*' --unique='.bss.*' -o runtime/mirage-unix.o --whole-archive \
	   runtime/libmirage-unix-objs.a \
	&& $(OBJCOPY) --wildcard --keep-global-symbol='mirage_*' \
	   --keep-global-symbol=main runtime/mirage-unix.o \
	&& $(AR) cr $@ runtime/mirage-unix.o && $(RANLIB) $@
CLEANFILES += runtime/mirage-unix.o runtime/libmirage-unix.a

mirageunixdir = $(libdir)/mirage/unix
mirageunix_DATA = runtime/libmirage-unix.a
