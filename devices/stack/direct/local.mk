# devices/stack/direct/local.mk: stack's `direct`, our own TCP/IP over a
# `net` device (doc/tcpip.md). The engine's layers are listed by the
# fragments below, the device's glue here.
tcpip_engine_sources =
include $(srcdir)/devices/stack/direct/lower.mk
include $(srcdir)/devices/stack/direct/tcp.mk
include $(srcdir)/devices/stack/direct/dhcp.mk
EXTRA_DIST += devices/stack/direct/lower.mk devices/stack/direct/tcp.mk \
	devices/stack/direct/dhcp.mk
