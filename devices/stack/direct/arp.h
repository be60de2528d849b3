/* SPDX-License-Identifier: ISC */
/* arp.h: the ARP layer (RFC 826): cache, requests, pending frames. */
#ifndef MIRAGE_TCPIP_ARP_H
#define MIRAGE_TCPIP_ARP_H

#include <stddef.h>
#include <stdint.h>

#include "tcpip.h"

/*
 * The cache holds at most lim.arp_entries addresses; a new one takes the
 * place of the least recently used. An answer makes an entry reachable
 * for ARP_REACHABLE_TIME; every ARP packet from its address (RFC 826's merge)
 * makes it so again. An entry that expired after being used is asked
 * for again while its MAC is still used (no pause in the traffic); one
 * that was not used is forgotten. An address asked for is asked again
 * every ARP_RETRY_TIME, ARP_RETRIES times after the first request; without an
 * answer it fails: its queued frames are dropped, and sending to it
 * gives -EHOSTUNREACH for ARP_FAILED_TIME.
 */
#define ARP_REACHABLE_TIME TCPIP_S(60)
#define ARP_RETRY_TIME     TCPIP_S(1)
#define ARP_RETRIES        3u
#define ARP_FAILED_TIME    TCPIP_S(20)
#define ARP_LEN            28u /* an Ethernet/IPv4 ARP packet */

/* The ARP packet in an Ethernet frame (pkt, len: the frame's payload). */
void arp_input(struct tcpip *st, const uint8_t *pkt, size_t len);

/*
 * Sends (frame) (len bytes, room for the Ethernet header first, an IPv4
 * packet after it) to the next hop (hop), on-link: at once when its MAC
 * is known, else a copy waits (at most lim.arp_pending per address, the
 * oldest dropped for a new one) while ARP asks. Returns 0; -EHOSTUNREACH
 * (ARP failed for (hop) lately); -ENOBUFS (no queue: lim.arp_pending is
 * 0); -ENOMEM.
 */
int arp_output(struct tcpip *st, uint32_t hop, uint8_t *frame, size_t len);

/* Sends a gratuitous ARP: a request for our own address. */
void arp_announce(struct tcpip *st);

/*
 * What the cache knows of (ip), without changing it: 0 (its MAC in
 * (mac), when not NULL), -EAGAIN (being asked for), -EHOSTUNREACH (failed
 * lately) or -ENOENT (unknown).
 */
int arp_peek(struct tcpip *st, uint32_t ip, uint8_t *mac);

#endif
