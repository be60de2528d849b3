/* SPDX-License-Identifier: ISC */
/* eth.c: Ethernet II framing: our MAC and broadcast in, any MAC out. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "arp.h"
#include "eth.h"
#include "ipv4.h"
#include "tcpip.h"

const uint8_t eth_broadcast[ETH_ALEN] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

int eth_send(struct tcpip *st, const uint8_t *dst, uint16_t type,
             uint8_t *frame, size_t len)
{
    int rc;

    memcpy(frame, dst, ETH_ALEN);
    memcpy(frame + ETH_ALEN, st->cfg.mac, ETH_ALEN);
    tcpip_put16(frame + 12, type);
    rc = st->env.send_frame(st->env.ctx, frame, len);
    if (rc < 0)
        st->stats.eth.tx_errors++;
    else
        st->stats.eth.tx_frames++;
    return rc;
}

void eth_input(struct tcpip *st, const uint8_t *frame, size_t len)
{
    bool bcast;

    st->stats.eth.rx_frames++;
    if (len < TCPIP_ETH_HLEN) {
        st->stats.eth.rx_short++;
        return;
    }
    /* Ours or broadcast; other unicast and every multicast is not (we
       join no group). A frame from our own MAC is an echo of ours. */
    bcast = memcmp(frame, eth_broadcast, ETH_ALEN) == 0;
    if ((!bcast && memcmp(frame, st->cfg.mac, ETH_ALEN) != 0) ||
        memcmp(frame + ETH_ALEN, st->cfg.mac, ETH_ALEN) == 0) {
        st->stats.eth.rx_not_ours++;
        return;
    }
    switch (tcpip_get16(frame + 12)) {
    case TCPIP_ETH_IPV4:
        ipv4_input(st, frame + TCPIP_ETH_HLEN, len - TCPIP_ETH_HLEN, bcast);
        break;
    case TCPIP_ETH_ARP:
        arp_input(st, frame + TCPIP_ETH_HLEN, len - TCPIP_ETH_HLEN);
        break;
    default: /* 802.1Q tags, IPv6, 802.3 lengths, ... */
        st->stats.eth.rx_unknown_type++;
        break;
    }
}
