/* SPDX-License-Identifier: ISC */
/* hvt.h: what the modules of mirage-hvt share: guest memory, the devices. */
#ifndef MIRAGE_TENDER_HVT_H
#define MIRAGE_TENDER_HVT_H

#include <stddef.h>
#include <stdint.h>

#include "mirage/tender_abi.h"

#define HVT_PROG "mirage-hvt"

/*
 * One device attached to the guest, as the tender opened it. This table
 * lives in the tender's memory only: the guest gets a copy in its boot
 * info, and every hypercall is checked against this table, never against
 * what the guest may have rewritten.
 */
struct hvt_device {
    uint32_t type;        /* MIRAGE_TENDER_DEV_* */
    int fd;               /* the host descriptor */
    uint64_t capacity;    /* block: bytes, a multiple of sector_size */
    uint32_t sector_size; /* block: bytes, a power of two, >= 512 */
    uint32_t mtu;         /* net: bytes of payload */
    int read_only;        /* block: the host file is read-only */
};

/* The guest: its memory (guest-physical 0 at (mem)) and its devices. */
struct hvt {
    uint8_t *mem;
    uint64_t mem_size;
    unsigned ndevices; /* <= MIRAGE_TENDER_MANIFEST_MAX */
    struct hvt_device devices[MIRAGE_TENDER_MANIFEST_MAX];
};

/*
 * The device of (handle) in the tender's table when it is of (type)
 * (MIRAGE_TENDER_DEV_*), else NULL: the one check of a hypercall's handle.
 */
const struct hvt_device *hvt_device(const struct hvt *h, uint32_t handle,
                                    uint32_t type);

/* 1 when [gpa, gpa + len) is inside the guest's memory. */
int hvt_in_guest(const struct hvt *h, uint64_t gpa, uint64_t len);

/*
 * Copies the argument struct of hypercall (nr) at (gpa) into (arg); an
 * argument that is not wholly inside guest memory is a guest crash
 * (hvt_crash: there is no place to return an error to).
 */
void hvt_get_arg(const struct hvt *h, unsigned nr, uint64_t gpa, void *arg,
                 size_t size);

/* Copies (arg) back to (gpa), checked by hvt_get_arg before. */
void hvt_set_arg(struct hvt *h, uint64_t gpa, const void *arg, size_t size);

/*
 * Services hypercall (nr) (1..MIRAGE_HVT_CALL_MAX) with its argument
 * struct at (gpa). Returns only when the guest is to go on; HALT ends the
 * tender with the guest's status, a bad argument struct with a crash.
 */
void hvt_hypercall(struct hvt *h, unsigned nr, uint64_t gpa);

/* The name of hypercall (nr), or "unknown". */
const char *hvt_call_name(unsigned nr);

/* The hypercalls of each module; (nr) tells the read from the write. */
void hvt_console_puts(struct hvt *h, uint64_t gpa);
void hvt_block_call(struct hvt *h, unsigned nr, uint64_t gpa);
void hvt_net_call(struct hvt *h, unsigned nr, uint64_t gpa);
void hvt_net_poll(struct hvt *h, uint64_t gpa);

/* Writes out what the guest printed and is still buffered. */
void hvt_console_flush(void);

/*
 * The ends of the tender (core/report.c; the hypercall fuzz harness has
 * its own): the guest crashed (reason; registers; exit 255); the guest
 * halted with (status); the tender failed (message; exit 125).
 */
void hvt_crash(const char *fmt, ...) __attribute__((format(printf, 1, 2)))
__attribute__((noreturn));
void hvt_exit(int status) __attribute__((noreturn));
void hvt_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)))
__attribute__((noreturn));

/* One line "mirage-hvt: ..." on stderr, with no allocation. */
void hvt_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
