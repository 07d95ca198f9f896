/* scr_assist.c: assisted mode — the helper signs in, then records the
 * applicant's authorisation (委托代办): the agent's name, ID number,
 * relationship and the grounds. They go into the answers ("auth.*": the forms'
 * own "agent.*" fields mean the family member applying, not the helper's
 * principal), the case (helper_id) and its audit rows. The authorisation's
 * fields as the page editor sees them are in pagesrc.c. */
#define NCURSES_WIDECHAR 1
#include <ncurses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/util.h"
#include "ui/ime_ui.h"
#include "ui/ui_int.h"
#include "ui/w_line.h"

void
yj_scr_auth_draw(struct yj_ui *u)
{
    struct yj_pagesrc src;
    yj_auth_src(u, &src);
    yj_d_header(u, yj_text(&u->flow.thing->label), _("委托代办"));
    yj_d_text(2, 2, u->cols - 4, _("请记录申请人的委托：由谁代为办理，以及委托的原因"), YJ_P_NORMAL,
              A_BOLD | A_UNDERLINE);
    yj_page_draw(u, &src, 4, u->rows - 3);
    yj_d_navbar(u, _("返回首页"), 27, _("继续"), KEY_NPAGE);
    if (!u->page.pop.open)
        yj_d_footer(u, _("回车/Tab 下一项  ↑ 上一项  PgDn 继续  Esc 返回首页"));
}

void
yj_scr_auth_key(struct yj_ui *u, int type, wint_t ch)
{
    struct yj_pagesrc src;
    yj_auth_src(u, &src);
    int r = yj_page_key(u, &src, type, ch);
    if (r == 1) {
        yj_page_commit(u, &src);
        size_t bad = 0;
        for (int i = 0; i < 4; i++)
            if (src.leave(src.ctx, &u->auth_fields[i], src.value(src.ctx, &u->auth_fields[i])) !=
                YJ_V_OK)
                bad++;
        if (bad) {
            u->page.show_summary = true;
            u->page.sum_sel = 0;
            yj_page_focus(u, &src, -1);
            return;
        }
        if (u->flow.from_review) {
            u->flow.from_review = false;
            yj_go(u, YJ_SCR_REVIEW);
        } else {
            yj_go(u, YJ_SCR_GUIDE);
        }
    } else if (r == -1) {
        yj_page_commit(u, &src);
        if (u->flow.from_review) {
            u->flow.from_review = false;
            yj_go(u, YJ_SCR_REVIEW);
        } else {
            yj_wipe_home(u);
        }
    }
}

void
yj_scr_signin_draw(struct yj_ui *u)
{
    yj_d_header(u, _("一件事 一次办 · 帮办代办"), NULL);
    yj_d_center(u, 4, _("工作人员登录"), YJ_P_NORMAL, A_BOLD);
    int w = 34, x = (u->cols - w) / 2;
    if (u->signin_pin) {
        char line[128];
        snprintf(line, sizeof line, _("工号 %s · 请输入密码或 PIN"), u->signin_id);
        yj_d_center(u, 6, line, YJ_P_HINT, 0);
    } else {
        yj_d_center(u, 6, _("请输入您的工号（字母、数字）"), YJ_P_HINT, 0);
    }
    yj_d_fill(8, x, 1, w, YJ_P_FOCUS);
    yj_d_str(8, x, "[", YJ_P_FOCUS, A_BOLD);
    yj_d_str(8, x + w - 1, "]", YJ_P_FOCUS, A_BOLD);
    /* the one line editor; never the PIN itself */
    yj_line_draw(u, &u->signin, u->signin_pin ? YJ_LINE_SECRET : 0, 8, x + 1, w - 2, YJ_P_FOCUS,
                 true);
    yj_d_footer(u,
                u->signin_pin ? _("回车 登录  Esc 重新输入工号") : _("回车 下一步  Esc 退出程序"));
}

/* A helper id: 1-32 of [A-Za-z0-9_-]. */
static bool
helper_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 32)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
              (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '-'))
            return false;
    return true;
}

void
yj_scr_signin_key(struct yj_ui *u, int type, wint_t ch)
{
    if (type == OK && ch == 27) {
        if (!u->signin_pin) {
            u->quit = true;
            return;
        }
        u->signin_pin = false; /* back to the id */
        yj_eb_clear(&u->signin);
        return;
    }
    if ((type == OK && (ch == '\r' || ch == '\n')) || (type == KEY_CODE_YES && ch == KEY_ENTER)) {
        if (!u->signin_pin) {
            if (!helper_ok(u->signin.s)) {
                snprintf(u->note, sizeof u->note, "%s",
                         _("工号只能由字母、数字、“-”和“_”组成，1 到 32 位"));
                return;
            }
            snprintf(u->signin_id, sizeof u->signin_id, "%s", u->signin.s);
            yj_eb_clear(&u->signin);
            u->signin_pin = true;
            return;
        }
        int rc = yj_flow_helper_signin(u->store, u->signin_id, u->signin.s, u->terminal, u->note,
                                       sizeof u->note);
        yj_eb_clear(&u->signin);
        u->signin_pin = false;
        if (rc != 0)
            return; /* the reason stays in the note; the id is asked again */
        snprintf(u->helper, sizeof u->helper, "%s", u->signin_id);
        snprintf(u->slot, sizeof u->slot, "assist:%s", u->helper);
        yj_go(u, YJ_SCR_RESUME);
        return;
    }
    /* The one line editor (an id or a PIN: no pinyin). */
    yj_line_key(u, &u->signin, u->signin_pin ? YJ_LINE_SECRET : 0, type, ch);
    if (u->note[0] != '\0' && !u->signin_pin && yj_eb_chars(&u->signin) >= 32)
        snprintf(u->note, sizeof u->note, "%s", _("工号最多 32 位"));
}
