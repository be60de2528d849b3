/* SPDX-License-Identifier: ISC */
/* pvh_note.c: the ELF note that makes the image a PVH kernel. */

/*
 * Xen's public header xen/include/public/elfnote.h defines
 * XEN_ELFNOTE_PHYS32_ENTRY (18): the physical address of the 32-bit
 * protected-mode entry. Xen's domain builder and QEMU's -kernel loader
 * (pc, q35, microvm) both find it in a PT_NOTE segment and enter the kernel
 * there in PVH mode (entry32.c).
 *
 * Note layout (ELF gABI): namesz, descsz, type, name padded to 4 bytes,
 * desc padded to 4 bytes. The desc is 8 bytes (a .quad), as in Linux's
 * 64-bit kernels: Xen's libelf reads 4- or 8-byte values, and QEMU reads a
 * 64-bit value from an ELF64 image.
 */
#define XEN_ELFNOTE_PHYS32_ENTRY 18

#define STR_(x) #x
#define STR(x)  STR_(x)

__asm__(".pushsection .note.Xen, \"a\", @note\n"
        "    .balign 4\n"
        "    .long 4\n" /* namesz: "Xen" and its NUL */
        "    .long 8\n" /* descsz */
        "    .long " STR(XEN_ELFNOTE_PHYS32_ENTRY) "\n"
                                                   "    .asciz \"Xen\"\n"
                                                   "    .balign 4\n"
                                                   "    .quad pvh_start32\n"
                                                   "    .balign 4\n"
                                                   ".popsection\n");
