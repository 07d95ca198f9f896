/* flow.c: one application's way through the screens (see flow.h). */
#include "ui/flow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/case.h"
#include "core/casebuild.h"
#include "core/i18n.h"
#include "core/paths.h"
#include "core/util.h"
#include "core/idmask.h"
#include "store/store.h"
#include "ui/ui_layout.h"

void
yj_flow_init(struct yj_flow *f, const struct yj_formset *set)
{
    memset(f, 0, sizeof *f);
    f->set = set;
    yj_answers_init(&f->a);
    yj_flow_set_origin(f, "kiosk", NULL, NULL);
}

void
yj_flow_set_origin(struct yj_flow *f, const char *channel, const char *actor_kind,
                   const char *clerk_id)
{
    snprintf(f->channel, sizeof f->channel, "%s", channel ? channel : "kiosk");
    if (actor_kind == NULL)
        actor_kind = strcmp(f->channel, "assist") == 0    ? "helper"
                     : strcmp(f->channel, "counter") == 0 ? "clerk"
                                                          : "kiosk";
    snprintf(f->actor_kind, sizeof f->actor_kind, "%s", actor_kind);
    snprintf(f->clerk_id, sizeof f->clerk_id, "%s", clerk_id ? clerk_id : "");
}

/* Forget the messages kept for fields. */
static void
clear_msgs(struct yj_flow *f)
{
    for (size_t i = 0; i < f->nmsgs; i++)
        free(f->msgs[i].msg);
    yj_free(&f->msgs);
    f->nmsgs = 0;
}

void
yj_flow_wipe(struct yj_flow *f)
{
    clear_msgs(f);
    if (f->have_plan)
        yj_plan_free(&f->plan);
    f->have_plan = false;
    yj_answers_free(&f->a);
    yj_answers_init(&f->a);
    const struct yj_formset *set = f->set;
    char channel[sizeof f->channel], kind[sizeof f->actor_kind], clerk[sizeof f->clerk_id];
    memcpy(channel, f->channel, sizeof channel);
    memcpy(kind, f->actor_kind, sizeof kind);
    memcpy(clerk, f->clerk_id, sizeof clerk);
    memset(f, 0, sizeof *f);
    f->set = set;
    memcpy(f->channel, channel, sizeof channel);
    memcpy(f->actor_kind, kind, sizeof kind);
    memcpy(f->clerk_id, clerk, sizeof clerk);
    yj_answers_init(&f->a);
}

void
yj_flow_replan(struct yj_flow *f)
{
    if (f->thing == NULL)
        return;
    if (f->have_plan)
        yj_plan_free(&f->plan);
    memset(&f->plan, 0, sizeof f->plan);
    yj_plan_build(&f->plan, f->set, f->thing, &f->a);
    f->have_plan = true;
    if (f->plan.nsections > 0 && f->page >= f->plan.nsections)
        f->page = f->plan.nsections - 1;
}

void
yj_flow_begin(struct yj_flow *f, const struct yj_thing *t, const struct yj_answers *a)
{
    yj_flow_wipe(f);
    f->thing = t;
    if (a)
        yj_answers_copy(&f->a, a);
    yj_flow_replan(f);
}

const struct yj_question *
yj_flow_guide_current(struct yj_flow *f, size_t *k, size_t *n)
{
    const struct yj_question *q[64];
    size_t cnt = f->have_plan ? yj_plan_guide(&f->plan, q, 64) : 0;
    if (k)
        *k = f->guide_pos + 1;
    if (n)
        *n = f->have_plan ? yj_plan_guide_total(&f->plan, &f->a) : 0;
    return f->guide_pos < cnt ? q[f->guide_pos] : NULL;
}

bool
yj_flow_guide_certain(const struct yj_flow *f)
{
    const struct yj_question *q[64];
    if (!f->have_plan)
        return true;
    return yj_plan_guide(&f->plan, q, 64) == yj_plan_guide_total(&f->plan, &f->a);
}

enum yj_guide_step
yj_flow_guide_answer(struct yj_flow *f, const char *value)
{
    const struct yj_question *q = yj_flow_guide_current(f, NULL, NULL);
    if (q == NULL)
        return YJ_GUIDE_DONE;
    yj_answers_set(&f->a, q->field->id, value);
    yj_flow_replan(f);
    f->guide_pos++;
    if (f->plan.nineligible > 0) /* this answer turns the person away: say so now */
        return YJ_GUIDE_STOP;
    if (yj_flow_guide_current(f, NULL, NULL) != NULL)
        return YJ_GUIDE_NEXT;
    return f->plan.eligible ? YJ_GUIDE_DONE : YJ_GUIDE_STOP;
}

bool
yj_flow_guide_back(struct yj_flow *f)
{
    if (f->guide_pos == 0)
        return false;
    f->guide_pos--;
    return true;
}

const struct yj_plan_section *
yj_flow_section(const struct yj_flow *f)
{
    if (!f->have_plan || f->page >= f->plan.nsections)
        return NULL;
    return &f->plan.sections[f->page];
}

size_t
yj_flow_npages(const struct yj_flow *f)
{
    return f->have_plan ? f->plan.nsections : 0;
}

/* The message slot of a field, created on demand. */
static struct yj_fmsg *
msg_slot(struct yj_flow *f, const struct yj_field *fd, bool create)
{
    for (size_t i = 0; i < f->nmsgs; i++)
        if (f->msgs[i].field == fd)
            return &f->msgs[i];
    if (!create)
        return NULL;
    f->msgs = xreallocarray(f->msgs, f->nmsgs + 1, sizeof *f->msgs);
    struct yj_fmsg *m = &f->msgs[f->nmsgs++];
    m->field = fd;
    m->st = YJ_V_OK;
    m->msg = NULL;
    return m;
}

/* Record the outcome of a check for fd. */
static void
keep(struct yj_flow *f, const struct yj_field *fd, enum yj_vstatus st, const char *msg)
{
    struct yj_fmsg *m = msg_slot(f, fd, st != YJ_V_OK);
    if (m == NULL)
        return;
    free(m->msg);
    m->st = st;
    m->msg = st != YJ_V_OK && msg ? xstrdup(msg) : NULL;
}

/* Is the warning on fd confirmed for its current value? */
static bool
confirmed(const struct yj_flow *f, const struct yj_field *fd)
{
    char key[256];
    yj_confirm_key(fd, key, sizeof key);
    const char *c = yj_answers_get(&f->a, key);
    const char *v = yj_answers_get(&f->a, fd->id);
    return c && v && strcmp(c, v) == 0;
}

/* Check fd against the current answers and plan, keeping the message. */
static enum yj_vstatus
check_one(struct yj_flow *f, const struct yj_field *fd)
{
    struct yj_vresult r;
    memset(&r, 0, sizeof r);
    enum yj_vstatus st = yj_plan_check_field(&f->plan, fd, &f->a, &r);
    const char *msg = r.msg;
    if (st == YJ_V_OK) {
        /* Cross-field rules belong to their first field. */
        for (size_t i = 0; i < f->plan.nissues; i++) {
            const struct yj_issue *is = &f->plan.issues[i];
            if (is->field == fd && is->rule != NULL) {
                st = is->level;
                msg = is->msg;
                if (st == YJ_V_ERR)
                    break;
            }
        }
    }
    if (st == YJ_V_WARN && confirmed(f, fd))
        st = YJ_V_OK;
    keep(f, fd, st, msg);
    return st;
}

enum yj_vstatus
yj_flow_leave(struct yj_flow *f, const struct yj_field *fd, const char *value)
{
    char norm[1024];
    if (fd->type == YJ_F_DATE && value) {
        yj_lay_date_norm(value, norm, sizeof norm);
        value = norm;
    } else if (value) {
        /* The value may point into the answers that are about to change. */
        snprintf(norm, sizeof norm, "%s", value);
        value = norm;
    }
    if (yj_plan_derived(&f->plan, fd)) /* read-only: the derived value stays */
        value = yj_answers_get(&f->a, fd->id);
    const char *old = yj_answers_get(&f->a, fd->id);
    bool changed = !(old ? (value && strcmp(old, value) == 0) : yj_str_empty(value));
    if (changed)
        yj_answers_set(&f->a, fd->id, value);
    yj_flow_replan(f);
    struct yj_vresult r;
    memset(&r, 0, sizeof r);
    enum yj_vstatus st = yj_plan_check_field(&f->plan, fd, &f->a, &r);
    const char *cur = yj_answers_get(&f->a, fd->id);
    if (st != YJ_V_ERR && r.norm[0] && cur && strcmp(r.norm, cur) != 0) {
        /* Store the normalised form (upper-case X and the like). */
        yj_answers_set(&f->a, fd->id, r.norm);
        yj_flow_replan(f);
    }
    return check_one(f, fd);
}

const struct yj_fmsg *
yj_flow_msg(const struct yj_flow *f, const struct yj_field *fd)
{
    for (size_t i = 0; i < f->nmsgs; i++)
        if (f->msgs[i].field == fd && f->msgs[i].st != YJ_V_OK)
            return &f->msgs[i];
    return NULL;
}

void
yj_flow_confirm(struct yj_flow *f, const struct yj_field *fd)
{
    char key[256];
    const char *v = yj_answers_get(&f->a, fd->id);
    if (v == NULL)
        return;
    yj_confirm_key(fd, key, sizeof key);
    yj_answers_set(&f->a, key, v);
    yj_flow_replan(f);
    check_one(f, fd);
}

size_t
yj_flow_page_check(struct yj_flow *f)
{
    yj_flow_replan(f);
    const struct yj_plan_section *ps = yj_flow_section(f);
    size_t bad = 0;
    if (ps == NULL)
        return 0;
    for (size_t i = 0; i < ps->nfields; i++)
        if (check_one(f, ps->fields[i]) != YJ_V_OK)
            bad++;
    return bad;
}

size_t
yj_flow_page_problems(const struct yj_flow *f, const struct yj_fmsg **out, size_t max)
{
    const struct yj_plan_section *ps = yj_flow_section(f);
    size_t n = 0;
    if (ps == NULL)
        return 0;
    for (size_t i = 0; i < ps->nfields && n < max; i++) {
        const struct yj_fmsg *m = yj_flow_msg(f, ps->fields[i]);
        if (m)
            out[n++] = m;
    }
    return n;
}

bool
yj_flow_goto_section(struct yj_flow *f, const char *section_id)
{
    for (size_t i = 0; f->have_plan && i < f->plan.nsections; i++)
        if (strcmp(f->plan.sections[i].section->id, section_id) == 0) {
            f->page = i;
            return true;
        }
    return false;
}

void
yj_flow_page_name(const struct yj_flow *f, const char *screen, char *out, size_t outsz)
{
    if (strcmp(screen, "guide") == 0)
        snprintf(out, outsz, "guide:%zu", f->guide_pos);
    else if (strcmp(screen, "form") == 0)
        snprintf(out, outsz, "form:%zu", f->page);
    else
        snprintf(out, outsz, "%s", screen);
}

struct yj_actor
yj_flow_actor(const struct yj_flow *f, const char *terminal, const char *helper_id)
{
    struct yj_actor who = {f->actor_kind[0] ? f->actor_kind : "kiosk", terminal};
    if (f->clerk_id[0])
        who.id = f->clerk_id;
    else if (!yj_str_empty(helper_id))
        who.id = helper_id;
    return who;
}

/* The assisted filling's authorisation as audit detail: the answers auth.* and
 * agent.*, the agent's ID number masked. Caller frees. */
static char *
authorisation_json(const struct yj_answers *a)
{
    struct yj_answers sub;
    yj_answers_init(&sub);
    for (size_t i = 0; i < a->n; i++) {
        const struct yj_answer *an = &a->v[i];
        if (!yj_str_has_prefix(an->id, "agent.") && !yj_str_has_prefix(an->id, "auth."))
            continue;
        if (strcmp(an->id, "auth.agent_id_number") == 0) {
            char masked[64];
            yj_mask_id(an->value, masked, sizeof masked);
            yj_answers_set(&sub, an->id, masked);
        } else {
            yj_answers_set(&sub, an->id, an->value);
        }
    }
    char *json = yj_answers_to_json(&sub);
    yj_answers_free(&sub);
    return json;
}

int
yj_flow_submit(struct yj_flow *f, struct yj_store *s, const char *terminal, const char *helper_id,
               char *err, size_t errsz)
{
    if (f->thing == NULL) {
        snprintf(err, errsz, "%s", _("还有需要修改或确认的内容，请先处理"));
        return -1;
    }
    yj_flow_replan(f);
    if (!yj_plan_ok(&f->plan)) {
        snprintf(err, errsz, "%s", _("还有需要修改或确认的内容，请先处理"));
        return -1;
    }
    struct yj_case c;
    struct yj_case_origin o = {f->channel, terminal, helper_id, f->clerk_id};
    yj_case_from_plan(&c, f->set, &f->plan, &f->a, &o);
    struct yj_actor who = yj_flow_actor(f, terminal, helper_id);
    char *detail = helper_id ? authorisation_json(&f->a) : NULL;
    struct yj_audit_entry extra[2] = {{{"helper", helper_id}, "assist.authorisation", detail}};
    size_t nextra = helper_id ? 1 : 0;
    char *failures = yj_plan_failures_detail(&f->plan); /* for staff: audit, doctor */
    if (failures)
        extra[nextra++] = (struct yj_audit_entry){who, YJ_AUDIT_EXPR_FAILED, failures};
    int rc = yj_store_submit_audited(s, &c, &who, extra, nextra);
    free(failures);
    free(detail);
    if (rc != 0)
        snprintf(err, errsz, "%s", yj_store_error(s));
    else
        snprintf(f->case_no, sizeof f->case_no, "%s", c.case_no ? c.case_no : "");
    yj_case_free(&c);
    return rc == 0 ? 0 : -1;
}
