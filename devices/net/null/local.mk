# devices/net/null/local.mk: net's `null`, on every target.
devices_sources += devices/net/null/null.c devices/net/null/null.h
