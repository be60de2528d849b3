/* SPDX-License-Identifier: ISC */
/* cmdline_boot.h: running the unikernel with arguments from a command line. */
#ifndef MIRAGE_CORE_CMDLINE_BOOT_H
#define MIRAGE_CORE_CMDLINE_BOOT_H

struct mirage_image;

/*
 * The last step of the targets that boot with one command-line string
 * (hvt, spt, virtio, xen): makes argv of (image)'s name ("mirage" if it
 * has none) and the arguments that core_cmdline_split takes out of
 * (cmdline) (rewritten in place; at most 256), runs mirage_boot with it
 * and exits (plat_exit) with its status. A command line that cannot be
 * split is a usage error: "(target): too many arguments on the command
 * line", or "...: unterminated quote or final backslash on the command
 * line", and the exit status MIRAGE_EXIT_USAGE. Never returns.
 */
void core_cmdline_boot(const struct mirage_image *image, const char *target,
                       char *cmdline) __attribute__((noreturn));

#endif
