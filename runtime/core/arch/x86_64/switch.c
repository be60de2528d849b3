/* SPDX-License-Identifier: ISC */
/* switch.c: the x86-64 (System V) context switch and fiber trampoline. */
#if defined(__x86_64__)

#include <stdint.h>

#include <mirage/fiber.h>

#include "../switch.h"

/*
 * A saved context, from the saved stack pointer up:
 *
 *   sp+0   MXCSR (4 bytes), x87 control word (2 bytes), padding
 *   sp+8   r15, r14, r13, r12, rbx, rbp
 *   sp+56  return address
 *
 * Only what the ABI makes callee-saved is kept: the other registers are
 * dead across the call of core_arch_switch. The trampoline of a new fiber
 * gets (entry) in r12 and (arg) in r13, and builds a last frame whose saved
 * rbp and return address are both 0, where frame-pointer walks stop; its
 * CFI marks the return address undefined, where DWARF unwinders stop.
 */
/*
 * MXCSR (SSE rounding and exception masks) and the x87 control word are
 * callee-saved in the System V ABI: a fiber that changes them must not
 * change them for the others. On unix the switch always keeps them. The
 * freestanding targets' own code is built without SSE and never touches
 * them, and some hosts cannot run an SSE instruction in a guest at all (a
 * KVM that emulates the guest's instructions, such as kvm_pvm, stops at
 * the first one); so there the switch keeps them once code that uses SSE
 * asked for it (mirage_fiber_keep_fp_control: the tls device, for
 * BearSSL's SSE2 and AES-NI code) and, until then, stores their initial
 * values, which a fiber switched in later then loads. Their boot turns
 * SSE on (tenders/hvt/vcpu.c, runtime/pc/entry64.c; spt runs in a Linux
 * process).
 */
#if defined(MIRAGE_FREESTANDING)
#define SAVE_FP_CONTROL                                                        \
    "    cmpb $0, core_arch_fp_control(%rip)\n"                                \
    "    je 7f\n"                                                              \
    "    stmxcsr (%rsp)\n"                                                     \
    "    fnstcw 4(%rsp)\n"                                                     \
    "    jmp 8f\n"                                                             \
    "7:  movl $0x1f80, (%rsp)\n"                                               \
    "    movw $0x037f, 4(%rsp)\n"                                              \
    "8:\n"
#define LOAD_FP_CONTROL                                                        \
    "    cmpb $0, core_arch_fp_control(%rip)\n"                                \
    "    je 9f\n"                                                              \
    "    ldmxcsr (%rsp)\n"                                                     \
    "    fldcw 4(%rsp)\n"                                                      \
    "9:\n"
#else
#define SAVE_FP_CONTROL                                                        \
    "    stmxcsr (%rsp)\n"                                                     \
    "    fnstcw 4(%rsp)\n"
#define LOAD_FP_CONTROL                                                        \
    "    ldmxcsr (%rsp)\n"                                                     \
    "    fldcw 4(%rsp)\n"
#endif

/* Nonzero once mirage_fiber_keep_fp_control was called (freestanding). */
unsigned char core_arch_fp_control __attribute__((used));

void mirage_fiber_keep_fp_control(void)
{
    core_arch_fp_control = 1;
}

__asm__(".text\n"
        ".globl core_arch_switch\n"
        ".type core_arch_switch, @function\n"
        ".p2align 4\n"
        "core_arch_switch:\n"
        ".cfi_startproc\n"
        "    pushq %rbp\n"
        ".cfi_adjust_cfa_offset 8\n"
        ".cfi_rel_offset %rbp, 0\n"
        "    pushq %rbx\n"
        ".cfi_adjust_cfa_offset 8\n"
        ".cfi_rel_offset %rbx, 0\n"
        "    pushq %r12\n"
        ".cfi_adjust_cfa_offset 8\n"
        ".cfi_rel_offset %r12, 0\n"
        "    pushq %r13\n"
        ".cfi_adjust_cfa_offset 8\n"
        ".cfi_rel_offset %r13, 0\n"
        "    pushq %r14\n"
        ".cfi_adjust_cfa_offset 8\n"
        ".cfi_rel_offset %r14, 0\n"
        "    pushq %r15\n"
        ".cfi_adjust_cfa_offset 8\n"
        ".cfi_rel_offset %r15, 0\n"
        "    subq $8, %rsp\n"
        ".cfi_adjust_cfa_offset 8\n" SAVE_FP_CONTROL "    movq %rsp, (%rdi)\n"
        "    movq %rsi, %rsp\n" LOAD_FP_CONTROL "    addq $8, %rsp\n"
        ".cfi_adjust_cfa_offset -8\n"
        "    popq %r15\n"
        ".cfi_adjust_cfa_offset -8\n"
        ".cfi_restore %r15\n"
        "    popq %r14\n"
        ".cfi_adjust_cfa_offset -8\n"
        ".cfi_restore %r14\n"
        "    popq %r13\n"
        ".cfi_adjust_cfa_offset -8\n"
        ".cfi_restore %r13\n"
        "    popq %r12\n"
        ".cfi_adjust_cfa_offset -8\n"
        ".cfi_restore %r12\n"
        "    popq %rbx\n"
        ".cfi_adjust_cfa_offset -8\n"
        ".cfi_restore %rbx\n"
        "    popq %rbp\n"
        ".cfi_adjust_cfa_offset -8\n"
        ".cfi_restore %rbp\n"
        "    ret\n"
        ".cfi_endproc\n"
        ".size core_arch_switch, .-core_arch_switch\n"
        "\n"
        ".globl core_arch_trampoline\n"
        ".type core_arch_trampoline, @function\n"
        ".p2align 4\n"
        "core_arch_trampoline:\n"
        ".cfi_startproc\n"
        ".cfi_undefined %rip\n"
        "    pushq %rbp\n"
        "    movq %rsp, %rbp\n"
        "    movq %r13, %rdi\n"
        "    callq *%r12\n"
        "    ud2\n"
        ".cfi_endproc\n"
        ".size core_arch_trampoline, .-core_arch_trampoline\n");

/* Where a new fiber's first switch returns to; defined above. */
void core_arch_trampoline(void);

/* MXCSR and x87 control word at power-on: all exceptions masked. */
#define X86_64_MXCSR_INIT 0x1f80u
#define X86_64_FPUCW_INIT 0x037fu

void *core_arch_stack_init(void *top, void (*entry)(void *), void *arg)
{
    uint64_t *sp = (uint64_t *)((uintptr_t)top & ~(uintptr_t)15);

    *--sp = 0; /* the trampoline's return address: the end of the chain */
    *--sp = (uint64_t)(uintptr_t)core_arch_trampoline;
    *--sp = 0;                          /* rbp: the end of the frame chain */
    *--sp = 0;                          /* rbx */
    *--sp = (uint64_t)(uintptr_t)entry; /* r12 */
    *--sp = (uint64_t)(uintptr_t)arg;   /* r13 */
    *--sp = 0;                          /* r14 */
    *--sp = 0;                          /* r15 */
    *--sp = X86_64_MXCSR_INIT | (uint64_t)X86_64_FPUCW_INIT << 32;
    return sp;
}

#endif
