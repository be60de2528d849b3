/* SPDX-License-Identifier: ISC */
/* main.c: the process entry point of a unix unikernel. */
#include <stdio.h>

#include <mirage/image.h>

#include "unix/fault.h"

int main(int argc, char **argv)
{
    /*
     * The runtime writes with write(2); line-buffer stdio so that a
     * unikernel's own printf output keeps its place among the log lines
     * even when stdout is a pipe or a file.
     */
    setvbuf(stdout, NULL, _IOLBF, 0);
    /* without the handlers a crash still ends the process, unreported */
    (void)plat_fault_install();
    return mirage_boot(&mirage_image, argc, argv);
}
