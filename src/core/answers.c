/* answers.c: a small ordered string map for form answers. */
#include "core/answers.h"

#include <errno.h>
#include <stdint.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/bounds.h"
#include "core/i18n.h"
#include "core/util.h"

void
yj_answers_init(struct yj_answers *a)
{
    memset(a, 0, sizeof *a);
}

void
yj_answers_free(struct yj_answers *a)
{
    for (size_t i = 0; i < a->n; i++) {
        free(a->v[i].id);
        free(a->v[i].value);
    }
    free(a->v);
    memset(a, 0, sizeof *a);
}

static long
find(const struct yj_answers *a, const char *id)
{
    for (size_t i = 0; i < a->n; i++)
        if (strcmp(a->v[i].id, id) == 0)
            return (long)i;
    return -1;
}

const char *
yj_answers_get(const struct yj_answers *a, const char *id)
{
    long i = find(a, id);
    if (i < 0 || a->v[i].value[0] == '\0')
        return NULL;
    return a->v[i].value;
}

void
yj_answers_set(struct yj_answers *a, const char *id, const char *value)
{
    long i = a->append ? -1 : find(a, id);
    if (value == NULL || *value == '\0') {
        if (i >= 0) {
            free(a->v[i].id);
            free(a->v[i].value);
            memmove(&a->v[i], &a->v[i + 1], (a->n - (size_t)i - 1) * sizeof a->v[0]);
            a->n--;
        }
        return;
    }
    if (i >= 0) {
        char *nv = xstrdup(value);
        free(a->v[i].value);
        a->v[i].value = nv;
        return;
    }
    if (a->n == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 32;
        a->v = xreallocarray(a->v, a->cap, sizeof a->v[0]);
    }
    a->v[a->n].id = xstrdup(id);
    a->v[a->n].value = xstrdup(value);
    a->n++;
}

void
yj_answers_copy(struct yj_answers *dst, const struct yj_answers *src)
{
    yj_answers_free(dst);
    for (size_t i = 0; i < src->n; i++)
        yj_answers_set(dst, src->v[i].id, src->v[i].value);
}

static int
add_json(struct yj_answers *a, const char *prefix, json_t *obj, char *err, size_t errsz)
{
    const char *k;
    json_t *v;
    json_object_foreach(obj, k, v)
    {
        char *id = prefix ? xasprintf("%s.%s", prefix, k) : xstrdup(k);
        char num[64];
        int rc = 0;
        switch (json_typeof(v)) {
        case JSON_STRING:
            yj_answers_set(a, id, json_string_value(v));
            break;
        case JSON_INTEGER:
            snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
            yj_answers_set(a, id, num);
            break;
        case JSON_REAL:
            snprintf(num, sizeof num, "%.2f", json_real_value(v));
            yj_answers_set(a, id, num);
            break;
        case JSON_TRUE:
            yj_answers_set(a, id, "yes");
            break;
        case JSON_FALSE:
            yj_answers_set(a, id, "no");
            break;
        case JSON_NULL:
            break;
        case JSON_OBJECT:
            rc = add_json(a, id, v, err, errsz);
            break;
        case JSON_ARRAY: { /* a multi-select answer: its codes, kept as compact JSON */
            bool strings = true;
            for (size_t i = 0; i < json_array_size(v); i++)
                strings = strings && json_is_string(json_array_get(v, i));
            char *txt = strings ? json_dumps(v, JSON_COMPACT) : NULL;
            if (txt == NULL) {
                snprintf(err, errsz, "answer '%s' is a list of something else than codes", id);
                rc = -1;
            } else {
                yj_answers_set(a, id, txt);
            }
            free(txt);
            break;
        }
        }
        free(id);
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* Number of answers obj flattens to (nested objects counted by their
 * members), stopping once past limit. */
static size_t
count_leaves(json_t *obj, size_t limit)
{
    size_t n = 0;
    const char *k;
    json_t *v;
    json_object_foreach(obj, k, v)
    {
        (void)k;
        n += json_is_object(v) ? count_leaves(v, limit) : 1;
        if (n > limit)
            break;
    }
    return n;
}

static int
cmp_answer_id(const void *x, const void *y)
{
    const struct yj_answer *const *a = x, *const *b = y;
    return strcmp((*a)->id, (*b)->id);
}

/* Fill the empty a from root without a lookup per key (add_json in append
 * mode), then sort once to find ids given twice ("a.b" beside {"a": {"b"}}):
 * only then is it built again with yj_answers_set, where the later wins. */
static int
add_json_fresh(struct yj_answers *a, json_t *root, char *err, size_t errsz)
{
    struct yj_answers tmp;
    yj_answers_init(&tmp);
    tmp.append = true;
    int rc = add_json(&tmp, NULL, root, err, errsz);
    tmp.append = false;
    if (rc != 0) {
        yj_answers_free(&tmp);
        return rc;
    }
    struct yj_answer **idx = xcalloc(tmp.n + 1, sizeof *idx);
    for (size_t i = 0; i < tmp.n; i++)
        idx[i] = &tmp.v[i];
    qsort(idx, tmp.n, sizeof *idx, cmp_answer_id);
    bool dup = false;
    for (size_t i = 1; i < tmp.n && !dup; i++)
        dup = strcmp(idx[i - 1]->id, idx[i]->id) == 0;
    free(idx);
    if (dup) {
        for (size_t i = 0; i < tmp.n; i++)
            yj_answers_set(a, tmp.v[i].id, tmp.v[i].value);
        yj_answers_free(&tmp);
    } else {
        yj_answers_free(a);
        *a = tmp;
    }
    return 0;
}

int
yj_answers_from_json(struct yj_answers *a, const char *json, char *err, size_t errsz)
{
    json_error_t je;
    json_t *root = json_loads(json, JSON_REJECT_DUPLICATES, &je);
    if (root == NULL) {
        snprintf(err, errsz, "line %d, column %d: %s", je.line, je.column, je.text);
        return -1;
    }
    if (!json_is_object(root)) {
        snprintf(err, errsz, "the answers must be a JSON object");
        json_decref(root);
        return -1;
    }
    size_t n = count_leaves(root, YJ_ANSWERS_MAX_KEYS);
    if (n > YJ_ANSWERS_MAX_KEYS) {
        snprintf(err, errsz, _("答案太多（上限 %d 项）。"), YJ_ANSWERS_MAX_KEYS);
        json_decref(root);
        return -1;
    }
    int rc = a->n == 0 ? add_json_fresh(a, root, err, errsz) : add_json(a, NULL, root, err, errsz);
    json_decref(root);
    return rc;
}

int
yj_answers_load_file(struct yj_answers *a, const char *path, char *err, size_t errsz)
{
    /* At most YJ_ANSWERS_FILE_MAX bytes are read: a larger file (or
     * /dev/zero) is refused before it is parsed. */
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        snprintf(err, errsz, "%s: %s", path, strerror(errno));
        return -1;
    }
    struct yj_buf b = {0};
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len <= YJ_ANSWERS_FILE_MAX)
        yj_buf_add(&b, chunk, got);
    bool failed = ferror(f) != 0;
    fclose(f);
    if (failed || b.len > YJ_ANSWERS_FILE_MAX) {
        if (failed)
            snprintf(err, errsz, "%s: %s", path, strerror(errno ? errno : EIO));
        else
            snprintf(err, errsz, _("%s：答案文件太大（上限 %u 字节）。"), path,
                     YJ_ANSWERS_FILE_MAX);
        yj_buf_free(&b);
        return -1;
    }
    char *text = yj_buf_steal(&b);
    char sub[400];
    int rc = yj_answers_from_json(a, text, sub, sizeof sub);
    if (rc != 0)
        snprintf(err, errsz, "%s: %s", path, sub);
    free(text);
    return rc;
}

char *
yj_answers_to_json(const struct yj_answers *a)
{
    json_t *o = json_object();
    for (size_t i = 0; i < a->n; i++)
        json_object_set_new(o, a->v[i].id, json_string(a->v[i].value));
    char *s = json_dumps(o, JSON_INDENT(2) | JSON_ENSURE_ASCII * 0);
    json_decref(o);
    char *r = xstrdup(s ? s : "{}");
    free(s);
    return r;
}
