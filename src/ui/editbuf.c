/* editbuf.c: one-line UTF-8 edit buffer (see editbuf.h). */
#include "ui/editbuf.h"

#include <stdint.h>
#include <string.h>

#include "core/utf8.h"
#include "core/util.h"

/* Make room for n more bytes plus the NUL. */
static void
reserve(struct yj_editbuf *b, size_t n)
{
    if (b->len + n + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 32;
    while (cap < b->len + n + 1)
        cap *= 2;
    b->s = xrealloc(b->s, cap);
    b->cap = cap;
}

void
yj_eb_init(struct yj_editbuf *b, int max_chars)
{
    memset(b, 0, sizeof *b);
    b->max_chars = max_chars;
    reserve(b, 0);
    b->s[0] = '\0';
}

void
yj_eb_free(struct yj_editbuf *b)
{
    yj_free(&b->s);
    b->len = b->cap = b->cur = 0;
}

size_t
yj_eb_chars(const struct yj_editbuf *b)
{
    return yj_utf8_len(b->s);
}

enum yj_eb_status
yj_eb_insert(struct yj_editbuf *b, const char *s, size_t n)
{
    if (!yj_utf8_check(s, n, false))
        return YJ_EB_INVALID;
    /* Take whole characters while the maximum allows. */
    size_t have = yj_eb_chars(b), take = 0;
    enum yj_eb_status st = YJ_EB_OK;
    while (take < n) {
        if (b->max_chars > 0 && have >= (size_t)b->max_chars) {
            st = YJ_EB_CUT;
            break;
        }
        uint32_t cp;
        size_t l = yj_utf8_decode(s + take, n - take, &cp);
        take += l;
        have++;
    }
    reserve(b, take);
    memmove(b->s + b->cur + take, b->s + b->cur, b->len - b->cur + 1);
    memcpy(b->s + b->cur, s, take);
    b->len += take;
    b->cur += take;
    return st;
}

enum yj_eb_status
yj_eb_insert_cp(struct yj_editbuf *b, unsigned int cp)
{
    char tmp[4];
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return YJ_EB_INVALID;
    size_t l = yj_utf8_encode(cp, tmp);
    return yj_eb_insert(b, tmp, l);
}

enum yj_eb_status
yj_eb_set(struct yj_editbuf *b, const char *s)
{
    b->len = b->cur = 0;
    b->s[0] = '\0';
    b->scroll = 0;
    if (s == NULL)
        return YJ_EB_OK;
    return yj_eb_insert(b, s, strlen(s));
}

bool
yj_eb_backspace(struct yj_editbuf *b)
{
    if (b->cur == 0)
        return false;
    size_t p = yj_utf8_prev(b->s, b->cur);
    memmove(b->s + p, b->s + b->cur, b->len - b->cur + 1);
    b->len -= b->cur - p;
    b->cur = p;
    return true;
}

bool
yj_eb_delete(struct yj_editbuf *b)
{
    if (b->cur >= b->len)
        return false;
    size_t nx = yj_utf8_next(b->s, b->cur);
    memmove(b->s + b->cur, b->s + nx, b->len - nx + 1);
    b->len -= nx - b->cur;
    return true;
}

bool
yj_eb_left(struct yj_editbuf *b)
{
    if (b->cur == 0)
        return false;
    b->cur = yj_utf8_prev(b->s, b->cur);
    return true;
}

bool
yj_eb_right(struct yj_editbuf *b)
{
    if (b->cur >= b->len)
        return false;
    b->cur = yj_utf8_next(b->s, b->cur);
    return true;
}

void
yj_eb_home(struct yj_editbuf *b)
{
    b->cur = 0;
}

void
yj_eb_end(struct yj_editbuf *b)
{
    b->cur = b->len;
}

void
yj_eb_clear(struct yj_editbuf *b)
{
    yj_eb_set(b, NULL);
}

/* Columns of the first n bytes of s. */
static int
width_n(const char *s, size_t n)
{
    int w = 0;
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        size_t l = yj_utf8_decode(s + i, n - i, &cp);
        if (l == 0) {
            w++;
            i++;
            continue;
        }
        w += yj_cp_width(cp);
        i += l;
    }
    return w;
}

int
yj_eb_cursor_col(const struct yj_editbuf *b)
{
    return width_n(b->s, b->cur);
}

size_t
yj_eb_view(struct yj_editbuf *b, int width, int *pad_left, int *cursor_x)
{
    if (width < 2)
        width = 2;
    int ccol = yj_eb_cursor_col(b);
    /* The cell after the cursor must be visible too (where the next character
     * goes), so keep one spare column on the right. */
    if (ccol < b->scroll)
        b->scroll = ccol;
    if (ccol + 1 > b->scroll + width)
        b->scroll = ccol + 1 - width;
    int total = width_n(b->s, b->len);
    if (b->scroll > 0 && total + 1 - b->scroll < width)
        b->scroll = total + 1 - width > 0 ? total + 1 - width : 0;
    /* Find the first character starting at or after the scroll column. */
    size_t i = 0;
    int col = 0;
    while (i < b->len && col < b->scroll) {
        uint32_t cp;
        size_t l = yj_utf8_decode(b->s + i, b->len - i, &cp);
        col += l ? yj_cp_width(cp) : 1;
        i += l ? l : 1;
    }
    *pad_left = col - b->scroll; /* a wide char cut by the left edge */
    *cursor_x = ccol - b->scroll;
    return i;
}
