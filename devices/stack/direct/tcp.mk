# devices/stack/direct/tcp.mk: the engine files of the tcp layer(s).
tcpip_engine_sources +=
