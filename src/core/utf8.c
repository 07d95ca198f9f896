/* utf8.c: UTF-8 decoding and display widths. */
#include "core/utf8.h"

#include <string.h>
#include <wchar.h>

#include "core/glyph.h"

size_t
yj_utf8_decode(const char *s, size_t n, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    if (n == 0)
        return 0;
    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    }
    size_t len;
    uint32_t c, min;
    if ((u[0] & 0xe0) == 0xc0) {
        len = 2;
        c = u[0] & 0x1f;
        min = 0x80;
    } else if ((u[0] & 0xf0) == 0xe0) {
        len = 3;
        c = u[0] & 0x0f;
        min = 0x800;
    } else if ((u[0] & 0xf8) == 0xf0) {
        len = 4;
        c = u[0] & 0x07;
        min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((u[i] & 0xc0) != 0x80)
            return 0;
        c = (c << 6) | (u[i] & 0x3f);
    }
    if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
        return 0;
    *cp = c;
    return len;
}

size_t
yj_utf8_encode(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xc0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xe0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
        o[2] = (unsigned char)(0x80 | (cp & 0x3f));
        return 3;
    }
    o[0] = (unsigned char)(0xf0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
    o[3] = (unsigned char)(0x80 | (cp & 0x3f));
    return 4;
}

static bool
is_control(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
}

bool
yj_utf8_check(const char *s, size_t n, bool allow_newline)
{
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        size_t l = yj_utf8_decode(s + i, n - i, &cp);
        if (l == 0)
            return false;
        if (is_control(cp) && !(allow_newline && cp == '\n'))
            return false;
        /* Bidi overrides and isolates would reorder what the clerk reads. */
        if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
            return false;
        i += l;
    }
    return true;
}

size_t
yj_utf8_len(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xc0) != 0x80)
            n++;
    return n;
}

/* East Asian Wide and Fullwidth ranges (Unicode 15 EastAsianWidth.txt, merged):
 * the fallback when the C library cannot say (a non-UTF-8 locale). */
static const uint32_t wide[][2] = {
    {0x1100, 0x115f},   {0x231a, 0x231b},   {0x2329, 0x232a},   {0x23e9, 0x23ec},
    {0x2e80, 0x303e},   {0x3041, 0x33ff},   {0x3400, 0x4dbf},   {0x4e00, 0x9fff},
    {0xa000, 0xa4cf},   {0xa960, 0xa97f},   {0xac00, 0xd7a3},   {0xf900, 0xfaff},
    {0xfe10, 0xfe19},   {0xfe30, 0xfe6f},   {0xff00, 0xff60},   {0xffe0, 0xffe6},
    {0x16fe0, 0x16fe4}, {0x17000, 0x18cd5}, {0x1b000, 0x1b2fb}, {0x1f300, 0x1f64f},
    {0x1f680, 0x1f6ff}, {0x1f900, 0x1f9ff}, {0x20000, 0x2fffd}, {0x30000, 0x3fffd},
};

static int
table_width(uint32_t cp)
{
    if (cp == 0)
        return 0;
    if ((cp >= 0x300 && cp <= 0x36f) || (cp >= 0x200b && cp <= 0x200f) ||
        (cp >= 0xfe00 && cp <= 0xfe0f))
        return 0;
    for (size_t i = 0; i < sizeof wide / sizeof wide[0]; i++)
        if (cp >= wide[i][0] && cp <= wide[i][1])
            return 2;
    return 1;
}

int
yj_cp_width(uint32_t cp)
{
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
        return 1;
    if (cp < 0x7f)
        return 1;
    /* An ambiguous character where the terminal does not draw it one column
     * wide is drawn as its replacement (core/glyph.h): count that. */
    const char *r = yj_ambi_subst(cp);
    if (r != NULL)
        return yj_str_width(r);
    int w = wcwidth((wchar_t)cp);
    if (w < 0)
        w = table_width(cp);
    return w > 2 ? 2 : w;
}

int
yj_str_width(const char *s)
{
    int w = 0;
    size_t n = strlen(s), i = 0;
    while (i < n) {
        uint32_t cp;
        size_t l = yj_utf8_decode(s + i, n - i, &cp);
        if (l == 0) {
            w += 1; /* shown as U+FFFD */
            i++;
            continue;
        }
        w += yj_cp_width(cp);
        i += l;
    }
    return w;
}

size_t
yj_str_fit(const char *s, int max_cols, int *cols_out)
{
    int w = 0;
    size_t n = strlen(s), i = 0;
    while (i < n) {
        uint32_t cp;
        size_t l = yj_utf8_decode(s + i, n - i, &cp);
        int cw = l ? yj_cp_width(cp) : 1;
        if (l == 0)
            l = 1;
        if (w + cw > max_cols)
            break;
        w += cw;
        i += l;
    }
    if (cols_out)
        *cols_out = w;
    return i;
}

char *
yj_str_pad(const char *s, int cols, bool ellipsis, char *out, size_t outsz)
{
    if (outsz == 0)
        return out;
    if (cols < 0)
        cols = 0;
    int used;
    size_t take = yj_str_fit(s, cols, &used);
    bool cut = s[take] != '\0';
    int ew = yj_cp_width(0x2026); /* "…", or "..." where it is replaced */
    if (cut && ellipsis && cols < ew)
        ellipsis = false;
    if (cut && ellipsis)
        take = yj_str_fit(s, cols - ew, &used);
    if (take >= outsz)
        take = outsz - 1;
    memcpy(out, s, take);
    size_t o = take;
    if (cut && ellipsis && o + 3 < outsz) {
        memcpy(out + o, "\xe2\x80\xa6", 3); /* U+2026 */
        o += 3;
        used += ew;
    }
    while (used < cols && o + 1 < outsz) {
        out[o++] = ' ';
        used++;
    }
    out[o] = '\0';
    return out;
}

size_t
yj_utf8_prev(const char *s, size_t off)
{
    if (off == 0)
        return 0;
    off--;
    while (off > 0 && ((unsigned char)s[off] & 0xc0) == 0x80)
        off--;
    return off;
}

size_t
yj_utf8_next(const char *s, size_t off)
{
    if (s[off] == '\0')
        return off;
    off++;
    while (s[off] != '\0' && ((unsigned char)s[off] & 0xc0) == 0x80)
        off++;
    return off;
}
