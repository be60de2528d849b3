# devices/block/xen/local.mk: block's `xen`, a Xen virtual disk (xen),
# which is the tender implementation over blkfront's plat_block_*
# (runtime/xen/blkfront.c).
devices_xen_sources += devices/block/xen/xen.c \
	devices/block/tender/tender.c
