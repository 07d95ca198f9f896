/* nav.c: what the kiosk's screens share to move between them — going to a
 * screen (with what entering it sets up), back from the guide, the wipe
 * before the next person, the two-button keys, and forgetting the
 * confirmation's codes. Below the screens and the dispatcher (ui.c,
 * counter_main.c); it calls no screen. */
#define NCURSES_WIDECHAR 1
#include <ncurses.h>
#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "core/util.h"
#include "ui/ime_ui.h"
#include "ui/ui_int.h"

void
yj_go(struct yj_ui *u, enum yj_scr s)
{
    u->scr = s;
    u->sel = 0;
    u->top = 0;
    if (s != YJ_SCR_FORM && s != YJ_SCR_AUTH && s != YJ_SCR_REVIEW)
        u->review_back = 0; /* an edit from the review was left another way */
    u->more = 0;
    yj_page_reset(&u->page);
    if (s == YJ_SCR_GUIDE) {
        const struct yj_question *q = yj_flow_guide_current(&u->flow, NULL, NULL);
        if (q == NULL) {
            yj_go(u, u->flow.have_plan && u->flow.plan.guide_complete && !u->flow.plan.eligible
                         ? YJ_SCR_STOP
                         : YJ_SCR_NOTICE);
            return;
        }
        /* Show the answer given before as the selected choice. */
        const char *v = yj_answers_get(&u->flow.a, q->field->id);
        if (v && q->field->type == YJ_F_YESNO)
            u->sel = strcmp(v, "no") == 0;
        for (size_t i = 0; v && i < q->field->nchoices; i++)
            if (strcmp(q->field->choices[i].value, v) == 0)
                u->sel = (int)i;
    }
    if (s == YJ_SCR_FORM) {
        struct yj_pagesrc src;
        yj_form_src(u, &src);
        yj_page_focus(u, &src, 0);
    } else if (s == YJ_SCR_AUTH) {
        struct yj_pagesrc src;
        yj_auth_src(u, &src);
        yj_page_focus(u, &src, 0);
    } else if (s == YJ_SCR_REVIEW) {
        yj_flow_replan(&u->flow);
        /* back from an edit: at the entry it was opened from */
        if (u->review_back > 0)
            u->sel = u->review_back - 1;
        u->review_back = 0;
    } else if (s == YJ_SCR_RESUME) {
        /* Offer a draft left by a crash (kiosk: only a young one). */
        long max_age = u->assist ? 30L * 86400 : u->draft_max_age;
        yj_free(&u->resume_thing);
        yj_free(&u->resume_page);
        yj_answers_free(&u->resume_a);
        yj_answers_init(&u->resume_a);
        if (yj_flow_draft_load(u->store, u->slot, max_age, &u->resume_thing, &u->resume_page,
                               &u->resume_a) != 0) {
            yj_go(u, YJ_SCR_HOME);
            return;
        }
        /* A kiosk shows nothing of it before the applicant's last four
         * characters; a draft without an ID number cannot be claimed. */
        yj_resume_secret(u);
        u->resume_ok = u->assist;
        if (!u->assist && !u->resume_secret[0]) {
            yj_flow_draft_discard(u->store, u->slot);
            yj_go(u, YJ_SCR_HOME);
            return;
        }
    }
    yj_save_draft(u);
}

void
yj_wipe_home(struct yj_ui *u)
{
    yj_w_ime_forget(); /* a kiosk's engine forgets what was typed */
    /* A kiosk keeps no draft once back at Home: the next person is not the
     * last one (assisted mode keeps the helper's until it is submitted). */
    if (!u->assist)
        yj_discard_draft(u);
    u->leave_ask = false;
    yj_flow_wipe(&u->flow);
    yj_done_reset(u);
    for (int i = 0; i < 4; i++)
        yj_free(&u->auth_msgs[i].msg);
    memset(u->auth_msgs, 0, sizeof u->auth_msgs);
    u->note[0] = '\0';
    u->idle_warning = false;
    yj_go(u, YJ_SCR_HOME);
    clearok(curscr, TRUE); /* the next person sees nothing of the last */
}

void
yj_guide_back(struct yj_ui *u)
{
    if (yj_flow_guide_back(&u->flow))
        yj_go(u, YJ_SCR_GUIDE);
    else if (u->assist)
        yj_go(u, YJ_SCR_AUTH);
    else if (u->flow.a.n > 0) {
        /* Something was answered: ask before throwing it away. */
        u->leave_ask = true;
        u->leave_sel = u->sel;
        u->sel = 1; /* 继续填写 */
    } else
        yj_wipe_home(u);
}

bool
yj_leave_key(struct yj_ui *u, int type, wint_t ch)
{
    if (!u->leave_ask)
        return false;
    if (type == OK && ch == 27) {
        u->leave_ask = false;
        u->sel = u->leave_sel;
    } else if (yj_key_pick2(u, type, ch)) {
        if (u->sel == 0) {
            yj_wipe_home(u); /* discards the draft */
        } else {
            u->leave_ask = false;
            u->sel = u->leave_sel;
        }
    }
    return true;
}

bool
yj_key_pick2(struct yj_ui *u, int type, wint_t ch)
{
    if (type == KEY_CODE_YES && (ch == KEY_LEFT || ch == KEY_UP))
        u->sel = 0;
    else if (type == KEY_CODE_YES && (ch == KEY_RIGHT || ch == KEY_DOWN))
        u->sel = 1;
    else if ((type == OK && (ch == '\r' || ch == '\n')) ||
             (type == KEY_CODE_YES && ch == KEY_ENTER))
        return true;
    return false;
}

void
yj_done_reset(struct yj_ui *u)
{
    yj_flow_case_codes_free(&u->qr_full, &u->qr_small);
    u->qr_for[0] = '\0';
    u->print_state = YJ_PRINT_NONE;
    u->print_pending = false;
    u->print_msg[0] = '\0';
    if (!yj_flow_prints()) {
        u->print_state = YJ_PRINT_OFF;
        u->sel = 1;
        snprintf(u->print_msg, sizeof u->print_msg, "%s",
                 _("本机不打印回执：请记下上面的办件编号，凭编号到窗口或网上查询进度。"));
    }
}
