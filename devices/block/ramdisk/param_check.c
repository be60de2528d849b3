/* SPDX-License-Identifier: ISC */
/* param_check.c: ramdisk(BYTES) checked by the helper as the device does. */
#include <stddef.h>
#include <stdint.h>

#include "ramdisk_size.h"

/*
 * Compiled into the helper `mirage` (not the runtime): the registry entry
 * names it (param_check), so that configure refuses a size that the device
 * would refuse at boot, with the device's own parser. Returns NULL when
 * (param) is a size the device takes, else why not.
 */
const char *block_ramdisk_param_check(const char *param);

const char *block_ramdisk_param_check(const char *param)
{
    uint64_t sectors;

    switch (ramdisk_size_parse(param, &sectors)) {
    case RAMDISK_SIZE_OK:
        return NULL;
    case RAMDISK_SIZE_NOT_DECIMAL:
        return "not a decimal number of bytes";
    case RAMDISK_SIZE_NOT_SECTORS:
        return "not a positive multiple of the 512-byte sector";
    case RAMDISK_SIZE_TOO_LARGE:
        break;
    }
    return "too large";
}
