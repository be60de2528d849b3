/* SPDX-License-Identifier: ISC */
/* dns.h: the DNS wire format: names, messages, records, EDNS(0). */
#ifndef MIRAGE_DNS_H
#define MIRAGE_DNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mirage/ipaddr.h>

/*
 * A codec, no device: it reads and writes DNS messages in memory (RFC 1035,
 * RFC 2181, RFC 3597, RFC 6891) and never allocates or does I/O. A message
 * is parsed once, whole, into a small struct mirage_dns_msg that points
 * into the caller's bytes; its records are then read one at a time, each
 * into a struct mirage_dns_rr of the caller's, with every name
 * decompressed. A message is built with a struct mirage_dns_builder over
 * the caller's buffer, whose size is the size limit: what does not fit is
 * dropped and the message says so (TC). doc/dns.md has the rules, limits
 * and what is refused and why.
 *
 * Errors are negative errno values: -EBADMSG for malformed wire data,
 * -ELOOP for a compression loop (and a CNAME loop), -E2BIG for more
 * records than the limits below, -EMSGSIZE for a message longer than
 * 65,535 bytes or a record that does not fit, -EINVAL for a bad argument;
 * the parser also says why in words (a static string) and where.
 */

/* --- Limits ----------------------------------------------------------- */

/* Bytes of a label, and of a name on the wire (its root's 0 too). */
#define MIRAGE_DNS_LABEL_MAX 63
#define MIRAGE_DNS_NAME_MAX  255
/*
 * A buffer that holds the text of any name and its NUL: four labels of 63,
 * 63, 63 and 61 bytes, each byte written \DDD, and three dots.
 */
#define MIRAGE_DNS_NAME_STRLEN   1004
#define MIRAGE_DNS_HEADER_LEN    12
#define MIRAGE_DNS_MSG_MAX       65535 /* the most a TCP length prefix says */
#define MIRAGE_DNS_QUESTIONS_MAX 1     /* RFC 9619: QDCOUNT is 0 or 1 */
#define MIRAGE_DNS_SECTION_MAX   1024 /* records in one section, OPT included */
#define MIRAGE_DNS_POINTERS_MAX  128  /* compression pointers in one name */
#define MIRAGE_DNS_CHAIN_MAX     8    /* CNAME records followed in an answer */
#define MIRAGE_DNS_COMPRESS_MAX  128  /* label offsets a builder remembers */

/* --- Numbers of the protocol ------------------------------------------ */

#define MIRAGE_DNS_TYPE_A     1
#define MIRAGE_DNS_TYPE_NS    2
#define MIRAGE_DNS_TYPE_CNAME 5
#define MIRAGE_DNS_TYPE_SOA   6
#define MIRAGE_DNS_TYPE_PTR   12
#define MIRAGE_DNS_TYPE_MX    15
#define MIRAGE_DNS_TYPE_TXT   16
#define MIRAGE_DNS_TYPE_AAAA  28
#define MIRAGE_DNS_TYPE_SRV   33
#define MIRAGE_DNS_TYPE_OPT   41
#define MIRAGE_DNS_TYPE_ANY   255

#define MIRAGE_DNS_CLASS_IN  1
#define MIRAGE_DNS_CLASS_ANY 255

/* The header's flags, as on the wire (the opcode and RCODE are in them). */
#define MIRAGE_DNS_FLAG_QR       0x8000 /* a response */
#define MIRAGE_DNS_FLAG_AA       0x0400 /* authoritative answer */
#define MIRAGE_DNS_FLAG_TC       0x0200 /* truncated */
#define MIRAGE_DNS_FLAG_RD       0x0100 /* recursion desired */
#define MIRAGE_DNS_FLAG_RA       0x0080 /* recursion available */
#define MIRAGE_DNS_FLAG_AD       0x0020 /* authentic data (RFC 4035) */
#define MIRAGE_DNS_FLAG_CD       0x0010 /* checking disabled (RFC 4035) */
#define MIRAGE_DNS_OPCODE(flags) (((flags) >> 11) & 0xf)
#define MIRAGE_DNS_RCODE(flags)  ((flags)&0xf)

#define MIRAGE_DNS_OPCODE_QUERY 0

#define MIRAGE_DNS_RCODE_NOERROR  0
#define MIRAGE_DNS_RCODE_FORMERR  1
#define MIRAGE_DNS_RCODE_SERVFAIL 2
#define MIRAGE_DNS_RCODE_NXDOMAIN 3
#define MIRAGE_DNS_RCODE_NOTIMP   4
#define MIRAGE_DNS_RCODE_REFUSED  5
#define MIRAGE_DNS_RCODE_BADVERS  16 /* EDNS: needs the extended RCODE */

#define MIRAGE_DNS_EDNS_DO 0x8000 /* DNSSEC OK, in the OPT record's flags */

enum mirage_dns_section {
    MIRAGE_DNS_QUESTION,
    MIRAGE_DNS_ANSWER,
    MIRAGE_DNS_AUTHORITY,
    MIRAGE_DNS_ADDITIONAL
};

/* --- Names ------------------------------------------------------------ */

/*
 * A domain name in wire form without compression: its labels, each behind
 * its length byte, and the root's 0 last. (len) counts every byte, so the
 * root name is {1, {0}}. Case is kept as given; comparisons ignore the
 * case of ASCII letters (RFC 4343).
 */
struct mirage_dns_name {
    uint8_t len; /* 1 to MIRAGE_DNS_NAME_MAX */
    uint8_t wire[MIRAGE_DNS_NAME_MAX];
};

/*
 * Reads the text form (text) into (name): labels separated by dots, a last
 * dot optional, "." the root. "\DDD" (three decimal digits, at most 255)
 * stands for a byte, "\X" for X itself (a dot in a label is "\."). Returns
 * 0; -EINVAL for an empty text or label or a bad escape, -ENAMETOOLONG for
 * a label over 63 bytes or a name over 255.
 */
int mirage_dns_name_from_string(struct mirage_dns_name *name, const char *text);

/*
 * Writes the text form of (name) into (buf), (size) bytes with the NUL:
 * labels separated by dots, no last dot ("." for the root); letters,
 * digits and other printable ASCII as they are, but . \ " ( ) ; @ $ behind
 * a backslash; other bytes as \DDD. Returns the length of the text,
 * -ENOSPC if it does not fit (then (buf) holds "" if (size) > 0), -EINVAL
 * if (name) is not a well-formed name.
 */
int mirage_dns_name_to_string(const struct mirage_dns_name *name, char *buf,
                              size_t size);

/* Whether (name) is well formed (labels of 1 to 63 bytes, the root last,
 * (len) bytes in all, at most 255). */
bool mirage_dns_name_valid(const struct mirage_dns_name *name);

/* Whether (a) and (b) are the same name, ignoring the case of ASCII. */
bool mirage_dns_name_equal(const struct mirage_dns_name *a,
                           const struct mirage_dns_name *b);

/*
 * Sets the case of the letters of (name) from the bits of (bits), (len)
 * bytes (the first letter from bit 0 of the first byte; the bits start
 * over if there are more letters): upper case for a 1. For the "0x20"
 * defence of a query: random case that the answer must echo.
 */
void mirage_dns_name_mix_case(struct mirage_dns_name *name, const void *bits,
                              size_t len);

/* Writes the reverse name of (addr) into (name): "4.3.2.1.in-addr.arpa"
 * for 1.2.3.4; for IPv6, the 32 nibbles, lowest first, in lower-case hex
 * and "ip6.arpa" (RFC 3596). */
void mirage_dns_name_reverse_ipv4(struct mirage_dns_name *name,
                                  const struct mirage_ipv4 *addr);
void mirage_dns_name_reverse_ipv6(struct mirage_dns_name *name,
                                  const struct mirage_ipv6 *addr);

/* --- Header, question, records ------------------------------------------ */

struct mirage_dns_header {
    uint16_t id;
    uint16_t flags; /* MIRAGE_DNS_FLAG_*, opcode and RCODE */
    uint16_t qdcount, ancount, nscount, arcount;
};

struct mirage_dns_question {
    struct mirage_dns_name name;
    uint16_t type;
    uint16_t qclass;
};

/*
 * A resource record. The RDATA of the types below are read into fields,
 * their names decompressed; every other type is kept as its raw bytes
 * (RFC 3597), and so are TXT (its strings, each behind its length byte:
 * see mirage_dns_txt_next) and OPT (its options: see
 * mirage_dns_edns_option_next). A and AAAA are read in class IN only
 * (their shape depends on the class); in another class they are raw.
 * (rd.raw.data) of a parsed record points into the message.
 */
struct mirage_dns_rr {
    struct mirage_dns_name name;
    uint16_t type;
    uint16_t rclass; /* for OPT: the UDP payload size */
    uint32_t ttl;    /* as sent; for OPT: extended RCODE, version, flags */
    union {
        struct mirage_ipv4 a;          /* A */
        struct mirage_ipv6 aaaa;       /* AAAA */
        struct mirage_dns_name target; /* CNAME, NS, PTR */
        struct {
            uint16_t preference;
            struct mirage_dns_name exchange;
        } mx;
        struct {
            uint16_t priority, weight, port;
            struct mirage_dns_name target;
        } srv;
        struct {
            struct mirage_dns_name mname, rname;
            uint32_t serial, refresh, retry, expire, minimum;
        } soa;
        struct {
            const uint8_t *data;
            uint16_t len;
        } raw; /* TXT, OPT and the other types */
    } rd;
};

/*
 * Whether a record of (type) in (rclass) keeps its RDATA raw (rd.raw):
 * every type but A and AAAA in class IN, CNAME, NS, PTR, MX, SRV and SOA.
 */
bool mirage_dns_rr_is_raw(uint16_t type, uint16_t rclass);

/*
 * Steps through the character-strings of TXT RDATA (data, len): from
 * (*off) (0 at first), sets (*str) and (*slen) to the next one and moves
 * (*off) past it. Returns 1, 0 at the end, -EBADMSG if a string runs past
 * the end.
 */
int mirage_dns_txt_next(const uint8_t *data, size_t len, size_t *off,
                        const uint8_t **str, size_t *slen);

/* --- EDNS(0) (RFC 6891) ----------------------------------------------- */

/*
 * The OPT record of a message. (udp_size) is as sent (see
 * mirage_dns_udp_payload for the size to use); the RCODE of the message is
 * (ext_rcode) << 4 | the header's 4 bits. (options) holds the options,
 * each a 16-bit code and length and its data.
 */
struct mirage_dns_edns {
    uint16_t udp_size;
    uint8_t ext_rcode;
    uint8_t version;
    uint16_t flags; /* MIRAGE_DNS_EDNS_DO and the bits not defined */
    const uint8_t *options;
    uint16_t options_len;
};

/*
 * Steps through EDNS options (data, len) as mirage_dns_txt_next does
 * character-strings: sets (*code), (*val) and (*vlen). Returns 1, 0 at the
 * end, -EBADMSG if an option runs past the end.
 */
int mirage_dns_edns_option_next(const uint8_t *data, size_t len, size_t *off,
                                uint16_t *code, const uint8_t **val,
                                uint16_t *vlen);

/* --- Parsing ------------------------------------------------------------ */

/*
 * A parsed message: it points into the bytes it was parsed from, which
 * must stay as they are while it is used. (section) holds the offset of
 * each section's first entry, for mirage_dns_iter_init.
 */
struct mirage_dns_msg {
    const uint8_t *buf;
    size_t len;
    struct mirage_dns_header hdr; /* set whenever len >= 12 */
    uint16_t rcode;               /* 12 bits with EDNS, else the header's */
    bool has_edns;
    struct mirage_dns_edns edns;
    uint16_t section[4];
    const char *why; /* why it was refused (a static string), else NULL */
    size_t where;    /* the offset where the refusal was found */
};

/*
 * Reads the header of the (len) bytes at (buf) into (hdr), whatever follows
 * (the TC bit of a cut message, say). Returns 0, or -EBADMSG if (len) < 12.
 */
int mirage_dns_header_read(const void *buf, size_t len,
                           struct mirage_dns_header *hdr);

/*
 * Parses the message of (len) bytes at (buf) into (msg): the header, the
 * question (at most one), every record of the three sections (each RDATA
 * checked against its type's shape, each name decompressed and checked)
 * and the OPT record (only in the additional section, at most one, owned
 * by the root, its options well formed). Returns 0; -EMSGSIZE if (len) >
 * 65,535; -E2BIG if a section counts more than its limit; -ELOOP for a
 * compression loop (a pointer to itself or back into the name it
 * continues); -EBADMSG for the rest: a message cut short, a forward
 * pointer or one into the header, a label type other than 0 and 3,
 * a name over 255 bytes, an RDLENGTH that is not its RDATA's, bytes after
 * the last record. On failure (msg->why) says why and (msg->where) where.
 */
int mirage_dns_parse(struct mirage_dns_msg *msg, const void *buf, size_t len);

/* Reads the question of (msg) into (q). Returns 0, -ENOENT if it has none. */
int mirage_dns_msg_question(const struct mirage_dns_msg *msg,
                            struct mirage_dns_question *q);

/* The largest UDP response (msg)'s sender takes: its EDNS payload size, at
 * least 512 (RFC 6891 6.2.3), or 512 without EDNS. */
uint16_t mirage_dns_udp_payload(const struct mirage_dns_msg *msg);

/* A position in one section of a parsed message; fields private. */
struct mirage_dns_iter {
    const struct mirage_dns_msg *msg;
    size_t off;
    unsigned left;
};

/* Starts (it) at the first record of section (s) of (msg) (not
 * MIRAGE_DNS_QUESTION: see mirage_dns_msg_question). */
void mirage_dns_iter_init(struct mirage_dns_iter *it,
                          const struct mirage_dns_msg *msg,
                          enum mirage_dns_section s);

/*
 * Reads the next record of the section into (rr). Returns 1, 0 after the
 * last, or -EBADMSG if (msg) was not parsed successfully from its bytes.
 */
int mirage_dns_iter_next(struct mirage_dns_iter *it, struct mirage_dns_rr *rr);

/* --- What a resolver checks in a reply --------------------------------- */

/* For mirage_dns_reply_check: the name must come back in the same case. */
#define MIRAGE_DNS_CHECK_CASE 1

/*
 * Whether (reply) answers the query of (id) and question (q): the same ID,
 * QR set, opcode QUERY, and the question echoed: one question, the same
 * type and class and the same name, ignoring case (RFC 1035), or exactly
 * with MIRAGE_DNS_CHECK_CASE in (flags) (the 0x20 defence). A reply
 * without a question is taken only with FORMERR, SERVFAIL, NOTIMP or
 * REFUSED (what servers send when they cannot read a question). Returns 0,
 * or -EPROTO with the reason in (*why) if (why) is not NULL.
 */
int mirage_dns_reply_check(const struct mirage_dns_msg *reply, uint16_t id,
                           const struct mirage_dns_question *q, unsigned flags,
                           const char **why);

/*
 * Where an answer ends: the owner of the records that answer, after the
 * CNAMEs that were followed, and the least TTL of those CNAMEs and records
 * (a TTL with its top bit set counts as 0, RFC 2181 8), for a cache.
 */
struct mirage_dns_answer {
    struct mirage_dns_name name; /* the question's name or a CNAME target */
    uint16_t type, qclass;       /* the question's */
    uint32_t ttl;                /* 0 when there is no record at all */
    unsigned cnames;             /* CNAME records followed */
    unsigned count;              /* records of (type) owned by (name) */
};

/*
 * Follows the CNAME chain of the answer section of (reply) from the name of
 * (q) to the records of (q)'s type and class (class ANY: any), and fills
 * (ans). A question for CNAME or ANY follows nothing. A chain that ends
 * without such records gives (count) 0 (the name's type is empty, or the
 * server left the rest to another query). Returns 0; -ELOOP if the chain
 * comes back to a name or is longer than MIRAGE_DNS_CHAIN_MAX, -EBADMSG if
 * a name has two CNAMEs; the reason in (*why) if (why) is not NULL.
 */
int mirage_dns_answer_follow(const struct mirage_dns_msg *reply,
                             const struct mirage_dns_question *q,
                             struct mirage_dns_answer *ans, const char **why);

/*
 * Reads into (rr) the next record of (it) (started on the answer section)
 * that is one of (ans)'s: owned by its name, of its type and class.
 * Returns 1, or 0 when there is none left.
 */
int mirage_dns_answer_next(const struct mirage_dns_answer *ans,
                           struct mirage_dns_iter *it,
                           struct mirage_dns_rr *rr);

/*
 * The TTL to cache a negative answer (NXDOMAIN or no data) of (reply) for:
 * the lesser of the TTL and the MINIMUM of the first SOA record of the
 * authority section (RFC 2308 5). Returns 0, or -ENOENT without a SOA.
 */
int mirage_dns_negative_ttl(const struct mirage_dns_msg *reply, uint32_t *ttl);

/* --- Building ---------------------------------------------------------- */

/*
 * A message being built into a caller's buffer. Entries go in order:
 * the question, then the answer, authority and additional records; the
 * OPT record is written last by mirage_dns_build_finish. Names are
 * compressed (owners and the names in CNAME, NS, PTR, MX and SOA, not
 * SRV's, RFC 2782) against earlier names of exactly the same bytes, so
 * case survives. The fields are private but (hdr.flags) and (hdr.id), which
 * may be changed until mirage_dns_build_finish.
 */
struct mirage_dns_builder {
    uint8_t *buf;
    size_t size, len, reserve;
    struct mirage_dns_header hdr;
    int section; /* the last section written to */
    bool dropped, finished, has_edns;
    struct mirage_dns_edns edns;
    unsigned nnames;
    uint16_t names[MIRAGE_DNS_COMPRESS_MAX];
};

/*
 * Starts a message with (id) and (flags) in (buf), (size) bytes: the
 * message never grows beyond (size), so pass the least of the buffer and
 * the limit (512, or the payload size of the query's EDNS). Returns 0, or
 * -EINVAL if (size) < 12.
 */
int mirage_dns_build_init(struct mirage_dns_builder *b, void *buf, size_t size,
                          uint16_t id, uint16_t flags);

/*
 * Gives the message an OPT record from (edns), which keeps its room from
 * now on. Returns 0; -EMSGSIZE if the room is not there, -EINVAL if the
 * message has one already or (edns)'s options are malformed, -E2BIG if
 * the additional section is full.
 */
int mirage_dns_build_edns(struct mirage_dns_builder *b,
                          const struct mirage_dns_edns *edns);

/*
 * Adds the question (q). Returns 0; -EINVAL after a record or a first
 * question (MIRAGE_DNS_QUESTIONS_MAX) or with a malformed name; -EMSGSIZE
 * if it does not fit (TC is set).
 */
int mirage_dns_build_question(struct mirage_dns_builder *b,
                              const struct mirage_dns_question *q);

/*
 * Adds (rr) to section (s). Returns 0; -EINVAL for a section before the
 * last one written to, the question section, an OPT record (see
 * mirage_dns_build_edns) or RDATA that its type does not allow (a
 * malformed name, TXT that is not one or more character-strings);
 * -E2BIG if the section is full; -EMSGSIZE if it does not fit, or a
 * record was dropped before: then it is dropped, the message stays whole
 * without it, and TC is set if (s) is the answer or authority section (not
 * for additional data, RFC 2181 9).
 */
int mirage_dns_build_rr(struct mirage_dns_builder *b, enum mirage_dns_section s,
                        const struct mirage_dns_rr *rr);

/*
 * Writes the counts and the OPT record. Returns the message's length, or
 * -EINVAL if it was finished already.
 */
int mirage_dns_build_finish(struct mirage_dns_builder *b);

/*
 * Builds a query for (q) with (id) and (flags) (MIRAGE_DNS_FLAG_RD for a
 * recursive one) and, if (edns) is not NULL, an OPT record, into (buf),
 * (size) bytes. Returns its length, or an error of the functions above.
 */
int mirage_dns_build_query(void *buf, size_t size, uint16_t id, uint16_t flags,
                           const struct mirage_dns_question *q,
                           const struct mirage_dns_edns *edns);

/* --- TCP framing (RFC 1035 4.2.2, RFC 7766) ----------------------------- */

/*
 * Writes the 2-byte length prefix of a message of (len) bytes into (out).
 * Returns 0, or -EMSGSIZE if (len) > 65,535.
 */
int mirage_dns_tcp_prefix(uint8_t out[2], size_t len);

/*
 * Looks at (have) bytes received at (buf): if a whole prefixed message is
 * there, sets (*len) to its length (it starts at buf + 2) and returns 1;
 * returns 0 if more bytes are needed, -EBADMSG if the prefix says fewer
 * than 12 bytes (no message is that short).
 */
int mirage_dns_tcp_frame(const void *buf, size_t have, size_t *len);

#endif
