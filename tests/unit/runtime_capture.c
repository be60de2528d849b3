/* SPDX-License-Identifier: ISC */
/* runtime_capture.c: the platform's output functions, captured for tests. */
#include <string.h>

#include "platform.h"
#include "runtime_capture.h"

char capture_out[CAPTURE_MAX + 1];
char capture_err[CAPTURE_MAX + 1];
size_t capture_out_len, capture_err_len;
unsigned capture_out_writes;

static void append(char *to, size_t *len, const char *buf, size_t n)
{
    if (n > CAPTURE_MAX - *len)
        n = CAPTURE_MAX - *len;
    memcpy(to + *len, buf, n);
    *len += n;
    to[*len] = '\0';
}

void plat_console_write(const char *buf, size_t len)
{
    capture_out_writes++;
    append(capture_out, &capture_out_len, buf, len);
}

void plat_error_write(const char *buf, size_t len)
{
    append(capture_err, &capture_err_len, buf, len);
}

void capture_reset(void)
{
    capture_out_len = capture_err_len = 0;
    capture_out[0] = capture_err[0] = '\0';
    capture_out_writes = 0;
}

size_t capture_count(const char *haystack, const char *needle)
{
    size_t n = 0, len = strlen(needle);

    if (len == 0)
        return 0;
    for (const char *p = strstr(haystack, needle); p;
         p = strstr(p + len, needle))
        n++;
    return n;
}
