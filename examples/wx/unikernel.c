/* SPDX-License-Identifier: ISC */
/* unikernel.c: wx breaks W^X once, as --try says; the platform must stop it. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mirage_main.h"

/* x86 `ret`: a function that returns at once. */
#define RET 0xc3

typedef void wx_fn(void);

/* A function of the image's code, for write-text to write into. */
__attribute__((noinline)) static void wx_victim(void)
{
    __asm__ volatile("");
}

/* Read-only data, for write-rodata. */
static const char wx_rodata[] = "read-only data";

/* Static writable data, for exec-data. */
static unsigned char wx_data[64];

/*
 * Turns (p) into a function pointer, through uintptr_t: the conversion
 * ISO C leaves to the implementation, as every JIT does.
 */
static wx_fn *as_function(void *p)
{
    return (wx_fn *)(uintptr_t)p;
}

/* Writes (byte) at (p), a store the compiler cannot leave out. */
__attribute__((noinline)) static void wx_write(const void *p,
                                               unsigned char byte)
{
    *(volatile unsigned char *)(uintptr_t)p = byte;
}

/* Puts a `ret` at (buf) and calls it. */
__attribute__((noinline)) static void wx_exec(unsigned char *buf)
{
    wx_fn *fn = as_function(buf);

    *(volatile unsigned char *)buf = RET;
    fn();
}

/* Says what comes, before the crash report. */
static void say(const char *try, const char *what)
{
    printf("wx: %s: %s\n", try, what);
    fflush(stdout);
}

int wx_start(const char *try)
{
    if (strcmp(try, "write-text") == 0) {
        say(try, "writing into the code of wx_victim");
        wx_write((const void *)(uintptr_t)wx_victim, RET);
    } else if (strcmp(try, "write-rodata") == 0) {
        say(try, "writing into a const string");
        wx_write(wx_rodata, 'R');
    } else if (strcmp(try, "exec-data") == 0) {
        say(try, "calling a function copied into static data");
        wx_exec(wx_data);
    } else if (strcmp(try, "exec-stack") == 0) {
        unsigned char buf[64];

        say(try, "calling a function copied onto the stack");
        wx_exec(buf);
    } else if (strcmp(try, "exec-heap") == 0) {
        unsigned char *buf = malloc(64);

        if (!buf) {
            printf("wx: exec-heap: malloc failed\n");
            return 1;
        }
        say(try, "calling a function copied into the heap");
        wx_exec(buf);
        free(buf);
    } else {
        printf("wx: nothing tried\n");
        return 0;
    }
    wx_victim();
    printf("wx: %s was NOT stopped\n", try);
    return 1;
}
