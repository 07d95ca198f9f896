/* render.c: the receipt drawn as PDF pages (pdf.c) and as the 1-bit raster
 * ESC/POS printers get, with the fonts opened by FreeType (rfont.c) and lines
 * broken by linebreak.c. Layout units are PostScript points, y downwards. */
#include "print/receipt.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/utf8.h"
#include "print/linebreak.h"
#include "print/pdf.h"
#include "print/rfont.h"

#define PT_PER_MM (72.0 / 25.4)
#define ESCPOS_DOTS_PER_MM 8.0 /* 203 dpi */

/* The 1-bit raster: MSB-first rows of bpr bytes. */
struct bitmap {
    unsigned char *bits;
    int w, h;
    size_t bpr;
    double scale; /* dots per point */
};

struct rctx {
    struct yj_rfont *font;
    struct yj_pdf *pdf; /* PDF output, or */
    struct bitmap *bm;  /* raster output */
    const struct yj_receipt *r;
    double x0, width;   /* drawable column */
    double top, bottom; /* page limits (bottom 0: no page breaks) */
    double pw, ph;      /* page size (PDF) */
    double dot;         /* points per device dot (raster), 0 for vector output */
    double base;        /* body font size in points */
    bool drawing;       /* false: only measuring */
    const struct yj_qr *qr;
    /* scratch for one paragraph */
    struct yj_rglyph *g;
    double *adv;
    uint32_t *cp;
    size_t cap;
    struct yj_lb_line *ln;
    size_t lncap;
};

/* A paragraph laid out: lines of c->g. */
struct para {
    size_t nl;
    double size, lineh, asc;
};

enum align { LEFT, CENTER };

/* Lay s out at scale x base, bold or not, in width w (w < 0: one line). */
static struct para
layout(struct rctx *c, const char *s, double scale, bool bold, double w)
{
    struct para p = {.size = c->base * scale};
    p.asc = yj_rfont_ascent(c->font) * p.size;
    p.lineh = p.asc + yj_rfont_descent(c->font) * p.size;
    size_t len = s ? strlen(s) : 0, n = 0;
    if (len + 1 > c->cap) {
        c->cap = len + 1;
        c->g = xreallocarray(c->g, c->cap, sizeof c->g[0]);
        c->adv = xreallocarray(c->adv, c->cap, sizeof c->adv[0]);
        c->cp = xreallocarray(c->cp, c->cap, sizeof c->cp[0]);
    }
    for (size_t off = 0; off < len;) {
        uint32_t cp;
        size_t k = yj_utf8_decode(s + off, len - off, &cp);
        if (k == 0) {
            cp = 0xfffd;
            k = 1;
        }
        off += k;
        yj_rfont_glyph(c->font, bold, cp, &c->g[n]);
        c->cp[n] = cp;
        c->adv[n] = c->g[n].adv * p.size;
        n++;
    }
    double maxw = w < 0 ? 1e9 : w;
    p.nl = yj_linebreak(c->cp, c->adv, n, maxw, c->ln, c->lncap);
    if (p.nl > c->lncap) {
        c->lncap = p.nl * 2;
        c->ln = xreallocarray(c->ln, c->lncap, sizeof c->ln[0]);
        p.nl = yj_linebreak(c->cp, c->adv, n, maxw, c->ln, c->lncap);
    }
    return p;
}

/* Height of a laid-out paragraph (an empty one is one line high). */
static double
pheight(const struct para *p)
{
    return (double)(p->nl ? p->nl : 1) * p->lineh;
}

/* Width of the widest line. */
static double
pwidth(const struct rctx *c, const struct para *p)
{
    double w = 0;
    for (size_t i = 0; i < p->nl; i++)
        w = fmax(w, c->ln[i].width);
    return w;
}

/* Draw glyphs g[0..n) from pen (x, baseline y) on the raster. */
static void
raster_glyphs(struct rctx *c, double x, double y, double size, const struct yj_rglyph *g, size_t n)
{
    struct bitmap *bm = c->bm;
    double px = size * bm->scale, pen = x * bm->scale;
    long by = lround(y * bm->scale);
    for (size_t i = 0; i < n; i++) {
        const struct yj_rbitmap *b = yj_rfont_bitmap(c->font, &g[i], px);
        long gx = lround(pen) + b->left, gy = by - b->top;
        for (int yy = 0; yy < b->h; yy++) {
            long ry = gy + yy;
            if (ry < 0 || ry >= bm->h)
                continue;
            unsigned char *row = bm->bits + (size_t)ry * bm->bpr;
            const unsigned char *src = b->px + (size_t)yy * (size_t)b->w;
            for (int xx = 0; xx < b->w; xx++) {
                long rx = gx + xx;
                if (src[xx] && rx >= 0 && rx < bm->w)
                    row[rx / 8] |= (unsigned char)(0x80u >> (rx % 8));
            }
        }
        pen += g[i].adv * px;
    }
}

/* Fill a rectangle (points) on the raster. */
static void
raster_rect(struct bitmap *bm, double x, double y, double w, double h)
{
    long x0 = lround(x * bm->scale), x1 = lround((x + w) * bm->scale);
    long y0 = lround(y * bm->scale), y1 = lround((y + h) * bm->scale);
    if (y1 == y0)
        y1 = y0 + 1;
    for (long yy = y0 < 0 ? 0 : y0; yy < y1 && yy < bm->h; yy++)
        for (long xx = x0 < 0 ? 0 : x0; xx < x1 && xx < bm->w; xx++)
            bm->bits[(size_t)yy * bm->bpr + (size_t)xx / 8] |= (unsigned char)(0x80u >> (xx % 8));
}

/* Draw paragraph p laid out by layout() at top y, from x across w. */
static void
pshow(struct rctx *c, const struct para *p, double x, double y, double w, enum align al)
{
    if (!c->drawing)
        return;
    for (size_t i = 0; i < p->nl; i++) {
        const struct yj_lb_line *l = &c->ln[i];
        size_t e = l->end;
        while (e > l->start && (c->cp[e - 1] == ' ' || c->cp[e - 1] == '\n'))
            e--;
        double lx = al == CENTER ? x + (w - l->width) / 2 : x;
        double by = y + (double)i * p->lineh + p->asc;
        if (c->pdf)
            yj_pdf_text(c->pdf, lx, by, p->size, c->g + l->start, e - l->start);
        else if (c->bm)
            raster_glyphs(c, lx, by, p->size, c->g + l->start, e - l->start);
    }
}

/* Lay out and draw s; returns its height. */
static double
para(struct rctx *c, const char *s, double scale, bool bold, double x, double y, double w,
     enum align al)
{
    struct para p = layout(c, s, scale, bold, w);
    pshow(c, &p, x, y, w, al);
    return pheight(&p);
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

/* The QR code: in a PDF one stencil image, a pixel per module (where a
 * rectangle per dark module made a 400 KB content stream); on the raster each
 * module a whole number of dots. */
static void
draw_qr(struct rctx *c, double x, double y, double m)
{
    int n = c->qr->width;
    if (c->pdf) {
        yj_pdf_mask(c->pdf, c->qr->mod, n, x, y, m);
        return;
    }
    for (int r = 0; r < n; r++)
        for (int k = 0; k < n; k++)
            if (c->qr->mod[(size_t)r * (size_t)n + (size_t)k])
                raster_rect(c->bm, x + k * m, y + r * m, m, m);
}

/* Draw (or measure) one line of the layout; returns its height. */
static double
block(struct rctx *c, const struct yj_rline *ln, double y)
{
    double h = 0, gap = c->base * 0.35;
    switch (ln->kind) {
    case YJ_RL_TITLE:
        h = para(c, ln->a, 1.35, true, c->x0, y, c->width, CENTER) + gap;
        break;
    case YJ_RL_CENTRE:
        h = para(c, ln->a, 1.2, false, c->x0, y, c->width, CENTER) + gap * 2;
        break;
    case YJ_RL_CASENO: {
        double h1 = para(c, ln->a, 0.95, false, c->x0, y, c->width, CENTER);
        /* The number as large as fits on one line, at most twice the body size. */
        double scale = 2.0;
        struct para p;
        for (;;) {
            p = layout(c, ln->b, scale, true, -1);
            if (pwidth(c, &p) <= c->width || scale <= 1.0)
                break;
            scale -= 0.1;
        }
        p = layout(c, ln->b, scale, true, c->width);
        pshow(c, &p, c->x0, y + h1, c->width, CENTER);
        h = h1 + pheight(&p) + gap;
        break;
    }
    case YJ_RL_HEADING:
        h = gap + para(c, ln->a, 1.05, true, c->x0, y + gap, c->width, LEFT) + gap * 0.5;
        break;
    case YJ_RL_KV: {
        double lw = c->base * 5.2; /* four CJK characters and a colon */
        char *lab = xasprintf("%s：", ln->a);
        double h1 = para(c, lab, 1.0, false, c->x0, y, lw, LEFT);
        free(lab);
        double h2 = para(c, ln->b, 1.0, false, c->x0 + lw, y, c->width - lw, LEFT);
        h = fmax(h1, h2) + gap * 0.3;
        break;
    }
    case YJ_RL_ITEM: {
        double ind = c->base * 1.2;
        double h1 = para(c, ln->a, 1.0, true, c->x0, y, c->width, LEFT);
        double h2 = para(c, ln->b, 0.9, false, c->x0 + ind, y + h1, c->width - ind, LEFT);
        h = h1 + h2 + gap * 0.5;
        break;
    }
    case YJ_RL_BULLET: {
        double ind = c->base * 1.2;
        para(c, "•", 1.0, false, c->x0 + c->base * 0.2, y, ind, LEFT);
        h = para(c, ln->a, 1.0, false, c->x0 + ind, y, c->width - ind, LEFT) + gap * 0.3;
        break;
    }
    case YJ_RL_TEXT:
        h = para(c, ln->a, 1.0, false, c->x0, y, c->width, LEFT) + gap * 0.3;
        break;
    case YJ_RL_RULE: {
        double t = snap(c, 0.6);
        if (c->drawing && c->pdf)
            yj_pdf_rect(c->pdf, c->x0, y + gap, c->width, t);
        else if (c->drawing && c->bm)
            raster_rect(c->bm, c->x0, y + gap, c->width, t);
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
        h = side + para(c, ln->a, 0.85, false, c->x0, y + side, c->width, CENTER) + gap;
        break;
    }
    }
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
                if (c->drawing && c->pdf)
                    yj_pdf_page(c->pdf, c->pw, c->ph);
                y = c->top;
            }
        }
        y += block(c, &c->r->lines[i], y);
    }
    return y;
}

/* Free the scratch of c. */
static void
ctx_free(struct rctx *c)
{
    free(c->g);
    free(c->adv);
    free(c->cp);
    free(c->ln);
}

/* Body font size for a paper. */
static double
base_size(enum yj_paper p)
{
    static const double pt[] = {10.0, 9.0, 9.0, 8.0};
    return pt[p];
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

/* Measure the content height (points) for column width w. */
static double
measure(struct rctx *proto)
{
    struct rctx c = *proto;
    c.pdf = NULL;
    c.bm = NULL;
    c.drawing = false;
    c.top = 0;
    c.bottom = 0;
    double h = run(&c);
    /* the scratch may have grown: hand it back */
    proto->g = c.g;
    proto->adv = c.adv;
    proto->cp = c.cp;
    proto->cap = c.cap;
    proto->ln = c.ln;
    proto->lncap = c.lncap;
    return h;
}

int
yj_receipt_pdf(const struct yj_receipt *r, enum yj_paper paper, struct yj_buf *out,
               double *height_mm, char *msg, size_t msgsz)
{
    struct yj_rfont *font = yj_rfont_get(msg, msgsz);
    if (font == NULL)
        return -1;
    struct yj_qr q;
    if (get_qr(r, &q, msg, msgsz) != 0)
        return -1;
    bool roll = yj_paper_is_roll(paper);
    double pw = yj_paper_width_mm(paper) * PT_PER_MM;
    double margin = (roll ? 4.0 : paper == YJ_PAPER_A5 ? 10.0 : 15.0) * PT_PER_MM;
    struct rctx c = {.font = font,
                     .r = r,
                     .x0 = margin,
                     .width = pw - 2 * margin,
                     .top = margin,
                     .pw = pw,
                     .base = base_size(paper),
                     .drawing = true,
                     .qr = q.mod ? &q : NULL};
    if (roll)
        c.ph = ceil((measure(&c) + 2 * margin) / PT_PER_MM) * PT_PER_MM;
    else
        c.ph = (paper == YJ_PAPER_A4 ? 297.0 : 210.0) * PT_PER_MM;
    c.bottom = roll ? 0 : c.ph - margin;
    c.pdf = yj_pdf_new(font);
    yj_pdf_page(c.pdf, c.pw, c.ph);
    run(&c);
    int rc = yj_pdf_finish(c.pdf, r->title ? r->title : "", out);
    ctx_free(&c);
    yj_qr_free(&q);
    if (rc != 0) {
        snprintf(msg, msgsz, _("生成 PDF 失败：%s"), "zlib");
        return -1;
    }
    if (height_mm)
        *height_mm = c.ph / PT_PER_MM;
    return 0;
}

/* Render to a 1-bit raster, dots wide; rows in *rows, MSB-first packed rows of
 * (dots + 7) / 8 bytes. Returns the malloc'd bitmap or NULL with msg. */
static unsigned char *
raster(const struct yj_receipt *r, enum yj_paper paper, int dots, int *rows, char *msg,
       size_t msgsz)
{
    struct yj_rfont *font = yj_rfont_get(msg, msgsz);
    if (font == NULL)
        return NULL;
    struct yj_qr q;
    if (get_qr(r, &q, msg, msgsz) != 0)
        return NULL;
    double scale = ESCPOS_DOTS_PER_MM / PT_PER_MM; /* dots per point */
    double dot = 1.0 / scale;
    double margin = 1.5 * PT_PER_MM;
    struct rctx c = {.font = font,
                     .r = r,
                     .x0 = margin,
                     .width = dots * dot - 2 * margin,
                     .top = margin,
                     .dot = dot,
                     .base = base_size(paper),
                     .drawing = true,
                     .qr = q.mod ? &q : NULL};
    double h = measure(&c) + 2 * margin;
    struct bitmap bm = {.w = dots, .h = (int)ceil(h * scale), .scale = scale};
    bm.bpr = (size_t)(dots + 7) / 8;
    bm.bits = xcalloc((size_t)bm.h * bm.bpr, 1);
    c.bm = &bm;
    run(&c);
    ctx_free(&c);
    yj_qr_free(&q);
    *rows = bm.h;
    return bm.bits;
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
