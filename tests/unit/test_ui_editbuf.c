/* test_ui_editbuf.c: the one-line UTF-8 edit buffer (by characters, widths by
 * display columns). */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ui/editbuf.h"

/* Insert, backspace and cursor moves work on whole characters. */
static void
test_chars(void **state)
{
    (void)state;
    struct yj_editbuf b;
    yj_eb_init(&b, 0);
    assert_int_equal(yj_eb_insert(&b, "王一诺", strlen("王一诺")), YJ_EB_OK);
    assert_int_equal(yj_eb_chars(&b), 3);
    assert_int_equal(yj_eb_cursor_col(&b), 6);
    assert_true(yj_eb_backspace(&b));
    assert_string_equal(b.s, "王一");
    assert_true(yj_eb_left(&b));
    assert_int_equal(yj_eb_cursor_col(&b), 2);
    yj_eb_insert_cp(&b, 'A');
    assert_string_equal(b.s, "王A一");
    assert_int_equal(yj_eb_cursor_col(&b), 3);
    yj_eb_home(&b);
    assert_true(yj_eb_delete(&b));
    assert_string_equal(b.s, "A一");
    assert_false(yj_eb_left(&b));
    yj_eb_end(&b);
    assert_false(yj_eb_right(&b));
    assert_int_equal(b.cur, strlen("A一"));
    /* Ambiguous-width characters count one column. */
    yj_eb_set(&b, "“①·”");
    assert_int_equal(yj_eb_cursor_col(&b), 4);
    yj_eb_free(&b);
}

/* Invalid UTF-8 and control characters are refused whole; the maximum cuts. */
static void
test_limits(void **state)
{
    (void)state;
    struct yj_editbuf b;
    yj_eb_init(&b, 4);
    assert_int_equal(yj_eb_insert(&b, "ab\xff", 3), YJ_EB_INVALID);
    assert_string_equal(b.s, "");
    assert_int_equal(yj_eb_insert(&b, "a\tb", 3), YJ_EB_INVALID);
    assert_int_equal(yj_eb_insert(&b, "\xe4\xb8", 2), YJ_EB_INVALID); /* truncated 中 */
    assert_int_equal(yj_eb_insert_cp(&b, 0xd800), YJ_EB_INVALID);
    assert_int_equal(yj_eb_insert(&b, "上海市徐汇区", strlen("上海市徐汇区")), YJ_EB_CUT);
    assert_string_equal(b.s, "上海市徐");
    assert_int_equal(yj_eb_insert_cp(&b, 'x'), YJ_EB_CUT);
    assert_string_equal(b.s, "上海市徐");
    yj_eb_free(&b);
}

/* The view scrolls by columns and never cuts a wide character in half. */
static void
test_view(void **state)
{
    (void)state;
    struct yj_editbuf b;
    int pad, cx;
    yj_eb_init(&b, 0);
    yj_eb_set(&b, "一二三四五六七八九十");
    size_t off = yj_eb_view(&b, 9, &pad, &cx);
    /* cursor at col 20; 9 wide with one spare: scroll 12, first char 七 */
    assert_int_equal(cx, 8);
    assert_int_equal(pad, 0);
    assert_string_equal(b.s + off, "七八九十");
    yj_eb_home(&b);
    off = yj_eb_view(&b, 9, &pad, &cx);
    assert_int_equal(off, 0);
    assert_int_equal(cx, 0);
    yj_eb_set(&b, "a一二三四五");
    off = yj_eb_view(&b, 6, &pad, &cx);
    /* cursor col 11, scroll 6: col 6 is the right half of 三 → start at 四 col 7 */
    assert_int_equal(pad, 1);
    assert_string_equal(b.s + off, "四五");
    assert_int_equal(cx, 5);
    yj_eb_free(&b);
}

int
main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chars),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_view),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
