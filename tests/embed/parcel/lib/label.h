/* SPDX-License-Identifier: ISC */
/* label.h: how a parcel's label is written. */
#ifndef PARCEL_LABEL_H
#define PARCEL_LABEL_H
#include <stddef.h>

/* Writes "Parcel for LABEL" into (buf) of (size) bytes; returns its length. */
int parcel_label(char *buf, size_t size, const char *label);
#endif
