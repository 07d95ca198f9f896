/* test_doctor.c: the rules of `yijian doctor` with made-up measurements (disk,
 * database, outbox, upstream, printer, fonts), and the checks that read files
 * (store health, keys, configuration) against temporary ones. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli/doctor.h"
#include "core/paths.h"
#include "print/print.h"
#include "print/qrpayload.h"
#include "store/store.h"
#include "sync/sync.h"

static struct yj_doctor_limits
limits(void)
{
    struct yj_doctor_limits l = {.min_free_mb = 100,
                                 .min_free_percent = 5,
                                 .outbox_max_age_h = 24,
                                 .outbox_max_held = 0,
                                 .clock_max_skew_s = 60,
                                 .require_upstream = false};
    return l;
}

#define MB (1024ULL * 1024)

static long long
value(const struct yj_check *c, const char *key)
{
    return json_integer_value(json_object_get(c->values, key));
}

static void
test_limits_defaults(void **state)
{
    (void)state;
    struct yj_doctor_limits l;
    yj_doctor_limits_load(&l);
    assert_int_equal(l.min_free_mb, 100);
    assert_int_equal(l.min_free_percent, 5);
    assert_int_equal(l.outbox_max_age_h, 24);
    assert_int_equal(l.outbox_max_held, 0);
    assert_int_equal(l.clock_max_skew_s, 60);
    assert_false(l.require_upstream);
}

static void
test_disk(void **state)
{
    (void)state;
    struct yj_doctor_limits l = limits();
    struct yj_check c;
    yj_check_init(&c, "disk", "磁盘空间");
    yj_doctor_judge_disk(&c, "/var", 500 * MB, 1000 * MB, &l); /* 50% */
    assert_int_equal(c.state, YJ_CHECK_OK);
    assert_int_equal(value(&c, "free_bytes"), (long long)(500 * MB));
    yj_check_free(&c);
    yj_check_init(&c, "disk", "磁盘空间");
    yj_doctor_judge_disk(&c, "/var", 99 * MB, 1000 * MB, &l); /* under 100 MB */
    assert_int_equal(c.state, YJ_CHECK_FAIL);
    assert_non_null(strstr(c.fix, "purge"));
    yj_check_free(&c);
    yj_check_init(&c, "disk", "磁盘空间");
    yj_doctor_judge_disk(&c, "/var", 4000 * MB, 100000 * MB, &l); /* 4% */
    assert_int_equal(c.state, YJ_CHECK_FAIL);
    yj_check_free(&c);
    yj_check_init(&c, "disk", "磁盘空间");
    yj_doctor_judge_disk(&c, "/var", 0, 0, &l); /* statvfs failed */
    assert_int_equal(c.state, YJ_CHECK_INFO);
    yj_check_free(&c);
}

static struct yj_store_health
healthy(void)
{
    struct yj_store_health h;
    memset(&h, 0, sizeof h);
    h.opened = h.integrity_ok = true;
    h.schema = h.schema_expected = 3;
    h.size_bytes = 4096 * 10;
    h.cases = 2;
    h.oldest_pending_age_s = -1;
    return h;
}

static void
test_db(void **state)
{
    (void)state;
    struct yj_check c;
    struct yj_store_health h = healthy();
    yj_check_init(&c, "database", "数据库");
    yj_doctor_judge_db(&c, "/d/y.db", true, &h);
    assert_int_equal(c.state, YJ_CHECK_OK);
    assert_int_equal(value(&c, "cases"), 2);
    yj_check_free(&c);

    /* an expression that failed for a citizen this week: staff are told */
    h.expr_failures = 2;
    yj_check_init(&c, "database", "数据库");
    yj_doctor_judge_db(&c, "/d/y.db", true, &h);
    assert_int_equal(c.state, YJ_CHECK_FAIL);
    assert_non_null(strstr(c.detail, "2 个办件遇到无法计算的表单表达式"));
    assert_non_null(strstr(c.fix, "forms check --strict"));
    yj_check_free(&c);
    h.expr_failures = 0;

    yj_check_init(&c, "database", "数据库");
    yj_doctor_judge_db(&c, "/d/y.db", false, &h);
    assert_int_equal(c.state, YJ_CHECK_FAIL);
    assert_non_null(strstr(c.detail, "不存在"));
    yj_check_free(&c);

    /* read-only and older at once: both named, both remedies */
    h.readonly = true;
    h.schema = 2;
    yj_check_init(&c, "database", "数据库");
    yj_doctor_judge_db(&c, "/d/y.db", true, &h);
    assert_int_equal(c.state, YJ_CHECK_FAIL);
    assert_non_null(strstr(c.detail, "不可写"));
    assert_non_null(strstr(c.detail, "低于"));
    assert_non_null(strstr(c.fix, "mount"));
    assert_non_null(strstr(c.fix, "case list"));
    yj_check_free(&c);

    h = healthy();
    h.schema = 9;
    yj_check_init(&c, "database", "数据库");
    yj_doctor_judge_db(&c, "/d/y.db", true, &h);
    assert_non_null(strstr(c.detail, "高于"));
    yj_check_free(&c);

    h = healthy();
    h.integrity_ok = false;
    snprintf(h.integrity, sizeof h.integrity, "Page 5: btreeInitPage() returns error code 11");
    yj_check_init(&c, "database", "数据库");
    yj_doctor_judge_db(&c, "/d/y.db", true, &h);
    assert_int_equal(c.state, YJ_CHECK_FAIL);
    assert_non_null(strstr(c.detail, "Page 5"));
    yj_check_free(&c);
}

static void
test_outbox(void **state)
{
    (void)state;
    struct yj_doctor_limits l = limits();
    struct yj_check c;
    struct yj_store_health h = healthy();
    h.pending = 3;
    h.oldest_pending_age_s = 3600;
    yj_check_init(&c, "outbox", "上报队列");
    yj_doctor_judge_outbox(&c, &h, true, &l);
    assert_int_equal(c.state, YJ_CHECK_OK);
    assert_int_equal(value(&c, "pending"), 3);
    assert_int_equal(value(&c, "oldest_pending_age_s"), 3600);
    yj_check_free(&c);

    h.oldest_pending_age_s = 25 * 3600;
    yj_check_init(&c, "outbox", "上报队列");
    yj_doctor_judge_outbox(&c, &h, true, &l);
    assert_int_equal(c.state, YJ_CHECK_FAIL);
    yj_check_free(&c);
    /* nothing will ever send them: old is not a fault */
    yj_check_init(&c, "outbox", "上报队列");
    yj_doctor_judge_outbox(&c, &h, false, &l);
    assert_int_equal(c.state, YJ_CHECK_OK);
    yj_check_free(&c);

    h.oldest_pending_age_s = 10;
    h.held = 1;
    yj_check_init(&c, "outbox", "上报队列");
    yj_doctor_judge_outbox(&c, &h, true, &l);
    assert_int_equal(c.state, YJ_CHECK_FAIL);
    assert_non_null(strstr(c.fix, "sync retry"));
    yj_check_free(&c);
    l.outbox_max_held = 1;
    yj_check_init(&c, "outbox", "上报队列");
    yj_doctor_judge_outbox(&c, &h, true, &l);
    assert_int_equal(c.state, YJ_CHECK_OK);
    yj_check_free(&c);

    yj_check_init(&c, "outbox", "上报队列");
    yj_doctor_judge_outbox(&c, NULL, true, &l);
    assert_int_equal(c.state, YJ_CHECK_INFO);
    yj_check_free(&c);
}

static void
test_upstream(void **state)
{
    (void)state;
    struct yj_doctor_limits l = limits();
    struct yj_check c;
    struct yj_upstream_probe p;
    memset(&p, 0, sizeof p);
    yj_check_init(&c, "upstream", "上游平台");
    yj_doctor_judge_upstream(&c, &p, &l);
    assert_int_equal(c.state, YJ_CHECK_INFO);
    yj_check_free(&c);
    l.require_upstream = true;
    yj_check_init(&c, "upstream", "上游平台");
    yj_doctor_judge_upstream(&c, &p, &l);
    assert_int_equal(c.state, YJ_CHECK_FAIL);
    yj_check_free(&c);
    l.require_upstream = false;

    p.configured = p.settings_ok = p.reached = p.https = p.has_date = true;
    snprintf(p.url, sizeof p.url, "https://up.example");
    p.status = 200;
    p.clock_offset_s = -60; /* exactly the limit still holds */
    yj_check_init(&c, "upstream", "上游平台");
    yj_doctor_judge_upstream(&c, &p, &l);
    assert_int_equal(c.state, YJ_CHECK_OK);
    assert_non_null(strstr(c.detail, "TLS"));
    assert_int_equal(value(&c, "clock_offset_s"), -60);
    yj_check_free(&c);

    p.clock_offset_s = 61;
    yj_check_init(&c, "upstream", "上游平台");
    yj_doctor_judge_upstream(&c, &p, &l);
    assert_int_equal(c.state, YJ_CHECK_FAIL);
    assert_non_null(strstr(c.detail, "慢 61 秒"));
    yj_check_free(&c);

    p.clock_offset_s = 0;
    p.status = 401;
    yj_check_init(&c, "upstream", "上游平台");
    yj_doctor_judge_upstream(&c, &p, &l);
    assert_int_equal(c.state, YJ_CHECK_FAIL);
    yj_check_free(&c);

    p.reached = false;
    p.tls_failed = true;
    snprintf(p.err, sizeof p.err, "SSL certificate problem");
    yj_check_init(&c, "upstream", "上游平台");
    yj_doctor_judge_upstream(&c, &p, &l);
    assert_int_equal(c.state, YJ_CHECK_FAIL);
    assert_non_null(strstr(c.fix, "sync.ca_file"));
    yj_check_free(&c);
}

static void
test_printer(void **state)
{
    (void)state;
    struct yj_check c;
    struct yj_printer_probe p;
    memset(&p, 0, sizeof p);
    snprintf(p.name, sizeof p.name, "kioskdesk");
    p.state = 3;
    p.accepting = true;
    snprintf(p.reasons, sizeof p.reasons, "none");
    yj_check_init(&c, "printer", "打印机");
    yj_doctor_judge_printer(&c, YJ_PROBE_PRINTER_OK, &p, false);
    assert_int_equal(c.state, YJ_CHECK_OK);
    assert_non_null(strstr(c.detail, "printer-state idle"));
    yj_check_free(&c);

    p.state = 5;
    p.accepting = false;
    yj_check_init(&c, "printer", "打印机");
    yj_doctor_judge_printer(&c, YJ_PROBE_PRINTER_OK, &p, false);
    assert_int_equal(c.state, YJ_CHECK_FAIL);
    assert_non_null(strstr(c.detail, "已暂停（printer-state stopped"));
    assert_non_null(strstr(c.fix, "cupsenable kioskdesk"));
    assert_non_null(strstr(c.fix, "cupsaccept kioskdesk"));
    yj_check_free(&c);

    p.state = 3;
    p.accepting = true;
    snprintf(p.reasons, sizeof p.reasons, "toner-low-warning,media-empty-error");
    yj_check_init(&c, "printer", "打印机");
    yj_doctor_judge_printer(&c, YJ_PROBE_PRINTER_OK, &p, false);
    assert_int_equal(c.state, YJ_CHECK_FAIL);
    yj_check_free(&c);
    snprintf(p.reasons, sizeof p.reasons, "toner-low-warning");
    yj_check_init(&c, "printer", "打印机");
    yj_doctor_judge_printer(&c, YJ_PROBE_PRINTER_OK, &p, false);
    assert_int_equal(c.state, YJ_CHECK_OK);
    yj_check_free(&c);

    snprintf(p.device_uri, sizeof p.device_uri, "file:///var/spool/out.pdf");
    yj_check_init(&c, "printer", "打印机");
    yj_doctor_judge_printer(&c, YJ_PROBE_PRINTER_OK, &p, true);
    assert_int_equal(c.state, YJ_CHECK_FAIL);
    assert_non_null(strstr(c.detail, "/var/spool/out.pdf"));
    yj_check_free(&c);

    for (int rc = YJ_PROBE_PRINTER_NO_SERVER; rc <= YJ_PROBE_PRINTER_NO_DEFAULT; rc++) {
        yj_check_init(&c, "printer", "打印机");
        yj_doctor_judge_printer(&c, rc, &p, false);
        assert_int_equal(c.state, YJ_CHECK_FAIL);
        assert_true(c.fix[0] != '\0');
        yj_check_free(&c);
    }
}

static void
test_fonts(void **state)
{
    (void)state;
    struct yj_check c;
    struct yj_font_probe f;
    memset(&f, 0, sizeof f);
    snprintf(f.wanted, sizeof f.wanted, "Noto Sans CJK SC");
    snprintf(f.got, sizeof f.got, "Noto Sans CJK SC");
    f.exact = true;
    yj_check_init(&c, "fonts", "回执字体");
    yj_doctor_judge_fonts(&c, 0, &f);
    assert_int_equal(c.state, YJ_CHECK_OK);
    yj_check_free(&c);
    snprintf(f.got, sizeof f.got, "DejaVu Sans");
    f.exact = false;
    f.cjk_missing = 10;
    yj_check_init(&c, "fonts", "回执字体");
    yj_doctor_judge_fonts(&c, 0, &f);
    assert_int_equal(c.state, YJ_CHECK_FAIL);
    assert_non_null(strstr(c.fix, "fonts-noto-cjk"));
    yj_check_free(&c);
}

static void
test_sizes(void **state)
{
    (void)state;
    char b[32];
    yj_doctor_bytes(512, b, sizeof b);
    assert_string_equal(b, "512 B");
    yj_doctor_bytes(3 * MB / 2, b, sizeof b);
    assert_string_equal(b, "1.5 MB");
    yj_doctor_age(90061, b, sizeof b);
    assert_string_equal(b, "1 天 1 小时");
    yj_doctor_age(59, b, sizeof b);
    assert_string_equal(b, "59 秒");
}

/* A temporary directory; caller frees. */
static char *
tmpdir(void)
{
    char *d = strdup("/tmp/yj-doctor-XXXXXX");
    assert_non_null(mkdtemp(d));
    return d;
}

static void
rmtree(const char *d)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", d);
    assert_int_equal(system(cmd), 0);
}

static void
test_store_health(void **state)
{
    (void)state;
    char *d = tmpdir(), path[512], err[512];
    snprintf(path, sizeof path, "%s/y.db", d);
    struct yj_store_health h;
    assert_int_equal(yj_store_health(path, 0, &h), -1);
    assert_int_equal(access(path, F_OK), -1); /* never created */
    struct yj_store *s = yj_store_open(path, err, sizeof err);
    assert_non_null(s);
    yj_store_close(&s);
    assert_int_equal(yj_store_health(path, 0, &h), 0);
    assert_true(h.opened && h.integrity_ok && !h.readonly);
    assert_int_equal(h.schema, h.schema_expected);
    assert_true(h.size_bytes > 0);
    assert_int_equal(h.cases, 0);
    assert_int_equal(h.oldest_pending_age_s, -1);
    /* a file that is not SQLite */
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("this is not a database, just some text long enough to be read as one", f);
    fclose(f);
    assert_int_equal(yj_store_health(path, 0, &h), 0);
    assert_false(h.opened);
    rmtree(d);
    free(d);
}

static void
test_keys(void **state)
{
    (void)state;
    char *d = tmpdir(), msg[512], key[512];
    yj_config_set("terminal_id", "K09");
    struct yj_check c;
    yj_check_init(&c, "keys", "签名密钥");
    yj_doctor_check_keys(&c, d, "/nonexistent/trusted", false);
    assert_int_equal(c.state, YJ_CHECK_FAIL);
    assert_non_null(strstr(c.fix, "keys init"));
    yj_check_free(&c);

    assert_int_equal(yj_keys_init(d, "K09", false, msg, sizeof msg), 0);
    yj_check_init(&c, "keys", "签名密钥");
    yj_doctor_check_keys(&c, d, "/nonexistent/trusted", false);
    assert_int_equal(c.state, YJ_CHECK_OK);
    yj_check_free(&c);
    /* configured but unreadable trusted file */
    yj_check_init(&c, "keys", "签名密钥");
    yj_doctor_check_keys(&c, d, "/nonexistent/trusted", true);
    assert_int_equal(c.state, YJ_CHECK_FAIL);
    yj_check_free(&c);

    snprintf(key, sizeof key, "%s/terminal.key", d);
    assert_int_equal(chmod(key, 0644), 0);
    yj_check_init(&c, "keys", "签名密钥");
    yj_doctor_check_keys(&c, d, "/nonexistent/trusted", false);
    assert_int_equal(c.state, YJ_CHECK_FAIL);
    assert_non_null(strstr(c.fix, "chmod 600"));
    yj_check_free(&c);
    assert_int_equal(chmod(key, 0600), 0);

    yj_config_set("terminal_id", "K10"); /* the key belongs to K09 */
    yj_check_init(&c, "keys", "签名密钥");
    yj_doctor_check_keys(&c, d, "/nonexistent/trusted", false);
    assert_int_equal(c.state, YJ_CHECK_FAIL);
    assert_non_null(strstr(c.detail, "K09"));
    yj_check_free(&c);
    rmtree(d);
    free(d);
}

static void
test_config(void **state)
{
    (void)state;
    struct yj_check c;
    yj_config_set("centre_code", "310104");
    yj_config_set("terminal_id", "K01");
    yj_config_set("centre_name", "测试中心");
    yj_check_init(&c, "config", "配置");
    yj_doctor_check_config(&c, "/etc/yijian/yijian.conf", false, true, "");
    assert_int_equal(c.state, YJ_CHECK_OK);
    assert_non_null(strstr(c.detail, "徐汇区"));
    yj_check_free(&c);

    yj_config_set("centre_code", "");
    yj_config_set("terminal_id", "k1");
    yj_check_init(&c, "config", "配置");
    yj_doctor_check_config(&c, "/etc/yijian/yijian.conf", false, true, "");
    assert_int_equal(c.state, YJ_CHECK_FAIL);
    assert_non_null(strstr(c.detail, "centre_code"));
    assert_non_null(strstr(c.detail, "terminal_id"));
    yj_check_free(&c);

    yj_config_set("centre_code", "999999");
    yj_config_set("terminal_id", "K01");
    yj_check_init(&c, "config", "配置");
    yj_doctor_check_config(&c, "/x.conf", true, true, "");
    assert_int_equal(c.state, YJ_CHECK_FAIL);
    assert_non_null(strstr(c.detail, "regions.tsv"));
    yj_check_free(&c);

    yj_config_set("centre_code", "310104");
    yj_check_init(&c, "config", "配置");
    yj_doctor_check_config(&c, "/x.conf", true, false, "");
    assert_int_equal(c.state, YJ_CHECK_FAIL);
    assert_non_null(strstr(c.detail, "不存在"));
    yj_check_free(&c);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_limits_defaults),
        cmocka_unit_test(test_disk),
        cmocka_unit_test(test_db),
        cmocka_unit_test(test_outbox),
        cmocka_unit_test(test_upstream),
        cmocka_unit_test(test_printer),
        cmocka_unit_test(test_fonts),
        cmocka_unit_test(test_sizes),
        cmocka_unit_test(test_store_health),
        cmocka_unit_test(test_keys),
        cmocka_unit_test(test_config),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
