/* SPDX-License-Identifier: ISC */
/* console.c: mirage-hvt's console: PUTS, buffered and flushed at newlines. */
#include <string.h>
#include <unistd.h>

#include "hvt.h"

/* Guest output is buffered, flushed on newline, POLL, exit. */
static char con[8192];
static size_t con_len;

void hvt_console_flush(void)
{
    size_t off = 0;

    while (off < con_len) {
        ssize_t w = write(1, con + off, con_len - off);
        if (w <= 0)
            break;
        off += (size_t)w;
    }
    con_len = 0;
}

static void con_put(const uint8_t *s, uint64_t n)
{
    if (n > sizeof con - con_len)
        hvt_console_flush();
    if (n >= sizeof con) {
        while (n > 0) {
            ssize_t w = write(1, s, n);
            if (w <= 0)
                return;
            s += w;
            n -= (uint64_t)w;
        }
        return;
    }
    memcpy(con + con_len, s, n);
    con_len += n;
    if (memchr(s, '\n', n))
        hvt_console_flush();
}

void hvt_console_puts(struct hvt *h, uint64_t gpa)
{
    struct mirage_hvt_puts p;

    hvt_get_arg(h, MIRAGE_HVT_PUTS, gpa, &p, sizeof p);
    if (!hvt_in_guest(h, p.data, p.len))
        hvt_crash("hypercall PUTS: its data at 0x%llx (%llu bytes) is "
                  "outside guest memory (%llu bytes)",
                  (unsigned long long)p.data, (unsigned long long)p.len,
                  (unsigned long long)h->mem_size);
    con_put(h->mem + p.data, p.len);
}
