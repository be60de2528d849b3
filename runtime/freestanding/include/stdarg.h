/* SPDX-License-Identifier: ISC */
/* stdarg.h: variable argument lists, through the compiler's builtins. */
#ifndef MIRAGE_FREESTANDING_STDARG_H
#define MIRAGE_FREESTANDING_STDARG_H

#ifndef MIRAGE_FREESTANDING_VA_LIST
#define MIRAGE_FREESTANDING_VA_LIST
typedef __builtin_va_list va_list; /* the state of a walk over arguments */
#endif

/* Starts walking the arguments after the named parameter (last). */
#define va_start(ap, last) __builtin_va_start(ap, last)
/* The next argument, of (type). */
#define va_arg(ap, type) __builtin_va_arg(ap, type)
/* Ends a walk begun by va_start or va_copy. */
#define va_end(ap) __builtin_va_end(ap)
/* Copies the walk (src) to (dest), which must then be ended too. */
#define va_copy(dest, src) __builtin_va_copy(dest, src)

#endif
