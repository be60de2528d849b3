/* SPDX-License-Identifier: ISC */
/* test_argvalue.c: the text forms of boot-argument values, and back. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <mirage/ipaddr.h>

#include "core/argvalue.h"
#include "tap.h"

static const char *const modes[] = {"fast", "slow", "x-1.2", NULL};

/* Parses (text) as (type): the status. */
static int parse(enum mirage_arg_type type, const char *text, union argvalue *v)
{
    return argvalue_parse(type, modes, text, v);
}

/* (text) parses as IPv4 into (a.b.c.d)? */
static bool ipv4_is(const char *text, uint8_t a, uint8_t b, uint8_t c,
                    uint8_t d)
{
    union argvalue v;
    const uint8_t want[4] = {a, b, c, d};

    return parse(MIRAGE_ARG_IPV4, text, &v) == 0 &&
           memcmp(v.ipv4.bytes, want, 4) == 0;
}

static void test_ipv4(void)
{
    static const char *const bad[] = {
        "256.0.0.1", "1.2.3",      "01.2.3.4", "1.2.3.04",  "1.2.3.4.5",
        "",          "1..2.3",     "1.2.3.",   ".1.2.3",    " 1.2.3.4",
        "1.2.3.4 ",  "0x1.2.3.4",  "1.2.3.-4", "1.2.3.4/8", "1000.2.3.4",
        "a.b.c.d",   "1.2.3.2555",
    };
    union argvalue v;

    TAP_OK(ipv4_is("192.168.1.10", 192, 168, 1, 10), "ipv4: 192.168.1.10");
    TAP_OK(ipv4_is("0.0.0.0", 0, 0, 0, 0), "ipv4: 0.0.0.0");
    TAP_OK(ipv4_is("255.255.255.255", 255, 255, 255, 255),
           "ipv4: 255.255.255.255, the upper bound");
    TAP_OK(ipv4_is("10.0.0.1", 10, 0, 0, 1), "ipv4: bytes in network order");
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        TAP_OK(parse(MIRAGE_ARG_IPV4, bad[i], &v) == -EINVAL,
               "ipv4: '%s' is refused", bad[i]);
    v.ipv4.bytes[0] = 7;
    parse(MIRAGE_ARG_IPV4, "1.2.3", &v);
    TAP_OK(v.ipv4.bytes[0] == 7, "ipv4: a refused text leaves the value");
}

/* (text) parses as IPv6 into (hex), 32 hex digits? */
static bool ipv6_is(const char *text, const char *hex)
{
    union argvalue v;

    if (parse(MIRAGE_ARG_IPV6, text, &v) != 0)
        return false;
    for (int i = 0; i < 16; i++) {
        char want[3] = {hex[2 * i], hex[2 * i + 1], 0}, got[3];
        static const char digits[] = "0123456789abcdef";
        got[0] = digits[v.ipv6.bytes[i] >> 4];
        got[1] = digits[v.ipv6.bytes[i] & 15];
        got[2] = 0;
        if (strcmp(want, got) != 0)
            return false;
    }
    return true;
}

static void test_ipv6(void)
{
    static const char *const bad[] = {
        "",
        ":",
        ":::",
        "1::2::3",
        "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7",
        "1:2:3:4:5:6:7:8::",
        "::1:2:3:4:5:6:7:8",
        "1:2:3:4:5:6:7::8",
        ":1:2:3:4:5:6:7",
        "1:2:3:4:5:6:7:",
        "1:",
        "12345::",
        "g::1",
        "::ffff:1.2.3",
        "::ffff:256.1.2.3",
        "::ffff:01.2.3.4",
        "1.2.3.4::",
        "::1.2.3.4:5",
        "1:2:3:4:5:6:7:1.2.3.4",
        "fe80::1%eth0",
        "[::1]",
        "1.2.3.4",
        " ::1",
        "::1/64",
    };
    union argvalue v;

    TAP_OK(ipv6_is("::", "00000000000000000000000000000000"), "ipv6: ::");
    TAP_OK(ipv6_is("::1", "00000000000000000000000000000001"), "ipv6: ::1");
    TAP_OK(ipv6_is("1::", "00010000000000000000000000000000"), "ipv6: 1::");
    TAP_OK(ipv6_is("fe80::1", "fe800000000000000000000000000001"),
           "ipv6: fe80::1");
    TAP_OK(ipv6_is("2001:DB8:0:0:8:800:200C:417A",
                   "20010db80000000000080800200c417a"),
           "ipv6: eight groups, upper case (RFC 4291)");
    TAP_OK(ipv6_is("2001:db8::8:800:200c:417a",
                   "20010db80000000000080800200c417a"),
           "ipv6: :: in the middle");
    TAP_OK(ipv6_is("1:2:3:4:5:6:7::", "00010002000300040005000600070000"),
           "ipv6: :: for a single zero group at the end");
    TAP_OK(ipv6_is("::2:3:4:5:6:7:8", "00000002000300040005000600070008"),
           "ipv6: :: for a single zero group at the start");
    TAP_OK(ipv6_is("::ffff:1.2.3.4", "00000000000000000000ffff01020304"),
           "ipv6: ::ffff:1.2.3.4, an IPv4 tail");
    TAP_OK(ipv6_is("::1.2.3.4", "00000000000000000000000001020304"),
           "ipv6: ::1.2.3.4");
    TAP_OK(
        ipv6_is("0:0:0:0:0:ffff:192.0.2.1", "00000000000000000000ffffc0000201"),
        "ipv6: six groups and an IPv4 tail");
    TAP_OK(ipv6_is("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
                   "ffffffffffffffffffffffffffffffff"),
           "ipv6: all ones");
    TAP_OK(ipv6_is("0001:002::3", "00010002000000000000000000000003"),
           "ipv6: leading zeros within four digits");
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        TAP_OK(parse(MIRAGE_ARG_IPV6, bad[i], &v) == -EINVAL,
               "ipv6: '%s' is refused", bad[i]);
}

static void test_prefixes(void)
{
    union argvalue v;

    TAP_OK(parse(MIRAGE_ARG_IPV4_PREFIX, "10.0.0.2/24", &v) == 0 &&
               v.ipv4_prefix.length == 24 &&
               memcmp(v.ipv4_prefix.addr.bytes, "\x0a\x00\x00\x02", 4) == 0,
           "ipv4-prefix: 10.0.0.2/24 keeps the host part");
    TAP_OK(parse(MIRAGE_ARG_IPV4_PREFIX, "0.0.0.0/0", &v) == 0 &&
               v.ipv4_prefix.length == 0,
           "ipv4-prefix: length 0");
    TAP_OK(parse(MIRAGE_ARG_IPV4_PREFIX, "1.2.3.4/32", &v) == 0 &&
               v.ipv4_prefix.length == 32,
           "ipv4-prefix: length 32");
    TAP_OK(parse(MIRAGE_ARG_IPV4_PREFIX, "1.2.3.4/33", &v) == -ERANGE,
           "ipv4-prefix: length 33 is out of range");
    TAP_OK(parse(MIRAGE_ARG_IPV4_PREFIX, "1.2.3.4/99999999999", &v) == -ERANGE,
           "ipv4-prefix: a huge length is out of range");
    TAP_OK(parse(MIRAGE_ARG_IPV4_PREFIX, "1.2.3.4", &v) == -EINVAL,
           "ipv4-prefix: the length is needed");
    TAP_OK(parse(MIRAGE_ARG_IPV4_PREFIX, "1.2.3.4/", &v) == -EINVAL,
           "ipv4-prefix: an empty length");
    TAP_OK(parse(MIRAGE_ARG_IPV4_PREFIX, "1.2.3.4/-1", &v) == -EINVAL,
           "ipv4-prefix: a negative length");
    TAP_OK(parse(MIRAGE_ARG_IPV4_PREFIX, "1.2.3.4/08", &v) == -EINVAL,
           "ipv4-prefix: a length with a leading zero");
    TAP_OK(parse(MIRAGE_ARG_IPV4_PREFIX, "1.2.3/8", &v) == -EINVAL,
           "ipv4-prefix: a bad address");
    TAP_OK(parse(MIRAGE_ARG_IPV4_PREFIX, "1.2.3/99", &v) == -EINVAL,
           "ipv4-prefix: a bad address comes before a bad length");
    TAP_OK(parse(MIRAGE_ARG_IPV4_PREFIX, "/8", &v) == -EINVAL,
           "ipv4-prefix: no address");
    TAP_OK(parse(MIRAGE_ARG_IPV4_PREFIX, "1.2.3.4/8/8", &v) == -EINVAL,
           "ipv4-prefix: two lengths");

    TAP_OK(parse(MIRAGE_ARG_IPV6_PREFIX, "fe80::1/64", &v) == 0 &&
               v.ipv6_prefix.length == 64 &&
               v.ipv6_prefix.addr.bytes[0] == 0xfe &&
               v.ipv6_prefix.addr.bytes[15] == 1,
           "ipv6-prefix: fe80::1/64");
    TAP_OK(parse(MIRAGE_ARG_IPV6_PREFIX, "::/0", &v) == 0 &&
               v.ipv6_prefix.length == 0,
           "ipv6-prefix: ::/0");
    TAP_OK(parse(MIRAGE_ARG_IPV6_PREFIX, "::1/128", &v) == 0 &&
               v.ipv6_prefix.length == 128,
           "ipv6-prefix: length 128");
    TAP_OK(parse(MIRAGE_ARG_IPV6_PREFIX, "::1/129", &v) == -ERANGE,
           "ipv6-prefix: length 129 is out of range");
    TAP_OK(parse(MIRAGE_ARG_IPV6_PREFIX, "::ffff:1.2.3.4/96", &v) == 0 &&
               v.ipv6_prefix.length == 96,
           "ipv6-prefix: with an IPv4 tail");
    TAP_OK(parse(MIRAGE_ARG_IPV6_PREFIX, "1::2::3/64", &v) == -EINVAL,
           "ipv6-prefix: a bad address");
    TAP_OK(parse(MIRAGE_ARG_IPV6_PREFIX, "fe80::1", &v) == -EINVAL,
           "ipv6-prefix: the length is needed");
}

static void test_enum(void)
{
    union argvalue v;

    TAP_OK(parse(MIRAGE_ARG_ENUM, "slow", &v) == 0 && v.s == modes[1],
           "enum: the value is the choice itself");
    TAP_OK(parse(MIRAGE_ARG_ENUM, "x-1.2", &v) == 0 && v.s == modes[2],
           "enum: a choice with punctuation");
    TAP_OK(parse(MIRAGE_ARG_ENUM, "Fast", &v) == -EINVAL, "enum: case matters");
    TAP_OK(parse(MIRAGE_ARG_ENUM, "fas", &v) == -EINVAL,
           "enum: a prefix is not a choice");
    TAP_OK(parse(MIRAGE_ARG_ENUM, "", &v) == -EINVAL, "enum: empty text");
    TAP_OK(argvalue_parse(MIRAGE_ARG_ENUM, NULL, "fast", &v) == -EINVAL,
           "enum: no choices, no value");
}

static void test_scalars(void)
{
    union argvalue v;

    TAP_OK(parse(MIRAGE_ARG_STRING, "a b", &v) == 0 && strcmp(v.s, "a b") == 0,
           "string: any text");
    TAP_OK(parse(MIRAGE_ARG_BOOL, "true", &v) == 0 && v.b, "bool: true");
    TAP_OK(parse(MIRAGE_ARG_BOOL, "TRUE", &v) == -EINVAL, "bool: TRUE");
    TAP_OK(parse(MIRAGE_ARG_INT, "-0x80000000", &v) == 0 && v.i == INT32_MIN,
           "int: hexadecimal minimum");
    TAP_OK(parse(MIRAGE_ARG_INT, "0x80000000", &v) == -ERANGE,
           "int: hexadecimal overflow");
    TAP_OK(parse(MIRAGE_ARG_INT, "12a", &v) == -EINVAL, "int: 12a");
    TAP_OK(parse(MIRAGE_ARG_INT, "0x", &v) == -EINVAL, "int: 0x alone");
    TAP_OK(parse(MIRAGE_ARG_INT64, "-9223372036854775808", &v) == 0 &&
               v.i64 == INT64_MIN,
           "int64: minimum");
}

/* The elements of list (text), joined by '/'. */
static const char *elements(const char *text)
{
    static char out[256];
    const char *cursor = argvalue_list_begin(text), *e;
    size_t len, n = 0;

    out[0] = '\0';
    while ((e = argvalue_list_next(&cursor, &len))) {
        if (n)
            strcat(out, "/");
        strncat(out, e, len);
        n++;
    }
    return out;
}

static void test_lists(void)
{
    TAP_OK(argvalue_list_count("") == 0, "list: \"\" has no element");
    TAP_OK(argvalue_list_count("a") == 1, "list: one element");
    TAP_OK(argvalue_list_count("a,b,c") == 3, "list: three elements");
    TAP_OK(argvalue_list_count("a,") == 2, "list: \"a,\" has two");
    TAP_OK(argvalue_list_count(",") == 2, "list: \",\" has two empty ones");
    TAP_STREQ(elements("1.1.1.1,8.8.8.8"), "1.1.1.1/8.8.8.8",
              "list: the elements in order");
    TAP_STREQ(elements("a,,b"), "a//b", "list: an empty element");
}

static void test_names(void)
{
    enum mirage_arg_type t;

    TAP_OK(argvalue_type_lookup("ipv4-prefix", &t) == 0 &&
               t == MIRAGE_ARG_IPV4_PREFIX,
           "lookup: ipv4-prefix");
    TAP_OK(argvalue_type_lookup("ipv6", &t) == 0 && t == MIRAGE_ARG_IPV6,
           "lookup: ipv6");
    TAP_OK(argvalue_type_lookup("enum", &t) == -ENOENT,
           "lookup: enum needs its choices");
    TAP_OK(argvalue_type_lookup("float", &t) == -ENOENT, "lookup: float");
    TAP_STREQ(argvalue_type_docv(MIRAGE_ARG_IPV4), "IPV4", "docv: IPV4");
    TAP_STREQ(argvalue_type_docv(MIRAGE_ARG_IPV6_PREFIX), "PREFIX",
              "docv: PREFIX");
    TAP_OK(argvalue_type_count() == 9, "nine base types");
}

static char fmt_buf[64];

/* The text just formatted into fmt_buf, or "ENOSPC", from status (rc). */
static const char *formatted(int rc)
{
    if (rc == -ENOSPC)
        return "ENOSPC";
    return rc == (int)strlen(fmt_buf) ? fmt_buf : "bad length";
}

static const char *fmt4(const struct mirage_ipv4 *a, size_t size)
{
    return formatted(mirage_ipv4_to_string(a, fmt_buf, size));
}

static const char *fmt4p(const struct mirage_ipv4_prefix *p, size_t size)
{
    return formatted(mirage_ipv4_prefix_to_string(p, fmt_buf, size));
}

static const char *fmt6p(const struct mirage_ipv6_prefix *p, size_t size)
{
    return formatted(mirage_ipv6_prefix_to_string(p, fmt_buf, size));
}

static const char *v6(const char *text)
{
    static union argvalue v;

    if (parse(MIRAGE_ARG_IPV6, text, &v) != 0)
        return "parse error";
    return formatted(
        mirage_ipv6_to_string(&v.ipv6, fmt_buf, MIRAGE_IPV6_STRLEN));
}

static void test_format(void)
{
    union argvalue v;
    char small[8];

    parse(MIRAGE_ARG_IPV4, "255.0.10.1", &v);
    TAP_STREQ(fmt4(&v.ipv4, MIRAGE_IPV4_STRLEN), "255.0.10.1", "format: ipv4");
    parse(MIRAGE_ARG_IPV4, "255.255.255.255", &v);
    TAP_STREQ(fmt4(&v.ipv4, MIRAGE_IPV4_STRLEN), "255.255.255.255",
              "format: MIRAGE_IPV4_STRLEN is enough");
    TAP_STREQ(fmt4(&v.ipv4, MIRAGE_IPV4_STRLEN - 1), "ENOSPC",
              "format: one byte less is -ENOSPC");
    strcpy(small, "junk");
    TAP_OK(mirage_ipv4_to_string(&v.ipv4, small, sizeof(small)) == -ENOSPC &&
               small[0] == '\0',
           "format: a short buffer is left empty");
    TAP_OK(mirage_ipv4_to_string(&v.ipv4, small, 0) == -ENOSPC,
           "format: a zero size");
    parse(MIRAGE_ARG_IPV4_PREFIX, "10.0.0.2/24", &v);
    TAP_STREQ(fmt4p(&v.ipv4_prefix, MIRAGE_IPV4_PREFIX_STRLEN), "10.0.0.2/24",
              "format: ipv4-prefix");
    parse(MIRAGE_ARG_IPV6_PREFIX, "FE80:0:0::1/64", &v);
    TAP_STREQ(fmt6p(&v.ipv6_prefix, MIRAGE_IPV6_PREFIX_STRLEN), "fe80::1/64",
              "format: ipv6-prefix, canonical");

    TAP_STREQ(v6("::"), "::", "format: ::");
    TAP_STREQ(v6("::1"), "::1", "format: ::1");
    TAP_STREQ(v6("1::"), "1::", "format: 1::");
    TAP_STREQ(v6("2001:db8:0:0:1:0:0:1"), "2001:db8::1:0:0:1",
              "format: the first of two equal zero runs (RFC 5952 4.2.3)");
    TAP_STREQ(v6("2001:0:0:1:0:0:0:1"), "2001:0:0:1::1",
              "format: the longest zero run");
    TAP_STREQ(v6("2001:db8:0:1:1:1:1:1"), "2001:db8:0:1:1:1:1:1",
              "format: one zero group is not :: (RFC 5952 4.2.2)");
    TAP_STREQ(v6("2001:DB8::0001"), "2001:db8::1",
              "format: lower case, no leading zeros");
    TAP_STREQ(v6("::ffff:192.0.2.1"), "::ffff:192.0.2.1",
              "format: IPv4-mapped with a dotted tail");
    TAP_STREQ(v6("::192.0.2.1"), "::c000:201",
              "format: other IPv4 tails in hex");
    TAP_STREQ(v6("1:2:3:4:5:6:7:8"), "1:2:3:4:5:6:7:8",
              "format: no zero group");
    TAP_STREQ(v6("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
              "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
              "format: the longest text fits MIRAGE_IPV6_STRLEN");
}

/* mirage_ipv4_from_string and mirage_ipv6_from_string (mirage/ipaddr.h):
 * the boot arguments' forms, and nothing else. */
static void test_from_string(void)
{
    struct mirage_ipv4 a4 = {{9, 9, 9, 9}};
    struct mirage_ipv6 a6;

    TAP_OK(mirage_ipv4_from_string(&a4, "192.0.2.1") == 0 &&
               a4.bytes[0] == 192 && a4.bytes[3] == 1,
           "from_string: ipv4");
    TAP_OK(mirage_ipv4_from_string(&a4, "01.2.3.4") == -EINVAL &&
               a4.bytes[0] == 192,
           "from_string: ipv4 with a leading zero is -EINVAL, (addr) kept");
    TAP_OK(mirage_ipv4_from_string(&a4, "1.2.3") == -EINVAL &&
               mirage_ipv4_from_string(&a4, "") == -EINVAL &&
               mirage_ipv4_from_string(&a4, "1.2.3.4 ") == -EINVAL &&
               mirage_ipv4_from_string(&a4, NULL) == -EINVAL &&
               mirage_ipv4_from_string(NULL, "1.2.3.4") == -EINVAL,
           "from_string: ipv4 refusals");
    TAP_OK(mirage_ipv6_from_string(&a6, "2001:db8::1") == 0 &&
               a6.bytes[0] == 0x20 && a6.bytes[1] == 0x01 &&
               a6.bytes[15] == 1 && a6.bytes[14] == 0,
           "from_string: ipv6");
    TAP_STREQ(formatted(mirage_ipv6_to_string(&a6, fmt_buf, sizeof fmt_buf)),
              "2001:db8::1", "from_string: ipv6 back to text");
    TAP_OK(mirage_ipv6_from_string(&a6, "[::1]") == -EINVAL &&
               mirage_ipv6_from_string(&a6, "fe80::1%eth0") == -EINVAL &&
               mirage_ipv6_from_string(&a6, "1::2::3") == -EINVAL &&
               mirage_ipv6_from_string(&a6, "192.0.2.1") == -EINVAL,
           "from_string: ipv6 refusals (brackets, zone, two ::, ipv4)");
}

int main(void)
{
    test_scalars();
    test_ipv4();
    test_ipv6();
    test_prefixes();
    test_enum();
    test_lists();
    test_names();
    test_format();
    test_from_string();
    return tap_done();
}
