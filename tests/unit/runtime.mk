# tests/unit/runtime.mk: unit tests of runtime/core, runtime/unix, devices.
#
# The C tests link the runtime's private archive after their own objects:
# a test that defines a plat_* function (runtime_capture.c captures the
# console and error output) replaces the unix one, since the archive member
# that holds it is then never pulled in.
runtime_test_cppflags = -I$(top_srcdir)/runtime/include \
	-I$(top_srcdir)/runtime -I$(top_srcdir)/tests/unit
runtime_test_capture = tests/unit/runtime_capture.c \
	tests/unit/runtime_capture.h tests/unit/tap.h

check_PROGRAMS += tests/unit/test_runtime_args tests/unit/test_runtime_help \
	tests/unit/test_runtime_log tests/unit/test_runtime_time \
	tests/unit/runtime_image tests/unit/test_argvalue tests/unit/test_cmdline
TESTS += tests/unit/test_runtime_args tests/unit/test_runtime_help \
	tests/unit/test_runtime_log tests/unit/test_runtime_time \
	tests/unit/runtime-image.sh tests/unit/test_argvalue \
	tests/unit/test_cmdline
EXTRA_DIST += tests/unit/runtime-image.sh
# The user's CFLAGS reach the host code, never the freestanding runtimes.
TESTS += tests/unit/fs-flags.sh
EXTRA_DIST += tests/unit/fs-flags.sh

tests_unit_test_runtime_args_SOURCES = tests/unit/test_runtime_args.c \
	$(runtime_test_capture)
tests_unit_test_runtime_args_CPPFLAGS = $(runtime_test_cppflags)
tests_unit_test_runtime_args_LDADD = runtime/libmirage-unix-objs.a

tests_unit_test_runtime_help_SOURCES = tests/unit/test_runtime_help.c \
	$(runtime_test_capture)
tests_unit_test_runtime_help_CPPFLAGS = $(runtime_test_cppflags)
tests_unit_test_runtime_help_LDADD = runtime/libmirage-unix-objs.a

tests_unit_test_runtime_log_SOURCES = tests/unit/test_runtime_log.c \
	$(runtime_test_capture)
tests_unit_test_runtime_log_CPPFLAGS = $(runtime_test_cppflags)
tests_unit_test_runtime_log_LDADD = runtime/libmirage-unix-objs.a

check_PROGRAMS += tests/unit/test_errstr
TESTS += tests/unit/test_errstr
tests_unit_test_errstr_SOURCES = tests/unit/test_errstr.c \
	tests/unit/errstr_expect.h tests/unit/tap.h
tests_unit_test_errstr_CPPFLAGS = $(runtime_test_cppflags)
tests_unit_test_errstr_LDADD = runtime/libmirage-unix-objs.a

tests_unit_test_runtime_time_SOURCES = tests/unit/test_runtime_time.c \
	tests/unit/tap.h
tests_unit_test_runtime_time_CPPFLAGS = $(runtime_test_cppflags)
tests_unit_test_runtime_time_LDADD = runtime/libmirage-unix-objs.a

tests_unit_test_argvalue_SOURCES = tests/unit/test_argvalue.c tests/unit/tap.h
tests_unit_test_argvalue_CPPFLAGS = $(runtime_test_cppflags)
tests_unit_test_argvalue_LDADD = runtime/libmirage-unix-objs.a

tests_unit_test_cmdline_SOURCES = tests/unit/test_cmdline.c tests/unit/tap.h
tests_unit_test_cmdline_CPPFLAGS = $(runtime_test_cppflags)
tests_unit_test_cmdline_LDADD = runtime/libmirage-unix-objs.a

# An image linked as a unikernel is: with the installed form of the library.
tests_unit_runtime_image_SOURCES = tests/unit/runtime_image.c
tests_unit_runtime_image_CPPFLAGS = -I$(top_srcdir)/runtime/include
tests_unit_runtime_image_LDADD = runtime/libmirage-unix.a $(MIRAGE_BEARSSL_LIBS)
