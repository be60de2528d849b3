/* SPDX-License-Identifier: ISC */
/* test_acpi.c: finding ACPI's S5 sleep state (pc/acpi.c), on the host. */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#include "acpi.h"
#include "paging.h"
#include "tap.h"

/*
 * The test lays out the tables a firmware would, in memory below 4 GiB
 * (mmap's MAP_32BIT), where acpi.c reads physical addresses as pointers:
 * an RSDP, an RSDT or XSDT, a FADT and a DSDT, each with its checksum.
 * Then it breaks them one way at a time. The paging calls acpi.c makes
 * are the test's: everything in its arena is readable, nothing else.
 */

static uint8_t *arena;
#define ARENA (64u * 1024u)

int paging_map_mmio(uint64_t phys, size_t len)
{
    (void)phys;
    (void)len;
    return 0;
}

int paging_readable(uintptr_t addr, size_t len)
{
    uintptr_t lo = (uintptr_t)arena;

    return addr >= lo && addr - lo <= ARENA && len <= ARENA - (addr - lo);
}

/* Offsets of the tables in the arena. */
#define AT_RSDP 0x0000u
#define AT_ROOT 0x0100u
#define AT_SSDT 0x0200u /* another table, listed before the FADT */
#define AT_FADT 0x0400u
#define AT_DSDT 0x1000u

static uint64_t phys(unsigned off)
{
    return (uint64_t)(uintptr_t)(arena + off);
}

static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static void put64(uint8_t *p, uint64_t v)
{
    put32(p, (uint32_t)v);
    put32(p + 4, (uint32_t)(v >> 32));
}

static uint8_t sum(const uint8_t *p, size_t n)
{
    uint8_t s = 0;

    while (n--)
        s = (uint8_t)(s + *p++);
    return s;
}

/* A table header at (off): signature, length; its checksum fixed later. */
static uint8_t *header(unsigned off, const char *sig, uint32_t len)
{
    uint8_t *t = arena + off;

    memset(t, 0, len);
    memcpy(t, sig, 4);
    put32(t + 4, len);
    t[8] = 2; /* revision */
    return t;
}

static void fix_sum(uint8_t *t)
{
    uint32_t len = (uint32_t)t[4] | (uint32_t)t[5] << 8 | (uint32_t)t[6] << 16 |
                   (uint32_t)t[7] << 24;

    t[9] = 0;
    t[9] = (uint8_t)(0x100 - sum(t, len));
}

/* The \_S5 package as QEMU writes it, at (p): returns its length. */
static size_t s5_aml(uint8_t *p, int root_prefix, uint8_t a, uint8_t b)
{
    size_t n = 0;

    p[n++] = 0x08; /* NameOp */
    if (root_prefix)
        p[n++] = '\\';
    memcpy(p + n, "_S5_", 4);
    n += 4;
    p[n++] = 0x12; /* PackageOp */
    p[n++] = 0x0a; /* PkgLength, one byte */
    p[n++] = 0x04; /* NumElements */
    if (a > 1) {
        p[n++] = 0x0a; /* BytePrefix */
    }
    p[n++] = a;
    if (b > 1) {
        p[n++] = 0x0a;
    }
    p[n++] = b;
    p[n++] = 0x00;
    p[n++] = 0x00;
    return n;
}

/* A sound set: RSDP (revision (rev)) -> RSDT/XSDT -> SSDT, FADT -> DSDT
 * with \_S5 = {a, b}. */
static void build(int rev, uint8_t a, uint8_t b)
{
    uint8_t *rsdp = arena + AT_RSDP, *root, *fadt, *dsdt;
    int x = rev >= 2;
    size_t n;

    memset(arena, 0, ARENA);
    memcpy(rsdp, "RSD PTR ", 8);
    memcpy(rsdp + 9, "MIRAGE", 6);
    rsdp[15] = (uint8_t)rev;
    put32(rsdp + 16, x ? 0 : (uint32_t)phys(AT_ROOT));
    if (x) {
        put32(rsdp + 20, 36);
        put64(rsdp + 24, phys(AT_ROOT));
    }
    rsdp[8] = (uint8_t)(0x100 - sum(rsdp, 20));
    if (x)
        rsdp[32] = (uint8_t)(0x100 - sum(rsdp, 36));

    root = header(AT_ROOT, x ? "XSDT" : "RSDT", 36 + 2 * (x ? 8 : 4));
    if (x) {
        put64(root + 36, phys(AT_SSDT));
        put64(root + 44, phys(AT_FADT));
    } else {
        put32(root + 36, (uint32_t)phys(AT_SSDT));
        put32(root + 40, (uint32_t)phys(AT_FADT));
    }
    fix_sum(root);
    fix_sum(header(AT_SSDT, "SSDT", 40));

    fadt = header(AT_FADT, "FACP", 244);
    put32(fadt + 40, (uint32_t)phys(AT_DSDT)); /* DSDT */
    put32(fadt + 48, 0xb2);                    /* SMI_CMD */
    fadt[52] = 0xf1;                           /* ACPI_ENABLE */
    put32(fadt + 64, 0x604);                   /* PM1a_CNT_BLK */
    fix_sum(fadt);

    dsdt = header(AT_DSDT, "DSDT", 0x200);
    n = 36;
    memcpy(dsdt + n, "\x10\x05_SB_\x5b\x82", 8); /* some other AML first */
    n += 8;
    memcpy(dsdt + n, "_S5", 3); /* not the name: no NameOp before */
    n += 3;
    n += s5_aml(dsdt + n + 4, 1, a, b) + 4;
    fix_sum(dsdt);
}

static int find(struct acpi_s5 *s5)
{
    memset(s5, 0xee, sizeof(*s5));
    return acpi_find_s5(s5);
}

static void test_sound(void)
{
    struct acpi_s5 s5;

    build(0, 0, 0);
    acpi_set_rsdp(phys(AT_RSDP));
    TAP_OK(find(&s5) == 0 && s5.pm1a_cnt == 0x604 && s5.pm1b_cnt == 0 &&
               s5.slp_typ_a == 0 && s5.slp_typ_b == 0,
           "RSDT: PM1a 0x604, no PM1b, S5 = {0, 0} (QEMU's)");
    TAP_OK(s5.smi_cmd == 0xb2 && s5.acpi_enable == 0xf1,
           "the SMI command port and ACPI_ENABLE value");
    build(2, 5, 7);
    TAP_OK(find(&s5) == 0 && s5.slp_typ_a == 5 && s5.slp_typ_b == 7,
           "XSDT (revision 2): S5 = {5, 7} in BytePrefix bytes");
    build(2, 1, 0);
    TAP_OK(find(&s5) == 0 && s5.slp_typ_a == 1 && s5.slp_typ_b == 0,
           "S5 = {One, Zero}");
}

static void test_broken(void)
{
    struct acpi_s5 s5;
    uint8_t *t;

    build(0, 0, 0);
    acpi_set_rsdp(phys(AT_RSDP));
    arena[AT_RSDP + 3] = 'X';
    TAP_OK(find(&s5) == -ENOENT, "a wrong RSDP signature: -ENOENT");
    build(0, 0, 0);
    arena[AT_RSDP + 10] ^= 1;
    TAP_OK(find(&s5) == -ENOENT, "an RSDP checksum off by one: -ENOENT");
    build(2, 0, 0);
    arena[AT_RSDP + 33] ^= 1; /* extended checksum */
    TAP_OK(find(&s5) == -ENOENT, "a bad extended RSDP checksum: -ENOENT");

    build(0, 0, 0);
    arena[AT_ROOT + 20] ^= 1;
    TAP_OK(find(&s5) == -EINVAL, "a bad RSDT checksum: -EINVAL");
    build(0, 0, 0);
    put32(arena + AT_ROOT + 4, 0x7fffffff);
    TAP_OK(find(&s5) == -EINVAL, "an RSDT of 2 GiB: -EINVAL");
    build(0, 0, 0);
    put32(arena + AT_ROOT + 4, ARENA); /* runs past what is readable */
    TAP_OK(find(&s5) == -EINVAL, "an RSDT longer than memory: -EINVAL");
    build(0, 0, 0);
    put32(arena + AT_ROOT + 4, 20);
    TAP_OK(find(&s5) == -EINVAL, "an RSDT shorter than its header: -EINVAL");

    build(0, 0, 0);
    memcpy(arena + AT_FADT, "FACQ", 4);
    TAP_OK(find(&s5) == -ENOENT, "no FACP among the tables: -ENOENT");
    build(0, 0, 0);
    arena[AT_FADT + 100] ^= 0x40;
    TAP_OK(find(&s5) == -EINVAL, "a bad FADT checksum: -EINVAL");
    build(0, 0, 0);
    t = arena + AT_FADT;
    put32(t + 4, 100);
    fix_sum(t);
    TAP_OK(find(&s5) == -EINVAL, "a FADT too short for its flags: -EINVAL");
    build(0, 0, 0);
    t = arena + AT_FADT;
    put32(t + 112, 1u << 20);
    fix_sum(t);
    TAP_OK(find(&s5) == -ENOTSUP, "hardware-reduced ACPI: -ENOTSUP");
    build(0, 0, 0);
    t = arena + AT_FADT;
    put32(t + 64, 0);
    fix_sum(t);
    TAP_OK(find(&s5) == -ENOTSUP, "no PM1a control block: -ENOTSUP");
    build(0, 0, 0);
    t = arena + AT_FADT;
    put32(t + 64, 0x10000);
    fix_sum(t);
    TAP_OK(find(&s5) == -ENOTSUP, "a PM1a port above 0xffff: -ENOTSUP");
    build(0, 0, 0);
    t = arena + AT_FADT;
    put32(t + 40, 0);
    fix_sum(t);
    TAP_OK(find(&s5) == -EINVAL, "no DSDT: -EINVAL");

    build(0, 0, 0);
    arena[AT_DSDT + 0x100] ^= 1;
    TAP_OK(find(&s5) == -EINVAL, "a bad DSDT checksum: -EINVAL");
    build(0, 0, 0);
    memcpy(arena + AT_DSDT, "SSDT", 4);
    TAP_OK(find(&s5) == -EINVAL, "the FADT's DSDT is not one: -EINVAL");
    build(0, 0, 0);
    t = arena + AT_DSDT;
    for (unsigned i = 36; i + 4 < 0x200; i++)
        if (memcmp(t + i, "_S5_", 4) == 0)
            t[i + 4] = 0x13; /* not PackageOp */
    fix_sum(t);
    TAP_OK(find(&s5) == -ENOENT, "_S5_ that is no package: -ENOENT");
    build(0, 0, 0);
    t = arena + AT_DSDT;
    put32(t + 4, 50); /* the table ends before \_S5 */
    fix_sum(t);
    TAP_OK(find(&s5) == -ENOENT, "\\_S5 past the DSDT's end: -ENOENT");
}

static void test_search(void)
{
    struct acpi_s5 s5;

    /* with no hint, the RSDP is looked for in 0xe0000..0xfffff, which is
     * not the test's: nothing readable there, nothing found */
    build(0, 0, 0);
    acpi_set_rsdp(0);
    TAP_OK(find(&s5) == -ENOENT, "no hint, no BIOS area: -ENOENT");
    acpi_set_rsdp(phys(AT_RSDP) + 16);
    TAP_OK(find(&s5) == -ENOENT, "a hint that misses the RSDP: -ENOENT");
}

int main(void)
{
    arena = mmap(NULL, ARENA, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
    if (arena == MAP_FAILED) {
        TAP_OK(0, "an arena below 4 GiB (mmap MAP_32BIT)");
        return tap_done();
    }
    test_sound();
    test_broken();
    test_search();
    return tap_done();
}
