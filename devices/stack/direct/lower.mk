# devices/stack/direct/lower.mk: the engine files of the lower layer(s).
tcpip_engine_sources +=
