/* SPDX-License-Identifier: ISC */
/* suite.c: the kv_ro conformance suite, for every implementation of kv_ro. */
#include "conformance.h"
#include "kv_reads.h"
#include "mirage_main.h"

int suite_start(struct mirage_kv_ro *store)
{
    conf_begin();
    kv_check_exists(store);
    kv_check_get(store);
    kv_check_partial(store);
    kv_check_list(store);
    kv_check_meta(store);
    kv_check_disconnect(store);
    return conf_end();
}
