/* test_expr.c: the sandboxed expression language. */
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

/* Evaluate src against e; -1 with err filled, or 0 with *v. */
static int
try_bool(struct yj_expr_env *e, const char *src, bool *v, char *err, size_t errsz)
{
    int ref = yj_expr_compile(e, src, err, errsz);
    if (ref <= 0)
        return -2;
    return yj_expr_eval_bool(e, ref, v, err, errsz);
}

/* The string library: rep and dump unreachable, also through a string's
 * metatable; pattern functions bounded (a backtracking pattern chosen by a
 * citizen returns an error at once instead of hanging the kiosk). */
static void
test_string_bounds(void **state)
{
    (void)state;
    struct yj_answers a;
    yj_answers_init(&a);
    char subject[101];
    memset(subject, 'a', 100);
    subject[100] = '\0';
    yj_answers_set(&a, "mother.name", subject);
    yj_answers_set(&a, "mother.id_number", ".-.-.-.-.-.-.-.-x");
    struct yj_expr_env *e = env_with(&a);
    char err[256];
    bool v;
    assert_int_equal(try_bool(e, "('a'):rep(3) == 'aaa'", &v, err, sizeof err), -1);
    assert_int_equal(try_bool(e, "('a').rep == nil and ('a').dump == nil", &v, err, sizeof err), 0);
    assert_true(v);
    assert_int_equal(try_bool(e, "string.rep == nil and string.dump == nil", &v, err, sizeof err),
                     0);
    assert_true(v);
    /* a literal pattern too complex is refused when compiled (forms check) */
    assert_int_equal(
        try_bool(e, "mother.name:find('.-.-.-.-.-.-.-.-x') == nil", &v, err, sizeof err), -2);
    assert_non_null(strstr(err, "too complex"));
    /* a pattern from an answer: refused when run, quickly */
    assert_int_equal(try_bool(e, "mother.name:find(mother.id_number) == nil", &v, err, sizeof err),
                     -1);
    assert_non_null(strstr(err, "too complex"));
    assert_int_equal(
        try_bool(e, "string.gsub(mother.name, mother.id_number, '') ~= nil", &v, err, sizeof err),
        -1);
    /* a plain search and a simple pattern run */
    assert_int_equal(
        try_bool(e, "mother.name:find(mother.id_number, 1, true) == nil", &v, err, sizeof err), 0);
    assert_true(v);
    assert_int_equal(try_bool(e, "mother.name:match('^%a+$') ~= nil", &v, err, sizeof err), 0);
    assert_true(v);
    assert_int_equal(
        try_bool(e, "select(2, mother.name:gsub('a', 'b')) == 100", &v, err, sizeof err), 0);
    assert_true(v);
    /* a changed string table in one binding does not leak into the next */
    assert_int_equal(
        try_bool(e, "(function() string.find = nil return true end)()", &v, err, sizeof err), 0);
    yj_expr_bind(e, &a, NULL);
    assert_int_equal(try_bool(e, "string.find('abc', 'b') == 2", &v, err, sizeof err), 0);
    assert_true(v);
    assert_int_equal(yj_pattern_reps("^%s*(.-)%s*$", 12, NULL), 3);
    assert_int_equal(yj_pattern_reps("[a-z%]]+%d?%b()", 15, NULL), 3);
    assert_true(yj_pattern_ok(8192, "^%d+$", 5));
    assert_false(yj_pattern_ok(100, ".-.-.-.-.-.-.-.-x", 17));
    yj_expr_free(&e);
    yj_answers_free(&a);
}

/* Running out of the Lua memory budget is a message, never an abort: answers
 * too large to bind, and compiling until the budget is full. */
static void
test_memory_errors(void **state)
{
    (void)state;
    struct yj_answers a;
    yj_answers_init(&a);
    size_t big = 1u << 20;
    char *v1 = malloc(big + 1);
    memset(v1, 'x', big);
    v1[big] = '\0';
    char id[32];
    for (int i = 0; i < 10; i++) {
        snprintf(id, sizeof id, "mother.f%d", i);
        v1[0] = (char)('a' + i); /* distinct strings: no interning */
        yj_answers_set(&a, id, v1);
    }
    free(v1);
    struct yj_expr_env *e = yj_expr_new();
    yj_expr_declare(e, "mother.name");
    char err[256];
    int ref = yj_expr_compile(e, "1 + 1 == 2", err, sizeof err);
    assert_true(ref > 0);
    assert_int_equal(yj_expr_bind(e, &a, NULL), -1);
    bool v;
    assert_int_equal(yj_expr_eval_bool(e, ref, &v, err, sizeof err), -1);
    assert_non_null(strstr(err, "memory"));
    yj_answers_free(&a);
    assert_int_equal(yj_expr_bind(e, &a, NULL), 0);
    assert_int_equal(yj_expr_eval_bool(e, ref, &v, err, sizeof err), 0);
    assert_true(v);
    /* compile until the budget is full: a message, then the state still works */
    char *src = malloc(70000);
    int n = 0;
    for (;; n++) {
        int k = snprintf(src, 70000, "'%d' ~= '", n);
        memset(src + k, 'y', 60000);
        snprintf(src + k + 60000, 70000 - (size_t)k - 60000, "'");
        if (yj_expr_compile(e, src, err, sizeof err) == 0)
            break;
        assert_true(n < 1000);
    }
    free(src);
    assert_non_null(strstr(err, "memory"));
    yj_expr_free(&e);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fields_and_helpers), cmocka_unit_test(test_unanswered_is_nil),
        cmocka_unit_test(test_compile_refuses),    cmocka_unit_test(test_limits),
        cmocka_unit_test(test_string_bounds),      cmocka_unit_test(test_memory_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
