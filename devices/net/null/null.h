/* SPDX-License-Identifier: ISC */
/* null.h: the `null` implementation of `net`, for its code and its test. */
#ifndef MIRAGE_DEVICES_NET_NULL_H
#define MIRAGE_DEVICES_NET_NULL_H

#include <mirage/net.h>

/* The MTU a null device reports; its Ethernet address is 02:6e:75:6c:6c:00
 * ("null" in a locally administered unicast address). */
#define NET_NULL_MTU 1500u

/*
 * Connects the `null` implementation as device (name): an interface on
 * no wire. A write takes the frame and drops it (counted as sent); a read
 * finds no frame and waits until its timeout (-ETIMEDOUT), a cancellation
 * or a disconnect; errors otherwise as every net device (mirage/net.h).
 * Connecting a connected name gives the same device. (name) must stay
 * valid while it is connected. Returns 0, -EINVAL or -ENOMEM. No public
 * header declares it: the generated glue does (its registry entry).
 */
int mirage_net_null_connect(struct mirage_net **dev, const char *name);

#endif
