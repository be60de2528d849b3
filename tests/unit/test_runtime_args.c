/* SPDX-License-Identifier: ISC */
/* test_runtime_args.c: boot arguments: forms, values, errors, exit codes. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <mirage/mirage.h>

#include "core/args.h"
#include "runtime_capture.h"
#include "tap.h"

#define USAGE_HINT                                                             \
    "Usage: hello [OPTION]\xe2\x80\xa6\n"                                      \
    "Try 'hello --help' for more information.\n"

static const char *hello;
static bool verbose;
static int count;
static int64_t big;
static int run_calls;
static int run_status;

static const struct mirage_arg hello_args[] = {
    {"hello", 0, MIRAGE_ARG_STRING, "Hello World!", NULL, "How to say hello.",
     MIRAGE_SECTION_OPTIONS, &hello, MIRAGE_ARG_SINGLE, NULL},
    {"verbose", 'v', MIRAGE_ARG_BOOL, "false", NULL, "Say more.",
     MIRAGE_SECTION_OPTIONS, &verbose, MIRAGE_ARG_SINGLE, NULL},
    {"count", 'c', MIRAGE_ARG_INT, "4", NULL, "How many times.",
     MIRAGE_SECTION_OPTIONS, &count, MIRAGE_ARG_SINGLE, NULL},
    {"big", 0, MIRAGE_ARG_INT64, "-9000000000", NULL, "A big number.",
     MIRAGE_SECTION_OPTIONS, &big, MIRAGE_ARG_SINGLE, NULL},
};

static int hello_run(void)
{
    run_calls++;
    return run_status;
}

static const struct mirage_image hello_image = {
    "hello", "1.0", "unix", hello_args, 4, NULL, 0, hello_run,
};

static int required;
static const struct mirage_arg required_args[] = {
    {"req", 0, MIRAGE_ARG_INT, NULL, NULL, "Must be given.",
     MIRAGE_SECTION_OPTIONS, &required, MIRAGE_ARG_SINGLE, NULL},
};
static const struct mirage_image required_image = {
    "hello", "1.0", "unix", required_args, 1, NULL, 0, hello_run,
};

static const struct mirage_arg bad_default_args[] = {
    {"num", 0, MIRAGE_ARG_INT, "many", NULL, "A bad default.",
     MIRAGE_SECTION_OPTIONS, &count, MIRAGE_ARG_SINGLE, NULL},
};
static const struct mirage_image bad_default_image = {
    "hello", "1.0", "unix", bad_default_args, 1, NULL, 0, hello_run,
};

/*
 * Boots (image) with the NULL-terminated argument list after it, from
 * fresh values and captured output; returns the exit status.
 */
static int boot(const struct mirage_image *image, ...)
{
    char *argv[32];
    int argc = 0;
    va_list ap;

    hello = NULL;
    verbose = true;
    count = -1;
    big = -1;
    required = -1;
    run_calls = 0;
    capture_reset();
    argv[argc++] = (char *)"hello";
    va_start(ap, image);
    for (char *a = va_arg(ap, char *); a && argc < 31; a = va_arg(ap, char *))
        argv[argc++] = a;
    va_end(ap);
    argv[argc] = NULL;
    return mirage_boot(image, argc, argv);
}

/* Checks a usage error: status 64, (message) then the hint, no run. */
static void expect_usage(int rc, const char *message, const char *what)
{
    char want[1024];

    TAP_OK(rc == MIRAGE_EXIT_USAGE, "%s: exit status 64 (got %d)", what, rc);
    strcpy(want, message);
    strcat(want, "\n" USAGE_HINT);
    TAP_STREQ(capture_err, want, "%s: error message", what);
    TAP_OK(run_calls == 0 && capture_out_len == 0,
           "%s: nothing run, nothing on the console", what);
}

static void test_defaults(void)
{
    int rc = boot(&hello_image, NULL);

    TAP_OK(rc == 0 && run_calls == 1, "no arguments: run once, status 0");
    TAP_STREQ(hello, "Hello World!", "string default applied");
    TAP_OK(verbose == false, "bool default applied");
    TAP_OK(count == 4, "int default applied");
    TAP_OK(big == -9000000000LL, "int64 default applied");
    TAP_OK(capture_out_len == 0 && capture_err_len == 0,
           "a quiet boot prints nothing");
}

static void test_forms(void)
{
    int rc;

    rc = boot(&hello_image, "--hello=Bonjour", "--count", "7", NULL);
    TAP_OK(rc == 0 && count == 7, "--count 7");
    TAP_STREQ(hello, "Bonjour", "--hello=Bonjour");
    rc = boot(&hello_image, "--hello", "Salut tout le monde", NULL);
    TAP_STREQ(hello, "Salut tout le monde", "--hello VALUE with spaces");
    rc = boot(&hello_image, "--hello=", NULL);
    TAP_OK(rc == 0 && hello && hello[0] == '\0', "--hello= gives ''");
    rc = boot(&hello_image, "--hello=a=b", NULL);
    TAP_STREQ(hello, "a=b", "the value is all after the first '='");
    rc = boot(&hello_image, "-c", "12", NULL);
    TAP_OK(rc == 0 && count == 12, "-c 12");
    rc = boot(&hello_image, "-c13", NULL);
    TAP_OK(rc == 0 && count == 13, "-c13");
    rc = boot(&hello_image, "--hello", "-", NULL);
    TAP_STREQ(hello, "-", "'-' alone is a value");
    rc = boot(&hello_image, "--count=1", "--", NULL);
    TAP_OK(rc == 0 && count == 1 && run_calls == 1, "a final -- is fine");
}

static void test_int_values(void)
{
    int rc;

    rc = boot(&hello_image, "--count=0x7fffffff", NULL);
    TAP_OK(rc == 0 && count == 2147483647, "int: hexadecimal maximum");
    rc = boot(&hello_image, "--count=-2147483648", NULL);
    TAP_OK(rc == 0 && count == -2147483647 - 1, "int: decimal minimum");
    rc = boot(&hello_image, "--count=+5", NULL);
    TAP_OK(rc == 0 && count == 5, "int: explicit plus sign");
    rc = boot(&hello_image, "--count", "abc", NULL);
    expect_usage(rc,
                 "hello: option '--count': invalid value 'abc', expected a "
                 "decimal or 0x-hexadecimal integer that fits in 32 bits.",
                 "int: not a number");
    rc = boot(&hello_image, "--count=2147483648", NULL);
    expect_usage(rc,
                 "hello: option '--count': invalid value '2147483648', "
                 "expected a decimal or 0x-hexadecimal integer that fits in "
                 "32 bits.",
                 "int: out of range");
    rc = boot(&hello_image, "-c", "12x", NULL);
    expect_usage(rc,
                 "hello: option '-c': invalid value '12x', expected a "
                 "decimal or 0x-hexadecimal integer that fits in 32 bits.",
                 "int: the option is named as written");
    rc = boot(&hello_image, "--big=9223372036854775807", NULL);
    TAP_OK(rc == 0 && big == INT64_MAX, "int64: maximum");
    rc = boot(&hello_image, "--big", "0x10", NULL);
    TAP_OK(rc == 0 && big == 16, "int64: hexadecimal");
    rc = boot(&hello_image, "--big=9223372036854775808", NULL);
    expect_usage(rc,
                 "hello: option '--big': invalid value "
                 "'9223372036854775808', expected a decimal or "
                 "0x-hexadecimal integer that fits in 64 bits.",
                 "int64: out of range");
    rc = boot(&hello_image, "--big=", NULL);
    TAP_OK(rc == MIRAGE_EXIT_USAGE, "int64: empty text is invalid");
}

static void test_bool_values(void)
{
    int rc;

    rc = boot(&hello_image, "--verbose", NULL);
    TAP_OK(rc == 0 && verbose == true, "bool: --verbose is true");
    rc = boot(&hello_image, "--verbose=true", NULL);
    TAP_OK(rc == 0 && verbose == true, "bool: --verbose=true");
    rc = boot(&hello_image, "--verbose=false", NULL);
    TAP_OK(rc == 0 && verbose == false, "bool: --verbose=false");
    rc = boot(&hello_image, "-v", NULL);
    TAP_OK(rc == 0 && verbose == true, "bool: -v is true");
    rc = boot(&hello_image, "--verbose=yes", NULL);
    expect_usage(rc,
                 "hello: option '--verbose': invalid value 'yes', expected "
                 "true or false.",
                 "bool: bad value");
    rc = boot(&hello_image, "--verbose", "false", NULL);
    expect_usage(rc,
                 "hello: unexpected argument 'false': this unikernel takes "
                 "options only.",
                 "bool: a flag never takes the next argument");
    rc = boot(&hello_image, "-vx", NULL);
    expect_usage(rc, "hello: option '-v' is a flag and takes no value.",
                 "bool: short flag with attached text");
}

static void test_errors(void)
{
    int rc;

    rc = boot(&hello_image, "--helo", NULL);
    expect_usage(rc,
                 "hello: unknown option '--helo'. Did you mean '--hello' or "
                 "'--help'?",
                 "unknown option, two suggestions");
    rc = boot(&hello_image, "--cout=3", NULL);
    expect_usage(rc, "hello: unknown option '--cout'. Did you mean '--count'?",
                 "unknown option with a value, one suggestion");
    rc = boot(&hello_image, "--vrebose", NULL);
    expect_usage(rc,
                 "hello: unknown option '--vrebose'. Did you mean "
                 "'--verbose'?",
                 "unknown option, swapped letters");
    rc = boot(&hello_image, "--frobnicate", NULL);
    expect_usage(rc, "hello: unknown option '--frobnicate'.",
                 "unknown option, nothing close");
    rc = boot(&hello_image, "--coun", "3", NULL);
    expect_usage(rc, "hello: unknown option '--coun'. Did you mean '--count'?",
                 "a prefix of a name is not accepted");
    rc = boot(&hello_image, "--c", "3", NULL);
    expect_usage(rc, "hello: unknown option '--c'. Did you mean '-c'?",
                 "a short name written long");
    rc = boot(&hello_image, "-x", NULL);
    expect_usage(rc, "hello: unknown option '-x'.", "unknown short option");
    rc = boot(&hello_image, "--hello", NULL);
    expect_usage(rc, "hello: option '--hello' needs an argument.",
                 "missing value at the end");
    rc = boot(&hello_image, "--hello", "--count=1", NULL);
    expect_usage(rc, "hello: option '--hello' needs an argument.",
                 "an option is not a value");
    rc = boot(&hello_image, "--count", "-5", NULL);
    expect_usage(rc,
                 "hello: option '--count' needs an argument; to give it the "
                 "value '-5', write '--count=-5'.",
                 "missing value, negative number hint");
    rc = boot(&hello_image, "--count=-5", NULL);
    TAP_OK(rc == 0 && count == -5, "--count=-5 works");
    rc = boot(&hello_image, "--count=1", "--count=2", NULL);
    expect_usage(rc, "hello: option '--count' cannot be given more than once.",
                 "duplicate option");
    rc = boot(&hello_image, "-c", "1", "--count", "2", NULL);
    expect_usage(rc, "hello: option '--count' cannot be given more than once.",
                 "duplicate option, short and long");
    rc = boot(&hello_image, "-l", "debug", "--logs=info", NULL);
    expect_usage(rc, "hello: option '--logs' cannot be given more than once.",
                 "duplicate runtime option");
    rc = boot(&hello_image, "world", NULL);
    expect_usage(rc,
                 "hello: unexpected argument 'world': this unikernel takes "
                 "options only.",
                 "positional argument");
    rc = boot(&hello_image, "--", "--count=3", NULL);
    expect_usage(rc,
                 "hello: unexpected argument '--count=3': this unikernel "
                 "takes options only.",
                 "-- ends the options");
    rc = boot(&required_image, NULL);
    expect_usage(rc, "hello: required option --req is missing.",
                 "required option missing");
    rc = boot(&required_image, "--req=3", NULL);
    TAP_OK(rc == 0 && required == 3, "required option given");
    rc = boot(&bad_default_image, NULL);
    TAP_OK(rc == MIRAGE_EXIT_INTERNAL, "a bad default is an internal error");
    TAP_STREQ(capture_err,
              "hello: internal error: the default value 'many' of option "
              "'--num' is invalid, expected a decimal or 0x-hexadecimal "
              "integer that fits in 32 bits.\n",
              "bad default: message");
}

static void test_status(void)
{
    int rc;

    run_status = 7;
    rc = boot(&hello_image, NULL);
    TAP_OK(rc == 7, "the start function's status is the exit status");
    run_status = 255;
    rc = boot(&hello_image, NULL);
    TAP_OK(rc == 255, "255 is an exit status");
    run_status = 256;
    rc = boot(&hello_image, NULL);
    TAP_OK(rc == MIRAGE_EXIT_INTERNAL, "status 256 gives 125");
    TAP_OK(strstr(capture_out, " ERR [mirage] internal error: the start "
                               "function returned 256") != NULL,
           "status 256 is logged as an error");
    run_status = -22;
    rc = boot(&hello_image, NULL);
    TAP_OK(rc == MIRAGE_EXIT_INTERNAL, "negative status gives 125");
    run_status = 0;

    capture_reset();
    rc = mirage_device_failed("clock", "time", -12);
    TAP_OK(rc == MIRAGE_EXIT_INTERNAL, "mirage_device_failed gives 125");
    TAP_OK(strstr(capture_out, " ERR [mirage] device clock (time) failed to "
                               "connect: out of memory (ENOMEM)\n") != NULL,
           "mirage_device_failed logs the device, type and error");
    capture_reset();
    mirage_device_failed("disk", "block", -4242);
    TAP_OK(strstr(capture_out, "device disk (block) failed to connect: "
                               "error -4242\n") != NULL,
           "mirage_device_failed: unknown error number");
}

static void test_info(void)
{
    int rc;

    rc = boot(&hello_image, "--version", NULL);
    TAP_OK(rc == MIRAGE_EXIT_INFO && run_calls == 0, "--version: status 63");
    TAP_STREQ(capture_out, "hello 1.0\n",
              "--version prints the name and the version");
    TAP_OK(capture_err_len == 0, "--version: nothing on the error output");
    rc = boot(&hello_image, "--help", NULL);
    TAP_OK(rc == MIRAGE_EXIT_INFO && run_calls == 0, "--help: status 63");
    TAP_OK(strncmp(capture_out, "NAME\n", 5) == 0 && capture_err_len == 0,
           "--help prints on the console only");
    rc = boot(&required_image, "--help", NULL);
    TAP_OK(rc == MIRAGE_EXIT_INFO, "--help works with a required option "
                                   "missing");
    rc = boot(&hello_image, "--count=x", "--help", NULL);
    TAP_OK(rc == MIRAGE_EXIT_INFO, "--help wins over a bad value");
    rc = boot(&hello_image, "--help=html", NULL);
    expect_usage(rc,
                 "hello: option '--help': invalid value 'html', expected one "
                 "of auto, pager, groff or plain.",
                 "--help with a bad format");
    rc = boot(&hello_image, "--version=false", NULL);
    TAP_OK(rc == 0 && run_calls == 1, "--version=false boots");
}

/* One argument of every type and form. */
static struct mirage_ipv4 t_addr;
static struct mirage_ipv4_prefix t_net;
static struct mirage_ipv6 t_addr6;
static struct mirage_ipv6_prefix t_net6;
static const char *t_mode;
static struct mirage_list_ipv4 t_dns;
static struct mirage_list_int t_ports;
static struct mirage_list_string t_names;
static struct mirage_list_ipv6 t_peer;
static struct mirage_list_string t_tag;
static struct mirage_list_string t_speeds;
static const struct mirage_ipv4 *t_gw;
static const char *t_label;
static const char *t_level;
static const int *t_retries;
static const char *t_key;
static int t_port;

static const char *const speeds[] = {"fast", "slow", NULL};

#define ARG(n, t, def, v, f, c)                                                \
    {                                                                          \
        .name = n, .type = t, .default_value = def, .doc = "Doc.",             \
        .section = MIRAGE_SECTION_OPTIONS, .value = v, .form = f, .choices = c \
    }

static const struct mirage_arg typed_args[] = {
    ARG("addr", MIRAGE_ARG_IPV4, "10.0.0.1", &t_addr, MIRAGE_ARG_SINGLE, NULL),
    ARG("net", MIRAGE_ARG_IPV4_PREFIX, "10.0.0.2/24", &t_net, MIRAGE_ARG_SINGLE,
        NULL),
    ARG("addr6", MIRAGE_ARG_IPV6, "::1", &t_addr6, MIRAGE_ARG_SINGLE, NULL),
    ARG("net6", MIRAGE_ARG_IPV6_PREFIX, "fe80::1/64", &t_net6,
        MIRAGE_ARG_SINGLE, NULL),
    ARG("mode", MIRAGE_ARG_ENUM, "fast", &t_mode, MIRAGE_ARG_SINGLE, speeds),
    ARG("dns", MIRAGE_ARG_IPV4, "1.1.1.1,8.8.8.8", &t_dns, MIRAGE_ARG_LIST,
        NULL),
    ARG("ports", MIRAGE_ARG_INT, "", &t_ports, MIRAGE_ARG_LIST, NULL),
    ARG("names", MIRAGE_ARG_STRING, "a,b", &t_names, MIRAGE_ARG_LIST, NULL),
    ARG("peer", MIRAGE_ARG_IPV6, "", &t_peer, MIRAGE_ARG_REPEATED, NULL),
    ARG("tag", MIRAGE_ARG_STRING, "x,y", &t_tag, MIRAGE_ARG_REPEATED, NULL),
    ARG("speeds", MIRAGE_ARG_ENUM, NULL, &t_speeds, MIRAGE_ARG_LIST, speeds),
    ARG("gw", MIRAGE_ARG_IPV4, NULL, &t_gw, MIRAGE_ARG_OPTIONAL, NULL),
    ARG("label", MIRAGE_ARG_STRING, NULL, &t_label, MIRAGE_ARG_OPTIONAL, NULL),
    ARG("level", MIRAGE_ARG_ENUM, NULL, &t_level, MIRAGE_ARG_OPTIONAL, speeds),
    ARG("retries", MIRAGE_ARG_INT, NULL, &t_retries, MIRAGE_ARG_OPTIONAL, NULL),
    ARG("key", MIRAGE_ARG_STRING, NULL, &t_key, MIRAGE_ARG_REQUIRED, NULL),
    ARG("port", MIRAGE_ARG_INT, "99", &t_port, MIRAGE_ARG_REQUIRED, NULL),
};

static const struct mirage_image typed_image = {
    .name = "hello",
    .version = "1.0",
    .target = "unix",
    .args = typed_args,
    .nargs = sizeof(typed_args) / sizeof(typed_args[0]),
    .run = hello_run,
};

static bool bytes_are(const uint8_t *got, const char *want, size_t n)
{
    return memcmp(got, want, n) == 0;
}

static void test_required(void)
{
    int rc;

    rc = boot(&typed_image, "--port=1", NULL);
    expect_usage(rc, "hello: required option --key is missing.",
                 "required(string) absent");
    rc = boot(&typed_image, "--key=k", NULL);
    expect_usage(rc, "hello: required option --port is missing.",
                 "required(int) absent, whatever default the table has");
    rc = boot(&typed_image, "--key=", "--port=0x10", NULL);
    TAP_OK(rc == 0 && t_key && t_key[0] == '\0' && t_port == 16,
           "required options given");
}

static void test_typed_defaults(void)
{
    int rc;

    t_gw = (const void *)&rc;
    t_label = t_level = "junk";
    t_retries = &rc;
    rc = boot(&typed_image, "--key=k", "--port=1", NULL);
    TAP_OK(rc == 0 && run_calls == 1, "typed: defaults boot");
    TAP_OK(bytes_are(t_addr.bytes, "\x0a\x00\x00\x01", 4),
           "ipv4 default 10.0.0.1");
    TAP_OK(bytes_are(t_net.addr.bytes, "\x0a\x00\x00\x02", 4) &&
               t_net.length == 24,
           "ipv4-prefix default 10.0.0.2/24, host part kept");
    TAP_OK(bytes_are(t_addr6.bytes, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x01", 16),
           "ipv6 default ::1");
    TAP_OK(t_net6.length == 64 && t_net6.addr.bytes[0] == 0xfe &&
               t_net6.addr.bytes[1] == 0x80 && t_net6.addr.bytes[15] == 1,
           "ipv6-prefix default fe80::1/64");
    TAP_OK(t_mode == speeds[0], "enum default: the choice itself");
    TAP_OK(t_dns.len == 2 && bytes_are(t_dns.items[0].bytes, "\1\1\1\1", 4) &&
               bytes_are(t_dns.items[1].bytes, "\x08\x08\x08\x08", 4),
           "list(ipv4) default: two addresses");
    TAP_OK(t_ports.len == 0 && t_ports.items != NULL,
           "list(int) default \"\": the empty list");
    TAP_OK(t_names.len == 2 && strcmp(t_names.items[0], "a") == 0 &&
               strcmp(t_names.items[1], "b") == 0,
           "list(string) default: its elements");
    TAP_OK(t_peer.len == 0, "repeated(ipv6) absent, no default: empty");
    TAP_OK(t_tag.len == 2 && strcmp(t_tag.items[0], "x") == 0 &&
               strcmp(t_tag.items[1], "y") == 0,
           "repeated(string) absent: the default's elements");
    TAP_OK(t_speeds.len == 0, "list(enum) with a NULL default: empty");
    TAP_OK(t_gw == NULL && t_label == NULL && t_level == NULL &&
               t_retries == NULL,
           "optional absent: NULL");
}

static void test_typed_values(void)
{
    int rc;

    rc = boot(&typed_image, "--key=k", "--port=1", "--addr=192.168.1.10",
              "--net", "172.16.0.9/12", "--addr6=2001:db8::8:800:200c:417a",
              "--net6=::ffff:1.2.3.4/96", "--mode=slow", NULL);
    TAP_OK(rc == 0, "typed: values given");
    TAP_OK(bytes_are(t_addr.bytes, "\xc0\xa8\x01\x0a", 4), "--addr=IPV4");
    TAP_OK(bytes_are(t_net.addr.bytes, "\xac\x10\x00\x09", 4) &&
               t_net.length == 12,
           "--net PREFIX");
    TAP_OK(bytes_are(t_addr6.bytes,
                     "\x20\x01\x0d\xb8\0\0\0\0\0\x08\x08\x00\x20\x0c\x41\x7a",
                     16),
           "--addr6=IPV6");
    TAP_OK(t_net6.length == 96 &&
               bytes_are(t_net6.addr.bytes + 10, "\xff\xff\1\2\3\4", 6),
           "--net6 with an IPv4 tail");
    TAP_OK(t_mode == speeds[1], "--mode=slow");

    rc = boot(&typed_image, "--key=k", "--port=1", "--gw=10.0.0.254",
              "--label=", "--level=fast", "--retries=-3", NULL);
    TAP_OK(rc == 0 && t_gw && bytes_are(t_gw->bytes, "\x0a\0\0\xfe", 4),
           "optional(ipv4) given: a pointer to the value");
    TAP_OK(t_label && t_label[0] == '\0',
           "optional(string) given empty: \"\", not NULL");
    TAP_OK(t_level == speeds[0], "optional(enum) given: the choice");
    TAP_OK(t_retries && *t_retries == -3, "optional(int) given");
}

static void test_lists(void)
{
    int rc;

    rc = boot(&typed_image, "--key=k", "--port=1", "--dns=", "--ports=7",
              "--names=one,,three", "--speeds=slow,fast,slow", NULL);
    TAP_OK(rc == 0 && t_dns.len == 0, "list: --dns= is the empty list");
    TAP_OK(t_ports.len == 1 && t_ports.items[0] == 7, "list: one element");
    TAP_OK(t_names.len == 3 && strcmp(t_names.items[0], "one") == 0 &&
               strcmp(t_names.items[1], "") == 0 &&
               strcmp(t_names.items[2], "three") == 0,
           "list(string): an empty element is kept");
    TAP_OK(t_speeds.len == 3 && t_speeds.items[0] == speeds[1] &&
               t_speeds.items[1] == speeds[0] && t_speeds.items[2] == speeds[1],
           "list(enum): the choices themselves");
    rc = boot(&typed_image, "--key=k", "--port=1", "--ports=1,-2,0x3,4", NULL);
    TAP_OK(rc == 0 && t_ports.len == 4 && t_ports.items[1] == -2 &&
               t_ports.items[2] == 3 && t_ports.items[3] == 4,
           "list: several elements, in order");
    rc = boot(&typed_image, "--key=k", "--port=1", "--ports=1,x,3", NULL);
    expect_usage(rc,
                 "hello: option '--ports': invalid element 'x' in '1,x,3', "
                 "expected a decimal or 0x-hexadecimal integer that fits in "
                 "32 bits.",
                 "list: a bad element is named");
    rc = boot(&typed_image, "--key=k", "--port=1", "--dns=1.1.1.1,", NULL);
    expect_usage(rc,
                 "hello: option '--dns': invalid element '' in '1.1.1.1,', "
                 "expected an IPv4 address such as 192.168.1.10: four "
                 "numbers 0 to 255 without leading zeros, separated by dots.",
                 "list(ipv4): a trailing comma is an empty element");
    rc = boot(&typed_image, "--key=k", "--port=1", "--dns=1.1.1.1",
              "--dns=2.2.2.2", NULL);
    expect_usage(rc, "hello: option '--dns' cannot be given more than once.",
                 "list: one option value only");
}

static void test_repeated(void)
{
    int rc;

    rc = boot(&typed_image, "--key=k", "--port=1", "--tag=solo", NULL);
    TAP_OK(rc == 0 && t_tag.len == 1 && strcmp(t_tag.items[0], "solo") == 0,
           "repeated once: one element, the default replaced");
    rc = boot(&typed_image, "--key=k", "--tag", "a,b", "--port=1", "--tag=c",
              "--tag=", NULL);
    TAP_OK(rc == 0 && t_tag.len == 3 && strcmp(t_tag.items[0], "a,b") == 0 &&
               strcmp(t_tag.items[1], "c") == 0 &&
               strcmp(t_tag.items[2], "") == 0,
           "repeated three times: three elements in order, commas kept");
    rc = boot(&typed_image, "--key=k", "--port=1", "--peer=::1",
              "--peer=fe80::2", NULL);
    TAP_OK(rc == 0 && t_peer.len == 2 && t_peer.items[0].bytes[15] == 1 &&
               t_peer.items[1].bytes[0] == 0xfe &&
               t_peer.items[1].bytes[15] == 2,
           "repeated(ipv6): two addresses");
    rc = boot(&typed_image, "--key=k", "--port=1", "--peer=::1",
              "--peer=1::2::3", NULL);
    expect_usage(rc,
                 "hello: option '--peer': invalid value '1::2::3', expected "
                 "an IPv6 address such as 2001:db8::1 or ::ffff:192.0.2.1: "
                 "up to eight groups of 1 to 4 hex digits separated by ':', "
                 "with at most one '::'.",
                 "repeated: the bad occurrence is named");
}

static void test_typed_errors(void)
{
    int rc;

    rc = boot(&typed_image, "--key=k", "--port=1", "--mode=medium", NULL);
    expect_usage(rc,
                 "hello: option '--mode': invalid value 'medium', expected "
                 "one of fast, slow.",
                 "enum: a bad value lists the choices");
    rc = boot(&typed_image, "--key=k", "--port=1", "--addr=256.0.0.1", NULL);
    expect_usage(rc,
                 "hello: option '--addr': invalid value '256.0.0.1', "
                 "expected an IPv4 address such as 192.168.1.10: four "
                 "numbers 0 to 255 without leading zeros, separated by dots.",
                 "ipv4: says what an address looks like");
    rc = boot(&typed_image, "--key=k", "--port=1", "--net=10.0.0.1/33", NULL);
    expect_usage(rc,
                 "hello: option '--net': invalid value '10.0.0.1/33', "
                 "expected an IPv4 address and a prefix length 0 to 32, such "
                 "as 10.0.0.2/24.",
                 "ipv4-prefix: length out of range");
    rc = boot(&typed_image, "--key=k", "--port=1", "--net6=::/200", NULL);
    expect_usage(rc,
                 "hello: option '--net6': invalid value '::/200', expected "
                 "an IPv6 address and a prefix length 0 to 128, such as "
                 "fe80::1/64.",
                 "ipv6-prefix: length out of range");
    rc = boot(&typed_image, "--key=k", "--port=1", "--level=x", NULL);
    expect_usage(rc,
                 "hello: option '--level': invalid value 'x', expected one "
                 "of fast, slow.",
                 "optional(enum): a bad value");
    rc = boot(&typed_image, "--key=k", "--port=1", "--gw", "--mode=fast", NULL);
    expect_usage(rc, "hello: option '--gw' needs an argument.",
                 "optional: still needs a value when given");
}

static void test_runtime_options(void)
{
    int rc;

    rc = boot(&hello_image, "--delay=0", NULL);
    TAP_OK(rc == 0 && run_calls == 1, "--delay=0 boots");
    rc = boot(&hello_image, "--delay=1", NULL);
    TAP_OK(rc == 0 && run_calls == 1, "--delay=1 boots, after a second");
    rc = boot(&hello_image, "--delay=-1", NULL);
    expect_usage(rc,
                 "hello: option '--delay': invalid value '-1', expected a "
                 "whole number of seconds, 0 or more.",
                 "--delay: negative");
    rc = boot(&hello_image, "--delay=soon", NULL);
    expect_usage(rc,
                 "hello: option '--delay': invalid value 'soon', expected a "
                 "whole number of seconds, 0 or more.",
                 "--delay: not a number");
    rc = boot(&hello_image, "--delay=1.5", NULL);
    expect_usage(rc,
                 "hello: option '--delay': invalid value '1.5', expected a "
                 "whole number of seconds, 0 or more.",
                 "--delay: not a whole number");
    rc = boot(&hello_image, "--delay", "-2", NULL);
    expect_usage(rc,
                 "hello: option '--delay' needs an argument; to give it the "
                 "value '-2', write '--delay=-2'.",
                 "--delay -2: the hint");
    rc = boot(&hello_image, "--fiber-stack=131072", NULL);
    TAP_OK(rc == 0 && run_calls == 1, "--fiber-stack=131072 boots");
    rc = boot(&hello_image, "--fiber-stack=100", NULL);
    expect_usage(rc,
                 "hello: option '--fiber-stack': invalid value '100', "
                 "expected a number of bytes from 8192 to 1073741824.",
                 "--fiber-stack: too small");
    rc = boot(&hello_image, "--fiber-stack=0x40000001", NULL);
    expect_usage(rc,
                 "hello: option '--fiber-stack': invalid value '0x40000001', "
                 "expected a number of bytes from 8192 to 1073741824.",
                 "--fiber-stack: too large");
    rc = boot(&hello_image, "--fiber-stack=64k", NULL);
    expect_usage(rc,
                 "hello: option '--fiber-stack': invalid value '64k', "
                 "expected a number of bytes from 8192 to 1073741824.",
                 "--fiber-stack: not a number");
}

static void test_arena(void)
{
    enum { N = 5000 };
    static char *argv[N + 4];
    static char huge[CORE_ARGS_ARENA_SIZE + 16];
    int argc = 0, rc;

    argv[argc++] = (char *)"hello";
    argv[argc++] = (char *)"--key=k";
    argv[argc++] = (char *)"--port=1";
    for (int i = 0; i < N; i++)
        argv[argc++] = (char *)"--tag=t";
    argv[argc] = NULL;
    capture_reset();
    run_calls = 0;
    rc = mirage_boot(&typed_image, argc, argv);
    expect_usage(rc,
                 "hello: too many values for --tag: all values together "
                 "must fit in 64 KiB.",
                 "arena: a repeated option given 5000 times");

    argc = 3 + 1000;
    argv[argc] = NULL;
    capture_reset();
    rc = mirage_boot(&typed_image, argc, argv);
    TAP_OK(rc == 0 && t_tag.len == 1000, "arena: 1000 values fit");

    memcpy(huge, "--names=", 8);
    memset(huge + 8, 'n', sizeof(huge) - 9);
    huge[sizeof(huge) - 1] = '\0';
    rc = boot(&typed_image, "--key=k", "--port=1", huge, NULL);
    expect_usage(rc,
                 "hello: too many values for --names: all values together "
                 "must fit in 64 KiB.",
                 "arena: a list(string) longer than the arena");
    rc = boot(&typed_image, "--key=k", "--port=1", "--names=a,b", NULL);
    TAP_OK(rc == 0 && t_names.len == 2, "arena: emptied at each boot");
}

static void test_distance(void)
{
    TAP_OK(core_args_distance("hello", 5, "hello", 5) == 0, "distance: same");
    TAP_OK(core_args_distance("helo", 4, "hello", 5) == 1, "distance: insert");
    TAP_OK(core_args_distance("hlelo", 5, "hello", 5) == 1, "distance: swap");
    TAP_OK(core_args_distance("", 0, "abc", 3) == 3, "distance: empty");
    TAP_OK(core_args_distance("kitten", 6, "sitting", 7) == 3,
           "distance: kitten/sitting");
}

int main(void)
{
    test_defaults();
    test_forms();
    test_int_values();
    test_bool_values();
    test_errors();
    test_status();
    test_info();
    test_required();
    test_typed_defaults();
    test_typed_values();
    test_lists();
    test_repeated();
    test_typed_errors();
    test_runtime_options();
    test_arena();
    test_distance();
    return tap_done();
}
