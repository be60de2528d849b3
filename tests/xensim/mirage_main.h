/* SPDX-License-Identifier: ISC */
/* mirage_main.h: the block suite's view of a unikernel, in test_blkfront. */
#ifndef MIRAGE_TESTS_XENSIM_MIRAGE_MAIN_H
#define MIRAGE_TESTS_XENSIM_MIRAGE_MAIN_H

/*
 * tests/conformance/block/suite.c includes this where an image includes
 * its generated mirage_main.h. test_blkfront.c includes the suite into its
 * own file, so that the suite's points and its own share one TAP stream:
 * the suite's begin and end then print nothing (the test prints the plan
 * once, at its end).
 */
#include <stdint.h>

#include <mirage/block.h>

/* The suite's start function, as an image declares it. */
int suite_start(struct mirage_block *disk, int64_t sectors);

#define conf_begin() ((void)0)
#define conf_end()   (tap_failed ? 1 : 0)

#endif
