/* counter_signin.c: the clerk's sign-in (id and password) and the locked
 * screen (the password again, or Esc to sign out). */
#define NCURSES_WIDECHAR 1
#include <ncurses.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/i18n.h"
#include "core/util.h"
#include "store/store.h"
#include "ui/counter_int.h"
#include "ui/ime_ui.h"
#include "ui/w_line.h"

/* Try the password typed (for the id typed, or the signed-in clerk when locked). */
static void
try_signin(struct yj_cui *c)
{
    const char *id = c->scr == YJ_C_LOCK ? c->user.id : c->id_eb.s;
    long wait = 0;
    struct yj_user u;
    time_t now = time(NULL);
    if (now < c->wait_until) {
        snprintf(c->u.note, sizeof c->u.note, _("请 %ld 秒后重试。"), (long)(c->wait_until - now));
        return;
    }
    yj_c_flash(c, _("正在验证…"));
    enum yj_signin st = yj_user_signin(c->u.store, id, c->pw_eb.s, (long long)now, &wait, &u);
    yj_eb_clear(&c->pw_eb);
    if (st != YJ_SIGNIN_OK) {
        if (st == YJ_SIGNIN_ERROR)
            snprintf(c->u.note, sizeof c->u.note, "%s", yj_store_error(c->u.store));
        else
            yj_signin_message(st, wait, c->u.note, sizeof c->u.note);
        c->wait_until = now + wait;
        return;
    }
    c->wait_until = 0;
    if (u.role == NULL || strcmp(u.role, YJ_ROLE_HELPER) == 0) {
        /* A helper's account (a short PIN) is for the assisted mode only. */
        snprintf(c->u.note, sizeof c->u.note, _("账号 %s（%s）无权进行此操作。"), id,
                 u.role ? u.role : "");
        yj_user_free(&u);
        return;
    }
    if (c->scr == YJ_C_LOCK) {
        yj_user_free(&u);
        c->scr = c->before_lock;
        return;
    }
    yj_user_free(&c->user);
    c->user = u;
    c->signed_in = true;
    c->who.kind = strcmp(u.role, YJ_ROLE_ADMIN) == 0 ? "admin" : "clerk";
    c->who.id = c->user.id;
    snprintf(c->u.slot, sizeof c->u.slot, "counter:%s", c->user.id);
    snprintf(c->u.helper, sizeof c->u.helper, "%s", c->user.id);
    c->u.note[0] = '\0';
    c->signin_focus = 0;
    yj_c_go(c, YJ_C_QUEUE);
}

/* Sign-in screen: clerk id and password. */
void
yj_c_signin_draw(struct yj_cui *c)
{
    struct yj_ui *u = &c->u;
    char right[64];
    snprintf(right, sizeof right, _("窗口 %s"), u->terminal);
    yj_d_header(u, _("一件事 综合窗口 · 工作人员登录"), right);
    int y = u->rows / 2 - 4, x = u->cols / 2 - 20;
    if (c->scr == YJ_C_LOCK) {
        char line[256];
        snprintf(line, sizeof line, _("屏幕已锁定（%s %s）。请输入密码解锁，Esc 退出登录。"),
                 c->user.id, c->user.name);
        yj_d_center(u, y, line, YJ_P_NORMAL, A_BOLD);
    } else {
        yj_d_center(u, y, _("请输入工号和密码"), YJ_P_NORMAL, A_BOLD);
        yj_d_str(y + 2, x, _("工号"), YJ_P_NORMAL, 0);
        yj_c_eb_draw(c, &c->id_eb, y + 2, x + 8, 32, 0, c->signin_focus == 0);
    }
    yj_d_str(y + 4, x, _("密码"), YJ_P_NORMAL, 0);
    yj_c_eb_draw(c, &c->pw_eb, y + 4, x + 8, 32, YJ_LINE_SECRET,
                 c->signin_focus == 1 || c->scr == YJ_C_LOCK);
    yj_d_footer(u, c->scr == YJ_C_LOCK ? _("回车 解锁  Esc 退出登录")
                                       : _("Tab 切换  回车 登录  F10 退出程序"));
}

/* Sign-in screen keys. */
void
yj_c_signin_key(struct yj_cui *c, int type, wint_t ch)
{
    if (c->scr == YJ_C_LOCK) {
        int r = yj_c_eb_key(c, &c->pw_eb, YJ_LINE_SECRET, type, ch);
        if (r == 1) {
            try_signin(c);
        } else if (r == -1) {
            yj_store_audit(c->u.store, &c->who, "signout", NULL, "from lock");
            c->signed_in = false;
            yj_flow_wipe(&c->u.flow);
            yj_c_detail_free(c);
            yj_eb_clear(&c->id_eb);
            c->scr = YJ_C_SIGNIN;
        }
        return;
    }
    if (type == KEY_CODE_YES && ch == KEY_F(10)) {
        c->quit = true;
        return;
    }
    if ((type == OK && ch == '\t') ||
        (type == KEY_CODE_YES && (ch == KEY_DOWN || ch == KEY_UP || ch == KEY_BTAB))) {
        c->signin_focus = !c->signin_focus;
        return;
    }
    struct yj_editbuf *b = c->signin_focus ? &c->pw_eb : &c->id_eb;
    int r = yj_c_eb_key(c, b, c->signin_focus ? YJ_LINE_SECRET : 0, type, ch);
    if (r == 1 && c->signin_focus == 0)
        c->signin_focus = 1;
    else if (r == 1)
        try_signin(c);
}
