/* SPDX-License-Identifier: ISC */
/* quote.c: quoting words for a guest's boot command line and for sh. */
#include <config.h>

#include <stdbool.h>
#include <string.h>

#include "c-ctype.h"
#include "quote.h"

/* Characters neither the guest's splitter nor sh treat specially. */
static bool is_plain(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++) {
        char c = *s;
        if (!c_isalnum(c) && !strchr("%+,-./:=@_^", c))
            return false;
    }
    return true;
}

/*
 * Both the guest's splitter and sh keep everything between single quotes
 * as written, and read \' outside quotes as a quote: one rule serves both.
 */
static void single_quote(struct strbuf *sb, const char *s)
{
    if (is_plain(s)) {
        sb_add(sb, s);
        return;
    }
    sb_addc(sb, '\'');
    for (; *s; s++) {
        if (*s == '\'')
            sb_add(sb, "'\\''");
        else
            sb_addc(sb, *s);
    }
    sb_addc(sb, '\'');
}

void quote_cmdline_arg(struct strbuf *sb, const char *arg)
{
    single_quote(sb, arg);
}

char *quote_cmdline(char *const *argv, size_t n)
{
    struct strbuf sb = {0};

    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            sb_addc(&sb, ' ');
        quote_cmdline_arg(&sb, argv[i]);
    }
    return sb_take(&sb);
}

void quote_shell_word(struct strbuf *sb, const char *word)
{
    single_quote(sb, word);
}
