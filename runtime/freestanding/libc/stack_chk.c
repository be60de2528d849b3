/* SPDX-License-Identifier: ISC */
/* stack_chk.c: the stack protector's canary and its failure report. */
#include <stdint.h>

#include <mirage/abort.h>

#include "stack_chk.h"

/*
 * Code built with -fstack-protector-strong -mstack-protector-guard=global
 * (mirage-xen.pc) puts this value between a function's arrays and its
 * return address and checks it before returning. It starts as a fixed
 * value, so that the boot code is checked too, and gets its random value
 * from core_libc_stack_guard_init early at boot. The lowest byte stays 0,
 * so that a runaway string copy stops at the canary.
 */
uintptr_t __stack_chk_guard = 0x2f6d8b39c1a45e00ull;

void core_libc_stack_guard_init(uint64_t seed)
{
    __stack_chk_guard = (uintptr_t)(seed & ~(uint64_t)0xff);
}

void __stack_chk_fail(void)
{
    mirage_abort("stack smashing detected: a buffer overflowed the stack "
                 "frame of the function that returned to frame #0");
}
