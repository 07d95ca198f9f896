/* render.c: the receipt drawn with cairo + pango — PDF pages and the 1-bit
 * raster that ESC/POS printers get. Layout units are PostScript points. */
#include "print/receipt.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include "core/i18n.h"
#include "core/paths.h"

#define PT_PER_MM (72.0 / 25.4)
#define ESCPOS_DOTS_PER_MM 8.0 /* 203 dpi */

struct rctx {
    cairo_t *cr;
    const struct yj_receipt *r;
    double x0, width;   /* drawable column */
    double top, bottom; /* page limits (bottom 0: no page breaks) */
    double y;
    double dot;  /* points per device dot (raster), 0 for vector output */
    double base; /* body font size in points */
    const char *family;
    bool drawing; /* false: only measuring */
    const struct yj_qr *qr;
};

/* A pango layout of s at size x base, width w (points), bold or not. */
static PangoLayout *
mklayout(struct rctx *c, const char *s, double scale, bool bold, double w, PangoAlignment align)
{
    PangoLayout *l = pango_cairo_create_layout(c->cr);
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, c->family);
    pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_absolute_size(fd, c->base * scale * PANGO_SCALE);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    pango_layout_set_width(l, (int)(w * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(l, align);
    pango_layout_set_text(l, s ? s : "", -1);
    return l;
}

/* Height of a layout in points. */
static double
lheight(PangoLayout *l)
{
    PangoRectangle ink, logical;
    pango_layout_get_extents(l, &ink, &logical);
    return (double)logical.height / PANGO_SCALE;
}

/* Draw l at (x, y) when drawing. */
static void
lshow(struct rctx *c, PangoLayout *l, double x, double y)
{
    if (!c->drawing)
        return;
    cairo_move_to(c->cr, x, y);
    pango_cairo_show_layout(c->cr, l);
}

/* Snap a length to whole device dots (raster) so lines are crisp. */
static double
snap(const struct rctx *c, double v)
{
    if (c->dot <= 0)
        return v;
    double d = floor(v / c->dot + 0.5);
    return (d < 1 ? 1 : d) * c->dot;
}

/* Module size (points) for the QR in this column. */
static double
qr_module(const struct rctx *c)
{
    int n = c->qr->width + 8; /* 4-module quiet zone each side */
    double maxw = fmin(c->width, 50 * PT_PER_MM);
    double m = maxw / n;
    if (m > 1.0 * PT_PER_MM)
        m = 1.0 * PT_PER_MM;
    if (c->dot > 0) {
        double dots = floor(m / c->dot);
        if (dots < 1)
            dots = 1;
        m = dots * c->dot;
    }
    return m;
}

/* The QR code as one 1-bit image, a pixel per module, scaled to m points a
 * module with the nearest filter: in a PDF one stencil mask (a few hundred
 * bytes) where a rectangle per dark module made a 400 KB content stream. */
static void
draw_qr(struct rctx *c, double x, double y, double m)
{
    int n = c->qr->width;
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_A1, n, n);
    if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(img);
        return;
    }
    cairo_surface_flush(img);
    unsigned char *px = cairo_image_surface_get_data(img);
    int stride = cairo_image_surface_get_stride(img);
    /* A1 pixels are bits of native-endian 32-bit words, the first pixel in
     * the least significant bit on a little-endian machine (pixman). */
    for (int r = 0; r < n; r++) {
        uint32_t *row = (uint32_t *)(void *)(px + (size_t)r * (size_t)stride);
        for (int k = 0; k < n; k++)
            if (c->qr->mod[(size_t)r * (size_t)n + (size_t)k]) {
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
                row[k / 32] |= 0x80000000u >> (k % 32);
#else
                row[k / 32] |= 1u << (k % 32);
#endif
            }
    }
    cairo_surface_mark_dirty(img);
    cairo_save(c->cr);
    cairo_translate(c->cr, x, y);
    cairo_scale(c->cr, m, m);
    cairo_pattern_t *pat = cairo_pattern_create_for_surface(img);
    cairo_pattern_set_filter(pat, CAIRO_FILTER_NEAREST);
    cairo_mask(c->cr, pat);
    cairo_pattern_destroy(pat);
    cairo_restore(c->cr);
    cairo_surface_destroy(img);
}

/* Draw (or measure) one line of the layout; returns its height. */
static double
block(struct rctx *c, const struct yj_rline *ln, double y)
{
    double h = 0, gap = c->base * 0.35;
    PangoLayout *l1 = NULL, *l2 = NULL;
    switch (ln->kind) {
    case YJ_RL_TITLE:
        l1 = mklayout(c, ln->a, 1.35, true, c->width, PANGO_ALIGN_CENTER);
        lshow(c, l1, c->x0, y);
        h = lheight(l1) + gap;
        break;
    case YJ_RL_CENTRE:
        l1 = mklayout(c, ln->a, 1.2, false, c->width, PANGO_ALIGN_CENTER);
        lshow(c, l1, c->x0, y);
        h = lheight(l1) + gap * 2;
        break;
    case YJ_RL_CASENO: {
        l1 = mklayout(c, ln->a, 0.95, false, c->width, PANGO_ALIGN_CENTER);
        lshow(c, l1, c->x0, y);
        double h1 = lheight(l1);
        /* The number as large as fits on one line, at most twice the body size. */
        double scale = 2.0;
        for (;;) {
            l2 = mklayout(c, ln->b, scale, true, -1, PANGO_ALIGN_CENTER);
            PangoRectangle ink, lg;
            pango_layout_get_extents(l2, &ink, &lg);
            if ((double)lg.width / PANGO_SCALE <= c->width || scale <= 1.0)
                break;
            g_object_unref(l2);
            scale -= 0.1;
        }
        pango_layout_set_width(l2, (int)(c->width * PANGO_SCALE));
        lshow(c, l2, c->x0, y + h1);
        h = h1 + lheight(l2) + gap;
        break;
    }
    case YJ_RL_HEADING:
        l1 = mklayout(c, ln->a, 1.05, true, c->width, PANGO_ALIGN_LEFT);
        lshow(c, l1, c->x0, y + gap);
        h = gap + lheight(l1) + gap * 0.5;
        break;
    case YJ_RL_KV: {
        double lw = c->base * 5.2; /* four CJK characters and a colon */
        char *lab = xasprintf("%s：", ln->a);
        l1 = mklayout(c, lab, 1.0, false, lw, PANGO_ALIGN_LEFT);
        free(lab);
        l2 = mklayout(c, ln->b, 1.0, false, c->width - lw, PANGO_ALIGN_LEFT);
        lshow(c, l1, c->x0, y);
        lshow(c, l2, c->x0 + lw, y);
        h = fmax(lheight(l1), lheight(l2)) + gap * 0.3;
        break;
    }
    case YJ_RL_ITEM: {
        double ind = c->base * 1.2;
        l1 = mklayout(c, ln->a, 1.0, true, c->width, PANGO_ALIGN_LEFT);
        l2 = mklayout(c, ln->b, 0.9, false, c->width - ind, PANGO_ALIGN_LEFT);
        lshow(c, l1, c->x0, y);
        lshow(c, l2, c->x0 + ind, y + lheight(l1));
        h = lheight(l1) + lheight(l2) + gap * 0.5;
        break;
    }
    case YJ_RL_BULLET: {
        double ind = c->base * 1.2;
        l1 = mklayout(c, "•", 1.0, false, ind, PANGO_ALIGN_LEFT);
        l2 = mklayout(c, ln->a, 1.0, false, c->width - ind, PANGO_ALIGN_LEFT);
        lshow(c, l1, c->x0 + c->base * 0.2, y);
        lshow(c, l2, c->x0 + ind, y);
        h = lheight(l2) + gap * 0.3;
        break;
    }
    case YJ_RL_TEXT:
        l1 = mklayout(c, ln->a, 1.0, false, c->width, PANGO_ALIGN_LEFT);
        lshow(c, l1, c->x0, y);
        h = lheight(l1) + gap * 0.3;
        break;
    case YJ_RL_RULE: {
        double t = snap(c, 0.6);
        if (c->drawing) {
            cairo_rectangle(c->cr, c->x0, y + gap, c->width, t);
            cairo_fill(c->cr);
        }
        h = gap * 2 + t;
        break;
    }
    case YJ_RL_QR: {
        double m = 0, side = 0;
        if (c->qr != NULL) {
            m = qr_module(c);
            side = m * (c->qr->width + 8);
            double x = c->x0 + (c->width - side) / 2;
            if (c->dot > 0)
                x = floor(x / c->dot) * c->dot;
            double yy = c->dot > 0 ? ceil(y / c->dot) * c->dot : y;
            if (c->drawing)
                draw_qr(c, x + 4 * m, yy + 4 * m, m);
            side += yy - y;
        }
        l1 = mklayout(c, ln->a, 0.85, false, c->width, PANGO_ALIGN_CENTER);
        lshow(c, l1, c->x0, y + side);
        h = side + lheight(l1) + gap;
        break;
    }
    }
    if (l1)
        g_object_unref(l1);
    if (l2)
        g_object_unref(l2);
    return h;
}

/* Lay out every line from c->top; with page limits, break pages. Returns the
 * bottom of the last line. */
static double
run(struct rctx *c)
{
    double y = c->top;
    bool was_drawing = c->drawing;
    for (size_t i = 0; i < c->r->n; i++) {
        if (c->bottom > 0) {
            c->drawing = false;
            double h = block(c, &c->r->lines[i], y);
            c->drawing = was_drawing;
            if (y + h > c->bottom && y > c->top) {
                if (c->drawing)
                    cairo_show_page(c->cr);
                y = c->top;
            }
        }
        y += block(c, &c->r->lines[i], y);
    }
    return y;
}

/* LeakSanitizer (ASan builds): fontconfig and pango keep their font caches
 * for the life of the process, and cairo 1.16 leaks its font subsetter's
 * buffers inside cairo_surface_finish of a PDF surface. Tearing the caches
 * down at exit (cairo_debug_reset_static_data, FcFini) trips cairo's
 * assertions, so those libraries' own allocations are suppressed instead;
 * every cairo and pango object made here is released on every path. */
const char *__lsan_default_suppressions(void);

const char *
__lsan_default_suppressions(void)
{
    return "leak:libcairo.so\n"
           "leak:libfontconfig.so\n"
           "leak:libpango\n";
}

/* Font options for crisp output: no metric hinting (same layout at every
 * scale); no antialiasing on the 1-bit raster. */
static void
set_font_options(cairo_t *cr, bool raster)
{
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    if (raster) {
        cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
        cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_SLIGHT);
    }
    cairo_set_font_options(cr, fo);
    cairo_font_options_destroy(fo);
}

/* Body font size for a paper. */
static double
base_size(enum yj_paper p)
{
    static const double pt[] = {10.0, 9.0, 9.0, 8.0};
    return pt[p];
}

/* Measure the content height (points) for column width w. */
static double
measure(const struct yj_receipt *r, const struct yj_qr *qr, enum yj_paper paper, double w,
        double dot)
{
    cairo_surface_t *s = cairo_recording_surface_create(CAIRO_CONTENT_ALPHA, NULL);
    cairo_t *cr = cairo_create(s);
    set_font_options(cr, dot > 0);
    struct rctx c = {.cr = cr,
                     .r = r,
                     .x0 = 0,
                     .width = w,
                     .top = 0,
                     .dot = dot,
                     .base = base_size(paper),
                     .family = yj_config_get("print.font", "Noto Sans CJK SC"),
                     .drawing = false,
                     .qr = qr};
    double h = run(&c);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    return h;
}

/* cairo write callback appending to a yj_buf. */
static cairo_status_t
buf_write(void *closure, const unsigned char *data, unsigned int len)
{
    yj_buf_add(closure, (const char *)data, len);
    return CAIRO_STATUS_SUCCESS;
}

/* The receipt's QR, or none; -1 with msg when it does not encode. */
static int
get_qr(const struct yj_receipt *r, struct yj_qr *q, char *msg, size_t msgsz)
{
    memset(q, 0, sizeof *q);
    if (r->qr_text == NULL)
        return 0;
    if (yj_qr_encode(r->qr_text, 40, q) != 0) {
        snprintf(msg, msgsz, "%s", _("二维码内容过长，无法生成"));
        return -1;
    }
    return 0;
}

int
yj_receipt_pdf(const struct yj_receipt *r, enum yj_paper paper, struct yj_buf *out,
               double *height_mm, char *msg, size_t msgsz)
{
    struct yj_qr q;
    if (get_qr(r, &q, msg, msgsz) != 0)
        return -1;
    bool roll = yj_paper_is_roll(paper);
    double pw = yj_paper_width_mm(paper) * PT_PER_MM;
    double margin = (roll ? 4.0 : paper == YJ_PAPER_A5 ? 10.0 : 15.0) * PT_PER_MM;
    double w = pw - 2 * margin;
    double ph;
    if (roll)
        ph =
            ceil((measure(r, q.mod ? &q : NULL, paper, w, 0) + 2 * margin) / PT_PER_MM) * PT_PER_MM;
    else
        ph = (paper == YJ_PAPER_A4 ? 297.0 : 210.0) * PT_PER_MM;
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(buf_write, out, pw, ph);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, r->title ? r->title : "");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "yijian");
    cairo_t *cr = cairo_create(s);
    set_font_options(cr, false);
    cairo_set_source_rgb(cr, 0, 0, 0);
    struct rctx c = {.cr = cr,
                     .r = r,
                     .x0 = margin,
                     .width = w,
                     .top = margin,
                     .bottom = roll ? 0 : ph - margin,
                     .base = base_size(paper),
                     .family = yj_config_get("print.font", "Noto Sans CJK SC"),
                     .drawing = true,
                     .qr = q.mod ? &q : NULL};
    run(&c);
    cairo_show_page(cr);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    cairo_status_t st = cairo_surface_status(s);
    cairo_surface_destroy(s);
    yj_qr_free(&q);
    if (st != CAIRO_STATUS_SUCCESS) {
        snprintf(msg, msgsz, _("生成 PDF 失败：%s"), cairo_status_to_string(st));
        return -1;
    }
    if (height_mm)
        *height_mm = ph / PT_PER_MM;
    return 0;
}

/* Render to a 1-bit raster, dots wide; rows in *rows, MSB-first packed rows of
 * (dots + 7) / 8 bytes. Returns the malloc'd bitmap or NULL with msg. */
static unsigned char *
raster(const struct yj_receipt *r, enum yj_paper paper, int dots, int *rows, char *msg,
       size_t msgsz)
{
    struct yj_qr q;
    if (get_qr(r, &q, msg, msgsz) != 0)
        return NULL;
    double scale = ESCPOS_DOTS_PER_MM / PT_PER_MM; /* dots per point */
    double dot = 1.0 / scale;
    double margin = 1.5 * PT_PER_MM;
    double w = dots * dot - 2 * margin;
    double h = measure(r, q.mod ? &q : NULL, paper, w, dot) + 2 * margin;
    int hd = (int)ceil(h * scale);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_A8, dots, hd);
    cairo_t *cr = cairo_create(s);
    cairo_scale(cr, scale, scale);
    set_font_options(cr, true);
    struct rctx c = {.cr = cr,
                     .r = r,
                     .x0 = margin,
                     .width = w,
                     .top = margin,
                     .dot = dot,
                     .base = base_size(paper),
                     .family = yj_config_get("print.font", "Noto Sans CJK SC"),
                     .drawing = true,
                     .qr = q.mod ? &q : NULL};
    run(&c);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    int stride = cairo_image_surface_get_stride(s);
    const unsigned char *px = cairo_image_surface_get_data(s);
    size_t bpr = (size_t)(dots + 7) / 8;
    unsigned char *bits = xcalloc((size_t)hd * bpr, 1);
    for (int y = 0; y < hd; y++)
        for (int x = 0; x < dots; x++)
            if (px[(size_t)y * (size_t)stride + (size_t)x] >= 110)
                bits[(size_t)y * bpr + (size_t)x / 8] |= (unsigned char)(0x80u >> (x % 8));
    cairo_surface_destroy(s);
    yj_qr_free(&q);
    *rows = hd;
    return bits;
}

/* Printable dots across a roll. */
static int
roll_dots(enum yj_paper p)
{
    return p == YJ_PAPER_58MM ? 384 : 576;
}

int
yj_receipt_escpos_raster(const struct yj_receipt *r, enum yj_paper paper, struct yj_buf *out,
                         char *msg, size_t msgsz)
{
    if (!yj_paper_is_roll(paper)) {
        snprintf(msg, msgsz, "%s", _("ESC/POS 只支持 58mm 或 80mm 卷纸"));
        return -1;
    }
    int dots = roll_dots(paper), rows;
    unsigned char *bits = raster(r, paper, dots, &rows, msg, msgsz);
    if (bits == NULL)
        return -1;
    size_t bpr = (size_t)(dots + 7) / 8;
    yj_buf_add(out, YJ_ESCPOS_INIT, 2);
    /* Bands of at most 128 rows: small printers have small buffers. */
    for (int y = 0; y < rows; y += 128) {
        int band = rows - y < 128 ? rows - y : 128;
        char hdr[8] = {0x1d,
                       0x76,
                       0x30,
                       0x00,
                       (char)(bpr & 0xff),
                       (char)(bpr >> 8),
                       (char)(band & 0xff),
                       (char)(band >> 8)};
        yj_buf_add(out, hdr, sizeof hdr);
        yj_buf_add(out, (const char *)bits + (size_t)y * bpr, (size_t)band * bpr);
    }
    free(bits);
    yj_buf_add(out, "\x1b\x64\x04", 3); /* ESC d 4: feed four lines */
    yj_buf_add(out, YJ_ESCPOS_CUT, 4);
    return 0;
}
