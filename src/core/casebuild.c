/* casebuild.c: the one path from a plan to a case (see casebuild.h). */
#include "core/casebuild.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

/* Rank of an ID-card field as "the applicant" (lower first); -1: never. */
static int
applicant_rank(const struct yj_field *f)
{
    if (yj_str_has_prefix(f->id, "deceased."))
        return -1;
    if (yj_str_has_prefix(f->id, "applicant."))
        return 0;
    if (yj_str_has_prefix(f->id, "agent."))
        return 1;
    return 2;
}

void
yj_case_applicant(const struct yj_plan *p, const struct yj_answers *a, const char **name,
                  const char **id)
{
    const struct yj_field *best = NULL, *first_name = NULL;
    int best_rank = 0;
    *name = NULL;
    *id = NULL;
    /* The thing names its applicant (its file's "applicant" key): that,
     * when answered; the ranking below is for a thing that names none. */
    const struct yj_thing *t = p->thing;
    if (t != NULL && t->applicant_id != NULL &&
        !yj_str_empty(yj_answers_get(a, t->applicant_id->id))) {
        *id = yj_answers_get(a, t->applicant_id->id);
        if (t->applicant_name != NULL && !yj_str_empty(yj_answers_get(a, t->applicant_name->id))) {
            *name = yj_answers_get(a, t->applicant_name->id);
            return;
        }
    }
    for (size_t s = 0; s < p->nsections; s++) {
        for (size_t k = 0; k < p->sections[s].nfields; k++) {
            const struct yj_field *f = p->sections[s].fields[k];
            if (yj_str_empty(yj_answers_get(a, f->id)) || yj_str_has_prefix(f->id, "deceased."))
                continue;
            int r = applicant_rank(f);
            if (f->type == YJ_F_IDCARD && r >= 0 && (best == NULL || r < best_rank)) {
                best = f;
                best_rank = r;
            }
            if (f->type == YJ_F_NAME && first_name == NULL)
                first_name = f;
        }
    }
    if (*id != NULL) { /* the thing's applicant, with no name field of its own */
        if (first_name != NULL)
            *name = yj_answers_get(a, first_name->id);
        return;
    }
    if (first_name != NULL)
        *name = yj_answers_get(a, first_name->id);
    if (best == NULL)
        return;
    *id = yj_answers_get(a, best->id);
    const char *dot = strrchr(best->id, '.');
    int gl = dot ? (int)(dot - best->id) : (int)strlen(best->id);
    char key[256];
    snprintf(key, sizeof key, "%.*s.name", gl, best->id);
    const char *same = yj_answers_get(a, key);
    if (!yj_str_empty(same))
        *name = same;
}

/* qsort: answers by id. */
static int
cmp_answer(const void *x, const void *y)
{
    return strcmp(((const struct yj_answer *)x)->id, ((const struct yj_answer *)y)->id);
}

void
yj_case_from_plan(struct yj_case *c, const struct yj_formset *set, const struct yj_plan *p,
                  const struct yj_answers *a, const struct yj_case_origin *o)
{
    static const struct yj_case_origin none = {NULL, NULL, NULL, NULL};
    if (o == NULL)
        o = &none;
    memset(c, 0, sizeof *c);
    const char *name, *id;
    yj_case_applicant(p, a, &name, &id);
    c->thing_id = xstrdup(p->thing->id);
    c->form_version = xstrdup(set->version);
    c->channel = xstrdup(yj_str_empty(o->channel) ? "kiosk" : o->channel);
    c->terminal = o->terminal ? xstrdup(o->terminal) : NULL;
    c->applicant_name = xstrdup(name ? name : "");
    c->applicant_id = xstrdup(id ? id : "");
    c->helper_id = yj_str_empty(o->helper_id) ? NULL : xstrdup(o->helper_id);
    c->clerk_id = yj_str_empty(o->clerk_id) ? NULL : xstrdup(o->clerk_id);
    c->revision = 1;
    yj_answers_init(&c->answers);
    yj_answers_copy(&c->answers, a);
    /* Stored in id order, so the same answers give the same bytes whatever
     * order they were given in (screens or a file). */
    if (c->answers.n > 1)
        qsort(c->answers.v, c->answers.n, sizeof c->answers.v[0], cmp_answer);
    c->departments_json = yj_plan_departments_json(p, a);
    c->nitems = p->nitems;
    c->items = xcalloc(c->nitems ? c->nitems : 1, sizeof *c->items);
    for (size_t i = 0; i < c->nitems; i++) {
        const struct yj_item *it = p->items[i];
        c->items[i].item_id = xstrdup(it->id);
        c->items[i].dept_id = xstrdup(it->dept ? it->dept->id : YJ_DEPT_UNKNOWN);
        c->items[i].time_limit_days = it->time_limit_days;
        c->items[i].status = xstrdup(YJ_ITEM_PENDING);
    }
    for (size_t i = 0; i < c->nitems; i++)
        c->items[i].after = yj_case_item_preds(set, c, i);
}

char *
yj_case_item_preds(const struct yj_formset *set, const struct yj_case *c, size_t i)
{
    const struct yj_item *it = set ? yj_formset_item(set, c->items[i].item_id) : NULL;
    struct yj_buf b = {0};
    for (size_t d = 0; it && d < it->ndepends; d++)
        for (size_t k = 0; k < c->nitems; k++)
            if (k != i && strcmp(c->items[k].item_id, it->depends_on[d]) == 0)
                yj_buf_printf(&b, "%s%s", b.len ? " " : "", it->depends_on[d]);
    return b.data;
}

bool
yj_case_item_after(const struct yj_formset *set, const struct yj_case *c, size_t i)
{
    const struct yj_item *it = set ? yj_formset_item(set, c->items[i].item_id) : NULL;
    for (size_t d = 0; it && d < it->ndepends; d++)
        for (size_t k = 0; k < c->nitems; k++)
            if (strcmp(c->items[k].item_id, it->depends_on[d]) == 0)
                return true;
    return false;
}
