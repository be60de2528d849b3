/* SPDX-License-Identifier: ISC */
/* stdbool.h: bool, true and false for the freestanding targets. */
#ifndef MIRAGE_FREESTANDING_STDBOOL_H
#define MIRAGE_FREESTANDING_STDBOOL_H

#ifndef __cplusplus
#define bool _Bool
#define true 1
#define false 0
#endif

#define __bool_true_false_are_defined 1

#endif
