/* SPDX-License-Identifier: ISC */
/* hvt.h: what the files of runtime/hvt share: boot info, hypercalls. */
#ifndef MIRAGE_HVT_H
#define MIRAGE_HVT_H

#include <stddef.h>
#include <stdint.h>

#include <mirage/tender_abi.h>

/*
 * The boot information, copied into the image by main.c (the devices
 * the tender gave, not the unused entries).
 */
extern struct mirage_tender_boot_info hvt_boot_info;

/*
 * Makes hypercall (nr) with the argument struct at (arg): its guest-
 * physical address (the identity map: its address; below 1 GiB, so it fits
 * in 32 bits) goes to port MIRAGE_HVT_PORT_BASE + nr with an outl, and the
 * tender has serviced the call when the instruction completes.
 */
static inline void hvt_call(enum mirage_hvt_call nr, void *arg)
{
    __asm__ volatile("outl %0, %1"
                     :
                     : "a"((uint32_t)(uintptr_t)arg),
                       "d"((uint16_t)(MIRAGE_HVT_PORT_BASE + nr))
                     : "memory");
}

/* Sets up the clocks from boot_info.tsc_hz and the tender's wall clock. */
void hvt_clock_init(void);

/*
 * One POLL hypercall (poll.c): waits at most (timeout_ns) for a frame on
 * one of the net devices whose bit is set in (watch) (bit i: device i of
 * the boot info); returns the bits of those that have one.
 */
uint64_t hvt_poll(uint64_t timeout_ns, uint64_t watch);

/* Writes out what the console buffered (console.c). */
void hvt_console_flush(void);

/* Ends the unikernel with (status): flushes the console, HALT. */
void hvt_halt(int status) __attribute__((noreturn));

/* The heap over the free memory the tender gave (above its page tables),
   and below the image from (low_start), where the boot info was (copied
   into the image by then), up to MIRAGE_TENDER_IMAGE_BASE. */
void hvt_heap_init(uint64_t low_start);

#endif
