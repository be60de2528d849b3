/* SPDX-License-Identifier: ISC */
/* dhcp_msg.h: the DHCPv4 message codec (RFC 2131 / 2132) of the client. */
#ifndef MIRAGE_TCPIP_DHCP_MSG_H
#define MIRAGE_TCPIP_DHCP_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The fixed part of a BOOTP/DHCP message, the magic cookie after it. */
#define DHCP_FIXED_LEN  236u
#define DHCP_COOKIE_OFF 236u
#define DHCP_OPTS_OFF   240u
#define DHCP_COOKIE     0x63825363u
#define DHCP_SNAME_OFF  44u
#define DHCP_SNAME_LEN  64u
#define DHCP_FILE_OFF   108u
#define DHCP_FILE_LEN   128u
/* The least a message we send is (RFC 1542's BOOTP minimum), and the most
   (what a server must accept: 576 bytes of IP datagram). */
#define DHCP_MIN_SEND 300u
#define DHCP_MAX_SEND 548u

#define DHCP_BOOTREQUEST    1u
#define DHCP_BOOTREPLY      2u
#define DHCP_HTYPE_ETH      1u
#define DHCP_FLAG_BROADCAST 0x8000u
#define DHCP_SERVER_PORT    67u
#define DHCP_CLIENT_PORT    68u

/* Message types (option 53). */
enum dhcp_type {
    DHCPDISCOVER = 1,
    DHCPOFFER = 2,
    DHCPREQUEST = 3,
    DHCPDECLINE = 4,
    DHCPACK = 5,
    DHCPNAK = 6,
    DHCPRELEASE = 7,
    DHCPINFORM = 8,
};

/* Option codes the client reads or writes. */
enum dhcp_option {
    DHCP_OPT_PAD = 0,
    DHCP_OPT_SUBNET_MASK = 1,
    DHCP_OPT_ROUTER = 3,
    DHCP_OPT_DNS = 6,
    DHCP_OPT_HOSTNAME = 12,
    DHCP_OPT_MTU = 26,
    DHCP_OPT_REQUESTED_IP = 50,
    DHCP_OPT_LEASE_TIME = 51,
    DHCP_OPT_OVERLOAD = 52,
    DHCP_OPT_MSG_TYPE = 53,
    DHCP_OPT_SERVER_ID = 54,
    DHCP_OPT_PARAM_LIST = 55,
    DHCP_OPT_T1 = 58,
    DHCP_OPT_T2 = 59,
    DHCP_OPT_CLIENT_ID = 61,
    DHCP_OPT_END = 255,
};

/* Bits of dhcp_msg.present: which options the message carried. */
#define DHCP_HAVE_MASK      (1u << 0)
#define DHCP_HAVE_ROUTER    (1u << 1)
#define DHCP_HAVE_DNS       (1u << 2)
#define DHCP_HAVE_MTU       (1u << 3)
#define DHCP_HAVE_LEASE     (1u << 4)
#define DHCP_HAVE_TYPE      (1u << 5)
#define DHCP_HAVE_SERVER_ID (1u << 6)
#define DHCP_HAVE_T1        (1u << 7)
#define DHCP_HAVE_T2        (1u << 8)
#define DHCP_HAVE_CLIENT_ID (1u << 9)
#define DHCP_HAVE_OVERLOAD  (1u << 10)

/* The most DNS servers, and bytes of a client id, a message keeps. */
#define DHCP_MAX_DNS       3u
#define DHCP_CLIENT_ID_MAX 16u

/* A parsed message: the fixed fields, and the options the client uses. */
struct dhcp_msg {
    uint8_t op, htype, hlen, hops;
    uint32_t xid;
    uint16_t secs, flags;
    uint32_t ciaddr, yiaddr, siaddr, giaddr;
    uint8_t chaddr[16];
    uint32_t present; /* DHCP_HAVE_* */
    uint8_t type;     /* option 53 */
    uint8_t overload; /* option 52: 1 file, 2 sname, 3 both */
    uint32_t mask;    /* option 1, contiguous */
    unsigned prefix;  /* its length */
    uint32_t router;  /* the first of option 3 */
    unsigned nrouters;
    uint32_t dns[DHCP_MAX_DNS];            /* the first of option 6 */
    unsigned ndns;                         /* how many of them dns holds */
    uint16_t mtu;                          /* option 26, at least 68 */
    uint32_t lease_s, t1_s, t2_s;          /* options 51, 58, 59 */
    uint32_t server_id;                    /* option 54 */
    uint8_t client_id[DHCP_CLIENT_ID_MAX]; /* option 61, its start */
    size_t client_id_len;                  /* its whole length */
};

/*
 * Parses the DHCP message (p, len) (a UDP payload) into (m): the fixed
 * fields, the magic cookie, then the options of the options field and,
 * when option 52 says so, of the file and sname fields, each area ending
 * with the end option. An option that appears more than once is the
 * concatenation of its pieces (RFC 3396). Every option the client uses
 * must have its exact length (a multiple of 4 for lists, a contiguous
 * mask, an MTU of at least 68, a message type and an overload value in
 * range). Reads nothing outside (p, len). Returns 0, or -EBADMSG (too
 * short, a bad cookie, an option running past its area, no end option,
 * a bad length or value).
 */
int dhcp_msg_parse(const uint8_t *p, size_t len, struct dhcp_msg *m);

/* What a message the client sends holds. */
struct dhcp_out {
    uint8_t type; /* DHCPDISCOVER, DHCPREQUEST, DHCPDECLINE, DHCPRELEASE */
    uint32_t xid;
    uint16_t secs;
    bool broadcast;       /* the BROADCAST flag */
    uint32_t ciaddr;      /* 0: none */
    uint32_t requested;   /* option 50; 0: none */
    uint32_t server_id;   /* option 54; 0: none */
    uint8_t mac[6];       /* chaddr and the client id (option 61) */
    const char *hostname; /* option 12; NULL or "": none */
    bool params;          /* option 55, the parameters the client uses */
};

/*
 * Writes the message (o) to (buf) of (cap) bytes: the fixed fields, the
 * cookie, options 53, 61, then 50, 54, 12 and 55 when asked, the end, and
 * zeros up to DHCP_MIN_SEND bytes. A host name longer than 255 bytes is cut
 * to 255. Returns the length, or -ENOSPC when (cap) is below DHCP_MAX_SEND.
 */
int dhcp_msg_build(uint8_t *buf, size_t cap, const struct dhcp_out *o);

/* The prefix length of the netmask (mask), or -1 if it is not contiguous. */
int dhcp_mask_prefix(uint32_t mask);

#endif
