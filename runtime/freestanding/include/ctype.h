/* SPDX-License-Identifier: ISC */
/* ctype.h: character classes of ASCII, in the "C" locale only. */
#ifndef MIRAGE_FREESTANDING_CTYPE_H
#define MIRAGE_FREESTANDING_CTYPE_H

/*
 * Each takes an int that is EOF (-1) or an unsigned char value and returns
 * non-zero when it is in the class; bytes above 127 are in none.
 */
int isalnum(int c);
int isalpha(int c);
int isblank(int c);
int iscntrl(int c);
int isdigit(int c);
int isgraph(int c);
int islower(int c);
int isprint(int c);
int ispunct(int c);
int isspace(int c);
int isupper(int c);
int isxdigit(int c);

/* (c) in the other case when it is an ASCII letter, else (c) unchanged. */
int tolower(int c);
int toupper(int c);

#endif
