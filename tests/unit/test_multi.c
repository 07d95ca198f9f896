/* test_multi.c: the multi-select field type (core/multi.c): its answer as a
 * JSON array of codes, validation (known codes, none twice, min/max), the
 * labels joined with "、" on review and receipts, the sample `forms check`
 * fills in, and has(field, "code") in expressions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/answers.h"
#include "core/expr.h"
#include "core/form.h"
#include "core/multi.h"
#include "core/validate.h"

static const char *const codes[] = {"water", "power", "gas", NULL};

static void
test_validate(void **state)
{
    (void)state;
    struct yj_vopts o = {.choices = codes};
    struct yj_vresult r;
    assert_int_equal(yj_validate("multi", "[\"water\",\"gas\"]", &o, &r), YJ_V_OK);
    assert_int_equal(yj_validate("multi", "[]", &o, &r), YJ_V_OK);
    assert_int_equal(yj_validate("multi", "[\"cable\"]", &o, &r), YJ_V_ERR);
    assert_non_null(strstr(r.msg, "cable"));
    assert_int_equal(yj_validate("multi", "[\"gas\",\"gas\"]", &o, &r), YJ_V_ERR);
    assert_int_equal(yj_validate("multi", "water", &o, &r), YJ_V_ERR);
    assert_int_equal(yj_validate("multi", "[1]", &o, &r), YJ_V_ERR);
    struct yj_vopts b = {.choices = codes, .has_min = true, .min = 1, .has_max = true, .max = 2};
    assert_int_equal(yj_validate("multi", "[]", &b, &r), YJ_V_ERR);
    assert_string_equal(r.msg, "请至少勾选 1 项");
    assert_int_equal(yj_validate("multi", "[\"water\",\"power\",\"gas\"]", &b, &r), YJ_V_ERR);
    assert_string_equal(r.msg, "最多只能勾选 2 项");
    assert_int_equal(yj_validate("multi", "[\"power\"]", &b, &r), YJ_V_OK);
    assert_true(yj_validate_known_type("multi"));
    assert_string_equal(yj_ftype_name(YJ_F_MULTI), "multi");
}

static void
test_display_and_sample(void **state)
{
    (void)state;
    struct yj_choice ch[3];
    memset(ch, 0, sizeof ch);
    ch[0].value = (char *)"water";
    ch[0].label.s[0] = (char *)"自来水";
    ch[1].value = (char *)"power";
    ch[1].label.s[0] = (char *)"电";
    ch[2].value = (char *)"gas";
    ch[2].label.s[0] = (char *)"燃气";
    struct yj_field f;
    memset(&f, 0, sizeof f);
    f.id = (char *)"transfer.utilities";
    f.type = YJ_F_MULTI;
    f.choices = ch;
    f.nchoices = 3;
    char out[256];
    yj_field_display(&f, "[\"water\",\"gas\"]", out, sizeof out);
    assert_string_equal(out, "自来水、燃气");
    yj_field_display(&f, "[\"gas\",\"other\"]", out, sizeof out);
    assert_string_equal(out, "燃气、other"); /* a code without a label as is */
    yj_field_display(&f, "[]", out, sizeof out);
    assert_string_equal(out, "");
    yj_field_display(&f, "", out, sizeof out);
    assert_string_equal(out, "");
    assert_string_equal(yj_multi_sample(&f), "[\"water\"]");
    struct yj_vopts o = {.choices = codes};
    struct yj_vresult r;
    assert_int_equal(yj_validate("multi", yj_multi_sample(&f), &o, &r), YJ_V_OK);
    f.nchoices = 0;
    assert_string_equal(yj_multi_sample(&f), "[]");
}

static bool
eval_bool(struct yj_expr_env *e, const char *src)
{
    char err[256] = "";
    int ref = yj_expr_compile(e, src, err, sizeof err);
    if (ref <= 0)
        fail_msg("%s: %s", src, err);
    bool v = false;
    if (yj_expr_eval_bool(e, ref, &v, err, sizeof err) != 0)
        fail_msg("%s: %s", src, err);
    return v;
}

static void
test_has(void **state)
{
    (void)state;
    struct yj_answers a;
    yj_answers_init(&a);
    yj_answers_set(&a, "transfer.utilities", "[\"water\",\"gas\"]");
    struct yj_expr_env *e = yj_expr_new();
    yj_expr_declare(e, "transfer.utilities");
    yj_expr_declare(e, "transfer.other");
    assert_int_equal(yj_expr_bind(e, &a, NULL), 0);
    assert_true(eval_bool(e, "has(transfer.utilities, \"gas\")"));
    assert_false(eval_bool(e, "has(transfer.utilities, \"power\")"));
    assert_false(eval_bool(e, "has(transfer.utilities, \"ga\")"));
    /* unanswered (nil) or not an array: nothing chosen, no error */
    assert_false(eval_bool(e, "has(transfer.other, \"gas\")"));
    assert_true(eval_bool(e, "filled(transfer.utilities) and not has(transfer.utilities, \"x\")"));
    yj_expr_free(&e);
    yj_answers_free(&a);
}

/* An answers file gives a multi answer as a JSON list of codes (forms/examples,
 * `case submit --answers`); it is kept as its compact JSON text. */
static void
test_answers_file(void **state)
{
    (void)state;
    struct yj_answers a;
    yj_answers_init(&a);
    char err[256] = "";
    assert_int_equal(yj_answers_from_json(&a, "{\"t.u\": [\"water\", \"gas\"], \"t.n\": \"x\"}",
                                          err, sizeof err),
                     0);
    assert_string_equal(yj_answers_get(&a, "t.u"), "[\"water\",\"gas\"]");
    yj_answers_free(&a);
    yj_answers_init(&a);
    assert_int_equal(yj_answers_from_json(&a, "{\"t.u\": [1, 2]}", err, sizeof err), -1);
    assert_non_null(strstr(err, "t.u"));
    yj_answers_free(&a);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_validate),
        cmocka_unit_test(test_display_and_sample),
        cmocka_unit_test(test_has),
        cmocka_unit_test(test_answers_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
