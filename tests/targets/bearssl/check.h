/* SPDX-License-Identifier: ISC */
/* check.h: the test's points, one console line each, and its parts. */
#ifndef BEARSSL_TEST_CHECK_H
#define BEARSSL_TEST_CHECK_H

#include <stddef.h>

/*
 * Prints "bearssl: ok NAME" or "bearssl: not ok NAME" as (ok) says, and
 * counts a failure. Returns (ok) as 0 or 1.
 */
int check(int ok, const char *name);

/* As check: whether the (len) bytes at (got) are those of (want_hex). */
int check_bytes(const void *got, size_t len, const char *want_hex,
                const char *name);

/* Prints "bearssl: # TEXT", a comment the shell test shows. */
void note(const char *what, const char *text);

/* Decodes (hex) into at most (max) bytes at (out); returns their number. */
size_t unhex(unsigned char *out, size_t max, const char *hex);

/* The failures counted so far. */
int check_failures(void);

/* The parts: known answers of the hashes, MACs and ciphers (kat_sym.c), of
 * ECDSA and RSA (kat_pk.c), the SSL engine (engine.c), and the SSE and
 * x87 control state across fibers (fibers.c). */
void kat_sym(void);
void kat_pk(void);
void engine(void);
void fibers(void);

#endif
