/* scr_home.c: Home — the bundles on offer in large type, what to have at hand,
 * and the language choice. */
#define NCURSES_WIDECHAR 1
#include <ncurses.h>
#include <stdio.h>
#include <string.h>

#include "core/glyph.h"
#include "core/i18n.h"
#include "core/utf8.h"
#include "ui/ime_ui.h"
#include "ui/ui_layout.h"
#include "ui/ui_int.h"

static const char *const lang_names[3] = {"简体中文", "繁體中文", "English"};

/* Begin an application of thing t. */
static void
start_thing(struct yj_ui *u, const struct yj_thing *t)
{
    yj_flow_begin(&u->flow, t, NULL);
    if (u->assist) {
        yj_auth_init(u);
        yj_go(u, YJ_SCR_AUTH);
    } else {
        yj_go(u, YJ_SCR_GUIDE);
    }
}

/* The highlighted thing's details (summary, what to have at hand) wrapped to
 * w columns in rows y0..y1-1 from row u->more on, with ▲ / ▼ at column mx
 * when there is more above / below. Returns true when rows are hidden. */
static bool
draw_details(struct yj_ui *u, const struct yj_thing *t, int y0, int y1, int x, int w, int mx)
{
    char buf[1024];
    const char *text[64];
    size_t nt = 0;
    /* The paragraphs: summary, blank, heading, items. */
    char items[32][512];
    text[nt++] = yj_text(&t->summary);
    text[nt++] = "";
    text[nt++] = _("请准备好：");
    for (size_t k = 0; k < t->nprepare && k < 32; k++) {
        snprintf(items[k], sizeof items[k], "%s %s", yj_glyph(YJ_G_BULLET),
                 yj_text(&t->prepare[k]));
        text[nt++] = items[k];
    }
    int total = 0;
    for (size_t i = 0; i < nt; i++)
        total += (int)yj_lay_wrap(text[i], w, NULL, 0);
    int avail = y1 - y0;
    if (avail < 1)
        return false;
    if (u->more > total - avail)
        u->more = total - avail > 0 ? total - avail : 0;
    if (u->more < 0)
        u->more = 0;
    int row = 0;
    for (size_t i = 0; i < nt; i++) {
        struct yj_line l[32];
        size_t nl = yj_lay_wrap(text[i], w, l, 32);
        for (size_t k = 0; k < nl && k < 32; k++, row++) {
            int y = y0 + row - u->more;
            if (y < y0 || y >= y1)
                continue;
            snprintf(buf, sizeof buf, "%.*s", (int)l[k].len, text[i] + l[k].off);
            yj_d_text(y, x, w, buf, YJ_P_NORMAL, i == 2 ? A_BOLD : 0);
        }
    }
    if (u->more > 0)
        yj_d_str(y0, mx, yj_glyph(YJ_G_UP), YJ_P_HINT, A_BOLD);
    if (u->more + avail < total)
        yj_d_str(y1 - 1, mx, yj_glyph(YJ_G_DOWN), YJ_P_HINT, A_BOLD);
    return total > avail;
}

void
yj_scr_home_draw(struct yj_ui *u)
{
    size_t nt = u->set->nthings;
    char buf[512];
    if (u->assist) {
        snprintf(buf, sizeof buf, _("协办人员：%s"), u->helper);
        yj_d_header(u, _("一件事 一次办 · 帮办代办"), buf);
    } else {
        /* Under 20 rows the question goes into the title bar. */
        bool small = u->cols < 90 || u->rows < 24 ? u->rows < 20 : false;
        yj_d_header(u, _("一件事 一次办"), small ? _("请选择您要办理的事项") : NULL);
    }
    /* Wide: boxes on the left, the details beside them. Compact (large print,
     * down to 64x16): one row per thing, the details under the list. */
    bool compact = u->cols < 90 || u->rows < 24;
    int ly = u->rows - 4; /* the language row */
    bool more = false;
    size_t ti = u->sel < (int)nt ? (size_t)u->sel : 0;
    if (!compact) {
        yj_d_center(u, 2, _("请选择您要办理的事项"), YJ_P_NORMAL, A_BOLD);
        int bh = u->large ? 4 : 3, gap = u->large ? 1 : 0;
        int lw = u->cols / 2 - 2, x = 2, y = 4;
        int avail = u->rows - 4 - 5;
        int per = bh + gap, fit = avail / per;
        if (fit < 1)
            fit = 1;
        if (u->sel < (int)nt) {
            if (u->sel < u->top)
                u->top = u->sel;
            if (u->sel >= u->top + fit)
                u->top = u->sel - fit + 1;
        }
        for (int k = 0; k < fit && u->top + k < (int)nt; k++) {
            size_t i = (size_t)(u->top + k);
            bool f = u->sel == (int)i;
            int by = y + k * per;
            yj_d_fill(by, x, bh, lw, f ? YJ_P_FOCUS : YJ_P_BUTTON);
            yj_d_box(by, x, bh, lw, f ? YJ_P_FOCUS : YJ_P_BUTTON);
            yj_hit_add(by, x, bh, lw, YJ_HIT_SEL, (int)i);
            snprintf(buf, sizeof buf, "%s %zu. %s", yj_glyph_or_blank(YJ_G_FOCUS, f), i + 1,
                     yj_text(&u->set->things[i]->label));
            yj_d_text(by + 1, x + 2, lw - 4, buf, f ? YJ_P_FOCUS : YJ_P_BUTTON, A_BOLD);
            if (bh > 3)
                yj_d_text(by + 2, x + 6, lw - 8, yj_text(&u->set->things[i]->summary),
                          f ? YJ_P_FOCUS : YJ_P_BUTTON, 0);
        }
        if (u->top > 0)
            yj_d_str(y, x + lw, yj_glyph(YJ_G_UP), YJ_P_HINT, A_BOLD);
        if (u->top + fit < (int)nt)
            yj_d_str(y + fit * per - 1, x + lw, yj_glyph(YJ_G_DOWN), YJ_P_HINT, A_BOLD);
        int rx = u->cols / 2 + 1, rw = u->cols - rx - 3;
        if (nt > 0) {
            const struct yj_thing *t = u->set->things[ti];
            yj_d_text(4, rx, rw, yj_text(&t->label), YJ_P_NORMAL, A_BOLD | A_UNDERLINE);
            more = draw_details(u, t, 5, ly - 1, rx, rw, u->cols - 2);
        }
    } else {
        /* The things, then their details, then the language row. */
        int y = u->rows >= 20 ? 2 : 1, x = 2, lw = u->cols - 4;
        if (u->rows >= 20 || u->assist) {
            yj_d_center(u, y, _("请选择您要办理的事项"), YJ_P_NORMAL, A_BOLD);
            y += u->rows >= 20 ? 2 : 1;
        }
        int fit = (int)nt, room = (ly - 1 - y) / 2;
        if (fit > room)
            fit = room > 1 ? room : 1;
        if (u->sel < (int)nt) {
            if (u->sel < u->top)
                u->top = u->sel;
            if (u->sel >= u->top + fit)
                u->top = u->sel - fit + 1;
        }
        for (int k = 0; k < fit && u->top + k < (int)nt; k++) {
            size_t i = (size_t)(u->top + k);
            bool f = u->sel == (int)i;
            yj_d_fill(y + k, x, 1, lw, f ? YJ_P_FOCUS : YJ_P_BUTTON);
            yj_hit_add(y + k, x, 1, lw, YJ_HIT_SEL, (int)i);
            snprintf(buf, sizeof buf, "%s %zu. %s", yj_glyph_or_blank(YJ_G_FOCUS, f), i + 1,
                     yj_text(&u->set->things[i]->label));
            yj_d_text(y + k, x + 1, lw - 4, buf, f ? YJ_P_FOCUS : YJ_P_BUTTON, A_BOLD);
        }
        if (u->top > 0)
            yj_d_str(y, x + lw - 2, yj_glyph(YJ_G_UP), YJ_P_BUTTON, A_BOLD);
        if (u->top + fit < (int)nt)
            yj_d_str(y + fit - 1, x + lw - 2, yj_glyph(YJ_G_DOWN), YJ_P_BUTTON, A_BOLD);
        if (nt > 0)
            more = draw_details(u, u->set->things[ti], y + fit + 1, ly - 1, x, lw - 2, u->cols - 2);
    }
    /* Language. */
    int lx = 2;
    bool lf = u->sel == (int)nt;
    lx += yj_d_str(ly, lx, _("语言 Language："), YJ_P_NORMAL, lf ? A_BOLD : 0) + 1;
    for (int l = 0; l < 3; l++) {
        if (!u->lang_ok[l])
            continue;
        bool cur = (int)yj_i18n_get() == l;
        snprintf(buf, sizeof buf, "(%s) %s", yj_glyph(cur ? YJ_G_RADIO_ON : YJ_G_RADIO_OFF),
                 lang_names[l]);
        int lw2 = yj_d_str(ly, lx, buf, lf && cur ? YJ_P_FOCUS : YJ_P_NORMAL, cur ? A_BOLD : 0);
        yj_hit_add(ly, lx, 1, lw2 + 2, YJ_HIT_LANG, l);
        lx += lw2 + 3;
    }
    /* A demonstration kiosk (kiosk.demo = yes) says how to leave it; a real one
     * never shows its exit sequence. The row is the note's, when there is none. */
    if (u->demo && !u->note[0]) {
        if (u->exit_seq)
            snprintf(buf, sizeof buf, _("演示模式：在本页依次输入 %s 即可退出"), u->exit_seq);
        else
            snprintf(
                buf, sizeof buf, "%s",
                _("演示模式：没有设置退出键（kiosk.exit_sequence），请从另一个终端结束本程序"));
        yj_d_text(u->rows - 2, 2, u->cols - 4, buf, YJ_P_HINT, A_BOLD);
    }
    if (more)
        yj_d_footer(u, u->assist ? _("↑↓ 选择  回车 开始办理  PgDn 更多  Esc 退出登录")
                                 : _("↑↓ 选择  回车 开始办理  PgDn 更多  ←→ 切换语言"));
    else
        yj_d_footer(u, u->assist ? _("↑↓ 选择  回车 开始办理  ←→ 切换语言  Esc 退出登录")
                                 : _("↑↓ 选择  回车 开始办理  ←→ 切换语言"));
    /* For the staff of assisted mode: cases not yet acknowledged upstream. A
     * citizen's Home does not show it (`yijian doctor` and the counter do). */
    char q[96];
    if (u->assist && yj_flow_queue_line(u->store, q, sizeof q) == 0) {
        int w = yj_str_width(q);
        if (u->cols > 44 + w + (more ? 10 : 0))
            yj_d_text(u->rows - 1, u->cols - w - 1, w, q, YJ_P_TITLE, 0);
    }
}

/* Step to the next offered language in direction d. */
static void
cycle_lang(struct yj_ui *u, int d)
{
    int l = (int)yj_i18n_get();
    for (int k = 0; k < 3; k++) {
        l = (l + d + 3) % 3;
        if (u->lang_ok[l]) {
            yj_i18n_set((enum yj_lang)l);
            return;
        }
    }
}

void
yj_scr_home_key(struct yj_ui *u, int type, wint_t ch)
{
    int nt = (int)u->set->nthings;
    if (type == KEY_CODE_YES) {
        switch (ch) {
        case KEY_UP:
            if (u->sel > 0)
                u->sel--;
            u->more = 0;
            break;
        case KEY_DOWN:
        case KEY_BTAB:
            if (u->sel < nt)
                u->sel++;
            u->more = 0;
            break;
        case KEY_NPAGE:
            u->more += 4; /* kept within the text when drawn */
            break;
        case KEY_PPAGE:
            u->more = u->more > 4 ? u->more - 4 : 0;
            break;
        case KEY_LEFT: /* the footer's ←→ 切换语言, wherever the focus is */
            cycle_lang(u, -1);
            break;
        case KEY_RIGHT:
            cycle_lang(u, 1);
            break;
        case KEY_ENTER:
            if (u->sel < nt)
                start_thing(u, u->set->things[u->sel]);
            break;
        default:
            break;
        }
        return;
    }
    if (ch == '\t') {
        u->sel = u->sel < nt ? u->sel + 1 : 0;
        u->more = 0;
    } else if ((ch == '\r' || ch == '\n') && u->sel < nt)
        start_thing(u, u->set->things[u->sel]);
    else if (ch == 27 && u->assist) {
        yj_flow_helper_signout(u->store, u->helper);
        u->helper[0] = '\0';
        yj_go(u, YJ_SCR_SIGNIN);
    }
}
