/* SPDX-License-Identifier: ISC */
/* devices.h: opening the host resources attached to an image's devices. */
#ifndef MIRAGE_TENDER_DEVICES_H
#define MIRAGE_TENDER_DEVICES_H

#include "cli.h"
#include "elf_load.h"
#include "mirage/tender_abi.h"

/*
 * For each manifest entry i of (img) (none without a manifest), fills
 * boot->devices[i] from it and from the option o->devices[map[i]] (as
 * tender_match_manifest made (map)) and opens the host resource: a block
 * file or device (read-write, else read-only with read_only set; its
 * capacity and sector size; the capacity must be a multiple of it), or a
 * tap interface by name or an inherited descriptor, made non-blocking
 * (the MTU: --net-mtu's, else a tap's own (SIOCGIFMTU), else
 * TENDER_NET_MTU; the MAC given, else a random locally administered
 * one). Sets boot->ndevices and stores each host descriptor in
 * devices[i].fd.
 * Returns 0, or -1 with a one-line message naming the device in (err).
 */
int tender_open_devices(const struct tender_image *img,
                        const struct tender_options *o,
                        const unsigned map[MIRAGE_TENDER_MANIFEST_MAX],
                        struct mirage_tender_boot_info *boot, char *err);

#endif
