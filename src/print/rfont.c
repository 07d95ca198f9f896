/* rfont.c: the receipt's fonts through FreeType (rfont.h). The font files are
 * mapped, not read: a CJK collection is 20 MB, of which a receipt touches the
 * tables it looks things up in and the outlines of a few hundred glyphs. */
#include "print/rfont.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_OUTLINE_H
#include FT_ADVANCES_H

#include "core/i18n.h"
#include "core/paths.h"
#include "core/utf8.h"

#define NFACE 3
#define REPLACEMENT 0x25a1 /* □ */
#define SYNTH 3            /* the regular face emboldened (print.font_bold = synthetic) */

struct gslot {
    uint32_t key; /* cp * 2 + bold, 0 when free */
    struct yj_rglyph g;
};

struct bslot {
    uint64_t key; /* face, gid, size; 0 when free */
    struct yj_rbitmap b;
};

struct yj_rfont {
    FT_Library lib;
    FT_Face face[NFACE]; /* regular, bold, fallback (may be NULL) */
    double em[NFACE];    /* 1000 / units per em */
    char *key;           /* the configuration it was opened with */
    bool substituted;    /* the configured fonts failed: these are the defaults */
    bool synth;          /* no bold face: bold is the regular one emboldened */
    uint32_t repl_gid;   /* □ in the regular face */
    struct gslot *gs;
    size_t gcap, gn;
    struct bslot *bs;
    size_t bcap, bn;
    FT_F26Dot6 cur_size[NFACE]; /* the size set on each face (raster) */
};

/* The FreeType face of face number i (SYNTH is the regular one). */
static FT_Face
ftface(const struct yj_rfont *f, int i)
{
    return f->face[i == SYNTH ? 0 : i];
}

/* Embolden outline o of a SYNTH glyph by str (1/25 em in o's units), its
 * advance unchanged. */
static void
embolden(FT_Outline *o, FT_Pos str)
{
    FT_Outline_Embolden(o, str);
    FT_Outline_Translate(o, -str / 2, 0);
}

/* A warning for the administrator: to the system log (the journal of a
 * kiosk, whose standard error is the screen), and to standard error unless
 * a full-screen mode is drawing there (ui.fullscreen, set by src/ui/term.c). */
static void __attribute__((format(printf, 1, 2))) warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsyslog(LOG_WARNING, fmt, ap);
    va_end(ap);
    const char *fs = yj_config_get("ui.fullscreen", NULL);
    if (fs == NULL || strcmp(fs, "yes") != 0) {
        va_start(ap, fmt);
        fputs("yijian: ", stderr);
        vfprintf(stderr, fmt, ap);
        fputc('\n', stderr);
        va_end(ap);
    }
}

/* FreeType reads the font through pread rather than a mapping: a receipt's
 * glyphs lie all over a 15 MB CFF table, and every page fault on a mapped
 * file maps the 64 KiB around it too, which made 11 MB of the two files
 * resident for one receipt. Read, only what FreeType keeps stays (about 2 MB
 * a face: the cmap, the charset, the subroutines). Its small reads (an
 * advance, a charstring) go through a few cached blocks: a receipt made
 * nearly 3,000 preads without them. */
#define BLK 4096
#define NBLK 16

struct fstream {
    FT_StreamRec rec; /* first: FreeType's handle is a pointer to it */
    int fd;
    unsigned next;           /* the block to replace next */
    unsigned long blk[NBLK]; /* block number + 1, 0 empty */
    unsigned len[NBLK];
    unsigned char data[NBLK][BLK];
};

/* The cached block number b of s (read on a miss), or NULL. */
static const unsigned char *
block(struct fstream *s, unsigned long b, unsigned *len)
{
    for (unsigned i = 0; i < NBLK; i++)
        if (s->blk[i] == b + 1) {
            *len = s->len[i];
            return s->data[i];
        }
    unsigned i = s->next;
    s->next = (s->next + 1) % NBLK;
    ssize_t k = pread(s->fd, s->data[i], BLK, (off_t)(b * BLK));
    if (k <= 0) {
        s->blk[i] = 0;
        return NULL;
    }
    s->blk[i] = b + 1;
    s->len[i] = (unsigned)k;
    *len = (unsigned)k;
    return s->data[i];
}

static unsigned long
stream_read(FT_Stream st, unsigned long off, unsigned char *buf, unsigned long n)
{
    struct fstream *s = (struct fstream *)st;
    if (n == 0)
        return off > st->size ? 1 : 0; /* a seek: 0 is success */
    if (n >= BLK) {
        ssize_t k = pread(s->fd, buf, n, (off_t)off);
        return k < 0 ? 0 : (unsigned long)k;
    }
    unsigned long done = 0;
    while (done < n) {
        unsigned len;
        const unsigned char *d = block(s, (off + done) / BLK, &len);
        unsigned long in = (off + done) % BLK;
        if (d == NULL || in >= len)
            break;
        unsigned long k = len - in < n - done ? len - in : n - done;
        memcpy(buf + done, d + in, k);
        done += k;
    }
    return done;
}

static void
stream_close(FT_Stream st)
{
    struct fstream *s = (struct fstream *)st;
    close(s->fd);
    free(s);
}

/* Open path's face index into *out through stream_read. */
static FT_Error
new_face(FT_Library lib, const char *path, int index, FT_Face *out)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0)
        return FT_Err_Cannot_Open_Resource;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return FT_Err_Cannot_Open_Resource;
    }
    struct fstream *s = xcalloc(1, sizeof *s);
    s->fd = fd;
    s->rec.size = (unsigned long)st.st_size;
    s->rec.read = stream_read;
    s->rec.close = stream_close;
    FT_Open_Args a = {.flags = FT_OPEN_STREAM, .stream = &s->rec};
    /* FT_Open_Face closes the stream itself when it fails */
    return FT_Open_Face(lib, &a, index, out);
}

/* Open file at face index into *out (face 0 when the file has fewer faces).
 * Opening a face of a CJK font costs about two megabytes, so no face is
 * opened just to count them. */
static int
open_face(FT_Library lib, const char *path, int index, FT_Face *out)
{
    *out = NULL;
    if (new_face(lib, path, index, out) != 0 && (index == 0 || new_face(lib, path, 0, out) != 0))
        return -1;
    if ((*out)->units_per_EM == 0 || !FT_IS_SCALABLE(*out)) {
        FT_Done_Face(*out);
        *out = NULL;
        return -1;
    }
    return 0;
}

/* The index of the face of family fam in the collection at path, or -1. */
static int
find_family(FT_Library lib, const char *path, const char *fam)
{
    FT_Face f;
    if (new_face(lib, path, -1, &f) != 0)
        return -1;
    long n = f->num_faces;
    FT_Done_Face(f);
    for (long i = 0; i < n; i++) {
        if (new_face(lib, path, (int)i, &f) != 0)
            continue;
        bool same = f->family_name && strcasecmp(f->family_name, fam) == 0;
        FT_Done_Face(f);
        if (same)
            return (int)i;
    }
    return -1;
}

struct yj_rfont *
yj_rfont_open(const char *regular, const char *bold, int index, const char *fallback, char *msg,
              size_t msgsz)
{
    struct yj_rfont *f = xcalloc(1, sizeof *f);
    if (FT_Init_FreeType(&f->lib) != 0) {
        free(f);
        snprintf(msg, msgsz, "%s", _("字体引擎无法启动，无法生成回执"));
        return NULL;
    }
    const char *reg = regular && *regular ? regular : YJ_RFONT_DEFAULT_REGULAR;
    const char *bld = bold && *bold ? bold : YJ_RFONT_DEFAULT_BOLD;
    if (regular && *regular && strchr(regular, '/') == NULL) {
        /* a family name, as fontconfig was asked for it */
        index = find_family(f->lib, YJ_RFONT_DEFAULT_REGULAR, regular);
        reg = YJ_RFONT_DEFAULT_REGULAR;
        if (bold == NULL || *bold == '\0' ||
            (strchr(bold, '/') == NULL && strcmp(bold, "synthetic") != 0))
            bld = YJ_RFONT_DEFAULT_BOLD;
        if (index < 0) {
            snprintf(msg, msgsz, _("回执字体“%s”没有安装，无法生成回执"), regular);
            yj_rfont_close(f);
            return NULL;
        }
    }
    const char *paths[2] = {reg, bld};
    f->synth = bold && strcmp(bold, "synthetic") == 0;
    for (int i = 0; i < (f->synth ? 1 : 2); i++)
        if (open_face(f->lib, paths[i], index, &f->face[i]) != 0) {
            snprintf(msg, msgsz, _("回执字体“%s”没有安装，无法生成回执"), paths[i]);
            yj_rfont_close(f);
            return NULL;
        }
    if (fallback && *fallback && open_face(f->lib, fallback, 0, &f->face[2]) != 0)
        warn("receipt: the fallback font %s does not open", fallback);
    for (int i = 0; i < NFACE; i++)
        if (f->face[i])
            f->em[i] = 1000.0 / f->face[i]->units_per_EM;
    f->repl_gid = FT_Get_Char_Index(f->face[0], REPLACEMENT);
    f->gcap = 1024;
    f->gs = xcalloc(f->gcap, sizeof f->gs[0]);
    f->bcap = 512;
    f->bs = xcalloc(f->bcap, sizeof f->bs[0]);
    return f;
}

void
yj_rfont_close(struct yj_rfont *f)
{
    if (f == NULL)
        return;
    for (size_t i = 0; i < f->bcap; i++)
        if (f->bs && f->bs[i].key)
            free(f->bs[i].b.px);
    free(f->bs);
    free(f->gs);
    for (int i = 0; i < NFACE; i++)
        if (f->face[i])
            FT_Done_Face(f->face[i]);
    FT_Done_FreeType(f->lib);
    free(f->key);
    free(f);
}

struct yj_rfont *
yj_rfont_get(char *msg, size_t msgsz)
{
    static struct yj_rfont *kept;
    const char *reg = yj_config_get("print.font", NULL);
    const char *bld = yj_config_get("print.font_bold", NULL);
    const char *fb = yj_config_get("print.font_fallback", NULL);
    const char *ix = yj_config_get("print.font_index", NULL);
    int index = ix ? atoi(ix) : YJ_RFONT_DEFAULT_INDEX;
    char *key = xasprintf("%s\n%s\n%s\n%d", reg ? reg : "", bld ? bld : "", fb ? fb : "", index);
    if (kept && strcmp(kept->key, key) == 0) {
        free(key);
        return kept;
    }
    yj_rfont_close(kept);
    kept = yj_rfont_open(reg, bld, index, fb, msg, msgsz);
    if (kept == NULL && ((reg && *reg) || (bld && *bld))) {
        /* A font that is not there must not stop the printing: the default
         * fonts, as fontconfig used to substitute them (doctor says so). */
        warn("receipt: %s; printing with %s", msg, YJ_RFONT_DEFAULT_REGULAR);
        kept = yj_rfont_open(NULL, NULL, YJ_RFONT_DEFAULT_INDEX, fb, msg, msgsz);
        if (kept)
            kept->substituted = true;
    }
    if (kept)
        kept->key = key;
    else
        free(key);
    return kept;
}

bool
yj_rfont_is_configured(const struct yj_rfont *f)
{
    return !f->substituted;
}

double
yj_rfont_ascent(const struct yj_rfont *f)
{
    return (double)f->face[0]->ascender / f->face[0]->units_per_EM;
}

double
yj_rfont_descent(const struct yj_rfont *f)
{
    return -(double)f->face[0]->descender / f->face[0]->units_per_EM;
}

const char *
yj_rfont_family(const struct yj_rfont *f, int face)
{
    return f->face[face] && f->face[face]->family_name ? f->face[face]->family_name : "";
}

/* Advance of gid in face i, in ems (unscaled, unhinted: the same at every size). */
static float
advance(struct yj_rfont *f, int i, uint32_t gid)
{
    FT_Fixed a = 0;
    if (FT_Get_Advance(f->face[i], gid, FT_LOAD_NO_SCALE, &a) != 0)
        return 0.5f;
    return (float)((double)a / f->face[i]->units_per_EM);
}

/* Look cp up in the faces, without the cache. */
static void
lookup(struct yj_rfont *f, bool bold, uint32_t cp, struct yj_rglyph *g)
{
    memset(g, 0, sizeof *g);
    g->cp = cp;
    int order[3] = {bold ? 1 : 0, bold ? 0 : 1, 2};
    if (bold && f->synth)
        order[0] = SYNTH;
    for (int k = 0; k < 3; k++) {
        FT_Face face = ftface(f, order[k]);
        FT_UInt gid = face ? FT_Get_Char_Index(face, cp) : 0;
        if (gid != 0) {
            g->face = (uint8_t)order[k];
            g->gid = gid;
            g->adv = advance(f, order[k] == SYNTH ? 0 : order[k], gid);
            return;
        }
    }
    char u[8] = {0};
    yj_utf8_encode(cp, u);
    warn("receipt: U+%04X %s is in none of the receipt's fonts (print.font, print.font_bold, "
         "print.font_fallback): printed as a white square",
         (unsigned)cp, u);
    g->face = 0;
    g->gid = f->repl_gid;
    g->missing = true;
    g->adv = advance(f, 0, g->gid);
}

void
yj_rfont_glyph(struct yj_rfont *f, bool bold, uint32_t cp, struct yj_rglyph *g)
{
    if (cp == '\n' || cp == '\t')
        cp = ' ';
    uint32_t key = cp * 2 + (bold ? 1u : 0u) + 1; /* never 0 */
    size_t mask = f->gcap - 1, i = (key * 2654435761u) & mask;
    while (f->gs[i].key != 0) {
        if (f->gs[i].key == key) {
            *g = f->gs[i].g;
            return;
        }
        i = (i + 1) & mask;
    }
    lookup(f, bold, cp, g);
    if (f->gn + 1 > f->gcap / 2) {
        /* full enough: start again rather than grow (a receipt uses a few hundred) */
        memset(f->gs, 0, f->gcap * sizeof f->gs[0]);
        f->gn = 0;
        i = (key * 2654435761u) & mask;
    }
    f->gs[i].key = key;
    f->gs[i].g = *g;
    f->gn++;
}

/* ---- PDF glyph procedures ------------------------------------------------ */

void
yj_pdf_num(struct yj_buf *out, double n)
{
    char tmp[32], *p = tmp + sizeof tmp;
    bool neg = n < 0;
    if (neg)
        n = -n;
    if (n > 1e9)
        n = 1e9;
    uint64_t v = (uint64_t)llround(n * 1000);
    unsigned frac = (unsigned)(v % 1000);
    uint64_t whole = v / 1000;
    if (frac != 0) {
        int digits = 3;
        while (frac % 10 == 0) {
            frac /= 10;
            digits--;
        }
        for (int d = 0; d < digits; d++) {
            *--p = (char)('0' + frac % 10);
            frac /= 10;
        }
        *--p = '.';
    }
    do {
        *--p = (char)('0' + whole % 10);
        whole /= 10;
    } while (whole);
    if (neg && v != 0)
        *--p = '-';
    yj_buf_add(out, p, (size_t)(tmp + sizeof tmp - p));
}

struct pathctx {
    struct yj_buf *out;
    double s;    /* font units to the 1000-unit em */
    long cx, cy; /* current point, font units */
};

/* Append the integer v. */
static void
put_int(struct yj_buf *out, long v)
{
    char tmp[24], *p = tmp + sizeof tmp;
    unsigned long u = v < 0 ? (unsigned long)-v : (unsigned long)v;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        *--p = '-';
    yj_buf_add(out, p, (size_t)(tmp + sizeof tmp - p));
}

/* Append the points of v (font units) in the 1000-unit em, then op. */
static void
put_pts(struct pathctx *c, const FT_Vector *const *v, int n, const char *op)
{
    for (int i = 0; i < n; i++) {
        put_int(c->out, lround((double)v[i]->x * c->s));
        yj_buf_addc(c->out, ' ');
        put_int(c->out, lround((double)v[i]->y * c->s));
        yj_buf_addc(c->out, ' ');
    }
    yj_buf_adds(c->out, op);
    c->cx = v[n - 1]->x;
    c->cy = v[n - 1]->y;
}

static int
p_move(const FT_Vector *to, void *u)
{
    const FT_Vector *v[1] = {to};
    put_pts(u, v, 1, "m\n");
    return 0;
}

static int
p_line(const FT_Vector *to, void *u)
{
    const FT_Vector *v[1] = {to};
    put_pts(u, v, 1, "l\n");
    return 0;
}

/* A quadratic Bézier (TrueType fallback fonts) as the cubic it equals. */
static int
p_conic(const FT_Vector *ctl, const FT_Vector *to, void *u)
{
    struct pathctx *c = u;
    FT_Vector c1 = {c->cx + 2 * (ctl->x - c->cx) / 3, c->cy + 2 * (ctl->y - c->cy) / 3};
    FT_Vector c2 = {to->x + 2 * (ctl->x - to->x) / 3, to->y + 2 * (ctl->y - to->y) / 3};
    const FT_Vector *v[3] = {&c1, &c2, to};
    put_pts(c, v, 3, "c\n");
    return 0;
}

static int
p_cubic(const FT_Vector *c1, const FT_Vector *c2, const FT_Vector *to, void *u)
{
    const FT_Vector *v[3] = {c1, c2, to};
    put_pts(u, v, 3, "c\n");
    return 0;
}

void
yj_rfont_glyph_proc(struct yj_rfont *f, const struct yj_rglyph *g, struct yj_buf *out)
{
    FT_Face face = ftface(f, g->face);
    double s = f->em[g->face == SYNTH ? 0 : g->face];
    long wx = lround(g->adv * 1000.0);
    if (FT_Load_Glyph(face, g->gid, FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING | FT_LOAD_NO_BITMAP) !=
            0 ||
        face->glyph->format != FT_GLYPH_FORMAT_OUTLINE || face->glyph->outline.n_contours == 0) {
        put_int(out, wx);
        yj_buf_adds(out, " 0 0 0 0 0 d1\n");
        return;
    }
    FT_Outline *o = &face->glyph->outline;
    if (g->face == SYNTH)
        embolden(o, face->units_per_EM / 25);
    FT_BBox bb;
    FT_Outline_Get_CBox(o, &bb);
    put_int(out, wx);
    yj_buf_adds(out, " 0 ");
    long box[4] = {lround(bb.xMin * s) - 1, lround(bb.yMin * s) - 1, lround(bb.xMax * s) + 1,
                   lround(bb.yMax * s) + 1};
    for (int i = 0; i < 4; i++) {
        put_int(out, box[i]);
        yj_buf_addc(out, ' ');
    }
    yj_buf_adds(out, "d1\n");
    static const FT_Outline_Funcs fn = {p_move, p_line, p_conic, p_cubic, 0, 0};
    struct pathctx c = {.out = out, .s = s};
    FT_Outline_Decompose(o, &fn, &c);
    yj_buf_adds(out, (o->flags & FT_OUTLINE_EVEN_ODD_FILL) ? "f*\n" : "f\n");
}

/* ---- raster -------------------------------------------------------------- */

const struct yj_rbitmap *
yj_rfont_bitmap(struct yj_rfont *f, const struct yj_rglyph *g, double px)
{
    FT_F26Dot6 sz = (FT_F26Dot6)lround(px * 64);
    uint64_t key = ((uint64_t)g->face << 56 | (uint64_t)g->gid << 24 | (uint64_t)sz) + 1;
    if (f->bn + 1 > f->bcap / 2) {
        size_t ncap = f->bcap * 2;
        struct bslot *nb = xcalloc(ncap, sizeof nb[0]);
        for (size_t i = 0; i < f->bcap; i++) {
            if (f->bs[i].key == 0)
                continue;
            size_t j = (size_t)(f->bs[i].key * 0x9e3779b97f4a7c15ull >> 40) & (ncap - 1);
            while (nb[j].key != 0)
                j = (j + 1) & (ncap - 1);
            nb[j] = f->bs[i];
        }
        free(f->bs);
        f->bs = nb;
        f->bcap = ncap;
    }
    size_t mask = f->bcap - 1, i = (size_t)(key * 0x9e3779b97f4a7c15ull >> 40) & mask;
    while (f->bs[i].key != 0) {
        if (f->bs[i].key == key)
            return &f->bs[i].b;
        i = (i + 1) & mask;
    }
    struct yj_rbitmap *b = &f->bs[i].b;
    memset(b, 0, sizeof *b);
    f->bs[i].key = key;
    f->bn++;
    int fi = g->face == SYNTH ? 0 : g->face;
    FT_Face face = f->face[fi];
    if (f->cur_size[fi] != sz) {
        FT_Set_Char_Size(face, 0, sz, 72, 72);
        f->cur_size[fi] = sz;
    }
    if (FT_Load_Glyph(face, g->gid, FT_LOAD_TARGET_LIGHT | FT_LOAD_NO_BITMAP) != 0)
        return b;
    if (g->face == SYNTH)
        embolden(&face->glyph->outline, sz / 25);
    if (FT_Render_Glyph(face->glyph, FT_RENDER_MODE_NORMAL) != 0)
        return b;
    FT_Bitmap *bm = &face->glyph->bitmap;
    b->w = (int)bm->width;
    b->h = (int)bm->rows;
    b->left = face->glyph->bitmap_left;
    b->top = face->glyph->bitmap_top;
    if (b->w > 0 && b->h > 0) {
        b->px = xcalloc((size_t)b->w * (size_t)b->h, 1);
        for (int y = 0; y < b->h; y++) {
            const unsigned char *row = bm->buffer + (long)y * bm->pitch;
            for (int x = 0; x < b->w; x++)
                b->px[(size_t)y * (size_t)b->w + (size_t)x] = row[x] >= 110;
        }
    }
    return b;
}
