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
    char buf[512];
    yj_d_header(u, _("一件事 一次办"), NULL);
    yj_d_center(u, 3, _("上次的填写还没有完成"), YJ_P_NORMAL, A_BOLD);
    int w = u->cols - 8;
    if (!u->resume_ok) {
        /* Nothing of the draft (not even its thing) before the secret. */
        int y = 5;
        y += yj_d_wrap(y, 4, w, 3, _("如果是您本人的填写，请输入申请人身份证号码的后四位："),
                       YJ_P_NORMAL, 0);
        char shown[16] = "[    ]";
        for (size_t i = 0; i < 4 && u->resume_typed[i]; i++)
            shown[1 + i] = '*';
        yj_d_str(y + 1, 6, shown, YJ_P_FOCUS, A_BOLD);
        u->cur_y = y + 1;
        u->cur_x = 7 + (int)strlen(u->resume_typed);
        u->cur_on = true;
        if (u->resume_tries > 0) {
            snprintf(buf, sizeof buf, _("后四位不对，还可以再试 %d 次。"), 3 - u->resume_tries);
            yj_d_wrap(y + 3, 4, w, 2, buf, YJ_P_ERROR, A_BOLD);
        }
        yj_d_button_at(u->rows - 3, 4, _("不是我的，重新开始"), false, 1);
        yj_d_footer(u, _("输入后四位  回车 确定  Esc 不是我的，重新开始"));
        return;
    }
    const struct yj_thing *t = yj_formset_thing(u->set, u->resume_thing);
    snprintf(buf, sizeof buf, _("事项：%s"), t ? yj_text(&t->label) : u->resume_thing);
    yj_d_center(u, 6, buf, YJ_P_NORMAL, 0);
    yj_d_center(u, 8, _("是否继续填写？"), YJ_P_NORMAL, 0);
    int x = u->cols / 2 - 20;
    x += yj_d_button_at(11, x, _("继续填写"), u->sel == 0, 0) + 6;
    yj_d_button_at(11, x, _("放弃，重新开始"), u->sel == 1, 1);
    yj_d_footer(u, _("←→ 选择  回车 确定"));
}

void
yj_leave_draw(struct yj_ui *u)
{
    /* A box in the middle, as the idle warning. */
    int w = u->cols - 8 < 56 ? u->cols - 8 : 56, tw = w - 8;
    const char *ask = _("回到首页将清除本次填写的全部内容。确定要离开吗？");
    int n1 = (int)yj_lay_wrap(ask, tw, NULL, 0);
    int h = n1 + 6, x = (u->cols - w) / 2, y = (u->rows - h) / 2;
    if (y < 1)
        y = 1;
    yj_d_fill(y, x, h, w, YJ_P_WARN);
    yj_d_box(y, x, h, w, YJ_P_WARN);
    yj_d_wrap(y + 2, x + 4, tw, n1, ask, YJ_P_WARN, A_BOLD | A_REVERSE);
    int bx = x + 4;
    bx += yj_d_button_at(y + 3 + n1, bx, _("清除并回首页"), u->sel == 0, 0) + 4;
    yj_d_button_at(y + 3 + n1, bx, _("继续填写"), u->sel == 1, 1);
    yj_d_footer(u, _("←→ 选择  回车 确定  Esc 继续填写"));
    u->cur_on = false;
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

/* Forget the loaded draft's copy (the store's is kept or discarded apart). */
static void
resume_forget(struct yj_ui *u)
{
    yj_free(&u->resume_thing);
    yj_free(&u->resume_page);
    yj_answers_free(&u->resume_a);
    yj_answers_init(&u->resume_a);
    memset(u->resume_typed, 0, sizeof u->resume_typed);
    memset(u->resume_secret, 0, sizeof u->resume_secret);
}

/* The secret a kiosk asks for: the last four characters of the applicant's
 * ID number in the draft (the thing's applicant, else the first ID number
 * answered); "" when it holds none. */
void
yj_resume_secret(struct yj_ui *u)
{
    u->resume_secret[0] = '\0';
    u->resume_typed[0] = '\0';
    u->resume_tries = 0;
    const struct yj_thing *t = yj_formset_thing(u->set, u->resume_thing);
    const char *id = NULL;
    if (t && t->applicant_id)
        id = yj_answers_get(&u->resume_a, t->applicant_id->id);
    for (size_t s = 0; t && (id == NULL || !*id) && s < t->nsections; s++)
        for (size_t k = 0; k < t->sections[s].nfields && (id == NULL || !*id); k++) {
            const struct yj_field *f = t->sections[s].fields[k].field;
            if (f->type == YJ_F_IDCARD)
                id = yj_answers_get(&u->resume_a, f->id);
        }
    char digits[32];
    size_t n = 0;
    for (const char *p = id ? id : ""; *p && n + 1 < sizeof digits; p++)
        if ((*p >= '0' && *p <= '9') || *p == 'X' || *p == 'x')
            digits[n++] = *p == 'x' ? 'X' : *p;
    digits[n] = '\0';
    if (n >= 4)
        memcpy(u->resume_secret, digits + n - 4, 5);
}

/* Kiosk: the four characters typed before anything of the draft is shown. */
static void
resume_secret_key(struct yj_ui *u, int type, wint_t ch)
{
    size_t n = strlen(u->resume_typed);
    bool enter =
        (type == OK && (ch == '\r' || ch == '\n')) || (type == KEY_CODE_YES && ch == KEY_ENTER);
    if ((type == OK && ch == 27) || (enter && u->sel == 1)) {
        /* Not theirs: the draft goes, and nothing of it was shown. */
        yj_discard_draft(u);
        resume_forget(u);
        yj_wipe_home(u);
    } else if (type == KEY_CODE_YES && ch == KEY_BACKSPACE) {
        if (n > 0)
            u->resume_typed[n - 1] = '\0';
    } else if (type == OK && (ch == 127 || ch == 8)) {
        if (n > 0)
            u->resume_typed[n - 1] = '\0';
    } else if (type == OK && n < 4 && ((ch >= '0' && ch <= '9') || ch == 'x' || ch == 'X')) {
        u->resume_typed[n] = ch == 'x' ? 'X' : (char)ch;
        u->resume_typed[n + 1] = '\0';
    } else if (enter && n == 4) {
        if (strcmp(u->resume_typed, u->resume_secret) == 0) {
            u->resume_ok = true;
            u->sel = 0;
        } else if (++u->resume_tries >= 3) {
            yj_discard_draft(u);
            resume_forget(u);
            yj_wipe_home(u);
            snprintf(u->note, sizeof u->note, "%s", _("后四位三次都不对，上次的填写已清除。"));
        }
        memset(u->resume_typed, 0, sizeof u->resume_typed);
    }
}

void
yj_scr_resume_key(struct yj_ui *u, int type, wint_t ch)
{
    if (!u->resume_ok) {
        resume_secret_key(u, type, ch);
        return;
    }
    if (yj_key_pick2(u, type, ch)) {
        if (u->sel == 0) {
            resume(u);
        } else {
            yj_discard_draft(u);
            yj_wipe_home(u);
        }
        resume_forget(u);
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
