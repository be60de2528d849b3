/* SPDX-License-Identifier: ISC */
/* trap.c: the GDT, TSS and IDT; exceptions and interrupts reach C here. */
#include "trap.h"

/*
 * Descriptors as the Intel SDM vol. 3 defines them: 7.2.3 (the 64-bit
 * TSS), 7.2.3/3.5 (its 16-byte system descriptor), 6.14.1 (64-bit IDT gate
 * descriptors). Exceptions use interrupt gates with IST1, so they run on
 * the fault stack (pvh.lds) even when the kernel's own stack overflowed
 * into its guard page; interrupts run on the interrupted stack.
 */
#define SEL_CODE 0x08
#define SEL_TSS  0x18

#define GATE_INTERRUPT 0x8e /* present, DPL 0, 64-bit interrupt gate */
#define TSS_AVAILABLE  0x89 /* present, DPL 0, available 64-bit TSS */

/* Each stub (the assembly below) is 16 bytes: vector n at base + 16n. */
#define STUB_SIZE 16

struct tss {
    uint32_t reserved0;
    uint64_t rsp[3];
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iomap_base;
} __attribute__((packed));

struct idt_gate {
    uint16_t offset_low;
    uint16_t selector;
    uint8_t ist;
    uint8_t type;
    uint16_t offset_mid;
    uint32_t offset_high;
    uint32_t reserved;
};

struct table_register {
    uint16_t limit;
    uint64_t base;
} __attribute__((packed));

_Static_assert(sizeof(struct tss) == 104, "64-bit TSS is 104 bytes");
_Static_assert(sizeof(struct idt_gate) == 16, "IDT gates are 16 bytes");
_Static_assert(sizeof(struct trap_frame) == 22 * 8, "trap frame");

extern char __fault_stack_top[];
extern char trap_stubs[], irq_stubs[], irq_spurious_stub[];

/* In .data: the CPU writes the TSS descriptor's busy bit on ltr. */
static uint64_t gdt[5] = {
    0,
    0x00af9b000000ffffull, /* 0x08: code, L=1, DPL 0 */
    0x00cf93000000ffffull, /* 0x10: data, flat */
    0,                     /* 0x18: the TSS, two entries, set at init */
    0,
};
static struct tss tss;
static struct idt_gate idt[256];
static void (*irq_handlers[TRAP_IRQ_COUNT])(unsigned vector);

/* One instruction a line: kept out of clang-format's reflowing. */
/* clang-format off */
__asm__(
    ".pushsection .text.trap_stubs, \"ax\", @progbits\n"
    /* Exceptions 0..31: the CPU pushes an error code for 8, 10-14, 17,
     * 21, 29 and 30; the other stubs push 0 in its place. */
    "    .balign 16\n"
    "    .globl trap_stubs\n"
    "trap_stubs:\n"
    "    .set trap_n, 0\n"
    "    .rept 32\n"
    "    .balign 16\n"
    "    .if trap_n == 8 || (trap_n >= 10 && trap_n <= 14) || "
    "trap_n == 17 || trap_n == 21 || trap_n == 29 || trap_n == 30\n"
    "    pushq $trap_n\n"
    "    .else\n"
    "    pushq $0\n"
    "    pushq $trap_n\n"
    "    .endif\n"
    "    jmp trap_common\n"
    "    .set trap_n, trap_n + 1\n"
    "    .endr\n"
    /* Interrupts 32..47, then the spurious vector. */
    "    .balign 16\n"
    "    .globl irq_stubs\n"
    "irq_stubs:\n"
    "    .set trap_n, 32\n"
    "    .rept 16\n"
    "    .balign 16\n"
    "    pushq $0\n"
    "    pushq $trap_n\n"
    "    jmp irq_common\n"
    "    .set trap_n, trap_n + 1\n"
    "    .endr\n"
    "    .balign 16\n"
    "    .globl irq_spurious_stub\n"
    "irq_spurious_stub:\n"
    "    iretq\n"
    /* Save the general registers as struct trap_frame lays them out. The
     * CPU aligned %rsp to 16 before its 5 pushes; with the 2 of the stub
     * and these 15, %rsp is 16-byte aligned again at the call. */
    "    .macro trap_save\n"
    "    pushq %rax\n"
    "    pushq %rbx\n"
    "    pushq %rcx\n"
    "    pushq %rdx\n"
    "    pushq %rsi\n"
    "    pushq %rdi\n"
    "    pushq %rbp\n"
    "    pushq %r8\n"
    "    pushq %r9\n"
    "    pushq %r10\n"
    "    pushq %r11\n"
    "    pushq %r12\n"
    "    pushq %r13\n"
    "    pushq %r14\n"
    "    pushq %r15\n"
    "    .endm\n"
    "trap_common:\n"
    "    trap_save\n"
    "    cld\n"
    "    movq %rsp, %rdi\n"
    "    call trap_fault\n"
    "1:  cli\n"
    "    hlt\n"
    "    jmp 1b\n"
    "irq_common:\n"
    "    trap_save\n"
    "    cld\n"
    "    movq %rsp, %rdi\n"
    "    call trap_irq\n"
    "    popq %r15\n"
    "    popq %r14\n"
    "    popq %r13\n"
    "    popq %r12\n"
    "    popq %r11\n"
    "    popq %r10\n"
    "    popq %r9\n"
    "    popq %r8\n"
    "    popq %rbp\n"
    "    popq %rdi\n"
    "    popq %rsi\n"
    "    popq %rdx\n"
    "    popq %rcx\n"
    "    popq %rbx\n"
    "    popq %rax\n"
    "    addq $16, %rsp\n"
    "    iretq\n"
    ".popsection\n");
/* clang-format on */

void trap_irq(const struct trap_frame *frame);
void trap_irq(const struct trap_frame *frame)
{
    unsigned i = (unsigned)frame->vector - TRAP_IRQ_FIRST;

    if (i < TRAP_IRQ_COUNT && irq_handlers[i])
        irq_handlers[i]((unsigned)frame->vector);
}

int trap_set_irq(unsigned vector, void (*handler)(unsigned vector))
{
    unsigned i = vector - TRAP_IRQ_FIRST;

    if (i >= TRAP_IRQ_COUNT)
        return -1;
    irq_handlers[i] = handler;
    return 0;
}

static void set_gate(unsigned vector, uintptr_t handler, uint8_t ist)
{
    struct idt_gate *g = &idt[vector];

    g->offset_low = (uint16_t)handler;
    g->selector = SEL_CODE;
    g->ist = ist;
    g->type = GATE_INTERRUPT;
    g->offset_mid = (uint16_t)(handler >> 16);
    g->offset_high = (uint32_t)(handler >> 32);
    g->reserved = 0;
}

/*
 * Sets (count) gates from (vector) on, to stubs STUB_SIZE bytes apart from
 * (first). A gate's first 8 bytes hold the low 16 bits of the handler's
 * address in their lowest bits, so while those do not carry, the next
 * gate is the previous one plus STUB_SIZE: two stores a gate, which the
 * boot of a small guest notices (noop.hvt: 776 instructions -> 349).
 */
static void set_gates(unsigned vector, unsigned count, uintptr_t first,
                      uint8_t ist)
{
    uint64_t words[2];

    if ((first & 0xffff) + (uintptr_t)count * STUB_SIZE > 0x10000) {
        for (unsigned i = 0; i < count; i++)
            set_gate(vector + i, first + i * STUB_SIZE, ist);
        return;
    }
    set_gate(vector, first, ist);
    __builtin_memcpy(words, &idt[vector], sizeof(words));
    for (unsigned i = 1; i < count; i++) {
        words[0] += STUB_SIZE;
        __builtin_memcpy(&idt[vector + i], words, sizeof(words));
    }
}

void trap_init_cpu(void)
{
    uintptr_t tss_base = (uintptr_t)&tss;
    struct table_register gdtr = {sizeof(gdt) - 1, (uintptr_t)gdt};
    struct table_register idtr = {sizeof(idt) - 1, (uintptr_t)idt};

    tss.ist[0] = (uintptr_t)__fault_stack_top;
    tss.iomap_base = sizeof(tss); /* no I/O permission bitmap */
    gdt[3] = (sizeof(tss) - 1) | ((tss_base & 0xffffff) << 16) |
             ((uint64_t)TSS_AVAILABLE << 40) |
             ((uint64_t)((tss_base >> 24) & 0xff) << 56);
    gdt[4] = tss_base >> 32;
    set_gates(0, 32, (uintptr_t)trap_stubs, 1);
    set_gates(TRAP_IRQ_FIRST, TRAP_IRQ_COUNT, (uintptr_t)irq_stubs, 0);
    set_gate(TRAP_IRQ_SPURIOUS, (uintptr_t)irq_spurious_stub, 0);
    /* %cs is already 0x08 and the data segments 0x10 in the new GDT too */
    __asm__ volatile("lgdt %0" : : "m"(gdtr) : "memory");
    __asm__ volatile("ltr %w0" : : "r"((uint16_t)SEL_TSS) : "memory");
    __asm__ volatile("lidt %0" : : "m"(idtr) : "memory");
}

const char *trap_name(unsigned vector)
{
    static const char *const names[32] = {
        [0] = "divide error",
        [1] = "debug exception",
        [2] = "non-maskable interrupt",
        [3] = "breakpoint",
        [4] = "overflow",
        [5] = "bound range exceeded",
        [6] = "invalid opcode",
        [7] = "device not available",
        [8] = "double fault",
        [10] = "invalid TSS",
        [11] = "segment not present",
        [12] = "stack-segment fault",
        [13] = "general protection fault",
        [14] = "page fault",
        [16] = "x87 floating-point error",
        [17] = "alignment check",
        [18] = "machine check",
        [19] = "SIMD floating-point exception",
        [20] = "virtualization exception",
        [21] = "control protection exception",
    };

    return vector < 32 && names[vector] ? names[vector] : "exception";
}
