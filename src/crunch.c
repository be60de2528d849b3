/* SPDX-License-Identifier: ISC */
/* crunch.c: embedding a directory's files in C (`mirage crunch`). */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <mirage/crypto.h>

#include "c-ctype.h"
#include "crunch.h"
#include "generate.h"

/* Bytes per line of the generated arrays. */
#define BYTES_PER_LINE 12

static const char *kind_of(mode_t mode)
{
    if (S_ISLNK(mode))
        return "a symbolic link";
    if (S_ISCHR(mode))
        return "a character device";
    if (S_ISBLK(mode))
        return "a block device";
    if (S_ISFIFO(mode))
        return "a FIFO";
    if (S_ISSOCK(mode))
        return "a socket";
    return "not a regular file";
}

static bool has_dotdot(const char *path)
{
    for (const char *p = path; (p = strstr(p, "..")); p += 2)
        if ((p == path || p[-1] == '/') && (p[2] == '\0' || p[2] == '/'))
            return true;
    return false;
}

struct scan {
    const char *who;
    struct crunch_tree *tree;
    size_t cap_files, cap_dirs;
};

static void add_dir(struct scan *sc, const char *path)
{
    struct crunch_tree *t = sc->tree;

    if (t->ndirs == sc->cap_dirs) {
        sc->cap_dirs = sc->cap_dirs ? 2 * sc->cap_dirs : 8;
        t->dirs = xrealloc(t->dirs, sc->cap_dirs * sizeof(*t->dirs));
    }
    t->dirs[t->ndirs++] = xstrdup(path);
}

/* Scans the folder (key) below the root ("" for the root itself). */
static int scan_dir(struct scan *sc, const char *key)
{
    struct crunch_tree *t = sc->tree;
    char *path = *key ? xasprintf("%s/%s", t->root, key) : xstrdup(t->root);
    DIR *d = opendir(path);
    struct dirent *e;
    int rc = 0;

    if (!d) {
        fprintf(stderr, "%s: cannot open directory '%s': %s\n", sc->who, path,
                strerror(errno));
        free(path);
        return -1;
    }
    add_dir(sc, path);
    while (rc == 0 && (errno = 0, e = readdir(d))) {
        char *sub, *subpath;
        struct stat st;

        if (streq(e->d_name, ".") || streq(e->d_name, ".."))
            continue;
        sub = *key ? xasprintf("%s/%s", key, e->d_name) : xstrdup(e->d_name);
        subpath = xasprintf("%s/%s", t->root, sub);
        if (lstat(subpath, &st) < 0) {
            fprintf(stderr, "%s: cannot stat '%s': %s\n", sc->who, subpath,
                    strerror(errno));
            rc = -1;
        } else if (S_ISDIR(st.st_mode)) {
            rc = scan_dir(sc, sub);
        } else if (S_ISREG(st.st_mode)) {
            if (t->nfiles == sc->cap_files) {
                sc->cap_files = sc->cap_files ? 2 * sc->cap_files : 16;
                t->files =
                    xrealloc(t->files, sc->cap_files * sizeof(*t->files));
            }
            t->files[t->nfiles].key = sub;
            t->files[t->nfiles].path = subpath;
            t->files[t->nfiles].mtime_ns =
                (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
            t->nfiles++;
            continue; /* sub and subpath are kept */
        } else {
            fprintf(stderr,
                    "%s: '%s' is %s; only regular files and directories "
                    "can be crunched, remove it or move it out of '%s'\n",
                    sc->who, subpath, kind_of(st.st_mode), t->root);
            rc = -1;
        }
        free(sub);
        free(subpath);
    }
    if (rc == 0 && errno != 0) {
        fprintf(stderr, "%s: cannot read directory '%s': %s\n", sc->who, path,
                strerror(errno));
        rc = -1;
    }
    closedir(d);
    free(path);
    return rc;
}

static int by_key(const void *a, const void *b)
{
    const struct crunch_file *x = a, *y = b;
    return strcmp(x->key, y->key); /* compares as unsigned char */
}

static int by_string(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int crunch_scan(const char *who, const char *dir, struct crunch_tree *tree)
{
    struct scan sc = {.who = who, .tree = tree};
    size_t len = strlen(dir);
    struct stat st;

    memset(tree, 0, sizeof(*tree));
    while (len > 1 && dir[len - 1] == '/')
        len--;
    tree->root = xstrndup(dir, len);
    if (has_dotdot(tree->root)) {
        fprintf(stderr,
                "%s: '%s' has a '..' component, which crunch refuses; name "
                "the directory without '..'\n",
                who, dir);
        return -1;
    }
    if (lstat(tree->root, &st) < 0) {
        fprintf(stderr, "%s: cannot crunch '%s': %s\n", who, dir,
                strerror(errno));
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) {
        fprintf(stderr, "%s: cannot crunch '%s': it is %s, not a directory\n",
                who, dir,
                S_ISREG(st.st_mode) ? "a regular file" : kind_of(st.st_mode));
        return -1;
    }
    if (scan_dir(&sc, "") < 0)
        return -1;
    /* an empty directory leaves both arrays NULL, which qsort refuses */
    if (tree->nfiles > 1)
        qsort(tree->files, tree->nfiles, sizeof(*tree->files), by_key);
    if (tree->ndirs > 1)
        qsort(tree->dirs, tree->ndirs, sizeof(*tree->dirs), by_string);
    return 0;
}

void crunch_free(struct crunch_tree *tree)
{
    for (size_t i = 0; i < tree->nfiles; i++) {
        free(tree->files[i].key);
        free(tree->files[i].path);
    }
    for (size_t i = 0; i < tree->ndirs; i++)
        free(tree->dirs[i]);
    free(tree->files);
    free(tree->dirs);
    free(tree->root);
    memset(tree, 0, sizeof(*tree));
}

int crunch_parse_epoch(const char *text, int64_t *ns)
{
    const int64_t max_s = INT64_MAX / 1000000000;
    int64_t s = 0;

    if (!*text)
        return -EINVAL;
    for (const char *p = text; *p; p++) {
        if (!c_isdigit(*p) || s > (max_s - (*p - '0')) / 10)
            return -EINVAL;
        s = s * 10 + (*p - '0');
    }
    *ns = s * 1000000000;
    return 0;
}

void crunch_clamp_mtimes(struct crunch_tree *tree, int64_t max_ns)
{
    for (size_t i = 0; i < tree->nfiles; i++)
        if (tree->files[i].mtime_ns > max_ns)
            tree->files[i].mtime_ns = max_ns;
}

/* Appends the bytes of (path) as lines of a C array; sets (*size) and
   their SHA-256 (digest). */
static int add_bytes(const char *who, const char *path, struct strbuf *out,
                     size_t *size, uint8_t digest[32])
{
    struct mirage_sha256_ctx sha;
    static const char hex[] = "0123456789abcdef";
    unsigned char buf[4096];
    FILE *f = fopen(path, "rb");
    size_t n, col = 0;
    char item[6] = {'0', 'x', 0, 0, ',', 0};

    *size = 0;
    mirage_sha256_init(&sha);
    if (!f) {
        fprintf(stderr, "%s: cannot open '%s': %s\n", who, path,
                strerror(errno));
        return -1;
    }
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
        mirage_sha256_update(&sha, buf, n);
        for (size_t i = 0; i < n; i++) {
            sb_add(out, col == 0 ? "    " : " ");
            item[2] = hex[buf[i] >> 4];
            item[3] = hex[buf[i] & 15];
            sb_add(out, item);
            if (++col == BYTES_PER_LINE) {
                sb_addc(out, '\n');
                col = 0;
            }
        }
        *size += n;
    }
    if (col)
        sb_addc(out, '\n');
    if (ferror(f)) {
        fprintf(stderr, "%s: cannot read '%s': %s\n", who, path,
                strerror(errno));
        fclose(f);
        return -1;
    }
    fclose(f);
    mirage_sha256_final(&sha, digest);
    return 0;
}

int crunch_source(const char *who, const struct crunch_tree *tree,
                  const char *name, bool mtime, struct strbuf *out)
{
    size_t *sizes = xcalloc(tree->nfiles + 1, sizeof(*sizes));

    sb_add(out, "/* Generated by mirage crunch; do not edit. */\n/* ");
    generate_comment_text(out, name);
    sb_addf(out, ": %zu file%s, sorted by key. */\n", tree->nfiles,
            tree->nfiles == 1 ? "" : "s");
    sb_add(out, "#include <stddef.h>\n#include <stdint.h>\n\n"
                "#include <mirage/kv_ro.h>\n");
    for (size_t i = 0; i < tree->nfiles; i++) {
        uint8_t digest[32];

        sb_addf(out, "\n/* %zu: ", i);
        generate_comment_text(out, tree->files[i].key);
        sb_add(out, " */\n");
        /* the size is not known yet: write the array, then its comment */
        sb_addf(out, "static const unsigned char mirage_crunch_%s_%zu[] = {\n",
                name, i);
        if (add_bytes(who, tree->files[i].path, out, &sizes[i], digest) < 0) {
            free(sizes);
            return -1;
        }
        if (sizes[i] == 0)
            sb_add(out, "    0x00, /* empty: the array holds no data */\n");
        sb_addf(out, "}; /* %zu byte%s */\n", sizes[i],
                sizes[i] == 1 ? "" : "s");
        sb_addf(out,
                "static const unsigned char mirage_crunch_%s_%zu_sha256[] = "
                "{ /* SHA-256 */\n",
                name, i);
        for (size_t k = 0; k < sizeof(digest); k++)
            sb_addf(out, "%s0x%02x,%s", k % 8 ? " " : "    ", digest[k],
                    k % 8 == 7 ? "\n" : "");
        sb_add(out, "};\n");
    }
    if (tree->nfiles > 0) {
        sb_addf(out,
                "\nstatic const struct mirage_kv_crunch_file "
                "mirage_crunch_%s_files[] = {\n",
                name);
        for (size_t i = 0; i < tree->nfiles; i++) {
            sb_add(out, "    {");
            generate_c_string(out, tree->files[i].key);
            sb_addf(out, ", mirage_crunch_%s_%zu, %zu, ", name, i, sizes[i]);
            if (mtime)
                sb_addf(out, "INT64_C(%" PRId64 ")", tree->files[i].mtime_ns);
            else
                sb_add(out, "0");
            sb_addf(out, ", mirage_crunch_%s_%zu_sha256},\n", name, i);
        }
        sb_add(out, "};\n");
    }
    sb_addf(out,
            "\nextern const struct mirage_kv_crunch mirage_crunch_%s;\n"
            "const struct mirage_kv_crunch mirage_crunch_%s = {\n"
            "    .count = %zu,\n",
            name, name, tree->nfiles);
    if (tree->nfiles > 0)
        sb_addf(out, "    .files = mirage_crunch_%s_files,\n};\n", name);
    else
        sb_add(out, "    .files = NULL,\n};\n");
    free(sizes);
    return 0;
}

/* Appends (path) escaped for a make rule. */
static void make_path(struct strbuf *out, const char *path)
{
    for (; *path; path++) {
        if (*path == '$')
            sb_addc(out, '$');
        else if (*path == ' ' || *path == '#' || *path == '\\' || *path == ':')
            sb_addc(out, '\\');
        sb_addc(out, *path);
    }
}

void crunch_deps(const struct crunch_tree *tree, const char *target,
                 struct strbuf *out)
{
    sb_add(out, "# Generated by mirage; do not edit.\n");
    make_path(out, target);
    sb_addc(out, ':');
    for (size_t i = 0; i < tree->ndirs; i++) {
        sb_add(out, " \\\n  ");
        make_path(out, tree->dirs[i]);
    }
    for (size_t i = 0; i < tree->nfiles; i++) {
        sb_add(out, " \\\n  ");
        make_path(out, tree->files[i].path);
    }
    sb_addc(out, '\n');
    for (size_t i = 0; i < tree->ndirs; i++) {
        sb_addc(out, '\n');
        make_path(out, tree->dirs[i]);
        sb_add(out, ":\n");
    }
    for (size_t i = 0; i < tree->nfiles; i++) {
        sb_addc(out, '\n');
        make_path(out, tree->files[i].path);
        sb_add(out, ":\n");
    }
}

char *crunch_default_name(const char *dir)
{
    size_t len = strlen(dir);
    const char *start;
    char *name;

    while (len > 1 && dir[len - 1] == '/')
        len--;
    start = dir + len;
    while (start > dir && start[-1] != '/')
        start--;
    name = xstrndup(start, (size_t)(dir + len - start));
    if (!*name || c_isdigit(*name)) {
        char *prefixed = xasprintf("_%s", name);
        free(name);
        name = prefixed;
    }
    for (char *p = name; *p; p++)
        if (!c_isalnum(*p) && *p != '_')
            *p = '_';
    return name;
}
