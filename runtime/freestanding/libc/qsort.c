/* SPDX-License-Identifier: ISC */
/* qsort.c: qsort as an introsort, and bsearch. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

/*
 * Quicksort with a median of three pivot; a range that recursion has split
 * more than about 2 log2(n) deep is heapsorted instead, so the worst case
 * stays O(n log n); short ranges end in an insertion sort. Recursion goes
 * only into the smaller part, so the stack is O(log n).
 */

typedef int (*cmp_fn)(const void *, const void *);

static void swap(char *a, char *b, size_t size)
{
    while (size--) {
        char t = *a;
        *a++ = *b;
        *b++ = t;
    }
}

static void insertion(char *base, size_t n, size_t size, cmp_fn cmp)
{
    for (size_t i = 1; i < n; i++)
        for (char *p = base + i * size; p > base && cmp(p - size, p) > 0;
             p -= size)
            swap(p - size, p, size);
}

/* Sifts element (i) down the max-heap of (n) elements at (base). */
static void sift(char *base, size_t i, size_t n, size_t size, cmp_fn cmp)
{
    for (;;) {
        size_t big = i, l = 2 * i + 1, r = l + 1;
        if (l < n && cmp(base + l * size, base + big * size) > 0)
            big = l;
        if (r < n && cmp(base + r * size, base + big * size) > 0)
            big = r;
        if (big == i)
            return;
        swap(base + i * size, base + big * size, size);
        i = big;
    }
}

static void heapsort(char *base, size_t n, size_t size, cmp_fn cmp)
{
    for (size_t i = n / 2; i-- > 0;)
        sift(base, i, n, size, cmp);
    for (size_t end = n; end-- > 1;) {
        swap(base, base + end * size, size);
        sift(base, 0, end, size, cmp);
    }
}

static void introsort(char *base, size_t n, size_t size, cmp_fn cmp,
                      unsigned depth)
{
    while (n > 12) {
        char *lo = base, *mid = base + (n / 2) * size,
             *hi = base + (n - 1) * size;
        size_t i, j;

        if (!depth--) {
            heapsort(base, n, size, cmp);
            return;
        }
        /* Median of three to the front, as the pivot. */
        if (cmp(mid, lo) < 0)
            swap(mid, lo, size);
        if (cmp(hi, mid) < 0) {
            swap(hi, mid, size);
            if (cmp(mid, lo) < 0)
                swap(mid, lo, size);
        }
        swap(lo, mid, size);
        /* Hoare partition around base[0]; stops on equal keys. */
        i = 0;
        j = n;
        for (;;) {
            do
                i++;
            while (i < n && cmp(base + i * size, lo) < 0);
            do
                j--;
            while (cmp(base + j * size, lo) > 0);
            if (i >= j)
                break;
            swap(base + i * size, base + j * size, size);
        }
        swap(lo, base + j * size, size);
        /* [0, j) <= pivot == [j] <= (j, n) */
        if (j < n - j - 1) {
            introsort(base, j, size, cmp, depth);
            base += (j + 1) * size;
            n -= j + 1;
        } else {
            introsort(base + (j + 1) * size, n - j - 1, size, cmp, depth);
            n = j;
        }
    }
    insertion(base, n, size, cmp);
}

void qsort(void *base, size_t n, size_t size,
           int (*cmp)(const void *, const void *))
{
    unsigned depth = 0;

    if (n < 2 || !size)
        return;
    for (size_t m = n; m; m >>= 1)
        depth += 2;
    introsort(base, n, size, cmp, depth);
}

void *bsearch(const void *key, const void *base, size_t n, size_t size,
              int (*cmp)(const void *, const void *))
{
    const char *lo = base;

    while (n) {
        const char *mid = lo + (n / 2) * size;
        int c = cmp(key, mid);
        if (!c)
            return (void *)(uintptr_t)mid;
        if (c > 0) {
            lo = mid + size;
            n -= n / 2 + 1;
        } else {
            n /= 2;
        }
    }
    return NULL;
}
