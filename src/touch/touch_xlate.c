/* touch_xlate.c: a touch screen's events turned into an absolute pointer's
 * (see touch_xlate.h). */
#include "touch/touch_xlate.h"

#include <stdlib.h>
#include <string.h>

void
yj_touch_init(struct yj_touch *t, const struct yj_touch_caps *caps)
{
    memset(t, 0, sizeof *t);
    t->caps = *caps;
    t->primary = -1;
}

/* v in [lo, hi] to 0..YJ_TOUCH_OUT_MAX, clamped. */
static int32_t
scale(int32_t v, int32_t lo, int32_t hi)
{
    if (hi <= lo)
        return 0;
    if (v < lo)
        v = lo;
    if (v > hi)
        v = hi;
    return (int32_t)(((int64_t)(v - lo) * YJ_TOUCH_OUT_MAX + (hi - lo) / 2) / (hi - lo));
}

void
yj_touch_map(const struct yj_touch_caps *caps, int32_t x, int32_t y, int32_t *ox, int32_t *oy)
{
    int32_t u = scale(x, caps->xmin, caps->xmax), v = scale(y, caps->ymin, caps->ymax);
    switch (caps->rotate) {
    case 90:
        *ox = YJ_TOUCH_OUT_MAX - v;
        *oy = u;
        break;
    case 180:
        *ox = YJ_TOUCH_OUT_MAX - u;
        *oy = YJ_TOUCH_OUT_MAX - v;
        break;
    case 270:
        *ox = v;
        *oy = YJ_TOUCH_OUT_MAX - u;
        break;
    default:
        *ox = u;
        *oy = v;
        break;
    }
}

static size_t
put(struct input_event *out, size_t n, uint16_t type, uint16_t code, int32_t value)
{
    memset(&out[n], 0, sizeof out[n]);
    out[n].type = type;
    out[n].code = code;
    out[n].value = value;
    return n + 1;
}

static size_t
syn(struct input_event *out, size_t n)
{
    return put(out, n, EV_SYN, SYN_REPORT, 0);
}

size_t
yj_touch_release(struct yj_touch *t, struct input_event *out)
{
    if (!t->pressed)
        return 0;
    t->pressed = false;
    t->dragging = false;
    return syn(out, put(out, 0, EV_KEY, BTN_LEFT, 0));
}

/* The end of a frame: compare what the device says with what was written. */
static size_t
frame(struct yj_touch *t, struct input_event *out)
{
    size_t n = 0;
    int32_t x, y;
    yj_touch_map(&t->caps, t->x, t->y, &x, &y);
    if (t->touching && !t->pressed) {
        /* move, then press: the click lands where the finger is */
        n = put(out, n, EV_ABS, ABS_X, x);
        n = put(out, n, EV_ABS, ABS_Y, y);
        n = syn(out, n);
        n = put(out, n, EV_KEY, BTN_LEFT, 1);
        n = syn(out, n);
        t->pressed = true;
        t->dragging = false;
        t->ox = t->ax = x;
        t->oy = t->ay = y;
    } else if (t->touching && t->pressed) {
        if (!t->dragging && abs(x - t->ax) <= YJ_TOUCH_SLOP && abs(y - t->ay) <= YJ_TOUCH_SLOP)
            return 0; /* jitter of a tap */
        t->dragging = true;
        if (x != t->ox)
            n = put(out, n, EV_ABS, ABS_X, x);
        if (y != t->oy)
            n = put(out, n, EV_ABS, ABS_Y, y);
        if (n > 0)
            n = syn(out, n);
        t->ox = x;
        t->oy = y;
    } else if (!t->touching && t->pressed) {
        n = yj_touch_release(t, out);
    }
    return n;
}

/* One multi-touch (protocol B) event. */
static void
feed_mt(struct yj_touch *t, const struct input_event *ev)
{
    if (ev->type != EV_ABS)
        return;
    switch (ev->code) {
    case ABS_MT_SLOT:
        t->slot = ev->value;
        break;
    case ABS_MT_TRACKING_ID:
        if (ev->value >= 0 && t->primary < 0 && t->slot >= 0 && t->slot < YJ_TOUCH_SLOTS) {
            t->primary = t->slot;
            t->touching = true;
            t->x = t->sx[t->slot];
            t->y = t->sy[t->slot];
        } else if (ev->value < 0 && t->slot == t->primary) {
            t->primary = -1;
            t->touching = false;
        }
        break;
    case ABS_MT_POSITION_X:
        if (t->slot >= 0 && t->slot < YJ_TOUCH_SLOTS)
            t->sx[t->slot] = ev->value;
        if (t->slot == t->primary)
            t->x = ev->value;
        break;
    case ABS_MT_POSITION_Y:
        if (t->slot >= 0 && t->slot < YJ_TOUCH_SLOTS)
            t->sy[t->slot] = ev->value;
        if (t->slot == t->primary)
            t->y = ev->value;
        break;
    default:
        break;
    }
}

/* One single-touch event. */
static void
feed_st(struct yj_touch *t, const struct input_event *ev)
{
    if (ev->type == EV_KEY && ev->code == BTN_TOUCH) {
        t->touching = ev->value != 0;
    } else if (ev->type == EV_ABS && ev->code == ABS_X) {
        t->x = ev->value;
    } else if (ev->type == EV_ABS && ev->code == ABS_Y) {
        t->y = ev->value;
    }
}

size_t
yj_touch_feed(struct yj_touch *t, const struct input_event *ev, struct input_event *out)
{
    if (ev->type == EV_SYN && ev->code == SYN_DROPPED) {
        t->dropping = true;
        return 0;
    }
    if (ev->type == EV_SYN && ev->code == SYN_REPORT) {
        if (t->dropping) {
            /* The state is unknown: end the touch in progress. */
            t->dropping = false;
            t->primary = -1;
            t->touching = false;
            return yj_touch_release(t, out);
        }
        return frame(t, out);
    }
    if (t->dropping)
        return 0;
    if (t->caps.mt)
        feed_mt(t, ev);
    else
        feed_st(t, ev);
    return 0;
}

void
yj_touch_set_slot(struct yj_touch *t, int slot)
{
    t->slot = slot;
}
