/* SPDX-License-Identifier: ISC */
/* icmp.h: ICMPv4 (RFC 792/1122): types, codes and the errors we send. */
#ifndef MIRAGE_TCPIP_ICMP_H
#define MIRAGE_TCPIP_ICMP_H

#include <stddef.h>
#include <stdint.h>

#include "tcpip.h"

#define ICMP_ECHO_REPLY   0u
#define ICMP_UNREACH      3u
#define ICMP_ECHO_REQUEST 8u
#define ICMP_TIME_EXCEED  11u
#define ICMP_PARAM_PROB   12u

/* Codes of ICMP_UNREACH and ICMP_TIME_EXCEED. */
#define ICMP_UNREACH_PROTOCOL 2u
#define ICMP_UNREACH_PORT     3u
#define ICMP_UNREACH_NEEDFRAG 4u
#define ICMP_TIMX_REASS       1u

/* An error quotes at most this much of the packet it is about, so that
   it fits in 576 bytes (RFC 1812 4.3.2.3). */
#define ICMP_QUOTE_MAX (576u - 20u - 8u)

/* Sends a time-exceeded (code) about (ip, len), as icmp_send_unreachable
   does: rate-limited, and never about what an error must not answer. */
void icmp_send_time_exceeded(struct tcpip *st, uint8_t code, const uint8_t *ip,
                             size_t len);

#endif
