/* SPDX-License-Identifier: ISC */
/* hostile_hvt.c: a hand-made hvt image that attacks mirage-hvt. */
/*
 * Built freestanding like tests/unit/tender_hvt_image.c and linked with
 * tests/unit/tender_spt.lds (tests/hostile/hvt-hostile.sh builds it). Its
 * first boot argument names one attack; the list is in attacks[] below
 * and in doc/tenders.md ("Hostile guests"). It declares a block device
 * "disk" (handle 0); built with -DHOSTILE_NET it also declares a net
 * device "net" (handle 1), which the test attaches to tests/net/ethpeer
 * with --net:net=@3, and then it first broadcasts the hello ethpeer
 * waits for.
 *
 * An attack whose calls must come back checks each return value itself
 * and prints one line per call ("what: value"), with "FAIL what: got G,
 * want W" when the value is not the one the tender's contract says; it
 * ends with "done", and halts with 0 when nothing failed, else 1. An
 * attack that the tender must stop (a bad argument struct, a port that
 * is no hypercall, HALT) does so itself; if the tender lets the guest go
 * on, it prints "FAIL: still running" and halts with 1.
 *
 * The test runs it with --mem=64 (GUEST_MEM) and a disk of at least
 * 64 KiB whose first bytes are "hostile disk". The guest installs its own
 * page tables and stack at once (an identity map of the first GiB,
 * read-write; a stack in its bss), so that its attacks do not depend on
 * how the tender mapped its memory, and the top of memory is free.
 */
#include <stdint.h>

#include "mirage/tender_abi.h"
#include "../unit/tender_image.h"

#define GUEST_MEM (64ull << 20)
#define EINVAL_   22
#define EFAULT_   14
#define EROFS_    30
#define EAGAIN_   11
#define MAGIC     "hostile disk"
#define MAGIC_LEN 12
#define ETH_HDR   14
#define ETHERTYPE 0x88b5

TENDER_IMAGE_ABI_NOTE(MIRAGE_TENDER_ABI_VERSION, MIRAGE_TENDER_TARGET_HVT);

#ifdef HOSTILE_NET
#define NDEV 2
#else
#define NDEV 1
#endif

__attribute__((section(".note.mirage"), aligned(4),
               used)) static const struct manifest_note manifest_note = {
    8,
    sizeof(struct mirage_tender_manifest),
    MIRAGE_TENDER_NOTE_MANIFEST,
    "MirageC",
    {MIRAGE_TENDER_ABI_VERSION,
     NDEV,
     {{"disk", MIRAGE_TENDER_DEV_BLOCK, 0}
#ifdef HOSTILE_NET
      ,
      {"net", MIRAGE_TENDER_DEV_NET, 0}
#endif
     }}};

/* The guest's own page tables: PML4, PDPT, one PD of 2 MiB pages. */
static uint64_t pml4[512] __attribute__((aligned(4096)));
static uint64_t pdpt[512] __attribute__((aligned(4096)));
static uint64_t pd[512] __attribute__((aligned(4096)));

static struct mirage_tender_boot_info *bi;
static int failed;
static char sector[512];
static uint8_t frame[1514];

static void out32(uint16_t port, uint32_t v)
{
    __asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port) : "memory");
}

/* Hypercall (nr) with its argument struct at guest-physical (gpa). */
static void call_at(unsigned nr, uint64_t gpa)
{
    out32((uint16_t)(MIRAGE_HVT_PORT_BASE + nr), (uint32_t)gpa);
}

static void call(unsigned nr, void *arg)
{
    call_at(nr, (uint64_t)(uintptr_t)arg);
}

static __attribute__((noreturn)) void halt(int64_t status)
{
    struct mirage_hvt_halt h = {status};
    call(MIRAGE_HVT_HALT, &h);
    for (;;)
        ;
}

/* A pointer to guest-physical (a), hidden from the optimiser (a may be 0). */
static uint8_t *phys(uint64_t a)
{
    __asm__("" : "+r"(a));
    return (uint8_t *)(uintptr_t)a;
}

static void say(const char *s)
{
    struct mirage_hvt_puts p = {(uint64_t)(uintptr_t)s, tender_image_len(s)};
    call(MIRAGE_HVT_PUTS, &p);
}

static void say_int(int64_t v)
{
    char b[24];
    int i = 23;
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    b[i] = '\0';
    do {
        b[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        b[--i] = '-';
    say(b + i);
}

static int streq(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

static int same(const void *a, const void *b, unsigned long n)
{
    const uint8_t *x = a, *y = b;
    for (unsigned long i = 0; i < n; i++)
        if (x[i] != y[i])
            return 0;
    return 1;
}

static void copy(void *d, const void *s, unsigned long n)
{
    uint8_t *x = d;
    const uint8_t *y = s;
    for (unsigned long i = 0; i < n; i++)
        x[i] = y[i];
}

static void fill(void *d, int c, unsigned long n)
{
    uint8_t *x = d;
    for (unsigned long i = 0; i < n; i++)
        x[i] = (uint8_t)c;
}

/* Prints "what: got", and a FAIL line unless (got) is (want). */
static void expect(const char *what, int64_t got, int64_t want)
{
    say(what);
    say(": ");
    say_int(got);
    say("\n");
    if (got != want) {
        say("FAIL ");
        say(what);
        say(": got ");
        say_int(got);
        say(", want ");
        say_int(want);
        say("\n");
        failed = 1;
    }
}

/* A block call; (ret) starts as a value no tender returns. */
static int64_t blk(unsigned nr, uint32_t handle, uint64_t off, uint64_t data,
                   uint64_t len)
{
    struct mirage_hvt_block b = {handle, 0, off, data, len, 12345};
    call(nr, &b);
    return b.ret;
}

static int64_t net(unsigned nr, uint32_t handle, uint64_t data, uint64_t len,
                   uint64_t *got)
{
    struct mirage_hvt_net n = {handle, 0, data, len, 77777, 12345};
    call(nr, &n);
    if (got)
        *got = n.got;
    return n.ret;
}

static int64_t poll_(uint64_t timeout_ns, uint64_t *ready)
{
    struct mirage_hvt_poll p = {timeout_ns, *ready, 12345};
    call(MIRAGE_HVT_POLL, &p);
    *ready = p.ready;
    return p.ret;
}

static uint64_t addr(const void *p)
{
    return (uint64_t)(uintptr_t)p;
}

/* The capacity of the disk, as the tender first said. */
static uint64_t capacity;

/* Reads sector 0 into (sector) and checks its magic. */
static void read_sector0(const char *what)
{
    fill(sector, 0, sizeof sector);
    expect(what, blk(MIRAGE_HVT_BLOCK_READ, 0, 0, addr(sector), 512), 0);
    expect("its first bytes are the disk's", same(sector, MAGIC, MAGIC_LEN), 1);
}

/* The boot info rewritten, then the calls the rewrite would mislead. */

static void bi_capacity(void)
{
    bi->devices[0].capacity = 1ull << 40;
    expect("write at 1 GiB",
           blk(MIRAGE_HVT_BLOCK_WRITE, 0, 1ull << 30, addr(sector), 512),
           -EINVAL_);
    expect("read at 1 GiB",
           blk(MIRAGE_HVT_BLOCK_READ, 0, 1ull << 30, addr(sector), 512),
           -EINVAL_);
    expect("write of the sector past the end",
           blk(MIRAGE_HVT_BLOCK_WRITE, 0, capacity, addr(sector), 512),
           -EINVAL_);
    /* what the guest may do: its last sector becomes 512 'H' */
    fill(sector, 'H', sizeof sector);
    expect("write of the last sector",
           blk(MIRAGE_HVT_BLOCK_WRITE, 0, capacity - 512, addr(sector), 512),
           0);
}

static void bi_sector(void)
{
    bi->devices[0].sector_size = 0;
    read_sector0("sector_size 0: read of sector 0");
    expect("sector_size 0: read of 100 bytes",
           blk(MIRAGE_HVT_BLOCK_READ, 0, 0, addr(sector), 100), -EINVAL_);
    bi->devices[0].sector_size = 1;
    expect("sector_size 1: read of 1 byte at 1",
           blk(MIRAGE_HVT_BLOCK_READ, 0, 1, addr(sector), 1), -EINVAL_);
    expect("sector_size 1: write of 1 byte at 1",
           blk(MIRAGE_HVT_BLOCK_WRITE, 0, 1, addr(sector), 1), -EINVAL_);
}

static void bi_ndevices(void)
{
    /* 200 devices, all net: the entries past devices[15] are the bytes
       after the boot info (the command line, read already) */
    struct mirage_tender_device *d = (void *)phys(addr(bi->devices));
    bi->ndevices = 200;
    for (unsigned i = 0; i < 200; i++)
        d[i].type = MIRAGE_TENDER_DEV_NET;
    {
        uint64_t ready = ~0ull;
        expect("poll of every device", poll_(1, &ready), 0);
        expect("no device is ready", (int64_t)ready, 0);
    }
    expect("block read on handle 150",
           blk(MIRAGE_HVT_BLOCK_READ, 150, 0, addr(sector), 512), -EINVAL_);
    expect("net write on handle 150",
           net(MIRAGE_HVT_NET_WRITE, 150, addr(frame), 60, 0), -EINVAL_);
    expect("flush of handle 199", blk(MIRAGE_HVT_BLOCK_FLUSH, 199, 0, 0, 0),
           -EINVAL_);
}

static void bi_type(void)
{
    bi->devices[0].type = MIRAGE_TENDER_DEV_NET;
    bi->devices[0].mtu = 1500;
    fill(frame, 0xee, 60);
    expect("net write on the disk",
           net(MIRAGE_HVT_NET_WRITE, 0, addr(frame), 60, 0), -EINVAL_);
    expect("net read on the disk",
           net(MIRAGE_HVT_NET_READ, 0, addr(frame), sizeof frame, 0), -EINVAL_);
    {
        uint64_t ready = 1;
        expect("poll of the disk", poll_(1, &ready), 0);
        expect("it is not ready", (int64_t)ready, 0);
    }
}

static void bi_readonly(void)
{
    expect("the disk is read-only", bi->devices[0].read_only, 1);
    bi->devices[0].read_only = 0;
    fill(sector, 'W', sizeof sector);
    expect("write of sector 0",
           blk(MIRAGE_HVT_BLOCK_WRITE, 0, 0, addr(sector), 512), -EROFS_);
    expect("flush", blk(MIRAGE_HVT_BLOCK_FLUSH, 0, 0, 0, 0), 0);
    read_sector0("read of sector 0");
}

/* Out-of-range arguments of each hypercall. */

static void block_handle(void)
{
    static const uint32_t bad[] = {5000, 0xffffffffu, NDEV};
    static const char *const what[] = {"5000", "0xffffffff", "ndevices"};
    for (unsigned i = 0; i < 3; i++) {
        say("handle ");
        say(what[i]);
        say(": ");
        expect("read", blk(MIRAGE_HVT_BLOCK_READ, bad[i], 0, addr(sector), 512),
               -EINVAL_);
        say("handle ");
        say(what[i]);
        say(": ");
        expect("write",
               blk(MIRAGE_HVT_BLOCK_WRITE, bad[i], 0, addr(sector), 512),
               -EINVAL_);
        say("handle ");
        say(what[i]);
        say(": ");
        expect("flush", blk(MIRAGE_HVT_BLOCK_FLUSH, bad[i], 0, 0, 0), -EINVAL_);
    }
}

static void block_len(void)
{
    uint64_t s = addr(sector);
    uint64_t heap = bi->mem_start;
    expect("read of 0 bytes", blk(MIRAGE_HVT_BLOCK_READ, 0, 0, s, 0), 0);
    expect("write of 0 bytes", blk(MIRAGE_HVT_BLOCK_WRITE, 0, 0, s, 0), 0);
    expect("read of 100 bytes", blk(MIRAGE_HVT_BLOCK_READ, 0, 0, s, 100),
           -EINVAL_);
    expect("write of 513 bytes", blk(MIRAGE_HVT_BLOCK_WRITE, 0, 0, s, 513),
           -EINVAL_);
    expect("read of the capacity and a sector",
           blk(MIRAGE_HVT_BLOCK_READ, 0, 0, heap, capacity + 512), -EINVAL_);
    expect("write of the capacity and a sector",
           blk(MIRAGE_HVT_BLOCK_WRITE, 0, 0, heap, capacity + 512), -EINVAL_);
    expect("read of 2^63 bytes",
           blk(MIRAGE_HVT_BLOCK_READ, 0, 0, s, 1ull << 63), -EINVAL_);
    expect("write of 2^64-512 bytes",
           blk(MIRAGE_HVT_BLOCK_WRITE, 0, 0, s, ~511ull), -EINVAL_);
    expect("write of 2^64-512 bytes at 512",
           blk(MIRAGE_HVT_BLOCK_WRITE, 0, 512, s, ~511ull), -EINVAL_);
    expect("read of the whole disk",
           blk(MIRAGE_HVT_BLOCK_READ, 0, 0, heap, capacity), 0);
    expect("which starts as the disk does", same(phys(heap), MAGIC, MAGIC_LEN),
           1);
}

static void block_offset(void)
{
    uint64_t s = addr(sector);
    expect("read at 100", blk(MIRAGE_HVT_BLOCK_READ, 0, 100, s, 512), -EINVAL_);
    expect("write at 1", blk(MIRAGE_HVT_BLOCK_WRITE, 0, 1, s, 512), -EINVAL_);
    expect("read at the capacity",
           blk(MIRAGE_HVT_BLOCK_READ, 0, capacity, s, 512), -EINVAL_);
    expect("write at the capacity",
           blk(MIRAGE_HVT_BLOCK_WRITE, 0, capacity, s, 512), -EINVAL_);
    expect("0 bytes at the capacity",
           blk(MIRAGE_HVT_BLOCK_READ, 0, capacity, s, 0), 0);
    expect("write at the capacity and a sector",
           blk(MIRAGE_HVT_BLOCK_WRITE, 0, capacity + 512, s, 512), -EINVAL_);
    expect("write at 2^63", blk(MIRAGE_HVT_BLOCK_WRITE, 0, 1ull << 63, s, 512),
           -EINVAL_);
    /* offset + len wraps to 512 */
    expect("write at 2^64-512 of 1024 bytes",
           blk(MIRAGE_HVT_BLOCK_WRITE, 0, ~511ull, bi->mem_start, 1024),
           -EINVAL_);
    expect("read at 2^64-512 of 1024 bytes",
           blk(MIRAGE_HVT_BLOCK_READ, 0, ~511ull, bi->mem_start, 1024),
           -EINVAL_);
}

static void block_pointer(void)
{
    static const struct {
        const char *what;
        uint64_t data;
    } bad[] = {
        {"at the end of guest memory", GUEST_MEM},
        {"straddling the end", GUEST_MEM - 256},
        {"at 1 TiB", 1ull << 40},
        {"at 2^64-256 (wraps)", ~255ull},
        {"at 2^63", 1ull << 63},
    };
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        say("read into data ");
        expect(bad[i].what, blk(MIRAGE_HVT_BLOCK_READ, 0, 0, bad[i].data, 512),
               -EFAULT_);
        say("write from data ");
        expect(bad[i].what, blk(MIRAGE_HVT_BLOCK_WRITE, 0, 0, bad[i].data, 512),
               -EFAULT_);
    }
    /* the page at 0 is guest memory like any other */
    fill(phys(0), 0, 512);
    expect("read into the page at 0", blk(MIRAGE_HVT_BLOCK_READ, 0, 0, 0, 512),
           0);
    expect("which holds sector 0", same(phys(0), MAGIC, MAGIC_LEN), 1);
    /* the last sector of guest memory is guest memory too */
    expect("read into the last sector of guest memory",
           blk(MIRAGE_HVT_BLOCK_READ, 0, 0, GUEST_MEM - 512, 512), 0);
}

static void poll_calls(void)
{
    uint64_t ready = ~0ull;
    expect("poll of every bit, 1 ns", poll_(1, &ready), 0);
    expect("no bit comes back", (int64_t)ready, 0);
    ready = ~0ull;
    expect("poll of every bit, 0 ns", poll_(0, &ready), 0);
    expect("no bit comes back", (int64_t)ready, 0);
}

static void puts_calls(void)
{
    struct mirage_hvt_puts p = {addr(sector), 0};
    fill(sector, 'X', sizeof sector);
    call(MIRAGE_HVT_PUTS, &p);
    say("a PUTS of 0 bytes printed nothing\n");
    /* a PUTS of the last byte of guest memory */
    *phys(GUEST_MEM - 1) = '\n';
    p.data = GUEST_MEM - 1;
    p.len = 1;
    call(MIRAGE_HVT_PUTS, &p);
}

static void arg_zero(void)
{
    /* the page at 0 is guest memory: an argument struct there is served */
    fill(phys(0), 0, 64);
    call_at(MIRAGE_HVT_WALLTIME, 0);
    {
        int64_t ns;
        copy(&ns, phys(0), 8);
        expect("walltime at 0 is after 2020", ns > 1577836800000000000ll, 1);
    }
    fill(phys(0), 0, 64);
    call_at(MIRAGE_HVT_BLOCK_FLUSH, 0); /* handle 0 */
    {
        int64_t ret;
        copy(&ret, phys(0) + 40, 8);
        expect("flush with its argument at 0", ret, 0);
    }
    /* the last bytes of guest memory hold a whole argument */
    {
        struct mirage_hvt_walltime w = {0};
        copy(phys(GUEST_MEM - 8), &w, 8);
        call_at(MIRAGE_HVT_WALLTIME, GUEST_MEM - 8);
        copy(&w, phys(GUEST_MEM - 8), 8);
        expect("walltime in the last 8 bytes is after 2020",
               w.ns > 1577836800000000000ll, 1);
    }
}

/* The tender must stop the guest at the call; it prints why. */
static void must_stop(void)
{
    say("FAIL: still running\n");
    halt(1);
}

#ifdef HOSTILE_NET
static uint8_t mac[6];

/* The hello frame tests/net/ethpeer waits for, from this guest. */
static void hello(void)
{
    static const char text[] = "mirage ethecho hello";
    fill(frame, 0, 60);
    fill(frame, 0xff, 6);
    copy(frame + 6, mac, 6);
    frame[12] = ETHERTYPE >> 8;
    frame[13] = ETHERTYPE & 0xff;
    copy(frame + ETH_HDR, text, sizeof text - 1);
    expect("hello", net(MIRAGE_HVT_NET_WRITE, 1, addr(frame), 60, 0), 0);
}

static void bi_mtu(void)
{
    uint64_t heap = bi->mem_start;
    bi->devices[1].mtu = 1u << 20;
    fill(phys(heap), 0x5a, 65536);
    copy(phys(heap), frame, ETH_HDR);
    expect("write of a 64 KiB frame",
           net(MIRAGE_HVT_NET_WRITE, 1, heap, 65536, 0), -EINVAL_);
    expect("write of a 1515-byte frame",
           net(MIRAGE_HVT_NET_WRITE, 1, heap, 1515, 0), -EINVAL_);
    expect("write of a 1514-byte frame",
           net(MIRAGE_HVT_NET_WRITE, 1, heap, 1514, 0), 0);
}

static void block_on_net(void)
{
    expect("block write on the net device",
           blk(MIRAGE_HVT_BLOCK_WRITE, 1, 0, addr(sector), 512), -EINVAL_);
    expect("block read on the net device",
           blk(MIRAGE_HVT_BLOCK_READ, 1, 0, addr(sector), 512), -EINVAL_);
    expect("flush of the net device", blk(MIRAGE_HVT_BLOCK_FLUSH, 1, 0, 0, 0),
           -EINVAL_);
}

static void bi_nettype(void)
{
    block_on_net();
    say("its type made block in the boot info:\n");
    bi->devices[1].type = MIRAGE_TENDER_DEV_BLOCK;
    bi->devices[1].capacity = 1ull << 30;
    bi->devices[1].sector_size = 512;
    block_on_net();
}

static void net_handle(void)
{
    static const uint32_t bad[] = {5000, 0xffffffffu, NDEV, 0};
    static const char *const what[] = {"5000", "0xffffffff", "ndevices",
                                       "0 (the disk)"};
    for (unsigned i = 0; i < 4; i++) {
        say("handle ");
        say(what[i]);
        say(": ");
        expect("write", net(MIRAGE_HVT_NET_WRITE, bad[i], addr(frame), 60, 0),
               -EINVAL_);
        say("handle ");
        say(what[i]);
        say(": ");
        expect("read",
               net(MIRAGE_HVT_NET_READ, bad[i], addr(frame), sizeof frame, 0),
               -EINVAL_);
    }
}

static void net_len(void)
{
    uint64_t heap = bi->mem_start, got = 0;
    expect("write of 2^64-1 bytes",
           net(MIRAGE_HVT_NET_WRITE, 1, addr(frame), ~0ull, 0), -EFAULT_);
    expect("write of 1 MiB", net(MIRAGE_HVT_NET_WRITE, 1, heap, 1u << 20, 0),
           -EINVAL_);
    expect("write from the end of guest memory",
           net(MIRAGE_HVT_NET_WRITE, 1, GUEST_MEM, 60, 0), -EFAULT_);
    expect("write straddling the end",
           net(MIRAGE_HVT_NET_WRITE, 1, GUEST_MEM - 30, 60, 0), -EFAULT_);
    expect("write from 2^64-30 (wraps)",
           net(MIRAGE_HVT_NET_WRITE, 1, ~29ull, 60, 0), -EFAULT_);
    expect("read of 2^64-1 bytes",
           net(MIRAGE_HVT_NET_READ, 1, addr(frame), ~0ull, 0), -EFAULT_);
    expect("read into the end of guest memory",
           net(MIRAGE_HVT_NET_READ, 1, GUEST_MEM, 1514, 0), -EFAULT_);
    expect("read straddling the end",
           net(MIRAGE_HVT_NET_READ, 1, GUEST_MEM - 100, 1514, 0), -EFAULT_);
    expect("read with no frame waiting",
           net(MIRAGE_HVT_NET_READ, 1, addr(frame), sizeof frame, &got),
           -EAGAIN_);
}

/* A poll with every bit and no end; ethpeer's ping wakes it. */
static void net_poll(void)
{
    uint64_t ready = ~0ull, got = 0;
    static uint8_t echo[1514 + 5];
    expect("poll of every bit, forever", poll_(~0ull, &ready), 0);
    expect("only the net device's bit comes back", (int64_t)ready, 2);
    expect("read of the ping",
           net(MIRAGE_HVT_NET_READ, 1, addr(frame), sizeof frame, &got), 0);
    expect("it is a frame to this guest", got >= ETH_HDR && same(frame, mac, 6),
           1);
    if (got < ETH_HDR || got > sizeof frame)
        return;
    /* the echo ethpeer checks: swapped addresses, "echo:" and the payload */
    copy(echo, frame + 6, 6);
    copy(echo + 6, mac, 6);
    copy(echo + 12, frame + 12, 2);
    copy(echo + ETH_HDR, "echo:", 5);
    copy(echo + ETH_HDR + 5, frame + ETH_HDR, got - ETH_HDR);
    expect("write of the echo",
           net(MIRAGE_HVT_NET_WRITE, 1, addr(echo),
               got + 5 > 1514 ? 1514 : got + 5, 0),
           0);
}
#endif

static void attack(const char *name)
{
    if (streq(name, "bi-capacity"))
        bi_capacity();
    else if (streq(name, "bi-sector"))
        bi_sector();
    else if (streq(name, "bi-ndevices"))
        bi_ndevices();
    else if (streq(name, "bi-type"))
        bi_type();
    else if (streq(name, "bi-readonly"))
        bi_readonly();
    else if (streq(name, "block-handle"))
        block_handle();
    else if (streq(name, "block-len"))
        block_len();
    else if (streq(name, "block-offset"))
        block_offset();
    else if (streq(name, "block-pointer"))
        block_pointer();
    else if (streq(name, "poll"))
        poll_calls();
    else if (streq(name, "puts"))
        puts_calls();
    else if (streq(name, "arg-zero"))
        arg_zero();
#ifdef HOSTILE_NET
    else if (streq(name, "bi-mtu"))
        bi_mtu();
    else if (streq(name, "bi-nettype"))
        bi_nettype();
    else if (streq(name, "net-handle"))
        net_handle();
    else if (streq(name, "net-len"))
        net_len();
    else if (streq(name, "net-poll"))
        net_poll();
#endif
    /* the attacks the tender must stop */
    else if (streq(name, "arg-past")) {
        call_at(MIRAGE_HVT_BLOCK_READ, GUEST_MEM);
        must_stop();
    } else if (streq(name, "arg-straddle")) {
        call_at(MIRAGE_HVT_POLL, GUEST_MEM - 16);
        must_stop();
    } else if (streq(name, "arg-4g")) {
        call_at(MIRAGE_HVT_HALT, 0xfffffff8u);
        must_stop();
    } else if (streq(name, "puts-huge")) {
        struct mirage_hvt_puts p = {addr(sector), ~0ull};
        call(MIRAGE_HVT_PUTS, &p);
        must_stop();
    } else if (streq(name, "puts-straddle")) {
        struct mirage_hvt_puts p = {GUEST_MEM - 4, 8};
        call(MIRAGE_HVT_PUTS, &p);
        must_stop();
    } else if (streq(name, "call-0")) {
        out32(MIRAGE_HVT_PORT_BASE, (uint32_t)addr(sector));
        must_stop();
    } else if (streq(name, "call-max")) {
        out32(MIRAGE_HVT_PORT_BASE + MIRAGE_HVT_CALL_MAX + 1,
              (uint32_t)addr(sector));
        must_stop();
    } else if (streq(name, "call-in")) {
        uint32_t v;
        __asm__ volatile(
            "inl %1, %0"
            : "=a"(v)
            : "Nd"((uint16_t)(MIRAGE_HVT_PORT_BASE + MIRAGE_HVT_WALLTIME)));
        must_stop();
    } else if (streq(name, "call-outb")) {
        __asm__ volatile(
            "outb %0, %1"
            :
            : "a"((uint8_t)0),
              "Nd"((uint16_t)(MIRAGE_HVT_PORT_BASE + MIRAGE_HVT_WALLTIME)));
        must_stop();
    } else if (streq(name, "halt-neg")) {
        halt(-1);
    } else if (streq(name, "halt-256")) {
        halt(256);
    } else if (streq(name, "halt-big")) {
        halt((int64_t)0x800000000000017full);
    } else {
        say("FAIL: unknown attack ");
        say(name);
        say("\n");
        halt(2);
    }
}

void hostile_main(struct mirage_tender_boot_info *boot);

/* The guest's own stack: the top of guest memory is a target. */
static uint8_t stack[16384] __attribute__((aligned(16), used));

__asm__(".text\n"
        ".globl _start\n"
        "_start:\n"
        "    lea stack+16384-8(%rip), %rsp\n"
        "    jmp hostile_main\n");

void hostile_main(struct mirage_tender_boot_info *boot)
{
    char name[32];
    const char *s;
    int n = 0;

    /* the guest's own tables: the first GiB, identity, read-write */
    for (uint64_t i = 0; i < 512; i++)
        pd[i] = (i << 21) | 0x83; /* P RW PS */
    pdpt[0] = addr(pd) | 0x3;
    pml4[0] = addr(pdpt) | 0x3;
    __asm__ volatile("mov %0, %%cr3" : : "r"(addr(pml4)) : "memory");

    bi = boot;
    if (bi->abi_version != MIRAGE_TENDER_ABI_VERSION || bi->ndevices != NDEV ||
        bi->mem_end > GUEST_MEM ||
        bi->devices[0].type != MIRAGE_TENDER_DEV_BLOCK ||
        bi->devices[0].capacity < 65536 || bi->devices[0].sector_size != 512) {
        say("FAIL: the boot info is not as the test wants (--mem=64, a disk "
            "of 64 KiB or more)\n");
        halt(2);
    }
    capacity = bi->devices[0].capacity;
    for (s = (const char *)(uintptr_t)bi->cmdline; *s && *s != ' ' && n < 31;)
        name[n++] = *s++;
    name[n] = '\0';
    say("attack ");
    say(name);
    say("\n");
#ifdef HOSTILE_NET
    copy(mac, bi->devices[1].mac, 6);
    hello();
#endif
    attack(name);
    say("done\n");
    halt(failed);
}
