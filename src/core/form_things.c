/* form_things.c: the things (一件事) of things/ — guide questions, eligibility,
 * items, sections, the applicant, derived and default values, rules — and the
 * check that every field of a thing's items sits in exactly one section. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/form_int.h"
#include "core/util.h"

/* ---- things ------------------------------------------------------------ */

static const struct yj_field *
read_field_ref(struct ctx *c, json_t *v, const char *what)
{
    const char *fid = json_string_value(v);
    if (fid == NULL) {
        problem(c, "%s must be a field id", what);
        return NULL;
    }
    const struct yj_field *f = yj_formset_field(c->set, fid);
    if (f == NULL)
        problem(c, "unknown field id \"%s\" (not in fields.json)", fid);
    return f;
}

static json_t *
get_array(struct ctx *c, json_t *o, const char *key, bool required)
{
    json_t *a = json_object_get(o, key);
    if (a == NULL) {
        if (required)
            problem(c, "missing \"%s\" (an array)", key);
        return NULL;
    }
    if (!json_is_array(a)) {
        push_key(c, key);
        problem(c, "\"%s\" must be an array", key);
        pop(c);
        return NULL;
    }
    return a;
}

/* "derived" or "defaults" of a thing: an array of {"field", "expr"}. */
static void
read_values(struct ctx *c, json_t *o, const char *key, struct yj_derived **out, size_t *nout)
{
    size_t i;
    json_t *v;
    json_t *arr = get_array(c, o, key, false);
    if (arr == NULL)
        return;
    *out = xcalloc(json_array_size(arr) + 1, sizeof **out);
    push_key(c, key);
    json_array_foreach(arr, i, v)
    {
        push_index(c, i);
        if (!json_is_object(v)) {
            problem(c, "a derived or default value is {\"field\", \"expr\"}");
        } else {
            static const char *const dk[] = {"field", "expr", "$comment", NULL};
            check_keys(c, v, dk, "a derived or default value");
            struct yj_derived *d = &(*out)[(*nout)++];
            push_key(c, "field");
            d->field = read_field_ref(c, json_object_get(v, "field"), "\"field\"");
            pop(c);
            d->ref = read_expr(c, v, "expr", true, &d->expr);
        }
        pop(c);
    }
    pop(c);
}

/* Call entry(c, v, t) for each element v of arr, the array at key, with the
 * path at key and the element's index. */
static void
each_entry(struct ctx *c, json_t *arr, const char *key,
           void (*entry)(struct ctx *, json_t *, struct yj_thing *), struct yj_thing *t)
{
    size_t i;
    json_t *v;
    push_key(c, key);
    json_array_foreach(arr, i, v)
    {
        push_index(c, i);
        entry(c, v, t);
        pop(c);
    }
    pop(c);
}

static void
read_prepare_entry(struct ctx *c, json_t *v, struct yj_thing *t)
{
    read_text_value(c, v, "a \"prepare\" entry", &t->prepare[t->nprepare++]);
}

static void
read_question(struct ctx *c, json_t *v, struct yj_thing *t)
{
    if (!json_is_object(v)) {
        problem(c, "a guide question is {\"field\": \"guide.x\", \"when\": ...}");
        return;
    }
    static const char *const gk[] = {"field", "when", "$comment", NULL};
    check_keys(c, v, gk, "a guide question");
    push_key(c, "field");
    const struct yj_field *f = read_field_ref(c, json_object_get(v, "field"), "\"field\"");
    if (f && strncmp(f->id, "guide.", 6) != 0)
        problem(c, "guide questions are fields of the group \"guide\", not \"%s\"", f->id);
    if (f && f->type != YJ_F_YESNO && f->type != YJ_F_SELECT && f->type != YJ_F_DATE &&
        f->type != YJ_F_REGION)
        problem(c, "a guide question is a yesno, select, date or region field");
    pop(c);
    struct yj_question *q = &t->guide[t->nguide++];
    q->field = f;
    q->when_ref = read_expr(c, v, "when", false, &q->when);
}

static void
read_eligibility(struct ctx *c, json_t *v, struct yj_thing *t)
{
    if (!json_is_object(v)) {
        problem(c, "an eligibility rule is {\"expr\", \"message\"}");
        return;
    }
    static const char *const ek[] = {"expr", "message", "$comment", NULL};
    check_keys(c, v, ek, "an eligibility rule");
    struct yj_eligibility *e = &t->eligibility[t->neligibility++];
    e->ref = read_expr(c, v, "expr", true, &e->expr);
    read_text(c, v, "message", true, &e->message);
}

static void
read_thing_item(struct ctx *c, json_t *v, struct yj_thing *t)
{
    const char *iid =
        json_is_string(v) ? json_string_value(v) : json_string_value(json_object_get(v, "item"));
    if (json_is_object(v)) {
        static const char *const ik[] = {"item", "when", "$comment", NULL};
        check_keys(c, v, ik, "a thing item");
    }
    const struct yj_item *it = iid ? yj_formset_item(c->set, iid) : NULL;
    if (iid == NULL) {
        problem(c, "an item entry is an item id or {\"item\", \"when\"}");
        return;
    }
    if (it == NULL) {
        problem(c, "unknown item \"%s\" (no file in items/ defines it)", iid);
        return;
    }
    for (size_t j = 0; j < t->nitems; j++)
        if (t->items[j].item == it)
            problem(c, "item \"%s\" is listed twice", iid);
    struct yj_thing_item *ti = &t->items[t->nitems++];
    ti->item = it;
    if (json_is_object(v))
        ti->when_ref = read_expr(c, v, "when", false, &ti->when);
}

/* The fields of section s: ids, or {"id", "when"}. */
static void
read_section_fields(struct ctx *c, json_t *sf, struct yj_section *s)
{
    s->fields = xcalloc(json_array_size(sf) + 1, sizeof *s->fields);
    push_key(c, "fields");
    size_t j;
    json_t *fv;
    json_array_foreach(sf, j, fv)
    {
        push_index(c, j);
        json_t *idv = json_is_object(fv) ? json_object_get(fv, "id") : fv;
        const struct yj_field *f = read_field_ref(c, idv, "a section field");
        if (f) {
            struct yj_section_field *x = &s->fields[s->nfields++];
            x->field = f;
            if (json_is_object(fv)) {
                static const char *const fk[] = {"id", "when", NULL};
                check_keys(c, fv, fk, "a section field");
                x->when_ref = read_expr(c, fv, "when", false, &x->when);
            }
        }
        pop(c);
    }
    pop(c);
}

static void
read_section(struct ctx *c, json_t *v, struct yj_thing *t)
{
    if (!json_is_object(v)) {
        problem(c, "a section is {\"id\", \"title\", \"fields\"}");
        return;
    }
    static const char *const sk[] = {"id", "title", "fields", "$comment", NULL};
    check_keys(c, v, sk, "a section");
    struct yj_section *s = &t->sections[t->nsections++];
    s->id = read_string(c, v, "id", true);
    if (s->id == NULL)
        s->id = xstrdup("?");
    read_text(c, v, "title", true, &s->title);
    json_t *sf = get_array(c, v, "fields", true);
    if (sf)
        read_section_fields(c, sf, s);
}

/* Who applies: the name and ID number fields of the person who signs the
 * application (the family member or agent for a death, never the deceased). */
static void
read_applicant(struct ctx *c, json_t *o, struct yj_thing *t)
{
    json_t *ap = json_object_get(o, "applicant");
    if (ap == NULL)
        return;
    push_key(c, "applicant");
    if (!json_is_object(ap)) {
        problem(c, "\"applicant\" is {\"name\": FIELD, \"id_number\": FIELD}");
    } else {
        static const char *const ak[] = {"name", "id_number", "$comment", NULL};
        check_keys(c, ap, ak, "the applicant");
        t->applicant_name = read_field_ref(c, json_object_get(ap, "name"), "\"name\"");
        t->applicant_id = read_field_ref(c, json_object_get(ap, "id_number"), "\"id_number\"");
    }
    pop(c);
}

/* The fields a rule's message points at. */
static void
read_rule_fields(struct ctx *c, json_t *rf, struct yj_rule *r)
{
    r->fields = xcalloc(json_array_size(rf) + 1, sizeof(char *));
    push_key(c, "fields");
    size_t j;
    json_t *fv;
    json_array_foreach(rf, j, fv)
    {
        push_index(c, j);
        const struct yj_field *f = read_field_ref(c, fv, "a rule field");
        if (f)
            r->fields[r->nfields++] = xstrdup(f->id);
        pop(c);
    }
    pop(c);
}

static void
read_rule(struct ctx *c, json_t *v, struct yj_thing *t)
{
    if (!json_is_object(v)) {
        problem(c, "a rule is {\"id\", \"expr\", \"fields\", \"message\", \"level\"}");
        return;
    }
    static const char *const rk[] = {"id",      "expr",  "when",     "fields",
                                     "message", "level", "$comment", NULL};
    check_keys(c, v, rk, "a rule");
    struct yj_rule *r = &t->rules[t->nrules++];
    r->id = read_string(c, v, "id", true);
    if (r->id == NULL)
        r->id = xstrdup("?");
    r->ref = read_expr(c, v, "expr", true, &r->expr);
    r->when_ref = read_expr(c, v, "when", false, &r->when);
    read_text(c, v, "message", true, &r->message);
    const char *lvl = json_string_value(json_object_get(v, "level"));
    if (lvl == NULL || strcmp(lvl, "error") == 0) {
        r->level = YJ_RULE_ERROR;
    } else if (strcmp(lvl, "warning") == 0) {
        r->level = YJ_RULE_WARNING;
    } else {
        push_key(c, "level");
        problem(c, "a rule's level is \"error\" or \"warning\"");
        pop(c);
    }
    json_t *rf = get_array(c, v, "fields", false);
    if (rf)
        read_rule_fields(c, rf, r);
}

void
read_thing(struct ctx *c, json_t *o)
{
    static const char *const keys[] = {
        "id",       "label",   "summary",  "prepare", "guide",     "eligibility", "items",
        "sections", "derived", "defaults", "rules",   "applicant", "$comment",    NULL};
    check_keys(c, o, keys, "a thing");
    struct yj_thing *t = xcalloc(1, sizeof *t);
    t->file = c->file;
    t->id = read_string(c, o, "id", true);
    if (t->id == NULL)
        t->id = xstrdup("?");
    else if (yj_formset_thing(c->set, t->id) != NULL)
        problem(c, "thing \"%s\" is defined twice", t->id);
    read_text(c, o, "label", true, &t->label);
    read_text(c, o, "summary", false, &t->summary);

    json_t *a;
    if ((a = get_array(c, o, "prepare", false)) != NULL) {
        t->prepare = xcalloc(json_array_size(a) + 1, sizeof *t->prepare);
        each_entry(c, a, "prepare", read_prepare_entry, t);
    }
    if ((a = get_array(c, o, "guide", false)) != NULL) {
        t->guide = xcalloc(json_array_size(a) + 1, sizeof *t->guide);
        each_entry(c, a, "guide", read_question, t);
    }
    if ((a = get_array(c, o, "eligibility", false)) != NULL) {
        t->eligibility = xcalloc(json_array_size(a) + 1, sizeof *t->eligibility);
        each_entry(c, a, "eligibility", read_eligibility, t);
    }
    if ((a = get_array(c, o, "items", true)) != NULL) {
        t->items = xcalloc(json_array_size(a) + 1, sizeof *t->items);
        each_entry(c, a, "items", read_thing_item, t);
    }
    if ((a = get_array(c, o, "sections", true)) != NULL) {
        t->sections = xcalloc(json_array_size(a) + 1, sizeof *t->sections);
        each_entry(c, a, "sections", read_section, t);
    }
    read_applicant(c, o, t);
    read_values(c, o, "derived", &t->derived, &t->nderived);
    read_values(c, o, "defaults", &t->defaults, &t->ndefaults);
    if ((a = get_array(c, o, "rules", false)) != NULL) {
        t->rules = xcalloc(json_array_size(a) + 1, sizeof *t->rules);
        each_entry(c, a, "rules", read_rule, t);
    }
    c->set->things = xreallocarray(c->set->things, c->set->nthings + 1, sizeof(void *));
    c->set->things[c->set->nthings++] = t;
}

/* Every field of every item of a thing sits in exactly one section, and every
 * section field belongs to some item of the thing. */
/* path printed into buf (for problem_path). */
static const char *__attribute__((format(printf, 2, 3))) at(char buf[64], const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, 64, fmt, ap);
    va_end(ap);
    return buf;
}

void
check_thing(struct yj_formset *set, const struct yj_thing *t)
{
    char path[64];
    for (size_t s = 0; s < t->nsections; s++)
        for (size_t k = 0; k < t->sections[s].nfields; k++) {
            const struct yj_field *f = t->sections[s].fields[k].field;
            bool before = false; /* reported at every place after the first */
            for (size_t s0 = 0; s0 <= s && !before; s0++)
                for (size_t k0 = 0; k0 < (s0 == s ? k : t->sections[s0].nfields); k0++)
                    if (t->sections[s0].fields[k0].field == f)
                        before = true;
            if (before)
                problem_path(set, t->file, at(path, "sections/%zu/fields/%zu", s, k),
                             "thing \"%s\": field \"%s\" is placed in more than one section", t->id,
                             f->id);
        }
    for (size_t i = 0; i < t->nitems; i++) {
        const struct yj_item *it = t->items[i].item;
        for (size_t j = 0; j < it->nfields; j++) {
            const struct yj_field *f = it->fields[j].field;
            bool placed = false;
            for (size_t s = 0; s < t->nsections && !placed; s++)
                for (size_t k = 0; k < t->sections[s].nfields; k++)
                    if (t->sections[s].fields[k].field == f)
                        placed = true;
            if (!placed)
                problem_path(set, t->file, at(path, "items/%zu", i),
                             "thing \"%s\": field \"%s\" of item \"%s\" is in no section", t->id,
                             f->id, it->id);
        }
    }
    for (size_t s = 0; s < t->nsections; s++) {
        for (size_t k = 0; k < t->sections[s].nfields; k++) {
            const struct yj_field *f = t->sections[s].fields[k].field;
            bool used = false;
            for (size_t i = 0; i < t->nitems && !used; i++)
                for (size_t j = 0; j < t->items[i].item->nfields; j++)
                    if (t->items[i].item->fields[j].field == f)
                        used = true;
            if (!used)
                problem_path(set, t->file, at(path, "sections/%zu/fields/%zu", s, k),
                             "thing \"%s\": section \"%s\" lists \"%s\", which no item of the "
                             "thing asks for",
                             t->id, t->sections[s].id, f->id);
        }
    }
    for (size_t d = 0; d < t->nderived; d++)
        for (size_t e = d + 1; e < t->nderived; e++)
            if (t->derived[d].field && t->derived[d].field == t->derived[e].field)
                problem_path(set, t->file, at(path, "derived/%zu/field", e),
                             "thing \"%s\": field \"%s\" is derived twice", t->id,
                             t->derived[d].field->id);
    for (size_t d = 0; d < t->ndefaults; d++) {
        for (size_t e = d + 1; e < t->ndefaults; e++)
            if (t->defaults[d].field && t->defaults[d].field == t->defaults[e].field)
                problem_path(set, t->file, at(path, "defaults/%zu/field", e),
                             "thing \"%s\": field \"%s\" has two defaults", t->id,
                             t->defaults[d].field->id);
        for (size_t e = 0; e < t->nderived; e++)
            if (t->defaults[d].field && t->defaults[d].field == t->derived[e].field)
                problem_path(set, t->file, at(path, "defaults/%zu/field", d),
                             "thing \"%s\": field \"%s\" is derived and has a default", t->id,
                             t->defaults[d].field->id);
    }
}
