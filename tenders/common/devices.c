/* SPDX-License-Identifier: ISC */
/* devices.c: opening the host resources attached to an image's devices. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "devices.h"

static int errf(char *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int errf(char *err, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(err, TENDER_ERR_MAX, fmt, ap);
    va_end(ap);
    return -1;
}

static int open_block(struct mirage_tender_device *dev,
                      const struct tender_device_opt *o, char *err)
{
    struct stat st;
    int fd = open(o->path, O_RDWR | O_CLOEXEC);

    if (fd < 0 && (errno == EACCES || errno == EROFS || errno == EPERM)) {
        fd = open(o->path, O_RDONLY | O_CLOEXEC);
        dev->read_only = 1;
    }
    if (fd < 0 || fstat(fd, &st) != 0)
        return errf(err, "block device '%s': %s: %s", o->name, o->path,
                    strerror(errno));
    if (S_ISREG(st.st_mode)) {
        dev->capacity = (uint64_t)st.st_size;
    } else if (S_ISBLK(st.st_mode)) {
        uint64_t size;
        if (ioctl(fd, BLKGETSIZE64, &size) != 0)
            return errf(err, "block device '%s': %s: %s", o->name, o->path,
                        strerror(errno));
        dev->capacity = size;
    } else {
        return errf(err,
                    "block device '%s': %s is not a file or a block device",
                    o->name, o->path);
    }
    dev->sector_size = o->sector_size ? o->sector_size : 512;
    if (dev->capacity % dev->sector_size != 0)
        return errf(err,
                    "block device '%s': the size of %s (%llu bytes) is not a "
                    "multiple of the sector size (%u)",
                    o->name, o->path, (unsigned long long)dev->capacity,
                    dev->sector_size);
    dev->fd = fd;
    return 0;
}

/*
 * An inherited net descriptor that is a socket must be a datagram one:
 * one frame per datagram, an empty read an empty datagram. A stream keeps
 * no frame boundaries, and the end of a stream or seqpacket socket reads
 * as empty, which the guest would take for an empty frame.
 */
static int check_net_socket(int fd, const struct tender_device_opt *o,
                            char *err)
{
    struct stat st;
    int type = 0;
    socklen_t len = sizeof type;

    if (fstat(fd, &st) != 0)
        return errf(err, "net device '%s': descriptor %d: %s", o->name, fd,
                    strerror(errno));
    if (!S_ISSOCK(st.st_mode))
        return 0;
    if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) != 0)
        return errf(err, "net device '%s': descriptor %d: %s", o->name, fd,
                    strerror(errno));
    if (type == SOCK_DGRAM)
        return 0;
    return errf(err,
                "net device '%s': descriptor %d is a %s socket: give a "
                "datagram socket (SOCK_DGRAM, a frame per datagram) or a tap",
                o->name, fd,
                type == SOCK_STREAM      ? "stream"
                : type == SOCK_SEQPACKET ? "seqpacket"
                                         : "non-datagram");
}

/*
 * The MTU of the tap whose descriptor is (fd), by its name (TUNGETIFF,
 * SIOCGIFMTU). Returns it, 0 when (fd) is no tap (a socket, say), or -1
 * with a message in (err).
 */
static int tap_mtu(int fd, const struct tender_device_opt *o, char *err)
{
    struct ifreq ifr;
    int s, rc;

    memset(&ifr, 0, sizeof ifr);
    if (ioctl(fd, TUNGETIFF, &ifr) != 0)
        return 0;
    /* any socket asks the interface: AF_UNIX needs no network protocol */
    s = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0)
        return errf(err, "net device '%s': socket: %s", o->name,
                    strerror(errno));
    rc = ioctl(s, SIOCGIFMTU, &ifr);
    close(s);
    if (rc != 0)
        return errf(err, "net device '%s': tap interface %s: its MTU: %s",
                    o->name, ifr.ifr_name, strerror(errno));
    if (ifr.ifr_mtu < TENDER_NET_MTU_MIN || ifr.ifr_mtu > TENDER_NET_MTU_MAX)
        return errf(err,
                    "net device '%s': tap interface %s has an MTU of %d: give "
                    "--net-mtu:%s=N (%d to %d)",
                    o->name, ifr.ifr_name, ifr.ifr_mtu, o->name,
                    TENDER_NET_MTU_MIN, TENDER_NET_MTU_MAX);
    return ifr.ifr_mtu;
}

static int open_net(struct mirage_tender_device *dev,
                    const struct tender_device_opt *o, char *err)
{
    int fd = o->fd, flags;

    if (fd < 0) {
        struct ifreq ifr;

        fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
        if (fd < 0)
            return errf(err, "net device '%s': /dev/net/tun: %s", o->name,
                        strerror(errno));
        memset(&ifr, 0, sizeof ifr);
        ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
        snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", o->path);
        if (ioctl(fd, TUNSETIFF, &ifr) != 0)
            return errf(err, "net device '%s': tap interface %s: %s", o->name,
                        o->path, strerror(errno));
    } else if (check_net_socket(fd, o, err) != 0) {
        return -1;
    }
    flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0)
        return errf(err, "net device '%s': descriptor %d: %s", o->name, fd,
                    strerror(errno));
    if (o->has_mac) {
        memcpy(dev->mac, o->mac, 6);
    } else {
        if (getrandom(dev->mac, 6, 0) != 6)
            return errf(err, "net device '%s': getrandom: %s", o->name,
                        strerror(errno));
        dev->mac[0] = (uint8_t)((dev->mac[0] & 0xfe) | 0x02);
    }
    if (o->mtu) {
        dev->mtu = o->mtu;
    } else {
        int mtu = tap_mtu(fd, o, err);

        if (mtu < 0)
            return -1;
        dev->mtu = mtu ? (uint32_t)mtu : TENDER_NET_MTU;
    }
    dev->fd = fd;
    return 0;
}

int tender_open_devices(const struct tender_image *img,
                        const struct tender_options *o,
                        const unsigned map[MIRAGE_TENDER_MANIFEST_MAX],
                        struct mirage_tender_boot_info *boot, char *err)
{
    boot->ndevices = img->has_manifest ? img->manifest.count : 0;
    for (uint32_t i = 0; i < boot->ndevices; i++) {
        struct mirage_tender_device *dev = &boot->devices[i];
        const struct tender_device_opt *opt = &o->devices[map[i]];
        int rc;

        memset(dev, 0, sizeof *dev);
        memcpy(dev->name, img->manifest.entries[i].name, sizeof dev->name);
        dev->type = img->manifest.entries[i].type;
        if (dev->type == MIRAGE_TENDER_DEV_BLOCK)
            rc = open_block(dev, opt, err);
        else
            rc = open_net(dev, opt, err);
        if (rc != 0)
            return rc;
    }
    return 0;
}
