/* SPDX-License-Identifier: ISC */
/* test_helper_pvh.c: mirage run's check of xen and virtio images. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pvh_image.h"
#include "tap.h"

#define IMG 0x3000u

static uint8_t img[IMG];

static void put(uint8_t *p, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/*
 * A small PVH image: the ELF header, a LOAD of 0x2000 file bytes at 1 MiB
 * with 0x40000 in memory, a NOTE with Xen's PHYS32_ENTRY at 0x1000.
 */
static void make(void)
{
    uint8_t *ph = img + 64, *note = img + 0x1000;

    memset(img, 0, sizeof img);
    memcpy(img, "\177ELF", 4);
    img[4] = 2; /* ELFCLASS64 */
    img[5] = 1; /* little-endian */
    img[6] = 1;
    put(img + 16, 2, 2);  /* ET_EXEC */
    put(img + 18, 62, 2); /* x86-64 */
    put(img + 24, 0x100000, 8);
    put(img + 32, 64, 8); /* phoff */
    put(img + 52, 64, 2);
    put(img + 54, 56, 2); /* phentsize */
    put(img + 56, 2, 2);  /* phnum */
    put(ph, 1, 4);        /* PT_LOAD */
    put(ph + 8, 0x1000, 8);
    put(ph + 16, 0x100000, 8);
    put(ph + 24, 0x100000, 8);
    put(ph + 32, 0x2000, 8);
    put(ph + 40, 0x40000, 8);
    put(ph + 56, 4, 4); /* PT_NOTE */
    put(ph + 56 + 8, 0x1000, 8);
    put(ph + 56 + 32, 20, 8);
    put(note, 4, 4);      /* namesz */
    put(note + 4, 4, 4);  /* descsz */
    put(note + 8, 18, 4); /* XEN_ELFNOTE_PHYS32_ENTRY */
    memcpy(note + 12, "Xen", 4);
    put(note + 16, 0x100000, 4);
}

static int check(char *err)
{
    struct pvh_image out;
    return pvh_image_check(img, sizeof img, sizeof img, "t.xen", "xen", &out,
                           err, 256);
}

int main(void)
{
    struct pvh_image out;
    char err[256];
    uint64_t seed = 0x7076682d63686bull;

    make();
    TAP_OK(pvh_image_check(img, sizeof img, sizeof img, "t.xen", "xen", &out,
                           err, sizeof err) == 0,
           "a PVH image passes");
    TAP_OK(out.end == 0x140000, "its end is 1 MiB + 0x40000 (0x%llx)",
           (unsigned long long)out.end);
    TAP_OK(out.need_mib == 2, "it needs 2 MiB (%llu)",
           (unsigned long long)out.need_mib);

    make();
    img[0] = 'X';
    TAP_OK(check(err) < 0 && strstr(err, "not an ELF file"), "no magic: %s",
           err);
    make();
    put(img + 18, 3, 2);
    TAP_OK(check(err) < 0 && strstr(err, "not an x86-64 ELF64 executable"),
           "another machine: %s", err);
    make();
    put(img + 16, 3, 2);
    TAP_OK(check(err) < 0 && strstr(err, "not an x86-64 ELF64 executable"),
           "ET_DYN: %s", err);
    make();
    put(img + 32, 0xffffffffffffff00ull, 8);
    TAP_OK(check(err) < 0 && strstr(err, "program headers"),
           "program headers out of the file: %s", err);
    make();
    put(img + 64 + 32, 0x10000, 8);
    TAP_OK(check(err) < 0 && strstr(err, "runs past the end of the file"),
           "a cut file: %s", err);
    make();
    put(img + 64 + 24, 0x1000, 8);
    TAP_OK(check(err) < 0 && strstr(err, "outside [1 MiB, 4 GiB)"),
           "a segment below 1 MiB: %s", err);
    make();
    put(img + 64 + 24, 0xfffff000ull, 8);
    TAP_OK(check(err) < 0 && strstr(err, "outside [1 MiB, 4 GiB)"),
           "a segment past 4 GiB: %s", err);
    make();
    put(img + 64 + 40, 0xffffffffffffffffull, 8);
    TAP_OK(check(err) < 0 && strstr(err, "outside [1 MiB, 4 GiB)"),
           "a segment of 2^64 bytes: %s", err);
    make();
    put(img + 0x1000 + 8, 17, 4);
    TAP_OK(check(err) < 0 && strstr(err, "has no PVH entry"),
           "no PHYS32_ENTRY note: %s", err);
    make();
    put(img + 0x1000, 0xfffffff0u, 4);
    TAP_OK(check(err) < 0 && strstr(err, "has no PVH entry"),
           "a note whose name runs past the segment: %s", err);

    /* hostile bytes: random flips never crash and never pass silently
     * an image with a segment below 1 MiB */
    int bad = 0;
    for (int i = 0; i < 20000 && !bad; i++) {
        make();
        for (int k = 0; k < 1 + i % 6; k++) {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            img[seed % 0x1100] ^= (uint8_t)(1u << ((seed >> 20) % 8));
        }
        if (pvh_image_check(img, sizeof img, sizeof img, "f", "xen", &out, err,
                            sizeof err) == 0 &&
            (out.end <= 0x100000 || out.end > (4ull << 30)))
            bad = i + 1;
    }
    TAP_OK(!bad,
           "20000 mutated images: no crash, every accepted one inside "
           "[1 MiB, 4 GiB) (%d)",
           bad);
    return tap_done();
}
