/* SPDX-License-Identifier: ISC */
/* cmdline_quote.c: the guest's boot command line from the tender's ARGS. */
#include <string.h>

#include "cmdline_quote.h"

/* Appends (c) at (*len) when there is room, always counting it. */
static void put(char *out, size_t size, size_t *len, char c)
{
    if (*len + 1 < size)
        out[*len] = c;
    (*len)++;
}

static int is_plain(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++) {
        char c = *s;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || strchr("%+,-./:=@_^", c)))
            return 0;
    }
    return 1;
}

size_t tender_cmdline_quote(char *const *argv, size_t n, char *out, size_t size)
{
    size_t len = 0;

    for (size_t i = 0; i < n; i++) {
        const char *s = argv[i];
        int plain = is_plain(s);

        if (i > 0)
            put(out, size, &len, ' ');
        if (!plain)
            put(out, size, &len, '\'');
        for (; *s; s++) {
            if (*s == '\'' && !plain) {
                put(out, size, &len, '\'');
                put(out, size, &len, '\\');
                put(out, size, &len, '\'');
                put(out, size, &len, '\'');
            } else {
                put(out, size, &len, *s);
            }
        }
        if (!plain)
            put(out, size, &len, '\'');
    }
    if (size > 0)
        out[len < size ? len : size - 1] = '\0';
    return len;
}
