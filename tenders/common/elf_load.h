/* SPDX-License-Identifier: ISC */
/* elf_load.h: validating and loading a unikernel image for a tender. */
#ifndef MIRAGE_TENDER_ELF_LOAD_H
#define MIRAGE_TENDER_ELF_LOAD_H

#include <stddef.h>
#include <stdint.h>

#include "mirage/tender_abi.h"

/* PT_LOAD segments an image may have. */
#define TENDER_MAX_SEGMENTS 16

/* Protection bits of a page range (as PF_R, PF_W, PF_X). */
#define TENDER_PROT_X 1u
#define TENDER_PROT_W 2u
#define TENDER_PROT_R 4u

/* The length of an error message (one line, NUL included). */
#define TENDER_ERR_MAX 256

/* A PT_LOAD segment, as validated. */
struct tender_segment {
    uint64_t vaddr;  /* link (and load) address */
    uint64_t memsz;  /* bytes in memory, >= filesz */
    uint64_t offset; /* where its bytes are in the file */
    uint64_t filesz; /* bytes taken from the file; the rest is zero */
    uint32_t prot;   /* TENDER_PROT_* */
};

/* What the validator found in an image. */
struct tender_image {
    unsigned nsegments;
    struct tender_segment segments[TENDER_MAX_SEGMENTS];
    uint64_t entry;
    uint64_t end; /* the end of the last segment, rounded up to a page */
    struct mirage_tender_abi_note abi;
    int has_manifest; /* 0: no manifest note, no devices */
    struct mirage_tender_manifest manifest;
};

/* A page-aligned range [start, end) of guest addresses and its rights. */
struct tender_prot_range {
    uint64_t start, end;
    uint32_t prot; /* TENDER_PROT_* */
};

/*
 * Checks the (size) bytes at (data), read from the file (file) (used in
 * messages only), as an image for a tender of target (target)
 * (MIRAGE_TENDER_TARGET_*) with a guest region of (mem_size) bytes from
 * MIRAGE_TENDER_IMAGE_BASE: ELF64, little-endian, x86-64, ET_EXEC; program
 * headers inside the file; PT_LOAD segments inside the file and the guest
 * region, not overlapping once rounded to pages, never both writable and
 * executable; the entry point in an executable segment; the ABI note
 * present with this version and target; the manifest note, when present,
 * well formed. Maps nothing and reads nothing outside [data, data + size).
 * Returns 0 with (*img) filled, or -1 with a one-line message naming
 * (file) and the culprit in (err) (TENDER_ERR_MAX bytes).
 */
int tender_elf_validate(const uint8_t *data, size_t size, const char *file,
                        uint32_t target, uint64_t mem_size,
                        struct tender_image *img, char *err);

/*
 * Copies the segments of (img), validated from (data), into the guest
 * memory at (guest), which holds guest addresses [guest_base, guest_base +
 * mem_size) and must be zero (a fresh anonymous mapping): of a segment's
 * bss, only the rest of the page its file bytes end in is zeroed, so that
 * the tender touches no page of the bss beyond (they stay out of its
 * resident memory until the guest uses them). Stores in (ranges) (room for
 * TENDER_MAX_SEGMENTS) the page ranges of the segments with the rights
 * each needs, ordered by address, and their number in (*nranges); the
 * caller applies them (mprotect, page tables). Returns 0, or -1 with a
 * message in (err) when a segment does not fit in the memory given.
 */
int tender_elf_load(const struct tender_image *img, const uint8_t *data,
                    size_t size, uint8_t *guest, uint64_t guest_base,
                    uint64_t mem_size, struct tender_prot_range *ranges,
                    unsigned *nranges, char *err);

/*
 * The most bytes of an image file a tender reads: the end of its last
 * segment in the file. The tender holds these bytes twice for a moment
 * (read, then copied into guest memory), and no unikernel comes near
 * (hello.spt's segments are 61 KiB of its 477 KiB file); it was the old
 * limit on the whole file, so nothing that loaded before is refused now.
 */
#define TENDER_IMAGE_MAX (1ull << 30)

/*
 * Reads the image file (path) into a new buffer (*data, *size; caller
 * frees) laid out at file offsets, for tender_elf_validate: the ELF
 * header, the program headers and the file bytes of the PT_LOAD and
 * PT_NOTE segments, zero elsewhere (sections are never read: debug
 * information costs nothing), up to the end of the last of them. Opens
 * without blocking and refuses what is not a regular file (a FIFO, a
 * directory, a device), a file that is not ELF at once (after 64 bytes),
 * a bad ELF header or program header table, a segment outside the file,
 * segments reaching past TENDER_IMAGE_MAX. Returns 0, or -1 with a
 * one-line message naming (path) in (err).
 */
int tender_read_file(const char *path, uint8_t **data, size_t *size, char *err);

/* The name of a target: "spt", "hvt", or "unknown". */
const char *tender_target_name(uint32_t target);

#endif
