/* layout.h: pure layout arithmetic for the screens (no curses), unit-tested.
 *
 * Everything here counts display columns (core/utf8.h), never bytes.
 */
#ifndef YJ_UI_LAYOUT_H
#define YJ_UI_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

/* The smallest terminal the screens are drawn on; below it "please enlarge". */
#define YJ_UI_MIN_COLS 80
#define YJ_UI_MIN_ROWS 24

bool yj_lay_size_ok(int rows, int cols);

/* One wrapped line: bytes [off, off+len) of the source text, `cols` wide. */
struct yj_line {
    size_t off, len;
    int cols;
};

/* Wrap text to lines of at most `width` columns: CJK may break between any two
 * characters, Latin words break at spaces when a word fits on a line, '\n'
 * forces a break. Stores at most max lines; returns how many lines the whole
 * text needs (which may exceed max). */
size_t yj_lay_wrap(const char *text, int width, struct yj_line *out, size_t max);

/* Vertical placement of a list of blocks (fields of a page) of heights h[i] in
 * a viewport of `avail` rows, keeping block `focus` fully visible when it fits:
 * *top is the first visible row offset (updated in place), y[i] gets each block's
 * row relative to the viewport (may be negative or >= avail = not visible). */
void yj_lay_scroll(const int *h, size_t n, size_t focus, int avail, int *top, int *y);

/* Large text for the case number: a 3x5-pixel font drawn with half blocks
 * (▀ ▄ █) into three rows of UTF-8 each (row buffers of rowsz bytes). Returns
 * the width in columns, or -1 when a character has no glyph. */
int yj_lay_bigtext(const char *s, char rows[3][512], size_t rowsz);

/* ASCII letters, digits and punctuation as their full-width forms (U+FF01..),
 * two columns each: a case number in large type where the block font does not
 * fit. Other characters are copied. */
void yj_lay_fullwidth(const char *in, char *out, size_t outsz);

/* A QR matrix (width x width, module i is dark when (m[i] & 1)) with a quiet
 * zone of `quiet` modules, drawn two modules per row with half blocks. Calls
 * emit(row_text, ctx) once per screen row; returns the number of rows
 * ((width + 2 * quiet + 1) / 2). Each row is width + 2 * quiet columns. */
int yj_lay_qr(const unsigned char *m, int width, int quiet, void (*emit)(const char *, void *),
              void *ctx);

/* Idle timeout: after `timeout` seconds without input the session is wiped; the
 * warning with its countdown shows during the last yj_idle_warn_secs(timeout). */
enum yj_idle { YJ_IDLE_ACTIVE, YJ_IDLE_WARN, YJ_IDLE_EXPIRED };
int yj_idle_warn_secs(long timeout);
enum yj_idle yj_idle_state(long timeout, long idle_for, long *remaining);

/* Operator exit sequence: feed each typed code point; true when the last
 * characters typed spell seq. buf holds the recent input (bufsz bytes). */
bool yj_seq_feed(char *buf, size_t bufsz, const char *seq, unsigned int cp);

/* Accept a date the way people type it (2026-11-23, 20261123, 2026.11.23,
 * 2026/11/23, 2026年11月23日, 2026-1-5) and write YYYY-MM-DD; otherwise copy the
 * input unchanged so the validator can explain what is wrong. */
void yj_lay_date_norm(const char *in, char *out, size_t outsz);

#endif
