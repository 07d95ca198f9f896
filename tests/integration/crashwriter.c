/* crashwriter.c: helper of tests/integration/crash_store.sh.
 *
 *   crashwriter write DB [TERMINAL]  submit cases in a loop until killed; after
 *                             each commit returns print "CASE_NO UUID NITEMS\n"
 *   crashwriter check DB LOG  reopen, integrity_check, and compare with the
 *                             confirmed lines in LOG; print the figures
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "core/paths.h"
#include "core/util.h"
#include "store/store.h"
#include "../unit/store_test.h"

/* Submit forever; a line is printed (and flushed) only after the commit. */
static int
writer(const char *db, const char *terminal)
{
    char err[1024];
    /* The terminal's identity comes from the configuration, as for the program
     * (ctest points YIJIAN_CONFIG at tests/fixtures/terminal.conf). */
    if (yj_config_load(NULL) != 0)
        return 1;
    if (terminal != NULL)
        yj_config_set("terminal_id", terminal);
    struct yj_store *s = yj_store_open(db, err, sizeof err);
    if (s == NULL) {
        fprintf(stderr, "crashwriter: %s\n", err);
        return 1;
    }
    srand((unsigned)getpid() ^ (unsigned)time(NULL));
    struct yj_actor who = {"kiosk", "K01"};
    static const char *const depts[] = {"police", "health", "civil", "hrss"};
    for (long n = 0;; n++) {
        struct yj_case c;
        memset(&c, 0, sizeof c);
        yj_answers_init(&c.answers);
        size_t nitems = 1 + (size_t)(rand() % 4);
        c.thing_id = xstrdup("birth");
        c.channel = xstrdup("kiosk");
        c.applicant_name = xstrdup("王小红");
        c.applicant_id = xstrdup("11010519491231002X");
        char v[32];
        snprintf(v, sizeof v, "%zu", nitems);
        yj_answers_set(&c.answers, "crash.nitems", v);
        /* some bulk so that commits span several pages */
        char filler[600];
        memset(filler, 'x', sizeof filler - 1);
        filler[sizeof filler - 1] = '\0';
        yj_answers_set(&c.answers, "crash.filler", filler);
        c.departments_json = xstrdup("{}");
        c.items = xcalloc(nitems, sizeof *c.items);
        c.nitems = nitems;
        for (size_t i = 0; i < nitems; i++) {
            c.items[i].item_id = xasprintf("item%zu", i);
            c.items[i].dept_id = xstrdup(depts[i]);
            c.items[i].time_limit_days = (int)i * 5;
        }
        if (yj_store_submit(s, &c, &who) != 0) {
            fprintf(stderr, "crashwriter: %s\n", yj_store_error(s));
            yj_case_free(&c);
            yj_store_close(&s);
            return 1;
        }
        printf("%s %s %zu\n", c.case_no, c.uuid, nitems);
        fflush(stdout);
        yj_case_free(&c);
    }
}

/* One integer from a query with one text parameter. */
static long
count1(sqlite3 *db, const char *sql, const char *arg)
{
    sqlite3_stmt *st;
    long v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return -1;
    if (arg)
        sqlite3_bind_text(st, 1, arg, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* Verify the database against the log of confirmed cases. */
static int
check(const char *dbpath, const char *logpath, long kills)
{
    char err[1024];
    struct yj_store *s = yj_store_open(dbpath, err, sizeof err);
    if (s == NULL) {
        fprintf(stderr, "crashwriter: cannot reopen: %s\n", err);
        return 1;
    }
    char *report = NULL;
    int integrity = yj_store_integrity(s, &report);
    sqlite3 *db = yj_test_db(s);
    FILE *f = fopen(logpath, "r");
    if (f == NULL) {
        perror(logpath);
        return 1;
    }
    long confirmed = 0, found = 0, lost = 0, incomplete = 0;
    char line[256];
    while (fgets(line, sizeof line, f) != NULL) {
        size_t len = strlen(line);
        if (len == 0 || line[len - 1] != '\n')
            continue; /* killed while printing: not confirmed */
        char no[64], uuid[64];
        long nitems;
        if (sscanf(line, "%63s %63s %ld", no, uuid, &nitems) != 3)
            continue;
        confirmed++;
        struct yj_case c;
        int rc = yj_store_case_get(s, no, &c);
        if (rc != 0 || strcmp(c.uuid, uuid) != 0) {
            lost++;
            fprintf(stderr, "LOST %s\n", no);
            if (rc == 0)
                yj_case_free(&c);
            continue;
        }
        long ob = count1(db, "SELECT count(*) FROM outbox WHERE case_uuid = ?", uuid);
        if ((long)c.nitems != nitems || ob != 1) {
            lost++;
            fprintf(stderr, "INCOMPLETE %s items %zu/%ld outbox %ld\n", no, c.nitems, nitems, ob);
        } else {
            found++;
        }
        yj_case_free(&c);
    }
    fclose(f);
    /* No case is there half, confirmed or not. */
    incomplete = count1(db,
                        "SELECT count(*) FROM cases c WHERE"
                        " (SELECT count(*) FROM case_items i WHERE i.case_uuid = c.uuid) <>"
                        " CAST(json_extract(c.answers_json, '$.\"crash.nitems\"') AS INTEGER)"
                        " OR (SELECT count(*) FROM outbox o WHERE o.case_uuid = c.uuid) <> 1"
                        " OR (SELECT count(*) FROM audit a WHERE a.case_no = c.case_no) <> 1",
                        NULL);
    long total = count1(db, "SELECT count(*) FROM cases", NULL);
    long dups = count1(db, "SELECT count(*) - count(DISTINCT case_no) FROM cases", NULL);
    printf("kills %ld, cases confirmed %ld, cases found %ld, cases lost %ld\n", kills, confirmed,
           found, lost);
    printf("cases in database %ld (committed but killed before printing: %ld), half cases %ld, "
           "duplicate numbers %ld, integrity_check %s\n",
           total, total - confirmed, incomplete, dups, integrity == 0 ? "ok" : report);
    free(report);
    yj_store_close(&s);
    return (lost == 0 && incomplete == 0 && dups == 0 && integrity == 0 && confirmed > 0) ? 0 : 1;
}

int
main(int argc, char **argv)
{
    if ((argc == 3 || argc == 4) && strcmp(argv[1], "write") == 0)
        return writer(argv[2], argc == 4 ? argv[3] : NULL);
    if ((argc == 4 || argc == 5) && strcmp(argv[1], "check") == 0)
        return check(argv[2], argv[3], argc == 5 ? atol(argv[4]) : -1);
    fprintf(stderr, "usage: crashwriter write DB [TERMINAL] | crashwriter check DB LOG [KILLS]\n");
    return 2;
}
