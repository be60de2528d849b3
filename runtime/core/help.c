/* SPDX-License-Identifier: ISC */
/* help.c: the man page that --help prints. */
#include <errno.h>
#include <string.h>

#include <mirage/exit.h>

#include "argvalue.h"
#include "buf.h"
#include "help.h"
#include "platform.h"

#define WIDTH         80 /* columns of plain text */
#define INDENT_BODY   7  /* a section's text */
#define INDENT_DOC    11 /* an option's description */
#define PAGE_LINE_MAX 2048

static const char *const section_titles[] = {
    [MIRAGE_SECTION_ARGUMENTS] = "ARGUMENTS",
    [MIRAGE_SECTION_OPTIONS] = "OPTIONS",
    [MIRAGE_SECTION_NETWORK] = "NETWORK OPTIONS",
    [MIRAGE_SECTION_DISK] = "DISK OPTIONS",
    [MIRAGE_SECTION_LOG] = "LOG AND MONITORING OPTIONS",
    [MIRAGE_SECTION_RUNTIME] = "RUNTIME OPTIONS",
};

#define NSECTIONS (sizeof(section_titles) / sizeof(section_titles[0]))

/* The exit statuses, as EXIT STATUS lists them. */
static const struct {
    int status;
    const char *doc;
} statuses[] = {
    {MIRAGE_EXIT_SUCCESS, "on success."},
    {MIRAGE_EXIT_INFO, "on help or version output."},
    {MIRAGE_EXIT_USAGE, "on a bad or unknown boot argument."},
    {MIRAGE_EXIT_INTERNAL,
     "on an internal error, or when a device failed to connect."},
    {MIRAGE_EXIT_CRASH, "on a crash: an abort, a fault or a stack overflow."},
};

int core_help_format_parse(const char *text, enum core_help_format *fmt)
{
    if (strcmp(text, "auto") == 0 || strcmp(text, "pager") == 0 ||
        strcmp(text, "plain") == 0) {
        *fmt = CORE_HELP_PLAIN;
        return 0;
    }
    if (strcmp(text, "groff") == 0) {
        *fmt = CORE_HELP_GROFF;
        return 0;
    }
    return -EINVAL;
}

/* Output in lines: each line is built in (line), then written at once. */
struct page {
    char data[PAGE_LINE_MAX];
    struct core_buf line;
    enum core_help_format fmt;
};

static void line_start(struct page *pg)
{
    core_buf_init(&pg->line, pg->data, sizeof(pg->data) - 1);
}

/* Ends the line being built, and writes it with its newline. */
static void line_end(struct page *pg)
{
    pg->line.data[pg->line.len] = '\n';
    plat_console_write(pg->line.data, pg->line.len + 1);
    line_start(pg);
}

/* Writes (s) as one whole line. */
static void put_line(struct page *pg, const char *s)
{
    core_buf_puts(&pg->line, s);
    line_end(pg);
}

static void put_spaces(struct page *pg, size_t n)
{
    for (size_t i = 0; i < n; i++)
        core_buf_add(&pg->line, " ", 1);
}

/* Appends (s, len) escaped for groff. */
static void groff_add(struct page *pg, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (pg->line.len == 0 && (c == '.' || c == '\''))
            core_buf_puts(&pg->line, "\\&");
        if (c == '\\')
            core_buf_puts(&pg->line, "\\e");
        else if (c == '-')
            core_buf_puts(&pg->line, "\\-");
        else if (c == '"')
            core_buf_puts(&pg->line, "\\(dq");
        else if (c == '\n' || c == '\t')
            core_buf_add(&pg->line, " ", 1);
        else
            core_buf_add(&pg->line, &c, 1);
    }
}

/* Appends (s) as text: escaped for groff, with font (font) there (B, I). */
static void text(struct page *pg, char font, const char *s)
{
    if (pg->fmt == CORE_HELP_PLAIN) {
        core_buf_puts(&pg->line, s);
        return;
    }
    if (font)
        core_buf_printf(&pg->line, "\\f%c", font);
    groff_add(pg, s, strlen(s));
    if (font)
        core_buf_puts(&pg->line, "\\fR");
}

/* Appends "--(name)", in bold for groff. */
static void long_name(struct page *pg, const char *name)
{
    if (pg->fmt == CORE_HELP_PLAIN) {
        core_buf_printf(&pg->line, "--%s", name);
        return;
    }
    core_buf_puts(&pg->line, "\\fB");
    groff_add(pg, "--", 2);
    groff_add(pg, name, strlen(name));
    core_buf_puts(&pg->line, "\\fR");
}

static void section(struct page *pg, const char *title, bool first)
{
    if (pg->fmt == CORE_HELP_PLAIN) {
        if (!first)
            line_end(pg);
        put_line(pg, title);
    } else if (strchr(title, ' ')) {
        core_buf_printf(&pg->line, ".SH \"%s\"", title);
        line_end(pg);
    } else {
        core_buf_printf(&pg->line, ".SH %s", title);
        line_end(pg);
    }
}

/*
 * Writes the paragraph (s) and ends the line: in plain text from the line
 * begun so far (padded to (indent) columns), wrapped at WIDTH columns with
 * each further line indented by (indent); in groff as one line.
 */
static void paragraph(struct page *pg, const char *s, size_t indent)
{
    bool empty = true; /* no word on this line yet */
    size_t col;

    if (pg->fmt == CORE_HELP_GROFF) {
        groff_add(pg, s, strlen(s));
        line_end(pg);
        return;
    }
    if (pg->line.len < indent)
        put_spaces(pg, indent - pg->line.len);
    col = pg->line.len;
    while (*s) {
        size_t len = 0;
        while (*s == ' ' || *s == '\n' || *s == '\t')
            s++;
        if (!*s)
            break;
        while (s[len] && s[len] != ' ' && s[len] != '\n' && s[len] != '\t')
            len++;
        if (!empty && col + 1 + len > WIDTH) {
            line_end(pg);
            put_spaces(pg, indent);
            col = indent;
            empty = true;
        }
        if (!empty) {
            core_buf_add(&pg->line, " ", 1);
            col++;
        }
        core_buf_add(&pg->line, s, len);
        col += len;
        empty = false;
        s += len;
    }
    line_end(pg);
}

/* Is (opt) listed in the section (*ctx)? */
static bool in_section(const struct core_opt *opt, const void *ctx)
{
    return opt->arg->section == *(const enum mirage_arg_section *)ctx;
}

static bool str_is(const char *s, const char *word)
{
    return s && strcmp(s, word) == 0;
}

/*
 * The name of (arg)'s value in (buf): its docv, else the type's ("INT"),
 * the choices of an enum ("fast|slow"); a list adds ",...".
 */
static const char *docv_of(const struct mirage_arg *arg, char *buf, size_t size)
{
    struct core_buf b;

    core_buf_init(&b, buf, size);
    if (arg->docv) {
        core_buf_puts(&b, arg->docv);
    } else if (arg->type == MIRAGE_ARG_ENUM) {
        for (size_t i = 0; arg->choices && arg->choices[i]; i++)
            core_buf_printf(&b, "%s%s", i ? "|" : "", arg->choices[i]);
    } else {
        core_buf_puts(&b, argvalue_type_docv(arg->type));
    }
    if (arg->form == MIRAGE_ARG_LIST)
        core_buf_puts(&b, ",...");
    return buf;
}

/* Does --help show "=VALUE" after (arg)'s name in brackets (optional)? */
static bool value_is_optional(const struct core_opt *opt)
{
    const struct mirage_arg *arg = opt->arg;

    if (opt->implicit)
        return true;
    if (!core_arg_is_flag(arg))
        return false;
    /* a flag whose default is true needs --name=false to matter */
    return arg->form != MIRAGE_ARG_SINGLE ||
           (arg->default_value && !str_is(arg->default_value, "false"));
}

/* Appends " (absent=TEXT)". */
static void absent(struct page *pg, const char *value)
{
    text(pg, 0, " (absent=");
    text(pg, 0, value);
    text(pg, 0, ")");
}

/* Appends what happens without the option: "(absent=4)", "(required)"... */
static void option_marks(struct page *pg, const struct core_opt *opt)
{
    const struct mirage_arg *arg = opt->arg;

    if (opt->implicit) {
        text(pg, 0, " (default=");
        text(pg, 0, opt->implicit);
        text(pg, 0, ")");
        return;
    }
    if (opt->hide_absent)
        return;
    switch (arg->form) {
    case MIRAGE_ARG_REPEATED:
        text(pg, 0, " (may be repeated)");
        if (arg->default_value && arg->default_value[0])
            absent(pg, arg->default_value);
        return;
    case MIRAGE_ARG_OPTIONAL:
        text(pg, 0, " (optional)");
        return;
    case MIRAGE_ARG_REQUIRED:
        text(pg, 0, " (required)");
        return;
    case MIRAGE_ARG_LIST:
        absent(pg, arg->default_value ? arg->default_value : "");
        return;
    case MIRAGE_ARG_SINGLE:
        break;
    }
    if (arg->default_value)
        absent(pg, arg->default_value);
    else
        text(pg, 0, " (required)");
}

/* Writes the line that names option (opt): "-c INT, --count=INT (...)". */
static void option_line(struct page *pg, const struct core_opt *opt)
{
    const struct mirage_arg *arg = opt->arg;
    char docv_buf[256];
    const char *docv = docv_of(arg, docv_buf, sizeof(docv_buf));
    bool is_flag = core_arg_is_flag(arg);
    char shortname[3] = {'-', arg->short_name, '\0'};

    if (pg->fmt == CORE_HELP_PLAIN)
        put_spaces(pg, INDENT_BODY);
    else
        put_line(pg, ".TP");
    if (arg->short_name) {
        text(pg, 'B', shortname);
        if (!is_flag) {
            text(pg, 0, " ");
            text(pg, 'I', docv);
        }
        text(pg, 0, ", ");
    }
    long_name(pg, arg->name);
    if (value_is_optional(opt)) {
        text(pg, 0, "[=");
        text(pg, 'I', docv);
        text(pg, 0, "]");
    } else if (!is_flag) {
        text(pg, 0, "=");
        text(pg, 'I', docv);
    }
    option_marks(pg, opt);
    line_end(pg);
    if (arg->doc && arg->doc[0])
        paragraph(pg, arg->doc, INDENT_DOC);
}

static void head(struct page *pg, const struct mirage_image *image,
                 const char *name)
{
    if (pg->fmt == CORE_HELP_GROFF) {
        core_buf_puts(&pg->line, ".TH \"");
        for (const char *p = name; *p; p++) {
            char c = *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : *p;
            groff_add(pg, &c, 1);
        }
        core_buf_puts(&pg->line, "\" 1 \"\" \"");
        groff_add(pg, name, strlen(name));
        if (image->version) {
            core_buf_puts(&pg->line, " ");
            groff_add(pg, image->version, strlen(image->version));
        }
        core_buf_puts(&pg->line, "\" \"Unikernel Manual\"");
        line_end(pg);
        put_line(pg, ".nh");
        put_line(pg, ".ad l");
    }
    section(pg, "NAME", true);
    if (pg->fmt == CORE_HELP_PLAIN)
        put_spaces(pg, INDENT_BODY);
    text(pg, 0, name);
    text(pg, 0, " - the ");
    text(pg, 0, name);
    text(pg, 0, " unikernel");
    line_end(pg);

    section(pg, "SYNOPSIS", false);
    if (pg->fmt == CORE_HELP_PLAIN) {
        put_spaces(pg, INDENT_BODY);
        text(pg, 0, name);
        text(pg, 0, " [OPTION]\xe2\x80\xa6");
    } else {
        text(pg, 'B', name);
        text(pg, 0, " [");
        text(pg, 'I', "OPTION");
        core_buf_puts(&pg->line, "]\\[u2026]");
    }
    line_end(pg);
}

static void exit_status(struct page *pg, const char *name)
{
    section(pg, "EXIT STATUS", false);
    if (pg->fmt == CORE_HELP_PLAIN)
        put_spaces(pg, INDENT_BODY);
    text(pg, 'B', name);
    text(pg, 0, " exits with:");
    line_end(pg);
    for (size_t i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++) {
        if (pg->fmt == CORE_HELP_PLAIN) {
            line_end(pg);
            put_spaces(pg, INDENT_BODY);
            /* the status fills the columns up to the description's */
            core_buf_printf(&pg->line, "%-*d", INDENT_DOC - INDENT_BODY - 1,
                            statuses[i].status);
            core_buf_add(&pg->line, " ", 1);
            paragraph(pg, statuses[i].doc, INDENT_DOC);
        } else {
            put_line(pg, ".TP");
            core_buf_printf(&pg->line, "%d", statuses[i].status);
            line_end(pg);
            paragraph(pg, statuses[i].doc, 0);
        }
    }
}

void core_help_print(const struct mirage_image *image,
                     const struct core_opt *opts, size_t nopts,
                     enum core_help_format fmt)
{
    struct page pg;
    const char *name = image->name ? image->name : "unikernel";

    pg.fmt = fmt;
    line_start(&pg);
    head(&pg, image, name);
    for (size_t s = 0; s < NSECTIONS; s++) {
        enum mirage_arg_section sec = (enum mirage_arg_section)s;
        int k = core_opts_next(opts, nopts, -1, in_section, &sec);
        if (k < 0)
            continue;
        section(&pg, section_titles[s], false);
        for (bool first = true; k >= 0; first = false) {
            if (!first && fmt == CORE_HELP_PLAIN)
                line_end(&pg);
            option_line(&pg, &opts[k]);
            k = core_opts_next(opts, nopts, k, in_section, &sec);
        }
    }
    exit_status(&pg, name);
}
