/* SPDX-License-Identifier: ISC */
/* run.h: `mirage run`: booting an image under QEMU, or running a unix one. */
#ifndef MIRAGE_HELPER_RUN_H
#define MIRAGE_HELPER_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include "spec.h"

/* The RAM of a QEMU guest, in MiB, unless --mem says otherwise. */
#define RUN_DEFAULT_MEM_MIB SPEC_DEFAULT_MEMORY_MIB
/* The largest --mem accepted, in MiB (1 TiB). */
#define RUN_MAX_MEM_MIB 1048576u

/* The status when an image did not run or end properly. */
#define RUN_EXIT_FAILED 125

/* The longest name of a NAME.virtio guest's disk, which it finds by its
 * serial: a virtio-blk serial holds 20 bytes. */
#define RUN_VIRTIO_SERIAL_MAX 20

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
    RUN_QEMU_VIRTIO, /* NAME.virtio: the same, with virtio devices */
    RUN_TENDER,      /* NAME.spt, NAME.hvt: run by mirage-spt/mirage-hvt */
};

/* The QEMU machine of a NAME.virtio image, as --machine gives it. */
enum run_machine {
    RUN_MACHINE_MICROVM, /* virtio over MMIO (the default) */
    RUN_MACHINE_Q35,     /* virtio over PCI (PCI Express) */
    RUN_MACHINE_PC,      /* virtio over PCI (i440FX) */
};

struct run_request {
    const char *image;
    char **qemu_opts; /* appended to QEMU's or the tender's command line */
    size_t nqemu_opts;
    char **args; /* the unikernel's arguments */
    size_t nargs;
    unsigned mem_mib;
    enum run_accel accel;
    enum run_machine machine; /* NAME.virtio only */
    bool dry_run;             /* print the command line instead of running it */
};

/* A device that a NAME.virtio guest gets from --block or --net. */
struct run_virtio_device {
    bool net;            /* a NIC (--net:NAME=TAP), else a disk */
    char *name;          /* NAME: the disk's serial, or the NIC's QEMU id */
    const char *backend; /* the disk's FILE or the NIC's TAP (in the word) */
    const char *mac;     /* --net-mac:NAME=MAC's MAC (in the word), or NULL */
};

/* The words between a NAME.virtio IMAGE and '--', sorted out. */
struct run_virtio_setup {
    struct run_virtio_device *devices; /* in the order of the words */
    size_t ndevices;
    const char **qemu_opts; /* the other words, for QEMU, in order */
    size_t nqemu_opts;
};

/*
 * The kind of (image) from its suffix; for RUN_TENDER, (*target) gets the
 * target's name ("spt"), else NULL.
 */
enum run_kind run_image_kind(const char *image, const char **target);

/* Parses --accel's value: "kvm", "tcg" or "auto". Returns 0 or -1. */
int run_parse_accel(const char *text, enum run_accel *out);

/* Parses --machine's value: "microvm", "q35" or "pc". Returns 0 or -1. */
int run_parse_machine(const char *text, enum run_machine *out);

/* The name of (machine): "microvm", "q35" or "pc". */
const char *run_machine_name(enum run_machine machine);

/*
 * Sorts out the words (opts) ((n) of them) that follow a NAME.virtio image:
 * --block:NAME=FILE and --net:NAME=TAP attach a device, --net-mac:NAME=MAC
 * gives the MAC of NIC NAME, and every other word is left for QEMU. NAME is
 * [a-z0-9_]+ (a disk's at most RUN_VIRTIO_SERIAL_MAX bytes) and names one
 * device only; FILE, TAP and MAC cannot be empty nor hold a comma (QEMU's
 * option syntax); a MAC is xx:xx:xx:xx:xx:xx, not multicast. Returns 0 with
 * (*out) filled (free with run_virtio_free; its strings point into (opts)
 * but the names); or -1 with (*error) a malloc'd message naming the word,
 * and (*out) empty.
 */
int run_virtio_parse(char *const *opts, size_t n, struct run_virtio_setup *out,
                     char **error);

/* Frees what run_virtio_parse put in (setup) and empties it. */
void run_virtio_free(struct run_virtio_setup *setup);

/*
 * The accelerator to use for (accel): "kvm" or "tcg". For RUN_ACCEL_AUTO,
 * "kvm" when (kvm_device) (normally "/dev/kvm") is readable and writable.
 */
const char *run_accel_name(enum run_accel accel, const char *kvm_device);

/*
 * QEMU's argv for a NAME.xen (req): (qemu), the microvm machine with
 * (accel), the memory, no display, no reboot, no monitor, the serial port
 * on stdio, isa-debug-exit, -kernel IMAGE, the QEMU options of (req), and
 * -append with the arguments quoted for the guest (quote_cmdline).
 * NULL-terminated; free with run_free_argv.
 */
char **run_qemu_argv(const struct run_request *req, const char *qemu,
                     const char *accel);

/*
 * QEMU's argv for a NAME.virtio (req) with the devices and QEMU options of
 * (setup): as run_qemu_argv, on machine (req->machine) (microvm as
 * microvm,acpi=off, so that QEMU adds the virtio_mmio.device= words to
 * the command line, with -global virtio-mmio.force-legacy=false:
 * virtio-mmio version 2), with
 * -nic none (no default NIC), and after -kernel IMAGE, for each device in
 * order, a -drive and a virtio-blk device whose serial is NAME, or a tap
 * -netdev and a virtio-net device (on q35 and pc, PCI devices with
 * disable-legacy=on); then (setup)'s QEMU options and -append.
 * NULL-terminated; free with run_free_argv.
 */
char **run_virtio_argv(const struct run_request *req,
                       const struct run_virtio_setup *setup, const char *qemu,
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

/* Frees (argv), a NULL-terminated argv of the run_*_argv functions. */
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
 * through isa-debug-exit; 2 for an image that is missing, or a NAME.virtio
 * image with wrong device options (run_virtio_parse). With (req->dry_run),
 * prints the command line (quoted for sh) on standard output instead and
 * returns 0. Messages start with (who).
 */
int run_image(const struct run_request *req, const char *who);

#endif
