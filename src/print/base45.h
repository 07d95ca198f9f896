/* base45.h: Base45 (RFC 9285), the QR alphanumeric alphabet for binary data.
 *
 * Two bytes become three characters, a trailing byte two. A clerk's
 * keyboard-wedge scanner types the result as plain ASCII.
 */
#ifndef YJ_BASE45_H
#define YJ_BASE45_H

#include <stddef.h>

/* The 45 characters, in value order: 0-9, A-Z, space, $ % * + - . / : */
extern const char yj_base45_alphabet[46];

/* Encode n bytes; returns a NUL-terminated string the caller frees. */
char *yj_base45_encode(const unsigned char *in, size_t n);

/* Decode n characters (lower-case letters are accepted as upper case). On
 * success returns 0 and a malloc'd buffer in *out (caller frees) with its length
 * in *outn; -1 on a character outside the alphabet, a length of 1 mod 3, or a
 * group whose value is too large. */
int yj_base45_decode(const char *in, size_t n, unsigned char **out, size_t *outn);

#endif
