/* SPDX-License-Identifier: ISC */
/* args.c: the boot command-line parser, argv against the known options. */
#include <string.h>

#include <mirage/exit.h>

#include "args.h"
#include "buf.h"
#include "platform.h"

#define DISTANCE_MAX_LEN 64
#define SUGGEST_MAX      2 /* farthest edit distance worth a suggestion */

static void error_write(struct core_buf *b)
{
    plat_error_write(b->data, b->len);
}

void core_args_usage_error(const char *prog, const char *fmt, ...)
{
    char out[2048];
    struct core_buf b;
    va_list ap;

    /* the message may be cut short, but the hint always fits */
    core_buf_init(&b, out, sizeof(out) - 512);
    core_buf_printf(&b, "%s: ", prog);
    va_start(ap, fmt);
    core_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    b.cap = sizeof(out);
    core_buf_printf(&b,
                    "\nUsage: %s [OPTION]\xe2\x80\xa6\n"
                    "Try '%s --help' for more information.\n",
                    prog, prog);
    error_write(&b);
}

int core_args_bad_value(const char *prog, const char *spelled,
                        size_t spelled_len, const char *text,
                        const char *expected)
{
    core_args_usage_error(prog,
                          "option '%.*s': invalid value '%s', expected %s.",
                          (int)spelled_len, spelled, text, expected);
    return MIRAGE_EXIT_USAGE;
}

bool core_arg_is_flag(const struct mirage_arg *arg)
{
    return arg->type == MIRAGE_ARG_BOOL && arg->form != MIRAGE_ARG_LIST;
}

size_t core_args_distance(const char *a, size_t alen, const char *b,
                          size_t blen)
{
    /* three rows of the optimal-string-alignment table */
    size_t rows[3][DISTANCE_MAX_LEN + 1];
    size_t *older, *prev, *cur;

    if (alen > DISTANCE_MAX_LEN || blen > DISTANCE_MAX_LEN)
        return (size_t)-1;
    older = rows[0];
    prev = rows[1];
    cur = rows[2];
    for (size_t j = 0; j <= blen; j++)
        prev[j] = j;
    for (size_t i = 1; i <= alen; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= blen; j++) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t best = prev[j - 1] + cost;
            if (prev[j] + 1 < best)
                best = prev[j] + 1;
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
                a[i - 2] == b[j - 1] && older[j - 2] + 1 < best)
                best = older[j - 2] + 1;
            cur[j] = best;
        }
        size_t *t = older;
        older = prev;
        prev = cur;
        cur = t;
    }
    return prev[blen];
}

static int find_long(const struct core_opt *opts, size_t nopts,
                     const char *name, size_t len)
{
    for (size_t k = 0; k < nopts; k++) {
        const char *n = opts[k].arg->name;
        if (n && strlen(n) == len && memcmp(n, name, len) == 0)
            return (int)k;
    }
    return -1;
}

static int find_short(const struct core_opt *opts, size_t nopts, char c)
{
    for (size_t k = 0; k < nopts; k++)
        if (opts[k].arg->short_name != 0 && opts[k].arg->short_name == c)
            return (int)k;
    return -1;
}

int core_opts_next(const struct core_opt *opts, size_t nopts, int after,
                   bool (*keep)(const struct core_opt *opt, const void *ctx),
                   const void *ctx)
{
    int found = -1;

    for (size_t k = 0; k < nopts; k++) {
        const char *n = opts[k].arg->name;
        if (!n || !keep(&opts[k], ctx))
            continue;
        /* order by (name, index) so that equal names stay distinct */
        if (after >= 0) {
            int c = strcmp(n, opts[after].arg->name);
            if (c < 0 || (c == 0 && (int)k <= after))
                continue;
        }
        if (found >= 0) {
            int c = strcmp(n, opts[found].arg->name);
            if (c > 0 || (c == 0 && (int)k > found))
                continue;
        }
        found = (int)k;
    }
    return found;
}

/* What makes an option a suggestion for a mistyped name. */
struct suggestion_query {
    const char *name; /* the mistyped name */
    size_t len;
    size_t best; /* the smallest edit distance found */
};

/*
 * Is (opt) worth suggesting for the query's name at its edit distance? A
 * name no longer than the distance shares nothing worth saying.
 */
static bool is_suggestion(const struct core_opt *opt, const void *ctx)
{
    const struct suggestion_query *q = ctx;
    const char *n = opt->arg->name;
    size_t nlen = strlen(n);

    return q->best < nlen &&
           core_args_distance(q->name, q->len, n, nlen) == q->best;
}

/* Reports unknown long option (name, len): with the nearest known names. */
static void unknown_long(const char *prog, const struct core_opt *opts,
                         size_t nopts, const char *name, size_t len)
{
    char hint[512];
    struct core_buf b;
    size_t best = (size_t)-1, count = 0;

    for (size_t k = 0; k < nopts; k++) {
        const char *n = opts[k].arg->name;
        size_t d, nlen;
        if (!n)
            continue;
        nlen = strlen(n);
        d = core_args_distance(name, len, n, nlen);
        if (d < best && d < nlen)
            best = d;
    }
    core_buf_init(&b, hint, sizeof(hint));
    if (len == 1 && find_short(opts, nopts, name[0]) >= 0) {
        /* "--l": a short name written as a long one */
        core_buf_printf(&b, " Did you mean '-%c'?", name[0]);
    } else if (best <= SUGGEST_MAX) {
        struct suggestion_query q = {name, len, best};
        for (size_t k = 0; k < nopts; k++)
            if (opts[k].arg->name && is_suggestion(&opts[k], &q))
                count++;
        core_buf_puts(&b, " Did you mean ");
        int k = -1;
        for (size_t i = 0; i < count; i++) {
            k = core_opts_next(opts, nopts, k, is_suggestion, &q);
            if (k < 0)
                break;
            if (i > 0)
                core_buf_puts(&b, i + 1 == count ? " or " : ", ");
            core_buf_printf(&b, "'--%s'", opts[k].arg->name);
        }
        core_buf_puts(&b, "?");
    }
    core_args_usage_error(prog, "unknown option '--%.*s'.%s", (int)len, name,
                          hint);
}

/* Does (s) start like a negative number, a value a user may mean? */
static bool looks_negative(const char *s)
{
    return s[0] == '-' && s[1] >= '0' && s[1] <= '9';
}

/* Reports that option (spelled) of (opt) lacks a value; (next) may be it. */
static void missing_value(const char *prog, const struct core_opt *opt,
                          const char *spelled, size_t spelled_len,
                          const char *next)
{
    if (next && looks_negative(next) && opt->arg->name)
        core_args_usage_error(prog,
                              "option '%.*s' needs an argument; to give it "
                              "the value '%s', write '--%s=%s'.",
                              (int)spelled_len, spelled, next, opt->arg->name,
                              next);
    else
        core_args_usage_error(prog, "option '%.*s' needs an argument.",
                              (int)spelled_len, spelled);
}

/* Can (s), the argument after an option, be that option's value? */
static bool can_be_value(const char *s)
{
    return s && (s[0] != '-' || s[1] == '\0');
}

/* Appends the occurrence just scanned to the list of a repeated option. */
static int add_occurrence(const char *prog, const char *name,
                          struct core_given *g)
{
    struct core_occurrence *o = core_args_arena_alloc(sizeof(*o));

    if (!o) {
        core_args_usage_error(prog,
                              "too many values for --%s: all values "
                              "together must fit in %u KiB.",
                              name, CORE_ARGS_ARENA_SIZE / 1024);
        return -1;
    }
    o->spelled = g->spelled;
    o->spelled_len = g->spelled_len;
    o->text = g->text;
    o->next = NULL;
    if (g->last)
        g->last->next = o;
    else
        g->first = o;
    g->last = o;
    return 0;
}

int core_args_scan(const char *prog, const struct core_opt *opts, size_t nopts,
                   int argc, char *const *argv, struct core_given *given)
{
    bool options_ended = false;

    for (size_t k = 0; k < nopts; k++) {
        given[k].given = false;
        given[k].spelled = NULL;
        given[k].spelled_len = 0;
        given[k].text = NULL;
        given[k].count = 0;
        given[k].first = given[k].last = NULL;
    }
    for (int i = 1; i < argc && argv && argv[i]; i++) {
        const char *a = argv[i];
        const char *next = i + 1 < argc ? argv[i + 1] : NULL;
        const char *attached = NULL; /* the value written in the same arg */
        size_t spelled_len;
        int k;

        if (options_ended || a[0] != '-' || a[1] == '\0') {
            core_args_usage_error(prog,
                                  "unexpected argument '%s': this unikernel "
                                  "takes options only.",
                                  a);
            return MIRAGE_EXIT_USAGE;
        }
        if (strcmp(a, "--") == 0) {
            options_ended = true;
            continue;
        }
        if (a[1] == '-') {
            const char *name = a + 2;
            const char *eq = strchr(name, '=');
            size_t len = eq ? (size_t)(eq - name) : strlen(name);
            k = find_long(opts, nopts, name, len);
            if (k < 0) {
                unknown_long(prog, opts, nopts, name, len);
                return MIRAGE_EXIT_USAGE;
            }
            spelled_len = len + 2;
            if (eq)
                attached = eq + 1;
        } else {
            k = find_short(opts, nopts, a[1]);
            if (k < 0) {
                core_args_usage_error(prog, "unknown option '-%c'.", a[1]);
                return MIRAGE_EXIT_USAGE;
            }
            spelled_len = 2;
            if (a[2] != '\0')
                attached = a + 2;
        }

        const struct core_opt *opt = &opts[k];
        const struct mirage_arg *arg = opt->arg;
        bool flag = core_arg_is_flag(arg);
        if (given[k].given && arg->form != MIRAGE_ARG_REPEATED) {
            core_args_usage_error(prog,
                                  "option '--%s' cannot be given more than "
                                  "once.",
                                  arg->name ? arg->name : "?");
            return MIRAGE_EXIT_USAGE;
        }
        given[k].given = true;
        given[k].count++;
        given[k].spelled = a;
        given[k].spelled_len = spelled_len;

        if (attached && flag && a[1] != '-') {
            core_args_usage_error(prog,
                                  "option '-%c' is a flag and takes no "
                                  "value.",
                                  a[1]);
            return MIRAGE_EXIT_USAGE;
        }
        if (attached) {
            given[k].text = attached;
        } else if (flag) {
            given[k].text = "true";
        } else if (can_be_value(next)) {
            given[k].text = next;
            i++;
        } else if (opt->implicit) {
            given[k].text = opt->implicit;
        } else {
            missing_value(prog, opt, a, spelled_len, next);
            return MIRAGE_EXIT_USAGE;
        }
        if (arg->form == MIRAGE_ARG_REPEATED &&
            add_occurrence(prog, arg->name, &given[k]) != 0)
            return MIRAGE_EXIT_USAGE;
    }
    return 0;
}
