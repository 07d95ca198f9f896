/* glyph.c: glyph sets for East Asian ambiguous-width characters (glyph.h). */
#include "core/glyph.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/utf8.h"

static enum yj_ambi cur = YJ_AMBI_NARROW;

void
yj_ambi_set(enum yj_ambi a)
{
    cur = a;
}

enum yj_ambi
yj_ambi_get(void)
{
    return cur;
}

int
yj_ambi_parse(const char *s)
{
    if (s == NULL || s[0] == '\0' || strcmp(s, "auto") == 0)
        return -1;
    if (strcmp(s, "1") == 0 || strcmp(s, "single") == 0)
        return YJ_AMBI_NARROW;
    if (strcmp(s, "2") == 0 || strcmp(s, "double") == 0)
        return YJ_AMBI_WIDE;
    if (strcmp(s, "ascii") == 0)
        return YJ_AMBI_ASCII;
    return -2;
}

const char *
yj_ambi_name(enum yj_ambi a)
{
    return a == YJ_AMBI_NARROW ? "1" : a == YJ_AMBI_WIDE ? "2" : "ascii";
}

enum yj_ambi
yj_ambi_from_report(const char *buf, size_t n, int start_col)
{
    /* The last complete ESC [ digits ; digits R in buf. */
    int col = -1;
    for (size_t i = 0; i + 1 < n; i++) {
        if (buf[i] != '\x1b' || buf[i + 1] != '[')
            continue;
        size_t k = i + 2;
        int row = 0, c = 0, nr = 0, nc = 0;
        while (k < n && buf[k] >= '0' && buf[k] <= '9' && nr < 5)
            row = row * 10 + (buf[k++] - '0'), nr++;
        if (k >= n || buf[k] != ';' || nr == 0)
            continue;
        k++;
        while (k < n && buf[k] >= '0' && buf[k] <= '9' && nc < 5)
            c = c * 10 + (buf[k++] - '0'), nc++;
        if (k < n && buf[k] == 'R' && nc > 0)
            col = c;
    }
    if (col == start_col + 1)
        return YJ_AMBI_NARROW;
    if (col == start_col + 2)
        return YJ_AMBI_WIDE;
    return YJ_AMBI_ASCII;
}

/* East Asian Width "A" ranges (Unicode 14 EastAsianWidth.txt, merged; marks,
 * format and private-use characters left out). */
static const uint32_t ambiguous[][2] = {
    {0xa1, 0xa1},       {0xa4, 0xa4},       {0xa7, 0xa8},       {0xaa, 0xaa},
    {0xae, 0xae},       {0xb0, 0xb4},       {0xb6, 0xba},       {0xbc, 0xbf},
    {0xc6, 0xc6},       {0xd0, 0xd0},       {0xd7, 0xd8},       {0xde, 0xe1},
    {0xe6, 0xe6},       {0xe8, 0xea},       {0xec, 0xed},       {0xf0, 0xf0},
    {0xf2, 0xf3},       {0xf7, 0xfa},       {0xfc, 0xfc},       {0xfe, 0xfe},
    {0x101, 0x101},     {0x111, 0x111},     {0x113, 0x113},     {0x11b, 0x11b},
    {0x126, 0x127},     {0x12b, 0x12b},     {0x131, 0x133},     {0x138, 0x138},
    {0x13f, 0x142},     {0x144, 0x144},     {0x148, 0x14b},     {0x14d, 0x14d},
    {0x152, 0x153},     {0x166, 0x167},     {0x16b, 0x16b},     {0x1ce, 0x1ce},
    {0x1d0, 0x1d0},     {0x1d2, 0x1d2},     {0x1d4, 0x1d4},     {0x1d6, 0x1d6},
    {0x1d8, 0x1d8},     {0x1da, 0x1da},     {0x1dc, 0x1dc},     {0x251, 0x251},
    {0x261, 0x261},     {0x2c4, 0x2c4},     {0x2c7, 0x2c7},     {0x2c9, 0x2cb},
    {0x2cd, 0x2cd},     {0x2d0, 0x2d0},     {0x2d8, 0x2db},     {0x2dd, 0x2dd},
    {0x2df, 0x2df},     {0x391, 0x3a1},     {0x3a3, 0x3a9},     {0x3b1, 0x3c1},
    {0x3c3, 0x3c9},     {0x401, 0x401},     {0x410, 0x44f},     {0x451, 0x451},
    {0x2010, 0x2010},   {0x2013, 0x2016},   {0x2018, 0x2019},   {0x201c, 0x201d},
    {0x2020, 0x2022},   {0x2024, 0x2027},   {0x2030, 0x2030},   {0x2032, 0x2033},
    {0x2035, 0x2035},   {0x203b, 0x203b},   {0x203e, 0x203e},   {0x2074, 0x2074},
    {0x207f, 0x207f},   {0x2081, 0x2084},   {0x20ac, 0x20ac},   {0x2103, 0x2103},
    {0x2105, 0x2105},   {0x2109, 0x2109},   {0x2113, 0x2113},   {0x2116, 0x2116},
    {0x2121, 0x2122},   {0x2126, 0x2126},   {0x212b, 0x212b},   {0x2153, 0x2154},
    {0x215b, 0x215e},   {0x2160, 0x216b},   {0x2170, 0x2179},   {0x2189, 0x2189},
    {0x2190, 0x2199},   {0x21b8, 0x21b9},   {0x21d2, 0x21d2},   {0x21d4, 0x21d4},
    {0x21e7, 0x21e7},   {0x2200, 0x2200},   {0x2202, 0x2203},   {0x2207, 0x2208},
    {0x220b, 0x220b},   {0x220f, 0x220f},   {0x2211, 0x2211},   {0x2215, 0x2215},
    {0x221a, 0x221a},   {0x221d, 0x2220},   {0x2223, 0x2223},   {0x2225, 0x2225},
    {0x2227, 0x222c},   {0x222e, 0x222e},   {0x2234, 0x2237},   {0x223c, 0x223d},
    {0x2248, 0x2248},   {0x224c, 0x224c},   {0x2252, 0x2252},   {0x2260, 0x2261},
    {0x2264, 0x2267},   {0x226a, 0x226b},   {0x226e, 0x226f},   {0x2282, 0x2283},
    {0x2286, 0x2287},   {0x2295, 0x2295},   {0x2299, 0x2299},   {0x22a5, 0x22a5},
    {0x22bf, 0x22bf},   {0x2312, 0x2312},   {0x2460, 0x24e9},   {0x24eb, 0x254b},
    {0x2550, 0x2573},   {0x2580, 0x258f},   {0x2592, 0x2595},   {0x25a0, 0x25a1},
    {0x25a3, 0x25a9},   {0x25b2, 0x25b3},   {0x25b6, 0x25b7},   {0x25bc, 0x25bd},
    {0x25c0, 0x25c1},   {0x25c6, 0x25c8},   {0x25cb, 0x25cb},   {0x25ce, 0x25d1},
    {0x25e2, 0x25e5},   {0x25ef, 0x25ef},   {0x2605, 0x2606},   {0x2609, 0x2609},
    {0x260e, 0x260f},   {0x261c, 0x261c},   {0x261e, 0x261e},   {0x2640, 0x2640},
    {0x2642, 0x2642},   {0x2660, 0x2661},   {0x2663, 0x2665},   {0x2667, 0x266a},
    {0x266c, 0x266d},   {0x266f, 0x266f},   {0x269e, 0x269f},   {0x26bf, 0x26bf},
    {0x26c6, 0x26cd},   {0x26cf, 0x26d3},   {0x26d5, 0x26e1},   {0x26e3, 0x26e3},
    {0x26e8, 0x26e9},   {0x26eb, 0x26f1},   {0x26f4, 0x26f4},   {0x26f6, 0x26f9},
    {0x26fb, 0x26fc},   {0x26fe, 0x26ff},   {0x273d, 0x273d},   {0x2776, 0x277f},
    {0x2b56, 0x2b59},   {0x3248, 0x324f},   {0xfffd, 0xfffd},   {0x1f100, 0x1f10a},
    {0x1f110, 0x1f12d}, {0x1f130, 0x1f169}, {0x1f170, 0x1f18d}, {0x1f18f, 0x1f190},
    {0x1f19b, 0x1f1ac}};

bool
yj_cp_ambiguous(uint32_t cp)
{
    if (cp < 0xa1)
        return false;
    size_t lo = 0, hi = sizeof ambiguous / sizeof ambiguous[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cp < ambiguous[mid][0])
            hi = mid;
        else if (cp > ambiguous[mid][1])
            lo = mid + 1;
        else
            return true;
    }
    return false;
}

/* What an ambiguous character becomes where its width is not one column:
 * wide is for a terminal that draws it two columns wide (a CJK alternative of
 * two columns, or ASCII), ascii where the width is unknown. Sorted by cp. */
struct subst {
    uint32_t cp;
    const char *ascii, *wide;
};

static const struct subst subst[] = {
    {0xa7, "S", "S"},
    {0xb0, "o", "o"},
    {0xb1, "+-", "+-"},
    {0xb7, ".", "\xe3\x83\xbb"}, /* ・ */
    {0xd7, "x", "x"},
    {0xf7, "/", "/"},
    {0x2010, "-", "-"},
    {0x2013, "-", "-"},
    {0x2014, "-", "\xef\xbc\x8d"}, /* － */
    {0x2015, "-", "\xef\xbc\x8d"},
    {0x2016, "||", "||"},
    {0x2018, "'", "'"},
    {0x2019, "'", "'"},
    {0x201c, "\"", "\xe3\x80\x8c"}, /* 「 */
    {0x201d, "\"", "\xe3\x80\x8d"}, /* 」 */
    {0x2020, "+", "+"},
    {0x2021, "+", "+"},
    {0x2022, "*", "\xe3\x83\xbb"},
    {0x2024, ".", "."},
    {0x2025, "..", ".."},
    {0x2026, "...", "..."},
    {0x2027, ".", "\xe3\x83\xbb"},
    {0x2030, "%o", "%o"},
    {0x2032, "'", "'"},
    {0x2033, "\"", "\""},
    {0x203b, "*", "\xef\xbc\x8a"}, /* ＊ */
    {0x2103, "C", "C"},
    {0x2116, "No.", "No."},
    {0x2121, "TEL", "TEL"},
    {0x2190, "<", "<"},
    {0x2191, "^", "^"},
    {0x2192, ">", ">"},
    {0x2193, "v", "v"},
    {0x2194, "<>", "<>"},
    {0x2195, "^v", "^v"},
    {0x2500, "-", "-"},
    {0x2501, "-", "-"},
    {0x2502, "|", "|"},
    {0x2503, "|", "|"},
    {0x2550, "=", "="},
    {0x2551, "|", "|"},
    {0x25a0, "#", "#"},
    {0x25a1, "o", "o"},
    {0x25b2, "^", "\xef\xb8\xbf"}, /* ︿ */
    {0x25b3, "^", "\xef\xb8\xbf"},
    {0x25b6, ">", "\xef\xbc\x9e"}, /* ＞ */
    {0x25b7, ">", "\xef\xbc\x9e"},
    {0x25bc, "v", "\xef\xb9\x80"}, /* ﹀ */
    {0x25bd, "v", "\xef\xb9\x80"},
    {0x25c0, "<", "\xef\xbc\x9c"}, /* ＜ */
    {0x25c1, "<", "\xef\xbc\x9c"},
    {0x25c6, "*", "\xef\xbc\x8a"},
    {0x25c7, "o", "\xe3\x80\x87"}, /* 〇 */
    {0x25cb, "o", "\xe3\x80\x87"},
    {0x25ce, "o", "\xe3\x80\x87"},
    {0x25cf, "*", "\xef\xbc\x8a"},
    {0x2605, "*", "\xef\xbc\x8a"},
    {0x2606, ".", "\xe3\x83\xbb"},
    {0x2713, "v", "v"},
};

/* Latin letters with a diacritic (pinyin tone marks among them) as the letter. */
static const struct {
    uint32_t cp;
    const char *s;
} fold[] = {
    {0xc6, "AE"},  {0xd0, "D"},   {0xd8, "O"},  {0xde, "TH"}, {0xdf, "ss"}, {0xe0, "a"},
    {0xe1, "a"},   {0xe6, "ae"},  {0xe8, "e"},  {0xe9, "e"},  {0xea, "e"},  {0xec, "i"},
    {0xed, "i"},   {0xf0, "d"},   {0xf2, "o"},  {0xf3, "o"},  {0xf8, "o"},  {0xf9, "u"},
    {0xfa, "u"},   {0xfc, "u"},   {0xfe, "th"}, {0x101, "a"}, {0x111, "d"}, {0x113, "e"},
    {0x11b, "e"},  {0x126, "H"},  {0x127, "h"}, {0x12b, "i"}, {0x131, "i"}, {0x132, "IJ"},
    {0x133, "ij"}, {0x138, "k"},  {0x13f, "L"}, {0x140, "l"}, {0x141, "L"}, {0x142, "l"},
    {0x144, "n"},  {0x148, "n"},  {0x149, "n"}, {0x14a, "N"}, {0x14b, "n"}, {0x14d, "o"},
    {0x152, "OE"}, {0x153, "oe"}, {0x166, "T"}, {0x167, "t"}, {0x16b, "u"}, {0x1ce, "a"},
    {0x1d0, "i"},  {0x1d2, "o"},  {0x1d4, "u"}, {0x1d6, "u"}, {0x1d8, "u"}, {0x1da, "u"},
    {0x1dc, "u"},
};

/* Arrows, circled numbers and box drawing by range. */
static const char *
by_range(uint32_t cp, char *tmp)
{
    bool zh = yj_i18n_get() != YJ_LANG_EN;
    /* The key help (↑↓ 选择) reads as well with 上下左右 in Chinese. */
    if (zh && cp >= 0x2190 && cp <= 0x2193) {
        static const char *const dir[] = {"\xe5\xb7\xa6", "\xe4\xb8\x8a", "\xe5\x8f\xb3",
                                          "\xe4\xb8\x8b"}; /* 左 上 右 下 */
        return dir[cp - 0x2190];
    }
    if (cp >= 0x2460 && cp <= 0x2473) { /* ① .. ⑳ */
        snprintf(tmp, 8, "(%u)", (unsigned)(cp - 0x2460 + 1));
        return tmp;
    }
    if (cp >= 0x2474 && cp <= 0x2487) { /* ⑴ .. ⒇ */
        snprintf(tmp, 8, "(%u)", (unsigned)(cp - 0x2474 + 1));
        return tmp;
    }
    if (cp >= 0x2488 && cp <= 0x249b) { /* ⒈ .. ⒛ */
        snprintf(tmp, 8, "%u.", (unsigned)(cp - 0x2488 + 1));
        return tmp;
    }
    if (cp >= 0x2160 && cp <= 0x216b) { /* Ⅰ .. Ⅻ */
        static const char *const r[] = {"I",   "II",   "III", "IV", "V",  "VI",
                                        "VII", "VIII", "IX",  "X",  "XI", "XII"};
        return r[cp - 0x2160];
    }
    if (cp >= 0x2500 && cp <= 0x257f)
        return "+";
    if (cp >= 0x2580 && cp <= 0x259f)
        return "#";
    return NULL;
}

static int
cmp_subst(const void *k, const void *e)
{
    uint32_t a = *(const uint32_t *)k, b = ((const struct subst *)e)->cp;
    return a < b ? -1 : a > b;
}

/* The replacement when cur is not NARROW; tmp (>= 8 bytes) for built ones.
 * Only called from yj_ambi_subst, which keeps one per-thread buffer. */
static const char *
replace(uint32_t cp, char *tmp)
{
    const struct subst *e =
        bsearch(&cp, subst, sizeof subst / sizeof subst[0], sizeof subst[0], cmp_subst);
    bool zh_arrow = cp >= 0x2190 && cp <= 0x2193 && yj_i18n_get() != YJ_LANG_EN;
    if (e && !zh_arrow)
        return cur == YJ_AMBI_WIDE ? e->wide : e->ascii;
    const char *r = by_range(cp, tmp);
    if (r)
        return r;
    for (size_t i = 0; i < sizeof fold / sizeof fold[0]; i++)
        if (fold[i].cp == cp)
            return fold[i].s;
    return cur == YJ_AMBI_WIDE ? "\xef\xbc\x9f" : "?"; /* ？ */
}

const char *
yj_ambi_subst(uint32_t cp)
{
    static _Thread_local char tmp[8];
    if (cur == YJ_AMBI_NARROW || !yj_cp_ambiguous(cp))
        return NULL;
    return replace(cp, tmp);
}

char *
yj_ambi_display(const char *s, char *out, size_t outsz)
{
    size_t n = strlen(s), i = 0, o = 0;
    if (outsz == 0)
        return out;
    while (i < n) {
        uint32_t cp;
        size_t l = yj_utf8_decode(s + i, n - i, &cp);
        const char *r = l ? yj_ambi_subst(cp) : NULL;
        if (l == 0)
            l = 1;
        const char *from = r ? r : s + i;
        size_t m = r ? strlen(r) : l;
        if (o + m + 1 > outsz)
            break;
        memcpy(out + o, from, m);
        o += m;
        i += l;
    }
    out[o] = '\0';
    return out;
}

/* The marks: as drawn where ambiguous characters are one column wide, two
 * columns wide, and unknown. */
static const char *const marks[YJ_G_COUNT][3] = {
    [YJ_G_FOCUS] = {"\xe2\x96\xb6", "\xef\xbc\x9e", ">"},
    [YJ_G_RADIO_ON] = {"\xe2\x97\x8f", "\xef\xbc\x8a", "*"},
    [YJ_G_RADIO_OFF] = {" ", "\xe3\x80\x80", " "}, /* U+3000 as wide as ＊ */
    [YJ_G_CHECK] = {"\xe2\x9c\x93", "[x]", "[x]"},
    [YJ_G_UP] = {"\xe2\x96\xb2", "\xef\xb8\xbf", "^"},
    [YJ_G_DOWN] = {"\xe2\x96\xbc", "\xef\xb9\x80", "v"},
    [YJ_G_STAR_ON] = {"\xe2\x98\x85", "\xef\xbc\x8a", "*"},
    [YJ_G_STAR_OFF] = {"\xe2\x98\x86", "\xe3\x83\xbb", "."},
    [YJ_G_TIMES] = {"\xc3\x97", "x", "x"},
    [YJ_G_BULLET] = {"\xc2\xb7", "\xe3\x83\xbb", "-"},
    [YJ_G_DASH] = {"\xe2\x80\x94", "\xef\xbc\x8d", "-"},
    [YJ_G_BOX_TL] = {"\xe2\x94\x8c", "+", "+"},
    [YJ_G_BOX_TR] = {"\xe2\x94\x90", "+", "+"},
    [YJ_G_BOX_BL] = {"\xe2\x94\x94", "+", "+"},
    [YJ_G_BOX_BR] = {"\xe2\x94\x98", "+", "+"},
    [YJ_G_BOX_H] = {"\xe2\x94\x80", "-", "-"},
    [YJ_G_BOX_V] = {"\xe2\x94\x82", "|", "|"},
    [YJ_G_TICK_ON] = {"[\xe2\x9c\x93]", "[x]", "[x]"},
    [YJ_G_TICK_OFF] = {"[ ]", "[ ]", "[ ]"},
};

const char *
yj_glyph(enum yj_glyph g)
{
    if ((unsigned)g >= YJ_G_COUNT)
        return "?";
    return marks[g][cur == YJ_AMBI_NARROW ? 0 : cur == YJ_AMBI_WIDE ? 1 : 2];
}

const char *
yj_glyph_or_blank(enum yj_glyph g, bool on)
{
    static const char *const blank[] = {"", " ", "  ", "   ", "    "};
    const char *m = yj_glyph(g);
    if (on)
        return m;
    int w = yj_str_width(m);
    return blank[w < 0 ? 0 : w > 4 ? 4 : w];
}
