/* linebreak.c: greedy line breaking with the Chinese rules of line starts and
 * ends (避头尾): no line starts with ，。、；：！？）》」 and the like, none ends
 * with （《「“. When the character that overflows may not start a line, the
 * break moves back to the last place it may fall, so the character before it
 * goes down too. */
#include "print/linebreak.h"

/* Is cp in the sorted table t of n entries? */
static bool
in_table(const uint16_t *t, size_t n, uint32_t cp)
{
    size_t lo = 0, hi = n;
    if (cp > 0xffff)
        return false;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (t[mid] == cp)
            return true;
        if (t[mid] < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

bool
yj_lb_no_start(uint32_t cp)
{
    /* sorted */
    static const uint16_t t[] = {
        0x0021, 0x0025, 0x0029, 0x002c, 0x002e, 0x003a, 0x003b, 0x003f, 0x005d, 0x007d,
        0x00b0, 0x00b7, 0x2019, 0x201d, 0x2022, 0x2025, 0x2026, 0x2030, 0x2103, 0x3001,
        0x3002, 0x3005, 0x3009, 0x300b, 0x300d, 0x300f, 0x3011, 0x3015, 0x3017, 0x3019,
        0x301b, 0x301e, 0x301f, 0x30fb, 0x30fc, 0xfe50, 0xfe51, 0xfe52, 0xfe54, 0xfe55,
        0xfe56, 0xfe57, 0xff01, 0xff05, 0xff09, 0xff0c, 0xff0e, 0xff1a, 0xff1b, 0xff1f,
        0xff3d, 0xff5d, 0xff60, 0xff61, 0xff63, 0xff64,
    };
    return in_table(t, sizeof t / sizeof t[0], cp);
}

bool
yj_lb_no_end(uint32_t cp)
{
    static const uint16_t t[] = {
        0x0028, 0x005b, 0x007b, 0x2018, 0x201c, 0x3008, 0x300a, 0x300c, 0x300e, 0x3010,
        0x3014, 0x3016, 0x3018, 0x301a, 0x301d, 0xff08, 0xff3b, 0xff5b, 0xff5f, 0xff62,
    };
    return in_table(t, sizeof t / sizeof t[0], cp);
}

/* Ideographs, kana, hangul, CJK punctuation and full-width forms: a line may
 * break on either side of them. */
static bool
is_cjk(uint32_t cp)
{
    return (cp >= 0x2e80 && cp <= 0x9fff) || (cp >= 0xa960 && cp <= 0xa97f) ||
           (cp >= 0xac00 && cp <= 0xd7ff) || (cp >= 0xf900 && cp <= 0xfaff) ||
           (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xffef) ||
           (cp >= 0x20000 && cp <= 0x3ffff);
}

/* May a line break between a and b? */
static bool
may_break(uint32_t a, uint32_t b)
{
    if (yj_lb_no_start(b) || yj_lb_no_end(a))
        return false;
    if (a == ' ')
        return b != ' ';
    return is_cjk(a) || is_cjk(b) || a == 0x2014 || b == 0x2014;
}

/* Store line [s, e) in out when there is room; trailing spaces are not part
 * of its width. */
static void
emit(const uint32_t *cp, const double *adv, size_t s, size_t e, struct yj_lb_line *out, size_t cap,
     size_t k)
{
    if (k >= cap)
        return;
    size_t v = e;
    while (v > s && (cp[v - 1] == ' ' || cp[v - 1] == '\n'))
        v--;
    double w = 0;
    for (size_t i = s; i < v; i++)
        w += adv[i];
    out[k].start = s;
    out[k].end = e;
    out[k].width = w;
}

size_t
yj_linebreak(const uint32_t *cp, const double *adv, size_t n, double maxw, struct yj_lb_line *out,
             size_t cap)
{
    size_t k = 0, s = 0;
    while (s < n) {
        /* width of [s, i) so far, and the last break place after s */
        double w = 0;
        size_t i = s, brk = 0;
        bool newline = false;
        for (; i < n; i++) {
            if (cp[i] == '\n') {
                newline = true;
                break;
            }
            if (i > s && may_break(cp[i - 1], cp[i]))
                brk = i;
            if (cp[i] != ' ' && w + adv[i] > maxw && i > s)
                break;
            w += adv[i];
        }
        size_t e;
        if (newline) {
            e = i + 1;
        } else if (i >= n) {
            e = n;
        } else if (brk > s) {
            e = brk;
        } else {
            /* one unbreakable run wider than the line: cut it where it
             * overflows, but keep closing punctuation with what it closes */
            e = i;
            while (e > s + 1 && yj_lb_no_start(cp[e]))
                e--;
        }
        emit(cp, adv, s, e, out, cap, k);
        k++;
        s = e;
        /* spaces at the start of the next line are not drawn */
        while (!newline && s < n && cp[s] == ' ')
            s++;
    }
    return k;
}
