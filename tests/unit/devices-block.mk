# tests/unit/devices-block.mk: the block device (file and ramdisk) and its
# examples.
block_test_cppflags = -I$(top_srcdir)/runtime/include \
	-I$(top_srcdir)/runtime -I$(top_srcdir)/tests/unit

check_PROGRAMS += tests/unit/test_block_ramdisk tests/unit/test_block_file
TESTS += tests/unit/test_block_ramdisk tests/unit/test_block_file

tests_unit_test_block_ramdisk_SOURCES = tests/unit/test_block_ramdisk.c \
	$(runtime_test_capture)
tests_unit_test_block_ramdisk_CPPFLAGS = $(block_test_cppflags)
tests_unit_test_block_ramdisk_LDADD = runtime/libmirage-unix-objs.a

tests_unit_test_block_file_SOURCES = tests/unit/test_block_file.c \
	$(runtime_test_capture)
tests_unit_test_block_file_CPPFLAGS = $(block_test_cppflags)
tests_unit_test_block_file_LDADD = runtime/libmirage-unix-objs.a

# The examples, built as a user would.
TESTS += tests/examples/block.sh tests/examples/disk-lottery.sh
EXTRA_DIST += tests/examples/block.sh tests/examples/disk-lottery.sh \
	examples/block/configure.ac examples/block/Makefile.am \
	examples/block/unikernel.c \
	examples/disk-lottery/configure.ac examples/disk-lottery/Makefile.am \
	examples/disk-lottery/unikernel.c
