# devices/dns/stub/local.mk: dns's `stub`, a stub resolver over a `stack`,
# on every target (doc/dns.md).
devices_sources += devices/dns/stub/stub.h devices/dns/stub/stub.c \
	devices/dns/stub/stub_servers.c devices/dns/stub/stub_cache.c \
	devices/dns/stub/stub_query.c devices/dns/stub/stub_udp.c \
	devices/dns/stub/stub_tcp.c
