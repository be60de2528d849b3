/* SPDX-License-Identifier: ISC */
/* assert.h: run-time assertions that end the unikernel with a crash report. */

/* No include guard: as ISO C requires, NDEBUG is looked at on each include. */
#undef assert

/*
 * Ends the unikernel through mirage_abort with "assertion failed: (expr)
 * ((file):(line))". Never returns; called only by assert.
 */
void core_libc_assert_fail(const char *expr, const char *file, int line)
    __attribute__((noreturn));

#ifdef NDEBUG
#define assert(e) ((void)0)
#else
/* Does nothing when (e) is true, else ends the unikernel as above. */
#define assert(e)                                                              \
    ((e) ? (void)0 : core_libc_assert_fail(#e, __FILE__, __LINE__))
#endif

#if !defined(__cplusplus) && !defined(static_assert)
#define static_assert _Static_assert
#endif
