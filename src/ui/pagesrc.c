/* pagesrc.c: the fields of a page as the page editor (w_page.c) sees them —
 * the merged form's current section, and the assisted mode's authorisation
 * (委托代办: the agent's name, ID number, relationship and the grounds, kept in
 * the answers as "auth.*"). Each field left is checked and the draft saved. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/util.h"
#include "ui/ui_int.h"

/* ---- the merged form, page by page */

static size_t
form_count(void *ctx)
{
    struct yj_ui *u = ctx;
    const struct yj_plan_section *ps = yj_flow_section(&u->flow);
    return ps ? ps->nfields : 0;
}

static const struct yj_field *
form_field(void *ctx, size_t i)
{
    struct yj_ui *u = ctx;
    return yj_flow_section(&u->flow)->fields[i];
}

static const char *
form_value(void *ctx, const struct yj_field *fd)
{
    struct yj_ui *u = ctx;
    return yj_answers_get(&u->flow.a, fd->id);
}

static bool
form_required(void *ctx, const struct yj_field *fd)
{
    struct yj_ui *u = ctx;
    return yj_plan_required(&u->flow.plan, fd);
}

static enum yj_vstatus
form_leave(void *ctx, const struct yj_field *fd, const char *value)
{
    struct yj_ui *u = ctx;
    enum yj_vstatus st = yj_flow_leave(&u->flow, fd, value);
    yj_save_draft(u);
    return st;
}

static const struct yj_fmsg *
form_msg(void *ctx, const struct yj_field *fd)
{
    struct yj_ui *u = ctx;
    return yj_flow_msg(&u->flow, fd);
}

static void
form_confirm(void *ctx, const struct yj_field *fd)
{
    struct yj_ui *u = ctx;
    yj_flow_confirm(&u->flow, fd);
    yj_save_draft(u);
}

/* A derived field (the gender from the ID number) is read-only. */
static bool
form_readonly(void *ctx, const struct yj_field *fd)
{
    struct yj_ui *u = ctx;
    return yj_plan_derived(&u->flow.plan, fd);
}

void
yj_form_src(struct yj_ui *u, struct yj_pagesrc *src)
{
    *src = (struct yj_pagesrc){form_count, form_field,   form_value, form_required, form_leave,
                               form_msg,   form_confirm, u,          form_readonly};
}

/* ---- the authorisation (assisted mode) */

static struct yj_choice builtin_rel[6];
static const char *const rel_values[6] = {"spouse",           "child", "parent", "relative",
                                          "community_worker", "other"};
static const char *const rel_labels[6] = {N_("配偶"),     N_("子女"),         N_("父母"),
                                          N_("其他亲属"), N_("社区工作人员"), N_("其他")};
static char *rel_values_nt[7];

/* Set a field's id, type and texts. */
static void
def(struct yj_field *f, const char *id, enum yj_ftype t, const char *label, const char *hint)
{
    memset(f, 0, sizeof *f);
    f->id = (char *)id;
    f->type = t;
    f->label.s[0] = (char *)label;
    f->hint.s[0] = (char *)hint;
}

void
yj_auth_init(struct yj_ui *u)
{
    struct yj_field *f = u->auth_fields;
    def(&f[0], "auth.agent_name", YJ_F_NAME, _("代办人姓名"), _("前来代为办理的人"));
    def(&f[1], "auth.agent_id_number", YJ_F_IDCARD, _("代办人身份证号码"),
        _("18 位，最后一位可能是 X"));
    def(&f[2], "auth.relationship", YJ_F_SELECT, _("代办人与申请人的关系"), NULL);
    def(&f[3], "auth.grounds", YJ_F_TEXT, _("委托事由"),
        _("例如：申请人年老行动不便，委托代为办理"));
    f[0].max_chars = 30;
    f[3].max_chars = 100;
    const struct yj_field *rel = yj_formset_field(u->set, "agent.relationship");
    if (rel && rel->nchoices > 0) {
        f[2].choices = rel->choices;
        f[2].nchoices = rel->nchoices;
        f[2].choice_values = rel->choice_values;
    } else {
        for (int i = 0; i < 6; i++) {
            builtin_rel[i].value = (char *)rel_values[i];
            memset(&builtin_rel[i].label, 0, sizeof builtin_rel[i].label);
            builtin_rel[i].label.s[0] = (char *)_(rel_labels[i]);
            rel_values_nt[i] = (char *)rel_values[i];
        }
        rel_values_nt[6] = NULL;
        f[2].choices = builtin_rel;
        f[2].nchoices = 6;
        f[2].choice_values = rel_values_nt;
    }
    for (int i = 0; i < 4; i++) {
        free(u->auth_msgs[i].msg);
        u->auth_msgs[i].msg = NULL;
        u->auth_msgs[i].st = YJ_V_OK;
        u->auth_msgs[i].field = &f[i];
    }
}

static size_t
auth_count(void *ctx)
{
    (void)ctx;
    return 4;
}

static const struct yj_field *
auth_field(void *ctx, size_t i)
{
    struct yj_ui *u = ctx;
    return &u->auth_fields[i];
}

static const char *
auth_value(void *ctx, const struct yj_field *fd)
{
    struct yj_ui *u = ctx;
    return yj_answers_get(&u->flow.a, fd->id);
}

static bool
auth_required(void *ctx, const struct yj_field *fd)
{
    (void)ctx;
    (void)fd;
    return true;
}

/* Index of an authorisation field. */
static int
auth_index(struct yj_ui *u, const struct yj_field *fd)
{
    for (int i = 0; i < 4; i++)
        if (&u->auth_fields[i] == fd)
            return i;
    return 0;
}

static enum yj_vstatus
auth_leave(void *ctx, const struct yj_field *fd, const char *value_in)
{
    struct yj_ui *u = ctx;
    /* value_in may point into the answers that are about to change. */
    char *value = value_in ? xstrdup(value_in) : NULL;
    struct yj_fmsg *m = &u->auth_msgs[auth_index(u, fd)];
    struct yj_vresult r;
    struct yj_vopts o;
    memset(&r, 0, sizeof r);
    memset(&o, 0, sizeof o);
    o.max_chars = fd->max_chars;
    o.choices = (const char *const *)fd->choice_values;
    free(m->msg);
    m->msg = NULL;
    m->st = YJ_V_OK;
    yj_answers_set(&u->flow.a, fd->id, value);
    if (yj_str_empty(value)) {
        m->st = YJ_V_ERR;
        m->msg = xasprintf(_("请填写%s"), yj_text(&fd->label));
    } else if (yj_validate(yj_ftype_name(fd->type), value, &o, &r) == YJ_V_ERR) {
        m->st = YJ_V_ERR;
        m->msg = xstrdup(r.msg);
    } else if (r.norm[0]) {
        yj_answers_set(&u->flow.a, fd->id, r.norm);
    }
    free(value);
    yj_save_draft(u);
    return m->st;
}

static const struct yj_fmsg *
auth_msg(void *ctx, const struct yj_field *fd)
{
    struct yj_ui *u = ctx;
    const struct yj_fmsg *m = &u->auth_msgs[auth_index(u, fd)];
    return m->st != YJ_V_OK ? m : NULL;
}

static void
auth_confirm(void *ctx, const struct yj_field *fd)
{
    (void)ctx;
    (void)fd;
}

void
yj_auth_src(struct yj_ui *u, struct yj_pagesrc *src)
{
    *src = (struct yj_pagesrc){auth_count, auth_field,   auth_value, auth_required, auth_leave,
                               auth_msg,   auth_confirm, u,          NULL};
}
