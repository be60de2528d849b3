/* SPDX-License-Identifier: ISC */
/* syslog.h: the `syslog` device type: log lines sent to a syslog collector. */
#ifndef MIRAGE_SYSLOG_H
#define MIRAGE_SYSLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * A `syslog` device sends every log line the unikernel prints (what -l
 * lets through, as the console gets it) to a syslog collector, chosen at
 * boot by --syslog=ADDR[:PORT]; without it the device does nothing. The
 * lines wait in a bounded queue that a fiber of the device empties, so
 * logging never waits for the network: when the queue is full, lines are
 * dropped, counted, and a note of how many takes their place
 * (doc/devices.md, "syslog").
 */

struct mirage_syslog;
struct mirage_stack; /* mirage/stack.h: what the `udp` implementation uses */

/* What a syslog device did so far. */
struct mirage_syslog_stats {
    bool active;        /* it has a collector (--syslog was given) */
    uint64_t sent;      /* messages handed to the stack */
    uint64_t dropped;   /* lines dropped because the queue was full */
    uint64_t failed;    /* messages the stack refused (not sent) */
    uint64_t truncated; /* messages cut to the format's length bound */
    unsigned queued;    /* lines waiting now */
};

/* Operations of a `syslog` implementation; see the functions below. */
struct mirage_syslog_ops {
    int (*stats)(struct mirage_syslog *dev, struct mirage_syslog_stats *st);
    int (*flush)(struct mirage_syslog *dev, uint64_t timeout_ns);
};

/* A `syslog` device: operations plus the implementation's own state. */
struct mirage_syslog {
    const struct mirage_syslog_ops *ops;
    void *state;
    const char *name; /* instance name from configure.ac */
};

/* Stores what (dev) did so far in (*st). Returns 0, or -EINVAL for NULL. */
static inline int mirage_syslog_stats(struct mirage_syslog *dev,
                                      struct mirage_syslog_stats *st)
{
    return dev->ops->stats(dev, st);
}

/*
 * Waits up to (timeout_ns) until every line queued so far has been handed
 * to the stack (at once when the device has no collector). Returns 0,
 * -ETIMEDOUT, -ECANCELED, or -EPERM outside any fiber.
 */
static inline int mirage_syslog_flush(struct mirage_syslog *dev,
                                      uint64_t timeout_ns)
{
    return dev->ops->flush(dev, timeout_ns);
}

/*
 * Connects the `udp` implementation as device (name), over (stack): the
 * collector (server) is "A.B.C.D[:PORT]" (an IPv4 address; port 514 by
 * default), or NULL for none; (format) is "5424" (RFC 5424) or "3164"
 * (RFC 3164); (hostname) is the HOSTNAME of every message, printable
 * US-ASCII, empty for the unikernel's name; (facility) is one of kern,
 * user, mail, daemon, auth, syslog, lpr, news, uucp, cron, authpriv, ftp,
 * ntp, audit, alert, clock, local0 ... local7. Registers a log sink, gives
 * it the lines of the boot that the crash ring still holds
 * (mirage_log_replay), and starts the fiber that sends them; at exit, the
 * lines queued then get up to 2 s to go. Connecting a name again gives
 * the same device. Returns 0, -EINVAL for a bad argument (logged, naming
 * it), -ENOSPC when the log has no room for another sink, -ENOMEM, or the
 * stack's error binding a UDP port.
 */
int mirage_syslog_udp_connect(struct mirage_syslog **dev, const char *name,
                              struct mirage_stack *stack, const char *server,
                              const char *format, const char *hostname,
                              const char *facility);

#endif
