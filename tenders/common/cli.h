/* SPDX-License-Identifier: ISC */
/* cli.h: the tenders' command line and matching it with the manifest. */
#ifndef MIRAGE_TENDER_CLI_H
#define MIRAGE_TENDER_CLI_H

#include <stdint.h>
#include <stdio.h>

#include "elf_load.h"
#include "mirage/tender_abi.h"

/*
 * Exit statuses of a tender. When the unikernel ran, the tender exits
 * with the unikernel's own status (255 when it crashed); these are the
 * tender's own, chosen to mean what the runtime's statuses of the same
 * value mean.
 */
#define TENDER_EXIT_USAGE   64  /* a bad command line */
#define TENDER_EXIT_FAILURE 125 /* bad image, mismatch, device failure */
#define TENDER_EXIT_CRASH   255 /* the guest crashed */

/*
 * The MTU of a net device on a socket unless --net-mtu says (a tap's is
 * its own), and the bounds of --net-mtu: IPv4's least MTU, and the
 * largest a tap can have.
 */
#define TENDER_NET_MTU     1500
#define TENDER_NET_MTU_MIN 68
#define TENDER_NET_MTU_MAX 65535

/* The default and the bounds of --mem, in MiB. */
#define TENDER_MEM_DEFAULT 64
#define TENDER_MEM_MAX     65536

/* A device attached on the command line. */
struct tender_device_opt {
    char name[MIRAGE_TENDER_NAME_MAX];
    uint32_t type;        /* MIRAGE_TENDER_DEV_*; 0: only --net-mac etc. */
    const char *path;     /* block: the file; net: the tap (NULL for @FD) */
    int fd;               /* net: the inherited descriptor, or -1 */
    int has_mac;          /* --net-mac given */
    uint8_t mac[6];       /* its value */
    uint32_t sector_size; /* --block-sector-size, or 0 */
    uint32_t mtu;         /* --net-mtu, or 0 */
};

/* A parsed command line. */
struct tender_options {
    uint64_t mem_mb; /* --mem, TENDER_MEM_DEFAULT unless given */
    unsigned ndevices;
    struct tender_device_opt devices[MIRAGE_TENDER_MANIFEST_MAX];
    const char *image;
    int nargs;   /* the unikernel's arguments after IMAGE */
    char **args; /* points into the argv given to tender_cli_parse */
};

/* What tender_cli_parse found. */
enum tender_cli_result {
    TENDER_CLI_RUN,     /* run (o->image) */
    TENDER_CLI_HELP,    /* --help */
    TENDER_CLI_VERSION, /* --version */
    TENDER_CLI_ERROR,   /* a usage error, said in (err) */
};

/*
 * Parses the (argc) arguments (argv) (argv[0] is the program) into (*o):
 * [--mem=MB] [--net:NAME=TAP|@FD] [--net-mac:NAME=MAC] [--net-mtu:NAME=N]
 * [--block:NAME=PATH] [--block-sector-size:NAME=N] [--help] [--version]
 * [--] IMAGE [ARGS...].
 * Options stop at "--" or at the first argument not starting with '-'.
 * Returns a tender_cli_result; with TENDER_CLI_ERROR, (err)
 * (TENDER_ERR_MAX bytes) has a one-line message (unknown option, bad
 * number, bad MAC address, an MTU outside TENDER_NET_MTU_MIN to
 * TENDER_NET_MTU_MAX, bad device name, a device given twice, an option
 * for a device never attached, no IMAGE).
 */
enum tender_cli_result tender_cli_parse(int argc, char **argv,
                                        struct tender_options *o, char *err);

/*
 * Prints the --help text of the tender (prog) ("mirage-spt") of target
 * (target) (MIRAGE_TENDER_TARGET_*) to (f).
 */
void tender_cli_help(FILE *f, const char *prog, uint32_t target);

/* Prints the --version text of (prog) to (f). */
void tender_cli_version(FILE *f, const char *prog);

/*
 * Matches the devices of (o) with the manifest of (img) (no manifest: no
 * devices): every declared device attached, with the right type, and
 * nothing else attached. Stores in (map)[i] the index in o->devices of
 * manifest entry i. Returns 0, or -1 with a one-line message naming the
 * first device at fault, and the option that would fix it, in (err); for
 * a device attached but not declared (one the image keeps to itself, a
 * ramdisk say), the devices the image does declare.
 */
int tender_match_manifest(const struct tender_image *img,
                          const struct tender_options *o,
                          unsigned map[MIRAGE_TENDER_MANIFEST_MAX], char *err);

/* "net" or "block" (or "unknown") for a MIRAGE_TENDER_DEV_* type. */
const char *tender_dev_type_name(uint32_t type);

#endif
