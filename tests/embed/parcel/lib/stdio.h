/* SPDX-License-Identifier: ISC */
/* stdio.h: a gnulib-style wrapper of the system's <stdio.h>. */
#ifndef PARCEL_STDIO_H
#define PARCEL_STDIO_H
#include_next <stdio.h>
#include <sys/types.h>
#define PARCEL_STDIO_WRAPPED 1
#endif
