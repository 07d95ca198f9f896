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

/* Civil date -> days since 1970-01-01 (H. Hinnant's algorithm). */
static long
days_from_civil(long y, long m, long d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* Is y a leap year? */
static bool
leap(long y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Parse 8 digits y,m,d from a YYYYMMDD or YYYY-MM-DD string into days; LONG_MIN if invalid. */
static long
parse_date(const char *s)
{
    char d8[9];
    size_t len = strlen(s);
    if (len == 10 && s[4] == '-' && s[7] == '-') {
        memcpy(d8, s, 4);
        memcpy(d8 + 4, s + 5, 2);
        memcpy(d8 + 6, s + 8, 2);
    } else if (len == 8) {
        memcpy(d8, s, 8);
    } else {
        return LONG_MIN;
    }
    d8[8] = '\0';
    for (size_t i = 0; i < 8; i++)
        if (!isdigit((unsigned char)d8[i]))
            return LONG_MIN;
    long v = strtol(d8, NULL, 10);
    long y = v / 10000, m = v / 100 % 100, d = v % 100;
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || m < 1 || m > 12 || d < 1)
        return LONG_MIN;
    if (d > mdays[m - 1] + (m == 2 && leap(y)))
        return LONG_MIN;
    return days_from_civil(y, m, d);
}

long
yj_ymd_to_days(const char *ymd)
{
    if (ymd == NULL || strlen(ymd) != 10)
        return LONG_MIN;
    return parse_date(ymd);
}

void
yj_days_to_ymd(long z, char out[11])
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp + (mp < 10 ? 3 : -9);
    y += m <= 2;
    unsigned yy = (unsigned)((y % 10000 + 10000) % 10000), mm = (unsigned)m % 13u,
             dd = (unsigned)d % 32u;
    snprintf(out, 11, "%04u-%02u-%02u", yy, mm, dd);
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

/* qsort comparator for longs. */
static int
cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

int
yj_holidays_load(struct yj_holidays *h, const char *path, char *err, size_t errsz)
{
    memset(h, 0, sizeof *h);
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        if (errno == ENOENT)
            return 0;
        snprintf(err, errsz, "%s: %s", path, strerror(errno));
        return -1;
    }
    char line[256];
    int lineno = 0, rc = 0;
    while (fgets(line, sizeof line, f) != NULL) {
        lineno++;
        char *hash = strchr(line, '#');
        if (hash != NULL)
            *hash = '\0';
        char date[32] = "", kind[32] = "";
        int k = sscanf(line, "%31s %31s", date, kind);
        if (k <= 0)
            continue;
        long d = yj_ymd_to_days(date);
        if (d == LONG_MIN || (k == 2 && strcmp(kind, "work") != 0)) {
            snprintf(err, errsz, "%s:%d: expected 'YYYY-MM-DD' or 'YYYY-MM-DD work'", path, lineno);
            rc = -1;
            break;
        }
        if (k == 2) {
            h->work = xreallocarray(h->work, h->nwork + 1, sizeof *h->work);
            h->work[h->nwork++] = d;
        } else {
            h->off = xreallocarray(h->off, h->noff + 1, sizeof *h->off);
            h->off[h->noff++] = d;
        }
    }
    fclose(f);
    if (rc != 0) {
        yj_holidays_free(h);
        return rc;
    }
    if (h->noff)
        qsort(h->off, h->noff, sizeof *h->off, cmp_long);
    if (h->nwork)
        qsort(h->work, h->nwork, sizeof *h->work, cmp_long);
    return 0;
}

void
yj_holidays_free(struct yj_holidays *h)
{
    if (h == NULL)
        return;
    yj_free(&h->off);
    yj_free(&h->work);
    h->noff = h->nwork = 0;
}

/* Is d in the sorted array v? */
static bool
has_day(const long *v, size_t n, long d)
{
    return n > 0 && bsearch(&d, v, n, sizeof *v, cmp_long) != NULL;
}

bool
yj_workday(long days, const struct yj_holidays *h)
{
    /* 1970-01-01 was a Thursday: weekday 0 = Monday. */
    long wd = ((days % 7) + 7 + 3) % 7;
    bool weekend = wd >= 5;
    if (h != NULL) {
        if (weekend)
            return has_day(h->work, h->nwork, days);
        return !has_day(h->off, h->noff, days);
    }
    return !weekend;
}

int
yj_workdays_add(const char *ymd, int n, const struct yj_holidays *h, char out[11])
{
    long d = yj_ymd_to_days(ymd);
    if (d == LONG_MIN || n < 0)
        return -1;
    while (n > 0) {
        d++;
        if (yj_workday(d, h))
            n--;
    }
    yj_days_to_ymd(d, out);
    return 0;
}
