/* SPDX-License-Identifier: ISC */
/* tap_host.c: the `tap` net device's host side: attaching a tap or a fd. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"

const char *tap_arg_name(const char *prefix, const char *name, char *buf,
                         size_t cap)
{
    size_t at;

    snprintf(buf, cap, "--%s-%s", prefix, name);
    for (at = strlen(prefix) + 3; at < cap && buf[at]; at++)
        if (buf[at] == '_')
            buf[at] = '-';
    return buf;
}

/* The value of hex digit (c), or -1. */
static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int tap_parse_mac(const char *text, uint8_t mac[6])
{
    uint8_t m[6];
    int any = 0;

    if (!text || !mac)
        return -EINVAL;
    for (int i = 0; i < 6; i++) {
        int hi = hex_digit(text[0]), lo = hi < 0 ? -1 : hex_digit(text[1]);

        if (lo < 0 || text[2] != (i == 5 ? '\0' : ':'))
            return -EINVAL;
        m[i] = (uint8_t)(hi * 16 + lo);
        any |= m[i];
        text += 3;
    }
    if ((m[0] & 1) || !any)
        return -EINVAL; /* multicast, or no address at all */
    memcpy(mac, m, sizeof(m));
    return 0;
}

/* Parses "@FD", FD a decimal number from 3 to INT_MAX; -1 if it is not. */
static int parse_fd(const char *text)
{
    long v = 0;

    if (text[0] != '@' || !text[1])
        return -1;
    for (text++; *text; text++) {
        if (*text < '0' || *text > '9')
            return -1;
        v = v * 10 + (*text - '0');
        if (v > INT_MAX)
            return -1;
    }
    return v < 3 ? -1 : (int)v;
}

/* Could (s) name a Linux interface: 1 to 15 bytes, no '/', ':' or blank? */
static bool valid_ifname(const char *s)
{
    size_t n = strlen(s);

    if (n == 0 || n >= IFNAMSIZ || strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
        return false;
    for (; *s; s++)
        if (*s == '/' || *s == ':' || *s <= ' ' || *s == 0x7f)
            return false;
    return true;
}

/*
 * Asks the interface (ifname) of this network namespace for its MTU and
 * whether it is up; returns the MTU, or 0 when it cannot say (then
 * (*up) is true).
 */
static uint32_t iface_state(const char *ifname, bool *up)
{
    struct ifreq ifr;
    uint32_t mtu = 0;
    int s;

    *up = true;
    /* any socket asks the interface: AF_UNIX needs no network protocol */
    s = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0)
        return 0;
    memset(&ifr, 0, sizeof(ifr));
    snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
    if (ioctl(s, SIOCGIFMTU, &ifr) == 0 && ifr.ifr_mtu > 0)
        mtu = (uint32_t)ifr.ifr_mtu;
    if (mtu && ioctl(s, SIOCGIFFLAGS, &ifr) == 0)
        *up = (ifr.ifr_flags & IFF_UP) != 0;
    close(s);
    return mtu;
}

/* Attaches the tap interface (ifname) by name. */
static int open_named(const char *name, const char *ifname,
                      struct tap_host *host)
{
    bool existed = if_nametoindex(ifname) != 0;
    struct ifreq ifr;
    int fd, err;

    fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        err = errno;
        if (err == ENOENT || err == ENODEV || err == ENXIO) {
            mirage_log_err(&net_tap_log,
                           "%s: cannot attach tap interface %s: there is no "
                           "/dev/net/tun (%s; load the tun module, or give "
                           "the container the device)",
                           name, ifname, strerror(err));
            return -ENOENT;
        }
        mirage_log_err(&net_tap_log,
                       "%s: cannot attach tap interface %s: /dev/net/tun: %s",
                       name, ifname, strerror(err));
        return err == EACCES || err == EPERM ? -EPERM : -EIO;
    }
    memset(&ifr, 0, sizeof(ifr));
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
    snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
    if (ioctl(fd, TUNSETIFF, &ifr) != 0) {
        err = errno;
        close(fd);
        if ((err == EPERM || err == EACCES) && existed) {
            mirage_log_err(&net_tap_log,
                           "%s: tap interface %s exists, but this user may not "
                           "attach it: it belongs to another user or group "
                           "(ip tuntap add dev %s mode tap user USER makes one "
                           "for USER), or the process needs CAP_NET_ADMIN",
                           name, ifname, ifname);
            return -EPERM;
        }
        if (err == EPERM || err == EACCES) {
            mirage_log_err(&net_tap_log,
                           "%s: there is no interface %s in this network "
                           "namespace, and this process may not create one "
                           "(that needs CAP_NET_ADMIN): create it first with "
                           "ip tuntap add dev %s mode tap user USER",
                           name, ifname, ifname);
            return -EPERM;
        }
        if (err == EBUSY) {
            mirage_log_err(&net_tap_log,
                           "%s: tap interface %s is attached already, by "
                           "another process or device",
                           name, ifname);
            return -EBUSY;
        }
        if (err == EINVAL) {
            mirage_log_err(&net_tap_log,
                           "%s: interface %s is not a tap interface (a tun, a "
                           "veth or another kind)",
                           name, ifname);
            return -ENOTSUP;
        }
        mirage_log_err(&net_tap_log, "%s: attaching tap interface %s: %s", name,
                       ifname, strerror(err));
        return -EIO;
    }
    if (!existed)
        mirage_log_info(&net_tap_log,
                        "%s: created tap interface %s; it goes at "
                        "disconnect or when the unikernel ends",
                        name, ifr.ifr_name);
    host->fd = fd;
    host->owned = true;
    host->socket = false;
    snprintf(host->ifname, sizeof(host->ifname), "%s", ifr.ifr_name);
    return 0;
}

/* Checks that (fd) is a tap or a datagram socket, and takes it. */
static int open_fd(const char *name, int fd, struct tap_host *host)
{
    struct stat st;
    struct ifreq ifr;
    int type = 0, flags;
    socklen_t len = sizeof(type);

    if (fstat(fd, &st) != 0) {
        int err = errno;

        mirage_log_err(&net_tap_log, "%s: descriptor %d: %s", name, fd,
                       err == EBADF ? "not open" : strerror(err));
        return err == EBADF ? -EBADF : -EIO;
    }
    if (S_ISSOCK(st.st_mode)) {
        if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) != 0 ||
            type != SOCK_DGRAM) {
            mirage_log_err(&net_tap_log,
                           "%s: descriptor %d is a %s socket: give a datagram "
                           "socket (SOCK_DGRAM, a frame per datagram) or a tap",
                           name, fd,
                           type == SOCK_STREAM      ? "stream"
                           : type == SOCK_SEQPACKET ? "seqpacket"
                                                    : "non-datagram");
            return -ENOTSUP;
        }
        host->socket = true;
    } else {
        memset(&ifr, 0, sizeof(ifr));
        if (!S_ISCHR(st.st_mode) || ioctl(fd, TUNGETIFF, &ifr) != 0) {
            mirage_log_err(&net_tap_log,
                           "%s: descriptor %d is neither a tap interface nor a "
                           "datagram socket",
                           name, fd);
            return -ENOTSUP;
        }
        if ((ifr.ifr_flags & (IFF_TUN | IFF_TAP)) != IFF_TAP ||
            !(ifr.ifr_flags & IFF_NO_PI) || (ifr.ifr_flags & IFF_VNET_HDR)) {
            mirage_log_err(&net_tap_log,
                           "%s: descriptor %d is %s %s, not a tap giving plain "
                           "Ethernet frames (IFF_TAP | IFF_NO_PI)",
                           name, fd,
                           (ifr.ifr_flags & IFF_TAP) ? "the tap" : "the tun",
                           ifr.ifr_name);
            return -ENOTSUP;
        }
        snprintf(host->ifname, sizeof(host->ifname), "%s", ifr.ifr_name);
    }
    flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0) {
        mirage_log_err(&net_tap_log, "%s: descriptor %d: %s", name, fd,
                       strerror(errno));
        return -EIO;
    }
    host->fd = fd;
    host->owned = false;
    return 0;
}

int tap_host_open(const char *name, const char *attach, struct tap_host *host)
{
    char arg[64];
    bool up = true;
    int fd, rc;

    memset(host, 0, sizeof(*host));
    host->fd = -1;
    tap_arg_name("net", name, arg, sizeof(arg));
    if (attach[0] == '@') {
        fd = parse_fd(attach);
        if (fd < 0) {
            mirage_log_err(&net_tap_log,
                           "%s: bad descriptor in %s=%s: give @FD, FD a "
                           "number, 3 or more",
                           name, arg, attach);
            return -EINVAL;
        }
        rc = open_fd(name, fd, host);
    } else if (!valid_ifname(attach)) {
        mirage_log_err(&net_tap_log,
                       "%s: bad tap interface name in %s=%s: 1 to %d bytes, "
                       "without '/', ':' or blanks",
                       name, arg, attach, IFNAMSIZ - 1);
        return -EINVAL;
    } else {
        rc = open_named(name, attach, host);
    }
    if (rc < 0)
        return rc;
    if (!host->socket) {
        host->mtu = iface_state(host->ifname, &up);
        if (!up)
            mirage_log_warn(&net_tap_log,
                            "%s: tap interface %s is down: writes fail until "
                            "it is up (ip link set %s up)",
                            name, host->ifname, host->ifname);
    }
    return 0;
}

void tap_host_close(struct tap_host *host)
{
    if (host->owned && host->fd >= 0)
        close(host->fd);
    host->fd = -1;
    host->owned = false;
}
