# runtime/local.mk: the per-target runtime libraries and public headers.
mirageincludedir = $(includedir)/mirage
mirageinclude_HEADERS = \
	runtime/include/mirage/args.h \
	runtime/include/mirage/exit.h \
	runtime/include/mirage/image.h \
	runtime/include/mirage/log.h \
	runtime/include/mirage/mirage.h \
	runtime/include/mirage/time.h

# Code shared by every target: the core and the portable devices.
runtime_core_sources = \
	runtime/platform.h \
	runtime/core/argvalue.c runtime/core/argvalue.h \
	runtime/core/args.c runtime/core/args.h \
	runtime/core/boot.c \
	runtime/core/buf.c runtime/core/buf.h \
	runtime/core/errstr.c runtime/core/errstr.h \
	runtime/core/help.c runtime/core/help.h \
	runtime/core/log.c runtime/core/log.h \
	runtime/core/sleep.c runtime/core/sleep.h
devices_sources = \
	devices/time/time.c

RUNTIME_CPPFLAGS = -I$(top_srcdir)/runtime/include -I$(top_srcdir)/runtime

# unix: objects first go into a private archive; then one relocatable object
# is made of all of them, every symbol but mirage_* and main is localised
# (so platform-internal names can neither leak nor clash with user code), and
# that object is the installed libmirage-unix.a.
noinst_LIBRARIES += runtime/libmirage-unix-objs.a
runtime_libmirage_unix_objs_a_SOURCES = $(runtime_core_sources) \
	$(devices_sources) \
	runtime/unix/clock.c \
	runtime/unix/console.c \
	runtime/unix/exit.c \
	runtime/unix/main.c \
	runtime/unix/sleep.c
runtime_libmirage_unix_objs_a_CPPFLAGS = $(RUNTIME_CPPFLAGS)

runtime/libmirage-unix.a: runtime/libmirage-unix-objs.a
	$(AM_V_GEN)rm -f $@ runtime/mirage-unix.o \
	&& $(LD) -r -o runtime/mirage-unix.o --whole-archive \
	   runtime/libmirage-unix-objs.a \
	&& $(OBJCOPY) --wildcard --keep-global-symbol='mirage_*' \
	   --keep-global-symbol=main runtime/mirage-unix.o \
	&& $(AR) cr $@ runtime/mirage-unix.o && $(RANLIB) $@
CLEANFILES += runtime/mirage-unix.o runtime/libmirage-unix.a

mirageunixdir = $(libdir)/mirage/unix
mirageunix_DATA = runtime/libmirage-unix.a
