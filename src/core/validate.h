/* validate.h: field validators that know Chinese documents.
 *
 * Every validator takes a UTF-8 value and fills a yj_vresult: OK, WARN (the value
 * may be right but the person must confirm it, e.g. a bank card failing Luhn) or
 * ERR, with a plain Chinese sentence (through gettext) saying what is wrong and
 * what is expected, a normalised value to store (upper-case X, dots unified), and
 * for identity documents what can be derived (gender, birth date).
 */
#ifndef YJ_VALIDATE_H
#define YJ_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"
#include "core/idmask.h"

enum yj_vstatus { YJ_V_OK = 0, YJ_V_ERR = 1, YJ_V_WARN = 3 };

/* Kind of identity document recognised by yj_validate_idcard. */
enum yj_iddoc {
    YJ_ID_NONE = 0,
    YJ_ID_RESIDENT18, /* 居民身份证 18 digits, GB 11643-1999 */
    YJ_ID_RESIDENT15, /* legacy 15 digits, GB 11643-1989 */
    YJ_ID_HKMT,       /* 港澳台居民居住证 (810000/820000/830000) */
    YJ_ID_FOREIGN_PR, /* 外国人永久居留身份证, 2023 (9...) or 2017 (3 letters + 12) */
};

#define YJ_VMSG_MAX 512
#define YJ_VNORM_MAX 1024

struct yj_vresult {
    enum yj_vstatus status;
    char msg[YJ_VMSG_MAX];   /* for WARN / ERR; empty when OK */
    char norm[YJ_VNORM_MAX]; /* the value to store (may differ from the input) */
    enum yj_iddoc doc;       /* idcard only */
    char gender[2];          /* idcard: "M", "F" or "" */
    char birth[11];          /* idcard: YYYY-MM-DD or "" */
    char region[7];          /* idcard: 6-digit address code or "" */
};

/* Options a form field may set on its validator. Zero-initialised = defaults. */
struct yj_vopts {
    bool allow_legacy15;      /* idcard: accept 15-digit numbers */
    bool resident_only;       /* idcard: only 居民身份证 (no permits) */
    bool standard_chars;      /* name: warn about characters outside 通用规范汉字表 */
    const char *date_min;     /* date: YYYY-MM-DD inclusive bound, or NULL */
    const char *date_max;     /* date: YYYY-MM-DD inclusive bound, or NULL */
    const char *date_min_msg; /* date: message when below date_min (NULL: generic) */
    const char *date_max_msg; /* date: message when above date_max (NULL: generic) */
    int max_chars;            /* text/name/address: maximum code points (0: type default) */
    int min_chars;            /* text/name: minimum code points */
    bool has_min, has_max;    /* number/money bounds */
    double min, max;
    const char *const *choices; /* select: allowed values, NULL-terminated */
    const char *unit; /* number: "g" or "kg"; a value may end in 斤, 克, 公斤, 千克, kg or g */
};

/* Dispatch by type name: "idcard", "phone" (mobile or landline), "mobile",
 * "landline", "postcode", "uscc", "bank_account", "name", "date", "text",
 * "address", "number", "money", "yesno", "select", "region".
 * Returns the status, or -1 (and an ERR result) for an unknown type name. */
int yj_validate(const char *type, const char *value, const struct yj_vopts *opts,
                struct yj_vresult *r);
bool yj_validate_known_type(const char *type);

/* Identity numbers. Spaces and hyphens are dropped, full-width characters folded
 * and x upper-cased in norm. 18 digits: region code known in data/regions.tsv
 * (abolished codes included) and never 71/81/82 (Taiwan, Hong Kong and Macau
 * residents hold no resident ID), real birth date from 1900-01-01 to today
 * (YJ_TODAY), MOD 11-2 check; 810000/820000/830000 + 12 digits are HK/Macau/Taiwan
 * permits; 9 + 17 is the 2023 foreigner's permanent residence ID (9, a mainland
 * province code, an ISO 3166-1 numeric nationality of data/nationalities.tsv, the
 * birth date, sequence, MOD 11-2), 3 letters + 12 digits the 2017 one (both refused
 * with resident_only). 15 digits only with allow_legacy15, stored upgraded to 18.
 * Mobile numbers outside the assigned blocks of data/phone_blocks.tsv are a
 * warning; a landline area code not listed there (0852, 0853, 026) is an error. */
enum yj_vstatus yj_validate_idcard(const char *v, const struct yj_vopts *o, struct yj_vresult *r);
enum yj_vstatus yj_validate_mobile(const char *v, struct yj_vresult *r);
enum yj_vstatus yj_validate_landline(const char *v, struct yj_vresult *r);
enum yj_vstatus yj_validate_phone(const char *v, struct yj_vresult *r);
enum yj_vstatus yj_validate_postcode(const char *v, struct yj_vresult *r);
enum yj_vstatus yj_validate_uscc(const char *v, struct yj_vresult *r);
enum yj_vstatus yj_validate_bank_account(const char *v, struct yj_vresult *r);

/* GB 11643 check character for the first 17 digits ('0'-'9' or 'X'). */
char yj_idcard_check_char(const char *first17);
/* GB 32100 check character for the first 17 characters, or 0 if a character is invalid. */
char yj_uscc_check_char(const char *first17);
bool yj_luhn_ok(const char *digits);

/* Dates (yj_date_valid, yj_date_add, yj_date_resolve ...): core/date.h. */

/* ID-number masking: core/idmask.h. */

#endif
