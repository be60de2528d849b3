/* SPDX-License-Identifier: ISC */
/* cli.c: the tenders' command line and matching it with the manifest. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#ifndef MIRAGE_VERSION
#define MIRAGE_VERSION "unknown"
#endif

static void errf(char *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void errf(char *err, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(err, TENDER_ERR_MAX, fmt, ap);
    va_end(ap);
}

const char *tender_dev_type_name(uint32_t type)
{
    switch (type) {
    case MIRAGE_TENDER_DEV_NET:
        return "net";
    case MIRAGE_TENDER_DEV_BLOCK:
        return "block";
    default:
        return "unknown";
    }
}

/* How to attach a device of (type) named (name), for messages. */
static const char *attach_hint(uint32_t type)
{
    return type == MIRAGE_TENDER_DEV_NET ? "=TAP or --net:%s=@FD" : "=PATH";
}

/* Parses a decimal number in [min, max]; 0 on success. */
static int parse_number(const char *s, unsigned long long min,
                        unsigned long long max, unsigned long long *out)
{
    char *end;
    unsigned long long v;

    if (*s < '0' || *s > '9')
        return -1;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno != 0 || *end != '\0' || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

static int parse_mac(const char *s, uint8_t mac[6])
{
    for (int i = 0; i < 6; i++) {
        int v = 0;
        for (int k = 0; k < 2; k++) {
            char c = *s++;
            int d;
            if (c >= '0' && c <= '9')
                d = c - '0';
            else if (c >= 'a' && c <= 'f')
                d = c - 'a' + 10;
            else if (c >= 'A' && c <= 'F')
                d = c - 'A' + 10;
            else
                return -1;
            v = v * 16 + d;
        }
        mac[i] = (uint8_t)v;
        if (*s != (i == 5 ? '\0' : ':'))
            return -1;
        if (i < 5)
            s++;
    }
    return 0;
}

/* Checks a device name: [a-z0-9_]{1,31}. */
static int valid_name(const char *s, size_t len)
{
    if (len == 0 || len >= MIRAGE_TENDER_NAME_MAX)
        return 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
            return 0;
    }
    return 1;
}

/* The entry for the device (name), made when new; NULL when full. */
static struct tender_device_opt *device(struct tender_options *o,
                                        const char *name, size_t len)
{
    struct tender_device_opt *d;

    for (unsigned i = 0; i < o->ndevices; i++) {
        d = &o->devices[i];
        if (strlen(d->name) == len && memcmp(d->name, name, len) == 0)
            return d;
    }
    if (o->ndevices == MIRAGE_TENDER_MANIFEST_MAX)
        return NULL;
    d = &o->devices[o->ndevices++];
    memset(d, 0, sizeof *d);
    memcpy(d->name, name, len);
    d->fd = -1;
    return d;
}

/* The device options, "--net:", "--net-mac:", ... without the "--". */
enum dev_opt { OPT_NET, OPT_NET_MAC, OPT_BLOCK, OPT_BLOCK_SECTOR, OPT_NET_MTU };
static const char *const dev_opts[] = {"net", "net-mac", "block",
                                       "block-sector-size", "net-mtu"};
#define NDEV_OPTS (sizeof dev_opts / sizeof dev_opts[0])

/* Parses --KIND:NAME=VALUE (arg without its "--"); 0 or -1 with (err). */
static int parse_device_option(struct tender_options *o, const char *arg,
                               enum dev_opt kind, char *err)
{
    const char *opt = dev_opts[kind];
    const char *name = arg + strlen(opt) + 1;
    const char *eq = strchr(name, '=');
    size_t len;
    struct tender_device_opt *d;
    unsigned long long v;

    if (!eq) {
        errf(err, "option '--%s:%s' needs a value: --%s:NAME=%s", opt, name,
             opt,
             kind == OPT_NET       ? "TAP"
             : kind == OPT_NET_MAC ? "MAC"
             : kind == OPT_BLOCK   ? "PATH"
                                   : "N");
        return -1;
    }
    len = (size_t)(eq - name);
    if (!valid_name(name, len)) {
        errf(err,
             "option '--%s:%.*s': bad device name '%.*s': 1 to %d of "
             "[a-z0-9_]",
             opt, (int)len, name, (int)len, name, MIRAGE_TENDER_NAME_MAX - 1);
        return -1;
    }
    d = device(o, name, len);
    if (!d) {
        errf(err, "too many devices: at most %d", MIRAGE_TENDER_MANIFEST_MAX);
        return -1;
    }
    eq++;
    switch (kind) {
    case OPT_NET:
    case OPT_BLOCK: {
        uint32_t type =
            kind == OPT_NET ? MIRAGE_TENDER_DEV_NET : MIRAGE_TENDER_DEV_BLOCK;
        if (d->type == type) {
            errf(err, "device '%s' is attached twice (--%s:%s)", d->name, opt,
                 d->name);
            return -1;
        }
        if (d->type != 0) {
            errf(err, "device '%s' is attached both with --net and --block",
                 d->name);
            return -1;
        }
        if (*eq == '\0') {
            errf(err, "option '--%s:%s' has an empty value", opt, d->name);
            return -1;
        }
        d->type = type;
        if (kind == OPT_NET && *eq == '@') {
            if (parse_number(eq + 1, 3, INT_MAX, &v) != 0) {
                errf(err,
                     "option '--net:%s': bad file descriptor '%s' (a number, "
                     "3 or more)",
                     d->name, eq + 1);
                return -1;
            }
            d->fd = (int)v;
        } else if (kind == OPT_NET) {
            if (strlen(eq) >= 16 || strpbrk(eq, "/ \t\n:")) {
                errf(err, "option '--net:%s': bad tap interface name '%s'",
                     d->name, eq);
                return -1;
            }
            d->path = eq;
        } else {
            d->path = eq;
        }
        return 0;
    }
    case OPT_NET_MAC:
        if (d->has_mac) {
            errf(err, "option '--net-mac:%s' is given twice", d->name);
            return -1;
        }
        if (parse_mac(eq, d->mac) != 0) {
            errf(err,
                 "option '--net-mac:%s': bad MAC address '%s' (expected "
                 "xx:xx:xx:xx:xx:xx)",
                 d->name, eq);
            return -1;
        }
        if (d->mac[0] & 1) {
            errf(err,
                 "option '--net-mac:%s': %s is a multicast address, not a "
                 "station's",
                 d->name, eq);
            return -1;
        }
        d->has_mac = 1;
        return 0;
    case OPT_BLOCK_SECTOR:
        if (d->sector_size) {
            errf(err, "option '--block-sector-size:%s' is given twice",
                 d->name);
            return -1;
        }
        if (parse_number(eq, 512, 65536, &v) != 0 || (v & (v - 1)) != 0) {
            errf(err,
                 "option '--block-sector-size:%s': bad sector size '%s' (a "
                 "power of two from 512 to 65536)",
                 d->name, eq);
            return -1;
        }
        d->sector_size = (uint32_t)v;
        return 0;
    case OPT_NET_MTU:
        if (d->mtu) {
            errf(err, "option '--net-mtu:%s' is given twice", d->name);
            return -1;
        }
        if (parse_number(eq, TENDER_NET_MTU_MIN, TENDER_NET_MTU_MAX, &v) != 0) {
            errf(err,
                 "option '--net-mtu:%s': bad MTU '%s' (bytes of payload, %d "
                 "to %d)",
                 d->name, eq, TENDER_NET_MTU_MIN, TENDER_NET_MTU_MAX);
            return -1;
        }
        d->mtu = (uint32_t)v;
        return 0;
    }
    return -1;
}

/* Checks the options of each device agree with how it is attached. */
static int check_devices(const struct tender_options *o, char *err)
{
    for (unsigned i = 0; i < o->ndevices; i++) {
        const struct tender_device_opt *d = &o->devices[i];

        if (d->has_mac && d->type != MIRAGE_TENDER_DEV_NET) {
            if (d->type == 0)
                errf(err, "option '--net-mac:%s' is given but no --net:%s",
                     d->name, d->name);
            else
                errf(err,
                     "option '--net-mac:%s' is for a net device, but '%s' is "
                     "attached with --block:%s",
                     d->name, d->name, d->name);
            return -1;
        }
        if (d->mtu && d->type != MIRAGE_TENDER_DEV_NET) {
            if (d->type == 0)
                errf(err, "option '--net-mtu:%s' is given but no --net:%s",
                     d->name, d->name);
            else
                errf(err,
                     "option '--net-mtu:%s' is for a net device, but '%s' is "
                     "attached with --block:%s",
                     d->name, d->name, d->name);
            return -1;
        }
        if (d->sector_size && d->type != MIRAGE_TENDER_DEV_BLOCK) {
            if (d->type == 0)
                errf(err,
                     "option '--block-sector-size:%s' is given but no "
                     "--block:%s",
                     d->name, d->name);
            else
                errf(err,
                     "option '--block-sector-size:%s' is for a block device, "
                     "but '%s' is attached with --net:%s",
                     d->name, d->name, d->name);
            return -1;
        }
    }
    return 0;
}

enum tender_cli_result tender_cli_parse(int argc, char **argv,
                                        struct tender_options *o, char *err)
{
    int i = 1;

    memset(o, 0, sizeof *o);
    o->mem_mb = TENDER_MEM_DEFAULT;
    err[0] = '\0';
    for (; i < argc; i++) {
        const char *a = argv[i];
        int matched = 0;

        if (strcmp(a, "--") == 0) {
            i++;
            break;
        }
        if (a[0] != '-')
            break;
        if (strcmp(a, "--help") == 0)
            return TENDER_CLI_HELP;
        if (strcmp(a, "--version") == 0)
            return TENDER_CLI_VERSION;
        if (strncmp(a, "--mem", 5) == 0 && (a[5] == '=' || a[5] == '\0')) {
            unsigned long long v;
            if (a[5] == '\0') {
                errf(err, "option '--mem' needs a value: --mem=MB");
                return TENDER_CLI_ERROR;
            }
            if (parse_number(a + 6, 1, TENDER_MEM_MAX, &v) != 0) {
                errf(err,
                     "option '--mem': bad size '%s' (MiB, a number from 1 to "
                     "%d)",
                     a + 6, TENDER_MEM_MAX);
                return TENDER_CLI_ERROR;
            }
            o->mem_mb = v;
            continue;
        }
        for (unsigned k = 0; k < NDEV_OPTS && !matched; k++) {
            size_t n = strlen(dev_opts[k]);
            if (strncmp(a + 2, dev_opts[k], n) == 0 && a[1] == '-' &&
                a[2 + n] == ':') {
                if (parse_device_option(o, a + 2, (enum dev_opt)k, err) != 0)
                    return TENDER_CLI_ERROR;
                matched = 1;
            }
        }
        if (!matched) {
            errf(err, "unknown option '%s'", a);
            return TENDER_CLI_ERROR;
        }
    }
    if (i >= argc) {
        errf(err, "no IMAGE given");
        return TENDER_CLI_ERROR;
    }
    if (check_devices(o, err) != 0)
        return TENDER_CLI_ERROR;
    o->image = argv[i];
    o->args = argv + i + 1;
    o->nargs = argc - i - 1;
    return TENDER_CLI_RUN;
}

/*
 * Writes "(its tender devices: net 'a', block 'b')", or "...: none)", the
 * devices the manifest of (img) declares, into (buf) of (size) bytes; the
 * ones that do not fit are counted ("and 3 more").
 */
static void declared_devices(const struct tender_image *img, char *buf,
                             size_t size)
{
    uint32_t count = img->has_manifest ? img->manifest.count : 0;
    /* room kept for ", and 16 more)" */
    const size_t tail = 16;
    size_t len;

    snprintf(buf, size, "(its tender devices: %s", count ? "" : "none)");
    len = strlen(buf);
    for (uint32_t i = 0; i < count; i++) {
        const struct mirage_tender_manifest_entry *e =
            &img->manifest.entries[i];
        char item[MIRAGE_TENDER_NAME_MAX + 16];
        int n = snprintf(item, sizeof item, "%s%s '%s'", i ? ", " : "",
                         tender_dev_type_name(e->type), e->name);

        if (n < 0 || len + (size_t)n + tail >= size) {
            snprintf(buf + len, size - len, "%sand %u more)", i ? ", " : "",
                     (unsigned)(count - i));
            return;
        }
        memcpy(buf + len, item, (size_t)n + 1);
        len += (size_t)n;
    }
    if (count)
        snprintf(buf + len, size - len, ")");
}

int tender_match_manifest(const struct tender_image *img,
                          const struct tender_options *o,
                          unsigned map[MIRAGE_TENDER_MANIFEST_MAX], char *err)
{
    uint32_t count = img->has_manifest ? img->manifest.count : 0;
    int used[MIRAGE_TENDER_MANIFEST_MAX] = {0};

    for (uint32_t i = 0; i < count; i++) {
        const struct mirage_tender_manifest_entry *e =
            &img->manifest.entries[i];
        const char *type = tender_dev_type_name(e->type);
        const char *opt = e->type == MIRAGE_TENDER_DEV_NET ? "net" : "block";
        unsigned j;

        for (j = 0; j < o->ndevices; j++)
            if (strcmp(o->devices[j].name, e->name) == 0)
                break;
        if (j == o->ndevices) {
            char hint[64];
            snprintf(hint, sizeof hint, attach_hint(e->type), e->name);
            errf(err,
                 "device '%s' (%s) is declared by the image but not "
                 "attached: use --%s:%s%s",
                 e->name, type, opt, e->name, hint);
            return -1;
        }
        if (o->devices[j].type != e->type) {
            char hint[64];
            snprintf(hint, sizeof hint, attach_hint(e->type), e->name);
            errf(err,
                 "device '%s' is a %s device in the image but is attached "
                 "with --%s:%s: use --%s:%s%s",
                 e->name, type,
                 o->devices[j].type == MIRAGE_TENDER_DEV_NET ? "net" : "block",
                 e->name, opt, e->name, hint);
            return -1;
        }
        map[i] = j;
        used[j] = 1;
    }
    for (unsigned j = 0; j < o->ndevices; j++) {
        if (!used[j]) {
            const struct tender_device_opt *d = &o->devices[j];
            const char *kind = tender_dev_type_name(d->type);
            int n = snprintf(err, TENDER_ERR_MAX,
                             "device '%s' is attached (--%s:%s) but the image "
                             "declares no %s device '%s' for the tender ",
                             d->name, kind, d->name, kind, d->name);

            if (n > 0 && n < TENDER_ERR_MAX)
                declared_devices(img, err + n, (size_t)(TENDER_ERR_MAX - n));
            return -1;
        }
    }
    return 0;
}

void tender_cli_help(FILE *f, const char *prog, uint32_t target)
{
    int spt = target == MIRAGE_TENDER_TARGET_SPT;

    fprintf(f,
            "Usage: %s [OPTION]... [--] IMAGE [ARGS]...\n"
            "Run the unikernel IMAGE, built with --with-target=%s, %s.\n"
            "ARGS are the unikernel's boot arguments (its --help lists "
            "them).\n"
            "\n"
            "Options:\n"
            "  --mem=MB                    guest memory in MiB (default "
            "%d)\n"
            "  --net:NAME=TAP              attach the net device NAME to "
            "the tap\n"
            "                                interface TAP\n"
            "  --net:NAME=@FD              attach the net device NAME to "
            "the open\n"
            "                                descriptor FD (a tap, or a "
            "datagram socket)\n"
            "  --net-mac:NAME=MAC          the MAC address of NAME "
            "(default: random,\n"
            "                                locally administered)\n"
            "  --net-mtu:NAME=N            the MTU of NAME, %d to %d "
            "(default: the\n"
            "                                tap's own; %d on a socket)\n"
            "  --block:NAME=PATH           attach the block device NAME to "
            "the file\n"
            "                                PATH (read-only when PATH is)\n"
            "  --block-sector-size:NAME=N  the sector size of NAME in bytes "
            "(default\n"
            "                                512); PATH's size must be a "
            "multiple\n"
            "  --help                      display this help and exit\n"
            "  --version                   output version information and "
            "exit\n"
            "\n"
            "The image declares its devices by name; each must be attached, "
            "and only\n"
            "those. NAME is 1 to 31 of [a-z0-9_].\n"
            "\n"
            "Exit status:\n"
            "  the unikernel's own exit status when it ran (255 when it "
            "crashed);\n"
            "  64   a usage error of %s (bad option, no IMAGE);\n"
            "  125  %s could not run IMAGE: a bad image, another ABI "
            "version or\n"
            "       target, devices not matching the image's, a device that "
            "cannot\n"
            "       be opened.\n",
            prog, tender_target_name(target),
            spt ? "in this process, sandboxed by\na seccomp allowlist"
                : "in a KVM virtual machine",
            TENDER_MEM_DEFAULT, TENDER_NET_MTU_MIN, TENDER_NET_MTU_MAX,
            TENDER_NET_MTU, prog, prog);
    if (spt)
        fprintf(f, "A unikernel making a system call outside the allowlist "
                   "is killed by\n"
                   "SIGSYS (a shell shows status 159), with no message.\n");
}

void tender_cli_version(FILE *f, const char *prog)
{
    fprintf(f,
            "%s (Mirage in C) %s\n"
            "Copyright (C) 2026 Contributors as noted in the AUTHORS file.\n"
            "License ISC: <https://opensource.org/licenses/ISC>.\n"
            "This is free software: you are free to change and "
            "redistribute it.\n"
            "There is NO WARRANTY, to the extent permitted by law.\n",
            prog, MIRAGE_VERSION);
}
