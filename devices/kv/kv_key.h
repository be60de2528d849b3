/* SPDX-License-Identifier: ISC */
/* kv_key.h: checking and normalising the keys of kv_ro and kv_rw stores. */
#ifndef MIRAGE_DEVICES_KV_KEY_H
#define MIRAGE_DEVICES_KV_KEY_H

#include <stddef.h>

#include <mirage/kv_ro.h>

/* A buffer for one normalised key and its NUL. */
typedef char kv_key_buf[MIRAGE_KV_KEY_MAX + 1];

/*
 * Normalises user key (key) into (out): segments joined by single '/', no
 * leading or trailing '/'; the root is "". Stores its length in (*len)
 * when (len) is not NULL. Returns 0, -EINVAL (NULL, absolute, a "." or
 * ".." segment) or -ENAMETOOLONG.
 */
int kv_key_normalize(const char *key, kv_key_buf out, size_t *len);

/*
 * Whether (key) is already normal (as kv_key_normalize would leave it) and
 * not the root: the check for keys that come from data, not from users.
 */
int kv_key_is_normal(const char *key);

#endif
