/* SPDX-License-Identifier: ISC */
/* label.c: how a parcel's label is written, for the program. */
#include <stdio.h>

#include "label.h"

int parcel_label(char *buf, size_t size, const char *label)
{
    return snprintf(buf, size, "Parcel for %s", label);
}
