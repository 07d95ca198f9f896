/* stats.c: the counter's statistics — cases by day or ISO week, thing and
 * status, close times, overdue items of open cases — and their CSV. */
#include "store/counter.h"
#include "store/store_int.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/status.h"
#include "core/util.h"

/* ---- statistics ----------------------------------------------------------- */

/* The local date of submission, the range test used by every query. */
#define STAT_DAY "date(c.submitted_at, 'localtime')"
#define STAT_RANGE "(?1 IS NULL OR " STAT_DAY " >= ?1) AND (?2 IS NULL OR " STAT_DAY " <= ?2)"

int
yj_counter_stats(struct yj_store *s, const char *from, const char *to, bool week, const char *today,
                 struct yj_stats *out)
{
    memset(out, 0, sizeof *out);
    char td[11];
    if (today)
        snprintf(td, sizeof td, "%s", today);
    else
        yj_today(td);
    const char *bad = from && yj_ymd_to_days(from) == LONG_MIN ? from
                      : to && yj_ymd_to_days(to) == LONG_MIN   ? to
                      : yj_ymd_to_days(td) == LONG_MIN         ? td
                                                               : NULL;
    if (bad) {
        yj_store_set_err(s, _("日期 %s 不对，应为 YYYY-MM-DD。"), bad);
        return -1;
    }
    sqlite3_stmt *st;
    const char *period =
        week ? "date(c.submitted_at, 'localtime', 'weekday 0', '-6 days')" : STAT_DAY;
    char *sql = xasprintf("SELECT %s, c.thing, c.status, count(*) FROM cases c WHERE " STAT_RANGE
                          " GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
                          period);
    int rc = yj_store_prep(s, &st, sql, "tt", from, to);
    free(sql);
    if (rc != SQLITE_OK)
        goto sqlfail;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        out->rows = xreallocarray(out->rows, out->n + 1, sizeof *out->rows);
        struct yj_stat_row *r = &out->rows[out->n++];
        const char *p = (const char *)sqlite3_column_text(st, 0);
        snprintf(r->period, sizeof r->period, "%s", p ? p : "");
        r->thing = yj_store_col_str(st, 1);
        r->status = yj_store_col_str(st, 2);
        r->count = (long)sqlite3_column_int64(st, 3);
        out->total += r->count;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        goto sqlfail;

    /* Submit to close: the first "closed" event, else the last change. Summed in
     * SQL, one row back whatever the number of closed cases; the longest is the
     * first case found with it (max() keeps the first row of a tie). */
    rc = yj_store_prep(s, &st,
                       "SELECT count(*), total(secs), max(secs), case_no FROM (SELECT c.case_no,"
                       " max(0, CAST(round((julianday(coalesce((SELECT min(e.at) FROM"
                       " case_events e WHERE e.case_uuid = c.uuid AND e.status = 'closed'),"
                       " c.updated_at)) - julianday(c.submitted_at)) * 86400) AS INTEGER))"
                       " AS secs FROM cases c WHERE c.status = 'closed' AND " STAT_RANGE ")",
                       "tt", from, to);
    if (rc != SQLITE_OK)
        goto sqlfail;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->closed = (long)sqlite3_column_int64(st, 0);
        if (out->closed > 0) {
            out->avg_close_s = sqlite3_column_double(st, 1) / (double)out->closed;
            out->max_close_s = (long)sqlite3_column_int64(st, 2);
            out->max_close_case = yj_store_col_str(st, 3);
        }
        rc = sqlite3_step(st);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        goto sqlfail;

    /* Items past their time limit, in cases not yet done. */
    rc = yj_store_prep(s, &st,
                       "SELECT c.case_no, c.thing, i.item_id, i.dept_id, i.status, i.due_date,"
                       " CAST(julianday(?1) - julianday(i.due_date) AS INTEGER)"
                       " FROM case_items i JOIN cases c ON c.uuid = i.case_uuid"
                       " WHERE c.status NOT IN ('done','closed')"
                       " AND i.status NOT IN ('done','certificate_issued','returned')"
                       " AND i.due_date IS NOT NULL AND i.due_date < ?1"
                       " ORDER BY i.due_date, c.case_no, i.item_id",
                       "t", td);
    if (rc != SQLITE_OK)
        goto sqlfail;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        out->overdue = xreallocarray(out->overdue, out->noverdue + 1, sizeof *out->overdue);
        struct yj_overdue_row *o = &out->overdue[out->noverdue++];
        o->case_no = yj_store_col_str(st, 0);
        o->thing = yj_store_col_str(st, 1);
        o->item_id = yj_store_col_str(st, 2);
        o->dept_id = yj_store_col_str(st, 3);
        o->status = yj_store_col_str(st, 4);
        o->due_date = yj_store_col_str(st, 5);
        o->days_over = (long)sqlite3_column_int64(st, 6);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        goto sqlfail;
    return 0;
sqlfail:
    yj_store_set_sqlerr(s, rc, sqlite3_errmsg(s->db));
    yj_stats_free(out);
    return -1;
}

void
yj_stats_free(struct yj_stats *st)
{
    for (size_t i = 0; i < st->n; i++) {
        free(st->rows[i].thing);
        free(st->rows[i].status);
    }
    free(st->rows);
    for (size_t i = 0; i < st->noverdue; i++) {
        struct yj_overdue_row *o = &st->overdue[i];
        free(o->case_no);
        free(o->thing);
        free(o->item_id);
        free(o->dept_id);
        free(o->status);
        free(o->due_date);
    }
    free(st->overdue);
    free(st->max_close_case);
    memset(st, 0, sizeof *st);
}

/* One CSV field, quoted when it needs to be. */
static void
csv_field(struct yj_buf *b, const char *v, bool last)
{
    if (v == NULL)
        v = "";
    if (strpbrk(v, ",\"\r\n") != NULL) {
        yj_buf_addc(b, '"');
        for (const char *p = v; *p; p++) {
            if (*p == '"')
                yj_buf_addc(b, '"');
            yj_buf_addc(b, *p);
        }
        yj_buf_addc(b, '"');
    } else {
        yj_buf_adds(b, v);
    }
    yj_buf_adds(b, last ? "\r\n" : ",");
}

void
yj_stats_csv(const struct yj_stats *st, struct yj_buf *out)
{
    char num[64];
    yj_buf_adds(out, "period,thing,status,count\r\n");
    for (size_t i = 0; i < st->n; i++) {
        csv_field(out, st->rows[i].period, false);
        csv_field(out, st->rows[i].thing, false);
        csv_field(out, st->rows[i].status, false);
        snprintf(num, sizeof num, "%ld", st->rows[i].count);
        csv_field(out, num, true);
    }
    yj_buf_adds(out, "\r\ntotal,closed,avg_close_hours,max_close_hours,max_close_case\r\n");
    snprintf(num, sizeof num, "%ld,%ld,%.2f,%.2f,", st->total, st->closed, st->avg_close_s / 3600.0,
             (double)st->max_close_s / 3600.0);
    yj_buf_adds(out, num);
    csv_field(out, st->max_close_case, true);
    yj_buf_adds(out, "\r\ncase_no,thing,item,department,status,due_date,days_over\r\n");
    for (size_t i = 0; i < st->noverdue; i++) {
        const struct yj_overdue_row *o = &st->overdue[i];
        csv_field(out, o->case_no, false);
        csv_field(out, o->thing, false);
        csv_field(out, o->item_id, false);
        csv_field(out, o->dept_id, false);
        csv_field(out, o->status, false);
        csv_field(out, o->due_date, false);
        snprintf(num, sizeof num, "%ld", o->days_over);
        csv_field(out, num, true);
    }
}
