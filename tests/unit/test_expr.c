/* test_expr.c: the sandboxed expression language. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/answers.h"
#include "core/expr.h"

static struct yj_expr_env *
env_with(struct yj_answers *a)
{
    struct yj_expr_env *e = yj_expr_new();
    yj_expr_declare(e, "mother.name");
    yj_expr_declare(e, "mother.id_number");
    yj_expr_declare(e, "baby.birth_date");
    yj_expr_declare(e, "guide.married");
    static const char *const chosen[] = {"birth.registration", NULL};
    yj_expr_bind(e, a, chosen);
    return e;
}

static bool
eval_bool(struct yj_expr_env *e, const char *src)
{
    char err[256] = "";
    int ref = yj_expr_compile(e, src, err, sizeof err);
    assert_true(ref > 0);
    bool v = false;
    assert_int_equal(yj_expr_eval_bool(e, ref, &v, err, sizeof err), 0);
    return v;
}

static char *
eval_str(struct yj_expr_env *e, const char *src)
{
    char err[256] = "";
    int ref = yj_expr_compile(e, src, err, sizeof err);
    assert_true(ref > 0);
    char *out = NULL;
    assert_int_equal(yj_expr_eval_string(e, ref, &out, err, sizeof err), 0);
    return out;
}

static void
test_fields_and_helpers(void **state)
{
    (void)state;
    setenv("YJ_TODAY", "2026-11-23", 1);
    struct yj_answers a;
    yj_answers_init(&a);
    yj_answers_set(&a, "mother.name", "阿依古丽·买买提");
    yj_answers_set(&a, "baby.birth_date", "2026-10-01");
    yj_answers_set(&a, "guide.married", "yes");
    yj_answers_set(&a, "mother.id_number", "11010519491231002X");
    struct yj_expr_env *e = env_with(&a);
    assert_true(eval_bool(e, "filled(mother.name)"));
    assert_true(eval_bool(e, "yes(guide.married)"));
    assert_true(eval_bool(e, "len(mother.name) == 8"));
    assert_true(eval_bool(e, "baby.birth_date <= today()"));
    assert_true(eval_bool(e, "age(baby.birth_date) == 0"));
    assert_true(eval_bool(e, "days(baby.birth_date, today()) == 53"));
    assert_true(eval_bool(e, "chosen('birth.registration') and not chosen('x')"));
    assert_true(eval_bool(e, "num('12.5') == 12.5 and num('abc') == nil"));
    char *g = eval_str(e, "idcard_gender(mother.id_number)");
    assert_string_equal(g, "F");
    free(g);
    char *b = eval_str(e, "idcard_birth(mother.id_number)");
    assert_string_equal(b, "1949-12-31");
    free(b);
    char *d = eval_str(e, "add_years(baby.birth_date, 1)");
    assert_string_equal(d, "2027-10-01");
    free(d);
    assert_true(eval_bool(e, "retirement_date('1965-01-01', 'M') == '2025-02-01'"));
    assert_true(eval_bool(e, "retirement_date('1965-01-01', 'X') == nil"));
    char *nil = eval_str(e, "idcard_gender('123')");
    assert_null(nil);
    yj_expr_free(&e);
    yj_answers_free(&a);
}

static void
test_unanswered_is_nil(void **state)
{
    (void)state;
    struct yj_answers a;
    yj_answers_init(&a);
    struct yj_expr_env *e = env_with(&a);
    assert_false(eval_bool(e, "filled(mother.name)"));
    assert_true(eval_bool(e, "mother.name == nil"));
    assert_false(eval_bool(e, "yes(guide.married)"));
    yj_expr_free(&e);
    yj_answers_free(&a);
}

static void
test_compile_refuses(void **state)
{
    (void)state;
    struct yj_expr_env *e = env_with(NULL);
    char err[256];
    assert_int_equal(yj_expr_compile(e, "os.exit(1)", err, sizeof err), 0);
    assert_non_null(strstr(err, "os"));
    assert_int_equal(yj_expr_compile(e, "io.open('/etc/passwd')", err, sizeof err), 0);
    assert_int_equal(yj_expr_compile(e, "load('return 1')()", err, sizeof err), 0);
    assert_int_equal(yj_expr_compile(e, "require('os')", err, sizeof err), 0);
    assert_int_equal(yj_expr_compile(e, "mother.nmae", err, sizeof err), 0);
    assert_non_null(strstr(err, "mother.nmae"));
    assert_int_equal(yj_expr_compile(e, "mother", err, sizeof err), 0);
    assert_int_equal(yj_expr_compile(e, "1 +", err, sizeof err), 0);
    assert_int_equal(yj_expr_compile(e, "", err, sizeof err), 0);
    /* names inside strings are not names */
    assert_true(yj_expr_compile(e, "'os.exit' == 'x'", err, sizeof err) > 0);
    yj_expr_free(&e);
}

static void
test_limits(void **state)
{
    (void)state;
    struct yj_expr_env *e = env_with(NULL);
    char err[256];
    /* an endless loop is stopped by the instruction limit */
    int ref = yj_expr_compile(e, "(function() while true do end end)()", err, sizeof err);
    assert_true(ref > 0);
    bool v;
    assert_int_equal(yj_expr_eval_bool(e, ref, &v, err, sizeof err), -1);
    assert_non_null(strstr(err, "too long"));
    /* memory is capped: a huge string fails cleanly */
    ref = yj_expr_compile(e, "string.rep == nil and ('x'):rep(1 << 30) ~= nil", err, sizeof err);
    assert_true(ref > 0);
    assert_int_equal(yj_expr_eval_bool(e, ref, &v, err, sizeof err), -1);
    /* the environment is usable afterwards */
    ref = yj_expr_compile(e, "1 + 1 == 2", err, sizeof err);
    assert_int_equal(yj_expr_eval_bool(e, ref, &v, err, sizeof err), 0);
    assert_true(v);
    yj_expr_free(&e);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fields_and_helpers),
        cmocka_unit_test(test_unanswered_is_nil),
        cmocka_unit_test(test_compile_refuses),
        cmocka_unit_test(test_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
