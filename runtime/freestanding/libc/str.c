/* SPDX-License-Identifier: ISC */
/* str.c: the NUL-terminated string functions of string.h. */
#include <stdint.h>
#include <string.h>

size_t strlen(const char *s)
{
    const char *p = s;

    while (*p)
        p++;
    return (size_t)(p - s);
}

size_t strnlen(const char *s, size_t max)
{
    size_t n = 0;

    while (n < max && s[n])
        n++;
    return n;
}

int strcmp(const char *a, const char *b)
{
    const unsigned char *x = (const unsigned char *)a;
    const unsigned char *y = (const unsigned char *)b;

    while (*x && *x == *y)
        x++, y++;
    return *x - *y;
}

int strncmp(const char *a, const char *b, size_t n)
{
    const unsigned char *x = (const unsigned char *)a;
    const unsigned char *y = (const unsigned char *)b;

    for (; n; n--, x++, y++)
        if (*x != *y || !*x)
            return *x - *y;
    return 0;
}

char *strchr(const char *s, int c)
{
    for (;; s++) {
        if (*s == (char)c)
            return (char *)(uintptr_t)s;
        if (!*s)
            return NULL;
    }
}

char *strrchr(const char *s, int c)
{
    const char *found = NULL;

    for (;; s++) {
        if (*s == (char)c)
            found = s;
        if (!*s)
            return (char *)(uintptr_t)found;
    }
}

char *strstr(const char *haystack, const char *needle)
{
    size_t n = strlen(needle);

    if (!n)
        return (char *)(uintptr_t)haystack;
    for (; (haystack = strchr(haystack, *needle)); haystack++)
        if (!strncmp(haystack, needle, n))
            return (char *)(uintptr_t)haystack;
    return NULL;
}

/* Whether byte (c) is in string (set). */
static int in_set(unsigned char c, const char *set)
{
    for (; *set; set++)
        if ((unsigned char)*set == c)
            return 1;
    return 0;
}

size_t strspn(const char *s, const char *accept)
{
    size_t n = 0;

    while (s[n] && in_set((unsigned char)s[n], accept))
        n++;
    return n;
}

size_t strcspn(const char *s, const char *reject)
{
    size_t n = 0;

    while (s[n] && !in_set((unsigned char)s[n], reject))
        n++;
    return n;
}

char *strcpy(char *restrict dest, const char *restrict src)
{
    return memcpy(dest, src, strlen(src) + 1);
}

char *strncpy(char *restrict dest, const char *restrict src, size_t n)
{
    size_t len = strnlen(src, n);

    memcpy(dest, src, len);
    memset(dest + len, 0, n - len);
    return dest;
}
