# devices/block/tender/local.mk: block's `tender`, a disk the tender
# attaches (spt, hvt). The virtio implementation links it too.
devices_spt_sources += devices/block/tender/tender.c
devices_hvt_sources += devices/block/tender/tender.c
