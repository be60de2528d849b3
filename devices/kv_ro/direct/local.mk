# devices/kv_ro/direct/local.mk: kv_ro's `direct`, a host folder (unix).
devices_unix_sources += devices/kv_ro/direct/direct.c
