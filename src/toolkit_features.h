/* SPDX-License-Identifier: ISC */
/* toolkit_features.h: the optional features of the toolkit's build. */
#ifndef MIRAGE_HELPER_TOOLKIT_FEATURES_H
#define MIRAGE_HELPER_TOOLKIT_FEATURES_H

#include <stdbool.h>
#include <stddef.h>

/*
 * A part of the toolkit that its configure builds only when the host has
 * what it takes (BearSSL for `bearssl`). An implementation that needs one
 * says so in its registry entry (`needs = FEATURE ...`, doc/devices.md);
 * the registry is the same in every build, and this table says which
 * features this one has. src/registry.awk knows the same names.
 */
struct feature {
    const char *name;    /* as in `needs`: "bearssl" */
    const char *missing; /* why a build lacks it: "configured without
                            BearSSL" */
    const char *remedy;  /* what gives it: "install libbearssl-dev, ..." */
    bool present;        /* does this build have it? */
};

/* The known features, in listing order: count, and the one at (index). */
size_t feature_count(void);
const struct feature *feature_at(size_t index);
/* The feature called (name), or NULL when there is none. */
const struct feature *feature_lookup(const char *name);

#endif
