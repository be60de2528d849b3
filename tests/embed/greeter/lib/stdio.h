/* SPDX-License-Identifier: ISC */
/* stdio.h: a gnulib-style wrapper of the system's <stdio.h>. */
#ifndef GREETER_STDIO_H
#define GREETER_STDIO_H
#include_next <stdio.h>
#include <sys/types.h>
#define GREETER_STDIO_WRAPPED 1
#endif
