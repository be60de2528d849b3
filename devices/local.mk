# SPDX-License-Identifier: ISC
# devices/local.mk: the device types and their implementations
# (doc/devices.md).
# A type's folder devices/TYPE/ holds its registry entry (registry.def) and
# the code its implementations share; an implementation's folder
# devices/TYPE/IMPL/ its code and registry entry. Each folder has a build
# fragment, local.mk, that adds its files to the lists below for the
# targets they run on; ./bootstrap finds the fragments and the entries
# (devices/list.mk), so adding an implementation touches no file outside
# its folder.

# Device code built into the runtime library of every target ...
devices_sources =
# ... and of one target only.
devices_unix_sources =
devices_spt_sources =
devices_hvt_sources =
devices_virtio_sources =
devices_xen_sources =
# Code of the helper `mirage`, such as the check of an implementation's
# PARAMETER (an entry's param_check).
devices_helper_sources =
# The registry entries, from which the helper's registry is made
# (src/local.mk).
devices_registry =
include $(srcdir)/devices/list.mk
EXTRA_DIST += $(devices_registry)
