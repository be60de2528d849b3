/* SPDX-License-Identifier: ISC */
/* elf64.h: the function symbols of an ELF64 file, read with bounds checks. */
#ifndef MIRAGE_HELPER_ELF64_H
#define MIRAGE_HELPER_ELF64_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* e_type values this code cares about. */
#define ELF64_ET_EXEC 2 /* linked at fixed addresses (NAME.xen) */
#define ELF64_ET_DYN  3 /* position-independent (a unix PIE image) */

/* A function symbol (STT_FUNC or STT_GNU_IFUNC, defined). */
struct elf64_symbol {
    uint64_t value; /* its address in the file's address space */
    uint64_t size;  /* 0 when unknown */
    const char *name;
    bool global; /* STB_GLOBAL or STB_WEAK, else local */
};

/* An address range [start, end) of executable code. */
struct elf64_range {
    uint64_t start, end;
};

struct elf64_image {
    unsigned char *data; /* the file, when elf64_load read it */
    size_t size;
    unsigned type;             /* e_type */
    struct elf64_symbol *syms; /* by address, then size, local first */
    size_t nsyms;
    struct elf64_range *text; /* allocated executable sections */
    size_t ntext;
};

/* Why a file is refused. */
enum elf64_status {
    ELF64_OK = 0,
    ELF64_NOT_ELF64,  /* no ELF magic, or not ELFCLASS64 */
    ELF64_NO_SYMTAB,  /* no SHT_SYMTAB section: stripped */
    ELF64_CORRUPT,    /* an offset, size or index points outside the file */
    ELF64_UNREADABLE, /* the file could not be read (elf64_load) */
};

/*
 * Reads the function symbols and executable sections of the ELF64 file of
 * (size) bytes at (data), either byte order, into (*img), which keeps
 * pointers into (data): it must outlive (*img). Every offset, size and
 * index read from the file is checked against (size), so any input is
 * safe. Returns ELF64_OK, or another status with (*why) set to a static
 * text saying what is wrong; free (*img) with elf64_free in every case.
 */
enum elf64_status elf64_parse(struct elf64_image *img, const void *data,
                              size_t size, const char **why);

/*
 * Reads the file at (path) and parses it as elf64_parse does. Returns
 * ELF64_OK, or another status with (*error) set to a one-line message
 * naming (path) (caller frees); a file that cannot be read gives
 * ELF64_UNREADABLE, with the system's reason in the message. Free (*img) with
 * elf64_free in every case.
 */
enum elf64_status elf64_load(struct elf64_image *img, const char *path,
                             char **error);

void elf64_free(struct elf64_image *img);

/*
 * The function that holds (addr): the symbol whose [value, value + size)
 * contains it, else the nearest function that starts before it; NULL when
 * none starts at or before (addr).
 */
const struct elf64_symbol *elf64_lookup(const struct elf64_image *img,
                                        uint64_t addr);

/* Is (addr) inside an executable section of (img)? */
bool elf64_in_text(const struct elf64_image *img, uint64_t addr);

#endif
