/* SPDX-License-Identifier: ISC */
/* sys/types.h: a gnulib-style wrapper of the system's <sys/types.h>. */
#ifndef GREETER_SYS_TYPES_H
#define GREETER_SYS_TYPES_H
#include_next <sys/types.h>
#endif
