/* SPDX-License-Identifier: ISC */
/* platform.h: the one API that each runtime/<platform> implements. */
#ifndef MIRAGE_PLATFORM_H
#define MIRAGE_PLATFORM_H

/*
 * runtime/core and devices/ reach the host or the hardware only through
 * these plat_* functions. They are internal: the build localises every
 * symbol that is not mirage_*, so no plat_* name is visible to, or can clash
 * with, a unikernel's own code.
 */

#include <stddef.h>
#include <stdint.h>

/* Writes (len) bytes of unikernel output (the console; stdout on unix). */
void plat_console_write(const char *buf, size_t len);

/*
 * Writes (len) bytes of a runtime diagnostic: argument errors, crash reports
 * (stderr on unix; the console where there is only one).
 */
void plat_error_write(const char *buf, size_t len);

/* Monotonic time in nanoseconds since an arbitrary origin; never fails. */
uint64_t plat_clock_monotonic_ns(void);

/* Wall-clock time in nanoseconds since the Unix epoch, UTC. */
int64_t plat_clock_wall_ns(void);

/*
 * Blocks the whole unikernel until the monotonic clock reaches (deadline_ns)
 * (it returns at once if that is past). Only a sleep outside any fiber
 * (before the scheduler runs) uses it; in a fiber, sleeping goes through
 * the scheduler, which waits with plat_poll.
 */
void plat_sleep_until_ns(uint64_t deadline_ns);

/* Ends the unikernel with (status); does not return. */
void plat_exit(int status) __attribute__((noreturn));

/* --- Waiting, I/O watches, fiber stacks, memory ------------------------ */

struct mirage_cond;

/* A deadline that never comes. */
#define PLAT_FOREVER UINT64_MAX

/* What plat_io_watch waits for (either or both). */
#define PLAT_IO_READ  1u /* readable, or closed by the other end */
#define PLAT_IO_WRITE 2u /* writable */

/*
 * Waits until the monotonic clock reaches (deadline_ns) or an armed I/O
 * watch fires, whichever is first; a deadline of 0 or in the past does not
 * block. It may also return early (a signal): callers read the clock. Each
 * watch that fires is disarmed and its condition broadcast, which readies
 * the fibers waiting on it. Returns the number of watches that fired, or
 * -EDEADLK at once when (deadline_ns) is PLAT_FOREVER and no watch is
 * armed, since nothing could ever end the wait.
 */
int plat_poll(uint64_t deadline_ns);

/*
 * Arms a one-shot watch of I/O source (source) (unix: a file descriptor)
 * for (events): the next plat_poll that finds (source) ready for one of
 * them broadcasts (cond) and disarms the watch, so arm it again before each
 * wait (arming again replaces the events and the condition). Returns 0,
 * -EINVAL for a negative (source), no (events) or a NULL (cond), -ENOMEM,
 * or the host's refusal (unix: -EPERM for a regular file, -EBADF).
 */
int plat_io_watch(int source, unsigned events, struct mirage_cond *cond);

/*
 * Forgets the watch of (source), armed or not; call it before closing
 * (source). Returns 0, or -ENOENT when (source) has no watch.
 */
int plat_io_unwatch(int source);

/*
 * Allocates a fiber stack of at least (*size) bytes. Stores its real size
 * in (*size) and in (*guard) the size of the inaccessible guard right below
 * it (0 where the platform cannot make one). Returns the stack's lowest
 * address, or NULL when out of memory.
 */
void *plat_stack_alloc(size_t *size, size_t *guard);

/* Frees (stack) from plat_stack_alloc, of the (size) that it stored. */
void plat_stack_free(void *stack, size_t size);

/*
 * Allocates (size) bytes for the runtime's own bookkeeping, aligned for
 * any type. Returns NULL when out of memory.
 */
void *plat_mem_alloc(size_t size);

/* Frees memory from plat_mem_alloc; NULL is harmless. */
void plat_mem_free(void *p);

/* --- Entropy ----------------------------------------------------------- */

/*
 * Fills (len) bytes at (buf) with unpredictable bytes from the platform's
 * entropy source, fit to seed a cryptographic generator (unix: getrandom(2),
 * which waits once at early boot until the kernel's pool is initialised).
 * Fills all (len) bytes or fails: returns 0, or a negative errno value
 * (-ENOSYS where the platform has no source).
 */
int plat_entropy(void *buf, size_t len);

/* --- Crashes ----------------------------------------------------------- */

/* Where a code address lies, for the backtrace of a crash report. */
struct plat_symbol {
    const char *image; /* path of the executable or library holding it */
    uintptr_t offset;  /* the address as `addr2line -e IMAGE` wants it */
};

/*
 * Finds the image that holds code address (addr) and stores it in (*sym).
 * Returns 0, or -ENOENT when no known image holds (addr). Called from crash
 * handlers: it allocates nothing.
 */
int plat_symbolize(uintptr_t addr, struct plat_symbol *sym);

/*
 * Returns 1 if the (len) bytes at (addr) can be read now without a fault,
 * 0 if not (or if that cannot be known). The backtrace checks every frame
 * with it before reading the frame.
 */
int plat_crash_readable(uintptr_t addr, size_t len);

/*
 * Ends the unikernel after a crash report, with (status). Unlike plat_exit
 * it runs nothing of the unikernel's (no stdio flush, no exit handlers), so
 * it is safe from a fault handler, whatever state the crash left.
 */
void plat_crash_exit(int status) __attribute__((noreturn));

/* --- Tender devices (runtime/spt, runtime/hvt) ------------------------- */
/*
 * Devices the tender attaches on its command line (--block:NAME=PATH,
 * --net:NAME=TAP) and lists in the boot info, by the names of the image's
 * manifest. Only the targets with such devices implement these; the
 * registry offers the implementations that use them on those targets only.
 */

/* What plat_block_find reports of an attached disk. */
struct plat_block_info {
    uint64_t capacity;    /* bytes */
    uint32_t sector_size; /* bytes */
    int read_only;        /* 1 when the host file cannot be written */
};

/*
 * Finds the disk that the tender attached as (name) and stores what it is
 * in (*info). Returns its handle (>= 0) for the calls below, -EINVAL for a
 * NULL argument, -ENOENT when no disk of that name is attached, -ENODEV
 * when the machine gives the image no disk at all (xen without Xen, as
 * under QEMU), or the error of a disk that failed to connect (-EIO).
 */
int plat_block_find(const char *name, struct plat_block_info *info);

/*
 * Reads (len) bytes at byte (offset) of disk (handle) into (buf), all of
 * them. Returns 0, -EBADF (no such handle), -ERANGE (past the capacity),
 * -EIO, or the host's error.
 */
int plat_block_read(int handle, uint64_t offset, void *buf, size_t len);

/* Writes (len) bytes from (buf) at byte (offset); as plat_block_read. */
int plat_block_write(int handle, uint64_t offset, const void *buf, size_t len);

/*
 * Waits until the disk's completed writes are on stable storage. Returns
 * 0, -EBADF or the host's error.
 */
int plat_block_flush(int handle);

/* What plat_net_find reports of an attached network interface. */
struct plat_net_info {
    uint8_t mac[6]; /* its Ethernet address */
    uint32_t mtu;   /* bytes of payload in one frame */
    int source;     /* the I/O source that plat_io_watch watches for frames */
};

/*
 * Finds the network interface that the target attached as (name) (spt,
 * hvt: the tender's --net:NAME=) and stores what it is in (*info).
 * Returns its handle (>= 0) for the calls below, -EINVAL for a NULL
 * argument, -ENOENT when no interface of that name is attached, -ENODEV
 * when the machine gives the image none at all (xen without Xen, as under
 * QEMU), or the error of an interface that failed to connect (-EIO).
 */
int plat_net_find(const char *name, struct plat_net_info *info);

/*
 * Takes the next received frame of interface (handle) into (buf), which
 * holds (cap) bytes (at most the largest frame counts), without waiting;
 * stores its length in (*len): 0 for an empty datagram, which is no frame
 * (the caller reads again). Returns 0; -EMSGSIZE when the frame was longer
 * than (cap) or than the largest frame of the interface (MTU + 14 bytes):
 * it was dropped, nothing is in (buf), read again; -EAGAIN when no frame
 * is there (watch the interface's source for PLAT_IO_READ, then try
 * again); -EBADF (no such handle); or -EIO.
 */
int plat_net_read(int handle, void *buf, size_t cap, size_t *len);

/*
 * Hands the frame of (len) bytes at (frame) to interface (handle), without
 * waiting. Returns 0, -ENOBUFS when the host had no room (dropped),
 * -EBADF, -EMSGSIZE, or -EIO.
 */
int plat_net_write(int handle, const void *frame, size_t len);

#endif
