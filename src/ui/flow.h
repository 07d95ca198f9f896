/* flow.h: one application's way through the screens, free of curses.
 *
 * Home -> guide questions -> one-time notification -> form pages -> review ->
 * submit. The flow owns the answers and the plan (core/plan.h) and remembers
 * which fields were left with an error or a warning, so any screen (or a test)
 * can drive it.
 */
#ifndef YJ_UI_FLOW_H
#define YJ_UI_FLOW_H

#include <stdbool.h>
#include <stddef.h>

#include "core/answers.h"
#include "core/form.h"
#include "core/plan.h"
#include "store/store.h"

/* A message shown under a field that was left. */
struct yj_fmsg {
    const struct yj_field *field;
    enum yj_vstatus st;
    char *msg;
};

struct yj_flow {
    const struct yj_formset *set;
    const struct yj_thing *thing; /* NULL: no application in progress */
    struct yj_answers a;
    struct yj_plan plan;
    bool have_plan;
    size_t guide_pos;  /* index into the applicable guide questions */
    size_t page;       /* index into plan.sections */
    int focus;         /* field on the page; -1: the error summary */
    int sum_sel;       /* selected line of the error summary */
    bool show_summary; /* a forward move was refused on this page */
    bool from_review;  /* editing a section from the review page */
    struct yj_fmsg *msgs;
    size_t nmsgs;
    char case_no[64];
    /* Who submits (kept across applications, see yj_flow_set_origin). */
    char channel[16];    /* "kiosk" (default), "assist", "counter" */
    char actor_kind[16]; /* audit actor of the submit: "kiosk", "helper", "clerk", "admin" */
    char clerk_id[64];   /* counter: the clerk entering the case, else empty */
};

enum yj_guide_step { YJ_GUIDE_NEXT, YJ_GUIDE_STOP, YJ_GUIDE_DONE };

void yj_flow_init(struct yj_flow *f, const struct yj_formset *set);
/* Where the next submits come from: channel "kiosk", "assist" or "counter", the
 * audit actor kind ("kiosk", "helper", "clerk", "admin"; NULL: from the channel)
 * and the clerk's id for the counter (NULL otherwise). Survives yj_flow_wipe and
 * yj_flow_begin: it belongs to the terminal, not to one application. */
void yj_flow_set_origin(struct yj_flow *f, const char *channel, const char *actor_kind,
                        const char *clerk_id);
/* Start a new application of thing t (answers may be NULL, or a resumed set). */
void yj_flow_begin(struct yj_flow *f, const struct yj_thing *t, const struct yj_answers *a);
/* Forget everything about the application (answers, plan, messages). */
void yj_flow_wipe(struct yj_flow *f);
/* Rebuild the plan from the answers (fills derived fields). */
void yj_flow_replan(struct yj_flow *f);

/* The guide question at guide_pos (NULL when none is left); *k and *n its number and
 * how many apply now. */
const struct yj_question *yj_flow_guide_current(struct yj_flow *f, size_t *k, size_t *n);
/* Is the count of yj_flow_guide_current's *n certain (no question left that
 * may or may not be asked)? Otherwise *n is the most there can be. */
bool yj_flow_guide_certain(const struct yj_flow *f);
/* Answer the current guide question and step on: YJ_GUIDE_STOP as soon as an
 * answer makes the application ineligible (plan.ineligible says why). */
enum yj_guide_step yj_flow_guide_answer(struct yj_flow *f, const char *value);
/* Step back one guide question; false when at the first. */
bool yj_flow_guide_back(struct yj_flow *f);

/* Fields of the current page. */
const struct yj_plan_section *yj_flow_section(const struct yj_flow *f);
size_t yj_flow_npages(const struct yj_flow *f);

/* Store a value typed for field fd (date normalised) and check it as the screen
 * does when the field is left; replans so derived fields fill themselves.
 * Returns the status; the message is kept for yj_flow_msg. */
enum yj_vstatus yj_flow_leave(struct yj_flow *f, const struct yj_field *fd, const char *value);
/* The message kept for a field, or NULL. */
const struct yj_fmsg *yj_flow_msg(const struct yj_flow *f, const struct yj_field *fd);
/* Confirm a warning on fd (its current value is right). */
void yj_flow_confirm(struct yj_flow *f, const struct yj_field *fd);
/* Check every field of the current page; returns the number of blocking
 * problems (errors and unconfirmed warnings), each kept as a message. */
size_t yj_flow_page_check(struct yj_flow *f);
/* Blocking messages on the current page in field order (for the summary). */
size_t yj_flow_page_problems(const struct yj_flow *f, const struct yj_fmsg **out, size_t max);
/* Move to the page holding section id (after a replan); false if gone. */
bool yj_flow_goto_section(struct yj_flow *f, const char *section_id);

/* Draft page names: "guide:N", "notice", "form:N", "review". */
void yj_flow_page_name(const struct yj_flow *f, const char *screen, char *out, size_t outsz);

/* The audit actor of this terminal's acts for the application: the origin's kind
 * (yj_flow_set_origin) with the clerk's id, else the helper's (helper_id, may be
 * NULL), else the terminal's. Points into f and the arguments. */
struct yj_actor yj_flow_actor(const struct yj_flow *f, const char *terminal, const char *helper_id);

/* Submit to the store with the origin set by yj_flow_set_origin through the one
 * path from a plan to a case (yj_case_from_plan; audited as yj_flow_actor).
 * Assisted filling (helper_id not NULL): the authorisation (the answers auth.*
 * and agent.*, the agent's ID number masked) is audited as
 * "assist.authorisation" inside the same transaction, so a case is never stored
 * without it. Fills f->case_no. Returns 0, or -1 with a message for the person
 * in err (nothing stored). */
int yj_flow_submit(struct yj_flow *f, struct yj_store *s, const char *terminal,
                   const char *helper_id, char *err, size_t errsz);

/* ---- what the screens around an application ask of the store (flow_io.c) ---- */

struct yj_qr;

/* Save the application as the draft of slot (page: yj_flow_page_name of screen);
 * nothing without an application or a slot. 0, or -1 with the store's message. */
int yj_flow_draft_save(const struct yj_flow *f, struct yj_store *s, const char *slot,
                       const char *screen, char *err, size_t errsz);
/* The draft of slot not older than max_age_s: 0 (thing and page malloc'd, a
 * filled), or nonzero when there is none. */
int yj_flow_draft_load(struct yj_store *s, const char *slot, long max_age_s, char **thing,
                       char **page, struct yj_answers *a);
/* Forget the draft of slot (after a submit, or when the person starts over). */
void yj_flow_draft_discard(struct yj_store *s, const char *slot);

/* The two codes of the confirmation for the submitted case f->case_no: the
 * signed receipt payload (full; width 0 when it cannot be made) and the number
 * alone (small). Free both with yj_qr_free. */
void yj_flow_case_codes(const struct yj_flow *f, struct yj_store *s, struct yj_qr *full,
                        struct yj_qr *small);
/* Forget the two codes of yj_flow_case_codes (both left zeroed). */
void yj_flow_case_codes_free(struct yj_qr *full, struct yj_qr *small);
/* Does this terminal print receipts (print.enabled)? */
bool yj_flow_prints(void);
/* Print the receipt of f->case_no on queue (NULL: the configured one), audited
 * as yj_flow_actor. 0, or -1 with the reason in msg. */
int yj_flow_print_receipt(const struct yj_flow *f, struct yj_store *s, const struct yj_formset *set,
                          const char *queue, const char *terminal, const char *helper_id, char *msg,
                          size_t msgsz);
/* Record the citizen's rating (1 worst .. 5 best, label its msgid) of f->case_no. */
int yj_flow_rate(const struct yj_flow *f, struct yj_store *s, const char *terminal,
                 const char *helper_id, int stars, const char *label);
/* A helper signs in at (terminal) / out of the assisted mode (audit rows).
 * Sign-in checks the account's PIN or password with yj_user_signin (the
 * counter's throttling and lock-out); a helper, clerk or administrator
 * account. 0, or -1 with the reason (Chinese) in msg. */
int yj_flow_helper_signin(struct yj_store *s, const char *helper_id, const char *pin,
                          const char *terminal, char *msg, size_t msgsz);
int yj_flow_helper_signout(struct yj_store *s, const char *helper_id);
/* The kiosk wiped an application left idle (audit "idle.wipe" by the terminal). */
int yj_flow_idle_wiped(struct yj_store *s, const char *terminal);
/* The operator's exit sequence ended the kiosk (audit "kiosk.exit" by "admin"). */
int yj_flow_kiosk_exit(struct yj_store *s, const char *terminal);
/* The line for the staff on Home: cases not yet acknowledged upstream
 * ("待上报 N 件 · 有问题 M 件", "已全部上报"). 0, or -1 (nothing to show). */
int yj_flow_queue_line(struct yj_store *s, char *out, size_t outsz);

#endif
