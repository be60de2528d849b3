/* SPDX-License-Identifier: ISC */
/* virtio_pci.c: the virtio 1.x PCI transport (modern interface, MSI-X). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lapic.h"
#include "pci.h"
#include "platform.h"
#include "virtio.h"

/* virtio 1.x, 4.1.2: the vendor and device IDs. */
#define VIRTIO_PCI_VENDOR        0x1af4
#define VIRTIO_PCI_MODERN_FIRST  0x1040
#define VIRTIO_PCI_MODERN_LAST   0x107f
#define VIRTIO_PCI_TRANSIT_FIRST 0x1000
#define VIRTIO_PCI_TRANSIT_LAST  0x103f

/* virtio 1.x, 4.1.4: struct virtio_pci_cap, after the generic cap_vndr and
 * cap_next bytes; struct virtio_pci_notify_cap adds the multiplier. */
#define CAP_LEN         2
#define CAP_CFG_TYPE    3
#define CAP_BAR         4
#define CAP_OFFSET      8
#define CAP_LENGTH      12
#define CAP_NOTIFY_MULT 16

#define CFG_COMMON 1
#define CFG_NOTIFY 2
#define CFG_ISR    3
#define CFG_DEVICE 4
#define CFG_COUNT  5 /* slots 1..4 used */

/* virtio 1.x, 4.1.4.3: struct virtio_pci_common_cfg. */
#define COMMON_DFSELECT      0x00
#define COMMON_DF            0x04
#define COMMON_GFSELECT      0x08
#define COMMON_GF            0x0c
#define COMMON_MSIX          0x10
#define COMMON_NUMQ          0x12
#define COMMON_STATUS        0x14
#define COMMON_CFGGENERATION 0x15
#define COMMON_Q_SELECT      0x16
#define COMMON_Q_SIZE        0x18
#define COMMON_Q_MSIX        0x1a
#define COMMON_Q_ENABLE      0x1c
#define COMMON_Q_NOFF        0x1e
#define COMMON_Q_DESCLO      0x20
#define COMMON_Q_DESCHI      0x24
#define COMMON_Q_AVAILLO     0x28
#define COMMON_Q_AVAILHI     0x2c
#define COMMON_Q_USEDLO      0x30
#define COMMON_Q_USEDHI      0x34
#define COMMON_LEN           0x38

#define VIRTIO_MSI_NO_VECTOR 0xffffu

/* MSI-X (PCI Local Bus 3.0, 6.8.2): the capability's registers, a table
 * entry's fields, and the x86 message (Intel SDM vol. 3, 11.11). */
#define MSIX_CTRL         2
#define MSIX_TABLE        4
#define MSIX_CTRL_ENABLE  0x8000u
#define MSIX_CTRL_MASKALL 0x4000u
#define MSIX_BIR_MASK     0x7u
#define MSIX_ENTRY_SIZE   16
#define MSIX_ADDR_LO      0
#define MSIX_ADDR_HI      4
#define MSIX_DATA         8
#define MSIX_VECTOR_CTRL  12
#define MSIX_MASKED       1u
#define MSI_ADDR_BASE     0xfee00000u

#define RESET_SPINS 10000000u

/* Queues whose notification address is kept; others look it up. */
#define NOTIFY_CACHED 16

#define barrier() __asm__ volatile("" ::: "memory")

struct region {
    volatile uint8_t *p; /* NULL: not found */
    uint32_t len;
};

struct vpci {
    struct virtio_dev dev;
    struct pci_addr addr;
    struct region common, notify, isr, device;
    uint32_t notify_mult;
    bool msix; /* MSI-X is set up: the device interrupts with vector 0 */
    volatile uint16_t *notify_at[NOTIFY_CACHED];
};

static struct vpci vpcis[VIRTIO_MAX_DEVICES];
static size_t nvpcis;

static struct vpci *vp_of(struct virtio_dev *d)
{
    return d->transport;
}

/* Accesses to the common configuration, each of the field's width. */
static uint8_t c_read8(struct vpci *v, unsigned off)
{
    return *(volatile uint8_t *)(v->common.p + off);
}

static uint16_t c_read16(struct vpci *v, unsigned off)
{
    return *(volatile uint16_t *)(v->common.p + off);
}

static uint32_t c_read32(struct vpci *v, unsigned off)
{
    return *(volatile uint32_t *)(v->common.p + off);
}

static void c_write8(struct vpci *v, unsigned off, uint8_t value)
{
    *(volatile uint8_t *)(v->common.p + off) = value;
}

static void c_write16(struct vpci *v, unsigned off, uint16_t value)
{
    *(volatile uint16_t *)(v->common.p + off) = value;
}

static void c_write32(struct vpci *v, unsigned off, uint32_t value)
{
    *(volatile uint32_t *)(v->common.p + off) = value;
}

/* A 64-bit field as two 32-bit writes, low half first (4.1.3.1). */
static void c_write64(struct vpci *v, unsigned off, uint64_t value)
{
    c_write32(v, off, (uint32_t)value);
    c_write32(v, off + 4, (uint32_t)(value >> 32));
}

static uint64_t vp_get_features(struct virtio_dev *d)
{
    struct vpci *v = vp_of(d);
    uint64_t f;

    c_write32(v, COMMON_DFSELECT, 0);
    f = c_read32(v, COMMON_DF);
    c_write32(v, COMMON_DFSELECT, 1);
    f |= (uint64_t)c_read32(v, COMMON_DF) << 32;
    return f;
}

static void vp_set_features(struct virtio_dev *d, uint64_t features)
{
    struct vpci *v = vp_of(d);

    c_write32(v, COMMON_GFSELECT, 0);
    c_write32(v, COMMON_GF, (uint32_t)features);
    c_write32(v, COMMON_GFSELECT, 1);
    c_write32(v, COMMON_GF, (uint32_t)(features >> 32));
}

static uint8_t vp_get_status(struct virtio_dev *d)
{
    return c_read8(vp_of(d), COMMON_STATUS);
}

static void vp_set_status(struct virtio_dev *d, uint8_t status)
{
    struct vpci *v = vp_of(d);

    barrier();
    c_write8(v, COMMON_STATUS, status);
    barrier();
    if (status != 0)
        return;
    /* 4.1.4.3.2: the reset is done when device_status reads 0 again */
    for (unsigned i = 0; i < RESET_SPINS && c_read8(v, COMMON_STATUS) != 0; i++)
        __asm__ volatile("pause");
    memset((void *)v->notify_at, 0, sizeof(v->notify_at));
}

/* Reads (len) bytes at (p) with accesses of that width when it is 1, 2, 4
 * or 8 (two 32-bit halves) and aligned; bytes otherwise. */
static void read_field(volatile uint8_t *p, size_t offset, void *buf,
                       size_t len)
{
    if (len == 1) {
        uint8_t x = p[offset];
        memcpy(buf, &x, 1);
    } else if (len == 2 && offset % 2 == 0) {
        uint16_t x = *(volatile uint16_t *)(p + offset);
        memcpy(buf, &x, 2);
    } else if ((len == 4 || len == 8) && offset % 4 == 0) {
        for (size_t i = 0; i < len; i += 4) {
            uint32_t x = *(volatile uint32_t *)(p + offset + i);
            memcpy((uint8_t *)buf + i, &x, 4);
        }
    } else {
        for (size_t i = 0; i < len; i++)
            ((uint8_t *)buf)[i] = p[offset + i];
    }
}

static void vp_read_config(struct virtio_dev *d, size_t offset, void *buf,
                           size_t len)
{
    struct vpci *v = vp_of(d);
    uint8_t gen;

    if (!v->device.p || offset > v->device.len ||
        len > v->device.len - offset) {
        memset(buf, 0, len);
        return;
    }
    /* 4.1.4.3.1 and 2.5.1: read again until the generation holds still */
    do {
        gen = c_read8(v, COMMON_CFGGENERATION);
        read_field(v->device.p, offset, buf, len);
    } while (c_read8(v, COMMON_CFGGENERATION) != gen);
}

static uint16_t vp_queue_max(struct virtio_dev *d, uint16_t index)
{
    struct vpci *v = vp_of(d);

    if (index >= c_read16(v, COMMON_NUMQ))
        return 0;
    c_write16(v, COMMON_Q_SELECT, index);
    return c_read16(v, COMMON_Q_SIZE);
}

/* Where to write queue (index)'s notifications (the queue is selected);
 * NULL when the device says a place outside its notification region. */
static volatile uint16_t *notify_address(struct vpci *v)
{
    uint64_t off = (uint64_t)c_read16(v, COMMON_Q_NOFF) * v->notify_mult;

    if (off > v->notify.len || v->notify.len - off < 2)
        return NULL;
    return (volatile uint16_t *)(v->notify.p + off);
}

/* Sets an MSI-X vector register to vector 0 and reads it back: 0, or
 * -EIO with a message when the device refused it. */
static int set_vector(struct vpci *v, unsigned reg, const char *what)
{
    c_write16(v, reg, 0);
    if (c_read16(v, reg) == VIRTIO_MSI_NO_VECTOR) {
        virtio_say("virtio: %s: the device refused MSI-X vector 0 for %s\n",
                   v->dev.where, what);
        return -EIO;
    }
    return 0;
}

static int vp_queue_enable(struct virtio_dev *d, uint16_t index, uint16_t size,
                           uint64_t desc, uint64_t avail, uint64_t used)
{
    struct vpci *v = vp_of(d);
    volatile uint16_t *notify;
    uint16_t max;

    if (index >= c_read16(v, COMMON_NUMQ))
        return -EIO;
    c_write16(v, COMMON_Q_SELECT, index);
    max = c_read16(v, COMMON_Q_SIZE);
    if (size == 0 || size > max || c_read16(v, COMMON_Q_ENABLE) != 0)
        return -EIO;
    notify = notify_address(v);
    if (!notify) {
        virtio_say("virtio: %s: queue %u's notification offset is outside the "
                   "notification region\n",
                   v->dev.where, index);
        return -EIO;
    }
    c_write16(v, COMMON_Q_SIZE, size);
    c_write64(v, COMMON_Q_DESCLO, desc);
    c_write64(v, COMMON_Q_AVAILLO, avail);
    c_write64(v, COMMON_Q_USEDLO, used);
    if (v->msix) {
        /* a reset (virtio_negotiate's) forgets the vectors: set them here
         * (the configuration's too, for its change interrupts) */
        if (set_vector(v, COMMON_MSIX, "configuration changes") != 0 ||
            set_vector(v, COMMON_Q_MSIX, "a queue") != 0)
            return -EIO;
    }
    if (index < NOTIFY_CACHED)
        v->notify_at[index] = notify;
    /* the rings are written before the device may look at them */
    barrier();
    c_write16(v, COMMON_Q_ENABLE, 1);
    barrier();
    return 0;
}

static void vp_queue_notify(struct virtio_dev *d, uint16_t index)
{
    struct vpci *v = vp_of(d);
    volatile uint16_t *notify =
        index < NOTIFY_CACHED ? v->notify_at[index] : NULL;

    if (!notify) {
        c_write16(v, COMMON_Q_SELECT, index);
        notify = notify_address(v);
        if (!notify)
            return;
    }
    barrier();
    *notify = index;
}

static void vp_ack_interrupt(struct virtio_dev *d)
{
    struct vpci *v = vp_of(d);

    /* MSI-X messages need no acknowledgement; a read of the ISR status
     * acknowledges the INTx interrupt (4.1.4.5) */
    if (!v->msix)
        (void)*(volatile uint8_t *)v->isr.p;
}

static const struct virtio_transport_ops vp_ops = {
    .get_features = vp_get_features,
    .set_features = vp_set_features,
    .get_status = vp_get_status,
    .set_status = vp_set_status,
    .read_config = vp_read_config,
    .queue_max = vp_queue_max,
    .queue_enable = vp_queue_enable,
    .queue_notify = vp_queue_notify,
    .ack_interrupt = vp_ack_interrupt,
};

/* Where a virtio structure is: BAR, offset, length (and for NOTIFY, the
 * multiplier); bar > 5: not found. */
struct cap {
    uint8_t bar;
    uint32_t offset, length, mult;
};

/* Finds the first usable capability of each virtio structure type (4.1.4:
 * the driver uses the first one it can; I/O BARs are not used here). */
static void find_caps(struct pci_addr a, struct cap caps[CFG_COUNT])
{
    for (int t = 0; t < CFG_COUNT; t++)
        caps[t].bar = 0xff;
    for (unsigned off = pci_find_cap(a, PCI_CAP_ID_VNDR, 0); off != 0;
         off = pci_find_cap(a, PCI_CAP_ID_VNDR, off)) {
        uint8_t type = pci_read8(a, off + CAP_CFG_TYPE);
        uint8_t bar = pci_read8(a, off + CAP_BAR);
        uint8_t len = pci_read8(a, off + CAP_LEN);

        if (type == 0 || type >= CFG_COUNT || caps[type].bar < PCI_BAR_COUNT)
            continue;
        if (bar >= PCI_BAR_COUNT || len < 16 ||
            (type == CFG_NOTIFY && len < 20))
            continue;
        if (pci_read32(a, PCI_BAR0 + 4u * bar) & 1)
            continue; /* an I/O BAR (QEMU's modern-pio-notify) */
        caps[type].bar = bar;
        caps[type].offset = pci_read32(a, off + CAP_OFFSET);
        caps[type].length = pci_read32(a, off + CAP_LENGTH);
        caps[type].mult =
            type == CFG_NOTIFY ? pci_read32(a, off + CAP_NOTIFY_MULT) : 0;
    }
}

static int map_cap(struct pci_addr a, const struct cap *c, struct region *r)
{
    volatile void *p;
    int rc;

    rc = pci_map_bar(a, c->bar, c->offset, c->length, &p);
    if (rc != 0)
        return rc;
    r->p = (volatile uint8_t *)p;
    r->len = c->length;
    return 0;
}

/*
 * Sets up entry 0 of the MSI-X table to send VIRTIO_IRQ_VECTOR to this
 * CPU and enables MSI-X (memory decoding is on). Returns 0, -ENOENT when
 * the device has no MSI-X, or a mapping error.
 */
static int setup_msix(struct vpci *v)
{
    struct pci_addr a = v->addr;
    unsigned cap = pci_find_cap(a, PCI_CAP_ID_MSIX, 0);
    volatile uint32_t *entry;
    volatile void *p;
    uint16_t ctrl;
    uint32_t table;
    int rc;

    if (cap == 0)
        return -ENOENT;
    ctrl = pci_read16(a, cap + MSIX_CTRL);
    table = pci_read32(a, cap + MSIX_TABLE);
    rc = pci_map_bar(a, table & MSIX_BIR_MASK, table & ~MSIX_BIR_MASK,
                     MSIX_ENTRY_SIZE, &p);
    if (rc != 0)
        return rc;
    entry = (volatile uint32_t *)p;
    /* masked while it changes; fixed delivery, edge, physical destination */
    entry[MSIX_VECTOR_CTRL / 4] = MSIX_MASKED;
    entry[MSIX_ADDR_LO / 4] = MSI_ADDR_BASE | (lapic_id() & 0xff) << 12;
    entry[MSIX_ADDR_HI / 4] = 0;
    entry[MSIX_DATA / 4] = VIRTIO_IRQ_VECTOR;
    pci_write16(a, cap + MSIX_CTRL,
                (uint16_t)((ctrl | MSIX_CTRL_ENABLE) & ~MSIX_CTRL_MASKALL));
    entry[MSIX_VECTOR_CTRL / 4] = 0;
    (void)entry[MSIX_VECTOR_CTRL / 4]; /* the write has reached it */
    return 0;
}

/* The virtio device ID of PCI function (a), or 0 when it is no virtio
 * device. */
static uint16_t virtio_id(struct pci_addr a)
{
    uint16_t device;

    if (pci_read16(a, PCI_VENDOR_ID) != VIRTIO_PCI_VENDOR)
        return 0;
    device = pci_read16(a, PCI_DEVICE_ID);
    if (device >= VIRTIO_PCI_MODERN_FIRST && device <= VIRTIO_PCI_MODERN_LAST)
        return (uint16_t)(device - VIRTIO_PCI_MODERN_FIRST);
    if (device >= VIRTIO_PCI_TRANSIT_FIRST && device <= VIRTIO_PCI_TRANSIT_LAST)
        return pci_read16(a, PCI_SUBSYSTEM_ID);
    return 0;
}

struct probe {
    int found;
    int error;
};

/* Sets up and registers virtio function (a); 0, or a negative errno
 * value after a message. */
static int probe_one(struct pci_addr a, uint16_t id)
{
    struct cap caps[CFG_COUNT];
    struct vpci *v;
    char where[16];
    int rc;

    pci_name(a, where, sizeof(where));
    find_caps(a, caps);
    if (caps[CFG_COMMON].bar >= PCI_BAR_COUNT ||
        caps[CFG_NOTIFY].bar >= PCI_BAR_COUNT ||
        caps[CFG_ISR].bar >= PCI_BAR_COUNT) {
        virtio_say(
            "virtio: %s: no virtio 1.x (modern) interface; a legacy-only "
            "device is not supported (QEMU: -device ...,disable-modern=off)\n",
            where);
        return -ENODEV;
    }
    if (caps[CFG_COMMON].length < COMMON_LEN) {
        virtio_say("virtio: %s: the common configuration is too short\n",
                   where);
        return -ENODEV;
    }
    if (nvpcis == VIRTIO_MAX_DEVICES) {
        virtio_say("virtio: %s: too many devices (%d at most)\n", where,
                   VIRTIO_MAX_DEVICES);
        return -ENOSPC;
    }
    v = &vpcis[nvpcis];
    memset(v, 0, sizeof(*v));
    v->addr = a;
    if ((rc = map_cap(a, &caps[CFG_COMMON], &v->common)) != 0 ||
        (rc = map_cap(a, &caps[CFG_NOTIFY], &v->notify)) != 0 ||
        (rc = map_cap(a, &caps[CFG_ISR], &v->isr)) != 0)
        return rc;
    if (caps[CFG_DEVICE].bar < PCI_BAR_COUNT &&
        (rc = map_cap(a, &caps[CFG_DEVICE], &v->device)) != 0)
        return rc;
    v->notify_mult = caps[CFG_NOTIFY].mult;
    pci_enable(a);
    v->dev.ops = &vp_ops;
    v->dev.transport = v;
    v->dev.device_id = id;
    v->dev.claimed = false;
    memcpy(v->dev.where, where, sizeof(where));
    rc = setup_msix(v);
    if (rc == 0) {
        v->msix = true;
    } else if (rc == -ENOENT) {
        v->dev.polled = true;
        virtio_say("virtio: %s: no MSI-X; the device will not interrupt (its "
                   "driver polls)\n",
                   where);
    } else {
        return rc;
    }
    rc = virtio_register(&v->dev);
    if (rc != 0) {
        virtio_say("virtio: %s: too many devices (%d at most)\n", where,
                   VIRTIO_MAX_DEVICES);
        return rc;
    }
    nvpcis++;
    return 0;
}

static int probe_fn(struct pci_addr a, void *arg)
{
    struct probe *p = arg;
    uint16_t id = virtio_id(a);
    int rc;

    if (id == 0)
        return 0;
    rc = probe_one(a, id);
    if (rc == 0)
        p->found++;
    else if (p->error == 0)
        p->error = rc;
    return 0;
}

int virtio_pci_probe(void)
{
    struct probe p = {0, 0};

    pci_scan(probe_fn, &p);
    return p.error != 0 ? p.error : p.found;
}
