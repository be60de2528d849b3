/* SPDX-License-Identifier: ISC */
/* switch.h: the per-architecture context switch the scheduler stands on. */
#ifndef MIRAGE_CORE_ARCH_SWITCH_H
#define MIRAGE_CORE_ARCH_SWITCH_H

/*
 * Each architecture (arch/<cpu>/switch.c, compiled to nothing on the
 * others) provides these two functions. A context is a saved stack pointer:
 * the callee-saved registers and the floating-point control state are
 * pushed on the stack it points into.
 */

/*
 * Saves the caller's context in (*save_sp) and resumes the one saved in
 * (load_sp); returns when another switch resumes (*save_sp). Cannot fail.
 */
void core_arch_switch(void **save_sp, void *load_sp);

/*
 * Prepares a new context on the stack whose highest address is (top), so
 * that the first switch to the returned stack pointer calls (entry)(arg)
 * from a trampoline that ends every frame-pointer and DWARF backtrace.
 * (entry) must never return. Cannot fail.
 */
void *core_arch_stack_init(void *top, void (*entry)(void *), void *arg);

#endif
