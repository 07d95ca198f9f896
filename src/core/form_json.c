/* form_json.c: where the form loader is — the path of keys and indices it
 * keeps, the line and column of that path found by walking the JSON text, the
 * problems it records there — and the small readers (texts, strings, ids,
 * expressions) every kind of form file uses.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/bounds.h"
#include "core/expr.h"
#include "core/form_int.h"
#include "core/util.h"

/* ---- positions ------------------------------------------------------- */
void
push_key(struct ctx *c, const char *key)
{
    if (c->depth < MAX_DEPTH)
        c->path[c->depth] = (struct step){key, 0};
    c->depth++;
}

void
push_index(struct ctx *c, size_t i)
{
    if (c->depth < MAX_DEPTH)
        c->path[c->depth] = (struct step){NULL, i};
    c->depth++;
}

void
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
void
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

void
problem(struct ctx *c, const char *fmt, ...)
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

/* Line and column of the value at path in text (see problem_path). */
static void
locate_path(struct ctx *c, const char *path, int *line, int *col)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", path);
    c->depth = 0;
    for (char *save = NULL, *k = strtok_r(buf, "/", &save); k; k = strtok_r(NULL, "/", &save)) {
        bool digits = *k != '\0' && strspn(k, "0123456789") == strlen(k);
        if (c->depth < MAX_DEPTH)
            c->path[c->depth] =
                digits ? (struct step){NULL, (size_t)strtoul(k, NULL, 10)} : (struct step){k, 0};
        c->depth++;
    }
    const char *at = locate(c);
    *line = 1;
    *col = 1;
    for (const char *p = c->text; p < at; p++) {
        if (*p == '\n') {
            (*line)++;
            *col = 1;
        } else if (((unsigned char)*p & 0xc0) != 0x80) {
            (*col)++;
        }
    }
    c->depth = 0; /* the keys pointed into buf */
}

void
yj_form_locate(const char *file, const char *path, int *line, int *col)
{
    *line = *col = 0;
    size_t len;
    char rerr[256];
    char *text = yj_read_file_bounded(file, YJ_FORMS_FILE_MAX, &len, rerr, sizeof rerr);
    if (text == NULL)
        return;
    struct ctx c = {.file = file, .text = text};
    locate_path(&c, path, line, col);
    free(text);
}

void
problem_path(struct yj_formset *set, const char *file, const char *path, const char *fmt, ...)
{
    int line, col;
    yj_form_locate(file, path, &line, &col);
    va_list ap;
    va_start(ap, fmt);
    add_problem_at(set, file, line, col, fmt, ap);
    va_end(ap);
}

void __attribute__((format(printf, 3, 4)))
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

void
text_free(struct yj_text *t)
{
    for (int i = 0; i < YJ_LANG_COUNT; i++)
        yj_free(&t->s[i]);
}

/* Read a text (a string, taken as zh_CN, or a text object) from v, which sits
 * at the current path; what names it in messages. */
bool
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
bool
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

char *
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
void
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

bool
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
int
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
        /* What authors write from C or JavaScript, said in Lua's words. */
        const char *hint = strstr(src, "!=")   ? " (not equal is ~= in Lua)"
                           : strstr(src, "&&") ? " (and is written and)"
                           : strstr(src, "||") ? " (or is written or)"
                           : strchr(src, '!')  ? " (not is written not)"
                                               : "";
        problem(c, "expression \"%s\" does not compile: %s%s", src, err, hint);
        pop(c);
    }
    return ref;
}
