/* SPDX-License-Identifier: ISC */
/* run.h: `mirage run`: booting an image under QEMU, or running a unix one. */
#ifndef MIRAGE_HELPER_RUN_H
#define MIRAGE_HELPER_RUN_H

#include <stdbool.h>
#include <stddef.h>

/* The RAM of a QEMU guest, in MiB, unless --mem says otherwise. */
#define RUN_DEFAULT_MEM_MIB 64
/* The largest --mem accepted, in MiB (1 TiB). */
#define RUN_MAX_MEM_MIB 1048576u

/* The status when an image did not run or end properly. */
#define RUN_EXIT_FAILED 125

/* QEMU's accelerator, as --accel gives it. */
enum run_accel {
    RUN_ACCEL_AUTO, /* kvm when /dev/kvm is readable and writable, else tcg */
    RUN_ACCEL_KVM,
    RUN_ACCEL_TCG,
};

/* How an image runs, from its file name. */
enum run_kind {
    RUN_UNIX,        /* no known suffix: a host program */
    RUN_QEMU_PVH,    /* NAME.xen: a PVH kernel for QEMU's -kernel */
    RUN_TENDER,      /* NAME.spt, NAME.hvt: run by mirage-spt/mirage-hvt */
    RUN_UNSUPPORTED, /* NAME.virtio: not yet */
};

struct run_request {
    const char *image;
    char **qemu_opts; /* appended to QEMU's or the tender's command line */
    size_t nqemu_opts;
    char **args; /* the unikernel's arguments */
    size_t nargs;
    unsigned mem_mib;
    enum run_accel accel;
    bool dry_run; /* print the command line instead of running it */
};

/*
 * The kind of (image) from its suffix; for RUN_TENDER and RUN_UNSUPPORTED,
 * (*target) gets the target's name ("spt"), else NULL.
 */
enum run_kind run_image_kind(const char *image, const char **target);

/* Parses --accel's value: "kvm", "tcg" or "auto". Returns 0 or -1. */
int run_parse_accel(const char *text, enum run_accel *out);

/*
 * The accelerator to use for (accel): "kvm" or "tcg". For RUN_ACCEL_AUTO,
 * "kvm" when (kvm_device) (normally "/dev/kvm") is readable and writable.
 */
const char *run_accel_name(enum run_accel accel, const char *kvm_device);

/*
 * QEMU's argv for (req): (qemu), the pc machine with (accel), the memory,
 * no display, no reboot, no monitor, the serial port on stdio,
 * isa-debug-exit, -kernel IMAGE, the QEMU options of (req), and -append with
 * the arguments quoted for the guest (quote_cmdline). NULL-terminated;
 * free with run_free_argv.
 */
char **run_qemu_argv(const struct run_request *req, const char *qemu,
                     const char *accel);

/*
 * The tender program for (target) ("spt" or "hvt"): $MIRAGE_SPT or
 * $MIRAGE_HVT when set; else mirage-TARGET beside the running helper (an
 * installed toolkit), or in ../tenders/TARGET/ from it (a build tree);
 * else the bare name, for a PATH search. A malloc'd string.
 */
char *run_tender_program(const char *target, const char *self_exe);

/*
 * The argv that runs (req) in tender (program): PROGRAM --mem=MB
 * [TENDER-OPTION]... -- IMAGE [ARG]... NULL-terminated; free with
 * run_free_argv.
 */
char **run_tender_argv(const struct run_request *req, const char *program);

/* The argv that runs a unix image: IMAGE (with "./" before a bare name)
 * and the arguments. NULL-terminated; free with run_free_argv. */
char **run_unix_argv(const struct run_request *req);

void run_free_argv(char **argv);

/*
 * The unikernel's status from QEMU's exit code (code) under isa-debug-exit:
 * an odd code below 255 gives (code - 1) / 2, 255 gives 255 (a crash: the
 * runtime reports 255, which the device cannot carry, as 127, code 255).
 * An even code means the guest did not exit through the device: -1.
 */
int run_status_from_qemu(int code);

/*
 * Runs (req) and returns mirage run's exit status: the unikernel's status;
 * 128 + N when it (or QEMU) was killed by signal N; RUN_EXIT_FAILED (125)
 * when it could not be started, QEMU failed, or the guest did not exit
 * through isa-debug-exit; 2 for an image that is missing or of a target not
 * supported yet. With (req->dry_run), prints the command line (quoted for
 * sh) on standard output instead and returns 0. Messages start with (who).
 */
int run_image(const struct run_request *req, const char *who);

#endif
