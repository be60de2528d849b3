/* SPDX-License-Identifier: ISC */
/* args.h: the boot command-line parser, argv against the known options. */
#ifndef MIRAGE_CORE_ARGS_H
#define MIRAGE_CORE_ARGS_H

#include <stdbool.h>
#include <stddef.h>

#include <mirage/args.h>

/* One option the parser knows: a boot argument and how --help shows it. */
struct core_opt {
    const struct mirage_arg *arg;
    /*
     * The value of a bare --name for an option whose value is optional
     * (--help[=FMT]), or NULL: the option takes a value (or is a bool flag).
     */
    const char *implicit;
    bool hide_absent;     /* --help shows no "(absent=...)" for it */
    const char *expected; /* what a value must be, for errors; NULL: the
                             type's description */
};

/* One occurrence of a repeated option, in a list in argv order. */
struct core_occurrence {
    const char *spelled; /* the option as written ... */
    size_t spelled_len;  /* ... and its length: no NUL follows it */
    const char *text;    /* the value's text */
    struct core_occurrence *next;
};

/* What argv said about one option. */
struct core_given {
    bool given;
    const char *spelled; /* the option as written ("-l", "--logs") ... */
    size_t spelled_len;  /* ... and its length: no NUL follows it */
    const char *text;    /* the value's text (the last one, if repeated) */
    size_t count;        /* times given */
    struct core_occurrence *first, *last; /* MIRAGE_ARG_REPEATED: all */
};

/* Bytes of the arena that holds list items and repeated occurrences. */
#define CORE_ARGS_ARENA_SIZE (64 * 1024)

/* Empties the arena; the values of an earlier parse become invalid. */
void core_args_arena_reset(void);

/*
 * (size) bytes from the arena, aligned for any value, or NULL when it is
 * full. They stay valid until core_args_arena_reset.
 */
void *core_args_arena_alloc(size_t size);

/*
 * Walks options in (name, index) order: returns the index of the first
 * option after (after) (-1: from the start) that (keep) accepts with (ctx),
 * or -1 when there is none. Options without a name are skipped.
 */
int core_opts_next(const struct core_opt *opts, size_t nopts, int after,
                   bool (*keep)(const struct core_opt *opt, const void *ctx),
                   const void *ctx);

/* Is (arg) a flag, given without a value (a bool that is not a list)? */
bool core_arg_is_flag(const struct mirage_arg *arg);

/*
 * Scans (argc, argv) (argv[0] is the program and is skipped) against the
 * (nopts) options (opts) and fills (given) (nopts entries): which options
 * were given, how and with which text. Values are not parsed yet. Options
 * are exact long names (--name=V, --name V), short names (-n V, -nV), bool
 * flags (--flag, --flag=true|false); "--" ends the options. An unknown
 * option, a repeated one that is not MIRAGE_ARG_REPEATED, a missing value
 * or any positional argument is an error: returns MIRAGE_EXIT_USAGE after
 * printing it, otherwise 0. Repeated occurrences live in the arena.
 */
int core_args_scan(const char *prog, const struct core_opt *opts, size_t nopts,
                   int argc, char *const *argv, struct core_given *given);

/*
 * Parses the text of (opt), from argv if (given) says so, else its default,
 * and stores the value through opt->arg->value as its type and form say;
 * list items go to the arena. Returns 0; or, after printing the error,
 * MIRAGE_EXIT_USAGE for a bad value in argv, a missing required option or
 * a full arena, MIRAGE_EXIT_INTERNAL for a bad default.
 */
int core_args_store(const char *prog, const struct core_opt *opt,
                    const struct core_given *given);

/*
 * Prints "PROG: MESSAGE" and the usage hint (see --help) on the error
 * output. MESSAGE should end with a full stop.
 */
void core_args_usage_error(const char *prog, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Reports the bad value (text) of the option written (spelled,
 * spelled_len): "option '--x': invalid value 'v', expected EXPECTED.", as
 * a usage error. Returns MIRAGE_EXIT_USAGE.
 */
int core_args_bad_value(const char *prog, const char *spelled,
                        size_t spelled_len, const char *text,
                        const char *expected);

/*
 * The edit distance (insertions, deletions, substitutions and swaps of two
 * neighbours) between (a) and (b), or a large value if either is longer
 * than 64 bytes.
 */
size_t core_args_distance(const char *a, size_t alen, const char *b,
                          size_t blen);

#endif
