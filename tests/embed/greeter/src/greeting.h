/* SPDX-License-Identifier: ISC */
/* greeting.h: the greeting both programs of greeter share. */
#ifndef GREETING_H
#define GREETING_H
#include <stddef.h>

/* Writes "Greetings, NAME!" into (buf) of (size) bytes; returns its length. */
int greeting_format(char *buf, size_t size, const char *name);
#endif
