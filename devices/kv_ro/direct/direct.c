/* SPDX-License-Identifier: ISC */
/* direct.c: the `direct` kv_ro (unix): a host directory read at run time. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#ifdef SYS_openat2
#include <linux/openat2.h>
#endif

#include <mirage/crypto.h>
#include <mirage/kv_ro.h>
#include <mirage/log.h>

#include "../../kv/kv_gone.h"
#include "../../kv/kv_key.h"

/*
 * Reads block the whole process, not only the calling fiber: a local file
 * answers quickly, and poll(2) cannot wait for a regular file.
 *
 * A key is opened below the directory's descriptor with openat2(2) and
 * RESOLVE_BENEATH, so a symbolic link may point anywhere inside the
 * directory but never out of it. Where the kernel lacks openat2, the key is
 * walked one segment at a time with O_NOFOLLOW, which refuses every link.
 */

MIRAGE_LOG_DEVICE_SOURCE(direct_log, "kv-direct",
                         "the direct kv_ro device: a host directory", "kv_ro");

/* One connection; kept after a disconnect, so that the name can be reused. */
struct direct {
    struct mirage_kv_ro dev;
    char *dir; /* as given, for messages */
    int fd;    /* the directory */
    struct direct *next;
};

static struct direct *directs;

/* Whether openat2 is known to be missing (then: -1) or present (1). */
static int have_openat2;

/*
 * Opens (key), normal, below (d) with (flags), one segment at a time and
 * following no link: the descriptor or -errno.
 */
static int open_walk(struct direct *d, const char *key, int flags)
{
    kv_key_buf seg;
    int cur = d->fd, fd, err;
    const char *p = key;

    for (;;) {
        const char *slash = strchr(p, '/');
        size_t n = slash ? (size_t)(slash - p) : strlen(p);
        int f = slash ? O_PATH | O_CLOEXEC : flags;
        struct stat st;

        memcpy(seg, p, n);
        seg[n] = '\0';
        fd = openat(cur, seg, f | O_NOFOLLOW);
        err = errno;
        if (cur != d->fd)
            close(cur);
        if (fd < 0)
            return -err;
        if (!slash)
            return fd;
        /* a segment above the last: a directory, and no link */
        err = fstat(fd, &st) < 0     ? errno
              : S_ISLNK(st.st_mode)  ? ELOOP
              : !S_ISDIR(st.st_mode) ? ENOTDIR
                                     : 0;
        if (err) {
            close(fd);
            return -err;
        }
        cur = fd;
        p = slash + 1;
    }
}

/* Opens normal key (key) of (d) with (flags): a descriptor or -errno. */
static int open_key(struct direct *d, const char *key, int flags)
{
    int fd;

    /* a FIFO must not block the open; O_PATH takes no such flags */
    flags |= O_CLOEXEC | ((flags & O_PATH) ? 0 : O_NONBLOCK | O_NOCTTY);
    if (!key[0]) {
        fd = openat(d->fd, ".", flags);
        return fd < 0 ? -errno : fd;
    }
#ifdef SYS_openat2
    if (have_openat2 >= 0) {
        struct open_how how;

        memset(&how, 0, sizeof(how));
        how.flags = (uint64_t)flags;
        how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
        fd = (int)syscall(SYS_openat2, d->fd, key, &how, sizeof(how));
        if (fd >= 0 || errno != ENOSYS) {
            have_openat2 = 1;
            return fd >= 0 ? fd : -errno;
        }
        have_openat2 = -1;
    }
#endif
    return open_walk(d, key, flags);
}

/*
 * Opens user key (key) of (dev) as open_key does, and stores its status in
 * (*st). Returns the descriptor, or a negative errno value as kv_ro.h says:
 * what cannot be reached is -ENOENT; a link out, -EACCES.
 */
static int open_stat(struct mirage_kv_ro *dev, const char *key, int flags,
                     struct stat *st, kv_key_buf norm)
{
    struct direct *d = dev->state;
    int fd, rc = kv_key_normalize(key, norm, NULL);

    if (rc < 0)
        return rc;
    fd = open_key(d, norm, flags);
    if (fd == -ENOTDIR)
        return -ENOENT; /* a value above the key */
    if (fd == -EXDEV || fd == -ELOOP) {
        mirage_log_warn(&direct_log,
                        "%s: '%s' is refused: a symbolic link "
                        "that leads out of %s",
                        dev->name, norm, d->dir);
        return -EACCES;
    }
    if (fd < 0)
        return fd;
    if (fstat(fd, st) < 0) {
        rc = -errno;
        close(fd);
        return rc;
    }
    if (S_ISLNK(st->st_mode)) { /* O_PATH without openat2: a link */
        close(fd);
        return -EACCES;
    }
    return fd;
}

/* Opens value (key) for reading: the descriptor, or -errno. */
static int open_value(struct mirage_kv_ro *dev, const char *key,
                      struct stat *st)
{
    kv_key_buf norm;
    int fd = open_stat(dev, key, O_RDONLY, st, norm);

    if (fd < 0)
        return fd;
    if (!S_ISREG(st->st_mode)) {
        close(fd);
        return S_ISDIR(st->st_mode) ? -EISDIR : -ENOENT;
    }
    return fd;
}

/* Reads up to (len) bytes at (offset) of (fd); stores the count. */
static int read_at(int fd, void *buf, size_t len, uint64_t offset, size_t *done)
{
    size_t got = 0;

    while (got < len) {
        ssize_t n =
            pread(fd, (char *)buf + got, len - got, (off_t)(offset + got));

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -errno;
        if (n == 0)
            break;
        got += (size_t)n;
    }
    *done = got;
    return 0;
}

static int direct_exists(struct mirage_kv_ro *dev, const char *key)
{
    kv_key_buf norm;
    struct stat st;
    int fd = open_stat(dev, key, O_PATH, &st, norm);

    if (fd == -ENOENT)
        return MIRAGE_KV_ABSENT;
    if (fd < 0)
        return fd;
    close(fd);
    if (S_ISREG(st.st_mode))
        return MIRAGE_KV_VALUE;
    return S_ISDIR(st.st_mode) ? MIRAGE_KV_DICTIONARY : MIRAGE_KV_ABSENT;
}

static int direct_get(struct mirage_kv_ro *dev, const char *key, void *buf,
                      size_t cap, size_t *len)
{
    struct stat st;
    int fd, rc;

    if (!len || (!buf && cap))
        return -EINVAL;
    fd = open_value(dev, key, &st);
    if (fd < 0)
        return fd;
    if ((uint64_t)st.st_size > cap) {
        *len = (size_t)st.st_size;
        close(fd);
        return -ENOBUFS;
    }
    rc = read_at(fd, buf, (size_t)st.st_size, 0, len);
    close(fd);
    return rc;
}

static int direct_get_partial(struct mirage_kv_ro *dev, const char *key,
                              uint64_t offset, size_t length, void *buf,
                              size_t *len)
{
    struct stat st;
    int fd, rc;

    if (!len || (!buf && length))
        return -EINVAL;
    fd = open_value(dev, key, &st);
    if (fd < 0)
        return fd;
    if (offset >= (uint64_t)st.st_size) {
        *len = 0;
        close(fd);
        return 0;
    }
    rc = read_at(fd, buf, length, offset, len);
    close(fd);
    return rc;
}

static int direct_size(struct mirage_kv_ro *dev, const char *key,
                       uint64_t *size)
{
    struct stat st;
    int fd;

    if (!size)
        return -EINVAL;
    fd = open_value(dev, key, &st);
    if (fd < 0)
        return fd;
    close(fd);
    *size = (uint64_t)st.st_size;
    return 0;
}

static int direct_last_modified(struct mirage_kv_ro *dev, const char *key,
                                int64_t *ns)
{
    kv_key_buf norm;
    struct stat st;
    int fd;

    if (!ns)
        return -EINVAL;
    fd = open_stat(dev, key, O_PATH, &st, norm);
    if (fd < 0)
        return fd;
    close(fd);
    if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
        return -ENOENT;
    *ns = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
    return 0;
}

static int direct_digest(struct mirage_kv_ro *dev, const char *key,
                         uint8_t out[MIRAGE_KV_DIGEST_SIZE])
{
    struct mirage_sha256_ctx ctx;
    unsigned char chunk[4096];
    uint64_t offset = 0;
    struct stat st;
    int fd, rc = 0;

    if (!out)
        return -EINVAL;
    fd = open_value(dev, key, &st);
    if (fd < 0)
        return fd;
    mirage_sha256_init(&ctx);
    for (;;) {
        size_t n;

        rc = read_at(fd, chunk, sizeof(chunk), offset, &n);
        if (rc < 0 || n == 0)
            break;
        mirage_sha256_update(&ctx, chunk, n);
        offset += n;
    }
    close(fd);
    mirage_sha256_final(&ctx, out);
    return rc;
}

/* One entry of a listing, before it is sorted. */
struct entry {
    char *name;
    int kind;
};

/* Byte (i) of entry (e)'s name, a dictionary's followed by '/'; -1 past. */
static int entry_byte(const struct entry *e, size_t i)
{
    size_t n = strlen(e->name);

    if (i < n)
        return (unsigned char)e->name[i];
    return i == n && e->kind == MIRAGE_KV_DICTIONARY ? '/' : -1;
}

/* Bytewise, a dictionary counting with a trailing '/'. */
static int entry_cmp(const void *a, const void *b)
{
    for (size_t i = 0;; i++) {
        int x = entry_byte(a, i), y = entry_byte(b, i);

        if (x != y || x < 0)
            return x - y;
    }
}

/* The kind of entry (name) of dictionary (norm): a kind or -errno. */
static int entry_kind(struct mirage_kv_ro *dev, const char *norm,
                      const char *name, unsigned char type, kv_key_buf key)
{
    size_t n = strlen(norm), m = strlen(name);
    struct stat st;
    int fd;

    if (n + (n ? 1 : 0) + m > MIRAGE_KV_KEY_MAX)
        return -ENAMETOOLONG;
    memcpy(key, norm, n);
    if (n)
        key[n++] = '/';
    memcpy(key + n, name, m + 1);
    if (type == DT_REG)
        return MIRAGE_KV_VALUE;
    if (type == DT_DIR)
        return MIRAGE_KV_DICTIONARY;
    if (type != DT_LNK && type != DT_UNKNOWN)
        return MIRAGE_KV_ABSENT;
    /* a link counts as what it leads to, inside the directory */
    fd = open_key(dev->state, key, O_PATH);
    if (fd < 0)
        return fd;
    if (fstat(fd, &st) < 0)
        st.st_mode = 0;
    close(fd);
    if (S_ISREG(st.st_mode))
        return MIRAGE_KV_VALUE;
    return S_ISDIR(st.st_mode) ? MIRAGE_KV_DICTIONARY : MIRAGE_KV_ABSENT;
}

static int direct_list(struct mirage_kv_ro *dev, const char *key,
                       mirage_kv_list_fn fn, void *ctx)
{
    struct entry *entries = NULL;
    size_t count = 0, cap = 0, plen;
    kv_key_buf norm, sub;
    struct dirent *de;
    struct stat st;
    DIR *dir;
    int fd, rc = 0;

    if (!fn)
        return -EINVAL;
    fd = open_stat(dev, key, O_RDONLY, &st, norm);
    if (fd < 0)
        return fd;
    if (!S_ISDIR(st.st_mode)) {
        close(fd);
        return S_ISREG(st.st_mode) ? -ENOTDIR : -ENOENT;
    }
    dir = fdopendir(fd);
    if (!dir) {
        rc = -errno;
        close(fd);
        return rc;
    }
    while ((de = readdir(dir)) != NULL) {
        int kind;

        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        kind = entry_kind(dev, norm, de->d_name, de->d_type, sub);
        if (kind <= 0)
            continue; /* not a file or directory, or out of reach */
        if (count == cap) {
            struct entry *p;

            cap = cap ? 2 * cap : 16;
            p = realloc(entries, cap * sizeof(*p));
            if (!p) {
                rc = -ENOMEM;
                break;
            }
            entries = p;
        }
        entries[count].name = strdup(de->d_name);
        if (!entries[count].name) {
            rc = -ENOMEM;
            break;
        }
        entries[count++].kind = kind;
    }
    closedir(dir);
    if (rc == 0)
        qsort(entries, count, sizeof(*entries), entry_cmp);
    plen = strlen(norm);
    for (size_t i = 0; i < count && rc == 0; i++) {
        size_t m = strlen(entries[i].name), n = plen;

        memcpy(sub, norm, n);
        if (n)
            sub[n++] = '/';
        memcpy(sub + n, entries[i].name, m + 1);
        rc = fn(ctx, sub, sub + n, (enum mirage_kv_kind)entries[i].kind);
    }
    for (size_t i = 0; i < count; i++)
        free(entries[i].name);
    free(entries);
    return rc ? rc : (int)count;
}

/* Closes the directory and frees its name. */
static int direct_disconnect(struct mirage_kv_ro *dev)
{
    struct direct *d = dev->state;

    close(d->fd);
    d->fd = -1;
    free(d->dir);
    d->dir = NULL;
    d->dev.ops = &kv_gone_ro_ops;
    mirage_log_debug(&direct_log, "%s: disconnected", dev->name);
    return 0;
}

static const struct mirage_kv_ro_ops direct_ops = {
    .exists = direct_exists,
    .get = direct_get,
    .get_partial = direct_get_partial,
    .size = direct_size,
    .list = direct_list,
    .last_modified = direct_last_modified,
    .digest = direct_digest,
    .disconnect = direct_disconnect,
};

int mirage_kv_ro_direct_connect(struct mirage_kv_ro **dev, const char *name,
                                const char *dir)
{
    struct direct *d;
    int fd, rc;

    if (!dev || !name || !dir || !dir[0])
        return -EINVAL;
    fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        rc = -errno;
        mirage_log_err(&direct_log, "%s: cannot open directory '%s': %s", name,
                       dir, strerror(-rc));
        return rc;
    }
    for (d = directs; d; d = d->next)
        if (d->dev.ops == &kv_gone_ro_ops && strcmp(d->dev.name, name) == 0)
            break;
    if (!d) {
        d = calloc(1, sizeof(*d));
        if (!d) {
            close(fd);
            mirage_log_err(&direct_log, "%s: out of memory", name);
            return -ENOMEM;
        }
        d->dev.ops = &kv_gone_ro_ops; /* a free slot until connected */
        d->dev.name = name;
        d->next = directs;
        directs = d;
    }
    d->dir = strdup(dir);
    if (!d->dir) {
        close(fd);
        mirage_log_err(&direct_log, "%s: out of memory", name);
        return -ENOMEM;
    }
    d->fd = fd;
    d->dev.ops = &direct_ops;
    d->dev.state = d;
    d->dev.name = name;
    mirage_log_debug(&direct_log, "%s: connected to directory '%s'", name, dir);
    *dev = &d->dev;
    return 0;
}
