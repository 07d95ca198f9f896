/* scr_guide.c: guide questions (智能引导) one per screen, and the stop screen
 * when the application is not for this person. */
#define NCURSES_WIDECHAR 1
#include <ncurses.h>
#include <stdio.h>
#include <string.h>

#include "core/glyph.h"
#include "core/i18n.h"
#include "core/utf8.h"
#include "ui/ime_ui.h"
#include "ui/ui_int.h"
#include "ui/ui_layout.h"

/* Choices of a guide question: yes/no or the select's list. */
static size_t
choices(const struct yj_field *fd, const char **labels, const char **values, size_t max)
{
    if (fd->type == YJ_F_YESNO) {
        labels[0] = _("是");
        values[0] = "yes";
        labels[1] = _("否");
        values[1] = "no";
        return 2;
    }
    size_t n = 0;
    for (; n < fd->nchoices && n < max; n++) {
        labels[n] = yj_text(&fd->choices[n].label);
        values[n] = fd->choices[n].value;
    }
    return n;
}

void
yj_scr_guide_draw(struct yj_ui *u)
{
    size_t k, n;
    char buf[1024];
    const struct yj_question *q = yj_flow_guide_current(&u->flow, &k, &n);
    /* "共" only when no question is left that may or may not be asked: the
     * count never grows as the answers come. */
    if (yj_flow_guide_certain(&u->flow))
        snprintf(buf, sizeof buf, _("第 %zu 问，共 %zu 问"), k, n);
    else
        snprintf(buf, sizeof buf, _("第 %zu 问，最多 %zu 问"), k, n);
    yj_d_header(u, yj_text(&u->flow.thing->label), q ? buf : NULL);
    yj_d_navbar(u, _("上一步"), 27, NULL, 0);
    /* Large print (under 20 rows): the introduction gives way to the question. */
    bool roomy = u->rows >= 20;
    if (roomy)
        yj_d_center(u, 2, _("智能引导：请回答几个问题，我们帮您确定要办哪些事"), YJ_P_HINT, 0);
    if (q == NULL)
        return;
    int y = roomy ? 5 : 2, w = u->cols - 8, bottom = u->rows - 2;
    /* The question and its hint in full; the answers scroll below them. */
    y += yj_d_wrap(y, 4, w, 16, yj_text(&q->field->label), YJ_P_NORMAL, A_BOLD) + 1;
    const char *hint = yj_text(&q->field->hint);
    if (hint && hint[0])
        y += yj_d_wrap(y, 4, w, 16, hint, YJ_P_HINT, 0) + (roomy ? 1 : 0);
    const char *labels[64], *values[64];
    size_t nc = choices(q->field, labels, values, 64);
    /* Under the "leave to Home?" dialog u->sel is the dialog's. */
    int *psel = u->leave_ask ? &u->leave_sel : &u->sel;
    if (*psel >= (int)nc)
        *psel = 0;
    int sel = *psel;
    if (nc == 0 || y >= bottom)
        return;
    /* Each answer wraps in a bar from column 6; bars are padded in large type
     * and spaced when every one fits that way. */
    int bw = u->cols - 12 < 40 ? u->cols - 12 : 40, tw = bw - 4;
    for (size_t i = 0; i < nc; i++)
        if (yj_str_width(labels[i]) + 2 > tw)
            bw = u->cols - 12, tw = bw - 4;
    int h[64], ys[64], pad = u->large ? 1 : 0, gap = 1, need = 0;
    for (int attempt = 0; attempt < 3; attempt++) {
        need = 0;
        for (size_t i = 0; i < nc; i++) {
            snprintf(buf, sizeof buf, "%s %s", yj_glyph(YJ_G_FOCUS), labels[i]);
            h[i] = (int)yj_lay_wrap(buf, tw, NULL, 0) + 2 * pad + gap;
            need += h[i];
        }
        if (need - gap <= bottom - y)
            break;
        if (pad > 0)
            pad = 0;
        else
            gap = 0;
    }
    int top = u->top;
    yj_lay_scroll(h, nc, (size_t)sel, bottom - y, &top, ys);
    u->top = top;
    for (size_t i = 0; i < nc; i++) {
        int by = y + ys[i], bh = h[i] - gap;
        if (ys[i] < 0 || by + bh > bottom)
            continue;
        bool f = sel == (int)i;
        snprintf(buf, sizeof buf, "%s %s", yj_glyph_or_blank(YJ_G_FOCUS, f), labels[i]);
        yj_d_fill(by, 6, bh, bw, f ? YJ_P_FOCUS : YJ_P_BUTTON);
        yj_hit_add(by, 6, bh, bw, YJ_HIT_SEL, (int)i);
        yj_d_wrap(by + pad, 8, tw, bh - 2 * pad, buf, f ? YJ_P_FOCUS : YJ_P_BUTTON, A_BOLD);
    }
    if (top > 0)
        yj_d_str(y, u->cols - 3, yj_glyph(YJ_G_UP), YJ_P_HINT, A_BOLD);
    if (need - gap - top > bottom - y)
        yj_d_str(bottom - 1, u->cols - 3, yj_glyph(YJ_G_DOWN), YJ_P_HINT, A_BOLD);
    yj_d_footer(u, _("↑↓ 选择  回车 确定  Esc 上一步"));
}

void
yj_scr_guide_key(struct yj_ui *u, int type, wint_t ch)
{
    if (yj_leave_key(u, type, ch))
        return;
    const struct yj_question *q = yj_flow_guide_current(&u->flow, NULL, NULL);
    if (q == NULL) {
        yj_go(u, YJ_SCR_NOTICE);
        return;
    }
    const char *labels[64], *values[64];
    size_t nc = choices(q->field, labels, values, 64);
    bool enter =
        (type == OK && (ch == '\r' || ch == '\n')) || (type == KEY_CODE_YES && ch == KEY_ENTER);
    if (type == KEY_CODE_YES && (ch == KEY_UP || ch == KEY_LEFT) && u->sel > 0)
        u->sel--;
    else if (type == KEY_CODE_YES && (ch == KEY_DOWN || ch == KEY_RIGHT) && u->sel + 1 < (int)nc)
        u->sel++;
    else if (enter && nc > 0) {
        enum yj_guide_step st = yj_flow_guide_answer(&u->flow, values[u->sel]);
        yj_save_draft(u);
        if (st == YJ_GUIDE_STOP)
            yj_go(u, YJ_SCR_STOP);
        else if (st == YJ_GUIDE_DONE)
            yj_go(u, YJ_SCR_NOTICE);
        else
            yj_go(u, YJ_SCR_GUIDE);
    } else if ((type == OK && ch == 27) || (type == KEY_CODE_YES && ch == KEY_PPAGE)) {
        yj_guide_back(u);
    }
}

void
yj_scr_stop_draw(struct yj_ui *u)
{
    yj_d_header(u, yj_text(&u->flow.thing->label), NULL);
    int y = 3, w = u->cols - 8;
    y += yj_d_wrap(y, 4, w, 4, _("很抱歉，根据您的回答，本事项暂时不能在这里办理："), YJ_P_NORMAL,
                   A_BOLD) +
         1;
    /* Every reason in full while there is room; the last one drawn ends in
     * "…" when more is left (yj_d_wrap). */
    for (size_t i = 0; i < u->flow.plan.nineligible && y < u->rows - 4; i++) {
        int left = u->rows - 4 - y;
        if (i + 1 < u->flow.plan.nineligible && left > 1)
            left = (int)yj_lay_wrap(u->flow.plan.ineligible[i], w, NULL, 0) < left
                       ? (int)yj_lay_wrap(u->flow.plan.ineligible[i], w, NULL, 0)
                       : left;
        y += yj_d_wrap(y, 4, w, left, u->flow.plan.ineligible[i], YJ_P_ERROR, A_BOLD) + 1;
    }
    yj_d_button_at(u->rows - 3, 4, _("返回首页"), u->sel == 0, 0);
    yj_d_button_at(u->rows - 3, 24, _("返回修改回答"), u->sel == 1, 1);
    yj_d_footer(u, _("←→ 选择  回车 确定"));
}

void
yj_scr_stop_key(struct yj_ui *u, int type, wint_t ch)
{
    if (yj_key_pick2(u, type, ch)) {
        if (u->sel == 0) {
            yj_wipe_home(u);
        } else {
            yj_flow_guide_back(&u->flow);
            yj_go(u, YJ_SCR_GUIDE);
        }
    } else if (type == OK && ch == 27) {
        yj_flow_guide_back(&u->flow);
        yj_go(u, YJ_SCR_GUIDE);
    }
}
