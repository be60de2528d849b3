# SPDX-License-Identifier: ISC
# tests/unit/virtio.mk: the virtio target's split virtqueues (against a
# fake device played by the test) and ACPI soft-off, on the host.
check_PROGRAMS += tests/unit/test_virtqueue
TESTS += tests/unit/test_virtqueue
tests_unit_test_virtqueue_SOURCES = tests/unit/test_virtqueue.c \
	tests/unit/tap.h runtime/virtio/virtqueue.c runtime/virtio/virtio.h
tests_unit_test_virtqueue_CPPFLAGS = -I$(top_srcdir)/runtime/virtio \
	-I$(top_srcdir)/runtime/include -I$(top_srcdir)/runtime \
	-I$(top_srcdir)/tests/unit

# ACPI soft-off (runtime/pc/acpi.c): the tables it reads,
# sound and broken, laid out by the test below 4 GiB.
check_PROGRAMS += tests/unit/test_acpi
TESTS += tests/unit/test_acpi
tests_unit_test_acpi_SOURCES = tests/unit/test_acpi.c tests/unit/tap.h \
	runtime/pc/acpi.c runtime/pc/acpi.h
tests_unit_test_acpi_CPPFLAGS = -I$(top_srcdir)/runtime/pc \
	-I$(top_srcdir)/runtime/freestanding/x86_64 \
	-I$(top_srcdir)/tests/unit
