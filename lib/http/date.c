/* SPDX-License-Identifier: ISC */
/* date.c: HTTP-date (RFC 9110 5.6.7): IMF-fixdate out, three forms in. */
#include <errno.h>
#include <string.h>

#include "http_internal.h"

static const char days3[7][4] = {"Sun", "Mon", "Tue", "Wed",
                                 "Thu", "Fri", "Sat"};
static const char *const days_long[7] = {"Sunday",    "Monday",   "Tuesday",
                                         "Wednesday", "Thursday", "Friday",
                                         "Saturday"};
static const char months[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
/* Days before each month in a common year. */
static const unsigned short before_month[12] = {0,   31,  59,  90,  120, 151,
                                                181, 212, 243, 273, 304, 334};

static bool leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days from 0001-01-01 to the first of January of the year (y) >= 1. */
static int64_t days_before_year(int64_t y)
{
    y -= 1;
    return y * 365 + y / 4 - y / 100 + y / 400;
}

int64_t http_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    return days_before_year(y) - days_before_year(1970) + before_month[m - 1] +
           (m > 2 && leap(y)) + d - 1;
}

/* The days of month (m) of year (y). */
static unsigned month_days(int64_t y, unsigned m)
{
    static const unsigned char n[12] = {31, 28, 31, 30, 31, 30,
                                        31, 31, 30, 31, 30, 31};
    return n[m - 1] + (m == 2 && leap(y));
}

/* Writes (v) as (n) decimal digits at (out). */
static void digits(char *out, unsigned v, int n)
{
    while (n-- > 0) {
        out[n] = (char)('0' + v % 10);
        v /= 10;
    }
}

int mirage_http_date_format(int64_t t, char out[MIRAGE_HTTP_DATE_LEN + 1])
{
    int64_t days, secs, r;
    int64_t q400, q100, q4, q1, year;
    unsigned month = 0, day;

    /* Unix times of 0001-01-01 and of 10000-01-01 */
    if (t < -62135596800LL || t >= 253402300800LL)
        return -ERANGE;
    days = t / 86400;
    secs = t % 86400;
    if (secs < 0) {
        secs += 86400;
        days--;
    }
    /* days since 0001-01-01, split into cycles of 400, 100, 4, 1 years */
    r = days + days_before_year(1970);
    q400 = r / 146097;
    r %= 146097;
    q100 = r / 36524;
    if (q100 == 4)
        q100 = 3;
    r -= q100 * 36524;
    q4 = r / 1461;
    r %= 1461;
    q1 = r / 365;
    if (q1 == 4)
        q1 = 3;
    r -= q1 * 365;
    year = 1 + 400 * q400 + 100 * q100 + 4 * q4 + q1;
    while (month < 11 &&
           r >= before_month[month + 1] + (month + 1 >= 2 && leap(year)))
        month++;
    day = (unsigned)(r - before_month[month] - (month >= 2 && leap(year))) + 1;

    memcpy(out, days3[((days % 7) + 11) % 7], 3); /* 1970-01-01: Thursday */
    memcpy(out + 3, ", ", 2);
    digits(out + 5, day, 2);
    out[7] = ' ';
    memcpy(out + 8, months[month], 3);
    out[11] = ' ';
    digits(out + 12, (unsigned)year, 4);
    out[16] = ' ';
    digits(out + 17, (unsigned)(secs / 3600), 2);
    out[19] = ':';
    digits(out + 20, (unsigned)(secs / 60 % 60), 2);
    out[22] = ':';
    digits(out + 23, (unsigned)(secs % 60), 2);
    memcpy(out + 25, " GMT", 5);
    return MIRAGE_HTTP_DATE_LEN;
}

/* The number of (n) decimal digits at (s), or -1. */
static int number(const char *s, int n)
{
    int v = 0;

    for (int i = 0; i < n; i++) {
        if (!http_is((unsigned char)s[i], HTTP_C_DIGIT))
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* The month (1 to 12) named by the 3 bytes at (s), or 0. */
static unsigned month_of(const char *s)
{
    for (unsigned m = 0; m < 12; m++)
        if (memcmp(s, months[m], 3) == 0)
            return m + 1;
    return 0;
}

/* Whether the 3 bytes at (s) name a day. */
static bool day3(const char *s)
{
    for (int d = 0; d < 7; d++)
        if (memcmp(s, days3[d], 3) == 0)
            return true;
    return false;
}

/* "HH:MM:SS" at (s) into (*secs) of the day; false if malformed. */
static bool time_of_day(const char *s, int64_t *secs)
{
    int h = number(s, 2), m = number(s + 3, 2), sec = number(s + 6, 2);

    if (h < 0 || m < 0 || sec < 0 || s[2] != ':' || s[5] != ':' || h > 23 ||
        m > 59 || sec > 60)
        return false;
    if (sec == 60)
        sec = 59;
    *secs = h * 3600 + m * 60 + sec;
    return true;
}

/* The Unix time of a checked date and time; false if the date is not. */
static bool unix_time(int64_t y, unsigned m, int d, int64_t secs, int64_t *t)
{
    if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 ||
        (unsigned)d > month_days(y, m))
        return false;
    *t = http_days_from_civil(y, m, (unsigned)d) * 86400 + secs;
    return true;
}

/* IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT". */
static bool imf_fixdate(const char *s, int64_t *t)
{
    int64_t secs;

    if (!day3(s) || memcmp(s + 3, ", ", 2) != 0 || s[7] != ' ' ||
        s[11] != ' ' || s[16] != ' ' || memcmp(s + 25, " GMT", 4) != 0 ||
        !time_of_day(s + 17, &secs))
        return false;
    return number(s + 12, 4) >= 0 &&
           unix_time(number(s + 12, 4), month_of(s + 8), number(s + 5, 2), secs,
                     t);
}

/* asctime: "Sun Nov  6 08:49:37 1994" (the day as " 6" or "06"). */
static bool asctime_date(const char *s, int64_t *t)
{
    int64_t secs;
    int day;

    if (!day3(s) || s[3] != ' ' || s[7] != ' ' || s[10] != ' ' ||
        s[19] != ' ' || !time_of_day(s + 11, &secs))
        return false;
    day = s[8] == ' ' ? number(s + 9, 1) : number(s + 8, 2);
    return number(s + 20, 4) >= 0 &&
           unix_time(number(s + 20, 4), month_of(s + 4), day, secs, t);
}

/* The year of Unix time (t), roughly enough for RFC 850's window. */
static int64_t year_of(int64_t t)
{
    char d[MIRAGE_HTTP_DATE_LEN + 1];

    if (mirage_http_date_format(t, d) < 0)
        return t < 0 ? 1 : 9999;
    return number(d + 12, 4);
}

/* RFC 850: "Sunday, 06-Nov-94 08:49:37 GMT". */
static bool rfc850_date(const char *s, size_t len, int64_t now, int64_t *t)
{
    size_t n = 0;
    int64_t secs, y, this_year;
    int yy;
    bool named = false;

    while (n < len && s[n] != ',')
        n++;
    for (int d = 0; d < 7; d++)
        if (strlen(days_long[d]) == n && memcmp(s, days_long[d], n) == 0)
            named = true;
    if (!named || len != n + 24)
        return false;
    s += n;
    if (memcmp(s, ", ", 2) != 0 || s[4] != '-' || s[8] != '-' || s[11] != ' ' ||
        memcmp(s + 20, " GMT", 4) != 0 || !time_of_day(s + 12, &secs) ||
        (yy = number(s + 9, 2)) < 0)
        return false;
    this_year = year_of(now);
    y = this_year - this_year % 100 + yy;
    if (y > this_year + 50)
        y -= 100;
    else if (y <= this_year - 50)
        y += 100;
    return unix_time(y, month_of(s + 5), number(s + 2, 2), secs, t);
}

int mirage_http_date_parse(const char *s, size_t len, int64_t now, int64_t *t)
{
    bool ok;

    if (!s || len < 24)
        return -EINVAL;
    if (len == MIRAGE_HTTP_DATE_LEN && s[3] == ',')
        ok = imf_fixdate(s, t);
    else if (len == 24 && s[3] == ' ')
        ok = asctime_date(s, t);
    else
        ok = rfc850_date(s, len, now, t);
    return ok ? 0 : -EINVAL;
}
