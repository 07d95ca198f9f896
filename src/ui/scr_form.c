/* scr_form.c: the merged form screen, one section per page (the page editor
 * in w_page.c, the form's fields as it sees them in pagesrc.c). */
#define NCURSES_WIDECHAR 1
#include <ncurses.h>
#include <stdbool.h>
#include <stdio.h>

#include "core/i18n.h"
#include "ui/ime_ui.h"
#include "ui/ui_int.h"

void
yj_scr_form_draw(struct yj_ui *u)
{
    struct yj_pagesrc src;
    char right[128];
    yj_form_src(u, &src);
    const struct yj_plan_section *ps = yj_flow_section(&u->flow);
    snprintf(right, sizeof right, _("第 %zu 页，共 %zu 页"), u->flow.page + 1,
             yj_flow_npages(&u->flow));
    yj_d_header(u, yj_text(&u->flow.thing->label), right);
    if (ps)
        yj_d_text(2, 2, u->cols - 4, yj_text(&ps->section->title), YJ_P_NORMAL,
                  A_BOLD | A_UNDERLINE);
    yj_page_draw(u, &src, 4, u->rows - 3);
    yj_d_navbar(u, _("上一页"), KEY_PPAGE, u->flow.from_review ? _("回到核对页") : _("下一页"),
                KEY_NPAGE);
    /* Under 80 columns the short keys, so that the pinyin switch drawn at the
     * footer's right end (w_ime.c) covers none of them. */
    bool narrow = u->cols < 80;
    if (!u->page.pop.open && !u->page.multi.open && u->flow.from_review)
        yj_d_footer(u, narrow ? _("回车 下一项  ↑ 上一项  PgDn 回到核对页  PgUp 上一页")
                              : _("回车/Tab 下一项  ↑ 上一项  PgDn 回到核对页  PgUp 上一页"));
    else if (!u->page.pop.open && !u->page.multi.open)
        yj_d_footer(u, narrow ? _("回车 下一项  ↑ 上一项  PgDn 下一页  Esc 上一页")
                              : _("回车/Tab 下一项  ↑ 上一项  PgDn 下一页  PgUp/Esc 上一页"));
}

void
yj_scr_form_key(struct yj_ui *u, int type, wint_t ch)
{
    struct yj_pagesrc src;
    yj_form_src(u, &src);
    int r = yj_page_key(u, &src, type, ch);
    if (r == 1) {
        yj_page_commit(u, &src);
        if (yj_flow_page_check(&u->flow) > 0) {
            u->page.show_summary = true;
            u->page.sum_sel = 0;
            yj_page_focus(u, &src, -1);
            yj_save_draft(u);
            return;
        }
        if (u->flow.from_review || u->flow.page + 1 >= yj_flow_npages(&u->flow)) {
            u->flow.from_review = false;
            yj_go(u, YJ_SCR_REVIEW);
            return;
        }
        u->flow.page++;
        yj_go(u, YJ_SCR_FORM);
    } else if (r == -1) {
        yj_page_commit(u, &src);
        if (u->flow.from_review) {
            u->flow.from_review = false;
            yj_go(u, YJ_SCR_REVIEW);
        } else if (u->flow.page > 0) {
            u->flow.page--;
            yj_go(u, YJ_SCR_FORM);
        } else {
            yj_go(u, YJ_SCR_NOTICE);
        }
    }
}
