/* jsonw.h: a small streaming JSON writer (compact, RFC 8259) and a check that
 * stored JSON text is already in the form the writer would give.
 *
 * Output is byte for byte what jansson's json_dumps(JSON_COMPACT |
 * JSON_PRESERVE_ORDER) gives for the same values: '"' and '\\' escaped, the
 * control characters as \b \f \n \r \t or \u00XX (upper-case hex), everything
 * else (DEL, '/', U+2028) as it is. Unlike jansson, which refuses a string that
 * is not valid UTF-8 (its member then goes missing), the writer replaces every
 * byte that does not begin a well-formed UTF-8 sequence (overlong forms,
 * surrogates and code points above U+10FFFF included) with U+FFFD, so the
 * output is always valid JSON in valid UTF-8. A string stops at its first NUL,
 * as a C string does. */
#ifndef YJ_JSONW_H
#define YJ_JSONW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/util.h"

#define YJ_JW_MAX_DEPTH 64

struct yj_jw {
    struct yj_buf *out;
    unsigned depth;
    bool after_key;   /* the next value follows a key: no comma */
    uint64_t members; /* bit d: the container at depth d has a member already */
};

/* Start writing into out (appended to; out is not reset). */
void yj_jw_init(struct yj_jw *w, struct yj_buf *out);
/* Containers (at most YJ_JW_MAX_DEPTH deep; deeper is a programming error). */
void yj_jw_obj(struct yj_jw *w);
void yj_jw_obj_end(struct yj_jw *w);
void yj_jw_arr(struct yj_jw *w);
void yj_jw_arr_end(struct yj_jw *w);
/* A member's key inside an object (escaped as a string). */
void yj_jw_key(struct yj_jw *w, const char *key);
/* A key given as its JSON text with the colon (the caller vouches for it),
 * and the same for a string literal that needs no escaping: YJ_JW_KEY(w, "uuid"). */
void yj_jw_key_raw(struct yj_jw *w, const char *quoted, size_t n);
#define YJ_JW_KEY(w, lit) yj_jw_key_raw((w), "\"" lit "\":", sizeof("\"" lit "\":") - 1)
/* Values: a string (NULL writes null), n bytes of a string, an integer, null. */
void yj_jw_str(struct yj_jw *w, const char *s);
void yj_jw_strn(struct yj_jw *w, const char *s, size_t n);
void yj_jw_int(struct yj_jw *w, long long v);
void yj_jw_null(struct yj_jw *w);
/* n bytes of JSON text written as a value as they are (the caller vouches
 * for them: yj_json_canonical). */
void yj_jw_raw(struct yj_jw *w, const char *text, size_t n);

/* Append s (n bytes, stopping early at a NUL) to b as a JSON string with its
 * quotes, escaped as above. */
void yj_json_escape(struct yj_buf *b, const char *s, size_t n);

/* What yj_json_canonical also requires of the text. */
enum {
    /* an object of at most YJ_ANSWERS_MAX_KEYS members, each a non-empty
     * string: the stored answers of a case (core/answers.h) */
    YJ_JSON_ANSWERS = 1u << 0,
};

/* Is text (n bytes) exactly what jansson's json_loads (no flags) followed by
 * json_dumps(JSON_COMPACT | JSON_PRESERVE_ORDER) gives back, so that it may be
 * copied instead of parsed and written again? True only for: an object or an
 * array at the top, no white space, strings in valid UTF-8 escaped exactly as
 * the writer escapes them (and no \u0000), integers without sign or leading
 * zero trouble that fit in 18 digits, true/false/null, no key twice in an
 * object, nesting under YJ_JW_MAX_DEPTH, nothing after the value. Reals are
 * never taken as canonical (jansson rewrites them). A false answer only means
 * "parse it": the check errs on that side. */
bool yj_json_canonical(const char *text, size_t n, unsigned flags);

#endif
