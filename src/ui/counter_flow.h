/* counter_flow.h: what the counter's screens ask of the store, the printer and
 * sync, free of curses (as flow.h is for the kiosk), so that a counter screen
 * only draws, reads keys and calls these functions.
 *
 * The flow holds what the screens show — the queue (or the cases a search
 * found), the case open with its materials checklist, readiness and audit
 * trail, and the statistics — and does the clerk's acts on the case open,
 * each as the signed-in clerk (who). Every function that can fail returns 0,
 * or -1 with the store's (or printer's) message in err.
 */
#ifndef YJ_UI_COUNTER_FLOW_H
#define YJ_UI_COUNTER_FLOW_H

#include <stdbool.h>
#include <stddef.h>

#include "core/answers.h"
#include "core/case.h"
#include "core/form.h"
#include "store/counter.h"
#include "store/store.h"

struct yj_cflow {
    struct yj_store *store;
    const struct yj_formset *set;
    const struct yj_actor *who; /* the signed-in clerk, the actor of every act */
    const char *printer;        /* CUPS queue or NULL (config print.printer / default) */
    /* the queue, or the cases a search found */
    struct yj_queue_row *rows;
    size_t nrows;
    struct yj_queue_counts counts;
    /* the case open */
    bool have_case;
    char case_no[32];
    struct yj_case c;
    struct yj_checklist cl;
    struct yj_audit_row *audit;
    size_t naudit;
    int *ready; /* readiness of each item (core/readiness.h) */
    /* statistics */
    bool have_stats;
    struct yj_stats st;
};

void yj_cflow_init(struct yj_cflow *f, struct yj_store *s, const struct yj_formset *set,
                   const struct yj_actor *who, const char *printer);
/* Forget everything loaded (queue, case, statistics). */
void yj_cflow_free(struct yj_cflow *f);

/* ---- the queue */
/* The queue's status filters: index 0 is all (NULL), then each status. */
size_t yj_cflow_nstatus_filters(void);
const char *yj_cflow_status_filter(int i);
/* Today's and open cases (status, thing: NULL for all) with the counts. */
int yj_cflow_queue(struct yj_cflow *f, const char *status, const char *thing, char *err,
                   size_t errsz);
/* The cases whose number, ID number or name matches text. */
int yj_cflow_search(struct yj_cflow *f, const char *text, char *err, size_t errsz);
/* Does text look like a case number? */
bool yj_cflow_looks_caseno(const char *text);
/* The case numbered text: 1 with its number in no, 0 when this terminal has
 * none, -1 with the message in err. Leaves the queue as it is. */
int yj_cflow_find(struct yj_cflow *f, const char *text, char *no, size_t nosz, char *err,
                  size_t errsz);
/* Import a scanned receipt code ("YJ1:..."): 0 with the case number in no and
 * *existed whether it was here already, or -1 with the reason in msg. */
int yj_cflow_import(struct yj_cflow *f, const char *text, char *no, size_t nosz, bool *existed,
                    char *msg, size_t msgsz);
/* The upstream state of a case (YJ_SYNC_*, NULL: never queued), and the
 * platform's answer when it is YJ_SYNC_PROBLEM (false when there is none). */
const char *yj_cflow_sync_state(struct yj_cflow *f, const char *uuid);
bool yj_cflow_sync_problem(struct yj_cflow *f, const char *uuid, char *out, size_t outsz);

/* ---- the case open */
/* Open case_no with its checklist, audit trail and readiness: 0 (err may still
 * hold a message: a part that could not be read is shown empty), or -1 with
 * the message in err (the case open before stays open). */
int yj_cflow_open(struct yj_cflow *f, const char *case_no, char *err, size_t errsz);
void yj_cflow_close(struct yj_cflow *f);
/* A material of the case open seen ("seen"), exempt ("exempt") or missing. */
int yj_cflow_material(struct yj_cflow *f, const char *material_id, const char *state, char *err,
                      size_t errsz);
/* Accept (受理) the case open. */
int yj_cflow_accept(struct yj_cflow *f, char *err, size_t errsz);
/* Return it (补正) with the reasons for the missing materials. */
int yj_cflow_return(struct yj_cflow *f, const struct yj_return_reason *r, size_t n, char *err,
                    size_t errsz);
/* An item's result: done with the certificate number, or returned by the
 * department with the reason (text). */
int yj_cflow_item_result(struct yj_cflow *f, const char *item_id, bool done, const char *text,
                         char *err, size_t errsz);
/* Hand out (出件) the case open, with who collected it. */
int yj_cflow_handout(struct yj_cflow *f, const char *note, char *err, size_t errsz);
/* Replace the answers of the case open, with the reason. */
int yj_cflow_edit(struct yj_cflow *f, const struct yj_answers *a, const char *reason, char *err,
                  size_t errsz);
/* Print the receipt ("receipt") or the notice slip ("notice") of the case open. */
int yj_cflow_print(struct yj_cflow *f, const char *kind, char *msg, size_t msgsz);

/* ---- statistics */
/* The range shown: the last 7 days, or (week) the last 4 weeks, to today. */
void yj_cflow_stats_range(bool week, char from[11], char to[11]);
/* Load the statistics of that range per day or week. */
int yj_cflow_stats(struct yj_cflow *f, bool week, char *err, size_t errsz);
/* Write the statistics loaded as CSV into the directory counter.export_dir
 * (audited "stats_export"); the file's path into path. */
int yj_cflow_stats_export(struct yj_cflow *f, bool week, char *path, size_t pathsz);

/* ---- the clerk's session */
/* The screen locked (detail: "idle", "by clerk") / the clerk signed out. */
int yj_cflow_lock(struct yj_cflow *f, const char *detail);
int yj_cflow_signout(struct yj_cflow *f, const char *detail);

#endif
