/* SPDX-License-Identifier: ISC */
/* seccomp_child.h: the verdict on a system call made in a filtered child. */
#ifndef MIRAGE_TESTS_SECCOMP_CHILD_H
#define MIRAGE_TESTS_SECCOMP_CHILD_H

/*
 * The seccomp tests fork a child that installs a filter, makes one call,
 * then exits with SECCOMP_CHILD_LIVED (99 if the filter would not load).
 */
#include <signal.h>
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>

#define SECCOMP_CHILD_LIVED 7

/*
 * Waits for the child (pid) (< 0: fork failed): 1 when its call was
 * allowed, 0 when SIGSYS killed it, -1 else (the status as a TAP comment).
 */
static inline int seccomp_child_verdict(pid_t pid)
{
    int status;

    if (pid < 0 || waitpid(pid, &status, 0) != pid)
        return -1;
    if (WIFEXITED(status) && WEXITSTATUS(status) == SECCOMP_CHILD_LIVED)
        return 1;
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS)
        return 0;
    printf("# child status 0x%x\n", status);
    return -1;
}

#endif
