/* SPDX-License-Identifier: ISC */
/* eth.h: Ethernet II framing of the direct stack's engine. */
#ifndef MIRAGE_TCPIP_ETH_H
#define MIRAGE_TCPIP_ETH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tcpip.h"

#define ETH_ALEN 6u

/* ff:ff:ff:ff:ff:ff. */
extern const uint8_t eth_broadcast[ETH_ALEN];

/* Is (mac) a group address (multicast or broadcast: the I/G bit)? */
static inline bool eth_is_group(const uint8_t *mac)
{
    return (mac[0] & 1u) != 0;
}

/*
 * Writes the 14-byte Ethernet header (to dst, from our MAC, of (type))
 * at the start of (frame), (len) bytes in all, and sends it. Counts
 * eth.tx_frames, or eth.tx_errors when the owner's send_frame fails
 * (the frame is then lost, as on a wire). Returns send_frame's result.
 */
int eth_send(struct tcpip *st, const uint8_t *dst, uint16_t type,
             uint8_t *frame, size_t len);

/* One received frame: checks and dispatches it (tcpip_input's work). */
void eth_input(struct tcpip *st, const uint8_t *frame, size_t len);

#endif
