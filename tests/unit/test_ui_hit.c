/* test_ui_hit.c: the regions a click lands on, and SGR 1006 mouse reports. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "ui/hit.h"

/* The topmost region wins; edges are inside, the cell after is not. */
static void
test_regions(void **state)
{
    (void)state;
    yj_hit_clear();
    assert_null(yj_hit_at(0, 0));
    yj_hit_add(4, 2, 3, 40, YJ_HIT_SEL, 0);   /* a bundle button */
    yj_hit_add(5, 10, 10, 20, YJ_HIT_ROW, 7); /* a pick list drawn over it */
    yj_hit_add(0, 0, 0, 10, YJ_HIT_KEY, 1);   /* empty: not kept */
    assert_int_equal(yj_hit_count(), 2);
    const struct yj_hit *h = yj_hit_at(4, 2);
    assert_non_null(h);
    assert_int_equal(h->kind, YJ_HIT_SEL);
    h = yj_hit_at(6, 41);
    assert_int_equal(h->kind, YJ_HIT_SEL);
    assert_null(yj_hit_at(6, 42));
    assert_null(yj_hit_at(7, 2));
    h = yj_hit_at(5, 10);
    assert_int_equal(h->kind, YJ_HIT_ROW);
    assert_int_equal(h->arg, 7);
    /* The page editor's click waits for it once. */
    yj_hit_set_pending(h);
    h = yj_hit_take_pending();
    assert_non_null(h);
    assert_int_equal(h->arg, 7);
    assert_null(yj_hit_take_pending());
    yj_hit_clear();
    assert_null(yj_hit_at(5, 10));
    /* More regions than a frame holds are dropped, not overflowed. */
    for (int i = 0; i < 600; i++)
        yj_hit_add(i, 0, 1, 1, YJ_HIT_KEY, i);
    assert_int_equal(yj_hit_count(), 512);
    assert_null(yj_hit_at(599, 0));
}

/* After "ESC [ <": button;column;row and M (press) or m (release), 1-based. */
static void
test_sgr(void **state)
{
    (void)state;
    int y = -1, x = -1;
    assert_int_equal(yj_mouse_parse("0;10;5M", &y, &x), YJ_MOUSE_PRESS);
    assert_int_equal(y, 4);
    assert_int_equal(x, 9);
    assert_int_equal(yj_mouse_parse("0;10;5m", &y, &x), YJ_MOUSE_NONE); /* release */
    assert_int_equal(yj_mouse_parse("64;1;1M", &y, &x), YJ_MOUSE_WHEEL_UP);
    assert_int_equal(yj_mouse_parse("65;1;1M", &y, &x), YJ_MOUSE_WHEEL_DOWN);
    assert_int_equal(yj_mouse_parse("2;1;1M", &y, &x), YJ_MOUSE_NONE);   /* right button */
    assert_int_equal(yj_mouse_parse("32;3;3M", &y, &x), YJ_MOUSE_NONE);  /* drag */
    assert_int_equal(yj_mouse_parse("16;3;3M", &y, &x), YJ_MOUSE_PRESS); /* Ctrl-click */
    assert_int_equal(yj_mouse_parse("0;300;200M", &y, &x), YJ_MOUSE_PRESS);
    assert_int_equal(y, 199);
    /* Not a report: refused, nothing read as a click. */
    assert_int_equal(yj_mouse_parse("", &y, &x), YJ_MOUSE_BAD);
    assert_int_equal(yj_mouse_parse("0;10M", &y, &x), YJ_MOUSE_BAD);
    assert_int_equal(yj_mouse_parse("0;0;5M", &y, &x), YJ_MOUSE_BAD);
    assert_int_equal(yj_mouse_parse("0;10;5", &y, &x), YJ_MOUSE_BAD);
    assert_int_equal(yj_mouse_parse("0;10;5Mx", &y, &x), YJ_MOUSE_BAD);
    assert_int_equal(yj_mouse_parse("a;1;1M", &y, &x), YJ_MOUSE_BAD);
    assert_int_equal(yj_mouse_parse("0;99999999999;1M", &y, &x), YJ_MOUSE_BAD);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_regions),
        cmocka_unit_test(test_sgr),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
