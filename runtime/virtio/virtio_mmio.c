/* SPDX-License-Identifier: ISC */
/* virtio_mmio.c: the virtio-mmio transport (version 2), from the cmdline. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ioapic.h"
#include "lapic.h"
#include "paging.h"
#include "platform.h"
#include "virtio.h"

/* virtio 1.x, 4.2.2: the registers (all 32 bits wide) and the magic. */
#define MMIO_MAGIC_VALUE         0x000
#define MMIO_VERSION             0x004
#define MMIO_DEVICE_ID           0x008
#define MMIO_VENDOR_ID           0x00c
#define MMIO_DEVICE_FEATURES     0x010
#define MMIO_DEVICE_FEATURES_SEL 0x014
#define MMIO_DRIVER_FEATURES     0x020
#define MMIO_DRIVER_FEATURES_SEL 0x024
#define MMIO_QUEUE_SEL           0x030
#define MMIO_QUEUE_NUM_MAX       0x034
#define MMIO_QUEUE_NUM           0x038
#define MMIO_QUEUE_READY         0x044
#define MMIO_QUEUE_NOTIFY        0x050
#define MMIO_INTERRUPT_STATUS    0x060
#define MMIO_INTERRUPT_ACK       0x064
#define MMIO_STATUS              0x070
#define MMIO_QUEUE_DESC_LOW      0x080
#define MMIO_QUEUE_DESC_HIGH     0x084
#define MMIO_QUEUE_DRIVER_LOW    0x090
#define MMIO_QUEUE_DRIVER_HIGH   0x094
#define MMIO_QUEUE_DEVICE_LOW    0x0a0
#define MMIO_QUEUE_DEVICE_HIGH   0x0a4
#define MMIO_CONFIG_GENERATION   0x0fc
#define MMIO_CONFIG              0x100

#define MMIO_MAGIC 0x74726976u /* "virt", little-endian */

#define QUEUE_SIZE_MAX 32768u /* the largest split virtqueue (2.7) */
#define RESET_SPINS    10000000u

#define barrier() __asm__ volatile("" ::: "memory")

static const char PREFIX[] = "virtio_mmio.device=";
#define PREFIX_LEN (sizeof(PREFIX) - 1)

struct vmmio {
    struct virtio_dev dev;
    volatile uint8_t *base;
    uint64_t size; /* of the region: the configuration ends there */
};

static struct vmmio vmmios[VIRTIO_MAX_DEVICES];
static size_t nvmmios;

static struct vmmio *vm_of(struct virtio_dev *d)
{
    return d->transport;
}

static uint32_t reg_read(struct vmmio *m, unsigned reg)
{
    return *(volatile uint32_t *)(m->base + reg);
}

static void reg_write(struct vmmio *m, unsigned reg, uint32_t value)
{
    *(volatile uint32_t *)(m->base + reg) = value;
}

static uint64_t vm_get_features(struct virtio_dev *d)
{
    struct vmmio *m = vm_of(d);
    uint64_t f;

    reg_write(m, MMIO_DEVICE_FEATURES_SEL, 0);
    f = reg_read(m, MMIO_DEVICE_FEATURES);
    reg_write(m, MMIO_DEVICE_FEATURES_SEL, 1);
    f |= (uint64_t)reg_read(m, MMIO_DEVICE_FEATURES) << 32;
    return f;
}

static void vm_set_features(struct virtio_dev *d, uint64_t features)
{
    struct vmmio *m = vm_of(d);

    reg_write(m, MMIO_DRIVER_FEATURES_SEL, 0);
    reg_write(m, MMIO_DRIVER_FEATURES, (uint32_t)features);
    reg_write(m, MMIO_DRIVER_FEATURES_SEL, 1);
    reg_write(m, MMIO_DRIVER_FEATURES, (uint32_t)(features >> 32));
}

static uint8_t vm_get_status(struct virtio_dev *d)
{
    return (uint8_t)reg_read(vm_of(d), MMIO_STATUS);
}

static void vm_set_status(struct virtio_dev *d, uint8_t status)
{
    struct vmmio *m = vm_of(d);

    barrier();
    reg_write(m, MMIO_STATUS, status);
    barrier();
    if (status != 0)
        return;
    for (unsigned i = 0; i < RESET_SPINS && reg_read(m, MMIO_STATUS) != 0; i++)
        __asm__ volatile("pause");
}

/* 4.2.2.2: 8-bit fields are read with 8-bit accesses, 16-bit ones with
 * 16-bit accesses, 32 and 64-bit ones with 32-bit accesses. */
static void read_field(volatile uint8_t *p, void *buf, size_t len)
{
    if (len == 1) {
        uint8_t x = *p;
        memcpy(buf, &x, 1);
    } else if (len == 2 && (uintptr_t)p % 2 == 0) {
        uint16_t x = *(volatile uint16_t *)p;
        memcpy(buf, &x, 2);
    } else if ((len == 4 || len == 8) && (uintptr_t)p % 4 == 0) {
        for (size_t i = 0; i < len; i += 4) {
            uint32_t x = *(volatile uint32_t *)(p + i);
            memcpy((uint8_t *)buf + i, &x, 4);
        }
    } else {
        for (size_t i = 0; i < len; i++)
            ((uint8_t *)buf)[i] = p[i];
    }
}

static void vm_read_config(struct virtio_dev *d, size_t offset, void *buf,
                           size_t len)
{
    struct vmmio *m = vm_of(d);
    uint64_t room = m->size - MMIO_CONFIG;
    uint32_t gen;

    if (offset > room || len > room - offset) {
        memset(buf, 0, len);
        return;
    }
    /* 2.5.1: read again until the generation holds still */
    do {
        gen = reg_read(m, MMIO_CONFIG_GENERATION);
        read_field(m->base + MMIO_CONFIG + offset, buf, len);
    } while (reg_read(m, MMIO_CONFIG_GENERATION) != gen);
}

static uint16_t vm_queue_max(struct virtio_dev *d, uint16_t index)
{
    struct vmmio *m = vm_of(d);
    uint32_t max;

    reg_write(m, MMIO_QUEUE_SEL, index);
    max = reg_read(m, MMIO_QUEUE_NUM_MAX);
    return (uint16_t)(max > QUEUE_SIZE_MAX ? QUEUE_SIZE_MAX : max);
}

static int vm_queue_enable(struct virtio_dev *d, uint16_t index, uint16_t size,
                           uint64_t desc, uint64_t avail, uint64_t used)
{
    struct vmmio *m = vm_of(d);
    uint32_t max;

    /* 4.2.3.2 */
    reg_write(m, MMIO_QUEUE_SEL, index);
    if (reg_read(m, MMIO_QUEUE_READY) != 0)
        return -EIO;
    max = reg_read(m, MMIO_QUEUE_NUM_MAX);
    if (size == 0 || size > max)
        return -EIO;
    reg_write(m, MMIO_QUEUE_NUM, size);
    reg_write(m, MMIO_QUEUE_DESC_LOW, (uint32_t)desc);
    reg_write(m, MMIO_QUEUE_DESC_HIGH, (uint32_t)(desc >> 32));
    reg_write(m, MMIO_QUEUE_DRIVER_LOW, (uint32_t)avail);
    reg_write(m, MMIO_QUEUE_DRIVER_HIGH, (uint32_t)(avail >> 32));
    reg_write(m, MMIO_QUEUE_DEVICE_LOW, (uint32_t)used);
    reg_write(m, MMIO_QUEUE_DEVICE_HIGH, (uint32_t)(used >> 32));
    /* the rings are written before the device may look at them */
    barrier();
    reg_write(m, MMIO_QUEUE_READY, 1);
    barrier();
    return reg_read(m, MMIO_QUEUE_READY) == 1 ? 0 : -EIO;
}

static void vm_queue_notify(struct virtio_dev *d, uint16_t index)
{
    barrier();
    reg_write(vm_of(d), MMIO_QUEUE_NOTIFY, index);
}

static void vm_ack_interrupt(struct virtio_dev *d)
{
    struct vmmio *m = vm_of(d);
    uint32_t status = reg_read(m, MMIO_INTERRUPT_STATUS);

    /* the device lowers its (level-triggered) line once all is acked */
    if (status != 0)
        reg_write(m, MMIO_INTERRUPT_ACK, status);
}

static const struct virtio_transport_ops vm_ops = {
    .get_features = vm_get_features,
    .set_features = vm_set_features,
    .get_status = vm_get_status,
    .set_status = vm_set_status,
    .read_config = vm_read_config,
    .queue_max = vm_queue_max,
    .queue_enable = vm_queue_enable,
    .queue_notify = vm_queue_notify,
    .ack_interrupt = vm_ack_interrupt,
};

/* The word separators of core_cmdline_split (core/cmdline.h). */
static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
           c == '\f';
}

/* The end of the word at (s), quotes and backslashes taken as
 * core_cmdline_split takes them (an unterminated quote runs to the end). */
static char *word_end(char *s)
{
    while (*s && !is_space(*s)) {
        if (*s == '\'') {
            for (s++; *s && *s != '\''; s++)
                ;
        } else if (*s == '"') {
            for (s++; *s && *s != '"'; s++)
                if (*s == '\\' && s[1])
                    s++;
        } else if (*s == '\\' && s[1]) {
            s++;
        }
        if (*s)
            s++;
    }
    return s;
}

/* Parses an unsigned number at (*s) (before (end)): hexadecimal after
 * "0x", decimal else; advances (*s). Returns 0, or -EINVAL when there is
 * no digit or the value does not fit in 64 bits. */
static int parse_num(const char **s, const char *end, uint64_t *out)
{
    const char *p = *s;
    unsigned base = 10;
    uint64_t v = 0;
    const char *digits;

    if (end - p > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        base = 16;
        p += 2;
    }
    digits = p;
    for (; p < end; p++) {
        unsigned dv;

        if (*p >= '0' && *p <= '9')
            dv = (unsigned)(*p - '0');
        else if (base == 16 && *p >= 'a' && *p <= 'f')
            dv = (unsigned)(*p - 'a' + 10);
        else if (base == 16 && *p >= 'A' && *p <= 'F')
            dv = (unsigned)(*p - 'A' + 10);
        else
            break;
        if (v > (UINT64_MAX - dv) / base)
            return -EINVAL;
        v = v * base + dv;
    }
    if (p == digits)
        return -EINVAL;
    *s = p;
    *out = v;
    return 0;
}

/* The parts of `virtio_mmio.device=SIZE@BASE:IRQ[:ID]` (Linux's syntax:
 * SIZE may end in K, M or G). */
struct mmio_word {
    uint64_t size, base, irq;
};

static int parse_word(const char *s, const char *end, struct mmio_word *w)
{
    uint64_t id;
    unsigned shift = 0;

    s += PREFIX_LEN;
    if (parse_num(&s, end, &w->size) != 0)
        return -EINVAL;
    if (s < end && (*s == 'K' || *s == 'k'))
        shift = 10;
    else if (s < end && (*s == 'M' || *s == 'm'))
        shift = 20;
    else if (s < end && (*s == 'G' || *s == 'g'))
        shift = 30;
    if (shift) {
        s++;
        if (w->size > (UINT64_MAX >> shift))
            return -EINVAL;
        w->size <<= shift;
    }
    if (s == end || *s++ != '@' || parse_num(&s, end, &w->base) != 0)
        return -EINVAL;
    if (s == end || *s++ != ':' || parse_num(&s, end, &w->irq) != 0)
        return -EINVAL;
    if (s < end && (*s++ != ':' || parse_num(&s, end, &id) != 0))
        return -EINVAL;
    return s == end ? 0 : -EINVAL;
}

/*
 * Maps, checks and registers the device of (word) ((len) bytes, not
 * NUL-terminated), and routes its interrupt. Returns 1 when a device was
 * registered, 0 for an empty slot, or a negative errno value after a
 * message.
 */
static int probe_word(const char *word, size_t len)
{
    char text[100];
    struct mmio_word w;
    struct vmmio *m;
    uint32_t magic, version, id;
    int rc;

    snprintf(text, sizeof(text), "%.*s%s", (int)(len < 80 ? len : 80), word,
             len < 80 ? "" : "...");
    if (parse_word(word, word + len, &w) != 0) {
        virtio_say("virtio: %s: not SIZE@BASE:IRQ[:ID] (e.g. "
                   "virtio_mmio.device=512@0xfeb00000:12); ignored\n",
                   text);
        return -EINVAL;
    }
    if (w.size < MMIO_CONFIG || w.base == 0 || w.base >= (1ull << 32) ||
        w.size > (1ull << 32) - w.base) {
        virtio_say("virtio: %s: the region must lie below 4 GiB and hold the "
                   "0x100 bytes of registers\n",
                   text);
        return -EINVAL;
    }
    rc = paging_map_mmio(w.base, (size_t)w.size);
    if (rc != 0) {
        virtio_say("virtio: %s: cannot map the region (error %d)\n", text, rc);
        return rc;
    }
    if (nvmmios == VIRTIO_MAX_DEVICES) {
        virtio_say("virtio: %s: too many devices (%d at most)\n", text,
                   VIRTIO_MAX_DEVICES);
        return -ENOSPC;
    }
    m = &vmmios[nvmmios];
    memset(m, 0, sizeof(*m));
    m->base = (volatile uint8_t *)(uintptr_t)w.base;
    m->size = w.size;
    magic = reg_read(m, MMIO_MAGIC_VALUE);
    if (magic != MMIO_MAGIC) {
        virtio_say("virtio: %s: no virtio-mmio device there (magic 0x%08x)\n",
                   text, (unsigned)magic);
        return -ENODEV;
    }
    version = reg_read(m, MMIO_VERSION);
    if (version == 1) {
        virtio_say(
            "virtio-mmio device at 0x%llx: legacy (version 1) interface; "
            "start QEMU with -global virtio-mmio.force-legacy=false\n",
            (unsigned long long)w.base);
        return -ENOTSUP;
    }
    if (version != 2) {
        virtio_say("virtio: %s: unknown virtio-mmio version %u\n", text,
                   (unsigned)version);
        return -ENOTSUP;
    }
    id = reg_read(m, MMIO_DEVICE_ID);
    if (id == 0)
        return 0; /* a slot with no device behind it */
    m->dev.ops = &vm_ops;
    m->dev.transport = m;
    m->dev.device_id = (uint16_t)id;
    m->dev.claimed = false;
    snprintf(m->dev.where, sizeof(m->dev.where), "mmio 0x%llx",
             (unsigned long long)w.base);
    rc = virtio_register(&m->dev);
    if (rc != 0) {
        virtio_say("virtio: %s: too many devices (%d at most)\n", text,
                   VIRTIO_MAX_DEVICES);
        return rc;
    }
    nvmmios++;
    /* virtio-mmio lines are level-triggered, active high */
    rc = ioapic_route((unsigned)(w.irq > 0xffff ? 0xffff : w.irq),
                      VIRTIO_IRQ_VECTOR, true, false, lapic_id());
    if (rc != 0) {
        m->dev.polled = true;
        virtio_say("virtio: %s: no I/O APIC pin for IRQ %llu (error %d); the "
                   "device will not interrupt (its driver polls)\n",
                   text, (unsigned long long)w.irq, rc);
    }
    return 1;
}

int virtio_mmio_probe(char *cmdline)
{
    char *r = cmdline, *w = cmdline;
    int found = 0, error = 0;

    if (!cmdline)
        return 0;
    /* copy the line onto itself without the device words and the white
     * space before each: (w) never passes (r) */
    while (*r) {
        char *space = r, *word, *end;

        while (is_space(*r))
            r++;
        word = r;
        end = word_end(word);
        if (word < end && strncmp(word, PREFIX, PREFIX_LEN) == 0) {
            int rc = probe_word(word, (size_t)(end - word));

            if (rc > 0)
                found++;
            else if (rc < 0 && error == 0)
                error = rc;
        } else {
            memmove(w, space, (size_t)(end - space));
            w += end - space;
        }
        r = end;
    }
    *w = '\0';
    return error != 0 ? error : found;
}
