# SPDX-License-Identifier: ISC
# tests/xensim/xensim.mk: the Xen PV frontends of runtime/xen compiled for
# the host and tested against the simulated backend domain of
# tests/xensim (sim.h): hypervisor, xenstored, netback, blkback.
xensim_cppflags = -I$(top_srcdir)/runtime -I$(top_srcdir)/runtime/include \
	-I$(top_srcdir)/tests/xensim -I$(top_srcdir)/tests/unit
# The simulator and the frontends' common core, for every test program.
xensim_sources = tests/xensim/sim.h tests/xensim/sim_io.c \
	tests/xensim/sim_store.c runtime/xen/xen_io.h runtime/xen/ring.h \
	runtime/xen/xen_public.h runtime/xen/xs_wire.h runtime/xen/xs_proto.h \
	runtime/xen/xs_proto.c runtime/xen/xenstore.h runtime/xen/xenstore.c \
	runtime/xen/xenbus.h runtime/xen/xenbus.c tests/unit/tap.h
xensim_ldadd = runtime/libmirage-unix-objs.a -lpthread

# The xenstore client and xenbus against sim_store.c.
check_PROGRAMS += tests/xensim/test_xenstore
TESTS += tests/xensim/test_xenstore
tests_xensim_test_xenstore_SOURCES = tests/xensim/test_xenstore.c \
	$(xensim_sources)
tests_xensim_test_xenstore_CPPFLAGS = $(xensim_cppflags)
tests_xensim_test_xenstore_CFLAGS = $(AM_CFLAGS) -pthread
tests_xensim_test_xenstore_LDADD = $(xensim_ldadd)

# Grants (runtime/xen/gnttab.c) against the simulated hypervisor's maps.
check_PROGRAMS += tests/xensim/test_gnttab
TESTS += tests/xensim/test_gnttab
tests_xensim_test_gnttab_SOURCES = tests/xensim/test_gnttab.c \
	runtime/xen/gnttab.c runtime/xen/gnttab.h $(xensim_sources)
tests_xensim_test_gnttab_CPPFLAGS = $(xensim_cppflags)
tests_xensim_test_gnttab_CFLAGS = $(AM_CFLAGS) -pthread
tests_xensim_test_gnttab_LDADD = $(xensim_ldadd)

# blkfront (runtime/xen/blkfront.c) against the simulated blkback
# (sim_blkback.c) on disk files: the block conformance suite (included by
# test_blkfront.c, one TAP stream; mirage_main.h is its shim) on a
# read-write, a read-only and an odd-sized disk, 16 fibers with requests
# in flight, flush, grant counts and a backend restart.
check_PROGRAMS += tests/xensim/test_blkfront
TESTS += tests/xensim/test_blkfront
tests_xensim_test_blkfront_SOURCES = tests/xensim/test_blkfront.c \
	tests/xensim/mirage_main.h tests/xensim/sim_blkback.c \
	runtime/xen/blkfront.c runtime/xen/blkfront.h runtime/xen/blkif.h \
	runtime/xen/gnttab.c runtime/xen/gnttab.h runtime/xen/xen_sring.h \
	devices/block/tender/tender.c $(xensim_sources)
tests_xensim_test_blkfront_CPPFLAGS = $(xensim_cppflags) \
	-I$(top_srcdir)/tests/conformance
# conformance.h's comment names mirage/*.h
tests_xensim_test_blkfront_CFLAGS = $(AM_CFLAGS) -pthread -Wno-comment
tests_xensim_test_blkfront_LDADD = $(xensim_ldadd)

# netfront (runtime/xen/netfront.c) against the simulated netback.
xensim_net_sources = tests/xensim/sim_netback.c tests/xensim/sim_net.h \
	runtime/xen/netfront.c runtime/xen/netfront.h runtime/xen/netif.h \
	runtime/xen/xen_sring.h runtime/xen/gnttab.c runtime/xen/gnttab.h
check_PROGRAMS += tests/xensim/test_netfront
TESTS += tests/xensim/test_netfront
tests_xensim_test_netfront_SOURCES = tests/xensim/test_netfront.c \
	$(xensim_net_sources) $(xensim_sources)
tests_xensim_test_netfront_CPPFLAGS = $(xensim_cppflags)
tests_xensim_test_netfront_CFLAGS = $(AM_CFLAGS) -pthread
tests_xensim_test_netfront_LDADD = $(xensim_ldadd)

# The direct stack (in the unix runtime) on the `default` net device over
# netfront and the simulated netback, bridged to a tap in a namespace of
# the test's own, serving Linux (tests/xensim/xen-direct.sh; root only).
check_PROGRAMS += tests/xensim/xen_direct
tests_xensim_xen_direct_SOURCES = tests/xensim/xen_direct.c \
	devices/net/default/net.c $(xensim_net_sources) $(xensim_sources)
tests_xensim_xen_direct_CPPFLAGS = $(xensim_cppflags)
tests_xensim_xen_direct_CFLAGS = $(AM_CFLAGS) -pthread
tests_xensim_xen_direct_LDADD = $(xensim_ldadd)
TESTS += tests/xensim/xen-direct.sh
EXTRA_DIST += tests/xensim/xen-direct.sh
