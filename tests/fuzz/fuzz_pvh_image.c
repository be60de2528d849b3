/* SPDX-License-Identifier: ISC */
/* fuzz_pvh_image.c: mirage run's check of xen/virtio images on hostile bytes.
 */
#define FUZZ_NAME    "fuzz_pvh_image"
#define FUZZ_INPUTS  500000
#define FUZZ_SECONDS 5
#define FUZZ_MAXLEN  0x4000
#define FUZZ_TEXT    0

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"
#include "pvh_image.h"

#define MIB        (1024ull * 1024ull)
#define LOW_LIMIT  MIB
#define HIGH_LIMIT (4ull << 30)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint64_t get(const uint8_t *p, unsigned n)
{
    uint64_t v = 0;

    for (unsigned i = 0; i < n; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

/*
 * The model's scan of the notes in [p, p + len): 1 if one is Xen's
 * PHYS32_ENTRY ("Xen", type 18, at least 4 bytes of entry point). Written
 * apart from pvh_image.c's, in the other direction: each note's end first.
 */
static int model_note(const uint8_t *p, uint64_t len)
{
    uint64_t at = 0;

    while (at + 12 <= len) {
        uint64_t namesz = get(p + at, 4), descsz = get(p + at + 4, 4);
        uint64_t end =
            at + 12 + ((namesz + 3) / 4) * 4 + ((descsz + 3) / 4) * 4;

        if (end > len)
            return 0;
        if (namesz == 4 && memcmp(p + at + 12, "Xen\0", 4) == 0 &&
            get(p + at + 8, 4) == 18 && descsz >= 4)
            return 1;
        at = end;
    }
    return 0;
}

/* Is (err) one line that starts with (path)? */
static int one_line_naming(const char *err, const char *path)
{
    return err[0] && !strchr(err, '\n') &&
           strncmp(err, path, strlen(path)) == 0;
}

/*
 * Checks (data) as the first (size) bytes of a file of (file_size) bytes
 * and checks what pvh_image_check says against the model: an acceptance
 * comes with an end that a loaded segment reaches, inside [1 MiB, 4 GiB],
 * every loaded segment inside it and inside the file, a PVH note, and
 * enough MiB for the end and the heap; a refusal with one line naming the
 * file, and a segment it names that exists. Returns whether it accepted.
 */
static int check_one(const uint8_t *data, size_t size, uint64_t file_size)
{
    struct pvh_image out = {0, 0};
    char err[512];
    const char *seg;
    uint64_t phoff, phnum, end = 0;
    int rc, note = 0, reaches = 0;

    memset(err, 0, sizeof err);
    rc = pvh_image_check(data, size, file_size, "fuzz.xen", "xen", &out, err,
                         sizeof err);
    if (rc != 0) {
        if (rc != -1 || !one_line_naming(err, "fuzz.xen"))
            fuzz_fail("a refusal (%d) without one line naming the file: '%s'",
                      rc, err);
        seg = strstr(err, "segment ");
        if (seg) {
            unsigned long long i = strtoull(seg + 8, NULL, 10);
            if (size < 64 || i >= get(data + 56, 2))
                fuzz_fail("'%s' names a segment the file does not have", err);
        }
        return 0;
    }
    if (err[0])
        fuzz_fail("accepted with a message: '%s'", err);
    if (size < 64)
        fuzz_fail("accepted %zu bytes, no ELF header", size);
    phoff = get(data + 32, 8);
    phnum = get(data + 56, 2);
    if (memcmp(data, "\177ELF\2\1", 6) != 0 || get(data + 16, 2) != 2 ||
        get(data + 18, 2) != 62 || get(data + 54, 2) != 56 || phnum == 0 ||
        phoff > size || phnum * 56 > size - phoff)
        fuzz_fail("accepted a bad ELF header or program headers");
    for (uint64_t i = 0; i < phnum; i++) {
        const uint8_t *ph = data + phoff + i * 56;
        uint64_t type = get(ph, 4), off = get(ph + 8, 8);
        uint64_t paddr = get(ph + 24, 8), filesz = get(ph + 32, 8);
        uint64_t memsz = get(ph + 40, 8);

        if (off > file_size || filesz > file_size - off)
            fuzz_fail("accepted segment %llu past the file's end",
                      (unsigned long long)i);
        if (type == 4 && off + filesz <= size)
            note |= model_note(data + off, filesz);
        if (type != 1 || memsz == 0)
            continue;
        if (filesz > memsz || paddr < LOW_LIMIT || paddr > HIGH_LIMIT ||
            memsz > HIGH_LIMIT - paddr || paddr + memsz > out.end)
            fuzz_fail("accepted segment %llu at 0x%llx+0x%llx (end 0x%llx)",
                      (unsigned long long)i, (unsigned long long)paddr,
                      (unsigned long long)memsz, (unsigned long long)out.end);
        reaches |= paddr + memsz == out.end;
        end = paddr + memsz > end ? paddr + memsz : end;
    }
    if (!reaches || end != out.end || !note)
        fuzz_fail("accepted with end 0x%llx (loads reach 0x%llx), note %d",
                  (unsigned long long)out.end, (unsigned long long)end, note);
    if (out.need_mib * MIB < out.end + PVH_HEAP_MIN ||
        (out.need_mib - 1) * MIB >= out.end + PVH_HEAP_MIN)
        fuzz_fail("need_mib %llu for an end at 0x%llx",
                  (unsigned long long)out.need_mib,
                  (unsigned long long)out.end);
    return 1;
}

/*
 * The input as a whole file, and as the head of a larger one: a larger
 * file only moves the end that segments may reach, so it accepts at least
 * what the whole file does. The virtio check is the xen one.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *copy = fuzz_input_copy(data, size, 0);
    struct pvh_image a, b;
    char err[512];
    int whole = check_one(copy, size, size);
    int head = check_one(copy, size, (uint64_t)size + 0x10000);

    if (whole && !head)
        fuzz_fail("accepted as a whole file, refused as a file's head");
    if ((pvh_image_check(copy, size, size, "v", "virtio", &a, err,
                         sizeof err) == 0) != whole ||
        (whole && (pvh_image_check(copy, size, size, "x", "xen", &b, err,
                                   sizeof err) != 0 ||
                   a.end != b.end || a.need_mib != b.need_mib)))
        fuzz_fail("virtio and xen disagree");
    fuzz_accepted += (unsigned long long)whole;
    fuzz_input_free(copy);
    return 0;
}

#ifndef MIRAGE_FUZZ_LIBFUZZER
#include "fuzz_main.h"

static void put(uint8_t *p, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/*
 * A PVH image of (len) bytes: the ELF header, (nload) LOADs at 1 MiB and
 * up, a NOTE at 0x400 holding (first) an unrelated note then Xen's entry.
 */
static size_t make_image(uint8_t *img, size_t len, unsigned nload, int first)
{
    uint8_t *note = img + 0x400, *ph = img + 64;
    size_t n = 0;

    memset(img, 0, len);
    memcpy(img, "\177ELF\2\1\1", 7);
    put(img + 16, 2, 2);
    put(img + 18, 62, 2);
    put(img + 24, 0x100000, 8);
    put(img + 32, 64, 8);
    put(img + 52, 64, 2);
    put(img + 54, 56, 2);
    put(img + 56, nload + 1, 2);
    for (unsigned i = 0; i < nload; i++, ph += 56) {
        put(ph, 1, 4);
        put(ph + 4, i ? 6 : 5, 4);
        put(ph + 8, i * 0x200, 8);
        put(ph + 16, 0x100000 + i * 0x100000, 8);
        put(ph + 24, 0x100000 + i * 0x100000, 8);
        put(ph + 32, 0x200, 8);
        put(ph + 40, 0x200 + i * 0x10000, 8);
    }
    if (first) { /* a GNU build-id note before Xen's */
        put(note, 4, 4);
        put(note + 4, 8, 4);
        put(note + 8, 3, 4);
        memcpy(note + 12, "GNU", 4);
        n = 24;
    }
    put(note + n, 4, 4);
    put(note + n + 4, 4, 4);
    put(note + n + 8, 18, 4);
    memcpy(note + n + 12, "Xen", 4);
    put(note + n + 16, 0x100000, 4);
    put(ph, 4, 4);
    put(ph + 8, 0x400, 8);
    put(ph + 32, n + 20, 8);
    return len;
}

static size_t fuzz_seeds(uint8_t **seeds, size_t *lens, size_t max)
{
    static uint8_t img[3][0x800];

    if (max < 3)
        return 0;
    lens[0] = make_image(img[0], sizeof img[0], 1, 0);
    lens[1] = make_image(img[1], sizeof img[1], 3, 1);
    lens[2] = make_image(img[2], 0x600, 2, 0);
    for (int i = 0; i < 3; i++)
        seeds[i] = img[i];
    return 3;
}

static int fuzz_seeds_ok(char *why, size_t n)
{
    struct pvh_image out;

    for (size_t i = 0; i < fuzz_nseeds; i++)
        if (pvh_image_check(fuzz_seed[i], fuzz_seed_len[i], fuzz_seed_len[i],
                            "seed", "xen", &out, why, n) != 0)
            return 0;
    return 1;
}
#endif
