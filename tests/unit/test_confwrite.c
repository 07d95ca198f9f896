/* test_confwrite.c: the configuration writer keeps what it does not change,
 * adds keys where they belong, and never damages the old file on failure. */
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

static const char original[] = "# yijian configuration of the Xuhui centre\n"
                               "centre_code = 310000\n"
                               "db=/var/lib/yijian/yijian.db\n"
                               "\n"
                               "; the kiosk\n"
                               "[kiosk]\n"
                               "idle_timeout = 90   \n"
                               "\n"
                               "# printing\n"
                               "[print]\n"
                               "paper = 80mm\n"
                               "printer = old-queue\n"
                               "\n"
                               "[other]\n"
                               "x = 1\n";

static struct yj_conffile *
parse(const char *text)
{
    char err[256];
    struct yj_conffile *cf = yj_conffile_parse(text, err, sizeof err);
    assert_non_null(cf);
    return cf;
}

/* Unchanged text round-trips byte for byte; reading gives yj_config_get's view. */
static void
test_roundtrip(void **state)
{
    (void)state;
    struct yj_conffile *cf = parse(original);
    char *t = yj_conffile_text(cf);
    assert_string_equal(t, original);
    free(t);
    assert_string_equal(yj_conffile_get(cf, "centre_code"), "310000");
    assert_string_equal(yj_conffile_get(cf, "db"), "/var/lib/yijian/yijian.db");
    assert_string_equal(yj_conffile_get(cf, "print.printer"), "old-queue");
    assert_string_equal(yj_conffile_get(cf, "kiosk.idle_timeout"), "90");
    assert_null(yj_conffile_get(cf, "printer"));
    assert_null(yj_conffile_get(cf, "terminal_id"));
    yj_conffile_free(&cf);
}

/* Updates in place, adds missing keys under their section, new sections at the end. */
static void
test_update_and_add(void **state)
{
    (void)state;
    struct yj_conffile *cf = parse(original);
    yj_conffile_set(cf, "centre_code", "310104");
    yj_conffile_set(cf, "terminal_id", "K02");
    yj_conffile_set(cf, "db", "/srv/y.db");
    yj_conffile_set(cf, "print.printer", "q1");
    yj_conffile_set(cf, "print.enabled", "yes");
    yj_conffile_set(cf, "sync.base_url", "https://up.example/");
    char *t = yj_conffile_text(cf);
    assert_string_equal(t, "# yijian configuration of the Xuhui centre\n"
                           "centre_code = 310104\n"
                           "db=/srv/y.db\n"
                           "terminal_id = K02\n"
                           "\n"
                           "; the kiosk\n"
                           "[kiosk]\n"
                           "idle_timeout = 90   \n"
                           "\n"
                           "# printing\n"
                           "[print]\n"
                           "paper = 80mm\n"
                           "printer = q1\n"
                           "enabled = yes\n"
                           "\n"
                           "[other]\n"
                           "x = 1\n"
                           "\n"
                           "[sync]\n"
                           "base_url = https://up.example/\n");
    free(t);
    assert_string_equal(yj_conffile_get(cf, "sync.base_url"), "https://up.example/");
    /* A line break in a value cannot smuggle in another key. */
    yj_conffile_set(cf, "centre_name", "甲\nterminal_id = X");
    assert_string_equal(yj_conffile_get(cf, "centre_name"), "甲");
    assert_string_equal(yj_conffile_get(cf, "terminal_id"), "K02");
    yj_conffile_free(&cf);
}

/* A file with only sections gets top-level keys above the first section's comment. */
static void
test_add_top_level(void **state)
{
    (void)state;
    struct yj_conffile *cf = parse("# header\n\n# sync\n[sync]\nbase_url = https://a/\n");
    yj_conffile_set(cf, "centre_code", "310104");
    yj_conffile_set(cf, "sync.base_url", "");
    char *t = yj_conffile_text(cf);
    assert_string_equal(t, "# header\n\ncentre_code = 310104\n\n# sync\n[sync]\nbase_url =\n");
    free(t);
    yj_conffile_set(cf, "sync.base_url", "https://b/");
    t = yj_conffile_text(cf);
    assert_string_equal(
        t, "# header\n\ncentre_code = 310104\n\n# sync\n[sync]\nbase_url = https://b/\n");
    free(t);
    yj_conffile_free(&cf);
    /* Dotted keys written before any section are updated where they are. */
    cf = parse("print.printer = a\n");
    yj_conffile_set(cf, "print.printer", "b");
    t = yj_conffile_text(cf);
    assert_string_equal(t, "print.printer = b\n");
    free(t);
    yj_conffile_free(&cf);
    /* An empty file. */
    cf = yj_conffile_new();
    yj_conffile_set(cf, "centre_code", "310104");
    yj_conffile_set(cf, "print.printer", "q");
    t = yj_conffile_text(cf);
    assert_string_equal(t, "centre_code = 310104\n\n[print]\nprinter = q\n");
    free(t);
    yj_conffile_free(&cf);
}

/* Malformed files are refused with the line number. */
static void
test_malformed(void **state)
{
    (void)state;
    char err[256];
    assert_null(yj_conffile_parse("a = 1\nnot a pair\n", err, sizeof err));
    assert_non_null(strstr(err, "第 2 行"));
    assert_null(yj_conffile_parse("[open\n", err, sizeof err));
}

/* Save and load: what yj_config_load reads back is what was set; the mode is
 * kept; a failed save (at every step) leaves the old file byte for byte. */
static void
test_save_atomic(void **state)
{
    (void)state;
    char dir[] = "/tmp/yjconfw.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *path = xasprintf("%s/sub/dir/yijian.conf", dir);
    char err[512];
    struct yj_conffile *cf = parse(original);
    assert_int_equal(yj_conffile_save(cf, path, err, sizeof err), 0); /* creates sub/dir */
    assert_int_equal(chmod(path, 0640), 0);
    bool existed = false;
    struct yj_conffile *back = yj_conffile_read(path, &existed, err, sizeof err);
    assert_non_null(back);
    assert_true(existed);
    yj_conffile_set(back, "terminal_id", "K09");
    for (int step = 1; step <= 3; step++) {
        yj_conffile_fail_at(step);
        assert_int_equal(yj_conffile_save(back, path, err, sizeof err), -1);
        assert_non_null(strstr(err, "原文件未改动"));
        char *now = yj_read_file(path, NULL);
        assert_string_equal(now, original);
        free(now);
    }
    assert_int_equal(yj_conffile_save(back, path, err, sizeof err), 0);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0640);
    assert_int_equal(yj_config_load(path), 0);
    assert_string_equal(yj_config_get("terminal_id", NULL), "K09");
    assert_string_equal(yj_config_get("print.printer", NULL), "old-queue");
    /* No temporary file is left behind. */
    char *ls = xasprintf("ls -a %s/sub/dir | grep -c yijian.conf. >/dev/null", dir);
    assert_int_not_equal(system(ls), 0);
    free(ls);
    /* A path through a regular file cannot be written; the message says why. */
    char *bad = xasprintf("%s/yijian.conf/x.conf", path);
    assert_int_equal(yj_conffile_save(back, bad, err, sizeof err), -1);
    assert_non_null(strstr(err, "不是目录"));
    free(bad);
    yj_conffile_free(&cf);
    yj_conffile_free(&back);
    char *rm = xasprintf("rm -rf %s", dir);
    assert_int_equal(system(rm), 0);
    free(rm);
    free(path);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roundtrip),     cmocka_unit_test(test_update_and_add),
        cmocka_unit_test(test_add_top_level), cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_save_atomic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
