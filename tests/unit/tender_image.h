/* SPDX-License-Identifier: ISC */
/* tender_image.h: the ELF notes and helpers the tenders' test images share. */
#ifndef MIRAGE_TESTS_TENDER_IMAGE_H
#define MIRAGE_TESTS_TENDER_IMAGE_H

/*
 * Included by the hand-made, freestanding images of tests/unit
 * (tender_spt_image.c, tender_hvt_image.c) and tests/hostile
 * (hostile_spt.c, hostile_hvt.c): each declares its notes in the section
 * .note.mirage, which tender_spt.lds makes the image's PT_NOTE segment.
 */
#include <stdint.h>

#include "mirage/tender_abi.h"

/* The ABI note and the manifest note, laid out as an ELF note is. */
struct abi_note {
    uint32_t namesz, descsz, type;
    char name[8];
    struct mirage_tender_abi_note desc;
};

struct manifest_note {
    uint32_t namesz, descsz, type;
    char name[8];
    struct mirage_tender_manifest desc;
};

/* Defines the image's ABI note `abi_note`: ABI (version), for (target). */
#define TENDER_IMAGE_ABI_NOTE(version, target)                                 \
    __attribute__((section(".note.mirage"), aligned(4),                        \
                   used)) static const struct abi_note abi_note = {            \
        8,                                                                     \
        sizeof(struct mirage_tender_abi_note),                                 \
        MIRAGE_TENDER_NOTE_ABI,                                                \
        "MirageC",                                                             \
        {(version), (target)}}

/* The length of the NUL-terminated (s) (no libc in these images). */
static inline unsigned long tender_image_len(const char *s)
{
    unsigned long n = 0;

    while (s[n])
        n++;
    return n;
}

#endif
