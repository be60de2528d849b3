/* SPDX-License-Identifier: ISC */
/* lsan_off.c: a sanitizer build's tenders end without LeakSanitizer's check. */
/*
 * Linked only into the tenders of a build configured with
 * --enable-sanitizers. LeakSanitizer checks for leaks as a process exits
 * by stopping its threads with ptrace: a tender's seccomp filter kills
 * that, and its tests run it under strace, where ptrace cannot be used
 * again (LSan then dies with "LeakSanitizer has encountered a fatal
 * error"). ASan and UBSan still check every access and operation.
 */
#include <sanitizer/lsan_interface.h>

int __lsan_is_turned_off(void)
{
    return 1;
}
