/* SPDX-License-Identifier: ISC */
/* symbolize.h: naming the functions of a crash report's addresses. */
#ifndef MIRAGE_HELPER_SYMBOLIZE_H
#define MIRAGE_HELPER_SYMBOLIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "elf64.h"
#include "util.h"

/* Lines held back while the load address of a PIE image is unknown. */
#define SYMBOLIZE_MAX_HELD 200

/*
 * The state of one log being symbolized against one image. Lines go in one
 * by one; what comes out is the same text with function names added:
 *
 *   - a backtrace frame "#N 0xADDR NAME+0xOFF" gets " FUNCTION+0xDELTA"
 *     at the end of its line, found from OFF, unless NAME is a shared
 *     library's; a frame "#N 0xADDR" without NAME gets one from ADDR when
 *     the image is ET_EXEC (its addresses are the run's) and ADDR lies in
 *     its code;
 *   - a register "rip=0x..." gets " FUNCTION+0xDELTA" right after its value:
 *     for ET_EXEC from the value itself; for ET_DYN (a PIE) once a later
 *     frame of the image gives the load address (ADDR - OFF), so lines from
 *     the rip line on are held back until then (at most SYMBOLIZE_MAX_HELD,
 *     and never past the end of the log: then they go out unchanged).
 *
 * A return address follows its call, which may be the last instruction of
 * a function, so the function is looked up one byte before it: for frames
 * #1 and up, and for frame #0 and rip too when the report's registers are
 * only those of an abort (rip, rsp and rbp, no rax: runtime/core/crash.c
 * takes its pc from a return address then; a fault's registers are all
 * there and its pc is exact). A line with "crash: " starts a new report.
 */
struct symbolizer {
    const struct elf64_image *img;
    const char *image_name; /* the image's file name, without folders */
    struct strbuf held;     /* lines waiting for the load address */
    size_t nheld;
    bool held_returns; /* the held rip is a return address */
    bool full_regs;    /* the current report has shown rax */
    bool abort_regs;   /* it showed rip without rax: an abort's registers */
};

void symbolizer_init(struct symbolizer *s, const struct elf64_image *img,
                     const char *image_path);

/*
 * Feeds one line of (len) bytes, its '\n' included if it has one (a "\r\n"
 * ending is kept); appends to (out) whatever can be written now.
 */
void symbolizer_line(struct symbolizer *s, const char *line, size_t len,
                     struct strbuf *out);

/* Ends the log: appends the held lines, unchanged, to (out). */
void symbolizer_finish(struct symbolizer *s, struct strbuf *out);

void symbolizer_free(struct symbolizer *s);

/*
 * Copies (in) to (out) through (s), line by line, flushing (out) after each
 * line written. Returns 0, or -1 on a read error (errno set) or -2 on a
 * write error.
 */
int symbolize_stream(struct symbolizer *s, FILE *in, FILE *out);

#endif
