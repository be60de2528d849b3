/* SPDX-License-Identifier: ISC */
/* rfc3339.c: POSIX time as RFC 3339 text (proleptic Gregorian, UTC). */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <mirage/pclock.h>

/* Seconds from 0000-01-01 to 10000-01-01, relative to the epoch. */
#define SECONDS_YEAR_0     (-62167219200LL)
#define SECONDS_YEAR_10000 253402300800LL

/*
 * Converts (days) since 1970-01-01 to a civil date: the year, then the
 * month and day through the era arithmetic of 400-year cycles (146097
 * days), counting years from March so that February's leap day is last.
 */
static void civil_from_days(int64_t days, int64_t *year, unsigned *month,
                            unsigned *day)
{
    int64_t z = days + 719468; /* days since 0000-03-01 */
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097; /* 0..146096 */
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100); /* 0..365 */
    int64_t mp = (5 * doy + 2) / 153;                      /* 0..11 */

    *day = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
    *month = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
    *year = yoe + era * 400 + (*month <= 2);
}

int mirage_pclock_rfc3339(int64_t seconds, uint64_t picoseconds, char *buf,
                          size_t size)
{
    int64_t days, sod, year;
    unsigned month, day;
    int n;

    if (!buf || picoseconds >= MIRAGE_PCLOCK_PS_PER_S)
        return -EINVAL;
    if (seconds < SECONDS_YEAR_0 || seconds >= SECONDS_YEAR_10000)
        return -ERANGE;
    if (size < MIRAGE_PCLOCK_RFC3339_LEN)
        return -ENOSPC;
    days = seconds / 86400;
    sod = seconds % 86400;
    if (sod < 0) {
        sod += 86400;
        days--;
    }
    civil_from_days(days, &year, &month, &day);
    n = snprintf(buf, size, "%04d-%02u-%02uT%02d:%02d:%02d.%03uZ", (int)year,
                 month, day, (int)(sod / 3600), (int)(sod / 60 % 60),
                 (int)(sod % 60), (unsigned)(picoseconds / 1000000000));
    return n;
}
