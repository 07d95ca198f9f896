/* test_ui_layout.c: pure layout helpers — wrapping by columns, scrolling,
 * the big font, QR half blocks, idle timing, exit sequence, dates. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/utf8.h"
#include "ui/layout.h"

/* CJK wraps between any characters, Latin at spaces, never over the width. */
static void
test_wrap(void **state)
{
    (void)state;
    struct yj_line l[16];
    const char *s = "请准备好父母双方的居民身份证";
    size_t n = yj_lay_wrap(s, 9, l, 16);
    assert_int_equal(n, 4); /* 14 chars x 2 cols, 4 per line */
    for (size_t i = 0; i < n; i++)
        assert_true(l[i].cols <= 9);
    assert_int_equal(l[0].len, 12);
    const char *e = "take the birth certificate";
    n = yj_lay_wrap(e, 12, l, 16);
    assert_int_equal(n, 3);
    assert_int_equal(l[0].len, 8); /* "take the" */
    assert_memory_equal(e + l[2].off, "certificate", 10);
    n = yj_lay_wrap("“甲”·①\n乙", 4, l, 16);
    assert_int_equal(n, 3);
    assert_int_equal(l[0].cols, 4); /* “甲” = 1+2+1 */
}

/* The focused block is kept in view. */
static void
test_scroll(void **state)
{
    (void)state;
    int h[5] = {4, 4, 4, 4, 4}, y[5], top = 0;
    yj_lay_scroll(h, 5, 4, 10, &top, y);
    assert_int_equal(top, 10);
    assert_int_equal(y[4], 6);
    yj_lay_scroll(h, 5, 0, 10, &top, y);
    assert_int_equal(top, 0);
    assert_int_equal(y[0], 0);
}

/* Big digits in three rows; QR rows of half blocks with a quiet zone. */
static void
test_big_qr(void **state)
{
    (void)state;
    char rows[3][512];
    int w = yj_lay_bigtext("10", rows, sizeof rows[0]);
    assert_int_equal(w, 7);
    assert_string_equal(rows[0], "▄█  █▀█");
    assert_int_equal(yj_str_width(rows[1]), 7);
    assert_int_equal(yj_lay_bigtext("1~", rows, sizeof rows[0]), -1);
    char wide[64];
    yj_lay_fullwidth("31-A", wide, sizeof wide);
    assert_string_equal(wide, "３１－Ａ");
    assert_int_equal(yj_str_width(wide), 8);
}

static int qr_rows;
static char qr_first[256];

/* Collect QR rows. */
static void
qr_emit(const char *line, void *ctx)
{
    (void)ctx;
    if (qr_rows++ == 1)
        snprintf(qr_first, sizeof qr_first, "%s", line);
    assert_int_equal(yj_str_width(line), 3 + 2);
}

static void
test_qr(void **state)
{
    (void)state;
    const unsigned char m[9] = {1, 0, 1, 0, 1, 0, 1, 1, 1};
    qr_rows = 0;
    assert_int_equal(yj_lay_qr(m, 3, 1, qr_emit, NULL), 3);
    assert_int_equal(qr_rows, 3);
    /* screen row 1 = module rows 1 and 2: (0,1,0) over (1,1,1) */
    assert_string_equal(qr_first, " ▄█▄ ");
}

/* Idle: warn in the last seconds, then expire; the exit sequence matches. */
static void
test_idle_seq(void **state)
{
    (void)state;
    long left;
    assert_int_equal(yj_idle_warn_secs(120), 30);
    assert_int_equal(yj_idle_state(120, 10, &left), YJ_IDLE_ACTIVE);
    assert_int_equal(yj_idle_state(120, 95, &left), YJ_IDLE_WARN);
    assert_int_equal(left, 25);
    assert_int_equal(yj_idle_state(120, 120, &left), YJ_IDLE_EXPIRED);
    assert_int_equal(yj_idle_state(3, 2, &left), YJ_IDLE_WARN);
    assert_int_equal(yj_idle_state(0, 9999, &left), YJ_IDLE_ACTIVE);
    char buf[16] = "";
    const char *seq = "#退出#";
    bool hit = false;
    const char *typed = "abc#退出#";
    for (size_t i = 0; typed[i];) {
        uint32_t cp;
        size_t l = yj_utf8_decode(typed + i, strlen(typed + i), &cp);
        hit = yj_seq_feed(buf, sizeof buf, seq, cp);
        i += l;
    }
    assert_true(hit);
    assert_false(yj_seq_feed(buf, sizeof buf, seq, 'x'));
    assert_false(yj_seq_feed(buf, sizeof buf, NULL, 'x'));
}

/* Dates as people type them. */
static void
test_date(void **state)
{
    (void)state;
    char out[64];
    yj_lay_date_norm("20261123", out, sizeof out);
    assert_string_equal(out, "2026-11-23");
    yj_lay_date_norm("2026.1.5", out, sizeof out);
    assert_string_equal(out, "2026-01-05");
    yj_lay_date_norm("2026年11月3日", out, sizeof out);
    assert_string_equal(out, "2026-11-03");
    yj_lay_date_norm("26-11-23", out, sizeof out);
    assert_string_equal(out, "26-11-23");
    yj_lay_date_norm("明天", out, sizeof out);
    assert_string_equal(out, "明天");
}

int
main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wrap), cmocka_unit_test(test_scroll),   cmocka_unit_test(test_big_qr),
        cmocka_unit_test(test_qr),   cmocka_unit_test(test_idle_seq), cmocka_unit_test(test_date),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
