/* answers.h: the answers of one application, field id -> UTF-8 string.
 *
 * Every value is a string: dates "YYYY-MM-DD", yes/no "yes"/"no", selects the
 * choice value, regions the 6-digit code, numbers and money in decimal. Insertion
 * order is kept so what is saved reads like the form.
 */
#ifndef YJ_ANSWERS_H
#define YJ_ANSWERS_H

#include <stdbool.h>
#include <stddef.h>

struct yj_answer {
    char *id;
    char *value;
};

struct yj_answers {
    struct yj_answer *v;
    size_t n, cap;
    bool append; /* yj_answers_from_json only: add without looking up */
};

void yj_answers_init(struct yj_answers *a);
void yj_answers_free(struct yj_answers *a);
/* NULL when unset. An empty string counts as unset. */
const char *yj_answers_get(const struct yj_answers *a, const char *id);
/* Set (copying both); value NULL or "" removes the answer. */
void yj_answers_set(struct yj_answers *a, const char *id, const char *value);
void yj_answers_copy(struct yj_answers *dst, const struct yj_answers *src);

/* JSON object <-> answers. Non-string JSON scalars are converted (true -> "yes",
 * numbers to decimal); nested objects are flattened with dots ("mother": {"name":
 * ..} -> "mother.name"). At most YJ_ANSWERS_MAX_KEYS answers (core/bounds.h);
 * into an empty a in O(n log n). Returns 0, or -1 with a message in err. */
int yj_answers_from_json(struct yj_answers *a, const char *json, char *err, size_t errsz);
int yj_answers_load_file(struct yj_answers *a, const char *path, char *err, size_t errsz);
/* Flat JSON object text. Caller frees. */
char *yj_answers_to_json(const struct yj_answers *a);

#endif
