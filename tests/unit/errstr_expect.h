/* SPDX-License-Identifier: ISC */
/* errstr_expect.h: the text of every errno value, which every target gives. */
#ifndef MIRAGE_TESTS_ERRSTR_EXPECT_H
#define MIRAGE_TESTS_ERRSTR_EXPECT_H

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

/* What mirage_strerror gives, each text ending with its errno's name. */
static const char *const errstr_expected[] = {
    "operation not permitted (EPERM)",
    "no such file or entry (ENOENT)",
    "no such process (ESRCH)",
    "interrupted (EINTR)",
    "input/output error (EIO)",
    "no such device or address (ENXIO)",
    "argument list too long (E2BIG)",
    "not an executable format (ENOEXEC)",
    "bad descriptor (EBADF)",
    "no child process (ECHILD)",
    "resource temporarily unavailable (EAGAIN)",
    "out of memory (ENOMEM)",
    "permission denied (EACCES)",
    "bad address (EFAULT)",
    "not a block device (ENOTBLK)",
    "device or resource busy (EBUSY)",
    "already exists (EEXIST)",
    "link across devices (EXDEV)",
    "no such device (ENODEV)",
    "not a directory (ENOTDIR)",
    "is a directory (EISDIR)",
    "invalid argument (EINVAL)",
    "too many open files in the system (ENFILE)",
    "too many open files (EMFILE)",
    "not a terminal (ENOTTY)",
    "text file busy (ETXTBSY)",
    "file too large (EFBIG)",
    "no space left on device (ENOSPC)",
    "illegal seek (ESPIPE)",
    "read-only (EROFS)",
    "too many links (EMLINK)",
    "broken pipe (EPIPE)",
    "argument out of domain (EDOM)",
    "out of range (ERANGE)",
    "deadlock would occur (EDEADLK)",
    "name too long (ENAMETOOLONG)",
    "no lock available (ENOLCK)",
    "not implemented (ENOSYS)",
    "directory not empty (ENOTEMPTY)",
    "too many levels of symbolic links (ELOOP)",
    "no message of the wanted type (ENOMSG)",
    "identifier removed (EIDRM)",
    "channel number out of range (ECHRNG)",
    "level 2 not synchronized (EL2NSYNC)",
    "level 3 halted (EL3HLT)",
    "level 3 reset (EL3RST)",
    "link number out of range (ELNRNG)",
    "protocol driver not attached (EUNATCH)",
    "no CSI structure available (ENOCSI)",
    "level 2 halted (EL2HLT)",
    "invalid exchange (EBADE)",
    "invalid request descriptor (EBADR)",
    "exchange full (EXFULL)",
    "no anode (ENOANO)",
    "invalid request code (EBADRQC)",
    "invalid slot (EBADSLT)",
    "bad font file format (EBFONT)",
    "not a stream (ENOSTR)",
    "no data available (ENODATA)",
    "timer expired (ETIME)",
    "out of stream resources (ENOSR)",
    "machine is not on the network (ENONET)",
    "package not installed (ENOPKG)",
    "object is remote (EREMOTE)",
    "link has been severed (ENOLINK)",
    "advertise error (EADV)",
    "srmount error (ESRMNT)",
    "communication error on send (ECOMM)",
    "protocol error (EPROTO)",
    "multihop attempted (EMULTIHOP)",
    "RFS specific error (EDOTDOT)",
    "bad message (EBADMSG)",
    "value too large for its type (EOVERFLOW)",
    "name not unique on the network (ENOTUNIQ)",
    "descriptor in a bad state (EBADFD)",
    "remote address changed (EREMCHG)",
    "cannot access a needed shared library (ELIBACC)",
    "corrupted shared library (ELIBBAD)",
    ".lib section corrupted (ELIBSCN)",
    "too many shared libraries (ELIBMAX)",
    "cannot run a shared library (ELIBEXEC)",
    "invalid or incomplete multibyte character (EILSEQ)",
    "interrupted call should be restarted (ERESTART)",
    "streams pipe error (ESTRPIPE)",
    "too many users (EUSERS)",
    "not a socket (ENOTSOCK)",
    "destination address required (EDESTADDRREQ)",
    "message too long (EMSGSIZE)",
    "wrong protocol type for socket (EPROTOTYPE)",
    "protocol option not available (ENOPROTOOPT)",
    "protocol not supported (EPROTONOSUPPORT)",
    "socket type not supported (ESOCKTNOSUPPORT)",
    "not supported (ENOTSUP)",
    "protocol family not supported (EPFNOSUPPORT)",
    "address family not supported (EAFNOSUPPORT)",
    "address in use (EADDRINUSE)",
    "address not available (EADDRNOTAVAIL)",
    "network is down (ENETDOWN)",
    "network unreachable (ENETUNREACH)",
    "connection dropped by network reset (ENETRESET)",
    "connection aborted (ECONNABORTED)",
    "connection reset (ECONNRESET)",
    "no buffer space (ENOBUFS)",
    "already connected (EISCONN)",
    "not connected (ENOTCONN)",
    "endpoint shut down (ESHUTDOWN)",
    "too many references (ETOOMANYREFS)",
    "timed out (ETIMEDOUT)",
    "connection refused (ECONNREFUSED)",
    "host is down (EHOSTDOWN)",
    "host unreachable (EHOSTUNREACH)",
    "already in progress (EALREADY)",
    "in progress (EINPROGRESS)",
    "stale file handle (ESTALE)",
    "structure needs cleaning (EUCLEAN)",
    "not a XENIX named type file (ENOTNAM)",
    "no XENIX semaphores available (ENAVAIL)",
    "is a named type file (EISNAM)",
    "remote I/O error (EREMOTEIO)",
    "disk quota exceeded (EDQUOT)",
    "no medium found (ENOMEDIUM)",
    "wrong medium type (EMEDIUMTYPE)",
    "cancelled (ECANCELED)",
    "required key not available (ENOKEY)",
    "key has expired (EKEYEXPIRED)",
    "key has been revoked (EKEYREVOKED)",
    "key was rejected (EKEYREJECTED)",
    "owner died (EOWNERDEAD)",
    "state not recoverable (ENOTRECOVERABLE)",
    "blocked by rfkill (ERFKILL)",
    "memory page has a hardware error (EHWPOISON)",
};
#define ERRSTR_NEXPECTED (sizeof(errstr_expected) / sizeof(errstr_expected[0]))

/* A #define of the freestanding errno.h: a name and a number or a name. */
struct errstr_def {
    char name[32], value[32];
};

/*
 * Reads the E* definitions of the freestanding errno.h ($top_srcdir, as
 * make check sets it) into (defs); returns how many, -1 when the file
 * cannot be read (a diagnostic printed), -2 without $top_srcdir.
 */
static int errstr_read_defs(struct errstr_def *defs, int max)
{
    const char *top = getenv("top_srcdir");
    char path[4096], line[256];
    FILE *f;
    int n = 0;

    if (!top)
        return -2;
    snprintf(path, sizeof(path), "%s/runtime/freestanding/include/errno.h",
             top);
    f = fopen(path, "r");
    if (!f) {
        printf("# cannot open %s\n", path);
        return -1;
    }
    while (fgets(line, sizeof(line), f) && n < max)
        if (sscanf(line, "#define %31s %31s", defs[n].name, defs[n].value) ==
                2 &&
            defs[n].name[0] == 'E')
            n++;
    fclose(f);
    return n;
}

/* The number of definition (name) of (defs), aliases followed; -1 if none. */
static int errstr_value(const struct errstr_def *defs, int n, const char *name)
{
    for (int hops = 0; hops < 4; hops++) {
        int i = 0;
        while (i < n && strcmp(defs[i].name, name) != 0)
            i++;
        if (i == n)
            return -1;
        if (defs[i].value[0] >= '0' && defs[i].value[0] <= '9')
            return atoi(defs[i].value);
        name = defs[i].value;
    }
    return -1;
}

/* The expected text for errno value (v), by the name it ends with; NULL. */
static const char *errstr_expected_for(const struct errstr_def *defs, int n,
                                       int v)
{
    for (size_t k = 0; k < ERRSTR_NEXPECTED; k++) {
        const char *open = strrchr(errstr_expected[k], '(');
        char name[32];
        if (open && sscanf(open, "(%31[A-Z0-9])", name) == 1 &&
            errstr_value(defs, n, name) == v)
            return errstr_expected[k];
    }
    return NULL;
}

/*
 * Checks (fn) (mirage_strerror, or a libc's strerror), called (what): for
 * every value the freestanding errno.h defines, positive and negative, it
 * gives the expected text; every expected text names a defined value; other
 * values give "unknown error", 0 "no error".
 */
static void errstr_check(const char *(*fn)(int), const char *what)
{
    static struct errstr_def defs[256];
    int n = errstr_read_defs(defs, 256), nvalues = 0, bad = 0;
    static const int unknown[] = {41, 58, 134, -134, 4096, INT_MAX, INT_MIN};

    if (n == -2) {
        TAP_SKIP("top_srcdir is not set (run the test with make check)",
                 "%s: every errno.h value", what);
        return;
    }
    TAP_OK(n > 100, "%s: the freestanding errno.h read (%d definitions)", what,
           n);
    for (int i = 0; i < n; i++) {
        int v = atoi(defs[i].value);
        const char *want, *got, *got_neg;
        if (!(defs[i].value[0] >= '0' && defs[i].value[0] <= '9'))
            continue; /* an alias: its number is checked under its name */
        nvalues++;
        want = errstr_expected_for(defs, n, v);
        got = fn(v);
        got_neg = fn(-v);
        if (!want || !got || !got_neg || strcmp(got, want) != 0 ||
            strcmp(got_neg, want) != 0) {
            if (bad++ < 10)
                printf("# %s %d: got \"%s\" (-%d: \"%s\"), want \"%s\"\n",
                       defs[i].name, v, got ? got : "(null)", v,
                       got_neg ? got_neg : "(null)", want ? want : "(none)");
        }
    }
    TAP_OK(bad == 0 && nvalues > 100,
           "%s: each of the %d values of errno.h, positive or negative, has "
           "its text (%d wrong)",
           what, nvalues, bad);
    bad = 0;
    for (size_t k = 0; k < ERRSTR_NEXPECTED; k++) {
        const char *open = strrchr(errstr_expected[k], '(');
        char name[32] = "";
        if (!open || sscanf(open, "(%31[A-Z0-9])", name) != 1 ||
            errstr_value(defs, n, name) < 0) {
            if (bad++ < 10)
                printf("# expected \"%s\" names no errno.h value\n",
                       errstr_expected[k]);
        }
    }
    TAP_OK(bad == 0 && (int)ERRSTR_NEXPECTED == nvalues,
           "%s: the table names %zu values of errno.h, each once", what,
           ERRSTR_NEXPECTED);
    bad = 0;
    for (size_t k = 0; k < sizeof(unknown) / sizeof(unknown[0]); k++) {
        const char *got = fn(unknown[k]);
        if (!got || strcmp(got, "unknown error") != 0) {
            printf("# %d: got \"%s\"\n", unknown[k], got ? got : "(null)");
            bad++;
        }
    }
    TAP_OK(bad == 0, "%s: a value errno.h does not define: \"unknown error\"",
           what);
    TAP_OK(fn(0) && strcmp(fn(0), "no error") == 0, "%s: 0 is \"no error\"",
           what);
}

#endif
