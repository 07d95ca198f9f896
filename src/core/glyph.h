/* glyph.h: the marks the screens draw, and East Asian ambiguous-width
 * characters, in the glyph set that matches the terminal.
 *
 * A character of East Asian Width "A" (● × ▶ “ ” · … ─ ↑) is drawn one column
 * wide by most terminals and two by a terminal set up for CJK; which one is
 * measured at start-up (ui/term.c, the way Vim detects 'ambiwidth') or set by
 * the administrator (config ui.ambiwidth, environment YJ_AMBIWIDTH):
 *   YJ_AMBI_NARROW  the terminal draws them one column wide: drawn as they are;
 *   YJ_AMBI_WIDE    two columns: replaced by wide (CJK) or ASCII alternatives;
 *   YJ_AMBI_ASCII   unknown: replaced by plain ASCII marks (*, x, >, [x], ...).
 * Only these two tables decide what is drawn instead, and yj_cp_width
 * (core/utf8.c) counts what is drawn, so layout and screen agree. */
#ifndef YJ_GLYPH_H
#define YJ_GLYPH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum yj_ambi { YJ_AMBI_ASCII = 0, YJ_AMBI_NARROW = 1, YJ_AMBI_WIDE = 2 };

void yj_ambi_set(enum yj_ambi a);
enum yj_ambi yj_ambi_get(void);
/* "1", "2", "ascii" -> the set; "auto" or NULL or "" -> -1 (measure);
 * -2 for anything else. */
int yj_ambi_parse(const char *s);
const char *yj_ambi_name(enum yj_ambi a);
/* The set for a cursor position report (ESC [ row ; col R, possibly after other
 * bytes) read after one ambiguous character was drawn from column `start_col`
 * (1-based): 1 column -> NARROW, 2 -> WIDE; no report or another answer ->
 * ASCII. */
enum yj_ambi yj_ambi_from_report(const char *buf, size_t n, int start_col);

/* East Asian Width "A" (Unicode 14), combining and private-use characters
 * excluded. */
bool yj_cp_ambiguous(uint32_t cp);

/* What is drawn for an ambiguous cp in the current set: NULL when it is drawn
 * as it is (NARROW, or cp not ambiguous). */
const char *yj_ambi_subst(uint32_t cp);

/* s with every ambiguous character replaced as yj_ambi_subst says, into out. */
char *yj_ambi_display(const char *s, char *out, size_t outsz);

/* Marks drawn by the screens. */
enum yj_glyph {
    YJ_G_FOCUS,     /* ▶ the focused row */
    YJ_G_RADIO_ON,  /* ● inside ( ) */
    YJ_G_RADIO_OFF, /* blank of the same width */
    YJ_G_CHECK,     /* ✓ done / exempt */
    YJ_G_UP,        /* ▲ more above */
    YJ_G_DOWN,      /* ▼ more below, a pick list */
    YJ_G_STAR_ON,   /* ★ rating */
    YJ_G_STAR_OFF,  /* ☆ */
    YJ_G_TIMES,     /* × in 64×16 */
    YJ_G_BULLET,    /* · before a list item */
    YJ_G_DASH,      /* — between a name and its details */
    YJ_G_BOX_TL,    /* ┌ */
    YJ_G_BOX_TR,    /* ┐ */
    YJ_G_BOX_BL,    /* └ */
    YJ_G_BOX_BR,    /* ┘ */
    YJ_G_BOX_H,     /* ─ */
    YJ_G_BOX_V,     /* │ */
    YJ_G_TICK_ON,   /* [✓] a ticked checkbox (multi-select) */
    YJ_G_TICK_OFF,  /* [ ] */
    YJ_G_COUNT
};

/* The mark in the current set (never NULL). */
const char *yj_glyph(enum yj_glyph g);
/* The mark when on, else blanks as wide as it (a row's marker column). */
const char *yj_glyph_or_blank(enum yj_glyph g, bool on);

#endif
