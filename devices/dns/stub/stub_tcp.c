/* SPDX-License-Identifier: ISC */
/* stub_tcp.c: a question asked again over TCP after a truncated answer
 * (RFC 1035 4.2.2, RFC 7766): one query on a connection of its own. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/error.h>

#include "stub.h"

/* What is left until the exchange's deadline; 0 once it passed. */
static uint64_t left(struct stub_exchange *x)
{
    uint64_t now = stub_now(x->st);

    return now >= x->deadline ? 0 : x->deadline - now;
}

/* Reads exactly (len) bytes of (flow) into (buf). */
static int read_all(struct stub_exchange *x, struct mirage_tcp_flow *flow,
                    uint8_t *buf, size_t len)
{
    size_t have = 0;

    while (have < len) {
        uint64_t wait = left(x);
        int n;

        if (wait == 0)
            return -ETIMEDOUT;
        n = mirage_tcp_read(flow, buf + have, len - have, wait);
        if (n == 0)
            return -ECONNRESET; /* closed before the whole answer */
        if (n < 0)
            return n;
        have += (size_t)n;
    }
    return 0;
}

/* One query and its answer on (flow): 0 with the answer in (x), 1 to ask
 * again without EDNS, or the error. */
static int ask(struct stub_exchange *x, unsigned i,
               struct mirage_tcp_flow *flow)
{
    uint8_t q[2 + 512], prefix[2];
    uint16_t id = stub_random16(x->st);
    bool edns = !x->no_edns[i];
    size_t len;
    uint8_t *answer;
    int n, rc;

    n = stub_build_query(x, i, id, q + 2, sizeof(q) - 2);
    if (n < 0)
        return n;
    mirage_dns_tcp_prefix(q, (size_t)n);
    rc = mirage_tcp_write(flow, q, (size_t)n + 2, left(x));
    if (rc < 0)
        return rc;
    rc = read_all(x, flow, prefix, 2);
    if (rc < 0)
        return rc;
    len = (size_t)prefix[0] << 8 | prefix[1];
    if (len < MIRAGE_DNS_HEADER_LEN)
        return -EBADMSG;
    answer = malloc(len);
    if (!answer)
        return -ENOMEM;
    rc = read_all(x, flow, answer, len);
    if (rc == 0) {
        switch (stub_judge(x, i, id, edns, answer, len, false)) {
        case STUB_ANSWER:
            x->reply = answer;
            x->len = len;
            x->from = i;
            return 0;
        case STUB_NO_EDNS:
            x->no_edns[i] = true;
            rc = 1;
            break;
        case STUB_FAILED:
            rc = x->error[i];
            break;
        default:
            /* a connection of our own cannot carry a forgery: broken */
            rc = -EBADMSG;
            break;
        }
    }
    free(answer);
    return rc;
}

int stub_tcp_ask(struct stub_exchange *x, unsigned i)
{
    struct mirage_tcp_flow *flow;
    int rc = 1;

    /* twice at most: again without EDNS if the server refuses it */
    for (int k = 0; k < 2 && rc == 1; k++) {
        x->st->n.tcp_queries++;
        rc = mirage_tcp_connect(x->st->stack, &x->servers[i], &flow, left(x));
        if (rc < 0)
            break;
        rc = ask(x, i, flow);
        mirage_tcp_close(flow);
    }
    if (rc == 1)
        rc = -ECONNREFUSED; /* it refused EDNS, then the query without */
    if (rc < 0) {
        mirage_log_debug(&stub_log, "%s: TCP to server %u: %s", x->st->dev.name,
                         i, mirage_strerror(rc));
        if (!x->error[i])
            x->error[i] = rc;
    }
    return rc;
}
