/* plan.c: eligibility, chosen items, the merged form, materials and validation. */
#include "core/plan.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/expr.h"
#include "core/i18n.h"
#include "core/bounds.h"
#include "core/util.h"

static void
add_issue(struct yj_plan *p, const struct yj_field *f, enum yj_vstatus level, const char *msg,
          const char *rule)
{
    p->issues = xreallocarray(p->issues, p->nissues + 1, sizeof *p->issues);
    p->issues[p->nissues++] = (struct yj_issue){f, level, xstrdup(msg), rule};
    if (level == YJ_V_ERR)
        p->nerrors++;
    else
        p->nwarnings++;
}

/* An expression that could not be computed: kept for staff (the audit row of
 * the case, `doctor`), never shown to the citizen. */
static void
failed(struct yj_plan *p, const char *src, const char *err)
{
    p->failures = xreallocarray(p->failures, p->nfailures + 1, sizeof *p->failures);
    p->failures[p->nfailures++] =
        xasprintf("%s: \"%s\": %s", p->thing ? p->thing->id : "?", src ? src : "", err);
}

/* Evaluate a condition. One that cannot be computed is recorded (failed) and
 * taken as fallback: the safe side for what it decides (docs/FORMS.md, "When an
 * expression fails at run time"). */
static bool
cond(struct yj_plan *p, int ref, const char *src, bool fallback)
{
    if (ref <= 0)
        return true;
    bool v = false;
    char err[256];
    if (yj_expr_eval_bool(p->set->expr, ref, &v, err, sizeof err) != 0) {
        failed(p, src, err);
        return fallback;
    }
    return v;
}

/* Resolve a date bound into out ("" when unbounded or its field is empty). */
static void
resolve_bound(const struct yj_datebound *b, const struct yj_answers *a, char out[11])
{
    out[0] = '\0';
    if (b->spec == NULL)
        return;
    char base[11];
    if (b->field) {
        const char *v = yj_answers_get(a, b->field);
        if (v == NULL || !yj_date_valid(v))
            return;
        snprintf(base, sizeof base, "%s", v);
    } else {
        yj_today(base);
    }
    yj_date_add(base, b->years, b->months, b->days, out);
}

void
yj_confirm_key(const struct yj_field *f, char *out, size_t outsz)
{
    snprintf(out, outsz, "_confirm.%s", f->id);
}

/* Does the plan ask for field f? */
static bool
yj_plan_asks(const struct yj_plan *p, const struct yj_field *f)
{
    for (size_t s = 0; s < p->nsections; s++)
        for (size_t k = 0; k < p->sections[s].nfields; k++)
            if (p->sections[s].fields[k] == f)
                return true;
    return false;
}

bool
yj_plan_required(const struct yj_plan *p, const struct yj_field *f)
{
    for (size_t s = 0; s < p->nsections; s++)
        for (size_t k = 0; k < p->sections[s].nfields; k++)
            if (p->sections[s].fields[k] == f)
                return p->sections[s].required[k];
    if (p->thing)
        for (size_t g = 0; g < p->thing->nguide; g++)
            if (p->thing->guide[g].field == f)
                return true;
    return false;
}

bool
yj_plan_derived(const struct yj_plan *p, const struct yj_field *f)
{
    for (size_t i = 0; i < p->nderived_filled; i++)
        if (p->derived_filled[i] == f)
            return true;
    return false;
}

bool
yj_plan_has_item(const struct yj_plan *p, const char *item_id)
{
    for (size_t i = 0; i < p->nitems; i++)
        if (strcmp(p->items[i]->id, item_id) == 0)
            return true;
    return false;
}

/* Does the answer to f match f's pattern? Bound with the plan's chosen items,
 * as build() binds them. A pattern that cannot be run (over its cost bound)
 * does not block, like a rule. */
static bool
pattern_holds(const struct yj_plan *p, const struct yj_field *f, const struct yj_answers *a)
{
    const char **chosen = xcalloc(p->nitems + 1, sizeof *chosen);
    for (size_t i = 0; i < p->nitems; i++)
        chosen[i] = p->items[i]->id;
    bool ok = true;
    if (yj_expr_bind(p->set->expr, a, chosen) == 0 &&
        yj_expr_eval_bool(p->set->expr, f->pattern_ref, &ok, (char[64]){0}, 64) != 0)
        ok = true;
    free(chosen);
    return ok;
}

/* A warning the person confirmed (kept for the review page and the case). */
static void
add_confirmed(struct yj_plan *p, const struct yj_field *f, const char *msg, const char *rule)
{
    p->confirmed = xreallocarray(p->confirmed, p->nconfirmed + 1, sizeof *p->confirmed);
    p->confirmed[p->nconfirmed++] = (struct yj_issue){f, YJ_V_WARN, xstrdup(msg), rule};
}

static enum yj_vstatus check_field(const struct yj_plan *p, const struct yj_field *f,
                                   const struct yj_answers *a, struct yj_vresult *r, bool honour);

enum yj_vstatus
yj_plan_check_field(const struct yj_plan *p, const struct yj_field *f, const struct yj_answers *a,
                    struct yj_vresult *r)
{
    return check_field(p, f, a, r, true);
}

/* The check of f; a confirmed warning is OK when honour is set. */
static enum yj_vstatus
check_field(const struct yj_plan *p, const struct yj_field *f, const struct yj_answers *a,
            struct yj_vresult *r, bool honour)
{
    memset(r, 0, sizeof *r);
    const char *v = yj_answers_get(a, f->id);
    if (v == NULL) {
        if (yj_plan_required(p, f)) {
            r->status = YJ_V_ERR;
            bool pick = f->type == YJ_F_YESNO || f->type == YJ_F_SELECT || f->type == YJ_F_REGION;
            snprintf(r->msg, sizeof r->msg, pick ? _("请选择“%s”") : _("请填写“%s”"),
                     yj_text(&f->label));
        }
        return r->status;
    }
    char lo[11], hi[11];
    resolve_bound(&f->date_min, a, lo);
    resolve_bound(&f->date_max, a, hi);
    struct yj_vopts o = {
        .allow_legacy15 = f->legacy15,
        .resident_only = f->resident_only,
        .standard_chars = f->standard_chars,
        .date_min = *lo ? lo : NULL,
        .date_max = *hi ? hi : NULL,
        .date_min_msg = f->date_min_msg.s[0] ? yj_text(&f->date_min_msg) : NULL,
        .date_max_msg = f->date_max_msg.s[0] ? yj_text(&f->date_max_msg) : NULL,
        .max_chars = f->max_chars,
        .min_chars = f->min_chars,
        .has_min = f->has_min,
        .has_max = f->has_max,
        .min = f->min,
        .max = f->max,
        .unit = f->unit,
        .choices = (const char *const *)f->choice_values,
    };
    yj_validate(yj_ftype_name(f->type), v, &o, r);
    if (r->status == YJ_V_OK && f->pattern_ref > 0 && !pattern_holds(p, f, a)) {
        r->status = YJ_V_ERR;
        snprintf(r->msg, sizeof r->msg, "%s", yj_text(&f->pattern_msg));
    }
    if (r->status == YJ_V_WARN && honour) {
        char key[300];
        yj_confirm_key(f, key, sizeof key);
        const char *conf = yj_answers_get(a, key);
        if (conf && (strcmp(conf, v) == 0 || strcmp(conf, r->norm) == 0)) {
            r->status = YJ_V_OK;
            r->msg[0] = '\0';
        }
    }
    return r->status;
}

static bool
field_in_item(const struct yj_item *it, const struct yj_field *f, bool *required)
{
    for (size_t j = 0; j < it->nfields; j++)
        if (it->fields[j].field == f) {
            if (required)
                *required = it->fields[j].required;
            return true;
        }
    return false;
}

size_t
yj_plan_guide(const struct yj_plan *p, const struct yj_question **out, size_t max)
{
    size_t n = 0;
    const struct yj_thing *t = p->thing;
    for (size_t g = 0; g < t->nguide && n < max; g++) {
        const struct yj_question *q = &t->guide[g];
        bool on = true;
        if (q->when_ref > 0 &&
            yj_expr_eval_bool(p->set->expr, q->when_ref, &on, (char[64]){0}, 64) != 0)
            on = true; /* asked: as build() decides */
        if (on)
            out[n++] = q;
    }
    return n;
}

size_t
yj_plan_guide_total(const struct yj_plan *p, const struct yj_answers *a)
{
    const struct yj_thing *t = p->thing;
    if (t == NULL || t->nguide == 0)
        return 0;
    const struct yj_question *now[64];
    size_t nnow = yj_plan_guide(p, now, 64), n = 0;
    bool *maybe = xcalloc(t->nguide, sizeof *maybe);
    for (size_t g = 0; g < t->nguide; g++)
        for (size_t k = 0; k < nnow; k++)
            maybe[g] = maybe[g] || now[k] == &t->guide[g];
    /* Not asked now, but its condition names a question still unanswered that
     * may itself be asked: until nothing changes. */
    for (bool grew = true; grew;) {
        grew = false;
        for (size_t g = 0; g < t->nguide; g++)
            for (size_t h = 0; h < t->nguide && !maybe[g] && t->guide[g].when; h++)
                if (maybe[h] && yj_answers_get(a, t->guide[h].field->id) == NULL &&
                    strstr(t->guide[g].when, t->guide[h].field->id) != NULL)
                    maybe[g] = grew = true;
    }
    for (size_t g = 0; g < t->nguide; g++)
        n += maybe[g];
    free(maybe);
    return n;
}

static void
add_material(struct yj_plan_material **v, size_t *n, const struct yj_material *m,
             const struct yj_item *it)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*v)[i].material->id, m->id) == 0)
            return; /* one document serves every item that needs it */
    *v = xreallocarray(*v, *n + 1, sizeof **v);
    (*v)[(*n)++] = (struct yj_plan_material){m, it};
}

/* Does expr name a guide question, and are all it names answered? */
static bool
rule_decided(const struct yj_thing *t, const struct yj_answers *a, const char *expr)
{
    size_t named = 0;
    for (size_t g = 0; g < t->nguide && expr; g++) {
        const char *id = t->guide[g].field->id, *at = expr;
        size_t len = strlen(id);
        bool here = false;
        while ((at = strstr(at, id)) != NULL && !here) {
            char c = at[len];
            here = !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                     c == '_');
            at += len;
        }
        if (!here)
            continue;
        if (yj_answers_get(a, id) == NULL)
            return false;
        named++;
    }
    return named > 0;
}

static int
build(struct yj_plan *p, const struct yj_formset *set, const struct yj_thing *t,
      struct yj_answers *a, bool all_items)
{
    memset(p, 0, sizeof *p);
    p->set = set;
    p->thing = t;
    struct yj_expr_env *env = set->expr;
    /* Out-of-bounds answers never reach Lua: the plan is one error. */
    char bmsg[1024];
    if (yj_answers_bounds(set, a, bmsg, sizeof bmsg) != 0) {
        add_issue(p, NULL, YJ_V_ERR, bmsg, NULL);
        p->items = xcalloc(1, sizeof *p->items);
        p->guide_complete = true;
        return 0;
    }
    if (yj_expr_bind(env, a, NULL) != 0) {
        add_issue(p, NULL, YJ_V_ERR, _("答案太多或太长，无法检查，请减少后再试。"), NULL);
        p->items = xcalloc(1, sizeof *p->items);
        p->guide_complete = true;
        return 0;
    }

    /* Guide questions and eligibility. */
    p->guide_complete = true;
    for (size_t g = 0; g < t->nguide; g++) {
        const struct yj_question *q = &t->guide[g];
        if (!cond(p, q->when_ref, q->when, true)) /* a question too many, never one too few */
            continue;
        if (yj_answers_get(a, q->field->id) == NULL)
            p->guide_complete = false;
    }
    for (size_t e = 0; e < t->neligibility; e++) {
        const struct yj_eligibility *el = &t->eligibility[e];
        bool ok = cond(p, el->ref, el->expr, true); /* nobody turned away by a broken rule */
        /* A rule is decided as soon as the guide questions it names are
         * answered: the guide stops at the answer that turns a person away. */
        if (!ok && (p->guide_complete || rule_decided(t, a, el->expr))) {
            p->ineligible = xreallocarray(p->ineligible, p->nineligible + 1, sizeof(char *));
            p->ineligible[p->nineligible++] = xstrdup(yj_text(&el->message));
        }
    }
    p->eligible = p->guide_complete && p->nineligible == 0;

    /* Chosen items. */
    p->items = xcalloc(t->nitems + 1, sizeof *p->items);
    for (size_t i = 0; i < t->nitems; i++)
        if (all_items || cond(p, t->items[i].when_ref, t->items[i].when, false)) /* not applied */
            p->items[p->nitems++] = t->items[i].item;
    const char **chosen = xcalloc(p->nitems + 1, sizeof *chosen);
    for (size_t i = 0; i < p->nitems; i++)
        chosen[i] = p->items[i]->id;
    yj_expr_bind(env, a, chosen);

    /* Derived values, then bind again so conditions see them. */
    for (size_t d = 0; d < t->nderived; d++) {
        const struct yj_derived *dv = &t->derived[d];
        char *val = NULL, err[256];
        if (yj_expr_eval_string(env, dv->ref, &val, err, sizeof err) != 0) {
            char *m = xasprintf(_("表单配置有误（“%s”无法推算：%s），请联系工作人员"),
                                dv->field->id, err);
            add_issue(p, dv->field, YJ_V_ERR, m, NULL);
            free(m);
        } else if (val != NULL) {
            yj_answers_set(a, dv->field->id, val);
            p->derived_filled =
                xreallocarray(p->derived_filled, p->nderived_filled + 1, sizeof *p->derived_filled);
            p->derived_filled[p->nderived_filled++] = dv->field;
        }
        free(val);
    }
    if (t->nderived)
        yj_expr_bind(env, a, chosen);

    /* The merged form: the thing's sections, keeping fields some chosen item asks. */
    for (size_t i = 0; i < p->nitems; i++)
        p->fields_sum += p->items[i]->nfields;
    p->sections = xcalloc(t->nsections + 1, sizeof *p->sections);
    for (size_t s = 0; s < t->nsections; s++) {
        const struct yj_section *sec = &t->sections[s];
        struct yj_plan_section *ps = &p->sections[p->nsections];
        ps->section = sec;
        ps->fields = xcalloc(sec->nfields + 1, sizeof *ps->fields);
        ps->required = xcalloc(sec->nfields + 1, sizeof *ps->required);
        for (size_t k = 0; k < sec->nfields; k++) {
            const struct yj_field *f = sec->fields[k].field;
            bool asked = false, required = false;
            for (size_t i = 0; i < p->nitems; i++) {
                bool r = false;
                if (field_in_item(p->items[i], f, &r)) {
                    asked = true;
                    required = required || r;
                }
            }
            if (asked && !all_items)
                asked = cond(p, sec->fields[k].when_ref, sec->fields[k].when, true);
            if (!asked)
                continue;
            ps->fields[ps->nfields] = f;
            ps->required[ps->nfields] = required;
            ps->nfields++;
        }
        if (ps->nfields > 0) {
            p->fields_merged += ps->nfields;
            p->nsections++;
        } else {
            free(ps->fields);
            free(ps->required);
        }
    }

    /* Defaults: a field that is asked and still unanswered starts with what is
     * already known (the recipient is the applicant, the district of an ID
     * number); the person sees it filled and may change it.
     * A default may build on another (the district of the household, then the
     * delivery district from it): passes until nothing changes. */
    for (size_t pass = 0; pass <= t->ndefaults && !all_items; pass++) {
        bool defaulted = false;
        for (size_t d = 0; d < t->ndefaults; d++) {
            const struct yj_derived *dv = &t->defaults[d];
            if (yj_answers_get(a, dv->field->id) != NULL || !yj_plan_asks(p, dv->field))
                continue;
            char *val = NULL, err[256];
            if (yj_expr_eval_string(env, dv->ref, &val, err, sizeof err) != 0) {
                if (pass == 0)
                    failed(p, dv->expr, err); /* no default: the person types it */
            } else if (val != NULL && *val) {
                yj_answers_set(a, dv->field->id, val);
                defaulted = true;
            }
            free(val);
        }
        if (!defaulted)
            break;
        yj_expr_bind(env, a, chosen);
    }

    /* Materials: each document once, exempt when an e-licence replaces it. */
    for (size_t i = 0; i < p->nitems; i++) {
        const struct yj_item *it = p->items[i];
        for (size_t m = 0; m < it->nmaterials; m++) {
            const struct yj_material *mat = &it->materials[m];
            if (!all_items && !cond(p, mat->when_ref, mat->when, true)) /* bring it */
                continue;
            if (mat->e_licence)
                add_material(&p->exempt_materials, &p->nexempt_materials, mat, it);
            else
                add_material(&p->required_materials, &p->nrequired_materials, mat, it);
        }
    }

    if (!all_items) {
        /* Field checks: guide answers, then every field asked. */
        struct yj_vresult r;
        for (size_t g = 0; g < t->nguide; g++) {
            const struct yj_field *f = t->guide[g].field;
            if (yj_answers_get(a, f->id) && yj_plan_check_field(p, f, a, &r) != YJ_V_OK)
                add_issue(p, f, r.status, r.msg, NULL);
        }
        for (size_t s = 0; s < p->nsections; s++)
            for (size_t k = 0; k < p->sections[s].nfields; k++) {
                const struct yj_field *f = p->sections[s].fields[k];
                char key[300];
                yj_confirm_key(f, key, sizeof key);
                if (yj_plan_check_field(p, f, a, &r) != YJ_V_OK)
                    add_issue(p, f, r.status, r.msg, NULL);
                else if (yj_answers_get(a, key) && check_field(p, f, a, &r, false) == YJ_V_WARN)
                    add_confirmed(p, f, r.msg, NULL);
            }
        /* Cross-field rules. */
        for (size_t i = 0; i < t->nrules; i++) {
            const struct yj_rule *rule = &t->rules[i];
            /* A rule that cannot be computed does not block. */
            if (!cond(p, rule->when_ref, rule->when, false))
                continue;
            if (cond(p, rule->ref, rule->expr, true))
                continue;
            const struct yj_field *f =
                rule->nfields ? yj_formset_field(set, rule->fields[0]) : NULL;
            if (rule->level == YJ_RULE_WARNING && f) {
                char key[300];
                yj_confirm_key(f, key, sizeof key);
                const char *conf = yj_answers_get(a, key), *v = yj_answers_get(a, f->id);
                if (conf && v && strcmp(conf, v) == 0) {
                    add_confirmed(p, f, yj_text(&rule->message), rule->id);
                    continue;
                }
            }
            add_issue(p, f, rule->level == YJ_RULE_ERROR ? YJ_V_ERR : YJ_V_WARN,
                      yj_text(&rule->message), rule->id);
        }
    }
    free(chosen);
    return 0;
}

int
yj_plan_build(struct yj_plan *p, const struct yj_formset *set, const struct yj_thing *t,
              struct yj_answers *a)
{
    return build(p, set, t, a, false);
}

int
yj_plan_build_full(struct yj_plan *p, const struct yj_formset *set, const struct yj_thing *t)
{
    struct yj_answers none;
    yj_answers_init(&none);
    int rc = build(p, set, t, &none, true);
    yj_answers_free(&none);
    return rc;
}

void
yj_plan_free(struct yj_plan *p)
{
    for (size_t i = 0; i < p->nineligible; i++)
        free(p->ineligible[i]);
    free(p->ineligible);
    free(p->items);
    for (size_t s = 0; s < p->nsections; s++) {
        free(p->sections[s].fields);
        free(p->sections[s].required);
    }
    free(p->sections);
    free(p->required_materials);
    free(p->exempt_materials);
    for (size_t i = 0; i < p->nissues; i++)
        free(p->issues[i].msg);
    free(p->issues);
    for (size_t i = 0; i < p->nconfirmed; i++)
        free(p->confirmed[i].msg);
    free(p->confirmed);
    for (size_t i = 0; i < p->nfailures; i++)
        free(p->failures[i]);
    free(p->failures);
    free(p->derived_filled);
    memset(p, 0, sizeof *p);
}

bool
yj_plan_ok(const struct yj_plan *p)
{
    return p->eligible && p->nerrors == 0 && p->nwarnings == 0 && p->nitems > 0;
}

static json_t *
jtext(const struct yj_text *t)
{
    return json_string(yj_text(t));
}

static json_t *
departments(const struct yj_plan *p, const struct yj_answers *a)
{
    json_t *out = json_object();
    for (size_t i = 0; i < p->nitems; i++) {
        const struct yj_item *it = p->items[i];
        const char *did = it->dept ? it->dept->id : "unknown";
        json_t *d = json_object_get(out, did);
        if (d == NULL) {
            d = json_object();
            json_object_set_new(d, "label", json_string(it->dept ? it->dept->label.s[0] : did));
            json_object_set_new(d, "items", json_array());
            json_object_set_new(d, "fields", json_object());
            json_object_set_new(out, did, d);
        }
        json_t *ji = json_object();
        json_object_set_new(ji, "id", json_string(it->id));
        json_object_set_new(ji, "label", json_string(it->label.s[0]));
        json_object_set_new(ji, "time_limit_days", json_integer(it->time_limit_days));
        json_array_append_new(json_object_get(d, "items"), ji);
        json_t *fields = json_object_get(d, "fields");
        for (size_t j = 0; j < it->nfields; j++) {
            const struct yj_field *f = it->fields[j].field;
            const char *v = yj_answers_get(a, f->id);
            if (v == NULL || !yj_plan_asks(p, f))
                continue;
            const char *name = it->fields[j].payload_name ? it->fields[j].payload_name : f->id;
            json_object_set_new(fields, name, json_string(v));
        }
    }
    return out;
}

char *
yj_plan_departments_json(const struct yj_plan *p, const struct yj_answers *a)
{
    json_t *d = departments(p, a);
    char *s = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(d);
    char *r = xstrdup(s ? s : "{}");
    free(s);
    return r;
}

static json_t *
materials_json(const struct yj_plan_material *v, size_t n)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *m = json_object();
        json_object_set_new(m, "id", json_string(v[i].material->id));
        json_object_set_new(m, "label", jtext(&v[i].material->label));
        json_object_set_new(m, "item", json_string(v[i].item->id));
        json_array_append_new(arr, m);
    }
    return arr;
}

char *
yj_plan_to_json(const struct yj_plan *p, const struct yj_answers *a)
{
    json_t *o = json_object();
    json_object_set_new(o, "thing", json_string(p->thing->id));
    json_object_set_new(o, "ok", json_boolean(yj_plan_ok(p)));
    json_object_set_new(o, "eligible", json_boolean(p->eligible));
    json_t *inel = json_array();
    for (size_t i = 0; i < p->nineligible; i++)
        json_array_append_new(inel, json_string(p->ineligible[i]));
    json_object_set_new(o, "ineligible", inel);
    json_t *items = json_array();
    for (size_t i = 0; i < p->nitems; i++) {
        const struct yj_item *it = p->items[i];
        json_t *ji = json_object();
        json_object_set_new(ji, "id", json_string(it->id));
        json_object_set_new(ji, "label", jtext(&it->label));
        json_object_set_new(ji, "department", json_string(it->dept ? it->dept->id : ""));
        json_object_set_new(ji, "time_limit_days", json_integer(it->time_limit_days));
        json_object_set_new(ji, "ex_officio", json_boolean(it->ex_officio));
        json_t *deps = json_array();
        for (size_t d = 0; d < it->ndepends; d++)
            json_array_append_new(deps, json_string(it->depends_on[d]));
        json_object_set_new(ji, "depends_on", deps);
        json_array_append_new(items, ji);
    }
    json_object_set_new(o, "items", items);
    if (p->nfailures > 0) {
        json_t *fl = json_array();
        for (size_t i = 0; i < p->nfailures; i++)
            json_array_append_new(fl, json_string(p->failures[i]));
        json_object_set_new(o, "expression_failures", fl);
    }
    json_t *secs = json_array();
    for (size_t s = 0; s < p->nsections; s++) {
        const struct yj_plan_section *ps = &p->sections[s];
        json_t *js = json_object();
        json_object_set_new(js, "id", json_string(ps->section->id));
        json_object_set_new(js, "title", jtext(&ps->section->title));
        json_t *fs = json_array();
        for (size_t k = 0; k < ps->nfields; k++) {
            json_t *jf = json_object();
            json_object_set_new(jf, "id", json_string(ps->fields[k]->id));
            json_object_set_new(jf, "type", json_string(yj_ftype_name(ps->fields[k]->type)));
            json_object_set_new(jf, "required", json_boolean(ps->required[k]));
            json_object_set_new(jf, "label", jtext(&ps->fields[k]->label));
            const char *v = a ? yj_answers_get(a, ps->fields[k]->id) : NULL;
            if (v)
                json_object_set_new(jf, "value", json_string(v));
            json_array_append_new(fs, jf);
        }
        json_object_set_new(js, "fields", fs);
        json_array_append_new(secs, js);
    }
    json_object_set_new(o, "sections", secs);
    json_t *mats = json_object();
    json_object_set_new(mats, "required",
                        materials_json(p->required_materials, p->nrequired_materials));
    json_object_set_new(mats, "exempt", materials_json(p->exempt_materials, p->nexempt_materials));
    json_object_set_new(o, "materials", mats);
    json_t *iss = json_array();
    for (size_t i = 0; i < p->nissues; i++) {
        json_t *ji = json_object();
        json_object_set_new(ji, "field",
                            p->issues[i].field ? json_string(p->issues[i].field->id) : json_null());
        json_object_set_new(ji, "level",
                            json_string(p->issues[i].level == YJ_V_ERR ? "error" : "warning"));
        json_object_set_new(ji, "message", json_string(p->issues[i].msg));
        if (p->issues[i].rule)
            json_object_set_new(ji, "rule", json_string(p->issues[i].rule));
        json_array_append_new(iss, ji);
    }
    json_object_set_new(o, "issues", iss);
    if (a)
        json_object_set_new(o, "departments", departments(p, a));
    json_t *fig = json_object();
    json_object_set_new(fig, "fields_sum", json_integer((json_int_t)p->fields_sum));
    json_object_set_new(fig, "fields_merged", json_integer((json_int_t)p->fields_merged));
    json_object_set_new(fig, "materials_total",
                        json_integer((json_int_t)(p->nrequired_materials + p->nexempt_materials)));
    json_object_set_new(fig, "materials_exempt", json_integer((json_int_t)p->nexempt_materials));
    json_object_set_new(o, "figures", fig);
    char *s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(o);
    char *r = xstrdup(s ? s : "{}");
    free(s);
    return r;
}

char *
yj_plan_failures_detail(const struct yj_plan *p)
{
    if (p->nfailures == 0)
        return NULL;
    json_t *fl = json_array();
    for (size_t i = 0; i < p->nfailures; i++)
        json_array_append_new(fl, json_string(p->failures[i]));
    char *s = json_dumps(fl, JSON_COMPACT);
    json_decref(fl);
    return s;
}
