/* SPDX-License-Identifier: ISC */
/* kv_gone.h: the operations of a disconnected kv_ro or kv_rw device. */
#ifndef MIRAGE_DEVICES_KV_GONE_H
#define MIRAGE_DEVICES_KV_GONE_H

#include <mirage/kv_ro.h>
#include <mirage/kv_rw.h>

/*
 * A disconnect points the device at these: every call returns -ENODEV
 * (disconnect too), whatever the implementation was. Connecting the name
 * again puts the implementation's own operations back.
 */
extern const struct mirage_kv_ro_ops kv_gone_ro_ops;
extern const struct mirage_kv_rw_ops kv_gone_rw_ops;

#endif
