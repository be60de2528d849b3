/* SPDX-License-Identifier: ISC */
/* parcel.c: prints the label given, through lib/'s wrapped <stdio.h>. */
#include <stdio.h>

#include "label.h"

int main(int argc, char **argv)
{
    char buf[128];

#ifndef PARCEL_STDIO_WRAPPED
#error "lib/stdio.h was not used"
#endif
    parcel_label(buf, sizeof buf, argc > 1 ? argv[1] : "you");
    puts(buf);
    return 0;
}
