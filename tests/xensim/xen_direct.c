/* SPDX-License-Identifier: ISC */
/* xen_direct.c: the direct stack over netfront, the simulator and a tap. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/fiber.h>
#include <mirage/ipaddr.h>
#include <mirage/net.h>
#include <mirage/stack.h>

#include "core/sched.h"
#include "sim.h"
#include "sim_net.h"

/*
 * Usage: xen_direct TAP A.B.C.D LEN PORT MTU SECONDS
 *
 * The simulated backend domain starts with one vif whose netback is
 * bridged to tap interface TAP (which must exist, in the caller's
 * namespace) with backend mtu MTU; then, as a unikernel on xen would,
 * the `default` net device (devices/net/default over plat_net_*, here
 * runtime/xen/netfront.c) and the direct stack on it with address
 * A.B.C.D/LEN, which answers ping by itself. A TCP echo server on PORT
 * serves one connection after another; after SECONDS without a new one
 * the program prints the netback's counters and ends (status 0, or 1
 * when setting up failed). "listening" on stdout says it is ready.
 */

static struct mirage_ipv4_prefix addr;
static uint16_t port;
static unsigned idle_s;

/* Echoes everything of (flow) back until the peer closes. */
static int echo(void *arg)
{
    struct mirage_tcp_flow *flow = arg;
    static char buf[65536];
    int n;

    while ((n = mirage_tcp_read(flow, buf, sizeof(buf),
                                30ull * 1000000000ull)) > 0)
        if (mirage_tcp_write(flow, buf, (size_t)n, 30ull * 1000000000ull) < 0)
            break;
    mirage_tcp_close(flow);
    return 0;
}

static int run(void *arg)
{
    struct mirage_net *net;
    struct mirage_stack *stack;
    struct mirage_tcp_listener *l;
    struct mirage_stack_endpoint local = {.port = port};
    struct mirage_ipv4 gw = {{0, 0, 0, 0}};
    struct mirage_ipv6_prefix any6 = {{{0}}, 0};
    unsigned served = 0;
    int rc;

    (void)arg;
    rc = mirage_net_default_connect(&net, "service");
    if (rc < 0) {
        fprintf(stderr, "xen_direct: net: error %d\n", rc);
        return 1;
    }
    rc = mirage_stack_direct_connect(&stack, "stack", net, addr, gw, any6, true,
                                     false, NULL, 0);
    if (rc < 0) {
        fprintf(stderr, "xen_direct: stack: error %d\n", rc);
        return 1;
    }
    rc = mirage_tcp_listen(stack, &local, 16, &l);
    if (rc < 0) {
        fprintf(stderr, "xen_direct: listen: error %d\n", rc);
        return 1;
    }
    printf("listening\n");
    fflush(stdout);
    for (;;) {
        struct mirage_tcp_flow *flow;
        struct mirage_fiber *f;

        rc = mirage_tcp_accept(l, &flow, (uint64_t)idle_s * 1000000000ull);
        if (rc < 0)
            break;
        served++;
        if (mirage_fiber_spawn(&f, echo, flow, NULL) < 0)
            mirage_tcp_close(flow);
    }
    printf("served %u connections\n", served);
    return 0;
}

/* Parses A.B.C.D into (a): 0 or -1. */
static int parse_ipv4(const char *s, struct mirage_ipv4 *a)
{
    unsigned v[4];
    char end;

    if (sscanf(s, "%u.%u.%u.%u%c", &v[0], &v[1], &v[2], &v[3], &end) != 4)
        return -1;
    for (int i = 0; i < 4; i++) {
        if (v[i] > 255)
            return -1;
        a->bytes[i] = (uint8_t)v[i];
    }
    return 0;
}

int main(int argc, char **argv)
{
    struct sim_netback_stats st;
    int rc;

    if (argc != 7 || parse_ipv4(argv[2], &addr.addr) < 0) {
        fprintf(stderr, "usage: xen_direct TAP A.B.C.D LEN PORT MTU SECONDS\n");
        return 2;
    }
    addr.length = (uint8_t)atoi(argv[3]);
    port = (uint16_t)atoi(argv[4]);
    idle_s = (unsigned)atoi(argv[6]);
    rc = sim_netback_add(0, "00:16:3e:5a:11:01", argv[1]);
    if (rc == 0)
        rc = sim_store_write("/local/domain/0/backend/vif/7/0/mtu", argv[5]);
    if (rc == 0)
        rc = sim_start();
    if (rc != 0) {
        fprintf(stderr, "xen_direct: the simulator: error %d\n", rc);
        return 1;
    }
    rc = core_sched_run_main(run, NULL);
    sim_netback_stats(0, &st);
    printf("netback: %llu frames (%llu slots) from the guest, %llu (%llu "
           "slots) to it, %llu guest errors\n",
           (unsigned long long)st.tx_frames, (unsigned long long)st.tx_slots,
           (unsigned long long)st.rx_frames, (unsigned long long)st.rx_slots,
           (unsigned long long)st.guest_errors);
    fflush(stdout);
    sim_stop();
    return rc == 0 ? 0 : 1;
}
