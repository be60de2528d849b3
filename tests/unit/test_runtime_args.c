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
     MIRAGE_SECTION_OPTIONS, &hello},
    {"verbose", 'v', MIRAGE_ARG_BOOL, "false", NULL, "Say more.",
     MIRAGE_SECTION_OPTIONS, &verbose},
    {"count", 'c', MIRAGE_ARG_INT, "4", NULL, "How many times.",
     MIRAGE_SECTION_OPTIONS, &count},
    {"big", 0, MIRAGE_ARG_INT64, "-9000000000", NULL, "A big number.",
     MIRAGE_SECTION_OPTIONS, &big},
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
     MIRAGE_SECTION_OPTIONS, &required},
};
static const struct mirage_image required_image = {
    "hello", "1.0", "unix", required_args, 1, NULL, 0, hello_run,
};

static const struct mirage_arg bad_default_args[] = {
    {"num", 0, MIRAGE_ARG_INT, "many", NULL, "A bad default.",
     MIRAGE_SECTION_OPTIONS, &count},
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
    TAP_STREQ(capture_out, "1.0\n", "--version prints the version");
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
    test_distance();
    return tap_done();
}
