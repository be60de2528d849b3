# devices/stack/direct/dhcp.mk: the engine files of the dhcp layer(s).
tcpip_engine_sources += devices/stack/direct/dhcp.c \
	devices/stack/direct/dhcp.h devices/stack/direct/dhcp_msg.c \
	devices/stack/direct/dhcp_msg.h
