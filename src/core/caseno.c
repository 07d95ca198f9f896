/* caseno.c: case numbers with a Damm-type check character over 0-9A-Z; working days. */
#include "core/caseno.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

/* Value of an alphanumeric character in the MOD 37,36 alphabet, or -1. */
static int
alnum_value(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'A' && ch <= 'Z')
        return ch - 'A' + 10;
    if (ch >= 'a' && ch <= 'z')
        return ch - 'a' + 10;
    return -1;
}

bool
yj_centre_code_valid(const char *s)
{
    if (s == NULL || strlen(s) != 6)
        return false;
    for (size_t i = 0; i < 6; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return true;
}

bool
yj_terminal_id_valid(const char *s)
{
    if (s == NULL || strlen(s) != 3)
        return false;
    for (size_t i = 0; i < 3; i++)
        if (!(isdigit((unsigned char)s[i]) || (s[i] >= 'A' && s[i] <= 'Z')))
            return false;
    return true;
}

/* One step of the check: x * y in the quasigroup GF(4) x Z9, written as the
 * affine map x * y = a.x + y with a = (w, 2), w a primitive element of GF(4).
 * A value v in 0..35 is the pair (v & 3 in GF(4) as a 2-bit polynomial, v >> 2
 * in Z9). Because a and a - 1 are units in both rings, the operation is a
 * totally anti-symmetric quasigroup (Damm): a single changed character and two
 * swapped neighbours always change the result. */
static int
damm_step(int x, int y)
{
    int xg = x & 3, xz = x >> 2;
    int b1 = (xg >> 1) & 1, b0 = xg & 1;
    int wg = ((b1 ^ b0) << 1) | b1; /* w * xg in GF(4) = GF(2)[w]/(w^2 + w + 1) */
    int g = wg ^ (y & 3);
    int z = (2 * xz + (y >> 2)) % 9;
    return (z << 2) | g;
}

char
yj_caseno_check_char(const char *s, size_t n)
{
    int r = 0;
    for (size_t i = 0; i < n; i++) {
        int a = alnum_value(s[i]);
        if (a < 0)
            return 0;
        r = damm_step(r, a);
    }
    /* The character c with r * c = 0. */
    int rg = r & 3, rz = r >> 2;
    int b1 = (rg >> 1) & 1, b0 = rg & 1;
    int cg = ((b1 ^ b0) << 1) | b1;
    int cz = (9 - (2 * rz) % 9) % 9;
    int c = (cz << 2) | cg;
    return (char)(c < 10 ? '0' + c : 'A' + c - 10);
}

/* Days since 1970 of a YYYYMMDD or YYYY-MM-DD date (year 1900 on), or LONG_MIN. */
static long
parse_date(const char *s)
{
    char ymd[11];
    if (strlen(s) == 8) {
        snprintf(ymd, sizeof ymd, "%.4s-%.2s-%.2s", s, s + 4, s + 6);
        s = ymd;
    }
    return yj_ymd_to_days(s);
}

int
yj_caseno_format(const char *centre, const char *terminal, const char *date, int seq,
                 char out[YJ_CASENO_SIZE])
{
    if (!yj_centre_code_valid(centre) || !yj_terminal_id_valid(terminal) || date == NULL ||
        parse_date(date) == LONG_MIN || seq < 1 || seq > YJ_CASENO_SEQ_MAX)
        return -1;
    char compact[YJ_CASENO_COMPACT_LEN + 1];
    char d8[9];
    if (strlen(date) == 10)
        snprintf(d8, sizeof d8, "%.4s%.2s%.2s", date, date + 5, date + 8);
    else
        snprintf(d8, sizeof d8, "%s", date);
    snprintf(compact, sizeof compact, "%s%s%s%04d", centre, terminal, d8, seq);
    char check = yj_caseno_check_char(compact, 21);
    snprintf(out, YJ_CASENO_SIZE, "%s-%s-%s-%04d-%c", centre, terminal, d8, seq, check);
    return 0;
}

enum yj_caseno_status
yj_caseno_parse(const char *in, struct yj_caseno *out, char canon[YJ_CASENO_SIZE])
{
    char c[YJ_CASENO_COMPACT_LEN + 1];
    size_t n = 0;
    if (in == NULL)
        return YJ_CASENO_BAD_FORMAT;
    for (const char *p = in; *p; p++) {
        if (*p == '-' || *p == ' ' || *p == '\t')
            continue;
        if (alnum_value(*p) < 0 || n == YJ_CASENO_COMPACT_LEN)
            return YJ_CASENO_BAD_FORMAT;
        c[n++] = (char)toupper((unsigned char)*p);
    }
    c[n] = '\0';
    if (n != YJ_CASENO_COMPACT_LEN)
        return YJ_CASENO_BAD_FORMAT;
    struct yj_caseno v;
    memcpy(v.centre, c, 6);
    v.centre[6] = '\0';
    memcpy(v.terminal, c + 6, 3);
    v.terminal[3] = '\0';
    memcpy(v.date, c + 9, 8);
    v.date[8] = '\0';
    char seq[5];
    memcpy(seq, c + 17, 4);
    seq[4] = '\0';
    v.check = c[21];
    /* The check comes first: a mistyped digit in the date must say "check". */
    if (yj_caseno_check_char(c, 21) != v.check)
        return YJ_CASENO_BAD_CHECK;
    if (!yj_centre_code_valid(v.centre) || !yj_terminal_id_valid(v.terminal) ||
        parse_date(v.date) == LONG_MIN)
        return YJ_CASENO_BAD_FORMAT;
    for (size_t i = 0; i < 4; i++)
        if (!isdigit((unsigned char)seq[i]))
            return YJ_CASENO_BAD_FORMAT;
    v.seq = atoi(seq);
    if (v.seq < 1)
        return YJ_CASENO_BAD_FORMAT;
    if (out != NULL)
        *out = v;
    if (canon != NULL)
        snprintf(canon, YJ_CASENO_SIZE, "%s-%s-%s-%s-%c", v.centre, v.terminal, v.date, seq,
                 v.check);
    return YJ_CASENO_OK;
}

bool
yj_caseno_verify(const char *in)
{
    return yj_caseno_parse(in, NULL, NULL) == YJ_CASENO_OK;
}
