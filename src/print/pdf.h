/* pdf.h: a small PDF writer for receipts: pages of text, filled rectangles
 * and 1-bit image masks (the QR code).
 *
 * Text is drawn with Type 3 fonts made of the outlines of exactly the glyphs
 * the receipt uses (rfont.h), 256 to a font, each with a ToUnicode map, so
 * `pdftotext` reads the Chinese back and nothing of the 20 MB font files is
 * copied but those outlines. Streams are deflated. Coordinates are points
 * from the top-left corner of the page, y downwards, as the layout thinks. */
#ifndef YJ_PDF_H
#define YJ_PDF_H

#include <stddef.h>

#include "core/util.h"
#include "print/rfont.h"

struct yj_pdf;

struct yj_pdf *yj_pdf_new(struct yj_rfont *font);
/* Start a page w x h points (ending the one before). */
void yj_pdf_page(struct yj_pdf *p, double w, double h);
/* n glyphs from (x, baseline y) at size points; they advance by their widths. */
void yj_pdf_text(struct yj_pdf *p, double x, double y, double size, const struct yj_rglyph *g,
                 size_t n);
/* A black rectangle, top-left (x, y). */
void yj_pdf_rect(struct yj_pdf *p, double x, double y, double w, double h);
/* An n x n mask (mod: 1 = black, row by row from the top) drawn m points a
 * module from top-left (x, y): one stencil image. */
void yj_pdf_mask(struct yj_pdf *p, const unsigned char *mod, int n, double x, double y, double m);
/* End the document into out (title in the document information) and free p.
 * 0, or -1 when compression failed. */
int yj_pdf_finish(struct yj_pdf *p, const char *title, struct yj_buf *out);

#endif
