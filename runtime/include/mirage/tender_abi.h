/* SPDX-License-Identifier: ISC */
/* tender_abi.h: the ABI between a unikernel image and its tender (hvt, spt). */
#ifndef MIRAGE_TENDER_ABI_H
#define MIRAGE_TENDER_ABI_H

/*
 * One self-contained header, C99 only, shared by the guest side
 * (runtime/hvt, runtime/spt) and the tenders (tenders/: mirage-hvt,
 * mirage-spt). Everything that crosses between them is defined here, with
 * fixed-width fields and explicit padding, so that both sides agree
 * whatever compiler built them. A change that either side could notice
 * bumps MIRAGE_TENDER_ABI_VERSION; a tender refuses an image of another
 * version, naming both.
 *
 * The image (NAME.hvt, NAME.spt) is a static x86-64 ELF64 ET_EXEC linked
 * at MIRAGE_TENDER_IMAGE_BASE. It carries two ELF notes in a PT_NOTE
 * segment, both with the note name MIRAGE_TENDER_NOTE_NAME:
 *   - MIRAGE_TENDER_NOTE_ABI: struct mirage_tender_abi_note (ABI version
 *     and target: an spt image is refused by mirage-hvt and the reverse);
 *   - MIRAGE_TENDER_NOTE_MANIFEST: struct mirage_tender_manifest, the
 *     network and block devices the unikernel declared in configure.ac,
 *     by name. The tender attaches a host resource to each (--net:NAME=,
 *     --block:NAME=) and refuses to start when a declared device has none,
 *     an attached one is not declared, or the versions differ.
 */

#include <stdint.h>

#define MIRAGE_TENDER_ABI_VERSION 2u

/* Where images are linked (and, for spt, mapped): 1 MiB. */
#define MIRAGE_TENDER_IMAGE_BASE 0x100000ull

/* The ELF notes. */
#define MIRAGE_TENDER_NOTE_NAME     "MirageC"   /* 8 bytes with its NUL */
#define MIRAGE_TENDER_NOTE_ABI      0x4d414249u /* 'MABI' */
#define MIRAGE_TENDER_NOTE_MANIFEST 0x4d4d4e46u /* 'MMNF' */

/* Targets, in the ABI note. */
#define MIRAGE_TENDER_TARGET_HVT 1u
#define MIRAGE_TENDER_TARGET_SPT 2u

struct mirage_tender_abi_note {
    uint32_t abi_version; /* MIRAGE_TENDER_ABI_VERSION */
    uint32_t target;      /* MIRAGE_TENDER_TARGET_* */
};

/* Device types of the manifest. */
#define MIRAGE_TENDER_DEV_NET   1u /* raw Ethernet frames */
#define MIRAGE_TENDER_DEV_BLOCK 2u /* sectors of a disk */

#define MIRAGE_TENDER_NAME_MAX     32 /* bytes of a device name, NUL included */
#define MIRAGE_TENDER_MANIFEST_MAX 16 /* devices in a manifest */

struct mirage_tender_manifest_entry {
    char name[MIRAGE_TENDER_NAME_MAX]; /* NUL-terminated, [a-z0-9_] */
    uint32_t type;                     /* MIRAGE_TENDER_DEV_* */
    uint32_t reserved;                 /* 0 */
};

struct mirage_tender_manifest {
    uint32_t abi_version; /* MIRAGE_TENDER_ABI_VERSION */
    uint32_t count;       /* entries used, <= MIRAGE_TENDER_MANIFEST_MAX */
    struct mirage_tender_manifest_entry entries[MIRAGE_TENDER_MANIFEST_MAX];
};

/*
 * What the tender found for each manifest entry, in the same order, in
 * the boot info. For spt, (fd) is the host file descriptor the guest uses
 * itself (the seccomp filter allows only the calls the device needs on
 * it); for hvt, (fd) is -1 and the index into entries[] is the handle of
 * the hypercalls.
 */
struct mirage_tender_device {
    char name[MIRAGE_TENDER_NAME_MAX];
    uint32_t type;        /* MIRAGE_TENDER_DEV_* */
    int32_t fd;           /* spt: the host descriptor; hvt: -1 */
    uint64_t capacity;    /* block: bytes; net: 0 */
    uint32_t sector_size; /* block: bytes (512 unless told); net: 0 */
    uint32_t mtu;         /* net: bytes of payload (1500); block: 0 */
    uint8_t mac[6];       /* net: the interface's address */
    uint8_t read_only;    /* block: 1 when the host file is read-only */
    uint8_t pad[1];
};

/*
 * spt: the most bytes one pread64 or pwrite64 of a disk may move (a
 * multiple of every sector size), and one getrandom; the tender's filter
 * kills a larger one, so the guest splits its requests.
 */
#define MIRAGE_TENDER_SPT_BLOCK_MAX     (1u << 20)
#define MIRAGE_TENDER_SPT_GETRANDOM_MAX 256u

/*
 * Passed to the image's entry point in %rdi (spt: a pointer in the
 * process; hvt: a guest-physical address, identity-mapped), with %rsp at
 * the top of a stack the tender gave (16-byte aligned, minus 8, as after
 * a call). The entry never returns.
 */
struct mirage_tender_boot_info {
    uint32_t abi_version; /* MIRAGE_TENDER_ABI_VERSION */
    uint32_t target;      /* MIRAGE_TENDER_TARGET_* */
    /* free memory for the heap: [start, end); hvt: also the memory from
       this boot info to MIRAGE_TENDER_IMAGE_BASE, once the guest has
       copied the boot info and the command line (which lie there, and
       nothing else of the tender's) */
    uint64_t mem_start;
    uint64_t mem_end;
    uint64_t cmdline; /* address of the NUL-terminated arguments */
    uint64_t tsc_hz;  /* hvt: the TSC's rate; spt: 0 */
    /*
     * spt: the guest stores here the address of its fault entry,
     * void entry(const struct mirage_tender_fault *); the tender's signal
     * handler calls it (on the signal stack) for SIGSEGV, SIGBUS, SIGILL
     * and SIGFPE raised in the guest. 0: the tender reports the fault.
     */
    uint64_t fault_entry;
    uint32_t ndevices;
    uint32_t reserved;
    /*
     * hvt: the guest-physical address of the PML4 (also %cr3; CR0.WP and
     * EFER.NXE are on) of the page tables the tender built, with the
     * final rights: guest memory identity-mapped, page 0 not mapped, each
     * page of the image as its segment says (text read+execute, rodata
     * read-only, data read+write, none both writable and executable), all
     * else read+write and no-execute. The 2 MiB regions that hold any of
     * [0, mem_start] use 4 KiB pages, so that the guest can change the
     * rights of a page there by writing its entry. The tables lie outside
     * [mem_start, mem_end) and the guest may edit them. spt: 0.
     */
    uint64_t page_tables;
    struct mirage_tender_device devices[MIRAGE_TENDER_MANIFEST_MAX];
};

/* A guest fault as the spt tender saw it (from the signal's context). */
struct mirage_tender_fault {
    uint64_t signal;     /* SIGSEGV, ... (Linux numbers) */
    uint64_t fault_addr; /* si_addr */
    uint64_t has_fault_addr;
    uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp, rsp;
    uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
    uint64_t rip, rflags;
};

/*
 * hvt hypercalls: the guest writes the guest-physical address (32 bits,
 * below 4 GiB) of the call's argument struct to I/O port
 * MIRAGE_HVT_PORT_BASE + nr with an `outl`; the tender services the call
 * and resumes the guest after the instruction. Every address and length
 * in an argument struct is checked by the tender against guest memory.
 */
#define MIRAGE_HVT_PORT_BASE 0x500

enum mirage_hvt_call {
    MIRAGE_HVT_WALLTIME = 1,    /* struct mirage_hvt_walltime */
    MIRAGE_HVT_PUTS = 2,        /* struct mirage_hvt_puts */
    MIRAGE_HVT_POLL = 3,        /* struct mirage_hvt_poll */
    MIRAGE_HVT_BLOCK_WRITE = 4, /* struct mirage_hvt_block */
    MIRAGE_HVT_BLOCK_READ = 5,  /* struct mirage_hvt_block */
    MIRAGE_HVT_NET_WRITE = 6,   /* struct mirage_hvt_net */
    MIRAGE_HVT_NET_READ = 7,    /* struct mirage_hvt_net */
    MIRAGE_HVT_HALT = 8,        /* struct mirage_hvt_halt */
    MIRAGE_HVT_BLOCK_FLUSH = 9, /* struct mirage_hvt_block (handle only) */
};

/* The highest hypercall number. */
#define MIRAGE_HVT_CALL_MAX MIRAGE_HVT_BLOCK_FLUSH

struct mirage_hvt_walltime {
    int64_t ns; /* out: nanoseconds since the Unix epoch */
};

struct mirage_hvt_puts {
    uint64_t data; /* guest address */
    uint64_t len;
};

/*
 * Waits until a frame is there for one of the net devices named in
 * (ready) or (timeout_ns) passed; the console is written out first.
 */
struct mirage_hvt_poll {
    uint64_t timeout_ns; /* in: how long at most to wait */
    uint64_t ready;      /* in: bit i set to wait for net device i;
                            out: bit i set when net device i has a frame */
    int64_t ret;         /* out: 0, or a negative errno value */
};

/*
 * BLOCK_READ, BLOCK_WRITE: (len) bytes at (offset) of disk (handle).
 * BLOCK_FLUSH: every completed write of disk (handle) reaches stable
 * storage (the other fields are ignored).
 */
struct mirage_hvt_block {
    uint32_t handle; /* the device's index in the boot info */
    uint32_t pad;
    uint64_t offset; /* bytes; a multiple of the sector size */
    uint64_t data;   /* guest address */
    uint64_t len;    /* bytes; a multiple of the sector size */
    int64_t ret;     /* out: 0, or a negative errno value */
};

struct mirage_hvt_net {
    uint32_t handle;
    uint32_t pad;
    uint64_t data; /* guest address */
    uint64_t len;  /* write: the frame's length; read: the buffer's */
    uint64_t got;  /* out (read): the frame's length */
    int64_t ret;   /* out: 0, -EAGAIN (read: no frame), or -errno */
};

struct mirage_hvt_halt {
    int64_t status; /* the unikernel's exit status */
};

#endif
