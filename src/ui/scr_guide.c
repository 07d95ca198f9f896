/* scr_guide.c: guide questions (智能引导) one per screen, and the stop screen
 * when the application is not for this person. */
#define NCURSES_WIDECHAR 1
#include <ncurses.h>
#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "ui/ime_ui.h"
#include "ui/ui_int.h"

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
    char buf[256];
    const struct yj_question *q = yj_flow_guide_current(&u->flow, &k, &n);
    snprintf(buf, sizeof buf, _("第 %zu 问，共 %zu 问"), k, n);
    yj_d_header(u, yj_text(&u->flow.thing->label), q ? buf : NULL);
    yj_d_center(u, 2, _("智能引导：请回答几个问题，我们帮您确定要办哪些事"), YJ_P_HINT, 0);
    if (q == NULL)
        return;
    int y = 5, w = u->cols - 8;
    y += yj_d_wrap(y, 4, w, 3, yj_text(&q->field->label), YJ_P_NORMAL, A_BOLD) + 1;
    const char *hint = yj_text(&q->field->hint);
    if (hint && hint[0])
        y += yj_d_wrap(y, 4, w, 3, hint, YJ_P_HINT, 0) + 1;
    const char *labels[64], *values[64];
    size_t nc = choices(q->field, labels, values, 64);
    int bh = u->large ? 3 : 1;
    if (u->sel >= (int)nc)
        u->sel = 0;
    for (size_t i = 0; i < nc && y + bh < u->rows - 2; i++) {
        bool f = u->sel == (int)i;
        snprintf(buf, sizeof buf, "%s%s", f ? "▶ " : "  ", labels[i]);
        yj_d_fill(y, 6, bh, 30, f ? YJ_P_FOCUS : YJ_P_BUTTON);
        yj_hit_add(y, 6, bh, 30, YJ_HIT_SEL, (int)i);
        yj_d_text(y + bh / 2, 8, 26, buf, f ? YJ_P_FOCUS : YJ_P_BUTTON, A_BOLD);
        y += bh + 1;
    }
    yj_d_navbar(u, _("上一步"), 27, NULL, 0);
    yj_d_footer(u, _("↑↓ 选择  回车 确定  Esc 上一步"));
}

void
yj_scr_guide_key(struct yj_ui *u, int type, wint_t ch)
{
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
    y += yj_d_wrap(y, 4, w, 2, _("很抱歉，根据您的回答，本事项暂时不能在这里办理："), YJ_P_NORMAL,
                   A_BOLD) +
         1;
    for (size_t i = 0; i < u->flow.plan.nineligible && y < u->rows - 4; i++)
        y += yj_d_wrap(y, 4, w, 4, u->flow.plan.ineligible[i], YJ_P_ERROR, A_BOLD) + 1;
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
