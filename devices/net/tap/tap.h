/* SPDX-License-Identifier: ISC */
/* tap.h: the `tap` implementation of `net` (unix), for its code and tests. */
#ifndef MIRAGE_DEVICES_NET_TAP_H
#define MIRAGE_DEVICES_NET_TAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mirage/log.h>
#include <mirage/net.h>

/* The MTU of a descriptor that is no tap (a socket), unless one is given. */
#define NET_TAP_MTU 1500u
/* The MTUs a device may have (--net-mtu-NAME, or the interface's). */
#define NET_TAP_MTU_MIN 68u
#define NET_TAP_MTU_MAX 65535u

/*
 * Connects the `tap` implementation as device (name), on the host
 * interface that (attach) names (the boot argument --net-NAME, `_` in
 * NAME written `-`):
 *   - "TAP": the Linux tap interface TAP of this network namespace,
 *     attached with TUNSETIFF (IFF_TAP | IFF_NO_PI) on /dev/net/tun. It
 *     must exist with this user as its owner (ip tuntap add dev TAP mode
 *     tap user USER), or the process may create it (CAP_NET_ADMIN: then it
 *     goes at disconnect or when the process ends). Closed at disconnect.
 *   - "@FD": the open descriptor FD (3 or more) of a tap interface
 *     (IFF_TAP | IFF_NO_PI) or of a datagram socket, a frame per datagram
 *     (an AF_UNIX socket pair, say). It is made non-blocking, and kept
 *     open at disconnect (it is the caller's).
 * (mac), when not NULL, is the device's Ethernet address ("02:00:00:aa:
 * bb:01", unicast, not zero); else the device draws a random locally
 * administered one, as Solo5's tenders do: the guest never uses the host
 * side's address. (mtu), when not NULL, is its MTU (NET_TAP_MTU_MIN to
 * NET_TAP_MTU_MAX); else the tap interface's, or NET_TAP_MTU for a socket.
 * Frames, errors and counters are as every net device's (mirage/net.h).
 * Connecting a connected name with the same (attach) gives the same
 * device. (name) must stay valid while it is connected. Returns 0 after
 * logging the address and MTU (debug), or, after logging why:
 *   -EINVAL  a NULL argument, or a bad (attach), (mac) or (mtu);
 *   -ENOENT  no (attach): the message says how to give one, or no
 *            /dev/net/tun;
 *   -EPERM   the tap interface exists but this user may not attach it,
 *            or it does not exist and the process may not create it (the
 *            message says which);
 *   -EBUSY   the interface is attached by another descriptor, or (name)
 *            is connected to another (attach);
 *   -EBADF   FD is not an open descriptor;
 *   -ENOTSUP FD is neither a tap (IFF_TAP, IFF_NO_PI) nor a datagram
 *            socket, or TAP is an interface of another kind (a tun, a veth);
 *   -ENOMEM, or -EIO for another refusal of the host.
 * No public header declares it: the generated glue does (registry.def).
 */
int mirage_net_tap_connect(struct mirage_net **dev, const char *name,
                           const char *attach, const char *mac, const int *mtu);

/* --- The host side (tap_host.c) ---------------------------------------- */

/* What tap_host_open attached. */
struct tap_host {
    int fd;          /* non-blocking, close-on-exec when opened here */
    bool owned;      /* opened here (a tap by name): closed at disconnect */
    bool socket;     /* a datagram socket, not a tap */
    uint32_t mtu;    /* the tap interface's MTU; 0 when unknown (a socket) */
    char ifname[16]; /* the tap interface's name; "" for a socket */
};

/*
 * Attaches the interface (attach) of device (name) (as
 * mirage_net_tap_connect says) and stores it in (*host). Returns 0, or
 * the errors of mirage_net_tap_connect after logging why.
 */
int tap_host_open(const char *name, const char *attach, struct tap_host *host);

/* Lets go of what tap_host_open attached (closes it if it is owned). */
void tap_host_close(struct tap_host *host);

/*
 * Parses (text), six pairs of hex digits separated by ':', into (mac).
 * Returns 0, or -EINVAL for anything else, a multicast address or
 * 00:00:00:00:00:00.
 */
int tap_parse_mac(const char *text, uint8_t mac[6]);

/*
 * Writes the boot argument (prefix)-NAME of device (name) into (buf) of
 * (cap) bytes, `_` in (name) written `-` ("--net-my-net" for "net" and
 * "my_net"), cut to fit; returns (buf).
 */
const char *tap_arg_name(const char *prefix, const char *name, char *buf,
                         size_t cap);

/* The log source of the device (net-tap). */
extern struct mirage_log_src net_tap_log;

#endif
