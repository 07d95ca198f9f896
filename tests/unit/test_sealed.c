/* test_sealed.c: the receipt QR's sealed case copy through the one import a
 * counter uses (yj_import_qr): what a phone reads of it, centre key rotation,
 * a wrong centre key, and an import never taking status, clerk or results
 * from a code. */
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
#include <zlib.h>

#include "core/case.h"
#include "core/casebuild.h"
#include "core/caseno.h"
#include "core/form.h"
#include "core/plan.h"
#include "core/paths.h"
#include "core/util.h"
#include "print/base45.h"
#include "print/centre.h"
#include "print/print.h"
#include "print/qrpayload.h"
#include "store/store.h"

static char tmpdir[64];
static char kioskdir[128], counterdir[128], otherdir[128], trusted[160];
static struct yj_keypair kiosk;
static const struct yj_actor clerk = {"clerk", "zhao"};

/* The case a kiosk submitted, as its receipt sees it, made to claim it was
 * accepted, done and closed by clerk li01. */
static void
make_case(struct yj_case *c, const char *case_no, const char *uuid)
{
    memset(c, 0, sizeof *c);
    c->uuid = xstrdup(uuid);
    c->case_no = xstrdup(case_no);
    c->thing_id = xstrdup("birth");
    c->form_version = xstrdup("0123456789abcdef");
    c->channel = xstrdup("kiosk");
    c->centre = xstrdup("310104");
    c->terminal = xstrdup("K01");
    c->status = xstrdup(YJ_CASE_CLOSED);
    c->submitted_at = xstrdup("2026-11-23T08:15:00Z");
    c->updated_at = xstrdup("2026-11-25T10:00:00Z");
    c->applicant_name = xstrdup("张晓梅");
    c->applicant_id = xstrdup("310104199003071234");
    c->clerk_id = xstrdup("li01");
    c->revision = 7;
    c->nitems = 1;
    c->items = xcalloc(1, sizeof c->items[0]);
    c->items[0].item_id = xstrdup("birth.registration");
    c->items[0].dept_id = xstrdup("police");
    c->items[0].time_limit_days = 5;
    c->items[0].status = xstrdup(YJ_ITEM_DONE);
    c->items[0].due_date = xstrdup("2026-11-30");
    c->items[0].result = xstrdup("证书 123");
    yj_answers_set(&c->answers, "mother.name", "张晓梅");
    yj_answers_set(&c->answers, "mother.id_number", "310104199003071234");
    yj_answers_set(&c->answers, "mother.mobile", "13816652093");
    yj_answers_set(&c->answers, "payee.bank_account", "6228920001345678904");
}

/* A centre key pair LABEL in dir; *pk gets its public half. */
static void
centre_key(const char *dir, const char *label, unsigned char pk[32])
{
    char msg[256], *line = NULL;
    assert_int_equal(yj_centre_init(dir, label, false, &line, msg, sizeof msg), 0);
    char path[200];
    snprintf(path, sizeof path, "%s/pub-%s", tmpdir, label);
    FILE *f = fopen(path, "w");
    fprintf(f, "# a comment first\n%s\n", line);
    fclose(f);
    char l2[65];
    assert_int_equal(yj_centre_pub_load(path, pk, l2, msg, sizeof msg), 0);
    assert_string_equal(l2, label);
    free(line);
}

static int
setup(void **state)
{
    (void)state;
    setenv("TZ", "UTC", 1);
    setenv("YJ_TODAY", "2026-11-23", 1);
    snprintf(tmpdir, sizeof tmpdir, "/tmp/yj-test-sealed-XXXXXX");
    if (mkdtemp(tmpdir) == NULL)
        return -1;
    snprintf(kioskdir, sizeof kioskdir, "%s/kiosk", tmpdir);
    snprintf(counterdir, sizeof counterdir, "%s/counter", tmpdir);
    snprintf(otherdir, sizeof otherdir, "%s/other", tmpdir);
    snprintf(trusted, sizeof trusted, "%s/trusted", tmpdir);
    yj_config_set("centre_code", "310104");
    yj_config_set("terminal_id", "C01");
    yj_config_set("holidays_file", "/nonexistent/holidays.txt");
    yj_config_set("keys.dir", counterdir);
    yj_config_set("keys.trusted", trusted);
    char msg[256];
    if (yj_keys_init(kioskdir, "K01", false, msg, sizeof msg) != 0 ||
        yj_keys_load(kioskdir, &kiosk, msg, sizeof msg) != 0)
        return -1;
    char *line = yj_keys_public_line(&kiosk);
    FILE *f = fopen(trusted, "w");
    fprintf(f, "%s\n", line);
    fclose(f);
    free(line);
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

/* A fresh store at tmpdir/NAME.db. */
static struct yj_store *
store(const char *name)
{
    char path[160], err[512];
    snprintf(path, sizeof path, "%s/%s.db", tmpdir, name);
    struct yj_store *s = yj_store_open(path, err, sizeof err);
    if (s == NULL)
        fail_msg("%s", err);
    return s;
}

/* Does the needle occur in the n bytes at p? */
static bool
has(const unsigned char *p, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(p + i, needle, k) == 0)
            return true;
    return false;
}

/* What a phone can do without the key: Base45, then raw inflate with the
 * dictionary from every offset; none of the person's numbers shows up. */
static void
assert_nothing_readable(const char *text)
{
    const char *secrets[] = {"310104199003071234", "13816652093", "6228920001345678904", "张晓梅"};
    const char *b = strchr(text + 4, ':');
    assert_non_null(b);
    unsigned char *bin = NULL;
    size_t n = 0;
    assert_int_equal(yj_base45_decode(b + 1, strlen(b + 1), &bin, &n), 0);
    for (size_t k = 0; k < YJ_ARRAY_LEN(secrets); k++) {
        assert_false(has((const unsigned char *)text, strlen(text), secrets[k]));
        assert_false(has(bin, n, secrets[k]));
    }
    unsigned char *out = xmalloc(YJ_QR_MAX_BODY);
    for (size_t off = 0; off < n; off++) {
        z_stream z;
        memset(&z, 0, sizeof z);
        assert_int_equal(inflateInit2(&z, -15), Z_OK);
        inflateSetDictionary(&z, yj_qr_dict, (uInt)yj_qr_dict_len);
        z.next_in = bin + off;
        z.avail_in = (uInt)(n - off);
        z.next_out = out;
        z.avail_out = YJ_QR_MAX_BODY;
        inflate(&z, Z_FINISH);
        size_t got = YJ_QR_MAX_BODY - z.avail_out;
        inflateEnd(&z);
        for (size_t k = 0; k < YJ_ARRAY_LEN(secrets); k++)
            if (has(out, got, secrets[k]))
                fail_msg("\"%s\" readable at offset %zu", secrets[k], off);
    }
    free(out);
    free(bin);
}

/* The same decoder finds the numbers in a format-1 copy in clear: the check
 * above is a real one. */
static void
test_phone_reads_nothing(void **state)
{
    (void)state;
    struct yj_case c;
    make_case(&c, "310104-K01-20261123-0007-M", "3f2b8c1e-9a4d-4f6b-8e2a-1c5d7e9f0a2b");
    unsigned char pk[32];
    centre_key(otherdir, "phone", pk);
    char *sealed = yj_qrpayload_encode_sealed(&c, &kiosk, pk);
    assert_non_null(sealed);
    assert_true(yj_str_has_prefix(sealed, "YJ1:310104-K01-20261123-0007-M:"));
    assert_nothing_readable(sealed);
    /* the number-only code (no centre key): nothing either, not even the thing */
    char *short_code = yj_qrpayload_encode(&c, &kiosk, true);
    assert_nothing_readable(short_code);
    struct yj_qrpayload p;
    char msg[256];
    assert_int_equal(yj_qrpayload_parse(short_code, strlen(short_code), &p, msg, sizeof msg), 0);
    assert_null(p.c.thing_id);
    yj_qrpayload_free(&p);
    char *plain = yj_qrpayload_encode(&c, &kiosk, false);
    const char *b = strchr(plain + 4, ':');
    unsigned char *bin = NULL, *out = xmalloc(YJ_QR_MAX_BODY);
    size_t n = 0;
    assert_int_equal(yj_base45_decode(b + 1, strlen(b + 1), &bin, &n), 0);
    bool found = false;
    for (size_t off = 0; off < n && !found; off++) {
        z_stream z;
        memset(&z, 0, sizeof z);
        inflateInit2(&z, -15);
        inflateSetDictionary(&z, yj_qr_dict, (uInt)yj_qr_dict_len);
        z.next_in = bin + off;
        z.avail_in = (uInt)(n - off);
        z.next_out = out;
        z.avail_out = YJ_QR_MAX_BODY;
        inflate(&z, Z_FINISH);
        found = has(out, YJ_QR_MAX_BODY - z.avail_out, "310104199003071234");
        inflateEnd(&z);
    }
    assert_true(found);
    free(out);
    free(bin);
    free(plain);
    free(short_code);
    free(sealed);
    yj_case_free(&c);
}

/* A code claiming closed, clerk li01 and an item done (sealed, or in clear
 * from an older kiosk) imports as submitted with the item pending; the counter
 * holds two centre keys (rotation) and reads codes sealed to either. */
static void
test_import_as_submitted_and_rotation(void **state)
{
    (void)state;
    unsigned char old_pk[32], new_pk[32];
    centre_key(counterdir, "310104-old", old_pk);
    centre_key(counterdir, "310104-new", new_pk);
    struct yj_store *s = store("counter");
    const char *nos[] = {"310104-K01-20261123-0001-Z", "310104-K01-20261123-0002-Y",
                         "310104-K01-20261123-0003-W"};
    const char *uuids[] = {"11111111-1111-4111-8111-111111111111",
                           "22222222-2222-4222-8222-222222222222",
                           "33333333-3333-4333-8333-333333333333"};
    for (int i = 0; i < 3; i++) {
        struct yj_case c;
        make_case(&c, nos[i], uuids[i]);
        char *text = i == 0   ? yj_qrpayload_encode_sealed(&c, &kiosk, old_pk)
                     : i == 1 ? yj_qrpayload_encode_sealed(&c, &kiosk, new_pk)
                              : yj_qrpayload_encode(&c, &kiosk, false);
        char msg[512], no[32];
        bool existed = true;
        if (yj_import_qr(s, NULL, text, &clerk, no, sizeof no, &existed, msg, sizeof msg) != 0)
            fail_msg("import %d: %s", i, msg);
        assert_false(existed);
        assert_string_equal(no, nos[i]);
        struct yj_case got;
        assert_int_equal(yj_store_case_get(s, nos[i], &got), 0);
        assert_string_equal(got.uuid, uuids[i]);
        assert_string_equal(got.status, YJ_CASE_SUBMITTED);
        assert_null(got.clerk_id);
        assert_int_equal(got.revision, 1);
        assert_string_equal(got.centre, "310104");
        assert_string_equal(got.terminal, "K01");
        assert_int_equal(got.nitems, 1);
        assert_string_equal(got.items[0].status, YJ_ITEM_PENDING);
        assert_null(got.items[0].result);
        /* five working days from Monday 2026-11-23 */
        assert_string_equal(got.items[0].due_date, "2026-11-30");
        assert_string_equal(yj_answers_get(&got.answers, "mother.id_number"), "310104199003071234");
        yj_case_free(&got);
        free(text);
        yj_case_free(&c);
    }
    yj_store_close(&s);
}

/* A code sealed to a centre key this counter does not hold is refused with a
 * Chinese message and stores nothing; so is every code on a counter without
 * any centre key. */
static void
test_wrong_centre_key(void **state)
{
    (void)state;
    unsigned char pk[32];
    centre_key(otherdir, "elsewhere", pk);
    struct yj_case c;
    make_case(&c, "310104-K01-20261123-0004-U", "44444444-4444-4444-8444-444444444444");
    char *text = yj_qrpayload_encode_sealed(&c, &kiosk, pk);
    struct yj_store *s = store("wrong");
    char msg[512], no[32];
    assert_int_equal(yj_import_qr(s, NULL, text, &clerk, no, sizeof no, NULL, msg, sizeof msg), -1);
    assert_non_null(strstr(msg, "中心密钥"));
    struct yj_case got;
    assert_int_not_equal(yj_store_case_get(s, c.case_no, &got), 0);
    /* no centre key at all */
    char empty[160];
    snprintf(empty, sizeof empty, "%s/empty", tmpdir);
    yj_config_set("keys.dir", empty);
    assert_int_equal(yj_import_qr(s, NULL, text, &clerk, no, sizeof no, NULL, msg, sizeof msg), -1);
    assert_non_null(strstr(msg, "没有中心密钥"));
    yj_config_set("keys.dir", counterdir);
    /* the number in clear is signed: another number, same code, refused */
    char *forged = xstrdup(text);
    char *dash = strstr(forged, "-0004-");
    dash[4] = '5';
    assert_int_equal(yj_import_qr(s, NULL, forged, &clerk, no, sizeof no, NULL, msg, sizeof msg),
                     -1);
    free(forged);
    yj_store_close(&s);
    free(text);
    yj_case_free(&c);
}

/* A receipt code of a case where birth.reg waits for birth.cert (the mini form
 * set), even one that claims a due date for it: the import stores no due date
 * for the waiting item, and the upstream result of the predecessor, through
 * sync, sets it from the day that result happened (issue 17). */
static void
test_import_waits_for_predecessor(void **state)
{
    (void)state;
    const char *src = getenv("YJ_SRC");
    char *fd = xasprintf("%s/tests/fixtures/forms-mini", src ? src : ".");
    struct yj_formset *set = yj_formset_load(fd);
    free(fd);
    assert_int_equal(set->nproblems, 0);
    struct yj_answers a;
    yj_answers_init(&a);
    yj_answers_set(&a, "guide.born_sh", "yes");
    yj_answers_set(&a, "mother.name", "王丽");
    yj_answers_set(&a, "mother.id_number", "11010519491231002X");
    yj_answers_set(&a, "baby.birth_date", "2026-10-01");
    struct yj_plan p;
    assert_int_equal(yj_plan_build(&p, set, yj_formset_thing(set, "birth"), &a), 0);
    struct yj_case c;
    yj_case_from_plan(&c, set, &p, &a, NULL);
    yj_plan_free(&p);
    yj_answers_free(&a);
    assert_int_equal(c.nitems, 2);
    assert_string_equal(c.items[1].item_id, "birth.reg");
    assert_string_equal(c.items[1].after, "birth.cert");
    assert_null(c.items[0].after);
    char no[YJ_CASENO_SIZE];
    assert_int_equal(yj_caseno_format("310104", "K01", "2026-11-23", 9, no), 0);
    c.case_no = xstrdup(no);
    c.uuid = xstrdup("44444444-4444-4444-8444-444444444444");
    c.centre = xstrdup("310104");
    c.submitted_at = xstrdup("2026-11-23T08:15:00Z");
    c.status = xstrdup(YJ_CASE_SUBMITTED);
    for (size_t i = 0; i < c.nitems; i++) /* an older kiosk dated both */
        c.items[i].due_date = xstrdup("2026-11-30");
    char *text = yj_qrpayload_encode(&c, &kiosk, false);
    yj_case_free(&c);

    struct yj_store *s = store("after");
    char msg[512], got_no[32];
    if (yj_import_qr(s, set, text, &clerk, got_no, sizeof got_no, NULL, msg, sizeof msg) != 0)
        fail_msg("import: %s", msg);
    free(text);
    struct yj_case got;
    assert_int_equal(yj_store_case_get(s, no, &got), 0);
    assert_string_equal(got.items[0].item_id, "birth.cert");
    assert_string_equal(got.items[0].due_date, "2026-11-30");
    assert_string_equal(got.items[1].item_id, "birth.reg");
    assert_null(got.items[1].due_date); /* 前置事项办结后 5 个工作日 */
    yj_case_free(&got);

    /* the certificate is done upstream on Thursday: 5 working days from then */
    struct yj_item_result r = {.case_ref = "44444444-4444-4444-8444-444444444444",
                               .item_id = "birth.cert",
                               .status = YJ_ITEM_DONE,
                               .result = "Q1",
                               .seq = 1,
                               .at = "2026-11-26T09:00:00Z"};
    struct yj_actor sync = {"sync", "C01"};
    long applied = -1;
    assert_int_equal(yj_store_sync_updates(s, &r, 1, "1", &sync, &applied), 0);
    assert_int_equal(applied, 1);
    assert_int_equal(yj_store_case_get(s, no, &got), 0);
    assert_string_equal(got.items[1].due_date, "2026-12-03");
    yj_case_free(&got);
    yj_store_close(&s);
    yj_formset_free(&set);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_phone_reads_nothing),
        cmocka_unit_test(test_import_as_submitted_and_rotation),
        cmocka_unit_test(test_wrong_centre_key),
        cmocka_unit_test(test_import_waits_for_predecessor),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
