# devices/stack/socket/local.mk: stack's `socket`, the host's sockets (unix).
devices_unix_sources += \
	devices/stack/socket/stack_socket.c devices/stack/socket/stack_socket.h \
	devices/stack/socket/stack_socket_addr.c \
	devices/stack/socket/stack_socket_flow.c \
	devices/stack/socket/stack_socket_handle.c \
	devices/stack/socket/stack_socket_opts.c \
	devices/stack/socket/stack_socket_tcp.c \
	devices/stack/socket/stack_socket_udp.c
