/* test_caseno.c: case numbers, check character, working days. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/caseno.h"

/* Known value: the format, the hyphens and the ISO 7064 check computed by hand. */
static void
test_format(void **state)
{
    (void)state;
    char no[YJ_CASENO_SIZE];
    assert_int_equal(yj_caseno_format("310104", "K01", "2026-11-23", 7, no), 0);
    assert_int_equal(strlen(no), 26);
    assert_memory_equal(no, "310104-K01-20261123-0007-", 25);
    char c = yj_caseno_check_char("310104K01202611230007", 21);
    assert_int_equal(no[25], c);
    assert_true(yj_caseno_verify(no));
    /* same with a compact date */
    char no2[YJ_CASENO_SIZE];
    assert_int_equal(yj_caseno_format("310104", "K01", "20261123", 7, no2), 0);
    assert_string_equal(no, no2);
    /* invalid parts */
    assert_int_equal(yj_caseno_format("31010", "K01", "2026-11-23", 7, no), -1);
    assert_int_equal(yj_caseno_format("310104", "k01", "2026-11-23", 7, no), -1);
    assert_int_equal(yj_caseno_format("310104", "K01", "2026-02-30", 7, no), -1);
    assert_int_equal(yj_caseno_format("310104", "K01", "2026-11-23", 0, no), -1);
    assert_int_equal(yj_caseno_format("310104", "K01", "2026-11-23", 10000, no), -1);
}

/* Reference values worked by hand: "0" -> r = 0, c = 0; "1" -> r = 1 = (0, w^0)
 * so c must satisfy w*1 + c.g = 0 -> c.g = w = 2, c.z = 0 -> '2'. */
static void
test_check_reference(void **state)
{
    (void)state;
    assert_int_equal(yj_caseno_check_char("0", 1), '0');
    assert_int_equal(yj_caseno_check_char("1", 1), '2');
    /* "4" = (g 0, z 1): c.z = -2 mod 9 = 7, c.g = 0 -> 28 = 'S' */
    assert_int_equal(yj_caseno_check_char("4", 1), 'S');
    assert_int_equal(yj_caseno_check_char("A", 1), yj_caseno_check_char("a", 1));
    assert_int_equal(yj_caseno_check_char("A-", 2), 0);
}

/* Typed back: without hyphens, lower case, spaces. */
static void
test_parse_forms(void **state)
{
    (void)state;
    char no[YJ_CASENO_SIZE], canon[YJ_CASENO_SIZE], low[64];
    assert_int_equal(yj_caseno_format("310000", "C02", "2026-01-05", 123, no), 0);
    size_t j = 0;
    for (size_t i = 0; no[i]; i++)
        if (no[i] != '-')
            low[j++] = (char)((no[i] >= 'A' && no[i] <= 'Z') ? no[i] + 32 : no[i]);
    low[j] = '\0';
    struct yj_caseno v;
    assert_int_equal(yj_caseno_parse(low, &v, canon), YJ_CASENO_OK);
    assert_string_equal(canon, no);
    assert_string_equal(v.centre, "310000");
    assert_string_equal(v.terminal, "C02");
    assert_string_equal(v.date, "20260105");
    assert_int_equal(v.seq, 123);
    char spaced[40];
    snprintf(spaced, sizeof spaced, "310000 c02 20260105 0123 %c", no[25] | 0x20);
    assert_int_equal(yj_caseno_parse(spaced, NULL, NULL), YJ_CASENO_OK);
    assert_int_equal(yj_caseno_parse("", NULL, NULL), YJ_CASENO_BAD_FORMAT);
    assert_int_equal(yj_caseno_parse("310000-C02-20260105-0123", NULL, NULL), YJ_CASENO_BAD_FORMAT);
    assert_int_equal(yj_caseno_parse("310000-C02-20260105-0123-AA", NULL, NULL),
                     YJ_CASENO_BAD_FORMAT);
    assert_int_equal(yj_caseno_parse("31000é-C02-20260105-0123-A", NULL, NULL),
                     YJ_CASENO_BAD_FORMAT);
    /* a right check over an impossible date is a format error */
    char bad[32] = "310000C02202602300001";
    char c = yj_caseno_check_char(bad, 21);
    bad[21] = c;
    bad[22] = '\0';
    assert_int_equal(yj_caseno_parse(bad, NULL, NULL), YJ_CASENO_BAD_FORMAT);
}

static const char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/* Every single-character error and every adjacent transposition, over many
 * numbers, is caught. */
static void
test_errors_caught(void **state)
{
    (void)state;
    srand(7);
    int numbers = 0;
    long tried = 0;
    for (int k = 0; k < 400; k++) {
        char centre[16], term[4], no[YJ_CASENO_SIZE], date[32];
        snprintf(centre, sizeof centre, "%06d", rand() % 1000000);
        for (int i = 0; i < 3; i++)
            term[i] = alphabet[rand() % 36];
        term[3] = '\0';
        snprintf(date, sizeof date, "20%02d-%02d-%02d", 20 + rand() % 30, 1 + rand() % 12,
                 1 + rand() % 28);
        assert_int_equal(yj_caseno_format(centre, term, date, 1 + rand() % 9999, no), 0);
        numbers++;
        char compact[23];
        size_t j = 0;
        for (size_t i = 0; no[i]; i++)
            if (no[i] != '-')
                compact[j++] = no[i];
        compact[j] = '\0';
        assert_int_equal(j, 22);
        for (size_t pos = 0; pos < 22; pos++) {
            for (size_t a = 0; a < 36; a++) {
                if (alphabet[a] == compact[pos])
                    continue;
                char t[23];
                memcpy(t, compact, 23);
                t[pos] = alphabet[a];
                tried++;
                assert_int_not_equal(yj_caseno_parse(t, NULL, NULL), YJ_CASENO_OK);
            }
            if (pos + 1 < 22 && compact[pos] != compact[pos + 1]) {
                char t[23];
                memcpy(t, compact, 23);
                t[pos] = compact[pos + 1];
                t[pos + 1] = compact[pos];
                tried++;
                assert_int_not_equal(yj_caseno_parse(t, NULL, NULL), YJ_CASENO_OK);
            }
        }
    }
    assert_int_equal(numbers, 400);
    assert_true(tried > 300000);
}

/* Dates and working days. */
static void
test_workdays(void **state)
{
    (void)state;
    char out[11];
    assert_int_equal(yj_ymd_to_days("1970-01-01"), 0);
    assert_int_equal(yj_ymd_to_days("2000-03-01"), 11017);
    assert_int_equal(yj_ymd_to_days("2026-02-29"), LONG_MIN);
    yj_days_to_ymd(yj_ymd_to_days("2024-02-29"), out);
    assert_string_equal(out, "2024-02-29");
    /* 2026-11-23 is a Monday */
    assert_true(yj_workday(yj_ymd_to_days("2026-11-23"), NULL));
    assert_false(yj_workday(yj_ymd_to_days("2026-11-28"), NULL));
    assert_int_equal(yj_workdays_add("2026-11-23", 0, NULL, out), 0);
    assert_string_equal(out, "2026-11-23");
    assert_int_equal(yj_workdays_add("2026-11-23", 5, NULL, out), 0);
    assert_string_equal(out, "2026-11-30");
    /* Friday + 1 working day = Monday */
    assert_int_equal(yj_workdays_add("2026-11-27", 1, NULL, out), 0);
    assert_string_equal(out, "2026-11-30");
    /* Saturday + 1 = Monday */
    assert_int_equal(yj_workdays_add("2026-11-28", 1, NULL, out), 0);
    assert_string_equal(out, "2026-11-30");
    assert_int_equal(yj_workdays_add("2026-13-01", 1, NULL, out), -1);
    /* 20 working days over a year end */
    assert_int_equal(yj_workdays_add("2026-12-21", 20, NULL, out), 0);
    assert_string_equal(out, "2027-01-18");
}

/* A holidays file with a National Day week and a make-up Sunday. */
static void
test_holidays(void **state)
{
    (void)state;
    char path[] = "/tmp/yj_holXXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("# National Day 2026\n2026-10-01\n2026-10-02\n2026-10-05\n2026-10-06\n"
          "2026-10-07\n2026-10-08\n2026-09-27 work  # Sunday worked\n\n",
          f);
    fclose(f);
    struct yj_holidays h;
    char err[256] = "", out[11];
    assert_int_equal(yj_holidays_load(&h, path, err, sizeof err), 0);
    assert_int_equal(h.noff, 6);
    assert_int_equal(h.nwork, 1);
    /* Fri 2026-09-25 + 1 = Sun 09-27 (worked) */
    assert_int_equal(yj_workdays_add("2026-09-25", 1, &h, out), 0);
    assert_string_equal(out, "2026-09-27");
    /* Wed 09-30 + 1 = Fri 10-09 */
    assert_int_equal(yj_workdays_add("2026-09-30", 1, &h, out), 0);
    assert_string_equal(out, "2026-10-09");
    yj_holidays_free(&h);
    f = fopen(path, "w");
    fputs("2026-10-01 off\n", f);
    fclose(f);
    assert_int_equal(yj_holidays_load(&h, path, err, sizeof err), -1);
    assert_non_null(strstr(err, ":1:"));
    unlink(path);
    assert_int_equal(yj_holidays_load(&h, path, err, sizeof err), 0);
    assert_int_equal(h.noff, 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format),      cmocka_unit_test(test_check_reference),
        cmocka_unit_test(test_parse_forms), cmocka_unit_test(test_errors_caught),
        cmocka_unit_test(test_workdays),    cmocka_unit_test(test_holidays),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
