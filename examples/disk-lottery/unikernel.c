/* SPDX-License-Identifier: ISC */
/* unikernel.c: disk-lottery keeps a lottery's tickets in a disk sector. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "mirage_main.h"

MIRAGE_LOG_SOURCE(lottery_log, "lottery", "the disk-lottery unikernel");

/*
 * The state sector (sector 0), all numbers little-endian:
 *   0   8 bytes  magic "MLOTTERY"
 *   8   4        format version (1)
 *   12  4        draws: tickets sold so far
 *   16  8        bitmap of the taken slots (bit N: slot N)
 *   24  64 * 4   for each slot, the draw that sold it (0: free)
 *   508 4        FNV-1a checksum of bytes 0 to 507
 * A sector of zeros is a disk never used: it gets a fresh state. Anything
 * else that does not check out is corrupt and left alone unless --reset.
 */
#define SLOTS         64
#define STATE_SECTOR  0
#define STATE_BYTES   512
#define OFF_VERSION   8
#define OFF_DRAWS     12
#define OFF_TAKEN     16
#define OFF_SOLD      24
#define OFF_CHECKSUM  508
#define STATE_VERSION 1
#define EXIT_BAD_SLOT 64
#define MAX_SECTOR    4096

static const char magic[8] = {'M', 'L', 'O', 'T', 'T', 'E', 'R', 'Y'};

struct lottery {
    uint32_t draws;
    uint64_t taken;
    uint32_t sold[SLOTS];
};

static unsigned char sector[MAX_SECTOR];

static uint32_t get32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static void put32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static uint32_t fnv1a(const unsigned char *p, size_t len, uint32_t h)
{
    for (size_t i = 0; i < len; i++)
        h = (h ^ p[i]) * 16777619u;
    return h;
}

/* Decodes the state sector; false if it is not a valid state. */
static bool decode(const unsigned char *p, struct lottery *l)
{
    if (memcmp(p, magic, sizeof(magic)) != 0 ||
        get32(p + OFF_VERSION) != STATE_VERSION ||
        get32(p + OFF_CHECKSUM) != fnv1a(p, OFF_CHECKSUM, 2166136261u))
        return false;
    l->draws = get32(p + OFF_DRAWS);
    l->taken = (uint64_t)get32(p + OFF_TAKEN) |
               (uint64_t)get32(p + OFF_TAKEN + 4) << 32;
    for (int i = 0; i < SLOTS; i++)
        l->sold[i] = get32(p + OFF_SOLD + 4 * i);
    return true;
}

static void encode(const struct lottery *l, unsigned char *p, uint32_t size)
{
    memset(p, 0, size);
    memcpy(p, magic, sizeof(magic));
    put32(p + OFF_VERSION, STATE_VERSION);
    put32(p + OFF_DRAWS, l->draws);
    put32(p + OFF_TAKEN, (uint32_t)l->taken);
    put32(p + OFF_TAKEN + 4, (uint32_t)(l->taken >> 32));
    for (int i = 0; i < SLOTS; i++)
        put32(p + OFF_SOLD + 4 * i, l->sold[i]);
    put32(p + OFF_CHECKSUM, fnv1a(p, OFF_CHECKSUM, 2166136261u));
}

/* True when the (len) bytes at (p) are all zero. */
static bool all_zero(const unsigned char *p, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (p[i])
            return false;
    return true;
}

/* The winning slot of draw (draw): a fixed scramble, the same everywhere. */
static int winning_slot(uint32_t draw)
{
    unsigned char b[4];

    put32(b, draw);
    return (int)(fnv1a(b, sizeof(b), 2166136261u) % SLOTS);
}

/* Writes the state and flushes it; returns 0 or a negative errno value. */
static int save(struct mirage_block *disk, const struct lottery *l,
                uint32_t size)
{
    int rc;

    encode(l, sector, size);
    rc = mirage_block_write(disk, STATE_SECTOR, sector, 1);
    if (rc == 0)
        rc = mirage_block_flush(disk);
    if (rc < 0)
        mirage_log_err(&lottery_log, "%s: saving the state: error %d",
                       disk->name, rc);
    return rc;
}

/* Logs the draws and the taken slots. */
static void show(const struct lottery *l)
{
    char list[SLOTS * 3 + 1];
    size_t len = 0;
    int tickets = 0;

    list[0] = '\0';
    for (int i = 0; i < SLOTS; i++)
        if (l->taken >> i & 1) {
            if (len)
                list[len++] = ' ';
            if (i >= 10)
                list[len++] = (char)('0' + i / 10);
            list[len++] = (char)('0' + i % 10);
            list[len] = '\0';
            tickets++;
        }
    mirage_log_info(&lottery_log,
                    "state: draws %lu, tickets %d, slots taken: %s",
                    (unsigned long)l->draws, tickets, tickets ? list : "none");
}

int lottery_start(struct mirage_block *disk, int slot, bool reset)
{
    struct mirage_block_info info;
    struct lottery l;
    int rc, win;

    if (slot < -1 || slot >= SLOTS) {
        mirage_log_err(&lottery_log, "--slot=%d: a slot is 0 to %d (or -1)",
                       slot, SLOTS - 1);
        return EXIT_BAD_SLOT;
    }
    rc = mirage_block_info(disk, &info);
    if (rc < 0 || info.sectors < 1 || info.sector_size < STATE_BYTES ||
        info.sector_size > MAX_SECTOR) {
        mirage_log_err(&lottery_log,
                       "%s: needs a disk of at least one sector of %d to %d "
                       "bytes",
                       disk->name, STATE_BYTES, MAX_SECTOR);
        return 1;
    }
    if (!info.read_write) {
        mirage_log_err(&lottery_log, "%s: the disk is read-only", disk->name);
        return 1;
    }
    rc = mirage_block_read(disk, STATE_SECTOR, sector, 1);
    if (rc < 0) {
        mirage_log_err(&lottery_log, "%s: reading the state: error %d",
                       disk->name, rc);
        return 1;
    }
    memset(&l, 0, sizeof(l));
    if (reset) {
        if (save(disk, &l, info.sector_size) < 0)
            return 1;
        mirage_log_info(&lottery_log, "%s: state cleared", disk->name);
    } else if (all_zero(sector, info.sector_size)) {
        mirage_log_info(&lottery_log, "%s: a new disk: starting a new lottery",
                        disk->name);
    } else if (!decode(sector, &l)) {
        mirage_log_err(&lottery_log,
                       "%s: the state sector is corrupt; leaving it as it is "
                       "(run with --reset to clear it)",
                       disk->name);
        return 1;
    }

    if (slot >= 0) {
        if (l.taken >> slot & 1) {
            mirage_log_warn(&lottery_log,
                            "slot %d is taken already (sold in draw %lu)", slot,
                            (unsigned long)l.sold[slot]);
        } else {
            l.draws++;
            l.taken |= (uint64_t)1 << slot;
            l.sold[slot] = l.draws;
            if (save(disk, &l, info.sector_size) < 0)
                return 1;
            win = winning_slot(l.draws);
            mirage_log_info(&lottery_log,
                            "draw %lu: ticket for slot %d; the winning slot is "
                            "%d: %s",
                            (unsigned long)l.draws, slot, win,
                            win == slot ? "you win!" : "better luck next time");
        }
    }
    show(&l);
    return 0;
}
