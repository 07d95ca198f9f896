/* form.c: load and check a form set (fields, lists, departments, items, things)
 * file by file, and the set once loaded: lookups, display, freeing.
 *
 * JSON is parsed with jansson; jansson gives positions only for syntax errors, so
 * for every other problem the loader keeps the path it is at (keys and indices)
 * and finds that path's line and column in the text with a small JSON walker
 * (form_json.c). The readers of each kind of file are form_fields.c,
 * form_items.c and form_things.c.
 */
#include "core/form.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/bounds.h"
#include "core/expr.h"
#include "core/form_int.h"
#include "core/multi.h"
#include "core/region.h"
#include "core/util.h"

/* ---- the files --------------------------------------------------------- */

static json_t *
load_json(struct yj_formset *set, const char *path, struct ctx *c)
{
    size_t len;
    char rerr[512];
    /* Regular files only, never through a symlink, bounded in size
     * (core/bounds.h): a link to /dev/zero or a FIFO is a problem, not a hang. */
    char *text = yj_read_file_bounded(path, YJ_FORMS_FILE_MAX, &len, rerr, sizeof rerr);
    set->files = xreallocarray(set->files, set->nfiles + 1, sizeof *set->files);
    set->files[set->nfiles++] = xstrdup(path);
    c->set = set;
    c->file = set->files[set->nfiles - 1];
    c->text = NULL;
    c->depth = 0;
    if (text == NULL) {
        const char *why = strncmp(rerr, path, strlen(path)) == 0 ? rerr + strlen(path) + 2 : rerr;
        problem_file(set, path, "cannot read: %s", why);
        return NULL;
    }
    json_error_t je;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (root == NULL) {
        add_problem_raw(set, path, je.line, je.column, xasprintf("invalid JSON: %s", je.text));
        free(text);
        return NULL;
    }
    c->text = text; /* freed by the caller through ctx_done */
    if (!json_is_object(root)) {
        problem(c, "the file must hold a JSON object");
        json_decref(root);
        return NULL;
    }
    return root;
}

static void
ctx_done(struct ctx *c, json_t *root)
{
    free((char *)c->text);
    c->text = NULL;
    json_decref(root);
}

/* ---- the set ----------------------------------------------------------- */

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* *.json files of dir, sorted. */
static char **
list_json(const char *dir, size_t *n)
{
    *n = 0;
    DIR *d = opendir(dir);
    if (d == NULL)
        return NULL;
    char **v = NULL;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' || !yj_str_has_suffix(e->d_name, ".json"))
            continue;
        v = xreallocarray(v, *n + 1, sizeof *v);
        v[(*n)++] = xasprintf("%s/%s", dir, e->d_name);
    }
    closedir(d);
    if (*n)
        qsort(v, *n, sizeof *v, cmp_str);
    return v;
}

static void
hash_files(struct yj_formset *set)
{
    /* FNV-1a 64 over names and contents: a version to tell form sets apart, not
     * a security measure. */
    unsigned long long h = 1469598103934665603ULL;
    for (size_t i = 0; i < set->nfiles; i++) {
        const char *base = set->files[i] + strlen(set->dir);
        size_t len = 0;
        char rerr[512];
        char *text =
            yj_read_file_bounded(set->files[i], YJ_FORMS_FILE_MAX, &len, rerr, sizeof rerr);
        const unsigned char *parts[2] = {(const unsigned char *)base,
                                         (const unsigned char *)(text ? text : "")};
        size_t lens[2] = {strlen(base), text ? len : 0};
        for (int p = 0; p < 2; p++)
            for (size_t k = 0; k < lens[p]; k++) {
                h ^= parts[p][k];
                h *= 1099511628211ULL;
            }
        free(text);
    }
    snprintf(set->version, sizeof set->version, "%016llx", h);
}

struct yj_formset *
yj_formset_load(const char *dir)
{
    struct yj_formset *set = xcalloc(1, sizeof *set);
    set->dir = xstrdup(dir);
    set->expr = yj_expr_new();
    struct ctx c = {0};
    char *path;
    json_t *root, *lists_root = NULL, *lists = NULL;

    path = xasprintf("%s/departments.json", dir);
    if ((root = load_json(set, path, &c)) != NULL) {
        read_departments(&c, root);
        ctx_done(&c, root);
    }
    free(path);

    path = xasprintf("%s/lists.json", dir);
    struct ctx lc = {0};
    if (yj_path_present(path)) { /* what is there is read (or refused) by load_json */
        if ((lists_root = load_json(set, path, &lc)) != NULL) {
            lists = json_object_get(lists_root, "lists");
            if (!json_is_object(lists)) {
                problem(&lc, "lists.json needs an object \"lists\"");
                lists = NULL;
            }
        }
    }
    free(path);

    path = xasprintf("%s/fields.json", dir);
    if ((root = load_json(set, path, &c)) != NULL) {
        read_fields(&c, root, lists);
        ctx_done(&c, root);
    }
    free(path);
    if (lists_root)
        ctx_done(&lc, lists_root);
    check_field_refs(set);

    size_t n;
    char *sub = xasprintf("%s/items", dir);
    char **files = list_json(sub, &n);
    if (n == 0)
        problem_file(set, sub, "no item files (*.json)");
    for (size_t i = 0; i < n; i++) {
        if ((root = load_json(set, files[i], &c)) != NULL) {
            read_item(&c, root);
            ctx_done(&c, root);
        }
        free(files[i]);
    }
    free(files);
    free(sub);
    check_items(set);

    sub = xasprintf("%s/things", dir);
    files = list_json(sub, &n);
    if (n == 0)
        problem_file(set, sub, "no thing files (*.json)");
    for (size_t i = 0; i < n; i++) {
        if ((root = load_json(set, files[i], &c)) != NULL) {
            read_thing(&c, root);
            ctx_done(&c, root);
        }
        free(files[i]);
    }
    free(files);
    free(sub);
    for (size_t i = 0; i < set->nthings; i++)
        check_thing(set, set->things[i]);
    hash_files(set);
    return set;
}

static void
field_free(struct yj_field *f)
{
    free(f->id);
    text_free(&f->label);
    text_free(&f->hint);
    text_free(&f->date_min_msg);
    text_free(&f->date_max_msg);
    free(f->unit);
    free(f->pattern);
    text_free(&f->pattern_msg);
    free(f->pattern_expr);
    free(f->date_min.spec);
    free(f->date_min.field);
    free(f->date_max.spec);
    free(f->date_max.field);
    for (size_t i = 0; i < f->nchoices; i++) {
        free(f->choices[i].value);
        text_free(&f->choices[i].label);
    }
    free(f->choices);
    free((void *)f->choice_values);
    free(f);
}

static void
item_free(struct yj_item *it)
{
    free(it->id);
    text_free(&it->label);
    for (size_t i = 0; i < it->ndepends; i++)
        free(it->depends_on[i]);
    free(it->depends_on);
    free(it->deps);
    for (size_t i = 0; i < it->nfields; i++)
        free(it->fields[i].payload_name);
    free(it->fields);
    for (size_t i = 0; i < it->nmaterials; i++) {
        free(it->materials[i].id);
        text_free(&it->materials[i].label);
        free(it->materials[i].when);
    }
    free(it->materials);
    free(it);
}

static void
thing_free(struct yj_thing *t)
{
    free(t->id);
    text_free(&t->label);
    text_free(&t->summary);
    for (size_t i = 0; i < t->nprepare; i++)
        text_free(&t->prepare[i]);
    free(t->prepare);
    for (size_t i = 0; i < t->nguide; i++)
        free(t->guide[i].when);
    free(t->guide);
    for (size_t i = 0; i < t->neligibility; i++) {
        free(t->eligibility[i].expr);
        text_free(&t->eligibility[i].message);
    }
    free(t->eligibility);
    for (size_t i = 0; i < t->nitems; i++)
        free(t->items[i].when);
    free(t->items);
    for (size_t i = 0; i < t->nsections; i++) {
        free(t->sections[i].id);
        text_free(&t->sections[i].title);
        for (size_t j = 0; j < t->sections[i].nfields; j++)
            free(t->sections[i].fields[j].when);
        free(t->sections[i].fields);
    }
    free(t->sections);
    for (size_t i = 0; i < t->nderived; i++)
        free(t->derived[i].expr);
    free(t->derived);
    for (size_t i = 0; i < t->ndefaults; i++)
        free(t->defaults[i].expr);
    free(t->defaults);
    for (size_t i = 0; i < t->nrules; i++) {
        struct yj_rule *r = &t->rules[i];
        free(r->id);
        free(r->expr);
        free(r->when);
        text_free(&r->message);
        for (size_t j = 0; j < r->nfields; j++)
            free(r->fields[j]);
        free(r->fields);
    }
    free(t->rules);
    free(t);
}

void
yj_formset_free(struct yj_formset **sp)
{
    struct yj_formset *set = *sp;
    if (set == NULL)
        return;
    for (size_t i = 0; i < set->nfields; i++)
        field_free(set->fields[i]);
    free(set->fields);
    for (size_t i = 0; i < set->ndepts; i++) {
        free(set->depts[i]->id);
        text_free(&set->depts[i]->label);
        free(set->depts[i]);
    }
    free(set->depts);
    for (size_t i = 0; i < set->nitems; i++)
        item_free(set->items[i]);
    free(set->items);
    for (size_t i = 0; i < set->nthings; i++)
        thing_free(set->things[i]);
    free(set->things);
    for (size_t i = 0; i < set->nproblems; i++) {
        free(set->problems[i].file);
        free(set->problems[i].msg);
    }
    free(set->problems);
    for (size_t i = 0; i < set->nfiles; i++)
        free(set->files[i]);
    free(set->files);
    yj_expr_free(&set->expr);
    free(set->dir);
    free(set);
    *sp = NULL;
}

bool
yj_form_problem_unread(const struct yj_form_problem *p)
{
    return strncmp(p->msg, "invalid JSON", 12) == 0 || strncmp(p->msg, "cannot read", 11) == 0;
}

size_t
yj_formset_nshown(const struct yj_formset *set)
{
    size_t unread = 0;
    for (size_t i = 0; i < set->nproblems; i++)
        unread += yj_form_problem_unread(&set->problems[i]);
    return unread > 0 ? unread : set->nproblems;
}

void
yj_formset_print_problems(const struct yj_formset *set, void *fp)
{
    FILE *out = fp;
    /* A file that cannot be read or parsed leaves its items, fields or things
     * undefined, and everything naming them fails too: one mistake, one error.
     * Then only the unreadable files are listed. */
    size_t unread = 0;
    for (size_t i = 0; i < set->nproblems; i++)
        unread += yj_form_problem_unread(&set->problems[i]);
    for (size_t i = 0; i < set->nproblems; i++) {
        const struct yj_form_problem *p = &set->problems[i];
        if (unread > 0 && !yj_form_problem_unread(p))
            continue;
        if (p->line > 0)
            fprintf(out, "%s:%d:%d: %s\n", p->file, p->line, p->col, p->msg);
        else
            fprintf(out, "%s: %s\n", p->file, p->msg);
    }
}

const struct yj_field *
yj_formset_field(const struct yj_formset *set, const char *id)
{
    for (size_t i = 0; i < set->nfields; i++)
        if (strcmp(set->fields[i]->id, id) == 0)
            return set->fields[i];
    return NULL;
}

const struct yj_item *
yj_formset_item(const struct yj_formset *set, const char *id)
{
    for (size_t i = 0; i < set->nitems; i++)
        if (strcmp(set->items[i]->id, id) == 0)
            return set->items[i];
    return NULL;
}

const struct yj_thing *
yj_formset_thing(const struct yj_formset *set, const char *id)
{
    for (size_t i = 0; i < set->nthings; i++)
        if (strcmp(set->things[i]->id, id) == 0)
            return set->things[i];
    return NULL;
}

const struct yj_department *
yj_formset_dept(const struct yj_formset *set, const char *id)
{
    for (size_t i = 0; i < set->ndepts; i++)
        if (strcmp(set->depts[i]->id, id) == 0)
            return set->depts[i];
    return NULL;
}

/* Label of a choice value ("" if unknown). */
static const char *
yj_field_choice_label(const struct yj_field *f, const char *value)
{
    for (size_t i = 0; value && i < f->nchoices; i++)
        if (strcmp(f->choices[i].value, value) == 0)
            return yj_text(&f->choices[i].label);
    return "";
}

void
yj_field_display(const struct yj_field *f, const char *value, char *out, size_t outsz)
{
    if (value == NULL || *value == '\0') {
        snprintf(out, outsz, "%s", "");
        return;
    }
    switch (f->type) {
    case YJ_F_SELECT: {
        const char *l = yj_field_choice_label(f, value);
        snprintf(out, outsz, "%s", *l ? l : value);
        break;
    }
    case YJ_F_MULTI:
        yj_multi_display(f, value, out, outsz);
        break;
    case YJ_F_YESNO:
        snprintf(out, outsz, "%s",
                 strcmp(value, "yes") == 0 ? _("是")
                                           : (strcmp(value, "no") == 0 ? _("否") : value));
        break;
    case YJ_F_REGION: {
        /* The names a person knows ("上海市 黄浦区"), not the code; a code
         * the table does not know is shown as it is. */
        char name[256];
        yj_region_fullname(value, name, sizeof name);
        snprintf(out, outsz, "%s", *name ? name : value);
        break;
    }
    default:
        snprintf(out, outsz, "%s", value);
    }
}
