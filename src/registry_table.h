/* SPDX-License-Identifier: ISC */
/* registry_table.h: the tables src/registry.awk makes from devices/. */
#ifndef MIRAGE_HELPER_REGISTRY_TABLE_H
#define MIRAGE_HELPER_REGISTRY_TABLE_H

#include <stddef.h>

#include "registry.h"

/*
 * Defined in registry_table.c, which the build makes from every
 * devices/TYPE/registry.def and devices/TYPE/IMPL/registry.def
 * (doc/devices.md): the types, and the implementations of them all, in
 * listing order. registry.c looks them up; nothing else reads them.
 */
extern const struct registry_type registry_table_types[];
extern const size_t registry_table_ntypes;
extern const struct registry_impl registry_table_impls[];
extern const size_t registry_table_nimpls;

#endif
