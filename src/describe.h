/* SPDX-License-Identifier: ISC */
/* describe.h: describing a unikernel (text, graphviz) and the known types. */
#ifndef MIRAGE_HELPER_DESCRIBE_H
#define MIRAGE_HELPER_DESCRIBE_H

#include <stdio.h>

#include "check.h"

/*
 * Both need a model that passed check_spec without error. describe_text
 * prints the unikernel, its devices in start-up order and its arguments;
 * describe_dot prints the same as a graphviz digraph.
 */
void describe_text(FILE *out, const struct model *model);
void describe_dot(FILE *out, const struct model *model);

/*
 * Lists the device types with their implementations (targets, the
 * features of the build they need and whether this build has them,
 * dependencies, connect function), the argument types and sections, the
 * targets and the features.
 */
void describe_types(FILE *out);

#endif
