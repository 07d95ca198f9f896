/* counter_queue.c: today's and open cases, the scan/search field, filters. */
#define NCURSES_WIDECHAR 1
#include <ctype.h>
#include <ncurses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/i18n.h"
#include "core/status.h"
#include "core/utf8.h"
#include "core/util.h"
#include "ui/counter_int.h"
#include "ui/ime_ui.h"
#include "ui/w_line.h"

/* "3小时05分" for a waiting time. */
static void
fmt_wait(long s, char *out, size_t outsz)
{
    if (s >= 86400)
        snprintf(out, outsz, _("%ld天%ld时"), s / 86400, (s % 86400) / 3600);
    else if (s >= 3600)
        snprintf(out, outsz, _("%ld时%02ld分"), s / 3600, (s % 3600) / 60);
    else
        snprintf(out, outsz, _("%ld分"), s / 60);
}

void
yj_c_queue_draw(struct yj_cui *c)
{
    struct yj_ui *u = &c->u;
    char right[128], line[512];
    snprintf(right, sizeof right, _("%s %s · 窗口 %s"), c->user.name, c->user.id, u->terminal);
    yj_d_header(u, _("一件事 综合窗口 · 办件队列"), right);
    if (c->searching) {
        snprintf(line, sizeof line, _("查询“%s”：找到 %zu 件（Esc 返回队列）"), c->search,
                 c->f.nrows);
    } else {
        const struct yj_queue_counts *k = &c->f.counts;
        snprintf(line, sizeof line,
                 _("今日及未办结 %ld 件 │ 待受理 %ld │ 已受理 %ld │ 待补正 %ld │ 待出件 %ld │ "
                   "今日已办结 %ld"),
                 k->total, k->submitted, k->accepted, k->returned, k->done, k->closed);
    }
    yj_d_text(1, 1, u->cols - 2, line, YJ_P_NORMAL, A_BOLD);
    const char *st = yj_cflow_status_filter(c->status_f);
    const char *th = yj_c_thing_filter(c);
    snprintf(line, sizeof line, _("筛选  F2 状态：%s   F3 事项：%s"),
             st ? yj_case_status_label(st) : _("全部"), th ? yj_c_thing_label(c, th) : _("全部"));
    yj_d_text(2, 1, u->cols - 2, line, YJ_P_HINT, 0);
    yj_d_str(3, 1, _("扫码/查询"), YJ_P_NORMAL, A_BOLD);
    yj_c_eb_draw(c, &c->scan, 3, 12, u->cols - 14, YJ_LINE_PINYIN | YJ_LINE_SWITCH, true);
    yj_d_str(4, 1, _("（扫描回执二维码，或输入办件编号、身份证号、姓名后回车）"), YJ_P_HINT, 0);
    /* the table: below 100 columns the 上报 column goes (the case detail
     * shows it) and the 一件事 column narrows, so 申请人 keeps its room */
    int y0 = 6;
    bool narrow = u->cols < 100;
    int xt = 29, wt = narrow ? 12 : 14, xs = xt + wt + 1, xw = xs + 9, xi = xw + 10, xy = xi + 6,
        xa = narrow ? xy : xy + 11;
    yj_d_text(y0 - 1, 1, 27, _("办件编号"), YJ_P_HINT, A_UNDERLINE);
    yj_d_text(y0 - 1, xt, wt, _("一件事"), YJ_P_HINT, A_UNDERLINE);
    yj_d_text(y0 - 1, xs, 8, _("状态"), YJ_P_HINT, A_UNDERLINE);
    yj_d_text(y0 - 1, xw, 9, _("已等待"), YJ_P_HINT, A_UNDERLINE);
    yj_d_text(y0 - 1, xi, 5, _("事项"), YJ_P_HINT, A_UNDERLINE);
    if (!narrow)
        yj_d_text(y0 - 1, xy, 10, _("上报"), YJ_P_HINT, A_UNDERLINE);
    yj_d_text(y0 - 1, xa, u->cols - xa - 1, _("申请人"), YJ_P_HINT, A_UNDERLINE);
    int avail = u->rows - 2 - y0;
    if (c->sel < c->top)
        c->top = c->sel;
    if (c->sel >= c->top + avail)
        c->top = c->sel - avail + 1;
    if (c->f.nrows == 0)
        yj_d_str(y0, 3, c->searching ? _("没有找到办件。") : _("队列中没有办件。"), YJ_P_HINT, 0);
    for (int i = 0; i < avail && c->top + i < (int)c->f.nrows; i++) {
        const struct yj_queue_row *r = &c->f.rows[c->top + i];
        bool focus = c->top + i == c->sel;
        int pair = focus ? YJ_P_FOCUS : YJ_P_NORMAL;
        int y = y0 + i;
        if (focus)
            yj_d_fill(y, 0, 1, u->cols, YJ_P_FOCUS);
        char wait[32], items[16];
        fmt_wait(r->waiting_s, wait, sizeof wait);
        snprintf(items, sizeof items, "%d/%d", r->nfinished, r->nitems);
        yj_d_text(y, 1, 27, r->case_no, pair, 0);
        yj_d_text(y, xt, wt, yj_c_thing_label(c, r->thing), pair, 0);
        yj_d_text(y, xs, 8, yj_case_status_label(r->status), pair, 0);
        yj_d_text(y, xw, 9, wait, pair, 0);
        yj_d_text(y, xi, 5, items, pair, 0);
        if (!narrow) {
            const char *sync = yj_cflow_sync_state(&c->f, r->uuid);
            yj_d_text(y, xy, 10, yj_sync_state_label(sync),
                      sync && strcmp(sync, YJ_SYNC_PROBLEM) == 0 && !focus ? YJ_P_ERROR : pair, 0);
        }
        yj_d_text(y, xa, u->cols - xa - 1, r->applicant_name ? r->applicant_name : "", pair, 0);
    }
    yj_d_footer(u, narrow ? _("↑↓ 选择 回车 打开 F2/F3 筛选 F4 刷新 F5 新办 F6 统计 F9 锁屏 "
                              "F10 退出登录")
                          : _("↑↓ 选择  回车 打开  F2/F3 筛选  F4 刷新  F5 窗口新办  F6 统计  "
                              "F9 锁屏  F10 退出登录"));
}

/* The scanner's text or a typed number/ID/name, on Enter. */
static void
scan_enter(struct yj_cui *c)
{
    char text[8192];
    snprintf(text, sizeof text, "%s", c->scan.s);
    /* trim */
    char *p = text;
    while (*p == ' ')
        p++;
    size_t n = strlen(p);
    while (n > 0 && p[n - 1] == ' ')
        p[--n] = '\0';
    if (*p == '\0') {
        if (c->f.nrows > 0 && yj_c_detail_open(c, c->f.rows[c->sel].case_no))
            c->scr = YJ_C_DETAIL;
        return;
    }
    yj_eb_clear(&c->scan);
    if (strncasecmp(p, "YJ1:", 4) == 0) {
        char no[32], msg[1024];
        bool existed = false;
        yj_c_flash(c, _("正在导入…"));
        if (yj_cflow_import(&c->f, p, no, sizeof no, &existed, msg, sizeof msg) != 0) {
            snprintf(c->u.note, sizeof c->u.note, _("二维码导入失败：%s"), msg);
            return;
        }
        if (yj_c_detail_open(c, no)) {
            c->scr = YJ_C_DETAIL;
            snprintf(c->u.note, sizeof c->u.note,
                     existed ? _("办件 %s 已在本机，已打开。") : _("已导入办件 %s。"), no);
        }
        return;
    }
    if (yj_cflow_looks_caseno(p)) {
        char no[32];
        int k = yj_cflow_find(&c->f, p, no, sizeof no, c->u.note, sizeof c->u.note);
        if (k == 0)
            snprintf(c->u.note, sizeof c->u.note, _("本机没有办件 %s，可扫描回执二维码导入。"), p);
        else if (k > 0 && yj_c_detail_open(c, no))
            c->scr = YJ_C_DETAIL;
        return;
    }
    size_t plen = strlen(p);
    if (plen >= sizeof c->search) {
        snprintf(c->u.note, sizeof c->u.note, "%s",
                 _("查询内容太长了，请输入办件编号、身份证号或姓名。"));
        return;
    }
    memcpy(c->search, p, plen + 1);
    c->searching = true;
    c->sel = 0;
    c->top = 0;
    yj_c_queue_load(c);
}

void
yj_c_queue_key(struct yj_cui *c, int type, wint_t ch)
{
    if (type == KEY_CODE_YES) {
        switch (ch) {
        case KEY_UP:
            if (c->sel > 0)
                c->sel--;
            return;
        case KEY_DOWN:
            if (c->sel + 1 < (int)c->f.nrows)
                c->sel++;
            return;
        case KEY_NPAGE:
            c->sel = c->sel + 10 < (int)c->f.nrows ? c->sel + 10 : (int)c->f.nrows - 1;
            if (c->sel < 0)
                c->sel = 0;
            return;
        case KEY_PPAGE:
            c->sel = c->sel > 10 ? c->sel - 10 : 0;
            return;
        default:
            break;
        }
        if (ch == KEY_F(2)) {
            c->status_f = (c->status_f + 1) % (int)yj_cflow_nstatus_filters();
            c->searching = false;
            c->sel = 0;
            yj_c_queue_load(c);
            return;
        }
        if (ch == KEY_F(3)) {
            c->thing_f = (c->thing_f + 1) % (int)(c->u.set->nthings + 1);
            c->searching = false;
            c->sel = 0;
            yj_c_queue_load(c);
            return;
        }
        if (ch == KEY_F(4)) {
            yj_c_queue_load(c);
            return;
        }
        if (ch == KEY_F(5)) {
            /* New case at the counter: the kiosk's screens, filled by the clerk. */
            c->editing = false;
            yj_flow_wipe(&c->u.flow);
            yj_flow_set_origin(&c->u.flow, "counter", c->who.kind, c->user.id);
            yj_go(&c->u, YJ_SCR_HOME);
            c->scr = YJ_C_FLOW;
            return;
        }
        if (ch == KEY_F(6)) {
            yj_c_go(c, YJ_C_STATS);
            return;
        }
        if (ch == KEY_F(9)) {
            c->before_lock = c->scr;
            c->scr = YJ_C_LOCK;
            yj_cflow_lock(&c->f, "by clerk");
            return;
        }
        if (ch == KEY_F(10)) {
            yj_cflow_signout(&c->f, NULL);
            c->signed_in = false;
            yj_eb_clear(&c->id_eb);
            yj_eb_clear(&c->pw_eb);
            c->signin_focus = 0;
            c->scr = YJ_C_SIGNIN;
            return;
        }
    }
    if (yj_w_ime_toggle_key(&c->u, type, ch))
        return; /* F8 / Ctrl-Space: 中/英 for a name */
    int r = yj_c_eb_key(c, &c->scan, YJ_LINE_PINYIN, type, ch);
    if (r == 1) {
        scan_enter(c);
    } else if (r == -1) {
        yj_eb_clear(&c->scan);
        if (c->searching) {
            c->searching = false;
            c->sel = 0;
            yj_c_queue_load(c);
        }
    }
}
