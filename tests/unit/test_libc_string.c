/* SPDX-License-Identifier: ISC */
/* test_libc_string.c: the freestanding string, ctype, strtol, qsort code. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libc_test.h"
#include "tap.h"

/* libc_abort_jump, libc_abort_msg and the silent platform stubs: libc_stubs.c
 */

static int sign(int x)
{
    return (x > 0) - (x < 0);
}

/* Fills (n) bytes with letters from a small alphabet, so matches happen. */
static void fill(char *s, size_t n, unsigned alphabet)
{
    for (size_t i = 0; i < n; i++)
        s[i] = (char)('a' + rnd() % alphabet);
}

static void test_mem(void)
{
    static unsigned char a[600], b[600], c[600];
    int bad_cpy = 0, bad_move = 0, bad_set = 0, bad_cmp = 0, bad_chr = 0;

    for (int i = 0; i < 20000; i++) {
        size_t n = rnd() % 300, so = rnd() % 150, doff = rnd() % 150;
        int v = (int)(rnd() % 512) - 256;
        for (size_t j = 0; j < sizeof(a); j++)
            a[j] = b[j] = (unsigned char)rnd();
        /* memcpy between distinct buffers */
        memcpy(c, b, sizeof(c));
        if (mfs_memcpy(b + doff, a + so, n) != b + doff)
            bad_cpy++;
        memcpy(c + doff, a + so, n);
        bad_cpy += memcmp(b, c, sizeof(b)) != 0;
        /* memmove within one buffer, either direction */
        memcpy(c, a, sizeof(c));
        if (mfs_memmove(a + doff, a + so, n) != a + doff)
            bad_move++;
        memmove(c + doff, c + so, n);
        bad_move += memcmp(a, c, sizeof(a)) != 0;
        /* memset */
        memcpy(c, a, sizeof(c));
        if (mfs_memset(a + so, v, n) != a + so)
            bad_set++;
        memset(c + so, v, n);
        bad_set += memcmp(a, c, sizeof(a)) != 0;
        /* memcmp of nearly equal buffers */
        memcpy(b, a, sizeof(b));
        if (n && rnd() % 2)
            b[so + rnd() % n] ^= (unsigned char)(1u << (rnd() % 8));
        bad_cmp += sign(mfs_memcmp(a + so, b + so, n)) !=
                   sign(memcmp(a + so, b + so, n));
        /* memchr */
        bad_chr += mfs_memchr(a + so, v, n) != memchr(a + so, v, n);
    }
    TAP_OK(!bad_cpy, "memcpy equals the host's on 20000 random copies");
    TAP_OK(!bad_move, "memmove handles overlap both ways (20000 moves)");
    TAP_OK(!bad_set, "memset equals the host's, any alignment");
    TAP_OK(!bad_cmp, "memcmp has the host's sign, bytes as unsigned");
    TAP_OK(!bad_chr, "memchr finds what the host's finds");
}

/* The host's strncpy, out of the compiler's sight: it warns on purpose. */
static char *(*volatile host_strncpy)(char *, const char *, size_t) = strncpy;

static void test_str(void)
{
    char s[80], t[80], u[80], v[80];
    int bad[12] = {0};

    for (int i = 0; i < 20000; i++) {
        size_t n = rnd() % 40, m = rnd() % 6, k = rnd() % 50;
        int c = 'a' + (int)(rnd() % 5);
        /* no NUL past the terminators: a function that runs past one, or
         * a string that lost it, reads out of the array (ASan reports it) */
        memset(s, 'y', sizeof(s));
        memset(t, 'y', sizeof(t));
        fill(s, n, 4);
        s[n] = '\0';
        if (rnd() % 4 == 0 && n) /* a byte above 127, not the NUL */
            s[rnd() % n] = (char)0xe9;
        fill(t, m, 4);
        t[m] = '\0';
        if (rnd() % 3 == 0 && n) /* t a prefix of s, or s itself */
            memcpy(t, s, m = rnd() % (n + 1)), t[m] = '\0';
        bad[0] += mfs_strlen(s) != strlen(s);
        bad[1] += mfs_strnlen(s, k) != strnlen(s, k);
        bad[2] += sign(mfs_strcmp(s, t)) != sign(strcmp(s, t));
        bad[3] += sign(mfs_strncmp(s, t, k % 8)) != sign(strncmp(s, t, k % 8));
        bad[4] += mfs_strchr(s, c) != strchr(s, c) ||
                  mfs_strchr(s, 0) != strchr(s, 0);
        bad[5] += mfs_strrchr(s, c) != strrchr(s, c) ||
                  mfs_strrchr(s, 0) != strrchr(s, 0);
        bad[6] += mfs_strstr(s, t) != strstr(s, t);
        bad[7] += mfs_strspn(s, t) != strspn(s, t) ||
                  mfs_strcspn(s, t) != strcspn(s, t);
        memset(u, 'x', sizeof(u));
        memset(v, 'x', sizeof(v));
        bad[8] +=
            mfs_strcpy(u, s) != u || strcmp(u, s) || u[strlen(s) + 1] != 'x';
        memset(u, 'x', sizeof(u));
        bad[9] += mfs_strncpy(u, s, k) != u ||
                  memcmp(u, host_strncpy(v, s, k), sizeof(u));
    }
    TAP_OK(!bad[0] && !bad[1], "strlen and strnlen equal the host's");
    TAP_OK(!bad[2], "strcmp has the host's sign (20000 pairs)");
    TAP_OK(!bad[3], "strncmp has the host's sign");
    TAP_OK(!bad[4], "strchr finds what the host's finds, NUL too");
    TAP_OK(!bad[5], "strrchr finds what the host's finds, NUL too");
    TAP_OK(!bad[6], "strstr finds what the host's finds");
    TAP_OK(!bad[7], "strspn and strcspn equal the host's");
    TAP_OK(!bad[8], "strcpy copies the NUL and no further");
    TAP_OK(!bad[9], "strncpy pads with NULs exactly as the host's");
    TAP_OK(mfs_strstr("abc", "") != NULL && *mfs_strstr("abc", "") == 'a',
           "strstr of an empty needle is the haystack");
}

static void test_ctype(void)
{
    int bad = 0;

    for (int c = -1; c < 256; c++) {
        bad += !mfs_isalnum(c) != !isalnum(c);
        bad += !mfs_isalpha(c) != !isalpha(c);
        bad += !mfs_isblank(c) != !isblank(c);
        bad += !mfs_iscntrl(c) != !iscntrl(c);
        bad += !mfs_isdigit(c) != !isdigit(c);
        bad += !mfs_isgraph(c) != !isgraph(c);
        bad += !mfs_islower(c) != !islower(c);
        bad += !mfs_isprint(c) != !isprint(c);
        bad += !mfs_ispunct(c) != !ispunct(c);
        bad += !mfs_isspace(c) != !isspace(c);
        bad += !mfs_isupper(c) != !isupper(c);
        bad += !mfs_isxdigit(c) != !isxdigit(c);
        bad += mfs_tolower(c) != tolower(c) || mfs_toupper(c) != toupper(c);
    }
    TAP_OK(!bad, "ctype equals the host's \"C\" locale for EOF and 0..255");
}

/* A random string for strtol: spaces, a sign, a prefix, digits, junk. */
static void number_text(char *s, int base)
{
    static const char *const starts[] = {"",   "",   " ",  "\t\n ", "+", "-",
                                         " -", "0x", "0X", "-0x",   "0", "x"};
    static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz"
                                 "ABCDEFZ";
    size_t n = rnd() % 30;

    strcpy(s, starts[rnd() % (sizeof(starts) / sizeof(starts[0]))]);
    s += strlen(s);
    for (size_t i = 0; i < n; i++) {
        int lim = base < 2 ? 16 : base;
        s[i] = rnd() % 16 ? digits[rnd() % (size_t)lim]
                          : digits[rnd() % (sizeof(digits) - 1)];
    }
    s[n] = rnd() % 8 ? '\0' : ' ';
    s[n + 1] = '\0';
    if (rnd() % 8 == 0)
        s[n] = '-';
}

static void test_strtol(void)
{
    static const int bases[] = {0, 2, 8, 10, 16, 36, 7, 0, 10, 16};
    char s[64], *e1, *e2;
    int bad[4] = {0}, e_ours, e_host;

    for (int i = 0; i < 40000; i++) {
        int base = bases[rnd() % 10];
        number_text(s, base);
        mfs_errno = 0;
        errno = 0;
        long a1 = mfs_strtol(s, &e1, base);
        e_ours = mfs_errno;
        long a2 = strtol(s, &e2, base);
        e_host = errno;
        bad[0] += a1 != a2 || e1 != e2 || e_ours != e_host;
        mfs_errno = 0;
        errno = 0;
        unsigned long b1 = mfs_strtoul(s, &e1, base);
        e_ours = mfs_errno;
        unsigned long b2 = strtoul(s, &e2, base);
        e_host = errno;
        bad[1] += b1 != b2 || e1 != e2 || e_ours != e_host;
        mfs_errno = 0;
        errno = 0;
        long long c1 = mfs_strtoll(s, &e1, base);
        e_ours = mfs_errno;
        long long c2 = strtoll(s, &e2, base);
        e_host = errno;
        bad[2] += c1 != c2 || e1 != e2 || e_ours != e_host;
        mfs_errno = 0;
        errno = 0;
        unsigned long long d1 = mfs_strtoull(s, &e1, base);
        e_ours = mfs_errno;
        unsigned long long d2 = strtoull(s, &e2, base);
        e_host = errno;
        bad[3] += d1 != d2 || e1 != e2 || e_ours != e_host;
        if (bad[0] + bad[1] + bad[2] + bad[3] == 1 && i >= 0) {
            printf("# first mismatch: \"%s\" base %d\n", s, base);
            bad[0] += 100000; /* report once */
        }
    }
    TAP_OK(!bad[0], "strtol equals the host's: value, end, errno (40000)");
    TAP_OK(!bad[1], "strtoul equals the host's");
    TAP_OK(!bad[2], "strtoll equals the host's");
    TAP_OK(!bad[3], "strtoull equals the host's");

    const char *edge[] = {"9223372036854775807",
                          "9223372036854775808",
                          "-9223372036854775808",
                          "-9223372036854775809",
                          "18446744073709551615",
                          "18446744073709551616",
                          "-18446744073709551615",
                          "0x",
                          "-0x1g",
                          "  +z"};
    int bad_edge = 0;
    for (size_t i = 0; i < sizeof(edge) / sizeof(edge[0]); i++) {
        for (int base = 0; base <= 16; base += 16) {
            mfs_errno = errno = 0;
            bad_edge += mfs_strtoll(edge[i], &e1, base) !=
                            strtoll(edge[i], &e2, base) ||
                        e1 != e2 || mfs_errno != errno;
            mfs_errno = errno = 0;
            bad_edge += mfs_strtoull(edge[i], &e1, base) !=
                            strtoull(edge[i], &e2, base) ||
                        e1 != e2 || mfs_errno != errno;
        }
    }
    TAP_OK(!bad_edge, "strtoll and strtoull at the limits equal the host's");
    mfs_errno = 0;
    TAP_OK(mfs_strtol("12", &e1, 1) == 0 && mfs_errno == EINVAL &&
               !strcmp(e1, "12"),
           "a bad base: 0, EINVAL, end at the start");
    TAP_OK(mfs_atoi(" -42x") == -42 &&
               mfs_atol("123456789012") == 123456789012L,
           "atoi and atol");
    TAP_OK(mfs_abs(-5) == 5 && mfs_labs(-7L) == 7 && mfs_llabs(-9LL) == 9 &&
               mfs_abs(3) == 3,
           "abs, labs, llabs");
}

struct rec {
    int key;
    int id;
    char pad[5];
};

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static int cmp_rec(const void *a, const void *b)
{
    return cmp_int(&((const struct rec *)a)->key,
                   &((const struct rec *)b)->key);
}

static unsigned long comparisons;
static int cmp_count(const void *a, const void *b)
{
    comparisons++;
    return cmp_int(a, b);
}

/*
 * An adversary that decides the order of elements only when compared,
 * always so that the pivot candidate is the smallest: it drives a plain
 * quicksort to n^2 comparisons, and introsort to its heapsort.
 */
static int adv_val[5000], adv_gas = 5000, adv_solid, adv_candidate;

static int cmp_adversary(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;

    comparisons++;
    if (adv_val[x] == adv_gas && adv_val[y] == adv_gas)
        adv_val[x == adv_candidate ? x : y] = adv_solid++;
    if (adv_val[x] == adv_gas)
        adv_candidate = x;
    else if (adv_val[y] == adv_gas)
        adv_candidate = y;
    return (adv_val[x] > adv_val[y]) - (adv_val[x] < adv_val[y]);
}

static void test_qsort(void)
{
    static int a[5000], b[5000];
    static struct rec r[3001];
    int bad = 0, bad_rec = 0, bad_bs = 0;

    for (int i = 0; i < 300; i++) {
        size_t n = rnd() % 5000;
        int range = i % 3 == 0 ? 5 : 1000000, shape = i % 5;
        for (size_t j = 0; j < n; j++) {
            a[j] = (int)(rnd() % (unsigned)range);
            if (shape == 1)
                a[j] = (int)j; /* sorted */
            if (shape == 2)
                a[j] = (int)(n - j); /* reversed */
        }
        memcpy(b, a, n * sizeof(a[0]));
        mfs_qsort(a, n, sizeof(a[0]), cmp_int);
        qsort(b, n, sizeof(b[0]), cmp_int);
        bad += memcmp(a, b, n * sizeof(a[0])) != 0;
        for (int k = 0; k < 20 && n; k++) {
            int key = (int)(rnd() % (unsigned)range);
            int *f = mfs_bsearch(&key, a, n, sizeof(a[0]), cmp_int);
            int *g = bsearch(&key, a, n, sizeof(a[0]), cmp_int);
            bad_bs += (f == NULL) != (g == NULL) || (f && *f != key);
        }
    }
    TAP_OK(!bad, "qsort sorts as the host's (300 arrays, dups, sorted, "
                 "reversed)");
    TAP_OK(!bad_bs, "bsearch finds a key exactly when the host's does");

    for (int i = 0; i < 3001; i++) {
        r[i].key = (int)(rnd() % 50);
        r[i].id = i;
        memset(r[i].pad, i & 0xff, sizeof(r[i].pad));
    }
    mfs_qsort(r, 3001, sizeof(r[0]), cmp_rec);
    for (int i = 1; i < 3001; i++)
        bad_rec +=
            r[i - 1].key > r[i].key || r[i].pad[4] != (char)(r[i].id & 0xff);
    TAP_OK(!bad_rec, "qsort moves whole odd-sized elements");

    /* A median-of-three killer: organ pipe; counts stay n log n. */
    size_t n = 5000;
    for (size_t j = 0; j < n; j++)
        a[j] = (int)(j < n / 2 ? j : n - j);
    comparisons = 0;
    mfs_qsort(a, n, sizeof(a[0]), cmp_count);
    int sorted = 1;
    for (size_t j = 1; j < n; j++)
        sorted &= a[j - 1] <= a[j];
    TAP_OK(sorted && comparisons < 6 * n * 13,
           "qsort of an organ pipe: sorted with %lu comparisons", comparisons);

    for (size_t j = 0; j < n; j++) {
        adv_val[j] = adv_gas;
        a[j] = (int)j;
    }
    comparisons = 0;
    mfs_qsort(a, n, sizeof(a[0]), cmp_adversary);
    sorted = 1;
    for (size_t j = 1; j < n; j++)
        sorted &= adv_val[a[j - 1]] <= adv_val[a[j]];
    TAP_OK(sorted && comparisons < 6 * n * 13,
           "qsort against an adversary: O(n log n), %lu comparisons",
           comparisons);
}

static void test_misc(void)
{
    mfs_errno = 7;
    TAP_OK(mfs_errno == 7 && mfs___errno_location() == mfs___errno_location(),
           "errno is one int");
    if (!setjmp(libc_abort_jump)) {
        mfs_abort();
        TAP_OK(0, "abort returns");
    } else {
        TAP_STREQ(libc_abort_msg, "abort() called", "abort calls mirage_abort");
    }
    if (!setjmp(libc_abort_jump)) {
        core_libc_assert_fail("x == 1", "f.c", 12);
        TAP_OK(0, "the assert failure returns");
    } else {
        TAP_STREQ(libc_abort_msg, "assertion failed: x == 1 (f.c:12)",
                  "a failed assert calls mirage_abort with its text");
    }
}

int main(void)
{
    test_mem();
    test_str();
    test_ctype();
    test_strtol();
    test_qsort();
    test_misc();
    return tap_done();
}
