# tests/unit/libc.mk: the freestanding targets' libc, tested on the host.
#
# The libc's sources build with the freestanding headers alone and with
# every public symbol renamed mfs_* (libc_rename.h), so that the tests link
# them beside the host's libc and compare the two on random inputs.
libc_sources = \
	runtime/freestanding/libc/abort.c runtime/freestanding/libc/abs.c \
	runtime/freestanding/libc/assert.c runtime/freestanding/libc/ctype.c \
	runtime/freestanding/libc/errno.c runtime/freestanding/libc/format.c \
	runtime/freestanding/libc/fortify.c \
	runtime/freestanding/libc/heap.c runtime/freestanding/libc/malloc.c \
	runtime/freestanding/libc/mem.c runtime/freestanding/libc/printf.c \
	runtime/freestanding/libc/qsort.c runtime/freestanding/libc/snprintf.c \
	runtime/freestanding/libc/str.c runtime/freestanding/libc/strdup.c \
	runtime/freestanding/libc/strerror.c runtime/freestanding/libc/strtol.c \
	runtime/freestanding/libc/time.c
libc_headers = runtime/freestanding/libc/fortify.h \
	runtime/freestanding/libc/heap.h \
	runtime/freestanding/libc/heap_internal.h \
	runtime/freestanding/libc/libc_internal.h
EXTRA_DIST += $(libc_sources) $(libc_headers) \
	tests/unit/libc_rename.h tests/unit/libc_test.h

check_LIBRARIES += tests/unit/libmfs.a
# strerror calls the core's mirage_strerror: errstr.c is linked in (renamed)
tests_unit_libmfs_a_SOURCES = $(libc_sources) runtime/core/errstr.c \
	runtime/freestanding/libc/heap_stats.c
tests_unit_libmfs_a_CPPFLAGS = -nostdinc \
	-I$(top_srcdir)/runtime/freestanding/include \
	-I$(top_srcdir)/runtime/include -I$(top_srcdir)/runtime \
	-include $(top_srcdir)/tests/unit/libc_rename.h
tests_unit_libmfs_a_CFLAGS = $(AM_CFLAGS) -ffreestanding -fno-builtin

libc_test_cppflags = -I$(top_srcdir)/runtime/freestanding/libc \
	-I$(top_srcdir)/tests/unit
check_PROGRAMS += tests/unit/test_libc_string tests/unit/test_libc_printf \
	tests/unit/test_libc_heap tests/unit/test_libc_strerror \
	tests/unit/test_libc_fortify
TESTS += tests/unit/test_libc_string tests/unit/test_libc_printf \
	tests/unit/test_libc_heap tests/unit/test_libc_strerror \
	tests/unit/test_libc_fortify

tests_unit_test_libc_string_SOURCES = tests/unit/test_libc_string.c \
	tests/unit/libc_stubs.c tests/unit/tap.h
tests_unit_test_libc_string_CPPFLAGS = $(libc_test_cppflags)
tests_unit_test_libc_string_LDADD = tests/unit/libmfs.a
tests_unit_test_libc_printf_SOURCES = tests/unit/test_libc_printf.c \
	tests/unit/tap.h
tests_unit_test_libc_printf_CPPFLAGS = $(libc_test_cppflags)
tests_unit_test_libc_printf_LDADD = tests/unit/libmfs.a
tests_unit_test_libc_heap_SOURCES = tests/unit/test_libc_heap.c \
	tests/unit/libc_stubs.c tests/unit/tap.h
tests_unit_test_libc_heap_CPPFLAGS = $(libc_test_cppflags)
tests_unit_test_libc_heap_LDADD = tests/unit/libmfs.a
# glibc's __*_chk (what Debian's libbearssl.a calls) and time()
tests_unit_test_libc_fortify_SOURCES = tests/unit/test_libc_fortify.c \
	tests/unit/libc_stubs.c tests/unit/tap.h
tests_unit_test_libc_fortify_CPPFLAGS = $(libc_test_cppflags)
tests_unit_test_libc_fortify_LDADD = tests/unit/libmfs.a
tests_unit_test_libc_strerror_SOURCES = tests/unit/test_libc_strerror.c \
	tests/unit/errstr_expect.h tests/unit/tap.h
tests_unit_test_libc_strerror_CPPFLAGS = $(libc_test_cppflags)
tests_unit_test_libc_strerror_LDADD = tests/unit/libmfs.a

# doc/libc.md's table is made from the headers; the test keeps it so.
TESTS += tests/unit/libc-doc.sh
EXTRA_DIST += tests/unit/libc-doc.sh doc/libc.md doc/libc-table.sh

# <mirage/heap.h>: mirage_heap_stats over the freestanding heap (here on
# the host, renamed like the rest of the libc) and over glibc (unix).
check_PROGRAMS += tests/unit/test_heap_stats_fs tests/unit/test_heap_stats_unix
TESTS += tests/unit/test_heap_stats_fs tests/unit/test_heap_stats_unix
tests_unit_test_heap_stats_fs_SOURCES = tests/unit/test_heap_stats.c \
	tests/unit/libc_stubs.c tests/unit/tap.h
tests_unit_test_heap_stats_fs_CPPFLAGS = $(libc_test_cppflags) \
	-I$(top_srcdir)/runtime/include -DHEAP_FS
tests_unit_test_heap_stats_fs_LDADD = tests/unit/libmfs.a
tests_unit_test_heap_stats_unix_SOURCES = tests/unit/test_heap_stats.c \
	runtime/unix/heap_stats.c tests/unit/tap.h
tests_unit_test_heap_stats_unix_CPPFLAGS = -I$(top_srcdir)/runtime/include \
	-I$(top_srcdir)/tests/unit
