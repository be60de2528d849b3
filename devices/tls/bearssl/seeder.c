/* SPDX-License-Identifier: ISC */
/* seeder.c: BearSSL's system seeder, which this runtime does not have. */
#include <stddef.h>

#include "br.h"

/*
 * BearSSL's engine asks br_prng_seeder_system for the operating system's
 * source of entropy. Debian's libbearssl.a answers from its sysrng.o,
 * which opens /dev/urandom (open, read, close, errno): symbols that the
 * freestanding targets lack, and a source outside the `random` device.
 * This definition comes first in every image, so sysrng.o is never
 * linked: there is no system seeder, and the device injects the entropy
 * of its `random` into each engine before it starts.
 */
br_prng_seeder br_prng_seeder_system(const char **name)
{
    if (name)
        *name = "none";
    return NULL;
}
