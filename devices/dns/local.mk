# devices/dns/local.mk: what every `dns` implementation shares, on every
# target: the lookups by text, addresses, connections and reverse names
# over a device's query (mirage/resolver.h).
devices_sources += devices/dns/resolver.c
