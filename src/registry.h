/* SPDX-License-Identifier: ISC */
/* registry.h: the device types, implementations, targets and arg tables. */
#ifndef MIRAGE_HELPER_REGISTRY_H
#define MIRAGE_HELPER_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>

#include <mirage/args.h>

#include "toolkit_features.h"

/* A type's default implementation on one target (its `default.TARGET`). */
struct registry_target_default {
    const char *target; /* "unix" */
    const char *impl;   /* "socket" */
};

/* A device type: a C interface in the runtime's public headers. */
struct registry_type {
    const char *name;         /* as in MIRAGE_DEVICE: "time" */
    const char *c_type;       /* "struct mirage_time" */
    const char *header;       /* "mirage/time.h", included as <...> */
    const char *default_impl; /* implementation used when none is named, on
                                 the targets not in (target_defaults) */
    /* the default on some targets, ended by a NULL target; NULL: none */
    const struct registry_target_default *target_defaults;
    const char *doc; /* one line, for `mirage types` */
};

/* What the PARAMETER of IMPLEMENTATION(PARAMETER) is. */
enum registry_param {
    REGISTRY_PARAM_NONE,     /* the implementation takes no parameter */
    REGISTRY_PARAM_STRING,   /* optional string; (param_default) if absent */
    REGISTRY_PARAM_REQUIRED, /* a string that must be given */
    REGISTRY_PARAM_CRUNCH,   /* a directory below the unikernel's sources,
                                embedded at build time; must be given */
};

/*
 * What a hypervisor or tender attaches to the guest for one device of an
 * implementation: `mirage generate` lists it in the spt and hvt manifest and
 * in NAME_libvirt.xml on virtio (NAME.xl on xen has no such list yet).
 */
enum registry_host {
    REGISTRY_HOST_NONE, /* nothing: the device lives in the image */
    REGISTRY_HOST_NET,  /* a network interface */
    REGISTRY_HOST_DISK, /* a disk backed by a host file */
};

/*
 * A boot argument that an implementation adds, per device. In (name) and
 * (doc), "%s" is the device's name ('_' becomes '-' in (name)); a name
 * without "%s" is global. In (default_value), "%p" is the parameter.
 */
struct registry_arg {
    const char *name;          /* "block-%s", "ipv4" */
    const char *type;          /* in the grammar of MIRAGE_RUNTIME_ARG */
    const char *default_value; /* template; NULL: no default */
    const char *doc;           /* for --help */
    const char *docv;          /* its value's name in --help ("ADDR");
                                  NULL: the type's ("STRING") */
    const char *section;       /* as in MIRAGE_RUNTIME_ARG */
};

/*
 * An implementation of a type. Its connect function is
 *   int CONNECT(C_TYPE **dev, const char *name, [PARAM,]
 *               DEP_C_TYPE *dep..., ARG_C_TYPE value...);
 * with the parameter if it takes one (const char *, or for crunch const
 * struct mirage_kv_crunch *), one pointer per dependency in the order of
 * (deps), and the values of its boot arguments in the order of (args).
 */
struct registry_impl {
    const char *type;           /* the type it implements */
    const char *name;           /* as in MIRAGE_DEVICE: "default" */
    const char *const *targets; /* NULL-terminated; NULL: every target */
    /* the features of the toolkit's build it needs (toolkit_features.h),
     * NULL-terminated; NULL: none. The entry is there in every build. */
    const char *const *needs;
    const char *connect;     /* C connect function */
    const char *const *deps; /* NULL-terminated types; NULL: none */
    /* one device name per entry of (deps): the device used, or added by the
     * helper, when MIRAGE_DEVICE names no dependencies; NULL: none */
    const char *const *deps_default;
    const char *doc;                 /* one line, for `mirage types` */
    enum registry_param param;       /* what IMPLEMENTATION(PARAMETER) takes */
    const char *param_name;          /* "DIR", "PATH", "BYTES", for messages */
    const char *param_default;       /* REGISTRY_PARAM_STRING: used if absent */
    const char *param_doc;           /* what the parameter is */
    const struct registry_arg *args; /* ended by a NULL name; NULL: none */
    enum registry_host host;         /* what the hypervisor attaches */
    /* the parameter's check, as the device makes it at boot: NULL when it
     * is fine, else why not (a static text); NULL: any text */
    const char *(*param_check)(const char *param);
    /* true when no public header declares (connect): the generated glue
     * then declares it, from this entry */
    bool glue_declares_connect;
};

/* Device types, in listing order: count, and the type at (index). */
size_t registry_type_count(void);
const struct registry_type *registry_type_at(size_t index);
/* The type called (name), or NULL. */
const struct registry_type *registry_type_lookup(const char *name);

/* Implementations of all types, in listing order. */
size_t registry_impl_count(void);
const struct registry_impl *registry_impl_at(size_t index);
/* Implementation (name) of (type); NULL or "" (name): its `default`
 * (registry_default_impl gives the name of a target's). */
const struct registry_impl *registry_impl_lookup(const char *type,
                                                 const char *name);
/*
 * The name of the default implementation of (type) on (target): its
 * `default.TARGET`, else its `default` (also for a NULL or unknown target).
 */
const char *registry_default_impl(const struct registry_type *type,
                                  const char *target);
/* The number of dependencies (impl) takes. */
size_t registry_impl_ndeps(const struct registry_impl *impl);
/* The number of boot arguments (impl) adds per device. */
size_t registry_impl_nargs(const struct registry_impl *impl);
/* Does (impl) run on (target)? */
bool registry_impl_supports(const struct registry_impl *impl,
                            const char *target);
/*
 * The first feature that (impl) needs and this build of the toolkit
 * lacks, or NULL when it has them all (then the implementation can be
 * used).
 */
const struct feature *registry_impl_missing(const struct registry_impl *impl);

/* Targets: NULL-terminated list of names, and membership. */
extern const char *const registry_targets[];
bool registry_target_known(const char *target);

/* Sections of boot arguments, as written in MIRAGE_RUNTIME_ARG. */
extern const char *const registry_sections[]; /* NULL-terminated */
/* Looks up a section name ("" means options); returns 0 or -1. */
int registry_section_lookup(const char *name, enum mirage_arg_section *out);
/* The C enumerator of a section: "MIRAGE_SECTION_OPTIONS". */
const char *registry_section_enum(enum mirage_arg_section section);
/* The name of a section: "options". */
const char *registry_section_name(enum mirage_arg_section section);

#endif
