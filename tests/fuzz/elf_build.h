/* SPDX-License-Identifier: ISC */
/* elf_build.h: small valid spt images, built in memory for tests. */
#ifndef MIRAGE_TESTS_ELF_BUILD_H
#define MIRAGE_TESTS_ELF_BUILD_H

#include <stdint.h>
#include <string.h>

#include "mirage/tender_abi.h"

/* A program header as written. */
struct eb_ph {
    uint32_t type, flags;
    uint64_t offset, vaddr, filesz, memsz, align;
};

/* What eb_write makes: change fields of eb_default's for bad images. */
struct eb_desc {
    uint8_t ei_class, ei_data;
    uint16_t type, machine;
    uint64_t entry, phoff;
    uint16_t phentsize, phnum;
    struct eb_ph ph[8];
    int with_abi;
    struct mirage_tender_abi_note abi;
    int with_manifest;
    struct mirage_tender_manifest manifest;
    uint32_t note_name_len; /* 8 for "MirageC" */
    uint32_t note_align;    /* the notes' layout: 4, or 8 (eb_align8) */
    int with_gnu_property;  /* a GNU property note at EB_GNU_NOTE */
    size_t size;            /* bytes written (EB_SIZE unless cut) */
};

#define EB_SIZE   0x3010u
#define EB_TEXT   0x100000u
#define EB_RODATA 0x101000u
#define EB_DATA   0x102000u

/* Note layout at file offset 0x2000: ABI note, then the manifest note. */
#define EB_NOTES_SIZE                                                          \
    (12 + 8 + 8 + 12 + 8 + (uint32_t)sizeof(struct mirage_tender_manifest))
/* The same notes laid out at 8 bytes: each descriptor 4 bytes later. */
#define EB_NOTES_SIZE8 (EB_NOTES_SIZE + 8)

/*
 * Where eb_gnu_property puts a GNU property note (as .note.gnu.property
 * of a glibc program: name "GNU", 16 bytes of data, 8-byte layout), and
 * its size.
 */
#define EB_GNU_NOTE      0x2800u
#define EB_GNU_NOTE_SIZE 32u

/* A valid spt image with text, rodata (the notes), data and bss. */
static inline void eb_default(struct eb_desc *d)
{
    memset(d, 0, sizeof *d);
    d->ei_class = 2;
    d->ei_data = 1;
    d->type = 2;
    d->machine = 62;
    d->entry = EB_TEXT;
    d->phoff = 64;
    d->phentsize = 56;
    d->phnum = 4;
    d->ph[0] = (struct eb_ph){1, 5, 0x1000, EB_TEXT, 0x10, 0x10, 0x1000};
    d->ph[1] = (struct eb_ph){
        1, 4, 0x2000, EB_RODATA, EB_NOTES_SIZE, EB_NOTES_SIZE, 0x1000};
    d->ph[2] = (struct eb_ph){1, 6, 0x3000, EB_DATA, 0x10, 0x2000, 0x1000};
    d->ph[3] = (struct eb_ph){
        4, 4, 0x2000, EB_RODATA, EB_NOTES_SIZE, EB_NOTES_SIZE, 4};
    d->with_abi = 1;
    d->abi.abi_version = MIRAGE_TENDER_ABI_VERSION;
    d->abi.target = MIRAGE_TENDER_TARGET_SPT;
    d->with_manifest = 1;
    d->manifest.abi_version = MIRAGE_TENDER_ABI_VERSION;
    d->note_name_len = 8;
    d->note_align = 4;
    d->size = EB_SIZE;
}

/* Lays the Mirage notes of (d) out at 8 bytes, in a segment of p_align 8. */
static inline void eb_align8(struct eb_desc *d)
{
    d->note_align = 8;
    d->ph[1].filesz = d->ph[1].memsz = EB_NOTES_SIZE8;
    d->ph[3].filesz = d->ph[3].memsz = EB_NOTES_SIZE8;
    d->ph[3].align = 8;
}

/*
 * Adds to (d) a second PT_NOTE segment (p_align 8) with a GNU property
 * note, as glibc programs have.
 */
static inline void eb_gnu_property(struct eb_desc *d)
{
    struct eb_ph *ph = &d->ph[d->phnum++];

    d->with_gnu_property = 1;
    ph->type = 4;
    ph->flags = 4;
    ph->offset = EB_GNU_NOTE;
    ph->vaddr = EB_RODATA + 0x800;
    ph->filesz = ph->memsz = EB_GNU_NOTE_SIZE;
    ph->align = 8;
}

/* Adds a device to the manifest of (d). */
static inline void eb_add_device(struct eb_desc *d, const char *name,
                                 uint32_t type)
{
    struct mirage_tender_manifest_entry *e =
        &d->manifest.entries[d->manifest.count++];
    strncpy(e->name, name, sizeof e->name);
    e->type = type;
}

static inline void eb_put(uint8_t *p, uint64_t v, int n)
{
    for (int i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/*
 * One note named (name) (8 bytes at most; (namesz) says how many count)
 * at (p), laid out at (align) bytes: returns its size.
 */
static inline size_t eb_note(uint8_t *p, const char *name, uint32_t namesz,
                             uint32_t type, const void *desc, uint32_t descsz,
                             uint32_t align)
{
    size_t at = (12 + namesz + align - 1) & ~(size_t)(align - 1);

    eb_put(p, namesz, 4);
    eb_put(p + 4, descsz, 4);
    eb_put(p + 8, type, 4);
    memcpy(p + 12, name, strlen(name) + 1);
    memcpy(p + at, desc, descsz);
    return (at + descsz + align - 1) & ~(size_t)(align - 1);
}

/* Writes the image of (d) into (buf) (EB_SIZE bytes); returns d->size. */
static inline size_t eb_write(const struct eb_desc *d, uint8_t *buf)
{
    static const uint8_t text[16] = {0xb8, 0x3c, 0,    0,    0,    0x0f,
                                     0x05, 0xf4, 0xf4, 0xf4, 0xf4, 0xf4,
                                     0xf4, 0xf4, 0xf4, 0xf4};
    uint8_t *n = buf + 0x2000;

    memset(buf, 0, EB_SIZE);
    memcpy(buf, "\177ELF", 4);
    buf[4] = d->ei_class;
    buf[5] = d->ei_data;
    buf[6] = 1;
    eb_put(buf + 16, d->type, 2);
    eb_put(buf + 18, d->machine, 2);
    eb_put(buf + 20, 1, 4);
    eb_put(buf + 24, d->entry, 8);
    eb_put(buf + 32, d->phoff, 8);
    eb_put(buf + 52, 64, 2);
    eb_put(buf + 54, d->phentsize, 2);
    eb_put(buf + 56, d->phnum, 2);
    for (unsigned i = 0; i < 8 && i < d->phnum; i++) {
        uint8_t *p;
        if (d->phoff > 0x1000 || 56 * (i + 1) > 0x1000 - d->phoff)
            break;
        p = buf + d->phoff + 56 * i;
        eb_put(p, d->ph[i].type, 4);
        eb_put(p + 4, d->ph[i].flags, 4);
        eb_put(p + 8, d->ph[i].offset, 8);
        eb_put(p + 16, d->ph[i].vaddr, 8);
        eb_put(p + 24, d->ph[i].vaddr, 8);
        eb_put(p + 32, d->ph[i].filesz, 8);
        eb_put(p + 40, d->ph[i].memsz, 8);
        eb_put(p + 48, d->ph[i].align, 8);
    }
    memcpy(buf + 0x1000, text, sizeof text);
    if (d->with_abi) {
        uint8_t desc[8];
        eb_put(desc, d->abi.abi_version, 4);
        eb_put(desc + 4, d->abi.target, 4);
        n += eb_note(n, "MirageC", d->note_name_len, MIRAGE_TENDER_NOTE_ABI,
                     desc, 8, d->note_align);
    } else {
        /* an unrelated note of the same size keeps the layout */
        uint8_t desc[8] = {0};
        n += eb_note(n, "MirageC", d->note_name_len, 0x1234, desc, 8,
                     d->note_align);
    }
    if (d->with_manifest) {
        eb_note(n, "MirageC", d->note_name_len, MIRAGE_TENDER_NOTE_MANIFEST,
                &d->manifest, (uint32_t)sizeof d->manifest, d->note_align);
    } else {
        uint8_t desc[sizeof(struct mirage_tender_manifest)] = {0};
        eb_note(n, "MirageC", d->note_name_len, 0x1235, desc,
                (uint32_t)sizeof desc, d->note_align);
    }
    if (d->with_gnu_property) {
        /* GNU_PROPERTY_X86_FEATURE_1_AND: IBT, SHSTK; 8-byte padded */
        static const uint8_t prop[16] = {2, 0, 0, 0xc0, 4, 0, 0, 0, 3};
        eb_note(buf + EB_GNU_NOTE, "GNU", 4, 5, prop, sizeof prop, 8);
    }
    memset(buf + 0x3000, 0x5a, 0x10);
    return d->size;
}

#endif
