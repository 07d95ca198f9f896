/* test_pinyin.c: search by pinyin initials over data/pinyin_initials.tsv. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "core/pinyin.h"

static void
test_initials(void **state)
{
    (void)state;
    char path[1024];
    snprintf(path, sizeof path, "%s/data/pinyin_initials.tsv", getenv("YJ_SRC"));
    assert_int_equal(yj_pinyin_load(path), 0);
    assert_true(yj_pinyin_prefix("汉族", "hz"));
    assert_true(yj_pinyin_prefix("上海市", "sh"));
    assert_true(yj_pinyin_prefix("上海市", "SHS"));
    assert_true(yj_pinyin_prefix("浦东新区", "pd"));
    assert_true(yj_pinyin_prefix("浦东新区", "pdxq"));
    assert_false(yj_pinyin_prefix("浦东新区", "pdxqx"));
    assert_false(yj_pinyin_prefix("上海市", "hz"));
    assert_true(yj_pinyin_prefix("長沙", "cs")); /* traditional too */
    assert_true(yj_pinyin_prefix("（其他）民族", "qt"));
    char *ethnic[] = {"蒙古族", "回族", "藏族", "汉族"};
    assert_int_equal(yj_pinyin_find(ethnic, 4, "hz"), 1); /* 回族 comes first */
    assert_int_equal(yj_pinyin_find(ethnic, 4, "han"), -1);
    char *regions[] = {"北京市", "天津市", "上海市", "江苏省"};
    assert_int_equal(yj_pinyin_find(regions, 4, "sh"), 2);
    assert_int_equal(yj_pinyin_find(regions, 4, "js"), 3);
    char *districts[] = {"黄浦区", "徐汇区", "浦东新区"};
    assert_int_equal(yj_pinyin_find(districts, 3, "pd"), 2);
    assert_int_equal(yj_pinyin_find(districts, 3, "hp"), 0);
    assert_int_equal(yj_pinyin_find(districts, 3, "pq"), 0); /* 浦区 inside 黄浦区 */
    assert_int_equal(yj_pinyin_find(districts, 3, "p1"), -1);
    assert_int_equal(yj_pinyin_find(districts, 3, ""), -1);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_initials),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
