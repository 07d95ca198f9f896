/* test_ui_layout.c: pure layout helpers — wrapping by columns, scrolling,
 * the big font, QR half blocks, idle timing, exit sequence, dates. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/utf8.h"
#include "ui/ui_layout.h"

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
    /* 、 may not start a line: 三 goes down with it */
    s = "一二三、四";
    n = yj_lay_wrap(s, 6, l, 16);
    assert_int_equal(n, 2);
    assert_int_equal(l[0].len, 6); /* 一二 */
    assert_memory_equal(s + l[1].off, "三、四", strlen("三、四"));
    /* A run of closing marks "）、" goes down with the character before it. */
    s = "一二三），四";
    n = yj_lay_wrap(s, 6, l, 16);
    assert_int_equal(n, 3);
    assert_int_equal(l[0].cols, 4); /* 一二 */
    assert_int_equal(l[1].cols, 6);
    assert_memory_equal(s + l[1].off, "三），", strlen("三），"));
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

/* Do two rectangles (rows y0..y1, columns x0..x1, inclusive) meet? */
static bool
meet(int ay0, int ay1, int ax0, int ax1, int by0, int by1, int bx0, int bx1)
{
    return ay0 <= by1 && by0 <= ay1 && ax0 <= bx1 && bx0 <= ax1;
}

/* The confirmation screen: the code never meets the number, the text column,
 * the buttons, the note line or the footer, at 80x24, 100x30 and larger. */
static void
test_done_layout(void **state)
{
    (void)state;
    /* case number 310104-E2E-20261123-0001-1: block font 104 columns, band 56 */
    const int sizes[][2] = {{24, 80}, {30, 100}, {40, 120}, {24, 200}, {60, 200}};
    const int codes[] = {21, 25, 29, 57, 117};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        for (size_t k = 0; k < sizeof codes / sizeof codes[0]; k++) {
            int rows = sizes[i][0], cols = sizes[i][1], m = codes[k];
            struct yj_done_lay l;
            yj_lay_done(rows, cols, m, 104, 56, 28, &l);
            if (!l.qr)
                continue;
            int qx1 = l.qx + l.qcols - 1, qy1 = l.cap_y;
            assert_true(qx1 < cols && l.qx >= 2 + l.narrow + 2);
            assert_true(qy1 <= rows - 3); /* never the note line or the footer */
            /* the buttons (row rows-3, columns 4..28) */
            assert_false(meet(l.qy, qy1, l.qx, qx1, rows - 3, rows - 3, 4, 28));
            /* the number: rows 3-5, drawn narrow beside the code or wide above it */
            int nw = l.num == YJ_NUM_BLOCK ? 104 + 1 : l.num == YJ_NUM_BAND ? 56 : 0;
            if (nw > 0)
                assert_false(meet(l.qy, qy1, l.qx, qx1, 3, 5, 2, 2 + nw - 1));
            assert_true(l.below == l.cap_y + 1);
        }
    struct yj_done_lay l;
    /* 100x30, version 2: beside everything with the band */
    yj_lay_done(30, 100, 25, 104, 56, 28, &l);
    assert_true(l.qr);
    assert_int_equal(l.qy, 2);
    assert_int_equal(l.num, YJ_NUM_BAND);
    assert_int_equal(l.quiet, 2);
    /* 80x24: the band across the width, the code below it with a 1-module zone */
    yj_lay_done(24, 80, 25, 104, 56, 28, &l);
    assert_true(l.qr);
    assert_int_equal(l.qy, 7);
    assert_int_equal(l.num, YJ_NUM_BAND);
    assert_int_equal(l.quiet, 1);
    /* a receipt payload of 117 modules does not fit 100x30 */
    yj_lay_done(30, 100, 117, 104, 56, 28, &l);
    assert_false(l.qr);
    assert_int_equal(l.num, YJ_NUM_BAND);
}

/* Type-to-search: prefix first (ASCII without case), then anywhere. */
static void
test_find(void **state)
{
    (void)state;
    char *eth[] = {"汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族"};
    size_t n = sizeof eth / sizeof eth[0];
    assert_int_equal(yj_lay_find(eth, n, "回"), 2);
    assert_int_equal(yj_lay_find(eth, n, "维吾"), 4);
    assert_int_equal(yj_lay_find(eth, n, "吾尔"), 4); /* not at the start */
    assert_int_equal(yj_lay_find(eth, n, "族"), 0);
    assert_int_equal(yj_lay_find(eth, n, "满"), -1);
    assert_int_equal(yj_lay_find(eth, n, ""), -1);
    assert_int_equal(yj_lay_find(eth, n, NULL), -1);
    char *prov[] = {"北京市", "上海市", "Shanghai", "Shenzhen"};
    assert_int_equal(yj_lay_find(prov, 4, "上"), 1);
    assert_int_equal(yj_lay_find(prov, 4, "she"), 3);
    assert_int_equal(yj_lay_find(prov, 4, "SHA"), 2);
    assert_int_equal(yj_lay_find(prov, 4, "海"), 1);
    /* a byte inside a character never starts a match */
    char *odd[] = {"\xe4\xb8\x8a"};
    assert_int_equal(yj_lay_find(odd, 1, "\xb8\x8a"), -1);
}

int
main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wrap),        cmocka_unit_test(test_scroll),
        cmocka_unit_test(test_big_qr),      cmocka_unit_test(test_qr),
        cmocka_unit_test(test_idle_seq),    cmocka_unit_test(test_date),
        cmocka_unit_test(test_done_layout), cmocka_unit_test(test_find),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
