/* SPDX-License-Identifier: ISC */
/* fuzz_cmdline.c: the boot command line's splitter and value parsers, fuzzed.
 */
#define FUZZ_NAME    "fuzz_cmdline"
#define FUZZ_INPUTS  1000000
#define FUZZ_SECONDS 5
#define FUZZ_MAXLEN  1024
#define FUZZ_TEXT    1

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/ipaddr.h>

#include "core/argvalue.h"
#include "core/cmdline.h"
#include "fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_ARGS 16

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
           c == '\f';
}

/*
 * The model of the splitter (the rules of cmdline.h), written apart from
 * it: a state machine over (s) that writes each argument to (out), a new
 * NUL-terminated string for each, listed in (args). Returns the number of
 * arguments, or the splitter's error.
 */
static int model_split(const char *s, char *out, char **args, int max_args)
{
    enum { GAP, WORD, SINGLE, DOUBLE } state = GAP;
    int argc = 0;

    for (;; s++) {
        char c = *s;

        if (state == SINGLE) {
            if (!c)
                return -EINVAL;
            if (c == '\'')
                state = WORD;
            else
                *out++ = c;
            continue;
        }
        if (state == DOUBLE) {
            if (!c)
                return -EINVAL;
            if (c == '"')
                state = WORD;
            else if (c == '\\' && (s[1] == '"' || s[1] == '\\'))
                *out++ = *++s;
            else
                *out++ = c;
            continue;
        }
        if (!c || is_space(c)) {
            if (state == WORD)
                *out++ = '\0';
            state = GAP;
            if (!c)
                break;
            continue;
        }
        if (state == GAP) {
            if (argc + 1 >= max_args)
                return -E2BIG;
            args[argc++] = out;
            state = WORD;
        }
        if (c == '\\') {
            if (!s[1])
                return -EINVAL;
            *out++ = *++s;
        } else if (c == '\'') {
            state = SINGLE;
        } else if (c == '"') {
            state = DOUBLE;
        } else {
            *out++ = c;
        }
    }
    args[argc] = NULL;
    return argc;
}

/* Appends (arg) single-quoted to (p); a quote in it is '\''. */
static char *quote(char *p, const char *arg)
{
    *p++ = '\'';
    for (; *arg; arg++) {
        if (*arg == '\'') {
            memcpy(p, "'\\''", 4);
            p += 4;
        } else {
            *p++ = *arg;
        }
    }
    *p++ = '\'';
    return p;
}

/*
 * Each value parser on (text): what it accepts, written back, parses to
 * the same value (addresses through mirage_ipv*_to_string, numbers in
 * decimal), and a refusal is -EINVAL or -ERANGE.
 */
static void check_values(const char *text)
{
    static const enum mirage_arg_type types[] = {
        MIRAGE_ARG_BOOL,        MIRAGE_ARG_INT,  MIRAGE_ARG_INT64,
        MIRAGE_ARG_IPV4,        MIRAGE_ARG_IPV6, MIRAGE_ARG_IPV4_PREFIX,
        MIRAGE_ARG_IPV6_PREFIX, MIRAGE_ARG_ENUM};
    static const char *const choices[] = {"fast", "slow", "", NULL};

    for (size_t t = 0; t < sizeof types / sizeof types[0]; t++) {
        union argvalue v, w;
        char buf[64];
        int rc;

        memset(&v, 0, sizeof v);
        memset(&w, 0, sizeof w);
        rc = argvalue_parse(types[t], choices, text, &v);

        if (rc == -EINVAL || rc == -ERANGE)
            continue;
        if (rc != 0)
            fuzz_fail("'%s' as %s: %d", text, argvalue_type_name(types[t]), rc);
        switch (types[t]) {
        case MIRAGE_ARG_BOOL:
            snprintf(buf, sizeof buf, "%s", v.b ? "true" : "false");
            break;
        case MIRAGE_ARG_INT:
            snprintf(buf, sizeof buf, "%d", v.i);
            break;
        case MIRAGE_ARG_INT64:
            snprintf(buf, sizeof buf, "%" PRId64, v.i64);
            break;
        case MIRAGE_ARG_IPV4:
            rc = mirage_ipv4_to_string(&v.ipv4, buf, sizeof buf);
            break;
        case MIRAGE_ARG_IPV6:
            rc = mirage_ipv6_to_string(&v.ipv6, buf, sizeof buf);
            break;
        case MIRAGE_ARG_IPV4_PREFIX:
            rc = mirage_ipv4_prefix_to_string(&v.ipv4_prefix, buf, sizeof buf);
            break;
        case MIRAGE_ARG_IPV6_PREFIX:
            rc = mirage_ipv6_prefix_to_string(&v.ipv6_prefix, buf, sizeof buf);
            break;
        default:
            if (strcmp(v.s, text) != 0)
                fuzz_fail("'%s' is the choice '%s'", text, v.s);
            continue;
        }
        if (rc < 0 || argvalue_parse(types[t], choices, buf, &w) != 0 ||
            memcmp(&v, &w, sizeof v) != 0)
            fuzz_fail("'%s' as %s, written '%s', does not read back", text,
                      argvalue_type_name(types[t]), buf);
    }
}

/*
 * Splits the input (a NUL-terminated command line: the input up to its
 * first NUL) as the model does: the same arguments, or the same error; the
 * arguments lie in the line, in order, apart. Quoted again and split, they
 * are the same arguments. Each one, and the value after its first '=', is
 * checked by each value parser (check_values).
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *line = fuzz_input_copy(data, size, 1);
    size_t len = strlen(line);
    char *model = malloc(len + 1), *again = malloc(4 * len + 3 * MAX_ARGS + 1);
    char *argv[MAX_ARGS], *margv[MAX_ARGS], *argv2[MAX_ARGS], *p;
    int max = 1 + (int)(len % MAX_ARGS);
    int n, m, n2;

    if (!model || !again)
        abort();
    m = model_split(line, model, margv, max);
    n = core_cmdline_split(line, argv, max);
    if (n != m)
        fuzz_fail("split into %d, the model %d (max %d)", n, m, max);
    if (n < 0)
        goto out;
    if (argv[n] != NULL)
        fuzz_fail("argv[%d] is not NULL", n);
    p = again;
    for (int i = 0; i < n; i++) {
        if (argv[i] < line || argv[i] + strlen(argv[i]) > line + len ||
            (i > 0 && argv[i] <= argv[i - 1] + strlen(argv[i - 1])))
            fuzz_fail("argument %d is not in the line, after the one before",
                      i);
        if (strcmp(argv[i], margv[i]) != 0)
            fuzz_fail("argument %d is '%s', the model's '%s'", i, argv[i],
                      margv[i]);
        p = quote(p, argv[i]);
        *p++ = ' ';
    }
    *p = '\0';
    n2 = core_cmdline_split(again, argv2, MAX_ARGS);
    if (n2 != n)
        fuzz_fail("quoted again, %d arguments, not %d", n2, n);
    for (int i = 0; i < n; i++) {
        const char *eq = strchr(argv[i], '=');
        if (strcmp(argv[i], argv2[i]) != 0)
            fuzz_fail("quoted again, argument %d is '%s', not '%s'", i,
                      argv2[i], argv[i]);
        check_values(argv[i]);
        if (eq)
            check_values(eq + 1);
    }
    fuzz_accepted++;
out:
    free(model);
    free(again);
    fuzz_input_free(line);
    return 0;
}

#ifndef MIRAGE_FUZZ_LIBFUZZER
/* What command lines and values are made of. */
static const char *const fuzz_tokens[] = {" ",
                                          "\t",
                                          "\n",
                                          "'",
                                          "\"",
                                          "\\",
                                          "\\\"",
                                          "\\\\",
                                          "''",
                                          "\"\"",
                                          "--",
                                          "=",
                                          "-l",
                                          "--logs=",
                                          "debug",
                                          "true",
                                          "false",
                                          "0x",
                                          "-",
                                          "+",
                                          "0",
                                          "255",
                                          "256",
                                          "2147483647",
                                          "2147483648",
                                          "-2147483648",
                                          "9223372036854775807",
                                          "-9223372036854775808",
                                          "18446744073709551616",
                                          ".",
                                          ":",
                                          "::",
                                          "::ffff:",
                                          "/",
                                          "/32",
                                          "/128",
                                          "/033",
                                          "192.0.2.1",
                                          "2001:db8::1",
                                          "ffff",
                                          "fast",
                                          "slow",
                                          ",",
                                          "\xff",
                                          NULL};

#include "fuzz_main.h"

static const char *const seed_lines[] = {
    "--hello='Salut tout le monde' -c 12 --verbose",
    "--addr=192.0.2.1 --net=10.0.0.2/24 --v6=2001:db8::1/64 -l \"*:debug\"",
    "  --name=\"a \\\"quoted\\\" \\\\ value\"  --x=a\\ b'c'\"d\"  ''  ",
    "--n=-2147483648 --m=0x7fffffffffffffff --b=false --e=fast "
    "--p=::ffff:1.2.3.4",
    "--bad='open",
};

static size_t fuzz_seeds(uint8_t **seeds, size_t *lens, size_t max)
{
    size_t n = sizeof seed_lines / sizeof seed_lines[0];

    for (size_t i = 0; i < n && i < max; i++) {
        seeds[i] = (uint8_t *)seed_lines[i];
        lens[i] = strlen(seed_lines[i]);
    }
    return n < max ? n : max;
}

static int fuzz_seeds_ok(char *why, size_t n)
{
    char line[256], *argv[MAX_ARGS];
    int got;

    snprintf(line, sizeof line, "%s", seed_lines[2]);
    got = core_cmdline_split(line, argv, MAX_ARGS);
    if (got != 3 || strcmp(argv[0], "--name=a \"quoted\" \\ value") != 0 ||
        strcmp(argv[1], "--x=a bcd") != 0 || argv[2][0] != '\0') {
        snprintf(why, n, "seed 2 split into %d arguments", got);
        return 0;
    }
    snprintf(line, sizeof line, "%s", seed_lines[4]);
    if (core_cmdline_split(line, argv, MAX_ARGS) != -EINVAL) {
        snprintf(why, n, "an unterminated quote is accepted");
        return 0;
    }
    return 1;
}
#endif
