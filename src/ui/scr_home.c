/* scr_home.c: Home — the bundles on offer in large type, what to have at hand,
 * and the language choice. */
#define NCURSES_WIDECHAR 1
#include <ncurses.h>
#include <stdio.h>
#include <string.h>

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

void
yj_scr_home_draw(struct yj_ui *u)
{
    size_t nt = u->set->nthings;
    char buf[512];
    if (u->assist) {
        snprintf(buf, sizeof buf, _("协办人员：%s"), u->helper);
        yj_d_header(u, _("一件事 一次办 · 帮办代办"), buf);
    } else {
        yj_d_header(u, _("一件事 一次办"), NULL);
    }
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
        snprintf(buf, sizeof buf, "%s%zu. %s", f ? "▶ " : "  ", i + 1,
                 yj_text(&u->set->things[i]->label));
        yj_d_text(by + 1, x + 2, lw - 4, buf, f ? YJ_P_FOCUS : YJ_P_BUTTON, A_BOLD);
        if (bh > 3)
            yj_d_text(by + 2, x + 6, lw - 8, yj_text(&u->set->things[i]->summary),
                      f ? YJ_P_FOCUS : YJ_P_BUTTON, 0);
    }
    /* What to have at hand for the highlighted bundle. */
    int rx = u->cols / 2 + 1, rw = u->cols - rx - 2, ry = 4;
    size_t ti = u->sel < (int)nt ? (size_t)u->sel : 0;
    if (nt > 0) {
        const struct yj_thing *t = u->set->things[ti];
        yj_d_text(ry++, rx, rw, yj_text(&t->label), YJ_P_NORMAL, A_BOLD | A_UNDERLINE);
        ry += yj_d_wrap(ry, rx, rw, 3, yj_text(&t->summary), YJ_P_NORMAL, 0);
        ry++;
        yj_d_text(ry++, rx, rw, _("请准备好："), YJ_P_NORMAL, A_BOLD);
        for (size_t k = 0; k < t->nprepare && ry < u->rows - 6; k++) {
            snprintf(buf, sizeof buf, "· %s", yj_text(&t->prepare[k]));
            ry += yj_d_wrap(ry, rx, rw, 3, buf, YJ_P_NORMAL, 0);
        }
    }
    /* Language. */
    int ly = u->rows - 4, lx = 2;
    bool lf = u->sel == (int)nt;
    lx += yj_d_str(ly, lx, _("语言 Language："), YJ_P_NORMAL, lf ? A_BOLD : 0) + 1;
    for (int l = 0; l < 3; l++) {
        if (!u->lang_ok[l])
            continue;
        bool cur = (int)yj_i18n_get() == l;
        snprintf(buf, sizeof buf, cur ? "(●) %s" : "( ) %s", lang_names[l]);
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
    yj_d_footer(u, u->assist ? _("↑↓ 选择  回车 开始办理  ←→ 切换语言  Esc 退出登录")
                             : _("↑↓ 选择  回车 开始办理  ←→ 切换语言"));
    /* For the staff who look after the kiosk: cases not yet acknowledged upstream. */
    char q[96];
    if (yj_flow_queue_line(u->store, q, sizeof q) == 0) {
        int w = yj_str_width(q);
        if (u->cols > 50 + w)
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
            break;
        case KEY_DOWN:
        case KEY_BTAB:
            if (u->sel < nt)
                u->sel++;
            break;
        case KEY_LEFT:
            if (u->sel == nt)
                cycle_lang(u, -1);
            break;
        case KEY_RIGHT:
            if (u->sel == nt)
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
    if (ch == '\t')
        u->sel = u->sel < nt ? u->sel + 1 : 0;
    else if ((ch == '\r' || ch == '\n') && u->sel < nt)
        start_thing(u, u->set->things[u->sel]);
    else if (ch == 27 && u->assist) {
        yj_flow_helper_signout(u->store, u->helper);
        u->helper[0] = '\0';
        yj_go(u, YJ_SCR_SIGNIN);
    }
}
