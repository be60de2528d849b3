/* SPDX-License-Identifier: ISC */
/* spec.h: reading mirage.spec (doc/spec-format.md) into structs. */
#ifndef MIRAGE_HELPER_SPEC_H
#define MIRAGE_HELPER_SPEC_H

#include <stddef.h>
#include <stdio.h>

#include "util.h"

/* The kinds of section, one per configure.ac macro. */
enum spec_kind {
    SPEC_UNIKERNEL, /* [unikernel NAME]: MIRAGE_UNIKERNEL */
    SPEC_DEVICE,    /* [device NAME]: MIRAGE_DEVICE */
    SPEC_ARG,       /* [arg NAME]: MIRAGE_RUNTIME_ARG */
};

/*
 * What every section has. In all the structs below, a key that was absent
 * from the section is a NULL string; a key given with no value is "".
 */
struct spec_section {
    enum spec_kind kind;
    char *name;     /* NAME of the header, as written */
    unsigned line;  /* line of the header in the spec file */
    char *location; /* "FILE:LINE" of the macro call in configure.ac */
};

struct spec_device {
    struct spec_section sec;
    char *type;
    char *implementation; /* "" or absent: the type's default */
    char *depends;        /* raw text of the key */
    struct words deps;    /* depends, split into names */
};

struct spec_arg {
    struct spec_section sec;
    char *type;
    char *default_value; /* absent: no default, the argument is required */
    char *doc;
    char *section; /* "" or absent: options */
    char *docv;    /* the value's name in --help; NULL: the type's */
};

struct spec_unikernel {
    struct spec_section sec;
    char *start;
    char *devices;
    char *args;
    char *version;
    char *target;
    char *srcdir;       /* absolute source folder; absent: the spec's folder */
    char *memory;       /* MiB of a VM (--with-memory); absent: the default */
    char *boot_args;    /* the boot arguments of NAME.xl, NAME_libvirt.xml */
    char *xen_bridge;   /* NAME.xl's vif bridge (--with-xen-bridge) */
    char *xen_disk_dir; /* NAME.xl's disk folder (--with-xen-disk-dir) */
    struct words device_names; /* devices, split */
    struct words arg_names;    /* args, split */
};

/*
 * The RAM of a VM in MiB when configure was given no --with-memory: what
 * NAME.xl and NAME_libvirt.xml say and what `mirage run` gives.
 */
#define SPEC_DEFAULT_MEMORY_MIB 64u
/* The least and the most --with-memory may say. */
#define SPEC_MIN_MEMORY_MIB 2u
#define SPEC_MAX_MEMORY_MIB 1048576u
/* The longest boot arguments (the runtimes' command-line buffer, NUL
 * excluded). */
#define SPEC_MAX_BOOT_ARGS 4095u

/* A whole spec file; sections of each kind in file order. */
struct spec {
    char *path; /* as given, used in syntax errors */
    struct spec_device *devices;
    size_t ndevices;
    struct spec_arg *args;
    size_t nargs;
    struct spec_unikernel *unikernels;
    size_t nunikernels;
};

/*
 * Parses the spec text read from (f) into (*spec), which need not be
 * initialised; (path) names the file in messages. Every syntax error is
 * reported through diag_vsyntax and parsing goes on with the next line.
 * Returns the number of syntax errors, or -1 if reading failed (after
 * printing a message). Free (*spec) with spec_free in every case.
 */
int spec_parse(struct spec *spec, FILE *f, const char *path);

/* As spec_parse, reading the file at (path). */
int spec_read(struct spec *spec, const char *path);

void spec_free(struct spec *spec);

/* The word used in section headers for (kind): "device", ... */
const char *spec_kind_name(enum spec_kind kind);

#endif
