/* SPDX-License-Identifier: ISC */
/* test_net_tap.c: the `tap` net device over socket pairs given as @FD. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <mirage/fiber.h>
#include <mirage/net.h>

#include "../../devices/net/tap/tap.h"
#include "core/sched.h"
#include "platform.h"
#include "runtime_capture.h"
#include "tap.h"

/*
 * What needs a tap interface (attaching one by name, its MTU, the
 * refusals of the kernel) is tested in a network namespace by
 * tests/net/unix-tap.sh; here the device's other side is the test's own
 * end of an AF_UNIX datagram socket pair, given as @FD.
 */

#define MS      1000000ULL
#define TIMEOUT (tap_scaled_ns(5000 * MS)) /* scaled: only ends hangs */
#define MAX     MIRAGE_NET_FRAME_MAX(NET_TAP_MTU)

static struct mirage_net *dev;
static int peer = -1; /* the test's end of the pair whose other end is dev's */
static char attach[16]; /* "@FD" of the device's end */

/* Did the log say (text) since the last capture_reset? */
static int logged(const char *text)
{
    return strstr(capture_out, text) || strstr(capture_err, text);
}

/* Connects (name) with (at), (mac), (mtu); checks (want) and the log. */
static void expect_connect(const char *name, const char *at, const char *mac,
                           const int *mtu, int want, const char *says,
                           const char *what)
{
    struct mirage_net *d = NULL;
    int rc;

    capture_reset();
    rc = mirage_net_tap_connect(&d, name, at, mac, mtu);
    TAP_OK(rc == want && (!says || logged(says)), "%s: %d (%s)", what, want,
           says ? says : "no message");
    if (rc != want)
        printf("# got %d\n", rc);
    if (says && !logged(says))
        printf("# log: %s%s", capture_out, capture_err);
    if (rc == 0)
        mirage_net_disconnect(d);
}

/* An AF_UNIX socket pair of (type): its first end in (*a), second in (*b). */
static int pair(int type, int *a, int *b)
{
    int sv[2];

    if (socketpair(AF_UNIX, type | SOCK_CLOEXEC, 0, sv) != 0)
        return -1;
    *a = sv[0];
    *b = sv[1];
    return 0;
}

static void test_refusals(void)
{
    static const int mtu_low = 67, mtu_high = 65536;
    char at[16];
    int a, b, p[2];

    TAP_OK(mirage_net_tap_connect(NULL, "x", "@3", NULL, NULL) == -EINVAL,
           "connect: NULL device: -EINVAL");
    TAP_OK(mirage_net_tap_connect(&dev, NULL, "@3", NULL, NULL) == -EINVAL,
           "connect: NULL name: -EINVAL");
    expect_connect("my_if", NULL, NULL, NULL, -ENOENT,
                   "my_if: no interface given: boot with --net-my-if=TAP",
                   "no interface: the message names the boot argument");
    TAP_OK(logged("or --net-my-if=@FD, an open descriptor of a tap"),
           "and both of its forms");
    expect_connect("x", "", NULL, NULL, -ENOENT, "no interface given",
                   "an empty interface");
    expect_connect("x", "@", NULL, NULL, -EINVAL,
                   "bad descriptor in --net-x=@: give @FD", "@ alone");
    expect_connect("x", "@x3", NULL, NULL, -EINVAL, "bad descriptor", "@x3");
    expect_connect("x", "@2", NULL, NULL, -EINVAL, "FD a number, 3 or more",
                   "@2 (standard error)");
    expect_connect("x", "@-4", NULL, NULL, -EINVAL, "bad descriptor", "@-4");
    expect_connect("x", "@99999999999", NULL, NULL, -EINVAL, "bad descriptor",
                   "@99999999999");
    expect_connect("x", "a/b", NULL, NULL, -EINVAL,
                   "bad tap interface name in --net-x=a/b", "interface a/b");
    expect_connect("x", "0123456789abcdef", NULL, NULL, -EINVAL,
                   "bad tap interface name", "a 16-byte interface name");
    expect_connect("x", "a b", NULL, NULL, -EINVAL, "bad tap interface name",
                   "an interface name with a blank");

    /* a descriptor that is not open; the checks of the arguments come
       before the host is asked */
    if (pair(SOCK_DGRAM, &a, &b) == 0) {
        snprintf(at, sizeof(at), "@%d", b);
        close(a);
        close(b);
        expect_connect("x", at, NULL, NULL, -EBADF, "not open",
                       "a descriptor that is not open");
        expect_connect("x", at, "01:00:5e:00:00:01", NULL, -EINVAL,
                       "bad Ethernet address in --net-mac-x=01:00:5e:00:00:01",
                       "a multicast address, before the descriptor");
        expect_connect("x", at, "00:00:00:00:00:00", NULL, -EINVAL,
                       "bad Ethernet address", "the zero address");
        expect_connect("x", at, "02:00:00:00:00", NULL, -EINVAL,
                       "bad Ethernet address", "five bytes");
        expect_connect("x", at, "02:00:00:00:00:0g", NULL, -EINVAL,
                       "bad Ethernet address", "a byte 0g");
        expect_connect("x", at, "02-00-00-00-00-01", NULL, -EINVAL,
                       "bad Ethernet address", "'-' between the bytes");
        expect_connect("x", at, "02:00:00:00:00:01:", NULL, -EINVAL,
                       "bad Ethernet address", "a ':' after the last byte");
        expect_connect("x", at, NULL, &mtu_low, -EINVAL,
                       "bad MTU in --net-mtu-x=67: give 68 to 65535", "MTU 67");
        expect_connect("x", at, NULL, &mtu_high, -EINVAL, "bad MTU",
                       "MTU 65536");
    }
    if (pair(SOCK_STREAM, &a, &b) == 0) {
        snprintf(at, sizeof(at), "@%d", b);
        expect_connect("x", at, NULL, NULL, -ENOTSUP,
                       "is a stream socket: give a datagram socket",
                       "a stream socket");
        close(a);
        close(b);
    }
    if (pair(SOCK_SEQPACKET, &a, &b) == 0) {
        snprintf(at, sizeof(at), "@%d", b);
        expect_connect("x", at, NULL, NULL, -ENOTSUP, "is a seqpacket socket",
                       "a seqpacket socket");
        close(a);
        close(b);
    }
    if (pipe(p) == 0) {
        snprintf(at, sizeof(at), "@%d", p[0]);
        expect_connect("x", at, NULL, NULL, -ENOTSUP,
                       "is neither a tap interface nor a datagram socket",
                       "a pipe");
        close(p[0]);
        close(p[1]);
    }
    a = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (a >= 0) {
        snprintf(at, sizeof(at), "@%d", a);
        expect_connect("x", at, NULL, NULL, -ENOTSUP,
                       "is neither a tap interface nor a datagram socket",
                       "/dev/null, a character device that is no tap");
        close(a);
    }
}

static void test_connect(void)
{
    static const uint8_t given[6] = {0x02, 0x00, 0x00, 0xaa, 0xbb, 0xcc};
    static const int jumbo = 9000;
    struct mirage_net *again = NULL, *other = NULL, *third = NULL;
    struct mirage_net_info info, info2;
    int ours, flags;
    char at[16];

    if (pair(SOCK_DGRAM, &peer, &ours) != 0) {
        TAP_OK(0, "a socket pair");
        return;
    }
    snprintf(attach, sizeof(attach), "@%d", ours);
    TAP_OK(mirage_net_tap_connect(&dev, "service", attach, "02:00:00:AA:bb:cc",
                                  NULL) == 0 &&
               dev,
           "connect %s with --net-mac-service=02:00:00:AA:bb:cc", attach);
    if (!dev)
        return;
    TAP_STREQ(dev->name, "service", "it has the name given");
    flags = fcntl(ours, F_GETFL);
    TAP_OK(flags >= 0 && (flags & O_NONBLOCK),
           "the descriptor is non-blocking");
    memset(&info, 0xff, sizeof(info));
    TAP_OK(mirage_net_info(dev, &info) == 0, "info: 0");
    TAP_OK(memcmp(info.mac, given, 6) == 0, "its address is the one given");
    TAP_OK(info.mtu == 1500, "a socket's MTU is 1500 (%u)", (unsigned)info.mtu);
    TAP_OK(mirage_net_info(dev, NULL) == -EINVAL, "info: NULL: -EINVAL");
    TAP_OK(mirage_net_tap_connect(&again, "service", attach, NULL, NULL) == 0 &&
               again == dev,
           "connecting the name again with the same interface: the device");
    capture_reset();
    TAP_OK(mirage_net_tap_connect(&again, "service", "@99", NULL, NULL) ==
                   -EBUSY &&
               logged("service: already connected to"),
           "with another interface: -EBUSY, and the log says why");

    /* no address given: a random locally administered unicast one */
    TAP_OK(mirage_net_tap_connect(&other, "other", attach, NULL, &jumbo) == 0,
           "connect another name on the same socket, MTU 9000");
    TAP_OK(other && mirage_net_info(other, &info) == 0 && info.mtu == 9000,
           "its MTU is the one given (%u)", (unsigned)info.mtu);
    TAP_OK((info.mac[0] & 3) == 2,
           "its random address is locally administered and unicast "
           "(%02x:%02x:%02x:%02x:%02x:%02x)",
           info.mac[0], info.mac[1], info.mac[2], info.mac[3], info.mac[4],
           info.mac[5]);
    snprintf(at, sizeof(at), "@%d", peer);
    TAP_OK(mirage_net_tap_connect(&third, "third", at, NULL, NULL) == 0 &&
               third && mirage_net_info(third, &info2) == 0,
           "a third device, with a random address too");
    TAP_OK(memcmp(info.mac, info2.mac, 6) != 0,
           "the two random addresses differ");
    if (other)
        mirage_net_disconnect(other);
    if (third)
        mirage_net_disconnect(third);
    TAP_OK(fcntl(peer, F_GETFD) >= 0 && fcntl(ours, F_GETFD) >= 0,
           "a disconnect leaves a descriptor given as @FD open");
}

static void test_write(void)
{
    static unsigned char frame[MAX + 1], got[MAX + 2];
    struct mirage_net_stats st;
    ssize_t n;

    for (size_t i = 0; i < sizeof(frame); i++)
        frame[i] = (unsigned char)(i * 13 + 1);
    TAP_OK(mirage_net_write(dev, frame, 60) == 0, "write: 60 bytes: 0");
    n = recv(peer, got, sizeof(got), MSG_DONTWAIT);
    TAP_OK(n == 60 && memcmp(got, frame, 60) == 0,
           "the peer gets them, one datagram, as written");
    TAP_OK(mirage_net_write(dev, frame, MAX) == 0, "write: MTU + 14 bytes: 0");
    n = recv(peer, got, sizeof(got), MSG_DONTWAIT);
    TAP_OK(n == (ssize_t)MAX && memcmp(got, frame, MAX) == 0,
           "the peer gets all %u", (unsigned)MAX);
    TAP_OK(mirage_net_write(dev, frame, MIRAGE_NET_HEADER) == 0,
           "write: a bare header: 0");
    recv(peer, got, sizeof(got), MSG_DONTWAIT);
    TAP_OK(mirage_net_write(dev, frame, MAX + 1) == -EMSGSIZE,
           "write: MTU + 15 bytes: -EMSGSIZE");
    TAP_OK(mirage_net_write(dev, frame, MIRAGE_NET_HEADER - 1) == -EINVAL,
           "write: 13 bytes: -EINVAL");
    TAP_OK(mirage_net_write(dev, NULL, MAX + 1) == -EINVAL,
           "write: NULL, MTU + 15 bytes: -EINVAL first");
    TAP_OK(recv(peer, got, sizeof(got), MSG_DONTWAIT) < 0 && errno == EAGAIN,
           "the refused writes sent nothing");
    TAP_OK(
        mirage_net_stats(dev, &st) == 0 && st.tx_frames == 3 &&
            st.tx_bytes == 60 + MAX + MIRAGE_NET_HEADER && st.tx_dropped == 0,
        "stats: 3 frames written, %llu bytes", (unsigned long long)st.tx_bytes);
}

/* The host has no room: -ENOBUFS, counted; room again: written. */
static void test_no_room(void)
{
    static unsigned char frame[MAX], got[MAX + 1];
    struct mirage_net_stats before, after;
    int rc = 0, sent = 0;

    memset(frame, 0x5a, sizeof(frame));
    mirage_net_stats(dev, &before);
    /* the peer reads nothing: its queue fills */
    while (sent < 100000 && (rc = mirage_net_write(dev, frame, 60)) == 0)
        sent++;
    TAP_OK(rc == -ENOBUFS,
           "writes to a peer that reads nothing: -ENOBUFS "
           "once its queue is full (after %d)",
           sent);
    mirage_net_stats(dev, &after);
    TAP_OK(after.tx_dropped == before.tx_dropped + 1 &&
               after.tx_frames == before.tx_frames + (uint64_t)sent,
           "counted as dropped, once; the others as written");
    while (recv(peer, got, sizeof(got), MSG_DONTWAIT) >= 0)
        ;
    TAP_OK(mirage_net_write(dev, frame, 60) == 0,
           "once the peer read them, a write goes again");
    recv(peer, got, sizeof(got), MSG_DONTWAIT);
}

/* Reads outside any fiber. */
static void test_read_main(void)
{
    static unsigned char buf[MAX];
    size_t len = 999;

    TAP_OK(mirage_net_read(dev, buf, sizeof(buf), &len, 0) == -ETIMEDOUT &&
               len == 0,
           "read, timeout 0, no frame: -ETIMEDOUT, length 0");
    len = 999;
    TAP_OK(mirage_net_read(dev, buf, sizeof(buf), &len, 10 * MS) == -EPERM &&
               len == 0,
           "read with a wait outside any fiber: -EPERM");
    TAP_OK(mirage_net_read(dev, buf, MAX - 1, &len, 0) == -EINVAL,
           "read: a buffer under MTU + 14: -EINVAL");
    TAP_OK(mirage_net_read(dev, NULL, MAX, &len, 0) == -EINVAL,
           "read: NULL buffer: -EINVAL");
    TAP_OK(mirage_net_read(dev, buf, MAX, NULL, 0) == -EINVAL,
           "read: NULL length: -EINVAL");
    TAP_OK(mirage_net_stats(dev, NULL) == -EINVAL, "stats: NULL: -EINVAL");
}

/* Sends (len) bytes of (fill) from the peer. */
static void peer_send(size_t len, unsigned char fill)
{
    static unsigned char big[65000];

    memset(big, fill, len);
    if (send(peer, big, len, 0) != (ssize_t)len)
        printf("# the peer could not send %zu bytes: %s\n", len,
               strerror(errno));
}

/* A read in a fiber: what it returned. */
struct reader {
    unsigned char buf[MAX];
    int rc;
    size_t len;
};

static int reader(void *arg)
{
    struct reader *r = arg;

    r->len = 999;
    r->rc = mirage_net_read(dev, r->buf, sizeof(r->buf), &r->len, TIMEOUT);
    return r->rc;
}

/* Joins (f) within TIMEOUT; its result, or -ETIMEDOUT (then cancelled). */
static int join(struct mirage_fiber *f)
{
    int res = -1;

    if (mirage_fiber_join(f, &res, TIMEOUT) == 0)
        return res;
    mirage_fiber_cancel(f);
    mirage_fiber_join(f, NULL, MIRAGE_FOREVER);
    return -ETIMEDOUT;
}

/* Frames that come: whole, or dropped and counted; and a waiting reader. */
static int case_frames(void *arg)
{
    static struct reader r;
    struct mirage_net_stats before, after;
    struct mirage_fiber *f;

    (void)arg;
    mirage_net_stats(dev, &before);
    peer_send(60, 0x11);
    r.rc = mirage_net_read(dev, r.buf, sizeof(r.buf), &r.len, 0);
    TAP_OK(r.rc == 0 && r.len == 60 && r.buf[59] == 0x11,
           "a frame there: read with timeout 0 takes it (%zu bytes)", r.len);
    peer_send(0, 0);
    peer_send(13, 0x22);
    peer_send(MAX + 1, 0x33);
    peer_send(65000, 0x44);
    peer_send(MAX, 0x55);
    r.rc = mirage_net_read(dev, r.buf, sizeof(r.buf), &r.len, TIMEOUT);
    TAP_OK(r.rc == 0 && r.len == MAX && r.buf[0] == 0x55 &&
               r.buf[MAX - 1] == 0x55,
           "after an empty datagram and frames of 13, MTU + 15 and 65000 "
           "bytes, the read gets the frame of MTU + 14 bytes (%zu)",
           r.len);
    mirage_net_stats(dev, &after);
    TAP_OK(after.rx_dropped == before.rx_dropped + 3,
           "the three are dropped and counted (%llu), the empty one not",
           (unsigned long long)(after.rx_dropped - before.rx_dropped));
    TAP_OK(after.rx_frames == before.rx_frames + 2 &&
               after.rx_bytes == before.rx_bytes + 60 + MAX,
           "the two frames read are counted, with their bytes");

    /* a reader that waits is woken by the frame that comes */
    TAP_OK(mirage_fiber_spawn(&f, reader, &r, NULL) == 0,
           "spawn a reader with a timeout");
    mirage_sleep_ns(20 * MS);
    peer_send(100, 0x66);
    TAP_OK(join(f) == 0 && r.len == 100 && r.buf[99] == 0x66,
           "a frame sent while it waits wakes it, whole (%zu bytes)", r.len);
    r.rc = mirage_net_read(dev, r.buf, sizeof(r.buf), &r.len, 20 * MS);
    TAP_OK(r.rc == -ETIMEDOUT && r.len == 0,
           "no frame for 20 ms: -ETIMEDOUT, length 0");
    return 0;
}

/* A cancelled reader; a disconnect wakes a reader; then -ENODEV first. */
static int case_disconnect(void *arg)
{
    static struct reader r1, r2;
    static unsigned char buf[MAX + 1];
    struct mirage_net_stats st;
    struct mirage_net_info info;
    struct mirage_fiber *f1, *f2;
    size_t len = 999;

    (void)arg;
    mirage_fiber_spawn(&f1, reader, &r1, NULL);
    mirage_yield();
    mirage_fiber_cancel(f1);
    TAP_OK(join(f1) == -ECANCELED && r1.len == 0,
           "a waiting reader that is cancelled: -ECANCELED");
    mirage_fiber_spawn(&f1, reader, &r1, NULL);
    mirage_fiber_spawn(&f2, reader, &r2, NULL);
    mirage_yield();
    TAP_OK(mirage_net_disconnect(dev) == 0, "disconnect: 0");
    TAP_OK(join(f1) == -ENODEV && join(f2) == -ENODEV,
           "both waiting readers return -ENODEV");
    TAP_OK(mirage_net_read(dev, NULL, 0, &len, 0) == -ENODEV,
           "read after disconnect: -ENODEV before -EINVAL");
    TAP_OK(mirage_net_write(dev, NULL, MAX + 1) == -ENODEV,
           "write after disconnect: -ENODEV before -EINVAL");
    TAP_OK(mirage_net_info(dev, &info) == -ENODEV &&
               mirage_net_stats(dev, &st) == -ENODEV,
           "info and stats after disconnect: -ENODEV");
    TAP_OK(mirage_net_disconnect(dev) == -ENODEV, "disconnect again: -ENODEV");
    TAP_OK(mirage_net_tap_connect(&dev, "service", attach, NULL, NULL) == 0,
           "connect the name again on the descriptor, which stayed open");
    TAP_OK(mirage_net_stats(dev, &st) == 0 && st.rx_frames == 0 &&
               st.tx_frames == 0 && st.rx_dropped == 0 && st.tx_dropped == 0,
           "a new connection counts from zero");
    peer_send(70, 0x77);
    len = 0;
    TAP_OK(mirage_net_read(dev, buf, MAX, &len, TIMEOUT) == 0 && len == 70,
           "and reads frames");

    /* the peer goes: the host refuses the write */
    close(peer);
    peer = -1;
    capture_reset();
    TAP_OK(mirage_net_write(dev, buf, 60) == -EIO,
           "a write once the peer is gone: -EIO");
    TAP_OK(logged("service: writing to the socket:"),
           "the log says what the host said");
    TAP_OK(mirage_net_stats(dev, &st) == 0 && st.tx_dropped == 1,
           "counted as dropped");
    TAP_OK(mirage_net_disconnect(dev) == 0, "disconnect: 0");
    return 0;
}

int main(void)
{
    tap_alarm(60); /* a reader that hangs fails the test, not stops it */
    test_refusals();
    test_connect();
    if (!dev)
        return tap_done();
    test_write();
    test_no_room();
    test_read_main();
    core_sched_run_main(case_frames, NULL);
    core_sched_run_main(case_disconnect, NULL);
    return tap_done();
}
