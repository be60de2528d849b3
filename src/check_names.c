/* SPDX-License-Identifier: ISC */
/* check_names.c: valid names, and the words C, libc and the runtime keep. */
#include <config.h>

#include <stdbool.h>
#include <string.h>

#include "c-ctype.h"
#include "check_impl.h"

/*
 * Words that cannot be C parameter or function names: the keywords, and
 * the macros of <stdbool.h> and <stddef.h> that the glue includes.
 */
static const char *const c_reserved_words[] = {
    "asm",      "auto",     "bool",     "break",   "case",   "char",
    "const",    "continue", "default",  "do",      "double", "else",
    "enum",     "extern",   "false",    "float",   "for",    "goto",
    "if",       "inline",   "int",      "long",    "NULL",   "register",
    "restrict", "return",   "short",    "signed",  "sizeof", "static",
    "struct",   "switch",   "true",     "typedef", "typeof", "union",
    "unsigned", "void",     "volatile", "while",   NULL,
};

/*
 * Functions of the C library an image links (the freestanding libc's and
 * the common ones of the host's), and main: a start function of one of
 * these names would clash with it, or silently replace it in the link.
 */
static const char *const libc_functions[] = {
    "main",          "abort",     "abs",
    "aligned_alloc", "atexit",    "atoi",
    "atol",          "atoll",     "bsearch",
    "calloc",        "clock",     "close",
    "div",           "exit",      "_Exit",
    "fclose",        "fflush",    "fgets",
    "fopen",         "fprintf",   "fputc",
    "fputs",         "fread",     "free",
    "fwrite",        "getchar",   "getenv",
    "isalnum",       "isalpha",   "isblank",
    "iscntrl",       "isdigit",   "isgraph",
    "islower",       "isprint",   "ispunct",
    "isspace",       "isupper",   "isxdigit",
    "labs",          "llabs",     "longjmp",
    "malloc",        "memchr",    "memcmp",
    "memcpy",        "memmove",   "memset",
    "open",          "perror",    "posix_memalign",
    "printf",        "putc",      "putchar",
    "puts",          "qsort",     "raise",
    "rand",          "read",      "realloc",
    "remove",        "rename",    "setjmp",
    "signal",        "sleep",     "snprintf",
    "sprintf",       "srand",     "strcat",
    "strchr",        "strcmp",    "strcpy",
    "strcspn",       "strdup",    "strerror",
    "strlen",        "strncat",   "strncmp",
    "strncpy",       "strndup",   "strnlen",
    "strpbrk",       "strrchr",   "strspn",
    "strstr",        "strtod",    "strtok",
    "strtol",        "strtoll",   "strtoul",
    "strtoull",      "system",    "time",
    "tolower",       "toupper",   "vfprintf",
    "vprintf",       "vsnprintf", "vsprintf",
    "write",         NULL,
};

/* Boot options of the runtime itself, so no argument may take them. */
static const char *const runtime_options[] = {
    "help", "version", "logs", "delay", "fiber-stack", "l", NULL,
};

static bool in_list(const char *const *list, const char *s)
{
    for (size_t i = 0; list[i]; i++)
        if (streq(list[i], s))
            return true;
    return false;
}

/* [A-Za-z_][A-Za-z0-9_]* */
bool check_is_identifier(const char *s)
{
    if (!c_isalpha(*s) && *s != '_')
        return false;
    for (s++; *s; s++)
        if (!c_isalnum(*s) && *s != '_')
            return false;
    return true;
}

/* Names C reserves for the implementation: "__x", "_X". */
static bool is_c_reserved(const char *s)
{
    return s[0] == '_' && (s[1] == '_' || c_isupper(s[1]));
}

bool check_c_identifier(const char *s)
{
    return check_is_identifier(s) && !in_list(c_reserved_words, s) &&
           !is_c_reserved(s);
}

/* [a-z_][a-z0-9_]*: a device's name, a C variable and part of options */
bool check_is_device_name(const char *s)
{
    if (!c_islower(*s) && *s != '_')
        return false;
    for (s++; *s; s++)
        if (!c_islower(*s) && !c_isdigit(*s) && *s != '_')
            return false;
    return true;
}

/* [a-z][a-z0-9-]* */
bool check_is_arg_name(const char *s)
{
    if (!c_islower(*s))
        return false;
    for (s++; *s; s++)
        if (!c_islower(*s) && !c_isdigit(*s) && *s != '-')
            return false;
    return true;
}

/* [A-Za-z0-9_][A-Za-z0-9_.+-]*: the name of the image file */
bool check_is_unikernel_name(const char *s)
{
    if (!c_isalnum(*s) && *s != '_')
        return false;
    for (s++; *s; s++)
        if (!c_isalnum(*s) && !strchr("_.+-", *s))
            return false;
    return true;
}

bool check_is_runtime_option(const char *name)
{
    return in_list(runtime_options, name);
}

bool check_is_libc_function(const char *name)
{
    return in_list(libc_functions, name);
}

char *check_c_name(const char *name)
{
    char *c = xstrdup(name);
    for (char *p = c; *p; p++)
        if (*p == '-')
            *p = '_';
    return c;
}

/* "a, b, c" from the first (n) strings of (list), or all up to a NULL. */
char *check_join(const char *const *list, size_t n)
{
    struct strbuf sb = {0};
    for (size_t i = 0; i < n && list[i]; i++)
        sb_addf(&sb, "%s%s", i ? ", " : "", list[i]);
    return sb_take(&sb);
}
