/* SPDX-License-Identifier: ISC */
/* cmdline_boot.c: running the unikernel with arguments from a command line. */
#include "core/cmdline_boot.h"

#include <errno.h>
#include <stdio.h>

#include <mirage/exit.h>
#include <mirage/image.h>

#include "core/cmdline.h"
#include "platform.h"

#define MAX_ARGS       256 /* arguments from the command line */
#define IMAGE_NAME_MAX 256 /* bytes of argv[0], NUL included */

static char name[IMAGE_NAME_MAX];
static char *argv[MAX_ARGS + 2]; /* argv[0], the arguments, NULL */

void core_cmdline_boot(const struct mirage_image *image, const char *target,
                       char *cmdline)
{
    const char *prog = image->name ? image->name : "mirage";
    size_t i;
    int n;

    /* a bounded copy (truncated), as snprintf would but cheaper at boot */
    for (i = 0; i + 1 < sizeof(name) && prog[i]; i++)
        name[i] = prog[i];
    name[i] = '\0';
    argv[0] = name;
    n = core_cmdline_split(cmdline, argv + 1, MAX_ARGS + 1);
    if (n < 0) {
        char msg[96];
        int len =
            snprintf(msg, sizeof(msg), "%s: %s on the command line\n", target,
                     n == -E2BIG ? "too many arguments"
                                 : "unterminated quote or final "
                                   "backslash");

        if (len > 0)
            plat_error_write(msg, (size_t)len < sizeof(msg) ? (size_t)len
                                                            : sizeof(msg) - 1);
        plat_exit(MIRAGE_EXIT_USAGE);
    }
    plat_exit(mirage_boot(image, n + 1, argv));
}
