/* SPDX-License-Identifier: ISC */
/* errstr.h: human text for errno values, without the host's strerror. */
#ifndef MIRAGE_CORE_ERRSTR_H
#define MIRAGE_CORE_ERRSTR_H

/*
 * Describes errno value (err), given either as a negative errno (the
 * mirage_* convention) or a positive one, e.g. "out of memory (ENOMEM)";
 * NULL for a value it does not know (0 included). mirage_strerror is the
 * public form, which never returns NULL.
 */
const char *core_strerror(int err);

#endif
