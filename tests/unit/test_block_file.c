/* SPDX-License-Identifier: ISC */
/* test_block_file.c: the `file` implementation of the block device (unix). */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <mirage/block.h>

#include "runtime_capture.h"
#include "tap.h"

static char dir[64];

/* (buf) gets DIR/NAME. */
static const char *in_dir(char *buf, size_t len, const char *name)
{
    snprintf(buf, len, "%s/%s", dir, name);
    return buf;
}

/* Makes file (path) of (size) bytes, each byte (fill). Returns 0 or -1. */
static int make_file(const char *path, size_t size, int fill)
{
    unsigned char *b = malloc(size ? size : 1);
    FILE *f = fopen(path, "wb");
    int rc = -1;

    if (b && f) {
        memset(b, fill, size);
        rc = fwrite(b, 1, size, f) == size ? 0 : -1;
    }
    if (f && fclose(f) != 0)
        rc = -1;
    free(b);
    return rc;
}

/* The size of file (path), or -1. */
static long long file_size(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 ? (long long)st.st_size : -1;
}

/* Fills (n) sectors from (sector) with bytes that depend on both. */
static void pattern(unsigned char *buf, uint64_t sector, size_t n,
                    unsigned seed)
{
    for (size_t i = 0; i < n * 512; i++)
        buf[i] = (unsigned char)((sector + i / 512) * 31 + i * 7 + seed);
}

static void test_refused(void)
{
    struct mirage_block *d = NULL;
    char path[128], msg[256];
    unsigned char buf[1000];
    FILE *f;
    int rc, same;

    capture_reset();
    in_dir(path, sizeof(path), "missing.img");
    rc = mirage_block_file_connect(&d, "disk", "default.img", path);
    TAP_OK(rc == -ENOENT, "a missing file: -ENOENT (got %d)", rc);
    snprintf(msg, sizeof(msg),
             "[block-file] disk: disk image '%s' does not exist", path);
    TAP_OK(strstr(capture_out, msg) != NULL,
           "the message names the device and the path");
    if (strstr(capture_out, msg) == NULL)
        printf("# log: %s", capture_out);

    capture_reset();
    in_dir(path, sizeof(path), "short.img");
    make_file(path, 1000, 0x5a);
    rc = mirage_block_file_connect(&d, "disk", path, NULL);
    TAP_OK(rc == -EINVAL, "a 1000-byte image is refused with -EINVAL");
    snprintf(msg, sizeof(msg), "disk: disk image '%s' is 1000 bytes, not a",
             path);
    TAP_OK(strstr(capture_out, msg) != NULL,
           "the message names the device, the file and the size");
    if (strstr(capture_out, msg) == NULL)
        printf("# log: %s", capture_out);
    f = fopen(path, "rb");
    same = f && fread(buf, 1, sizeof(buf), f) == sizeof(buf);
    for (size_t i = 0; same && i < sizeof(buf); i++)
        same = buf[i] == 0x5a;
    if (f)
        fclose(f);
    TAP_OK(same && file_size(path) == 1000,
           "the refused image is left as it was");

    rc = mirage_block_file_connect(&d, "disk", dir, NULL);
    TAP_OK(rc == -EISDIR, "a directory: -EISDIR");
    rc = mirage_block_file_connect(&d, "disk", "", NULL);
    TAP_OK(rc == -EINVAL, "an empty path: -EINVAL");
    TAP_OK(mirage_block_file_connect(NULL, "disk", path, NULL) == -EINVAL &&
               mirage_block_file_connect(&d, NULL, path, NULL) == -EINVAL,
           "no device pointer or no name: -EINVAL");
}

static void test_io(void)
{
    struct mirage_block *d = NULL, *again = NULL;
    struct mirage_block_info info;
    unsigned char *w = malloc(64 * 512), *r = malloc(64 * 512);
    char path[128], other[128];
    int ok = 1, fd;

    in_dir(path, sizeof(path), "disk.img");
    if (make_file(path, 64 * 512, 0) != 0 || !w || !r) {
        TAP_OK(0, "make a 64-sector image");
        return;
    }
    /* the parameter is the path when the boot argument is NULL */
    TAP_OK(mirage_block_file_connect(&d, "disk", path, NULL) == 0 && d,
           "connect a 32768-byte image");
    if (!d)
        return;
    TAP_OK(mirage_block_info(d, &info) == 0 && info.sector_size == 512 &&
               info.sectors == 64 && info.read_write,
           "info: 64 writable sectors of 512 bytes");
    TAP_OK(mirage_block_file_connect(&again, "disk", "x.img", path) == 0 &&
               again == d,
           "connecting the name again (same path) gives the same device");
    in_dir(other, sizeof(other), "other.img");
    TAP_OK(mirage_block_file_connect(&again, "disk", other, NULL) == -EBUSY,
           "connecting the name with another path: -EBUSY");

    pattern(w, 0, 64, 1);
    TAP_OK(mirage_block_write(d, 0, w, 64) == 0,
           "write 64 sectors in one call");
    memset(r, 0, 64 * 512);
    TAP_OK(mirage_block_read(d, 0, r, 64) == 0 && memcmp(r, w, 64 * 512) == 0,
           "read them back in one call");
    for (uint64_t s = 0; s < 64 && ok; s += 16)
        ok = mirage_block_read(d, s, r, 16) == 0 &&
             memcmp(r, w + s * 512, 16 * 512) == 0;
    TAP_OK(ok, "and in batches of 16");

    TAP_OK(mirage_block_read(d, 64, r, 1) == -ERANGE &&
               mirage_block_read(d, 60, r, 5) == -ERANGE,
           "reads past the end: -ERANGE");
    TAP_OK(mirage_block_read(d, UINT64_MAX, r, 1) == -ERANGE &&
               mirage_block_write(d, UINT64_MAX - 1, w, 2) == -ERANGE &&
               mirage_block_write(d, (UINT64_MAX / 512) + 1, w, 1) == -ERANGE,
           "sectors near UINT64_MAX: -ERANGE, no wrap-around");
    TAP_OK(mirage_block_write(d, 1, w, SIZE_MAX) == -ERANGE,
           "a write of SIZE_MAX sectors: -ERANGE");
    TAP_OK(mirage_block_write(d, 60, w, 5) == -ERANGE &&
               file_size(path) == 64 * 512,
           "a write past the end is refused and the file does not grow");
    TAP_OK(mirage_block_read(d, 60, r, 4) == 0 &&
               memcmp(r, w + 60 * 512, 4 * 512) == 0,
           "and the sectors before the end are untouched");
    TAP_OK(mirage_block_read(d, 0, NULL, 1) == -EINVAL &&
               mirage_block_write(d, 0, NULL, 0) == -EINVAL,
           "a NULL buffer: -EINVAL");
    TAP_OK(mirage_block_read(d, 64, r, 0) == 0 &&
               mirage_block_read(d, 65, r, 0) == -ERANGE,
           "zero sectors: 0 up to the end, -ERANGE past it");
    TAP_OK(mirage_block_flush(d) == 0, "flush: 0");

    /* the bytes are in the file, at the right place */
    fd = open(path, O_RDONLY);
    ok = fd >= 0 && pread(fd, r, 512, 37 * 512) == 512 &&
         memcmp(r, w + 37 * 512, 512) == 0;
    if (fd >= 0)
        close(fd);
    TAP_OK(ok, "sector 37 is at byte 18944 of the file");

    TAP_OK(mirage_block_disconnect(d) == 0, "disconnect");
    TAP_OK(mirage_block_read(d, 0, r, 1) == -ENODEV &&
               mirage_block_write(d, 0, w, 1) == -ENODEV &&
               mirage_block_info(d, &info) == -ENODEV &&
               mirage_block_flush(d) == -ENODEV &&
               mirage_block_resize(d, 1) == -ENODEV &&
               mirage_block_disconnect(d) == -ENODEV,
           "a disconnected device answers -ENODEV");
    again = NULL;
    TAP_OK(mirage_block_file_connect(&again, "disk", "unused.img", path) == 0 &&
               again,
           "reconnect (the boot argument's path wins over the parameter)");
    if (!again)
        return;
    memset(r, 0, 64 * 512);
    TAP_OK(mirage_block_read(again, 0, r, 64) == 0 &&
               memcmp(r, w, 64 * 512) == 0,
           "the data written before reads back after reconnecting");

    TAP_OK(mirage_block_resize(again, 128) == 0 &&
               mirage_block_info(again, &info) == 0 && info.sectors == 128 &&
               file_size(path) == 128 * 512,
           "resize to 128 sectors grows the file");
    memset(r, 0xff, 64 * 512);
    ok = mirage_block_read(again, 64, r, 64) == 0;
    for (size_t i = 0; ok && i < 64 * 512; i++)
        ok = r[i] == 0;
    TAP_OK(ok && mirage_block_read(again, 0, r, 64) == 0 &&
               memcmp(r, w, 64 * 512) == 0,
           "old sectors kept, new ones zero");
    TAP_OK(mirage_block_resize(again, UINT64_MAX) == -EFBIG,
           "resize to UINT64_MAX sectors: -EFBIG");
    TAP_OK(mirage_block_disconnect(again) == 0, "disconnect again");
    free(w);
    free(r);
}

/* The read-only checks, in a process that cannot write the image. */
enum {
    RO_CONNECT = 1,
    RO_INFO = 2,
    RO_WRITE = 4,
    RO_READ = 8,
    RO_WARN = 16,
    RO_RESIZE = 32,
    RO_FLUSH = 64,
};

static int read_only_checks(const char *path)
{
    struct mirage_block *d = NULL;
    struct mirage_block_info info;
    unsigned char w[1024], r[1024];
    int bits = 0;

    capture_reset();
    if (mirage_block_file_connect(&d, "ro", path, NULL) != 0 || !d)
        return 0;
    bits |= RO_CONNECT;
    if (strstr(capture_out, "WRN [block-file] ro: disk image") &&
        strstr(capture_out, "read-only"))
        bits |= RO_WARN;
    if (mirage_block_info(d, &info) == 0 && !info.read_write &&
        info.sectors == 2)
        bits |= RO_INFO;
    memset(w, 1, sizeof(w));
    if (mirage_block_write(d, 0, w, 1) == -EROFS &&
        mirage_block_write(d, 5, w, 1) == -EROFS)
        bits |= RO_WRITE;
    if (mirage_block_read(d, 0, r, 2) == 0 && r[0] == 0x33 && r[1023] == 0x33)
        bits |= RO_READ;
    if (mirage_block_resize(d, 4) == -EROFS)
        bits |= RO_RESIZE;
    if (mirage_block_flush(d) == 0)
        bits |= RO_FLUSH;
    mirage_block_disconnect(d);
    return bits;
}

static void test_read_only(void)
{
    char path[128];
    int bits = 0, status;
    pid_t pid;

    in_dir(path, sizeof(path), "ro.img");
    if (make_file(path, 1024, 0x33) != 0 || chmod(path, 0444) != 0) {
        TAP_OK(0, "make a read-only image");
        return;
    }
    if (geteuid() != 0) {
        bits = read_only_checks(path);
    } else {
        /* root writes any file: check as an unprivileged user */
        fflush(stdout);
        pid = fork();
        if (pid == 0) {
            if (setgid(65534) != 0 || setuid(65534) != 0)
                _exit(0);
            _exit(read_only_checks(path));
        }
        if (pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status))
            bits = WEXITSTATUS(status);
        printf("# as root: checked in a child running as uid 65534\n");
    }
    TAP_OK(bits & RO_CONNECT, "a read-only image connects");
    TAP_OK(bits & RO_WARN, "with a warning that it is read-only");
    TAP_OK(bits & RO_INFO, "info says it is not writable");
    TAP_OK(bits & RO_WRITE, "writes: -EROFS");
    TAP_OK(bits & RO_READ, "reads work");
    TAP_OK(bits & RO_RESIZE, "resize: -EROFS");
    TAP_OK(bits & RO_FLUSH, "flush: 0");
    TAP_OK(file_size(path) == 1024, "the image is unchanged");
}

static void cleanup(void)
{
    static const char *const names[] = {"short.img", "disk.img", "ro.img"};
    char path[128];

    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        unlink(in_dir(path, sizeof(path), names[i]));
    rmdir(dir);
}

int main(void)
{
    const char *tmp = getenv("TMPDIR");

    snprintf(dir, sizeof(dir), "%s/mirage-block.XXXXXX",
             tmp && *tmp && strlen(tmp) < 32 ? tmp : "/tmp");
    if (!mkdtemp(dir) || chmod(dir, 0755) != 0)
        return tap_skip_all("cannot make a scratch directory");
    test_refused();
    test_io();
    test_read_only();
    cleanup();
    return tap_done();
}
