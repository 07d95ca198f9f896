/* preview.c: `yijian forms preview` — each kiosk screen of a thing drawn by the
 * kiosk's own screen functions on a virtual terminal of a given size (ncurses
 * newterm on /dev/null), read back cell by cell and printed as text, so an
 * author sees every page without a terminal and a test can compare them. */
#define NCURSES_WIDECHAR 1
#include "ui/ui.h"

#include <ncurses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "core/util.h"
#include "ui/ui_layout.h"
#include "ui/ui_int.h"

/* Print what is on the virtual screen under a title line. */
static void
dump(struct yj_ui *u, const char *title, FILE *out)
{
    fprintf(out, "=== %s ===\n", title);
    wchar_t *row = xcalloc((size_t)u->cols + 1, sizeof *row);
    char *mb = xcalloc((size_t)u->cols * MB_CUR_MAX + 1, 1);
    for (int y = 0; y < u->rows; y++) {
        row[0] = L'\0';
        if (mvwinnwstr(stdscr, y, 0, row, u->cols) == ERR)
            row[0] = L'\0';
        size_t n = wcstombs(mb, row, (size_t)u->cols * MB_CUR_MAX);
        if (n == (size_t)-1)
            n = 0;
        mb[n] = '\0';
        while (n > 0 && mb[n - 1] == ' ')
            mb[--n] = '\0';
        fprintf(out, "%s\n", mb);
    }
    free(mb);
    free(row);
}

/* Go to screen s as the kiosk does (yj_go: selection, page focus), except
 * Home, whose selection is the thing; draw it as the main loop does; print. */
static void
shot(struct yj_ui *u, enum yj_scr s, const char *title, FILE *out)
{
    if (s == YJ_SCR_HOME)
        u->scr = s;
    else
        yj_go(u, s);
    erase();
    yj_screens[s].draw(u);
    dump(u, title, out);
}

int
yj_ui_preview(struct yj_formset *set, const struct yj_thing *t, const struct yj_answers *a,
              int rows, int cols, void *outv)
{
    FILE *out = outv;
    /* One stream both ways: curses never reads it (nothing is typed). */
    FILE *o = fopen("/dev/null", "r+");
    if (o == NULL)
        return -1;
    char num[16];
    snprintf(num, sizeof num, "%d", rows);
    setenv("LINES", num, 1);
    snprintf(num, sizeof num, "%d", cols);
    setenv("COLUMNS", num, 1);
    SCREEN *scr = newterm("xterm-256color", o, o);
    if (scr == NULL) {
        fclose(o);
        return -1;
    }
    set_term(scr);
    resize_term(rows, cols);
    /* The kiosk shows only "请放大窗口" below its minimum size (64x16); the
     * preview draws the screens anyway. */
    if (!yj_lay_kiosk_size_ok(rows, cols))
        fprintf(stderr,
                "forms preview: the kiosk does not draw its screens at %dx%d (it asks for a "
                "larger window); drawn anyway\n",
                cols, rows);
    struct yj_ui *u = xcalloc(1, sizeof *u);
    u->set = set;
    u->rows = rows;
    u->cols = cols;
    u->idle_timeout = 0;
    u->print_state = YJ_PRINT_OFF;
    for (int l = 0; l < 3; l++)
        u->lang_ok[l] = true;
    yj_d_theme(u);
    yj_flow_init(&u->flow, set);

    for (size_t i = 0; i < set->nthings; i++)
        if (set->things[i] == t)
            u->sel = (int)i;
    shot(u, YJ_SCR_HOME, "Home", out);

    /* The guide, answered from a as far as it goes. */
    yj_flow_begin(&u->flow, t, NULL);
    char title[128];
    for (int step = 0; step < 64; step++) {
        size_t k, n;
        const struct yj_question *q = yj_flow_guide_current(&u->flow, &k, &n);
        if (q == NULL)
            break;
        snprintf(title, sizeof title, "guide %zu/%zu %s", k, n, q->field->id);
        shot(u, YJ_SCR_GUIDE, title, out);
        const char *v = yj_answers_get(a, q->field->id);
        if (v == NULL || yj_flow_guide_answer(&u->flow, v) != YJ_GUIDE_NEXT)
            break;
    }
    /* The answers given, then the notice, each page and the review. */
    for (size_t i = 0; i < a->n; i++)
        if (yj_answers_get(&u->flow.a, a->v[i].id) == NULL)
            yj_answers_set(&u->flow.a, a->v[i].id, a->v[i].value);
    yj_flow_replan(&u->flow);
    if (u->flow.plan.eligible) {
        shot(u, YJ_SCR_NOTICE, "notice", out);
        size_t np = yj_flow_npages(&u->flow);
        for (size_t pg = 0; pg < np; pg++) {
            u->flow.page = pg;
            const struct yj_plan_section *ps = yj_flow_section(&u->flow);
            snprintf(title, sizeof title, "page %zu/%zu %s", pg + 1, np, ps ? ps->section->id : "");
            shot(u, YJ_SCR_FORM, title, out);
        }
        shot(u, YJ_SCR_REVIEW, "review", out);
    } else {
        shot(u, YJ_SCR_STOP, "not eligible", out);
    }
    yj_flow_wipe(&u->flow);
    yj_popup_close(&u->page.pop);
    yj_eb_free(&u->page.eb);
    free(u);
    endwin();
    delscreen(scr);
    fclose(o);
    return 0;
}
