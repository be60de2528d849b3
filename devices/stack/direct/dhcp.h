/* SPDX-License-Identifier: ISC */
/* dhcp.h: the DHCPv4 client (RFC 2131) of the direct stack, for its glue. */
#ifndef MIRAGE_TCPIP_DHCP_H
#define MIRAGE_TCPIP_DHCP_H

/*
 * One client per engine (st->dhcp). It runs INIT -> SELECTING (DISCOVER;
 * the first acceptable OFFER) -> REQUESTING (REQUEST) -> BOUND (ACK: the
 * address is set with tcpip_set_address) -> RENEWING at T1 (REQUEST to
 * the server) -> REBINDING at T2 (REQUEST to all) -> back to INIT when the
 * lease ends or a server says NAK (the address cleared first).
 *
 * DISCOVER and REQUEST (SELECTING, REQUESTING) are sent again after 4, 8,
 * 16, 32 then every 64 s, each +/- 1 s at random (RFC 2131 4.1); after a
 * REQUEST unanswered for 4 + 8 + 16 + 32 + 64 s the client starts over. In
 * RENEWING and REBINDING a REQUEST is sent again after half the time left
 * until T2 (the lease's end), at least 60 s (RFC 2131 4.4.5), and at T2
 * (the end) at the latest. After a NAK or a lost lease the client starts
 * over at once the first time, then after 4, 8, ... 64 s (+/- 1 s) while
 * it gets no lease, so that a server that always refuses is not flooded.
 *
 * Each exchange (DISCOVER to ACK, a renewal, a rebinding) has its own
 * random xid; a reply counts only with op BOOTREPLY, htype Ethernet, hlen
 * 6, the exchange's xid, our MAC in chaddr, the magic cookie, a message
 * type, a well-formed option list and, if the server echoes a client id
 * (RFC 6842), ours. A malformed message is counted in stats.dhcp.rx_bad
 * and changes nothing.
 *
 * Lease times: T1 and T2 from options 58 and 59 when 0 < T1 < T2 < lease,
 * else 1/2 and 7/8 of the lease; a lease below 10 s counts as 10 s; an
 * infinite lease (0xffffffff) is never renewed and never ends.
 *
 * Counters (stats.dhcp): discovers, requests, declines: messages sent
 * (retransmissions included); offers, acks, naks: accepted replies;
 * renewals, rebinds: times the client entered RENEWING, REBINDING;
 * expiries: leases that ran out; rx_bad: malformed or unusable replies.
 */

#include <stdbool.h>
#include <stdint.h>

#include <mirage/fiber.h>

#include "tcpip.h"

/* What the client holds. */
struct dhcp_lease {
    bool bound;        /* false: no lease (the rest is 0) */
    uint32_t addr;     /* our address */
    unsigned prefix;   /* its prefix length (option 1) */
    uint32_t router;   /* the first router (option 3); 0: none */
    uint32_t server;   /* the server that gave or last renewed it */
    uint32_t dns[3];   /* DNS servers (option 6), the first three */
    unsigned ndns;     /* how many */
    uint32_t mtu;      /* the interface MTU it offers (option 26); 0: none */
    uint32_t lease_s;  /* seconds; 0xffffffff: infinite */
    uint32_t t1_s;     /* renewal, rebinding after (seconds from acquired); */
    uint32_t t2_s;     /* 0xffffffff with an infinite lease */
    tcpip_ns acquired; /* when the REQUEST that got it was first sent */
};

/* The client's states (RFC 2131 figure 5, without INIT-REBOOT). */
enum dhcp_state {
    DHCP_INIT,       /* waiting to start over */
    DHCP_SELECTING,  /* DISCOVER sent, waiting for an OFFER */
    DHCP_REQUESTING, /* REQUEST sent for an OFFER, waiting for ACK or NAK */
    DHCP_BOUND,
    DHCP_RENEWING,  /* REQUEST sent to the server after T1 */
    DHCP_REBINDING, /* REQUEST broadcast after T2 */
};

/* The client's state (st->dhcp). */
struct dhcp_client {
    enum dhcp_state state;
    uint32_t xid;          /* the current exchange's */
    tcpip_ns started;      /* when the exchange began (secs) */
    tcpip_ns request_sent; /* its first REQUEST: the lease counts from it */
    tcpip_ns deadline;     /* the next retransmission or change of state */
    unsigned tries;        /* messages sent in the exchange */
    unsigned restarts;     /* starts over since the last lease */
    uint32_t offered;      /* REQUESTING: the address offered */
    uint32_t offer_server; /* and by whom */
    unsigned offer_prefix; /* its mask, if it had one */
    bool offer_has_mask;
    tcpip_ns t1_at, t2_at, end_at; /* of the lease held (TCPIP_NEVER) */
    struct dhcp_lease lease;
    struct mirage_cond cond; /* woken when the lease changes */
};

/* Starts the client (st->dhcp) and sends the first DISCOVER. Returns 0,
   -EALREADY (it runs already) or -ENOMEM. */
int dhcp_start(struct tcpip *st);

/* Stops the client: sends a RELEASE and clears the address when it holds
   a lease, wakes dhcp_cond's waiters, frees it (st->dhcp = NULL). Its
   waiters must not wait on dhcp_cond again (dhcp_lease says -ENOENT). */
void dhcp_stop(struct tcpip *st);

/* The lease held now in (out) (out->bound false: none). Returns 0, or
   -ENOENT when the client does not run. */
int dhcp_lease(struct tcpip *st, struct dhcp_lease *out);

/* The condition woken (env.wake) whenever the lease changes (bound,
   renewed, lost); NULL when the client does not run. */
struct mirage_cond *dhcp_cond(struct tcpip *st);

/* The name of state (s), for logs and tests. */
const char *dhcp_state_name(enum dhcp_state s);

#endif
