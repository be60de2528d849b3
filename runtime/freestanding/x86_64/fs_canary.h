/* SPDX-License-Identifier: ISC */
/* fs_canary.h: the stack protector's canary at %fs:0x28, for foreign code. */
#ifndef MIRAGE_X86_64_FS_CANARY_H
#define MIRAGE_X86_64_FS_CANARY_H

/*
 * Points the FS segment's base (the IA32_FS_BASE MSR; the image runs in
 * ring 0) at a small block of the image whose word at offset 0x28 is
 * __stack_chk_guard, and whose word at 0 is the block's own address.
 * Code compiled for glibc with -fstack-protector (Debian's libbearssl.a)
 * reads its canary at %fs:0x28; without this it would read page 0, which
 * is unmapped, and fault. Our own code uses the global canary
 * (-mstack-protector-guard=global) and never reads %fs. Call it once,
 * after core_libc_stack_guard_init (the canary's final value) and after
 * the last load of a selector into %fs (which may clear its base). Never
 * fails.
 */
void fs_canary_init(void);

#endif
