/* pdf.c: the receipt's PDF, written by hand (pdf.h). Objects are appended to
 * the output as they are finished; the catalog (1), the page tree (2) and the
 * resources every page shares (3) are numbered first and written last, when
 * the fonts and images they list are known. */
#include "print/pdf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "core/utf8.h"

#define OBJ_CATALOG 1
#define OBJ_PAGES 2
#define OBJ_RES 3

struct yj_pdf {
    struct yj_rfont *font;
    struct yj_buf doc;
    size_t *off; /* byte offset of object i (index = number) */
    size_t noff, offcap;
    int *pages; /* page object numbers */
    size_t npages, pagecap;
    struct yj_buf content; /* the page being drawn */
    bool in_page;
    double pw, ph;
    /* glyphs used, in order of first use: font k holds glyphs [256k, 256k+256) */
    struct yj_rglyph *gl;
    size_t ngl, glcap;
    uint32_t *gh; /* hash: index + 1 into gl, 0 free */
    size_t ghcap;
    int *masks; /* image object numbers */
    size_t nmasks;
    z_stream z;
    bool zok, zfail;
    unsigned char *zbuf;
    size_t zcap;
};

/* Reserve the next object number. */
static int
new_obj(struct yj_pdf *p)
{
    if (p->noff == p->offcap) {
        p->offcap = p->offcap ? p->offcap * 2 : 64;
        p->off = xreallocarray(p->off, p->offcap, sizeof p->off[0]);
    }
    p->off[p->noff] = 0;
    return (int)p->noff++;
}

/* Start writing object num. */
static void
begin_obj(struct yj_pdf *p, int num)
{
    p->off[num] = p->doc.len;
    yj_pdf_num(&p->doc, num);
    yj_buf_adds(&p->doc, " 0 obj\n");
}

/* Append "num 0 R". */
static void
ref(struct yj_buf *b, int num)
{
    yj_pdf_num(b, num);
    yj_buf_adds(b, " 0 R");
}

/* Write object num as a stream of data (with z, deflated when that is
 * shorter), with extra dictionary entries dict. */
static void
stream_obj(struct yj_pdf *p, int num, const char *dict, const char *data, size_t len, bool z)
{
    bool flate = false;
    size_t zlen = 0;
    if (z && len > 64 && p->zok) {
        uLong bound = deflateBound(&p->z, len);
        if (p->zcap < bound) {
            free(p->zbuf);
            p->zcap = bound;
            p->zbuf = xmalloc(bound);
        }
        deflateReset(&p->z);
        p->z.next_in = (Bytef *)(uintptr_t)data;
        p->z.avail_in = (uInt)len;
        p->z.next_out = p->zbuf;
        p->z.avail_out = (uInt)bound;
        if (deflate(&p->z, Z_FINISH) == Z_STREAM_END) {
            zlen = bound - p->z.avail_out;
            flate = zlen < len;
        } else {
            p->zfail = true;
        }
    }
    begin_obj(p, num);
    yj_buf_adds(&p->doc, "<<");
    yj_buf_adds(&p->doc, dict);
    yj_buf_adds(&p->doc, flate ? " /Filter /FlateDecode /Length " : " /Length ");
    yj_pdf_num(&p->doc, (double)(flate ? zlen : len));
    yj_buf_adds(&p->doc, ">>\nstream\n");
    if (flate)
        yj_buf_add(&p->doc, (const char *)p->zbuf, zlen);
    else
        yj_buf_add(&p->doc, data, len);
    yj_buf_adds(&p->doc, "\nendstream\nendobj\n");
}

struct yj_pdf *
yj_pdf_new(struct yj_rfont *font)
{
    struct yj_pdf *p = xcalloc(1, sizeof *p);
    p->font = font;
    /* Streams are small (a glyph's outline, a page, the QR): level 1, a 4 KiB window
     * and a small hash table, which deflateReset clears for every stream. */
    p->zok = deflateInit2(&p->z, 1, Z_DEFLATED, 12, 4, Z_DEFAULT_STRATEGY) == Z_OK;
    p->ghcap = 1024;
    p->gh = xcalloc(p->ghcap, sizeof p->gh[0]);
    /* binary comment: the file is not text */
    yj_buf_adds(&p->doc, "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");
    for (int i = 0; i <= OBJ_RES; i++)
        new_obj(p);
    return p;
}

/* Write the page being drawn. */
static void
end_page(struct yj_pdf *p)
{
    if (!p->in_page)
        return;
    int c = new_obj(p), pg = new_obj(p);
    stream_obj(p, c, "", p->content.data ? p->content.data : "", p->content.len, true);
    begin_obj(p, pg);
    yj_buf_adds(&p->doc, "<< /Type /Page /Parent 2 0 R /Resources 3 0 R /MediaBox [0 0 ");
    yj_pdf_num(&p->doc, p->pw);
    yj_buf_addc(&p->doc, ' ');
    yj_pdf_num(&p->doc, p->ph);
    yj_buf_adds(&p->doc, "] /Contents ");
    ref(&p->doc, c);
    yj_buf_adds(&p->doc, " >>\nendobj\n");
    if (p->npages == p->pagecap) {
        p->pagecap = p->pagecap ? p->pagecap * 2 : 4;
        p->pages = xreallocarray(p->pages, p->pagecap, sizeof p->pages[0]);
    }
    p->pages[p->npages++] = pg;
    yj_buf_reset(&p->content);
    p->in_page = false;
}

void
yj_pdf_page(struct yj_pdf *p, double w, double h)
{
    end_page(p);
    p->pw = w;
    p->ph = h;
    p->in_page = true;
}

/* The index of glyph g in the document's fonts, added on first use. */
static size_t
glyph_index(struct yj_pdf *p, const struct yj_rglyph *g)
{
    uint32_t h = (g->cp * 2654435761u) ^ (g->gid * 40503u) ^ g->face ^ (g->missing ? 0x55u : 0);
    size_t mask = p->ghcap - 1, i = h & mask;
    while (p->gh[i] != 0) {
        const struct yj_rglyph *o = &p->gl[p->gh[i] - 1];
        if (o->cp == g->cp && o->gid == g->gid && o->face == g->face && o->missing == g->missing)
            return p->gh[i] - 1;
        i = (i + 1) & mask;
    }
    if (p->ngl == p->glcap) {
        p->glcap = p->glcap ? p->glcap * 2 : 256;
        p->gl = xreallocarray(p->gl, p->glcap, sizeof p->gl[0]);
    }
    p->gl[p->ngl] = *g;
    p->gh[i] = (uint32_t)++p->ngl;
    if (p->ngl * 2 > p->ghcap) {
        /* rehash into a table twice as large */
        free(p->gh);
        p->ghcap *= 2;
        p->gh = xcalloc(p->ghcap, sizeof p->gh[0]);
        for (size_t k = 0; k < p->ngl; k++) {
            const struct yj_rglyph *o = &p->gl[k];
            uint32_t hh =
                (o->cp * 2654435761u) ^ (o->gid * 40503u) ^ o->face ^ (o->missing ? 0x55u : 0);
            size_t j = hh & (p->ghcap - 1);
            while (p->gh[j] != 0)
                j = (j + 1) & (p->ghcap - 1);
            p->gh[j] = (uint32_t)(k + 1);
        }
    }
    return p->ngl - 1;
}

void
yj_pdf_text(struct yj_pdf *p, double x, double y, double size, const struct yj_rglyph *g, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    struct yj_buf *c = &p->content;
    if (n == 0)
        return;
    yj_buf_adds(c, "BT\n");
    yj_pdf_num(c, x);
    yj_buf_addc(c, ' ');
    yj_pdf_num(c, p->ph - y);
    yj_buf_adds(c, " Td\n");
    size_t font = SIZE_MAX;
    bool open = false;
    for (size_t i = 0; i < n; i++) {
        size_t k = glyph_index(p, &g[i]);
        if (k / 256 != font) {
            if (open)
                yj_buf_adds(c, ">Tj\n");
            font = k / 256;
            yj_buf_adds(c, "/T");
            yj_pdf_num(c, (double)font);
            yj_buf_addc(c, ' ');
            yj_pdf_num(c, size);
            yj_buf_adds(c, " Tf <");
            open = true;
        }
        char b[2] = {hex[(k % 256) >> 4], hex[k % 16]};
        yj_buf_add(c, b, 2);
    }
    yj_buf_adds(c, ">Tj\nET\n");
}

void
yj_pdf_rect(struct yj_pdf *p, double x, double y, double w, double h)
{
    struct yj_buf *c = &p->content;
    yj_pdf_num(c, x);
    yj_buf_addc(c, ' ');
    yj_pdf_num(c, p->ph - y - h);
    yj_buf_addc(c, ' ');
    yj_pdf_num(c, w);
    yj_buf_addc(c, ' ');
    yj_pdf_num(c, h);
    yj_buf_adds(c, " re f\n");
}

void
yj_pdf_mask(struct yj_pdf *p, const unsigned char *mod, int n, double x, double y, double m)
{
    size_t bpr = ((size_t)n + 7) / 8;
    unsigned char *bits = xcalloc(bpr * (size_t)n + 1, 1);
    for (int r = 0; r < n; r++)
        for (int k = 0; k < n; k++)
            if (mod[(size_t)r * (size_t)n + (size_t)k])
                bits[(size_t)r * bpr + (size_t)k / 8] |= (unsigned char)(0x80u >> (k % 8));
    int num = new_obj(p);
    char *dict = xasprintf(" /Type /XObject /Subtype /Image /Width %d /Height %d"
                           " /ImageMask true /BitsPerComponent 1 /Decode [1 0]",
                           n, n);
    stream_obj(p, num, dict, (const char *)bits, bpr * (size_t)n, true);
    free(dict);
    free(bits);
    p->masks = xreallocarray(p->masks, p->nmasks + 1, sizeof p->masks[0]);
    p->masks[p->nmasks++] = num;
    struct yj_buf *c = &p->content;
    yj_buf_adds(c, "q ");
    yj_pdf_num(c, m * n);
    yj_buf_adds(c, " 0 0 ");
    yj_pdf_num(c, m * n);
    yj_buf_addc(c, ' ');
    yj_pdf_num(c, x);
    yj_buf_addc(c, ' ');
    yj_pdf_num(c, p->ph - y - m * n);
    yj_buf_adds(c, " cm /Q");
    yj_pdf_num(c, (double)(p->nmasks - 1));
    yj_buf_adds(c, " Do Q\n");
}

/* Append cp to a hex string as UTF-16BE. */
static void
utf16_hex(struct yj_buf *b, uint32_t cp)
{
    static const char hex[] = "0123456789ABCDEF";
    uint32_t u[2];
    int n = 1;
    if (cp > 0xffff) {
        u[0] = 0xd800 + ((cp - 0x10000) >> 10);
        u[1] = 0xdc00 + ((cp - 0x10000) & 0x3ff);
        n = 2;
    } else {
        u[0] = cp;
    }
    for (int i = 0; i < n; i++) {
        char h[4] = {hex[u[i] >> 12], hex[(u[i] >> 8) & 15], hex[(u[i] >> 4) & 15], hex[u[i] & 15]};
        yj_buf_add(b, h, 4);
    }
}

/* Write Type 3 font k (glyphs [256k, 256k + m)); returns its object number. */
static int
write_font(struct yj_pdf *p, size_t k)
{
    size_t first = k * 256, m = p->ngl - first < 256 ? p->ngl - first : 256;
    int *procs = xcalloc(m, sizeof procs[0]);
    struct yj_buf proc = {0};
    for (size_t i = 0; i < m; i++) {
        yj_buf_reset(&proc);
        yj_rfont_glyph_proc(p->font, &p->gl[first + i], &proc);
        procs[i] = new_obj(p);
        /* not deflated: a receipt has a few hundred glyph procedures of
         * 1-2 KB, and deflating them was a fifth of the PDF's instructions
         * for 80 KB less file */
        stream_obj(p, procs[i], "", proc.data, proc.len, false);
    }
    /* ToUnicode */
    struct yj_buf cm = {0};
    yj_buf_adds(&cm, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                     "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                     "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                     "1 begincodespacerange\n<00> <FF>\nendcodespacerange\n");
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < m; i += 100) {
        size_t e = i + 100 < m ? i + 100 : m;
        yj_pdf_num(&cm, (double)(e - i));
        yj_buf_adds(&cm, " beginbfchar\n");
        for (size_t j = i; j < e; j++) {
            char h[5] = {'<', hex[j >> 4], hex[j & 15], '>', ' '};
            yj_buf_add(&cm, h, 5);
            yj_buf_addc(&cm, '<');
            utf16_hex(&cm, p->gl[first + j].cp);
            yj_buf_adds(&cm, ">\n");
        }
        yj_buf_adds(&cm, "endbfchar\n");
    }
    yj_buf_adds(&cm, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    int tu = new_obj(p);
    stream_obj(p, tu, "", cm.data, cm.len, true);
    yj_buf_free(&cm);
    int num = new_obj(p);
    begin_obj(p, num);
    struct yj_buf *d = &p->doc;
    yj_buf_adds(d, "<< /Type /Font /Subtype /Type3 /FontBBox [0 0 0 0]"
                   " /FontMatrix [0.001 0 0 0.001 0 0] /Resources << >> /FirstChar 0 /LastChar ");
    yj_pdf_num(d, (double)(m - 1));
    yj_buf_adds(d, "\n/Widths [");
    for (size_t i = 0; i < m; i++) {
        yj_pdf_num(d, (double)(long)(p->gl[first + i].adv * 1000.0 + 0.5));
        yj_buf_addc(d, i % 16 == 15 ? '\n' : ' ');
    }
    yj_buf_adds(d, "]\n/Encoding << /Type /Encoding /Differences [0");
    for (size_t i = 0; i < m; i++) {
        yj_buf_adds(d, i % 16 == 0 ? "\n/g" : " /g");
        yj_pdf_num(d, (double)i);
    }
    yj_buf_adds(d, "] >>\n/CharProcs <<");
    for (size_t i = 0; i < m; i++) {
        yj_buf_adds(d, i % 8 == 0 ? "\n/g" : " /g");
        yj_pdf_num(d, (double)i);
        yj_buf_addc(d, ' ');
        ref(d, procs[i]);
    }
    yj_buf_adds(d, " >>\n/ToUnicode ");
    ref(d, tu);
    yj_buf_adds(d, " >>\nendobj\n");
    yj_buf_free(&proc);
    free(procs);
    return num;
}

/* A PDF text string: UTF-16BE with a byte order mark, in hex. */
static void
text_string(struct yj_buf *b, const char *s)
{
    yj_buf_adds(b, "<FEFF");
    size_t len = s ? strlen(s) : 0, off = 0;
    while (off < len) {
        uint32_t cp;
        size_t k = yj_utf8_decode(s + off, len - off, &cp);
        if (k == 0) {
            cp = 0xfffd;
            k = 1;
        }
        utf16_hex(b, cp);
        off += k;
    }
    yj_buf_addc(b, '>');
}

int
yj_pdf_finish(struct yj_pdf *p, const char *title, struct yj_buf *out)
{
    end_page(p);
    size_t nfonts = (p->ngl + 255) / 256;
    int *fonts = xcalloc(nfonts + 1, sizeof fonts[0]);
    for (size_t k = 0; k < nfonts; k++)
        fonts[k] = write_font(p, k);
    struct yj_buf *d = &p->doc;
    begin_obj(p, OBJ_RES);
    yj_buf_adds(d, "<< /ProcSet [/PDF /Text /ImageB] /Font <<");
    for (size_t k = 0; k < nfonts; k++) {
        yj_buf_adds(d, " /T");
        yj_pdf_num(d, (double)k);
        yj_buf_addc(d, ' ');
        ref(d, fonts[k]);
    }
    yj_buf_adds(d, " >> /XObject <<");
    for (size_t k = 0; k < p->nmasks; k++) {
        yj_buf_adds(d, " /Q");
        yj_pdf_num(d, (double)k);
        yj_buf_addc(d, ' ');
        ref(d, p->masks[k]);
    }
    yj_buf_adds(d, " >> >>\nendobj\n");
    begin_obj(p, OBJ_PAGES);
    yj_buf_adds(d, "<< /Type /Pages /Kids [");
    for (size_t i = 0; i < p->npages; i++) {
        ref(d, p->pages[i]);
        yj_buf_addc(d, ' ');
    }
    yj_buf_adds(d, "] /Count ");
    yj_pdf_num(d, (double)p->npages);
    yj_buf_adds(d, " >>\nendobj\n");
    begin_obj(p, OBJ_CATALOG);
    yj_buf_adds(d, "<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
    int info = new_obj(p);
    begin_obj(p, info);
    yj_buf_adds(d, "<< /Title ");
    text_string(d, title);
    yj_buf_adds(d, " /Creator (yijian) /Producer (yijian) >>\nendobj\n");
    size_t xref = d->len;
    yj_buf_adds(d, "xref\n0 ");
    yj_pdf_num(d, (double)p->noff);
    yj_buf_adds(d, "\n0000000000 65535 f \n");
    for (size_t i = 1; i < p->noff; i++) {
        char e[21];
        size_t v = p->off[i];
        for (int j = 9; j >= 0; j--) {
            e[j] = (char)('0' + v % 10);
            v /= 10;
        }
        memcpy(e + 10, " 00000 n \n", 10);
        yj_buf_add(d, e, 20);
    }
    yj_buf_adds(d, "trailer\n<< /Size ");
    yj_pdf_num(d, (double)p->noff);
    yj_buf_adds(d, " /Root 1 0 R /Info ");
    ref(d, info);
    yj_buf_adds(d, " >>\nstartxref\n");
    yj_pdf_num(d, (double)xref);
    yj_buf_adds(d, "\n%%EOF\n");
    int rc = p->zfail ? -1 : 0;
    if (rc == 0 && out->len == 0) {
        /* hand the document over rather than copy it */
        struct yj_buf t = *out;
        *out = *d;
        *d = t;
    } else if (rc == 0) {
        yj_buf_add(out, d->data, d->len);
    }
    free(fonts);
    if (p->zok)
        deflateEnd(&p->z);
    yj_buf_free(&p->doc);
    yj_buf_free(&p->content);
    free(p->zbuf);
    free(p->off);
    free(p->pages);
    free(p->gl);
    free(p->gh);
    free(p->masks);
    free(p);
    return rc;
}
