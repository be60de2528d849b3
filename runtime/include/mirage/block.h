/* SPDX-License-Identifier: ISC */
/* block.h: the `block` device type: a disk of fixed-size sectors. */
#ifndef MIRAGE_BLOCK_H
#define MIRAGE_BLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * A block device is an array of sectors, all of one size, addressed from
 * sector 0. Every transfer is a whole number of sectors, so a buffer that
 * is not whole sectors cannot be expressed: counts are in sectors.
 *
 * Errors, the same for every implementation, checked in this order before
 * any data moves:
 *   -ENODEV  the device was disconnected;
 *   -EINVAL  a NULL (buf) or (info);
 *   -EROFS   a write (or resize) of a read-only device;
 *   -ERANGE  sectors outside the device: (sector + n) past the last
 *            sector, computed without overflow (so a sector near
 *            UINT64_MAX is -ERANGE, never a wrapped access);
 *   -EIO     the medium failed during the transfer (see write).
 * A transfer of n == 0 sectors is valid (and does nothing) when (sector)
 * is at most the sector count; the buffer must still not be NULL.
 *
 * Calls wait in the calling fiber only, except where an implementation says
 * otherwise (`file` on unix blocks the whole process for the host I/O).
 */

struct mirage_block;

/* What mirage_block_info reports. */
struct mirage_block_info {
    uint32_t sector_size; /* bytes in one sector (512 for file, ramdisk) */
    uint64_t sectors;     /* number of sectors */
    bool read_write;      /* false: writes and resizes get -EROFS */
};

/* Operations of a `block` implementation; each as the function below. */
struct mirage_block_ops {
    int (*info)(struct mirage_block *dev, struct mirage_block_info *info);
    int (*read)(struct mirage_block *dev, uint64_t sector, void *buf, size_t n);
    int (*write)(struct mirage_block *dev, uint64_t sector, const void *buf,
                 size_t n);
    int (*flush)(struct mirage_block *dev);
    int (*resize)(struct mirage_block *dev, uint64_t new_sectors);
    int (*disconnect)(struct mirage_block *dev);
};

/* A `block` device: operations plus the implementation's own state. */
struct mirage_block {
    const struct mirage_block_ops *ops;
    void *state;
    const char *name; /* instance name from configure.ac */
};

/*
 * Stores the device's sector size, sector count and writability in
 * (*info). Returns 0, -EINVAL for a NULL (info), or -ENODEV.
 */
static inline int mirage_block_info(struct mirage_block *dev,
                                    struct mirage_block_info *info)
{
    return dev->ops->info(dev, info);
}

/*
 * Reads (n) sectors starting at (sector) into (buf), which holds at least
 * n * sector_size bytes. Returns 0, or -ENODEV, -EINVAL, -ERANGE or -EIO
 * (then (buf) holds undefined bytes).
 */
static inline int mirage_block_read(struct mirage_block *dev, uint64_t sector,
                                    void *buf, size_t n)
{
    return dev->ops->read(dev, sector, buf, n);
}

/*
 * Writes (n) sectors from (buf) starting at (sector), all in one call.
 * Returns 0, or -ENODEV, -EINVAL, -EROFS, -ERANGE (then nothing was
 * written: the request is checked completely first), a medium error such
 * as -ENOSPC when nothing was written, or -EIO when the medium failed after
 * part of the request was written: the contents of those (n) sectors are
 * then undefined, and the other sectors are untouched.
 */
static inline int mirage_block_write(struct mirage_block *dev, uint64_t sector,
                                     const void *buf, size_t n)
{
    return dev->ops->write(dev, sector, buf, n);
}

/*
 * Waits until every completed write is on stable storage (a no-op where
 * the device has none). Returns 0, -ENODEV or -EIO.
 */
static inline int mirage_block_flush(struct mirage_block *dev)
{
    return dev->ops->flush(dev);
}

/*
 * Changes the number of sectors to (new_sectors). Sectors below both the
 * old and the new count keep their contents; new ones read as zeros.
 * Returns 0, -ENOTSUP where the implementation cannot resize, -ENODEV,
 * -EROFS, -ENOMEM (then the device is unchanged), -EFBIG when
 * (new_sectors) is more than the implementation can address, or -EIO.
 */
static inline int mirage_block_resize(struct mirage_block *dev,
                                      uint64_t new_sectors)
{
    return dev->ops->resize(dev, new_sectors);
}

/*
 * Releases what the device holds (the file, the memory). Afterwards every
 * call on (dev) returns -ENODEV, and connecting the same name again makes a
 * new connection. Returns 0, or -ENODEV if it was disconnected already.
 */
static inline int mirage_block_disconnect(struct mirage_block *dev)
{
    return dev->ops->disconnect(dev);
}

/*
 * For implementations: the -ERANGE check above. Returns true when (n)
 * sectors from (sector) lie within a device of (count) sectors.
 */
static inline bool mirage_block_in_range(uint64_t count, uint64_t sector,
                                         uint64_t n)
{
    return sector <= count && n <= count - sector;
}

/*
 * Connects the `file` implementation (unix only) as device (name): the
 * disk image at (path), or at (param) when (path) is NULL. (param) is the
 * configure.ac parameter, (path) the boot argument --block-NAME (whose
 * default is the parameter). Relative paths are relative to the working
 * directory. The file is opened for reading and writing; a file that
 * cannot be written is opened read-only, with a warning. The sector size is
 * 512; a file whose size is not a multiple of 512 is refused (-EINVAL),
 * untouched. Connecting a connected name again gives the same device
 * (-EBUSY if with another path). Reads and writes block the whole
 * unikernel for the host's file I/O (brief on a local disk). Resize
 * truncates or extends the file. Returns 0, -EINVAL, -ENOENT (no such
 * file), -EISDIR, -EACCES, -ENOMEM or another host error; each failure is
 * logged under the source `block-file`, naming the device and the path.
 */
int mirage_block_file_connect(struct mirage_block **dev, const char *name,
                              const char *param, const char *path);

/*
 * Connects the `ramdisk` implementation (every target) as device (name):
 * a zero-filled disk in memory of (bytes) bytes, a decimal number that is
 * a multiple of 512 (at least 512); NULL means 1048576. Its contents live
 * as long as the connection: disconnecting frees them. Connecting a
 * connected name again gives the same device. Resizing is supported.
 * Returns 0, -EINVAL (a bad size, logged under `block-ramdisk`) or -ENOMEM.
 */
int mirage_block_ramdisk_connect(struct mirage_block **dev, const char *name,
                                 const char *bytes);

/*
 * Connects the `tender` implementation (spt and hvt only) as device (name):
 * the disk that the tender attached under that name (mirage-spt
 * --block:NAME=PATH), with the tender's sector size (512 unless told) and
 * the file's size; read-only when the tender could only read the file.
 * The image's manifest declares it, so the tender refuses to start without
 * it. Resize is not supported (-ENOTSUP). Connecting a connected name again
 * gives the same device. Returns 0, -EINVAL (a disk that is not whole
 * sectors), -ENOENT (no such disk attached) or -ENOMEM; each failure is
 * logged under the source `block-tender`.
 */
int mirage_block_tender_connect(struct mirage_block **dev, const char *name);

/*
 * Connects the `virtio` implementation (virtio target only) as device
 * (name): the virtio-blk disk whose serial is (name) (QEMU: -device
 * virtio-blk-pci,drive=...,serial=NAME; `mirage run --block:NAME=FILE`
 * sets it), else the first disk without a serial, in discovery order.
 * Sector size from the device (512 unless it says), read-only when the
 * device is. Otherwise as mirage_block_tender_connect.
 */
int mirage_block_virtio_connect(struct mirage_block **dev, const char *name);

/*
 * Connects the `xen` implementation (xen target only) as device (name): a
 * Xen virtual disk (blkfront over the backend's blkback), the next vbd of
 * the domain that no other name took, in ascending device id order (the
 * order of NAME.xl's disk list, written in the image's connection order).
 * Sector size and count from the backend, read-only when the backend
 * says so (mode=r or VDISK_READONLY). Otherwise as
 * mirage_block_tender_connect, plus -ENODEV when there is no Xen (the
 * image boots under QEMU) and -EIO when the backend does not connect.
 */
int mirage_block_xen_connect(struct mirage_block **dev, const char *name);

#endif
