/* SPDX-License-Identifier: ISC */
/* engine.c: BearSSL's client engine starts, with the runtime's seeder. */
#include <stddef.h>

#include <bearssl.h>

#include "check.h"

static br_ssl_client_context cc;
static br_x509_minimal_context xc;
static unsigned char iobuf[BR_SSL_BUFSIZE_BIDI];

/*
 * The image's br_prng_seeder_system must be the runtime's (no system
 * seeder: the tls device injects the `random` device's entropy), not
 * Debian's sysrng.o, which reads /dev/urandom. With entropy injected, the
 * client engine starts and has a ClientHello record to send: a handshake
 * record (22) of TLS 1.x (3.x).
 */
void engine(void)
{
    static const unsigned char seed[32] = "a fixed seed: only a test";
    const char *name = "(unset)";
    unsigned char *rec;
    size_t len = 0;

    check(br_prng_seeder_system(&name) == NULL,
          "the system seeder is the runtime's: there is none");
    note("br_prng_seeder_system", name);
    br_ssl_client_init_full(&cc, &xc, NULL, 0);
    br_ssl_engine_set_buffer(&cc.eng, iobuf, sizeof(iobuf), 1);
    br_ssl_engine_inject_entropy(&cc.eng, seed, sizeof(seed));
    check(br_ssl_client_reset(&cc, "example.org", 0) == 1,
          "the client engine resets with injected entropy");
    check(br_ssl_engine_current_state(&cc.eng) & BR_SSL_SENDREC,
          "the client engine has a record to send");
    rec = br_ssl_engine_sendrec_buf(&cc.eng, &len);
    check(rec && len > 5 && rec[0] == 22 && rec[1] == 3,
          "the record is a handshake record (the ClientHello)");
}
