/* ime_ui.h: clicks and taps (mouse.c), pinyin in the page editor (w_ime.c)
 * and the on-screen keyboard (osk.c). */
#ifndef YJ_UI_IME_UI_H
#define YJ_UI_IME_UI_H

#include <stdbool.h>
#include <wchar.h>

#include "core/form.h"
#include "ui/editbuf.h"
#include "ui/hit.h"

struct yj_ui;

/* The key code get_wch returns for the SGR mouse prefix "ESC [ <" (above
 * every curses KEY_* code). */
#define YJ_KEY_SGR_MOUSE 0x1f00

/* ---- mouse.c */
/* Ask the terminal for SGR mouse reports (config ui.mouse, default yes). */
void yj_mouse_start(int tick_ms);
void yj_mouse_stop(void);
/* After YJ_KEY_SGR_MOUSE: read the rest of the report. */
enum yj_mouse yj_mouse_read(int *y, int *x);
/* Act on a click at (y, x): the region under it. False when it hit none. */
bool yj_mouse_click(struct yj_ui *u, enum yj_mouse ev, int y, int x);

/* A button that answers a tap as item sel of the screen (u->sel, Enter).
 * Returns its width. */
int yj_d_button_at(int y, int x, const char *label, bool focus, int sel);
/* Tappable back / forward controls at the right of row 1 (either may be
 * NULL), sending the screen back_key / fwd_key. */
void yj_d_navbar(struct yj_ui *u, const char *back, int back_key, const char *fwd, int fwd_key);

/* ---- w_ime.c: pinyin in every line a person types (w_line.c) */
/* At start: counter (learning kept in the state directory) or not. Reads
 * ui.pinyin (on: fields start in 中; default off: 英). */
void yj_w_ime_init(bool counter);
void yj_w_ime_free(void);
/* An application ended: forget the composition and, on a kiosk, all the
 * engine learnt. */
void yj_w_ime_forget(void);
/* Does pinyin apply to this field (free text, names, addresses)? */
bool yj_w_ime_field(const struct yj_field *fd);
/* 中/英 (F8, Ctrl-Space, the switch in the footer, the keyboard's key). */
void yj_w_ime_toggle(struct yj_ui *u);
/* F8 or Ctrl-Space: toggled. */
bool yj_w_ime_toggle_key(struct yj_ui *u, int type, wint_t ch);
/* A key on a line that takes pinyin (w_line.c): true when the engine used
 * it; what it commits is inserted in eb (*changed then). */
bool yj_w_ime_key(struct yj_ui *u, struct yj_editbuf *eb, int type, wint_t ch, bool *changed);
/* A tapped candidate, inserted in eb: true when the text changed. */
bool yj_w_ime_pick(struct yj_ui *u, struct yj_editbuf *eb, int i);
/* Columns of the composition drawn (0 when none). */
int yj_w_ime_preedit_width(void);
/* The letters composed, without the engine's spaces ("" when none): a pick
 * list searches by them while they are typed. */
void yj_w_ime_preedit_letters(char *out, size_t outsz);
/* The 中/英 switch ("F8 中", tappable) at (y, x); its width. */
int yj_w_ime_switch_draw(struct yj_ui *u, int y, int x);
int yj_w_ime_switch_width(void);
/* Is 中 on? */
bool yj_w_ime_on(void);
/* Is a composition under way (the field's keys are the engine's)? */
bool yj_w_ime_composing(void);
/* The composition over the input box at the cursor (y, x), at most w
 * columns; moves the cursor after it. */
void yj_w_ime_draw_preedit(struct yj_ui *u, int y, int x, int w);
/* The candidate row, the 中/英 switch and the on-screen keyboard, at the
 * bottom, over what the screen drew (after each frame). */
void yj_w_ime_draw(struct yj_ui *u);
/* Rows the page editor leaves free at the bottom for them. */
int yj_w_ime_rows(struct yj_ui *u);

/* ---- osk.c: the on-screen keyboard */
enum {
    YJ_OSK_BS = 0x100,
    YJ_OSK_OK,
    YJ_OSK_SPACE,
    YJ_OSK_IME,
};
/* Is it on (config ui.osk = yes, for touch kiosks)? */
bool yj_osk_enabled(void);
/* Rows it takes at this size. */
int yj_osk_height(const struct yj_ui *u);
/* Draw it from row y, registering its keys. */
void yj_osk_draw(struct yj_ui *u, int y);

#endif
