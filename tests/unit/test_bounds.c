/* test_bounds.c: limits on answers (per value, per case, number of keys,
 * undeclared keys), key handling without a lookup per key, and the files of a
 * form set (no symlink, FIFO or device, bounded size). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/answers.h"
#include "core/bounds.h"
#include "core/form.h"
#include "core/util.h"

static double
now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A JSON object of n keys "k0".."k(n-1)". Caller frees. */
static char *
many_keys(size_t n)
{
    struct yj_buf b = {0};
    yj_buf_adds(&b, "{");
    char one[64];
    for (size_t i = 0; i < n; i++) {
        snprintf(one, sizeof one, "%s\"k%zu\": \"v\"", i ? "," : "", i);
        yj_buf_adds(&b, one);
    }
    yj_buf_adds(&b, "}");
    return yj_buf_steal(&b);
}

static void
test_keys(void **state)
{
    (void)state;
    char err[256];
    struct yj_answers a;
    /* 100k keys: refused by their number, at once (was 69 s) */
    char *j = many_keys(100000);
    yj_answers_init(&a);
    double t0 = now_s();
    assert_int_equal(yj_answers_from_json(&a, j, err, sizeof err), -1);
    double t = now_s() - t0;
    assert_true(t < 2.0);
    assert_non_null(strstr(err, "答案太多"));
    yj_answers_free(&a);
    free(j);
    /* the limit itself loads without a lookup per key */
    j = many_keys(YJ_ANSWERS_MAX_KEYS);
    t0 = now_s();
    for (int r = 0; r < 20; r++) {
        yj_answers_init(&a);
        assert_int_equal(yj_answers_from_json(&a, j, err, sizeof err), 0);
        assert_int_equal(a.n, YJ_ANSWERS_MAX_KEYS);
        yj_answers_free(&a);
    }
    assert_true(now_s() - t0 < 2.0);
    free(j);
    /* order kept; an id given twice (flat and nested): the later one wins */
    yj_answers_init(&a);
    assert_int_equal(yj_answers_from_json(&a,
                                          "{\"b\":\"1\",\"m.x\":\"2\",\"m\":{\"x\":\"3\"},\"a\":4}",
                                          err, sizeof err),
                     0);
    assert_int_equal(a.n, 3);
    assert_string_equal(a.v[0].id, "b");
    assert_string_equal(yj_answers_get(&a, "m.x"), "3");
    assert_string_equal(a.v[2].id, "a");
    assert_false(a.append);
    yj_answers_set(&a, "b", "5"); /* set still replaces after a load */
    assert_int_equal(a.n, 3);
    yj_answers_free(&a);
}

static struct yj_formset *
forms(void)
{
    const char *src = getenv("YJ_SRC");
    char *dir = xasprintf("%s/forms", src ? src : ".");
    struct yj_formset *set = yj_formset_load(dir);
    free(dir);
    assert_int_equal(set->nproblems, 0);
    return set;
}

static void
test_bounds(void **state)
{
    (void)state;
    struct yj_formset *set = forms();
    char msg[1024];
    struct yj_answers a;
    yj_answers_init(&a);
    yj_answers_set(&a, "mother.name", "李梅");
    yj_answers_set(&a, "_confirm.mother.name", "李梅");
    yj_answers_set(&a, "auth.grounds", "年老");
    assert_int_equal(yj_answers_bounds(set, &a, msg, sizeof msg), 0);
    /* undeclared keys, named */
    yj_answers_set(&a, "zz", "1");
    yj_answers_set(&a, "_confirm.zz", "1");
    yj_answers_set(&a, "auth.other", "1");
    assert_int_equal(yj_answers_bounds(set, &a, msg, sizeof msg), -1);
    assert_non_null(strstr(msg, "zz、_confirm.zz、auth.other"));
    assert_non_null(strstr(msg, "共 3 项"));
    yj_answers_free(&a);
    /* one value too long */
    char *v = xmalloc(YJ_ANSWER_MAX_BYTES + 2);
    memset(v, 'x', YJ_ANSWER_MAX_BYTES + 1);
    v[YJ_ANSWER_MAX_BYTES + 1] = '\0';
    yj_answers_init(&a);
    yj_answers_set(&a, "mother.name", v);
    assert_int_equal(yj_answers_bounds(set, &a, msg, sizeof msg), -1);
    assert_non_null(strstr(msg, "mother.name"));
    assert_non_null(strstr(msg, "太长"));
    yj_answers_free(&a);
    /* every value within, the case not */
    v[YJ_ANSWER_MAX_BYTES] = '\0';
    yj_answers_init(&a);
    for (size_t i = 0; i < set->nfields && i * YJ_ANSWER_MAX_BYTES <= YJ_ANSWERS_MAX_BYTES; i++)
        yj_answers_set(&a, set->fields[i]->id, v);
    assert_int_equal(yj_answers_bounds(set, &a, msg, sizeof msg), -1);
    assert_non_null(strstr(msg, "全部答案太长"));
    yj_answers_free(&a);
    free(v);
    yj_formset_free(&set);
}

static void
test_files(void **state)
{
    (void)state;
    char dir[] = "/tmp/yjboundsXXXXXX";
    assert_non_null(mkdtemp(dir));
    char *reg = xasprintf("%s/ok.json", dir), *lnk = xasprintf("%s/link.json", dir),
         *zero = xasprintf("%s/zero.json", dir), *fifo = xasprintf("%s/fifo.json", dir),
         *big = xasprintf("%s/big.json", dir);
    assert_int_equal(yj_write_file_atomic(reg, "{}", 2), 0);
    assert_int_equal(symlink(reg, lnk), 0);
    assert_int_equal(symlink("/dev/zero", zero), 0);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    char *b = xcalloc(1, 4096);
    memset(b, ' ', 4095);
    assert_int_equal(yj_write_file_atomic(big, b, 4095), 0);
    free(b);
    char err[512];
    size_t len;
    char *t = yj_read_file_bounded(reg, 100, &len, err, sizeof err);
    assert_non_null(t);
    assert_int_equal(len, 2);
    free(t);
    assert_null(yj_read_file_bounded(lnk, 100, &len, err, sizeof err));
    assert_non_null(strstr(err, "symbolic link"));
    assert_null(yj_read_file_bounded(zero, 100, &len, err, sizeof err));
    assert_null(yj_read_file_bounded("/dev/zero", 100, &len, err, sizeof err));
    assert_non_null(strstr(err, "not a regular file"));
    double t0 = now_s();
    assert_null(yj_read_file_bounded(fifo, 100, &len, err, sizeof err));
    assert_true(now_s() - t0 < 1.0);
    assert_non_null(strstr(err, "not a regular file"));
    assert_null(yj_read_file_bounded(big, 100, &len, err, sizeof err));
    assert_non_null(strstr(err, "too large"));
    assert_true(yj_path_present(fifo));
    assert_false(yj_path_present("/nonexistent/x"));
    unlink(reg);
    unlink(lnk);
    unlink(zero);
    unlink(fifo);
    unlink(big);
    rmdir(dir);
    free(reg);
    free(lnk);
    free(zero);
    free(fifo);
    free(big);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keys),
        cmocka_unit_test(test_bounds),
        cmocka_unit_test(test_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
