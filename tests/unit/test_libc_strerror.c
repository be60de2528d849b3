/* SPDX-License-Identifier: ISC */
/* test_libc_strerror.c: the freestanding libc's strerror. */
#include <string.h>

#include "errstr_expect.h"
#include "tap.h"

/* See libc_rename.h: the freestanding strerror and mirage_strerror. */
char *mfs_strerror(int errnum);
const char *mfs_mirage_strerror(int err);

static const char *fs_strerror(int err)
{
    return mfs_strerror(err);
}

int main(void)
{
    errstr_check(fs_strerror, "strerror (freestanding)");
    errstr_check(mfs_mirage_strerror, "mirage_strerror (freestanding)");
    TAP_OK(mfs_strerror(-5) == mfs_mirage_strerror(5),
           "strerror returns mirage_strerror's own string");
    return tap_done();
}
