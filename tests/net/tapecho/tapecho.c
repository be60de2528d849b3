/* SPDX-License-Identifier: ISC */
/* tapecho.c: says what its interface is and refuses, then runs ethecho. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mirage_main.h"

/* examples/ethecho/unikernel.c: hello, then echoes (count) frames. */
int ethecho_start(struct mirage_net *service, int count, int timeout,
                  bool quiet);

/*
 * Prints the interface's address and MTU, and what a write one byte
 * longer than the largest frame gives ("-EMSGSIZE", else the error);
 * then it is ethecho, whose status it returns.
 */
int tapecho_start(struct mirage_net *service, int count, int timeout,
                  bool quiet)
{
    struct mirage_net_info info;
    unsigned char *frame;
    size_t over;
    int rc;

    rc = mirage_net_info(service, &info);
    if (rc < 0) {
        printf("tapecho: info: error %d\n", rc);
        return 1;
    }
    printf("tapecho: %s: MAC %02x:%02x:%02x:%02x:%02x:%02x, MTU %u\n",
           service->name, info.mac[0], info.mac[1], info.mac[2], info.mac[3],
           info.mac[4], info.mac[5], (unsigned)info.mtu);
    over = MIRAGE_NET_FRAME_MAX(info.mtu) + 1;
    frame = calloc(1, over);
    if (!frame)
        return 1;
    memset(frame, 0xff, 6); /* to everyone, from us, EtherType 0x88B5 */
    memcpy(frame + 6, info.mac, 6);
    frame[12] = 0x88;
    frame[13] = 0xb5;
    rc = mirage_net_write(service, frame, over);
    free(frame);
    if (rc == -EMSGSIZE)
        printf("tapecho: a write of %zu bytes: -EMSGSIZE\n", over);
    else
        printf("tapecho: a write of %zu bytes: %d\n", over, rc);
    return ethecho_start(service, count, timeout, quiet);
}
