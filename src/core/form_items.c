/* form_items.c: departments.json and the items (事项) of items/ — their fields,
 * materials and dependencies (no cycles). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/expr.h"
#include "core/form_int.h"
#include "core/util.h"

/* ---- departments, items ------------------------------------------------ */

void
read_departments(struct ctx *c, json_t *root)
{
    json_t *d = json_object_get(root, "departments");
    if (!json_is_object(d)) {
        problem(c, "departments.json needs an object \"departments\"");
        return;
    }
    push_key(c, "departments");
    const char *id;
    json_t *o;
    json_object_foreach(d, id, o)
    {
        push_key(c, id);
        if (!valid_id(id, false) || !json_is_object(o)) {
            problem(c, "department \"%s\": id in lower case and an object with a label", id);
        } else {
            struct yj_department *dep = xcalloc(1, sizeof *dep);
            dep->id = xstrdup(id);
            read_text(c, o, "label", true, &dep->label);
            c->set->depts = xreallocarray(c->set->depts, c->set->ndepts + 1, sizeof(void *));
            c->set->depts[c->set->ndepts++] = dep;
        }
        pop(c);
    }
    pop(c);
}

void
read_item(struct ctx *c, json_t *o)
{
    static const char *const keys[] = {"id",         "label",      "department", "time_limit_days",
                                       "depends_on", "ex_officio", "fields",     "materials",
                                       "$comment",   NULL};
    check_keys(c, o, keys, "an item");
    struct yj_item *it = xcalloc(1, sizeof *it);
    it->file = c->file;
    it->id = read_string(c, o, "id", true);
    if (it->id == NULL)
        it->id = xstrdup("?");
    else if (!valid_id(it->id, false)) {
        push_key(c, "id");
        problem(c, "item id \"%s\" must be lower case (a-z, 0-9, _, .)", it->id);
        pop(c);
    }
    if (yj_formset_item(c->set, it->id) != NULL) {
        push_key(c, "id");
        problem(c, "item \"%s\" is defined twice", it->id);
        pop(c);
    }
    read_text(c, o, "label", true, &it->label);
    char *dept = read_string(c, o, "department", true);
    if (dept) {
        it->dept = yj_formset_dept(c->set, dept);
        if (it->dept == NULL) {
            push_key(c, "department");
            problem(c, "unknown department \"%s\" (not in departments.json)", dept);
            pop(c);
        }
        free(dept);
    }
    json_t *tl = json_object_get(o, "time_limit_days");
    if (!json_is_integer(tl) || json_integer_value(tl) < 0 || json_integer_value(tl) > 365) {
        push_key(c, "time_limit_days");
        problem(c, "\"time_limit_days\" must be a whole number of working days (0-365)");
        pop(c);
    } else {
        it->time_limit_days = (int)json_integer_value(tl);
    }
    it->ex_officio = json_is_true(json_object_get(o, "ex_officio"));
    json_t *deps = json_object_get(o, "depends_on");
    if (deps) {
        push_key(c, "depends_on");
        if (!json_is_array(deps)) {
            problem(c, "\"depends_on\" must be an array of item ids");
        } else {
            it->depends_on = xcalloc(json_array_size(deps) + 1, sizeof(char *));
            size_t i;
            json_t *d;
            json_array_foreach(deps, i, d)
            {
                if (json_is_string(d)) {
                    it->depends_on[it->ndepends++] = xstrdup(json_string_value(d));
                } else {
                    push_index(c, i);
                    problem(c, "an item id must be a string");
                    pop(c);
                }
            }
        }
        pop(c);
    }
    json_t *fields = json_object_get(o, "fields");
    push_key(c, "fields");
    if (!json_is_array(fields)) {
        problem(c, "an item needs \"fields\": an array of field ids");
    } else {
        it->fields = xcalloc(json_array_size(fields) + 1, sizeof *it->fields);
        size_t i;
        json_t *fv;
        json_array_foreach(fields, i, fv)
        {
            push_index(c, i);
            const char *fid = NULL;
            bool required = true;
            char *payload = NULL;
            if (json_is_string(fv)) {
                fid = json_string_value(fv);
            } else if (json_is_object(fv)) {
                static const char *const fk[] = {"id", "required", "payload", NULL};
                check_keys(c, fv, fk, "an item field");
                fid = json_string_value(json_object_get(fv, "id"));
                json_t *rq = json_object_get(fv, "required");
                if (rq)
                    required = json_is_true(rq);
                payload = read_string(c, fv, "payload", false);
            }
            const struct yj_field *f = fid ? yj_formset_field(c->set, fid) : NULL;
            if (fid == NULL)
                problem(c, "a field entry is a field id or {\"id\", \"required\", \"payload\"}");
            else if (f == NULL)
                problem(c, "unknown field id \"%s\" (not in fields.json)", fid);
            else {
                bool dup = false;
                for (size_t j = 0; j < it->nfields; j++)
                    if (it->fields[j].field == f)
                        dup = true;
                if (dup)
                    problem(c, "field \"%s\" is listed twice in this item", fid);
                else
                    it->fields[it->nfields++] = (struct yj_item_field){f, required, payload};
                payload = dup ? payload : NULL;
            }
            free(payload);
            pop(c);
        }
    }
    pop(c);
    json_t *mats = json_object_get(o, "materials");
    if (mats) {
        push_key(c, "materials");
        if (!json_is_array(mats)) {
            problem(c, "\"materials\" must be an array");
        } else {
            it->materials = xcalloc(json_array_size(mats) + 1, sizeof *it->materials);
            size_t i;
            json_t *mv;
            json_array_foreach(mats, i, mv)
            {
                push_index(c, i);
                if (!json_is_object(mv)) {
                    problem(c, "a material is an object {\"id\", \"label\", \"e_licence\"}");
                } else {
                    static const char *const mk[] = {"id",   "label",    "e_licence",
                                                     "when", "$comment", NULL};
                    check_keys(c, mv, mk, "a material");
                    struct yj_material *m = &it->materials[it->nmaterials++];
                    m->id = read_string(c, mv, "id", true);
                    if (m->id == NULL)
                        m->id = xstrdup("?");
                    read_text(c, mv, "label", true, &m->label);
                    m->e_licence = json_is_true(json_object_get(mv, "e_licence"));
                    m->when_ref = read_expr(c, mv, "when", false, &m->when);
                }
                pop(c);
            }
        }
        pop(c);
    }
    c->set->items = xreallocarray(c->set->items, c->set->nitems + 1, sizeof(void *));
    c->set->items[c->set->nitems++] = it;
}

/* Resolve depends_on and refuse cycles. */
void
check_items(struct yj_formset *set)
{
    for (size_t i = 0; i < set->nitems; i++) {
        struct yj_item *it = set->items[i];
        it->deps = xcalloc(it->ndepends + 1, sizeof *it->deps);
        for (size_t j = 0; j < it->ndepends; j++) {
            it->deps[j] = yj_formset_item(set, it->depends_on[j]);
            if (it->deps[j] == NULL) {
                char path[64];
                snprintf(path, sizeof path, "depends_on/%zu", j);
                problem_path(set, it->file, path, "item \"%s\" depends on unknown item \"%s\"",
                             it->id, it->depends_on[j]);
            }
        }
    }
    /* Colour DFS: 0 white, 1 on the stack, 2 done. */
    int *colour = xcalloc(set->nitems + 1, sizeof *colour);
    size_t *stack = xcalloc(set->nitems + 1, sizeof *stack);
    size_t *next = xcalloc(set->nitems + 1, sizeof *next);
    for (size_t s = 0; s < set->nitems; s++) {
        if (colour[s])
            continue;
        size_t sp = 0;
        stack[sp++] = s;
        colour[s] = 1;
        next[s] = 0;
        while (sp > 0) {
            size_t u = stack[sp - 1];
            struct yj_item *it = set->items[u];
            if (next[u] < it->ndepends) {
                const struct yj_item *d = it->deps[next[u]++];
                if (d == NULL)
                    continue;
                size_t v = 0;
                while (set->items[v] != d)
                    v++;
                if (colour[v] == 1) {
                    struct yj_buf b = {0};
                    size_t from = 0;
                    while (stack[from] != v)
                        from++;
                    for (size_t k = from; k < sp; k++)
                        yj_buf_printf(&b, "%s -> ", set->items[stack[k]]->id);
                    yj_buf_adds(&b, d->id);
                    char path[64];
                    snprintf(path, sizeof path, "depends_on/%zu", next[u] - 1);
                    problem_path(set, it->file, path, "items depend on each other in a cycle: %s",
                                 b.data);
                    yj_buf_free(&b);
                } else if (colour[v] == 0) {
                    colour[v] = 1;
                    next[v] = 0;
                    stack[sp++] = v;
                }
            } else {
                colour[u] = 2;
                sp--;
            }
        }
    }
    free(colour);
    free(stack);
    free(next);
}
