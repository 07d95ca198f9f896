/* scr_notice.c: the one-time notification (一次告知): items, departments,
 * time limits, materials to bring and those exempt by e-licence. */
#define NCURSES_WIDECHAR 1
#include <ncurses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/glyph.h"
#include "core/i18n.h"
#include "core/util.h"
#include "ui/ime_ui.h"
#include "ui/ui_layout.h"
#include "ui/ui_int.h"

struct row {
    char *text;
    int pair;
    unsigned long attr;
};

/* Append a row of text. */
static void
add(struct row **v, size_t *n, int pair, unsigned long attr, char *text)
{
    *v = xreallocarray(*v, *n + 1, sizeof **v);
    (*v)[*n].text = text;
    (*v)[*n].pair = pair;
    (*v)[*n].attr = attr;
    (*n)++;
}

/* The notification as rows of text. */
static size_t
build(struct yj_ui *u, struct row **out)
{
    const struct yj_plan *p = &u->flow.plan;
    struct row *v = NULL;
    size_t n = 0;
    add(&v, &n, YJ_P_NORMAL, A_BOLD,
        xasprintf(_("本次将为您一次办理以下 %zu 个事项："), p->nitems));
    for (size_t i = 0; i < p->nitems; i++) {
        const struct yj_item *it = p->items[i];
        char lim[128];
        if (it->time_limit_days == 0)
            snprintf(lim, sizeof lim, "%s", _("即办"));
        else
            snprintf(lim, sizeof lim, _("%d 个工作日内办结"), it->time_limit_days);
        add(&v, &n, YJ_P_NORMAL, 0,
            xasprintf("%2zu. %s — %s，%s%s", i + 1, yj_text(&it->label),
                      it->dept ? yj_text(&it->dept->label) : "", lim,
                      it->ex_officio ? _("（部门依职权办理，您无需另行申请）") : ""));
    }
    add(&v, &n, YJ_P_NORMAL, 0, xstrdup(""));
    if (p->nrequired_materials > 0) {
        add(&v, &n, YJ_P_NORMAL, A_BOLD, xstrdup(_("请准备以下材料（原件）：")));
        for (size_t i = 0; i < p->nrequired_materials; i++)
            add(&v, &n, YJ_P_NORMAL, 0,
                xasprintf("  · %s", yj_text(&p->required_materials[i].material->label)));
    } else {
        add(&v, &n, YJ_P_NORMAL, A_BOLD, xstrdup(_("无需提交纸质材料。")));
    }
    if (p->nexempt_materials > 0) {
        add(&v, &n, YJ_P_NORMAL, 0, xstrdup(""));
        add(&v, &n, YJ_P_OK, A_BOLD, xstrdup(_("以下材料通过电子证照调取，免于提交：")));
        for (size_t i = 0; i < p->nexempt_materials; i++)
            add(&v, &n, YJ_P_OK, 0,
                xasprintf("  %s %s【%s】", yj_glyph(YJ_G_CHECK),
                          yj_text(&p->exempt_materials[i].material->label), _("电子证照 免提交")));
    }
    add(&v, &n, YJ_P_NORMAL, 0, xstrdup(""));
    if (p->fields_sum > p->fields_merged)
        add(&v, &n, YJ_P_HINT, 0,
            xasprintf(_("一张表共 %zu 项信息（分开办理需填写 %zu 项），共 %zu 页。"),
                      p->fields_merged, p->fields_sum, p->nsections));
    else
        add(&v, &n, YJ_P_HINT, 0,
            xasprintf(_("一张表共 %zu 项信息，共 %zu 页。"), p->fields_merged, p->nsections));
    *out = v;
    return n;
}

void
yj_scr_notice_draw(struct yj_ui *u)
{
    struct row *v;
    size_t n = build(u, &v);
    yj_d_header(u, yj_text(&u->flow.thing->label), _("一次告知"));
    int y = 2, w = u->cols - 6, bottom = u->rows - 4;
    /* Wrap every row, then scroll by screen rows. */
    int line = 0;
    for (size_t i = 0; i < n; i++) {
        struct yj_line l[16];
        size_t nl = yj_lay_wrap(v[i].text, w, l, 16);
        for (size_t k = 0; k < nl && k < 16; k++, line++) {
            int yy = y + line - u->top;
            if (yy >= y && yy < bottom) {
                char buf[1024];
                snprintf(buf, sizeof buf, "%s%.*s", k ? "    " : "", (int)l[k].len,
                         v[i].text + l[k].off);
                yj_d_text(yy, 3, w, buf, v[i].pair, v[i].attr);
            }
        }
        free(v[i].text);
    }
    free(v);
    if (u->top > line - (bottom - y))
        u->top = line - (bottom - y) > 0 ? line - (bottom - y) : 0;
    if (line - u->top > bottom - y)
        yj_d_str(bottom - 1, u->cols - 3, yj_glyph(YJ_G_DOWN), YJ_P_HINT, A_BOLD);
    yj_d_button_at(u->rows - 3, 4, _("我已了解，开始填表"), true, 0);
    yj_d_navbar(u, _("上一步"), 27, NULL, 0);
    yj_d_footer(u, _("↑↓ 滚动  回车 开始填表  Esc 上一步"));
}

void
yj_scr_notice_key(struct yj_ui *u, int type, wint_t ch)
{
    if (yj_leave_key(u, type, ch))
        return;
    if (type == KEY_CODE_YES && ch == KEY_UP && u->top > 0)
        u->top--;
    else if (type == KEY_CODE_YES && ch == KEY_DOWN)
        u->top++;
    else if (type == KEY_CODE_YES && ch == KEY_NPAGE)
        u->top += u->rows / 2;
    else if ((type == OK && (ch == '\r' || ch == '\n')) ||
             (type == KEY_CODE_YES && ch == KEY_ENTER)) {
        u->flow.page = 0;
        yj_go(u, yj_flow_npages(&u->flow) > 0 ? YJ_SCR_FORM : YJ_SCR_REVIEW);
    } else if ((type == OK && ch == 27) || (type == KEY_CODE_YES && ch == KEY_PPAGE)) {
        yj_guide_back(u);
    }
}
