/* ui_layout.c: pure layout arithmetic (see ui_layout.h). */
#include "ui/ui_layout.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/utf8.h"

bool
yj_lay_size_ok(int rows, int cols)
{
    return rows >= YJ_UI_MIN_ROWS && cols >= YJ_UI_MIN_COLS;
}

bool
yj_lay_kiosk_size_ok(int rows, int cols)
{
    return rows >= YJ_UI_KIOSK_MIN_ROWS && cols >= YJ_UI_KIOSK_MIN_COLS;
}

/* Decode one character at s (n bytes); invalid bytes count as one column. */
static size_t
step(const char *s, size_t n, uint32_t *cp, int *w)
{
    size_t l = yj_utf8_decode(s, n, cp);
    if (l == 0) {
        *cp = 0xfffd;
        *w = 1;
        return 1;
    }
    *w = yj_cp_width(*cp);
    return l;
}

/* Punctuation that must not begin a line (Chinese line-breaking rules, 禁则). */
static bool
no_line_start(uint32_t cp)
{
    static const uint32_t v[] = {0x3001, 0x3002, 0xff0c, 0xff0e, 0xff1a, 0xff1b, 0xff1f,
                                 0xff01, 0xff09, 0xff3d, 0xff5d, 0x3015, 0x3009, 0x300b,
                                 0x300d, 0x300f, 0x3011, 0x3017, 0x201d, 0x2019, 0x2026,
                                 ',',    '.',    ';',    ':',    '!',    '?',    ')'};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        if (cp == v[i])
            return true;
    return false;
}

size_t
yj_lay_wrap(const char *text, int width, struct yj_line *out, size_t max)
{
    size_t n = strlen(text), i = 0, count = 0;
    if (width < 1)
        width = 1;
    while (i < n || (i == 0 && n == 0)) {
        size_t start = i, brk = 0;
        int cols = 0, brk_cols = 0;
        bool forced = false;
        while (i < n) {
            uint32_t cp;
            int w;
            size_t l = step(text + i, n - i, &cp, &w);
            if (cp == '\n') {
                forced = true;
                break;
            }
            if (cols + w > width)
                break;
            if (cp == ' ') {
                brk = i;
                brk_cols = cols;
            }
            cols += w;
            i += l;
        }
        size_t end = i;
        if (!forced && i < n && brk > start) {
            /* Break Latin text at the last space if the next char is not one. */
            uint32_t cp;
            int w;
            step(text + i, n - i, &cp, &w);
            if (cp < 0x2e80 && cp != ' ') {
                end = brk;
                cols = brk_cols;
                i = brk;
            }
        }
        if (!forced && i < n && end == i && end > start) {
            /* A closing mark may not start the next line: carry the last character
             * of this line over with it. */
            uint32_t cp;
            int w;
            step(text + i, n - i, &cp, &w);
            size_t prev = yj_utf8_prev(text, end);
            if (no_line_start(cp) && prev > start) {
                uint32_t pc;
                int pw, back = 0;
                step(text + prev, n - prev, &pc, &pw);
                back = pw;
                /* A run of closing marks ("），") goes down with the character
                 * before it. */
                while (no_line_start(pc) && prev > start) {
                    size_t pp = yj_utf8_prev(text, prev);
                    if (pp <= start)
                        break;
                    prev = pp;
                    step(text + prev, n - prev, &pc, &pw);
                    back += pw;
                }
                if (pc != ' ' && !no_line_start(pc)) {
                    end = i = prev;
                    cols -= back;
                }
            }
        }
        if (end == start && !forced && i < n) {
            /* A character wider than the line: take it anyway. */
            uint32_t cp;
            int w;
            i += step(text + i, n - i, &cp, &w);
            end = i;
            cols = w;
        }
        if (count < max) {
            out[count].off = start;
            out[count].len = end - start;
            out[count].cols = cols;
        }
        count++;
        if (forced)
            i++;
        while (!forced && i < n && text[i] == ' ')
            i++;
        if (n == 0)
            break;
    }
    return count;
}

void
yj_lay_scroll(const int *h, size_t n, size_t focus, int avail, int *top, int *y)
{
    int pos = 0, fy = 0, fh = 0, total = 0;
    for (size_t i = 0; i < n; i++) {
        if (i == focus) {
            fy = pos;
            fh = h[i];
        }
        pos += h[i];
    }
    total = pos;
    if (*top > fy)
        *top = fy;
    if (fy + fh > *top + avail)
        *top = fy + fh - avail;
    if (fh > avail)
        *top = fy;
    if (*top > total - avail)
        *top = total - avail > 0 ? total - avail : 0;
    if (*top > fy)
        *top = fy;
    if (*top < 0)
        *top = 0;
    pos = 0;
    for (size_t i = 0; i < n; i++) {
        y[i] = pos - *top;
        pos += h[i];
    }
}

/* 3x5 glyphs: five rows of three bits (MSB left). */
struct glyph {
    char c;
    unsigned char row[5];
};

static const struct glyph font[] = {
    {'0', {7, 5, 5, 5, 7}}, {'1', {2, 6, 2, 2, 7}}, {'2', {7, 1, 7, 4, 7}}, {'3', {7, 1, 7, 1, 7}},
    {'4', {5, 5, 7, 1, 1}}, {'5', {7, 4, 7, 1, 7}}, {'6', {7, 4, 7, 5, 7}}, {'7', {7, 1, 1, 1, 1}},
    {'8', {7, 5, 7, 5, 7}}, {'9', {7, 5, 7, 1, 7}}, {'-', {0, 0, 7, 0, 0}}, {' ', {0, 0, 0, 0, 0}},
    {'A', {2, 5, 7, 5, 5}}, {'B', {6, 5, 6, 5, 6}}, {'C', {7, 4, 4, 4, 7}}, {'D', {6, 5, 5, 5, 6}},
    {'E', {7, 4, 6, 4, 7}}, {'F', {7, 4, 6, 4, 4}}, {'G', {7, 4, 5, 5, 7}}, {'H', {5, 5, 7, 5, 5}},
    {'I', {7, 2, 2, 2, 7}}, {'J', {1, 1, 1, 5, 7}}, {'K', {5, 5, 6, 5, 5}}, {'L', {4, 4, 4, 4, 7}},
    {'M', {5, 7, 7, 5, 5}}, {'N', {6, 5, 5, 5, 5}}, {'O', {7, 5, 5, 5, 7}}, {'P', {7, 5, 7, 4, 4}},
    {'Q', {7, 5, 5, 7, 1}}, {'R', {7, 5, 6, 5, 5}}, {'S', {7, 4, 7, 1, 7}}, {'T', {7, 2, 2, 2, 2}},
    {'U', {5, 5, 5, 5, 7}}, {'V', {5, 5, 5, 5, 2}}, {'W', {5, 5, 7, 7, 5}}, {'X', {5, 5, 2, 5, 5}},
    {'Y', {5, 5, 2, 2, 2}}, {'Z', {7, 1, 2, 4, 7}},
};

/* Half-block character for a top/bottom pixel pair. */
static const char *
half(int top, int bottom)
{
    if (top && bottom)
        return "\xe2\x96\x88"; /* █ */
    if (top)
        return "\xe2\x96\x80"; /* ▀ */
    if (bottom)
        return "\xe2\x96\x84"; /* ▄ */
    return " ";
}

static const struct glyph *
find_glyph(char c)
{
    if (c >= 'a' && c <= 'z')
        c = (char)(c - 'a' + 'A');
    for (size_t i = 0; i < sizeof font / sizeof font[0]; i++)
        if (font[i].c == c)
            return &font[i];
    return NULL;
}

/* Append s to a row buffer if it fits. */
static void
append(char *row, size_t rowsz, const char *s)
{
    size_t l = strlen(row), m = strlen(s);
    if (l + m < rowsz)
        memcpy(row + l, s, m + 1);
}

int
yj_lay_bigtext(const char *s, char rows[3][512], size_t rowsz)
{
    int cols = 0;
    for (int r = 0; r < 3; r++)
        rows[r][0] = '\0';
    for (size_t k = 0; s[k]; k++) {
        const struct glyph *g = find_glyph(s[k]);
        if (g == NULL)
            return -1;
        for (int r = 0; r < 3; r++) {
            int top = 2 * r, bot = 2 * r + 1;
            for (int x = 0; x < 3; x++) {
                int bit = 4 >> x;
                int t = top < 5 && (g->row[top] & bit);
                int b = bot < 5 && (g->row[bot] & bit);
                append(rows[r], rowsz, half(t, b));
            }
            if (s[k + 1])
                append(rows[r], rowsz, " ");
        }
        cols += s[k + 1] ? 4 : 3;
    }
    return cols;
}

int
yj_lay_qr(const unsigned char *m, int width, int quiet, void (*emit)(const char *, void *),
          void *ctx)
{
    int full = width + 2 * quiet, nrows = (full + 1) / 2;
    char line[4096];
    for (int r = 0; r < nrows; r++) {
        size_t o = 0;
        for (int x = 0; x < full; x++) {
            int yt = 2 * r - quiet, yb = 2 * r + 1 - quiet, xm = x - quiet;
            int t = yt >= 0 && yt < width && xm >= 0 && xm < width && (m[yt * width + xm] & 1);
            int b = yb >= 0 && yb < width && xm >= 0 && xm < width && (m[yb * width + xm] & 1);
            const char *h = half(t, b);
            size_t l = strlen(h);
            if (o + l + 1 >= sizeof line)
                break;
            memcpy(line + o, h, l);
            o += l;
        }
        line[o] = '\0';
        emit(line, ctx);
    }
    return nrows;
}

/* Does the code fit with its caption from row qy down to row last? */
static bool
done_try(int rows, int cols, int m, int quiet, int qy, int button_end, struct yj_done_lay *l)
{
    l->quiet = quiet;
    l->qcols = m + 2 * quiet;
    l->qrows = (l->qcols + 1) / 2;
    l->qx = cols - l->qcols - 2;
    l->qy = qy;
    l->narrow = l->qx - 4;
    /* The caption may share the buttons' row when they end well before it. */
    int last = button_end + 2 <= l->qx ? rows - 3 : rows - 4;
    if (l->narrow < 24 || qy + l->qrows > last)
        return false;
    l->cap_y = qy + l->qrows;
    l->below = l->cap_y + 1;
    l->qr = true;
    return true;
}

void
yj_lay_done(int rows, int cols, int qr_modules, int block_cols, int band_cols, int button_end,
            struct yj_done_lay *l)
{
    memset(l, 0, sizeof *l);
    l->wide = cols - 4;
    l->narrow = l->wide;
    int m = qr_modules;
    /* The largest number style that fits w columns (from column 3 / 2). */
#define STYLE(w)                                                                                   \
    (block_cols > 0 && block_cols <= (w)-1 ? YJ_NUM_BLOCK                                          \
     : band_cols <= (w)                    ? YJ_NUM_BAND                                           \
                                           : YJ_NUM_PLAIN)
    if (m > 0) {
        for (int q = 2; q >= 1; q--)
            if (done_try(rows, cols, m, q, 2, button_end, l) && STYLE(l->narrow) != YJ_NUM_PLAIN) {
                l->num = STYLE(l->narrow);
                return;
            }
        if (STYLE(l->wide) != YJ_NUM_PLAIN)
            for (int q = 2; q >= 1; q--)
                if (done_try(rows, cols, m, q, 7, button_end, l)) {
                    l->num = STYLE(l->wide);
                    return;
                }
        for (int q = 2; q >= 1; q--)
            if (done_try(rows, cols, m, q, 2, button_end, l)) {
                l->num = YJ_NUM_PLAIN;
                return;
            }
    }
#undef STYLE
    memset(l, 0, sizeof *l);
    l->wide = l->narrow = cols - 4;
    l->num = block_cols > 0 && block_cols <= l->wide - 1 ? YJ_NUM_BLOCK
             : band_cols <= l->wide                      ? YJ_NUM_BAND
                                                         : YJ_NUM_PLAIN;
}

/* Does label start with q (ASCII case folded)? */
static bool
starts_with(const char *label, const char *q)
{
    for (; *q; q++, label++) {
        unsigned char a = (unsigned char)*label, b = (unsigned char)*q;
        if (a >= 'A' && a <= 'Z')
            a = (unsigned char)(a - 'A' + 'a');
        if (b >= 'A' && b <= 'Z')
            b = (unsigned char)(b - 'A' + 'a');
        if (a == '\0' || a != b)
            return false;
    }
    return true;
}

int
yj_lay_find(char *const *labels, size_t n, const char *q)
{
    if (q == NULL || q[0] == '\0')
        return -1;
    for (size_t i = 0; i < n; i++)
        if (starts_with(labels[i], q))
            return (int)i;
    for (size_t i = 0; i < n; i++)
        for (const char *p = labels[i]; *p; p++)
            if (((unsigned char)*p & 0xc0) != 0x80 && starts_with(p, q))
                return (int)i;
    return -1;
}

int
yj_idle_warn_secs(long timeout)
{
    long w = timeout / 2;
    if (w > 30)
        w = 30;
    if (w < 1)
        w = 1;
    return (int)w;
}

enum yj_idle
yj_idle_state(long timeout, long idle_for, long *remaining)
{
    long left = timeout - idle_for;
    if (remaining)
        *remaining = left > 0 ? left : 0;
    if (timeout <= 0)
        return YJ_IDLE_ACTIVE;
    if (left <= 0)
        return YJ_IDLE_EXPIRED;
    if (left <= yj_idle_warn_secs(timeout))
        return YJ_IDLE_WARN;
    return YJ_IDLE_ACTIVE;
}

bool
yj_seq_feed(char *buf, size_t bufsz, const char *seq, unsigned int cp)
{
    if (seq == NULL || seq[0] == '\0' || bufsz < 8)
        return false;
    char enc[4];
    size_t l = cp < 0x110000 ? yj_utf8_encode(cp, enc) : 0, have = strlen(buf);
    if (l == 0)
        return false;
    if (have + l >= bufsz) {
        /* Drop whole characters from the front until it fits. */
        size_t drop = 0;
        while (have - drop + l >= bufsz)
            drop = yj_utf8_next(buf, drop);
        memmove(buf, buf + drop, have - drop + 1);
        have -= drop;
    }
    memcpy(buf + have, enc, l);
    buf[have + l] = '\0';
    size_t sl = strlen(seq);
    have += l;
    return have >= sl && memcmp(buf + have - sl, seq, sl) == 0;
}

void
yj_lay_date_norm(const char *in, char *out, size_t outsz)
{
    int part[3] = {0, 0, 0}, digits[3] = {0, 0, 0}, np = 0;
    const char *p = in;
    bool ok = true;
    size_t nd = 0;
    /* Plain 8 digits: YYYYMMDD. */
    for (const char *q = in; *q; q++)
        nd += (*q >= '0' && *q <= '9');
    if (nd == 8 && strlen(in) == 8) {
        snprintf(out, outsz, "%.4s-%.2s-%.2s", in, in + 4, in + 6);
        return;
    }
    while (*p && ok) {
        if (*p >= '0' && *p <= '9') {
            if (np >= 3) {
                ok = false;
                break;
            }
            while (*p >= '0' && *p <= '9') {
                part[np] = part[np] * 10 + (*p - '0');
                if (++digits[np] > 4)
                    ok = false;
                p++;
            }
            np++;
        } else if (*p == '-' || *p == '.' || *p == '/' || *p == ' ') {
            p++;
        } else if (strncmp(p, "年", 3) == 0 || strncmp(p, "月", 3) == 0 ||
                   strncmp(p, "日", 3) == 0) {
            p += 3;
        } else {
            ok = false;
        }
    }
    if (ok && np == 3 && digits[0] == 4 && digits[1] <= 2 && digits[2] <= 2 && digits[1] > 0 &&
        digits[2] > 0)
        snprintf(out, outsz, "%04d-%02d-%02d", part[0], part[1], part[2]);
    else
        snprintf(out, outsz, "%s", in);
}

void
yj_lay_fullwidth(const char *in, char *out, size_t outsz)
{
    size_t o = 0;
    if (outsz == 0)
        return;
    for (; *in; in++) {
        unsigned char c = (unsigned char)*in;
        char enc[4];
        size_t l = 1;
        enc[0] = (char)c;
        if (c >= 0x21 && c <= 0x7e)
            l = yj_utf8_encode(0xff01 + (uint32_t)(c - 0x21), enc);
        if (o + l + 1 > outsz)
            break;
        memcpy(out + o, enc, l);
        o += l;
    }
    out[o] = '\0';
}
