/* SPDX-License-Identifier: ISC */
/* fuzz_elf_load.c: the tenders' ELF validator and loader on hostile bytes. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "elf_build.h"
#include "elf_load.h"

/* A small guest region, so that loading each accepted input is cheap. */
#define FUZZ_MEM (1u << 20)

static uint8_t guest[FUZZ_MEM];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Whether (a) and (b), both filled by tender_elf_validate, are the same. */
static int same_image(const struct tender_image *a,
                      const struct tender_image *b)
{
    if (a->nsegments != b->nsegments || a->entry != b->entry ||
        a->end != b->end || a->abi.abi_version != b->abi.abi_version ||
        a->abi.target != b->abi.target || a->has_manifest != b->has_manifest ||
        memcmp(&a->manifest, &b->manifest, sizeof a->manifest) != 0)
        return 0;
    for (unsigned i = 0; i < a->nsegments; i++) {
        const struct tender_segment *x = &a->segments[i], *y = &b->segments[i];
        if (x->vaddr != y->vaddr || x->memsz != y->memsz ||
            x->offset != y->offset || x->filesz != y->filesz ||
            x->prot != y->prot)
            return 0;
    }
    return 1;
}

/*
 * Writes (data) to a memfd and reads it back with tender_read_file, which
 * reads only the headers and the segments: the spt validator must accept
 * what it reads exactly when it accepts (data) (accepted), and find the
 * same image (want).
 */
static void check_reader(const uint8_t *data, size_t size, int accepted,
                         const struct tender_image *want)
{
    static int fd = -1;
    static char path[64];
    struct tender_image img;
    char err[TENDER_ERR_MAX];
    uint8_t *buf;
    size_t n;

    if (fd < 0) {
        fd = memfd_create("fuzz_elf_load", MFD_CLOEXEC);
        if (fd < 0) {
            perror("memfd_create");
            abort();
        }
        snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    }
    if (ftruncate(fd, (off_t)size) != 0 ||
        (size && pwrite(fd, data, size, 0) != (ssize_t)size)) {
        perror("memfd");
        abort();
    }
    if (tender_read_file(path, &buf, &n, err) != 0) {
        if (accepted || err[0] == '\0' || strchr(err, '\n'))
            abort();
        return;
    }
    if (n > size)
        abort(); /* nothing is read past the end of the file */
    if ((tender_elf_validate(buf, n, "fuzz", MIRAGE_TENDER_TARGET_SPT, FUZZ_MEM,
                             &img, err) == 0) != accepted ||
        (accepted && !same_image(&img, want)))
        abort();
    free(buf);
}

/* check_reader runs on one input in (reader_every) (a file costs ~10
 * system calls, 20 times the validator's time); the inputs it ran on. */
static unsigned long long reader_every = 1, reader_runs;

/*
 * Validates (data) for both targets; loads what is accepted; reads it as
 * a file too (check_reader), one time in (reader_every).
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint32_t targets[] = {MIRAGE_TENDER_TARGET_SPT,
                                       MIRAGE_TENDER_TARGET_HVT};
    struct tender_image img;
    struct tender_prot_range r[TENDER_MAX_SEGMENTS];
    unsigned nr;
    char err[TENDER_ERR_MAX];
    static unsigned long long calls;

    for (int t = 0; t < 2; t++) {
        int rc = tender_elf_validate(data, size, "fuzz", targets[t], FUZZ_MEM,
                                     &img, err);

        if (t == 0 && calls++ % reader_every == 0) {
            check_reader(data, size, rc == 0, &img);
            reader_runs++;
        }
        if (rc != 0) {
            /* every refusal says something, on one line */
            if (err[0] == '\0' || strchr(err, '\n'))
                abort();
            continue;
        }
        if (tender_elf_load(&img, data, size, guest, MIRAGE_TENDER_IMAGE_BASE,
                            FUZZ_MEM, r, &nr, err) != 0)
            abort(); /* a validated image always fits */
        for (unsigned i = 0; i < nr; i++)
            if (r[i].start < MIRAGE_TENDER_IMAGE_BASE ||
                r[i].end > MIRAGE_TENDER_IMAGE_BASE + FUZZ_MEM ||
                r[i].start >= r[i].end ||
                (i > 0 && r[i].start < r[i - 1].end) ||
                ((r[i].prot & TENDER_PROT_W) && (r[i].prot & TENDER_PROT_X)))
                abort();
    }
    return 0;
}

#ifndef MIRAGE_FUZZ_LIBFUZZER
/*
 * The standalone driver: mutates a corpus of valid images made here with
 * a seeded PRNG, for at most N inputs and S seconds, and prints TAP.
 * Usage: fuzz_elf_load [-n INPUTS] [-t SECONDS] [-s SEED] [-r N]
 *        (-r: read one input in N back as a file, 8 by default)
 *        fuzz_elf_load -w DIR   (writes the seed images to DIR, for
 *                                a libFuzzer corpus)
 */
#include "fuzz_driver.h"
#include "tap.h"

#define NSEEDS 5
#define MAXLEN (EB_SIZE + 256)

static uint8_t seeds[NSEEDS][EB_SIZE];
static size_t seed_len[NSEEDS];

static void make_seeds(void)
{
    struct eb_desc d;

    eb_default(&d);
    seed_len[0] = eb_write(&d, seeds[0]);
    eb_default(&d);
    eb_add_device(&d, "disk", MIRAGE_TENDER_DEV_BLOCK);
    eb_add_device(&d, "service", MIRAGE_TENDER_DEV_NET);
    seed_len[1] = eb_write(&d, seeds[1]);
    eb_default(&d);
    d.abi.target = MIRAGE_TENDER_TARGET_HVT;
    d.with_manifest = 0;
    seed_len[2] = eb_write(&d, seeds[2]);
    eb_default(&d);
    d.phnum = 3; /* text, rodata, data; no PT_NOTE: refused */
    seed_len[3] = eb_write(&d, seeds[3]);
    eb_default(&d); /* notes laid out at 8 bytes, and a GNU property note */
    eb_align8(&d);
    eb_gnu_property(&d);
    eb_add_device(&d, "disk", MIRAGE_TENDER_DEV_BLOCK);
    seed_len[4] = eb_write(&d, seeds[4]);
}

/* Values that tend to find edge cases in size and offset checks. */
static uint64_t interesting(void)
{
    static const uint64_t v[] = {0,
                                 1,
                                 7,
                                 8,
                                 12,
                                 56,
                                 64,
                                 0xfff,
                                 0x1000,
                                 0x1001,
                                 EB_SIZE,
                                 EB_SIZE - 1,
                                 MIRAGE_TENDER_IMAGE_BASE,
                                 MIRAGE_TENDER_IMAGE_BASE + FUZZ_MEM,
                                 MIRAGE_TENDER_IMAGE_BASE + FUZZ_MEM - 1,
                                 0x7fffffff,
                                 0x80000000,
                                 0xffffffff,
                                 0x7fffffffffffffffull,
                                 0x8000000000000000ull,
                                 UINT64_MAX,
                                 UINT64_MAX - 0xfff};
    return v[rnd() % (sizeof v / sizeof v[0])];
}

static size_t mutate(uint8_t *buf, size_t len)
{
    int rounds = 1 + (int)(rnd() % 4);

    for (int r = 0; r < rounds; r++) {
        switch (rnd() % 7) {
        case 0: /* flip bits */
            if (len)
                buf[rnd() % len] ^= (uint8_t)(1u << (rnd() % 8));
            break;
        case 1: /* a random byte */
            if (len)
                buf[rnd() % len] = (uint8_t)rnd();
            break;
        case 2: { /* an interesting value into a header field */
            /* the ELF header or the program headers, field-aligned */
            size_t at =
                (rnd() % 2) ? (rnd() % 8) * 8 : 64 + (rnd() % (56 * 5 / 4)) * 4;
            uint64_t v = interesting();
            int n = (rnd() % 2) ? 8 : 4;
            if (at + (size_t)n <= len)
                eb_put(buf + at, v, n);
            break;
        }
        case 3: /* an interesting value into the notes */
            if (0x2000 + 0x2c0 <= len) {
                size_t at = 0x2000 + (rnd() % (0x2c0 / 4)) * 4;
                eb_put(buf + at, interesting(), 4);
            }
            break;
        case 4: /* cut */
            len = len ? (size_t)(rnd() % len) : 0;
            break;
        case 5: /* grow with random bytes */
            while (len < MAXLEN && rnd() % 8)
                buf[len++] = (uint8_t)rnd();
            break;
        case 6: /* copy a range onto another (splice within the image) */
            if (len > 64) {
                size_t from = rnd() % len, to = rnd() % len;
                size_t n = 1 + rnd() % 64;
                if (from + n <= len && to + n <= len)
                    memmove(buf + to, buf + from, n);
            }
            break;
        }
    }
    return len;
}

/* Writes each seed image to DIR/seedN; returns the exit status. */
static int write_seeds(const char *dir)
{
    for (int i = 0; i < NSEEDS; i++) {
        char path[4096];
        FILE *f;

        snprintf(path, sizeof path, "%s/seed%d", dir, i);
        f = fopen(path, "wb");
        if (!f || fwrite(seeds[i], 1, seed_len[i], f) != seed_len[i] ||
            fclose(f) != 0) {
            perror(path);
            return 1;
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    unsigned long long max_inputs = 200000, done = 0, accepted = 0;
    double seconds = 10, start;
    uint64_t seed = 0x6d69726167650001ull;
    static uint8_t buf[MAXLEN];
    char err[TENDER_ERR_MAX];
    struct tender_image img;
    int ok;

    make_seeds();
    reader_every = 8;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "-w") == 0)
            return write_seeds(argv[i + 1]);
        if (strcmp(argv[i], "-n") == 0)
            max_inputs = strtoull(argv[i + 1], NULL, 10);
        else if (strcmp(argv[i], "-t") == 0)
            seconds = strtod(argv[i + 1], NULL);
        else if (strcmp(argv[i], "-s") == 0)
            seed = strtoull(argv[i + 1], NULL, 0);
        else if (strcmp(argv[i], "-r") == 0)
            reader_every = strtoull(argv[i + 1], NULL, 10);
    }
    fuzz_hang_guard(seconds);
    if (reader_every == 0)
        reader_every = 1;
    rng_state = seed ? seed : 1;

    ok =
        tender_elf_validate(seeds[1], seed_len[1], "seed1",
                            MIRAGE_TENDER_TARGET_SPT, FUZZ_MEM, &img,
                            err) == 0 &&
        tender_elf_validate(seeds[2], seed_len[2], "seed2",
                            MIRAGE_TENDER_TARGET_HVT, FUZZ_MEM, &img,
                            err) == 0 &&
        tender_elf_validate(seeds[4], seed_len[4], "seed4",
                            MIRAGE_TENDER_TARGET_SPT, FUZZ_MEM, &img, err) == 0;
    TAP_OK(ok, "the seed images validate%s%s", ok ? "" : ": ", ok ? "" : err);

    start = now();
    while (done < max_inputs && (done % 256 != 0 || now() - start < seconds)) {
        int s = (int)(rnd() % NSEEDS);
        size_t len;

        memcpy(buf, seeds[s], seed_len[s]);
        len = mutate(buf, seed_len[s]);
        LLVMFuzzerTestOneInput(buf, len);
        if (tender_elf_validate(buf, len, "x", MIRAGE_TENDER_TARGET_SPT,
                                FUZZ_MEM, &img, err) == 0)
            accepted++;
        done++;
    }
    TAP_OK(1,
           "%llu inputs in %.1f s (seed 0x%llx), %llu accepted, %llu read "
           "back as files, no crash",
           done, now() - start, (unsigned long long)seed, accepted,
           reader_runs);
    return tap_done();
}
#endif
