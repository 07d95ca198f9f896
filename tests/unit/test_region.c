/* test_region.c: the administrative-division table (data/regions.tsv) and its cascade. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/paths.h"
#include "core/region.h"

static int
setup(void **state)
{
    (void)state;
    setlocale(LC_ALL, "C.UTF-8");
    return 0;
}

static void
test_lookup(void **state)
{
    (void)state;
    /* the default table loads lazily from yj_paths_data() */
    const struct yj_region *r = yj_region_get("310101");
    assert_non_null(r);
    assert_string_equal(r->name, "黄浦区");
    assert_true(r->current);
    assert_true(yj_region_count() > 3000);
    /* abolished codes stay known but not current */
    r = yj_region_get("310108");
    assert_non_null(r);
    assert_string_equal(r->name, "闸北区");
    assert_false(r->current);
    assert_true(yj_region_known("310103"));
    assert_true(yj_region_known("440524"));
    /* counties created in 2024 */
    r = yj_region_get("653229");
    assert_non_null(r);
    assert_string_equal(r->name, "和安县");
    assert_true(r->current);
    /* NBS statistical-only 7x codes are not GB/T 2260 */
    assert_null(yj_region_get("130171"));
    assert_false(yj_region_known("999999"));
    assert_false(yj_region_known("31010"));
    assert_false(yj_region_known("31010a"));
    assert_false(yj_region_known(NULL));
}

static void
test_fullname(void **state)
{
    (void)state;
    char out[128];
    assert_string_equal(yj_region_fullname("110105", out, sizeof out), "北京市 朝阳区");
    assert_string_equal(yj_region_fullname("310108", out, sizeof out), "上海市 闸北区");
    assert_string_equal(yj_region_fullname("320506", out, sizeof out), "江苏省 苏州市 吴中区");
    assert_string_equal(yj_region_fullname("320500", out, sizeof out), "江苏省 苏州市");
    assert_string_equal(yj_region_fullname("310000", out, sizeof out), "上海市");
    assert_string_equal(yj_region_fullname("999999", out, sizeof out), "");
    /* a small buffer is cut, never overrun */
    char small[8];
    yj_region_fullname("320506", small, sizeof small);
    assert_true(strlen(small) < sizeof small);
}

static void
test_levels(void **state)
{
    (void)state;
    assert_int_equal(yj_region_level("310000"), 1);
    assert_int_equal(yj_region_level("310100"), 2);
    assert_int_equal(yj_region_level("310101"), 3);
    assert_int_equal(yj_region_level("31"), 0);
    assert_true(yj_region_placeholder("市辖区"));
    assert_false(yj_region_placeholder("苏州市"));
}

/* Is code among the n entries? */
static bool
has(const struct yj_region **v, size_t n, const char *code)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i]->code, code) == 0)
            return true;
    return false;
}

/* 台湾省, 香港 and 澳门 are provincial-level divisions in force, with no subdivisions:
 * a picker offers them and takes them as they are (a leaf). */
static void
test_taiwan_hk_macau_current(void **state)
{
    (void)state;
    static const char *const codes[][2] = {
        {"710000", "台湾省"}, {"810000", "香港特别行政区"}, {"820000", "澳门特别行政区"}};
    for (size_t i = 0; i < 3; i++) {
        const struct yj_region *r = yj_region_get(codes[i][0]);
        assert_non_null(r);
        assert_string_equal(r->name, codes[i][1]);
        assert_true(r->current);
        const struct yj_region *kids[4];
        assert_int_equal(yj_region_children(codes[i][0], kids, 4), 0);
        char full[64];
        assert_string_equal(yj_region_fullname(codes[i][0], full, sizeof full), codes[i][1]);
    }
    assert_null(yj_region_get("830000"));
}

static void
test_cascade(void **state)
{
    (void)state;
    const struct yj_region *v[512];
    size_t n = yj_region_children(NULL, v, 512);
    assert_int_equal(n, 34); /* 31 mainland provinces, 台湾省, 香港, 澳门 (GB/T 2260) */
    assert_true(has(v, n, "310000"));
    assert_true(has(v, n, "710000"));
    assert_true(has(v, n, "810000"));
    assert_true(has(v, n, "820000"));
    assert_false(has(v, n, "830000")); /* a residence-permit prefix, not a division */
    for (size_t i = 1; i < n; i++)
        assert_true(strcmp(v[i - 1]->code, v[i]->code) < 0);

    /* a municipality skips its 市辖区 level: 上海 lists its 16 districts */
    n = yj_region_children("31", v, 512);
    assert_int_equal(n, 16);
    assert_true(has(v, n, "310101"));
    assert_false(has(v, n, "310108")); /* abolished */
    assert_int_equal(yj_region_children("310000", v, 512), 16);
    /* 重庆: 市辖区 and 县 both placeholders */
    n = yj_region_children("50", v, 512);
    assert_true(n > 30);
    assert_true(has(v, n, "500101") && has(v, n, "500240"));
    /* the 市辖区 code itself still cascades */
    assert_int_equal(yj_region_children("310100", v, 512), 16);

    /* a province: prefectures, then counties */
    n = yj_region_children("32", v, 512);
    assert_int_equal(n, 13);
    assert_true(has(v, n, "320500"));
    n = yj_region_children("3205", v, 512);
    assert_true(has(v, n, "320506"));
    assert_int_equal(yj_region_children("320500", v, 512), n);
    /* 东莞 has no county level: a leaf */
    assert_int_equal(yj_region_children("441900", v, 512), 0);
    assert_int_equal(yj_region_children("310101", v, 512), 0);
    /* max is honoured */
    assert_int_equal(yj_region_children("32", v, 3), 3);
    assert_int_equal(yj_region_children("3x", v, 512), 0);
}

/* Counties directly under a province take the place of their placeholder in
 * the province's list (湖北: 仙桃市, 潜江市, 天门市, 神农架林区). */
static void
test_direct_counties(void **state)
{
    (void)state;
    char err[256];
    assert_int_equal(yj_region_load(NULL, err, sizeof err), 0);
    const struct yj_region *v[512];
    size_t n = yj_region_children("42", v, 512);
    assert_true(has(v, n, "420100"));  /* 武汉市 */
    assert_true(has(v, n, "429004"));  /* 仙桃市 */
    assert_true(has(v, n, "429021"));  /* 神农架林区 */
    assert_false(has(v, n, "429000")); /* 省直辖县级行政区划 */
    for (size_t i = 1; i < n; i++)
        assert_true(strcmp(v[i - 1]->code, v[i]->code) < 0);
    assert_int_equal(yj_region_children("429004", v, 512), 0); /* a leaf */
}

/* What each list holds, from its names (the picker's titles). */
static void
test_kinds(void **state)
{
    (void)state;
    char err[256], out[256];
    assert_int_equal(yj_region_load(NULL, err, sizeof err), 0);
    const struct yj_region *v[512];
    size_t n = yj_region_children(NULL, v, 512);
    assert_string_equal(yj_region_kinds(v, n, out, sizeof out), "省/自治区/直辖市/特别行政区");
    assert_string_equal(yj_region_kind(yj_region_get("310000")), "直辖市");
    assert_string_equal(yj_region_kind(yj_region_get("450000")), "自治区");
    assert_string_equal(yj_region_kind(yj_region_get("710000")), "省");
    /* a municipality lists districts (上海) or districts and counties (重庆) */
    n = yj_region_children("31", v, 512);
    assert_string_equal(yj_region_kinds(v, n, out, sizeof out), "区");
    n = yj_region_children("50", v, 512);
    assert_string_equal(yj_region_kinds(v, n, out, sizeof out), "区/县");
    /* a province's cities; 四川 has autonomous prefectures too */
    n = yj_region_children("33", v, 512);
    assert_string_equal(yj_region_kinds(v, n, out, sizeof out), "市");
    n = yj_region_children("51", v, 512);
    assert_string_equal(yj_region_kinds(v, n, out, sizeof out), "市/自治州");
    n = yj_region_children("15", v, 512);
    assert_string_equal(yj_region_kinds(v, n, out, sizeof out), "市/盟");
    n = yj_region_children("42", v, 512);
    assert_string_equal(yj_region_kinds(v, n, out, sizeof out), "市/自治州/县级市/林区");
    /* a city's districts, counties and county-level cities */
    n = yj_region_children("3301", v, 512);
    assert_string_equal(yj_region_kinds(v, n, out, sizeof out), "区/县/县级市");
    assert_null(yj_region_kind(yj_region_get("310100"))); /* 市辖区 */
    assert_null(yj_region_kind(NULL));
    /* a small buffer is cut, never overrun */
    char small[5];
    n = yj_region_children(NULL, v, 512);
    yj_region_kinds(v, n, small, sizeof small);
    assert_true(strlen(small) < sizeof small);
    assert_string_equal(yj_region_kinds(v, 0, out, sizeof out), "");
}

static void
test_load_errors(void **state)
{
    (void)state;
    char err[256], path[] = "/tmp/yj_region_test_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("# comment\n310101\t黄浦区\t1\n31010x\tbad\t1\n", f);
    fclose(f);
    assert_int_equal(yj_region_load(path, err, sizeof err), -1);
    assert_non_null(strstr(err, ":3:"));
    /* the table loaded before is kept */
    assert_non_null(yj_region_get("320506"));

    f = fopen(path, "w");
    fputs("110000\t北京市\t1\n110101\t东城区\t1\n110101\t东城区\t1\n", f);
    fclose(f);
    assert_int_equal(yj_region_load(path, err, sizeof err), -1);
    assert_non_null(strstr(err, "twice"));

    /* a duplicate is found in a file out of order too (sorted first) */
    f = fopen(path, "w");
    fputs("110101\t东城区\t1\n110000\t北京市\t1\n110101\t东城区\t1\n", f);
    fclose(f);
    assert_int_equal(yj_region_load(path, err, sizeof err), -1);
    assert_non_null(strstr(err, "twice"));

    f = fopen(path, "w");
    fputs("110101\t东城区\t1\r\n110000\t北京市\t1\n110103\t崇文区\t0\n", f);
    fclose(f);
    assert_int_equal(yj_region_load(path, err, sizeof err), 0);
    assert_int_equal(yj_region_count(), 3);
    char out[64];
    assert_string_equal(yj_region_fullname("110103", out, sizeof out), "北京市 崇文区");
    assert_null(yj_region_get("320506"));

    assert_int_equal(yj_region_load("/nonexistent/regions.tsv", err, sizeof err), -1);
    assert_non_null(strstr(err, "cannot read"));
    unlink(path);
}

/* The shipped table is in code order (data/tools/gen_regions.js sorts it), so
 * loading it takes the one-pass check and never sorts. */
static void
test_shipped_in_order(void **state)
{
    (void)state;
    char path[4096];
    snprintf(path, sizeof path, "%s/data/regions.tsv", getenv("YJ_SRC"));
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[512], prev[8] = "";
    int rows = 0;
    while (fgets(line, sizeof line, f) != NULL) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        line[6] = '\0';
        assert_true(strcmp(prev, line) < 0);
        memcpy(prev, line, 7);
        rows++;
    }
    fclose(f);
    assert_true(rows > 3000);
}

/* In a child (the table not loaded yet): every code of the shipped file found
 * by the binary search over the file, with its name and flag, before anything
 * loads the table; a code not there is looked for in the whole table. 0 when
 * all holds, else the number of the check that failed. */
static int
search_child(void)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/regions.tsv", yj_paths_data());
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return 1;
    char line[512];
    int rows = 0;
    while (fgets(line, sizeof line, f) != NULL) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        line[strcspn(line, "\r\n")] = '\0';
        char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
        if (t2 == NULL)
            return 2;
        *t1 = *t2 = '\0';
        const struct yj_region *r = yj_region_get(line);
        if (r == NULL || strcmp(r->code, line) != 0 || strcmp(r->name, t1 + 1) != 0 ||
            r->current != (t2[1] == '1') || !yj_region_known(line))
            return 3;
        rows++;
    }
    fclose(f);
    if (rows < 3000 || yj_region_get("999999") != NULL || yj_region_known("990000"))
        return 4;
    /* the whole table is loaded now: the same answers from it */
    const struct yj_region *r = yj_region_get("310101");
    if (yj_region_count() < 3000 || r == NULL || strcmp(r->name, "黄浦区") != 0)
        return 5;
    return 0;
}

/* In a child, a file with a damaged last line: a code the search reaches is
 * found without loading (the load would refuse the file); a code it cannot
 * reach falls back to the load, which fails, so only the province prefix is
 * checked then. */
static int
search_damaged_child(void)
{
    char dir[] = "/tmp/yj_region_XXXXXX";
    if (mkdtemp(dir) == NULL)
        return 1;
    char path[256];
    snprintf(path, sizeof path, "%s/regions.tsv", dir);
    FILE *f = fopen(path, "w");
    fputs("# test\n110000\t北京市\t1\n110100\t市辖区\t1\n110101\t东城区\t1\n"
          "110102\t西城区\t0\nbroken line\n",
          f);
    fclose(f);
    setenv("YIJIAN_DATA", dir, 1);
    const struct yj_region *r = yj_region_get("110102");
    int rc = r == NULL || strcmp(r->name, "西城区") != 0 || r->current ? 2 : 0;
    if (rc == 0 && yj_region_get("110105") != NULL) /* not in the file: the load fails */
        rc = 3;
    if (rc == 0 && (!yj_region_known("110105") || yj_region_count() != 0))
        rc = 4; /* no table: the province prefix only */
    unlink(path);
    rmdir(dir);
    return rc;
}

/* Run fn in a child process (the region table is the process's). */
static void
in_child(int (*fn)(void))
{
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0)
        _exit(fn());
    int st;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 0);
}

/* yijian validate looks one code up without loading 7,000 lines. */
static void
test_search_before_load(void **state)
{
    (void)state;
    in_child(search_child);
    in_child(search_damaged_child);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_search_before_load),
        cmocka_unit_test(test_lookup),
        cmocka_unit_test(test_fullname),
        cmocka_unit_test(test_levels),
        cmocka_unit_test(test_taiwan_hk_macau_current),
        cmocka_unit_test(test_cascade),
        cmocka_unit_test(test_direct_counties),
        cmocka_unit_test(test_kinds),
        cmocka_unit_test(test_load_errors),
        cmocka_unit_test(test_shipped_in_order),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
