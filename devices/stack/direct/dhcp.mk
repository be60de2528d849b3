# devices/stack/direct/dhcp.mk: the engine files of the dhcp layer(s).
tcpip_engine_sources +=
