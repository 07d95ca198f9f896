/* date.h: the one calendar — proleptic Gregorian dates as YYYY-MM-DD, days since
 * 1970-01-01, leap years, date bounds and working days (with public holidays and
 * make-up working days, 调休). Used by case numbers, due dates, validation,
 * statistics and retirement ages; no other file counts days.
 */
#ifndef YJ_DATE_H
#define YJ_DATE_H

#include <stdbool.h>
#include <stddef.h>

/* Is y a leap year (Gregorian)? */
bool yj_leap_year(long y);
/* Days in month m (1-12) of year y; 0 for a month out of range. */
int yj_month_days(long y, int m);
/* Exactly "YYYY-MM-DD", a real date of year 1 or later, into y/m/d. */
bool yj_date_parse(const char *ymd, int *y, int *m, int *d);
/* Days since 1970-01-01 of a civil date, and back (H. Hinnant's algorithms). */
long yj_days_from_civil(long y, long m, long d);
void yj_civil_from_days(long days, int *y, int *m, int *d);

/* Is YYYY-MM-DD a real calendar date? */
bool yj_date_valid(const char *ymd);
/* Add years/months/days to a date (clamping Feb 29); out gets YYYY-MM-DD. */
void yj_date_add(const char *ymd, int years, int months, int days, char out[11]);
/* Whole days from a to b (b - a). */
long yj_date_diff_days(const char *a, const char *b); /* 0 if either is not a date */
/* A date bound as YYYY-MM-DD: a date, "today", or "today" shifted by
 * +/-N followed by y, m or d ("today-1y", "today+30d"). Returns 0, or -1 (out "")
 * when spec is none of these. Used for date_min/date_max. */
int yj_date_resolve(const char *spec, char out[11]);

/* Days since 1970-01-01 for a valid YYYY-MM-DD of 1900 or later, or LONG_MIN;
 * and back. */
long yj_ymd_to_days(const char *ymd);
void yj_days_to_ymd(long days, char out[11]);

/* Public holidays and make-up working days (调休). Dates as days since
 * 1970-01-01, sorted. */
struct yj_holidays {
    long *off; /* weekdays that are not worked */
    size_t noff;
    long *work; /* Saturdays/Sundays that are worked */
    size_t nwork;
};

/* Load a holidays file: one date per line, "YYYY-MM-DD" (day off) or
 * "YYYY-MM-DD work" (a weekend day that is worked); '#' comments. A missing
 * file is not an error (no holidays). Returns 0, or -1 with a message. */
int yj_holidays_load(struct yj_holidays *h, const char *path, char *err, size_t errsz);
void yj_holidays_free(struct yj_holidays *h);
/* Is that day worked (Mon-Fri unless a holiday, or a listed make-up day)? h may be NULL. */
bool yj_workday(long days, const struct yj_holidays *h);
/* The date n working days after ymd (n = 0: ymd itself). Returns 0, or -1 for a bad date. */
int yj_workdays_add(const char *ymd, int n, const struct yj_holidays *h, char out[11]);

#endif
