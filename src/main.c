/* SPDX-License-Identifier: ISC */
/* main.c: the command line of `mirage`: dispatch, --help and --version. */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "c-ctype.h"
#include "check.h"
#include "crunch.h"
#include "describe.h"
#include "diag.h"
#include "elf64.h"
#include "generate.h"
#include "run.h"
#include "spec.h"
#include "symbolize.h"
#include "util.h"

#ifndef MIRAGE_VERSION
#define MIRAGE_VERSION "unknown"
#endif

/* Exit statuses */
#define EXIT_OK    0
#define EXIT_FAIL  1 /* invalid spec, or an I/O error */
#define EXIT_USAGE 2 /* bad command line */

static const char usage_text[] =
    "Usage: mirage COMMAND [OPTION]... [OPERAND]...\n"
    "  or:  mirage --help | --version\n"
    "Check a unikernel's description, the mirage.spec file that configure "
    "writes\n"
    "from the MIRAGE_* macros of configure.ac, and generate the C glue "
    "that\n"
    "connects the unikernel's devices in dependency order and calls its "
    "start\n"
    "function; run the image that make builds, and name the functions in "
    "its\n"
    "crash reports.\n"
    "\n"
    "Commands:\n"
    "  check SPEC             validate SPEC and print every problem on "
    "standard\n"
    "                         error\n"
    "  generate [-o DIR] SPEC\n"
    "                         validate SPEC, then write DIR/mirage_main.c "
    "and\n"
    "                         DIR/mirage_main.h, and for the xen target the "
    "Xen\n"
    "                         domain configuration DIR/NAME.xl and its\n"
    "                         template DIR/NAME.xl.in, and for the virtio "
    "target\n"
    "                         the libvirt domain DIR/NAME_libvirt.xml; a "
    "file\n"
    "                         whose content is unchanged is not touched\n"
    "  describe [--dot] SPEC\n"
    "                         print a summary of SPEC, or a graphviz graph\n"
    "  types                  list the device types with their "
    "implementations,\n"
    "                         parameters, boot arguments and targets, and "
    "the\n"
    "                         argument types\n"
    "  crunch [-o FILE] [--name NAME] [--mtime] DIR\n"
    "                         write C that embeds the files below DIR "
    "(for a\n"
    "                         kv_ro crunch device)\n"
    "  run [OPTION]... IMAGE [QEMU-OPTION]... [-- ARG...]\n"
    "                         run IMAGE with the boot arguments ARGs and "
    "exit\n"
    "                         with its status: NAME.xen and NAME.virtio "
    "boot\n"
    "                         under QEMU, NAME.spt and NAME.hvt in their "
    "tender,\n"
    "                         an image without a target suffix (unix) runs "
    "as a\n"
    "                         program\n"
    "  symbolize IMAGE [LOG]...\n"
    "                         copy the LOGs (default: standard input) and "
    "add\n"
    "                         the function of each backtrace address and "
    "of\n"
    "                         rip, from IMAGE's symbol table\n"
    "\n"
    "Options:\n"
    "  -o, --output-dir=DIR   (generate) write the glue into DIR instead of "
    "the\n"
    "                         directory of SPEC\n"
    "      --dot              (describe) print a graphviz digraph of the\n"
    "                         devices, their dependencies and the "
    "arguments\n"
    "      --accel=ACCEL      (run) QEMU's accelerator: kvm, tcg or auto "
    "(the\n"
    "                         default: kvm when /dev/kvm is readable and\n"
    "                         writable, else tcg)\n"
    "      --mem=MB           (run) the guest's RAM in MiB (default 64)\n"
    "      --machine=MACHINE  (run) NAME.virtio's QEMU machine: microvm "
    "(the\n"
    "                         default; virtio-mmio), q35 or pc (virtio-pci)\n"
    "      --dry-run          (run) print the command line, quoted for sh,\n"
    "                         instead of running it\n"
    "      --help             display this help (or a command's) and exit\n"
    "      --version          output version information and exit\n"
    "\n"
    "Diagnostics:\n"
    "  Each is one line, 'LOCATION: MACRO(NAME): MESSAGE', where LOCATION "
    "is\n"
    "  the place of the macro call in configure.ac; a warning says "
    "'warning:'\n"
    "  after the location. Every error found is reported, not only the "
    "first.\n"
    "\n"
    "Environment:\n"
    "  QEMU                   (run) the QEMU program that boots NAME.xen "
    "and\n"
    "                         NAME.virtio\n"
    "                         (default: qemu-system-x86_64, found in PATH)\n"
    "\n"
    "Exit status:\n"
    "  0  success (warnings may have been printed)\n"
    "  1  the spec is invalid, a file could not be read or written, or\n"
    "     (symbolize) IMAGE is not an unstripped ELF64 file\n"
    "  2  the command line is wrong, or (run) IMAGE is missing\n"
    "mirage run exits with the unikernel's status instead: what its start\n"
    "function returned (0 to 126 under QEMU), 63 after --help or --version, "
    "64\n"
    "for a bad boot argument, 255 after a crash; 128+N when it or QEMU was\n"
    "killed by signal N; 125 when the image did not run or end properly "
    "(QEMU\n"
    "failed, or the guest did not exit through isa-debug-exit).\n";

static const char check_help[] =
    "Usage: mirage check [OPTION]... SPEC\n"
    "Validate SPEC (mirage.spec) and print every problem found on standard\n"
    "error. Exits with status 0 if there is no error (warnings are "
    "allowed),\n"
    "1 otherwise.\n"
    "\n"
    "      --help     display this help and exit\n";

static const char generate_help[] =
    "Usage: mirage generate [OPTION]... SPEC\n"
    "Validate SPEC (mirage.spec), then write the C glue mirage_main.c and\n"
    "mirage_main.h; for the xen target also NAME.xl, the Xen domain\n"
    "configuration (xl create NAME.xl), and NAME.xl.in, the same with\n"
    "@NAME@, @KERNEL@, @MEMORY@, @EXTRA@, @BRIDGE_DEVICE@ and @DISK_DEVICE@\n"
    "for packagers to fill in; for the virtio target NAME_libvirt.xml, a "
    "libvirt\n"
    "KVM domain (virsh define NAME_libvirt.xml) of the q35 machine that boots\n"
    "NAME.virtio from the output directory, with a virtio disk per block "
    "device\n"
    "(a placeholder file DEVICE.img there, its serial the device's name) and "
    "a\n"
    "virtio NIC on bridge virbr0 per net device, in declaration order. A file "
    "is\n"
    "only replaced if its content changes, so an unchanged file keeps its\n"
    "timestamp. Nothing is written if SPEC is invalid.\n"
    "\n"
    "  -o, --output-dir=DIR  write into DIR (default: the directory of "
    "SPEC)\n"
    "      --no-warnings     print errors only (configure printed the "
    "warnings\n"
    "                        with mirage check)\n"
    "      --help            display this help and exit\n";

static const char describe_help[] =
    "Usage: mirage describe [OPTION]... SPEC\n"
    "Validate SPEC (mirage.spec), then print the unikernel, its devices in\n"
    "start-up order and its boot arguments.\n"
    "\n"
    "      --dot      print a graphviz digraph instead: the unikernel, "
    "the\n"
    "                 devices, the arguments and the dependencies\n"
    "      --help     display this help and exit\n";

static const char crunch_help[] =
    "Usage: mirage crunch [OPTION]... DIR\n"
    "Write C source that defines\n"
    "  const struct mirage_kv_crunch mirage_crunch_NAME;\n"
    "(see <mirage/kv_ro.h>): every regular file below DIR, keyed by its "
    "path\n"
    "below DIR ('/'-separated), sorted bytewise, with its size and "
    "contents.\n"
    "The output is the same for the same files. Symbolic links, devices, "
    "FIFOs,\n"
    "sockets and a DIR with a '..' component are refused.\n"
    "\n"
    "  -o, --output=FILE  write FILE (only if its content changes) instead "
    "of\n"
    "                     standard output\n"
    "      --name=NAME    the C name's suffix (default: the last component "
    "of\n"
    "                     DIR, with characters not allowed in C names as "
    "'_')\n"
    "      --mtime        record each file's modification time "
    "(default: 0)\n"
    "      --help         display this help and exit\n";

static const char types_help[] =
    "Usage: mirage types [OPTION]...\n"
    "List the known device types with their implementations, the targets "
    "each\n"
    "implementation supports, the parameter, dependencies and boot "
    "arguments\n"
    "it takes; then the argument\n"
    "types with their C types, the forms list(T), repeated(T), optional(T) "
    "and\n"
    "required(T), the argument sections and the targets.\n"
    "\n"
    "      --help     display this help and exit\n";

static const char run_help[] =
    "Usage: mirage run [OPTION]... IMAGE [QEMU-OPTION|TENDER-OPTION]... "
    "[-- ARG...]\n"
    "Run the unikernel IMAGE with the boot arguments ARGs, and exit with "
    "its\n"
    "status. The options of run come before IMAGE; words after it, up to "
    "'--',\n"
    "are options for QEMU (NAME.xen, NAME.virtio) or the tender (NAME.spt,\n"
    "NAME.hvt).\n"
    "\n"
    "  NAME.xen   boots under QEMU as a PVH kernel:\n"
    "               $QEMU -M microvm -accel ACCEL [-cpu max] -m MB "
    "-display none\n"
    "                 -no-reboot -monitor none -serial stdio\n"
    "                 -device isa-debug-exit,iobase=0xf4,iosize=0x04\n"
    "                 -kernel NAME.xen [QEMU-OPTION]... -append 'ARG...'\n"
    "             The console is the serial port, on standard input and "
    "output.\n"
    "             Each ARG is quoted so that the unikernel's command-line\n"
    "             splitter gives it back exactly. The guest leaves through\n"
    "             isa-debug-exit: QEMU exits with 2 * status + 1, read back "
    "as\n"
    "             (code - 1) / 2; code 255 reads as 255, a crash (a status "
    "of\n"
    "             127 reads so too). An even code means the guest did not "
    "exit\n"
    "             that way (a triple fault: 0 under -no-reboot, or a QEMU\n"
    "             error): mirage run says so and exits with 125.\n"
    "  NAME       (no target suffix: a unix image) runs as a program with "
    "the\n"
    "             ARGs; a bare NAME is taken from the working directory.\n"
    "  NAME.spt, NAME.hvt\n"
    "             run in their tender, whose status is the unikernel's:\n"
    "               mirage-TARGET --mem=MB [TENDER-OPTION]... -- IMAGE "
    "ARG...\n"
    "             mirage-TARGET is $MIRAGE_SPT or $MIRAGE_HVT, else the one\n"
    "             beside this program (or in the build tree), else PATH's.\n"
    "             TENDER-OPTIONs attach devices: --block:NAME=PATH,\n"
    "             --net:NAME=TAP (see mirage-spt --help).\n"
    "  NAME.virtio\n"
    "             boots under QEMU as NAME.xen does, on --machine's machine, "
    "with\n"
    "             -nic none (no default NIC) and a virtio device for each of "
    "these\n"
    "             options (before the other QEMU-OPTIONs, in their order):\n"
    "               --block:NAME=FILE   a virtio-blk disk, the raw FILE; its "
    "serial\n"
    "                                   is NAME, by which the guest binds it "
    "to\n"
    "                                   its block device NAME (at most 20 "
    "bytes)\n"
    "               --net:NAME=TAP      a virtio-net NIC on the host's tap "
    "TAP; the\n"
    "                                   guest binds the NICs to its net "
    "devices\n"
    "                                   in the order of the --net options\n"
    "               --net-mac:NAME=MAC  the MAC address of NIC NAME\n"
    "             NAME is lowercase letters, digits and '_'; FILE, TAP and "
    "MAC\n"
    "             cannot hold a comma. On microvm (-M microvm,acpi=off: "
    "without\n"
    "             ACPI, QEMU lists the virtio-mmio transports on the command\n"
    "             line) the devices are virtio-mmio, version 2 (-global\n"
    "             virtio-mmio.force-legacy=false); on q35 and pc virtio-pci,\n"
    "             modern only (disable-legacy=on).\n"
    "\n"
    "      --accel=ACCEL  QEMU's accelerator: kvm, tcg or auto (the "
    "default:\n"
    "                     kvm when /dev/kvm is readable and writable, else "
    "tcg);\n"
    "                     when KVM cannot run the guest, run stops QEMU "
    "and\n"
    "                     says to use --accel=tcg\n"
    "      --mem=MB       the guest's RAM in MiB (default 64)\n"
    "      --machine=MACHINE\n"
    "                     NAME.virtio's QEMU machine: microvm (the default:\n"
    "                     virtio-mmio, the fastest boot), q35 or pc "
    "(virtio-pci)\n"
    "      --dry-run      print the command line, quoted for sh, instead of\n"
    "                     running it\n"
    "      --help         display this help and exit\n"
    "\n"
    "Environment:\n"
    "  QEMU  the QEMU program (default: qemu-system-x86_64, found in "
    "PATH)\n"
    "\n"
    "Exit status: the unikernel's (0 success, 63 --help or --version, 64 a "
    "bad\n"
    "boot argument, 125 a device failure, 255 a crash, or what its start\n"
    "function returned); 128+N when it or QEMU was killed by signal N; 125 "
    "when\n"
    "it could not be started, QEMU failed, or the guest did not exit "
    "through\n"
    "isa-debug-exit; 2 for a wrong command line (a bad device option of\n"
    "NAME.virtio among them) or a missing IMAGE.\n";

static const char symbolize_help[] =
    "Usage: mirage symbolize [OPTION]... IMAGE [LOG]...\n"
    "Copy the LOGs (standard input without LOG, or for '-') to standard "
    "output,\n"
    "adding the name of the function to the addresses of crash reports. "
    "The\n"
    "functions come from IMAGE's ELF64 symbol table, so IMAGE must be the\n"
    "unstripped image that crashed:\n"
    "  - a backtrace frame '#N 0xADDR NAME+0xOFF' gets ' FUNCTION+0xDELTA' "
    "at\n"
    "    the end of its line, found from OFF (OFF - 1 for frames #1 and up,\n"
    "    whose addresses follow a call); frames of shared libraries (a NAME\n"
    "    with '.so') are left alone. A frame '#N 0xADDR' without NAME is\n"
    "    named from ADDR when IMAGE is linked at fixed addresses (NAME.xen);\n"
    "  - a register value 'rip=0x...' gets ' FUNCTION+0xDELTA' after it: "
    "for\n"
    "    NAME.xen from the value, for a position-independent unix image "
    "once a\n"
    "    later frame of the image gives its load address (the lines in "
    "between\n"
    "    are written then).\n"
    "Every other line is copied unchanged.\n"
    "\n"
    "      --help     display this help and exit\n"
    "\n"
    "Exit status: 0 on success, 1 if IMAGE is not an ELF64 file, has no "
    "symbol\n"
    "table (stripped) or cannot be read, or a LOG cannot be read, 2 for a "
    "wrong\n"
    "command line.\n";

static void print_version(void)
{
    printf("mirage (Mirage in C) %s\n"
           "Copyright (C) 2026 Contributors as noted in the AUTHORS file.\n"
           "License ISC: <https://opensource.org/licenses/ISC>.\n"
           "This is free software: you are free to change and "
           "redistribute it.\n"
           "There is NO WARRANTY, to the extent permitted by law.\n",
           MIRAGE_VERSION);
}

/* The command being run, for messages: "mirage" or "mirage check". */
static char who[32] = "mirage";

/* Prints a command-line error and the usual hint; returns EXIT_USAGE. */
static int usage_error(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "%s: ", who);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'mirage --help' for more information.\n");
    return EXIT_USAGE;
}

/*
 * Options that commands accept, as getopt_long returns them: a short
 * option's id is its letter (-o), a long-only option's one of these, above
 * every character. Every option without an argument is long-only.
 */
enum opt_id {
    OPT_HELP = UCHAR_MAX + 1,
    OPT_VERSION,
    OPT_NO_WARNINGS,
    OPT_DOT,
    OPT_NAME,
    OPT_MTIME,
    OPT_ACCEL,
    OPT_MEM,
    OPT_DRY_RUN,
    OPT_MACHINE,
};

/*
 * A walk through argv with getopt_long, in GNU style: options may follow
 * operands. Operands come back in their place (getopt's "-" mode), so that
 * argv is never reordered; after "--" everything is an operand. getopt's
 * own messages are off: usage_error words each error as before.
 */
struct opt_walk {
    int argc;
    char **argv; /* argv[0] is the program or the command: never parsed */
    const char *shorts;         /* getopt's optstring: "-:" and letters */
    const struct option *longs; /* ended by a NULL name */
    bool ended;                 /* getopt is done: the rest are operands */
};

enum {
    WALK_END = 0,
    WALK_OPERAND = -1,
    WALK_ERROR = -2,
};

/* Starts a walk of argv[1..argc-1]. */
static void walk_start(struct opt_walk *w, int argc, char **argv,
                       const char *shorts, const struct option *longs)
{
    *w = (struct opt_walk){argc, argv, shorts, longs, false};
    optind = 0; /* getopt starts afresh at argv[1] */
    opterr = 0;
}

/* The index of the next argv element to read. */
static int walk_index(const struct opt_walk *w)
{
    (void)w;
    return optind;
}

/* The long option whose id is (id), or NULL. */
static const struct option *long_by_id(const struct option *longs, int id)
{
    for (size_t i = 0; longs[i].name; i++)
        if (longs[i].val == id)
            return &longs[i];
    return NULL;
}

/* Says what is wrong with (arg), a long option getopt did not take. */
static void bad_long_option(const struct option *longs, const char *arg)
{
    const char *name = arg + 2, *eq = strchr(name, '=');
    size_t len = eq ? (size_t)(eq - name) : strlen(name), matches = 0;

    /* getopt took an exact name, or the only one it begins */
    for (size_t i = 0; longs[i].name; i++)
        matches += strncmp(longs[i].name, name, len) == 0;
    if (matches > 1)
        usage_error("option '%s' is ambiguous", arg);
    else
        usage_error("unrecognized option '%s'", arg);
}

/*
 * Returns the next option's id with (*value) its argument, WALK_OPERAND
 * with (*value) an operand, WALK_END, or WALK_ERROR after a message.
 */
static int walk_next(struct opt_walk *w, const char **value)
{
    const struct option *opt;
    int c;

    *value = NULL;
    if (!w->ended) {
        c = getopt_long(w->argc, w->argv, w->shorts, w->longs, NULL);
        switch (c) {
        case -1: /* the end, or "--" */
            w->ended = true;
            break;
        case 1: /* an operand, in its place */
            *value = optarg;
            return WALK_OPERAND;
        case ':': /* an argument is missing: the option ends argv */
            opt = long_by_id(w->longs, optopt);
            if (w->argv[optind - 1][1] == '-' && opt)
                usage_error("option '--%s' requires an argument", opt->name);
            else
                usage_error("option '-%c' requires an argument", optopt);
            return WALK_ERROR;
        case '?':
            if (optopt == 0) /* a long option: argv[optind - 1] */
                bad_long_option(w->longs, w->argv[optind - 1]);
            else if (optopt > UCHAR_MAX && (opt = long_by_id(w->longs, optopt)))
                usage_error("option '--%s' doesn't allow an argument",
                            opt->name);
            else
                usage_error("invalid option '-%c'", optopt);
            return WALK_ERROR;
        default:
            *value = optarg;
            return c;
        }
    }
    if (optind < w->argc) {
        *value = w->argv[optind++];
        return WALK_OPERAND;
    }
    return WALK_END;
}

/* Reads and checks (path); returns EXIT_OK if it may be used. */
static int load(const char *path, struct spec *spec, struct model *model)
{
    int rc = spec_read(spec, path);

    memset(model, 0, sizeof(*model));
    if (rc != 0)
        return EXIT_FAIL; /* I/O error, or syntax errors reported */
    if (check_spec(spec, model) > 0)
        return EXIT_FAIL;
    return EXIT_OK;
}

/* Flushes standard output; a write error there is a failure. */
static int finish_stdout(int status)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "%s: write error on standard output\n", who);
        return EXIT_FAIL;
    }
    return status;
}

struct command {
    const char *name;
    const char *help;
    const char *shorts; /* getopt's optstring */
    const struct option *options;
    bool takes_spec;
};

/* Each command's optstring: operands in place ("-"), no messages (":"). */
#define SHORTS_NONE "-:"
#define SHORTS_O    "-:o:"

static const struct option help_only[] = {
    {"help", no_argument, NULL, OPT_HELP},
    {NULL, 0, NULL, 0},
};

static const struct option generate_options[] = {
    {"output-dir", required_argument, NULL, 'o'},
    {"no-warnings", no_argument, NULL, OPT_NO_WARNINGS},
    {"help", no_argument, NULL, OPT_HELP},
    {NULL, 0, NULL, 0},
};

static const struct option describe_options[] = {
    {"dot", no_argument, NULL, OPT_DOT},
    {"help", no_argument, NULL, OPT_HELP},
    {NULL, 0, NULL, 0},
};

static const struct option crunch_options[] = {
    {"output", required_argument, NULL, 'o'},
    {"name", required_argument, NULL, OPT_NAME},
    {"mtime", no_argument, NULL, OPT_MTIME},
    {"help", no_argument, NULL, OPT_HELP},
    {NULL, 0, NULL, 0},
};

static const struct option run_options[] = {
    {"accel", required_argument, NULL, OPT_ACCEL},
    {"mem", required_argument, NULL, OPT_MEM},
    {"dry-run", no_argument, NULL, OPT_DRY_RUN},
    {"machine", required_argument, NULL, OPT_MACHINE},
    {"help", no_argument, NULL, OPT_HELP},
    {NULL, 0, NULL, 0},
};

static const struct command commands[] = {
    {"check", check_help, SHORTS_NONE, help_only, true},
    {"generate", generate_help, SHORTS_O, generate_options, true},
    {"describe", describe_help, SHORTS_NONE, describe_options, true},
    {"types", types_help, SHORTS_NONE, help_only, false},
    {"crunch", crunch_help, SHORTS_O, crunch_options, false},
    {"run", run_help, SHORTS_NONE, run_options, false},
    {"symbolize", symbolize_help, SHORTS_NONE, help_only, false},
};

/* The list of commands, for messages. */
#define COMMAND_LIST                                                           \
    "check, generate, describe, types, crunch, run and symbolize"

/* Parses --mem's value: a whole number of MiB, 1 to RUN_MAX_MEM_MIB. */
static int parse_mem(const char *text, unsigned *out)
{
    unsigned long v = 0;

    if (!*text)
        return -1;
    for (const char *p = text; *p; p++) {
        if (!c_isdigit(*p))
            return -1;
        v = v * 10 + (unsigned long)(*p - '0');
        if (v > RUN_MAX_MEM_MIB)
            return -1;
    }
    if (v == 0)
        return -1;
    *out = (unsigned)v;
    return 0;
}

/* mirage run [OPTION]... IMAGE [QEMU-OPTION]... [-- ARG...] */
static int run_run(const struct command *cmd, int argc, char **argv)
{
    struct opt_walk w;
    struct run_request req = {
        .mem_mib = RUN_DEFAULT_MEM_MIB,
        .accel = RUN_ACCEL_AUTO,
        .machine = RUN_MACHINE_MICROVM,
    };
    const char *value, *target;
    bool machine_given = false;
    enum run_kind kind;
    int opt, rest;

    walk_start(&w, argc, argv, cmd->shorts, cmd->options);

    /* run's own options come before IMAGE; what follows is not ours */
    while (!req.image && (opt = walk_next(&w, &value)) != WALK_END) {
        switch (opt) {
        case WALK_ERROR:
            return EXIT_USAGE;
        case WALK_OPERAND:
            req.image = value;
            break;
        case OPT_HELP:
            fputs(cmd->help, stdout);
            return finish_stdout(EXIT_OK);
        case OPT_ACCEL:
            if (run_parse_accel(value, &req.accel) < 0)
                return usage_error("invalid --accel '%s'; use kvm, tcg or "
                                   "auto",
                                   value);
            break;
        case OPT_MEM:
            if (parse_mem(value, &req.mem_mib) < 0)
                return usage_error("invalid --mem '%s'; give the guest's "
                                   "RAM in MiB, 1 to %u",
                                   value, RUN_MAX_MEM_MIB);
            break;
        case OPT_DRY_RUN:
            req.dry_run = true;
            break;
        case OPT_MACHINE:
            if (run_parse_machine(value, &req.machine) < 0)
                return usage_error("invalid --machine '%s'; use microvm, q35 "
                                   "or pc",
                                   value);
            machine_given = true;
            break;
        }
    }
    if (!req.image)
        return usage_error("missing IMAGE operand (the unikernel image to "
                           "run)");
    rest = walk_index(&w);
    req.qemu_opts = argv + rest;
    while (rest < argc && !streq(argv[rest], "--"))
        rest++;
    req.nqemu_opts = (size_t)(argv + rest - req.qemu_opts);
    if (rest < argc) {
        req.args = argv + rest + 1;
        req.nargs = (size_t)(argc - rest - 1);
    }
    kind = run_image_kind(req.image, &target);
    if (machine_given && kind != RUN_QEMU_VIRTIO)
        return usage_error("--machine applies to a NAME.virtio image only, "
                           "not to '%s'",
                           req.image);
    if (req.nqemu_opts > 0 && kind == RUN_UNIX)
        return usage_error("'%s' after IMAGE: only a NAME.xen or NAME.virtio "
                           "image takes QEMU options, and NAME.spt or "
                           "NAME.hvt tender options; give the unikernel's "
                           "arguments after '--'",
                           req.qemu_opts[0]);
    if (kind == RUN_QEMU_VIRTIO) {
        /* a wrong device option is a wrong command line */
        struct run_virtio_setup setup;
        char *error;

        if (run_virtio_parse(req.qemu_opts, req.nqemu_opts, &setup, &error) <
            0) {
            usage_error("%s", error);
            free(error);
            return EXIT_USAGE;
        }
        run_virtio_free(&setup);
    }
    return run_image(&req, who);
}

/* Symbolizes one log; returns EXIT_OK or EXIT_FAIL after a message. */
static int symbolize_log(struct symbolizer *s, const char *log)
{
    FILE *in = stdin;
    int rc;

    if (!streq(log, "-") && !(in = fopen(log, "r"))) {
        fprintf(stderr, "%s: %s: %s\n", who, log, strerror(errno));
        return EXIT_FAIL;
    }
    rc = symbolize_stream(s, in, stdout);
    if (rc == -1)
        fprintf(stderr, "%s: %s: %s\n", who,
                in == stdin ? "standard input" : log, strerror(errno));
    else if (rc == -2)
        fprintf(stderr, "%s: write error on standard output\n", who);
    if (in != stdin)
        fclose(in);
    else
        clearerr(stdin);
    return rc == 0 ? EXIT_OK : EXIT_FAIL;
}

/* mirage symbolize IMAGE [LOG]... */
static int run_symbolize(const struct command *cmd, int argc, char **argv)
{
    struct opt_walk w;
    const char *image = NULL, *value;
    const char **logs = xcalloc((size_t)argc + 1, sizeof(*logs));
    struct elf64_image img;
    struct symbolizer s;
    size_t nlogs = 0;
    char *error;
    int opt, status = EXIT_OK;

    walk_start(&w, argc, argv, cmd->shorts, cmd->options);

    while ((opt = walk_next(&w, &value)) != WALK_END) {
        switch (opt) {
        case WALK_ERROR:
            free(logs);
            return EXIT_USAGE;
        case WALK_OPERAND:
            if (!image)
                image = value;
            else
                logs[nlogs++] = value;
            break;
        case OPT_HELP:
            free(logs);
            fputs(cmd->help, stdout);
            return finish_stdout(EXIT_OK);
        }
    }
    if (!image) {
        free(logs);
        return usage_error("missing IMAGE operand (the unstripped image "
                           "that wrote the log)");
    }
    if (nlogs == 0)
        logs[nlogs++] = "-";
    if (elf64_load(&img, image, &error) != ELF64_OK) {
        fprintf(stderr, "%s: %s\n", who, error);
        free(error);
        elf64_free(&img);
        free(logs);
        return EXIT_FAIL;
    }
    symbolizer_init(&s, &img, image);
    for (size_t i = 0; i < nlogs && status == EXIT_OK; i++)
        status = symbolize_log(&s, logs[i]);
    symbolizer_free(&s);
    elf64_free(&img);
    free(logs);
    return status;
}

/* mirage crunch [-o FILE] [--name NAME] [--mtime] DIR */
static int run_crunch(const struct command *cmd, int argc, char **argv)
{
    struct opt_walk w;
    const char *dir = NULL, *output = NULL, *name = NULL, *value;
    bool mtime = false;
    struct crunch_tree tree;
    struct strbuf out = {0};
    char *cname;
    int opt, status = EXIT_FAIL;

    walk_start(&w, argc, argv, cmd->shorts, cmd->options);

    while ((opt = walk_next(&w, &value)) != WALK_END) {
        switch (opt) {
        case WALK_ERROR:
            return EXIT_USAGE;
        case WALK_OPERAND:
            if (dir)
                return usage_error("extra operand '%s'; give one DIR", value);
            dir = value;
            break;
        case OPT_HELP:
            fputs(cmd->help, stdout);
            return finish_stdout(EXIT_OK);
        case 'o':
            output = value;
            break;
        case OPT_NAME:
            name = value;
            break;
        case OPT_MTIME:
            mtime = true;
            break;
        }
    }
    if (!dir)
        return usage_error("missing DIR operand (the directory to embed)");
    if (name && !check_c_identifier(name))
        return usage_error("--name '%s' is not a C identifier; use letters, "
                           "digits and '_', not starting with a digit",
                           name);
    cname = name ? xstrdup(name) : crunch_default_name(dir);
    if (crunch_scan(who, dir, &tree) == 0 &&
        crunch_source(who, &tree, cname, mtime, &out) == 0) {
        if (!output) {
            fwrite(sb_str(&out), 1, out.len, stdout);
            status = finish_stdout(EXIT_OK);
        } else if (write_if_changed(output, sb_str(&out), out.len) >= 0) {
            status = EXIT_OK;
        }
    }
    crunch_free(&tree);
    sb_free(&out);
    free(cname);
    return status;
}

static int run_command(const struct command *cmd, int argc, char **argv)
{
    struct opt_walk w;
    const char *spec_path = NULL, *out_dir = NULL, *value;
    bool dot = false;
    struct spec spec;
    struct model model;
    int opt, status;

    walk_start(&w, argc, argv, cmd->shorts, cmd->options);

    while ((opt = walk_next(&w, &value)) != WALK_END) {
        switch (opt) {
        case WALK_ERROR:
            return EXIT_USAGE;
        case WALK_OPERAND:
            if (!cmd->takes_spec)
                return usage_error("unexpected operand '%s'", value);
            if (spec_path)
                return usage_error("extra operand '%s'; give one SPEC", value);
            spec_path = value;
            break;
        case OPT_HELP:
            fputs(cmd->help, stdout);
            return finish_stdout(EXIT_OK);
        case 'o':
            out_dir = value;
            break;
        case OPT_NO_WARNINGS:
            diag_set_quiet_warnings(1);
            break;
        case OPT_DOT:
            dot = true;
            break;
        }
    }

    if (streq(cmd->name, "types")) {
        describe_types(stdout);
        return finish_stdout(EXIT_OK);
    }
    if (!spec_path)
        return usage_error("missing SPEC operand (the mirage.spec file that "
                           "configure writes)");

    status = load(spec_path, &spec, &model);
    if (status == EXIT_OK && streq(cmd->name, "generate")) {
        char *dir = out_dir ? xstrdup(out_dir) : path_dirname(spec_path);
        if (generate_files(&model, dir) < 0)
            status = EXIT_FAIL;
        free(dir);
    } else if (status == EXIT_OK && streq(cmd->name, "describe")) {
        if (dot)
            describe_dot(stdout, &model);
        else
            describe_text(stdout, &model);
        status = finish_stdout(status);
    }
    model_free(&model);
    spec_free(&spec);
    return status;
}

int main(int argc, char **argv)
{
    static const struct option top_options[] = {
        {"help", no_argument, NULL, OPT_HELP},
        {"version", no_argument, NULL, OPT_VERSION},
        {NULL, 0, NULL, 0},
    };
    struct opt_walk w;
    const char *value;
    int opt, at;

    /* options before the command; the command's own follow it */
    walk_start(&w, argc, argv, SHORTS_NONE, top_options);
    while ((opt = walk_next(&w, &value)) != WALK_END) {
        switch (opt) {
        case WALK_ERROR:
            return EXIT_USAGE;
        case OPT_HELP:
            fputs(usage_text, stdout);
            return finish_stdout(EXIT_OK);
        case OPT_VERSION:
            print_version();
            return finish_stdout(EXIT_OK);
        case WALK_OPERAND:
            /* the command is argv[0] of its own walk */
            at = walk_index(&w) - 1;
            for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]);
                 i++) {
                if (streq(commands[i].name, value)) {
                    snprintf(who, sizeof(who), "mirage %s", value);
                    if (streq(value, "crunch"))
                        return run_crunch(&commands[i], argc - at, argv + at);
                    if (streq(value, "run"))
                        return run_run(&commands[i], argc - at, argv + at);
                    if (streq(value, "symbolize"))
                        return run_symbolize(&commands[i], argc - at,
                                             argv + at);
                    return run_command(&commands[i], argc - at, argv + at);
                }
            }
            return usage_error(
                "unknown command '%s'; the commands are " COMMAND_LIST, value);
        }
    }
    return usage_error("missing command; the commands are " COMMAND_LIST);
}
