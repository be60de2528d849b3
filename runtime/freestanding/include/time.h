/* SPDX-License-Identifier: ISC */
/* time.h: the calendar time in seconds, and nothing else of ISO C's. */
#ifndef MIRAGE_FREESTANDING_TIME_H
#define MIRAGE_FREESTANDING_TIME_H

/* Seconds since the Unix epoch (1970-01-01 00:00:00 UTC), as on Linux. */
typedef long time_t;

/*
 * The wall clock's time in whole seconds since the Unix epoch, UTC (the
 * platform's wall clock, which the `pclock` device reads too; rounded
 * down). Also stored in (*t) unless (t) is NULL. Never fails. A unikernel
 * should use its `pclock` device instead: time() is here for code built
 * for a hosted libc (BearSSL's X.509 checks call it when the caller set
 * no time).
 */
time_t time(time_t *t);

#endif
