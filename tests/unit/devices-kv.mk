# tests/unit/devices-kv.mk: kv_ro (crunch, direct), kv_rw (memory) and the
# kv_ro example.
check_PROGRAMS += tests/unit/test_kv_crunch tests/unit/test_kv_direct \
	tests/unit/test_kv_memory
TESTS += tests/unit/test_kv_crunch tests/unit/test_kv_direct \
	tests/unit/test_kv_memory tests/examples/kv_ro.sh
EXTRA_DIST += tests/examples/kv_ro.sh \
	examples/kv_ro/configure.ac examples/kv_ro/Makefile.am \
	examples/kv_ro/unikernel.c examples/kv_ro/t/secret

tests_unit_test_kv_crunch_SOURCES = tests/unit/test_kv_crunch.c \
	$(runtime_test_capture)
tests_unit_test_kv_crunch_CPPFLAGS = $(runtime_test_cppflags)
tests_unit_test_kv_crunch_LDADD = runtime/libmirage-unix-objs.a

tests_unit_test_kv_direct_SOURCES = tests/unit/test_kv_direct.c \
	$(runtime_test_capture)
tests_unit_test_kv_direct_CPPFLAGS = $(runtime_test_cppflags)
tests_unit_test_kv_direct_LDADD = runtime/libmirage-unix-objs.a

tests_unit_test_kv_memory_SOURCES = tests/unit/test_kv_memory.c \
	$(runtime_test_capture)
tests_unit_test_kv_memory_CPPFLAGS = $(runtime_test_cppflags)
tests_unit_test_kv_memory_LDADD = runtime/libmirage-unix-objs.a
