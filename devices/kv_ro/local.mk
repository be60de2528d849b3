# devices/kv_ro/local.mk: what the key-value stores share (keys, the sorted
# flat store, the disconnected device), on every target.
devices_sources += \
	devices/kv_ro/kv_flat.c devices/kv_ro/kv_flat.h \
	devices/kv_ro/kv_gone.c devices/kv_ro/kv_gone.h \
	devices/kv_ro/kv_key.c devices/kv_ro/kv_key.h
