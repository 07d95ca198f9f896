/* ui.c: the full-screen program's main loop — start-up, kiosk lock-down, the
 * idle timeout, resize, and screen dispatch (what the screens share to move
 * between them is in nav.c and draft.c, below both). */
#define NCURSES_WIDECHAR 1
#include "ui/ui.h"

#include <errno.h>
#include <ncurses.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/i18n.h"
#include "core/paths.h"
#include "core/util.h"
#include "store/store.h"
#include "ui/ime_ui.h"
#include "ui/ui_layout.h"
#include "ui/ui_int.h"

/* A language is offered when its catalog translates the probe message. */
static void
probe_languages(struct yj_ui *u)
{
    enum yj_lang cur = yj_i18n_get();
    const char *probe = "一件事 一次办";
    for (int l = 0; l < 3; l++) {
        yj_i18n_set((enum yj_lang)l);
        u->lang_ok[l] = l == YJ_LANG_ZH_CN || l == (int)cur || strcmp(_(probe), probe) != 0;
    }
    yj_i18n_set(cur);
}

/* Kiosk lock-down: keys that must never do anything. */
static bool
locked_key(int type, wint_t ch)
{
    if (type == KEY_CODE_YES)
        return (ch >= KEY_F0 && ch <= KEY_F(63)) || ch == KEY_SUSPEND || ch == KEY_EXIT ||
               ch == KEY_CANCEL || ch == KEY_MOUSE;
    return ch == 3 || ch == 26 || ch == 28 || ch == 4 || ch == 17 || ch == 19 || ch == 31;
}

/* Draw the whole frame. */
static void
draw(struct yj_ui *u, long idle_left, bool warn)
{
    getmaxyx(stdscr, u->rows, u->cols);
    erase();
    yj_hit_clear();
    u->cur_on = false;
    u->typing = 0;
    if (!yj_lay_kiosk_size_ok(u->rows, u->cols)) {
        yj_scr_small_draw(u);
    } else {
        yj_screens[u->scr].draw(u);
        if (u->leave_ask)
            yj_leave_draw(u);
        yj_w_ime_draw(u); /* candidates, 中/英, the on-screen keyboard */
        if (warn)
            yj_scr_idle_draw(u, idle_left);
    }
    yj_d_present(u);
}

/* Redraw only the text being typed, when the last key changed nothing else;
 * false when the whole frame must be drawn. */
static bool
draw_input(struct yj_ui *u)
{
    int rows, cols;
    getmaxyx(stdscr, rows, cols);
    if (rows != u->rows || cols != u->cols || !yj_lay_kiosk_size_ok(rows, cols) ||
        !yj_page_draw_input(u))
        return false;
    move(u->cur_y, u->cur_x);
    curs_set(1);
    refresh();
    return true;
}

/* Idle timeout applies when there is something to wipe and no helper. */
static bool
idle_applies(const struct yj_ui *u)
{
    if (u->idle_timeout <= 0 || u->assist)
        return false;
    return u->scr != YJ_SCR_HOME && u->scr != YJ_SCR_SIGNIN;
}

/* The main loop. */
static void
loop(struct yj_ui *u)
{
    bool dirty = true;
    bool input_only = false; /* dirty, but only the text being typed changed */
    long drawn_left = -1;
    /* Benchmarks only (tests/bench/ui_bench.sh): leave cleanly once this many
     * keys have been handled and drawn, so callgrind writes its profile. */
    const char *ek = getenv("YJ_UI_EXIT_AFTER_KEYS");
    long exit_after = ek ? strtol(ek, NULL, 10) : 0, nkeys = 0;
    /* Benchmarks only (tests/bench/ime_bench.sh): the time from each key to
     * its frame on the screen, and whether pinyin handled it. */
    const char *kt = getenv("YJ_UI_KEY_TIMES");
    FILE *ktf = kt ? fopen(kt, "w") : NULL;
    struct timespec kt0 = {0, 0};
    bool kt_pending = false;
    const char *kt_kind = "other";
    time(&u->last_input);
    while (!u->quit && !yj_ui_term_requested()) {
        long left = 0;
        enum yj_idle st = YJ_IDLE_ACTIVE;
        if (idle_applies(u))
            st = yj_idle_state(u->idle_timeout, (long)(time(NULL) - u->last_input), &left);
        if (st == YJ_IDLE_EXPIRED) {
            yj_discard_draft(u);
            yj_flow_idle_wiped(u->store, u->terminal);
            yj_wipe_home(u);
            yj_i18n_set(YJ_LANG_ZH_CN);
            dirty = true;
            input_only = false;
            continue;
        }
        bool warn = st == YJ_IDLE_WARN;
        /* Redraw after input, and on a tick only when the countdown moved. */
        if (dirty && input_only && !warn && !u->idle_warning && draw_input(u)) {
            /* A typed character: the input row alone, not the whole frame. */
            dirty = false;
        } else if (dirty || warn != u->idle_warning || (warn && left != drawn_left)) {
            u->idle_warning = warn;
            draw(u, left, warn);
            drawn_left = left;
            dirty = false;
        }
        input_only = false;
        if (ktf != NULL && kt_pending) {
            struct timespec t1;
            clock_gettime(CLOCK_MONOTONIC, &t1);
            fprintf(ktf, "%s %ld\n", kt_kind,
                    (long)((t1.tv_sec - kt0.tv_sec) * 1000000000L + (t1.tv_nsec - kt0.tv_nsec)));
            fflush(ktf);
            kt_pending = false;
        }
        if (exit_after > 0 && nkeys >= exit_after)
            break;
        if (u->print_pending) {
            /* "正在打印…" is on the screen: print now (this may take a while). */
            yj_scr_done_print(u);
            time(&u->last_input);
            dirty = true;
            continue;
        }
        wint_t ch;
        int type = wget_wch(stdscr, &ch);
        if (type == ERR) {
            /* timeout tick: idle countdown, signals, and a resize whose
             * SIGWINCH never reached curses (else 请放大窗口 would stay) */
            if (yj_ui_term_resync())
                dirty = true;
            continue;
        }
        dirty = true;
        time(&u->last_input);
        if (ktf != NULL) {
            clock_gettime(CLOCK_MONOTONIC, &kt0);
            kt_pending = true;
            bool letter = type == OK && ch >= 'a' && ch <= 'z' && u->page.eb_field &&
                          yj_w_ime_field(u->page.eb_field);
            kt_kind = yj_w_ime_composing() || (letter && yj_w_ime_on()) ? "pinyin"
                      : letter                                          ? "plain"
                                                                        : "other";
        }
        if (type == KEY_CODE_YES && ch == KEY_RESIZE)
            continue; /* re-laid out on the next draw; nothing typed is lost */
        nkeys++;
        int my = 0, mx = 0;
        enum yj_mouse mev = YJ_MOUSE_NONE;
        if (type == KEY_CODE_YES && ch == YJ_KEY_SGR_MOUSE) {
            mev = yj_mouse_read(&my, &mx);
            if (mev == YJ_MOUSE_NONE || mev == YJ_MOUSE_BAD) {
                dirty = false; /* a release: nothing to redraw */
                continue;
            }
        } else if (yj_w_ime_toggle_key(u, type, ch)) {
            continue;
        }
        if (locked_key(type, ch))
            continue;
        if (u->idle_warning) {
            u->idle_warning = false; /* the key only says "still here" */
            continue;
        }
        if (!yj_lay_kiosk_size_ok(u->rows, u->cols))
            continue;
        bool had_note = u->note[0] != '\0';
        u->note[0] = '\0';
        if (mev != YJ_MOUSE_NONE) {
            yj_mouse_click(u, mev, my, mx);
            continue;
        }
        if (u->scr == YJ_SCR_HOME && type == OK &&
            yj_seq_feed(u->seqbuf, sizeof u->seqbuf, u->exit_seq, (unsigned)ch)) {
            yj_flow_kiosk_exit(u->store, u->terminal);
            u->quit = true;
            break;
        }
        enum yj_scr was = u->scr;
        u->page.input_only = false;
        yj_screens[u->scr].key(u, type, ch);
        /* A note shown until this key must be wiped: the whole frame then. */
        input_only = u->page.input_only && !had_note && u->scr == was;
    }
    if (ktf != NULL)
        fclose(ktf);
}

int
yj_ui_run(const struct yj_ui_opts *o)
{
    struct yj_ui *u = xcalloc(1, sizeof *u);
    char err[512];
    int rc = 1;
    u->assist = o->assist;
    u->idle_timeout =
        o->idle_timeout >= 0 ? o->idle_timeout : yj_config_get_long("kiosk.idle_timeout", 120);
    u->draft_max_age = yj_config_get_long("draft_max_age", 1800);
    u->exit_seq = yj_config_get("kiosk.exit_sequence", NULL);
    if (u->exit_seq != NULL && *u->exit_seq == '\0')
        u->exit_seq = NULL;
    const char *demo = yj_config_get("kiosk.demo", "no");
    u->demo = strcmp(demo, "yes") == 0 || strcmp(demo, "true") == 0 || strcmp(demo, "1") == 0;
    const char *theme = yj_config_get("ui.theme", o->assist ? "large" : "normal");
    u->large = strcmp(theme, "large") == 0;
    if (o->terminal != NULL)
        yj_config_set("terminal_id", o->terminal);
    const char *centre, *term;
    if (yj_terminal_identity(&centre, &term, err, sizeof err) != 0) {
        yj_err("%s", err);
        free(u);
        return 1;
    }
    snprintf(u->terminal, sizeof u->terminal, "%s", term);
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        yj_err("%s needs a terminal", o->assist ? "assist" : "kiosk");
        free(u);
        return 1;
    }
    u->set = yj_formset_load(yj_paths_forms());
    if (u->set->nproblems > 0) {
        yj_formset_print_problems(u->set, stderr);
        yj_err("the form set in %s has %zu problem(s); fix them first", u->set->dir,
               u->set->nproblems);
        goto out;
    }
    if (u->set->nthings == 0) {
        yj_err("no things (一件事) in %s", u->set->dir);
        goto out;
    }
    u->store = yj_store_open(yj_paths_db(), err, sizeof err);
    if (u->store == NULL) {
        yj_err("%s", err);
        goto out;
    }
    if (o->lang) {
        int l = yj_lang_parse(o->lang);
        if (l < 0) {
            yj_err("unknown language '%s' (zh_CN, zh_TW, en)", o->lang);
            goto out;
        }
        yj_i18n_set((enum yj_lang)l);
    }
    probe_languages(u);
    yj_flow_init(&u->flow, u->set);
    yj_flow_set_origin(&u->flow, o->assist ? "assist" : "kiosk", NULL, NULL);
    yj_answers_init(&u->resume_a);
    yj_eb_init(&u->signin, 32);
    yj_eb_init(&u->page.eb, 0);

    /* Signals: nothing the keyboard sends may stop or suspend us (the rest
     * in yj_ui_term_start). */
    signal(SIGTTIN, SIG_IGN);
    signal(SIGTTOU, SIG_IGN);
    yj_w_ime_init(false);
    if (yj_ui_term_start(u, 250) != 0)
        goto out;
    yj_mouse_start(250);
    if (u->assist) {
        u->scr = YJ_SCR_SIGNIN;
    } else {
        snprintf(u->slot, sizeof u->slot, "kiosk:%s", u->terminal);
        yj_go(u, YJ_SCR_RESUME);
    }
    loop(u);
    rc = 0;
    yj_mouse_stop();
    endwin();
out:
    yj_w_ime_free();
    yj_done_reset(u);
    yj_flow_wipe(&u->flow);
    yj_answers_free(&u->flow.a);
    yj_answers_free(&u->resume_a);
    yj_popup_close(&u->page.pop);
    yj_eb_free(&u->page.eb);
    yj_eb_free(&u->signin);
    for (int i = 0; i < 4; i++)
        free(u->auth_msgs[i].msg);
    free(u->resume_thing);
    free(u->resume_page);
    yj_store_close(&u->store);
    yj_formset_free(&u->set);
    free(u);
    return rc;
}
