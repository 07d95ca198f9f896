/* multi.h: the multi-select field type ("type": "multi" over "choices" or a
 * list of lists.json): its answer is a JSON array of choice codes, e.g.
 * ["water","gas"]; [] or empty is no choice. */
#ifndef YJ_MULTI_H
#define YJ_MULTI_H

#include <stdbool.h>
#include <stddef.h>

#include "core/form.h"
#include "core/validate.h"

struct lua_State;

/* The codes of a multi answer (malloc'd array of malloc'd strings); false when
 * v is not a JSON array of strings. An empty or NULL v is no codes. */
bool yj_multi_parse(const char *v, char ***codes, size_t *n);
void yj_multi_free(char **codes, size_t n);
/* The answer holding codes[0..n) (a JSON array of strings) into out; "" when
 * n is 0, so no choice is no answer. */
void yj_multi_format(const char *const *codes, size_t n, char *out, size_t outsz);
/* Validate: codes known (o->choices), none twice, at least o->min and at most
 * o->max of them (has_min/has_max). */
enum yj_vstatus yj_validate_multi(const char *v, const struct yj_vopts *o, struct yj_vresult *r);
/* The labels of the chosen codes joined with "、" (a code without a label as is). */
void yj_multi_display(const struct yj_field *f, const char *v, char *out, size_t outsz);
/* A valid answer for `forms check` (the first choice), or "[]". */
const char *yj_multi_sample(const struct yj_field *f);
/* The expression helper has(field, "code"): is code among the answer's codes? */
int yj_expr_has(struct lua_State *L);

#endif
