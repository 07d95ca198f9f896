/* caseno.h: case numbers (办件编号) and working-day due dates. Pure logic, no I/O
 * except yj_holidays_load.
 *
 * A case number is made without any network and read aloud at the counter:
 *   centre code (6 digits) + terminal id (3 of [A-Z0-9]) + local date YYYYMMDD
 *   + daily sequence (4 digits, 0001-9999) + check character,
 * written with hyphens for reading: "310104-K01-20261123-0007-M". The check
 * character is a Damm-type check over the 36 characters 0-9A-Z (a totally
 * anti-symmetric quasigroup of order 36, see docs/STORE.md) computed over the 21
 * characters before it, so any single mistyped character and any swap of two
 * adjacent characters (the check character included) is caught; ISO 7064 MOD
 * 37,36 was measured to miss 0.16% of adjacent swaps, hence not used. Input is
 * accepted with or without hyphens/spaces, in any case.
 */
#ifndef YJ_CASENO_H
#define YJ_CASENO_H

#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"

#define YJ_CASENO_COMPACT_LEN 22 /* without hyphens */
#define YJ_CASENO_SIZE 27        /* hyphenated form + NUL */
#define YJ_CASENO_SEQ_MAX 9999

enum yj_caseno_status {
    YJ_CASENO_OK = 0,
    YJ_CASENO_BAD_FORMAT = -1, /* wrong length, characters or date */
    YJ_CASENO_BAD_CHECK = -2,  /* well formed, but the check character does not match */
};

struct yj_caseno {
    char centre[7];
    char terminal[4];
    char date[9]; /* YYYYMMDD */
    int seq;
    char check;
};

/* Is s a 6-digit centre code / a 3-character terminal id of [A-Z0-9]? */
bool yj_centre_code_valid(const char *s);
bool yj_terminal_id_valid(const char *s);

/* The check character ('0'-'9', 'A'-'Z') over n characters of
 * [0-9A-Z] (lower case accepted); 0 if a character is outside that set. */
char yj_caseno_check_char(const char *s, size_t n);

/* Make the hyphenated number. date is YYYY-MM-DD or YYYYMMDD. Returns 0, or -1
 * when a part is invalid (centre, terminal, date, seq outside 1..9999). */
int yj_caseno_format(const char *centre, const char *terminal, const char *date, int seq,
                     char out[YJ_CASENO_SIZE]);

/* Parse what a person typed. On YJ_CASENO_OK fills *out (may be NULL) and the
 * canonical hyphenated form in canon (may be NULL). */
enum yj_caseno_status yj_caseno_parse(const char *in, struct yj_caseno *out,
                                      char canon[YJ_CASENO_SIZE]);
bool yj_caseno_verify(const char *in);

/* Days, holidays and working days: core/date.h. */

#endif
