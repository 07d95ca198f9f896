/* counter_main.c: the counter's main loop — start-up, the idle screen lock,
 * screen dispatch, and the kiosk's form screens reused for new cases and
 * edits (what the counter's screens share is in counter_nav.c, below both;
 * what they ask of the store in counter_flow.c). */
#define NCURSES_WIDECHAR 1
#include <ncurses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/i18n.h"
#include "core/paths.h"
#include "core/util.h"
#include "store/store.h"
#include "ui/ime_ui.h"
#include "ui/counter_int.h"
#include "ui/ui_layout.h"

/* ---- the kiosk's screens -------------------------------------------------- */

/* Leave the form screens (new case or edit) without saving. */
static void
flow_abandon(struct yj_cui *c)
{
    yj_discard_draft(&c->u);
    yj_flow_wipe(&c->u.flow);
    bool edit = c->editing;
    c->editing = false;
    if (edit && c->f.have_case)
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
    if (yj_w_ime_toggle_key(u, type, ch))
        return;
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
    yj_screens[u->scr].key(u, type, ch);
    flow_after(c);
}

/* Draw the form screens (and the edit-reason prompt over them). */
static void
flow_draw(struct yj_cui *c)
{
    struct yj_ui *u = &c->u;
    yj_screens[u->scr].draw(u);
    if (c->editing) {
        char line[128];
        snprintf(line, sizeof line, _("正在修改办件 %s 的申请信息（F2 保存，F10 放弃）"),
                 c->f.case_no);
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
    yj_hit_clear();
    u->cur_on = false;
    u->typing = 0;
    if (!yj_lay_size_ok(u->rows, u->cols)) {
        yj_scr_small_draw(u);
    } else {
        switch (c->scr) {
        case YJ_C_SIGNIN:
        case YJ_C_LOCK:
            yj_c_signin_draw(c);
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
        yj_w_ime_draw(u); /* the candidates of the line typed in, and 中/英 */
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
        yj_c_signin_key(c, type, ch);
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
            yj_cflow_lock(&c->f, "idle");
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
        yj_cflow_signout(&c->f, NULL);
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
    yj_cflow_init(&c->f, u->store, u->set, &c->who, o->printer);

    yj_w_ime_init(true); /* a clerk's engine learns, in the state directory */
    if (yj_ui_term_start(u, 500) != 0)
        goto out;
    c->scr = YJ_C_SIGNIN;
    loop(c);
    rc = 0;
    endwin();
out:
    yj_w_ime_free();
    yj_c_detail_free(c);
    yj_cflow_free(&c->f);
    yj_user_free(&c->user);
    yj_done_reset(u);
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
