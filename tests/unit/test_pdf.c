/* test_pdf.c: the receipt's own typesetting: Chinese line breaking
 * (linebreak.c), the PDF writer (pdf.c, read back by qpdf or pdfinfo and
 * pdftotext), and what happens to a character the fonts lack (rfont.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/paths.h"
#include "core/utf8.h"
#include "core/util.h"
#include "print/linebreak.h"
#include "print/receipt.h"
#include "print/rfont.h"

static char tmpdir[64];

/* Break s with CJK characters 1.0 wide and others 0.5 into lines of width w;
 * the lines joined by "|" into out. */
static size_t
lb(const char *s, double w, char *out, size_t outsz)
{
    uint32_t cp[256];
    double adv[256];
    size_t n = 0, len = strlen(s);
    for (size_t off = 0; off < len && n < 256;) {
        off += yj_utf8_decode(s + off, len - off, &cp[n]);
        adv[n] = cp[n] >= 0x2e80 ? 1.0 : 0.5;
        n++;
    }
    struct yj_lb_line ln[64];
    size_t nl = yj_linebreak(cp, adv, n, w, ln, 64);
    size_t o = 0;
    for (size_t i = 0; i < nl; i++) {
        double sum = 0;
        for (size_t k = ln[i].start; k < ln[i].end; k++) {
            if (cp[k] == '\n')
                continue;
            o += yj_utf8_encode(cp[k], out + o);
            if (cp[k] != ' ')
                sum += adv[k];
        }
        /* every line fits, unless it is one character wider than the line */
        assert_true(ln[i].width <= w + 1e-9 || ln[i].end - ln[i].start == 1);
        assert_true(ln[i].width <= sum + 1e-9 || memchr(s, ' ', len) != NULL);
        if (i + 1 < nl)
            out[o++] = '|';
        assert_true(o + 8 < outsz);
    }
    out[o] = '\0';
    return nl;
}

static void
test_linebreak(void **state)
{
    (void)state;
    char out[512];
    /* plain Chinese: four to a line */
    assert_int_equal(lb("一二三四五六七八九", 4, out, sizeof out), 3);
    assert_string_equal(out, "一二三四|五六七八|九");
    /* a comma never starts a line: the character before it goes down too */
    lb("一二三四，五六", 4, out, sizeof out);
    assert_string_equal(out, "一二三|四，五六");
    lb("一二三四。", 4, out, sizeof out);
    assert_string_equal(out, "一二三|四。");
    lb("一二三四）》五", 4, out, sizeof out);
    assert_string_equal(out, "一二三|四）》五");
    /* an opening bracket never ends a line */
    lb("一二三（四五六", 4, out, sizeof out);
    assert_string_equal(out, "一二三|（四五六");
    lb("一二三《四》", 4, out, sizeof out);
    assert_string_equal(out, "一二三|《四》");
    /* a case number, a date, a phone number stay whole */
    lb("编号ABC-123", 4, out, sizeof out);
    assert_string_equal(out, "编号|ABC-123");
    lb("电话 021-12345", 5, out, sizeof out);
    assert_string_equal(out, "电话 |021-12345");
    lb("于2026-11-23前办结", 5.5, out, sizeof out);
    assert_string_equal(out, "于|2026-11-23|前办结");
    /* ... unless one is wider than the line by itself */
    lb("ABCDEFGHIJ", 2, out, sizeof out);
    assert_string_equal(out, "ABCD|EFGH|IJ");
    /* Latin words break at spaces, which are not drawn at the break */
    lb("one two three", 3, out, sizeof out);
    assert_string_equal(out, "one |two |three");
    /* a newline always breaks */
    assert_int_equal(lb("一\n二", 10, out, sizeof out), 2);
    assert_string_equal(out, "一|二");
    assert_int_equal(lb("", 10, out, sizeof out), 0);
    /* the tables */
    assert_true(yj_lb_no_start(0xff0c) && yj_lb_no_start(0x3002) && yj_lb_no_start(0x3001));
    assert_true(yj_lb_no_start(0xff09) && yj_lb_no_start(0x300b) && yj_lb_no_start(0x201d));
    assert_true(yj_lb_no_end(0xff08) && yj_lb_no_end(0x300a) && yj_lb_no_end(0x201c));
    assert_false(yj_lb_no_start(0x4e00) || yj_lb_no_end(0x4e00) || yj_lb_no_start('A'));
    /* the count is returned even when out is too small */
    uint32_t cp[9] = {0x4e00, 0x4e00, 0x4e00, 0x4e00, 0x4e00, 0x4e00, 0x4e00, 0x4e00, 0x4e00};
    double adv[9] = {1, 1, 1, 1, 1, 1, 1, 1, 1};
    struct yj_lb_line one[1];
    assert_int_equal(yj_linebreak(cp, adv, 9, 2, one, 1), 5);
    assert_int_equal(one[0].end, 2);
}

/* A receipt with the lines that matter here. */
static void
receipt(struct yj_receipt *r, const char *name)
{
    static const char para[] =
        "请携带上述材料原件和本回执到综合窗口，工作人员核验材料后受理；各事项按承诺时限办"
        "理，办结后凭本回执和身份证件领取结果。";
    memset(r, 0, sizeof *r);
    r->cap = 8;
    r->lines = xcalloc(r->cap, sizeof r->lines[0]);
    struct yj_rline l[] = {
        {YJ_RL_TITLE, xstrdup("黄浦区社区事务受理服务中心"), NULL},
        {YJ_RL_CASENO, xstrdup("办件编号"), xstrdup("310104-K01-20261123-0007-M")},
        {YJ_RL_KV, xstrdup("申请人"), xstrdup(name)},
        {YJ_RL_TEXT, xstrdup(para), NULL},
        {YJ_RL_RULE, NULL, NULL},
        {YJ_RL_QR, xstrdup("窗口扫描此码即可调取本办件"), NULL},
    };
    memcpy(r->lines, l, sizeof l);
    r->n = sizeof l / sizeof l[0];
    r->title = xstrdup("一件事申请回执 310104-K01-20261123-0007-M");
    r->qr_text = xstrdup("YJ1:310104-K01-20261123-0007-M:");
}

/* Write r as a PDF to path; returns what went to stderr meanwhile. */
static char *
pdf_to(const struct yj_receipt *r, enum yj_paper paper, const char *path)
{
    char errpath[128], msg[256];
    snprintf(errpath, sizeof errpath, "%s/stderr", tmpdir);
    fflush(stderr);
    int saved = dup(2);
    assert_true(freopen(errpath, "w", stderr) != NULL);
    struct yj_buf b = {0};
    int rc = yj_receipt_pdf(r, paper, &b, NULL, msg, sizeof msg);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    assert_int_equal(rc, 0);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fwrite(b.data, 1, b.len, f);
    fclose(f);
    yj_buf_free(&b);
    return yj_read_file(errpath, NULL);
}

/* Output of a shell command (run through sh), or NULL when it fails. */
static char *
run(const char *cmd)
{
    char out[128], line[1024];
    snprintf(out, sizeof out, "%s/cmd.out", tmpdir);
    snprintf(line, sizeof line, "%s >%s 2>&1", cmd, out);
    int rc = system(line);
    char *s = yj_read_file(out, NULL);
    if (rc != 0) {
        fprintf(stderr, "%s: %s\n", cmd, s ? s : "");
        free(s);
        return NULL;
    }
    return s;
}

/* The PDF is valid (qpdf --check, or pdfinfo where qpdf is missing), its text
 * extracts, it carries no font file, and the QR is one stencil image. */
static void
test_pdf_valid(void **state)
{
    (void)state;
    struct yj_receipt r;
    receipt(&r, "张晓梅");
    char path[128], cmd[512];
    for (int paper = YJ_PAPER_A4; paper <= YJ_PAPER_58MM; paper++) {
        snprintf(path, sizeof path, "%s/r%d.pdf", tmpdir, paper);
        free(pdf_to(&r, (enum yj_paper)paper, path));
        snprintf(cmd, sizeof cmd,
                 "if command -v qpdf >/dev/null; then qpdf --check %s; else pdfinfo %s; fi", path,
                 path);
        char *s = run(cmd);
        assert_non_null(s);
        free(s);
        snprintf(cmd, sizeof cmd, "pdftotext %s - | tr -d ' \\n'", path);
        s = run(cmd);
        assert_non_null(s);
        assert_non_null(strstr(s, "黄浦区社区事务受理服务中心"));
        assert_non_null(strstr(s, "310104-K01-20261123-0007-M"));
        assert_non_null(strstr(s, "申请人：张晓梅"));
        assert_non_null(strstr(s, "各事项按承诺时限办理，办结后凭本回执和身份证件领取结果。"));
        free(s);
        snprintf(cmd, sizeof cmd, "pdfimages -list %s | grep -c stencil", path);
        s = run(cmd);
        assert_non_null(s);
        assert_int_equal(atoi(s), 1);
        free(s);
        /* glyph outlines only: no embedded font program */
        size_t len = 0;
        char *pdf = yj_read_file(path, &len);
        assert_non_null(pdf);
        assert_null(memmem(pdf, len, "/FontFile", 9));
        assert_non_null(memmem(pdf, len, "/Subtype /Type3", 15));
        assert_non_null(memmem(pdf, len, "/ToUnicode", 10));
        free(pdf);
    }
    yj_receipt_free(&r);
}

/* A name with a character no font has: a white square on paper, a warning
 * on stderr naming it, the right character in the PDF's text. With a
 * fallback font that has it, the fallback draws it and nothing is said. */
static void
test_missing_glyph(void **state)
{
    (void)state;
    struct yj_receipt r;
    receipt(&r, "李\xf0\xa0\x80\x80\xe0\xb8\xbf明"); /* 李𠀀฿明 */
    char path[128], cmd[512];
    snprintf(path, sizeof path, "%s/m.pdf", tmpdir);
    char *err = pdf_to(&r, YJ_PAPER_A4, path);
    assert_non_null(err);
    assert_non_null(strstr(err, "U+20000"));
    assert_non_null(strstr(err, "U+0E3F"));
    free(err);
    snprintf(cmd, sizeof cmd, "pdftotext %s - | tr -d ' \\n'", path);
    char *s = run(cmd);
    assert_non_null(s);
    assert_non_null(strstr(s, "申请人：李\xf0\xa0\x80\x80\xe0\xb8\xbf明"));
    free(s);
    /* drawn: the page has ink where the name is (not an empty glyph) */
    struct yj_rfont *f = yj_rfont_get(cmd, sizeof cmd);
    assert_non_null(f);
    struct yj_rglyph g;
    yj_rfont_glyph(f, false, 0x20000, &g);
    assert_true(g.missing);
    assert_true(g.gid != 0 && g.adv > 0.5f);
    struct yj_buf proc = {0};
    yj_rfont_glyph_proc(f, &g, &proc);
    assert_non_null(strstr(proc.data, " m\n")); /* an outline, the square */
    assert_non_null(strstr(proc.data, " l\n"));
    yj_buf_free(&proc);

    const char *dejavu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    if (access(dejavu, R_OK) == 0) {
        yj_config_set("print.font_fallback", dejavu);
        err = pdf_to(&r, YJ_PAPER_A4, path);
        assert_non_null(err);
        assert_null(strstr(err, "U+0E3F"));
        assert_non_null(strstr(err, "U+20000"));
        free(err);
        f = yj_rfont_get(cmd, sizeof cmd);
        yj_rfont_glyph(f, false, 0x0e3f, &g);
        assert_false(g.missing);
        assert_int_equal(g.face, 2);
        s = run("true");
        free(s);
        yj_config_set("print.font_fallback", "");
    } else {
        fprintf(stderr, "note: %s missing, fallback font not tested\n", dejavu);
    }
    /* a kiosk's screen is its standard error: the warning goes to syslog only */
    yj_config_set("ui.fullscreen", "yes");
    yj_config_set("print.font", YJ_RFONT_DEFAULT_REGULAR); /* opened again, nothing cached */
    err = pdf_to(&r, YJ_PAPER_A4, path);
    assert_non_null(err);
    assert_null(strstr(err, "U+20000"));
    free(err);
    yj_config_set("ui.fullscreen", "no");
    yj_receipt_free(&r);
}

/* A font that is not there: the default fonts print instead, and say so. */
static void
test_font_config(void **state)
{
    (void)state;
    char msg[256];
    yj_config_set("print.font", "/nonexistent/font.otf");
    struct yj_rfont *f = yj_rfont_get(msg, sizeof msg);
    assert_non_null(f);
    assert_false(yj_rfont_is_configured(f));
    assert_string_equal(yj_rfont_family(f, 0), "Noto Sans CJK SC");
    /* a family name, as fontconfig was asked: that face of the collection */
    yj_config_set("print.font", "Noto Sans CJK TC");
    f = yj_rfont_get(msg, sizeof msg);
    assert_non_null(f);
    assert_true(yj_rfont_is_configured(f));
    assert_string_equal(yj_rfont_family(f, 0), "Noto Sans CJK TC");
    yj_config_set("print.font", YJ_RFONT_DEFAULT_REGULAR);
    f = yj_rfont_get(msg, sizeof msg);
    assert_true(yj_rfont_is_configured(f));
    assert_string_equal(yj_rfont_family(f, 0), "Noto Sans CJK SC");
    assert_true(yj_rfont_ascent(f) > 1.0 && yj_rfont_descent(f) > 0.2);
    /* print.font_bold = synthetic: bold glyphs are the regular ones emboldened */
    yj_config_set("print.font_bold", "synthetic");
    f = yj_rfont_get(msg, sizeof msg);
    assert_non_null(f);
    struct yj_rglyph reg, bold;
    yj_rfont_glyph(f, false, 0x4e00, &reg);
    yj_rfont_glyph(f, true, 0x4e00, &bold);
    assert_int_equal(reg.face, 0);
    assert_int_equal(bold.face, 3);
    assert_int_equal(bold.gid, reg.gid);
    struct yj_buf a = {0}, b = {0};
    yj_rfont_glyph_proc(f, &reg, &a);
    yj_rfont_glyph_proc(f, &bold, &b);
    assert_string_not_equal(a.data, b.data); /* a wider outline, same advance */
    assert_int_equal(atoi(a.data), atoi(b.data));
    yj_buf_free(&a);
    yj_buf_free(&b);
    struct yj_receipt r;
    receipt(&r, "张晓梅");
    char path[128];
    snprintf(path, sizeof path, "%s/s.pdf", tmpdir);
    free(pdf_to(&r, YJ_PAPER_80MM, path));
    char cmd[300];
    snprintf(cmd, sizeof cmd, "pdftotext %s - | tr -d ' \\n' | grep -c 黄浦区社区事务受理服务中心",
             path);
    char *s = run(cmd);
    assert_non_null(s);
    free(s);
    yj_receipt_free(&r);
    yj_config_set("print.font_bold", "");
    /* no font at all */
    assert_null(
        yj_rfont_open("/nonexistent/a.otf", "/nonexistent/b.otf", 0, NULL, msg, sizeof msg));
    assert_non_null(strstr(msg, "/nonexistent/a.otf"));
}

/* Numbers in PDF syntax. */
static void
test_pdf_num(void **state)
{
    (void)state;
    struct yj_buf b = {0};
    double v[] = {0, 12, -3, 0.5, 42.519685, -0.0004, 841.88976};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        yj_pdf_num(&b, v[i]);
        yj_buf_addc(&b, ' ');
    }
    assert_string_equal(b.data, "0 12 -3 0.5 42.52 0 841.89 ");
    yj_buf_free(&b);
}

static int
setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/yjpdfXXXXXX");
    assert_non_null(mkdtemp(tmpdir));
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

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_linebreak),   cmocka_unit_test(test_pdf_num),
        cmocka_unit_test(test_pdf_valid),   cmocka_unit_test(test_missing_glyph),
        cmocka_unit_test(test_font_config),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
