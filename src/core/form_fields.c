/* form_fields.c: fields.json — every field's type, label, hint, bounds and
 * choices (lists.json's named lists among them). */
#include <stdlib.h>
#include <string.h>

#include "core/expr.h"
#include "core/form_int.h"
#include "core/util.h"

/* ---- fields ------------------------------------------------------------ */

static const char *const type_names[YJ_F_TYPE_COUNT] = {
    "text",   "name",  "idcard",       "phone", "mobile",   "landline", "date",  "select", "region",
    "number", "money", "bank_account", "uscc",  "postcode", "address",  "yesno", "multi"};

const char *
yj_ftype_name(enum yj_ftype t)
{
    return (t >= 0 && t < YJ_F_TYPE_COUNT) ? type_names[t] : "?";
}

/* The type of a name as written in the files, or -1. */
static int
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

/* "pattern" of a text field and its "pattern_message": compiled into a check
 * over the whole answer; whether the pattern is well formed is proved by
 * `forms check` (core/formcheck.c), which runs it. */
static void
read_pattern(struct ctx *c, json_t *fo, struct yj_field *f)
{
    json_t *pv = json_object_get(fo, "pattern");
    if (pv == NULL) {
        if (json_object_get(fo, "pattern_message")) {
            push_key(c, "pattern_message");
            problem(c, "\"pattern_message\" without a \"pattern\"");
            pop(c);
        }
        return;
    }
    push_key(c, "pattern");
    const char *pat = json_string_value(pv);
    size_t len = pat ? strlen(pat) : 0;
    if (f->type != YJ_F_TEXT)
        problem(c, "only text fields have a pattern (%s has its own check)",
                yj_ftype_name(f->type));
    else if (pat == NULL || len == 0)
        problem(c, "a pattern is a non-empty Lua pattern, e.g. \"[A-Z][A-Z]%%d+\"");
    else if (pat[0] == '^' || (pat[len - 1] == '$' && (len < 2 || pat[len - 2] != '%')))
        problem(c, "the pattern is matched against the whole answer: leave out ^ and $");
    else if (strchr(pat, '\n'))
        problem(c, "the pattern may not hold a line break");
    else
        f->pattern = xstrdup(pat);
    pop(c);
    if (!read_text(c, fo, "pattern_message", true, &f->pattern_msg) || f->pattern == NULL)
        return;
    struct yj_buf b = {0}; /* a quoted Lua string: \ and " escaped */
    yj_buf_printf(&b, "not filled(%s) or string.find(%s, \"^", f->id, f->id);
    for (const char *q = f->pattern; *q; q++) {
        if (*q == '\\' || *q == '"')
            yj_buf_adds(&b, "\\");
        yj_buf_printf(&b, "%c", *q);
    }
    yj_buf_adds(&b, "$\") ~= nil");
    f->pattern_expr = yj_buf_steal(&b);
    char err[256];
    f->pattern_ref = yj_expr_compile(c->set->expr, f->pattern_expr, err, sizeof err);
    if (f->pattern_ref == 0) {
        push_key(c, "pattern");
        problem(c, "pattern \"%s\": %s", f->pattern, err);
        pop(c);
    }
}

void
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
        static const char *const keys[] = {"type",
                                           "label",
                                           "hint",
                                           "min",
                                           "max",
                                           "min_message",
                                           "max_message",
                                           "legacy15",
                                           "resident_only",
                                           "choices",
                                           "sensitive",
                                           "standard_chars",
                                           "pattern",
                                           "pattern_message",
                                           "$comment",
                                           "unit",
                                           NULL};
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
        const char *unit = json_string_value(json_object_get(fo, "unit"));
        if (unit != NULL) {
            push_key(c, "unit");
            if (f->type != YJ_F_NUMBER || (strcmp(unit, "g") != 0 && strcmp(unit, "kg") != 0))
                problem(c, "\"unit\" is \"g\" or \"kg\", on a number field");
            else
                f->unit = xstrdup(unit);
            pop(c);
        }
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
            } else if (json_is_number(bv) &&
                       (f->type == YJ_F_NUMBER || f->type == YJ_F_MONEY || f->type == YJ_F_MULTI)) {
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
        if (f->type == YJ_F_SELECT || f->type == YJ_F_MULTI) {
            push_key(c, "choices");
            if (ch == NULL) {
                problem(c, "a %s field needs \"choices\"", yj_ftype_name(f->type));
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
            problem(c, "only select and multi fields have choices");
            pop(c);
        }
        c->set->fields = xreallocarray(c->set->fields, c->set->nfields + 1, sizeof(void *));
        c->set->fields[c->set->nfields++] = f;
        yj_expr_declare(c->set->expr, f->id);
        read_pattern(c, fo, f);
        pop(c);
    }
    pop(c);
}

/* Bounds naming another field must name a date field. */
void
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
