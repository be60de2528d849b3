/* SPDX-License-Identifier: ISC */
/* test_helper_run.c: `mirage run`'s quoting, QEMU command and exit codes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/cmdline.h"
#include "quote.h"
#include "run.h"
#include "tap.h"
#include "util.h"

#define MAX_ARGS 32

/*
 * Quotes the (n) arguments (args) into one command line, splits it as the
 * guest does (runtime/core/cmdline.c) and checks that the same arguments
 * come back.
 */
static void round_trip(char **args, int n, const char *what)
{
    char *line = quote_cmdline(args, (size_t)n), *argv[MAX_ARGS];
    int argc = core_cmdline_split(line, argv, MAX_ARGS), same = argc == n;

    for (int i = 0; same && i < n; i++)
        same = strcmp(argv[i], args[i]) == 0;
    TAP_OK(same, "the guest splits back: %s", what);
    if (!same)
        printf("# split gave %d argument(s), want %d\n", argc, n);
    free(line);
}

static void test_round_trips(void)
{
    static char plain[] = "--logs=debug", space[] = "--hello=Hello, World!",
                single[] = "it's", dquote[] = "say \"hi\"",
                backslash[] = "a\\b\\", empty[] = "", tab[] = "a\tb",
                newline[] = "line1\nline2", quotes[] = "'\"'\"\\'",
                utf8[] = "caf\xc3\xa9", dash[] = "--", lone[] = "'",
                spaces[] = "  lead and trail  ", glob[] = "*?[a]$HOME;|&";
    char *one[] = {plain};
    char *many[] = {plain,   space, single, dquote, backslash, empty, tab,
                    newline, utf8,  dash,   lone,   spaces,    glob,  quotes};
    char *empties[] = {empty, empty};

    round_trip(one, 1, "one plain argument");
    round_trip(many, sizeof(many) / sizeof(many[0]),
               "spaces, quotes, backslashes, empty, tab, newline, UTF-8");
    round_trip(empties, 2, "two empty arguments");
    round_trip(NULL, 0, "no argument");
    for (size_t i = 0; i < sizeof(many) / sizeof(many[0]); i++) {
        char *alone[] = {many[i]};
        struct strbuf sb = {0};

        /* the quoted text names the test; a newline would end it */
        quote_cmdline_arg(&sb, many[i]);
        for (char *c = sb.s; c && *c; c++)
            if (*c == '\n' || *c == '\t')
                *c = ' ';
        round_trip(alone, 1, sb_str(&sb));
        sb_free(&sb);
    }
}

static void quoted_is(const char *arg, const char *want)
{
    struct strbuf sb = {0};

    quote_cmdline_arg(&sb, arg);
    TAP_STREQ(sb_str(&sb), want, "quoted: [%s]", arg);
    sb_free(&sb);
}

static void test_quoting(void)
{
    quoted_is("--logs=debug", "--logs=debug");
    quoted_is("a b", "'a b'");
    quoted_is("", "''");
    quoted_is("it's", "'it'\\''s'");
    quoted_is("x\"y", "'x\"y'");
}

static void test_status(void)
{
    TAP_OK(run_status_from_qemu(1) == 0, "QEMU code 1: status 0");
    TAP_OK(run_status_from_qemu(3) == 1, "code 3: status 1");
    TAP_OK(run_status_from_qemu(127) == 63, "code 127: status 63 (--help)");
    TAP_OK(run_status_from_qemu(129) == 64, "code 129: status 64 (usage)");
    TAP_OK(run_status_from_qemu(251) == 125, "code 251: status 125");
    TAP_OK(run_status_from_qemu(253) == 126, "code 253: status 126");
    TAP_OK(run_status_from_qemu(255) == 255, "code 255: status 255 (crash)");
    TAP_OK(run_status_from_qemu(0) == -1, "code 0 (triple fault): none");
    TAP_OK(run_status_from_qemu(2) == -1, "an even code: none");
    TAP_OK(run_status_from_qemu(124) == -1, "code 124: none");
    TAP_OK(run_status_from_qemu(-1) == -1 && run_status_from_qemu(256) == -1,
           "out of range: none");
}

/* The argv as one line, words separated by '|'. */
static char *joined(char **argv)
{
    struct strbuf sb = {0};

    for (size_t i = 0; argv[i]; i++) {
        if (i > 0)
            sb_addc(&sb, '|');
        sb_add(&sb, argv[i]);
    }
    return sb_take(&sb);
}

static void test_argv(void)
{
    static char img[] = "dir/hello.xen", s[] = "-s", a0[] = "--x=a b",
                a1[] = "-v", bare[] = "hello";
    char *qemu_opts[] = {s}, *args[] = {a0, a1};
    struct run_request req = {
        .image = img,
        .qemu_opts = qemu_opts,
        .nqemu_opts = 1,
        .args = args,
        .nargs = 2,
        .mem_mib = 96,
    };
    char **argv = run_qemu_argv(&req, "qemu", "tcg"), *line = joined(argv);

    TAP_STREQ(line,
              "qemu|-M|microvm|-accel|tcg|-cpu|max|-m|96|-display|none|-no-"
              "reboot|-monitor|"
              "none|-serial|stdio|-device|"
              "isa-debug-exit,iobase=0xf4,iosize=0x04|-kernel|dir/hello.xen|-"
              "s|-append|'--x=a b' -v",
              "the QEMU command line");
    run_free_argv(argv);
    free(line);

    req.nqemu_opts = 0;
    req.nargs = 0;
    argv = run_qemu_argv(&req, "qemu", "kvm");
    line = joined(argv);
    TAP_OK(strstr(line, "|-accel|kvm|") && strstr(line, "|-append|") &&
               line[strlen(line) - 1] == '|',
           "kvm, and an empty -append without arguments");
    run_free_argv(argv);
    free(line);

    req.image = bare;
    req.nargs = 2;
    argv = run_unix_argv(&req);
    line = joined(argv);
    TAP_STREQ(line, "./hello|--x=a b|-v", "a unix image: ./NAME and ARGS");
    run_free_argv(argv);
    free(line);
}

static void test_kind_accel(void)
{
    const char *target;
    enum run_accel accel;
    enum run_machine machine;
    char path[] = "/tmp/test_helper_run.XXXXXX";
    int fd = mkstemp(path);

    TAP_OK(run_image_kind("a/b.xen", &target) == RUN_QEMU_PVH && !target,
           ".xen boots under QEMU");
    TAP_OK(run_image_kind("b.hvt", &target) == RUN_TENDER && target &&
               strcmp(target, "hvt") == 0,
           ".hvt runs in its tender");
    TAP_OK(run_image_kind("b.spt", &target) == RUN_TENDER && target &&
               strcmp(target, "spt") == 0,
           ".spt runs in its tender");
    TAP_OK(run_image_kind("b.virtio", &target) == RUN_QEMU_VIRTIO && !target,
           ".virtio boots under QEMU too");
    TAP_OK(run_image_kind("hello", &target) == RUN_UNIX &&
               run_image_kind("xen", &target) == RUN_UNIX,
           "no suffix: unix");
    TAP_OK(run_parse_accel("kvm", &accel) == 0 && accel == RUN_ACCEL_KVM &&
               run_parse_accel("tcg", &accel) == 0 && accel == RUN_ACCEL_TCG &&
               run_parse_accel("auto", &accel) == 0 && accel == RUN_ACCEL_AUTO,
           "--accel: kvm, tcg, auto");
    TAP_OK(run_parse_accel("hax", &accel) < 0, "--accel=hax is refused");
    TAP_OK(run_parse_machine("microvm", &machine) == 0 &&
               machine == RUN_MACHINE_MICROVM &&
               run_parse_machine("q35", &machine) == 0 &&
               machine == RUN_MACHINE_Q35 &&
               run_parse_machine("pc", &machine) == 0 &&
               machine == RUN_MACHINE_PC,
           "--machine: microvm, q35, pc");
    TAP_OK(run_parse_machine("virt", &machine) < 0 &&
               run_parse_machine("", &machine) < 0 &&
               run_parse_machine("Q35", &machine) < 0,
           "--machine=virt, empty or Q35 is refused");
    TAP_STREQ(run_machine_name(RUN_MACHINE_MICROVM), "microvm",
              "microvm's name");
    TAP_STREQ(run_machine_name(RUN_MACHINE_Q35), "q35", "q35's name");
    TAP_STREQ(run_machine_name(RUN_MACHINE_PC), "pc", "pc's name");
    TAP_STREQ(run_accel_name(RUN_ACCEL_TCG, path), "tcg", "tcg is tcg");
    TAP_STREQ(run_accel_name(RUN_ACCEL_KVM, "/nonexistent"), "kvm",
              "kvm is kvm");
    TAP_STREQ(run_accel_name(RUN_ACCEL_AUTO, "/nonexistent/kvm"), "tcg",
              "auto without the device: tcg");
    if (fd >= 0) {
        TAP_STREQ(run_accel_name(RUN_ACCEL_AUTO, path), "kvm",
                  "auto with a readable and writable device: kvm");
        close(fd);
        unlink(path);
    } else {
        tap_skip_plain("no temporary file");
    }
}

/* run_virtio_parse on the words of (line), split at '|'. */
static int virtio_parse_line(const char *line, struct run_virtio_setup *setup,
                             char **error)
{
    static char buf[512];
    static char *words[MAX_ARGS];
    size_t n = 0;

    snprintf(buf, sizeof(buf), "%s", line);
    for (char *w = strtok(buf, "|"); w && n < MAX_ARGS; w = strtok(NULL, "|"))
        words[n++] = w;
    return run_virtio_parse(words, n, setup, error);
}

static void test_virtio_parse(void)
{
    struct run_virtio_setup setup;
    char *error;
    int rc;

    rc = virtio_parse_line("--net:b=tap1|-s|--block:disk=dir/d.img|"
                           "--net-mac:b=02:00:00:00:00:0a|--net:a_1=tap0|"
                           "-cpu|host",
                           &setup, &error);
    TAP_OK(rc == 0 && !error, "devices and QEMU options are sorted out");
    if (rc == 0) {
        TAP_OK(setup.ndevices == 3 && setup.nqemu_opts == 3,
               "3 devices, 3 words for QEMU");
        TAP_OK(setup.devices[0].net &&
                   strcmp(setup.devices[0].name, "b") == 0 &&
                   strcmp(setup.devices[0].backend, "tap1") == 0 &&
                   setup.devices[0].mac &&
                   strcmp(setup.devices[0].mac, "02:00:00:00:00:0a") == 0,
               "the first: NIC b on tap1, with the MAC given after it");
        TAP_OK(!setup.devices[1].net &&
                   strcmp(setup.devices[1].name, "disk") == 0 &&
                   strcmp(setup.devices[1].backend, "dir/d.img") == 0,
               "the second: disk on dir/d.img");
        TAP_OK(setup.devices[2].net &&
                   strcmp(setup.devices[2].name, "a_1") == 0 &&
                   !setup.devices[2].mac,
               "the third: NIC a_1, no MAC");
        TAP_OK(strcmp(setup.qemu_opts[0], "-s") == 0 &&
                   strcmp(setup.qemu_opts[1], "-cpu") == 0 &&
                   strcmp(setup.qemu_opts[2], "host") == 0,
               "the other words stay for QEMU, in order");
        run_virtio_free(&setup);
    }
    rc = virtio_parse_line("--block=x|--blockade|-net|none", &setup, &error);
    TAP_OK(rc == 0 && setup.ndevices == 0 && setup.nqemu_opts == 4,
           "words that only look like device options go to QEMU");
    if (rc == 0)
        run_virtio_free(&setup);
    rc = run_virtio_parse(NULL, 0, &setup, &error);
    TAP_OK(rc == 0 && setup.ndevices == 0 && setup.nqemu_opts == 0,
           "no words: nothing");
    if (rc == 0)
        run_virtio_free(&setup);
}

/* run_virtio_parse on (line) fails with a message holding (want). */
static void virtio_refused(const char *line, const char *want, const char *what)
{
    struct run_virtio_setup setup;
    char *error = NULL;
    int rc = virtio_parse_line(line, &setup, &error);

    TAP_OK(rc < 0 && error && strstr(error, want) && setup.ndevices == 0 &&
               !setup.devices,
           "refused: %s", what);
    if (rc == 0)
        run_virtio_free(&setup);
    else if (error && !strstr(error, want))
        printf("# said: %s\n# want: %s\n", error, want);
    free(error);
}

static void test_virtio_errors(void)
{
    virtio_refused("--block:d", "'--block:d': give --block:NAME=FILE",
                   "no '='");
    virtio_refused("--net:Web=tap0", "bad device name 'Web'",
                   "an uppercase name");
    virtio_refused("--net:=tap0", "bad device name ''", "an empty name");
    virtio_refused("--block:a-b=d.img", "bad device name 'a-b'",
                   "a '-' in a name");
    virtio_refused("--block:d=", "'--block:d=': the FILE is empty",
                   "an empty FILE");
    virtio_refused("--net:n=", "the TAP is empty", "an empty TAP");
    virtio_refused("--block:d=a,b.img",
                   "'--block:d=a,b.img': the FILE holds a comma",
                   "a comma in FILE");
    virtio_refused("--net:n=tap0,script=x", "the TAP holds a comma",
                   "a comma in TAP");
    virtio_refused("--net:n=t|--net-mac:n=02:00:00:00:00:01,x",
                   "bad MAC address", "a comma in MAC");
    virtio_refused("--net:n=t|--net-mac:n=02:00:00:00:00", "bad MAC address",
                   "a short MAC");
    virtio_refused("--net:n=t|--net-mac:n=02-00-00-00-00-01", "bad MAC address",
                   "a MAC with '-'");
    virtio_refused("--net:n=t|--net-mac:n=01:00:5e:00:00:01", "not multicast",
                   "a multicast MAC");
    virtio_refused("--net-mac:n=02:00:00:00:00:01",
                   "no --net:n=TAP attaches a NIC 'n'", "a MAC without NIC");
    virtio_refused("--block:n=d.img|--net-mac:n=02:00:00:00:00:01",
                   "'n' is a disk (--block:n), not a NIC", "a disk's MAC");
    virtio_refused("--net:n=t|--net-mac:n=02:00:00:00:00:01|"
                   "--net-mac:n=02:00:00:00:00:02",
                   "the MAC of 'n' is already given", "two MACs");
    virtio_refused("--block:d=a.img|--block:d=b.img",
                   "device 'd' is already attached by --block:d=a.img",
                   "a disk twice");
    virtio_refused("--net:d=t0|--block:d=b.img",
                   "device 'd' is already attached by --net:d=t0",
                   "a name for a NIC and a disk");
    virtio_refused("--block:abcdefghijklmnopqrstu=d.img", "at most 20 bytes",
                   "a disk name longer than a serial");
}

static void test_virtio_argv(void)
{
    static char img[] = "hello.virtio", a0[] = "--x=a b";
    char *args[] = {a0};
    struct run_request req = {
        .image = img,
        .args = args,
        .nargs = 1,
        .mem_mib = 64,
        .machine = RUN_MACHINE_MICROVM,
    };
    struct run_virtio_setup setup;
    char *error, **argv, *line;
    static const char *const head =
        "-display|none|-no-reboot|-monitor|none|-serial|stdio|-device|"
        "isa-debug-exit,iobase=0xf4,iosize=0x04|-nic|none|-kernel|"
        "hello.virtio|";

    if (virtio_parse_line("--block:disk=d.img|--net:service=tap0|-s|"
                          "--net:b=tap1|--net-mac:service=02:00:00:00:00:01",
                          &setup, &error) < 0) {
        TAP_OK(0, "the setup of the argv tests: %s", error);
        free(error);
        return;
    }
    argv = run_virtio_argv(&req, &setup, "qemu", "tcg");
    line = joined(argv);
    {
        char *want = xasprintf(
            "qemu|-M|microvm,acpi=off|-global|"
            "virtio-mmio.force-legacy=false|-accel|"
            "tcg|-cpu|max|-m|64|%s"
            "-drive|id=blkdisk,file=d.img,format=raw,if=none|"
            "-device|virtio-blk-device,drive=blkdisk,serial=disk|"
            "-netdev|tap,id=netservice,ifname=tap0,script=no,downscript=no|"
            "-device|virtio-net-device,netdev=netservice,"
            "mac=02:00:00:00:00:01|"
            "-netdev|tap,id=netb,ifname=tap1,script=no,downscript=no|"
            "-device|virtio-net-device,netdev=netb|-s|-append|'--x=a b'",
            head);
        TAP_STREQ(line, want, "microvm: virtio-mmio version 2 devices");
        free(want);
    }
    run_free_argv(argv);
    free(line);

    req.machine = RUN_MACHINE_Q35;
    argv = run_virtio_argv(&req, &setup, "qemu", "kvm");
    line = joined(argv);
    {
        char *want = xasprintf(
            "qemu|-M|q35|-accel|kvm|-m|64|%s"
            "-drive|id=blkdisk,file=d.img,format=raw,if=none|"
            "-device|virtio-blk-pci,drive=blkdisk,serial=disk,"
            "disable-legacy=on|"
            "-netdev|tap,id=netservice,ifname=tap0,script=no,downscript=no|"
            "-device|virtio-net-pci,netdev=netservice,disable-legacy=on,"
            "mac=02:00:00:00:00:01|"
            "-netdev|tap,id=netb,ifname=tap1,script=no,downscript=no|"
            "-device|virtio-net-pci,netdev=netb,disable-legacy=on|-s|"
            "-append|'--x=a b'",
            head);
        TAP_STREQ(line, want, "q35: modern virtio-pci devices");
        free(want);
    }
    run_free_argv(argv);
    free(line);

    req.machine = RUN_MACHINE_PC;
    req.nargs = 0;
    argv = run_virtio_argv(&req, &setup, "qemu", "kvm");
    line = joined(argv);
    TAP_OK(strncmp(line, "qemu|-M|pc|-accel|kvm|", 22) == 0 &&
               strstr(line, "|virtio-blk-pci,drive=blkdisk,serial=disk,"
                            "disable-legacy=on|") &&
               !strstr(line, "-global") && line[strlen(line) - 1] == '|',
           "pc: virtio-pci too, no -global, an empty -append");
    run_free_argv(argv);
    free(line);
    run_virtio_free(&setup);
}

int main(void)
{
    test_round_trips();
    test_quoting();
    test_status();
    test_argv();
    test_kind_accel();
    test_virtio_parse();
    test_virtio_errors();
    test_virtio_argv();
    return tap_done();
}
