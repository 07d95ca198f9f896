/* counter_stats.c: the statistics screen — cases by bundle and status per day
 * or week, time from submit to close, items past their limit, CSV export. */
#define NCURSES_WIDECHAR 1
#include <ncurses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/status.h"
#include "core/utf8.h"
#include "core/util.h"
#include "ui/counter_int.h"

static const char *const statuses[] = {YJ_CASE_SUBMITTED, YJ_CASE_ACCEPTED, YJ_CASE_RETURNED,
                                       YJ_CASE_DONE, YJ_CASE_CLOSED};

/* Hours with one decimal. */
static void
hours(double s, char *out, size_t outsz)
{
    snprintf(out, outsz, _("%.1f 小时"), s / 3600.0);
}

void
yj_c_stats_draw(struct yj_cui *c)
{
    struct yj_ui *u = &c->u;
    char from[11], to[11], line[1024];
    yj_cflow_stats_range(c->week, from, to);
    snprintf(line, sizeof line, _("%s 至 %s · %s"), from, to, c->week ? _("按周") : _("按日"));
    yj_d_header(u, _("一件事 综合窗口 · 统计"), line);
    if (!c->f.have_stats) {
        yj_d_footer(u, _("Esc 返回"));
        return;
    }
    const struct yj_stats *st = &c->f.st;
    /* rows (period, thing) with a column per status */
    struct yj_buf b = {0};
    static const int w[] = {11, 14, 7, 7, 7, 7, 7, 6};
    const char *head[] = {c->week ? _("周（周一）") : _("日期"), _("一件事"),
                          yj_case_status_label(statuses[0]),     yj_case_status_label(statuses[1]),
                          yj_case_status_label(statuses[2]),     yj_case_status_label(statuses[3]),
                          yj_case_status_label(statuses[4]),     _("合计")};
    int y = 2;
    {
        char cell[128];
        for (size_t i = 0; i < YJ_ARRAY_LEN(w); i++) {
            yj_str_pad(head[i], w[i], true, cell, sizeof cell);
            yj_buf_printf(&b, "%s ", cell);
        }
        yj_d_text(y++, 1, u->cols - 2, b.data, YJ_P_HINT, A_UNDERLINE);
        yj_buf_reset(&b);
    }
    int lines = 0, maxlines = u->rows - 10;
    for (size_t i = 0; i < st->n;) {
        size_t j = i;
        long cnt[YJ_ARRAY_LEN(statuses)] = {0}, tot = 0;
        while (j < st->n && strcmp(st->rows[j].period, st->rows[i].period) == 0 &&
               strcmp(st->rows[j].thing, st->rows[i].thing) == 0) {
            for (size_t k = 0; k < YJ_ARRAY_LEN(statuses); k++)
                if (strcmp(st->rows[j].status, statuses[k]) == 0)
                    cnt[k] += st->rows[j].count;
            tot += st->rows[j].count;
            j++;
        }
        if (lines >= c->stop && lines - c->stop < maxlines) {
            char num[6][16], cell[128];
            for (size_t k = 0; k < 5; k++)
                snprintf(num[k], sizeof num[k], "%ld", cnt[k]);
            snprintf(num[5], sizeof num[5], "%ld", tot);
            const char *text[] = {st->rows[i].period,
                                  yj_c_thing_label(c, st->rows[i].thing),
                                  num[0],
                                  num[1],
                                  num[2],
                                  num[3],
                                  num[4],
                                  num[5]};
            for (size_t k = 0; k < YJ_ARRAY_LEN(w); k++) {
                yj_str_pad(text[k], w[k], true, cell, sizeof cell);
                yj_buf_printf(&b, "%s ", cell);
            }
            yj_d_text(y++, 1, u->cols - 2, b.data, YJ_P_NORMAL, 0);
            yj_buf_reset(&b);
        }
        lines++;
        i = j;
    }
    if (st->n == 0)
        yj_d_text(y++, 1, u->cols - 2, _("此期间没有办件。"), YJ_P_HINT, 0);
    y++;
    char avg[64], mx[64];
    hours(st->avg_close_s, avg, sizeof avg);
    hours((double)st->max_close_s, mx, sizeof mx);
    snprintf(line, sizeof line, _("共 %ld 件，已办结 %ld 件；提交到办结平均 %s，最长 %s（%s）"),
             st->total, st->closed, avg, mx, st->max_close_case ? st->max_close_case : "—");
    yj_d_text(y++, 1, u->cols - 2, line, YJ_P_NORMAL, A_BOLD);
    snprintf(line, sizeof line, _("超过办理时限的事项：%zu 项"), st->noverdue);
    yj_d_text(y++, 1, u->cols - 2, line, st->noverdue ? YJ_P_ERROR : YJ_P_OK, A_BOLD);
    for (size_t i = 0; i < st->noverdue && y < u->rows - 2; i++) {
        const struct yj_overdue_row *o = &st->overdue[i];
        const struct yj_item *it = yj_formset_item(u->set, o->item_id);
        const struct yj_department *dp = yj_formset_dept(u->set, o->dept_id);
        snprintf(line, sizeof line, _("  已超 %ld 天（应于 %s 办结）  %s  %s  %s"), o->days_over,
                 o->due_date, o->case_no, it ? yj_text(&it->label) : o->item_id,
                 dp ? yj_text(&dp->label) : o->dept_id);
        yj_d_text(y++, 1, u->cols - 2, line, YJ_P_ERROR, A_BOLD);
    }
    yj_buf_free(&b);
    yj_d_footer(u, _("W 按日/按周  X 导出 CSV  ↑↓ 滚动  F4 刷新  Esc 返回"));
}

/* Write the statistics as CSV into the export directory. */
static void
export_csv(struct yj_cui *c)
{
    char path[4096];
    if (yj_cflow_stats_export(&c->f, c->week, path, sizeof path) != 0)
        snprintf(c->u.note, sizeof c->u.note, _("无法写入 %s。"), path);
    else
        snprintf(c->u.note, sizeof c->u.note, _("已导出 %s"), path);
}

void
yj_c_stats_key(struct yj_cui *c, int type, wint_t ch)
{
    if (type == KEY_CODE_YES) {
        if (ch == KEY_DOWN)
            c->stop++;
        else if (ch == KEY_UP && c->stop > 0)
            c->stop--;
        else if (ch == KEY_F(4))
            yj_c_stats_load(c);
        else if (ch == KEY_F(10))
            yj_c_go(c, YJ_C_QUEUE);
        return;
    }
    if (ch == 27) {
        yj_c_go(c, YJ_C_QUEUE);
    } else if (ch == 'w' || ch == 'W') {
        c->week = !c->week;
        yj_c_stats_load(c);
    } else if ((ch == 'x' || ch == 'X') && c->f.have_stats) {
        export_csv(c);
    }
}
