/* SPDX-License-Identifier: ISC */
/* cmdline.h: splitting a boot command line into arguments, in place. */
#ifndef MIRAGE_CORE_CMDLINE_H
#define MIRAGE_CORE_CMDLINE_H

/*
 * Targets that boot with one command-line string (hvt, spt, virtio, xen)
 * split it into argv with this, then parse argv as unix does. The rules,
 * a small part of the POSIX shell's:
 *
 *   - white space (space, tab, newline, carriage return, vertical tab,
 *     form feed) separates arguments; runs of it count as one, and leading
 *     and trailing white space is ignored;
 *   - '...' quotes literally: everything up to the next ' is kept as is,
 *     backslashes and double quotes included;
 *   - "..." quotes with two escapes: \" is a double quote and \\ a
 *     backslash; any other backslash is kept with the character after it;
 *   - outside quotes, a backslash keeps the next character literally
 *     (a space, a quote, a backslash);
 *   - quoted and unquoted parts next to each other make one argument
 *     (--name='a b'c is --name=a bc), and "" or '' alone is an empty
 *     argument.
 *
 * An unterminated quote, or a backslash at the very end, is an error.
 */

/*
 * Splits the NUL-terminated (cmdline) in place (it is rewritten: quotes
 * and escapes are removed, each argument NUL-terminated) and stores
 * pointers to the arguments in (argv), which has room for (max_args)
 * pointers: the arguments and a final NULL. Returns the number of
 * arguments; -EINVAL for an unterminated quote or a final lone backslash;
 * -E2BIG when the arguments and the NULL do not fit in (max_args). On
 * error, (cmdline) and (argv) hold nothing usable.
 */
int core_cmdline_split(char *cmdline, char **argv, int max_args);

#endif
