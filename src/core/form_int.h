/* form_int.h: what the files of the form loader share (not for other modules).
 *
 * form.c loads the set file by file; form_json.c keeps the path the loader is
 * at, finds its line and column in the text and reads the small values (texts,
 * strings, expressions); form_fields.c, form_items.c and form_things.c read
 * fields.json, departments.json with items/ and things/.
 */
#ifndef YJ_FORM_INT_H
#define YJ_FORM_INT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/form.h"

#define MAX_DEPTH 16

struct step {
    const char *key; /* NULL: array index */
    size_t index;
};

/* Where the loader is: the file, its text and the path of keys and indices. */
struct ctx {
    struct yj_formset *set;
    const char *file; /* owned by set->files */
    const char *text;
    struct step path[MAX_DEPTH];
    int depth;
};

/* ---- the path and problems (form_json.c) ---------------------------------- */

void push_key(struct ctx *c, const char *key);
void push_index(struct ctx *c, size_t i);
void pop(struct ctx *c);
/* Record a problem; takes ownership of msg. */
void add_problem_raw(struct yj_formset *set, const char *file, int line, int col, char *msg);
/* A problem at the current path's line and column. */
void problem(struct ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A problem of a whole file (no position). */
void problem_file(struct yj_formset *set, const char *file, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A problem at the value that path ("sections/2/fields/0": keys and indices
 * separated by /) names in file, which is read again to find it: for the checks
 * made after a file is closed (sections, dependencies, cycles). */
void problem_path(struct yj_formset *set, const char *file, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* ---- small readers (form_json.c) ------------------------------------------ */

void text_free(struct yj_text *t);
/* Read a text (a string, taken as zh_CN, or a text object) from v, which sits
 * at the current path; what names it in messages. */
bool read_text_value(struct ctx *c, json_t *v, const char *what, struct yj_text *out);
/* Read a text at key of parent (the current path is the parent). */
bool read_text(struct ctx *c, json_t *parent, const char *key, bool required, struct yj_text *out);
/* A malloc'd non-empty string at key of parent, or NULL (reported when required). */
char *read_string(struct ctx *c, json_t *parent, const char *key, bool required);
/* Report keys of obj not in allowed (NULL-terminated). */
void check_keys(struct ctx *c, json_t *obj, const char *const *allowed, const char *what);
/* Lower case a-z, 0-9, _ and dots; need_group: exactly one dot (group.name). */
bool valid_id(const char *id, bool need_group);
/* Compile an expression at key of parent; returns the ref or 0. */
int read_expr(struct ctx *c, json_t *parent, const char *key, bool required, char **src_out);

/* ---- the readers of each kind of file ----------------------------------- */

/* form_fields.c: fields.json (lists: lists.json's "lists" or NULL), then the
 * date bounds that name other fields. */
void read_fields(struct ctx *c, json_t *root, json_t *lists);
void check_field_refs(struct yj_formset *set);
/* form_items.c: departments.json, one file of items/, then depends_on resolved
 * and cycles refused. */
void read_departments(struct ctx *c, json_t *root);
void read_item(struct ctx *c, json_t *o);
void check_items(struct yj_formset *set);
/* form_things.c: one file of things/, then each thing's sections against its
 * items. */
void read_thing(struct ctx *c, json_t *o);
void check_thing(struct yj_formset *set, const struct yj_thing *t);

#endif
