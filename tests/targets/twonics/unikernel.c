/* SPDX-License-Identifier: ISC */
/* unikernel.c: twonics prints the address of each of its two NICs. */
#include <stdio.h>

#include "mirage_main.h"

/* Prints "NAME: aa:bb:cc:dd:ee:ff" for (dev); 0, or 1 on an error. */
static int show(struct mirage_net *dev)
{
    struct mirage_net_info info;

    if (mirage_net_info(dev, &info) < 0)
        return 1;
    printf("%s: %02x:%02x:%02x:%02x:%02x:%02x\n", dev->name, info.mac[0],
           info.mac[1], info.mac[2], info.mac[3], info.mac[4], info.mac[5]);
    return 0;
}

int twonics_start(struct mirage_net *first, struct mirage_net *second)
{
    return show(first) | show(second);
}
