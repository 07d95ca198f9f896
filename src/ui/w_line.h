/* w_line.h: the one line editor of every place a person types — a form
 * field, a pick list's search, the counter's prompts and its scan/search box,
 * the sign-in fields. Editing keys on a yj_editbuf, pinyin through w_ime.c
 * when the line takes Chinese, and drawing the text with the composition at
 * the cursor (docs/INPUT.md). */
#ifndef YJ_UI_W_LINE_H
#define YJ_UI_W_LINE_H

#include <stdbool.h>
#include <wchar.h>

#include "ui/editbuf.h"

struct yj_ui;

/* What a line is (flags). */
enum {
    YJ_LINE_PINYIN = 1, /* letters compose Chinese when 中 is on */
    YJ_LINE_SECRET = 2, /* drawn as '*' (passwords, PINs); never composes */
    YJ_LINE_SWITCH = 4, /* the 中/英 switch is drawn beside the line, not in the footer */
    YJ_LINE_SHOWN = 8,  /* (u->typing) a line is being typed this frame */
};

/* What a key did to the line (bits). */
enum {
    YJ_LINE_NONE = 0,    /* not the line's key (Enter, Esc, Tab, Up, PgDn, F-keys ...) */
    YJ_LINE_USED = 1,    /* taken: the cursor or the composition moved */
    YJ_LINE_CHANGED = 2, /* the text changed */
    YJ_LINE_BY_IME = 4,  /* the pinyin engine took it (the candidate row changed) */
};

/* A key for line b: while composing every key is the engine's; then the
 * editing keys (←→ Home End Backspace Delete, Ctrl-A/E/U) and printable
 * characters. A character that does not fit, or cannot be stored, says so in
 * u->note. Enter and Esc are the caller's unless a composition takes them. */
int yj_line_key(struct yj_ui *u, struct yj_editbuf *b, unsigned flags, int type, wint_t ch);
/* Draw b's text in w columns at (y, x) with colour pair. With focus: the
 * cursor there, the pinyin composition at it, the 中/英 switch at the right
 * end of the w columns (YJ_LINE_SWITCH), and the line registered in
 * u->typing as the one being typed (the candidate row follows it). */
void yj_line_draw(struct yj_ui *u, struct yj_editbuf *b, unsigned flags, int y, int x, int w,
                  int pair, bool focus);
/* The same for a text that is not held in an edit buffer (a pick list's
 * search, typed at its end). Returns the columns drawn. */
int yj_line_draw_text(struct yj_ui *u, const char *s, unsigned flags, int y, int x, int w, int pair,
                      unsigned long attr);

#endif
