/* region.h: administrative divisions (GB/T 2260) from data/regions.tsv.
 *
 * The table holds every county-level code in force today AND the abolished ones
 * (flag "current" false), because an ID number keeps the code it was issued
 * with for life. Cascading selects list only current codes.
 */
#ifndef YJ_REGION_H
#define YJ_REGION_H

#include <stdbool.h>
#include <stddef.h>

struct yj_region {
    char code[7];     /* 6 digits */
    const char *name; /* own name, e.g. "黄浦区" */
    bool current;     /* in force today */
};

/* Load the table from a file (data/regions.tsv by default when path is NULL).
 * Returns 0, or -1 with a message in err. Called lazily by the lookups below. */
int yj_region_load(const char *path, char *err, size_t errsz);

/* The entry for a code, or NULL. */
const struct yj_region *yj_region_get(const char *code6);
/* Known, current or abolished (for ID numbers). Province-level prefix only
 * (e.g. "31") is checked when the table cannot be loaded. */
bool yj_region_known(const char *code6);
/* Full name "上海市 黄浦区" into out; returns out ("" if unknown). */
char *yj_region_fullname(const char *code6, char *out, size_t outsz);
/* Children of a code (NULL or "" for provinces), current codes only, in code
 * order. Returns how many were stored (at most max). */
size_t yj_region_children(const char *parent, const struct yj_region **out, size_t max);

#endif
