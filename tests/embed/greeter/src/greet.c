/* SPDX-License-Identifier: ISC */
/* greet.c: the project's ordinary command-line program. */
#include <stdio.h>

#include "greeting.h"

int main(int argc, char **argv)
{
    char buf[128];
#ifndef GREETER_STDIO_WRAPPED
#error "lib/stdio.h was not used"
#endif
    greeting_format(buf, sizeof buf, argc > 1 ? argv[1] : "world");
    puts(buf);
    return 0;
}
