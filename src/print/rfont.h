/* rfont.h: the receipt's fonts, opened with FreeType straight from their
 * files (no fontconfig): a regular and a bold face, and an optional fallback
 * for characters the two lack.
 *
 * Configuration: print.font and print.font_bold are font files (default the
 * Debian paths of fonts-noto-cjk's Noto Sans CJK Regular and Bold); a
 * collection (.ttc) is entered at print.font_index (default 2, Simplified
 * Chinese in Noto Sans CJK); print.font_bold = synthetic emboldens the regular
 * face instead (one face less: 2 MB). A print.font without a "/" is a family name, as
 * it was when fontconfig chose the font: the face of that family in the
 * default collections. print.font_fallback (optional) is a file tried, at its
 * first face, for a character neither face has. A character no font has is
 * drawn as a white square (□) and reported on stderr; the PDF still maps it
 * to the right character for text extraction. */
#ifndef YJ_RFONT_H
#define YJ_RFONT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/util.h"

#define YJ_RFONT_DEFAULT_REGULAR "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
#define YJ_RFONT_DEFAULT_BOLD "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
#define YJ_RFONT_DEFAULT_INDEX 2

struct yj_rfont;

/* One character as drawn: which face (0 regular, 1 bold, 2 fallback, 3 the
 * regular emboldened), which
 * glyph, its advance in ems, and the character it stands for. */
struct yj_rglyph {
    uint32_t cp;
    uint32_t gid;
    uint8_t face;
    bool missing; /* no font has cp: the glyph is the replacement □ */
    float adv;
};

/* A glyph rendered for the raster: w x h pixels, one byte each (0 or 1),
 * left/top from the pen position on the baseline (top upwards). */
struct yj_rbitmap {
    int w, h, left, top;
    unsigned char *px;
};

/* The fonts as configured, opened once and kept for the life of the process
 * (a kiosk's second print opens nothing). NULL with a message in msg when the
 * regular or the bold face cannot be opened, neither as configured nor the
 * default ones. */
struct yj_rfont *yj_rfont_get(char *msg, size_t msgsz);

/* False when the configured fonts did not open and yj_rfont_get opened the
 * default ones instead (reported on stderr). */
bool yj_rfont_is_configured(const struct yj_rfont *f);

/* Open the fonts of these files (NULL: the defaults) without keeping them. */
struct yj_rfont *yj_rfont_open(const char *regular, const char *bold, int index,
                               const char *fallback, char *msg, size_t msgsz);
void yj_rfont_close(struct yj_rfont *f);

/* The glyph for cp in the bold or regular face, else the fallback, else □. */
void yj_rfont_glyph(struct yj_rfont *f, bool bold, uint32_t cp, struct yj_rglyph *g);

/* Ascent and descent (positive, below the baseline) of the regular face, in
 * ems: a line is ascent + descent high. */
double yj_rfont_ascent(const struct yj_rfont *f);
double yj_rfont_descent(const struct yj_rfont *f);

/* The family and style of face i (0 regular, 1 bold), for doctor. */
const char *yj_rfont_family(const struct yj_rfont *f, int face);

/* A PDF Type 3 glyph procedure for g in a 1000-unit em: "wx 0 llx lly urx ury
 * d1" and the outline as path operators, filled. */
void yj_rfont_glyph_proc(struct yj_rfont *f, const struct yj_rglyph *g, struct yj_buf *out);

/* g rendered at px pixels per em (cached; the pointer is valid until the
 * next call). */
const struct yj_rbitmap *yj_rfont_bitmap(struct yj_rfont *f, const struct yj_rglyph *g, double px);

/* Append n to out in decimal, as a PDF number: an integer or, for a fraction,
 * at most three decimals. */
void yj_pdf_num(struct yj_buf *out, double n);

#endif
