# devices/stack/direct/tcp.mk: the engine files of the tcp layer(s).
# doc/tcp.md describes the layer.
tcp_engine_sources = \
	devices/stack/direct/tcp.h \
	devices/stack/direct/tcp_int.h \
	devices/stack/direct/tcp_api.c \
	devices/stack/direct/tcp_buf.c \
	devices/stack/direct/tcp_cc.c \
	devices/stack/direct/tcp_conn.c \
	devices/stack/direct/tcp_input.c \
	devices/stack/direct/tcp_isn.c \
	devices/stack/direct/tcp_listen.c \
	devices/stack/direct/tcp_options.c \
	devices/stack/direct/tcp_output.c \
	devices/stack/direct/tcp_sack.c \
	devices/stack/direct/tcp_timer.c
tcpip_engine_sources += $(tcp_engine_sources)
EXTRA_DIST += doc/tcp.md
