/* hit.h: what a click or a tap lands on (curses-free).
 *
 * Drawing code registers the rectangles it draws that answer a click — a
 * button, a list row, a field, a page control — each frame (yj_hit_clear at
 * the start of a frame); the main loop asks which one a click fell in. What a
 * region does is its kind and argument, acted on in click.c. The terminal's
 * mouse reports are SGR 1006 ("ESC [ < b ; x ; y M", release with "m"),
 * parsed by yj_mouse_parse.
 */
#ifndef YJ_UI_HIT_H
#define YJ_UI_HIT_H

#include <stdbool.h>
#include <stddef.h>

enum yj_hit_kind {
    YJ_HIT_KEY,    /* send the screen the key arg (a curses KEY_* code or a character) */
    YJ_HIT_SEL,    /* select item arg (u->sel) and press Enter */
    YJ_HIT_LANG,   /* switch the language to arg */
    YJ_HIT_FIELD,  /* the page editor's field arg: focus it, open its list */
    YJ_HIT_YES,    /* the yes/no field arg: yes */
    YJ_HIT_NO,     /* ... no */
    YJ_HIT_ROW,    /* row arg of the open pick list: choose it */
    YJ_HIT_SUMROW, /* line arg of the error summary: go to its field */
    YJ_HIT_CAND,   /* pinyin candidate arg of the page shown */
    YJ_HIT_IMESW,  /* the 中/英 switch */
    YJ_HIT_OSK,    /* on-screen keyboard key arg (osk.h) */
    YJ_HIT_CHECK,  /* row arg of the open checklist (w_multi.c): tick it, or done */
    YJ_HIT_WARNOK, /* the [确认无误] button of the page editor's field arg */
};

struct yj_hit {
    int y, x, h, w;
    enum yj_hit_kind kind;
    int arg;
};

/* Forget the regions of the last frame. */
void yj_hit_clear(void);
/* A region h rows by w columns at (y, x). Later regions lie on top. */
void yj_hit_add(int y, int x, int h, int w, enum yj_hit_kind kind, int arg);
/* The topmost region holding (y, x), or NULL. */
const struct yj_hit *yj_hit_at(int y, int x);
/* The region a click fell in, for the page editor: click.c sets it and sends
 * the screen KEY_MOUSE, yj_page_key takes it (NULL when there is none). */
void yj_hit_set_pending(const struct yj_hit *h);
const struct yj_hit *yj_hit_take_pending(void);
/* Regions registered this frame (tests). */
size_t yj_hit_count(void);

/* A mouse report after its "ESC [ <": "b;x;y" and 'M' (press) or 'm'
 * (release). Coordinates come back 0-based. */
enum yj_mouse {
    YJ_MOUSE_NONE,  /* not a report we use (release, motion, other buttons) */
    YJ_MOUSE_PRESS, /* button 1 pressed (a tap) */
    YJ_MOUSE_WHEEL_UP,
    YJ_MOUSE_WHEEL_DOWN,
    YJ_MOUSE_BAD, /* not a well-formed report */
};
enum yj_mouse yj_mouse_parse(const char *s, int *y, int *x);

#endif
