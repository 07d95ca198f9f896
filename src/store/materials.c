/* materials.c: the materials of a case — the state the clerk recorded for each
 * (seen, exempt, missing) and the checklist: what the case's plan asks for, each
 * once, with what was ticked. Ticking one is a clerk's action (counter.c). */
#include "store/counter.h"
#include "store/store_int.h"

#include <stdlib.h>
#include <string.h>

#include "core/form.h"
#include "core/i18n.h"
#include "core/plan.h"
#include "core/util.h"

/* ---- the table ------------------------------------------------------------ */

struct material_ctx {
    const char *case_no; /* canonical */
    const char *status, *material;
    const struct yj_actor *who;
};

/* Transaction body: record the state of one material. */
static int
material_body(struct yj_store *s, void *vctx)
{
    struct material_ctx *x = vctx;
    char *uuid = NULL, now[21];
    int rc = yj_store_find_case(s, x->case_no, &uuid, NULL, NULL);
    if (rc != SQLITE_OK)
        return rc;
    yj_now_iso(now);
    rc = yj_store_run(s,
                      "INSERT INTO materials(case_uuid, material_id, state, actor_id, at)"
                      " VALUES (?,?,?,?,?) ON CONFLICT(case_uuid, material_id) DO UPDATE SET"
                      " state = excluded.state, actor_id = excluded.actor_id, at = excluded.at",
                      "ttttt", uuid, x->material, x->status, x->who ? x->who->id : NULL, now);
    if (rc == SQLITE_OK) {
        char *detail = xasprintf("%s: %s", x->material, x->status);
        rc = yj_store_audit_row(s, x->who, "material", x->case_no, detail);
        free(detail);
    }
    free(uuid);
    return rc;
}

int
yj_store_material_set(struct yj_store *s, const char *case_no, const char *material_id,
                      const char *state, const struct yj_actor *who)
{
    if (state == NULL || (strcmp(state, "seen") != 0 && strcmp(state, "exempt") != 0 &&
                          strcmp(state, "missing") != 0)) {
        yj_store_set_err(s, _("材料状态 %s 不存在（应为 seen、exempt 或 missing）。"),
                         state ? state : "");
        return -1;
    }
    if (yj_str_empty(material_id)) {
        yj_store_set_err(s, "%s", _("没有给出材料编号。"));
        return -1;
    }
    struct material_ctx x = {.material = material_id, .status = state, .who = who};
    return yj_store_case_tx(s, case_no, &x.case_no, material_body, &x);
}

struct material_rows {
    struct yj_material_state *v;
    size_t n;
};

/* One materials row into the list. */
static void
material_row(sqlite3_stmt *st, void *vctx)
{
    struct material_rows *l = vctx;
    l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
    struct yj_material_state *m = &l->v[l->n++];
    m->material_id = yj_store_col_str(st, 0);
    m->state = yj_store_col_str(st, 1);
    m->actor_id = yj_store_col_str(st, 2);
    m->at = yj_store_col_str(st, 3);
}

int
yj_store_material_list(struct yj_store *s, const char *case_no, struct yj_material_state **out,
                       size_t *n)
{
    *out = NULL;
    *n = 0;
    struct material_rows l = {NULL, 0};
    if (yj_store_select_case(s, material_row, &l, case_no,
                             "SELECT m.material_id, m.state, m.actor_id, m.at FROM materials m"
                             " JOIN cases c ON c.uuid = m.case_uuid WHERE c.case_no = ?"
                             " ORDER BY m.rowid") != 0) {
        yj_store_material_list_free(l.v, l.n);
        return -1;
    }
    *out = l.v;
    *n = l.n;
    return 0;
}

void
yj_store_material_list_free(struct yj_material_state *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].material_id);
        free(v[i].state);
        free(v[i].actor_id);
        free(v[i].at);
    }
    free(v);
}

/* ---- the checklist -------------------------------------------------------- */

/* Add a planned material to the checklist unless it is there already. */
static void
check_add(struct yj_checklist *cl, const struct yj_plan_material *pm)
{
    for (size_t i = 0; i < cl->n; i++)
        if (strcmp(cl->rows[i].material_id, pm->material->id) == 0)
            return;
    cl->rows = xreallocarray(cl->rows, cl->n + 1, sizeof *cl->rows);
    struct yj_check_row *r = &cl->rows[cl->n++];
    memset(r, 0, sizeof *r);
    r->material_id = pm->material->id;
    r->label = yj_text(&pm->material->label);
    r->item_label = pm->item ? yj_text(&pm->item->label) : "";
    r->e_licence = pm->material->e_licence;
}

int
yj_counter_checklist(struct yj_store *s, const struct yj_formset *set, const struct yj_case *c,
                     struct yj_checklist *out)
{
    memset(out, 0, sizeof *out);
    const struct yj_thing *t = set && c->thing_id ? yj_formset_thing(set, c->thing_id) : NULL;
    if (t == NULL) {
        yj_store_set_err(s, _("找不到一件事 %s 的表单定义，无法列出材料。"),
                         c->thing_id ? c->thing_id : "");
        return -1;
    }
    struct yj_answers a;
    yj_answers_init(&a);
    yj_answers_copy(&a, &c->answers);
    struct yj_plan p;
    memset(&p, 0, sizeof p);
    yj_plan_build(&p, set, t, &a);
    for (size_t i = 0; i < p.nrequired_materials; i++)
        check_add(out, &p.required_materials[i]);
    for (size_t i = 0; i < p.nexempt_materials; i++)
        check_add(out, &p.exempt_materials[i]);
    yj_plan_free(&p);
    yj_answers_free(&a);
    struct yj_material_state *ms = NULL;
    size_t nms = 0;
    if (yj_store_material_list(s, c->case_no, &ms, &nms) != 0) {
        yj_checklist_free(out);
        return -1;
    }
    for (size_t i = 0; i < out->n; i++)
        for (size_t k = 0; k < nms; k++)
            if (strcmp(out->rows[i].material_id, ms[k].material_id) == 0) {
                out->rows[i].state = xstrdup(ms[k].state);
                out->rows[i].actor_id = ms[k].actor_id ? xstrdup(ms[k].actor_id) : NULL;
                out->rows[i].at = ms[k].at ? xstrdup(ms[k].at) : NULL;
            }
    yj_store_material_list_free(ms, nms);
    return 0;
}

void
yj_checklist_free(struct yj_checklist *cl)
{
    for (size_t i = 0; i < cl->n; i++) {
        free(cl->rows[i].state);
        free(cl->rows[i].actor_id);
        free(cl->rows[i].at);
    }
    free(cl->rows);
    memset(cl, 0, sizeof *cl);
}
