/* test_glyph.c: the glyph sets for East Asian ambiguous-width characters —
 * which set a cursor position report chooses, what is drawn in each set, and
 * that widths count what is drawn. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/glyph.h"
#include "core/i18n.h"
#include "core/utf8.h"
#include "ui/ui_layout.h"

static int
reset(void **state)
{
    (void)state;
    yj_ambi_set(YJ_AMBI_NARROW);
    yj_i18n_set(YJ_LANG_ZH_CN);
    return 0;
}

/* The answer to ESC[6n after one ambiguous character drawn from column 1. */
static void
test_report(void **state)
{
    (void)state;
    const char one[] = "\x1b[24;2R", two[] = "\x1b[24;3R";
    assert_int_equal(yj_ambi_from_report(one, strlen(one), 1), YJ_AMBI_NARROW);
    assert_int_equal(yj_ambi_from_report(two, strlen(two), 1), YJ_AMBI_WIDE);
    /* Bytes typed before the answer are skipped. */
    const char typed[] = "ab\x1b[1;3R";
    assert_int_equal(yj_ambi_from_report(typed, strlen(typed), 1), YJ_AMBI_WIDE);
    /* No answer, a cut answer, or a column that is no width: unknown. */
    assert_int_equal(yj_ambi_from_report("", 0, 1), YJ_AMBI_ASCII);
    const char cut[] = "\x1b[24;2";
    assert_int_equal(yj_ambi_from_report(cut, strlen(cut), 1), YJ_AMBI_ASCII);
    const char far[] = "\x1b[24;9R";
    assert_int_equal(yj_ambi_from_report(far, strlen(far), 1), YJ_AMBI_ASCII);
    const char junk[] = "\x1b[;R";
    assert_int_equal(yj_ambi_from_report(junk, strlen(junk), 1), YJ_AMBI_ASCII);
}

static void
test_parse(void **state)
{
    (void)state;
    assert_int_equal(yj_ambi_parse("1"), YJ_AMBI_NARROW);
    assert_int_equal(yj_ambi_parse("2"), YJ_AMBI_WIDE);
    assert_int_equal(yj_ambi_parse("ascii"), YJ_AMBI_ASCII);
    assert_int_equal(yj_ambi_parse("auto"), -1);
    assert_int_equal(yj_ambi_parse(NULL), -1);
    assert_int_equal(yj_ambi_parse("wide"), -2);
    assert_string_equal(yj_ambi_name(YJ_AMBI_ASCII), "ascii");
}

static void
test_ambiguous(void **state)
{
    (void)state;
    /* ● × ▶ “ · … ─ ↑ ① are "A"; ✓, ASCII, CJK, full-width forms are not. */
    const uint32_t a[] = {0x25cf, 0xd7, 0x25b6, 0x201c, 0xb7, 0x2026, 0x2500, 0x2191, 0x2460};
    for (size_t i = 0; i < sizeof a / sizeof a[0]; i++)
        assert_true(yj_cp_ambiguous(a[i]));
    const uint32_t n[] = {'A', 0x2713, 0x4e00, 0xff1e, 0x3000, 0x30fb, 0xa0};
    for (size_t i = 0; i < sizeof n / sizeof n[0]; i++)
        assert_false(yj_cp_ambiguous(n[i]));
}

/* Every mark of every set is drawn without an ambiguous character outside the
 * narrow set, and the blank of a mark is as wide as the mark. */
static void
test_marks(void **state)
{
    (void)state;
    assert_string_equal(yj_glyph(YJ_G_FOCUS), "▶");
    assert_string_equal(yj_glyph(YJ_G_RADIO_ON), "●");
    assert_string_equal(yj_glyph(YJ_G_BOX_TL), "┌");
    yj_ambi_set(YJ_AMBI_ASCII);
    assert_string_equal(yj_glyph(YJ_G_FOCUS), ">");
    assert_string_equal(yj_glyph(YJ_G_RADIO_ON), "*");
    assert_string_equal(yj_glyph(YJ_G_CHECK), "[x]");
    assert_string_equal(yj_glyph(YJ_G_TICK_ON), "[x]");
    assert_string_equal(yj_glyph(YJ_G_TICK_OFF), "[ ]");
    assert_string_equal(yj_glyph(YJ_G_TIMES), "x");
    assert_string_equal(yj_glyph(YJ_G_BOX_H), "-");
    for (int set = YJ_AMBI_ASCII; set <= YJ_AMBI_WIDE; set += 2) {
        yj_ambi_set((enum yj_ambi)set);
        for (int g = 0; g < YJ_G_COUNT; g++) {
            const char *m = yj_glyph((enum yj_glyph)g);
            size_t len = strlen(m), i = 0;
            while (i < len) {
                uint32_t cp;
                size_t l = yj_utf8_decode(m + i, len - i, &cp);
                assert_true(l > 0);
                assert_false(yj_cp_ambiguous(cp));
                i += l;
            }
            assert_int_equal(yj_str_width(yj_glyph_or_blank((enum yj_glyph)g, false)),
                             yj_str_width(m));
        }
        /* A checklist's rows line up whether ticked or not. */
        assert_int_equal(yj_str_width(yj_glyph(YJ_G_TICK_ON)), 3);
        assert_int_equal(yj_str_width(yj_glyph(YJ_G_TICK_OFF)), 3);
    }
    yj_ambi_set(YJ_AMBI_WIDE);
    assert_int_equal(yj_str_width(yj_glyph(YJ_G_FOCUS)), 2); /* ＞ */
    assert_int_equal(yj_str_width(yj_glyph(YJ_G_RADIO_OFF)), 2);
}

/* Text with ambiguous characters as drawn, and widths that count it. */
static void
test_display_width(void **state)
{
    (void)state;
    char out[256];
    const char *s = "请填写“出生体重（克）”·①…";
    assert_string_equal(yj_ambi_display(s, out, sizeof out), s); /* narrow: as is */
    assert_int_equal(yj_str_width(s), 2 * 3 + 1 + 2 * 7 + 1 + 1 + 1 + 1);
    yj_ambi_set(YJ_AMBI_ASCII);
    yj_ambi_display(s, out, sizeof out);
    assert_string_equal(out, "请填写\"出生体重（克）\".(1)...");
    assert_int_equal(yj_str_width(s), yj_str_width(out));
    assert_int_equal(yj_str_width(s), 2 * 3 + 1 + 2 * 7 + 1 + 1 + 3 + 3);
    /* Arrows of the key help: 上下左右 in Chinese, ASCII in English. */
    assert_string_equal(yj_ambi_display("↑↓ 选择  ←→ 切换", out, sizeof out),
                        "上下 选择  左右 切换");
    yj_i18n_set(YJ_LANG_EN);
    assert_string_equal(yj_ambi_display("↑↓ move", out, sizeof out), "^v move");
    yj_i18n_set(YJ_LANG_ZH_CN);
    /* Pinyin tone marks lose the mark, not the letter. */
    assert_string_equal(yj_ambi_display("Lǚ Yí", out, sizeof out), "Lu Yi");
    yj_ambi_set(YJ_AMBI_WIDE);
    yj_ambi_display(s, out, sizeof out);
    assert_string_equal(out, "请填写「出生体重（克）」・(1)...");
    assert_int_equal(yj_str_width(s), yj_str_width(out));
    /* A cut string's ellipsis is counted as what is drawn for it. */
    char pad[64];
    yj_str_pad("一二三四五六", 7, true, pad, sizeof pad);
    yj_ambi_display(pad, out, sizeof out);
    assert_string_equal(out, "一二...");
    assert_int_equal(yj_str_width(pad), 7);
    /* Wrapping counts the same widths: no line is wider than asked. */
    struct yj_line l[16];
    size_t n = yj_lay_wrap(s, 10, l, 16);
    for (size_t i = 0; i < n && i < 16; i++)
        assert_true(l[i].cols <= 10);
}

int
main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_report, reset),
        cmocka_unit_test_setup(test_parse, reset),
        cmocka_unit_test_setup(test_ambiguous, reset),
        cmocka_unit_test_setup(test_marks, reset),
        cmocka_unit_test_setup(test_display_width, reset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
