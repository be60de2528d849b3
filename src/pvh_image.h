/* SPDX-License-Identifier: ISC */
/* pvh_image.h: checking a xen or virtio image before QEMU boots it. */
#ifndef MIRAGE_HELPER_PVH_IMAGE_H
#define MIRAGE_HELPER_PVH_IMAGE_H

#include <stddef.h>
#include <stdint.h>

/* The least heap, above the image, that a PVH image is given to boot. */
#define PVH_HEAP_MIN (512u * 1024u)

/* What the check found in an image. */
struct pvh_image {
    uint64_t end;      /* the end of the last loaded segment (physical) */
    uint64_t need_mib; /* the least --mem that boots it */
};

/*
 * Checks the (size) bytes at (data), the start of the file (path) (used in
 * messages), as a PVH image of target (target) ("xen" or "virtio"):
 * ELF64, little-endian, x86-64, ET_EXEC; program headers inside (data);
 * loaded segments inside 4 GiB, none below 1 MiB, the file's bytes of each
 * inside (file_size); a PT_NOTE holding Xen's PHYS32_ENTRY note (the PVH
 * entry). Only (data) is read: it must hold the program headers and the
 * notes (the first pages of any image we link). Returns 0 with (*out)
 * filled, or -1 with a one-line message in (err) (size (errsz)).
 */
int pvh_image_check(const uint8_t *data, size_t size, uint64_t file_size,
                    const char *path, const char *target, struct pvh_image *out,
                    char *err, size_t errsz);

/*
 * Opens (path) without blocking, refuses what is not a regular file,
 * reads its ELF header (a file without one is refused at once), then its
 * first 8 MiB at most, and checks them with pvh_image_check. Returns 0
 * with (*out) filled, or -1 with a one-line message naming (path) in (err).
 */
int pvh_image_check_file(const char *path, const char *target,
                         struct pvh_image *out, char *err, size_t errsz);

#endif
