/* SPDX-License-Identifier: ISC */
/* virtio_devices.h: what the virtio drivers offer besides platform.h. */
#ifndef MIRAGE_VIRTIO_VIRTIO_DEVICES_H
#define MIRAGE_VIRTIO_VIRTIO_DEVICES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The block and network drivers (virtio_blk.c, virtio_net.c) implement
 * the plat_block_* and plat_net_* functions of platform.h; these are the
 * rest of what they offer to the platform's other files.
 */

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

/*
 * Before the unikernel ends: waits until every NIC's device has taken the
 * frames written to it, for at most (timeout_ns). Without it, the last
 * frames (a TCP connection's final ACK, say) can be lost: QEMU ends at
 * the exit port's write, before its network back end has sent them.
 */
void virtio_net_flush(uint64_t timeout_ns);

#endif
