/* SPDX-License-Identifier: ISC */
/* unikernel.c: args logs the value of each of its boot arguments. */
#include <stdio.h>
#include <string.h>

#include "mirage_main.h"

MIRAGE_LOG_SOURCE(args_log, "args", "the args unikernel");

/* A line of text built piece by piece; what does not fit is dropped. */
struct line {
    char text[512];
    size_t len;
};

static void add(struct line *l, const char *s)
{
    size_t n = strlen(s);

    if (n > sizeof(l->text) - 1 - l->len)
        n = sizeof(l->text) - 1 - l->len;
    memcpy(l->text + l->len, s, n);
    l->len += n;
    l->text[l->len] = '\0';
}

/* Starts the list "[" of a value; items() ends it. */
static void start(struct line *l)
{
    l->len = 0;
    l->text[0] = '\0';
    add(l, "[");
}

static void item(struct line *l, size_t i, const char *s)
{
    if (i > 0)
        add(l, ", ");
    add(l, s);
}

static const char *opt(const char *s)
{
    return s ? s : "(none)";
}

static void log_ipv4_list(const char *name, struct mirage_list_ipv4 list)
{
    char buf[MIRAGE_IPV4_STRLEN];
    struct line l;

    start(&l);
    for (size_t i = 0; i < list.len; i++) {
        mirage_ipv4_to_string(&list.items[i], buf, sizeof(buf));
        item(&l, i, buf);
    }
    add(&l, "]");
    mirage_log_info(&args_log, "%s=%s", name, l.text);
}

static void log_ipv6_list(const char *name, struct mirage_list_ipv6 list)
{
    char buf[MIRAGE_IPV6_STRLEN];
    struct line l;

    start(&l);
    for (size_t i = 0; i < list.len; i++) {
        mirage_ipv6_to_string(&list.items[i], buf, sizeof(buf));
        item(&l, i, buf);
    }
    add(&l, "]");
    mirage_log_info(&args_log, "%s=%s", name, l.text);
}

static void log_int_list(const char *name, struct mirage_list_int list)
{
    char buf[16];
    struct line l;

    start(&l);
    for (size_t i = 0; i < list.len; i++) {
        snprintf(buf, sizeof(buf), "%d", list.items[i]);
        item(&l, i, buf);
    }
    add(&l, "]");
    mirage_log_info(&args_log, "%s=%s", name, l.text);
}

static void log_string_list(const char *name, struct mirage_list_string list)
{
    struct line l;

    start(&l);
    for (size_t i = 0; i < list.len; i++)
        item(&l, i, list.items[i]);
    add(&l, "]");
    mirage_log_info(&args_log, "%s=%s", name, l.text);
}

int args_start(const char *name, bool verbose, int count, int64_t big,
               const char *mode, struct mirage_ipv4_prefix ipv4,
               struct mirage_ipv4 ipv4_gateway, struct mirage_ipv6_prefix ipv6,
               struct mirage_ipv6 ipv6_gateway, struct mirage_list_ipv4 dns,
               struct mirage_list_int ports, struct mirage_list_string speeds,
               struct mirage_list_ipv6 peer, struct mirage_list_string tag,
               const int *retries, const char *level,
               const struct mirage_ipv4_prefix *route, const char *token)
{
    char buf[MIRAGE_IPV6_PREFIX_STRLEN], num[16];

    mirage_log_info(&args_log, "name=%s", name);
    mirage_log_info(&args_log, "verbose=%s", verbose ? "true" : "false");
    mirage_log_info(&args_log, "count=%d", count);
    mirage_log_info(&args_log, "big=%lld", (long long)big);
    mirage_log_info(&args_log, "mode=%s", mode);
    mirage_ipv4_prefix_to_string(&ipv4, buf, sizeof(buf));
    mirage_log_info(&args_log, "ipv4=%s", buf);
    mirage_ipv4_to_string(&ipv4_gateway, buf, sizeof(buf));
    mirage_log_info(&args_log, "ipv4-gateway=%s", buf);
    mirage_ipv6_prefix_to_string(&ipv6, buf, sizeof(buf));
    mirage_log_info(&args_log, "ipv6=%s", buf);
    mirage_ipv6_to_string(&ipv6_gateway, buf, sizeof(buf));
    mirage_log_info(&args_log, "ipv6-gateway=%s", buf);
    log_ipv4_list("dns", dns);
    log_int_list("ports", ports);
    log_string_list("speeds", speeds);
    log_ipv6_list("peer", peer);
    log_string_list("tag", tag);
    if (retries)
        snprintf(num, sizeof(num), "%d", *retries);
    mirage_log_info(&args_log, "retries=%s", retries ? num : "(none)");
    mirage_log_info(&args_log, "level=%s", opt(level));
    if (route)
        mirage_ipv4_prefix_to_string(route, buf, sizeof(buf));
    mirage_log_info(&args_log, "route=%s", route ? buf : "(none)");
    mirage_log_info(&args_log, "token=%s", token);
    return 0;
}
