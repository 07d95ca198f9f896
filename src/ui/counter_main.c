/* counter_main.c: the counter's main loop — sign-in, the idle screen lock,
 * screen dispatch, and the kiosk's form screens reused for new cases. */
#define NCURSES_WIDECHAR 1
#include <ncurses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/i18n.h"
#include "core/paths.h"
#include "core/readiness.h"
#include "core/utf8.h"
#include "core/util.h"
#include "print/print.h"
#include "store/store.h"
#include "ui/counter_int.h"
#include "ui/layout.h"

/* The kiosk's screens, for new cases and edits. */
static const struct {
    void (*draw)(struct yj_ui *);
    void (*key)(struct yj_ui *, int, wint_t);
} flow_screens[YJ_SCR_COUNT] = {
    [YJ_SCR_HOME] = {yj_scr_home_draw, yj_scr_home_key},
    [YJ_SCR_RESUME] = {yj_scr_resume_draw, yj_scr_resume_key},
    [YJ_SCR_GUIDE] = {yj_scr_guide_draw, yj_scr_guide_key},
    [YJ_SCR_STOP] = {yj_scr_stop_draw, yj_scr_stop_key},
    [YJ_SCR_NOTICE] = {yj_scr_notice_draw, yj_scr_notice_key},
    [YJ_SCR_FORM] = {yj_scr_form_draw, yj_scr_form_key},
    [YJ_SCR_REVIEW] = {yj_scr_review_draw, yj_scr_review_key},
    [YJ_SCR_DONE] = {yj_scr_done_draw, yj_scr_done_key},
    [YJ_SCR_RATING] = {yj_scr_rating_draw, yj_scr_rating_key},
};

int
yj_c_eb_key(struct yj_editbuf *b, int type, wint_t ch)
{
    if (type == KEY_CODE_YES) {
        switch (ch) {
        case KEY_LEFT:
            yj_eb_left(b);
            break;
        case KEY_RIGHT:
            yj_eb_right(b);
            break;
        case KEY_HOME:
            yj_eb_home(b);
            break;
        case KEY_END:
            yj_eb_end(b);
            break;
        case KEY_BACKSPACE:
            yj_eb_backspace(b);
            break;
        case KEY_DC:
            yj_eb_delete(b);
            break;
        case KEY_ENTER:
            return 1;
        default:
            break;
        }
        return 0;
    }
    if (ch == '\r' || ch == '\n')
        return 1;
    if (ch == 27)
        return -1;
    if (ch == 127 || ch == 8)
        yj_eb_backspace(b);
    else if (ch == 21) /* Ctrl-U */
        yj_eb_clear(b);
    else if (ch >= 32)
        yj_eb_insert_cp(b, (unsigned)ch);
    return 0;
}

void
yj_c_eb_draw(struct yj_cui *c, struct yj_editbuf *b, int y, int x, int width, bool secret,
             bool focus)
{
    yj_d_fill(y, x, 1, width, focus ? YJ_P_FOCUS : YJ_P_BUTTON);
    if (secret) {
        size_t n = yj_eb_chars(b);
        char stars[80];
        size_t k = 0;
        for (; k < n && k < sizeof stars - 1 && (int)k < width - 1; k++)
            stars[k] = '*';
        stars[k] = '\0';
        yj_d_str(y, x, stars, focus ? YJ_P_FOCUS : YJ_P_BUTTON, 0);
        if (focus) {
            c->u.cur_on = true;
            c->u.cur_y = y;
            c->u.cur_x = x + (int)k;
        }
        return;
    }
    int pad = 0, cx = 0;
    size_t off = yj_eb_view(b, width - 1, &pad, &cx);
    yj_d_text(y, x + pad, width - 1 - pad, b->s + off, focus ? YJ_P_FOCUS : YJ_P_BUTTON, 0);
    if (focus) {
        c->u.cur_on = true;
        c->u.cur_y = y;
        c->u.cur_x = x + cx;
    }
}

void
yj_c_flash(struct yj_cui *c, const char *msg)
{
    snprintf(c->u.note, sizeof c->u.note, "%s", msg);
    yj_d_fill(c->u.rows - 2, 0, 1, c->u.cols, YJ_P_WARN);
    yj_d_text(c->u.rows - 2, 1, c->u.cols - 2, msg, YJ_P_WARN, A_BOLD | A_REVERSE);
    refresh();
}

const char *
yj_c_ready_label(int r)
{
    switch (r) {
    case YJ_READY_FINISHED:
        return _("完成");
    case YJ_READY_RETURNED:
        return _("被退回");
    case YJ_READY_NOW:
        return _("可办理");
    case YJ_READY_WAITING:
        return _("等前置");
    case YJ_READY_BLOCKED:
        return _("前置退回");
    default:
        return "";
    }
}

const char *
yj_c_thing_label(struct yj_cui *c, const char *thing)
{
    const struct yj_thing *t = thing ? yj_formset_thing(c->u.set, thing) : NULL;
    return t ? yj_text(&t->label) : (thing ? thing : "");
}

void
yj_c_print(struct yj_cui *c, const char *kind)
{
    char msg[1024];
    yj_c_flash(c, _("正在打印，请稍候…"));
    if (yj_print_case(c->u.store, c->u.set, c->case_no, kind, c->printer, &c->who, msg,
                      sizeof msg) != 0)
        snprintf(c->u.note, sizeof c->u.note, _("打印失败：%s（可按 P 重新打印）"), msg);
    else
        snprintf(c->u.note, sizeof c->u.note, _("已打印%s。"),
                 strcmp(kind, "notice") == 0 ? _("一次性告知单") : _("受理回执"));
}

void
yj_c_go(struct yj_cui *c, enum yj_cscr s)
{
    c->scr = s;
    c->prompt = YJ_CP_NONE;
    if (s == YJ_C_QUEUE)
        yj_c_queue_load(c);
    else if (s == YJ_C_STATS)
        yj_c_stats_load(c);
}

/* ---- sign-in and lock ------------------------------------------------------ */

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
static void
signin_draw(struct yj_cui *c)
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
        yj_c_eb_draw(c, &c->id_eb, y + 2, x + 8, 32, false, c->signin_focus == 0);
    }
    yj_d_str(y + 4, x, _("密码"), YJ_P_NORMAL, 0);
    yj_c_eb_draw(c, &c->pw_eb, y + 4, x + 8, 32, true, c->signin_focus == 1 || c->scr == YJ_C_LOCK);
    yj_d_footer(u, c->scr == YJ_C_LOCK ? _("回车 解锁  Esc 退出登录")
                                       : _("Tab 切换  回车 登录  F10 退出程序"));
}

/* Sign-in screen keys. */
static void
signin_key(struct yj_cui *c, int type, wint_t ch)
{
    if (c->scr == YJ_C_LOCK) {
        int r = yj_c_eb_key(&c->pw_eb, type, ch);
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
    int r = yj_c_eb_key(b, type, ch);
    if (r == 1 && c->signin_focus == 0)
        c->signin_focus = 1;
    else if (r == 1)
        try_signin(c);
}

/* ---- the kiosk's screens -------------------------------------------------- */

/* Leave the form screens (new case or edit) without saving. */
static void
flow_abandon(struct yj_cui *c)
{
    yj_discard_draft(&c->u);
    yj_flow_wipe(&c->u.flow);
    bool edit = c->editing;
    c->editing = false;
    if (edit && c->have_case)
        c->scr = YJ_C_DETAIL;
    else
        yj_c_go(c, YJ_C_QUEUE);
}

/* After a screen of the flow handled a key: a new case submitted (channel
 * counter and the clerk's id, set by F5 through yj_flow_set_origin) goes to its
 * detail. */
static void
flow_after(struct yj_cui *c)
{
    struct yj_ui *u = &c->u;
    if (!c->editing && u->scr == YJ_SCR_DONE && u->flow.case_no[0]) {
        char no[64];
        snprintf(no, sizeof no, "%s", u->flow.case_no);
        yj_discard_draft(u);
        yj_flow_wipe(&u->flow);
        if (yj_c_detail_open(c, no)) {
            snprintf(u->note, sizeof u->note, _("已登记办件 %s，请核验材料后受理。"), no);
            c->scr = YJ_C_DETAIL;
        } else {
            yj_c_go(c, YJ_C_QUEUE);
        }
    } else if (u->scr == YJ_SCR_RATING || (u->scr == YJ_SCR_HOME && c->editing)) {
        flow_abandon(c);
    }
}

/* Keys on the form screens: F10 leaves; while editing, the review page's
 * submit saves the edit (after asking for the reason). */
static void
flow_key(struct yj_cui *c, int type, wint_t ch)
{
    struct yj_ui *u = &c->u;
    if (type == KEY_CODE_YES && ch == KEY_F(10)) {
        flow_abandon(c);
        return;
    }
    if (u->scr == YJ_SCR_HOME && type == OK && ch == 27) {
        flow_abandon(c);
        return;
    }
    if (c->editing && u->scr == YJ_SCR_REVIEW &&
        ((type == OK && (ch == '\r' || ch == '\n') && u->sel == (int)u->flow.plan.nsections) ||
         (type == KEY_CODE_YES && ch == KEY_F(2)))) {
        yj_c_prompt_open(c, YJ_CP_EDIT_REASON, _("修改原因（必填，记入办理记录）"), NULL);
        return;
    }
    if (flow_screens[u->scr].key)
        flow_screens[u->scr].key(u, type, ch);
    flow_after(c);
}

/* Draw the form screens (and the edit-reason prompt over them). */
static void
flow_draw(struct yj_cui *c)
{
    struct yj_ui *u = &c->u;
    if (flow_screens[u->scr].draw)
        flow_screens[u->scr].draw(u);
    if (c->editing) {
        char line[128];
        snprintf(line, sizeof line, _("正在修改办件 %s 的申请信息（F2 保存，F10 放弃）"),
                 c->case_no);
        yj_d_text(1, 0, u->cols, line, YJ_P_WARN, A_BOLD | A_REVERSE);
    }
}

/* ---- the loop ------------------------------------------------------------- */

/* Draw the whole frame. */
static void
draw(struct yj_cui *c)
{
    struct yj_ui *u = &c->u;
    getmaxyx(stdscr, u->rows, u->cols);
    erase();
    u->cur_on = false;
    if (!yj_lay_size_ok(u->rows, u->cols)) {
        yj_scr_small_draw(u);
    } else {
        switch (c->scr) {
        case YJ_C_SIGNIN:
        case YJ_C_LOCK:
            signin_draw(c);
            break;
        case YJ_C_QUEUE:
            yj_c_queue_draw(c);
            break;
        case YJ_C_DETAIL:
            yj_c_detail_draw(c);
            break;
        case YJ_C_RETURN:
            yj_c_return_draw(c);
            break;
        case YJ_C_STATS:
            yj_c_stats_draw(c);
            break;
        case YJ_C_FLOW:
            flow_draw(c);
            break;
        }
        if (c->prompt != YJ_CP_NONE)
            yj_c_prompt_draw(c);
    }
    yj_d_present(u);
}

/* Dispatch one key. */
static void
key(struct yj_cui *c, int type, wint_t ch)
{
    if (c->prompt != YJ_CP_NONE) {
        yj_c_prompt_key(c, type, ch);
        return;
    }
    switch (c->scr) {
    case YJ_C_SIGNIN:
    case YJ_C_LOCK:
        signin_key(c, type, ch);
        break;
    case YJ_C_QUEUE:
        yj_c_queue_key(c, type, ch);
        break;
    case YJ_C_DETAIL:
        yj_c_detail_key(c, type, ch);
        break;
    case YJ_C_RETURN:
        yj_c_return_key(c, type, ch);
        break;
    case YJ_C_STATS:
        yj_c_stats_key(c, type, ch);
        break;
    case YJ_C_FLOW:
        flow_key(c, type, ch);
        break;
    }
}

/* The main loop with the idle lock. */
static void
loop(struct yj_cui *c)
{
    time_t last = time(NULL);
    while (!c->quit && !yj_ui_term_requested()) {
        if (c->signed_in && c->scr != YJ_C_LOCK && c->lock_after > 0 &&
            time(NULL) - last >= c->lock_after) {
            c->before_lock = c->scr;
            c->scr = YJ_C_LOCK;
            yj_eb_clear(&c->pw_eb);
            c->u.note[0] = '\0';
            yj_store_audit(c->u.store, &c->who, "lock", NULL, "idle");
        }
        draw(c);
        wint_t ch;
        int type = wget_wch(stdscr, &ch);
        if (type == ERR)
            continue;
        last = time(NULL);
        if (type == KEY_CODE_YES && ch == KEY_RESIZE)
            continue;
        if (!yj_lay_size_ok(c->u.rows, c->u.cols))
            continue;
        if (c->prompt == YJ_CP_NONE)
            c->u.note[0] = '\0';
        key(c, type, ch);
    }
    if (c->signed_in)
        yj_store_audit(c->u.store, &c->who, "signout", NULL, NULL);
}

int
yj_counter_run(const struct yj_counter_opts *o)
{
    struct yj_cui *c = xcalloc(1, sizeof *c);
    struct yj_ui *u = &c->u;
    char err[512];
    int rc = 1;
    c->lock_after =
        o->lock_after >= 0 ? o->lock_after : yj_config_get_long("counter.lock_after", 300);
    c->printer = o->printer;
    u->printer = o->printer;
    if (o->terminal != NULL)
        yj_config_set("terminal_id", o->terminal);
    const char *centre, *term;
    if (yj_terminal_identity(&centre, &term, err, sizeof err) != 0) {
        yj_err("%s", err);
        free(c);
        return 1;
    }
    snprintf(u->terminal, sizeof u->terminal, "%s", term);
    u->idle_timeout = 0;
    u->large = strcmp(yj_config_get("ui.theme", "normal"), "large") == 0;
    yj_eb_init(&c->id_eb, 32);
    yj_eb_init(&c->pw_eb, 128);
    yj_eb_init(&c->scan, 0);
    yj_eb_init(&c->peb, 200);
    yj_eb_init(&u->signin, 32);
    yj_eb_init(&u->page.eb, 0);
    yj_answers_init(&u->resume_a);
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        yj_err("counter needs a terminal");
        goto out;
    }
    if (yj_users_init() != 0) {
        yj_err("libsodium cannot start");
        goto out;
    }
    u->set = yj_formset_load(yj_paths_forms());
    if (u->set->nproblems > 0) {
        yj_formset_print_problems(u->set, stderr);
        yj_err("the form set in %s has %zu problem(s); fix them first", u->set->dir,
               u->set->nproblems);
        goto out;
    }
    u->store = yj_store_open(yj_paths_db(), err, sizeof err);
    if (u->store == NULL) {
        yj_err("%s", err);
        goto out;
    }
    yj_flow_init(&u->flow, u->set);

    if (yj_ui_term_start(u, 500) != 0)
        goto out;
    c->scr = YJ_C_SIGNIN;
    loop(c);
    rc = 0;
    endwin();
out:
    yj_c_detail_free(c);
    yj_queue_rows_free(c->rows, c->nrows);
    if (c->have_stats)
        yj_stats_free(&c->st);
    yj_user_free(&c->user);
    yj_scr_done_reset(u);
    yj_flow_wipe(&u->flow);
    yj_answers_free(&u->flow.a);
    yj_answers_free(&u->resume_a);
    yj_popup_close(&u->page.pop);
    yj_eb_free(&u->page.eb);
    yj_eb_free(&u->signin);
    yj_eb_free(&c->id_eb);
    yj_eb_free(&c->pw_eb);
    yj_eb_free(&c->scan);
    yj_eb_free(&c->peb);
    free(u->resume_thing);
    free(u->resume_page);
    yj_store_close(&u->store);
    yj_formset_free(&u->set);
    free(c);
    return rc;
}
