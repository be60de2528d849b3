/* SPDX-License-Identifier: ISC */
/* spt.h: what the files of runtime/spt share. */
#ifndef MIRAGE_SPT_H
#define MIRAGE_SPT_H

#include <stddef.h>
#include <stdint.h>

#include <mirage/tender_abi.h>

/*
 * The boot information, copied out of the tender's memory by main.c before
 * anything else uses it (the tender may reuse its own copy).
 */
extern struct mirage_tender_boot_info spt_boot_info;

/*
 * The boot stack the tender gave: its top (the initial %rsp plus the
 * return-address slot) and the lowest address known to be in use (main.c
 * and fault.c lower it); the crash reports may read between the two.
 */
extern uintptr_t spt_stack_top, spt_stack_low;

/* The guest's fault entry, whose address goes in boot_info->fault_entry. */
void spt_fault_entry(const struct mirage_tender_fault *f);

/* Writes (len) bytes at (buf) to host descriptor (fd), retrying on short
 * writes and EINTR; gives up silently on another error. */
void spt_write_all(int fd, const char *buf, size_t len);

/* Ends the process with (status), through exit_group. */
void spt_exit(int status) __attribute__((noreturn));

#endif
