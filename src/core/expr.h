/* expr.h: conditions, derived values and rules, as sandboxed Lua 5.4 expressions.
 *
 * Each expression is compiled once at load ("return <expr>") and evaluated per
 * change against the bound answers. The sandbox has no io, os, load, require,
 * debug or string.dump; a run is stopped after YJ_EXPR_MAX_STEPS VM instructions
 * and the whole state is capped at YJ_EXPR_MAX_MEM bytes.
 *
 * Names: a field "mother.id_number" is read as mother.id_number (nil when not
 * answered); an unknown top-level name is an error. Helpers: today(), age(date
 * [, at]), days(a, b), len(s), num(s), filled(x), yes(x), chosen(item_id),
 * idcard_birth(id), idcard_gender(id), add_years(date, n), add_days(date, n),
 * retirement_date(birth, "M"|"F55"|"F50") (see retire.h).
 */
#ifndef YJ_EXPR_H
#define YJ_EXPR_H

#include <stdbool.h>
#include <stddef.h>

#include "core/answers.h"

#define YJ_EXPR_MAX_STEPS 100000
#define YJ_EXPR_MAX_MEM (8u << 20)
/* The pattern functions (string find/match/gmatch/gsub): see expr.c. */
#define YJ_PATTERN_MAX_LEN 128
#define YJ_PATTERN_MAX_REP 4
#define YJ_PATTERN_MAX_COST 1e8
/* Repetitions (* + - ?, %b) in a Lua pattern; *anchored (may be NULL): it
 * starts with ^. */
int yj_pattern_reps(const char *p, size_t len, bool *anchored);
/* May pattern p run against a subject of subject_len bytes? */
bool yj_pattern_ok(size_t subject_len, const char *p, size_t len);

struct yj_expr_env;

struct yj_expr_env *yj_expr_new(void);
void yj_expr_free(struct yj_expr_env **env);

/* Declare a field id so expressions may name it (the loader declares every
 * field in the dictionary). */
void yj_expr_declare(struct yj_expr_env *env, const char *field_id);

/* Compile src. Returns a reference > 0, or 0 with a message in err. Names that
 * are neither declared field groups nor helpers are refused here. */
int yj_expr_compile(struct yj_expr_env *env, const char *src, char *err, size_t errsz);

/* Bind the answers (and the ids of the chosen items, NULL-terminated, may be
 * NULL) for the evaluations that follow. The pointers must stay valid. Inside
 * a protected call: 0, or -1 when the answers do not fit in the memory budget
 * (then every evaluation fails with a message until the next binding). */
int yj_expr_bind(struct yj_expr_env *env, const struct yj_answers *a, const char *const *chosen);

/* Evaluate: 0 on success, -1 with a message in err. A nil result is false. */
int yj_expr_eval_bool(struct yj_expr_env *env, int ref, bool *out, char *err, size_t errsz);
/* *out is NULL for nil, else a string the caller frees (numbers are formatted). */
int yj_expr_eval_string(struct yj_expr_env *env, int ref, char **out, char *err, size_t errsz);

#endif
