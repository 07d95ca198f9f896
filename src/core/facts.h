/* facts.h: fact tables in data/ that the validators consult.
 *
 *   phone_blocks.tsv   "PREFIX<TAB>mobile" (assigned mobile number blocks) and
 *                      "0AREA<TAB>landline" (area codes), from libphonenumber's metadata
 *   nationalities.tsv  "NUM<TAB>ALPHA3<TAB>NAME": ISO 3166-1 numeric codes of foreign nationalities
 *   hanzi.tsv          "CHAR<TAB>s" for the 8,105 characters of 《通用规范汉字表》, and
 *                      "TRAD<TAB>STD" for a traditional form and its standard character
 *
 * Each file is loaded once, on first use, from yj_paths_data(). A table that cannot be
 * loaded answers "unknown" (-1) and the validators then skip the check: a missing data
 * file must not refuse what a person types.
 */
#ifndef YJ_FACTS_H
#define YJ_FACTS_H

#include <stdint.h>

/* Is the 11-digit mobile number in an assigned block? 1 yes, 0 no, -1 no table. */
int yj_facts_mobile_assigned(const char *digits11);
/* Is the area code ("021", "0571") a mainland area code? 1 yes, 0 no, -1 no table. */
int yj_facts_area_code(const char *area);
/* Name of a foreign nationality by its ISO 3166-1 numeric code ("840" -> "美国"):
 * 1 found (name set when not NULL), 0 not a foreign nationality, -1 no table. */
int yj_facts_nationality(const char *num3, const char **name);
/* A character against 《通用规范汉字表》: 1 in the table, 0 not in it (*std gets the
 * standard character when c is a traditional form of one, else 0), -1 no table. */
int yj_facts_hanzi(uint32_t c, uint32_t *std);

#endif
