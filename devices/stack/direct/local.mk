# devices/stack/direct/local.mk: stack's `direct`, our own TCP/IP over a
# `net` device, on every target (doc/tcpip.md). The engine's layers are
# listed by the fragments below, the device's glue here.
tcpip_engine_sources =
include $(srcdir)/devices/stack/direct/lower.mk
include $(srcdir)/devices/stack/direct/tcp.mk
include $(srcdir)/devices/stack/direct/dhcp.mk
devices_sources += $(tcpip_engine_sources) \
	devices/stack/direct/stack_direct.h devices/stack/direct/stack_direct.c \
	devices/stack/direct/stack_direct_tcp.c devices/stack/direct/stack_direct_udp.c \
	devices/stack/direct/stack_direct_stats.c

# The stack's documents: the stack as a whole, and its TCP in detail.
EXTRA_DIST += doc/tcpip.md doc/tcp.md
