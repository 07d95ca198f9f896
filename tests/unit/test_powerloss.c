/* test_powerloss.c: "nothing confirmed is lost on a power cut", proved with a
 * simulated power loss (tests/unit/powerloss_vfs.c, modelled on SQLite's crash
 * VFS).
 *
 * A forked child opens the store through yj_store_open on the URI
 * "file:PATH?vfs=yj_powerloss", submits cases one by one and reports each
 * submit that RETURNED success on a pipe. The power is cut at a random I/O
 * event (or after the last submit): every unsynced write is applied, dropped
 * or torn, the child exits without closing anything. The parent reopens the
 * file with the normal VFS and checks: integrity_check ok, every confirmed case
 * there with all its items, its outbox row and its audit row, no case there
 * half, no duplicate number. Cuts come in chains of a few runs on the same file
 * (a run after a cut starts on the recovered database); every other chain sets
 * wal_autocheckpoint=8 so checkpoints and WAL restarts fall under the cuts too.
 *
 * The control: the same cuts with synchronous=NORMAL (set on the raw handle
 * after opening: a test hook, not the product's path) must lose confirmed
 * cases, or the simulation proves nothing.
 *
 * Env: YJ_POWERLOSS_CUTS (default 300 per mode; 60 with YJ_SANITIZED=1),
 * YJ_POWERLOSS_SEED (to repeat a run; printed).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "core/paths.h"
#include "core/util.h"
#include "powerloss_vfs.h"
#include "store/store.h"
#include "store_test.h"

#define SUBMITS_PER_RUN 10
#define RUNS_PER_CHAIN 6

static char dir[64];
static char dbpath[128];
static char dburi[160];
static uint64_t seed;
static const struct yj_actor kiosk = {"kiosk", "K01"};

/* splitmix64, for the test's own choices (cut points, item counts). */
static uint64_t
mix(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Fresh temp dir and settings per test. */
static int
setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/yj_powerloss_XXXXXX");
    if (mkdtemp(dir) == NULL)
        return -1;
    snprintf(dbpath, sizeof dbpath, "%s/pl.db", dir);
    snprintf(dburi, sizeof dburi, "file:%s?vfs=%s", dbpath, YJ_PLVFS_NAME);
    setenv("YJ_TODAY", "2026-11-23", 1);
    yj_config_set("centre_code", "310104");
    yj_config_set("terminal_id", "K01");
    yj_config_set("db_max_pages", "0");
    yj_config_set("db_busy_timeout_ms", "5000");
    yj_config_set("holidays_file", "/nonexistent/holidays.txt");
    return 0;
}

/* Remove the temp dir. */
static int
teardown(void **state)
{
    (void)state;
    char *cmd = xasprintf("rm -rf '%s'", dir);
    int rc = system(cmd);
    free(cmd);
    return rc == 0 ? 0 : -1;
}

/* Remove the database and its companions (a new chain starts from nothing). */
static void
remove_db(void)
{
    static const char *const sfx[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof sfx / sizeof *sfx; i++) {
        char *p = xasprintf("%s%s", dbpath, sfx[i]);
        unlink(p);
        free(p);
    }
}

/* Run fn(arg, fd) in a child (which must end by a power cut); collect what it
 * wrote on the pipe. Returns the child's wait status. */
static int
in_child(void (*fn)(void *, int), void *arg, struct yj_buf *out)
{
    int pfd[2];
    assert_int_equal(pipe(pfd), 0);
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(pfd[0]);
        fn(arg, pfd[1]);
        _exit(99); /* fn must not return */
    }
    close(pfd[1]);
    char chunk[4096];
    ssize_t n;
    while ((n = read(pfd[0], chunk, sizeof chunk)) > 0)
        yj_buf_add(out, chunk, (size_t)n);
    close(pfd[0]);
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    return status;
}

/* Did the child end by the simulated power cut? */
static bool
was_cut(int status)
{
    return WIFEXITED(status) && WEXITSTATUS(status) == YJ_PLVFS_EXIT;
}

/* ---- the model itself ------------------------------------------------------ */

struct sql_job {
    const char *sql;
    enum yj_plvfs_policy policy;
};

/* Child: run SQL through the shim, report what this connection reads, cut. */
static void
sql_child(void *arg, int fd)
{
    const struct sql_job *j = arg;
    yj_plvfs_arm(0, 1, j->policy, fd);
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(dburi, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI,
                        NULL) != SQLITE_OK ||
        sqlite3_exec(db, j->sql, NULL, NULL, NULL) != SQLITE_OK) {
        dprintf(2, "sql_child: %s\n", db ? sqlite3_errmsg(db) : "open");
        _exit(2);
    }
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM t", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        dprintf(fd, "SEEN %d\n", sqlite3_column_int(st, 0));
    yj_plvfs_cut();
}

/* Rows of t in the database after the cut (normal VFS); -1 without a table,
 * -2 without a file. */
static int
rows_after(void)
{
    if (access(dbpath, F_OK) != 0)
        return -2;
    sqlite3 *db = NULL;
    sqlite3_stmt *st;
    int n = -1;
    assert_int_equal(sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM t", -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW)
            n = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
    }
    assert_int_equal(sqlite3_close(db), SQLITE_OK);
    return n;
}

/* Run one SQL job, check what the child saw and what survived. */
static void
expect_sql(const char *sql, enum yj_plvfs_policy policy, int seen, int after)
{
    remove_db();
    struct sql_job j = {sql, policy};
    struct yj_buf out = {0};
    int status = in_child(sql_child, &j, &out);
    assert_true(was_cut(status));
    int got = -1;
    assert_non_null(out.data);
    assert_int_equal(sscanf(out.data, "SEEN %d", &got), 1);
    assert_int_equal(got, seen);
    assert_int_equal(rows_after(), after);
    yj_buf_free(&out);
}

/* The shim behaves like a page cache over a disk that keeps only synced data. */
static void
test_model(void **state)
{
    (void)state;
    static const char *const base = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                                    "CREATE TABLE t(x); INSERT INTO t VALUES (1);";
    char *normal = xasprintf("%s PRAGMA synchronous=NORMAL; INSERT INTO t VALUES (2);", base);
    char *full = xasprintf("%s INSERT INTO t VALUES (2);", base);
    /* Reads see unsynced writes; a cut that drops them loses the NORMAL commit. */
    expect_sql(normal, YJ_PLVFS_DROP_ALL, 2, 1);
    /* The same cut with everything reaching the disk is a process crash: kept. */
    expect_sql(normal, YJ_PLVFS_APPLY_ALL, 2, 2);
    /* FULL synced both commits before they returned. */
    expect_sql(full, YJ_PLVFS_DROP_ALL, 2, 2);
    /* Never synced at all (synchronous=OFF): the file's creation is undone. */
    expect_sql("PRAGMA synchronous=OFF; PRAGMA journal_mode=WAL; CREATE TABLE t(x);"
               "INSERT INTO t VALUES (1);",
               YJ_PLVFS_DROP_ALL, 1, -2);
    free(normal);
    free(full);
}

/* ---- the store under power cuts ------------------------------------------- */

struct confirmed {
    char uuid[40];
    char case_no[32];
    int nitems;
    bool lost;
};

struct run_job {
    bool normal, small_ckpt;
    unsigned long long cut_at;
    uint64_t seed;
};

/* A hand-built case with n items and some bulk, so commits span pages. */
static void
make_case(struct yj_case *c, size_t n)
{
    static const char *const ids[] = {"hukou", "medical", "vaccine", "allowance"};
    static const char *const depts[] = {"police", "health", "health", "civil"};
    memset(c, 0, sizeof *c);
    yj_answers_init(&c->answers);
    c->thing_id = xstrdup("birth");
    c->form_version = xstrdup("0123456789abcdef");
    c->channel = xstrdup("kiosk");
    c->applicant_name = xstrdup("王小红");
    c->applicant_id = xstrdup("11010519491231002X");
    c->departments_json = xstrdup("{\"police\":{\"items\":[\"hukou\"]}}");
    char v[16], filler[700];
    snprintf(v, sizeof v, "%zu", n);
    yj_answers_set(&c->answers, "pl.nitems", v);
    memset(filler, 'x', sizeof filler - 1);
    filler[sizeof filler - 1] = '\0';
    yj_answers_set(&c->answers, "pl.filler", filler);
    c->items = xcalloc(n, sizeof *c->items);
    c->nitems = n;
    for (size_t i = 0; i < n; i++) {
        c->items[i].item_id = xstrdup(ids[i]);
        c->items[i].dept_id = xstrdup(depts[i]);
        c->items[i].time_limit_days = (int)i * 5;
    }
}

/* Child: open the store through the shim, submit, report each confirmed
 * submit; the power goes at the armed event, or after the last submit. */
static void
run_child(void *arg, int fd)
{
    const struct run_job *j = arg;
    yj_plvfs_arm(j->cut_at, j->seed, YJ_PLVFS_RANDOM, fd);
    char err[1024];
    struct yj_store *s = yj_store_open(dburi, err, sizeof err);
    if (s == NULL) {
        dprintf(2, "power-loss child: open: %s\n", err);
        _exit(2);
    }
    /* test hooks on the raw handle, after the product's own settings */
    if ((j->normal &&
         sqlite3_exec(yj_test_db(s), "PRAGMA synchronous=NORMAL", NULL, NULL, NULL) != 0) ||
        (j->small_ckpt &&
         sqlite3_exec(yj_test_db(s), "PRAGMA wal_autocheckpoint=8", NULL, NULL, NULL) != 0)) {
        dprintf(2, "power-loss child: pragma: %s\n", sqlite3_errmsg(yj_test_db(s)));
        _exit(2);
    }
    uint64_t r = j->seed ^ 0x5bd1e9955bd1e995ULL;
    for (int k = 0; k < SUBMITS_PER_RUN; k++) {
        struct yj_case c;
        make_case(&c, 1 + (size_t)(mix(&r) % 4));
        if (yj_store_submit(s, &c, &kiosk) != 0) {
            dprintf(2, "power-loss child: submit: %s\n", yj_store_error(s));
            _exit(3);
        }
        dprintf(fd, "OK %s %s %zu\n", c.uuid, c.case_no, c.nitems);
        yj_case_free(&c);
    }
    dprintf(fd, "END %llu\n", yj_plvfs_events());
    yj_plvfs_cut();
}

struct figures {
    long cuts, end_cuts, in_checkpoint, confirmed, found, lost, unconfirmed;
    unsigned long long applied, torn, dropped, tapplied, tdropped, dkept, dundone;
};

/* One integer from SQL with an optional text parameter. */
static long long
q_int(struct yj_store *s, const char *sql, const char *arg)
{
    sqlite3_stmt *st;
    long long v = -1;
    assert_int_equal(sqlite3_prepare_v2(yj_test_db(s), sql, -1, &st, NULL), SQLITE_OK);
    if (arg != NULL)
        sqlite3_bind_text(st, 1, arg, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* Is this confirmed case there whole (case, all items, outbox row, audit row)? */
static bool
case_whole(struct yj_store *s, const struct confirmed *c)
{
    struct yj_case got;
    int rc = yj_store_case_get(s, c->uuid, &got);
    if (rc != 0)
        return false;
    bool ok = strcmp(got.case_no, c->case_no) == 0 && (int)got.nitems == c->nitems;
    yj_case_free(&got);
    return ok && q_int(s, "SELECT count(*) FROM outbox WHERE case_uuid = ?", c->uuid) == 1 &&
           q_int(s, "SELECT count(*) FROM audit WHERE case_no = ? AND action = 'submit'",
                 c->case_no) == 1;
}

/* After a cut: reopen with the normal VFS and check everything. Marks the
 * confirmed cases that are gone (counted once); returns how many cases the
 * database holds beyond the confirmed ones still there. */
static long
check_after_cut(struct confirmed *v, size_t n, bool must_keep, struct figures *f, const char *what)
{
    char err[1024] = "";
    struct yj_store *s = yj_store_open(dbpath, err, sizeof err);
    if (s == NULL)
        fail_msg("%s: the store does not open after the cut: %s", what, err);
    char *report = NULL;
    if (yj_store_integrity(s, &report) != 0)
        fail_msg("%s: integrity_check: %s", what, report ? report : yj_store_error(s));
    free(report);
    long present = 0;
    for (size_t i = 0; i < n; i++) {
        if (v[i].lost)
            continue;
        if (case_whole(s, &v[i])) {
            present++;
            continue;
        }
        v[i].lost = true;
        f->lost++;
        if (must_keep)
            fail_msg("%s: confirmed case %s (%s) lost or not whole", what, v[i].case_no, v[i].uuid);
    }
    long long half = q_int(
        s,
        "SELECT count(*) FROM cases c WHERE"
        " (SELECT count(*) FROM case_items i WHERE i.case_uuid = c.uuid) <>"
        "   CAST(json_extract(c.answers_json, '$.\"pl.nitems\"') AS INTEGER)"
        " OR (SELECT count(*) FROM outbox o WHERE o.case_uuid = c.uuid) <> 1"
        " OR (SELECT count(*) FROM audit a WHERE a.case_no = c.case_no AND a.action = 'submit')"
        "   <> 1",
        NULL);
    if (half != 0)
        fail_msg("%s: %lld case(s) there half", what, half);
    long long dups = q_int(s, "SELECT count(*) - count(DISTINCT case_no) FROM cases", NULL);
    if (dups != 0)
        fail_msg("%s: %lld duplicate case number(s)", what, dups);
    long long total = q_int(s, "SELECT count(*) FROM cases", NULL);
    yj_store_close(&s);
    return (long)total - present;
}

/* Parse the child's report lines into the confirmed list and the figures. */
static void
parse_report(const char *text, struct confirmed **v, size_t *n, size_t *cap, struct figures *f,
             unsigned long long *end_events)
{
    *end_events = 0;
    for (const char *line = text; line && *line;) {
        const char *nl = strchr(line, '\n');
        if (nl == NULL)
            break; /* the power went while writing: not confirmed */
        struct confirmed c = {0};
        unsigned long long e, a[8];
        if (sscanf(line, "OK %39s %31s %d", c.uuid, c.case_no, &c.nitems) == 3) {
            if (*n == *cap) {
                *cap = *cap ? *cap * 2 : 64;
                *v = xreallocarray(*v, *cap, sizeof **v);
            }
            (*v)[(*n)++] = c;
            f->confirmed++;
        } else if (sscanf(line, "END %llu", &e) == 1) {
            *end_events = e;
        } else if (sscanf(line, "CUT %llu %llu %llu %llu %llu %llu %llu %llu %llu", &e, &a[0],
                          &a[1], &a[2], &a[3], &a[4], &a[5], &a[6], &a[7]) == 9) {
            f->applied += a[0];
            f->torn += a[1];
            f->dropped += a[2];
            f->tapplied += a[3];
            f->tdropped += a[4];
            f->dkept += a[5];
            f->dundone += a[6];
            f->in_checkpoint += a[7] > 0;
        }
        line = nl + 1;
    }
}

/* The cuts count: YJ_POWERLOSS_CUTS, else 300 (60 under the sanitizers). */
static long
cut_count(void)
{
    const char *e = getenv("YJ_POWERLOSS_CUTS");
    if (e != NULL && atol(e) > 0)
        return atol(e);
    return getenv("YJ_SANITIZED") != NULL && strcmp(getenv("YJ_SANITIZED"), "1") == 0 ? 60 : 300;
}

/* Cut the power many times under one synchronous setting; fill f. */
static void
series(bool normal, struct figures *f)
{
    long cuts = cut_count();
    uint64_t r = seed;
    /* events of a whole run, measured by the first run of each kind:
     * [small_ckpt][run after a cut] */
    unsigned long long est[2][2] = {{0, 0}, {0, 0}};
    struct confirmed *v = NULL;
    size_t n = 0, cap = 0;
    long chain = 0, link = 0, unconf_prev = 0;
    memset(f, 0, sizeof *f);
    for (long i = 0; i < cuts; i++) {
        if (link == 0) {
            remove_db();
            n = 0;
            unconf_prev = 0;
        }
        bool small = chain % 2 == 1;
        unsigned long long e = est[small][link > 0];
        struct run_job j = {normal, small, 0, mix(&r)};
        /* a cut at any event of the run, or (about 1 in 9) after the last submit */
        if (e > 0)
            j.cut_at = 1 + mix(&r) % (e + e / 8);
        struct yj_buf out = {0};
        int status = in_child(run_child, &j, &out);
        char what[160];
        snprintf(what, sizeof what,
                 "synchronous=%s seed %llu cut %ld (at I/O event %llu; 0 or past the run's "
                 "end: after the last submit)",
                 normal ? "NORMAL" : "FULL", (unsigned long long)seed, i + 1, j.cut_at);
        if (!was_cut(status))
            fail_msg("%s: the writer did not end by the power cut (status %d)", what, status);
        unsigned long long end_events = 0;
        parse_report(out.data ? out.data : "", &v, &n, &cap, f, &end_events);
        yj_buf_free(&out);
        f->cuts++;
        if (end_events > 0) {
            f->end_cuts++;
            if (e == 0)
                est[small][link > 0] = end_events;
        }
        long unconf = check_after_cut(v, n, !normal, f, what);
        if (unconf > unconf_prev)
            f->unconfirmed += unconf - unconf_prev;
        unconf_prev = unconf;
        if (++link == RUNS_PER_CHAIN || i + 1 == cuts) {
            for (size_t k = 0; k < n; k++)
                f->found += !v[k].lost;
            link = 0;
            chain++;
        }
    }
    free(v);
    printf("power loss, synchronous=%-6s: cuts %ld, cases confirmed %ld, cases found %ld, "
           "cases lost %ld\n",
           normal ? "NORMAL" : "FULL", f->cuts, f->confirmed, f->found, f->lost);
    printf("  (%ld cuts after the last submit, %ld during a checkpoint; %ld cases committed but "
           "not confirmed; unsynced at the cuts: writes %llu applied, %llu torn, %llu dropped; "
           "truncates %llu applied, %llu dropped; directory ops %llu kept, %llu undone; "
           "seed %llu)\n",
           f->end_cuts, f->in_checkpoint, f->unconfirmed, f->applied, f->torn, f->dropped,
           f->tapplied, f->tdropped, f->dkept, f->dundone, (unsigned long long)seed);
    fflush(stdout);
}

/* synchronous=FULL (the product's setting): nothing confirmed is lost. */
static void
test_full(void **state)
{
    (void)state;
    struct figures f;
    series(false, &f);
    assert_int_equal(f.lost, 0);
    assert_true(f.confirmed > f.cuts); /* the cuts fell among many submits */
    assert_int_equal(f.found, f.confirmed);
    assert_true(f.dropped > 0 && f.torn > 0); /* the cuts did hit unsynced writes */
    if (f.cuts >= 60)
        assert_true(f.in_checkpoint > 0); /* and checkpoints */
}

/* The control: synchronous=NORMAL under the same cuts loses confirmed cases
 * (while staying consistent: no half case, integrity ok). */
static void
test_normal_control(void **state)
{
    (void)state;
    struct figures f;
    series(true, &f);
    assert_true(f.confirmed > f.cuts);
    assert_true(f.lost > 0);
    assert_int_equal(f.found + f.lost, f.confirmed);
}

int
main(void)
{
    const char *s = getenv("YJ_POWERLOSS_SEED");
    seed = s != NULL ? strtoull(s, NULL, 10) : (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 20);
    printf("power-loss test: seed %llu (YJ_POWERLOSS_SEED to repeat), %ld cuts per mode\n",
           (unsigned long long)seed, cut_count());
    if (yj_plvfs_register() != SQLITE_OK) {
        fprintf(stderr, "cannot register the power-loss VFS\n");
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_model, setup, teardown),
        cmocka_unit_test_setup_teardown(test_full, setup, teardown),
        cmocka_unit_test_setup_teardown(test_normal_control, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
