/* test_print.c: the signed QR payload, the layout and its renderers, on
 * hand-built cases (no store, no form set). */
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

#include "core/case.h"
#include "core/paths.h"
#include "core/util.h"
#include "print/base45.h"
#include "print/centre.h"
#include "print/print.h"
#include "print/qrpayload.h"
#include "print/receipt.h"

static char tmpdir[64];

/* A case as a kiosk submits it. */
static void
make_case(struct yj_case *c, size_t extra_answers)
{
    memset(c, 0, sizeof *c);
    c->uuid = xstrdup("3f2b8c1e-9a4d-4f6b-8e2a-1c5d7e9f0a2b");
    c->case_no = xstrdup("310104-K01-20261123-0007-M");
    c->thing_id = xstrdup("birth");
    c->form_version = xstrdup("0123456789abcdef");
    c->channel = xstrdup("kiosk");
    c->centre = xstrdup("310104");
    c->terminal = xstrdup("K01");
    c->status = xstrdup("submitted");
    c->submitted_at = xstrdup("2026-11-23T08:15:00Z");
    c->updated_at = xstrdup("2026-11-23T08:15:00Z");
    c->applicant_name = xstrdup("张晓梅");
    c->applicant_id = xstrdup("310104199003071234");
    c->revision = 1;
    c->nitems = 2;
    c->items = xcalloc(2, sizeof c->items[0]);
    c->items[0].item_id = xstrdup("birth.registration");
    c->items[0].dept_id = xstrdup("police");
    c->items[0].time_limit_days = 5;
    c->items[0].status = xstrdup("pending");
    c->items[0].due_date = xstrdup("2026-11-30");
    c->items[1].item_id = xstrdup("birth.medical_certificate");
    c->items[1].dept_id = xstrdup("health");
    c->items[1].time_limit_days = 0;
    c->items[1].status = xstrdup("pending");
    yj_answers_set(&c->answers, "mother.name", "张晓梅");
    yj_answers_set(&c->answers, "mother.id_number", "310104199003071234");
    yj_answers_set(&c->answers, "baby.name", "李小龙");
    yj_answers_set(&c->answers, "baby.birth_date", "2026-11-01");
    yj_answers_set(&c->answers, "guide.married", "yes");
    for (size_t i = 0; i < extra_answers; i++) {
        char k[64], v[128];
        snprintf(k, sizeof k, "extra.field_%zu", i);
        snprintf(v, sizeof v, "上海市黄浦区人民路%zu号%zu室", i * 7919 % 1000, i * 104729 % 97);
        yj_answers_set(&c->answers, k, v);
    }
}

/* Every field of the case is equal. */
static void
assert_case_equal(const struct yj_case *a, const struct yj_case *b)
{
    const char *sa[] = {a->uuid,         a->case_no,    a->thing_id,       a->form_version,
                        a->channel,      a->centre,     a->terminal,       a->status,
                        a->submitted_at, a->updated_at, a->applicant_name, a->applicant_id,
                        a->helper_id,    a->clerk_id};
    const char *sb[] = {b->uuid,         b->case_no,    b->thing_id,       b->form_version,
                        b->channel,      b->centre,     b->terminal,       b->status,
                        b->submitted_at, b->updated_at, b->applicant_name, b->applicant_id,
                        b->helper_id,    b->clerk_id};
    for (size_t i = 0; i < YJ_ARRAY_LEN(sa); i++) {
        if (sa[i] == NULL)
            assert_null(sb[i]);
        else
            assert_string_equal(sa[i], sb[i]);
    }
    assert_int_equal(a->revision, b->revision);
    assert_int_equal(a->nitems, b->nitems);
    for (size_t i = 0; i < a->nitems; i++) {
        assert_string_equal(a->items[i].item_id, b->items[i].item_id);
        assert_string_equal(a->items[i].dept_id, b->items[i].dept_id);
        assert_int_equal(a->items[i].time_limit_days, b->items[i].time_limit_days);
        if (a->items[i].due_date)
            assert_string_equal(a->items[i].due_date, b->items[i].due_date);
        else
            assert_null(b->items[i].due_date);
    }
    assert_int_equal(a->answers.n, b->answers.n);
    for (size_t i = 0; i < a->answers.n; i++) {
        assert_string_equal(a->answers.v[i].id, b->answers.v[i].id);
        assert_string_equal(a->answers.v[i].value, b->answers.v[i].value);
    }
}

/* What a sealed copy carries equals the case; what it leaves out is absent:
 * status, clerk, revision, times of change, applicant copies, item states and
 * due dates (the importer's own), centre and terminal (in the number). */
static void
assert_lean_equal(const struct yj_case *a, const struct yj_case *b)
{
    assert_string_equal(a->uuid, b->uuid);
    assert_string_equal(a->case_no, b->case_no);
    assert_string_equal(a->thing_id, b->thing_id);
    assert_string_equal(a->form_version, b->form_version);
    assert_string_equal(a->channel, b->channel);
    assert_string_equal(a->submitted_at, b->submitted_at);
    assert_null(b->status);
    assert_null(b->updated_at);
    assert_null(b->clerk_id);
    assert_null(b->applicant_name);
    assert_null(b->applicant_id);
    assert_null(b->centre);
    assert_null(b->terminal);
    assert_int_equal(b->revision, 0);
    assert_int_equal(a->nitems, b->nitems);
    for (size_t i = 0; i < a->nitems; i++) {
        assert_string_equal(a->items[i].item_id, b->items[i].item_id);
        assert_string_equal(a->items[i].dept_id, b->items[i].dept_id);
        assert_int_equal(a->items[i].time_limit_days, b->items[i].time_limit_days);
        assert_null(b->items[i].status);
        assert_null(b->items[i].due_date);
    }
    assert_int_equal(a->answers.n, b->answers.n);
    for (size_t i = 0; i < a->answers.n; i++) {
        assert_string_equal(a->answers.v[i].id, b->answers.v[i].id);
        assert_string_equal(a->answers.v[i].value, b->answers.v[i].value);
    }
}

/* A fresh key pair for terminal K01 and a trusted file listing it. */
static int
setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/yj-test-print-XXXXXX");
    if (mkdtemp(tmpdir) == NULL)
        return -1;
    char keys[128], trusted[160];
    snprintf(keys, sizeof keys, "%s/keys", tmpdir);
    snprintf(trusted, sizeof trusted, "%s/trusted", tmpdir);
    yj_config_set("keys.dir", keys);
    yj_config_set("keys.trusted", trusted);
    yj_config_set("terminal_id", "K01");
    char msg[256];
    if (yj_keys_init(keys, "K01", false, msg, sizeof msg) != 0)
        return -1;
    /* The centre key the full copy is sealed to (this test holds its private half). */
    char centre[160], *cline = NULL;
    snprintf(centre, sizeof centre, "%s/centre", tmpdir);
    yj_config_set("keys.centre", centre);
    if (yj_centre_init(keys, "310104-1", false, &cline, msg, sizeof msg) != 0)
        return -1;
    FILE *cf = fopen(centre, "w");
    fprintf(cf, "%s\n", cline);
    fclose(cf);
    free(cline);
    struct yj_keypair kp;
    if (yj_keys_load(keys, &kp, msg, sizeof msg) != 0)
        return -1;
    char *line = yj_keys_public_line(&kp);
    FILE *f = fopen(trusted, "w");
    fprintf(f, "# centre terminals\nC02 AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n%s\n", line);
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

/* The private key file is 0600; a second init refuses to overwrite it. */
static void
test_keys(void **state)
{
    (void)state;
    char path[160], msg[512];
    snprintf(path, sizeof path, "%s/keys/terminal.key", tmpdir);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(yj_keys_init(yj_keys_dir(), "K01", false, msg, sizeof msg), -1);
    assert_non_null(strstr(msg, "--force"));
    assert_int_equal(yj_keys_init(yj_keys_dir(), "bad id", false, msg, sizeof msg), -1);
}

/* Encode -> parse -> verify gives back every field. */
static void
test_payload_round_trip(void **state)
{
    (void)state;
    struct yj_case c;
    make_case(&c, 0);
    bool number_only, unsig;
    char *text = yj_case_qr_text(&c, &number_only, &unsig);
    assert_false(number_only);
    assert_false(unsig);
    assert_true(yj_str_has_prefix(text, "YJ1:310104-K01-20261123-0007-M:"));
    /* Everything in the QR alphanumeric set. */
    assert_int_equal(strspn(text, yj_base45_alphabet), strlen(text));
    struct yj_qrpayload p;
    char msg[512];
    assert_int_equal(yj_qrpayload_parse(text, strlen(text), &p, msg, sizeof msg), 0);
    assert_true(p.flags & YJ_QRF_SEALED);
    assert_null(p.c.uuid); /* sealed: nothing but the number before the key opens it */
    assert_int_equal(yj_qrpayload_verify(&p, yj_keys_trusted_path(), NULL, msg, sizeof msg), 0);
    assert_int_equal(yj_qrpayload_unseal(&p, yj_keys_dir(), msg, sizeof msg), 0);
    assert_string_equal(p.signer, "K01");
    assert_lean_equal(&c, &p.c);
    yj_qrpayload_free(&p);
    /* The format-1 copy in clear (older kiosks' receipts) still reads back whole. */
    struct yj_keypair kp;
    assert_int_equal(yj_keys_load(yj_keys_dir(), &kp, msg, sizeof msg), 0);
    char *plain = yj_qrpayload_encode(&c, &kp, false);
    assert_int_equal(yj_qrpayload_parse(plain, strlen(plain), &p, msg, sizeof msg), 0);
    assert_int_equal(yj_qrpayload_verify(&p, yj_keys_trusted_path(), NULL, msg, sizeof msg), 0);
    assert_int_equal(yj_qrpayload_unseal(&p, yj_keys_dir(), msg, sizeof msg), 0);
    assert_case_equal(&c, &p.c);
    yj_qrpayload_free(&p);
    free(plain);
    /* What a scanner types: lower case (Caps Lock) and a trailing CR LF. */
    char *typed = xasprintf("  %s\r\n", text);
    for (char *s = typed; *s; s++)
        if (*s >= 'A' && *s <= 'Z')
            *s = (char)(*s - 'A' + 'a');
    assert_int_equal(yj_qrpayload_parse(typed, strlen(typed), &p, msg, sizeof msg), 0);
    assert_int_equal(yj_qrpayload_verify(&p, yj_keys_trusted_path(), NULL, msg, sizeof msg), 0);
    assert_int_equal(yj_qrpayload_unseal(&p, yj_keys_dir(), msg, sizeof msg), 0);
    assert_lean_equal(&c, &p.c);
    yj_qrpayload_free(&p);
    free(typed);
    free(text);
    yj_case_free(&c);
}

/* Changing any single character of the code gets it refused. */
static void
test_payload_tamper(void **state)
{
    (void)state;
    struct yj_case c;
    make_case(&c, 0);
    bool number_only;
    char *text = yj_case_qr_text(&c, &number_only, NULL);
    size_t n = strlen(text);
    char msg[512];
    for (size_t i = 0; i < n; i++) {
        char *t = xstrdup(text);
        const char *pos = strchr(yj_base45_alphabet, t[i]);
        t[i] = pos && pos[1] ? pos[1] : '0';
        if (t[i] == text[i])
            t[i] = '1';
        struct yj_qrpayload p;
        int ok = yj_qrpayload_parse(t, n, &p, msg, sizeof msg) == 0 &&
                 yj_qrpayload_verify(&p, yj_keys_trusted_path(), NULL, msg, sizeof msg) == 0;
        if (ok)
            fail_msg("altered at %zu (%c -> %c) but accepted", i, text[i], t[i]);
        assert_true(strlen(msg) > 0);
        yj_qrpayload_free(&p);
        free(t);
    }
    free(text);
    yj_case_free(&c);
}

/* Unknown signer, wrong key, unsigned code, foreign text: each refused with a
 * message naming the reason. */
static void
test_payload_refusals(void **state)
{
    (void)state;
    struct yj_case c;
    make_case(&c, 0);
    char msg[512];
    struct yj_qrpayload p;
    /* Signed by a terminal nobody trusts. */
    char otherdir[160];
    snprintf(otherdir, sizeof otherdir, "%s/other", tmpdir);
    assert_int_equal(yj_keys_init(otherdir, "K99", false, msg, sizeof msg), 0);
    struct yj_keypair other;
    assert_int_equal(yj_keys_load(otherdir, &other, msg, sizeof msg), 0);
    char *t = yj_qrpayload_encode(&c, &other, false);
    assert_int_equal(yj_qrpayload_parse(t, strlen(t), &p, msg, sizeof msg), 0);
    assert_int_equal(yj_qrpayload_verify(&p, yj_keys_trusted_path(), NULL, msg, sizeof msg), -1);
    assert_non_null(strstr(msg, "K99"));
    yj_qrpayload_free(&p);
    free(t);
    /* A forger who calls himself K01 but has another key. */
    snprintf(other.terminal, sizeof other.terminal, "K01");
    t = yj_qrpayload_encode(&c, &other, false);
    assert_int_equal(yj_qrpayload_parse(t, strlen(t), &p, msg, sizeof msg), 0);
    assert_int_equal(yj_qrpayload_verify(&p, yj_keys_trusted_path(), NULL, msg, sizeof msg), -1);
    assert_non_null(strstr(msg, "签名"));
    yj_qrpayload_free(&p);
    free(t);
    /* No signature at all. */
    t = yj_qrpayload_encode(&c, NULL, false);
    assert_int_equal(yj_qrpayload_parse(t, strlen(t), &p, msg, sizeof msg), 0);
    assert_int_equal(yj_qrpayload_verify(&p, yj_keys_trusted_path(), NULL, msg, sizeof msg), -1);
    yj_qrpayload_free(&p);
    free(t);
    /* Not ours. */
    assert_int_equal(yj_qrpayload_parse("HC1:6BFOXN", 10, &p, msg, sizeof msg), -1);
    yj_qrpayload_free(&p);
    assert_int_equal(yj_qrpayload_parse("YJ1:", 4, &p, msg, sizeof msg), -1);
    yj_qrpayload_free(&p);
    yj_case_free(&c);
}

/* Compression only when it helps; a case too big for the configured version
 * falls back to number + signature. */
static void
test_payload_size(void **state)
{
    (void)state;
    struct yj_case big;
    make_case(&big, 60);
    struct yj_keypair kp;
    char msg[256];
    assert_int_equal(yj_keys_load(yj_keys_dir(), &kp, msg, sizeof msg), 0);
    char *t = yj_qrpayload_encode(&big, &kp, false);
    struct yj_qrpayload p;
    assert_int_equal(yj_qrpayload_parse(t, strlen(t), &p, msg, sizeof msg), 0);
    assert_true(p.flags & YJ_QRF_DEFLATE);
    assert_case_equal(&big, &p.c);
    yj_qrpayload_free(&p);
    free(t);
    /* Number only: short whatever the answers. */
    t = yj_qrpayload_encode(&big, &kp, true);
    assert_true(strlen(t) < 300);
    assert_int_equal(yj_qrpayload_parse(t, strlen(t), &p, msg, sizeof msg), 0);
    assert_true(p.flags & YJ_QRF_NUMBER_ONLY);
    assert_string_equal(p.c.case_no, big.case_no);
    assert_string_equal(p.c.uuid, big.uuid);
    assert_int_equal(p.c.answers.n, 0);
    yj_qrpayload_free(&p);
    free(t);
    /* Incompressible data is not deflated: stored as is. */
    struct yj_case tiny;
    memset(&tiny, 0, sizeof tiny);
    tiny.uuid = xstrdup("not-a-uuid");
    tiny.case_no = xstrdup("X");
    tiny.thing_id = xstrdup("t");
    char noise[161];
    uint32_t x = 7;
    for (size_t i = 0; i < sizeof noise - 1; i++) {
        x = x * 1103515245u + 12345u;
        noise[i] = (char)(0x21 + (x >> 16) % 0xde); /* never NUL */
    }
    noise[sizeof noise - 1] = '\0';
    yj_answers_set(&tiny.answers, "a.b", noise);
    t = yj_qrpayload_encode(&tiny, &kp, false);
    assert_int_equal(yj_qrpayload_parse(t, strlen(t), &p, msg, sizeof msg), 0);
    assert_false(p.flags & YJ_QRF_DEFLATE);
    assert_case_equal(&tiny, &p.c);
    yj_qrpayload_free(&p);
    free(t);
    yj_case_free(&tiny);
    /* Configured at most version 10: the full copy cannot fit, the number does. */
    yj_config_set("print.qr_max_version", "10");
    bool number_only;
    t = yj_case_qr_text(&big, &number_only, NULL);
    assert_true(number_only);
    struct yj_qr q;
    assert_int_equal(yj_qr_encode(t, 10, &q), 0);
    yj_qr_free(&q);
    free(t);
    yj_config_set("print.qr_max_version", "25");
    yj_case_free(&big);
}

/* Build the layout of the test case (no form set). */
static void
build(struct yj_receipt *r, struct yj_case *c)
{
    char msg[256];
    make_case(c, 0);
    yj_config_set("centre_name", "黄浦区社区事务受理服务中心");
    assert_int_equal(yj_receipt_for_case(r, NULL, c, NULL, "receipt", msg, sizeof msg), 0);
}

/* Plain text: masked ID, number, items, QR caption. */
static void
test_text(void **state)
{
    (void)state;
    struct yj_case c;
    struct yj_receipt r;
    build(&r, &c);
    char *t = yj_receipt_text(&r, 40, false);
    assert_non_null(strstr(t, "310104-K01-20261123-0007-M"));
    assert_non_null(strstr(t, "310104********1234"));
    assert_null(strstr(t, "199003071234"));
    assert_non_null(strstr(t, "birth.registration"));
    assert_non_null(strstr(t, "5 个工作日"));
    assert_non_null(strstr(t, "即办"));
    assert_non_null(strstr(t, "黄浦区社区事务受理服务中心"));
    free(t);
    t = yj_receipt_text(&r, 40, true);
    assert_non_null(strstr(t, "▀"));
    free(t);
    yj_receipt_free(&r);
    yj_case_free(&c);
    /* Unknown kind refused. */
    char msg[256];
    make_case(&c, 0);
    assert_int_equal(yj_receipt_for_case(&r, NULL, &c, NULL, "invoice", msg, sizeof msg), -1);
    yj_case_free(&c);
}

/* Find needle in a byte buffer. */
static const char *
memfind(const char *hay, size_t n, const char *needle, size_t m)
{
    for (size_t i = 0; m <= n && i + m <= n; i++)
        if (memcmp(hay + i, needle, m) == 0)
            return hay + i;
    return NULL;
}

/* ESC/POS text mode: init, Chinese mode, GB18030 text, the QR command with the
 * signed payload, the cut at the end. */
static void
test_escpos_text(void **state)
{
    (void)state;
    struct yj_case c;
    struct yj_receipt r;
    build(&r, &c);
    struct yj_buf b = {0};
    char msg[256];
    assert_int_equal(yj_receipt_escpos_text(&r, YJ_PAPER_58MM, &b, msg, sizeof msg), 0);
    assert_memory_equal(b.data, "\x1b\x40\x1c\x26", 4);
    /* 办件编号 in GB18030 (= GBK here). */
    assert_non_null(memfind(b.data, b.len, "\xb0\xec\xbc\xfe\xb1\xe0\xba\xc5", 8));
    /* No UTF-8 left: 办 in UTF-8 is E5 8A 9E. */
    assert_null(memfind(b.data, b.len, "\xe5\x8a\x9e", 3));
    /* QR: model 2, level M, store the exact text, print. */
    assert_non_null(memfind(b.data, b.len, "\x1d\x28\x6b\x04\x00\x31\x41\x32\x00", 9));
    assert_non_null(memfind(b.data, b.len, "\x1d\x28\x6b\x03\x00\x31\x45\x31", 8));
    size_t ql = strlen(r.qr_text) + 3;
    char store[8] = {0x1d, 0x28, 0x6b, (char)(ql & 0xff), (char)(ql >> 8), 0x31, 0x50, 0x30};
    const char *at = memfind(b.data, b.len, store, 8);
    assert_non_null(at);
    assert_memory_equal(at + 8, r.qr_text, strlen(r.qr_text));
    assert_non_null(memfind(b.data, b.len, "\x1d\x28\x6b\x03\x00\x31\x51\x30", 8));
    assert_memory_equal(b.data + b.len - 4, YJ_ESCPOS_CUT, 4);
    /* Lines never wider than 32 columns (58 mm). */
    yj_buf_free(&b);
    yj_receipt_free(&r);
    yj_case_free(&c);
}

/* ESC/POS raster: every GS v 0 band is 48 bytes (384 dots) wide for 58 mm and
 * 72 for 80 mm, the bands account for every byte, and the cut ends it. */
static void
test_escpos_raster(void **state)
{
    (void)state;
    struct yj_case c;
    struct yj_receipt r;
    build(&r, &c);
    for (int paper = YJ_PAPER_80MM; paper <= YJ_PAPER_58MM; paper++) {
        struct yj_buf b = {0};
        char msg[256];
        assert_int_equal(yj_receipt_escpos_raster(&r, paper, &b, msg, sizeof msg), 0);
        assert_memory_equal(b.data, YJ_ESCPOS_INIT, 2);
        size_t off = 2, rows = 0, black = 0;
        unsigned want = paper == YJ_PAPER_58MM ? 48 : 72;
        while (off < b.len && (unsigned char)b.data[off] == 0x1d) {
            const unsigned char *h = (const unsigned char *)b.data + off;
            assert_int_equal(h[1], 0x76);
            assert_int_equal(h[2], 0x30);
            unsigned x = h[4] | (unsigned)h[5] << 8, y = h[6] | (unsigned)h[7] << 8;
            assert_int_equal(x, want);
            assert_true(y >= 1 && y <= 128);
            for (size_t i = 0; i < (size_t)x * y; i++)
                black += (size_t)__builtin_popcount(h[8 + i]);
            off += 8 + (size_t)x * y;
            rows += y;
        }
        assert_true(rows > 400); /* a real receipt, several centimetres long */
        assert_true(black > 1000);
        assert_int_equal(b.len - off, 7); /* ESC d 4 + cut */
        assert_memory_equal(b.data + off, "\x1b\x64\x04" YJ_ESCPOS_CUT, 7);
        yj_buf_free(&b);
    }
    yj_receipt_free(&r);
    yj_case_free(&c);
}

/* PDF on every paper: a PDF, the roll as long as its content. */
static void
test_pdf(void **state)
{
    (void)state;
    struct yj_case c;
    struct yj_receipt r;
    build(&r, &c);
    for (int paper = YJ_PAPER_A4; paper <= YJ_PAPER_58MM; paper++) {
        struct yj_buf b = {0};
        char msg[256];
        double h = 0;
        assert_int_equal(yj_receipt_pdf(&r, paper, &b, &h, msg, sizeof msg), 0);
        assert_true(b.len > 1000);
        assert_memory_equal(b.data, "%PDF-", 5);
        if (paper == YJ_PAPER_A4)
            assert_true(h > 296 && h < 298);
        if (yj_paper_is_roll(paper))
            assert_true(h > 80 && h < 600);
        yj_buf_free(&b);
    }
    yj_receipt_free(&r);
    yj_case_free(&c);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keys),
        cmocka_unit_test(test_payload_round_trip),
        cmocka_unit_test(test_payload_tamper),
        cmocka_unit_test(test_payload_refusals),
        cmocka_unit_test(test_payload_size),
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_escpos_text),
        cmocka_unit_test(test_escpos_raster),
        cmocka_unit_test(test_pdf),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
