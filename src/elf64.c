/* SPDX-License-Identifier: ISC */
/* elf64.c: the function symbols of an ELF64 file, read with bounds checks. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "elf64.h"
#include "util.h"

/* Sizes and values of the ELF64 format (the System V gABI). */
#define EHDR_SIZE     64
#define SHDR_MIN_SIZE 64
#define SYM_MIN_SIZE  24
#define EI_CLASS      4
#define EI_DATA       5
#define ELFCLASS64    2
#define ELFDATA2LSB   1
#define ELFDATA2MSB   2
#define SHT_SYMTAB    2
#define SHT_STRTAB    3
#define SHF_ALLOC     0x2
#define SHF_EXECINSTR 0x4
#define SHN_UNDEF     0
#define SHN_LORESERVE 0xff00
#define STT_FUNC      2
#define STT_GNU_IFUNC 10
#define STB_LOCAL     0

/* Files larger than this are refused (1 GiB). */
#define MAX_FILE_SIZE ((size_t)1 << 30)

/* The bytes of the file and their order; every read is checked. */
struct reader {
    const unsigned char *p;
    size_t size;
    bool big_endian;
};

/* Reads (n) bytes at (off) as an unsigned number; false if out of range. */
static bool rd(const struct reader *r, uint64_t off, unsigned n, uint64_t *v)
{
    uint64_t x = 0;

    if (off > r->size || n > r->size - off)
        return false;
    for (unsigned i = 0; i < n; i++) {
        unsigned k = r->big_endian ? i : n - 1 - i;
        x = (x << 8) | r->p[off + k];
    }
    *v = x;
    return true;
}

/* Is [off, off + len) inside the file? */
static bool in_file(const struct reader *r, uint64_t off, uint64_t len)
{
    return off <= r->size && len <= r->size - off;
}

/* A section header's fields. */
struct shdr {
    uint64_t type, flags, addr, offset, size, link, entsize;
};

static bool read_shdr(const struct reader *r, uint64_t at, struct shdr *s)
{
    uint64_t v;

    if (!rd(r, at + 4, 4, &s->type) || !rd(r, at + 8, 8, &s->flags) ||
        !rd(r, at + 16, 8, &s->addr) || !rd(r, at + 24, 8, &s->offset) ||
        !rd(r, at + 32, 8, &s->size) || !rd(r, at + 40, 4, &v) ||
        !rd(r, at + 56, 8, &s->entsize))
        return false;
    s->link = v;
    return true;
}

static int compare_symbols(const void *a, const void *b)
{
    const struct elf64_symbol *x = a, *y = b;

    if (x->value != y->value)
        return x->value < y->value ? -1 : 1;
    /* at one address, the better name last: sized, then global */
    if ((x->size != 0) != (y->size != 0))
        return x->size != 0 ? 1 : -1;
    if (x->global != y->global)
        return x->global ? 1 : -1;
    return strcmp(x->name, y->name);
}

/* Collects the executable sections of the (shnum) headers at (shoff). */
static void read_text(struct elf64_image *img, const struct reader *r,
                      uint64_t shoff, uint64_t shentsize, uint64_t shnum)
{
    img->text = xcalloc((size_t)shnum, sizeof(*img->text));
    for (uint64_t i = 0; i < shnum; i++) {
        struct shdr s;

        if (!read_shdr(r, shoff + i * shentsize, &s))
            continue;
        if ((s.flags & (SHF_ALLOC | SHF_EXECINSTR)) !=
                (SHF_ALLOC | SHF_EXECINSTR) ||
            s.size == 0 || s.addr + s.size < s.addr)
            continue;
        img->text[img->ntext].start = s.addr;
        img->text[img->ntext].end = s.addr + s.size;
        img->ntext++;
    }
}

/* Collects the function symbols of symbol table (symtab). */
static enum elf64_status read_symbols(struct elf64_image *img,
                                      const struct reader *r,
                                      const struct shdr *symtab,
                                      const struct shdr *strtab,
                                      const char **why)
{
    uint64_t count;

    if (!in_file(r, symtab->offset, symtab->size)) {
        *why = "the symbol table lies outside the file";
        return ELF64_CORRUPT;
    }
    if (!in_file(r, strtab->offset, strtab->size)) {
        *why = "the symbol names lie outside the file";
        return ELF64_CORRUPT;
    }
    if (symtab->entsize < SYM_MIN_SIZE) {
        *why = "the symbol table's entry size is too small";
        return ELF64_CORRUPT;
    }
    count = symtab->size / symtab->entsize;
    img->syms = xcalloc((size_t)count, sizeof(*img->syms));
    for (uint64_t i = 0; i < count; i++) {
        uint64_t at = symtab->offset + i * symtab->entsize;
        uint64_t name, info, shndx, value, size;
        const char *names = (const char *)r->p + strtab->offset;
        struct elf64_symbol *sym;

        if (!rd(r, at, 4, &name) || !rd(r, at + 4, 1, &info) ||
            !rd(r, at + 6, 2, &shndx) || !rd(r, at + 8, 8, &value) ||
            !rd(r, at + 16, 8, &size))
            break; /* cannot happen: the table is inside the file */
        if (((info & 0xf) != STT_FUNC && (info & 0xf) != STT_GNU_IFUNC) ||
            shndx == SHN_UNDEF)
            continue;
        /* a name must end inside the string table */
        if (name >= strtab->size ||
            !memchr(names + name, '\0', (size_t)(strtab->size - name)))
            continue;
        sym = &img->syms[img->nsyms++];
        sym->value = value;
        sym->size = size;
        sym->name = names + name;
        sym->global = (info >> 4) != STB_LOCAL;
    }
    if (img->nsyms > 1)
        qsort(img->syms, img->nsyms, sizeof(*img->syms), compare_symbols);
    return ELF64_OK;
}

enum elf64_status elf64_parse(struct elf64_image *img, const void *data,
                              size_t size, const char **why)
{
    struct reader r = {data, size, false};
    uint64_t type = 0, shoff = 0, shentsize = 0, shnum = 0;
    struct shdr s, strtab;
    bool found = false;

    memset(img, 0, sizeof(*img));
    *why = NULL;
    if (size < 4 || memcmp(data, "\177ELF", 4) != 0) {
        *why = "no ELF magic number";
        return ELF64_NOT_ELF64;
    }
    if (size > EI_CLASS && r.p[EI_CLASS] != ELFCLASS64) {
        *why = r.p[EI_CLASS] == 1 ? "a 32-bit ELF file" : "unknown ELF class";
        return ELF64_NOT_ELF64;
    }
    if (size < EHDR_SIZE) {
        *why = "the ELF header is truncated";
        return ELF64_CORRUPT;
    }
    if (r.p[EI_DATA] != ELFDATA2LSB && r.p[EI_DATA] != ELFDATA2MSB) {
        *why = "an ELF64 file of unknown byte order";
        return ELF64_CORRUPT;
    }
    r.big_endian = r.p[EI_DATA] == ELFDATA2MSB;
    rd(&r, 16, 2, &type);
    rd(&r, 40, 8, &shoff);
    rd(&r, 58, 2, &shentsize);
    rd(&r, 60, 2, &shnum);
    img->type = (unsigned)type;
    if (shoff == 0) {
        *why = "no section headers";
        return ELF64_NO_SYMTAB;
    }
    if (shentsize < SHDR_MIN_SIZE) {
        *why = "the section header size is too small";
        return ELF64_CORRUPT;
    }
    /* with 0xff00 sections or more, section 0's size holds the count */
    if (shnum == 0) {
        if (!rd(&r, shoff + 32, 8, &shnum)) {
            *why = "the section headers lie outside the file";
            return ELF64_CORRUPT;
        }
    }
    if (!in_file(&r, shoff, 0) || shnum > (size - shoff) / shentsize) {
        *why = "the section headers lie outside the file";
        return ELF64_CORRUPT;
    }
    for (uint64_t i = 0; i < shnum && !found; i++) {
        read_shdr(&r, shoff + i * shentsize, &s);
        found = s.type == SHT_SYMTAB;
    }
    if (!found) {
        *why = "no symbol table";
        return ELF64_NO_SYMTAB;
    }
    if (s.link == SHN_UNDEF || s.link >= shnum ||
        !read_shdr(&r, shoff + s.link * shentsize, &strtab) ||
        strtab.type != SHT_STRTAB) {
        *why = "the symbol table's string table is missing";
        return ELF64_CORRUPT;
    }
    read_text(img, &r, shoff, shentsize, shnum);
    return read_symbols(img, &r, &s, &strtab, why);
}

enum elf64_status elf64_load(struct elf64_image *img, const char *path,
                             char **error)
{
    unsigned char *data = NULL;
    size_t size = 0, cap = 0;
    const char *why;
    enum elf64_status st;
    struct stat sb;
    FILE *f;

    memset(img, 0, sizeof(*img));
    *error = NULL;
    f = fopen(path, "rb");
    if (!f || fstat(fileno(f), &sb) < 0) {
        *error = xasprintf("%s: %s", path, strerror(errno));
        if (f)
            fclose(f);
        return ELF64_UNREADABLE;
    }
    if (S_ISDIR(sb.st_mode)) {
        *error = xasprintf("%s: is a directory", path);
        fclose(f);
        return ELF64_UNREADABLE;
    }
    for (;;) {
        size_t n;

        if (size == cap) {
            if (cap >= MAX_FILE_SIZE) {
                *error = xasprintf("%s: larger than 1 GiB", path);
                fclose(f);
                free(data);
                return ELF64_UNREADABLE;
            }
            cap = cap ? 2 * cap : 65536;
            data = xrealloc(data, cap);
        }
        n = fread(data + size, 1, cap - size, f);
        size += n;
        if (n == 0)
            break;
    }
    if (ferror(f)) {
        *error = xasprintf("%s: %s", path, strerror(errno));
        fclose(f);
        free(data);
        return ELF64_UNREADABLE;
    }
    fclose(f);
    st = elf64_parse(img, data, size, &why);
    img->data = data;
    img->size = size;
    if (st == ELF64_NO_SYMTAB)
        *error = xasprintf("%s has no symbol table (stripped?); symbolize the "
                           "unstripped image",
                           path);
    else if (st == ELF64_NOT_ELF64)
        *error = xasprintf("%s: not an ELF64 file (%s)", path, why);
    else if (st != ELF64_OK)
        *error = xasprintf("%s: corrupt ELF64 file: %s", path, why);
    return st;
}

void elf64_free(struct elf64_image *img)
{
    free(img->data);
    free(img->syms);
    free(img->text);
    memset(img, 0, sizeof(*img));
}

/* How many symbols before the nearest one are tried for one holding addr. */
#define LOOKBACK 16

const struct elf64_symbol *elf64_lookup(const struct elf64_image *img,
                                        uint64_t addr)
{
    size_t lo = 0, hi = img->nsyms;

    /* hi: the first symbol starting after addr */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (img->syms[mid].value <= addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (hi == 0)
        return NULL;
    for (size_t k = hi; k > 0 && hi - k < LOOKBACK; k--) {
        const struct elf64_symbol *s = &img->syms[k - 1];
        if (addr - s->value < s->size)
            return s;
    }
    return &img->syms[hi - 1];
}

bool elf64_in_text(const struct elf64_image *img, uint64_t addr)
{
    for (size_t i = 0; i < img->ntext; i++)
        if (addr >= img->text[i].start && addr < img->text[i].end)
            return true;
    return false;
}
