/* SPDX-License-Identifier: ISC */
/* virtio.c: the `virtio` implementation of `block`: a virtio-blk disk. */
#include <mirage/block.h>

/*
 * The disk is the VM's virtio-blk device whose serial is the device's name
 * (mirage/block.h); the virtio target's plat_block_* calls (runtime/virtio)
 * move the bytes. Over them the device is the `tender` implementation's,
 * which the tenders' plat_block_* serve elsewhere: this folder's local.mk
 * links devices/block/tender/tender.c into the virtio runtime too.
 */
int mirage_block_virtio_connect(struct mirage_block **dev, const char *name)
{
    return mirage_block_tender_connect(dev, name);
}
