/* SPDX-License-Identifier: ISC */
/* check.c: the test's points (check.h). */
#include <stdio.h>
#include <string.h>

#include "check.h"

static int failures;

int check(int ok, const char *name)
{
    if (!ok)
        failures++;
    printf("bearssl: %s %s\n", ok ? "ok" : "not ok", name);
    return ok ? 1 : 0;
}

static int nibble(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

size_t unhex(unsigned char *out, size_t max, const char *hex)
{
    size_t n = 0;

    while (n < max && nibble(hex[0]) >= 0 && nibble(hex[1]) >= 0) {
        out[n++] = (unsigned char)(nibble(hex[0]) << 4 | nibble(hex[1]));
        hex += 2;
    }
    return n;
}

int check_bytes(const void *got, size_t len, const char *want_hex,
                const char *name)
{
    unsigned char want[512];
    size_t n = unhex(want, sizeof(want), want_hex);

    return check(n == len && memcmp(got, want, len) == 0, name);
}

void note(const char *what, const char *text)
{
    printf("bearssl: # %s: %s\n", what, text);
}

int check_failures(void)
{
    return failures;
}
