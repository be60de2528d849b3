# devices/block/ramdisk/local.mk: block's `ramdisk`, on every target; the
# helper checks ramdisk(BYTES) with the device's own parser.
devices_sources += devices/block/ramdisk/ramdisk.c \
	devices/block/ramdisk/ramdisk_size.h
devices_helper_sources += devices/block/ramdisk/param_check.c \
	devices/block/ramdisk/ramdisk_size.h
