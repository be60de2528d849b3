/* SPDX-License-Identifier: ISC */
/* xen.c: the `xen` implementation of `block`: a Xen virtual disk. */
#include <mirage/block.h>

/*
 * The disk is a vbd of the domain (NAME.xl's disk list), which blkfront
 * (runtime/xen/blkfront.c) reaches through xenstore and a shared ring
 * behind the platform's plat_block_* calls. Over them the device is the
 * `tender` implementation's: this folder's local.mk links
 * devices/block/tender/tender.c into the xen runtime too.
 */
int mirage_block_xen_connect(struct mirage_block **dev, const char *name)
{
    return mirage_block_tender_connect(dev, name);
}
