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

/* The cascade, in detail: parent may be written short ("31", "3101") or as a
 * 6-digit code. A province's children are its prefecture-level rows, except for
 * municipalities (北京, 天津, 上海, 重庆), whose prefecture level is only the
 * placeholders 310100 市辖区 / 500200 县: there the districts are listed
 * directly. In a province's list, the placeholder of counties directly under
 * it (429000 省直辖县级行政区划) gives way to those counties (仙桃市 ...). A code
 * with no children (a district, or 东莞市 441900) is a leaf. */

/* 1 province (XX0000), 2 prefecture (XXXX00), 3 county; 0 if not 6 digits. */
int yj_region_level(const char *code6);
/* Is this a placeholder name of the prefecture level ("市辖区", "县",
 * "省直辖县级行政区划" ...)? Full names leave such parts out. */
bool yj_region_placeholder(const char *name);
/* What kind of division a row is, by its level and the end of its name: 省,
 * 自治区, 直辖市, 特别行政区; 市, 地区, 自治州, 盟; 区, 县 (自治县 too), 县级市,
 * 旗 (自治旗 too), 林区, 特区 — the zh_CN word (untranslated), or NULL for a
 * placeholder or a name that says no kind (西沙群岛). */
const char *yj_region_kind(const struct yj_region *r);
/* The kinds among rows, translated, in that order, joined with "/": what a
 * list of them holds ("省/自治区/直辖市/特别行政区", "区", "区/县"). Returns out
 * ("" when none says its kind). */
char *yj_region_kinds(const struct yj_region *const *rows, size_t n, char *out, size_t outsz);
/* Number of rows in the loaded table (0 if it cannot be loaded). */
size_t yj_region_count(void);

#endif
