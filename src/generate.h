/* SPDX-License-Identifier: ISC */
/* generate.h: writing the C glue mirage_main.c and mirage_main.h. */
#ifndef MIRAGE_HELPER_GENERATE_H
#define MIRAGE_HELPER_GENERATE_H

#include "check.h"
#include "util.h"

/* Appends (s) to (sb) as a C string literal, quotes included. */
void generate_c_string(struct strbuf *sb, const char *s);

/*
 * Appends (s) for use inside a C comment: it can neither end the comment
 * nor seem to open a nested one; newlines and tabs become spaces.
 */
void generate_comment_text(struct strbuf *sb, const char *s);

/* Is (target) one whose image a tender runs (spt, hvt)? */
bool generate_tender_target(const char *target);

/*
 * The devices of the manifest that `mirage generate` writes into an spt or
 * hvt image: the started devices whose implementation needs a host
 * resource (registry_impl.host), in declaration order. Sets (*out) to an
 * array of device indices that the caller frees; returns the count.
 */
size_t generate_manifest_devices(const struct model *model, size_t **out);

/*
 * Makes the text of mirage_main.h and mirage_main.c for (model), which must
 * have passed check_spec without error; for spt and hvt, mirage_main.c
 * also holds the image's device manifest (an ELF note, see
 * generate_manifest_devices). Caller frees both.
 */
void generate_text(const struct model *model, char **header, char **source);

/*
 * Writes (dir)/mirage_main.h and (dir)/mirage_main.c, and for each started
 * crunch device NAME (dir)/mirage_crunch_NAME.c and its make dependencies
 * (dir)/mirage_crunch_NAME.d, and for the xen target the domain
 * configuration (dir)/UNIKERNEL.xl and its template UNIKERNEL.xl.in
 * (xl.h), for the virtio target the libvirt domain
 * (dir)/UNIKERNEL_libvirt.xml (libvirt.h), each only if its content
 * changed. Returns 0, or -1 after printing a message.
 */
int generate_files(const struct model *model, const char *dir);

#endif
