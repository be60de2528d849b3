/* SPDX-License-Identifier: ISC */
/* exit.h: the documented exit statuses of every unikernel. */
#ifndef MIRAGE_EXIT_H
#define MIRAGE_EXIT_H

/*
 * Exit statuses, identical on every target. A start function returns its
 * own status (0..62 are free for the unikernel's use); the runtime reserves
 * the values below.
 */
#define MIRAGE_EXIT_SUCCESS  0   /* the start function returned 0 */
#define MIRAGE_EXIT_INFO     63  /* --help or --version was printed */
#define MIRAGE_EXIT_USAGE    64  /* a boot argument was bad or unknown */
#define MIRAGE_EXIT_INTERNAL 125 /* internal error, or a device failed */
#define MIRAGE_EXIT_CRASH    255 /* abort, fault or stack overflow */

#endif
