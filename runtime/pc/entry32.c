/* SPDX-License-Identifier: ISC */
/* entry32.c: PVH 32-bit entry: BSS, page tables, GDT, into long mode. */

/*
 * The PVH boot ABI (Xen's docs/misc/pvh.pandoc, and QEMU's pvh option ROM)
 * enters pvh_start32 in 32-bit protected mode with paging off, a flat
 * 32-bit %cs, flat %ds/%es/%ss, interrupts off, and %ebx holding the
 * physical address of struct hvm_start_info. %esp, the GDTR and the IDTR are
 * unspecified: nothing here touches the stack before entry64.c sets one.
 *
 * The image is linked at its physical address (pvh.lds, 1 MiB), so symbol
 * addresses are physical addresses before and after paging is on.
 *
 * Steps:
 *  1. keep %ebx (start info) in %esi, which nothing below clobbers;
 *  2. load our GDT (null, 64-bit code 0x08, data 0x10) and the data
 *     segments; %cs stays the loader's until the far jump;
 *  3. clear BSS (__bss_start..__bss_end), which also zeroes the tables;
 *  4. check CPUID for long mode (and remember whether NX exists);
 *  5. page tables: PML4[0] -> PDPT[0] -> PD of 512 x 2 MiB pages, an
 *     identity map of 0..1 GiB, read-write and executable: just enough
 *     to reach C, where boot_main replaces it with the W^X tables of
 *     paging.c (4 KiB pages from the linker script's section bounds);
 *  6. CR4.PAE, CR3, EFER.LME (+ EFER.NXE when CPUID says NX), CR0.PG|WP;
 *  7. far jump to the 64-bit code segment: pvh_start64 (entry64.c).
 * Without long mode the guest exits through isa-debug-exit with status 125
 * (QEMU code 251) and otherwise halts.
 */

#define BOOT_CS 0x08
#define BOOT_DS 0x10

#define STR_(x) #x
#define STR(x)  STR_(x)

/* One instruction a line: kept out of clang-format's reflowing. */
/* clang-format off */
__asm__(
    /* Segment descriptors; the accessed bit is preset so that the CPU
     * never writes to the table (it may become read-only). */
    ".pushsection .rodata.boot_gdt, \"a\", @progbits\n"
    "    .balign 16\n"
    "boot_gdt:\n"
    "    .quad 0\n"                  /* null */
    "    .quad 0x00af9b000000ffff\n" /* 0x08: code, L=1, DPL 0 */
    "    .quad 0x00cf93000000ffff\n" /* 0x10: data, flat 4 GiB */
    "boot_gdt_end:\n"
    "    .balign 8\n"
    "    .globl boot_gdt_desc\n"
    "boot_gdt_desc:\n"
    "    .word boot_gdt_end - boot_gdt - 1\n"
    "    .quad boot_gdt\n"
    ".popsection\n"

    /* Page tables: in BSS, zeroed by step 3 before they are filled. */
    ".pushsection .bss.boot_page_tables, \"aw\", @nobits\n"
    "    .balign 4096\n"
    "boot_pml4: .skip 4096\n"
    "boot_pdpt: .skip 4096\n"
    "boot_pd:   .skip 4096\n"
    ".popsection\n"

    ".pushsection .text.boot, \"ax\", @progbits\n"
    "    .code32\n"
    "    .globl pvh_start32\n"
    "    .type pvh_start32, @function\n"
    "pvh_start32:\n"
    "    cli\n"
    "    cld\n"
    "    movl %ebx, %esi\n"                  /* 1 */
    "    lgdt boot_gdt_desc\n"               /* 2 */
    "    movl $" STR(BOOT_DS) ", %eax\n"
    "    movl %eax, %ds\n"
    "    movl %eax, %es\n"
    "    movl %eax, %ss\n"
    "    movl %eax, %fs\n"
    "    movl %eax, %gs\n"
    "    movl $__bss_start, %edi\n"          /* 3 */
    "    movl $__bss_end, %ecx\n"
    "    subl %edi, %ecx\n"
    "    xorl %eax, %eax\n"
    "    rep stosb\n"
    "    movl $0x80000000, %eax\n"           /* 4: leaf 0x80000001? */
    "    cpuid\n"
    "    cmpl $0x80000001, %eax\n"
    "    jb 9f\n"
    "    movl $0x80000001, %eax\n"
    "    cpuid\n"
    "    btl $29, %edx\n"                    /* LM */
    "    jnc 9f\n"
    "    movl %edx, %edi\n"                  /* bit 20: NX */
    "    movl $boot_pdpt + 0x3, boot_pml4\n" /* 5: present, writable */
    "    movl $boot_pd + 0x3, boot_pdpt\n"
    "    xorl %ecx, %ecx\n"
    "1:  movl %ecx, %eax\n"
    "    shll $21, %eax\n"
    "    orl $0x83, %eax\n"                  /* present, writable, PS */
    "    movl %eax, boot_pd(,%ecx,8)\n"
    "    incl %ecx\n"
    "    cmpl $512, %ecx\n"
    "    jb 1b\n"
    "    movl %cr4, %eax\n"                  /* 6 */
    "    orl $0x20, %eax\n"                  /* CR4.PAE */
    "    movl %eax, %cr4\n"
    "    movl $boot_pml4, %eax\n"
    "    movl %eax, %cr3\n"
    "    movl $0xc0000080, %ecx\n"           /* IA32_EFER */
    "    rdmsr\n"
    "    orl $0x100, %eax\n"                 /* EFER.LME */
    "    btl $20, %edi\n"
    "    jnc 2f\n"
    "    orl $0x800, %eax\n"                 /* EFER.NXE */
    "2:  wrmsr\n"
    "    movl %cr0, %eax\n"
    "    orl $0x80010001, %eax\n"            /* CR0.PG | CR0.WP | CR0.PE */
    "    movl %eax, %cr0\n"
    "    ljmp $" STR(BOOT_CS) ", $pvh_start64\n" /* 7 */
    "9:  movw $0xf4, %dx\n"                  /* no long mode: 125 */
    "    movl $125, %eax\n"
    "    outl %eax, %dx\n"
    "3:  hlt\n"
    "    jmp 3b\n"
    "    .size pvh_start32, . - pvh_start32\n"
    "    .code64\n"
    ".popsection\n");
/* clang-format on */
