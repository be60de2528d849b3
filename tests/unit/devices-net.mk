# tests/unit/devices-net.mk: the stack device (socket) on loopback, its
# example and the TCP echo benchmark's files.
net_test_cppflags = -I$(top_srcdir)/runtime/include \
	-I$(top_srcdir)/runtime -I$(top_srcdir)/tests/unit

check_PROGRAMS += tests/unit/test_stack_socket
TESTS += tests/unit/test_stack_socket

tests_unit_test_stack_socket_SOURCES = tests/unit/test_stack_socket.c \
	$(runtime_test_capture)
tests_unit_test_stack_socket_CPPFLAGS = $(net_test_cppflags)
tests_unit_test_stack_socket_LDADD = runtime/libmirage-unix-objs.a

# The example, built as a user would, serving two connections on loopback.
TESTS += tests/examples/network.sh
EXTRA_DIST += tests/examples/network.sh \
	examples/network/configure.ac examples/network/Makefile.am \
	examples/network/unikernel.c examples/network/network.h \
	examples/network/udp.c examples/network/client.c

# The `default` net device over a fake interface (the test's plat_net_*).
check_PROGRAMS += tests/unit/test_net_default
TESTS += tests/unit/test_net_default

tests_unit_test_net_default_SOURCES = tests/unit/test_net_default.c \
	devices/net/default/net.c $(runtime_test_capture)
tests_unit_test_net_default_CPPFLAGS = $(net_test_cppflags)
tests_unit_test_net_default_LDADD = runtime/libmirage-unix-objs.a

# The `null` net device (devices/net/null), as the unix runtime has it.
check_PROGRAMS += tests/unit/test_net_null
TESTS += tests/unit/test_net_null
tests_unit_test_net_null_SOURCES = tests/unit/test_net_null.c tests/unit/tap.h
tests_unit_test_net_null_CPPFLAGS = $(net_test_cppflags)
tests_unit_test_net_null_LDADD = runtime/libmirage-unix-objs.a
