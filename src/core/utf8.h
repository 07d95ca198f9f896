/* utf8.h: UTF-8 checking and display-column arithmetic for CJK text.
 *
 * Widths come from wcwidth() under a UTF-8 locale. East Asian ambiguous
 * characters (“ ” · ① …) count as what is drawn for them in the glyph set
 * chosen for the terminal (core/glyph.h): ONE column where the terminal draws
 * them one column wide (the default), else the width of their replacement; a
 * character of width < 0 (a control) is refused by yj_utf8_check and counted as
 * 1 if met anyway.
 */
#ifndef YJ_UTF8_H
#define YJ_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decode one code point at s (n bytes available). Returns its length (1-4) and
 * stores it in *cp, or returns 0 on an invalid or truncated sequence. Overlong
 * forms, surrogates and values above U+10FFFF are invalid. */
size_t yj_utf8_decode(const char *s, size_t n, uint32_t *cp);

/* Encode cp into out (>= 4 bytes); returns the length. */
size_t yj_utf8_encode(uint32_t cp, char *out);

/* True when s[0..n) is valid UTF-8 with no C0/C1 control characters other than
 * those allowed (allow_newline lets '\n' through). */
bool yj_utf8_check(const char *s, size_t n, bool allow_newline);

/* Number of code points. */
size_t yj_utf8_len(const char *s);

/* Display columns of one code point / of a string. */
int yj_cp_width(uint32_t cp);
int yj_str_width(const char *s);

/* Byte length of the longest prefix of s that fits in max_cols columns, never
 * splitting a character. *cols_out gets the columns used (may be NULL). */
size_t yj_str_fit(const char *s, int max_cols, int *cols_out);

/* Write s into out (size outsz) truncated to at most cols columns and padded
 * with spaces to exactly cols columns (a wide character that does not fit is
 * replaced by spaces). Returns out. With ellipsis, a cut string ends in "…"
 * (counted as yj_cp_width(0x2026) columns). */
char *yj_str_pad(const char *s, int cols, bool ellipsis, char *out, size_t outsz);

/* Byte offset of the code point before / after offset off in s. */
size_t yj_utf8_prev(const char *s, size_t off);
size_t yj_utf8_next(const char *s, size_t off);

#endif
