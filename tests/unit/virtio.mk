# SPDX-License-Identifier: ISC
# tests/unit/virtio.mk: the virtio target's split virtqueues, on the host
# (runtime/virtio/virtqueue.c against a fake device played by the test).
check_PROGRAMS += tests/unit/test_virtqueue
TESTS += tests/unit/test_virtqueue
tests_unit_test_virtqueue_SOURCES = tests/unit/test_virtqueue.c \
	tests/unit/tap.h runtime/virtio/virtqueue.c runtime/virtio/virtio.h
tests_unit_test_virtqueue_CPPFLAGS = -I$(top_srcdir)/runtime/virtio \
	-I$(top_srcdir)/runtime/include -I$(top_srcdir)/runtime \
	-I$(top_srcdir)/tests/unit
