/* SPDX-License-Identifier: ISC */
/* test_helper_elf.c: the ELF64 symbol reader, on good and hostile files,
 * and the symbolizer's annotation of crash reports. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf64.h"
#include "symbolize.h"
#include "tap.h"
#include "util.h"

/* Where the pieces of the test file go. */
#define TEXT_OFF  64
#define TEXT_ADDR 0x1000
#define TEXT_SIZE 0x100
#define STR_OFF   (TEXT_OFF + TEXT_SIZE)
#define SYM_OFF   0x200
#define NSYMS     8
#define SHDR_OFF  (SYM_OFF + NSYMS * 24)
#define NSECTIONS 4
#define FILE_SIZE (SHDR_OFF + NSECTIONS * 64)
/* The offsets of fields, for corrupting them. */
#define E_SHOFF     40
#define E_SHENTSIZE 58
#define E_SHNUM     60
#define SHDR(i)     (SHDR_OFF + (i)*64)
#define SH_TYPE     4
#define SH_OFFSET   24
#define SH_SIZE     32
#define SH_LINK     40
#define SH_ENTSIZE  56

static const char strtab[] = "\0f_alpha\0f_beta\0f_local\0obj\0f_nosize\0"
                             "f_undef\0alias";
/* Offsets of the names in strtab. */
enum {
    N_ALPHA = 1,
    N_BETA = 9,
    N_LOCAL = 16,
    N_OBJ = 24,
    N_NOSIZE = 28,
    N_UNDEF = 37,
    N_ALIAS = 45
};

static unsigned char file[FILE_SIZE];
static int big;

static void put(size_t off, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        file[off + (big ? n - 1 - i : i)] = (unsigned char)(v >> (8 * i));
}

static void sym(unsigned i, uint32_t name, unsigned bind, unsigned type,
                unsigned shndx, uint64_t value, uint64_t size)
{
    size_t at = SYM_OFF + (size_t)i * 24;

    put(at, name, 4);
    file[at + 4] = (unsigned char)(bind << 4 | type);
    put(at + 6, shndx, 2);
    put(at + 8, value, 8);
    put(at + 16, size, 8);
}

static void shdr(unsigned i, uint32_t type, uint64_t flags, uint64_t addr,
                 uint64_t off, uint64_t size, uint32_t link, uint64_t entsize)
{
    put(SHDR(i) + SH_TYPE, type, 4);
    put(SHDR(i) + 8, flags, 8);
    put(SHDR(i) + 16, addr, 8);
    put(SHDR(i) + SH_OFFSET, off, 8);
    put(SHDR(i) + SH_SIZE, size, 8);
    put(SHDR(i) + SH_LINK, link, 4);
    put(SHDR(i) + SH_ENTSIZE, entsize, 8);
}

/* Writes a good ELF64 file of (type), in big-endian order if (be). */
static void build(unsigned type, int be)
{
    big = be;
    memset(file, 0, sizeof(file));
    memcpy(file, "\177ELF", 4);
    file[4] = 2;          /* ELFCLASS64 */
    file[5] = be ? 2 : 1; /* byte order */
    file[6] = 1;          /* EV_CURRENT */
    put(16, type, 2);
    put(18, 62, 2); /* EM_X86_64 */
    put(20, 1, 4);
    put(E_SHOFF, SHDR_OFF, 8);
    put(52, 64, 2); /* e_ehsize */
    put(E_SHENTSIZE, 64, 2);
    put(E_SHNUM, NSECTIONS, 2);
    memset(file + TEXT_OFF, 0x90, TEXT_SIZE);
    memcpy(file + STR_OFF, strtab, sizeof(strtab));
    sym(1, N_ALPHA, 1, 2, 1, 0x1000, 0x20);
    sym(2, N_BETA, 1, 2, 1, 0x1020, 0x10);
    sym(3, N_LOCAL, 0, 2, 1, 0x1040, 0x8);
    sym(4, N_OBJ, 1, 1, 1, 0x1050, 0x8); /* an object: not a function */
    sym(5, N_NOSIZE, 1, 2, 1, 0x1080, 0);
    sym(6, N_UNDEF, 1, 2, 0, 0x1090, 0x4); /* undefined: skipped */
    sym(7, N_ALIAS, 0, 2, 1, 0x1000, 0);   /* loses to f_alpha */
    shdr(1, 1, 0x6, TEXT_ADDR, TEXT_OFF, TEXT_SIZE, 0, 0); /* .text */
    shdr(2, 2, 0, 0, SYM_OFF, NSYMS * 24, 3, 24);          /* .symtab */
    shdr(3, 3, 0, 0, STR_OFF, sizeof(strtab), 0, 0);       /* .strtab */
}

/* Parses (len) bytes of the file, from an exactly sized copy. */
static enum elf64_status parse(size_t len, struct elf64_image *img)
{
    unsigned char *copy = xmalloc(len);
    const char *why;
    enum elf64_status st;

    memcpy(copy, file, len);
    st = elf64_parse(img, copy, len, &why);
    img->data = copy; /* elf64_free frees it */
    if (st != ELF64_OK && !why)
        st = (enum elf64_status) - 1; /* a refusal must say why */
    return st;
}

static const char *name_at(const struct elf64_image *img, uint64_t addr)
{
    const struct elf64_symbol *s = elf64_lookup(img, addr);
    return s ? s->name : "(none)";
}

static void test_good(int be)
{
    struct elf64_image img;
    const char *order = be ? "big-endian" : "little-endian";

    build(ELF64_ET_EXEC, be);
    TAP_OK(parse(FILE_SIZE, &img) == ELF64_OK, "%s: a good file parses", order);
    TAP_OK(img.type == ELF64_ET_EXEC, "%s: ET_EXEC", order);
    TAP_OK(img.nsyms == 5, "%s: 5 defined functions (got %zu)", order,
           img.nsyms);
    TAP_STREQ(name_at(&img, 0x1000), "f_alpha",
              "%s: the sized global wins over an alias", order);
    TAP_STREQ(name_at(&img, 0x101f), "f_alpha", "%s: last byte", order);
    TAP_STREQ(name_at(&img, 0x1020), "f_beta", "%s: next function", order);
    TAP_STREQ(name_at(&img, 0x1035), "f_beta",
              "%s: past its end: the nearest before", order);
    TAP_STREQ(name_at(&img, 0x1044), "f_local", "%s: a local function", order);
    TAP_STREQ(name_at(&img, 0x1052), "f_local",
              "%s: an object is not a function", order);
    TAP_STREQ(name_at(&img, 0x10f0), "f_nosize",
              "%s: an undefined symbol is not used", order);
    TAP_STREQ(name_at(&img, 0xfff), "(none)", "%s: before every function",
              order);
    TAP_OK(elf64_in_text(&img, 0x1000) && elf64_in_text(&img, 0x10ff) &&
               !elf64_in_text(&img, 0x1100) && !elf64_in_text(&img, 0xfff),
           "%s: the executable section's bounds", order);
    elf64_free(&img);
}

/* Corrupts the good file with (edit) and expects (want). */
#define CORRUPT(want, what, ...)                                               \
    do {                                                                       \
        struct elf64_image img_;                                               \
        enum elf64_status st_;                                                 \
        build(ELF64_ET_EXEC, 0);                                               \
        __VA_ARGS__;                                                           \
        st_ = parse(FILE_SIZE, &img_);                                         \
        TAP_OK(st_ == (want), "%s (status %d)", what, (int)st_);               \
        elf64_free(&img_);                                                     \
    } while (0)

static void test_corrupt(void)
{
    struct elf64_image img;

    build(ELF64_ET_EXEC, 0);
    TAP_OK(parse(0, &img) == ELF64_NOT_ELF64, "an empty file: not ELF64");
    elf64_free(&img);
    TAP_OK(parse(3, &img) == ELF64_NOT_ELF64, "3 bytes: not ELF64");
    elf64_free(&img);
    TAP_OK(parse(40, &img) == ELF64_CORRUPT, "a truncated header: corrupt");
    elf64_free(&img);

    CORRUPT(ELF64_NOT_ELF64, "no magic number", file[1] = 'X');
    CORRUPT(ELF64_NOT_ELF64, "ELFCLASS32", file[4] = 1);
    CORRUPT(ELF64_CORRUPT, "an unknown byte order", file[5] = 7);
    CORRUPT(ELF64_NO_SYMTAB, "no section headers", put(E_SHOFF, 0, 8));
    CORRUPT(ELF64_CORRUPT, "section headers past the end",
            put(E_SHOFF, FILE_SIZE, 8));
    CORRUPT(ELF64_CORRUPT, "section headers at 2^64 - 16",
            put(E_SHOFF, UINT64_MAX - 15, 8));
    CORRUPT(ELF64_CORRUPT, "a section header size of 0",
            put(E_SHENTSIZE, 0, 2));
    CORRUPT(ELF64_CORRUPT, "65535 sections", put(E_SHNUM, 0xffff, 2));
    CORRUPT(ELF64_OK, "extended numbering: the count in section 0",
            put(E_SHNUM, 0, 2), put(SHDR(0) + SH_SIZE, NSECTIONS, 8));
    CORRUPT(ELF64_CORRUPT, "extended numbering with a huge count",
            put(E_SHNUM, 0, 2), put(SHDR(0) + SH_SIZE, UINT64_MAX, 8));
    CORRUPT(ELF64_NO_SYMTAB, "no SHT_SYMTAB (stripped)",
            put(SHDR(2) + SH_TYPE, 1, 4));
    CORRUPT(ELF64_CORRUPT, "the symbol table past the end",
            put(SHDR(2) + SH_OFFSET, FILE_SIZE - 8, 8));
    CORRUPT(ELF64_CORRUPT, "a huge symbol table",
            put(SHDR(2) + SH_SIZE, UINT64_MAX / 2, 8));
    CORRUPT(ELF64_CORRUPT, "offset + size wraps around",
            put(SHDR(2) + SH_OFFSET, UINT64_MAX - 7, 8),
            put(SHDR(2) + SH_SIZE, 64, 8));
    CORRUPT(ELF64_CORRUPT, "a symbol entry size of 0",
            put(SHDR(2) + SH_ENTSIZE, 0, 8));
    CORRUPT(ELF64_CORRUPT, "sh_link out of range",
            put(SHDR(2) + SH_LINK, 99, 4));
    CORRUPT(ELF64_CORRUPT, "sh_link to a section that is not SHT_STRTAB",
            put(SHDR(2) + SH_LINK, 1, 4));
    CORRUPT(ELF64_CORRUPT, "the string table past the end",
            put(SHDR(3) + SH_OFFSET, FILE_SIZE, 8));

    /* names that do not end inside the string table are dropped */
    build(ELF64_ET_EXEC, 0);
    put(SHDR(3) + SH_SIZE, N_BETA + 3, 8); /* cuts "f_beta" */
    put(SYM_OFF + 3 * 24, 0xfffffff0, 4);  /* f_local: name out of range */
    TAP_OK(parse(FILE_SIZE, &img) == ELF64_OK,
           "bad symbol names do not stop parsing");
    TAP_OK(img.nsyms == 1, "only f_alpha's name is whole (got %zu)", img.nsyms);
    TAP_STREQ(name_at(&img, 0x1024), "f_alpha",
              "the dropped symbols are not found");
    elf64_free(&img);
}

/* The file cut at every length: never accepted, never a crash. */
static void test_truncated(void)
{
    size_t accepted = 0;

    build(ELF64_ET_EXEC, 0);
    for (size_t len = 0; len < FILE_SIZE; len++) {
        struct elf64_image img;
        if (parse(len, &img) == ELF64_OK)
            accepted++;
        elf64_free(&img);
    }
    TAP_OK(accepted == 0,
           "every truncation of the file is refused (%zu "
           "accepted)",
           accepted);
}

/* Random damage: whatever is accepted has names inside the file. */
static void test_random(void)
{
    uint64_t state = 0x9e3779b97f4a7c15u;
    size_t accepted = 0, bad = 0;

    for (int round = 0; round < 3000; round++) {
        struct elf64_image img;
        int flips;

        build(round % 2 ? ELF64_ET_DYN : ELF64_ET_EXEC, round % 3 == 0);
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        flips = 1 + (int)(state % 4);
        for (int k = 0; k < flips; k++) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            /* mostly in the headers, where the offsets are */
            size_t at = state % 4 ? (size_t)(state >> 8) % 64
                                  : (size_t)(state >> 8) % FILE_SIZE;
            if (state & 0x10000)
                at = SHDR_OFF + (size_t)(state >> 20) % (NSECTIONS * 64);
            file[at] ^= (unsigned char)(1u << ((state >> 40) % 8));
        }
        if (parse(FILE_SIZE, &img) == ELF64_OK) {
            accepted++;
            for (size_t i = 0; i < img.nsyms; i++) {
                const unsigned char *n =
                    (const unsigned char *)img.syms[i].name;
                if (n < img.data || n >= img.data + FILE_SIZE ||
                    !memchr(n, 0, (size_t)(img.data + FILE_SIZE - n)))
                    bad++;
            }
            for (uint64_t a = 0xff0; a < 0x1110; a += 7)
                elf64_lookup(&img, a);
        }
        elf64_free(&img);
    }
    TAP_OK(bad == 0,
           "3000 damaged files: no name outside the file (%zu "
           "accepted)",
           accepted);
}

/* Symbolizes (text) line by line against the test file of (type). */
static char *symbolized(unsigned type, const char *image, const char *text)
{
    struct elf64_image img;
    struct symbolizer s;
    struct strbuf out = {0};
    const char *p = text;

    build(type, 0);
    parse(FILE_SIZE, &img);
    symbolizer_init(&s, &img, image);
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl + 1 - p) : strlen(p);
        symbolizer_line(&s, p, len, &out);
        p += len;
    }
    symbolizer_finish(&s, &out);
    symbolizer_free(&s);
    elf64_free(&img);
    return sb_take(&out);
}

#define SYMBOLIZED(type, in, want, ...)                                        \
    do {                                                                       \
        char *got_ = symbolized(type, "/build/img.xen", in);                   \
        TAP_STREQ(got_, want, __VA_ARGS__);                                    \
        free(got_);                                                            \
    } while (0)

static void test_symbolize_exec(void)
{
    SYMBOLIZED(ELF64_ET_EXEC,
               "mirage:   #0  0x0000000000001004 img.xen+0x1004\n",
               "mirage:   #0  0x0000000000001004 img.xen+0x1004 f_alpha+0x4\n",
               "frame #0 with an offset: the function and the delta");
    SYMBOLIZED(ELF64_ET_EXEC,
               "mirage:   #1  0x0000000000001020 img.xen+0x1020\n",
               "mirage:   #1  0x0000000000001020 img.xen+0x1020 f_alpha+0x20\n",
               "frame #1: OFF - 1 finds the caller when the call ends it");
    SYMBOLIZED(ELF64_ET_EXEC,
               "mirage:   #0  0x0000000000001020 img.xen+0x1020\n",
               "mirage:   #0  0x0000000000001020 img.xen+0x1020 f_beta+0x0\n",
               "frame #0 without an abort's registers: OFF itself");
    SYMBOLIZED(ELF64_ET_EXEC, "mirage:   #2  0x0000000000001024\r\n",
               "mirage:   #2  0x0000000000001024 f_beta+0x4\r\n",
               "ET_EXEC: a frame without NAME from ADDR; CRLF kept");
    SYMBOLIZED(ELF64_ET_EXEC, "mirage:   #2  0x0000000000005000\n",
               "mirage:   #2  0x0000000000005000\n",
               "an address outside the code is left alone");
    SYMBOLIZED(ELF64_ET_EXEC,
               "mirage:   #3  0x00007f0000001004 libc.so.6+0x1004\n",
               "mirage:   #3  0x00007f0000001004 libc.so.6+0x1004\n",
               "a shared library's frame is left alone");
    SYMBOLIZED(ELF64_ET_EXEC,
               "mirage:   #0  0x0000000000001004 renamed+0x1004\n",
               "mirage:   #0  0x0000000000001004 renamed+0x1004 f_alpha+0x4\n",
               "another image name (a renamed image) is looked up");
    SYMBOLIZED(ELF64_ET_EXEC,
               "# not a frame 0x1004\n#1 text\n#x 0x1004 img.xen+0x4\n",
               "# not a frame 0x1004\n#1 text\n#x 0x1004 img.xen+0x4\n",
               "other lines are copied unchanged");
    SYMBOLIZED(ELF64_ET_EXEC,
               "mirage: crash: page fault\n"
               "mirage:     rax=0x0000000000000000\n"
               "mirage:     r15=0x0000000000000001    rip=0x0000000000001044 "
               "rflags=0x0000000000000202\n",
               "mirage: crash: page fault\n"
               "mirage:     rax=0x0000000000000000\n"
               "mirage:     r15=0x0000000000000001    rip=0x0000000000001044 "
               "f_local+0x4 rflags=0x0000000000000202\n",
               "a fault's rip is named right after its value");
    SYMBOLIZED(ELF64_ET_EXEC,
               "mirage: crash: aborted\n"
               "mirage:     rip=0x0000000000001020    rsp=0x0000000000002000\n"
               "mirage:   #0  0x0000000000001020 img.xen+0x1020\n",
               "mirage: crash: aborted\n"
               "mirage:     rip=0x0000000000001020 f_alpha+0x20    "
               "rsp=0x0000000000002000\n"
               "mirage:   #0  0x0000000000001020 img.xen+0x1020 f_alpha+0x20\n",
               "an abort's rip and frame #0 are return addresses");
}

static void test_symbolize_dyn(void)
{
    struct elf64_image img;
    struct symbolizer s;
    struct strbuf out = {0};
    static const char *const lines[] = {
        "mirage: crash: segmentation fault\n",
        "mirage:     rax=0x0000000000000000\n",
        "mirage:     rip=0x0000555500001044    rflags=0x0000000000000246\n",
        "mirage: backtrace, innermost first:\n",
        "mirage:   #0  0x0000555500001044 img+0x1044\n",
        "mirage:   #1  0x00007f0012345678 libc.so.6+0x45678\n",
    };
    size_t after_rip;

    build(ELF64_ET_DYN, 0);
    parse(FILE_SIZE, &img);
    symbolizer_init(&s, &img, "img");
    symbolizer_line(&s, lines[0], strlen(lines[0]), &out);
    symbolizer_line(&s, lines[1], strlen(lines[1]), &out);
    symbolizer_line(&s, lines[2], strlen(lines[2]), &out);
    after_rip = out.len;
    symbolizer_line(&s, lines[3], strlen(lines[3]), &out);
    TAP_OK(after_rip == strlen(lines[0]) + strlen(lines[1]) &&
               out.len == after_rip,
           "PIE: lines from rip on wait for the load address");
    symbolizer_line(&s, lines[4], strlen(lines[4]), &out);
    symbolizer_line(&s, lines[5], strlen(lines[5]), &out);
    symbolizer_finish(&s, &out);
    TAP_STREQ(sb_str(&out),
              "mirage: crash: segmentation fault\n"
              "mirage:     rax=0x0000000000000000\n"
              "mirage:     rip=0x0000555500001044 f_local+0x4    "
              "rflags=0x0000000000000246\n"
              "mirage: backtrace, innermost first:\n"
              "mirage:   #0  0x0000555500001044 img+0x1044 f_local+0x4\n"
              "mirage:   #1  0x00007f0012345678 libc.so.6+0x45678\n",
              "PIE: rip named from the load address that frame #0 gives");
    symbolizer_free(&s);
    sb_free(&out);
    elf64_free(&img);

    SYMBOLIZED(ELF64_ET_DYN,
               "mirage:     rip=0x0000555500001044\nno backtrace\n",
               "mirage:     rip=0x0000555500001044\nno backtrace\n",
               "PIE without a frame: the held lines come out unchanged");
    SYMBOLIZED(ELF64_ET_DYN, "mirage:   #0  0x0000000000001004\n",
               "mirage:   #0  0x0000000000001004\n",
               "PIE: a frame without NAME+OFF cannot be named");
}

int main(void)
{
    test_good(0);
    test_good(1);
    test_corrupt();
    test_truncated();
    test_random();
    test_symbolize_exec();
    test_symbolize_dyn();
    return tap_done();
}
