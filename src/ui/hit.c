/* hit.c: the regions of a frame that answer a click, and SGR mouse reports. */
#include "ui/hit.h"

#include <stdlib.h>
#include <string.h>

#define MAX_HITS 512

static struct yj_hit hits[MAX_HITS];
static size_t nhits;

void
yj_hit_clear(void)
{
    nhits = 0;
}

void
yj_hit_add(int y, int x, int h, int w, enum yj_hit_kind kind, int arg)
{
    if (nhits >= MAX_HITS || h <= 0 || w <= 0)
        return;
    hits[nhits++] = (struct yj_hit){y, x, h, w, kind, arg};
}

const struct yj_hit *
yj_hit_at(int y, int x)
{
    for (size_t i = nhits; i-- > 0;) {
        const struct yj_hit *r = &hits[i];
        if (y >= r->y && y < r->y + r->h && x >= r->x && x < r->x + r->w)
            return r;
    }
    return NULL;
}

static struct yj_hit pending;
static bool have_pending;

void
yj_hit_set_pending(const struct yj_hit *h)
{
    pending = *h;
    have_pending = true;
}

const struct yj_hit *
yj_hit_take_pending(void)
{
    if (!have_pending)
        return NULL;
    have_pending = false;
    return &pending;
}

size_t
yj_hit_count(void)
{
    return nhits;
}

/* A decimal number at *s, moving past it; -1 when there is none. */
static long
number(const char **s)
{
    char *end;
    if (**s < '0' || **s > '9')
        return -1;
    long v = strtol(*s, &end, 10);
    *s = end;
    return v > 100000 ? -1 : v;
}

enum yj_mouse
yj_mouse_parse(const char *s, int *y, int *x)
{
    long b = number(&s);
    if (b < 0 || *s++ != ';')
        return YJ_MOUSE_BAD;
    long cx = number(&s);
    if (cx < 1 || *s++ != ';')
        return YJ_MOUSE_BAD;
    long cy = number(&s);
    if (cy < 1 || (*s != 'M' && *s != 'm') || s[1] != '\0')
        return YJ_MOUSE_BAD;
    *y = (int)cy - 1;
    *x = (int)cx - 1;
    bool press = *s == 'M';
    if (b & 32) /* motion */
        return YJ_MOUSE_NONE;
    long base = b & ~(4L | 8L | 16L); /* without Shift, Meta, Ctrl */
    if (base == 0)
        return press ? YJ_MOUSE_PRESS : YJ_MOUSE_NONE;
    if (base == 64 && press)
        return YJ_MOUSE_WHEEL_UP;
    if (base == 65 && press)
        return YJ_MOUSE_WHEEL_DOWN;
    return YJ_MOUSE_NONE;
}
