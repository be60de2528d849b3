# tests/unit/fiber.mk: unit tests of the fibers and the scheduler.
#
# Frame pointers in the tests too: one of them walks a fiber's frame chain.
fiber_test_cppflags = -I$(top_srcdir)/runtime/include \
	-I$(top_srcdir)/runtime -I$(top_srcdir)/tests/unit

check_PROGRAMS += tests/unit/test_fiber tests/unit/test_fiber_unix
TESTS += tests/unit/test_fiber tests/unit/test_fiber_unix

tests_unit_test_fiber_SOURCES = tests/unit/test_fiber.c tests/unit/tap.h
tests_unit_test_fiber_CPPFLAGS = $(fiber_test_cppflags)
tests_unit_test_fiber_CFLAGS = $(AM_CFLAGS) -fno-omit-frame-pointer
tests_unit_test_fiber_LDADD = runtime/libmirage-unix-objs.a

tests_unit_test_fiber_unix_SOURCES = tests/unit/test_fiber_unix.c \
	tests/unit/tap.h
tests_unit_test_fiber_unix_CPPFLAGS = $(fiber_test_cppflags)
tests_unit_test_fiber_unix_LDADD = runtime/libmirage-unix-objs.a
