/* SPDX-License-Identifier: ISC */
/* acpi.c: powering the machine off through ACPI (the S5 sleep state). */
#include "acpi.h"

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "io.h"
#include "paging.h"

/*
 * From the ACPI specification (6.x): the RSDP (5.2.5) points at the RSDT
 * (32-bit entries) or, from revision 2, the XSDT (64-bit entries); their
 * entries point at tables with a 36-byte header (5.2.6), among them the
 * FADT, signature "FACP" (5.2.9), which gives the PM1a/PM1b control
 * blocks' I/O ports and the DSDT. The sleep type of S5 is the first (a)
 * and second (b) element of the DSDT's \_S5 package (7.4.2), found here
 * by its AML encoding (20.2): NameOp, "_S5_", PackageOp, PkgLength,
 * NumElements, then each element as a ZeroOp, OneOp or BytePrefix byte.
 * Writing SLP_TYP (bits 10-12) with SLP_EN (bit 13) to PM1_CNT enters the
 * state (4.8.3.2.1).
 */

#define RSDP_SEARCH_START 0xe0000u
#define RSDP_SEARCH_END   0x100000u
#define TABLE_HEADER      36u
#define TABLE_MAX         (1u << 20) /* longer than any table QEMU makes */
#define SPAN_4G           (1ull << 32)

/* FADT offsets (5.2.9). */
#define FADT_DSDT         40
#define FADT_SMI_CMD      48
#define FADT_ACPI_ENABLE  52
#define FADT_PM1A_CNT     64
#define FADT_PM1B_CNT     68
#define FADT_FLAGS        112
#define FADT_X_DSDT       140
#define FADT_MIN_LEN      116 /* up to and including Flags */
#define FADT_X_DSDT_LEN   148
#define FADT_HW_REDUCED   (1u << 20)
#define PM1_SCI_EN        0x0001u
#define PM1_SLP_TYP_SHIFT 10
#define PM1_SLP_TYP_MASK  0x1c00u
#define PM1_SLP_EN        0x2000u
#define AML_ZERO          0x00
#define AML_ONE           0x01
#define AML_BYTE_PREFIX   0x0a
#define AML_NAME_OP       0x08
#define AML_PACKAGE_OP    0x12
#define SCI_ENABLE_SPINS  1000000u

static uint64_t rsdp_hint;

void acpi_set_rsdp(uint64_t rsdp_paddr)
{
    rsdp_hint = rsdp_paddr;
}

/* (len) bytes at physical (phys), readable: mapped if need be (uncached,
 * as device memory: tables are few and small). NULL when out of reach. */
static const uint8_t *reach(uint64_t phys, uint64_t len)
{
    if (phys == 0 || phys >= SPAN_4G || len > SPAN_4G - phys)
        return NULL;
    if (paging_map_mmio(phys, (size_t)len) != 0 ||
        !paging_readable((uintptr_t)phys, (size_t)len))
        return NULL;
    return (const uint8_t *)(uintptr_t)phys;
}

static uint8_t sum(const uint8_t *p, size_t len)
{
    uint8_t s = 0;

    for (size_t i = 0; i < len; i++)
        s = (uint8_t)(s + p[i]);
    return s;
}

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
    return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

/* A valid RSDP at (p): signature and the checksum of its first 20 bytes
 * (and of all of it from revision 2). */
static bool rsdp_ok(const uint8_t *p)
{
    if (memcmp(p, "RSD PTR ", 8) != 0 || sum(p, 20) != 0)
        return false;
    if (p[15] >= 2) {
        uint32_t len = le32(p + 20);

        if (len < 36 || len > 4096 || !reach((uintptr_t)p, len) ||
            sum(p, len) != 0)
            return false;
    }
    return true;
}

static const uint8_t *find_rsdp(void)
{
    const uint8_t *p;

    if (rsdp_hint) {
        p = reach(rsdp_hint, 20);
        return p && rsdp_ok(p) ? p : NULL;
    }
    p = reach(RSDP_SEARCH_START, RSDP_SEARCH_END - RSDP_SEARCH_START);
    if (!p)
        return NULL;
    for (uint32_t off = 0; off + 20 <= RSDP_SEARCH_END - RSDP_SEARCH_START;
         off += 16)
        if (rsdp_ok(p + off))
            return p + off;
    return NULL;
}

/* The table at (phys) if its header, length and checksum are sound (and
 * its signature is (sig), unless NULL); else NULL, with (*rc) -EINVAL. */
static const uint8_t *table_at(uint64_t phys, const char *sig, int *rc)
{
    const uint8_t *h = reach(phys, TABLE_HEADER);
    uint32_t len;

    if (!h) {
        *rc = -EINVAL;
        return NULL;
    }
    if (sig && memcmp(h, sig, 4) != 0)
        return NULL;
    len = le32(h + 4);
    if (len < TABLE_HEADER || len > TABLE_MAX || !reach(phys, len) ||
        sum(h, len) != 0) {
        *rc = -EINVAL;
        return NULL;
    }
    return h;
}

/* The FADT, through the XSDT (revision 2 and up) or the RSDT. */
static const uint8_t *find_fadt(const uint8_t *rsdp, int *rc)
{
    bool x = rsdp[15] >= 2 && le64(rsdp + 24) != 0;
    uint64_t root = x ? le64(rsdp + 24) : le32(rsdp + 16);
    const uint8_t *t = table_at(root, x ? "XSDT" : "RSDT", rc);
    size_t width = x ? 8 : 4;

    if (!t) {
        if (*rc == 0)
            *rc = -EINVAL; /* the root table is not one */
        return NULL;
    }
    for (uint32_t off = TABLE_HEADER; off + width <= le32(t + 4);
         off += (uint32_t)width) {
        uint64_t entry = x ? le64(t + off) : le32(t + off);
        const uint8_t *f = table_at(entry, "FACP", rc);

        if (f)
            return f;
        if (*rc != 0)
            return NULL;
    }
    *rc = -ENOENT;
    return NULL;
}

/* One element of the \_S5 package at (*p) (before (end)): its value, or
 * -1 for an encoding other than ZeroOp, OneOp or BytePrefix. */
static int s5_element(const uint8_t **p, const uint8_t *end)
{
    const uint8_t *q = *p;

    if (q >= end)
        return -1;
    if (*q == AML_ZERO || *q == AML_ONE) {
        *p = q + 1;
        return *q;
    }
    if (*q == AML_BYTE_PREFIX && q + 1 < end) {
        *p = q + 2;
        return q[1];
    }
    return -1;
}

/* SLP_TYPa and SLP_TYPb of S5 from the DSDT (dsdt): 0, or -ENOENT. */
static int find_s5(const uint8_t *dsdt, unsigned *typ_a, unsigned *typ_b)
{
    const uint8_t *end = dsdt + le32(dsdt + 4);

    for (const uint8_t *p = dsdt + TABLE_HEADER; p + 4 < end; p++) {
        const uint8_t *q;
        unsigned lead;
        int a, b;

        if (memcmp(p, "_S5_", 4) != 0)
            continue;
        /* NameOp just before, or NameOp and the root prefix '\' */
        if (!(p[-1] == AML_NAME_OP ||
              (p[-1] == '\\' && p - 2 >= dsdt && p[-2] == AML_NAME_OP)))
            continue;
        q = p + 4;
        if (q >= end || *q++ != AML_PACKAGE_OP || q >= end)
            continue;
        lead = *q >> 6;    /* PkgLength: bytes that follow its lead byte */
        q += 1 + lead + 1; /* the PkgLength, then NumElements */
        a = s5_element(&q, end);
        b = s5_element(&q, end);
        if (a < 0)
            continue;
        *typ_a = (unsigned)a & 7;
        *typ_b = b < 0 ? 0 : (unsigned)b & 7;
        return 0;
    }
    return -ENOENT;
}

/* Writes the sleep type and SLP_EN to PM1 control port (port). */
static void pm1_sleep(uint16_t port, unsigned typ)
{
    uint16_t v = inw(port);

    v = (uint16_t)((v & ~PM1_SLP_TYP_MASK) | typ << PM1_SLP_TYP_SHIFT);
    outw(port, v);
    outw(port, (uint16_t)(v | PM1_SLP_EN));
}

int acpi_find_s5(struct acpi_s5 *s5)
{
    const uint8_t *rsdp = find_rsdp(), *fadt, *dsdt;
    uint32_t fadt_len, smi_cmd;
    uint64_t dsdt_phys;
    int rc = 0;

    if (!rsdp)
        return -ENOENT;
    fadt = find_fadt(rsdp, &rc);
    if (!fadt)
        return rc;
    fadt_len = le32(fadt + 4);
    if (fadt_len < FADT_MIN_LEN)
        return -EINVAL;
    if (le32(fadt + FADT_FLAGS) & FADT_HW_REDUCED)
        return -ENOTSUP; /* sleep registers instead of PM1 blocks */
    s5->pm1a_cnt = le32(fadt + FADT_PM1A_CNT);
    s5->pm1b_cnt = le32(fadt + FADT_PM1B_CNT);
    if (s5->pm1a_cnt == 0 || s5->pm1a_cnt > 0xffff || s5->pm1b_cnt > 0xffff)
        return -ENOTSUP;
    smi_cmd = le32(fadt + FADT_SMI_CMD);
    s5->smi_cmd = smi_cmd <= 0xffff ? (uint16_t)smi_cmd : 0;
    s5->acpi_enable = fadt[FADT_ACPI_ENABLE];
    dsdt_phys = fadt_len >= FADT_X_DSDT_LEN && le64(fadt + FADT_X_DSDT)
                    ? le64(fadt + FADT_X_DSDT)
                    : le32(fadt + FADT_DSDT);
    dsdt = table_at(dsdt_phys, "DSDT", &rc);
    if (!dsdt)
        return rc ? rc : -EINVAL;
    return find_s5(dsdt, &s5->slp_typ_a, &s5->slp_typ_b);
}

int acpi_poweroff(void)
{
    struct acpi_s5 s5;
    uint16_t pm1a;
    int rc = acpi_find_s5(&s5);

    if (rc != 0)
        return rc;
    pm1a = (uint16_t)s5.pm1a_cnt;
    /* ACPI mode first, if the firmware left the machine in legacy mode */
    if (!(inw(pm1a) & PM1_SCI_EN) && s5.smi_cmd && s5.acpi_enable) {
        outb(s5.smi_cmd, s5.acpi_enable);
        for (unsigned i = 0; i < SCI_ENABLE_SPINS && !(inw(pm1a) & PM1_SCI_EN);
             i++)
            __asm__ volatile("pause");
    }
    pm1_sleep(pm1a, s5.slp_typ_a);
    if (s5.pm1b_cnt)
        pm1_sleep((uint16_t)s5.pm1b_cnt, s5.slp_typ_b);
    for (unsigned i = 0; i < SCI_ENABLE_SPINS; i++)
        __asm__ volatile("pause");
    return -EIO;
}
