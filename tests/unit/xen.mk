# tests/unit/xen.mk: the Xen specifics of runtime/xen (detection, hypercall
# encodings, PV console ring, PV clock), compiled for the host and tested
# there: no Xen runs here. The x86 half (hypercall_x86.c: cpuid, wrmsr, the
# hypercall page) is not built; each test defines its own xen_hypercall5.
# SPDX-License-Identifier: ISC
xen_test_cppflags = -I$(top_srcdir)/runtime -I$(top_srcdir)/tests/unit
xen_test_headers = runtime/xen/hypercall.h runtime/xen/pvcons.h \
	runtime/xen/ring.h runtime/xen/xen_public.h tests/unit/tap.h

check_PROGRAMS += tests/unit/test_xen_hypercall tests/unit/test_xen_pvcons \
	tests/unit/test_xen_time
TESTS += tests/unit/test_xen_hypercall tests/unit/test_xen_pvcons \
	tests/unit/test_xen_time

tests_unit_test_xen_hypercall_SOURCES = tests/unit/test_xen_hypercall.c \
	runtime/xen/hypercall.c $(xen_test_headers)
tests_unit_test_xen_hypercall_CPPFLAGS = $(xen_test_cppflags)

tests_unit_test_xen_pvcons_SOURCES = tests/unit/test_xen_pvcons.c \
	runtime/xen/pvcons.c $(xen_test_headers)
tests_unit_test_xen_pvcons_CPPFLAGS = $(xen_test_cppflags)

tests_unit_test_xen_time_SOURCES = tests/unit/test_xen_time.c \
	runtime/xen/hypercall.c $(xen_test_headers)
tests_unit_test_xen_time_CPPFLAGS = $(xen_test_cppflags)
tests_unit_test_xen_time_CFLAGS = $(AM_CFLAGS) -pthread
tests_unit_test_xen_time_LDADD = -lpthread
