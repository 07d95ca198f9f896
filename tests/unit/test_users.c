/* test_users.c: clerks' passwords (argon2id), sign-in delays and the lock. */
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
#include <sodium.h>
#include <sqlite3.h>

#include "core/paths.h"
#include "core/util.h"
#include "store/counter.h"
#include "store/store.h"
#include "store_test.h"

static char dir[64];
static char dbpath[128];
static const struct yj_actor admin = {"admin", "root"};

/* Fresh database per test. */
static int
setup(void **state)
{
    snprintf(dir, sizeof dir, "/tmp/yj_users_XXXXXX");
    if (mkdtemp(dir) == NULL)
        return -1;
    snprintf(dbpath, sizeof dbpath, "%s/t.db", dir);
    yj_config_set("counter.max_attempts", "3");
    yj_config_set("counter.lock_minutes", "15");
    char err[1024] = "";
    struct yj_store *s = yj_store_open(dbpath, err, sizeof err);
    if (s == NULL) {
        fprintf(stderr, "open: %s\n", err);
        return -1;
    }
    *state = s;
    return 0;
}

/* Close and remove the database. */
static int
teardown(void **state)
{
    struct yj_store *s = *state;
    yj_store_close(&s);
    char *cmd = xasprintf("rm -rf '%s'", dir);
    int rc = system(cmd);
    free(cmd);
    return rc == 0 ? 0 : -1;
}

/* One text column of one row. */
static char *
query1(struct yj_store *s, const char *sql)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(yj_test_db(s), sql, -1, &st, NULL), SQLITE_OK);
    char *v = NULL;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        v = xstrdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return v;
}

static void
test_add_hash(void **state)
{
    struct yj_store *s = *state;
    assert_int_equal(yj_user_add(s, "li01", "李明", "clerk", "correct horse", &admin), 0);
    char *h = query1(s, "SELECT pwhash FROM users WHERE id = 'li01'");
    assert_non_null(h);
    assert_true(yj_str_has_prefix(h, "$argon2id$"));
    assert_null(strstr(h, "correct horse"));
    free(h);
    /* duplicates, bad ids, roles and short passwords are refused */
    assert_int_equal(yj_user_add(s, "li01", "李明", "clerk", "correct horse", &admin), -1);
    assert_non_null(strstr(yj_store_error(s), "已存在"));
    assert_int_equal(yj_user_add(s, "li 02", "李", "clerk", "correct horse", &admin), -1);
    assert_int_equal(yj_user_add(s, "li02", "李", "boss", "correct horse", &admin), -1);
    assert_int_equal(yj_user_add(s, "li02", "李", "clerk", "short", &admin), -1);
    assert_non_null(strstr(yj_store_error(s), "8"));
    struct yj_user *v;
    size_t n;
    assert_int_equal(yj_user_list(s, &v, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(v[0].name, "李明");
    assert_string_equal(v[0].role, "clerk");
    yj_user_list_free(v, n);
    char *a = query1(s, "SELECT actor_id || ' ' || detail FROM audit WHERE action = 'user_add'");
    assert_string_equal(a, "root li01 clerk");
    free(a);
}

static void
test_signin(void **state)
{
    struct yj_store *s = *state;
    assert_int_equal(yj_user_add(s, "li01", "李明", "clerk", "correct horse", &admin), 0);
    long wait = -1;
    struct yj_user u;
    assert_int_equal(yj_user_signin(s, "li01", "correct horse", 1000, &wait, &u), YJ_SIGNIN_OK);
    assert_string_equal(u.id, "li01");
    assert_string_equal(u.name, "李明");
    yj_user_free(&u);
    /* wrong password: refused, one second to wait */
    assert_int_equal(yj_user_signin(s, "li01", "wrong horse", 1010, &wait, NULL), YJ_SIGNIN_BAD);
    assert_int_equal(wait, 1);
    /* within that second even the right password is not checked */
    assert_int_equal(yj_user_signin(s, "li01", "correct horse", 1010, &wait, NULL),
                     YJ_SIGNIN_THROTTLED);
    /* a second failure doubles the delay */
    assert_int_equal(yj_user_signin(s, "li01", "wrong horse", 1011, &wait, NULL), YJ_SIGNIN_BAD);
    assert_int_equal(wait, 2);
    /* success after the delay clears the count */
    assert_int_equal(yj_user_signin(s, "li01", "correct horse", 1013, &wait, NULL), YJ_SIGNIN_OK);
    assert_int_equal(yj_user_get(s, "li01", &u), 0);
    assert_int_equal(u.failed_attempts, 0);
    yj_user_free(&u);
    /* unknown users get the same answer as a wrong password */
    assert_int_equal(yj_user_signin(s, "nobody", "correct horse", 1020, &wait, NULL),
                     YJ_SIGNIN_BAD);
    char *a = query1(s, "SELECT group_concat(action || ':' || actor_id, ' ') FROM audit");
    assert_string_equal(a, "user_add:root signin:li01 signin_failed:li01 signin_refused:li01 "
                           "signin_failed:li01 signin:li01 signin_failed:nobody");
    free(a);
}

static void
test_lock(void **state)
{
    struct yj_store *s = *state;
    assert_int_equal(yj_user_add(s, "li01", "李明", "clerk", "correct horse", &admin), 0);
    long wait = 0;
    long long t = 5000;
    assert_int_equal(yj_user_signin(s, "li01", "x1234567", t, &wait, NULL), YJ_SIGNIN_BAD);
    t += wait;
    assert_int_equal(yj_user_signin(s, "li01", "x1234567", t, &wait, NULL), YJ_SIGNIN_BAD);
    t += wait;
    /* the third failure (counter.max_attempts = 3) locks for 15 minutes */
    assert_int_equal(yj_user_signin(s, "li01", "x1234567", t, &wait, NULL), YJ_SIGNIN_LOCKED);
    assert_int_equal(wait, 15 * 60);
    assert_int_equal(yj_user_signin(s, "li01", "correct horse", t + 60, &wait, NULL),
                     YJ_SIGNIN_LOCKED);
    assert_int_equal(wait, 15 * 60 - 60);
    char msg[256];
    yj_signin_message(YJ_SIGNIN_LOCKED, wait, msg, sizeof msg);
    assert_non_null(strstr(msg, "14 分钟"));
    /* an administrator unlocks */
    assert_int_equal(yj_user_unlock(s, "li01", &admin), 0);
    assert_int_equal(yj_user_signin(s, "li01", "correct horse", t + 61, &wait, NULL), YJ_SIGNIN_OK);
    char *a = query1(s, "SELECT count(*) FROM audit WHERE action = 'signin_locked'");
    assert_string_equal(a, "1");
    free(a);
}

static void
test_disable_passwd(void **state)
{
    struct yj_store *s = *state;
    assert_int_equal(yj_user_add(s, "li01", "李明", "admin", "correct horse", &admin), 0);
    assert_int_equal(yj_user_set_disabled(s, "li01", true, &admin), 0);
    assert_int_equal(yj_user_signin(s, "li01", "correct horse", 1, NULL, NULL), YJ_SIGNIN_DISABLED);
    assert_int_equal(yj_user_set_disabled(s, "li01", false, &admin), 0);
    assert_int_equal(yj_user_passwd(s, "li01", "battery staple", &admin), 0);
    assert_int_equal(yj_user_signin(s, "li01", "correct horse", 2, NULL, NULL), YJ_SIGNIN_BAD);
    assert_int_equal(yj_user_signin(s, "li01", "battery staple", 10, NULL, NULL), YJ_SIGNIN_OK);
    assert_int_equal(yj_user_passwd(s, "ghost", "battery staple", &admin), YJ_STORE_NOTFOUND);
    assert_int_equal(yj_signin_delay(1), 1);
    assert_int_equal(yj_signin_delay(4), 8);
    assert_int_equal(yj_signin_delay(20), 30);
}

/* Monotonic seconds. */
static double
mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* In a child process: one sign-in on its own connection; exits with the outcome. */
static pid_t
signin_child(const char *id, const char *pw, long long now)
{
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        char err[1024];
        struct yj_store *c = yj_store_open(dbpath, err, sizeof err);
        if (c == NULL)
            _exit(100);
        enum yj_signin st = yj_user_signin(c, id, pw, now, NULL, NULL);
        yj_store_close(&c);
        _exit((int)st);
    }
    return pid;
}

/* The exit status of a child. */
static int
child_status(pid_t pid)
{
    int ws = 0;
    assert_int_equal(waitpid(pid, &ws, 0), pid);
    assert_true(WIFEXITED(ws));
    return WEXITSTATUS(ws);
}

/* The argon2 check runs outside the write transaction: while another process
 * signs in, the longest time the database cannot be written is well under
 * the time one password check takes. */
static void
test_signin_lock_free(void **state)
{
    struct yj_store *s = *state;
    assert_int_equal(yj_user_add(s, "li01", "李明", "clerk", "correct horse", &admin), 0);
    char *hash = query1(s, "SELECT pwhash FROM users WHERE id = 'li01'");
    double t0 = mono();
    assert_int_equal(crypto_pwhash_str_verify(hash, "correct horse", 13), 0);
    double verify_s = mono() - t0;
    free(hash);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 0);
    double best = 1e9;
    /* Noise (a slow fsync) can make one run long; the old code never got
     * under verify_s, so the best of three is the measure. */
    for (int run = 0; run < 3 && best >= verify_s / 2; run++) {
        pid_t pid = signin_child("li01", "correct horse", 1000 + run);
        double longest = 0, busy_since = -1;
        int ws = 0;
        for (;;) {
            int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
            double now = mono();
            if (rc == SQLITE_OK) {
                sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
                if (busy_since >= 0 && now - busy_since > longest)
                    longest = now - busy_since;
                busy_since = -1;
            } else if (busy_since < 0) {
                busy_since = now;
            }
            if (waitpid(pid, &ws, WNOHANG) == pid)
                break;
            usleep(200);
        }
        assert_true(WIFEXITED(ws));
        assert_int_equal(WEXITSTATUS(ws), YJ_SIGNIN_OK);
        if (busy_since >= 0 && mono() - busy_since > longest)
            longest = mono() - busy_since;
        if (longest < best)
            best = longest;
    }
    sqlite3_close(db);
    printf("password check %.1f ms, longest write lock held by a sign-in %.1f ms\n",
           verify_s * 1000, best * 1000);
    assert_true(best < verify_s / 2);
}

/* Attempts at the same moment from several processes: the first failure
 * throttles the others (judged when recorded, not when checked), and every
 * recorded failure is counted. */
static void
test_signin_concurrent(void **state)
{
    struct yj_store *s = *state;
    assert_int_equal(yj_user_add(s, "li01", "李明", "clerk", "correct horse", &admin), 0);
    enum { N = 4 };
    pid_t pid[N];
    for (int i = 0; i < N; i++)
        pid[i] = signin_child("li01", "wrong horse", 5000);
    int bad = 0, throttled = 0;
    for (int i = 0; i < N; i++) {
        int st = child_status(pid[i]);
        if (st == YJ_SIGNIN_BAD)
            bad++;
        else if (st == YJ_SIGNIN_THROTTLED)
            throttled++;
        else
            fail_msg("unexpected outcome %d", st);
    }
    assert_int_equal(bad, 1);
    assert_int_equal(throttled, N - 1);
    char *v = query1(s, "SELECT failed_attempts FROM users WHERE id = 'li01'");
    assert_string_equal(v, "1");
    free(v);
    v = query1(s, "SELECT count(*) FROM audit WHERE action = 'signin_refused'");
    assert_string_equal(v, "3");
    free(v);
    /* after the delay, failures from several processes each count: the lock
     * (3 attempts in setup) comes exactly on the third */
    pid[0] = signin_child("li01", "wrong horse", 5001);
    assert_int_equal(child_status(pid[0]), YJ_SIGNIN_BAD);
    pid[0] = signin_child("li01", "wrong horse", 5003);
    assert_int_equal(child_status(pid[0]), YJ_SIGNIN_LOCKED);
    pid[0] = signin_child("li01", "correct horse", 5004);
    assert_int_equal(child_status(pid[0]), YJ_SIGNIN_LOCKED);
    v = query1(s, "SELECT failed_attempts FROM users WHERE id = 'li01'");
    assert_string_equal(v, "3");
    free(v);
}

static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* An unknown id costs what a wrong password costs: one argon2 verify each
 * (against a fixed hash for the unknown id). Median of 20 each; the ratio
 * within 0.75-1.33 (it was 375 ms against 225 ms, 1.67). */
static void
test_signin_timing(void **state)
{
    struct yj_store *s = *state;
    assert_int_equal(yj_user_add(s, "li01", "李明", YJ_ROLE_CLERK, "correct horse", &admin), 0);
    enum { N = 20 };
    double known[N], unknown[N];
    long long now = 1700000000;
    long wait;
    for (int i = 0; i < N; i++) {
        now += 100000; /* past any delay or lock: every attempt is checked */
        double t0 = mono();
        assert_int_equal(yj_user_signin(s, "li01", "wrong horse", now, &wait, NULL),
                         i < 2 ? YJ_SIGNIN_BAD : YJ_SIGNIN_LOCKED);
        known[i] = mono() - t0;
        t0 = mono();
        assert_int_equal(yj_user_signin(s, "ghost99", "wrong horse", now, &wait, NULL),
                         YJ_SIGNIN_BAD);
        unknown[i] = mono() - t0;
    }
    qsort(known, N, sizeof known[0], cmp_double);
    qsort(unknown, N, sizeof unknown[0], cmp_double);
    double mk = (known[N / 2 - 1] + known[N / 2]) / 2,
           mu = (unknown[N / 2 - 1] + unknown[N / 2]) / 2;
    printf("# sign-in, median of %d: known id, wrong password %.1f ms; unknown id %.1f ms; "
           "ratio %.2f\n",
           N, mk * 1e3, mu * 1e3, mu / mk);
    assert_true(mu / mk > 0.75 && mu / mk < 1.33);
}

/* Helpers: role helper with a PIN of YJ_PIN_MIN characters; clerks still need
 * YJ_PASSWORD_MIN; passwd follows the account's role. */
static void
test_helper_role(void **state)
{
    struct yj_store *s = *state;
    assert_int_equal(yj_user_add(s, "h1", "帮办", YJ_ROLE_HELPER, "2468", &admin), 0);
    assert_int_not_equal(yj_user_add(s, "h2", "帮办", YJ_ROLE_HELPER, "246", &admin), 0);
    assert_int_not_equal(yj_user_add(s, "c1", "窗口", YJ_ROLE_CLERK, "2468", &admin), 0);
    assert_int_not_equal(yj_user_add(s, "x1", "某", "root", "correct horse", &admin), 0);
    assert_int_equal(yj_user_passwd(s, "h1", "1357", &admin), 0);
    assert_int_not_equal(yj_user_passwd(s, "h1", "13", &admin), 0);
    struct yj_user u;
    assert_int_equal(yj_user_signin(s, "h1", "1357", 1700000000, NULL, &u), YJ_SIGNIN_OK);
    assert_string_equal(u.role, "helper");
    yj_user_free(&u);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_add_hash, setup, teardown),
        cmocka_unit_test_setup_teardown(test_signin, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lock, setup, teardown),
        cmocka_unit_test_setup_teardown(test_disable_passwd, setup, teardown),
        cmocka_unit_test_setup_teardown(test_signin_lock_free, setup, teardown),
        cmocka_unit_test_setup_teardown(test_signin_concurrent, setup, teardown),
        cmocka_unit_test_setup_teardown(test_signin_timing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_helper_role, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
