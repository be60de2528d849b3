/* SPDX-License-Identifier: ISC */
/* virtio.h: the virtio core: devices on PCI or MMIO, and their queues. */
#ifndef MIRAGE_VIRTIO_VIRTIO_H
#define MIRAGE_VIRTIO_VIRTIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The virtio target (runtime/virtio) drives virtio 1.x devices (the
 * "modern" interface only) over two transports: PCI (virtio_pci.c, found
 * by pci.c's scan of the configuration space) and MMIO (virtio_mmio.c,
 * version 2 registers, found from the `virtio_mmio.device=` words that
 * QEMU's microvm appends to the command line). Transports register each
 * device they find (virtio_register); drivers (virtio_blk.c,
 * virtio_net.c) claim them. Everything is identity-mapped, so a guest
 * address is also the physical address a device uses.
 *
 * Interrupts only end the CPU's hlt (virtio_wait_interrupt): nobody does
 * work in an interrupt handler. A handler acknowledges the device
 * (ack_interrupt) and the interrupt controller, and returns; the waiting
 * code then looks at the used rings.
 */

/* Device IDs (virtio 1.x, 5). */
#define VIRTIO_ID_NET   1
#define VIRTIO_ID_BLOCK 2

/* Device status bits (virtio 1.x, 2.1). */
#define VIRTIO_STATUS_ACKNOWLEDGE 1u
#define VIRTIO_STATUS_DRIVER      2u
#define VIRTIO_STATUS_DRIVER_OK   4u
#define VIRTIO_STATUS_FEATURES_OK 8u
#define VIRTIO_STATUS_NEEDS_RESET 64u
#define VIRTIO_STATUS_FAILED      128u

/* Feature bits every driver may want (virtio 1.x, 6). */
#define VIRTIO_F_VERSION_1 (1ull << 32)

struct virtio_dev;

/* What a transport does for the device-independent code. */
struct virtio_transport_ops {
    /* The device's 64 feature bits. */
    uint64_t (*get_features)(struct virtio_dev *d);
    /* Writes the driver's accepted features. */
    void (*set_features)(struct virtio_dev *d, uint64_t features);
    /* The device status byte. */
    uint8_t (*get_status)(struct virtio_dev *d);
    /* Writes the status byte; 0 resets the device and waits until the
     * reset is done. */
    void (*set_status)(struct virtio_dev *d, uint8_t status);
    /* Reads (len) bytes (1, 2, 4 or 8, naturally aligned) of the device-
     * specific configuration at (offset), little-endian, into (buf). */
    void (*read_config)(struct virtio_dev *d, size_t offset, void *buf,
                        size_t len);
    /* The largest size of queue (index); 0 when the device has no such
     * queue. */
    uint16_t (*queue_max)(struct virtio_dev *d, uint16_t index);
    /* Gives queue (index) its (size) and the physical addresses of its
     * descriptor table, available ring and used ring, and enables it (and,
     * on PCI with MSI-X, routes its interrupt). 0, or -EIO. */
    int (*queue_enable)(struct virtio_dev *d, uint16_t index, uint16_t size,
                        uint64_t desc, uint64_t avail, uint64_t used);
    /* Tells the device that queue (index) has new available buffers. */
    void (*queue_notify)(struct virtio_dev *d, uint16_t index);
    /* Called by the interrupt handler: reads and acknowledges the
     * device's interrupt status (ISR on PCI without MSI-X, InterruptStatus
     * and InterruptACK on MMIO; MSI-X: nothing to do). */
    void (*ack_interrupt)(struct virtio_dev *d);
};

/* A device a transport found. */
struct virtio_dev {
    const struct virtio_transport_ops *ops;
    void *transport;    /* the transport's own state */
    uint16_t device_id; /* VIRTIO_ID_* */
    char where[40];     /* for messages: "pci 00:03.0", "mmio 0xfeb00000" */
    bool claimed;       /* a driver took it */
    bool polled;        /* no interrupt reaches the CPU for it: every wait
                           ends after at most VIRTIO_POLL_NS */
};

/* How long a wait lasts at most while a device cannot interrupt. */
#define VIRTIO_POLL_NS 1000000ull /* 1 ms */

/*
 * Every virtio interrupt arrives on this one vector (trap.h's range; the
 * APIC timer has 32): MSI-X messages carry it, the I/O APIC routes MMIO
 * lines to it. Its handler (virtio.c) calls every registered device's
 * ack_interrupt, then ends the interrupt at the local APIC.
 */
#define VIRTIO_IRQ_VECTOR 33

/*
 * Installs the handler of VIRTIO_IRQ_VECTOR (trap_set_irq). Called once
 * by main.c before the transports probe.
 */
void virtio_irq_init(void);

/*
 * Formats a message of the virtio drivers (printf-style, at most 240 bytes
 * after formatting) and writes it as a runtime diagnostic
 * (plat_error_write). Never fails.
 */
void virtio_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The most devices of all transports together. */
#define VIRTIO_MAX_DEVICES 32

/*
 * Adds (d) (which must stay valid: transports allocate it) to the
 * devices found, in discovery order. Returns 0, or -ENOSPC.
 */
int virtio_register(struct virtio_dev *d);

/* The number of devices found, and device (i) of them (or NULL). */
size_t virtio_count(void);
struct virtio_dev *virtio_at(size_t i);

/*
 * Scans PCI bus 0, and the buses behind its bridges, for virtio 1.x
 * devices (vendor 0x1af4, device 0x1040..0x107f, or transitional
 * 0x1000..0x103f with the modern capabilities), maps their capability
 * BARs, gives each one MSI-X vector (a device without MSI-X is registered
 * as `polled`, with a message) and registers them in bus/device/function
 * order. Returns the number registered, or a negative errno value (a
 * message says which device failed and why; the others are still
 * registered).
 */
int virtio_pci_probe(void);

/*
 * Takes every word `virtio_mmio.device=SIZE@BASE:IRQ[:ID]` out of the
 * NUL-terminated command line (cmdline) (QEMU's microvm appends one per
 * virtio-mmio device; the rest of the line is left as it was, for the
 * unikernel's arguments), maps each device, checks its magic and version
 * 2, routes its IRQ through the I/O APIC and registers it, in the order
 * of the words. Returns the number registered, or a negative errno value
 * (with a message naming the word).
 */
int virtio_mmio_probe(char *cmdline);

/*
 * The start of a driver: resets (d), sets ACKNOWLEDGE and DRIVER, accepts
 * (wanted) & the device's features, always with VIRTIO_F_VERSION_1, and
 * checks FEATURES_OK. Stores the accepted features in (*got). Returns 0,
 * or -ENOTSUP when the device lacks VERSION_1 or refuses the features
 * (then its status is FAILED).
 */
int virtio_negotiate(struct virtio_dev *d, uint64_t wanted, uint64_t *got);

/* The end of a driver's setup (its queues are enabled): DRIVER_OK. */
void virtio_driver_ok(struct virtio_dev *d);

/* A driver's setup of (d) failed: resets the device, which then forgets
 * its queues (their rings may be freed), and sets FAILED. */
void virtio_give_up(struct virtio_dev *d);

/*
 * Waits until an interrupt comes (any: a device's or the timer's) or the
 * monotonic clock reaches (deadline_ns) (PLAT_FOREVER: no deadline), with
 * one hlt; returns at once when (deadline_ns) has passed. Callers check
 * what they wait for (with interrupts enabled or not, it does not matter:
 * sti; hlt cannot miss an interrupt that is pending) and loop.
 */
void virtio_wait_interrupt(uint64_t deadline_ns);

/* --- Split virtqueues (virtqueue.c; virtio 1.x, 2.7) -------------------- */

struct virtq_desc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags;
    uint16_t next;
};
#define VIRTQ_DESC_F_NEXT  1u
#define VIRTQ_DESC_F_WRITE 2u

struct virtq_avail {
    uint16_t flags;
    uint16_t idx;
    uint16_t ring[];
};
#define VIRTQ_AVAIL_F_NO_INTERRUPT 1u

struct virtq_used_elem {
    uint32_t id;
    uint32_t len;
};
struct virtq_used {
    uint16_t flags;
    uint16_t idx;
    struct virtq_used_elem ring[];
};
#define VIRTQ_USED_F_NO_NOTIFY 1u

/* A queue of a device, its rings in memory the driver allocated. */
struct virtq {
    struct virtio_dev *dev;
    uint16_t index;     /* the queue's number in the device */
    uint16_t size;      /* entries, a power of 2 */
    uint16_t free_head; /* first free descriptor, a list through .next */
    uint16_t num_free;
    uint16_t last_used; /* used.idx up to which we took completions */
    uint16_t avail_idx; /* avail.idx once the chains added are published */
    volatile struct virtq_desc *desc;
    volatile struct virtq_avail *avail;
    volatile struct virtq_used *used;
    void **cookies; /* per head descriptor: what virtq_add was given */
};

/* One buffer of a chain: (len) bytes at (addr). */
struct virtq_buf {
    const void *addr;
    uint32_t len;
};

/*
 * Sets up queue (index) of (d) with at most (max_size) entries (the
 * device's maximum if smaller, rounded down to a power of 2): allocates
 * its rings, zeroed and aligned, and enables it. Returns 0, -ENOENT (the
 * device has no such queue), -ENOMEM or -EIO.
 */
int virtq_init(struct virtq *q, struct virtio_dev *d, uint16_t index,
               uint16_t max_size);

/* Frees the rings of (q), which virtq_init set up (or left zeroed on
 * failure: nothing to free then). Only once the device is reset (it may
 * use them until then). */
void virtq_free(struct virtq *q);

/*
 * Adds a chain of (nout) buffers the device reads, then (nin) it writes
 * (bufs[0 .. nout + nin)), remembering (cookie) (not NULL) for virtq_get.
 * It is not visible to the device until virtq_kick. Returns 0, or
 * -ENOSPC when fewer than nout + nin descriptors are free.
 */
int virtq_add(struct virtq *q, const struct virtq_buf *bufs, unsigned nout,
              unsigned nin, void *cookie);

/* Publishes the chains added since the last kick and notifies the device
 * (unless it asked not to be). */
void virtq_kick(struct virtq *q);

/*
 * Takes one chain the device has finished: frees its descriptors, stores
 * the bytes it wrote in (*len) and returns its cookie; NULL when none is
 * finished.
 */
void *virtq_get(struct virtq *q, uint32_t *len);

/* Whether a finished chain is waiting for virtq_get. */
bool virtq_has_used(const struct virtq *q);

/*
 * Asks the device not to interrupt for (q)'s finished chains (a hint the
 * device may ignore), or to interrupt again. virtq_interrupts_on returns
 * whether a chain finished before the request could be seen: the caller
 * must then take it rather than wait for an interrupt.
 */
void virtq_interrupts_off(struct virtq *q);
bool virtq_interrupts_on(struct virtq *q);

#endif
