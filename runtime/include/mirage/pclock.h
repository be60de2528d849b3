/* SPDX-License-Identifier: ISC */
/* pclock.h: the `pclock` device type: the wall clock (POSIX time). */
#ifndef MIRAGE_PCLOCK_H
#define MIRAGE_PCLOCK_H

#include <stddef.h>
#include <stdint.h>

struct mirage_pclock;

/* Operations of a `pclock` implementation. */
struct mirage_pclock_ops {
    int (*now)(struct mirage_pclock *dev, int64_t *seconds,
               uint64_t *picoseconds);
    int (*tz_offset_s)(struct mirage_pclock *dev);
    uint64_t (*period_ps)(struct mirage_pclock *dev);
};

/* A `pclock` device: operations plus the implementation's own state. */
struct mirage_pclock {
    const struct mirage_pclock_ops *ops;
    void *state;
    const char *name; /* instance name from configure.ac */
};

/* Picoseconds in one second. */
#define MIRAGE_PCLOCK_PS_PER_S 1000000000000ULL

/*
 * Reads the wall clock as POSIX time: (*seconds) since 1970-01-01 00:00:00
 * UTC, leap seconds not counted, and (*picoseconds) into that second, in
 * [0, MIRAGE_PCLOCK_PS_PER_S). Before the epoch (*seconds) is negative and
 * (*picoseconds) still counts forward: -0.25 s is -1 s + 750000000000 ps.
 * The clock may jump (it is set by the host or NTP); use an mclock for
 * durations. Either pointer may be NULL. Returns 0, or a negative errno
 * value when the time is not available.
 */
static inline int mirage_pclock_now(struct mirage_pclock *dev, int64_t *seconds,
                                    uint64_t *picoseconds)
{
    return dev->ops->now(dev, seconds, picoseconds);
}

/*
 * Returns the local time zone's offset from UTC in seconds (east is
 * positive). A unikernel has no time zone: the `default` implementation
 * returns 0.
 */
static inline int mirage_pclock_tz_offset_s(struct mirage_pclock *dev)
{
    return dev->ops->tz_offset_s(dev);
}

/*
 * Returns the clock's resolution in picoseconds, or 0 when it is not known
 * (the `default` implementation returns 0).
 */
static inline uint64_t mirage_pclock_period_ps(struct mirage_pclock *dev)
{
    return dev->ops->period_ps(dev);
}

/* Bytes that mirage_pclock_rfc3339 needs: "2026-11-23T12:34:56.789Z" + NUL */
#define MIRAGE_PCLOCK_RFC3339_LEN 25

/*
 * Writes the POSIX time (seconds, picoseconds) as RFC 3339 text in UTC with
 * milliseconds (truncated), "YYYY-MM-DDTHH:MM:SS.mmmZ", NUL-terminated, into
 * (buf) of (size) bytes. Returns the length written (24), -EINVAL if
 * (picoseconds) is not below MIRAGE_PCLOCK_PS_PER_S or (buf) is NULL,
 * -ERANGE for a year outside 0000..9999, or -ENOSPC when (size) is below
 * MIRAGE_PCLOCK_RFC3339_LEN.
 */
int mirage_pclock_rfc3339(int64_t seconds, uint64_t picoseconds, char *buf,
                          size_t size);

/*
 * Connects the `default` implementation of `pclock` (the platform's wall
 * clock) as device (name) and stores it in (*dev); connecting a name again
 * gives the same device. Returns 0, -EINVAL for a NULL argument, or -ENOMEM
 * when too many devices exist.
 */
int mirage_pclock_default_connect(struct mirage_pclock **dev, const char *name);

#endif
