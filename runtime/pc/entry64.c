/* SPDX-License-Identifier: ISC */
/* entry64.c: first 64-bit code: segments, IDT, FPU/SSE, stack, boot_main. */

/*
 * Reached by the far jump at the end of entry32.c, in 64-bit mode with the
 * identity map on and %esi holding the physical address of struct
 * hvm_start_info. It reloads the data segments, loads an empty IDT (any
 * exception then escalates to a triple fault, which QEMU's -no-reboot turns
 * into an exit, instead of jumping through whatever IDTR the loader left),
 * turns on the x87 and SSE units (the code is built without SSE, but the
 * fiber switch, runtime/core/arch/x86_64/switch.c, saves and restores
 * MXCSR and the x87 control word, which fault while they are off),
 * switches to the boot stack (pvh.lds: __stack_top, with an unused guard
 * gap below __stack_bottom) and calls boot_main(start_info_phys) with the
 * SysV ABI: argument in %edi, %rsp 16-byte aligned before the call.
 * boot_main then loads the real IDT (trap.c).
 */
__asm__(".pushsection .rodata.boot_idt, \"a\", @progbits\n"
        "    .balign 8\n"
        "boot_null_idt:\n"
        "    .word 0\n"
        "    .quad 0\n"
        ".popsection\n"

        ".pushsection .text.boot, \"ax\", @progbits\n"
        "    .code64\n"
        "    .globl pvh_start64\n"
        "    .type pvh_start64, @function\n"
        "pvh_start64:\n"
        "    movl $0x10, %eax\n"
        "    movl %eax, %ds\n"
        "    movl %eax, %es\n"
        "    movl %eax, %ss\n"
        "    movl %eax, %fs\n"
        "    movl %eax, %gs\n"
        "    lidt boot_null_idt\n"
        /* x87 and SSE on: CR0.EM off, CR0.MP on, CR4.OSFXSR|OSXMMEXCPT */
        "    movq %cr0, %rax\n"
        "    andq $~0x4, %rax\n"
        "    orq $0x2, %rax\n"
        "    movq %rax, %cr0\n"
        "    movq %cr4, %rax\n"
        "    orq $0x600, %rax\n"
        "    movq %rax, %cr4\n"
        "    fninit\n"
        "    movq $__stack_top, %rsp\n"
        "    xorl %ebp, %ebp\n"
        "    movl %esi, %edi\n" /* zero-extends into %rdi */
        "    call boot_main\n"
        "1:  cli\n"
        "    hlt\n"
        "    jmp 1b\n"
        "    .size pvh_start64, . - pvh_start64\n"
        ".popsection\n");
