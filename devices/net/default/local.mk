# devices/net/default/local.mk: net's `default`, the target's interface
# (spt, hvt, virtio, xen: runtime/xen/netfront.c).
devices_spt_sources += devices/net/default/net.c
devices_hvt_sources += devices/net/default/net.c
devices_virtio_sources += devices/net/default/net.c
devices_xen_sources += devices/net/default/net.c
