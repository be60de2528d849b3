/* SPDX-License-Identifier: ISC */
/* net.h: the `net` device type: a network interface of raw Ethernet frames. */
#ifndef MIRAGE_NET_H
#define MIRAGE_NET_H

#include <stddef.h>
#include <stdint.h>

/*
 * A `net` device sends and receives whole Ethernet frames: the 14-byte
 * header (destination address, source address, EtherType) and up to (mtu)
 * bytes of payload, without the frame check sequence. Nothing is added
 * or checked on the way: the unikernel writes its own source address
 * (the device's, from mirage_net_info, unless it knows better) and sees
 * every frame the host delivers to the interface, whatever its
 * destination. Delivery is not guaranteed, as on a real wire. An empty
 * datagram (a zero-length read of the host's descriptor) is no frame: it
 * is skipped, and not counted. A frame that comes longer than
 * MIRAGE_NET_FRAME_MAX(mtu), or shorter than the header, never reaches
 * the unikernel: the device drops it and counts it in rx_dropped.
 *
 * Errors, the same for every implementation, checked in this order:
 *   -ENODEV    the device was disconnected;
 *   -EINVAL    a NULL pointer, a frame shorter than the header, or a read
 *              buffer smaller than MIRAGE_NET_FRAME_MAX(mtu);
 *   -EMSGSIZE  a frame longer than MIRAGE_NET_FRAME_MAX(mtu);
 *   -ENOBUFS   the host had no room for the frame: it was dropped;
 *   -EIO       the host's interface failed (gone, or an error of its own).
 * A read waits only in the calling fiber and takes a timeout in
 * nanoseconds (MIRAGE_FOREVER from mirage/fiber.h: none; 0: only a frame
 * that is already there); it returns -ETIMEDOUT when the timeout passed
 * first, -ECANCELED when the fiber was cancelled, and -EPERM when it would
 * wait outside any fiber. Several fibers may read one device at once:
 * each frame goes to one of them.
 */

struct mirage_net;

/* Bytes of the Ethernet header: destination, source, EtherType. */
#define MIRAGE_NET_HEADER 14u
/* The largest frame of a device whose payload is at most (mtu) bytes. */
#define MIRAGE_NET_FRAME_MAX(mtu) ((size_t)(mtu) + MIRAGE_NET_HEADER)

/* What mirage_net_info reports. */
struct mirage_net_info {
    uint8_t mac[6]; /* the interface's own Ethernet address */
    uint32_t mtu;   /* bytes of payload in one frame (1500 on Ethernet) */
};

/* Counters since the device was connected. */
struct mirage_net_stats {
    uint64_t rx_frames, rx_bytes; /* frames read by the unikernel */
    uint64_t tx_frames, tx_bytes; /* frames the host accepted */
    uint64_t tx_dropped;          /* writes that failed (-ENOBUFS, -EIO) */
    uint64_t rx_dropped; /* frames that came but were never read: longer
                            than MIRAGE_NET_FRAME_MAX(mtu), or shorter
                            than the header (not empty) */
};

/* Operations of a `net` implementation; each as the function below. */
struct mirage_net_ops {
    int (*info)(struct mirage_net *dev, struct mirage_net_info *info);
    int (*write)(struct mirage_net *dev, const void *frame, size_t len);
    int (*read)(struct mirage_net *dev, void *buf, size_t cap, size_t *len,
                uint64_t timeout_ns);
    int (*stats)(struct mirage_net *dev, struct mirage_net_stats *stats);
    int (*disconnect)(struct mirage_net *dev);
};

/* A `net` device: operations plus the implementation's own state. */
struct mirage_net {
    const struct mirage_net_ops *ops;
    void *state;
    const char *name; /* instance name from configure.ac */
};

/*
 * Stores the device's MAC address and MTU in (*info). Returns 0, -EINVAL
 * for a NULL (info), or -ENODEV.
 */
static inline int mirage_net_info(struct mirage_net *dev,
                                  struct mirage_net_info *info)
{
    return dev->ops->info(dev, info);
}

/*
 * Sends the frame of (len) bytes at (frame), header included, as it is.
 * It does not wait for the wire; it may wait in the calling fiber for room
 * in the device's own transmit queue. Returns 0 once the host took the
 * frame, or -ENODEV, -EINVAL, -EMSGSIZE, -ENOBUFS or -EIO (the frame was
 * not sent).
 */
static inline int mirage_net_write(struct mirage_net *dev, const void *frame,
                                   size_t len)
{
    return dev->ops->write(dev, frame, len);
}

/*
 * Waits up to (timeout_ns) for the next frame and copies it into (buf),
 * which holds (cap) >= MIRAGE_NET_FRAME_MAX(mtu) bytes; stores its length
 * in (*len). Returns 0, or -ENODEV, -EINVAL, -ETIMEDOUT, -ECANCELED,
 * -EPERM or -EIO (then (*len) is 0).
 */
static inline int mirage_net_read(struct mirage_net *dev, void *buf, size_t cap,
                                  size_t *len, uint64_t timeout_ns)
{
    return dev->ops->read(dev, buf, cap, len, timeout_ns);
}

/* Stores the device's counters in (*stats). Returns 0, -EINVAL or -ENODEV. */
static inline int mirage_net_stats(struct mirage_net *dev,
                                   struct mirage_net_stats *stats)
{
    return dev->ops->stats(dev, stats);
}

/*
 * Lets go of the interface; fibers waiting in mirage_net_read return
 * -ENODEV, and every later call does too. Connecting the same name again
 * makes a new connection. Returns 0, or -ENODEV if it was disconnected
 * already.
 */
static inline int mirage_net_disconnect(struct mirage_net *dev)
{
    return dev->ops->disconnect(dev);
}

/*
 * The `default` implementation: the network interface the target gives
 * the unikernel under the device's name (spt and hvt: the tap device or
 * descriptor the tender attached with --net:NAME=). (name) must stay
 * valid while the device is connected (the generated glue passes a string
 * literal). Returns 0, -EINVAL, -ENOENT (nothing attached under (name),
 * with a message saying how to attach it), -ENOMEM or -EIO.
 */
int mirage_net_default_connect(struct mirage_net **dev, const char *name);

#endif
