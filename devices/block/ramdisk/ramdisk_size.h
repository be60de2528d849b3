/* SPDX-License-Identifier: ISC */
/* ramdisk_size.h: ramdisk(BYTES), parsed alike by the device and by configure.
 */
#ifndef MIRAGE_DEVICES_BLOCK_RAMDISK_SIZE_H
#define MIRAGE_DEVICES_BLOCK_RAMDISK_SIZE_H

#include <stdint.h>

#define RAMDISK_SECTOR      512u
#define RAMDISK_DEFAULT     "1048576"
#define RAMDISK_MAX_SECTORS (UINT64_MAX / RAMDISK_SECTOR)

/* Why a size is refused. */
enum ramdisk_size_error {
    RAMDISK_SIZE_OK = 0,
    RAMDISK_SIZE_NOT_DECIMAL, /* empty, or not only the digits 0-9 */
    RAMDISK_SIZE_NOT_SECTORS, /* 0, or not a multiple of the sector */
    RAMDISK_SIZE_TOO_LARGE,   /* past RAMDISK_MAX_SECTORS sectors */
};

/*
 * Parses the decimal byte count (text) into (*sectors) (512-byte sectors).
 * Returns RAMDISK_SIZE_OK, or why it is refused ((*sectors) unchanged).
 */
static inline enum ramdisk_size_error ramdisk_size_parse(const char *text,
                                                         uint64_t *sectors)
{
    uint64_t bytes = 0;

    if (*text == '\0')
        return RAMDISK_SIZE_NOT_DECIMAL;
    for (const char *p = text; *p; p++) {
        unsigned d = (unsigned)(*p - '0');
        if (d > 9)
            return RAMDISK_SIZE_NOT_DECIMAL;
        if (bytes > (UINT64_MAX - d) / 10)
            return RAMDISK_SIZE_TOO_LARGE;
        bytes = bytes * 10 + d;
    }
    if (bytes == 0 || bytes % RAMDISK_SECTOR != 0)
        return RAMDISK_SIZE_NOT_SECTORS;
    if (bytes / RAMDISK_SECTOR > RAMDISK_MAX_SECTORS)
        return RAMDISK_SIZE_TOO_LARGE;
    *sectors = bytes / RAMDISK_SECTOR;
    return RAMDISK_SIZE_OK;
}

#endif
