/* SPDX-License-Identifier: ISC */
/* runtime_capture.h: the platform's output functions, captured for tests. */
#ifndef MIRAGE_TESTS_RUNTIME_CAPTURE_H
#define MIRAGE_TESTS_RUNTIME_CAPTURE_H

#include <stddef.h>

/*
 * runtime_capture.c defines plat_console_write and plat_error_write, so a
 * test linked with it (before the runtime's objects) sees all output here.
 */
#define CAPTURE_MAX (256 * 1024) /* bytes kept of each output */

extern char capture_out[CAPTURE_MAX + 1]; /* console text, NUL-terminated */
extern char capture_err[CAPTURE_MAX + 1]; /* error output, NUL-terminated */
extern size_t capture_out_len, capture_err_len;
extern unsigned capture_out_writes; /* calls of plat_console_write */

/* Forgets all output so far. */
void capture_reset(void);

/* Number of times (needle) occurs in (haystack). */
size_t capture_count(const char *haystack, const char *needle);

#endif
