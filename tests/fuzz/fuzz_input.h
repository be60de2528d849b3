/* SPDX-License-Identifier: ISC */
/* fuzz_input.h: what every harness uses: a guarded copy, failures. */
#ifndef MIRAGE_TESTS_FUZZ_INPUT_H
#define MIRAGE_TESTS_FUZZ_INPUT_H

/*
 * libFuzzer hands a harness its input in a heap buffer of exactly its
 * size, which AddressSanitizer guards; the standalone drivers run in
 * `make check` without sanitizers. fuzz_input_copy gives both the same
 * guard: without AddressSanitizer the copy lies against a PROT_NONE page,
 * after its end on even calls and before its start on odd ones, so a read
 * one byte outside it is a SIGSEGV; with it, the copy is a malloc'd buffer
 * of exactly its size. The harness defines FUZZ_NAME (its program's name)
 * before including this file.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define FUZZ_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FUZZ_ASAN 1
#endif
#endif

/* The largest input the guarded region holds; larger ones are malloc'd. */
#define FUZZ_INPUT_MAX (1u << 20)

static unsigned char *fuzz_region; /* guard page, FUZZ_INPUT_MAX, guard */
static size_t fuzz_page;
static unsigned long long fuzz_copies;

/*
 * Copies the (size) bytes at (data), and a NUL after them if (nul), to a
 * guarded buffer (see above). Returns it; release it with fuzz_input_free
 * before the next call. Aborts if memory cannot be had.
 */
static inline void *fuzz_input_copy(const void *data, size_t size, int nul)
{
    size_t n = size + (nul ? 1 : 0);
    unsigned char *p;

#ifndef FUZZ_ASAN
    if (!fuzz_region) {
        fuzz_page = (size_t)sysconf(_SC_PAGESIZE);
        fuzz_region =
            mmap(NULL, FUZZ_INPUT_MAX + 2 * fuzz_page, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (fuzz_region == MAP_FAILED ||
            mprotect(fuzz_region, fuzz_page, PROT_NONE) != 0 ||
            mprotect(fuzz_region + fuzz_page + FUZZ_INPUT_MAX, fuzz_page,
                     PROT_NONE) != 0) {
            perror("fuzz_input_copy: mmap");
            abort();
        }
    }
    if (n <= FUZZ_INPUT_MAX) {
        p = fuzz_region + fuzz_page;
        if (fuzz_copies++ % 2 == 0)
            p += FUZZ_INPUT_MAX - n;
        if (size)
            memcpy(p, data, size);
        if (nul)
            p[size] = '\0';
        return p;
    }
#endif
    p = malloc(n ? n : 1);
    if (!p)
        abort();
    if (size)
        memcpy(p, data, size);
    if (nul)
        p[size] = '\0';
    return p;
}

/* Releases a copy made by fuzz_input_copy. */
static inline void fuzz_input_free(void *copy)
{
    unsigned char *p = copy;

    if (fuzz_region && p >= fuzz_region &&
        p < fuzz_region + FUZZ_INPUT_MAX + 2 * fuzz_page)
        return;
    free(p);
}

/* Inputs that the parser accepted (the harness counts them). */
static unsigned long long fuzz_accepted;

/* The standalone driver's run, to replay it after a failure. */
static uint64_t fuzz_run_seed;
static unsigned long long fuzz_done;

/*
 * Says which property (fmt) the current input broke, and how to replay
 * the standalone driver's run, and aborts.
 */
static void fuzz_fail(const char *fmt, ...) __attribute__((noreturn))
__attribute__((format(printf, 1, 2)));

static void fuzz_fail(const char *fmt, ...)
{
    va_list ap;

    fflush(stdout);
    va_start(ap, fmt);
    fprintf(stderr, "%s: property broken: ", FUZZ_NAME);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    if (fuzz_run_seed)
        fprintf(stderr, "%s: replay: %s -s 0x%llx -n %llu\n", FUZZ_NAME,
                FUZZ_NAME, (unsigned long long)fuzz_run_seed, fuzz_done + 1);
    abort();
}

#endif
