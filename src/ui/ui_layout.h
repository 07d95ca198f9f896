/* ui_layout.h: pure layout arithmetic for the screens (no curses), unit-tested.
 *
 * Everything here counts display columns (core/utf8.h), never bytes.
 */
#ifndef YJ_UI_LAYOUT_H
#define YJ_UI_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

/* The smallest terminal the counter's screens are drawn on; below it "please
 * enlarge". */
#define YJ_UI_MIN_COLS 80
#define YJ_UI_MIN_ROWS 24

bool yj_lay_size_ok(int rows, int cols);

/* The kiosk's and the assisted mode's screens reflow down to 64x16 (20 pt on a
 * 720p screen in a CJK terminal font); below it "please enlarge". */
#define YJ_UI_KIOSK_MIN_COLS 64
#define YJ_UI_KIOSK_MIN_ROWS 16

bool yj_lay_kiosk_size_ok(int rows, int cols);

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

/* The confirmation screen's placement: the case number (title row 2, number rows
 * 3-5, plain number row 6), the QR code on the right with a caption row under it,
 * the text on the left, the buttons at rows - 3 from column 4 to button_end.
 * Tried in order, taking the first that fits: the QR beside everything from row
 * 2 with the number large (block font, else a full-width band) in the narrow
 * column; the number large across the width and the QR from row 7; the QR
 * beside with the number in plain text; no QR. Quiet zone 2 modules, else 1. */
enum yj_num_style { YJ_NUM_PLAIN, YJ_NUM_BAND, YJ_NUM_BLOCK };
struct yj_done_lay {
    enum yj_num_style num;
    bool qr;          /* false: no room for the code */
    int qx, qy;       /* top left of the code (quiet zone included) */
    int quiet, qrows; /* quiet zone in modules, screen rows of the code */
    int qcols;        /* columns of the code */
    int cap_y;        /* the caption row under the code */
    int below;        /* first row free of the code and its caption */
    int narrow, wide; /* text width from column 2 beside the code / below it */
};
void yj_lay_done(int rows, int cols, int qr_modules, int block_cols, int band_cols, int button_end,
                 struct yj_done_lay *l);

/* Type-to-search in a pick list: the first label starting with q (ASCII letters
 * without regard to case), else the first containing it, searching from
 * labels[0]; -1 when none does or q is empty. */
int yj_lay_find(char *const *labels, size_t n, const char *q);

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
