/* counter_flow.c: what the counter's screens ask of the store, the printer and
 * sync (see counter_flow.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/paths.h"
#include "core/status.h"
#include "core/util.h"
#include "print/print.h"
#include "ui/counter_flow.h"

static const char *const status_filters[] = {
    NULL, YJ_CASE_SUBMITTED, YJ_CASE_ACCEPTED, YJ_CASE_RETURNED, YJ_CASE_DONE, YJ_CASE_CLOSED};

/* -1 with the store's message. */
static int
fail(struct yj_cflow *f, char *err, size_t errsz)
{
    snprintf(err, errsz, "%s", yj_store_error(f->store));
    return -1;
}

void
yj_cflow_init(struct yj_cflow *f, struct yj_store *s, const struct yj_formset *set,
              const struct yj_actor *who, const char *printer)
{
    memset(f, 0, sizeof *f);
    f->store = s;
    f->set = set;
    f->who = who;
    f->printer = printer;
}

static void
rows_free(struct yj_cflow *f)
{
    yj_queue_rows_free(f->rows, f->nrows);
    f->rows = NULL;
    f->nrows = 0;
}

void
yj_cflow_free(struct yj_cflow *f)
{
    yj_cflow_close(f);
    rows_free(f);
    if (f->have_stats)
        yj_stats_free(&f->st);
    f->have_stats = false;
}

/* ---- the queue */

size_t
yj_cflow_nstatus_filters(void)
{
    return YJ_ARRAY_LEN(status_filters);
}

const char *
yj_cflow_status_filter(int i)
{
    if (i <= 0 || i >= (int)YJ_ARRAY_LEN(status_filters))
        return NULL;
    return status_filters[i];
}

int
yj_cflow_queue(struct yj_cflow *f, const char *status, const char *thing, char *err, size_t errsz)
{
    rows_free(f);
    struct yj_queue_filter flt = {.status = status, .thing = thing};
    if (yj_counter_queue(f->store, &flt, &f->rows, &f->nrows, &f->counts) != 0)
        return fail(f, err, errsz);
    return 0;
}

int
yj_cflow_search(struct yj_cflow *f, const char *text, char *err, size_t errsz)
{
    rows_free(f);
    if (yj_counter_search(f->store, text, &f->rows, &f->nrows) != 0)
        return fail(f, err, errsz);
    return 0;
}

bool
yj_cflow_looks_caseno(const char *text)
{
    return yj_store_looks_caseno(text);
}

int
yj_cflow_find(struct yj_cflow *f, const char *text, char *no, size_t nosz, char *err, size_t errsz)
{
    struct yj_queue_row *rows;
    size_t k;
    if (yj_counter_search(f->store, text, &rows, &k) != 0)
        return fail(f, err, errsz);
    if (k > 0)
        snprintf(no, nosz, "%s", rows[0].case_no);
    yj_queue_rows_free(rows, k);
    return k > 0;
}

int
yj_cflow_import(struct yj_cflow *f, const char *text, char *no, size_t nosz, bool *existed,
                char *msg, size_t msgsz)
{
    return yj_import_qr(f->store, f->set, text, f->who, no, nosz, existed, msg, msgsz) == 0 ? 0
                                                                                            : -1;
}

const char *
yj_cflow_sync_state(struct yj_cflow *f, const char *uuid)
{
    return yj_store_sync_state(f->store, uuid);
}

bool
yj_cflow_sync_problem(struct yj_cflow *f, const char *uuid, char *out, size_t outsz)
{
    return yj_store_sync_problem(f->store, uuid, out, outsz) != 0;
}

/* ---- the case open */

void
yj_cflow_close(struct yj_cflow *f)
{
    if (f->have_case) {
        yj_case_free(&f->c);
        yj_checklist_free(&f->cl);
        yj_audit_rows_free(f->audit, f->naudit);
        free(f->ready);
    }
    f->audit = NULL;
    f->naudit = 0;
    f->ready = NULL;
    f->have_case = false;
}

int
yj_cflow_open(struct yj_cflow *f, const char *case_no, char *err, size_t errsz)
{
    struct yj_case k;
    if (yj_store_case_get(f->store, case_no, &k) != 0)
        return fail(f, err, errsz);
    yj_cflow_close(f);
    f->c = k;
    snprintf(f->case_no, sizeof f->case_no, "%s", k.case_no);
    f->have_case = true;
    if (yj_counter_checklist(f->store, f->set, &f->c, &f->cl) != 0) {
        fail(f, err, errsz);
        memset(&f->cl, 0, sizeof f->cl);
    }
    if (yj_counter_audit(f->store, f->case_no, &f->audit, &f->naudit) != 0)
        fail(f, err, errsz);
    f->ready = xcalloc(f->c.nitems + 1, sizeof *f->ready);
    yj_counter_readiness(f->set, &f->c, f->ready);
    return 0;
}

int
yj_cflow_material(struct yj_cflow *f, const char *material_id, const char *state, char *err,
                  size_t errsz)
{
    if (yj_counter_material(f->store, f->set, f->case_no, material_id, state, f->who) != 0)
        return fail(f, err, errsz);
    return 0;
}

int
yj_cflow_accept(struct yj_cflow *f, char *err, size_t errsz)
{
    if (yj_counter_accept(f->store, f->set, f->case_no, f->who) != 0)
        return fail(f, err, errsz);
    return 0;
}

int
yj_cflow_return(struct yj_cflow *f, const struct yj_return_reason *r, size_t n, char *err,
                size_t errsz)
{
    if (yj_counter_return(f->store, f->case_no, r, n, f->who) != 0)
        return fail(f, err, errsz);
    return 0;
}

int
yj_cflow_item_result(struct yj_cflow *f, const char *item_id, bool done, const char *text,
                     char *err, size_t errsz)
{
    /* item_id may point into the case open, which the result reloads. */
    char *id = xstrdup(item_id);
    int rc = yj_counter_item_result(f->store, f->set, f->case_no, id, done, text, f->who);
    free(id);
    return rc != 0 ? fail(f, err, errsz) : 0;
}

int
yj_cflow_handout(struct yj_cflow *f, const char *note, char *err, size_t errsz)
{
    if (yj_counter_handout(f->store, f->case_no, note, f->who) != 0)
        return fail(f, err, errsz);
    return 0;
}

int
yj_cflow_edit(struct yj_cflow *f, const struct yj_answers *a, const char *reason, char *err,
              size_t errsz)
{
    if (yj_counter_edit(f->store, f->set, f->case_no, a, reason, f->who) != 0)
        return fail(f, err, errsz);
    return 0;
}

int
yj_cflow_print(struct yj_cflow *f, const char *kind, char *msg, size_t msgsz)
{
    return yj_print_case(f->store, f->set, f->case_no, kind, f->printer, f->who, msg, msgsz) == 0
               ? 0
               : -1;
}

/* ---- statistics */

void
yj_cflow_stats_range(bool week, char from[11], char to[11])
{
    yj_today(to);
    long d = yj_ymd_to_days(to);
    yj_days_to_ymd(d - (week ? 27 : 6), from);
}

int
yj_cflow_stats(struct yj_cflow *f, bool week, char *err, size_t errsz)
{
    char from[11], to[11];
    yj_cflow_stats_range(week, from, to);
    if (f->have_stats)
        yj_stats_free(&f->st);
    f->have_stats = yj_counter_stats(f->store, from, to, week, NULL, &f->st) == 0;
    return f->have_stats ? 0 : fail(f, err, errsz);
}

int
yj_cflow_stats_export(struct yj_cflow *f, bool week, char *path, size_t pathsz)
{
    char from[11], to[11];
    yj_cflow_stats_range(week, from, to);
    const char *dir = yj_config_get("counter.export_dir", ".");
    snprintf(path, pathsz, "%s/yijian-stats-%s-%s-%s.csv", dir, week ? "week" : "day", from, to);
    struct yj_buf b = {0};
    yj_stats_csv(&f->st, &b);
    int rc = yj_write_file_atomic(path, b.data, b.len) != 0 ? -1 : 0;
    yj_store_audit(f->store, f->who, "stats_export", NULL, path);
    yj_buf_free(&b);
    return rc;
}

/* ---- the clerk's session */

int
yj_cflow_lock(struct yj_cflow *f, const char *detail)
{
    return yj_store_audit(f->store, f->who, "lock", NULL, detail);
}

int
yj_cflow_signout(struct yj_cflow *f, const char *detail)
{
    return yj_store_audit(f->store, f->who, "signout", NULL, detail);
}
