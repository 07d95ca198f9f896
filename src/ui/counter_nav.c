/* counter_nav.c: what the counter's screens share — one-line editing, the
 * note line, readable names, printing, moving between screens and loading
 * what they show (through counter_flow.c). Below the screens and the
 * dispatcher (counter_main.c); it calls no screen. */
#define NCURSES_WIDECHAR 1
#include <ncurses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/readiness.h"
#include "core/util.h"
#include "ui/counter_int.h"
#include "ui/w_line.h"

int
yj_c_eb_key(struct yj_cui *c, struct yj_editbuf *b, unsigned flags, int type, wint_t ch)
{
    /* The one line editor first: while composing pinyin, Enter and Esc are
     * the engine's. */
    if (yj_line_key(&c->u, b, flags, type, ch) != YJ_LINE_NONE)
        return 0;
    if ((type == KEY_CODE_YES && ch == KEY_ENTER) || (type == OK && (ch == '\r' || ch == '\n')))
        return 1;
    if (type == OK && ch == 27)
        return -1;
    return 0;
}

void
yj_c_eb_draw(struct yj_cui *c, struct yj_editbuf *b, int y, int x, int width, unsigned flags,
             bool focus)
{
    yj_d_fill(y, x, 1, width, focus ? YJ_P_FOCUS : YJ_P_BUTTON);
    if (!focus)
        flags &= ~(unsigned)YJ_LINE_SWITCH;
    yj_line_draw(&c->u, b, flags, y, x, width - 1, focus ? YJ_P_FOCUS : YJ_P_BUTTON, focus);
}

void
yj_c_flash(struct yj_cui *c, const char *msg)
{
    snprintf(c->u.note, sizeof c->u.note, "%s", msg);
    yj_d_fill(c->u.rows - 2, 0, 1, c->u.cols, YJ_P_WARN);
    yj_d_text(c->u.rows - 2, 1, c->u.cols - 2, msg, YJ_P_WARN, A_BOLD | A_REVERSE);
    refresh();
}

const char *
yj_c_ready_label(int r)
{
    switch (r) {
    case YJ_READY_FINISHED:
        return _("完成");
    case YJ_READY_RETURNED:
        return _("被退回");
    case YJ_READY_NOW:
        return _("可办理");
    case YJ_READY_WAITING:
        return _("等前置");
    case YJ_READY_BLOCKED:
        return _("前置退回");
    default:
        return "";
    }
}

const char *
yj_c_thing_label(struct yj_cui *c, const char *thing)
{
    const struct yj_thing *t = thing ? yj_formset_thing(c->u.set, thing) : NULL;
    return t ? yj_text(&t->label) : (thing ? thing : "");
}

void
yj_c_print(struct yj_cui *c, const char *kind)
{
    char msg[1024];
    yj_c_flash(c, _("正在打印，请稍候…"));
    if (yj_cflow_print(&c->f, kind, msg, sizeof msg) != 0)
        snprintf(c->u.note, sizeof c->u.note, _("打印失败：%s（可按 P 重新打印）"), msg);
    else
        snprintf(c->u.note, sizeof c->u.note, _("已打印%s。"),
                 strcmp(kind, "notice") == 0 ? _("一次性告知单") : _("受理回执"));
}

void
yj_c_go(struct yj_cui *c, enum yj_cscr s)
{
    c->scr = s;
    c->prompt = YJ_CP_NONE;
    if (s == YJ_C_QUEUE)
        yj_c_queue_load(c);
    else if (s == YJ_C_STATS)
        yj_c_stats_load(c);
}

const char *
yj_c_thing_filter(struct yj_cui *c)
{
    if (c->thing_f <= 0 || (size_t)c->thing_f > c->u.set->nthings)
        return NULL;
    return c->u.set->things[c->thing_f - 1]->id;
}

void
yj_c_queue_load(struct yj_cui *c)
{
    if (c->searching)
        yj_cflow_search(&c->f, c->search, c->u.note, sizeof c->u.note);
    else
        yj_cflow_queue(&c->f, yj_cflow_status_filter(c->status_f), yj_c_thing_filter(c), c->u.note,
                       sizeof c->u.note);
    if (c->sel >= (int)c->f.nrows)
        c->sel = c->f.nrows ? (int)c->f.nrows - 1 : 0;
}

void
yj_c_stats_load(struct yj_cui *c)
{
    yj_cflow_stats(&c->f, c->week, c->u.note, sizeof c->u.note);
    c->stop = 0;
}

/* Forget the return dialog's choices (n: the materials they were made for). */
static void
return_forget(struct yj_cui *c, size_t n)
{
    for (size_t i = 0; c->ret_reason && i < n; i++)
        free(c->ret_reason[i]);
    yj_free(&c->ret_reason);
    yj_free(&c->ret_on);
    yj_free(&c->ret_other);
}

void
yj_c_detail_free(struct yj_cui *c)
{
    return_forget(c, c->f.cl.n);
    yj_cflow_close(&c->f);
}

bool
yj_c_detail_open(struct yj_cui *c, const char *case_no)
{
    char err[sizeof c->u.note] = "";
    size_t n = c->f.cl.n;
    char before[sizeof c->f.case_no];
    snprintf(before, sizeof before, "%s", c->f.have_case ? c->f.case_no : "");
    if (yj_cflow_open(&c->f, case_no, err, sizeof err) != 0) {
        snprintf(c->u.note, sizeof c->u.note, "%s", err);
        return false;
    }
    return_forget(c, n);
    if (err[0])
        snprintf(c->u.note, sizeof c->u.note, "%s", err);
    int nsel = (int)(c->f.cl.n + c->f.c.nitems);
    if (strcmp(c->f.case_no, before) != 0) {
        /* another case opens at its top */
        c->dsel = 0;
        c->dtop = 0;
        c->dsel_seen = -1;
    }
    if (c->dsel >= nsel)
        c->dsel = nsel > 0 ? nsel - 1 : 0;
    return true;
}
