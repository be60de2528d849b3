/* SPDX-License-Identifier: ISC */
/* stack_chk.h: the stack protector's canary and its failure report. */
#ifndef MIRAGE_FREESTANDING_STACK_CHK_H
#define MIRAGE_FREESTANDING_STACK_CHK_H

#include <stdint.h>

/* The canary that protected functions check before they return. */
extern uintptr_t __stack_chk_guard;

/* Called by a protected function whose canary changed: a crash report. */
void __stack_chk_fail(void) __attribute__((noreturn));

/*
 * Sets the canary from (seed) (its lowest byte becomes 0). Call it where no
 * protected function that is still to return is running: only frames that
 * never return (the boot path's) may be on the stack.
 */
void core_libc_stack_guard_init(uint64_t seed);

#endif
