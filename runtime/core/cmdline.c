/* SPDX-License-Identifier: ISC */
/* cmdline.c: splitting a boot command line into arguments, in place. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>

#include "cmdline.h"

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
           c == '\f';
}

/*
 * Copies one argument from (*in) to (out), removing quotes and escapes,
 * and NUL-terminates it. The output never runs ahead of the input, so both
 * may be in the same buffer. Returns 0 and moves (*in) past the argument
 * and the white space character that ends it, or returns -EINVAL.
 */
static int copy_arg(const char **in, char *out)
{
    const char *p = *in;

    while (*p && !is_space(*p)) {
        char c = *p++;
        if (c == '\\') {
            if (!*p)
                return -EINVAL;
            *out++ = *p++;
        } else if (c == '\'') {
            while (*p && *p != '\'')
                *out++ = *p++;
            if (!*p++)
                return -EINVAL;
        } else if (c == '"') {
            while (*p && *p != '"') {
                if (p[0] == '\\' && (p[1] == '"' || p[1] == '\\'))
                    p++;
                *out++ = *p++;
            }
            if (!*p++)
                return -EINVAL;
        } else {
            *out++ = c;
        }
    }
    /* past the separator first: the NUL may take its place */
    *in = *p ? p + 1 : p;
    *out = '\0';
    return 0;
}

int core_cmdline_split(char *cmdline, char **argv, int max_args)
{
    const char *in = cmdline;
    int argc = 0;

    if (max_args < 1)
        return -E2BIG;
    for (;;) {
        char *out;
        int rc;

        while (is_space(*in))
            in++;
        if (!*in)
            break;
        if (argc + 1 >= max_args)
            return -E2BIG;
        /* the output catches up with the input at most */
        out = cmdline + (in - cmdline);
        argv[argc++] = out;
        rc = copy_arg(&in, out);
        if (rc != 0)
            return rc;
    }
    argv[argc] = NULL;
    return argc;
}
