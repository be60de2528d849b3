/* SPDX-License-Identifier: ISC */
/* test_dns_answer.c: placeholder. */
#include "dns_test.h"
int main(void)
{
    return tap_done();
}
