# devices/block/ramdisk/local.mk: block's `ramdisk`, on every target.
devices_sources += devices/block/ramdisk/ramdisk.c \
	devices/block/ramdisk/ramdisk_size.h
