/* SPDX-License-Identifier: ISC */
/* crunch.h: embedding a directory's files in C (`mirage crunch`). */
#ifndef MIRAGE_HELPER_CRUNCH_H
#define MIRAGE_HELPER_CRUNCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* A regular file found below the directory. */
struct crunch_file {
    char *key;        /* path below the directory, '/'-separated */
    char *path;       /* path to open: the directory, '/', the key */
    int64_t mtime_ns; /* modification time */
};

/* The files of a directory, sorted by key (bytewise), and its folders. */
struct crunch_tree {
    char *root;
    struct crunch_file *files;
    size_t nfiles;
    char **dirs; /* the directory itself and every folder below it */
    size_t ndirs;
};

/*
 * Scans (dir): every regular file below it. A symbolic link, a device, a
 * FIFO or a socket, or a ".." component in (dir), is refused. Returns 0,
 * or -1 after printing a message that starts with (who). Free (*tree)
 * with crunch_free in every case.
 */
int crunch_scan(const char *who, const char *dir, struct crunch_tree *tree);

void crunch_free(struct crunch_tree *tree);

/*
 * Parses (text), the value of SOURCE_DATE_EPOCH: a whole number of seconds
 * since 1970-01-01 UTC, decimal digits only. Sets (*ns) to it in
 * nanoseconds. Returns 0, or -EINVAL when (text) is empty, not decimal, or
 * too large for nanoseconds in an int64_t.
 */
int crunch_parse_epoch(const char *text, int64_t *ns);

/*
 * Clamps the modification times of (tree)'s files to (max_ns): a file
 * newer than the build's date (SOURCE_DATE_EPOCH) gets that date, so that
 * the output does not depend on when the files were copied or checked out.
 */
void crunch_clamp_mtimes(struct crunch_tree *tree, int64_t max_ns);

/*
 * Appends the C source defining `const struct mirage_kv_crunch
 * mirage_crunch_NAME` with the contents of the files of (tree), read now,
 * and their modification times if (mtime), else 0. Returns 0, or -1 after
 * printing a message starting with (who) if a file cannot be read.
 */
int crunch_source(const char *who, const struct crunch_tree *tree,
                  const char *name, bool mtime, struct strbuf *out);

/*
 * Appends make rules: (target) depends on the directory, its folders and
 * its files, each of which also gets an empty rule (so that a file that
 * disappears does not stop make).
 */
void crunch_deps(const struct crunch_tree *tree, const char *target,
                 struct strbuf *out);

/*
 * The default NAME for a directory: its last component with every
 * character that cannot be in a C identifier turned into '_'. Caller frees.
 */
char *crunch_default_name(const char *dir);

#endif
