/* SPDX-License-Identifier: ISC */
/* errstr.c: the text of errno values, the same on every target. */
#include <errno.h>
#include <stddef.h>

#include <mirage/error.h>

#include "errstr.h"

/*
 * Indexed by errno value: every value of the freestanding errno.h (Linux's
 * numbers; on unix the host's, which are the same), with its name.
 */
static const char *const errstrs[] = {
    [EPERM] = "operation not permitted (EPERM)",
    [ENOENT] = "no such file or entry (ENOENT)",
    [ESRCH] = "no such process (ESRCH)",
    [EINTR] = "interrupted (EINTR)",
    [EIO] = "input/output error (EIO)",
    [ENXIO] = "no such device or address (ENXIO)",
    [E2BIG] = "argument list too long (E2BIG)",
    [ENOEXEC] = "not an executable format (ENOEXEC)",
    [EBADF] = "bad descriptor (EBADF)",
    [ECHILD] = "no child process (ECHILD)",
    [EAGAIN] = "resource temporarily unavailable (EAGAIN)",
    [ENOMEM] = "out of memory (ENOMEM)",
    [EACCES] = "permission denied (EACCES)",
    [EFAULT] = "bad address (EFAULT)",
    [ENOTBLK] = "not a block device (ENOTBLK)",
    [EBUSY] = "device or resource busy (EBUSY)",
    [EEXIST] = "already exists (EEXIST)",
    [EXDEV] = "link across devices (EXDEV)",
    [ENODEV] = "no such device (ENODEV)",
    [ENOTDIR] = "not a directory (ENOTDIR)",
    [EISDIR] = "is a directory (EISDIR)",
    [EINVAL] = "invalid argument (EINVAL)",
    [ENFILE] = "too many open files in the system (ENFILE)",
    [EMFILE] = "too many open files (EMFILE)",
    [ENOTTY] = "not a terminal (ENOTTY)",
    [ETXTBSY] = "text file busy (ETXTBSY)",
    [EFBIG] = "file too large (EFBIG)",
    [ENOSPC] = "no space left on device (ENOSPC)",
    [ESPIPE] = "illegal seek (ESPIPE)",
    [EROFS] = "read-only (EROFS)",
    [EMLINK] = "too many links (EMLINK)",
    [EPIPE] = "broken pipe (EPIPE)",
    [EDOM] = "argument out of domain (EDOM)",
    [ERANGE] = "out of range (ERANGE)",
    [EDEADLK] = "deadlock would occur (EDEADLK)",
    [ENAMETOOLONG] = "name too long (ENAMETOOLONG)",
    [ENOLCK] = "no lock available (ENOLCK)",
    [ENOSYS] = "not implemented (ENOSYS)",
    [ENOTEMPTY] = "directory not empty (ENOTEMPTY)",
    [ELOOP] = "too many levels of symbolic links (ELOOP)",
    [ENOMSG] = "no message of the wanted type (ENOMSG)",
    [EIDRM] = "identifier removed (EIDRM)",
    [ECHRNG] = "channel number out of range (ECHRNG)",
    [EL2NSYNC] = "level 2 not synchronized (EL2NSYNC)",
    [EL3HLT] = "level 3 halted (EL3HLT)",
    [EL3RST] = "level 3 reset (EL3RST)",
    [ELNRNG] = "link number out of range (ELNRNG)",
    [EUNATCH] = "protocol driver not attached (EUNATCH)",
    [ENOCSI] = "no CSI structure available (ENOCSI)",
    [EL2HLT] = "level 2 halted (EL2HLT)",
    [EBADE] = "invalid exchange (EBADE)",
    [EBADR] = "invalid request descriptor (EBADR)",
    [EXFULL] = "exchange full (EXFULL)",
    [ENOANO] = "no anode (ENOANO)",
    [EBADRQC] = "invalid request code (EBADRQC)",
    [EBADSLT] = "invalid slot (EBADSLT)",
    [EBFONT] = "bad font file format (EBFONT)",
    [ENOSTR] = "not a stream (ENOSTR)",
    [ENODATA] = "no data available (ENODATA)",
    [ETIME] = "timer expired (ETIME)",
    [ENOSR] = "out of stream resources (ENOSR)",
    [ENONET] = "machine is not on the network (ENONET)",
    [ENOPKG] = "package not installed (ENOPKG)",
    [EREMOTE] = "object is remote (EREMOTE)",
    [ENOLINK] = "link has been severed (ENOLINK)",
    [EADV] = "advertise error (EADV)",
    [ESRMNT] = "srmount error (ESRMNT)",
    [ECOMM] = "communication error on send (ECOMM)",
    [EPROTO] = "protocol error (EPROTO)",
    [EMULTIHOP] = "multihop attempted (EMULTIHOP)",
    [EDOTDOT] = "RFS specific error (EDOTDOT)",
    [EBADMSG] = "bad message (EBADMSG)",
    [EOVERFLOW] = "value too large for its type (EOVERFLOW)",
    [ENOTUNIQ] = "name not unique on the network (ENOTUNIQ)",
    [EBADFD] = "descriptor in a bad state (EBADFD)",
    [EREMCHG] = "remote address changed (EREMCHG)",
    [ELIBACC] = "cannot access a needed shared library (ELIBACC)",
    [ELIBBAD] = "corrupted shared library (ELIBBAD)",
    [ELIBSCN] = ".lib section corrupted (ELIBSCN)",
    [ELIBMAX] = "too many shared libraries (ELIBMAX)",
    [ELIBEXEC] = "cannot run a shared library (ELIBEXEC)",
    [EILSEQ] = "invalid or incomplete multibyte character (EILSEQ)",
    [ERESTART] = "interrupted call should be restarted (ERESTART)",
    [ESTRPIPE] = "streams pipe error (ESTRPIPE)",
    [EUSERS] = "too many users (EUSERS)",
    [ENOTSOCK] = "not a socket (ENOTSOCK)",
    [EDESTADDRREQ] = "destination address required (EDESTADDRREQ)",
    [EMSGSIZE] = "message too long (EMSGSIZE)",
    [EPROTOTYPE] = "wrong protocol type for socket (EPROTOTYPE)",
    [ENOPROTOOPT] = "protocol option not available (ENOPROTOOPT)",
    [EPROTONOSUPPORT] = "protocol not supported (EPROTONOSUPPORT)",
    [ESOCKTNOSUPPORT] = "socket type not supported (ESOCKTNOSUPPORT)",
    [ENOTSUP] = "not supported (ENOTSUP)",
    [EPFNOSUPPORT] = "protocol family not supported (EPFNOSUPPORT)",
    [EAFNOSUPPORT] = "address family not supported (EAFNOSUPPORT)",
    [EADDRINUSE] = "address in use (EADDRINUSE)",
    [EADDRNOTAVAIL] = "address not available (EADDRNOTAVAIL)",
    [ENETDOWN] = "network is down (ENETDOWN)",
    [ENETUNREACH] = "network unreachable (ENETUNREACH)",
    [ENETRESET] = "connection dropped by network reset (ENETRESET)",
    [ECONNABORTED] = "connection aborted (ECONNABORTED)",
    [ECONNRESET] = "connection reset (ECONNRESET)",
    [ENOBUFS] = "no buffer space (ENOBUFS)",
    [EISCONN] = "already connected (EISCONN)",
    [ENOTCONN] = "not connected (ENOTCONN)",
    [ESHUTDOWN] = "endpoint shut down (ESHUTDOWN)",
    [ETOOMANYREFS] = "too many references (ETOOMANYREFS)",
    [ETIMEDOUT] = "timed out (ETIMEDOUT)",
    [ECONNREFUSED] = "connection refused (ECONNREFUSED)",
    [EHOSTDOWN] = "host is down (EHOSTDOWN)",
    [EHOSTUNREACH] = "host unreachable (EHOSTUNREACH)",
    [EALREADY] = "already in progress (EALREADY)",
    [EINPROGRESS] = "in progress (EINPROGRESS)",
    [ESTALE] = "stale file handle (ESTALE)",
    [EUCLEAN] = "structure needs cleaning (EUCLEAN)",
    [ENOTNAM] = "not a XENIX named type file (ENOTNAM)",
    [ENAVAIL] = "no XENIX semaphores available (ENAVAIL)",
    [EISNAM] = "is a named type file (EISNAM)",
    [EREMOTEIO] = "remote I/O error (EREMOTEIO)",
    [EDQUOT] = "disk quota exceeded (EDQUOT)",
    [ENOMEDIUM] = "no medium found (ENOMEDIUM)",
    [EMEDIUMTYPE] = "wrong medium type (EMEDIUMTYPE)",
    [ECANCELED] = "cancelled (ECANCELED)",
    [ENOKEY] = "required key not available (ENOKEY)",
    [EKEYEXPIRED] = "key has expired (EKEYEXPIRED)",
    [EKEYREVOKED] = "key has been revoked (EKEYREVOKED)",
    [EKEYREJECTED] = "key was rejected (EKEYREJECTED)",
    [EOWNERDEAD] = "owner died (EOWNERDEAD)",
    [ENOTRECOVERABLE] = "state not recoverable (ENOTRECOVERABLE)",
    [ERFKILL] = "blocked by rfkill (ERFKILL)",
    [EHWPOISON] = "memory page has a hardware error (EHWPOISON)",
};

const char *core_strerror(int err)
{
    /* unsigned: -INT_MIN does not overflow */
    unsigned u = err < 0 ? 0u - (unsigned)err : (unsigned)err;

    return u < sizeof(errstrs) / sizeof(errstrs[0]) ? errstrs[u] : NULL;
}

const char *mirage_strerror(int err)
{
    const char *text = core_strerror(err);

    if (text)
        return text;
    return err == 0 ? "no error" : "unknown error";
}
