/* SPDX-License-Identifier: ISC */
/* test_random_entropy.c: the random device when the entropy source fails. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <mirage/random.h>

#include "../../devices/random/default/random_internal.h"
#include "platform.h"
#include "runtime_capture.h"
#include "tap.h"

/*
 * This plat_entropy replaces the unix one (the archive member holding that
 * is then never linked): it fails with (entropy_error) when that is set,
 * and otherwise gives a counter's bytes, which is enough here.
 */
static int entropy_error;
static unsigned entropy_calls;

int plat_entropy(void *buf, size_t len)
{
    static uint8_t next;
    uint8_t *p = buf;

    entropy_calls++;
    if (entropy_error)
        return entropy_error;
    for (size_t i = 0; i < len; i++)
        p[i] = next++;
    return 0;
}

int main(void)
{
    static uint8_t buf[(1 << 20) + 4096];
    struct mirage_random *r = NULL;
    unsigned calls;

    entropy_error = -ENOSYS;
    capture_reset();
    TAP_OK(mirage_random_default_connect(&r, "rng") == -ENOSYS,
           "no entropy at connect: the platform's error (-ENOSYS)");
    TAP_OK(capture_count(capture_out, "ERR [random] rng: the platform has no "
                                      "entropy") == 1,
           "the device logs why under its own source");
    if (capture_count(capture_out, "[random]") != 1)
        printf("# %s\n", capture_out);

    entropy_error = 0;
    TAP_OK(mirage_random_default_connect(&r, "rng") == 0 && r,
           "with entropy the same name connects");
    if (!r)
        return tap_done();
    calls = entropy_calls;
    entropy_error = -EIO;
    capture_reset();
    TAP_OK(mirage_random_fill(r, buf, sizeof(buf)) == 0,
           "a failed reseed does not fail the request");
    TAP_OK(entropy_calls == calls + 1, "the reseed asked the platform");
    TAP_OK(capture_count(capture_out, "WRN [random] rng: cannot reseed") == 1,
           "a warning says the reseed failed");
    TAP_OK(core_random_reseeds(r) == 0, "it is not counted as a reseed");
    mirage_random_fill(r, buf, 4096);
    TAP_OK(entropy_calls == calls + 1,
           "it does not retry before the next interval");
    entropy_error = 0;
    mirage_random_fill(r, buf, sizeof(buf));
    TAP_OK(core_random_reseeds(r) == 1,
           "after the next MiB, with entropy again, it reseeds");
    return tap_done();
}
