/* form.c: load and check a form set (fields, lists, departments, items, things).
 *
 * JSON is parsed with jansson; jansson gives positions only for syntax errors, so
 * for every other problem the loader keeps the path it is at (keys and indices)
 * and finds that path's line and column in the text with a small JSON walker.
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
#include "core/region.h"
#include "core/util.h"

/* ---- positions ------------------------------------------------------- */

#define MAX_DEPTH 16

struct step {
    const char *key; /* NULL: array index */
    size_t index;
};

struct ctx {
    struct yj_formset *set;
    const char *file; /* owned by set->files */
    const char *text;
    struct step path[MAX_DEPTH];
    int depth;
};

static void
push_key(struct ctx *c, const char *key)
{
    if (c->depth < MAX_DEPTH)
        c->path[c->depth] = (struct step){key, 0};
    c->depth++;
}

static void
push_index(struct ctx *c, size_t i)
{
    if (c->depth < MAX_DEPTH)
        c->path[c->depth] = (struct step){NULL, i};
    c->depth++;
}

static void
pop(struct ctx *c)
{
    c->depth--;
}

static const char *
ws(const char *p)
{
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    return p;
}

static const char *
skip_string(const char *p)
{
    p++; /* opening quote */
    while (*p && *p != '"') {
        if (*p == '\\' && p[1])
            p++;
        p++;
    }
    return *p ? p + 1 : p;
}

static const char *
skip_value(const char *p)
{
    p = ws(p);
    if (*p == '"')
        return skip_string(p);
    if (*p == '{' || *p == '[') {
        int depth = 0;
        while (*p) {
            if (*p == '"') {
                p = skip_string(p);
                continue;
            }
            if (*p == '{' || *p == '[')
                depth++;
            else if (*p == '}' || *p == ']') {
                depth--;
                if (depth == 0)
                    return p + 1;
            }
            p++;
        }
        return p;
    }
    while (*p && *p != ',' && *p != '}' && *p != ']' && *p != ' ' && *p != '\n')
        p++;
    return p;
}

/* The start of the value at the current path (or as deep as it exists). */
static const char *
locate(const struct ctx *c)
{
    const char *p = ws(c->text);
    int depth = c->depth < MAX_DEPTH ? c->depth : MAX_DEPTH;
    for (int d = 0; d < depth; d++) {
        const struct step *s = &c->path[d];
        const char *here = p;
        if (s->key && *p == '{') {
            p = ws(p + 1);
            bool found = false;
            while (*p == '"') {
                const char *k = p + 1;
                const char *kend = skip_string(p);
                size_t klen = (size_t)(kend - k - 1);
                p = ws(kend);
                if (*p == ':')
                    p = ws(p + 1);
                if (klen == strlen(s->key) && memcmp(k, s->key, klen) == 0) {
                    found = true;
                    break;
                }
                p = ws(skip_value(p));
                if (*p == ',')
                    p = ws(p + 1);
            }
            if (!found)
                return here;
        } else if (!s->key && *p == '[') {
            p = ws(p + 1);
            for (size_t i = 0; i < s->index && *p && *p != ']'; i++) {
                p = ws(skip_value(p));
                if (*p == ',')
                    p = ws(p + 1);
            }
            if (*p == ']' || *p == '\0')
                return here;
        } else {
            return here;
        }
    }
    return p;
}

/* Record a problem; takes ownership of msg. */
static void
add_problem_raw(struct yj_formset *set, const char *file, int line, int col, char *msg)
{
    set->problems = xreallocarray(set->problems, set->nproblems + 1, sizeof *set->problems);
    set->problems[set->nproblems++] =
        (struct yj_form_problem){xstrdup(file ? file : set->dir), line, col, msg};
}

static void
add_problem_at(struct yj_formset *set, const char *file, int line, int col, const char *fmt,
               va_list ap)
{
    struct yj_buf b = {0};
    yj_buf_vprintf(&b, fmt, ap);
    add_problem_raw(set, file, line, col, yj_buf_steal(&b));
}

static void __attribute__((format(printf, 2, 3))) problem(struct ctx *c, const char *fmt, ...)
{
    int line = 1, col = 1;
    if (c->text) {
        const char *at = locate(c);
        for (const char *p = c->text; p < at; p++) {
            if (*p == '\n') {
                line++;
                col = 1;
            } else if (((unsigned char)*p & 0xc0) != 0x80) {
                col++;
            }
        }
    }
    va_list ap;
    va_start(ap, fmt);
    add_problem_at(c->set, c->file, line, col, fmt, ap);
    va_end(ap);
}

static void __attribute__((format(printf, 3, 4)))
problem_file(struct yj_formset *set, const char *file, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_problem_at(set, file, 0, 0, fmt, ap);
    va_end(ap);
}

/* ---- small readers ----------------------------------------------------- */

static const char *const lang_keys[YJ_LANG_COUNT] = {"zh_CN", "zh_TW", "en"};

const char *
yj_text(const struct yj_text *t)
{
    if (t == NULL)
        return "";
    enum yj_lang l = yj_i18n_get();
    if (t->s[l] && *t->s[l])
        return t->s[l];
    return t->s[0] ? t->s[0] : "";
}

static void
text_free(struct yj_text *t)
{
    for (int i = 0; i < YJ_LANG_COUNT; i++)
        yj_free(&t->s[i]);
}

/* Read a text (a string, taken as zh_CN, or a text object) from v, which sits
 * at the current path; what names it in messages. */
static bool
read_text_value(struct ctx *c, json_t *v, const char *what, struct yj_text *out)
{
    if (json_is_string(v)) {
        out->s[0] = xstrdup(json_string_value(v));
        return true;
    }
    if (!json_is_object(v)) {
        problem(c, "%s must be a text object {\"zh_CN\": ..., \"zh_TW\": ..., \"en\": ...}", what);
        return false;
    }
    const char *k;
    json_t *s;
    json_object_foreach(v, k, s)
    {
        int l = -1;
        for (int i = 0; i < YJ_LANG_COUNT; i++)
            if (strcmp(k, lang_keys[i]) == 0)
                l = i;
        push_key(c, k);
        if (l < 0)
            problem(c, "unknown language \"%s\" (use zh_CN, zh_TW or en)", k);
        else if (!json_is_string(s))
            problem(c, "a text must be a string");
        else if (out->s[l] == NULL)
            out->s[l] = xstrdup(json_string_value(s));
        pop(c);
    }
    if (out->s[0] == NULL || out->s[0][0] == '\0') {
        problem(c, "%s needs a zh_CN text", what);
        return false;
    }
    return true;
}

/* Read a text at key of parent (the current path is the parent). */
static bool
read_text(struct ctx *c, json_t *parent, const char *key, bool required, struct yj_text *out)
{
    json_t *v = json_object_get(parent, key);
    if (v == NULL) {
        if (required)
            problem(c, "missing \"%s\" (a text object with at least \"zh_CN\")", key);
        return false;
    }
    push_key(c, key);
    char what[64];
    snprintf(what, sizeof what, "\"%s\"", key);
    bool ok = read_text_value(c, v, what, out);
    pop(c);
    return ok;
}

static char *
read_string(struct ctx *c, json_t *parent, const char *key, bool required)
{
    json_t *v = json_object_get(parent, key);
    if (v == NULL) {
        if (required)
            problem(c, "missing \"%s\"", key);
        return NULL;
    }
    if (!json_is_string(v) || json_string_length(v) == 0) {
        push_key(c, key);
        problem(c, "\"%s\" must be a non-empty string", key);
        pop(c);
        return NULL;
    }
    return xstrdup(json_string_value(v));
}

/* Report keys of obj not in allowed (NULL-terminated). */
static void
check_keys(struct ctx *c, json_t *obj, const char *const *allowed, const char *what)
{
    const char *k;
    json_t *v;
    json_object_foreach(obj, k, v)
    {
        bool ok = false;
        for (size_t i = 0; allowed[i]; i++)
            if (strcmp(k, allowed[i]) == 0)
                ok = true;
        if (!ok) {
            push_key(c, k);
            problem(c, "unknown key \"%s\" in %s", k, what);
            pop(c);
        }
    }
}

static bool
valid_id(const char *id, bool need_group)
{
    int dots = 0;
    if (id == NULL || !(*id >= 'a' && *id <= 'z'))
        return false;
    for (const char *p = id; *p; p++) {
        if (*p == '.') {
            if (p[1] == '\0' || p[1] == '.' || !(p[1] >= 'a' && p[1] <= 'z'))
                return false;
            dots++;
        } else if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_')) {
            return false;
        }
    }
    return !need_group || dots == 1;
}

/* Compile an expression at key of parent; returns the ref or 0. */
static int
read_expr(struct ctx *c, json_t *parent, const char *key, bool required, char **src_out)
{
    char *src = read_string(c, parent, key, required);
    *src_out = src;
    if (src == NULL)
        return 0;
    char err[256];
    int ref = yj_expr_compile(c->set->expr, src, err, sizeof err);
    if (ref == 0) {
        push_key(c, key);
        problem(c, "expression \"%s\" does not compile: %s", src, err);
        pop(c);
    }
    return ref;
}

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

/* ---- fields ------------------------------------------------------------ */

static const char *const type_names[YJ_F_TYPE_COUNT] = {
    "text",   "name",   "idcard", "phone",        "mobile", "landline", "date",    "select",
    "region", "number", "money",  "bank_account", "uscc",   "postcode", "address", "yesno"};

const char *
yj_ftype_name(enum yj_ftype t)
{
    return (t >= 0 && t < YJ_F_TYPE_COUNT) ? type_names[t] : "?";
}

int
yj_ftype_parse(const char *name)
{
    for (int i = 0; i < YJ_F_TYPE_COUNT; i++)
        if (strcmp(name, type_names[i]) == 0)
            return i;
    return -1;
}

static bool
parse_datebound(const char *spec, struct yj_datebound *b)
{
    memset(b, 0, sizeof *b);
    const char *p;
    if (strncmp(spec, "today", 5) == 0) {
        p = spec + 5;
    } else if (spec[0] == '@') {
        p = spec + 1;
        while (*p && *p != '+' && *p != '-')
            p++;
        if (p == spec + 1)
            return false;
        b->field = xstrndup(spec + 1, (size_t)(p - spec - 1));
    } else {
        return false;
    }
    while (*p) {
        int sign = *p == '+' ? 1 : (*p == '-' ? -1 : 0);
        if (sign == 0)
            goto bad;
        char *end;
        long n = strtol(p + 1, &end, 10);
        if (end == p + 1 || n < 0 || n > 200 * 366)
            goto bad;
        switch (*end) {
        case 'y':
            b->years += sign * (int)n;
            break;
        case 'm':
            b->months += sign * (int)n;
            break;
        case 'd':
            b->days += sign * (int)n;
            break;
        default:
            goto bad;
        }
        p = end + 1;
    }
    b->spec = xstrdup(spec);
    return true;
bad:
    yj_free(&b->field);
    return false;
}

static struct yj_choice *
read_choices(struct ctx *c, json_t *arr, size_t *n)
{
    *n = 0;
    if (!json_is_array(arr) || json_array_size(arr) == 0) {
        problem(c, "choices must be a non-empty array of {\"value\", \"label\"}");
        return NULL;
    }
    struct yj_choice *v = xcalloc(json_array_size(arr), sizeof *v);
    size_t i;
    json_t *ch;
    json_array_foreach(arr, i, ch)
    {
        push_index(c, i);
        if (!json_is_object(ch)) {
            problem(c, "a choice must be an object {\"value\", \"label\"}");
        } else {
            static const char *const keys[] = {"value", "label", NULL};
            check_keys(c, ch, keys, "a choice");
            v[*n].value = read_string(c, ch, "value", true);
            read_text(c, ch, "label", true, &v[*n].label);
            for (size_t j = 0; j < *n && v[*n].value; j++)
                if (v[j].value && strcmp(v[j].value, v[*n].value) == 0)
                    problem(c, "choice value \"%s\" appears twice", v[*n].value);
            (*n)++;
        }
        pop(c);
    }
    return v;
}

static void
read_fields(struct ctx *c, json_t *root, json_t *lists)
{
    static const char *const top[] = {"fields", "$comment", NULL};
    check_keys(c, root, top, "fields.json");
    json_t *fields = json_object_get(root, "fields");
    if (!json_is_object(fields)) {
        problem(c, "fields.json needs an object \"fields\"");
        return;
    }
    push_key(c, "fields");
    const char *id;
    json_t *fo;
    json_object_foreach(fields, id, fo)
    {
        push_key(c, id);
        if (!valid_id(id, true)) {
            problem(c, "field id \"%s\" must be group.name in lower case (a-z, 0-9, _)", id);
            pop(c);
            continue;
        }
        if (!json_is_object(fo)) {
            problem(c, "field \"%s\" must be an object", id);
            pop(c);
            continue;
        }
        static const char *const keys[] = {
            "type",        "label",    "hint",          "min",     "max",       "min_message",
            "max_message", "legacy15", "resident_only", "choices", "sensitive", "standard_chars",
            "$comment",    NULL};
        check_keys(c, fo, keys, "a field");
        struct yj_field *f = xcalloc(1, sizeof *f);
        f->id = xstrdup(id);
        f->file = c->file;
        const char *tname = json_string_value(json_object_get(fo, "type"));
        int t = tname ? yj_ftype_parse(tname) : -1;
        if (t < 0) {
            push_key(c, "type");
            if (tname)
                problem(c, "unknown field type \"%s\"", tname);
            else
                problem(c, "field \"%s\" needs a \"type\"", id);
            pop(c);
        }
        f->type = t >= 0 ? (enum yj_ftype)t : YJ_F_TEXT;
        read_text(c, fo, "label", true, &f->label);
        read_text(c, fo, "hint", false, &f->hint);
        read_text(c, fo, "min_message", false, &f->date_min_msg);
        read_text(c, fo, "max_message", false, &f->date_max_msg);
        f->legacy15 = json_is_true(json_object_get(fo, "legacy15"));
        f->resident_only = json_is_true(json_object_get(fo, "resident_only"));
        f->standard_chars = json_is_true(json_object_get(fo, "standard_chars"));
        f->sensitive = f->type == YJ_F_IDCARD || json_is_true(json_object_get(fo, "sensitive"));
        const char *bk[2] = {"min", "max"};
        for (int k = 0; k < 2 && t >= 0; k++) {
            json_t *bv = json_object_get(fo, bk[k]);
            if (bv == NULL)
                continue;
            push_key(c, bk[k]);
            if (f->type == YJ_F_DATE) {
                struct yj_datebound *b = k ? &f->date_max : &f->date_min;
                if (!json_is_string(bv) || !parse_datebound(json_string_value(bv), b))
                    problem(c, "a date bound is \"today\", \"today-1y\", \"today+30d\" or "
                               "\"@field.id\" (optionally \"-1d\")");
            } else if (json_is_number(bv) && (f->type == YJ_F_NUMBER || f->type == YJ_F_MONEY)) {
                if (k) {
                    f->has_max = true;
                    f->max = json_number_value(bv);
                } else {
                    f->has_min = true;
                    f->min = json_number_value(bv);
                }
            } else if (json_is_integer(bv) &&
                       (f->type == YJ_F_TEXT || f->type == YJ_F_NAME || f->type == YJ_F_ADDRESS)) {
                json_int_t n = json_integer_value(bv);
                if (n < 0 || n > 100000)
                    problem(c, "a length bound must be between 0 and 100000");
                else if (k)
                    f->max_chars = (int)n;
                else
                    f->min_chars = (int)n;
            } else {
                problem(c,
                        "\"%s\" does not apply to a field of type %s, or has the wrong kind of "
                        "value",
                        bk[k], yj_ftype_name(f->type));
            }
            pop(c);
        }
        json_t *ch = json_object_get(fo, "choices");
        if (f->type == YJ_F_SELECT) {
            push_key(c, "choices");
            if (ch == NULL) {
                problem(c, "a select field needs \"choices\"");
            } else if (json_is_string(ch)) {
                json_t *lst = lists ? json_object_get(lists, json_string_value(ch)) : NULL;
                if (lst == NULL)
                    problem(c, "unknown choice list \"%s\" (not in lists.json)",
                            json_string_value(ch));
                else
                    f->choices = read_choices(c, lst, &f->nchoices);
            } else {
                f->choices = read_choices(c, ch, &f->nchoices);
            }
            pop(c);
            char **vals = xcalloc(f->nchoices + 1, sizeof *vals);
            for (size_t i = 0; i < f->nchoices; i++)
                vals[i] = f->choices[i].value;
            f->choice_values = vals;
        } else if (ch != NULL) {
            push_key(c, "choices");
            problem(c, "only select fields have choices");
            pop(c);
        }
        c->set->fields = xreallocarray(c->set->fields, c->set->nfields + 1, sizeof(void *));
        c->set->fields[c->set->nfields++] = f;
        yj_expr_declare(c->set->expr, f->id);
        pop(c);
    }
    pop(c);
}

/* Bounds naming another field must name a date field. */
static void
check_field_refs(struct yj_formset *set)
{
    for (size_t i = 0; i < set->nfields; i++) {
        struct yj_field *f = set->fields[i];
        struct yj_datebound *bs[2] = {&f->date_min, &f->date_max};
        for (int k = 0; k < 2; k++) {
            if (bs[k]->field == NULL)
                continue;
            const struct yj_field *r = yj_formset_field(set, bs[k]->field);
            if (r == NULL || r->type != YJ_F_DATE)
                problem_file(set, f->file, "field \"%s\": bound \"%s\" must name a date field",
                             f->id, bs[k]->spec);
        }
    }
}

/* ---- departments, items ------------------------------------------------ */

static void
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

static void
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
static void
check_items(struct yj_formset *set)
{
    for (size_t i = 0; i < set->nitems; i++) {
        struct yj_item *it = set->items[i];
        it->deps = xcalloc(it->ndepends + 1, sizeof *it->deps);
        for (size_t j = 0; j < it->ndepends; j++) {
            it->deps[j] = yj_formset_item(set, it->depends_on[j]);
            if (it->deps[j] == NULL)
                problem_file(set, it->file, "item \"%s\" depends on unknown item \"%s\"", it->id,
                             it->depends_on[j]);
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
                    problem_file(set, it->file, "items depend on each other in a cycle: %s",
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

static void
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
    size_t i;
    json_t *v;

    json_t *prep = get_array(c, o, "prepare", false);
    if (prep) {
        t->prepare = xcalloc(json_array_size(prep) + 1, sizeof *t->prepare);
        push_key(c, "prepare");
        json_array_foreach(prep, i, v)
        {
            push_index(c, i);
            read_text_value(c, v, "a \"prepare\" entry", &t->prepare[t->nprepare++]);
            pop(c);
        }
        pop(c);
    }

    json_t *guide = get_array(c, o, "guide", false);
    if (guide) {
        t->guide = xcalloc(json_array_size(guide) + 1, sizeof *t->guide);
        push_key(c, "guide");
        json_array_foreach(guide, i, v)
        {
            push_index(c, i);
            if (!json_is_object(v)) {
                problem(c, "a guide question is {\"field\": \"guide.x\", \"when\": ...}");
            } else {
                static const char *const gk[] = {"field", "when", "$comment", NULL};
                check_keys(c, v, gk, "a guide question");
                push_key(c, "field");
                const struct yj_field *f =
                    read_field_ref(c, json_object_get(v, "field"), "\"field\"");
                if (f && strncmp(f->id, "guide.", 6) != 0)
                    problem(c, "guide questions are fields of the group \"guide\", not \"%s\"",
                            f->id);
                if (f && f->type != YJ_F_YESNO && f->type != YJ_F_SELECT && f->type != YJ_F_DATE &&
                    f->type != YJ_F_REGION)
                    problem(c, "a guide question is a yesno, select, date or region field");
                pop(c);
                struct yj_question *q = &t->guide[t->nguide++];
                q->field = f;
                q->when_ref = read_expr(c, v, "when", false, &q->when);
            }
            pop(c);
        }
        pop(c);
    }

    json_t *elig = get_array(c, o, "eligibility", false);
    if (elig) {
        t->eligibility = xcalloc(json_array_size(elig) + 1, sizeof *t->eligibility);
        push_key(c, "eligibility");
        json_array_foreach(elig, i, v)
        {
            push_index(c, i);
            if (!json_is_object(v)) {
                problem(c, "an eligibility rule is {\"expr\", \"message\"}");
            } else {
                static const char *const ek[] = {"expr", "message", "$comment", NULL};
                check_keys(c, v, ek, "an eligibility rule");
                struct yj_eligibility *e = &t->eligibility[t->neligibility++];
                e->ref = read_expr(c, v, "expr", true, &e->expr);
                read_text(c, v, "message", true, &e->message);
            }
            pop(c);
        }
        pop(c);
    }

    json_t *items = get_array(c, o, "items", true);
    if (items) {
        t->items = xcalloc(json_array_size(items) + 1, sizeof *t->items);
        push_key(c, "items");
        json_array_foreach(items, i, v)
        {
            push_index(c, i);
            const char *iid = json_is_string(v) ? json_string_value(v)
                                                : json_string_value(json_object_get(v, "item"));
            if (json_is_object(v)) {
                static const char *const ik[] = {"item", "when", "$comment", NULL};
                check_keys(c, v, ik, "a thing item");
            }
            const struct yj_item *it = iid ? yj_formset_item(c->set, iid) : NULL;
            if (iid == NULL) {
                problem(c, "an item entry is an item id or {\"item\", \"when\"}");
            } else if (it == NULL) {
                problem(c, "unknown item \"%s\" (no file in items/ defines it)", iid);
            } else {
                for (size_t j = 0; j < t->nitems; j++)
                    if (t->items[j].item == it)
                        problem(c, "item \"%s\" is listed twice", iid);
                struct yj_thing_item *ti = &t->items[t->nitems++];
                ti->item = it;
                if (json_is_object(v))
                    ti->when_ref = read_expr(c, v, "when", false, &ti->when);
            }
            pop(c);
        }
        pop(c);
    }

    json_t *secs = get_array(c, o, "sections", true);
    if (secs) {
        t->sections = xcalloc(json_array_size(secs) + 1, sizeof *t->sections);
        push_key(c, "sections");
        json_array_foreach(secs, i, v)
        {
            push_index(c, i);
            if (!json_is_object(v)) {
                problem(c, "a section is {\"id\", \"title\", \"fields\"}");
                pop(c);
                continue;
            }
            static const char *const sk[] = {"id", "title", "fields", "$comment", NULL};
            check_keys(c, v, sk, "a section");
            struct yj_section *s = &t->sections[t->nsections++];
            s->id = read_string(c, v, "id", true);
            if (s->id == NULL)
                s->id = xstrdup("?");
            read_text(c, v, "title", true, &s->title);
            json_t *sf = get_array(c, v, "fields", true);
            if (sf) {
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
            pop(c);
        }
        pop(c);
    }

    /* Who applies: the name and ID number fields of the person who signs the
     * application (the family member or agent for a death, never the deceased). */
    json_t *ap = json_object_get(o, "applicant");
    if (ap != NULL) {
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
    read_values(c, o, "derived", &t->derived, &t->nderived);
    read_values(c, o, "defaults", &t->defaults, &t->ndefaults);

    json_t *rules = get_array(c, o, "rules", false);
    if (rules) {
        t->rules = xcalloc(json_array_size(rules) + 1, sizeof *t->rules);
        push_key(c, "rules");
        json_array_foreach(rules, i, v)
        {
            push_index(c, i);
            if (!json_is_object(v)) {
                problem(c, "a rule is {\"id\", \"expr\", \"fields\", \"message\", \"level\"}");
                pop(c);
                continue;
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
            if (rf) {
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
            pop(c);
        }
        pop(c);
    }
    c->set->things = xreallocarray(c->set->things, c->set->nthings + 1, sizeof(void *));
    c->set->things[c->set->nthings++] = t;
}

/* Every field of every item of a thing sits in exactly one section, and every
 * section field belongs to some item of the thing. */
static void
check_thing(struct yj_formset *set, const struct yj_thing *t)
{
    for (size_t s = 0; s < t->nsections; s++)
        for (size_t k = 0; k < t->sections[s].nfields; k++) {
            const struct yj_field *f = t->sections[s].fields[k].field;
            bool again = false;
            for (size_t s2 = s; s2 < t->nsections && !again; s2++)
                for (size_t k2 = (s2 == s ? k + 1 : 0); k2 < t->sections[s2].nfields; k2++)
                    if (t->sections[s2].fields[k2].field == f)
                        again = true;
            if (again)
                problem_file(set, t->file,
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
                problem_file(set, t->file,
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
                problem_file(set, t->file,
                             "thing \"%s\": section \"%s\" lists \"%s\", which no item of the "
                             "thing asks for",
                             t->id, t->sections[s].id, f->id);
        }
    }
    for (size_t d = 0; d < t->nderived; d++)
        for (size_t e = d + 1; e < t->nderived; e++)
            if (t->derived[d].field && t->derived[d].field == t->derived[e].field)
                problem_file(set, t->file, "thing \"%s\": field \"%s\" is derived twice", t->id,
                             t->derived[d].field->id);
    for (size_t d = 0; d < t->ndefaults; d++) {
        for (size_t e = d + 1; e < t->ndefaults; e++)
            if (t->defaults[d].field && t->defaults[d].field == t->defaults[e].field)
                problem_file(set, t->file, "thing \"%s\": field \"%s\" has two defaults", t->id,
                             t->defaults[d].field->id);
        for (size_t e = 0; e < t->nderived; e++)
            if (t->defaults[d].field && t->defaults[d].field == t->derived[e].field)
                problem_file(set, t->file,
                             "thing \"%s\": field \"%s\" is derived and has a default", t->id,
                             t->defaults[d].field->id);
    }
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

void
yj_formset_print_problems(const struct yj_formset *set, void *fp)
{
    FILE *out = fp;
    for (size_t i = 0; i < set->nproblems; i++) {
        const struct yj_form_problem *p = &set->problems[i];
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

const char *
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
    case YJ_F_YESNO:
        snprintf(out, outsz, "%s",
                 strcmp(value, "yes") == 0 ? _("是")
                                           : (strcmp(value, "no") == 0 ? _("否") : value));
        break;
    case YJ_F_REGION: {
        char name[256];
        yj_region_fullname(value, name, sizeof name);
        if (*name)
            snprintf(out, outsz, "%s %s", value, name);
        else
            snprintf(out, outsz, "%s", value);
        break;
    }
    default:
        snprintf(out, outsz, "%s", value);
    }
}
