/* SPDX-License-Identifier: ISC */
/* fuzz_elf64.c: the helper's ELF64 symbol reader (symbolize) on hostile bytes.
 */
#define FUZZ_NAME    "fuzz_elf64"
#define FUZZ_INPUTS  1000000
#define FUZZ_SECONDS 5
#define FUZZ_MAXLEN  0x2000
#define FUZZ_TEXT    0

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf64.h"
#include "fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Checks what elf64_lookup finds for (addr) against the sorted symbols. */
static void check_lookup(const struct elf64_image *img, uint64_t addr)
{
    const struct elf64_symbol *s = elf64_lookup(img, addr);

    if (!s) {
        if (img->nsyms && img->syms[0].value <= addr)
            fuzz_fail("no function for 0x%llx, after '%s' at 0x%llx",
                      (unsigned long long)addr, img->syms[0].name,
                      (unsigned long long)img->syms[0].value);
        return;
    }
    if (s < img->syms || s >= img->syms + img->nsyms || s->value > addr)
        fuzz_fail("0x%llx found in a symbol that is not one before it",
                  (unsigned long long)addr);
}

/*
 * Parses the input: a refusal has a one-line reason; an acceptance has
 * symbols named inside the input, NUL-terminated there, sorted by
 * address, no more than the input can hold, text ranges that are not
 * empty, and lookups that find a function starting at or before the
 * address.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *copy = fuzz_input_copy(data, size, 0);
    const char *end = (const char *)copy + size;
    struct elf64_image img;
    const char *why = "unset";
    enum elf64_status st = elf64_parse(&img, copy, size, &why);

    if (st != ELF64_OK) {
        if (st != ELF64_NOT_ELF64 && st != ELF64_NO_SYMTAB &&
            st != ELF64_CORRUPT)
            fuzz_fail("status %d", (int)st);
        if (!why || !why[0] || strchr(why, '\n'))
            fuzz_fail("status %d without a one-line reason", (int)st);
        if (st == ELF64_NOT_ELF64 && size >= 5 &&
            memcmp(copy, "\177ELF\2", 5) == 0)
            fuzz_fail("an ELF64 magic and class refused as not ELF64");
        elf64_free(&img);
        fuzz_input_free(copy);
        return 0;
    }
    if (why)
        fuzz_fail("accepted with a reason: '%s'", why);
    if (size < 64 || memcmp(copy, "\177ELF\2", 5) != 0 ||
        (copy[5] != 1 && copy[5] != 2))
        fuzz_fail("accepted without an ELF64 header");
    if (img.type != (copy[5] == 1 ? (unsigned)copy[16] | copy[17] << 8u
                                  : (unsigned)copy[17] | copy[16] << 8u))
        fuzz_fail("e_type %u misread", img.type);
    if (img.nsyms > size / 24 || img.ntext > size / 64)
        fuzz_fail("%zu symbols and %zu text ranges in %zu bytes", img.nsyms,
                  img.ntext, size);
    for (size_t i = 0; i < img.nsyms; i++) {
        const struct elf64_symbol *s = &img.syms[i];

        if (s->name < (const char *)copy || s->name >= end ||
            !memchr(s->name, '\0', (size_t)(end - s->name)))
            fuzz_fail("symbol %zu's name is not a string of the input", i);
        if (i > 0 && s[-1].value > s->value)
            fuzz_fail("symbols %zu and %zu out of order", i - 1, i);
        check_lookup(&img, s->value);
        check_lookup(&img, s->value - 1);
        check_lookup(&img, s->value + (s->size ? s->size - 1 : 1));
    }
    check_lookup(&img, 0);
    check_lookup(&img, UINT64_MAX);
    for (size_t i = 0; i < img.ntext; i++) {
        const struct elf64_range *r = &img.text[i];
        if (r->start >= r->end || !elf64_in_text(&img, r->start) ||
            !elf64_in_text(&img, r->end - 1))
            fuzz_fail("text range %zu: [0x%llx, 0x%llx)", i,
                      (unsigned long long)r->start, (unsigned long long)r->end);
    }
    fuzz_accepted++;
    elf64_free(&img);
    fuzz_input_free(copy);
    return 0;
}

#ifndef MIRAGE_FUZZ_LIBFUZZER
#include "fuzz_main.h"

/* Stores (v) in (n) bytes at (p), big-endian if (be). */
static void put(uint8_t *p, uint64_t v, unsigned n, int be)
{
    for (unsigned i = 0; i < n; i++)
        p[be ? n - 1 - i : i] = (uint8_t)(v >> (8 * i));
}

/* A symbol: name offset, info, section, value, size. */
static void sym(uint8_t *p, uint32_t name, uint8_t info, uint16_t shndx,
                uint64_t value, uint64_t size, int be)
{
    put(p, name, 4, be);
    p[4] = info;
    put(p + 6, shndx, 2, be);
    put(p + 8, value, 8, be);
    put(p + 16, size, 8, be);
}

/* A section header: type, flags, addr, offset, size, link, entsize. */
static void shdr(uint8_t *p, uint32_t type, uint64_t flags, uint64_t addr,
                 uint64_t off, uint64_t size, uint32_t link, uint64_t entsize,
                 int be)
{
    put(p + 4, type, 4, be);
    put(p + 8, flags, 8, be);
    put(p + 16, addr, 8, be);
    put(p + 24, off, 8, be);
    put(p + 32, size, 8, be);
    put(p + 40, link, 4, be);
    put(p + 56, entsize, 8, be);
}

/*
 * An ELF64 file of 0x400 bytes in byte order (be), of type (type): .text
 * at 0x401000, a symbol table of five (two functions, an ifunc, an
 * object, one undefined function), its string table, and section headers
 * at 0x200.
 */
static size_t make_elf(uint8_t *f, int be, unsigned type)
{
    static const char names[] = "\0main\0helper\0data\0resolve\0undef";
    uint8_t *sh = f + 0x200, *st = f + 0x300;

    memset(f, 0, 0x400);
    memcpy(f, "\177ELF\2", 5);
    f[5] = be ? 2 : 1;
    f[6] = 1;
    put(f + 16, type, 2, be);
    put(f + 18, 62, 2, be);
    put(f + 40, 0x200, 8, be);
    put(f + 52, 64, 2, be);
    put(f + 58, 64, 2, be);
    put(f + 60, 4, 2, be);
    shdr(sh + 64, 1, 6, 0x401000, 0x100, 0x80, 0, 0, be);
    shdr(sh + 128, 2, 0, 0, 0x300, 6 * 24, 3, 24, be);
    shdr(sh + 192, 3, 0, 0, 0x3a0, sizeof names, 0, 0, be);
    sym(st + 24, 1, 0x12, 1, 0x401000, 0x20, be);  /* main: global func */
    sym(st + 48, 6, 0x02, 1, 0x401020, 0, be);     /* helper: local func */
    sym(st + 72, 13, 0x11, 1, 0x401040, 8, be);    /* data: object */
    sym(st + 96, 18, 0x1a, 1, 0x401048, 0x10, be); /* resolve: ifunc */
    sym(st + 120, 26, 0x12, 0, 0, 0, be);          /* undef */
    memcpy(f + 0x3a0, names, sizeof names);
    return 0x400;
}

static size_t fuzz_seeds(uint8_t **seeds, size_t *lens, size_t max)
{
    static uint8_t f[3][0x400];

    if (max < 3)
        return 0;
    lens[0] = make_elf(f[0], 0, ELF64_ET_EXEC);
    lens[1] = make_elf(f[1], 1, ELF64_ET_EXEC);
    lens[2] = make_elf(f[2], 0, ELF64_ET_DYN);
    for (int i = 0; i < 3; i++)
        seeds[i] = f[i];
    return 3;
}

static int fuzz_seeds_ok(char *why, size_t n)
{
    for (size_t i = 0; i < fuzz_nseeds; i++) {
        struct elf64_image img;
        const char *w = NULL;
        enum elf64_status st =
            elf64_parse(&img, fuzz_seed[i], fuzz_seed_len[i], &w);
        int ok = st == ELF64_OK && img.nsyms == 3 && img.ntext == 1 &&
                 strcmp(img.syms[0].name, "main") == 0 &&
                 strcmp(img.syms[2].name, "resolve") == 0 &&
                 elf64_lookup(&img, 0x401025) == &img.syms[1];

        elf64_free(&img);
        if (!ok) {
            snprintf(why, n, "seed %zu: status %d (%s)", i, (int)st,
                     w ? w : "parsed, but not as built");
            return 0;
        }
    }
    return 1;
}
#endif
