/* SPDX-License-Identifier: ISC */
/* file.c: the `file` implementation of `block`: a disk image file. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <mirage/block.h>
#include <mirage/log.h>

/*
 * pread/pwrite on the image block the whole process, not only the calling
 * fiber: a local file answers quickly, and unix has no portable way to wait
 * for a regular file in poll(2). Transfers are whole requests: a short
 * count from the host is retried until the request is done.
 */

#define FILE_SECTOR 512u

MIRAGE_LOG_DEVICE_SOURCE(block_file_log, "block-file",
                         "the file block device: a disk image on the host",
                         "block");

/* One connection; kept after a disconnect, so that the name can be reused. */
struct block_file {
    struct mirage_block dev;
    char *path; /* as opened, for messages */
    int fd;     /* -1 once disconnected */
    uint64_t sectors;
    bool read_write;
    struct block_file *next;
};

static struct block_file *files;

/* The largest sector count whose byte offset fits in off_t. */
static uint64_t max_sectors(void)
{
    uint64_t max_off =
        sizeof(off_t) == 8 ? (uint64_t)INT64_MAX : (uint64_t)INT32_MAX;
    return max_off / FILE_SECTOR;
}

static int file_info(struct mirage_block *dev, struct mirage_block_info *info)
{
    struct block_file *f = dev->state;

    if (f->fd < 0)
        return -ENODEV;
    if (!info)
        return -EINVAL;
    info->sector_size = FILE_SECTOR;
    info->sectors = f->sectors;
    info->read_write = f->read_write;
    return 0;
}

static int file_read(struct mirage_block *dev, uint64_t sector, void *buf,
                     size_t n)
{
    struct block_file *f = dev->state;
    unsigned char *p = buf;
    size_t left;
    off_t off;

    if (f->fd < 0)
        return -ENODEV;
    if (!buf)
        return -EINVAL;
    /* the second test matters where size_t is narrower than the file */
    if (!mirage_block_in_range(f->sectors, sector, n) ||
        n > SIZE_MAX / FILE_SECTOR)
        return -ERANGE;
    /* in range, so these fit: sectors * 512 fits in off_t */
    left = n * FILE_SECTOR;
    off = (off_t)(sector * FILE_SECTOR);
    while (left > 0) {
        size_t chunk = left > (size_t)SSIZE_MAX ? (size_t)SSIZE_MAX : left;
        ssize_t got = pread(f->fd, p, chunk, off);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0) {
            /* an error, or the file shrank under us */
            mirage_log_err(&block_file_log, "%s: reading '%s' at byte %lld: %s",
                           dev->name, f->path, (long long)off,
                           got < 0 ? strerror(errno)
                                   : "unexpected end of file");
            return -EIO;
        }
        p += got;
        left -= (size_t)got;
        off += got;
    }
    return 0;
}

static int file_write(struct mirage_block *dev, uint64_t sector,
                      const void *buf, size_t n)
{
    struct block_file *f = dev->state;
    const unsigned char *p = buf;
    bool partial = false;
    size_t left;
    off_t off;

    if (f->fd < 0)
        return -ENODEV;
    if (!buf)
        return -EINVAL;
    if (!f->read_write)
        return -EROFS;
    /* the second test matters where size_t is narrower than the file */
    if (!mirage_block_in_range(f->sectors, sector, n) ||
        n > SIZE_MAX / FILE_SECTOR)
        return -ERANGE;
    left = n * FILE_SECTOR;
    off = (off_t)(sector * FILE_SECTOR);
    while (left > 0) {
        size_t chunk = left > (size_t)SSIZE_MAX ? (size_t)SSIZE_MAX : left;
        ssize_t put = pwrite(f->fd, p, chunk, off);
        int err = put < 0 ? errno : EIO;
        if (put < 0 && err == EINTR)
            continue;
        if (put <= 0) {
            mirage_log_err(&block_file_log,
                           "%s: writing '%s' at byte %lld: %s%s", dev->name,
                           f->path, (long long)off,
                           put < 0 ? strerror(err) : "nothing written",
                           partial ? " (after a partial write: the sectors' "
                                     "contents are undefined)"
                                   : "");
            return partial ? -EIO : -err;
        }
        partial = true;
        p += put;
        left -= (size_t)put;
        off += put;
    }
    return 0;
}

static int file_flush(struct mirage_block *dev)
{
    struct block_file *f = dev->state;

    if (f->fd < 0)
        return -ENODEV;
    if (!f->read_write)
        return 0;
    if (fsync(f->fd) < 0) {
        mirage_log_err(&block_file_log, "%s: flushing '%s': %s", dev->name,
                       f->path, strerror(errno));
        return -EIO;
    }
    return 0;
}

static int file_resize(struct mirage_block *dev, uint64_t new_sectors)
{
    struct block_file *f = dev->state;

    if (f->fd < 0)
        return -ENODEV;
    if (!f->read_write)
        return -EROFS;
    if (new_sectors > max_sectors())
        return -EFBIG;
    if (ftruncate(f->fd, (off_t)(new_sectors * FILE_SECTOR)) < 0) {
        int err = errno;
        mirage_log_err(&block_file_log, "%s: resizing '%s' to %llu sectors: %s",
                       dev->name, f->path, (unsigned long long)new_sectors,
                       strerror(err));
        return err == EFBIG || err == ENOSPC ? -err : -EIO;
    }
    mirage_log_debug(&block_file_log, "%s: resized from %llu to %llu sectors",
                     dev->name, (unsigned long long)f->sectors,
                     (unsigned long long)new_sectors);
    f->sectors = new_sectors;
    return 0;
}

static int file_disconnect(struct mirage_block *dev)
{
    struct block_file *f = dev->state;

    if (f->fd < 0)
        return -ENODEV;
    close(f->fd);
    f->fd = -1;
    free(f->path);
    f->path = NULL;
    mirage_log_debug(&block_file_log, "%s: disconnected", dev->name);
    return 0;
}

static const struct mirage_block_ops file_ops = {
    .info = file_info,
    .read = file_read,
    .write = file_write,
    .flush = file_flush,
    .resize = file_resize,
    .disconnect = file_disconnect,
};

/* Opens (path) read-write, else read-only; stores the fd. 0 or -errno. */
static int open_image(const char *name, const char *path, int *fd, bool *rw)
{
    *rw = true;
    do
        *fd = open(path, O_RDWR | O_CLOEXEC | O_NOCTTY);
    while (*fd < 0 && errno == EINTR);
    if (*fd < 0 && (errno == EACCES || errno == EROFS || errno == EPERM)) {
        *rw = false;
        do
            *fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
        while (*fd < 0 && errno == EINTR);
        if (*fd >= 0)
            mirage_log_warn(&block_file_log,
                            "%s: disk image '%s' cannot be written; using it "
                            "read-only",
                            name, path);
    }
    if (*fd < 0) {
        int err = errno;
        if (err == ENOENT)
            mirage_log_err(&block_file_log,
                           "%s: disk image '%s' does not exist (set its path "
                           "with --block-%s=PATH)",
                           name, path, name);
        else
            mirage_log_err(&block_file_log,
                           "%s: cannot open disk image '%s': %s", name, path,
                           strerror(err));
        return -err;
    }
    return 0;
}

/* Checks that (fd) is a usable image; stores its sector count. */
static int size_image(const char *name, const char *path, int fd,
                      uint64_t *sectors)
{
    struct stat st;
    off_t end;

    if (fstat(fd, &st) < 0) {
        int err = errno;
        mirage_log_err(&block_file_log, "%s: cannot stat disk image '%s': %s",
                       name, path, strerror(err));
        return -err;
    }
    if (S_ISDIR(st.st_mode)) {
        mirage_log_err(&block_file_log,
                       "%s: disk image '%s' is a directory, not a file", name,
                       path);
        return -EISDIR;
    }
    if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode)) {
        mirage_log_err(&block_file_log,
                       "%s: disk image '%s' is neither a regular file nor a "
                       "block device",
                       name, path);
        return -EINVAL;
    }
    /* for a block device st_size is 0; its end tells the size */
    end = S_ISREG(st.st_mode) ? st.st_size : lseek(fd, 0, SEEK_END);
    if (end < 0) {
        int err = errno;
        mirage_log_err(&block_file_log, "%s: cannot size disk image '%s': %s",
                       name, path, strerror(err));
        return -err;
    }
    if ((uint64_t)end % FILE_SECTOR != 0) {
        mirage_log_err(&block_file_log,
                       "%s: disk image '%s' is %lld bytes, not a whole number "
                       "of %u-byte sectors (truncated or corrupt?); refusing "
                       "it, the file is left untouched",
                       name, path, (long long)end, FILE_SECTOR);
        return -EINVAL;
    }
    *sectors = (uint64_t)end / FILE_SECTOR;
    return 0;
}

int mirage_block_file_connect(struct mirage_block **dev, const char *name,
                              const char *param, const char *path)
{
    struct block_file *f, *slot = NULL;
    uint64_t sectors = 0;
    bool rw;
    int fd, rc;

    if (!dev || !name)
        return -EINVAL;
    if (!path)
        path = param;
    if (!path || !*path) {
        mirage_log_err(&block_file_log,
                       "%s: no disk image given (use --block-%s=PATH)", name,
                       name);
        return -EINVAL;
    }
    for (f = files; f; f = f->next)
        if (strcmp(f->dev.name, name) == 0) {
            if (f->fd < 0) {
                slot = f;
                break;
            }
            if (strcmp(f->path, path) != 0) {
                mirage_log_err(&block_file_log,
                               "%s: already connected to '%s', not '%s'", name,
                               f->path, path);
                return -EBUSY;
            }
            *dev = &f->dev;
            return 0;
        }
    rc = open_image(name, path, &fd, &rw);
    if (rc < 0)
        return rc;
    rc = size_image(name, path, fd, &sectors);
    if (rc < 0) {
        close(fd);
        return rc;
    }
    if (!slot) {
        slot = calloc(1, sizeof(*slot));
        if (!slot)
            goto nomem;
        slot->dev.ops = &file_ops;
        slot->dev.state = slot;
        slot->dev.name = name;
        slot->fd = -1;
        slot->next = files;
        files = slot;
    }
    slot->path = strdup(path);
    if (!slot->path)
        goto nomem;
    slot->fd = fd;
    slot->sectors = sectors;
    slot->read_write = rw;
    mirage_log_debug(&block_file_log,
                     "%s: connected to '%s', %llu sectors of %u bytes%s", name,
                     path, (unsigned long long)sectors, FILE_SECTOR,
                     rw ? "" : ", read-only");
    *dev = &slot->dev;
    return 0;
nomem:
    close(fd);
    mirage_log_err(&block_file_log, "%s: out of memory", name);
    return -ENOMEM;
}
