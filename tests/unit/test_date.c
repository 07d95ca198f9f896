/* test_date.c: the one calendar (core/date.c). */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/date.h"

/* Leap years and month lengths, Gregorian rules. */
static void
test_leap(void **state)
{
    (void)state;
    assert_true(yj_leap_year(2024));
    assert_true(yj_leap_year(2000));
    assert_false(yj_leap_year(1900));
    assert_false(yj_leap_year(2026));
    assert_int_equal(yj_month_days(2024, 2), 29);
    assert_int_equal(yj_month_days(2100, 2), 28);
    assert_int_equal(yj_month_days(2026, 4), 30);
    assert_int_equal(yj_month_days(2026, 13), 0);
    assert_int_equal(yj_month_days(2026, 0), 0);
}

/* Only exact, real YYYY-MM-DD dates parse. */
static void
test_parse(void **state)
{
    (void)state;
    int y, m, d;
    assert_true(yj_date_parse("2024-02-29", &y, &m, &d));
    assert_int_equal(y, 2024);
    assert_int_equal(m, 2);
    assert_int_equal(d, 29);
    assert_false(yj_date_parse("2023-02-29", &y, &m, &d));
    assert_false(yj_date_parse("1900-02-29", &y, &m, &d));
    assert_true(yj_date_parse("2000-02-29", &y, &m, &d));
    assert_false(yj_date_parse("2026-11-31", &y, &m, &d));
    assert_false(yj_date_parse("2026-1-01", &y, &m, &d));
    assert_false(yj_date_parse("20261101", &y, &m, &d));
    assert_false(yj_date_parse("2026-11-0a", &y, &m, &d));
    assert_false(yj_date_parse("0000-01-01", &y, &m, &d));
    assert_false(yj_date_parse(NULL, &y, &m, &d));
    assert_true(yj_date_valid("1941-03-15"));
    assert_false(yj_date_valid("1999-02-29"));
}

/* Days since 1970 both ways, over leap days and century years. */
static void
test_days(void **state)
{
    (void)state;
    char out[11];
    assert_int_equal(yj_days_from_civil(1970, 1, 1), 0);
    assert_int_equal(yj_days_from_civil(2000, 3, 1), 11017);
    assert_int_equal(yj_days_from_civil(1969, 12, 31), -1);
    assert_int_equal(yj_ymd_to_days("2026-11-23"), 20780);
    assert_int_equal(yj_ymd_to_days("1899-12-31"), LONG_MIN);
    assert_int_equal(yj_ymd_to_days("2026-02-29"), LONG_MIN);
    for (long z = -40000; z < 60000; z += 97) {
        int y, m, d;
        yj_civil_from_days(z, &y, &m, &d);
        assert_int_equal(yj_days_from_civil(y, m, d), z);
    }
    yj_days_to_ymd(yj_ymd_to_days("2024-02-29") + 1, out);
    assert_string_equal(out, "2024-03-01");
    assert_int_equal(yj_date_diff_days("2024-02-28", "2024-03-01"), 2);
    assert_int_equal(yj_date_diff_days("2023-02-28", "2023-03-01"), 1);
    assert_int_equal(yj_date_diff_days("x", "2023-03-01"), 0);
}

/* Adding years and months clamps to the month end; bounds resolve from today. */
static void
test_add_resolve(void **state)
{
    (void)state;
    char out[11];
    yj_date_add("2024-02-29", 1, 0, 0, out);
    assert_string_equal(out, "2025-02-28");
    yj_date_add("2026-01-31", 0, 1, 0, out);
    assert_string_equal(out, "2026-02-28");
    yj_date_add("2026-12-31", 0, 0, 1, out);
    assert_string_equal(out, "2027-01-01");
    yj_date_add("bad", 0, 0, 1, out);
    assert_string_equal(out, "");
    setenv("YJ_TODAY", "2026-11-23", 1);
    assert_int_equal(yj_date_resolve("today-1y", out), 0);
    assert_string_equal(out, "2025-11-23");
    assert_int_equal(yj_date_resolve("today+30d", out), 0);
    assert_string_equal(out, "2026-12-23");
    assert_int_equal(yj_date_resolve("2020-02-29", out), 0);
    assert_int_equal(yj_date_resolve("today+1w", out), -1);
}

/* Working days skip weekends and holidays and count make-up days. */
static void
test_workdays(void **state)
{
    (void)state;
    char out[11];
    char path[] = "/tmp/yj_date_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("# test\n2026-10-01\n2026-10-02\n2026-10-11 work\n", f);
    fclose(f);
    struct yj_holidays h;
    char err[256];
    assert_int_equal(yj_holidays_load(&h, path, err, sizeof err), 0);
    /* Wed 2026-09-30 + 1 working day: Thu/Fri off, weekend -> Mon 10-05. */
    assert_int_equal(yj_workdays_add("2026-09-30", 1, &h, out), 0);
    assert_string_equal(out, "2026-10-05");
    /* Sat 2026-10-10 + 1: Sunday 10-11 is a make-up working day. */
    assert_int_equal(yj_workdays_add("2026-10-10", 1, &h, out), 0);
    assert_string_equal(out, "2026-10-11");
    assert_int_equal(yj_workdays_add("2026-10-10", 1, NULL, out), 0);
    assert_string_equal(out, "2026-10-12");
    assert_int_equal(yj_workdays_add("2026-02-30", 1, NULL, out), -1);
    yj_holidays_free(&h);
    f = fopen(path, "w");
    fputs("2026-10-01 holiday\n", f);
    fclose(f);
    assert_int_equal(yj_holidays_load(&h, path, err, sizeof err), -1);
    assert_non_null(strstr(err, ":1:"));
    unlink(path);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_leap),     cmocka_unit_test(test_parse),
        cmocka_unit_test(test_days),     cmocka_unit_test(test_add_resolve),
        cmocka_unit_test(test_workdays),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
