/* region.c: administrative divisions (GB/T 2260) loaded from data/regions.tsv.
 *
 * The file is "code<TAB>name<TAB>current" per line, '#' lines are comments. The
 * whole file is kept in memory; entries point into it and are sorted by code so
 * lookups are binary searches.
 */
#include "core/region.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/paths.h"
#include "core/util.h"

static char *blob;              /* the file's text, names point into it */
static struct yj_region *table; /* sorted by code */
static size_t ntable;
static enum { NOT_TRIED, LOADED, FAILED } state = NOT_TRIED;

/* Province-level prefixes of GB/T 2260, the fallback when the table is missing. */
static const char *const provinces[] = {
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41",
    "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71"};

/* True when s is exactly n ASCII digits. */
static bool
all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return s[n] == '\0';
}

/* qsort/bsearch comparison by code. */
static int
cmp_region(const void *a, const void *b)
{
    return strcmp(((const struct yj_region *)a)->code, ((const struct yj_region *)b)->code);
}

/* Forget a loaded table. */
static void
region_clear(void)
{
    yj_free(&blob);
    yj_free(&table);
    ntable = 0;
}

/* Read, check and sort a regions file; the previous table stays on failure. */
int
yj_region_load(const char *path, char *err, size_t errsz)
{
    char *defpath = NULL;
    if (path == NULL)
        path = defpath = xasprintf("%s/regions.tsv", yj_paths_data());
    size_t len = 0;
    char *text = yj_read_file(path, &len);
    if (text == NULL) {
        if (err != NULL)
            snprintf(err, errsz, "cannot read %s: %s", path, strerror(errno));
        free(defpath);
        state = FAILED;
        return -1;
    }
    struct yj_region *rows = NULL;
    size_t n = 0, cap = 0;
    int lineno = 0;
    char *line = text;
    while (line != NULL && *line != '\0') {
        char *next = strchr(line, '\n');
        if (next != NULL)
            *next++ = '\0';
        lineno++;
        size_t l = strlen(line);
        if (l > 0 && line[l - 1] == '\r')
            line[--l] = '\0';
        if (l == 0 || line[0] == '#') {
            line = next;
            continue;
        }
        char *tab1 = strchr(line, '\t');
        char *tab2 = tab1 != NULL ? strchr(tab1 + 1, '\t') : NULL;
        if (tab1 == NULL || tab2 == NULL || tab1 - line != 6 || tab2 == tab1 + 1 ||
            (strcmp(tab2 + 1, "0") != 0 && strcmp(tab2 + 1, "1") != 0)) {
            if (err != NULL)
                snprintf(err, errsz, "%s:%d: expected 'code<TAB>name<TAB>0|1'", path, lineno);
            goto fail;
        }
        *tab1 = *tab2 = '\0';
        if (!all_digits(line, 6)) {
            if (err != NULL)
                snprintf(err, errsz, "%s:%d: the code must be 6 digits", path, lineno);
            goto fail;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 4096;
            rows = xreallocarray(rows, cap, sizeof *rows);
        }
        memcpy(rows[n].code, line, 7);
        rows[n].name = tab1 + 1;
        rows[n].current = tab2[1] == '1';
        n++;
        line = next;
    }
    if (n == 0) {
        if (err != NULL)
            snprintf(err, errsz, "%s: no regions in the file", path);
        goto fail;
    }
    /* data/tools/gen_regions.js writes the file in code order: check that in
     * one pass (codes are 6 digits, so memcmp orders them as strcmp does).
     * Strictly increasing means no code is listed twice; only a file edited
     * out of order is sorted and then searched for a repeated code. */
    size_t k = 1;
    while (k < n && memcmp(rows[k - 1].code, rows[k].code, 6) < 0)
        k++;
    if (k < n) {
        qsort(rows, n, sizeof *rows, cmp_region);
        for (size_t i = 1; i < n; i++) {
            if (memcmp(rows[i - 1].code, rows[i].code, 6) == 0) {
                if (err != NULL)
                    snprintf(err, errsz, "%s: the code %s is listed twice", path, rows[i].code);
                goto fail;
            }
        }
    }
    region_clear();
    blob = text;
    table = rows;
    ntable = n;
    state = LOADED;
    free(defpath);
    return 0;
fail:
    free(rows);
    free(text);
    free(defpath);
    if (state != LOADED)
        state = FAILED;
    return -1;
}

/* Load the default table once; true when a table is available. */
static bool
ensure_loaded(void)
{
    if (state == NOT_TRIED) {
        char err[512];
        if (yj_region_load(NULL, err, sizeof err) != 0)
            yj_err("%s", err);
    }
    return state == LOADED;
}

/* Entries found by search_file: kept until the program ends, so a pointer
 * handed out stays valid. */
struct found {
    struct yj_region r;
    struct found *next;
};
static char *sblob; /* the file's text for search_file */
static size_t slen;
static bool sfailed;
static struct found *found;

/* Without the table: code6 looked up by binary search over the lines of the
 * regions file, which data/tools/gen_regions.js writes in code order after its
 * comment lines — one value checked (`yijian validate idcard`) without reading
 * all 7,000 lines. NULL when not found or when anything looks off (a line not
 * "code<TAB>name<TAB>0|1" where the search lands): the caller then loads and
 * checks the whole table as before, so a code the search misses (a file edited
 * out of order) is still found. What it does not see is a fault on a line it
 * never reads; `yijian doctor` and every command that loads the table do. */
static const struct yj_region *
search_file(const char *code6)
{
    if (sfailed)
        return NULL;
    if (sblob == NULL) {
        char *path = xasprintf("%s/regions.tsv", yj_paths_data());
        sblob = yj_read_file(path, &slen);
        free(path);
        if (sblob == NULL) {
            sfailed = true;
            return NULL;
        }
    }
    for (struct found *f = found; f != NULL; f = f->next)
        if (memcmp(f->r.code, code6, 6) == 0)
            return &f->r;
    const char *t = sblob;
    size_t lo = 0, hi = slen;
    while (lo < hi && (t[lo] == '#' || t[lo] == '\n')) { /* the comments at the top */
        const char *nl = memchr(t + lo, '\n', slen - lo);
        lo = nl ? (size_t)(nl - t) + 1 : slen;
    }
    while (lo < hi) {
        size_t sol = lo + (hi - lo) / 2;
        while (sol > lo && t[sol - 1] != '\n')
            sol--;
        const char *nl = memchr(t + sol, '\n', slen - sol);
        size_t eol = nl ? (size_t)(nl - t) : slen;
        size_t end = eol > sol && t[eol - 1] == '\r' ? eol - 1 : eol;
        if (end - sol < 10 || t[sol + 6] != '\t')
            return NULL;
        for (size_t i = 0; i < 6; i++)
            if (t[sol + i] < '0' || t[sol + i] > '9')
                return NULL;
        int c = memcmp(t + sol, code6, 6);
        if (c < 0) {
            lo = eol + 1;
            continue;
        }
        if (c > 0) {
            hi = sol;
            continue;
        }
        const char *name = t + sol + 7;
        const char *tab2 = memchr(name, '\t', end - sol - 7);
        if (tab2 == NULL || tab2 == name || t + end != tab2 + 2 ||
            (tab2[1] != '0' && tab2[1] != '1'))
            return NULL;
        struct found *f = xcalloc(1, sizeof *f);
        memcpy(f->r.code, code6, 6);
        f->r.name = xstrndup(name, (size_t)(tab2 - name));
        f->r.current = tab2[1] == '1';
        f->next = found;
        found = f;
        return &f->r;
    }
    return NULL;
}

/* Binary search for a 6-digit code. */
const struct yj_region *
yj_region_get(const char *code6)
{
    if (code6 == NULL || !all_digits(code6, 6))
        return NULL;
    if (state == NOT_TRIED) {
        const struct yj_region *r = search_file(code6);
        if (r != NULL)
            return r;
    }
    if (!ensure_loaded())
        return NULL;
    struct yj_region key = {0};
    memcpy(key.code, code6, 7);
    return bsearch(&key, table, ntable, sizeof *table, cmp_region);
}

/* Known code (current or abolished); province prefix only without a table. */
bool
yj_region_known(const char *code6)
{
    if (code6 == NULL || !all_digits(code6, 6))
        return false;
    if (state == NOT_TRIED && search_file(code6) != NULL)
        return true;
    if (ensure_loaded())
        return yj_region_get(code6) != NULL;
    for (size_t i = 0; i < YJ_ARRAY_LEN(provinces); i++)
        if (strncmp(code6, provinces[i], 2) == 0)
            return true;
    return false;
}

/* Placeholder name of a prefecture level (市辖区, 县, ...)? */
bool
yj_region_placeholder(const char *name)
{
    /* NBS and GB/T 2260 fill the prefecture level of municipalities and of
     * counties under a province with these. */
    static const char *const names[] = {"市辖区", "县", "省直辖县级行政区划",
                                        "自治区直辖县级行政区划"};
    for (size_t i = 0; i < YJ_ARRAY_LEN(names); i++)
        if (strcmp(name, names[i]) == 0)
            return true;
    return false;
}

/* Append one name part to out (with a separating space). */
static void
append_part(char *out, size_t outsz, const char *part)
{
    size_t l = strlen(out);
    if (l + 1 >= outsz)
        return;
    snprintf(out + l, outsz - l, "%s%s", l ? " " : "", part);
}

/* "省 市 区县" for a code, placeholders left out. */
char *
yj_region_fullname(const char *code6, char *out, size_t outsz)
{
    if (outsz == 0)
        return out;
    out[0] = '\0';
    const struct yj_region *self = yj_region_get(code6);
    if (self == NULL)
        return out;
    char buf[7];
    snprintf(buf, sizeof buf, "%.2s0000", code6);
    const struct yj_region *prov = yj_region_get(buf);
    if (prov != NULL && prov != self)
        append_part(out, outsz, prov->name);
    snprintf(buf, sizeof buf, "%.4s00", code6);
    const struct yj_region *pref = yj_region_get(buf);
    if (pref != NULL && pref != self && pref != prov && !yj_region_placeholder(pref->name))
        append_part(out, outsz, pref->name);
    append_part(out, outsz, self->name);
    return out;
}

/* Level of a code from its trailing zeros. */
int
yj_region_level(const char *code6)
{
    if (code6 == NULL || !all_digits(code6, 6))
        return 0;
    if (strcmp(code6 + 2, "0000") == 0)
        return 1;
    if (strcmp(code6 + 4, "00") == 0)
        return 2;
    return 3;
}

/* Store the current rows of one level under prefix (len 2 or 4) into out. */
static size_t
collect(const char *prefix, size_t plen, int level, const struct yj_region **out, size_t max,
        size_t n)
{
    for (size_t i = 0; i < ntable; i++) {
        const struct yj_region *r = &table[i];
        if (!r->current || strncmp(r->code, prefix, plen) != 0 || yj_region_level(r->code) != level)
            continue;
        if (n < max)
            out[n] = r;
        n++;
    }
    return n;
}

/* Is this prefecture-level row one that stands only for counties directly
 * under the province (429000 省直辖县级行政区划)? */
static bool
direct_counties(const struct yj_region *r)
{
    return strcmp(r->name, "省直辖县级行政区划") == 0 ||
           strcmp(r->name, "自治区直辖县级行政区划") == 0;
}

/* A province's prefecture-level rows, each placeholder of counties directly
 * under the province replaced by those counties (湖北: ... 恩施州, 仙桃市,
 * 潜江市, 天门市, 神农架林区). */
static size_t
collect_prefectures(const char *prefix, const struct yj_region **out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < ntable; i++) {
        const struct yj_region *r = &table[i];
        if (!r->current || strncmp(r->code, prefix, 2) != 0 || yj_region_level(r->code) != 2)
            continue;
        if (direct_counties(r)) {
            n = collect(r->code, 4, 3, out, max, n);
            continue;
        }
        if (n < max)
            out[n] = r;
        n++;
    }
    return n;
}

/* Current children of a province or prefecture, municipalities skipping 市辖区. */
size_t
yj_region_children(const char *parent, const struct yj_region **out, size_t max)
{
    if (!ensure_loaded())
        return 0;
    size_t plen = parent == NULL ? 0 : strlen(parent);
    char prefix[5] = "";
    if (plen == 0) {
        size_t n = collect("", 0, 1, out, max, 0);
        return n < max ? n : max;
    }
    if ((plen == 2 && all_digits(parent, 2)) ||
        (plen == 6 && all_digits(parent, 6) && yj_region_level(parent) == 1)) {
        memcpy(prefix, parent, 2);
        prefix[2] = '\0';
        /* A municipality's prefecture level holds only placeholders
         * (110100 市辖区, 500200 县): list its districts directly. */
        const struct yj_region *tmp[64];
        size_t np = collect(prefix, 2, 2, tmp, YJ_ARRAY_LEN(tmp), 0);
        bool all_placeholders = np > 0 && np <= YJ_ARRAY_LEN(tmp);
        for (size_t i = 0; all_placeholders && i < np; i++)
            if (!yj_region_placeholder(tmp[i]->name))
                all_placeholders = false;
        size_t n = all_placeholders ? collect(prefix, 2, 3, out, max, 0)
                                    : collect_prefectures(prefix, out, max);
        return n < max ? n : max;
    }
    if ((plen == 4 && all_digits(parent, 4)) ||
        (plen == 6 && all_digits(parent, 6) && yj_region_level(parent) == 2)) {
        memcpy(prefix, parent, 4);
        prefix[4] = '\0';
        size_t n = collect(prefix, 4, 3, out, max, 0);
        return n < max ? n : max;
    }
    return 0;
}

/* Rows in the table. */
size_t
yj_region_count(void)
{
    return ensure_loaded() ? ntable : 0;
}

/* Does name end with suffix? */
static bool
ends_with(const char *name, const char *suffix)
{
    size_t n = strlen(name), l = strlen(suffix);
    return n >= l && strcmp(name + n - l, suffix) == 0;
}

/* The kinds of division, in the order titles name them. */
static const char *const kinds[] = {
    N_("省"), N_("自治区"), N_("直辖市"), N_("特别行政区"), N_("市"), N_("地区"), N_("自治州"),
    N_("盟"), N_("区"),     N_("县"),     N_("县级市"),     N_("旗"), N_("林区"), N_("特区")};

const char *
yj_region_kind(const struct yj_region *r)
{
    if (r == NULL)
        return NULL;
    const char *n = r->name;
    switch (yj_region_level(r->code)) {
    case 1:
        if (ends_with(n, "自治区"))
            return kinds[1];
        if (ends_with(n, "特别行政区"))
            return kinds[3];
        if (ends_with(n, "市"))
            return kinds[2];
        return kinds[0];
    case 2:
        if (yj_region_placeholder(n))
            return NULL;
        if (ends_with(n, "自治州"))
            return kinds[6];
        if (ends_with(n, "地区"))
            return kinds[5];
        if (ends_with(n, "盟"))
            return kinds[7];
        return ends_with(n, "市") ? kinds[4] : NULL;
    case 3:
        if (ends_with(n, "林区"))
            return kinds[12];
        if (ends_with(n, "特区"))
            return kinds[13];
        if (ends_with(n, "区"))
            return kinds[8];
        if (ends_with(n, "县")) /* 自治县 too */
            return kinds[9];
        if (ends_with(n, "市")) /* a prefecture's children, or 东莞 is a level 2 leaf */
            return kinds[10];
        if (ends_with(n, "旗")) /* 自治旗 too */
            return kinds[11];
        return NULL; /* 西沙群岛, 大柴旦行政委员会 ... */
    default:
        return NULL;
    }
}

char *
yj_region_kinds(const struct yj_region *const *rows, size_t n, char *out, size_t outsz)
{
    if (outsz == 0)
        return out;
    out[0] = '\0';
    bool seen[YJ_ARRAY_LEN(kinds)] = {false};
    for (size_t i = 0; i < n; i++) {
        const char *k = yj_region_kind(rows[i]);
        for (size_t j = 0; k != NULL && j < YJ_ARRAY_LEN(kinds); j++)
            if (k == kinds[j])
                seen[j] = true;
    }
    for (size_t j = 0; j < YJ_ARRAY_LEN(kinds); j++) {
        if (!seen[j])
            continue;
        size_t l = strlen(out);
        const char *k = _(kinds[j]);
        if (l + (l ? 1 : 0) + strlen(k) >= outsz)
            break; /* whole words only */
        snprintf(out + l, outsz - l, "%s%s", l ? "/" : "", k);
    }
    return out;
}
