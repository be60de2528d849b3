/* SPDX-License-Identifier: ISC */
/* test_tender_cli.c: the tenders' command line, manifest matching, quoting. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmdline_quote.h"
#include "core/cmdline.h"
#include "tap.h"

static struct tender_options o;
static char err[TENDER_ERR_MAX];

/* Parses the NULL-terminated arguments after the program name. */
static enum tender_cli_result parse(const char *first, ...)
{
    static char *argv[32];
    va_list ap;
    int argc = 0;

    argv[argc++] = (char *)"mirage-spt";
    va_start(ap, first);
    for (const char *a = first; a; a = va_arg(ap, const char *))
        argv[argc++] = (char *)a;
    va_end(ap);
    argv[argc] = NULL;
    return tender_cli_parse(argc, argv, &o, err);
}

/* Expects a usage error whose message contains (want). */
#define BAD(want, ...)                                                         \
    do {                                                                       \
        enum tender_cli_result r_ = parse(__VA_ARGS__, (const char *)NULL);    \
        TAP_OK(r_ == TENDER_CLI_ERROR && strstr(err, want), "usage error: %s", \
               want);                                                          \
        if (r_ != TENDER_CLI_ERROR || !strstr(err, want))                      \
            printf("# got %d: %s\n", r_, err);                                 \
    } while (0)

static void test_parse(void)
{
    TAP_OK(parse("img.spt", NULL) == TENDER_CLI_RUN &&
               strcmp(o.image, "img.spt") == 0 && o.nargs == 0 &&
               o.mem_mb == 64 && o.ndevices == 0,
           "just an image: defaults");
    TAP_OK(parse("--mem=128", "--block:disk=/tmp/d.img",
                 "--block-sector-size:disk=4096", "--net:service=tap0",
                 "--net-mac:service=02:00:00:aa:BB:cc", "--net:other=@7", "--",
                 "img.spt", "--hello=x", "a b", NULL) == TENDER_CLI_RUN,
           "every option parses");
    TAP_OK(o.mem_mb == 128 && o.ndevices == 3 &&
               strcmp(o.devices[0].name, "disk") == 0 &&
               o.devices[0].type == MIRAGE_TENDER_DEV_BLOCK &&
               strcmp(o.devices[0].path, "/tmp/d.img") == 0 &&
               o.devices[0].sector_size == 4096,
           "block device and its sector size");
    TAP_OK(o.devices[1].type == MIRAGE_TENDER_DEV_NET &&
               strcmp(o.devices[1].path, "tap0") == 0 &&
               o.devices[1].fd == -1 && o.devices[1].has_mac &&
               o.devices[1].mac[0] == 0x02 && o.devices[1].mac[4] == 0xbb &&
               o.devices[1].mac[5] == 0xcc,
           "net device by tap, with its MAC");
    TAP_OK(o.devices[2].fd == 7 && o.devices[2].path == NULL,
           "net device by @FD");
    TAP_OK(strcmp(o.image, "img.spt") == 0 && o.nargs == 2 &&
               strcmp(o.args[0], "--hello=x") == 0 &&
               strcmp(o.args[1], "a b") == 0,
           "-- then IMAGE, then the unikernel's arguments untouched");
    TAP_OK(parse("img", "--mem=1", NULL) == TENDER_CLI_RUN && o.mem_mb == 64 &&
               o.nargs == 1,
           "options after IMAGE belong to the unikernel");
    TAP_OK(parse("--net-mac:n=02:00:00:00:00:01", "--net:n=@3", "i", NULL) ==
               TENDER_CLI_RUN,
           "--net-mac before --net");
    TAP_OK(parse("--net:n=@3", "--net-mtu:n=9000", "i", NULL) ==
                   TENDER_CLI_RUN &&
               o.devices[0].mtu == 9000,
           "--net-mtu:n=9000");
    TAP_OK(parse("--net-mtu:n=68", "--net:n=tap0", "i", NULL) ==
                   TENDER_CLI_RUN &&
               o.devices[0].mtu == 68,
           "--net-mtu before --net, at its least, 68");
    TAP_OK(parse("--net:n=@3", "--net-mtu:n=65535", "i", NULL) ==
                   TENDER_CLI_RUN &&
               o.devices[0].mtu == 65535,
           "--net-mtu at its largest, 65535");
    TAP_OK(parse("--net:n=@3", "i", NULL) == TENDER_CLI_RUN &&
               o.devices[0].mtu == 0,
           "no --net-mtu: 0 (the device's own, or 1500)");
    TAP_OK(parse("--help", "--bogus", NULL) == TENDER_CLI_HELP, "--help");
    TAP_OK(parse("--version", NULL) == TENDER_CLI_VERSION, "--version");

    BAD("no IMAGE given", "--mem=2");
    BAD("unknown option '--frobnicate'", "--frobnicate", "i");
    BAD("unknown option '-m'", "-m", "i");
    BAD("unknown option '--block'", "--block", "i");
    BAD("option '--mem' needs a value", "--mem", "i");
    BAD("option '--mem': bad size 'x'", "--mem=x", "i");
    BAD("option '--mem': bad size '0'", "--mem=0", "i");
    BAD("option '--mem': bad size '99999999999999999999'",
        "--mem=99999999999999999999", "i");
    BAD("option '--mem': bad size '-3'", "--mem=-3", "i");
    BAD("option '--mem': bad size '12MB'", "--mem=12MB", "i");
    BAD("option '--block:disk' needs a value: --block:NAME=PATH",
        "--block:disk", "i");
    BAD("option '--block:disk' has an empty value", "--block:disk=", "i");
    BAD("bad device name 'Disk'", "--block:Disk=x", "i");
    BAD("bad device name ''", "--block:=x", "i");
    BAD("bad device name 'a-b'", "--net:a-b=tap0", "i");
    BAD("bad device name 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'",
        "--net:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=tap0", "i");
    BAD("device 'disk' is attached twice (--block:disk)", "--block:disk=a",
        "--block:disk=b", "i");
    BAD("device 'd' is attached both with --net and --block", "--block:d=a",
        "--net:d=tap0", "i");
    BAD("option '--net:n': bad file descriptor 'x'", "--net:n=@x", "i");
    BAD("option '--net:n': bad file descriptor '1'", "--net:n=@1", "i");
    BAD("option '--net:n': bad tap interface name 'a/b'", "--net:n=a/b", "i");
    BAD("bad tap interface name '0123456789abcdef'", "--net:n=0123456789abcdef",
        "i");
    BAD("option '--net-mac:n': bad MAC address '02:00:00:00:00'", "--net:n=@3",
        "--net-mac:n=02:00:00:00:00", "i");
    BAD("bad MAC address '02:00:00:00:00:0g'", "--net:n=@3",
        "--net-mac:n=02:00:00:00:00:0g", "i");
    BAD("bad MAC address '02:00:00:00:00:001'", "--net:n=@3",
        "--net-mac:n=02:00:00:00:00:001", "i");
    BAD("01:00:5e:00:00:01 is a multicast address", "--net:n=@3",
        "--net-mac:n=01:00:5e:00:00:01", "i");
    BAD("option '--net-mac:n' is given twice", "--net:n=@3",
        "--net-mac:n=02:00:00:00:00:01", "--net-mac:n=02:00:00:00:00:02", "i");
    BAD("option '--net-mac:n' is given but no --net:n",
        "--net-mac:n=02:00:00:00:00:01", "i");
    BAD("option '--net-mac:d' is for a net device, but 'd' is attached with "
        "--block:d",
        "--block:d=x", "--net-mac:d=02:00:00:00:00:01", "i");
    BAD("option '--net-mtu:n': bad MTU '67' (bytes of payload, 68 to 65535)",
        "--net:n=@3", "--net-mtu:n=67", "i");
    BAD("option '--net-mtu:n': bad MTU '65536'", "--net:n=@3",
        "--net-mtu:n=65536", "i");
    BAD("option '--net-mtu:n': bad MTU '9k'", "--net:n=@3", "--net-mtu:n=9k",
        "i");
    BAD("option '--net-mtu:n': bad MTU ''", "--net:n=@3", "--net-mtu:n=", "i");
    BAD("option '--net-mtu:n' needs a value: --net-mtu:NAME=N", "--net:n=@3",
        "--net-mtu:n", "i");
    BAD("option '--net-mtu:n' is given twice", "--net:n=@3", "--net-mtu:n=1500",
        "--net-mtu:n=9000", "i");
    BAD("option '--net-mtu:n' is given but no --net:n", "--net-mtu:n=1500",
        "i");
    BAD("option '--net-mtu:d' is for a net device, but 'd' is attached with "
        "--block:d",
        "--block:d=x", "--net-mtu:d=1500", "i");
    BAD("bad sector size '1000'", "--block:d=x", "--block-sector-size:d=1000",
        "i");
    BAD("bad sector size '256'", "--block:d=x", "--block-sector-size:d=256",
        "i");
    BAD("option '--block-sector-size:d' is given but no --block:d",
        "--block-sector-size:d=512", "i");
    BAD("option '--block-sector-size:n' is for a block device, but 'n' is "
        "attached with --net:n",
        "--net:n=@3", "--block-sector-size:n=512", "i");
    BAD("too many devices: at most 16", "--block:a=x", "--block:b=x",
        "--block:c=x", "--block:d=x", "--block:e=x", "--block:f=x",
        "--block:g=x", "--block:h=x", "--block:i=x", "--block:j=x",
        "--block:k=x", "--block:l=x", "--block:m=x", "--block:n=x",
        "--block:o=x", "--block:p=x", "--block:q=x", "i");
}

static void test_manifest(void)
{
    struct tender_image img;
    unsigned map[MIRAGE_TENDER_MANIFEST_MAX];

    memset(&img, 0, sizeof img);
    img.has_manifest = 1;
    img.manifest.count = 2;
    strcpy(img.manifest.entries[0].name, "net0");
    img.manifest.entries[0].type = MIRAGE_TENDER_DEV_NET;
    strcpy(img.manifest.entries[1].name, "disk");
    img.manifest.entries[1].type = MIRAGE_TENDER_DEV_BLOCK;

    parse("--block:disk=f", "--net:net0=tap0", "i", NULL);
    TAP_OK(tender_match_manifest(&img, &o, map, err) == 0 && map[0] == 1 &&
               map[1] == 0,
           "all attached: manifest order mapped to options");
    parse("--net:net0=tap0", "i", NULL);
    TAP_OK(tender_match_manifest(&img, &o, map, err) == -1, "block missing");
    TAP_STREQ(err,
              "device 'disk' (block) is declared by the image but not "
              "attached: use --block:disk=PATH",
              "message for a missing block device");
    parse("--block:disk=f", "i", NULL);
    tender_match_manifest(&img, &o, map, err);
    TAP_STREQ(err,
              "device 'net0' (net) is declared by the image but not "
              "attached: use --net:net0=TAP or --net:net0=@FD",
              "message for a missing net device");
    parse("--block:disk=f", "--net:net0=tap0", "--block:extra=g", "i", NULL);
    TAP_OK(tender_match_manifest(&img, &o, map, err) == -1, "extra device");
    TAP_STREQ(err,
              "device 'extra' is attached (--block:extra) but the image "
              "declares no block device 'extra' for the tender (its tender "
              "devices: net 'net0', block 'disk')",
              "message for a device not declared: what the image declares");
    parse("--net:disk=tap1", "--net:net0=tap0", "i", NULL);
    TAP_OK(tender_match_manifest(&img, &o, map, err) == -1, "type mismatch");
    TAP_STREQ(err,
              "device 'disk' is a block device in the image but is attached "
              "with --net:disk: use --block:disk=PATH",
              "message for a type mismatch");
    img.has_manifest = 0;
    parse("--net:net0=tap0", "i", NULL);
    tender_match_manifest(&img, &o, map, err);
    TAP_STREQ(err,
              "device 'net0' is attached (--net:net0) but the image "
              "declares no net device 'net0' for the tender (its tender "
              "devices: none)",
              "no manifest: any device is refused");
    parse("i", NULL);
    TAP_OK(tender_match_manifest(&img, &o, map, err) == 0,
           "no manifest and no devices: fine");
}

/* A device attached but not declared, with many declared: one line. */
static void test_not_declared(void)
{
    struct tender_image img;
    unsigned map[MIRAGE_TENDER_MANIFEST_MAX];
    char opts[MIRAGE_TENDER_MANIFEST_MAX][64];
    char *argv[MIRAGE_TENDER_MANIFEST_MAX + 3] = {0};
    size_t len;

    /* the image's 'disk' is a ramdisk: only 'service' goes to the tender */
    memset(&img, 0, sizeof img);
    img.has_manifest = 1;
    img.manifest.count = 2;
    strcpy(img.manifest.entries[0].name, "service");
    img.manifest.entries[0].type = MIRAGE_TENDER_DEV_NET;
    strcpy(img.manifest.entries[1].name, "data");
    img.manifest.entries[1].type = MIRAGE_TENDER_DEV_BLOCK;
    parse("--net:service=tap0", "--block:data=d", "--block:disk=f", "i", NULL);
    TAP_OK(tender_match_manifest(&img, &o, map, err) == -1,
           "a ramdisk's name attached with --block");
    TAP_STREQ(err,
              "device 'disk' is attached (--block:disk) but the image "
              "declares no block device 'disk' for the tender (its tender "
              "devices: net 'service', block 'data')",
              "the message says what the image declares");

    /* 15 devices of long names, all attached, and one more: the list of
     * what the image declares is cut and counted, the message closed */
    memset(&img, 0, sizeof img);
    img.has_manifest = 1;
    img.manifest.count = MIRAGE_TENDER_MANIFEST_MAX - 1;
    argv[0] = (char *)"mirage-spt";
    for (int i = 0; i < MIRAGE_TENDER_MANIFEST_MAX - 1; i++) {
        snprintf(img.manifest.entries[i].name, MIRAGE_TENDER_NAME_MAX,
                 "device_with_a_long_name_%02d", i);
        img.manifest.entries[i].type = MIRAGE_TENDER_DEV_BLOCK;
        snprintf(opts[i], sizeof opts[i], "--block:%s=f",
                 img.manifest.entries[i].name);
        argv[i + 1] = opts[i];
    }
    argv[MIRAGE_TENDER_MANIFEST_MAX] =
        (char *)"--block:a_name_of_thirty_one_characters=f";
    argv[MIRAGE_TENDER_MANIFEST_MAX + 1] = (char *)"i";
    TAP_OK(tender_cli_parse(MIRAGE_TENDER_MANIFEST_MAX + 2, argv, &o, err) ==
               TENDER_CLI_RUN,
           "16 devices attached (%s)", err);
    TAP_OK(tender_match_manifest(&img, &o, map, err) == -1,
           "not declared, among 15 declared");
    len = strlen(err);
    TAP_OK(len < TENDER_ERR_MAX - 1 && !strchr(err, '\n') &&
               strstr(err, "(its tender devices: block "
                           "'device_with_a_long_name_00', ") &&
               strstr(err, " more)") && err[len - 1] == ')',
           "a long list is cut and counted, within the message: %s", err);
}

/* Quotes (args), splits the result as the guest does, compares. */
static void roundtrip(char *const *args, size_t n, const char *want)
{
    char line[512], *argv[16];
    size_t len = tender_cmdline_quote(args, n, line, sizeof line);
    int argc, same;

    if (want)
        TAP_STREQ(line, want, "quoted as expected");
    argc = core_cmdline_split(line, argv, 16);
    same = argc == (int)n && len < sizeof line;
    for (size_t i = 0; same && i < n; i++)
        same = strcmp(argv[i], args[i]) == 0;
    TAP_OK(same, "the guest splits back %zu arguments exactly", n);
}

static void test_quote(void)
{
    static const char *const plain_[] = {"--hello=world",
                                         "a.b/c:d@e%f+g,h^i_j-k"};
    static const char *const hard_[] = {
        "",          "a b",       "it's", "\"x\"", "back\\slash",
        "tab\there", "new\nline", "'",    "$HOME", "*"};
    char *const *plain = (char *const *)plain_;
    char *const *hard = (char *const *)hard_;
    char small[8];

    roundtrip(plain, 2, "--hello=world a.b/c:d@e%f+g,h^i_j-k");
    roundtrip(hard, 10, NULL);
    roundtrip(hard + 2, 1, "'it'\\''s'");
    roundtrip(hard, 1, "''");
    roundtrip(NULL, 0, "");
    TAP_OK(tender_cmdline_quote(hard + 1, 1, small, sizeof small) == 5 &&
               strcmp(small, "'a b'") == 0,
           "length returned");
    TAP_OK(tender_cmdline_quote(plain, 1, small, sizeof small) == 13 &&
               strcmp(small, "--hello") == 0,
           "cut to the buffer, NUL-terminated, full length returned");
    TAP_OK(tender_cmdline_quote(plain, 2, NULL, 0) == 35,
           "size query with no buffer");
}

static void test_help(void)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);

    tender_cli_help(f, "mirage-spt", MIRAGE_TENDER_TARGET_SPT);
    tender_cli_version(f, "mirage-spt");
    fclose(f);
    TAP_OK(strstr(text, "Usage: mirage-spt [OPTION]... [--] IMAGE [ARGS]...") &&
               strstr(text, "--with-target=spt") &&
               strstr(text, "--block-sector-size:NAME=N") &&
               strstr(text, "  64   a usage error") &&
               strstr(text, "  125  mirage-spt could not run IMAGE") &&
               strstr(text, "SIGSYS") &&
               strstr(text, "mirage-spt (Mirage in C) "),
           "help and version texts");
    free(text);
}

int main(void)
{
    test_parse();
    test_manifest();
    test_not_declared();
    test_quote();
    test_help();
    return tap_done();
}
