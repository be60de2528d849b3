/* SPDX-License-Identifier: ISC */
/* mirage.h: everything a unikernel's own code may call, in one include. */
#ifndef MIRAGE_MIRAGE_H
#define MIRAGE_MIRAGE_H

/*
 * Error convention: every mirage_* function that can fail returns 0 (or a
 * non-negative count) on success and a negative errno value on failure.
 */
#include <mirage/error.h>
#include <mirage/exit.h>
#include <mirage/abort.h>
#include <mirage/args.h>
#include <mirage/log.h>
#include <mirage/image.h>
#include <mirage/fiber.h>
#include <mirage/hooks.h>

#endif
