/* SPDX-License-Identifier: ISC */
/* virtio_devices.h: what the virtio drivers offer besides platform.h. */
#ifndef MIRAGE_VIRTIO_VIRTIO_DEVICES_H
#define MIRAGE_VIRTIO_VIRTIO_DEVICES_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The block and network drivers (virtio_blk.c, virtio_net.c) implement
 * the plat_block_* and plat_net_* functions of platform.h; these are the
 * rest of what they offer to the platform's other files.
 */

/*
 * Writes into (buf) ((len) bytes, NUL included; cut to fit) a list of the
 * virtio disks found, for a message: "pci 00:04.0 serial 'data', mmio
 * 0xfeb00000 serial '' (bound to 'disk0')", or "no virtio disk". Sets the
 * disks up first if plat_block_find has not yet. Never fails.
 */
void virtio_blk_describe(char *buf, size_t len);

/*
 * Whether NIC (source) (the source that plat_net_find reported) has a
 * received frame waiting: PLAT_IO_READ (1) if so, else 0 (also for a
 * source that is no NIC). The platform's poll loop fires watches with it.
 */
unsigned virtio_net_ready(int source);

/*
 * Before the CPU halts: publishes the receive buffers put back but not
 * yet published, and lets every NIC interrupt for a received frame.
 * Returns true if a frame came in meanwhile (the CPU must not halt then).
 */
bool virtio_net_arm(void);

/* After the halt: the NICs interrupt no more for received frames, which
 * the running CPU takes without being told. */
void virtio_net_quiet(void);

#endif
