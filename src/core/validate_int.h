/* validate_int.h: what the validators' files share (not for other modules):
 * starting and setting a result, and the small string helpers (validate.c).
 * validate_id.c checks identity documents, validate_numbers.c phone numbers and
 * the numbers of registries (postcode, USCC, bank card). */
#ifndef YJ_VALIDATE_INT_H
#define YJ_VALIDATE_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/validate.h"

/* Start a result: OK, norm = v (cut if it cannot fit; callers check the length). */
void yj_vres_init(struct yj_vresult *r, const char *v);
/* Set status and a formatted message. */
enum yj_vstatus yj_vres_set(struct yj_vresult *r, enum yj_vstatus st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Error with a fixed message (no formatting). */
enum yj_vstatus yj_vres_err(struct yj_vresult *r, const char *msg);

/* ASCII digit? */
bool yj_v_is_digit(char c);
/* Are the first n characters of s ASCII digits? */
bool yj_v_all_digits_n(const char *s, size_t n);
/* Copy v into out (size outsz) without the characters in drop and without
 * leading/trailing ASCII whitespace; false when it does not fit. */
bool yj_v_strip_chars(const char *v, const char *drop, char *out, size_t outsz);
/* Copy v without leading and trailing spaces (ASCII and U+3000) into out. */
bool yj_v_trim_copy(const char *v, char *out, size_t outsz);

/* Scratch for yj_v_input(): a copy of a value that lives in r, and its
 * full-width fold. */
struct yj_vinput {
    char own[YJ_VNORM_MAX];
    char fw[256];
};
/* The value to check: v copied out of r when it lives there (re-validating
 * r->norm), full-width forms (Ｕ+FF01..FF5E, U+3000) folded to ASCII. */
const char *yj_v_input(const char *v, const struct yj_vresult *r, struct yj_vinput *in);
/* yj_v_input(), then the result started on it (see yj_vres_init). */
const char *yj_v_begin(const char *v, struct yj_vresult *r, struct yj_vinput *in);

#endif
