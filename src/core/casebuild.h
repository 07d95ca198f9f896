/* casebuild.h: the one path from a plan to a case.
 *
 * The kiosk, the assisted mode, the counter's new case (all through ui/flow.c)
 * and `yijian case submit` turn a plan into a case here, so the same answers give
 * the same stored case whichever way they came in.
 */
#ifndef YJ_CASEBUILD_H
#define YJ_CASEBUILD_H

#include "core/answers.h"
#include "core/case.h"
#include "core/form.h"
#include "core/plan.h"

/* The department of an item whose form names none (a form set with problems):
 * the store refuses an empty one, so every caller writes this instead. */
#define YJ_DEPT_UNKNOWN "unknown"

/* Where a case comes from. Every member may be NULL. */
struct yj_case_origin {
    const char *channel;   /* "kiosk" (NULL), "assist", "counter" */
    const char *terminal;  /* NULL: the store takes this terminal's identity */
    const char *helper_id; /* assisted filling: who helped */
    const char *clerk_id;  /* counter: the clerk entering it */
};

/* The applicant for the case summary (docs/STORE.md): the fields the thing names
 * as its "applicant" when answered (forms/things: death agent.*, birth mother.*,
 * retirement retiree.*); for a thing that names none, the answered ID-card field
 * asked on the pages ranked first — applicant.*, then agent.* (the person who
 * applies for someone else), then page order — never a deceased.* field; the
 * name is the same group's ".name" answer, else the first answered name field
 * (never the deceased's). Pointers into a; NULL when there is none. */
void yj_case_applicant(const struct yj_plan *p, const struct yj_answers *a, const char **name,
                       const char **id);

/* Fill c (zeroed first) from the plan p built on answers a: thing, form version,
 * origin, applicant, answers (sorted by id), the per-department split and one pending item per
 * planned item with its department (YJ_DEPT_UNKNOWN when the form names none).
 * Number, uuid, times and due dates are the store's (yj_store_submit). */
void yj_case_from_plan(struct yj_case *c, const struct yj_formset *set, const struct yj_plan *p,
                       const struct yj_answers *a, const struct yj_case_origin *o);

/* Item i of c waits for a predecessor that is part of the case: until that is
 * done it has no due date and is shown as 前置事项办结后 N 个工作日. */
bool yj_case_item_after(const struct yj_formset *set, const struct yj_case *c, size_t i);
/* The predecessors of item i chosen in case c (the thing's depends_on among
 * the case's items), space separated, malloc'd; NULL when none. */
char *yj_case_item_preds(const struct yj_formset *set, const struct yj_case *c, size_t i);

#endif
