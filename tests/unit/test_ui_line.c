/* test_ui_line.c: the one line editor (src/ui/w_line.c) — editing keys, what
 * it leaves to the screen, secrets, and pinyin through the real engine on
 * any line that takes it (a form field, a list's search, a counter prompt). */
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <ncurses.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "ui/ime_ui.h"
#include "ui/ui_int.h"
#include "ui/w_line.h"

/* Type s into b, a key each. */
static void
type(struct yj_ui *u, struct yj_editbuf *b, unsigned flags, const char *s)
{
    for (; *s; s++)
        yj_line_key(u, b, flags, OK, (wint_t)(unsigned char)*s);
}

/* Editing keys are the line's; Enter, Esc, Tab, arrows up and down the
 * screen's. */
static void
test_editing(void **state)
{
    (void)state;
    static struct yj_ui u;
    struct yj_editbuf b;
    yj_eb_init(&b, 5);
    assert_int_equal(yj_line_key(&u, &b, 0, OK, 'a'), YJ_LINE_USED | YJ_LINE_CHANGED);
    type(&u, &b, 0, "bc");
    assert_string_equal(b.s, "abc");
    assert_int_equal(yj_line_key(&u, &b, 0, KEY_CODE_YES, KEY_LEFT), YJ_LINE_USED);
    assert_int_equal(yj_line_key(&u, &b, 0, OK, 127), YJ_LINE_USED | YJ_LINE_CHANGED);
    assert_string_equal(b.s, "ac");
    assert_int_equal(yj_line_key(&u, &b, 0, OK, 1), YJ_LINE_USED); /* Ctrl-A */
    assert_int_equal(yj_line_key(&u, &b, 0, KEY_CODE_YES, KEY_DC), YJ_LINE_USED | YJ_LINE_CHANGED);
    assert_string_equal(b.s, "c");
    assert_int_equal(yj_line_key(&u, &b, 0, OK, '\r'), YJ_LINE_NONE);
    assert_int_equal(yj_line_key(&u, &b, 0, OK, 27), YJ_LINE_NONE);
    assert_int_equal(yj_line_key(&u, &b, 0, OK, '\t'), YJ_LINE_NONE);
    assert_int_equal(yj_line_key(&u, &b, 0, KEY_CODE_YES, KEY_UP), YJ_LINE_NONE);
    assert_int_equal(yj_line_key(&u, &b, 0, KEY_CODE_YES, KEY_NPAGE), YJ_LINE_NONE);
    /* too long: said, not changed */
    u.note[0] = '\0';
    assert_int_equal(yj_line_key(&u, &b, 0, OK, 5), YJ_LINE_USED); /* Ctrl-E */
    type(&u, &b, 0, "defg");
    assert_string_equal(b.s, "cdefg");
    assert_int_equal(yj_line_key(&u, &b, 0, OK, 'h'), YJ_LINE_USED);
    assert_non_null(strstr(u.note, "5"));
    assert_int_equal(yj_line_key(&u, &b, 0, OK, 21), YJ_LINE_USED | YJ_LINE_CHANGED); /* Ctrl-U */
    assert_string_equal(b.s, "");
    yj_eb_free(&b);
}

/* Pinyin on a line that takes it, in 中; letters as typed on one that does
 * not (an ID, a password), and in 英. */
static void
test_pinyin(void **state)
{
    (void)state;
    static struct yj_ui u;
    struct yj_editbuf b;
    yj_eb_init(&b, 0);
    yj_w_ime_init(false);
    yj_w_ime_toggle(&u);
    if (!yj_w_ime_on()) {
        fprintf(stderr, "no pinyin engine here: %s\n", u.note);
        yj_w_ime_free();
        yj_eb_free(&b);
        skip();
    }
    type(&u, &b, YJ_LINE_PINYIN, "zhangsan");
    assert_true(yj_w_ime_composing());
    assert_string_equal(b.s, "");
    char letters[32];
    yj_w_ime_preedit_letters(letters, sizeof letters);
    assert_string_equal(letters, "zhangsan");
    /* while composing every key is the engine's: Tab, Up, Esc */
    assert_true(yj_line_key(&u, &b, YJ_LINE_PINYIN, OK, '\t') & YJ_LINE_BY_IME);
    int r = yj_line_key(&u, &b, YJ_LINE_PINYIN, OK, ' ');
    assert_int_equal(r, YJ_LINE_BY_IME | YJ_LINE_USED | YJ_LINE_CHANGED);
    assert_string_equal(b.s, "张三");
    assert_false(yj_w_ime_composing());
    /* nothing composed: Enter and digits are the line's or the screen's */
    assert_int_equal(yj_line_key(&u, &b, YJ_LINE_PINYIN, OK, '\r'), YJ_LINE_NONE);
    assert_int_equal(yj_line_key(&u, &b, YJ_LINE_PINYIN, OK, '7'), YJ_LINE_USED | YJ_LINE_CHANGED);
    assert_string_equal(b.s, "张三7");
    /* Enter while composing puts the letters in as typed */
    type(&u, &b, YJ_LINE_PINYIN, "ab");
    assert_true(yj_line_key(&u, &b, YJ_LINE_PINYIN, OK, '\r') & YJ_LINE_CHANGED);
    assert_string_equal(b.s, "张三7ab");
    /* Esc drops the composition only */
    type(&u, &b, YJ_LINE_PINYIN, "li");
    assert_true(yj_line_key(&u, &b, YJ_LINE_PINYIN, OK, 27) & YJ_LINE_BY_IME);
    assert_false(yj_w_ime_composing());
    assert_string_equal(b.s, "张三7ab");
    /* a tapped candidate goes into the line given */
    yj_eb_clear(&b);
    type(&u, &b, YJ_LINE_PINYIN, "hui");
    assert_true(yj_w_ime_pick(&u, &b, 0));
    assert_true(strlen(b.s) > 0 && (unsigned char)b.s[0] >= 0xe0);
    /* no pinyin: an ID number, a password; capitals with nothing composed */
    yj_eb_clear(&b);
    type(&u, &b, 0, "abc");
    type(&u, &b, YJ_LINE_PINYIN | YJ_LINE_SECRET, "pw");
    type(&u, &b, YJ_LINE_PINYIN, "X");
    assert_string_equal(b.s, "abcpwX");
    assert_false(yj_w_ime_composing());
    yj_w_ime_toggle(&u); /* 英 */
    type(&u, &b, YJ_LINE_PINYIN, "zhang");
    assert_string_equal(b.s, "abcpwXzhang");
    yj_w_ime_free();
    yj_eb_free(&b);
}

int
main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_editing),
        cmocka_unit_test(test_pinyin),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
