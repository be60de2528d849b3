/* SPDX-License-Identifier: ISC */
/* names.c: the names a certificate answers to, for SNI and addresses. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tls_bearssl.h"

/* A DER value: its bytes. */
struct der {
    const unsigned char *p;
    size_t len;
};

/* Reads one TLV of (in) (a one-byte tag, a definite length) into (*tag)
 * and (*val). 0, or -EINVAL when it is cut short or malformed. */
static int der_next(struct der *in, unsigned *tag, struct der *val)
{
    size_t len, n;

    if (in->len < 2)
        return -EINVAL;
    *tag = in->p[0];
    if ((*tag & 0x1f) == 0x1f)
        return -EINVAL; /* high tag numbers: none in what we read */
    len = in->p[1];
    n = 2;
    if (len & 0x80) {
        size_t k = len & 0x7f;
        if (k == 0 || k > 4 || in->len < 2 + k)
            return -EINVAL;
        len = 0;
        for (size_t i = 0; i < k; i++)
            len = (len << 8) | in->p[2 + i];
        n += k;
    }
    if (len > in->len - n)
        return -EINVAL;
    val->p = in->p + n;
    val->len = len;
    in->p += n + len;
    in->len -= n + len;
    return 0;
}

/* Reads a TLV that must have (want) as its tag. */
static int der_expect(struct der *in, unsigned want, struct der *val)
{
    unsigned tag;
    int rc = der_next(in, &tag, val);

    if (rc < 0)
        return rc;
    return tag == want ? 0 : -EINVAL;
}

static int add_dns(struct tls_names *out, const unsigned char *p, size_t len)
{
    char **v, *s;

    if (len == 0 || len > 253)
        return 0; /* no host can match it */
    for (size_t i = 0; i < len; i++)
        if (p[i] <= 0x20 || p[i] >= 0x7f)
            return 0;
    s = malloc(len + 1);
    if (!s)
        return -ENOMEM;
    for (size_t i = 0; i < len; i++)
        s[i] = (char)((p[i] >= 'A' && p[i] <= 'Z') ? p[i] - 'A' + 'a' : p[i]);
    s[len] = 0;
    if (len > 1 && s[len - 1] == '.')
        s[len - 1] = 0;
    v = realloc(out->dns, (out->ndns + 1) * sizeof(*v));
    if (!v) {
        free(s);
        return -ENOMEM;
    }
    out->dns = v;
    v[out->ndns++] = s;
    return 0;
}

static int add_ip(struct tls_names *out, const unsigned char *p, size_t len)
{
    uint8_t(*ip)[16];
    uint8_t *iplen;

    if (len != 4 && len != 16)
        return 0;
    ip = realloc(out->ip, (out->nip + 1) * sizeof(*ip));
    if (!ip)
        return -ENOMEM;
    out->ip = ip;
    iplen = realloc(out->iplen, out->nip + 1);
    if (!iplen)
        return -ENOMEM;
    out->iplen = iplen;
    memcpy(ip[out->nip], p, len);
    iplen[out->nip] = (uint8_t)len;
    out->nip++;
    return 0;
}

/* The subjectAltName extension's value (a SEQUENCE of GeneralName). */
static int read_san(struct der san, struct tls_names *out)
{
    struct der seq, name;
    unsigned tag;
    int rc = der_expect(&san, 0x30, &seq);

    if (rc < 0)
        return rc;
    while (seq.len) {
        rc = der_next(&seq, &tag, &name);
        if (rc < 0)
            return rc;
        if (tag == 0x82) /* [2] dNSName */
            rc = add_dns(out, name.p, name.len);
        else if (tag == 0x87) /* [7] iPAddress */
            rc = add_ip(out, name.p, name.len);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* The subject's last commonName, if its string type is a text one. */
static int read_cn(struct der subject, struct tls_names *out)
{
    static const unsigned char cn_oid[] = {0x55, 0x04, 0x03};
    struct der set, atv, oid, val, last = {0};
    unsigned tag;
    int rc;

    while (subject.len) {
        rc = der_expect(&subject, 0x31, &set);
        if (rc < 0)
            return rc;
        while (set.len) {
            rc = der_expect(&set, 0x30, &atv);
            if (rc < 0)
                return rc;
            if (der_expect(&atv, 0x06, &oid) < 0 || der_next(&atv, &tag, &val))
                return -EINVAL;
            if (oid.len == sizeof(cn_oid) &&
                memcmp(oid.p, cn_oid, sizeof(cn_oid)) == 0 &&
                (tag == 0x0c || tag == 0x13 || tag == 0x16 || tag == 0x14))
                last = val;
        }
    }
    return last.p ? add_dns(out, last.p, last.len) : 0;
}

int tls_names_of_cert(const unsigned char *der, size_t len,
                      struct tls_names *out)
{
    static const unsigned char san_oid[] = {0x55, 0x1d, 0x11};
    struct der in = {der, len}, cert, tbs, v, subject = {0}, exts = {0};
    unsigned tag;
    int rc;

    memset(out, 0, sizeof(*out));
    if (der_expect(&in, 0x30, &cert) < 0 || der_expect(&cert, 0x30, &tbs) < 0)
        return -EINVAL;
    if (tbs.len && tbs.p[0] == 0xa0 && der_next(&tbs, &tag, &v) < 0)
        return -EINVAL;                   /* version */
    if (der_expect(&tbs, 0x02, &v) < 0 || /* serialNumber */
        der_expect(&tbs, 0x30, &v) < 0 || /* signature */
        der_expect(&tbs, 0x30, &v) < 0 || /* issuer */
        der_expect(&tbs, 0x30, &v) < 0 || /* validity */
        der_expect(&tbs, 0x30, &subject) < 0 ||
        der_expect(&tbs, 0x30, &v) < 0) /* subjectPublicKeyInfo */
        return -EINVAL;
    while (tbs.len) {
        if (der_next(&tbs, &tag, &v) < 0)
            return -EINVAL;
        if (tag == 0xa3 && der_expect(&v, 0x30, &exts) < 0)
            return -EINVAL;
    }
    while (exts.len) {
        struct der ext, oid, val;
        if (der_expect(&exts, 0x30, &ext) < 0 ||
            der_expect(&ext, 0x06, &oid) < 0)
            goto bad;
        if (ext.len && ext.p[0] == 0x01 && der_next(&ext, &tag, &val) < 0)
            goto bad; /* critical */
        if (der_expect(&ext, 0x04, &val) < 0)
            goto bad;
        if (oid.len == sizeof(san_oid) &&
            memcmp(oid.p, san_oid, sizeof(san_oid)) == 0) {
            rc = read_san(val, out);
            if (rc < 0) {
                tls_names_free(out);
                return rc;
            }
        }
    }
    /* RFC 6125, 6.4.4: the common name only without DNS names */
    if (!out->ndns) {
        rc = read_cn(subject, out);
        if (rc < 0) {
            tls_names_free(out);
            return rc;
        }
    }
    return 0;
bad:
    tls_names_free(out);
    return -EINVAL;
}

void tls_names_free(struct tls_names *names)
{
    for (size_t i = 0; i < names->ndns; i++)
        free(names->dns[i]);
    free(names->dns);
    free(names->ip);
    free(names->iplen);
    memset(names, 0, sizeof(*names));
}

bool tls_name_matches(const char *pattern, const char *host)
{
    const char *rest;

    if (strcmp(pattern, host) == 0)
        return true;
    /* "*.example.com": one whole leftmost label, and two labels after */
    if (pattern[0] != '*' || pattern[1] != '.' || !strchr(pattern + 2, '.'))
        return false;
    rest = strchr(host, '.');
    return rest && rest != host && strcmp(rest + 1, pattern + 2) == 0;
}
