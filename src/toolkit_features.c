/* SPDX-License-Identifier: ISC */
/* toolkit_features.c: the optional features this build of the toolkit has. */
#include <config.h>

#include "toolkit_features.h"
#include "util.h"

/*
 * configure.ac defines MIRAGE_HAVE_BEARSSL when it found BearSSL. The
 * tests build a second helper from this file with
 * MIRAGE_HELPER_WITHOUT_FEATURES, which plays a toolkit configured without
 * any of them (tests/unit/helper.mk), so that the refusals are tested in
 * every build.
 */
#if defined(MIRAGE_HAVE_BEARSSL) && !defined(MIRAGE_HELPER_WITHOUT_FEATURES)
#define HAVE_BEARSSL true
#else
#define HAVE_BEARSSL false
#endif

/* As the known features of src/registry.awk. */
static const struct feature features[] = {
    {
        .name = "bearssl",
        .missing = "configured without BearSSL",
        .remedy = "install libbearssl-dev and configure mirage again",
        .present = HAVE_BEARSSL,
    },
};

size_t feature_count(void)
{
    return sizeof(features) / sizeof(features[0]);
}

const struct feature *feature_at(size_t index)
{
    return index < feature_count() ? &features[index] : NULL;
}

const struct feature *feature_lookup(const char *name)
{
    for (size_t i = 0; i < feature_count(); i++)
        if (streq(features[i].name, name))
            return &features[i];
    return NULL;
}
