/* test_retire.c: statutory retirement dates with the gradual rise from 2025. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/retire.h"

static void
check(const char *birth, enum yj_retire_kind k, const char *want, int want_delay)
{
    char out[11];
    int delay = -1;
    assert_int_equal(yj_retirement_date(birth, k, out, &delay), 0);
    assert_string_equal(out, want);
    assert_int_equal(delay, want_delay);
}

/* Rows of the official table (2024 decision, annex). */
static void
test_men(void **state)
{
    (void)state;
    check("1964-12-15", YJ_RETIRE_MALE, "2024-12-15", 0); /* before the rise */
    check("1965-01-01", YJ_RETIRE_MALE, "2025-02-01", 1); /* 60y1m */
    check("1965-04-30", YJ_RETIRE_MALE, "2025-05-30", 1);
    check("1965-05-01", YJ_RETIRE_MALE, "2025-07-01", 2);  /* 60y2m */
    check("1970-01-10", YJ_RETIRE_MALE, "2031-05-10", 16); /* 61y4m */
    check("1976-08-01", YJ_RETIRE_MALE, "2039-07-01", 35); /* 62y11m */
    check("1976-09-01", YJ_RETIRE_MALE, "2039-09-01", 36); /* 63y cap */
    check("1990-01-01", YJ_RETIRE_MALE, "2053-01-01", 36);
}

static void
test_women(void **state)
{
    (void)state;
    check("1969-12-01", YJ_RETIRE_FEMALE55, "2024-12-01", 0);
    check("1970-01-01", YJ_RETIRE_FEMALE55, "2025-02-01", 1);
    check("1981-09-01", YJ_RETIRE_FEMALE55, "2039-09-01", 36); /* 58y */
    check("1974-12-01", YJ_RETIRE_FEMALE50, "2024-12-01", 0);
    check("1975-01-01", YJ_RETIRE_FEMALE50, "2025-02-01", 1);
    check("1975-03-01", YJ_RETIRE_FEMALE50, "2025-05-01", 2);  /* every 2 months */
    check("1984-11-01", YJ_RETIRE_FEMALE50, "2039-11-01", 60); /* 55y cap */
}

static void
test_bad_input(void **state)
{
    (void)state;
    char out[11];
    assert_int_equal(yj_retirement_date("1965-02-30", YJ_RETIRE_MALE, out, NULL), -1);
    assert_int_equal(yj_retirement_date(NULL, YJ_RETIRE_MALE, out, NULL), -1);
    assert_int_equal(yj_retire_kind_parse("F55"), YJ_RETIRE_FEMALE55);
    assert_int_equal(yj_retire_kind_parse("X"), -1);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_men),
        cmocka_unit_test(test_women),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
