/* test_setup.c: what `yijian setup` accepts and refuses, its steps, and what
 * it writes (configuration and key). */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/confwrite.h"
#include "core/paths.h"
#include "core/util.h"
#include "ui/setupcheck.h"

static char msg[512], region[256];

/* The centre code: typed digit by digit, then looked up in regions.tsv. */
static void
test_code(void **state)
{
    (void)state;
    assert_int_equal(yj_setup_check_code("", region, sizeof region, msg, sizeof msg),
                     YJ_SU_INCOMPLETE);
    assert_int_equal(yj_setup_check_code("3101", region, sizeof region, msg, sizeof msg),
                     YJ_SU_INCOMPLETE);
    assert_int_equal(yj_setup_check_code("31a", region, sizeof region, msg, sizeof msg), YJ_SU_BAD);
    assert_non_null(strstr(msg, "数字"));
    assert_int_equal(yj_setup_check_code("310104", region, sizeof region, msg, sizeof msg),
                     YJ_SU_OK);
    assert_string_equal(region, "上海市徐汇区");
    assert_int_equal(yj_setup_check_code("999999", region, sizeof region, msg, sizeof msg),
                     YJ_SU_BAD);
    assert_non_null(strstr(msg, "找不到地区代码 999999"));
    assert_string_equal(region, "");
    /* 卢湾区 was merged into 黄浦区 in 2011. */
    assert_int_equal(yj_setup_check_code("310103", region, sizeof region, msg, sizeof msg),
                     YJ_SU_BAD);
    assert_non_null(strstr(msg, "已撤销"));
    assert_non_null(strstr(msg, "卢湾区"));
    assert_int_equal(yj_setup_check_code("310100", region, sizeof region, msg, sizeof msg),
                     YJ_SU_BAD);
    assert_non_null(strstr(msg, "占位"));
    assert_int_equal(yj_setup_check_code("3101040", region, sizeof region, msg, sizeof msg),
                     YJ_SU_BAD);
    char name[256];
    yj_setup_suggest_name("310104", name, sizeof name);
    assert_string_equal(name, "上海市徐汇区政务服务中心");
    yj_setup_suggest_name("999999", name, sizeof name);
    assert_string_equal(name, "");
}

static void
test_name_terminal(void **state)
{
    (void)state;
    assert_int_equal(yj_setup_check_name("", msg, sizeof msg), YJ_SU_INCOMPLETE);
    assert_int_equal(yj_setup_check_name("甲", msg, sizeof msg), YJ_SU_INCOMPLETE);
    assert_int_equal(yj_setup_check_name("徐汇区社区事务受理服务中心", msg, sizeof msg), YJ_SU_OK);
    assert_int_equal(yj_setup_check_name(" 中心", msg, sizeof msg), YJ_SU_BAD);
    assert_int_equal(yj_setup_check_name("中\t心", msg, sizeof msg), YJ_SU_BAD);
    char longname[200] = "";
    for (int i = 0; i < 41; i++)
        strcat(longname, "中");
    assert_int_equal(yj_setup_check_name(longname, msg, sizeof msg), YJ_SU_BAD);

    char t[8];
    strcpy(t, "k0");
    assert_int_equal(yj_setup_check_terminal(t, msg, sizeof msg), YJ_SU_INCOMPLETE);
    assert_string_equal(t, "K0");
    strcpy(t, "k02");
    assert_int_equal(yj_setup_check_terminal(t, msg, sizeof msg), YJ_SU_OK);
    assert_string_equal(t, "K02");
    strcpy(t, "K-1");
    assert_int_equal(yj_setup_check_terminal(t, msg, sizeof msg), YJ_SU_BAD);
    assert_non_null(strstr(msg, "大写字母和数字"));
    strcpy(t, "K001");
    assert_int_equal(yj_setup_check_terminal(t, msg, sizeof msg), YJ_SU_BAD);
}

static void
test_printer_upstream(void **state)
{
    (void)state;
    struct yj_print_queue q[2] = {{"front", "前台", true}, {"back", "", false}};
    assert_int_equal(yj_setup_check_printer("back", q, 2, msg, sizeof msg), YJ_SU_OK);
    assert_int_equal(yj_setup_check_printer("", q, 2, msg, sizeof msg), YJ_SU_OK);
    assert_int_equal(yj_setup_check_printer("", NULL, -1, msg, sizeof msg), YJ_SU_OK);
    assert_int_equal(yj_setup_check_printer("side", q, 2, msg, sizeof msg), YJ_SU_BAD);
    assert_non_null(strstr(msg, "front、back"));
    assert_int_equal(yj_setup_check_printer("front", NULL, -1, msg, sizeof msg), YJ_SU_BAD);
    assert_non_null(strstr(msg, "打印服务未运行"));
    assert_int_equal(yj_setup_check_printer("a b", q, 2, msg, sizeof msg), YJ_SU_BAD);

    assert_int_equal(yj_setup_check_upstream("", msg, sizeof msg), YJ_SU_OK);
    assert_int_equal(yj_setup_check_upstream("https://up.example.cn/api", msg, sizeof msg),
                     YJ_SU_OK);
    assert_int_equal(yj_setup_check_upstream("http://127.0.0.1:8080", msg, sizeof msg), YJ_SU_OK);
    assert_int_equal(yj_setup_check_upstream("http://localhost/", msg, sizeof msg), YJ_SU_OK);
    assert_int_equal(yj_setup_check_upstream("http://up.example.cn/", msg, sizeof msg), YJ_SU_BAD);
    assert_non_null(strstr(msg, "https://"));
    assert_int_equal(yj_setup_check_upstream("https://u:p@up.example.cn/", msg, sizeof msg),
                     YJ_SU_BAD);
    assert_non_null(strstr(msg, "用户名"));
    assert_int_equal(yj_setup_check_upstream("ftp://x/", msg, sizeof msg), YJ_SU_BAD);
}

/* The steps: refused input stays, Enter moves on, Esc moves back, the name is
 * suggested from the code unless one was typed. */
static void
test_steps(void **state)
{
    (void)state;
    struct yj_setup_values v;
    yj_setup_prefill(&v, NULL);
    struct yj_setup s;
    yj_setup_init(&s, &v);
    assert_false(yj_setup_back(&s)); /* first field: the caller asks to quit */
    assert_false(yj_setup_enter(&s, "31010", NULL, 0, msg, sizeof msg));
    assert_int_equal(s.step, YJ_SU_CODE);
    assert_false(yj_setup_enter(&s, "999999", NULL, 0, msg, sizeof msg));
    assert_true(yj_setup_enter(&s, "310104", NULL, 0, msg, sizeof msg));
    assert_int_equal(s.step, YJ_SU_NAME);
    assert_string_equal(s.v.centre_name, "上海市徐汇区政务服务中心");
    assert_true(yj_setup_back(&s));
    assert_true(yj_setup_enter(&s, "310101", NULL, 0, msg, sizeof msg));
    assert_string_equal(s.v.centre_name, "上海市黄浦区政务服务中心"); /* follows the code */
    assert_true(yj_setup_enter(&s, "黄浦区市民中心", NULL, 0, msg, sizeof msg));
    assert_true(yj_setup_back(&s));
    assert_true(yj_setup_back(&s));
    assert_true(yj_setup_enter(&s, "310104", NULL, 0, msg, sizeof msg));
    assert_string_equal(s.v.centre_name, "黄浦区市民中心"); /* typed: kept */
    assert_true(yj_setup_enter(&s, "黄浦区市民中心", NULL, 0, msg, sizeof msg));
    assert_false(yj_setup_enter(&s, "K1", NULL, 0, msg, sizeof msg));
    assert_true(yj_setup_enter(&s, "k07", NULL, 0, msg, sizeof msg));
    assert_string_equal(s.v.terminal_id, "K07");
    struct yj_print_queue q[1] = {{"front", "", true}};
    assert_false(yj_setup_enter(&s, "nosuch", q, 1, msg, sizeof msg));
    assert_true(yj_setup_enter(&s, "front", q, 1, msg, sizeof msg));
    assert_false(yj_setup_enter(&s, "http://up.example.cn", NULL, 0, msg, sizeof msg));
    assert_true(yj_setup_enter(&s, "", NULL, 0, msg, sizeof msg));
    assert_int_equal(s.step, YJ_SU_SUMMARY);
    char *sum = yj_setup_summary(&s.v);
    assert_non_null(strstr(sum, "服务中心代码：310104（上海市徐汇区）\n"));
    assert_non_null(strstr(sum, "终端编号：K07\n"));
    assert_non_null(strstr(sum, "打印机：front\n"));
    free(sum);
}

/* Prefill from a file, write it back with the key; a second run keeps the key
 * of the same terminal and replaces it for another terminal id. */
static void
test_apply(void **state)
{
    (void)state;
    char dir[] = "/tmp/yjsetup.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *path = xasprintf("%s/etc/yijian.conf", dir);
    char *keys = xasprintf("%s/keys", dir);
    char *etc = xasprintf("%s/etc", dir);
    assert_int_equal(mkdir(etc, 0755), 0);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "# kept\nkeys.dir = %s\ndb = %s/yijian.db\nunrelated = 1\n[print]\nprinter = old\n",
            keys, dir);
    fclose(f);
    struct yj_conffile *cf = yj_conffile_read(path, NULL, msg, sizeof msg);
    assert_non_null(cf);
    struct yj_setup_values v;
    yj_setup_prefill(&v, cf);
    yj_conffile_free(&cf);
    assert_true(v.printer_known);
    assert_string_equal(v.printer, "old");
    assert_false(v.upstream_known);
    strcpy(v.centre_code, "310104");
    strcpy(v.centre_name, "徐汇中心");
    strcpy(v.terminal_id, "K03");
    struct yj_setup_result r;
    assert_int_equal(yj_setup_apply(path, &v, &r, msg, sizeof msg), 0);
    assert_true(r.key_created);
    assert_string_equal(r.key_dir, keys);
    char *dbp = xasprintf("%s/yijian.db", dir);
    assert_string_equal(r.db_path, dbp);
    struct stat dst;
    assert_int_equal(stat(dbp, &dst), 0); /* setup makes the database */
    free(dbp);
    assert_int_equal(strncmp(r.publine, "K03 ", 4), 0);
    char *text = yj_read_file(path, NULL);
    assert_non_null(strstr(text, "# kept\n"));
    assert_non_null(strstr(text, "unrelated = 1\n"));
    assert_non_null(strstr(text, "centre_code = 310104\n"));
    assert_non_null(strstr(text, "[print]\nprinter = old\nenabled = yes\n"));
    assert_null(strstr(text, "[sync]"));
    free(text);
    char *kp = xasprintf("%s/terminal.key", keys);
    struct stat st;
    assert_int_equal(stat(kp, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    /* Same terminal: the key is kept. */
    char first[256];
    snprintf(first, sizeof first, "%s", r.publine);
    assert_int_equal(yj_setup_apply(path, &v, &r, msg, sizeof msg), 0);
    assert_false(r.key_created);
    assert_string_equal(r.publine, first);
    /* Another terminal id: a new key. */
    strcpy(v.terminal_id, "K04");
    assert_int_equal(yj_setup_apply(path, &v, &r, msg, sizeof msg), 0);
    assert_true(r.key_created);
    assert_int_equal(strncmp(r.publine, "K04 ", 4), 0);
    /* A bad value writes nothing. */
    text = yj_read_file(path, NULL);
    strcpy(v.centre_code, "310103");
    assert_int_equal(yj_setup_apply(path, &v, &r, msg, sizeof msg), -1);
    assert_non_null(strstr(msg, "已撤销"));
    char *now = yj_read_file(path, NULL);
    assert_string_equal(now, text);
    free(now);
    free(text);
    free(kp);
    char *rm = xasprintf("rm -rf %s", dir);
    assert_int_equal(system(rm), 0);
    free(rm);
    free(path);
    free(keys);
    free(etc);
}

int
main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_code),
        cmocka_unit_test(test_name_terminal),
        cmocka_unit_test(test_printer_upstream),
        cmocka_unit_test(test_steps),
        cmocka_unit_test(test_apply),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
