# devices/block/file/local.mk: block's `file`, a host file (unix).
devices_unix_sources += devices/block/file/file.c
