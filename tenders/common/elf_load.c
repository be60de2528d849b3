/* SPDX-License-Identifier: ISC */
/* elf_load.c: validating and loading a unikernel image for a tender. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elf_load.h"

#define PAGE 4096ull

/* ELF constants used here (the values of <elf.h>). */
#define EHDR_SIZE   64
#define PHDR_SIZE   56
#define ET_EXEC_    2
#define EM_X86_64_  62
#define PT_LOAD_    1
#define PT_INTERP_  3
#define PT_NOTE_    4
#define PF_X_       1u
#define PF_W_       2u
#define PF_R_       4u
#define MAX_PHNUM   256
#define ABI_DESC_SZ ((uint32_t)sizeof(struct mirage_tender_abi_note))
#define MAN_DESC_SZ ((uint32_t)sizeof(struct mirage_tender_manifest))

static void errf(char *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void errf(char *err, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(err, TENDER_ERR_MAX, fmt, ap);
    va_end(ap);
}

static uint16_t get16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static uint64_t get64(const uint8_t *p)
{
    return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

const char *tender_target_name(uint32_t target)
{
    switch (target) {
    case MIRAGE_TENDER_TARGET_HVT:
        return "hvt";
    case MIRAGE_TENDER_TARGET_SPT:
        return "spt";
    default:
        return "unknown";
    }
}

static uint64_t page_down(uint64_t a)
{
    return a & ~(PAGE - 1);
}

/* Rounds up; the callers made sure (a) is far below 2^64. */
static uint64_t page_up(uint64_t a)
{
    return (a + PAGE - 1) & ~(PAGE - 1);
}

static int valid_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

/* Checks the manifest note's (desc) and copies it into (img). */
static int parse_manifest(const uint8_t *desc, const char *file,
                          struct tender_image *img, char *err)
{
    struct mirage_tender_manifest *m = &img->manifest;
    uint32_t version = get32(desc), count = get32(desc + 4);

    if (version != MIRAGE_TENDER_ABI_VERSION) {
        errf(err,
             "%s: the manifest has ABI version %u, this tender has "
             "version %u",
             file, version, MIRAGE_TENDER_ABI_VERSION);
        return -1;
    }
    if (count > MIRAGE_TENDER_MANIFEST_MAX) {
        errf(err, "%s: the manifest declares %u devices, at most %d allowed",
             file, count, MIRAGE_TENDER_MANIFEST_MAX);
        return -1;
    }
    memset(m, 0, sizeof *m);
    m->abi_version = version;
    m->count = count;
    for (uint32_t i = 0; i < count; i++) {
        const uint8_t *e = desc + 8 + (size_t)i * 40;
        struct mirage_tender_manifest_entry *me = &m->entries[i];
        size_t len = 0;

        while (len < MIRAGE_TENDER_NAME_MAX && e[len])
            len++;
        if (len == MIRAGE_TENDER_NAME_MAX) {
            errf(err, "%s: manifest entry %u: the name is not terminated", file,
                 i);
            return -1;
        }
        if (len == 0) {
            errf(err, "%s: manifest entry %u: the name is empty", file, i);
            return -1;
        }
        for (size_t k = 0; k < len; k++) {
            if (!valid_name_char((char)e[k])) {
                errf(err,
                     "%s: manifest entry %u: the name has a character "
                     "other than [a-z0-9_] (byte 0x%02x)",
                     file, i, e[k]);
                return -1;
            }
        }
        memcpy(me->name, e, len);
        me->type = get32(e + 32);
        me->reserved = get32(e + 36);
        if (me->type != MIRAGE_TENDER_DEV_NET &&
            me->type != MIRAGE_TENDER_DEV_BLOCK) {
            errf(err, "%s: manifest entry %u ('%s'): unknown device type %u",
                 file, i, me->name, me->type);
            return -1;
        }
        if (me->reserved != 0) {
            errf(err, "%s: manifest entry %u ('%s'): reserved field is not 0",
                 file, i, me->name);
            return -1;
        }
        for (uint32_t j = 0; j < i; j++) {
            if (strcmp(m->entries[j].name, me->name) == 0) {
                errf(err,
                     "%s: manifest entries %u and %u both declare "
                     "device '%s'",
                     file, j, i, me->name);
                return -1;
            }
        }
    }
    return 0;
}

/*
 * Reads the notes of the PT_NOTE segment (index) at [p, p + len), laid
 * out at (align) bytes (4 or 8).
 */
static int parse_notes(const uint8_t *p, uint64_t len, uint64_t align,
                       unsigned index, const char *file,
                       struct tender_image *img, int *has_abi, char *err)
{
    uint64_t off = 0;

    while (off < len) {
        uint64_t namesz, descsz, name_off, desc_off, next;
        uint32_t type;

        if (len - off < 12) {
            errf(err,
                 "%s: note segment %u: truncated note header at offset "
                 "0x%llx",
                 file, index, (unsigned long long)off);
            return -1;
        }
        namesz = get32(p + off);
        descsz = get32(p + off + 4);
        type = get32(p + off + 8);
        name_off = off + 12;
        /*
         * The descriptor and the next note start at the segment's
         * alignment (4, or 8 as in .note.gnu.property), counted from the
         * start of the segment; at most 2^32 + 2^32 + small: no overflow.
         */
        desc_off = (name_off + namesz + align - 1) & ~(align - 1);
        next = (desc_off + descsz + align - 1) & ~(align - 1);
        if (desc_off > len || descsz > len - desc_off) {
            errf(err,
                 "%s: note segment %u: the note at offset 0x%llx runs past "
                 "the segment (namesz %llu, descsz %llu)",
                 file, index, (unsigned long long)off,
                 (unsigned long long)namesz, (unsigned long long)descsz);
            return -1;
        }
        if (namesz == sizeof MIRAGE_TENDER_NOTE_NAME &&
            memcmp(p + name_off, MIRAGE_TENDER_NOTE_NAME, namesz) == 0) {
            const uint8_t *desc = p + desc_off;

            if (type == MIRAGE_TENDER_NOTE_ABI) {
                if (*has_abi) {
                    errf(err, "%s: more than one ABI note", file);
                    return -1;
                }
                if (descsz != ABI_DESC_SZ) {
                    errf(err,
                         "%s: the ABI note has %llu bytes of data, "
                         "expected %u",
                         file, (unsigned long long)descsz, ABI_DESC_SZ);
                    return -1;
                }
                img->abi.abi_version = get32(desc);
                img->abi.target = get32(desc + 4);
                *has_abi = 1;
            } else if (type == MIRAGE_TENDER_NOTE_MANIFEST) {
                if (img->has_manifest) {
                    errf(err, "%s: more than one manifest note", file);
                    return -1;
                }
                if (descsz != MAN_DESC_SZ) {
                    errf(err,
                         "%s: the manifest note has %llu bytes of data, "
                         "expected %u",
                         file, (unsigned long long)descsz, MAN_DESC_SZ);
                    return -1;
                }
                img->has_manifest = 1;
                if (parse_manifest(desc, file, img, err) != 0)
                    return -1;
            }
        }
        if (next >= len)
            break;
        off = next;
    }
    return 0;
}

/*
 * Checks the ELF header at (d) of a file of (size) bytes (only
 * min(size, EHDR_SIZE) bytes at (d) are read), with the place of its
 * program header table in the file.
 */
static int check_ehdr(const uint8_t *d, uint64_t size, const char *file,
                      char *err)
{
    uint64_t phoff;
    unsigned phentsize, phnum;

    if (size < EHDR_SIZE || memcmp(d, "\177ELF", 4) != 0) {
        errf(err, "%s: not an ELF file", file);
        return -1;
    }
    if (d[4] != 2) {
        errf(err, "%s: not a 64-bit ELF file (EI_CLASS %u)", file, d[4]);
        return -1;
    }
    if (d[5] != 1) {
        errf(err, "%s: not a little-endian ELF file (EI_DATA %u)", file, d[5]);
        return -1;
    }
    if (d[6] != 1 || get32(d + 20) != 1) {
        errf(err, "%s: unknown ELF version", file);
        return -1;
    }
    if (get16(d + 18) != EM_X86_64_) {
        errf(err, "%s: not an x86-64 image (e_machine %u)", file,
             get16(d + 18));
        return -1;
    }
    if (get16(d + 16) != ET_EXEC_) {
        errf(err,
             "%s: not a statically linked executable (e_type %u, "
             "expected ET_EXEC)",
             file, get16(d + 16));
        return -1;
    }
    phoff = get64(d + 32);
    phentsize = get16(d + 54);
    phnum = get16(d + 56);
    if (phnum == 0) {
        errf(err, "%s: no program headers (e_phnum is 0)", file);
        return -1;
    }
    if (phnum > MAX_PHNUM) {
        errf(err, "%s: too many program headers (e_phnum %u, at most %d)", file,
             phnum, MAX_PHNUM);
        return -1;
    }
    if (phentsize != PHDR_SIZE) {
        errf(err, "%s: e_phentsize is %u, expected %d", file, phentsize,
             PHDR_SIZE);
        return -1;
    }
    if (phoff > size || (uint64_t)phnum * PHDR_SIZE > size - phoff) {
        errf(err,
             "%s: program headers (e_phoff 0x%llx, %u entries) run past "
             "the end of the file (%llu bytes)",
             file, (unsigned long long)phoff, phnum, (unsigned long long)size);
        return -1;
    }
    return 0;
}

/*
 * Checks that the file range [off, off + len) of segment (i), a PT_LOAD
 * (kind "file") or a PT_NOTE ("note"), is inside a file of (size) bytes.
 */
static int check_range(uint64_t off, uint64_t len, uint64_t size, unsigned i,
                       const char *kind, const char *file, char *err)
{
    if (off > size || len > size - off) {
        errf(err,
             "%s: segment %u: %s range p_offset 0x%llx + p_filesz 0x%llx "
             "is outside the file (%llu bytes)",
             file, i, kind, (unsigned long long)off, (unsigned long long)len,
             (unsigned long long)size);
        return -1;
    }
    return 0;
}

static int check_segment(const uint8_t *ph, unsigned i, size_t size,
                         const char *file, uint64_t mem_size,
                         struct tender_segment *s, char *err)
{
    uint32_t flags = get32(ph + 4);
    uint64_t limit = MIRAGE_TENDER_IMAGE_BASE + mem_size;

    s->offset = get64(ph + 8);
    s->vaddr = get64(ph + 16);
    s->filesz = get64(ph + 32);
    s->memsz = get64(ph + 40);
    s->prot = flags & (PF_R_ | PF_W_ | PF_X_);
    if (s->filesz > s->memsz) {
        errf(err,
             "%s: segment %u: p_filesz (0x%llx) is larger than p_memsz "
             "(0x%llx)",
             file, i, (unsigned long long)s->filesz,
             (unsigned long long)s->memsz);
        return -1;
    }
    if (check_range(s->offset, s->filesz, size, i, "file", file, err) != 0)
        return -1;
    if (s->vaddr < MIRAGE_TENDER_IMAGE_BASE || s->vaddr > limit ||
        s->memsz > limit - s->vaddr) {
        errf(err,
             "%s: segment %u: p_vaddr 0x%llx + p_memsz 0x%llx is outside "
             "guest memory [0x%llx, 0x%llx)",
             file, i, (unsigned long long)s->vaddr,
             (unsigned long long)s->memsz,
             (unsigned long long)MIRAGE_TENDER_IMAGE_BASE,
             (unsigned long long)limit);
        return -1;
    }
    if ((flags & PF_W_) && (flags & PF_X_)) {
        errf(err, "%s: segment %u is writable and executable (W^X)", file, i);
        return -1;
    }
    return 0;
}

int tender_elf_validate(const uint8_t *data, size_t size, const char *file,
                        uint32_t target, uint64_t mem_size,
                        struct tender_image *img, char *err)
{
    uint64_t phoff;
    unsigned phnum, idx[TENDER_MAX_SEGMENTS];
    struct tender_segment segs[TENDER_MAX_SEGMENTS];
    int has_abi = 0;

    memset(img, 0, sizeof *img);
    err[0] = '\0';
    /* the guest region must fit in the address space, far from its end */
    if (mem_size > (1ull << 46)) {
        errf(err, "%s: guest memory of %llu bytes is too large", file,
             (unsigned long long)mem_size);
        return -1;
    }
    if (check_ehdr(data, size, file, err) != 0)
        return -1;
    phoff = get64(data + 32);
    phnum = get16(data + 56);

    /* PT_LOAD segments first: a note is looked at in a sound image only */
    for (unsigned i = 0; i < phnum; i++) {
        const uint8_t *ph = data + phoff + (size_t)i * PHDR_SIZE;
        uint32_t type = get32(ph);
        struct tender_segment s;

        if (type == PT_INTERP_) {
            errf(err,
                 "%s: segment %u: PT_INTERP: a dynamically linked program, "
                 "not a unikernel image",
                 file, i);
            return -1;
        }
        if (type != PT_LOAD_)
            continue;
        if (check_segment(ph, i, size, file, mem_size, &s, err) != 0)
            return -1;
        if (s.memsz == 0)
            continue;
        if (img->nsegments == TENDER_MAX_SEGMENTS) {
            errf(err, "%s: segment %u: more than %d PT_LOAD segments", file, i,
                 TENDER_MAX_SEGMENTS);
            return -1;
        }
        idx[img->nsegments] = i;
        segs[img->nsegments++] = s;
    }
    if (img->nsegments == 0) {
        errf(err, "%s: no PT_LOAD segment", file);
        return -1;
    }
    /* sort by address (insertion sort: at most 16), then check overlaps */
    for (unsigned i = 1; i < img->nsegments; i++) {
        for (unsigned j = i; j > 0 && segs[j].vaddr < segs[j - 1].vaddr; j--) {
            struct tender_segment t = segs[j];
            unsigned ti = idx[j];

            segs[j] = segs[j - 1];
            idx[j] = idx[j - 1];
            segs[j - 1] = t;
            idx[j - 1] = ti;
        }
    }
    for (unsigned i = 1; i < img->nsegments; i++) {
        if (page_down(segs[i].vaddr) <
            page_up(segs[i - 1].vaddr + segs[i - 1].memsz)) {
            errf(err,
                 "%s: segments %u and %u overlap (page-rounded: 0x%llx < "
                 "0x%llx)",
                 file, idx[i - 1], idx[i],
                 (unsigned long long)page_down(segs[i].vaddr),
                 (unsigned long long)page_up(segs[i - 1].vaddr +
                                             segs[i - 1].memsz));
            return -1;
        }
    }
    memcpy(img->segments, segs, sizeof segs);
    {
        const struct tender_segment *last = &segs[img->nsegments - 1];
        img->end = page_up(last->vaddr + last->memsz);
        if (img->end > MIRAGE_TENDER_IMAGE_BASE + mem_size) {
            errf(err,
                 "%s: segment %u: its last page ends past guest memory "
                 "(0x%llx)",
                 file, idx[img->nsegments - 1],
                 (unsigned long long)(MIRAGE_TENDER_IMAGE_BASE + mem_size));
            return -1;
        }
    }

    img->entry = get64(data + 24);
    {
        int found = 0;
        for (unsigned i = 0; i < img->nsegments && !found; i++) {
            const struct tender_segment *s = &segs[i];
            found = (s->prot & TENDER_PROT_X) && img->entry >= s->vaddr &&
                    img->entry - s->vaddr < s->filesz;
        }
        if (!found) {
            errf(err,
                 "%s: the entry point 0x%llx (e_entry) is not in the file "
                 "bytes of an executable segment",
                 file, (unsigned long long)img->entry);
            return -1;
        }
    }

    for (unsigned i = 0; i < phnum; i++) {
        const uint8_t *ph = data + phoff + (size_t)i * PHDR_SIZE;
        uint64_t off, len, align;

        if (get32(ph) != PT_NOTE_)
            continue;
        off = get64(ph + 8);
        len = get64(ph + 32);
        align = get64(ph + 48);
        if (check_range(off, len, size, i, "note", file, err) != 0)
            return -1;
        if (align != 4 && align != 8) {
            errf(err,
                 "%s: note segment %u: p_align is %llu, expected 4 or 8 "
                 "(the layout of its notes)",
                 file, i, (unsigned long long)align);
            return -1;
        }
        if (parse_notes(data + off, len, align, i, file, img, &has_abi, err) !=
            0)
            return -1;
    }
    if (!has_abi) {
        errf(err,
             "%s: has no Mirage ABI note: not a mirage image (build it with "
             "--with-target=%s)",
             file, tender_target_name(target));
        return -1;
    }
    if (img->abi.abi_version != MIRAGE_TENDER_ABI_VERSION) {
        errf(err,
             "%s: the image has tender ABI version %u, this tender has "
             "version %u: rebuild the image with this toolkit",
             file, img->abi.abi_version, MIRAGE_TENDER_ABI_VERSION);
        return -1;
    }
    if (img->abi.target != target) {
        if (img->abi.target == MIRAGE_TENDER_TARGET_HVT ||
            img->abi.target == MIRAGE_TENDER_TARGET_SPT)
            errf(err,
                 "%s: is an %s image, not an %s one: run it with mirage-%s",
                 file, tender_target_name(img->abi.target),
                 tender_target_name(target),
                 tender_target_name(img->abi.target));
        else
            errf(err, "%s: the ABI note names an unknown target (%u)", file,
                 img->abi.target);
        return -1;
    }
    return 0;
}

int tender_elf_load(const struct tender_image *img, const uint8_t *data,
                    size_t size, uint8_t *guest, uint64_t guest_base,
                    uint64_t mem_size, struct tender_prot_range *ranges,
                    unsigned *nranges, char *err)
{
    *nranges = 0;
    for (unsigned i = 0; i < img->nsegments; i++) {
        const struct tender_segment *s = &img->segments[i];
        uint64_t start = page_down(s->vaddr),
                 end = page_up(s->vaddr + s->memsz), tail;
        uint8_t *dst;

        if (s->vaddr < guest_base || start < guest_base ||
            end - guest_base > mem_size || s->offset > size ||
            s->filesz > size - s->offset || s->filesz > s->memsz) {
            errf(err,
                 "segment at 0x%llx does not fit in guest memory [0x%llx, "
                 "0x%llx)",
                 (unsigned long long)s->vaddr, (unsigned long long)guest_base,
                 (unsigned long long)(guest_base + mem_size));
            return -1;
        }
        dst = guest + (s->vaddr - guest_base);
        memcpy(dst, data + s->offset, s->filesz);
        /* the bss: fresh memory is zero past the file bytes' last page */
        tail = page_up(s->vaddr + s->filesz) - (s->vaddr + s->filesz);
        memset(dst + s->filesz, 0,
               tail < s->memsz - s->filesz ? tail : s->memsz - s->filesz);
        ranges[*nranges].start = start;
        ranges[*nranges].end = end;
        ranges[*nranges].prot = s->prot;
        (*nranges)++;
    }
    return 0;
}

/* What the file type of (mode) is called in messages. */
static const char *file_kind(mode_t mode)
{
    if (S_ISDIR(mode))
        return "a directory";
    if (S_ISFIFO(mode))
        return "a FIFO";
    if (S_ISCHR(mode))
        return "a character device";
    if (S_ISBLK(mode))
        return "a block device";
    if (S_ISSOCK(mode))
        return "a socket";
    return "not a regular file";
}

/* Reads (len) bytes at (off) of (fd) into (buf); 0, or -1 with (err). */
static int read_at(int fd, uint8_t *buf, size_t len, uint64_t off,
                   const char *path, char *err)
{
    while (len > 0) {
        ssize_t n = pread(fd, buf, len, (off_t)off);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            errf(err, "%s: %s", path,
                 n < 0 ? strerror(errno) : "the file shrank while read");
            return -1;
        }
        buf += n;
        len -= (size_t)n;
        off += (uint64_t)n;
    }
    return 0;
}

/* A file range [start, end) to read. */
struct range {
    uint64_t start, end;
};

/*
 * Finds in the file open at (fd), of (size) bytes, what must be read: the
 * ELF header, the program headers, the PT_LOAD and PT_NOTE segments'
 * file ranges, into (r) (room for MAX_PHNUM + 2), sorted by start and
 * apart (the ones that overlap or touch joined), and their number in
 * (*nr). Returns 0, or -1 with (err).
 */
static int find_ranges(int fd, uint64_t size, const char *path, struct range *r,
                       unsigned *nr, char *err)
{
    uint8_t ehdr[EHDR_SIZE] = {0}, ph[MAX_PHNUM * PHDR_SIZE];
    uint64_t phoff;
    unsigned phnum, n = 0;

    if (read_at(fd, ehdr, size < EHDR_SIZE ? (size_t)size : EHDR_SIZE, 0, path,
                err) != 0 ||
        check_ehdr(ehdr, size, path, err) != 0)
        return -1;
    phoff = get64(ehdr + 32);
    phnum = get16(ehdr + 56);
    if (read_at(fd, ph, (size_t)phnum * PHDR_SIZE, phoff, path, err) != 0)
        return -1;
    r[n++] = (struct range){0, EHDR_SIZE};
    r[n++] = (struct range){phoff, phoff + (uint64_t)phnum * PHDR_SIZE};
    for (unsigned i = 0; i < phnum; i++) {
        const uint8_t *p = ph + (size_t)i * PHDR_SIZE;
        uint32_t type = get32(p);
        uint64_t off = get64(p + 8), len = get64(p + 32);

        if (type != PT_LOAD_ && type != PT_NOTE_)
            continue;
        if (check_range(off, len, size, i, type == PT_LOAD_ ? "file" : "note",
                        path, err) != 0)
            return -1;
        r[n++] = (struct range){off, off + len};
    }
    /* insertion sort: at most MAX_PHNUM + 2, once per run */
    for (unsigned i = 1; i < n; i++)
        for (unsigned j = i; j > 0 && r[j].start < r[j - 1].start; j--) {
            struct range t = r[j];
            r[j] = r[j - 1];
            r[j - 1] = t;
        }
    /* ranges that overlap or touch become one: each byte read once */
    *nr = 1;
    for (unsigned i = 1; i < n; i++) {
        struct range *last = &r[*nr - 1];

        if (r[i].start <= last->end)
            last->end = r[i].end > last->end ? r[i].end : last->end;
        else
            r[(*nr)++] = r[i];
    }
    return 0;
}

int tender_read_file(const char *path, uint8_t **data, size_t *size, char *err)
{
    struct range r[MAX_PHNUM + 2];
    struct stat st;
    uint8_t *buf;
    uint64_t span = 0;
    unsigned nr;
    /* non-blocking: opening a FIFO must not wait for a writer */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

    if (fd < 0) {
        errf(err, "%s: %s", path, strerror(errno));
        return -1;
    }
    if (fstat(fd, &st) != 0) {
        errf(err, "%s: %s", path, strerror(errno));
        close(fd);
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        errf(err, "%s: is %s, not an image file", path, file_kind(st.st_mode));
        close(fd);
        return -1;
    }
    if (find_ranges(fd, (uint64_t)st.st_size, path, r, &nr, err) != 0) {
        close(fd);
        return -1;
    }
    for (unsigned i = 0; i < nr; i++)
        span = r[i].end > span ? r[i].end : span;
    if (span > TENDER_IMAGE_MAX) {
        errf(err,
             "%s: its segments reach %llu bytes into the file, more than "
             "the %llu MiB a tender loads",
             path, (unsigned long long)span,
             (unsigned long long)(TENDER_IMAGE_MAX >> 20));
        close(fd);
        return -1;
    }
    /* zero where nothing is read; a large calloc is untouched pages */
    buf = calloc(1, (size_t)span);
    if (!buf) {
        errf(err, "%s: out of memory (%llu bytes)", path,
             (unsigned long long)span);
        close(fd);
        return -1;
    }
    for (unsigned i = 0; i < nr; i++) {
        if (read_at(fd, buf + r[i].start, (size_t)(r[i].end - r[i].start),
                    r[i].start, path, err) != 0) {
            free(buf);
            close(fd);
            return -1;
        }
    }
    close(fd);
    *data = buf;
    *size = (size_t)span;
    return 0;
}
