# devices/block/virtio/local.mk: block's `virtio`, a virtio-blk disk
# (virtio), which is the tender implementation over virtio's plat_block_*.
devices_virtio_sources += devices/block/virtio/virtio.c \
	devices/block/tender/tender.c
