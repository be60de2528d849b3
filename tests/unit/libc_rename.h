/* SPDX-License-Identifier: ISC */
/* libc_rename.h: gives the freestanding libc's symbols an mfs_ prefix. */
#ifndef MIRAGE_TESTS_LIBC_RENAME_H
#define MIRAGE_TESTS_LIBC_RENAME_H

/*
 * Forced (-include) on the freestanding libc's sources when they are built
 * for the hosted tests: each public function, and each function of the
 * runtime that they call, gets the link name mfs_..., so the tests link
 * them beside the host's libc and compare the two, and provide the
 * runtime's functions themselves. The C names stay, so attributes such as
 * format(printf, ...) keep their meaning. core_* names do not clash.
 */
#pragma redefine_extname memcpy mfs_memcpy
#pragma redefine_extname memmove mfs_memmove
#pragma redefine_extname memset mfs_memset
#pragma redefine_extname memcmp mfs_memcmp
#pragma redefine_extname __memcpy_chk mfs___memcpy_chk
#pragma redefine_extname __memmove_chk mfs___memmove_chk
#pragma redefine_extname __memset_chk mfs___memset_chk
#pragma redefine_extname memchr mfs_memchr
#pragma redefine_extname strlen mfs_strlen
#pragma redefine_extname strnlen mfs_strnlen
#pragma redefine_extname strcmp mfs_strcmp
#pragma redefine_extname strncmp mfs_strncmp
#pragma redefine_extname strchr mfs_strchr
#pragma redefine_extname strrchr mfs_strrchr
#pragma redefine_extname strstr mfs_strstr
#pragma redefine_extname strspn mfs_strspn
#pragma redefine_extname strcspn mfs_strcspn
#pragma redefine_extname strcpy mfs_strcpy
#pragma redefine_extname strncpy mfs_strncpy
#pragma redefine_extname strdup mfs_strdup
#pragma redefine_extname strndup mfs_strndup
#pragma redefine_extname strerror mfs_strerror
#pragma redefine_extname mirage_strerror mfs_mirage_strerror
#pragma redefine_extname isalnum mfs_isalnum
#pragma redefine_extname isalpha mfs_isalpha
#pragma redefine_extname isblank mfs_isblank
#pragma redefine_extname iscntrl mfs_iscntrl
#pragma redefine_extname isdigit mfs_isdigit
#pragma redefine_extname isgraph mfs_isgraph
#pragma redefine_extname islower mfs_islower
#pragma redefine_extname isprint mfs_isprint
#pragma redefine_extname ispunct mfs_ispunct
#pragma redefine_extname isspace mfs_isspace
#pragma redefine_extname isupper mfs_isupper
#pragma redefine_extname isxdigit mfs_isxdigit
#pragma redefine_extname tolower mfs_tolower
#pragma redefine_extname toupper mfs_toupper
#pragma redefine_extname malloc mfs_malloc
#pragma redefine_extname calloc mfs_calloc
#pragma redefine_extname realloc mfs_realloc
#pragma redefine_extname free mfs_free
#pragma redefine_extname aligned_alloc mfs_aligned_alloc
#pragma redefine_extname posix_memalign mfs_posix_memalign
#pragma redefine_extname strtol mfs_strtol
#pragma redefine_extname strtoul mfs_strtoul
#pragma redefine_extname strtoll mfs_strtoll
#pragma redefine_extname strtoull mfs_strtoull
#pragma redefine_extname atoi mfs_atoi
#pragma redefine_extname atol mfs_atol
#pragma redefine_extname abs mfs_abs
#pragma redefine_extname labs mfs_labs
#pragma redefine_extname llabs mfs_llabs
#pragma redefine_extname qsort mfs_qsort
#pragma redefine_extname bsearch mfs_bsearch
#pragma redefine_extname abort mfs_abort
#pragma redefine_extname snprintf mfs_snprintf
#pragma redefine_extname vsnprintf mfs_vsnprintf
#pragma redefine_extname printf mfs_printf
#pragma redefine_extname vprintf mfs_vprintf
#pragma redefine_extname fprintf mfs_fprintf
#pragma redefine_extname vfprintf mfs_vfprintf
#pragma redefine_extname puts mfs_puts
#pragma redefine_extname fputs mfs_fputs
#pragma redefine_extname putchar mfs_putchar
#pragma redefine_extname fputc mfs_fputc
#pragma redefine_extname fflush mfs_fflush
#pragma redefine_extname __errno_location mfs___errno_location
#pragma redefine_extname time mfs_time
#pragma redefine_extname mirage_abort mfs_mirage_abort
#pragma redefine_extname plat_console_write mfs_plat_console_write
#pragma redefine_extname plat_error_write mfs_plat_error_write
#pragma redefine_extname plat_clock_wall_ns mfs_plat_clock_wall_ns

#endif
