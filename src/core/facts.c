/* facts.c: the fact tables of data/ (phone blocks, nationalities, standard characters).
 *
 * Every table is a sorted array of (key, value) string pairs pointing into the file's
 * text, looked up by binary search. Lines starting with '#' and empty lines are skipped.
 */
#include "core/facts.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/paths.h"
#include "core/utf8.h"
#include "core/util.h"

struct fact {
    const char *key;
    const char *val; /* the rest of the line after the first tab */
};

struct table {
    const char *file; /* name under yj_paths_data() */
    char *blob;
    struct fact *rows;
    size_t n;
    enum { NOT_TRIED, LOADED, FAILED } state;
};

static struct table phone = {.file = "phone_blocks.tsv"};
static struct table nation = {.file = "nationalities.tsv"};
static struct table hanzi = {.file = "hanzi.tsv"};

/* qsort/bsearch comparison by key. */
static int
cmp_fact(const void *a, const void *b)
{
    return strcmp(((const struct fact *)a)->key, ((const struct fact *)b)->key);
}

/* Read path (or the default file) into t; the old table stays when it fails. */
static int
table_load(struct table *t, const char *path)
{
    char *defpath = NULL;
    if (path == NULL)
        path = defpath = xasprintf("%s/%s", yj_paths_data(), t->file);
    size_t len = 0;
    char *text = yj_read_file(path, &len);
    free(defpath);
    if (text == NULL) {
        if (t->state != LOADED)
            t->state = FAILED;
        return -1;
    }
    struct fact *rows = NULL;
    size_t n = 0, cap = 0;
    for (char *line = text; line != NULL && *line != '\0';) {
        char *next = strchr(line, '\n');
        if (next != NULL)
            *next++ = '\0';
        size_t l = strlen(line);
        if (l > 0 && line[l - 1] == '\r')
            line[--l] = '\0';
        char *tab = strchr(line, '\t');
        if (l > 0 && line[0] != '#' && tab != NULL && tab > line) {
            *tab = '\0';
            if (n == cap) {
                cap = cap ? cap * 2 : 1024;
                rows = xreallocarray(rows, cap, sizeof *rows);
            }
            rows[n].key = line;
            rows[n].val = tab + 1;
            n++;
        }
        line = next;
    }
    if (n == 0) {
        free(rows);
        free(text);
        if (t->state != LOADED)
            t->state = FAILED;
        return -1;
    }
    qsort(rows, n, sizeof *rows, cmp_fact);
    yj_free(&t->blob);
    yj_free(&t->rows);
    t->blob = text;
    t->rows = rows;
    t->n = n;
    t->state = LOADED;
    return 0;
}

/* The table, loaded on first use; NULL when it cannot be. */
static struct table *
table_get(struct table *t)
{
    if (t->state == NOT_TRIED && table_load(t, NULL) != 0)
        yj_err("cannot read the fact table %s/%s", yj_paths_data(), t->file);
    return t->state == LOADED ? t : NULL;
}

/* The value stored for key, or NULL. */
static const char *
lookup(const struct table *t, const char *key)
{
    struct fact k = {.key = key, .val = NULL};
    const struct fact *f = bsearch(&k, t->rows, t->n, sizeof *t->rows, cmp_fact);
    return f != NULL ? f->val : NULL;
}

/* Is some prefix of digits (length 2..6) listed with the value kind? */
static bool
prefix_listed(const struct table *t, const char *digits, const char *kind)
{
    char key[8];
    size_t n = strlen(digits);
    for (size_t l = 2; l <= 6 && l <= n; l++) {
        snprintf(key, sizeof key, "%.*s", (int)l, digits);
        const char *v = lookup(t, key);
        if (v != NULL && strcmp(v, kind) == 0)
            return true;
    }
    return false;
}

int
yj_facts_mobile_assigned(const char *digits11)
{
    const struct table *t = table_get(&phone);
    if (t == NULL || digits11 == NULL)
        return -1;
    return prefix_listed(t, digits11, "mobile") ? 1 : 0;
}

int
yj_facts_area_code(const char *area)
{
    const struct table *t = table_get(&phone);
    if (t == NULL || area == NULL)
        return -1;
    const char *v = lookup(t, area);
    return v != NULL && strcmp(v, "landline") == 0 ? 1 : 0;
}

int
yj_facts_nationality(const char *num3, const char **name)
{
    const struct table *t = table_get(&nation);
    if (t == NULL || num3 == NULL)
        return -1;
    const char *v = lookup(t, num3);
    if (v == NULL)
        return 0;
    if (name != NULL) {
        const char *tab = strchr(v, '\t');
        *name = tab != NULL ? tab + 1 : v;
    }
    return 1;
}

int
yj_facts_hanzi(uint32_t c, uint32_t *std)
{
    if (std != NULL)
        *std = 0;
    const struct table *t = table_get(&hanzi);
    if (t == NULL)
        return -1;
    char key[8];
    size_t l = yj_utf8_encode(c, key);
    if (l == 0)
        return 0;
    key[l] = '\0';
    const char *v = lookup(t, key);
    if (v == NULL)
        return 0;
    if (strcmp(v, "s") == 0)
        return 1;
    if (std != NULL) {
        uint32_t s;
        if (yj_utf8_decode(v, strlen(v), &s) > 0)
            *std = s;
    }
    return 0;
}
