/* plan.h: what one application comes to, given its thing and its answers.
 *
 * The plan decides eligibility (guide questions), the chosen items (事项), the
 * merged form (union of the chosen items' fields, each asked once, laid out by
 * the thing's sections), the materials to bring and those exempt by e-licence,
 * fills derived fields, and validates every field and cross-field rule. The
 * screens, `forms plan` and `case submit` all use this one code path.
 */
#ifndef YJ_PLAN_H
#define YJ_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "core/answers.h"
#include "core/form.h"
#include "core/validate.h"

struct yj_issue {
    const struct yj_field *field; /* NULL for a problem of the whole application */
    enum yj_vstatus level;        /* YJ_V_ERR or YJ_V_WARN */
    char *msg;                    /* Chinese sentence */
    const char *rule;             /* rule id for cross-field rules, else NULL */
};

struct yj_plan_section {
    const struct yj_section *section;
    const struct yj_field **fields; /* in page order, only those asked */
    bool *required;
    size_t nfields;
};

struct yj_plan_material {
    const struct yj_material *material;
    const struct yj_item *item;
};

struct yj_plan {
    const struct yj_formset *set;
    const struct yj_thing *thing;
    bool guide_complete; /* every guide question that applies is answered */
    bool eligible;       /* guide complete and every eligibility rule holds */
    char **ineligible;   /* messages of failed eligibility rules */
    size_t nineligible;
    const struct yj_item **items; /* chosen, in the thing's order */
    size_t nitems;
    struct yj_plan_section *sections; /* non-empty sections only */
    size_t nsections;
    struct yj_plan_material *required_materials, *exempt_materials;
    size_t nrequired_materials, nexempt_materials;
    struct yj_issue *issues;
    size_t nissues;
    size_t nerrors, nwarnings; /* unconfirmed warnings count as blocking */
    /* Warnings the person confirmed ("_confirm.<field>" holds the value), in
     * the order of the fields' checks, then of the rules: not blocking. */
    struct yj_issue *confirmed;
    size_t nconfirmed;
    size_t fields_sum;    /* fields of the chosen items added up */
    size_t fields_merged; /* fields asked once in the merged form */
    /* Expressions that could not be computed ("thing: \"expr\": error"), for
     * staff only: the plan carried on with each one's safe default. */
    char **failures;
    size_t nfailures;
    /* Fields a derived value filled: shown read-only (a nil result leaves the
     * field to the person, and it is not listed). */
    const struct yj_field **derived_filled;
    size_t nderived_filled;
};

/* Build the plan. Derived fields are written into *a (so the caller sees them).
 * Returns 0. An expression that cannot be computed never shows its text to the
 * citizen: it takes its safe default (a guide question or field is asked, an
 * eligibility rule holds, an item is not chosen, a material is needed, a rule
 * does not block, a derived or default value is left to the person) and is
 * listed in p->failures. */
int yj_plan_build(struct yj_plan *p, const struct yj_formset *set, const struct yj_thing *t,
                  struct yj_answers *a);
/* The largest form of a thing: every item, every field, no answers (for
 * `forms show` and figures); no validation. */
int yj_plan_build_full(struct yj_plan *p, const struct yj_formset *set, const struct yj_thing *t);
void yj_plan_free(struct yj_plan *p);

/* Ready to submit: eligible, no errors, no unconfirmed warnings. */
bool yj_plan_ok(const struct yj_plan *p);

/* Validate one field as the screen does when the field is left (value from a,
 * including required-ness and date bounds relative to other fields). */
enum yj_vstatus yj_plan_check_field(const struct yj_plan *p, const struct yj_field *f,
                                    const struct yj_answers *a, struct yj_vresult *r);

/* The answer key that confirms a warning for field f ("_confirm.<id>"); its
 * value must equal the field's current value. */
void yj_confirm_key(const struct yj_field *f, char *out, size_t outsz);

bool yj_plan_required(const struct yj_plan *p, const struct yj_field *f);
/* f was filled by a derived value: read-only on screens, and what is typed
 * there is not taken. */
bool yj_plan_derived(const struct yj_plan *p, const struct yj_field *f);
bool yj_plan_has_item(const struct yj_plan *p, const char *item_id);
/* Guide questions that apply now (their `when` holds), in order. */
size_t yj_plan_guide(const struct yj_plan *p, const struct yj_question **out, size_t max);
/* How many guide questions there may be in all: those that apply now and those
 * whose `when` names a guide question not answered yet (so "第 1 问，共 N 问"
 * does not grow as the answers come; it may shrink). */
size_t yj_plan_guide_total(const struct yj_plan *p, const struct yj_answers *a);

/* The per-department split: {"DEPT": {"label":..,"items":[..],"fields":{name: value}}}.
 * Caller frees. */
char *yj_plan_departments_json(const struct yj_plan *p, const struct yj_answers *a);
/* The expressions that failed (p->failures) as a JSON array for the audit row
 * YJ_AUDIT_EXPR_FAILED of the case, or NULL when none did. Caller frees. */
char *yj_plan_failures_detail(const struct yj_plan *p);
#define YJ_AUDIT_EXPR_FAILED "forms.expr_failed"

/* The whole plan as JSON (for `forms plan`). Caller frees. */
char *yj_plan_to_json(const struct yj_plan *p, const struct yj_answers *a);

#endif
