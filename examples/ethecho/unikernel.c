/* SPDX-License-Identifier: ISC */
/* unikernel.c: ethecho says hello on its interface, then echoes frames. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mirage_main.h"

MIRAGE_LOG_SOURCE(ethecho_log, "ethecho", "the ethecho example");

/*
 * The frames of this example carry EtherType 0x88B5 (IEEE 802 "local
 * experimental"), so that they cannot be taken for anything else on the
 * wire. At boot the unikernel broadcasts one frame whose payload is
 * HELLO; then it answers every 0x88B5 frame sent to it (or broadcast)
 * with a frame to the sender whose payload is "echo:" and the payload it
 * got. Frames of other types (the host's IPv6 chatter, say) are ignored.
 * Until the first frame for it comes, the hello goes again every second:
 * a frame sent the moment the interface came up can be lost.
 */
#define ETHERTYPE  0x88b5u
#define HELLO      "mirage ethecho hello"
#define ECHO       "echo:"
#define HEADER     MIRAGE_NET_HEADER
#define ECHO_LEN   (sizeof(ECHO) - 1)
#define NS_PER_SEC 1000000000ull

static const uint8_t broadcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

/* The frame read, and the one sent: room for the largest frame of the
 * interface's MTU, and the echo's prefix. */
static uint8_t *rx, *tx;

/* Writes the header of a frame from (src) to (dst) into (frame). */
static void put_header(uint8_t *frame, const uint8_t *dst, const uint8_t *src)
{
    memcpy(frame, dst, 6);
    memcpy(frame + 6, src, 6);
    frame[12] = (uint8_t)(ETHERTYPE >> 8);
    frame[13] = (uint8_t)ETHERTYPE;
}

/* The address at (mac) as text, in (buf) of 18 bytes. */
static const char *mac_text(const uint8_t *mac, char *buf)
{
    static const char hex[] = "0123456789abcdef";

    for (int i = 0; i < 6; i++) {
        buf[3 * i] = hex[mac[i] >> 4];
        buf[3 * i + 1] = hex[mac[i] & 15];
        buf[3 * i + 2] = i < 5 ? ':' : '\0';
    }
    return buf;
}

/* Is (frame) of (len) bytes one of ours, for us? */
static int for_us(const uint8_t *frame, size_t len, const uint8_t *mac)
{
    if (len < HEADER || frame[12] != (uint8_t)(ETHERTYPE >> 8) ||
        frame[13] != (uint8_t)ETHERTYPE)
        return 0;
    return memcmp(frame, mac, 6) == 0 || memcmp(frame, broadcast, 6) == 0;
}

/*
 * Broadcasts the hello from (mac); 0, 1 when the host had no room for it
 * (-ENOBUFS: dropped, as on a wire; it goes again a second later, until a
 * frame comes), or -1 after saying why.
 */
static int send_hello(struct mirage_net *service, const uint8_t *mac)
{
    int rc;

    put_header(tx, broadcast, mac);
    memcpy(tx + HEADER, HELLO, sizeof(HELLO) - 1);
    rc = mirage_net_write(service, tx, HEADER + sizeof(HELLO) - 1);
    if (rc < 0 && rc != -ENOBUFS) {
        mirage_log_err(&ethecho_log, "%s: sending the hello: error %d",
                       service->name, rc);
        return -1;
    }
    return rc == -ENOBUFS;
}

int ethecho_start(struct mirage_net *service, int count, int timeout,
                  bool quiet)
{
    struct mirage_net_info info;
    struct mirage_net_stats st;
    uint64_t wait =
        timeout == 0 ? MIRAGE_FOREVER : (uint64_t)timeout * NS_PER_SEC;
    char a[18], b[18];
    int echoed = 0, heard = 0, silent_seconds = 0, rc;

    if (count < 0 || timeout < 0) {
        mirage_log_err(&ethecho_log, "--count and --timeout must be >= 0");
        return 64;
    }
    rc = mirage_net_info(service, &info);
    if (rc < 0) {
        mirage_log_err(&ethecho_log, "%s: no information (error %d)",
                       service->name, rc);
        return 1;
    }
    mirage_log_info(&ethecho_log, "%s: address %s, MTU %u", service->name,
                    mac_text(info.mac, a), (unsigned)info.mtu);
    rx = malloc(MIRAGE_NET_FRAME_MAX(info.mtu));
    tx = malloc(MIRAGE_NET_FRAME_MAX(info.mtu) + ECHO_LEN);
    if (!rx || !tx) {
        mirage_log_err(&ethecho_log, "%s: no memory for frames of MTU %u",
                       service->name, (unsigned)info.mtu);
        return 1;
    }

    rc = send_hello(service, info.mac);
    if (rc < 0)
        return 1;
    if (rc == 0)
        printf("ethecho: hello sent from %s\n", a);
    else
        printf("ethecho: hello from %s dropped (no room); it goes again\n", a);

    while (count == 0 || echoed < count) {
        size_t len, payload;

        /* until the first frame for us: a second at a time, saying hello
         * again after each */
        rc = mirage_net_read(service, rx, MIRAGE_NET_FRAME_MAX(info.mtu), &len,
                             heard ? wait : NS_PER_SEC);
        if (rc == -ETIMEDOUT && !heard &&
            (timeout == 0 || ++silent_seconds < timeout)) {
            if (send_hello(service, info.mac) < 0)
                return 1;
            continue;
        }
        if (rc == -ETIMEDOUT) {
            printf("ethecho: no frame for %d s; giving up after %d echoes\n",
                   timeout, echoed);
            return 1;
        }
        if (rc < 0) {
            mirage_log_err(&ethecho_log, "%s: read: error %d", service->name,
                           rc);
            return 1;
        }
        if (!for_us(rx, len, info.mac))
            continue;
        heard = 1;
        payload = len - HEADER;
        put_header(tx, rx + 6, info.mac);
        memcpy(tx + HEADER, ECHO, ECHO_LEN);
        memcpy(tx + HEADER + ECHO_LEN, rx + HEADER, payload);
        if (HEADER + ECHO_LEN + payload > MIRAGE_NET_FRAME_MAX(info.mtu))
            payload = MIRAGE_NET_FRAME_MAX(info.mtu) - HEADER - ECHO_LEN;
        rc = mirage_net_write(service, tx, HEADER + ECHO_LEN + payload);
        if (rc == -ENOBUFS)
            continue; /* dropped, as on a wire (counted in tx_dropped): not
                         an echo; the peer sends its frame again */
        if (rc < 0) {
            mirage_log_err(&ethecho_log, "%s: echo to %s: error %d",
                           service->name, mac_text(rx + 6, b), rc);
            return 1;
        }
        echoed++;
        if (!quiet)
            printf("ethecho: echoed frame %d from %s, %zu bytes\n", echoed,
                   mac_text(rx + 6, b), len);
    }
    rc = mirage_net_stats(service, &st);
    if (rc == 0) {
        printf(
            "ethecho: %llu frames in (%llu bytes), %llu out (%llu bytes)\n",
            (unsigned long long)st.rx_frames, (unsigned long long)st.rx_bytes,
            (unsigned long long)st.tx_frames, (unsigned long long)st.tx_bytes);
        printf("ethecho: frames dropped: %llu in, %llu out\n",
               (unsigned long long)st.rx_dropped,
               (unsigned long long)st.tx_dropped);
    }
    return 0;
}
