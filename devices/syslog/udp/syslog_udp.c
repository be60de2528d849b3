/* SPDX-License-Identifier: ISC */
/* syslog_udp.c: syslog's `udp`: log lines to a collector over UDP. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/error.h>
#include <mirage/fiber.h>
#include <mirage/hooks.h>
#include <mirage/image.h>
#include <mirage/log.h>
#include <mirage/stack.h>
#include <mirage/syslog.h>

#include "../syslog_fmt.h"
#include "../syslog_queue.h"
#include "platform.h"

MIRAGE_LOG_DEVICE_SOURCE(syslog_log, "syslog", "the syslog reporter", "syslog");

/* The queue's bounds: lines, and bytes (headers and texts). */
#define QUEUE_LINES 64
#define QUEUE_BYTES (16 * 1024)

#define MS(n) ((uint64_t)(n)*1000000u)

/* How long a datagram may wait for room in the stack. */
#define SEND_TIMEOUT MS(1000)
/* After the first datagram, the others wait this long, so that the stack
   learns the collector's (or the gateway's) Ethernet address first: the
   direct stack keeps only 4 datagrams per address while ARP asks. */
#define WARMUP MS(200)
/* How long the lines queued at exit get to go. */
#define EXIT_WAIT MS(2000)
/* The sending fiber lets the others run after so many datagrams. */
#define BURST 16

#define MAX_DEVICES 4

/* With a collector only: the queue's ring and the sender's buffers. */
struct buffers {
    unsigned char ring[QUEUE_BYTES];
    char text[SYSLOG_TEXT_MAX];
    char msg[SYSLOG_MAX_5424];
};

struct udp_syslog {
    struct mirage_syslog dev;
    bool active;
    struct mirage_udp_socket *sock;
    struct mirage_stack_endpoint server;
    struct syslog_conf conf;
    char hostname[SYSLOG_HOSTNAME_MAX + 1];
    struct syslog_queue q;
    struct mirage_cond work; /* a line was queued */
    struct mirage_cond idle; /* the queue is empty, nothing being sent */
    bool busy;               /* the fiber holds a line it sends */
    bool warm;               /* the first datagram went */
    int last_error;          /* of the last send; logged when it changes */
    uint64_t sent, failed, truncated;
    struct buffers *b; /* NULL without a collector */
};

static struct udp_syslog *devices[MAX_DEVICES];
static size_t ndevices;

/* The log sink: queues a copy of the line, never waits. */
static void sink(void *arg, const struct mirage_log_line *l)
{
    struct udp_syslog *s = arg;
    struct syslog_rec rec = {
        .wall_ns = l->wall_ns,
        .src = l->src,
        .level = (uint8_t)l->level,
        .truncated = l->truncated,
        .text = l->text,
        .len = l->len,
    };

    /* the device's own lines (a send failing) go to the console only */
    if (l->src == syslog_log.name)
        return;
    syslog_queue_push(&s->q, &rec);
    mirage_cond_broadcast(&s->work);
}

/* Sends (rec); counts and, when the outcome changes, logs it. */
static void send_one(struct udp_syslog *s, const struct syslog_rec *rec)
{
    char where[MIRAGE_STACK_ENDPOINT_STRLEN];
    bool cut = false;
    size_t len;
    int rc;

    len = syslog_format_message(&s->conf, rec, s->b->msg, sizeof(s->b->msg),
                                &cut);
    if (cut)
        s->truncated++;
    rc = mirage_udp_sendto(s->sock, &s->server, s->b->msg, len, SEND_TIMEOUT);
    if (rc < 0)
        s->failed++;
    else
        s->sent++;
    if (rc == s->last_error || rc == -ECANCELED)
        return;
    mirage_stack_endpoint_to_string(&s->server, where, sizeof(where));
    if (rc < 0)
        mirage_log_warn(&syslog_log,
                        "%s: sending to %s: %s (error %d); lines are lost "
                        "until it works again",
                        s->dev.name, where, mirage_strerror(rc), rc);
    else
        mirage_log_info(&syslog_log, "%s: sending to %s again", s->dev.name,
                        where);
    s->last_error = rc;
}

/* The fiber that empties the queue. */
static int sender(void *arg)
{
    struct udp_syslog *s = arg;
    struct syslog_rec rec;
    unsigned burst = 0;

    for (;;) {
        if (!syslog_queue_pop(&s->q, &rec, s->b->text)) {
            s->busy = false;
            burst = 0;
            mirage_cond_broadcast(&s->idle);
            if (mirage_cond_wait(&s->work, MIRAGE_FOREVER) == -ECANCELED)
                return 0;
            continue;
        }
        s->busy = true;
        send_one(s, &rec);
        if (!s->warm || s->last_error == -EHOSTUNREACH) {
            s->warm = true;
            if (mirage_sleep_ns(WARMUP) == -ECANCELED)
                return 0;
        } else if (++burst == BURST) {
            burst = 0;
            if (mirage_yield() == -ECANCELED)
                return 0;
        }
    }
}

static int udp_stats(struct mirage_syslog *dev, struct mirage_syslog_stats *st)
{
    struct udp_syslog *s;

    if (!dev || !st)
        return -EINVAL;
    s = dev->state;
    *st = (struct mirage_syslog_stats){
        .active = s->active,
        .sent = s->sent,
        .dropped = s->q.dropped_all,
        .failed = s->failed,
        .truncated = s->truncated,
        .queued = s->q.lines,
    };
    return 0;
}

static int udp_flush(struct mirage_syslog *dev, uint64_t timeout_ns)
{
    uint64_t start = plat_clock_monotonic_ns();
    struct udp_syslog *s;

    if (!dev)
        return -EINVAL;
    s = dev->state;
    /* a wait may end before the queue is empty (a line went, more came):
       wait again, for what is left of the timeout */
    while (s->active && (s->q.lines > 0 || s->busy)) {
        uint64_t spent = plat_clock_monotonic_ns() - start;
        int rc;

        if (timeout_ns != MIRAGE_FOREVER && spent >= timeout_ns)
            return -ETIMEDOUT;
        rc = mirage_cond_wait(&s->idle, timeout_ns == MIRAGE_FOREVER
                                            ? MIRAGE_FOREVER
                                            : timeout_ns - spent);
        if (rc < 0)
            return rc;
    }
    return 0;
}

static const struct mirage_syslog_ops udp_ops = {
    .stats = udp_stats,
    .flush = udp_flush,
};

/* At exit: the lines queued get EXIT_WAIT to go; then no more are taken. */
static void at_exit_flush(void *arg)
{
    struct udp_syslog *s = arg;
    struct mirage_syslog_stats st = {0};

    if (udp_flush(&s->dev, EXIT_WAIT) == -ETIMEDOUT)
        mirage_log_warn(&syslog_log, "%s: %u lines not sent at exit",
                        s->dev.name, s->q.lines);
    mirage_log_sink_remove(sink, s);
    udp_stats(&s->dev, &st);
    mirage_log_debug(
        &syslog_log, "%s: sent=%llu dropped=%llu failed=%llu truncated=%llu",
        s->dev.name, (unsigned long long)st.sent,
        (unsigned long long)st.dropped, (unsigned long long)st.failed,
        (unsigned long long)st.truncated);
}

/* Checks and reads the boot arguments into (s); logs what is wrong. */
static int configure(struct udp_syslog *s, const char *name, const char *server,
                     const char *format, const char *hostname,
                     const char *facility)
{
    uint16_t port;
    int rc;

    if (syslog_parse_server(server, &s->server.ipv4, &port) < 0) {
        mirage_log_err(&syslog_log,
                       "%s: --syslog wants ADDR[:PORT], an IPv4 address and "
                       "a port 1 to 65535 (default %d), not '%s'",
                       name, SYSLOG_PORT, server);
        return -EINVAL;
    }
    s->server.version = MIRAGE_STACK_IPV4;
    s->server.port = port;
    rc = syslog_format_parse(format);
    if (rc < 0) {
        mirage_log_err(&syslog_log,
                       "%s: --syslog-format wants 5424 or 3164, not '%s'", name,
                       format ? format : "(none)");
        return -EINVAL;
    }
    s->conf.format = (enum syslog_format)rc;
    rc = syslog_facility(facility);
    if (rc < 0) {
        mirage_log_err(&syslog_log,
                       "%s: --syslog-facility: unknown facility '%s' (kern, "
                       "user, mail, daemon, auth, syslog, lpr, news, uucp, "
                       "cron, authpriv, ftp, ntp, audit, alert, clock, "
                       "local0 to local7)",
                       name, facility ? facility : "(none)");
        return -EINVAL;
    }
    s->conf.facility = rc;
    if (hostname && *hostname) {
        if (!syslog_hostname_ok(hostname)) {
            mirage_log_err(&syslog_log,
                           "%s: --syslog-hostname wants 1 to %d printable "
                           "ASCII characters, no space",
                           name, SYSLOG_HOSTNAME_MAX);
            return -EINVAL;
        }
        syslog_hostname_clean(hostname, s->hostname, sizeof(s->hostname));
    } else
        syslog_hostname_clean(mirage_image.name, s->hostname,
                              sizeof(s->hostname));
    s->conf.hostname = s->hostname;
    return 0;
}

int mirage_syslog_udp_connect(struct mirage_syslog **dev, const char *name,
                              struct mirage_stack *stack, const char *server,
                              const char *format, const char *hostname,
                              const char *facility)
{
    struct mirage_stack_endpoint any = {0};
    char where[MIRAGE_STACK_ENDPOINT_STRLEN];
    struct mirage_fiber_attr attr = {.name = "syslog"};
    struct udp_syslog *s;
    int rc;

    if (!dev || !name || !stack)
        return -EINVAL;
    for (size_t i = 0; i < ndevices; i++)
        if (strcmp(devices[i]->dev.name, name) == 0) {
            *dev = &devices[i]->dev;
            return 0;
        }
    if (ndevices == MAX_DEVICES) {
        mirage_log_err(&syslog_log, "%s: more than %d syslog devices", name,
                       MAX_DEVICES);
        return -ENOMEM;
    }
    s = calloc(1, sizeof(*s));
    if (!s)
        return -ENOMEM;
    s->dev = (struct mirage_syslog){.ops = &udp_ops, .state = s, .name = name};
    s->work = (struct mirage_cond)MIRAGE_COND_INIT;
    s->idle = (struct mirage_cond)MIRAGE_COND_INIT;
    if (server && *server) {
        rc = configure(s, name, server, format, hostname, facility);
        if (rc == 0 && !(s->b = malloc(sizeof(*s->b))))
            rc = -ENOMEM;
        if (rc == 0)
            rc = mirage_udp_bind(stack, &any, &s->sock);
        if (rc < 0) {
            free(s->b);
            free(s);
            return rc;
        }
        syslog_queue_init(&s->q, s->b->ring, sizeof(s->b->ring), QUEUE_LINES);
        rc = mirage_fiber_spawn(NULL, sender, s, &attr);
        if (rc == 0)
            rc = mirage_log_sink_add(sink, s);
        if (rc < 0) {
            /* a fiber spawned waits on the queue forever: keep (s) */
            mirage_log_err(&syslog_log, "%s: cannot start: %s", name,
                           mirage_strerror(rc));
            return rc;
        }
        s->active = true;
        mirage_log_replay(sink, s);
        mirage_at_exit(at_exit_flush, s);
        mirage_stack_endpoint_to_string(&s->server, where, sizeof(where));
        mirage_log_info(&syslog_log,
                        "%s: log lines go to %s (RFC %s, facility %s, host "
                        "%s)",
                        name, where, format, facility, s->hostname);
    }
    devices[ndevices++] = s;
    *dev = &s->dev;
    return 0;
}
