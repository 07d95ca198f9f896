/* test_ui_multi.c: the multi-select checklist's keys and taps (w_multi.c),
 * without a terminal: what is ticked, the bounds, and the answer given back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#define NCURSES_WIDECHAR 1
#include <ncurses.h>
#include <string.h>

#include "ui/ui_int.h"

static struct yj_choice banks[4];
static struct yj_field field;

static void
setup_field(bool has_min, int min, bool has_max, int max)
{
    static const char *const v[4] = {"icbc", "abc", "bosc", "other"};
    static const char *const l[4] = {"中国工商银行", "中国农业银行", "上海银行", "其他银行"};
    memset(&field, 0, sizeof field);
    for (int i = 0; i < 4; i++) {
        banks[i].value = (char *)v[i];
        memset(&banks[i].label, 0, sizeof banks[i].label);
        banks[i].label.s[0] = (char *)l[i];
    }
    field.id = "deposit.banks";
    field.type = YJ_F_MULTI;
    field.choices = banks;
    field.nchoices = 4;
    field.has_min = has_min;
    field.min = min;
    field.has_max = has_max;
    field.max = max;
}

static int
key(struct yj_multi *m, int type, wint_t ch, char *out)
{
    return yj_w_multi_key(m, type, ch, out, 256);
}

/* Opened on the answer given; Space and Enter tick and untick the focused
 * row; Enter on 完成 gives the codes back in the choices' order. */
static void
test_tick_and_finish(void **state)
{
    (void)state;
    struct yj_multi m;
    char out[256];
    setup_field(false, 0, false, 0);
    yj_w_multi_open(&m, &field, "[\"bosc\"]");
    assert_true(m.open);
    assert_int_equal(m.n, 4);
    assert_true(m.on[2]);
    assert_false(m.on[0]);
    assert_int_equal(key(&m, OK, ' ', out), 0); /* row 0 */
    assert_true(m.on[0]);
    assert_int_equal(key(&m, OK, '\r', out), 0);
    assert_false(m.on[0]);
    assert_int_equal(key(&m, OK, '\r', out), 0);
    key(&m, KEY_CODE_YES, KEY_DOWN, out);
    key(&m, KEY_CODE_YES, KEY_DOWN, out);
    key(&m, KEY_CODE_YES, KEY_DOWN, out);
    assert_int_equal(key(&m, OK, ' ', out), 0); /* row 3: other */
    key(&m, KEY_CODE_YES, KEY_DOWN, out);
    key(&m, KEY_CODE_YES, KEY_DOWN, out); /* stays on 完成 */
    assert_int_equal(m.sel, 4);
    assert_int_equal(key(&m, OK, '\r', out), 1);
    assert_string_equal(out, "[\"icbc\",\"bosc\",\"other\"]");
    assert_false(m.open);
}

/* Esc leaves without an answer; Tab finishes from any row; nothing ticked is
 * no answer (""). */
static void
test_esc_tab_none(void **state)
{
    (void)state;
    struct yj_multi m;
    char out[256] = "x";
    setup_field(false, 0, false, 0);
    yj_w_multi_open(&m, &field, NULL);
    key(&m, OK, ' ', out);
    assert_int_equal(key(&m, OK, 27, out), -1);
    assert_false(m.open);
    yj_w_multi_open(&m, &field, "[\"abc\"]");
    key(&m, KEY_CODE_YES, KEY_DOWN, out);
    key(&m, OK, ' ', out); /* abc off */
    assert_int_equal(key(&m, OK, '\t', out), 1);
    assert_string_equal(out, "");
}

/* Over the maximum a tick is refused with a message; under the minimum 完成
 * stays with one; a tap ticks a row and a tap on 完成 finishes. */
static void
test_bounds_and_taps(void **state)
{
    (void)state;
    struct yj_multi m;
    char out[256];
    setup_field(true, 2, true, 3);
    yj_w_multi_open(&m, &field, NULL);
    assert_int_equal(yj_w_multi_click(&m, 1, out, sizeof out), 0);
    assert_true(m.on[1]);
    assert_int_equal(m.sel, 1);
    assert_int_equal(yj_w_multi_click(&m, 4, out, sizeof out), 0); /* one: under min */
    assert_true(m.open);
    assert_non_null(strstr(m.msg, "2"));
    yj_w_multi_click(&m, 0, out, sizeof out);
    yj_w_multi_click(&m, 2, out, sizeof out);
    assert_int_equal(yj_w_multi_click(&m, 3, out, sizeof out), 0); /* a fourth: refused */
    assert_false(m.on[3]);
    assert_non_null(strstr(m.msg, "3"));
    yj_w_multi_click(&m, 2, out, sizeof out); /* unticking clears the message */
    assert_string_equal(m.msg, "");
    assert_int_equal(yj_w_multi_click(&m, 9, out, sizeof out), 0); /* no such row */
    assert_int_equal(yj_w_multi_click(&m, 4, out, sizeof out), 1);
    assert_string_equal(out, "[\"icbc\",\"abc\"]");
}

/* Paging moves by the rows drawn; Home and End. */
static void
test_paging(void **state)
{
    (void)state;
    struct yj_multi m;
    char out[256];
    setup_field(false, 0, false, 0);
    yj_w_multi_open(&m, &field, "not json");
    for (int i = 0; i < 4; i++)
        assert_false(m.on[i]);
    m.rows = 3;
    key(&m, KEY_CODE_YES, KEY_NPAGE, out);
    assert_int_equal(m.sel, 2);
    key(&m, KEY_CODE_YES, KEY_NPAGE, out);
    assert_int_equal(m.sel, 4);
    key(&m, KEY_CODE_YES, KEY_HOME, out);
    assert_int_equal(m.sel, 0);
    key(&m, KEY_CODE_YES, KEY_END, out);
    assert_int_equal(m.sel, 4);
    key(&m, KEY_CODE_YES, KEY_PPAGE, out);
    assert_int_equal(m.sel, 2);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tick_and_finish),
        cmocka_unit_test(test_esc_tab_none),
        cmocka_unit_test(test_bounds_and_taps),
        cmocka_unit_test(test_paging),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
