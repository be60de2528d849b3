/* SPDX-License-Identifier: ISC */
/* fuzz_main.h: the standalone driver of the harnesses in tests/fuzz/. */
#ifndef MIRAGE_TESTS_FUZZ_MAIN_H
#define MIRAGE_TESTS_FUZZ_MAIN_H

/*
 * Included by a harness when it is not built for libFuzzer, it
 * gives the harness a main() that mutates the harness's seeds with a
 * seeded PRNG, feeds each mutant to LLVMFuzzerTestOneInput, and prints
 * TAP. The harness defines before including it:
 *
 *   FUZZ_NAME      its program's name, for messages
 *   FUZZ_INPUTS    inputs of a default run, and FUZZ_SECONDS its seconds
 *   FUZZ_MAXLEN    the longest mutant
 *   FUZZ_TEXT      1: mutate as text, inserting fuzz_tokens; 0: as binary,
 *                  writing interesting integers at aligned offsets
 *   fuzz_tokens    NULL-terminated words worth inserting (FUZZ_TEXT)
 *
 * and after it:
 *
 *   fuzz_seeds(s, lens, max)   fills at most (max) seeds; returns how many
 *   fuzz_seeds_ok(why, n)      1 if its seeds parse as they should, else 0
 *                              with the reason in (why)
 *
 * and counts in fuzz_accepted the inputs its parser accepted. A harness
 * with inputs to replay as points of their own (each bug it found, once
 * fixed) defines FUZZ_REPLAYS before including this file and, after it,
 * fuzz_replays(), which prints a point for each (a bug not fixed yet
 * prints a TODO point, tap.h's TAP_TODO, and the harness keeps its
 * mutants away from it).
 *
 * Usage: NAME [-n INPUTS] [-t SECONDS] [-s SEED]   a run (stops at the
 *                                                  first limit reached)
 *        NAME -w DIR     writes the seeds to DIR (a libFuzzer corpus)
 *        NAME -r FILE... runs the files as inputs (a saved failure)
 * A broken property aborts after fuzz_fail has said which, and how to
 * replay the run.
 */
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_driver.h"
#include "tap.h"

#define FUZZ_MAX_SEEDS 32

static uint8_t *fuzz_seed[FUZZ_MAX_SEEDS];
static size_t fuzz_seed_len[FUZZ_MAX_SEEDS];
static size_t fuzz_nseeds;

/* The harness's own, defined after it includes this file. */
static size_t fuzz_seeds(uint8_t **seeds, size_t *lens, size_t max);
static int fuzz_seeds_ok(char *why, size_t n);
#ifdef FUZZ_REPLAYS
static void fuzz_replays(void);
#endif

/* A number in [0, n), n > 0. */
static inline size_t fuzz_below(size_t n)
{
    return (size_t)(rnd() % n);
}

#if !FUZZ_TEXT
/* Integers that find the edges of size and offset checks. */
static uint64_t fuzz_interesting(void)
{
    static const uint64_t v[] = {0,
                                 1,
                                 2,
                                 3,
                                 4,
                                 7,
                                 8,
                                 12,
                                 16,
                                 32,
                                 56,
                                 64,
                                 0x7f,
                                 0x80,
                                 0xff,
                                 0x100,
                                 0xfff,
                                 0x1000,
                                 0x7fff,
                                 0x8000,
                                 0xff00,
                                 0xffff,
                                 0x10000,
                                 0x100000,
                                 0x7fffffff,
                                 0x80000000,
                                 0xffffffff,
                                 0x100000000ull,
                                 0x7fffffffffffffffull,
                                 0x8000000000000000ull,
                                 UINT64_MAX - 0xfff,
                                 UINT64_MAX};
    uint64_t x = v[fuzz_below(sizeof v / sizeof v[0])];

    switch (rnd() % 4) {
    case 0:
        return x - 1;
    case 1:
        return x + 1;
    default:
        return x;
    }
}

#endif

/* Inserts (n) bytes at (at) of (buf) holding (*len), within FUZZ_MAXLEN. */
static void fuzz_insert(uint8_t *buf, size_t *len, size_t at, const void *src,
                        size_t n)
{
    if (*len + n > FUZZ_MAXLEN)
        n = FUZZ_MAXLEN - *len;
    memmove(buf + at + n, buf + at, *len - at);
    memcpy(buf + at, src, n);
    *len += n;
}

/* Mutates (buf), (len) bytes long (room for FUZZ_MAXLEN); its new length. */
static size_t fuzz_mutate(uint8_t *buf, size_t len)
{
    int rounds = 1 + (int)(rnd() % 4);

    for (int r = 0; r < rounds; r++) {
        switch (rnd() % 9) {
        case 0: /* flip a bit */
            if (len)
                buf[fuzz_below(len)] ^= (uint8_t)(1u << (rnd() % 8));
            break;
        case 1: /* a random byte */
            if (len)
                buf[fuzz_below(len)] = (uint8_t)rnd();
            break;
        case 2:
        case 3:
#if FUZZ_TEXT
        { /* a token, inserted or over a range */
            size_t ntok = 0, at = fuzz_below(len + 1), del;
            const char *t;

            while (fuzz_tokens[ntok])
                ntok++;
            t = fuzz_tokens[fuzz_below(ntok)];
            del = rnd() % 2 ? 0 : fuzz_below(len - at + 1) % 8;
            memmove(buf + at, buf + at + del, len - at - del);
            len -= del;
            fuzz_insert(buf, &len, at, t, strlen(t));
            break;
        }
#else
        { /* an interesting integer at an aligned offset, either order */
            unsigned n = 1u << (rnd() % 4);
            size_t span = rnd() % 2 && len > 512 ? 512 : len;
            uint64_t v = fuzz_interesting();
            int big = rnd() % 4 == 0;

            if (span < n)
                break;
            size_t at = fuzz_below(span / n) * n;
            for (unsigned i = 0; i < n; i++)
                buf[at + i] = (uint8_t)(v >> (8 * (big ? n - 1 - i : i)));
            break;
        }
#endif
        case 4: /* cut */
            len = len ? fuzz_below(len) : 0;
            break;
        case 5: { /* remove a range */
            size_t at = fuzz_below(len + 1), n = fuzz_below(len - at + 1);
            n = n > 16 && rnd() % 2 ? n % 16 : n;
            memmove(buf + at, buf + at + n, len - at - n);
            len -= n;
            break;
        }
        case 6: { /* insert random bytes */
            uint8_t b[16];
            size_t n = 1 + fuzz_below(sizeof b);
            for (size_t i = 0; i < n; i++)
                b[i] = (uint8_t)rnd();
            fuzz_insert(buf, &len, fuzz_below(len + 1), b, n);
            break;
        }
        case 7: /* copy a range over another */
            if (len > 1) {
                size_t from = fuzz_below(len), to = fuzz_below(len);
                size_t n = 1 + fuzz_below(64);
                if (from + n <= len && to + n <= len)
                    memmove(buf + to, buf + from, n);
            }
            break;
        case 8: { /* the rest from another seed, at the same place */
            size_t s = fuzz_below(fuzz_nseeds), at = fuzz_below(len + 1);
            if (at < fuzz_seed_len[s]) {
                size_t n = fuzz_seed_len[s] - at;
                if (at + n > FUZZ_MAXLEN)
                    n = FUZZ_MAXLEN - at;
                memcpy(buf + at, fuzz_seed[s] + at, n);
                len = at + n;
            }
            break;
        }
        }
    }
    return len;
}

/* Appends the decimal (v) to (p); returns the end. */
static char *fuzz_put_number(char *p, unsigned long long v)
{
    char d[24];
    int n = 0;

    do
        d[n++] = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    while (n)
        *p++ = d[--n];
    return p;
}

/*
 * On SIGSEGV or SIGBUS (a read past a guard page, say): says which input
 * of the run faulted, then dies of the signal.
 */
static void fuzz_on_fault(int sig)
{
    static const char what[] = FUZZ_NAME ": fault: replay: " FUZZ_NAME " -s ";
    char msg[160], *p = msg;

    memcpy(p, what, sizeof what - 1);
    p = fuzz_put_number(p + sizeof what - 1, fuzz_run_seed);
    memcpy(p, " -n ", 4);
    p = fuzz_put_number(p + 4, fuzz_done + 1);
    *p++ = '\n';
    fflush(stdout);
    if (write(2, msg, (size_t)(p - msg)) < 0)
        p = msg;
    signal(sig, SIG_DFL);
    raise(sig);
}

/* Writes each seed to DIR/seedN; returns the exit status. */
static int fuzz_write_seeds(const char *dir)
{
    for (size_t i = 0; i < fuzz_nseeds; i++) {
        char path[4096];
        FILE *f;

        snprintf(path, sizeof path, "%s/seed%zu", dir, i);
        f = fopen(path, "wb");
        if (!f ||
            fwrite(fuzz_seed[i], 1, fuzz_seed_len[i], f) != fuzz_seed_len[i] ||
            fclose(f) != 0) {
            perror(path);
            return 1;
        }
    }
    return 0;
}

/* Runs the files (paths) as inputs; returns the exit status. */
static int fuzz_replay(char **paths, int n)
{
    static uint8_t buf[FUZZ_INPUT_MAX];

    for (int i = 0; i < n; i++) {
        FILE *f = fopen(paths[i], "rb");
        size_t len;

        if (!f) {
            perror(paths[i]);
            return 1;
        }
        len = fread(buf, 1, sizeof buf, f);
        fclose(f);
        LLVMFuzzerTestOneInput(buf, len);
        TAP_OK(1, "%s: no property broken", paths[i]);
    }
    return tap_done();
}

int main(int argc, char **argv)
{
    unsigned long long max_inputs = FUZZ_INPUTS;
    double seconds = FUZZ_SECONDS, start;
    uint64_t seed = 0x6d69726167650002ull;
    static uint8_t buf[FUZZ_MAXLEN];
    char why[512] = "";
    int ok;

    fuzz_nseeds = fuzz_seeds(fuzz_seed, fuzz_seed_len, FUZZ_MAX_SEEDS);
    if (argc > 1 && strcmp(argv[1], "-r") == 0)
        return fuzz_replay(argv + 2, argc - 2);
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "-w") == 0)
            return fuzz_write_seeds(argv[i + 1]);
        if (strcmp(argv[i], "-n") == 0)
            max_inputs = strtoull(argv[i + 1], NULL, 10);
        else if (strcmp(argv[i], "-t") == 0)
            seconds = strtod(argv[i + 1], NULL);
        else if (strcmp(argv[i], "-s") == 0)
            seed = strtoull(argv[i + 1], NULL, 0);
    }
    fuzz_hang_guard(seconds);
    fuzz_run_seed = seed;
    rng_state = seed ? seed : 1;

    ok = fuzz_nseeds > 0 && fuzz_seeds_ok(why, sizeof why);
    TAP_OK(ok, "the %zu seeds parse as they should%s%s", fuzz_nseeds,
           ok ? "" : ": ", ok ? "" : why);
    fflush(stdout);
    if (!ok)
        return tap_done();
#ifdef FUZZ_REPLAYS
    fuzz_replays();
    fflush(stdout);
#endif
    fuzz_accepted = 0;
    signal(SIGSEGV, fuzz_on_fault);
    signal(SIGBUS, fuzz_on_fault);
    start = now();
    while (fuzz_done < max_inputs &&
           (fuzz_done % 256 != 0 || now() - start < seconds)) {
        size_t s = fuzz_below(fuzz_nseeds), len = fuzz_seed_len[s];

        memcpy(buf, fuzz_seed[s], len);
        if (fuzz_done > 0) /* the first input: the seed itself */
            len = fuzz_mutate(buf, len);
        LLVMFuzzerTestOneInput(buf, len);
        fuzz_done++;
    }
    TAP_OK(1,
           "%llu inputs in %.1f s (seed 0x%llx), %llu accepted, no property "
           "broken",
           fuzz_done, now() - start, (unsigned long long)seed, fuzz_accepted);
    return tap_done();
}

#endif
