/* SPDX-License-Identifier: ISC */
/* pvh_image.c: checking a xen or virtio image before QEMU boots it. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pvh_image.h"

#define EHDR_SIZE  64u
#define PHDR_SIZE  56u
#define PT_LOAD    1u
#define PT_NOTE    4u
#define EM_X86_64  62u
#define ET_EXEC    2u
#define MIB        (1024ull * 1024ull)
#define LOW_LIMIT  MIB                  /* nothing is loaded below 1 MiB */
#define HIGH_LIMIT (4ull << 30)         /* PVH starts in 32-bit mode */
#define XEN_PHYS32 18u                  /* XEN_ELFNOTE_PHYS32_ENTRY */
#define HEAD_BYTES (8u * 1024u * 1024u) /* the most the file check reads */

static uint64_t get(const uint8_t *p, unsigned n)
{
    uint64_t v = 0;

    for (unsigned i = 0; i < n; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

static int fail(char *err, size_t errsz, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(char *err, size_t errsz, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(err, errsz, fmt, ap);
    va_end(ap);
    return -1;
}

/* 1 when the notes in [p, p + len) hold Xen's PVH entry note. */
static int has_pvh_note(const uint8_t *p, uint64_t len)
{
    uint64_t off = 0;

    while (len - off >= 12) {
        uint64_t namesz = get(p + off, 4), descsz = get(p + off + 4, 4);
        uint64_t type = get(p + off + 8, 4);
        uint64_t name_pad = (namesz + 3) & ~3ull,
                 desc_pad = (descsz + 3) & ~3ull;

        if (name_pad > len - off - 12 || desc_pad > len - off - 12 - name_pad)
            return 0;
        if (namesz == 4 && memcmp(p + off + 12, "Xen", 4) == 0 &&
            type == XEN_PHYS32 && descsz >= 4)
            return 1;
        off += 12 + name_pad + desc_pad;
    }
    return 0;
}

int pvh_image_check(const uint8_t *data, size_t size, uint64_t file_size,
                    const char *path, const char *target, struct pvh_image *out,
                    char *err, size_t errsz)
{
    uint64_t phoff, phnum, end = 0;
    int note = 0, loads = 0;

    if (size < EHDR_SIZE || memcmp(data, "\177ELF", 4) != 0)
        return fail(err, errsz,
                    "%s is not an ELF file: not a %s image (build one with "
                    "./configure --with-target=%s)",
                    path, target, target);
    if (data[4] != 2 || data[5] != 1 || get(data + 18, 2) != EM_X86_64 ||
        get(data + 16, 2) != ET_EXEC)
        return fail(err, errsz,
                    "%s is not an x86-64 ELF64 executable: not a %s image "
                    "(build one with ./configure --with-target=%s)",
                    path, target, target);
    phoff = get(data + 32, 8);
    phnum = get(data + 56, 2);
    if (get(data + 54, 2) != PHDR_SIZE || phnum == 0 || phoff > size ||
        phnum > (size - phoff) / PHDR_SIZE)
        return fail(err, errsz,
                    "%s: its program headers are missing or past the first "
                    "%zu bytes: not a %s image",
                    path, size, target);
    for (uint64_t i = 0; i < phnum; i++) {
        const uint8_t *ph = data + phoff + i * PHDR_SIZE;
        uint64_t type = get(ph, 4), off = get(ph + 8, 8);
        uint64_t paddr = get(ph + 24, 8), filesz = get(ph + 32, 8);
        uint64_t memsz = get(ph + 40, 8);

        if (off > file_size || filesz > file_size - off)
            return fail(err, errsz,
                        "%s: segment %llu runs past the end of the file "
                        "(%llu bytes): the file is cut or corrupt",
                        path, (unsigned long long)i,
                        (unsigned long long)file_size);
        if (type == PT_NOTE && off <= size && filesz <= size - off)
            note |= has_pvh_note(data + off, filesz);
        if (type != PT_LOAD || memsz == 0)
            continue;
        if (filesz > memsz || paddr < LOW_LIMIT || paddr > HIGH_LIMIT ||
            memsz > HIGH_LIMIT - paddr)
            return fail(err, errsz,
                        "%s: segment %llu is loaded at 0x%llx-0x%llx, "
                        "outside [1 MiB, 4 GiB): not a %s image",
                        path, (unsigned long long)i, (unsigned long long)paddr,
                        (unsigned long long)(paddr + memsz), target);
        if (paddr + memsz > end)
            end = paddr + memsz;
        loads++;
    }
    if (!loads)
        return fail(err, errsz, "%s has no loaded segment: not a %s image",
                    path, target);
    if (!note)
        return fail(err, errsz,
                    "%s has no PVH entry (Xen's PHYS32_ENTRY ELF note): not "
                    "a %s image (build one with ./configure --with-target=%s)",
                    path, target, target);
    out->end = end;
    out->need_mib = (end + PVH_HEAP_MIN + MIB - 1) / MIB;
    return 0;
}

int pvh_image_check_file(const char *path, const char *target,
                         struct pvh_image *out, char *err, size_t errsz)
{
    uint8_t *head;
    struct stat st;
    ssize_t got;
    size_t have = 0, want;
    int rc;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

    if (fd < 0)
        return fail(err, errsz, "%s: %s", path, strerror(errno));
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return fail(err, errsz, "%s: %s", path, strerror(e));
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return fail(err, errsz, "%s is %s, not an image file", path,
                    S_ISDIR(st.st_mode)    ? "a directory"
                    : S_ISFIFO(st.st_mode) ? "a FIFO"
                    : S_ISCHR(st.st_mode)  ? "a character device"
                    : S_ISBLK(st.st_mode)  ? "a block device"
                    : S_ISSOCK(st.st_mode) ? "a socket"
                                           : "not a regular file");
    }
    /* the ELF header first: anything else is refused before more is read */
    want = st.st_size < (off_t)EHDR_SIZE ? (size_t)st.st_size : EHDR_SIZE;
    head = malloc(HEAD_BYTES);
    if (!head) {
        close(fd);
        return fail(err, errsz, "%s: out of memory", path);
    }
    for (int pass = 0; pass < 2; pass++) {
        while (have < want && (got = read(fd, head + have, want - have)) != 0) {
            if (got < 0 && errno == EINTR)
                continue;
            if (got < 0) {
                int e = errno;
                close(fd);
                free(head);
                return fail(err, errsz, "%s: %s", path, strerror(e));
            }
            have += (size_t)got;
        }
        if (have < EHDR_SIZE || memcmp(head, "\177ELF", 4) != 0)
            break;
        want = st.st_size < (off_t)HEAD_BYTES ? (size_t)st.st_size : HEAD_BYTES;
    }
    close(fd);
    rc = pvh_image_check(head, have, (uint64_t)st.st_size, path, target, out,
                         err, errsz);
    free(head);
    return rc;
}
