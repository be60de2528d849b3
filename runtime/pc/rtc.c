/* SPDX-License-Identifier: ISC */
/* rtc.c: the date and time from the CMOS real-time clock (MC146818). */
#include <stdbool.h>

#include "io.h"
#include "pc.h"

#define CMOS_INDEX 0x70
#define CMOS_DATA  0x71
#define NMI_OFF    0x80 /* keeps NMIs masked while the index is set */

/* The RTC's registers used here. */
enum {
    R_SEC = 0x00,
    R_MIN = 0x02,
    R_HOUR = 0x04,
    R_DAY = 0x07,
    R_MONTH = 0x08,
    R_YEAR = 0x09,
    R_A = 0x0a,
    R_B = 0x0b,
    R_CENTURY = 0x32
};

struct rtc_time {
    unsigned sec, min, hour, day, month, year, century;
};

static unsigned cmos_read(unsigned reg)
{
    outb(CMOS_INDEX, (uint8_t)(NMI_OFF | reg));
    return inb(CMOS_DATA);
}

static void rtc_snapshot(struct rtc_time *t)
{
    /* wait out an update in progress (register A, bit 7; < 2 ms) */
    for (unsigned i = 0; i < 1000000 && (cmos_read(R_A) & 0x80); i++)
        __asm__ volatile("pause");
    t->sec = cmos_read(R_SEC);
    t->min = cmos_read(R_MIN);
    t->hour = cmos_read(R_HOUR);
    t->day = cmos_read(R_DAY);
    t->month = cmos_read(R_MONTH);
    t->year = cmos_read(R_YEAR);
    t->century = cmos_read(R_CENTURY);
}

static bool same(const struct rtc_time *a, const struct rtc_time *b)
{
    return a->sec == b->sec && a->min == b->min && a->hour == b->hour &&
           a->day == b->day && a->month == b->month && a->year == b->year &&
           a->century == b->century;
}

static unsigned from_bcd(unsigned v)
{
    return (v >> 4) * 10 + (v & 0x0f);
}

/* Days from 1970-01-01 to (y)-(m)-(d) in the proleptic Gregorian calendar
 * (March-based years, so that the leap day ends a year). */
static int64_t days_since_epoch(int64_t y, unsigned m, unsigned d)
{
    int64_t era, yoe, doy, doe;

    if (m <= 2)
        y--;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int64_t pc_rtc_read_ns(void)
{
    struct rtc_time a, b;
    unsigned regb, hour;
    bool pm;
    int64_t year, secs;

    /* no RTC (QEMU's microvm under KVM): the bus reads all ones */
    if (cmos_read(R_A) == 0xff && cmos_read(R_B) == 0xff)
        return -1;
    rtc_snapshot(&b);
    do {
        a = b;
        rtc_snapshot(&b);
    } while (!same(&a, &b));
    regb = cmos_read(R_B);
    pm = (a.hour & 0x80) != 0;
    a.hour &= 0x7f;
    if (!(regb & 0x04)) { /* BCD unless register B says binary */
        a.sec = from_bcd(a.sec);
        a.min = from_bcd(a.min);
        a.hour = from_bcd(a.hour);
        a.day = from_bcd(a.day);
        a.month = from_bcd(a.month);
        a.year = from_bcd(a.year);
        a.century = from_bcd(a.century);
    }
    hour = a.hour;
    if (!(regb & 0x02)) /* 12-hour clock: 12 AM is 0, 12 PM is 12 */
        hour = hour % 12 + (pm ? 12 : 0);
    if (a.month < 1 || a.month > 12 || a.day < 1 || a.day > 31 || hour > 23 ||
        a.min > 59 || a.sec > 60)
        return -1;
    /* the century register is not standard: trust it only if plausible */
    year = a.century >= 19 && a.century <= 99 ? a.century * 100 + a.year
                                              : 2000 + a.year;
    secs = days_since_epoch(year, a.month, a.day) * 86400 + hour * 3600 +
           a.min * 60 + a.sec;
    return secs * 1000000000;
}
