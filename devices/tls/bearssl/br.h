/* SPDX-License-Identifier: ISC */
/* br.h: BearSSL's API, for the `bearssl` implementation of `tls`. */
#ifndef MIRAGE_TLS_BEARSSL_BR_H
#define MIRAGE_TLS_BEARSSL_BR_H

/*
 * BearSSL's headers need only <stddef.h> and <stdint.h>. configure found
 * their folder (MIRAGE_BEARSSL_INCDIR), which the runtimes search after
 * their own headers (-idirafter): the freestanding ones never see the
 * host's C library through it.
 */
#include <bearssl.h>

#endif
