/* test_ui_ime.c: pinyin input over the real librime and Debian's luna_pinyin
 * data — composition, candidates, paging, choosing, traditional output, and
 * learning off (kiosk) leaving no user dictionary while on (counter) keeps one. */
#include <dirent.h>
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

#include "ui/ime.h"

static char commit[256];

/* Type ASCII letters into the engine. */
static void
type(struct yj_ime *ime, const char *s)
{
    for (; *s; s++)
        assert_true(yj_ime_key(ime, (unsigned char)*s, commit, sizeof commit));
}

/* Does dir hold an entry whose name contains part? */
static bool
dir_has(const char *dir, const char *part)
{
    DIR *d = opendir(dir);
    bool found = false;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL)
        if (strstr(e->d_name, part))
            found = true;
    if (d)
        closedir(d);
    return found;
}

static bool
start_or_skip(struct yj_imectl *ctl)
{
    if (yj_imectl_start(ctl) != 0) {
        fprintf(stderr, "no pinyin engine here: %s\n", ctl->err);
        return false;
    }
    return true;
}

/* Kiosk: zhang san -> 张三 by Space; a digit picks; - and = page; Backspace
 * edits and Esc cancels; nothing learnt is written. */
static void
test_kiosk(void **state)
{
    (void)state;
    struct yj_imectl ctl = {0};
    if (!start_or_skip(&ctl))
        skip();
    struct yj_ime *ime = ctl.ime;
    char dir[1024];
    snprintf(dir, sizeof dir, "%s", ctl.dir);
    struct yj_ime_view v;
    assert_false(yj_ime_composing(ime));
    /* Not composing: digits and punctuation are the field's. */
    assert_false(yj_ime_key(ime, '5', commit, sizeof commit));
    assert_false(yj_ime_key(ime, YJ_IME_BACKSPACE, commit, sizeof commit));
    type(ime, "zhangsan");
    yj_ime_view(ime, &v);
    assert_string_equal(v.preedit, "zhang san");
    assert_true(v.ncand >= 3);
    assert_string_equal(v.cand[0], "张三");
    assert_true(yj_ime_key(ime, ' ', commit, sizeof commit));
    assert_string_equal(commit, "张三");
    assert_false(yj_ime_composing(ime));
    /* A digit picks on the page shown: 2 of zhang is not 张 (the first). */
    type(ime, "zhang");
    yj_ime_view(ime, &v);
    assert_string_equal(v.cand[0], "张");
    char second[64];
    snprintf(second, sizeof second, "%s", v.cand[1]);
    assert_true(yj_ime_key(ime, '2', commit, sizeof commit));
    assert_string_equal(commit, second);
    /* Paging: = goes to page 2 and - back. */
    type(ime, "shi");
    yj_ime_view(ime, &v);
    assert_int_equal(v.page, 0);
    char first[64];
    snprintf(first, sizeof first, "%s", v.cand[0]);
    assert_true(yj_ime_key(ime, '=', commit, sizeof commit));
    yj_ime_view(ime, &v);
    assert_int_equal(v.page, 1);
    assert_string_not_equal(v.cand[0], first);
    assert_true(yj_ime_key(ime, '-', commit, sizeof commit));
    yj_ime_view(ime, &v);
    assert_int_equal(v.page, 0);
    assert_string_equal(v.cand[0], first);
    /* Backspace edits the composition, Esc drops it. */
    assert_true(yj_ime_key(ime, YJ_IME_BACKSPACE, commit, sizeof commit));
    yj_ime_view(ime, &v);
    assert_string_equal(v.preedit, "sh");
    assert_true(yj_ime_key(ime, YJ_IME_ESC, commit, sizeof commit));
    assert_false(yj_ime_composing(ime));
    assert_string_equal(commit, "");
    /* A tapped candidate. */
    type(ime, "pudongxinqu");
    yj_ime_view(ime, &v);
    assert_string_equal(v.cand[0], "浦东新区");
    assert_true(yj_ime_pick(ime, 0, commit, sizeof commit));
    assert_string_equal(commit, "浦东新区");
    /* Traditional output (zh_TW). */
    yj_ime_set_trad(ime, true);
    type(ime, "zhangsan");
    yj_ime_view(ime, &v);
    assert_string_equal(v.cand[0], "張三");
    yj_ime_set_trad(ime, false);
    /* Learning is off: the second candidate chosen stays second (a counter
     * puts it first, test_counter_learns)... */
    type(ime, "zhang");
    yj_ime_view(ime, &v);
    snprintf(second, sizeof second, "%s", v.cand[1]);
    assert_true(yj_ime_key(ime, '2', commit, sizeof commit));
    type(ime, "zhang");
    yj_ime_view(ime, &v);
    assert_string_equal(v.cand[0], "张");
    yj_ime_cancel(ime);
    assert_false(dir_has(dir, "userdb"));
    /* ...and the directory goes with the application. */
    yj_imectl_forget(&ctl);
    assert_null(ctl.ime);
    struct stat st;
    assert_int_not_equal(stat(dir, &st), 0);
    assert_int_equal(yj_imectl_start(&ctl), 0);
    assert_string_not_equal(ctl.dir, dir);
    snprintf(dir, sizeof dir, "%s", ctl.dir);
    yj_imectl_close(&ctl);
    assert_int_not_equal(stat(dir, &st), 0);
}

/* Counter: the engine learns, in the state directory, and keeps it. */
static void
test_counter_learns(void **state)
{
    (void)state;
    char dir[] = "/tmp/yj-ime-test-XXXXXX";
    assert_non_null(mkdtemp(dir));
    struct yj_imectl ctl = {.keep = true};
    snprintf(ctl.state_dir, sizeof ctl.state_dir, "%s", dir);
    if (!start_or_skip(&ctl)) {
        yj_ime_rmtree(dir);
        skip();
    }
    struct yj_ime_view v;
    char second[64];
    type(ctl.ime, "zhang");
    yj_ime_view(ctl.ime, &v);
    snprintf(second, sizeof second, "%s", v.cand[1]);
    assert_true(yj_ime_key(ctl.ime, '2', commit, sizeof commit));
    assert_string_equal(commit, second);
    type(ctl.ime, "zhang");
    yj_ime_view(ctl.ime, &v);
    assert_string_equal(v.cand[0], second); /* learnt: now first */
    yj_imectl_forget(&ctl);
    assert_non_null(ctl.ime); /* kept: a clerk's words stay */
    yj_imectl_close(&ctl);
    char rime[1100];
    snprintf(rime, sizeof rime, "%s/rime", dir);
    assert_true(dir_has(rime, "userdb"));
    yj_ime_rmtree(dir);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counter_learns),
        cmocka_unit_test(test_kiosk),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
