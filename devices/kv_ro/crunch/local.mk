# devices/kv_ro/crunch/local.mk: kv_ro's `crunch`, on every target.
devices_sources += devices/kv_ro/crunch/crunch.c
