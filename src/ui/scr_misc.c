/* scr_misc.c: the resume offer after a crash, the "please enlarge" screen and
 * the idle warning. */
#define NCURSES_WIDECHAR 1
#include <ncurses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/glyph.h"
#include "core/i18n.h"
#include "core/utf8.h"
#include "core/util.h"
#include "ui/ime_ui.h"
#include "ui/ui_int.h"
#include "ui/ui_layout.h"

void
yj_scr_resume_draw(struct yj_ui *u)
{
    const struct yj_thing *t = yj_formset_thing(u->set, u->resume_thing);
    char buf[512];
    yj_d_header(u, _("一件事 一次办"), NULL);
    yj_d_center(u, 4, _("上次的填写还没有完成"), YJ_P_NORMAL, A_BOLD);
    snprintf(buf, sizeof buf, _("事项：%s"), t ? yj_text(&t->label) : u->resume_thing);
    yj_d_center(u, 6, buf, YJ_P_NORMAL, 0);
    yj_d_center(u, 8, _("是否继续填写？"), YJ_P_NORMAL, 0);
    int x = u->cols / 2 - 20;
    x += yj_d_button_at(11, x, _("继续填写"), u->sel == 0, 0) + 6;
    yj_d_button_at(11, x, _("放弃，重新开始"), u->sel == 1, 1);
    yj_d_footer(u, _("←→ 选择  回车 确定"));
}

/* Resume the loaded draft at its page. */
static void
resume(struct yj_ui *u)
{
    const struct yj_thing *t = yj_formset_thing(u->set, u->resume_thing);
    if (t == NULL) {
        yj_discard_draft(u);
        yj_go(u, YJ_SCR_HOME);
        return;
    }
    yj_flow_begin(&u->flow, t, &u->resume_a);
    if (u->assist)
        yj_auth_init(u);
    const char *pg = u->resume_page ? u->resume_page : "";
    if (strncmp(pg, "guide:", 6) == 0) {
        u->flow.guide_pos = (size_t)strtoul(pg + 6, NULL, 10);
        yj_go(u, YJ_SCR_GUIDE);
    } else if (strncmp(pg, "form:", 5) == 0) {
        size_t n;
        yj_flow_guide_current(&u->flow, NULL, &n);
        u->flow.guide_pos = n;
        u->flow.page = (size_t)strtoul(pg + 5, NULL, 10);
        if (u->flow.page >= yj_flow_npages(&u->flow))
            u->flow.page = 0;
        yj_go(u, YJ_SCR_FORM);
    } else {
        size_t n;
        yj_flow_guide_current(&u->flow, NULL, &n);
        u->flow.guide_pos = n;
        if (strcmp(pg, "review") == 0)
            yj_go(u, YJ_SCR_REVIEW);
        else if (strcmp(pg, "auth") == 0 && u->assist)
            yj_go(u, YJ_SCR_AUTH);
        else
            yj_go(u, YJ_SCR_NOTICE);
    }
}

void
yj_scr_resume_key(struct yj_ui *u, int type, wint_t ch)
{
    if (yj_key_pick2(u, type, ch)) {
        if (u->sel == 0) {
            resume(u);
        } else {
            yj_discard_draft(u);
            yj_wipe_home(u);
        }
        yj_free(&u->resume_thing);
        yj_free(&u->resume_page);
        yj_answers_free(&u->resume_a);
        yj_answers_init(&u->resume_a);
    }
}

void
yj_scr_small_draw(struct yj_ui *u)
{
    const char *msg = _("请放大窗口");
    char buf[128];
    snprintf(buf, sizeof buf, "%d%s%d < %d%s%d", u->cols, yj_glyph(YJ_G_TIMES), u->rows,
             YJ_UI_KIOSK_MIN_COLS, yj_glyph(YJ_G_TIMES), YJ_UI_KIOSK_MIN_ROWS);
    int y = u->rows / 2 - 1;
    if (y < 0)
        y = 0;
    int x = (u->cols - yj_str_width(msg)) / 2;
    yj_d_text(y, x < 0 ? 0 : x, u->cols - (x < 0 ? 0 : x), msg, YJ_P_NORMAL, A_BOLD);
    if (y + 1 < u->rows) {
        x = (u->cols - yj_str_width(buf)) / 2;
        yj_d_text(y + 1, x < 0 ? 0 : x, u->cols - (x < 0 ? 0 : x), buf, YJ_P_HINT, 0);
    }
}

void
yj_scr_idle_draw(struct yj_ui *u, long remaining)
{
    /* A box in the middle, its two lines wrapped to fit down to 64 columns. */
    int w = u->cols - 8 < 56 ? u->cols - 8 : 56, tw = w - 8;
    char buf[256];
    const char *ask = _("您还在吗？请按任意键继续填写。");
    snprintf(buf, sizeof buf, _("%ld 秒后将清除本次填写的内容，回到首页。"), remaining);
    int n1 = (int)yj_lay_wrap(ask, tw, NULL, 0), n2 = (int)yj_lay_wrap(buf, tw, NULL, 0);
    int h = n1 + n2 + 5, x = (u->cols - w) / 2, y = (u->rows - h) / 2;
    if (y < 1)
        y = 1;
    yj_d_fill(y, x, h, w, YJ_P_WARN);
    yj_d_box(y, x, h, w, YJ_P_WARN);
    yj_d_wrap(y + 2, x + 4, tw, n1, ask, YJ_P_WARN, A_BOLD | A_REVERSE);
    yj_d_wrap(y + 3 + n1, x + 4, tw, n2, buf, YJ_P_WARN, A_REVERSE);
    u->cur_on = false;
}
