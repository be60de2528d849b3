/* SPDX-License-Identifier: ISC */
/* test_errstr.c: mirage_strerror on unix gives every target's text. */
#include <errno.h>
#include <string.h>

#include <mirage/error.h>

#include "errstr_expect.h"
#include "tap.h"

int main(void)
{
    errstr_check(mirage_strerror, "mirage_strerror (unix)");
    /* the host's names mean the same numbers as the freestanding ones */
    TAP_STREQ(mirage_strerror(-ENOMEM), "out of memory (ENOMEM)",
              "mirage_strerror(-ENOMEM) with the host's ENOMEM");
    TAP_STREQ(mirage_strerror(-ENOTSUP), "not supported (ENOTSUP)",
              "ENOTSUP, an alias, has the text of its number");
    TAP_OK(mirage_strerror(EAGAIN) == mirage_strerror(-EWOULDBLOCK),
           "EWOULDBLOCK is EAGAIN");
    return tap_done();
}
