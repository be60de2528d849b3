# SPDX-License-Identifier: ISC
# devices/local.mk: the device types and their implementations
# (doc/devices.md).
# A type's folder devices/TYPE/ holds the code its implementations share;
# an implementation's folder devices/TYPE/IMPL/ holds its code. Each folder
# has a build fragment, local.mk, that adds its files to the lists below
# for the targets they run on; ./bootstrap finds them (devices/list.mk), so
# adding an implementation touches no file outside its folder.

# Device code built into the runtime library of every target ...
devices_sources =
# ... and of one target only.
devices_unix_sources =
devices_spt_sources =
devices_hvt_sources =
devices_virtio_sources =
devices_xen_sources =
include $(srcdir)/devices/list.mk
