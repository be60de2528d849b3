/* SPDX-License-Identifier: ISC */
/* strerror.c: the text of an errno value, as mirage_strerror gives it. */
#include <string.h>

#include <mirage/error.h>

char *strerror(int errnum)
{
    /* the text is constant: ISO C forbids the caller to change it */
    return (char *)mirage_strerror(errnum);
}
