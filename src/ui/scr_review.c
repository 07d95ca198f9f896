/* scr_review.c: check your answers — every answer grouped by section, each
 * section editable (returning here), then submit. */
#define NCURSES_WIDECHAR 1
#include <ncurses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/glyph.h"
#include "core/i18n.h"
#include "core/utf8.h"
#include "ui/ime_ui.h"
#include "ui/ui_int.h"
#include "ui/ui_layout.h"

/* Selectable entries: the sections, the authorisation (assisted), submit. */
static int
nentries(struct yj_ui *u)
{
    return (int)u->flow.plan.nsections + (u->assist ? 1 : 0) + 1;
}

/* Draw one label: value line, both wrapped in their columns (rows from y
 * that are not in [y0, y1) are skipped); returns the rows used. */
static int
answer_row(struct yj_ui *u, int y, int y0, int y1, const struct yj_field *fd, const char *v,
           bool draw)
{
    char shown[512], buf[1024];
    int lw = u->cols / 3, vw = u->cols - lw - 10;
    yj_d_display(fd, v, true, shown, sizeof shown);
    const char *lab = yj_text(&fd->label), *val = shown[0] ? shown : _("（未填写）");
    struct yj_line ll[16], vl[16];
    size_t nl = yj_lay_wrap(lab, lw, ll, 16), nv = yj_lay_wrap(val, vw, vl, 16);
    int rows = (int)(nl > nv ? nl : nv);
    for (int k = 0; draw && k < rows && k < 16; k++) {
        if (y + k < y0 || y + k >= y1)
            continue;
        if ((size_t)k < nl) {
            snprintf(buf, sizeof buf, "%.*s", (int)ll[k].len, lab + ll[k].off);
            yj_d_text(y + k, 6, lw, buf, YJ_P_HINT, 0);
        }
        if ((size_t)k < nv) {
            snprintf(buf, sizeof buf, "%.*s", (int)vl[k].len, val + vl[k].off);
            yj_d_text(y + k, 6 + lw + 1, vw, buf, YJ_P_NORMAL, A_BOLD);
        }
    }
    return rows;
}

/* A note under an answer (a problem, a confirmed warning), wrapped in full
 * from column 8; returns the rows used. */
static int
note_rows(struct yj_ui *u, int y, int y0, int y1, const char *text, int pair, bool draw)
{
    struct yj_line il[16];
    size_t ni = yj_lay_wrap(text, u->cols - 12, il, 16);
    for (size_t j = 0; draw && j < ni && j < 16; j++) {
        if (y + (int)j < y0 || y + (int)j >= y1)
            continue;
        char t[512];
        snprintf(t, sizeof t, "%.*s", (int)il[j].len, text + il[j].off);
        yj_d_text(y + (int)j, 8, u->cols - 12, t, pair, A_BOLD);
    }
    return (int)(ni < 16 ? ni : 16);
}

void
yj_scr_review_draw(struct yj_ui *u)
{
    const struct yj_plan *p = &u->flow.plan;
    int ne = nentries(u);
    if (u->sel >= ne)
        u->sel = ne - 1;
    yj_d_header(u, yj_text(&u->flow.thing->label), _("核对信息"));
    int y0 = 2, bottom = u->rows - 4;
    if (!yj_plan_ok(p)) {
        char buf[256];
        snprintf(buf, sizeof buf, _("还有 %zu 处需要修改，请选择所在部分进行修改"),
                 p->nerrors + p->nwarnings);
        yj_d_text(y0++, 2, u->cols - 4, buf, YJ_P_ERROR, A_BOLD | A_REVERSE);
    } else {
        yj_d_text(y0++, 2, u->cols - 4, _("请核对以下信息，无误后提交"), YJ_P_NORMAL, A_BOLD);
    }
    /* Pass 1 computes the selected entry's row so it can be kept in view. */
    for (int pass = 0; pass < 2; pass++) {
        int line = 0, sel_line = 0;
        for (int e = 0; e < ne - 1; e++) {
            bool f = u->sel == e;
            if (f)
                sel_line = line;
            int yy = y0 + line - u->top;
            bool vis = pass == 1 && yy >= y0 && yy < bottom;
            char head[512];
            if (u->assist && e == ne - 2) {
                snprintf(head, sizeof head, "%s %s", yj_glyph_or_blank(YJ_G_FOCUS, f),
                         _("委托代办信息"));
                if (vis) {
                    yj_d_text(yy, 2, u->cols - 16, head, f ? YJ_P_FOCUS : YJ_P_NORMAL, A_BOLD);
                    yj_hit_add(yy, 2, 1, u->cols - 4, YJ_HIT_SEL, e);
                    yj_d_str(yy, u->cols - 12, _("[修改]"), f ? YJ_P_FOCUS : YJ_P_HINT, 0);
                }
                line++;
                for (int k = 0; k < 4; k++) {
                    yy = y0 + line - u->top;
                    vis = pass == 1 && yy >= y0 && yy < bottom;
                    line += answer_row(u, yy, y0, bottom, &u->auth_fields[k],
                                       yj_answers_get(&u->flow.a, u->auth_fields[k].id), pass == 1);
                }
            } else {
                const struct yj_plan_section *ps = &p->sections[e];
                snprintf(head, sizeof head, "%s %s", yj_glyph_or_blank(YJ_G_FOCUS, f),
                         yj_text(&ps->section->title));
                if (vis) {
                    yj_d_text(yy, 2, u->cols - 16, head, f ? YJ_P_FOCUS : YJ_P_NORMAL, A_BOLD);
                    yj_hit_add(yy, 2, 1, u->cols - 4, YJ_HIT_SEL, e);
                    yj_d_str(yy, u->cols - 12, _("[修改]"), f ? YJ_P_FOCUS : YJ_P_HINT, 0);
                }
                line++;
                for (size_t k = 0; k < ps->nfields; k++) {
                    yy = y0 + line - u->top;
                    vis = pass == 1 && yy >= y0 && yy < bottom;
                    line += answer_row(u, yy, y0, bottom, ps->fields[k],
                                       yj_answers_get(&u->flow.a, ps->fields[k]->id), pass == 1);
                    for (size_t i = 0; i < p->nissues; i++)
                        if (p->issues[i].field == ps->fields[k]) {
                            snprintf(head, sizeof head, "！%s", p->issues[i].msg);
                            line += note_rows(
                                u, y0 + line - u->top, y0, bottom, head,
                                p->issues[i].level == YJ_V_ERR ? YJ_P_ERROR : YJ_P_WARN, pass == 1);
                            break;
                        }
                    /* A warning the person confirmed stays in sight, marked. */
                    for (size_t i = 0; i < p->nconfirmed; i++)
                        if (p->confirmed[i].field == ps->fields[k]) {
                            snprintf(head, sizeof head, _("%s 已确认无误：%s"),
                                     yj_glyph(YJ_G_CHECK), p->confirmed[i].msg);
                            line += note_rows(u, y0 + line - u->top, y0, bottom, head, YJ_P_WARN,
                                              pass == 1);
                        }
                }
            }
            line++;
        }
        if (pass == 0) {
            int view = bottom - y0;
            if (u->sel == ne - 1)
                u->top = line - view > 0 ? line - view : 0;
            else if (sel_line < u->top)
                u->top = sel_line;
            else if (sel_line + 3 > u->top + view)
                u->top = sel_line + 3 - view;
        } else {
            if (u->top > 0)
                yj_d_str(y0, u->cols - 3, yj_glyph(YJ_G_UP), YJ_P_HINT, A_BOLD);
            if (line - u->top > bottom - y0)
                yj_d_str(bottom - 1, u->cols - 3, yj_glyph(YJ_G_DOWN), YJ_P_HINT, A_BOLD);
        }
    }
    yj_d_button_at(u->rows - 3, 4, _("提交申请"), u->sel == ne - 1, ne - 1);
    yj_d_navbar(u, _("上一页"), 27, NULL, 0);
    yj_d_footer(u, _("↑↓ 选择  回车 修改该部分/提交  Esc 返回上一页"));
}

/* Submit and show the confirmation. */
static void
submit(struct yj_ui *u)
{
    char err[512];
    yj_flow_replan(&u->flow);
    if (!yj_plan_ok(&u->flow.plan)) {
        snprintf(u->note, sizeof u->note, "%s", _("还有需要修改或确认的内容，请先处理"));
        /* Jump to the first section with a problem. */
        for (size_t s = 0; s < u->flow.plan.nsections; s++)
            for (size_t i = 0; i < u->flow.plan.nissues; i++)
                for (size_t k = 0; k < u->flow.plan.sections[s].nfields; k++)
                    if (u->flow.plan.issues[i].field == u->flow.plan.sections[s].fields[k]) {
                        u->sel = (int)s;
                        return;
                    }
        return;
    }
    if (yj_flow_submit(&u->flow, u->store, u->terminal, u->assist ? u->helper : NULL, err,
                       sizeof err) != 0) {
        snprintf(u->note, sizeof u->note,
                 _("提交没有成功：%s（您填写的内容已保留，请稍后重试或联系工作人员）"), err);
        return;
    }
    yj_discard_draft(u);
    yj_go(u, YJ_SCR_DONE);
}

void
yj_scr_review_key(struct yj_ui *u, int type, wint_t ch)
{
    int ne = nentries(u);
    bool enter =
        (type == OK && (ch == '\r' || ch == '\n')) || (type == KEY_CODE_YES && ch == KEY_ENTER);
    if (type == KEY_CODE_YES && (ch == KEY_UP || ch == KEY_BTAB) && u->sel > 0)
        u->sel--;
    else if (((type == KEY_CODE_YES && ch == KEY_DOWN) || (type == OK && ch == '\t')) &&
             u->sel + 1 < ne)
        u->sel++;
    else if (type == KEY_CODE_YES && ch == KEY_END)
        u->sel = ne - 1;
    else if (type == KEY_CODE_YES && ch == KEY_HOME)
        u->sel = 0;
    else if (enter) {
        if (u->sel == ne - 1) {
            submit(u);
        } else if (u->assist && u->sel == ne - 2) {
            u->flow.from_review = true;
            int back = u->sel + 1;
            yj_go(u, YJ_SCR_AUTH);
            u->review_back = back; /* the review reopens here (nav.c) */
        } else {
            u->flow.page = (size_t)u->sel;
            u->flow.from_review = true;
            int back = u->sel + 1;
            yj_go(u, YJ_SCR_FORM);
            u->review_back = back;
        }
    } else if ((type == OK && ch == 27) || (type == KEY_CODE_YES && ch == KEY_PPAGE)) {
        size_t np = yj_flow_npages(&u->flow);
        u->flow.page = np > 0 ? np - 1 : 0;
        yj_go(u, np > 0 ? YJ_SCR_FORM : YJ_SCR_NOTICE);
    }
}
