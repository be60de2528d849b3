# devices/net/tap/local.mk: net's `tap`, a host tap interface (unix).
devices_unix_sources += devices/net/tap/tap.c devices/net/tap/tap_host.c \
	devices/net/tap/tap.h
