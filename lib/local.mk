# SPDX-License-Identifier: ISC
# lib/local.mk: the libraries a unikernel calls directly, which hold no
# state from boot (crypto now; HTTP, TLS and wire codecs to come). Each is
# one folder whose local.mk adds its files to lib_sources; ./bootstrap finds
# them (lib/list.mk). Every target's runtime library is built with them, so
# they are installed with it; their public headers are in
# runtime/include/mirage/.
lib_sources =
include $(srcdir)/lib/list.mk
