/* store_bench.c: figures for the case store (run by tests/bench/store_bench.sh).
 *
 *   store_bench submit DIR N   N submits through yj_store_submit, then the same
 *                              rows by bare SQLite (same schema and pragmas,
 *                              prepared statements, one transaction per case)
 *   store_bench lookup DIR N M build a database of N cases, then M lookups by
 *                              case number and by ID number: median and p99
 *   store_bench build DB N     only build (or grow) the database DB to N cases
 *   store_bench get DB M       M whole cases by number (yj_store_case_get) against
 *                              a bare join of the case and its items through one
 *                              statement prepared once: median, p99 and ratio
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "core/caseno.h"
#include "core/case.h"
#include "core/paths.h"
#include "core/util.h"
#include "core/validate.h"
#include "store/store.h"
#include "../unit/store_test.h"

/* Monotonic seconds. */
static double
now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A valid-looking 18-digit resident ID for index i. */
static void
make_id(long i, char out[19])
{
    /* the birth digits need not be a real date: the lookup does not care */
    char first17[32];
    snprintf(first17, sizeof first17, "3101%013ld", i % 10000000000000L);
    memcpy(out, first17, 17);
    out[17] = yj_idcard_check_char(first17);
    out[18] = '\0';
}

/* The case used by both sides of the submit comparison. */
static void
make_case(struct yj_case *c, long i)
{
    memset(c, 0, sizeof *c);
    yj_answers_init(&c->answers);
    char id[19];
    make_id(i, id);
    c->thing_id = xstrdup("birth");
    c->form_version = xstrdup("0123456789abcdef");
    c->channel = xstrdup("kiosk");
    c->applicant_name = xstrdup("王小红");
    c->applicant_id = xstrdup(id);
    c->departments_json = xstrdup("{\"police\":{\"items\":[\"hukou\"],\"fields\":{}}}");
    yj_answers_set(&c->answers, "mother.name", "王小红");
    yj_answers_set(&c->answers, "mother.id_number", id);
    yj_answers_set(&c->answers, "household.address", "上海市徐汇区天钥桥路100弄5号301室");
    c->nitems = 3;
    c->items = xcalloc(3, sizeof *c->items);
    static const char *const ids[] = {"hukou", "medical", "allowance"};
    for (size_t k = 0; k < 3; k++) {
        c->items[k].item_id = xstrdup(ids[k]);
        c->items[k].dept_id = xstrdup("police");
        c->items[k].time_limit_days = (int)k * 5;
    }
}

/* Prepared statements of the bare-SQLite baseline. */
struct bare {
    sqlite3 *db;
    sqlite3_stmt *ins_case, *ins_item, *ins_outbox, *ins_audit;
};

/* Open the baseline database: same schema (made by yj_store_open), same pragmas. */
static int
bare_open(struct bare *b, const char *path)
{
    char err[1024];
    struct yj_store *s = yj_store_open(path, err, sizeof err);
    if (s == NULL) {
        fprintf(stderr, "%s\n", err);
        return -1;
    }
    yj_store_close(&s);
    if (sqlite3_open(path, &b->db) != SQLITE_OK)
        return -1;
    sqlite3_busy_timeout(b->db, 5000);
    sqlite3_exec(b->db,
                 "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
                 "PRAGMA secure_delete=ON",
                 NULL, NULL, NULL);
    int rc = sqlite3_prepare_v2(
        b->db,
        "INSERT INTO cases(uuid, case_no, thing, form_version, channel, centre, terminal,"
        " status, submitted_at, updated_at, applicant_name, applicant_id, revision, answers_json,"
        " departments_json) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,1,?,?)",
        -1, &b->ins_case, NULL);
    rc |= sqlite3_prepare_v2(b->db,
                             "INSERT INTO case_items(case_uuid, item_id, dept_id, time_limit_days,"
                             " status, due_date, updated_at) VALUES (?,?,?,?,'pending',?,?)",
                             -1, &b->ins_item, NULL);
    rc |= sqlite3_prepare_v2(b->db,
                             "INSERT INTO outbox(case_uuid, revision, idem_key, payload, state,"
                             " created_at) VALUES (?,1,?,?,'pending',?)",
                             -1, &b->ins_outbox, NULL);
    rc |= sqlite3_prepare_v2(b->db,
                             "INSERT INTO audit(at, actor_kind, actor_id, action, case_no, detail)"
                             " VALUES (?,'kiosk','K01','submit',?,?)",
                             -1, &b->ins_audit, NULL);
    return rc == SQLITE_OK ? 0 : -1;
}

/* Bind text helper. */
static void
bt(sqlite3_stmt *st, int i, const char *v)
{
    sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

/* Step and reset; returns the step result. */
static int
step_reset(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc;
}

/* Insert the same rows a submit writes, in one transaction. */
static int
bare_insert(struct bare *b, const struct yj_case *c, const char *no, const char *payload)
{
    char now[21], uuid[37];
    yj_now_iso(now);
    yj_uuid_v4(uuid);
    char *answers = yj_answers_to_json(&c->answers);
    int rc = sqlite3_exec(b->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    const char *vals[] = {uuid,
                          no,
                          c->thing_id,
                          c->form_version,
                          c->channel,
                          "310104",
                          "K01",
                          "submitted",
                          now,
                          now,
                          c->applicant_name,
                          c->applicant_id,
                          answers,
                          c->departments_json};
    for (int i = 0; i < 14; i++)
        bt(b->ins_case, i + 1, vals[i]);
    if (step_reset(b->ins_case) != SQLITE_DONE)
        rc = -1;
    for (size_t k = 0; k < c->nitems; k++) {
        bt(b->ins_item, 1, uuid);
        bt(b->ins_item, 2, c->items[k].item_id);
        bt(b->ins_item, 3, c->items[k].dept_id);
        sqlite3_bind_int(b->ins_item, 4, c->items[k].time_limit_days);
        bt(b->ins_item, 5, "2026-11-30");
        bt(b->ins_item, 6, now);
        if (step_reset(b->ins_item) != SQLITE_DONE)
            rc = -1;
    }
    char key[64];
    snprintf(key, sizeof key, "%s:1", uuid);
    bt(b->ins_outbox, 1, uuid);
    bt(b->ins_outbox, 2, key);
    bt(b->ins_outbox, 3, payload);
    bt(b->ins_outbox, 4, now);
    if (step_reset(b->ins_outbox) != SQLITE_DONE)
        rc = -1;
    bt(b->ins_audit, 1, now);
    bt(b->ins_audit, 2, no);
    bt(b->ins_audit, 3, "thing=birth channel=kiosk items=3 revision=1");
    if (step_reset(b->ins_audit) != SQLITE_DONE)
        rc = -1;
    if (sqlite3_exec(b->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        rc = -1;
    free(answers);
    return rc;
}

/* Submit rate through the store vs bare SQLite. */
static int
bench_submit(const char *dir, long n)
{
    char *p1 = xasprintf("%s/store.db", dir), *p2 = xasprintf("%s/bare.db", dir);
    char err[1024];
    struct yj_store *s = yj_store_open(p1, err, sizeof err);
    struct bare b = {0};
    if (s == NULL || bare_open(&b, p2) != 0) {
        fprintf(stderr, "store_bench: cannot open: %s\n", s ? sqlite3_errmsg(b.db) : err);
        return 1;
    }
    struct yj_actor who = {"kiosk", "K01"};
    /* interleave in blocks so that disk and cache conditions are shared */
    double t_store = 0, t_bare = 0;
    long done = 0;
    while (done < n) {
        long blk = n - done < 50 ? n - done : 50;
        double t0 = now_s();
        for (long i = 0; i < blk; i++) {
            struct yj_case c;
            make_case(&c, done + i);
            if (yj_store_submit(s, &c, &who) != 0) {
                fprintf(stderr, "store_bench: %s\n", yj_store_error(s));
                return 1;
            }
            yj_case_free(&c);
        }
        double t1 = now_s();
        for (long i = 0; i < blk; i++) {
            struct yj_case c;
            make_case(&c, done + i);
            char no[YJ_CASENO_SIZE];
            yj_caseno_format("310104", "K01", "2026-11-23", (int)((done + i) % 9999) + 1, no);
            char *payload = yj_store_case_json(&c); /* the same bytes a submit stores */
            if (bare_insert(&b, &c, no, payload) != 0) {
                fprintf(stderr, "store_bench: bare insert: %s\n", sqlite3_errmsg(b.db));
                return 1;
            }
            free(payload);
            yj_case_free(&c);
        }
        double t2 = now_s();
        t_store += t1 - t0;
        t_bare += t2 - t1;
        done += blk;
    }
    printf("submit: %ld cases (3 items, outbox, audit; WAL, synchronous=FULL)\n", n);
    printf("  yj_store_submit   %8.1f cases/s  (%.3f ms each)\n", n / t_store, t_store * 1e3 / n);
    printf("  bare SQLite       %8.1f cases/s  (%.3f ms each)\n", n / t_bare, t_bare * 1e3 / n);
    printf("  ratio store/bare  %8.2f  (time per case; 1.00 = no overhead)\n", t_store / t_bare);
    yj_store_close(&s);
    sqlite3_finalize(b.ins_case);
    sqlite3_finalize(b.ins_item);
    sqlite3_finalize(b.ins_outbox);
    sqlite3_finalize(b.ins_audit);
    sqlite3_close(b.db);
    free(p1);
    free(p2);
    return 0;
}

/* qsort comparator for doubles. */
static int
cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Print median and p99 of v (seconds) in microseconds. */
static void
report(const char *what, double *v, long m)
{
    qsort(v, (size_t)m, sizeof *v, cmp_d);
    printf("  %-34s median %8.1f us   p99 %8.1f us   max %8.1f us\n", what, v[m / 2] * 1e6,
           v[(long)(m * 0.99)] * 1e6, v[m - 1] * 1e6);
}

/* Case number of synthetic case i: 100 terminals x N/100/9999 days. */
static void
synth_no(long i, char no[YJ_CASENO_SIZE])
{
    char term[8];
    snprintf(term, sizeof term, "T%02d", (int)(i % 100));
    long per_term = i / 100;
    char day[11];
    yj_days_to_ymd(yj_ymd_to_days("2026-01-01") + per_term / 9999, day);
    yj_caseno_format("310104", term, day, (int)(per_term % 9999) + 1, no);
}

/* Build (or grow) the database at path to n cases quickly (bulk transactions). */
static int
build_db(const char *path, long n)
{
    char err[1024];
    struct yj_store *s = yj_store_open(path, err, sizeof err);
    if (s == NULL) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    sqlite3 *db = yj_test_db(s);
    long have = 0;
    sqlite3_stmt *cnt;
    sqlite3_prepare_v2(db, "SELECT count(*) FROM cases", -1, &cnt, NULL);
    if (sqlite3_step(cnt) == SQLITE_ROW)
        have = sqlite3_column_int64(cnt, 0);
    sqlite3_finalize(cnt);
    if (have < n) {
        double t0 = now_s();
        /* Building only: the figures are about reading. */
        sqlite3_exec(db, "PRAGMA synchronous=OFF", NULL, NULL, NULL);
        struct bare b = {db, NULL, NULL, NULL, NULL};
        sqlite3_prepare_v2(db,
                           "INSERT INTO cases(uuid, case_no, thing, form_version, channel,"
                           " centre, terminal, status, submitted_at, updated_at, applicant_name,"
                           " applicant_id, revision, answers_json, departments_json)"
                           " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,1,?,?)",
                           -1, &b.ins_case, NULL);
        sqlite3_prepare_v2(db,
                           "INSERT INTO case_items(case_uuid, item_id, dept_id, time_limit_days,"
                           " status, due_date, updated_at) VALUES (?,?,?,?,'pending',?,?)",
                           -1, &b.ins_item, NULL);
        sqlite3_prepare_v2(db,
                           "INSERT INTO outbox(case_uuid, revision, idem_key, payload, state,"
                           " created_at) VALUES (?,1,?,NULL,'acked',?)",
                           -1, &b.ins_outbox, NULL);
        sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
        static const char *const names[] = {"王小红", "李晓雯", "张伟", "刘洋", "陈静"};
        for (long i = have; i < n; i++) {
            struct yj_case c;
            make_case(&c, i);
            char no[YJ_CASENO_SIZE], uuid[37], now[21];
            synth_no(i, no);
            yj_uuid_v4(uuid);
            yj_now_iso(now);
            char *answers = yj_answers_to_json(&c.answers);
            const char *vals[] = {uuid,         no,
                                  c.thing_id,   c.form_version,
                                  c.channel,    "310104",
                                  "K01",        "submitted",
                                  now,          now,
                                  names[i % 5], c.applicant_id,
                                  answers,      c.departments_json};
            for (int k = 0; k < 14; k++)
                bt(b.ins_case, k + 1, vals[k]);
            step_reset(b.ins_case);
            for (size_t k = 0; k < c.nitems; k++) {
                bt(b.ins_item, 1, uuid);
                bt(b.ins_item, 2, c.items[k].item_id);
                bt(b.ins_item, 3, c.items[k].dept_id);
                sqlite3_bind_int(b.ins_item, 4, c.items[k].time_limit_days);
                bt(b.ins_item, 5, "2026-11-30");
                bt(b.ins_item, 6, now);
                step_reset(b.ins_item);
            }
            char key[64];
            snprintf(key, sizeof key, "%s:1", uuid);
            bt(b.ins_outbox, 1, uuid);
            bt(b.ins_outbox, 2, key);
            bt(b.ins_outbox, 3, now);
            step_reset(b.ins_outbox);
            free(answers);
            yj_case_free(&c);
            if (i % 50000 == 49999) {
                sqlite3_exec(db, "COMMIT; BEGIN", NULL, NULL, NULL);
                fprintf(stderr, "\r  building: %ld cases", i + 1);
            }
        }
        sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
        sqlite3_finalize(b.ins_case);
        sqlite3_finalize(b.ins_item);
        sqlite3_finalize(b.ins_outbox);
        sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE); ANALYZE; PRAGMA synchronous=FULL", NULL,
                     NULL, NULL);
        fprintf(stderr, "\r  built %ld cases in %.1f s\n", n - have, now_s() - t0);
    }
    yj_store_close(&s);
    return 0;
}

/* Build N cases quickly (bulk transactions), then time lookups. */
static int
bench_lookup(const char *dir, long n, long m)
{
    char *path = xasprintf("%s/big.db", dir);
    char err[1024];
    if (build_db(path, n) != 0) {
        free(path);
        return 1;
    }
    struct yj_store *s = yj_store_open(path, err, sizeof err);
    if (s == NULL) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    sqlite3 *db = yj_test_db(s);
    double *by_no = xcalloc((size_t)m, sizeof *by_no), *by_id = xcalloc((size_t)m, sizeof *by_id);
    double *bare_no = xcalloc((size_t)m, sizeof *bare_no);
    sqlite3_stmt *q;
    sqlite3_prepare_v2(db, "SELECT uuid FROM cases WHERE case_no = ?", -1, &q, NULL);
    srand(42);
    long misses = 0;
    for (long j = 0; j < m; j++) {
        long i = ((long)rand() * 32768L + rand()) % n;
        char no[YJ_CASENO_SIZE], id[19];
        synth_no(i, no);
        make_id(i, id);
        double t0 = now_s();
        struct yj_case c;
        if (yj_store_case_get(s, no, &c) != 0)
            misses++;
        else
            yj_case_free(&c);
        double t1 = now_s();
        struct yj_case_filter f = {0};
        f.text = id;
        struct yj_case *v;
        size_t nv;
        if (yj_store_case_list(s, &f, &v, &nv) != 0 || nv != 1)
            misses++;
        else
            yj_store_case_list_free(v, nv);
        double t2 = now_s();
        bt(q, 1, no);
        if (step_reset(q) != SQLITE_ROW)
            misses++;
        double t3 = now_s();
        by_no[j] = t1 - t0;
        by_id[j] = t2 - t1;
        bare_no[j] = t3 - t2;
    }
    sqlite3_finalize(q);
    printf("lookup: %ld random lookups on a database of %ld cases (%s)\n", m, n, path);
    report("yj_store_case_get(case number)", by_no, m);
    report("yj_store_case_list(text=ID number)", by_id, m);
    report("bare SELECT uuid BY case_no", bare_no, m);
    printf("  misses %ld (must be 0)\n", misses);
    free(by_no);
    free(by_id);
    free(bare_no);
    yj_store_close(&s);
    free(path);
    return misses == 0 ? 0 : 1;
}

/* M whole cases by number against a bare join of the case and its items. */
static int
bench_get(const char *path, long m)
{
    char err[1024];
    struct yj_store *s = yj_store_open(path, err, sizeof err);
    if (s == NULL) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    sqlite3 *db = yj_test_db(s);
    long n = 0;
    sqlite3_stmt *q;
    sqlite3_prepare_v2(db, "SELECT count(*) FROM cases", -1, &q, NULL);
    if (sqlite3_step(q) == SQLITE_ROW)
        n = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    if (n < 1) {
        fprintf(stderr, "no cases in %s\n", path);
        yj_store_close(&s);
        return 1;
    }
    /* The baseline: the same columns of the case and its items, one join,
     * prepared once, every column of every row read. */
    sqlite3_prepare_v3(db,
                       "SELECT c.uuid, c.case_no, c.thing, c.form_version, c.channel, c.centre,"
                       " c.terminal, c.status, c.submitted_at, c.updated_at, c.applicant_name,"
                       " c.applicant_id, c.helper_id, c.clerk_id, c.revision, c.answers_json,"
                       " c.departments_json, i.item_id, i.dept_id, i.time_limit_days, i.status,"
                       " i.due_date, i.result, i.updated_at FROM cases c"
                       " LEFT JOIN case_items i ON i.case_uuid = c.uuid WHERE c.case_no = ?"
                       " ORDER BY i.rowid",
                       -1, SQLITE_PREPARE_PERSISTENT, &q, NULL);
    double *got = xcalloc((size_t)m, sizeof *got), *bare = xcalloc((size_t)m, sizeof *bare);
    srand(7);
    long misses = 0, sink = 0;
    for (long j = 0; j < m; j++) {
        long i = ((long)rand() * 32768L + rand()) % n;
        char no[YJ_CASENO_SIZE];
        synth_no(i, no);
        double t0 = now_s();
        struct yj_case c;
        if (yj_store_case_get(s, no, &c) != 0)
            misses++;
        else
            yj_case_free(&c);
        double t1 = now_s();
        bt(q, 1, no);
        int rows = 0;
        while (sqlite3_step(q) == SQLITE_ROW) {
            for (int k = 0; k < 24; k++)
                sink += sqlite3_column_bytes(q, k) + (sqlite3_column_text(q, k) != NULL);
            rows++;
        }
        sqlite3_reset(q);
        if (rows == 0)
            misses++;
        double t2 = now_s();
        got[j] = t1 - t0;
        bare[j] = t2 - t1;
    }
    sqlite3_finalize(q);
    qsort(got, (size_t)m, sizeof *got, cmp_d);
    qsort(bare, (size_t)m, sizeof *bare, cmp_d);
    double gm = got[m / 2], bm = bare[m / 2];
    printf("whole case by number: %ld random cases of %ld (%s)\n", m, n, path);
    printf("  %-44s median %8.1f us   p99 %8.1f us\n", "baseline: bare join, prepared once",
           bm * 1e6, bare[(long)(m * 0.99)] * 1e6);
    printf("  %-44s median %8.1f us   p99 %8.1f us   x%.2f (target <= 4)\n",
           "yj_store_case_get (answers parsed, items)", gm * 1e6, got[(long)(m * 0.99)] * 1e6,
           gm / bm);
    printf("  misses %ld (must be 0)%s\n", misses, sink < 0 ? "" : "");
    free(got);
    free(bare);
    yj_store_close(&s);
    return misses == 0 ? 0 : 1;
}

int
main(int argc, char **argv)
{
    yj_config_set("holidays_file", "/nonexistent");
    if (argc == 4 && strcmp(argv[1], "submit") == 0)
        return bench_submit(argv[2], atol(argv[3]));
    if (argc == 4 && strcmp(argv[1], "build") == 0)
        return build_db(argv[2], atol(argv[3]));
    if (argc == 4 && strcmp(argv[1], "get") == 0)
        return bench_get(argv[2], atol(argv[3]));
    if (argc == 5 && strcmp(argv[1], "lookup") == 0)
        return bench_lookup(argv[2], atol(argv[3]), atol(argv[4]));
    fprintf(stderr, "usage: store_bench submit DIR N | lookup DIR N M | build DB N | get DB M\n");
    return 2;
}
