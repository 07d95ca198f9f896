/* formcheck.c: `forms check` beyond loading — expressions proved over answers a
 * citizen could give, and the warnings (unused fields, derived fields nobody
 * asks, file names, example keys, texts too wide for a 64-column screen). */
#include "core/formcheck.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/multi.h"
#include "core/answers.h"
#include "core/bounds.h"
#include "core/expr.h"
#include "core/form_int.h"
#include "core/utf8.h"
#include "core/util.h"

/* ---- warnings ----------------------------------------------------------- */

static void __attribute__((format(printf, 4, 5)))
warn(struct yj_form_warnings *w, const char *file, const char *path, const char *fmt, ...)
{
    int line = 0, col = 0;
    if (path)
        yj_form_locate(file, path, &line, &col);
    struct yj_buf b = {0};
    va_list ap;
    va_start(ap, fmt);
    yj_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    w->v = xreallocarray(w->v, w->n + 1, sizeof *w->v);
    w->v[w->n++] = (struct yj_form_problem){xstrdup(file), line, col, yj_buf_steal(&b)};
}

void
yj_form_warnings_free(struct yj_form_warnings *w)
{
    for (size_t i = 0; i < w->n; i++) {
        free(w->v[i].file);
        free(w->v[i].msg);
    }
    free(w->v);
    w->v = NULL;
    w->n = 0;
}

static const char *const lang_keys[YJ_LANG_COUNT] = {"zh_CN", "zh_TW", "en"};

/* A text wider than max columns in any language. */
static void
check_width(struct yj_form_warnings *w, const char *file, const char *path, const struct yj_text *t,
            int max, const char *what)
{
    for (int l = 0; l < YJ_LANG_COUNT; l++) {
        if (t->s[l] == NULL)
            continue;
        int width = yj_str_width(t->s[l]);
        if (width > max) {
            char *p = xasprintf("%s/%s", path, lang_keys[l]);
            warn(w, file, p,
                 "%s (%s) is %d columns wide, more than the %d a 64x16 screen has for it", what,
                 lang_keys[l], width, max);
            free(p);
        }
    }
}

/* The file's name without directory and ".json". */
static void
base_id(const char *file, char *out, size_t outsz)
{
    const char *b = strrchr(file, '/');
    b = b ? b + 1 : file;
    snprintf(out, outsz, "%s", b);
    size_t n = strlen(out);
    if (n > 5 && strcmp(out + n - 5, ".json") == 0)
        out[n - 5] = '\0';
}

static bool
item_has_field(const struct yj_item *it, const struct yj_field *f)
{
    for (size_t j = 0; j < it->nfields; j++)
        if (it->fields[j].field == f)
            return true;
    return false;
}

static bool
thing_asks(const struct yj_thing *t, const struct yj_field *f)
{
    for (size_t i = 0; i < t->nitems; i++)
        if (item_has_field(t->items[i].item, f))
            return true;
    for (size_t g = 0; g < t->nguide; g++)
        if (t->guide[g].field == f)
            return true;
    return false;
}

static void
set_warnings(const struct yj_formset *set, struct yj_form_warnings *w)
{
    char id[256], path[160];
    for (size_t i = 0; i < set->nfields; i++) {
        const struct yj_field *f = set->fields[i];
        bool used = false;
        for (size_t k = 0; k < set->nthings && !used; k++)
            used = thing_asks(set->things[k], f);
        for (size_t k = 0; k < set->nitems && !used; k++)
            used = item_has_field(set->items[k], f);
        snprintf(path, sizeof path, "fields/%s", f->id);
        if (!used)
            warn(w, f->file, path, "field \"%s\" is defined but no item or guide asks it", f->id);
        if (strncmp(f->id, "guide.", 6) != 0) { /* questions are wrapped */
            snprintf(path, sizeof path, "fields/%s/label", f->id);
            check_width(w, f->file, path, &f->label, YJ_CHECK_SCREEN_COLS, "the label");
        }
    }
    for (size_t i = 0; i < set->nitems; i++) {
        const struct yj_item *it = set->items[i];
        base_id(it->file, id, sizeof id);
        if (strcmp(id, it->id) != 0)
            warn(w, it->file, "id", "the file is named \"%s.json\" but the item's id is \"%s\"", id,
                 it->id);
        check_width(w, it->file, "label", &it->label, YJ_CHECK_ITEM_LABEL_COLS,
                    "the item's label (two rows)");
    }
    for (size_t i = 0; i < set->nthings; i++) {
        const struct yj_thing *t = set->things[i];
        base_id(t->file, id, sizeof id);
        if (strcmp(id, t->id) != 0)
            warn(w, t->file, "id", "the file is named \"%s.json\" but the thing's id is \"%s\"", id,
                 t->id);
        check_width(w, t->file, "label", &t->label, YJ_CHECK_HOME_LABEL_COLS, "the label on Home");
        check_width(w, t->file, "summary", &t->summary, YJ_CHECK_SUMMARY_COLS,
                    "the summary on Home");
        for (size_t s = 0; s < t->nsections; s++) {
            snprintf(path, sizeof path, "sections/%zu/title", s);
            check_width(w, t->file, path, &t->sections[s].title, YJ_CHECK_SCREEN_COLS,
                        "the section title");
        }
        for (size_t d = 0; d < t->nderived; d++)
            if (!thing_asks(t, t->derived[d].field)) {
                snprintf(path, sizeof path, "derived/%zu/field", d);
                warn(w, t->file, path,
                     "derived field \"%s\" is not a field of any item of \"%s\": nobody asks it",
                     t->derived[d].field->id, t->id);
            }
    }
}

/* ---- proving expressions ------------------------------------------------ */

/* One expression of a thing, where it is written. */
struct xp {
    const char *file;
    char path[96];
    const char *src;
    int ref;
    bool string; /* derived or default: evaluated to a string */
    bool failed; /* reported already */
};

struct xps {
    struct xp *v;
    size_t n;
};

static void add_xp(struct xps *x, const char *file, const char *src, int ref, bool string,
                   const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static void
add_xp(struct xps *x, const char *file, const char *src, int ref, bool string, const char *fmt, ...)
{
    if (ref <= 0)
        return;
    x->v = xreallocarray(x->v, x->n + 1, sizeof *x->v);
    struct xp *e = &x->v[x->n++];
    *e = (struct xp){.file = file, .src = src, .ref = ref, .string = string};
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->path, sizeof e->path, fmt, ap);
    va_end(ap);
}

static void
thing_exprs(const struct yj_thing *t, struct xps *x)
{
    for (size_t i = 0; i < t->nguide; i++)
        add_xp(x, t->file, t->guide[i].when, t->guide[i].when_ref, false, "guide/%zu/when", i);
    for (size_t i = 0; i < t->neligibility; i++)
        add_xp(x, t->file, t->eligibility[i].expr, t->eligibility[i].ref, false,
               "eligibility/%zu/expr", i);
    for (size_t i = 0; i < t->nitems; i++) {
        add_xp(x, t->file, t->items[i].when, t->items[i].when_ref, false, "items/%zu/when", i);
        const struct yj_item *it = t->items[i].item;
        for (size_t m = 0; m < it->nmaterials; m++)
            add_xp(x, it->file, it->materials[m].when, it->materials[m].when_ref, false,
                   "materials/%zu/when", m);
    }
    for (size_t s = 0; s < t->nsections; s++)
        for (size_t k = 0; k < t->sections[s].nfields; k++)
            add_xp(x, t->file, t->sections[s].fields[k].when, t->sections[s].fields[k].when_ref,
                   false, "sections/%zu/fields/%zu/when", s, k);
    for (size_t i = 0; i < t->nderived; i++)
        add_xp(x, t->file, t->derived[i].expr, t->derived[i].ref, true, "derived/%zu/expr", i);
    for (size_t i = 0; i < t->ndefaults; i++)
        add_xp(x, t->file, t->defaults[i].expr, t->defaults[i].ref, true, "defaults/%zu/expr", i);
    for (size_t i = 0; i < t->nrules; i++) {
        add_xp(x, t->file, t->rules[i].when, t->rules[i].when_ref, false, "rules/%zu/when", i);
        add_xp(x, t->file, t->rules[i].expr, t->rules[i].ref, false, "rules/%zu/expr", i);
    }
}

/* A valid value of f's type. */
static const char *
sample(const struct yj_field *f)
{
    switch (f->type) {
    case YJ_F_NAME:
        return "王丽";
    case YJ_F_IDCARD:
        return "11010519491231002X";
    case YJ_F_PHONE:
    case YJ_F_MOBILE:
        return "13800138000";
    case YJ_F_LANDLINE:
        return "021-64370000";
    case YJ_F_DATE:
        return "2026-01-15";
    case YJ_F_SELECT:
        return f->nchoices ? f->choices[0].value : "x";
    case YJ_F_MULTI:
        return yj_multi_sample(f);
    case YJ_F_REGION:
        return "310101";
    case YJ_F_NUMBER:
        return "1";
    case YJ_F_MONEY:
        return "100.00";
    case YJ_F_BANK:
        return "6222021001112223331";
    case YJ_F_USCC:
        return "91310000132200821H";
    case YJ_F_POSTCODE:
        return "200000";
    case YJ_F_ADDRESS:
        return "上海市黄浦区人民大道200号";
    case YJ_F_YESNO:
        return "yes";
    case YJ_F_TEXT:
    default:
        return "示例";
    }
}

/* The fields of a thing: guide questions, every item's fields, derived and
 * default fields. */
static size_t
thing_fields(const struct yj_thing *t, const struct yj_field ***out)
{
    size_t n = 0, cap = 16;
    const struct yj_field **v = xcalloc(cap, sizeof *v);
#define ADD(F)                                                                                     \
    do {                                                                                           \
        const struct yj_field *f_ = (F);                                                           \
        bool seen_ = f_ == NULL;                                                                   \
        for (size_t q_ = 0; q_ < n && !seen_; q_++)                                                \
            seen_ = v[q_] == f_;                                                                   \
        if (!seen_) {                                                                              \
            if (n == cap)                                                                          \
                v = xreallocarray(v, cap *= 2, sizeof *v);                                         \
            v[n++] = f_;                                                                           \
        }                                                                                          \
    } while (0)
    for (size_t g = 0; g < t->nguide; g++)
        ADD(t->guide[g].field);
    for (size_t i = 0; i < t->nitems; i++)
        for (size_t j = 0; j < t->items[i].item->nfields; j++)
            ADD(t->items[i].item->fields[j].field);
    for (size_t d = 0; d < t->nderived; d++)
        ADD(t->derived[d].field);
    for (size_t d = 0; d < t->ndefaults; d++)
        ADD(t->defaults[d].field);
#undef ADD
    *out = v;
    return n;
}

/* Run every expression not yet failed over a; report the failures. */
static void
run_all(struct yj_formset *set, struct xps *x, const struct yj_answers *a,
        const char *const *chosen, const char *which)
{
    yj_expr_bind(set->expr, a, chosen);
    for (size_t i = 0; i < x->n; i++) {
        struct xp *e = &x->v[i];
        if (e->failed)
            continue;
        char err[256];
        int rc;
        if (e->string) {
            char *out = NULL;
            rc = yj_expr_eval_string(set->expr, e->ref, &out, err, sizeof err);
            free(out);
        } else {
            bool b;
            rc = yj_expr_eval_bool(set->expr, e->ref, &b, err, sizeof err);
        }
        if (rc != 0) {
            e->failed = true;
            problem_path(set, e->file, e->path, "expression \"%s\" cannot be computed %s: %s%s",
                         e->src, which, err,
                         strstr(err, "nil") ? " (guard the field with filled(...))" : "");
        }
    }
}

/* The example of t: warnings for keys the thing does not ask, then every
 * expression over it. */
static void
prove_example(struct yj_formset *set, const struct yj_thing *t, const struct yj_field **fields,
              size_t nfields, struct xps *x, const char *const *chosen, struct yj_form_warnings *w)
{
    char *path = xasprintf("%s/examples/%s.json", set->dir, t->id);
    if (!yj_path_present(path)) {
        warn(w, path, NULL, "thing \"%s\" has no example answers", t->id);
        free(path);
        return;
    }
    struct yj_answers a;
    yj_answers_init(&a);
    char err[256];
    if (yj_answers_load_file(&a, path, err, sizeof err) != 0) {
        add_problem_raw(set, path, 0, 0, xasprintf("cannot read the example: %s", err));
        free(path);
        return;
    }
    for (size_t i = 0; i < a.n; i++) {
        const char *k = a.v[i].id;
        const char *id = strncmp(k, "_confirm.", 9) == 0 ? k + 9 : k;
        bool known = false;
        for (size_t f = 0; f < nfields && !known; f++)
            known = strcmp(fields[f]->id, id) == 0;
        if (!known)
            warn(w, path, k, "\"%s\" is not a field of \"%s\": the answer is ignored", k, t->id);
    }
    char *which = xasprintf("on the example %s", path);
    run_all(set, x, &a, chosen, which);
    free(which);
    yj_answers_free(&a);
    free(path);
}

static void
prove_thing(struct yj_formset *set, const struct yj_thing *t, struct yj_form_warnings *w)
{
    struct xps x = {0};
    thing_exprs(t, &x);
    const struct yj_field **fields;
    size_t nfields = thing_fields(t, &fields);
    for (size_t f = 0; f < nfields; f++) /* a malformed pattern fails when run */
        add_xp(&x, fields[f]->file, fields[f]->pattern_expr, fields[f]->pattern_ref, false,
               "fields/%s/pattern", fields[f]->id);
    const char **chosen = xcalloc(t->nitems + 1, sizeof *chosen);
    for (size_t i = 0; i < t->nitems; i++)
        chosen[i] = t->items[i].item->id;

    struct yj_answers a;
    yj_answers_init(&a);
    run_all(set, &x, &a, chosen, "with no answers");
    prove_example(set, t, fields, nfields, &x, chosen, w);
    for (size_t f = 0; f < nfields; f++) {
        yj_answers_free(&a);
        yj_answers_init(&a);
        yj_answers_set(&a, fields[f]->id, sample(fields[f]));
        char *which =
            xasprintf("when only %s is answered (\"%s\")", fields[f]->id, sample(fields[f]));
        run_all(set, &x, &a, chosen, which);
        free(which);
        yj_answers_free(&a);
        yj_answers_init(&a);
        for (size_t g = 0; g < nfields; g++)
            if (g != f)
                yj_answers_set(&a, fields[g]->id, sample(fields[g]));
        which = xasprintf("when every field but %s is answered", fields[f]->id);
        run_all(set, &x, &a, chosen, which);
        free(which);
    }
    yj_answers_free(&a);
    free(chosen);
    free(fields);
    free(x.v);
}

void
yj_formset_prove(struct yj_formset *set, struct yj_form_warnings *w)
{
    if (set->nproblems > 0)
        return;
    set_warnings(set, w);
    for (size_t i = 0; i < set->nthings; i++)
        prove_thing(set, set->things[i], w);
}
