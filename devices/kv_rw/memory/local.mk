# devices/kv_rw/memory/local.mk: kv_rw's `memory`, on every target.
devices_sources += devices/kv_rw/memory/memory.c
