/* SPDX-License-Identifier: ISC */
/* tcp_sack.c: SACK (RFC 2018): the blocks we send for out-of-order data,
 * and the sender's scoreboard and loss recovery (RFC 6675). */
#include <string.h>

#include "tcp_int.h"

/* --- receiver: which blocks to report ---------------------------------- */

/* Notes that [start, end) (an out-of-order range, merged) just changed, so
   that it leads the next SACK option (RFC 2018 4). */
void tcp_sack_note_recent(struct tcp_conn *c, uint32_t start, uint32_t end)
{
    struct tcp_range keep[4];
    unsigned i, n = 0;

    for (i = 0; i < c->nsack_recent && n < 3; i++) {
        struct tcp_range r = c->sack_recent[i];

        if (SEQ_LE(r.end, start) || SEQ_GE(r.start, end))
            keep[n++] = r;
    }
    c->sack_recent[0].start = start;
    c->sack_recent[0].end = end;
    memcpy(&c->sack_recent[1], keep, n * sizeof keep[0]);
    c->nsack_recent = n + 1;
}

/* Index of the out-of-order range that holds (seq), or -1. */
static int ooo_find(const struct tcp_conn *c, uint32_t seq)
{
    unsigned i;

    for (i = 0; i < c->nooo; i++)
        if (SEQ_LE(c->ooo[i].start, seq) && SEQ_LT(seq, c->ooo[i].end))
            return (int)i;
    return -1;
}

/*
 * Fills (out) with up to (max) SACK blocks (3 with timestamps): the range
 * that changed last first, then the others that changed recently, then the
 * remaining ones from the highest. Returns the count.
 */
unsigned tcp_sack_blocks(struct tcp_conn *c, uint32_t out[4][2], unsigned max)
{
    bool used[TCP_OOO_MAX] = {false};
    unsigned n = 0, i;

    if (c->ts_ok && max > 3)
        max = 3;
    for (i = 0; i < c->nsack_recent && n < max; i++) {
        int k = ooo_find(c, c->sack_recent[i].start);

        if (k < 0 || used[k])
            continue;
        used[k] = true;
        out[n][0] = c->ooo[k].start;
        out[n][1] = c->ooo[k].end;
        n++;
    }
    for (i = c->nooo; i-- > 0 && n < max;) {
        if (used[i])
            continue;
        out[n][0] = c->ooo[i].start;
        out[n][1] = c->ooo[i].end;
        n++;
    }
    return n;
}

/* --- sender: the scoreboard ---------------------------------------------- */

/* Adds [s, e) to the scoreboard, merging; dropped when the board is full
   (it is then only more cautious). Returns the bytes newly SACKed. */
static uint32_t board_add(struct tcp_conn *c, uint32_t s, uint32_t e)
{
    unsigned i = 0, j;
    uint32_t fresh = e - s;

    for (j = 0; j < c->nsacked; j++) {
        uint32_t a = SEQ_GT(c->sacked[j].start, s) ? c->sacked[j].start : s;
        uint32_t b = SEQ_LT(c->sacked[j].end, e) ? c->sacked[j].end : e;

        if (SEQ_LT(a, b))
            fresh -= b - a;
    }
    while (i < c->nsacked && SEQ_LT(c->sacked[i].end, s))
        i++;
    if (i == c->nsacked || SEQ_LT(e, c->sacked[i].start)) {
        if (c->nsacked == TCP_SACK_MAX)
            return 0;
        memmove(&c->sacked[i + 1], &c->sacked[i],
                (c->nsacked - i) * sizeof c->sacked[0]);
        c->sacked[i].start = s;
        c->sacked[i].end = e;
        c->nsacked++;
        return fresh;
    }
    if (SEQ_LT(s, c->sacked[i].start))
        c->sacked[i].start = s;
    if (SEQ_GT(e, c->sacked[i].end))
        c->sacked[i].end = e;
    j = i + 1;
    while (j < c->nsacked && SEQ_LE(c->sacked[j].start, c->sacked[i].end)) {
        if (SEQ_GT(c->sacked[j].end, c->sacked[i].end))
            c->sacked[i].end = c->sacked[j].end;
        memmove(&c->sacked[j], &c->sacked[j + 1],
                (c->nsacked - j - 1) * sizeof c->sacked[0]);
        c->nsacked--;
    }
    return fresh;
}

/* Takes the SACK blocks of an ACK into the scoreboard; blocks outside
   [snd_una, snd_max] are ignored (D-SACKs and forgeries alike). Returns
   the bytes newly SACKed. */
uint32_t tcp_sack_update(struct tcp_conn *c, const struct tcp_seg *sg)
{
    uint32_t fresh = 0;
    unsigned k;

    for (k = 0; k < sg->nsack; k++) {
        uint32_t s = sg->sack[k][0], e = sg->sack[k][1];

        if (!SEQ_LT(s, e) || !SEQ_GT(e, c->snd_una) || SEQ_GT(e, c->snd_max))
            continue;
        if (SEQ_LT(s, c->snd_una))
            s = c->snd_una;
        fresh += board_add(c, s, e);
    }
    return fresh;
}

/* Drops what the cumulative ACK now covers. */
void tcp_sack_clean(struct tcp_conn *c)
{
    unsigned i = 0;

    while (i < c->nsacked && SEQ_LE(c->sacked[i].end, c->snd_una))
        i++;
    if (i) {
        memmove(&c->sacked[0], &c->sacked[i],
                (c->nsacked - i) * sizeof c->sacked[0]);
        c->nsacked -= i;
    }
    if (c->nsacked && SEQ_LT(c->sacked[0].start, c->snd_una))
        c->sacked[0].start = c->snd_una;
}

/* Is (seq) SACKed? Then (*end) is where that range ends. */
bool tcp_sack_is_sacked(const struct tcp_conn *c, uint32_t seq, uint32_t *end)
{
    unsigned i;

    for (i = 0; i < c->nsacked; i++)
        if (SEQ_LE(c->sacked[i].start, seq) && SEQ_LT(seq, c->sacked[i].end)) {
            *end = c->sacked[i].end;
            return true;
        }
    return false;
}

/* The start of the first SACKed range above (seq), if any. */
bool tcp_sack_next_start(const struct tcp_conn *c, uint32_t seq,
                         uint32_t *start)
{
    unsigned i;

    for (i = 0; i < c->nsacked; i++)
        if (SEQ_GT(c->sacked[i].start, seq)) {
            *start = c->sacked[i].start;
            return true;
        }
    return false;
}

/* RFC 6675 IsLost: DupThresh SACKed ranges above (seq), or more than
   (DupThresh - 1) * SMSS bytes SACKed above it. */
bool tcp_sack_is_lost(const struct tcp_conn *c, uint32_t seq)
{
    uint32_t bytes = 0;
    unsigned i, n = 0;

    for (i = 0; i < c->nsacked; i++) {
        if (SEQ_LE(c->sacked[i].end, seq))
            continue;
        n++;
        bytes += c->sacked[i].end -
                 (SEQ_GT(c->sacked[i].start, seq) ? c->sacked[i].start : seq);
    }
    return n >= TCP_DUPTHRESH || bytes > (TCP_DUPTHRESH - 1) * c->smss;
}

/* The pipe of a hole [a, b): not lost, it is in flight; what was
   retransmitted of it (below HighRxt) counts as well. */
static uint32_t hole_pipe(const struct tcp_conn *c, uint32_t a, uint32_t b)
{
    uint32_t rx = 0;

    if (SEQ_GT(c->high_rxt, a))
        rx = (SEQ_LT(c->high_rxt, b) ? c->high_rxt : b) - a;
    return tcp_sack_is_lost(c, a) ? rx : (b - a) + rx;
}

/* RFC 6675 SetPipe: the bytes the sender thinks are in the network. */
uint32_t tcp_sack_pipe(const struct tcp_conn *c)
{
    uint32_t pipe = 0, s = c->snd_una;
    unsigned i;

    for (i = 0; i < c->nsacked; i++) {
        if (SEQ_LT(s, c->sacked[i].start))
            pipe += hole_pipe(c, s, c->sacked[i].start);
        if (SEQ_GT(c->sacked[i].end, s))
            s = c->sacked[i].end;
    }
    if (SEQ_LT(s, c->snd_max))
        pipe += hole_pipe(c, s, c->snd_max);
    return pipe;
}

/* The first hole (not SACKed) at or above (from) and below the highest
   SACKed byte: [*hs, *he). */
static bool next_hole(const struct tcp_conn *c, uint32_t from, uint32_t *hs,
                      uint32_t *he)
{
    uint32_t s = c->snd_una;
    unsigned i;

    for (i = 0; i < c->nsacked; i++) {
        uint32_t a = SEQ_GT(from, s) ? from : s, b = c->sacked[i].start;

        if (SEQ_LT(a, b)) {
            *hs = a;
            *he = b;
            return true;
        }
        if (SEQ_GT(c->sacked[i].end, s))
            s = c->sacked[i].end;
    }
    return false;
}

/*
 * A retransmission lost in its turn: RFC 6675 alone learns of it only from
 * the RTO. When more than (DupThresh - 1) segments sent after the last
 * retransmission are SACKed while holes below HighRxt remain, those
 * retransmissions are presumed lost (as RACK would, by time) and become
 * eligible again: HighRxt goes back to SND.UNA.
 */
void tcp_sack_lost_rexmit(struct tcp_conn *c)
{
    uint32_t bytes = 0, hs, he;
    unsigned i;

    if (!SEQ_GT(c->high_rxt, c->snd_una) || !SEQ_GT(c->snd_max, c->rxt_mark))
        return;
    for (i = 0; i < c->nsacked; i++) {
        uint32_t s = c->sacked[i].start, e = c->sacked[i].end;

        if (SEQ_LE(e, c->rxt_mark))
            continue;
        bytes += e - (SEQ_GT(s, c->rxt_mark) ? s : c->rxt_mark);
    }
    if (bytes <= (TCP_DUPTHRESH - 1) * c->smss)
        return;
    if (!next_hole(c, c->snd_una, &hs, &he) || !SEQ_LT(hs, c->high_rxt))
        return;
    c->high_rxt = c->snd_una;
    c->rxt_mark = c->snd_max;
}

/*
 * Loss recovery with SACK (RFC 6675 5): while cwnd leaves at least one
 * segment over the pipe, sends NextSeg(): a lost hole above HighRxt, else
 * new data, else any hole above HighRxt.
 */
void tcp_sack_output(struct tcp_conn *c)
{
    unsigned guard;

    for (guard = 0; guard < 1000; guard++) {
        uint32_t pipe = tcp_sack_pipe(c), hs, he, from, n;
        bool hole;

        if (pipe >= c->cwnd || c->cwnd - pipe < c->smss)
            break;
        from = SEQ_GT(c->high_rxt, c->snd_una) ? c->high_rxt : c->snd_una;
        hole = next_hole(c, from, &hs, &he);
        if (hole && tcp_sack_is_lost(c, hs)) {
            n = tcp_retransmit_at(c, hs, he - hs);
            if (!n)
                break;
            c->high_rxt = hs + n;
            c->rxt_mark = c->snd_max;
            continue;
        }
        if (tcp_send_new(c))
            continue;
        if (hole) {
            n = tcp_retransmit_at(c, hs, he - hs);
            if (!n)
                break;
            c->high_rxt = hs + n;
            c->rxt_mark = c->snd_max;
            continue;
        }
        break;
    }
}
