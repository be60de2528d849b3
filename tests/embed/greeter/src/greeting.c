/* SPDX-License-Identifier: ISC */
/* greeting.c: formats the greeting. */
#include <stdio.h>

#include "greeting.h"

int greeting_format(char *buf, size_t size, const char *name)
{
    return snprintf(buf, size, "Greetings, %s!", name);
}
