/* SPDX-License-Identifier: ISC */
/* test_tender_elf.c: the tenders' ELF loader on good and crafted images. */
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elf_build.h"
#include "elf_load.h"
#include "tap.h"

#define MEM (64ull << 20)

static uint8_t buf[EB_SIZE];
static char err[TENDER_ERR_MAX];
static struct tender_image img;

/* Validates the image of (d) for spt; returns the validator's result. */
static int check(const struct eb_desc *d)
{
    size_t n = eb_write(d, buf);
    return tender_elf_validate(buf, n, "t.spt", MIRAGE_TENDER_TARGET_SPT, MEM,
                               &img, err);
}

/* Expects a refusal whose message contains (want). */
static void refused(const struct eb_desc *d, const char *want, const char *what)
{
    int rc = check(d);
    TAP_OK(rc == -1 && strstr(err, want) && strncmp(err, "t.spt: ", 7) == 0 &&
               !strchr(err, '\n'),
           "refused: %s", what);
    if (rc != -1 || !strstr(err, want))
        printf("# rc %d, message: %s\n# want: %s\n", rc, err, want);
}

static void test_good(void)
{
    struct eb_desc d;
    struct tender_prot_range r[TENDER_MAX_SEGMENTS];
    unsigned nr = 0;
    uint8_t *guest = calloc(1, 1 << 20);

    eb_default(&d);
    eb_add_device(&d, "disk", MIRAGE_TENDER_DEV_BLOCK);
    eb_add_device(&d, "net0", MIRAGE_TENDER_DEV_NET);
    TAP_OK(check(&d) == 0, "a valid image passes (%s)", err);
    TAP_OK(img.nsegments == 3 && img.entry == EB_TEXT &&
               img.end == EB_DATA + 0x2000,
           "segments, entry and end found");
    TAP_OK(img.abi.abi_version == MIRAGE_TENDER_ABI_VERSION &&
               img.abi.target == MIRAGE_TENDER_TARGET_SPT,
           "ABI note read");
    TAP_OK(img.has_manifest && img.manifest.count == 2 &&
               strcmp(img.manifest.entries[0].name, "disk") == 0 &&
               img.manifest.entries[1].type == MIRAGE_TENDER_DEV_NET,
           "manifest read");
    memset(guest, 0xee, 1 << 20);
    TAP_OK(tender_elf_load(&img, buf, EB_SIZE, guest, EB_TEXT, 1 << 20, r, &nr,
                           err) == 0,
           "loads into a buffer");
    TAP_OK(nr == 3 && r[0].start == EB_TEXT && r[0].end == EB_TEXT + 0x1000 &&
               r[0].prot == (TENDER_PROT_R | TENDER_PROT_X) &&
               r[1].prot == TENDER_PROT_R &&
               r[2].prot == (TENDER_PROT_R | TENDER_PROT_W) &&
               r[2].end == EB_DATA + 0x2000,
           "protection ranges: text R+X, rodata R, data RW");
    TAP_OK(memcmp(guest, buf + 0x1000, 16) == 0 &&
               guest[EB_DATA - EB_TEXT] == 0x5a &&
               guest[EB_DATA - EB_TEXT + 0x10] == 0 &&
               guest[EB_DATA - EB_TEXT + 0xfff] == 0 &&
               guest[EB_DATA - EB_TEXT + 0x2000] == 0xee,
           "bytes copied, the bss zeroed up to the page end, nothing past "
           "it touched");
    /* fresh memory is zero: the bss's later pages are left untouched */
    TAP_OK(guest[EB_DATA - EB_TEXT + 0x1000] == 0xee &&
               guest[EB_DATA - EB_TEXT + 0x1fff] == 0xee,
           "the bss's pages past the file bytes' last page are not touched");
    TAP_OK(tender_elf_load(&img, buf, EB_SIZE, guest, EB_TEXT, 0x2000, r, &nr,
                           err) == -1,
           "load refuses memory too small for the segments");
    free(guest);

    eb_default(&d);
    d.with_manifest = 0;
    TAP_OK(check(&d) == 0 && !img.has_manifest,
           "no manifest note: valid, no devices");
}

static void test_header(void)
{
    struct eb_desc d;

    eb_default(&d);
    d.size = 10;
    refused(&d, "not an ELF file", "truncated header");
    eb_default(&d);
    d.ei_class = 1;
    refused(&d, "not a 64-bit ELF file", "ELFCLASS32");
    eb_default(&d);
    d.ei_data = 2;
    refused(&d, "not a little-endian", "big-endian");
    eb_default(&d);
    d.machine = 183;
    refused(&d, "not an x86-64 image (e_machine 183)", "aarch64");
    eb_default(&d);
    d.type = 3;
    refused(&d, "e_type 3, expected ET_EXEC", "ET_DYN");
    eb_default(&d);
    d.phnum = 0;
    refused(&d, "no program headers", "e_phnum 0");
    eb_default(&d);
    d.phentsize = 32;
    refused(&d, "e_phentsize is 32", "wrong e_phentsize");
    eb_default(&d);
    d.phoff = EB_SIZE - 8;
    refused(&d, "program headers (e_phoff", "e_phoff past the end");
    eb_default(&d);
    d.phoff = UINT64_MAX - 10;
    refused(&d, "run past the end of the file", "e_phoff overflowing");
    eb_default(&d);
    d.phnum = 0xffff;
    refused(&d, "too many program headers", "e_phnum 0xffff");
}

static void test_segments(void)
{
    struct eb_desc d;

    eb_default(&d);
    d.ph[2].filesz = 0x3000;
    refused(&d, "segment 2: p_filesz (0x3000) is larger than p_memsz",
            "filesz > memsz");
    eb_default(&d);
    d.ph[2].offset = EB_SIZE;
    refused(&d, "segment 2: file range", "file range past the end");
    eb_default(&d);
    d.ph[2].offset = UINT64_MAX - 4;
    refused(&d, "segment 2: file range", "p_offset + p_filesz overflowing");
    eb_default(&d);
    d.ph[0].vaddr = 0x1000;
    d.entry = 0x1000;
    refused(&d, "segment 0: p_vaddr 0x1000", "below the image base");
    eb_default(&d);
    d.ph[2].memsz = MEM;
    refused(&d, "segment 2: p_vaddr 0x102000 + p_memsz", "past guest memory");
    eb_default(&d);
    d.ph[2].vaddr = UINT64_MAX - 0x1000;
    refused(&d, "segment 2: p_vaddr", "p_vaddr + p_memsz overflowing");
    eb_default(&d);
    d.ph[1].vaddr = EB_TEXT + 0x800;
    refused(&d, "segments 0 and 1 overlap", "overlap");
    eb_default(&d);
    d.ph[2].vaddr = EB_RODATA + 0x400;
    refused(&d, "segments 1 and 2 overlap", "overlap on a shared page");
    eb_default(&d);
    d.ph[0].flags = 7;
    refused(&d, "segment 0 is writable and executable (W^X)", "RWX text");
    eb_default(&d);
    d.ph[2].flags = 3;
    refused(&d, "segment 2 is writable and executable (W^X)", "WX data");
    eb_default(&d);
    d.ph[0].type = 3;
    refused(&d, "segment 0: PT_INTERP", "PT_INTERP");
    eb_default(&d);
    for (int i = 0; i < 3; i++)
        d.ph[i].type = 6;
    refused(&d, "no PT_LOAD segment", "no PT_LOAD");
}

static void test_entry(void)
{
    struct eb_desc d;

    eb_default(&d);
    d.entry = EB_RODATA;
    refused(&d, "entry point 0x101000 (e_entry) is not in", "entry in rodata");
    eb_default(&d);
    d.entry = EB_TEXT + 0x10;
    refused(&d, "entry point 0x100010", "entry just past the text");
    eb_default(&d);
    d.entry = 0;
    refused(&d, "entry point 0x0", "entry 0");
}

static void test_notes(void)
{
    struct eb_desc d;
    char want[128];

    eb_default(&d);
    d.with_abi = 0;
    refused(&d,
            "t.spt: has no Mirage ABI note: not a mirage image (build it "
            "with --with-target=spt)",
            "no ABI note");
    eb_default(&d);
    d.note_name_len = 7;
    refused(&d, "no Mirage ABI note", "note name without its NUL");
    eb_default(&d);
    d.abi.abi_version = 7;
    snprintf(want, sizeof want,
             "tender ABI version 7, this tender has version %u",
             MIRAGE_TENDER_ABI_VERSION);
    refused(&d, want, "other ABI version");
    eb_default(&d);
    d.abi.target = MIRAGE_TENDER_TARGET_HVT;
    refused(&d, "is an hvt image, not an spt one: run it with mirage-hvt",
            "hvt image given to spt");
    eb_default(&d);
    d.abi.target = 9;
    refused(&d, "unknown target (9)", "unknown target");
    eb_default(&d);
    TAP_OK(eb_write(&d, buf) &&
               tender_elf_validate(buf, EB_SIZE, "t.hvt",
                                   MIRAGE_TENDER_TARGET_HVT, MEM, &img,
                                   err) == -1 &&
               strstr(err, "t.hvt: is an spt image, not an hvt one: run it "
                           "with mirage-spt"),
           "refused: spt image given to hvt (%s)", err);
    eb_default(&d);
    d.ph[3].filesz = EB_NOTES_SIZE - 4;
    refused(&d, "note segment 3: the note at offset 0x1c runs past",
            "note cut by its segment");
    eb_default(&d);
    d.ph[3].filesz = 30;
    refused(&d, "note segment 3: truncated note header at offset 0x1c",
            "truncated note header");
    eb_default(&d);
    d.ph[3].offset = EB_SIZE - 4;
    refused(&d, "segment 3: note range", "note segment outside the file");
    eb_default(&d);
    d.manifest.abi_version = 7;
    snprintf(want, sizeof want,
             "the manifest has ABI version 7, this tender has version %u",
             MIRAGE_TENDER_ABI_VERSION);
    refused(&d, want, "manifest version");
    eb_default(&d);
    d.manifest.count = 17;
    refused(&d, "declares 17 devices, at most 16", "manifest count");
    eb_default(&d);
    eb_add_device(&d, "Disk", MIRAGE_TENDER_DEV_BLOCK);
    refused(&d, "manifest entry 0: the name has a character other than",
            "bad device name");
    eb_default(&d);
    eb_add_device(&d, "", MIRAGE_TENDER_DEV_BLOCK);
    refused(&d, "manifest entry 0: the name is empty", "empty device name");
    eb_default(&d);
    eb_add_device(&d, "disk", MIRAGE_TENDER_DEV_BLOCK);
    memset(d.manifest.entries[0].name, 'a', MIRAGE_TENDER_NAME_MAX);
    refused(&d, "manifest entry 0: the name is not terminated",
            "unterminated device name");
    eb_default(&d);
    eb_add_device(&d, "disk", 3);
    refused(&d, "manifest entry 0 ('disk'): unknown device type 3",
            "unknown device type");
    eb_default(&d);
    eb_add_device(&d, "disk", MIRAGE_TENDER_DEV_BLOCK);
    eb_add_device(&d, "disk", MIRAGE_TENDER_DEV_NET);
    refused(&d, "manifest entries 0 and 1 both declare device 'disk'",
            "duplicate device");
    eb_default(&d);
    eb_add_device(&d, "disk", MIRAGE_TENDER_DEV_BLOCK);
    d.manifest.entries[0].reserved = 1;
    refused(&d, "reserved field is not 0", "reserved field");
    /* a second ABI note: point a second PT_NOTE at the same bytes */
    eb_default(&d);
    d.phnum = 5;
    d.ph[4] = d.ph[3];
    refused(&d, "more than one ABI note", "two ABI notes");
}

/* Notes laid out at 8 bytes (p_align 8), as glibc's .note.gnu.property. */
static void test_notes_align8(void)
{
    struct eb_desc d;

    eb_default(&d);
    eb_gnu_property(&d);
    TAP_OK(check(&d) == 0,
           "a GNU property note (p_align 8, its data at 16) beside the "
           "Mirage notes: valid (%s)",
           err);
    eb_default(&d);
    eb_align8(&d);
    eb_add_device(&d, "disk", MIRAGE_TENDER_DEV_BLOCK);
    TAP_OK(check(&d) == 0 && img.abi.abi_version == MIRAGE_TENDER_ABI_VERSION &&
               img.has_manifest && img.manifest.count == 1 &&
               strcmp(img.manifest.entries[0].name, "disk") == 0,
           "the Mirage notes laid out at 8 bytes in a p_align 8 segment: "
           "read (%s)",
           err);
    eb_default(&d);
    eb_align8(&d);
    d.ph[3].align = 4;
    refused(&d, "t.spt: the image has tender ABI version 0",
            "notes laid out at 8 bytes in a p_align 4 segment: the "
            "descriptor is read 4 bytes early, in the padding");
    eb_default(&d);
    d.ph[3].align = 8;
    refused(&d, "t.spt: note segment 3: the note at offset 0x20 runs past",
            "notes laid out at 4 bytes in a p_align 8 segment: the next "
            "note is looked for 4 bytes late");
    eb_default(&d);
    d.ph[3].align = 16;
    refused(&d, "t.spt: note segment 3: p_align is 16, expected 4 or 8",
            "p_align 16");
    eb_default(&d);
    d.ph[3].align = 0;
    refused(&d, "note segment 3: p_align is 0, expected 4 or 8", "p_align 0");
    /* as a glibc static program: a GNU note, and no Mirage note at all */
    eb_default(&d);
    eb_gnu_property(&d);
    d.ph[3] = d.ph[4];
    d.phnum = 4;
    refused(&d,
            "t.spt: has no Mirage ABI note: not a mirage image (build it "
            "with --with-target=spt)",
            "only a GNU property note: not a mirage image");
}

/* The bytes read so far by this process (/proc/self/io), or -1. */
static long long rchar(void)
{
    FILE *f = fopen("/proc/self/io", "r");
    char line[128];
    long long v = -1;

    if (!f)
        return -1;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "rchar: %lld", &v) == 1)
            break;
    fclose(f);
    return v;
}

/* Writes (n) bytes of (p) at (off) of the file (path); 0 on success. */
static int put(const char *path, const void *p, size_t n, off_t off)
{
    int fd = open(path, O_WRONLY | O_CREAT, 0600);
    int rc = fd >= 0 && pwrite(fd, p, n, off) == (ssize_t)n ? 0 : -1;

    if (fd >= 0)
        close(fd);
    return rc;
}

/*
 * Reads (path) with tender_read_file; returns its result and stores in
 * (*nread) the bytes this process read meanwhile (-1: unknown).
 */
static int read_image(const char *path, uint8_t **data, size_t *size,
                      long long *nread)
{
    long long before = rchar(), after;
    int rc = tender_read_file(path, data, size, err);

    after = rchar();
    /* the second reading of /proc/self/io is counted: below 1 KiB */
    *nread = before < 0 || after < 0 ? -1 : after - before;
    return rc;
}

/* A refusal by tender_read_file with (want) in its message. */
static void read_refused(const char *path, const char *want, const char *what)
{
    uint8_t *data = NULL;
    size_t size = 0;
    long long n;
    int rc = read_image(path, &data, &size, &n);

    TAP_OK(rc == -1 && strstr(err, want) && strstr(err, path) &&
               !strchr(err, '\n'),
           "read refused: %s", what);
    if (rc != -1 || !strstr(err, want))
        printf("# rc %d, message: %s\n# want: %s\n", rc, err, want);
    if (rc == 0)
        free(data);
}

static char dir[] = "/tmp/test_tender_elf.XXXXXX";

/* (dir)/(name), in a static buffer. */
static const char *at(const char *name)
{
    static char path[sizeof dir + 64];

    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path;
}

/*
 * SIGALRM while tender_read_file waits: the point fails, and the test ends
 * with its plan (the handler interrupts a blocked open, not stdio).
 */
static void on_alarm(int sig)
{
    int status;

    (void)sig;
    TAP_OK(0, "tender_read_file blocked (still there after %u s)",
           tap_scaled_s(20));
    status = tap_done();
    fflush(stdout);
    _exit(status);
}

/* What is not a regular file: refused at once, without blocking. */
static void test_file_kinds(void)
{
    const char *fifo = at("fifo");

    TAP_OK(mkfifo(fifo, 0600) == 0, "a FIFO made");
    /* opening a FIFO for reading waits for a writer, unless O_NONBLOCK */
    signal(SIGALRM, on_alarm);
    alarm(tap_scaled_s(20));
    read_refused(fifo, ": is a FIFO, not an image file", "a FIFO, at once");
    alarm(0);
    unlink(fifo);
    read_refused(dir, ": is a directory, not an image file", "a directory");
    read_refused("/dev/null", "/dev/null: is a character device, not an image",
                 "/dev/null, a character device");
    read_refused(at("missing"), "missing: No such file or directory",
                 "a missing file");
}

static void test_file(void)
{
    const char *path = at("good.spt");
    struct eb_desc d;
    uint8_t *data = NULL;
    size_t size = 0;
    long long n;

    eb_default(&d);
    eb_write(&d, buf);
    TAP_OK(put(path, buf, EB_SIZE, 0) == 0, "temp file written");
    TAP_OK(tender_read_file(path, &data, &size, err) == 0 && size == EB_SIZE &&
               memcmp(data, buf, size) == 0,
           "tender_read_file reads it back");
    TAP_OK(tender_elf_validate(data, size, path, MIRAGE_TENDER_TARGET_SPT, MEM,
                               &img, err) == 0,
           "the file validates");
    free(data);

    /* bytes outside the segments (sections, debug information) */
    buf[0x800] = 0xaa;  /* after the program headers */
    buf[0x1800] = 0xbb; /* after the text's 16 file bytes */
    buf[0x2f00] = 0xcc; /* after the notes */
    TAP_OK(put(path, buf, EB_SIZE, 0) == 0 &&
               put(path, "debug info", 10, EB_SIZE) == 0,
           "junk between and after the segments written");
    TAP_OK(tender_read_file(path, &data, &size, err) == 0, "read (%s)", err);
    TAP_OK(size == EB_SIZE && data[0x800] == 0 && data[0x1800] == 0 &&
               data[0x2f00] == 0 && memcmp(data, buf, 0x800) == 0 &&
               memcmp(data + 0x1000, buf + 0x1000, 0x10) == 0 &&
               memcmp(data + 0x2000, buf + 0x2000, EB_NOTES_SIZE) == 0 &&
               memcmp(data + 0x3000, buf + 0x3000, 0x10) == 0,
           "only the headers and the segments are read, at their offsets; "
           "zero elsewhere, nothing past the last segment (%zu bytes)",
           size);
    TAP_OK(tender_elf_validate(data, size, path, MIRAGE_TENDER_TARGET_SPT, MEM,
                               &img, err) == 0,
           "and that validates");
    free(data);
    unlink(path);

    /* a valid image in a 1 GiB file, junk at 512 MiB and at the end */
    path = at("huge.spt");
    eb_write(&d, buf);
    TAP_OK(put(path, buf, EB_SIZE, 0) == 0 &&
               put(path, "junk", 4, 512 << 20) == 0 &&
               put(path, "junk", 4, (1 << 30) - 4) == 0,
           "a 1 GiB sparse file with a valid image and junk after it");
    TAP_OK(read_image(path, &data, &size, &n) == 0 && size == EB_SIZE &&
               memcmp(data, buf, size) == 0,
           "read: only the image's bytes (%s)", err);
    if (n >= 0)
        TAP_OK(n <= EB_SIZE + 1024, "%lld bytes read, not 1 GiB", n);
    else
        TAP_SKIP("no /proc/self/io", "bytes read");
    free(data);
    unlink(path);

    /* a 1 GiB file that is not ELF: refused after its first bytes */
    path = at("huge.bin");
    TAP_OK(put(path, "junk", 4, (1 << 30) - 4) == 0,
           "a 1 GiB sparse file of zeros and junk");
    TAP_OK(read_image(path, &data, &size, &n) == -1 &&
               strstr(err, "huge.bin: not an ELF file"),
           "refused: not an ELF file (%s)", err);
    if (n >= 0)
        TAP_OK(n <= 1024, "%lld bytes read, not 1 GiB", n);
    else
        TAP_SKIP("no /proc/self/io", "bytes read");
    unlink(path);

    /* checked before the segments are read */
    path = at("short");
    TAP_OK(put(path, "\177ELF", 4, 0) == 0, "a 4-byte file");
    read_refused(path, "short: not an ELF file", "shorter than an ELF header");
    unlink(path);
    path = at("class");
    d.ei_class = 1;
    eb_write(&d, buf);
    TAP_OK(put(path, buf, EB_SIZE, 0) == 0, "an ELFCLASS32 file");
    read_refused(path, "class: not a 64-bit ELF file", "ELFCLASS32");
    unlink(path);
    path = at("phdrs");
    eb_default(&d);
    d.phoff = 0x1000;
    eb_write(&d, buf);
    TAP_OK(put(path, buf, 0x1010, 0) == 0, "program headers cut");
    read_refused(path, "run past the end of the file (4112 bytes)",
                 "program headers past the end, the file's size said");
    unlink(path);
    path = at("cut");
    eb_default(&d);
    eb_write(&d, buf);
    TAP_OK(put(path, buf, 0x3008, 0) == 0, "the data segment cut");
    read_refused(path,
                 "cut: segment 2: file range p_offset 0x3000 + p_filesz 0x10 "
                 "is outside the file (12296 bytes)",
                 "a segment past the end of the file");
    unlink(path);
    path = at("note");
    d.ph[3].offset = 0x3008;
    eb_write(&d, buf);
    TAP_OK(put(path, buf, EB_SIZE, 0) == 0, "the note segment cut");
    read_refused(path, "note: segment 3: note range p_offset 0x3008",
                 "a note segment past the end of the file");
    unlink(path);

    /* a segment past TENDER_IMAGE_MAX in a sparse file */
    path = at("far.spt");
    eb_default(&d);
    d.ph[2].offset = TENDER_IMAGE_MAX;
    eb_write(&d, buf);
    TAP_OK(put(path, buf, EB_SIZE, 0) == 0 &&
               put(path, buf + 0x3000, 0x10, TENDER_IMAGE_MAX) == 0,
           "a data segment at 1 GiB in the file");
    TAP_OK(read_image(path, &data, &size, &n) == -1 &&
               strstr(err, "far.spt: its segments reach 1073741840 bytes into "
                           "the file, more than the 1024 MiB a tender loads"),
           "refused: past the bound (%s)", err);
    if (n >= 0)
        TAP_OK(n <= 16384, "%lld bytes read before refusing", n);
    else
        TAP_SKIP("no /proc/self/io", "bytes read");
    unlink(path);
}

int main(void)
{
    test_good();
    test_header();
    test_segments();
    test_entry();
    test_notes();
    test_notes_align8();
    if (!mkdtemp(dir)) {
        perror(dir);
        return 1;
    }
    test_file_kinds();
    test_file();
    rmdir(dir);
    return tap_done();
}
