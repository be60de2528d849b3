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
    TAP_OK(run_image_kind("b.virtio", &target) == RUN_UNSUPPORTED && target &&
               strcmp(target, "virtio") == 0,
           ".virtio is not supported yet");
    TAP_OK(run_image_kind("hello", &target) == RUN_UNIX &&
               run_image_kind("xen", &target) == RUN_UNIX,
           "no suffix: unix");
    TAP_OK(run_parse_accel("kvm", &accel) == 0 && accel == RUN_ACCEL_KVM &&
               run_parse_accel("tcg", &accel) == 0 && accel == RUN_ACCEL_TCG &&
               run_parse_accel("auto", &accel) == 0 && accel == RUN_ACCEL_AUTO,
           "--accel: kvm, tcg, auto");
    TAP_OK(run_parse_accel("hax", &accel) < 0, "--accel=hax is refused");
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
        TAP_OK(1, "# SKIP no temporary file");
    }
}

int main(void)
{
    test_round_trips();
    test_quoting();
    test_status();
    test_argv();
    test_kind_accel();
    return tap_done();
}
