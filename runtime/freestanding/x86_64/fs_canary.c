/* SPDX-License-Identifier: ISC */
/* fs_canary.c: the stack protector's canary at %fs:0x28 (fs_canary.h). */
#include <stdint.h>

#include "fs_canary.h"
#include "stack_chk.h"

#define MSR_FS_BASE 0xc0000100u

/*
 * What glibc's thread control block holds where compiled code reads it:
 * the block's own address at %fs:0 and the canary at %fs:0x28. The rest
 * is zero. 64 bytes, so that a read just past the canary stays inside.
 */
static uint64_t fs_block[8] __attribute__((aligned(64)));

void fs_canary_init(void)
{
    uint64_t base = (uint64_t)(uintptr_t)fs_block;

    fs_block[0] = base;
    fs_block[0x28 / sizeof(uint64_t)] = (uint64_t)__stack_chk_guard;
    __asm__ volatile("wrmsr"
                     :
                     : "c"(MSR_FS_BASE), "a"((uint32_t)base),
                       "d"((uint32_t)(base >> 32))
                     : "memory");
}
