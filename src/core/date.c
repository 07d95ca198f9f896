/* date.c: the one calendar (see date.h). */
#include "core/date.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

bool
yj_leap_year(long y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
yj_month_days(long y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    return m == 2 && yj_leap_year(y) ? 29 : d[m - 1];
}

/* Are the n characters at s all ASCII digits? */
static bool
digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

bool
yj_date_parse(const char *s, int *y, int *m, int *d)
{
    if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 4) ||
        !digits(s + 5, 2) || !digits(s + 8, 2))
        return false;
    *y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    *m = (s[5] - '0') * 10 + (s[6] - '0');
    *d = (s[8] - '0') * 10 + (s[9] - '0');
    return *y >= 1 && *m >= 1 && *m <= 12 && *d >= 1 && *d <= yj_month_days(*y, *m);
}

long
yj_days_from_civil(long y, long m, long d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void
yj_civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long yy = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yy + (*m <= 2));
}

/* Is ymd a real YYYY-MM-DD date? */
bool
yj_date_valid(const char *ymd)
{
    int y, m, d;
    return yj_date_parse(ymd, &y, &m, &d);
}

/* Date plus years and months (day clamped to the month end), then days. */
void
yj_date_add(const char *ymd, int years, int months, int days, char out[11])
{
    int y, m, d;
    out[0] = '\0';
    if (!yj_date_parse(ymd, &y, &m, &d))
        return;
    long total = (long)y * 12 + (m - 1) + (long)years * 12 + months;
    if (total < 12 || total > 9999L * 12 + 11)
        return;
    y = (int)(total / 12);
    m = (int)(total % 12) + 1;
    if (d > yj_month_days(y, m))
        d = yj_month_days(y, m); /* 2024-02-29 + 1y = 2025-02-28 */
    long z = yj_days_from_civil(y, m, d) + days;
    yj_civil_from_days(z, &y, &m, &d);
    if (y < 1 || y > 9999)
        return;
    /* A roomy buffer: the compiler cannot see that m and d are small. */
    char tmp[40];
    snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, m, d);
    snprintf(out, 11, "%.10s", tmp);
}

/* Days from a to b; 0 when either is not a date. */
long
yj_date_diff_days(const char *a, const char *b)
{
    int ya, ma, da, yb, mb, db;
    if (!yj_date_parse(a, &ya, &ma, &da) || !yj_date_parse(b, &yb, &mb, &db))
        return 0;
    return yj_days_from_civil(yb, mb, db) - yj_days_from_civil(ya, ma, da);
}

/* Resolve a date bound ("2024-01-01", "today", "today-1y") to YYYY-MM-DD. */
int
yj_date_resolve(const char *spec, char out[11])
{
    out[0] = '\0';
    if (spec == NULL)
        return -1;
    if (yj_date_valid(spec)) {
        memcpy(out, spec, 11);
        return 0;
    }
    if (strncmp(spec, "today", 5) != 0)
        return -1;
    char today[11];
    yj_today(today);
    const char *p = spec + 5;
    if (*p == '\0') {
        memcpy(out, today, 11);
        return yj_date_valid(out) ? 0 : -1;
    }
    if ((*p != '+' && *p != '-') || !digits(p + 1, 1))
        return -1;
    char *end;
    long n = strtol(p + 1, &end, 10);
    if (n > 100000 || end[0] == '\0' || end[1] != '\0')
        return -1;
    int k = (int)(*p == '-' ? -n : n);
    switch (*end) {
    case 'y':
        yj_date_add(today, k, 0, 0, out);
        break;
    case 'm':
        yj_date_add(today, 0, k, 0, out);
        break;
    case 'd':
        yj_date_add(today, 0, 0, k, out);
        break;
    default:
        return -1;
    }
    return out[0] ? 0 : -1;
}

long
yj_ymd_to_days(const char *ymd)
{
    int y, m, d;
    if (!yj_date_parse(ymd, &y, &m, &d) || y < 1900)
        return LONG_MIN;
    return yj_days_from_civil(y, m, d);
}

void
yj_days_to_ymd(long z, char out[11])
{
    int y, m, d;
    yj_civil_from_days(z, &y, &m, &d);
    unsigned yy = (unsigned)((y % 10000 + 10000) % 10000), mm = (unsigned)m % 13u,
             dd = (unsigned)d % 32u;
    snprintf(out, 11, "%04u-%02u-%02u", yy, mm, dd);
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
