/* w_line.c: the one line editor (w_line.h) — keys and drawing of every line a
 * person types, with pinyin through w_ime.c where the line takes Chinese. */
#define NCURSES_WIDECHAR 1
#include "ui/w_line.h"

#include <ncurses.h>
#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "core/utf8.h"
#include "ui/ime_ui.h"
#include "ui/ui_int.h"

int
yj_line_key(struct yj_ui *u, struct yj_editbuf *b, unsigned flags, int type, wint_t ch)
{
    if ((flags & YJ_LINE_PINYIN) && !(flags & YJ_LINE_SECRET)) {
        bool changed = false;
        if (yj_w_ime_key(u, b, type, ch, &changed))
            return YJ_LINE_BY_IME | YJ_LINE_USED | (changed ? YJ_LINE_CHANGED : 0);
    }
    if (type == KEY_CODE_YES) {
        switch (ch) {
        case KEY_BACKSPACE:
            return yj_eb_backspace(b) ? YJ_LINE_CHANGED | YJ_LINE_USED : YJ_LINE_USED;
        case KEY_DC:
            return yj_eb_delete(b) ? YJ_LINE_CHANGED | YJ_LINE_USED : YJ_LINE_USED;
        case KEY_LEFT:
            yj_eb_left(b);
            return YJ_LINE_USED;
        case KEY_RIGHT:
            yj_eb_right(b);
            return YJ_LINE_USED;
        case KEY_HOME:
            yj_eb_home(b);
            return YJ_LINE_USED;
        case KEY_END:
            yj_eb_end(b);
            return YJ_LINE_USED;
        default:
            return YJ_LINE_NONE;
        }
    }
    switch (ch) {
    case 127:
    case 8:
        return yj_eb_backspace(b) ? YJ_LINE_CHANGED | YJ_LINE_USED : YJ_LINE_USED;
    case 1: /* Ctrl-A / Ctrl-E: home / end, as in a shell */
        yj_eb_home(b);
        return YJ_LINE_USED;
    case 5:
        yj_eb_end(b);
        return YJ_LINE_USED;
    case 21: /* Ctrl-U: clear */
        yj_eb_clear(b);
        return YJ_LINE_CHANGED | YJ_LINE_USED;
    default:
        break;
    }
    if (ch < 0x20 || ch == 0x7f)
        return YJ_LINE_NONE;
    enum yj_eb_status st = yj_eb_insert_cp(b, (unsigned)ch);
    if (st == YJ_EB_CUT) {
        snprintf(u->note, sizeof u->note, _("此项最多 %d 个字，多出的内容没有输入"), b->max_chars);
        return YJ_LINE_USED;
    }
    if (st == YJ_EB_INVALID) {
        snprintf(u->note, sizeof u->note, "%s", _("输入中有无法识别的字符，没有输入"));
        return YJ_LINE_USED;
    }
    return YJ_LINE_CHANGED | YJ_LINE_USED;
}

/* The focused line: the cursor at column cx, the composition there, the
 * switch at the right end of the w columns, and u->typing. */
static void
focus_line(struct yj_ui *u, unsigned flags, int y, int x, int w, int cx)
{
    u->cur_on = true;
    u->cur_y = y;
    u->cur_x = x + cx;
    u->typing = flags | YJ_LINE_SHOWN;
    if ((flags & YJ_LINE_PINYIN) && !(flags & YJ_LINE_SECRET))
        yj_w_ime_draw_preedit(u, y, u->cur_x, x + w - u->cur_x);
}

/* Columns left for the text once the switch is beside it. */
static int
text_width(unsigned flags, int w, bool focus)
{
    if (focus && (flags & YJ_LINE_SWITCH) && !(flags & YJ_LINE_SECRET) &&
        w > yj_w_ime_switch_width() + 8)
        return w - yj_w_ime_switch_width() - 1;
    return w;
}

void
yj_line_draw(struct yj_ui *u, struct yj_editbuf *b, unsigned flags, int y, int x, int w, int pair,
             bool focus)
{
    int tw = text_width(flags, w, focus);
    if (tw < w)
        yj_w_ime_switch_draw(u, y, x + tw + 1);
    if (flags & YJ_LINE_SECRET) {
        /* never the secret itself, nor how it is spelt */
        char stars[80];
        size_t n = yj_eb_chars(b), k = 0;
        for (; k < n && k < sizeof stars - 1 && (int)k < tw - 1; k++)
            stars[k] = '*';
        stars[k] = '\0';
        yj_d_str(y, x, stars, pair, 0);
        if (focus)
            focus_line(u, flags, y, x, tw, (int)k);
        return;
    }
    int pad = 0, cx = 0;
    size_t off = yj_eb_view(b, tw, &pad, &cx);
    yj_d_text(y, x + pad, tw - pad, b->s + off, pair, 0);
    if (focus)
        focus_line(u, flags, y, x, tw, cx);
}

int
yj_line_draw_text(struct yj_ui *u, const char *s, unsigned flags, int y, int x, int w, int pair,
                  unsigned long attr)
{
    int sw = yj_str_width(s), pw = yj_w_ime_preedit_width();
    if (sw + pw > w) /* the end, where the typing is */
        s += yj_str_fit(s, sw + pw - w + 1 > sw ? sw : sw + pw - w + 1, NULL);
    int n = yj_d_str(y, x, s, pair, attr);
    focus_line(u, flags, y, x, w, n);
    return n + (pw < w - n ? pw : w - n);
}
