/* SPDX-License-Identifier: ISC */
/* stdlib.h: the little of the standard library that freestanding code uses. */
#ifndef MIRAGE_FREESTANDING_STDLIB_H
#define MIRAGE_FREESTANDING_STDLIB_H

#ifndef MIRAGE_FREESTANDING_SIZE_T
#define MIRAGE_FREESTANDING_SIZE_T
typedef __SIZE_TYPE__ size_t;
#endif

#ifndef NULL
#define NULL ((void *)0)
#endif

/*
 * Ends the unikernel at once as a crash (exit status 255 on every target),
 * with a crash report; never returns.
 */
void abort(void) __attribute__((noreturn));

#endif
