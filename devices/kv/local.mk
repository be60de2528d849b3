# devices/kv/local.mk: what the two key-value types, kv_ro and kv_rw,
# share (keys, the sorted flat store, the disconnected device), on every
# target. devices/kv/ is no device type (it has no registry entry): its
# headers are for the implementations of both.
devices_sources += \
	devices/kv/kv_flat.c devices/kv/kv_flat.h \
	devices/kv/kv_gone.c devices/kv/kv_gone.h \
	devices/kv/kv_key.c devices/kv/kv_key.h
