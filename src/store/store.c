/* store.c: opening the database, errors people can act on, transactions, audit
 * and drafts. */
#include "store/store_int.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/i18n.h"
#include "core/paths.h"
#include "core/util.h"
#include "store/auditchain.h"

#define BUSY_TIMEOUT_MS 5000
#define TX_ATTEMPTS 4

void
yj_store_set_err(struct yj_store *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->err, sizeof s->err, fmt, ap);
    va_end(ap);
}

/* The message for a person for an SQLite result code. */
static const char *
sqlerr_text(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_FULL:
        return _("磁盘空间已满，数据未保存。请联系管理员清理磁盘后重试。");
    case SQLITE_READONLY:
        return _("数据库只读（磁盘或文件不可写），数据未保存。请联系管理员。");
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return _("数据库正被其他程序占用，等待超时，数据未保存。请稍后重试。");
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return _("数据库文件已损坏或不是本程序的数据库。请联系管理员从备份恢复。");
    case SQLITE_CANTOPEN:
        return _("无法打开数据库文件，请检查路径和权限。");
    case SQLITE_IOERR:
        return _("读写磁盘出错，数据未保存。请联系管理员检查磁盘。");
    case SQLITE_NOMEM:
        return _("内存不足，数据未保存。");
    case SQLITE_CONSTRAINT:
        return _("数据不符合数据库约束，未保存。");
    default:
        return _("数据库出错，数据未保存。");
    }
}

void
yj_store_set_sqlerr(struct yj_store *s, int rc, const char *detail)
{
    s->last_rc = rc;
    snprintf(s->err, sizeof s->err, "%s（%s：%s）", sqlerr_text(rc), s->path ? s->path : "",
             detail && *detail ? detail : sqlite3_errstr(rc));
}

const char *
yj_store_error(const struct yj_store *s)
{
    return s->err;
}

int
yj_store_checkpoint(struct yj_store *s)
{
    int rc = sqlite3_wal_checkpoint_v2(s->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
    return rc == SQLITE_OK ? 0 : -1;
}

int
yj_store_kv_read(struct yj_store *s, const char *key, char **value)
{
    sqlite3_stmt *st;
    *value = NULL;
    int rc = yj_store_prep(s, &st, "SELECT value FROM kv WHERE key = ?", "t", key);
    if (rc != SQLITE_OK)
        return rc;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *value = yj_store_col_str(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int
yj_store_kv_write(struct yj_store *s, const char *key, const char *value)
{
    return yj_store_run(s,
                        "INSERT INTO kv(key, value) VALUES (?, ?)"
                        " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                        "tt", key, value);
}

/* Bind the arguments described by types (see yj_store_prep). */
static int
vbind(sqlite3_stmt *st, const char *types, va_list ap)
{
    int rc = SQLITE_OK;
    /* a mismatch is a programming error: refuse rather than read past the arguments */
    if ((int)strlen(types) != sqlite3_bind_parameter_count(st))
        return SQLITE_MISUSE;
    for (int i = 0; types[i] && rc == SQLITE_OK; i++) {
        switch (types[i]) {
        case 't': {
            const char *v = va_arg(ap, const char *);
            rc = v ? sqlite3_bind_text(st, i + 1, v, -1, SQLITE_TRANSIENT)
                   : sqlite3_bind_null(st, i + 1);
            break;
        }
        case 'i':
            rc = sqlite3_bind_int64(st, i + 1, va_arg(ap, long long));
            break;
        default:
            rc = sqlite3_bind_null(st, i + 1);
            break;
        }
    }
    return rc;
}

int
yj_store_cached(struct yj_store *s, sqlite3_stmt **slot, const char *sql)
{
    if (*slot != NULL) {
        sqlite3_reset(*slot);
        sqlite3_clear_bindings(*slot);
        return SQLITE_OK;
    }
    return sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, slot, NULL);
}

int
yj_store_prep(struct yj_store *s, sqlite3_stmt **st, const char *sql, const char *types, ...)
{
    int rc = sqlite3_prepare_v2(s->db, sql, -1, st, NULL);
    if (rc != SQLITE_OK)
        return rc;
    va_list ap;
    va_start(ap, types);
    rc = vbind(*st, types, ap);
    va_end(ap);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(*st);
        *st = NULL;
    }
    return rc;
}

int
yj_store_run(struct yj_store *s, const char *sql, const char *types, ...)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return rc;
    va_list ap;
    va_start(ap, types);
    rc = vbind(st, types, ap);
    va_end(ap);
    if (rc == SQLITE_OK) {
        while ((rc = sqlite3_step(st)) == SQLITE_ROW)
            ;
        if (rc == SQLITE_DONE)
            rc = SQLITE_OK;
    }
    /* finalize keeps the step's error message for the caller */
    sqlite3_finalize(st);
    return rc;
}

int
yj_store_walk(struct yj_store *s, sqlite3_stmt *st, int (*row)(sqlite3_stmt *, void *), void *ctx)
{
    int rc, result = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if ((result = row(st, ctx)) != 0)
            break;
    if (result == 0 && rc != SQLITE_DONE) {
        yj_store_set_sqlerr(s, rc, sqlite3_errmsg(s->db));
        result = -1;
    }
    sqlite3_finalize(st);
    return result;
}

struct select_ctx {
    void (*row)(sqlite3_stmt *, void *);
    void *ctx;
};

/* yj_store_select's rows: every one, none stops the walk. */
static int
select_row(sqlite3_stmt *st, void *vctx)
{
    struct select_ctx *x = vctx;
    x->row(st, x->ctx);
    return 0;
}

int
yj_store_select(struct yj_store *s, void (*row)(sqlite3_stmt *, void *), void *ctx, const char *sql,
                const char *types, ...)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc == SQLITE_OK) {
        va_list ap;
        va_start(ap, types);
        rc = vbind(st, types, ap);
        va_end(ap);
    }
    if (rc != SQLITE_OK) {
        yj_store_set_sqlerr(s, rc, sqlite3_errmsg(s->db));
        sqlite3_finalize(st);
        return -1;
    }
    struct select_ctx x = {row, ctx};
    return yj_store_walk(s, st, select_row, &x);
}

int
yj_store_select_case(struct yj_store *s, void (*row)(sqlite3_stmt *, void *), void *ctx,
                     const char *case_no, const char *sql)
{
    char canon[YJ_CASENO_SIZE];
    if (yj_store_caseno_canon(s, case_no, canon) != 0)
        return -1;
    return yj_store_select(s, row, ctx, sql, "t", canon);
}

char *
yj_store_col_str(sqlite3_stmt *st, int col)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    return t ? xstrdup((const char *)t) : NULL;
}

/* Is rc one of the "someone else holds the lock" codes worth a restart? */
static bool
is_busy(int rc)
{
    return (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED;
}

int
yj_store_tx(struct yj_store *s, int (*body)(struct yj_store *, void *), void *ctx)
{
    for (int attempt = 1;; attempt++) {
        char detail[512] = "";
        int rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
        if (rc == SQLITE_OK) {
            rc = body(s, ctx);
            if (rc == SQLITE_OK)
                rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
        }
        if (rc > 0)
            snprintf(detail, sizeof detail, "%s", sqlite3_errmsg(s->db));
        if (rc != SQLITE_OK && !sqlite3_get_autocommit(s->db))
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        if (rc == SQLITE_OK)
            return 0;
        if (rc == TX_NOTFOUND)
            return YJ_STORE_NOTFOUND;
        if (rc == TX_APPERR)
            return -1;
        if (is_busy(rc) && attempt < TX_ATTEMPTS) {
            /* busy_timeout already waited; a short pause, then start again */
            usleep(20000u * (unsigned)attempt);
            continue;
        }
        yj_store_set_sqlerr(s, rc, detail);
        return -1;
    }
}

int
yj_store_case_tx(struct yj_store *s, const char *case_no, const char **slot,
                 int (*body)(struct yj_store *, void *), void *ctx)
{
    char canon[YJ_CASENO_SIZE];
    if (yj_store_caseno_canon(s, case_no, canon) != 0)
        return -1;
    *slot = canon;
    int rc = yj_store_tx(s, body, ctx);
    *slot = NULL;
    return rc;
}

/* Execute SQL without parameters, setting the error on failure. */
static int
exec_checked(struct yj_store *s, const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(s->db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK)
        yj_store_set_sqlerr(s, rc, msg);
    sqlite3_free(msg);
    return rc;
}

/* Read one integer pragma (user_version...). */
static int
pragma_int(struct yj_store *s, const char *sql, long long *out)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return rc;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *out = sqlite3_column_int64(st, 0);
        rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    return rc;
}

struct migrate_ctx {
    long long from;
};

/* Transaction body: apply the missing migrations. */
static int
migrate_body(struct yj_store *s, void *vctx)
{
    struct migrate_ctx *m = vctx;
    int n;
    const char *const *steps = yj_store_migrations(&n);
    long long v = 0;
    int rc = pragma_int(s, "PRAGMA user_version", &v);
    if (rc != SQLITE_OK)
        return rc;
    m->from = v;
    if (v > n) {
        yj_store_set_err(s, _("数据库版本（%lld）比本程序支持的版本（%d）新，请升级本程序。"), v,
                         n);
        return TX_APPERR;
    }
    for (long long i = v; i < n; i++) {
        rc = sqlite3_exec(s->db, steps[i], NULL, NULL, NULL);
        /* a step that does not fit the tables (no such table...): not our file */
        if (rc == SQLITE_ERROR)
            rc = SQLITE_NOTADB;
        if (rc != SQLITE_OK)
            return rc;
    }
    if (v < n) {
        char sql[64];
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d", n);
        rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
    }
    return rc;
}

/* Configure the connection and bring the schema up to date. */
static int
setup(struct yj_store *s)
{
    long long v = 0;
    int n;
    yj_store_migrations(&n);
    sqlite3_extended_result_codes(s->db, 1);
    long busy = yj_config_get_long("db_busy_timeout_ms", BUSY_TIMEOUT_MS);
    sqlite3_busy_timeout(s->db, busy > 0 && busy < INT_MAX ? (int)busy : BUSY_TIMEOUT_MS);
    /* The first read tells a garbage file (NOTADB) or a damaged header apart. */
    int rc = pragma_int(s, "PRAGMA user_version", &v);
    if (rc != SQLITE_OK) {
        yj_store_set_sqlerr(s, rc, sqlite3_errmsg(s->db));
        return -1;
    }
    bool ro = sqlite3_db_readonly(s->db, "main") == 1;
    if (ro && v < n) {
        yj_store_set_sqlerr(s, SQLITE_READONLY, NULL);
        return -1;
    }
    if (!ro && exec_checked(s, "PRAGMA journal_mode=WAL") != SQLITE_OK)
        return -1;
    if (exec_checked(s, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
                        "PRAGMA secure_delete=ON") != SQLITE_OK)
        return -1;
    long maxpages = yj_config_get_long("db_max_pages", 0);
    if (maxpages > 0) {
        char sql[64];
        snprintf(sql, sizeof sql, "PRAGMA max_page_count=%ld", maxpages);
        if (exec_checked(s, sql) != SQLITE_OK)
            return -1;
    }
    /* migration 4 chains an older database's audit rows through this function */
    rc = yj_store_auditchain_register(s);
    if (rc != SQLITE_OK) {
        yj_store_set_sqlerr(s, rc, sqlite3_errmsg(s->db));
        return -1;
    }
    /* migration 7 puts stored answers in their canonical form through this one */
    if (v < n && (rc = yj_store_answers_register(s)) != SQLITE_OK) {
        yj_store_set_sqlerr(s, rc, sqlite3_errmsg(s->db));
        return -1;
    }
    if (v < n) {
        struct migrate_ctx m = {0};
        if (yj_store_tx(s, migrate_body, &m) != 0)
            return -1;
    } else if (v > n) {
        yj_store_set_err(s, _("数据库版本（%lld）比本程序支持的版本（%d）新，请升级本程序。"), v,
                         n);
        return -1;
    }
    /* Check that the tables are what we expect (a foreign SQLite file). */
    rc = pragma_int(s, "SELECT count(*) FROM cases WHERE 0", &v);
    if (rc != SQLITE_OK) {
        yj_store_set_sqlerr(s, SQLITE_NOTADB, sqlite3_errmsg(s->db));
        return -1;
    }
    return 0;
}

/* Is the directory of path (a plain file name, not a URI) on a read-only file
 * system, or not writable? A WAL database there cannot even be opened. Returns
 * the errno (EROFS, EACCES) or 0. */
static int
dir_readonly(const char *path)
{
    if (strncmp(path, "file:", 5) == 0)
        return 0;
    char *dir = xstrdup(path);
    char *slash = strrchr(dir, '/');
    if (slash == NULL) {
        free(dir);
        dir = xstrdup(".");
    } else if (slash == dir) {
        slash[1] = '\0';
    } else {
        *slash = '\0';
    }
    int e = access(dir, W_OK) != 0 && (errno == EROFS || errno == EACCES) ? errno : 0;
    free(dir);
    return e;
}

struct yj_store *
yj_store_open(const char *path, char *err, size_t errsz)
{
    struct yj_store *s = xcalloc(1, sizeof *s);
    s->path = xstrdup(path ? path : "");
    if (path == NULL || *path == '\0') {
        snprintf(err, errsz, "%s", _("没有指定数据库文件。"));
        goto fail;
    }
    /* Holidays for due dates: config holidays_file, else DATA/holidays.txt. */
    char herr[512] = "";
    const char *hfile = yj_config_get("holidays_file", NULL);
    char *hpath = hfile ? xstrdup(hfile) : xasprintf("%s/holidays.txt", yj_paths_data());
    int hrc = yj_holidays_load(&s->holidays, hpath, herr, sizeof herr);
    free(hpath);
    if (hrc != 0) {
        snprintf(err, errsz, "%s %s", _("节假日文件有误："), herr);
        goto fail;
    }
    /* NOMUTEX: the program has no threads, so a connection is only ever used by
     * one; SQLite's own lock around every call (8% of a JSON export) is not needed. */
    int rc = sqlite3_open_v2(
        path, &s->db,
        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        yj_store_set_sqlerr(s, rc, s->db ? sqlite3_errmsg(s->db) : NULL);
        int e = (rc & 0xff) == SQLITE_CANTOPEN ? dir_readonly(path) : 0;
        if (e != 0)
            yj_store_set_sqlerr(s, SQLITE_READONLY, strerror(e));
        snprintf(err, errsz, "%s", s->err);
        goto fail;
    }
    if (setup(s) != 0) {
        int e = (s->last_rc & 0xff) == SQLITE_CANTOPEN ? dir_readonly(path) : 0;
        if (e != 0)
            yj_store_set_sqlerr(s, SQLITE_READONLY, strerror(e));
        snprintf(err, errsz, "%s", s->err);
        goto fail;
    }
    return s;
fail:
    yj_store_close(&s);
    return NULL;
}

void
yj_store_close(struct yj_store **sp)
{
    struct yj_store *s = *sp;
    if (s == NULL)
        return;
    sqlite3_finalize(s->st_items);
    sqlite3_finalize(s->st_case_uuid);
    sqlite3_finalize(s->st_case_no);
    if (s->db != NULL)
        sqlite3_close_v2(s->db);
    yj_holidays_free(&s->holidays);
    free(s->path);
    free(s);
    *sp = NULL;
}

int
yj_store_integrity(struct yj_store *s, char **report)
{
    sqlite3_stmt *st;
    struct yj_buf b = {0};
    int rc = sqlite3_prepare_v2(s->db, "PRAGMA integrity_check", -1, &st, NULL);
    bool ok = false;
    if (rc == SQLITE_OK) {
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            const char *t = (const char *)sqlite3_column_text(st, 0);
            if (t && strcmp(t, "ok") == 0 && b.len == 0)
                ok = true;
            else
                ok = false;
            if (b.len)
                yj_buf_addc(&b, '\n');
            yj_buf_adds(&b, t ? t : "");
        }
        sqlite3_finalize(st);
    }
    if (rc != SQLITE_DONE) {
        yj_store_set_sqlerr(s, rc, sqlite3_errmsg(s->db));
        yj_buf_free(&b);
        if (report)
            *report = NULL;
        return -1;
    }
    if (report)
        *report = yj_buf_steal(&b);
    else
        yj_buf_free(&b);
    if (!ok)
        yj_store_set_err(s, "%s", _("数据库完整性检查未通过。请联系管理员从备份恢复。"));
    return ok ? 0 : -1;
}

/* ---- audit -------------------------------------------------------------- */

int
yj_store_audit_row(struct yj_store *s, const struct yj_actor *who, const char *action,
                   const char *case_no, const char *detail)
{
    char now[21];
    yj_now_iso(now);
    /* chained to the row before it (store/auditchain.c) */
    return yj_store_audit_append(s, now, who && who->kind ? who->kind : "system",
                                 who ? who->id : NULL, action, case_no, detail);
}

struct audit_ctx {
    const struct yj_actor *who;
    const char *action, *case_no, *detail;
};

/* Transaction body: one audit row. */
static int
audit_body(struct yj_store *s, void *vctx)
{
    struct audit_ctx *a = vctx;
    return yj_store_audit_row(s, a->who, a->action, a->case_no, a->detail);
}

int
yj_store_audit(struct yj_store *s, const struct yj_actor *who, const char *action,
               const char *case_no, const char *detail)
{
    struct audit_ctx a = {who, action, case_no, detail};
    return yj_store_tx(s, audit_body, &a);
}

/* ---- drafts ------------------------------------------------------------- */

struct draft_ctx {
    const char *slot, *thing, *page, *json;
    long max_age;
    long count;
};

/* Transaction body: save (upsert) a draft. */
static int
draft_save_body(struct yj_store *s, void *vctx)
{
    struct draft_ctx *d = vctx;
    return yj_store_run(s,
                        "INSERT INTO drafts(slot, thing, page, answers_json, saved_at) "
                        "VALUES (?,?,?,?,?) ON CONFLICT(slot) DO UPDATE SET thing=excluded.thing,"
                        " page=excluded.page, answers_json=excluded.answers_json,"
                        " saved_at=excluded.saved_at",
                        "tttti", d->slot, d->thing, d->page, d->json, (long long)time(NULL));
}

int
yj_store_draft_save(struct yj_store *s, const char *slot, const char *thing, const char *page,
                    const struct yj_answers *a)
{
    if (yj_str_empty(slot) || yj_str_empty(thing)) {
        yj_store_set_err(s, "%s", _("草稿缺少终端位置或事项。"));
        return -1;
    }
    char *json = yj_answers_to_json(a);
    struct draft_ctx d = {slot, thing, page, json, 0, 0};
    int rc = yj_store_tx(s, draft_save_body, &d);
    free(json);
    return rc;
}

/* Transaction body: delete one slot, or every draft older than max_age. */
static int
draft_delete_body(struct yj_store *s, void *vctx)
{
    struct draft_ctx *d = vctx;
    int rc;
    if (d->slot != NULL)
        rc = yj_store_run(s, "DELETE FROM drafts WHERE slot = ?", "t", d->slot);
    else
        rc = yj_store_run(s, "DELETE FROM drafts WHERE saved_at < ?", "i",
                          (long long)time(NULL) - d->max_age);
    d->count = sqlite3_changes(s->db);
    return rc;
}

int
yj_store_draft_discard(struct yj_store *s, const char *slot)
{
    struct draft_ctx d = {slot, NULL, NULL, NULL, 0, 0};
    return yj_store_tx(s, draft_delete_body, &d);
}

long
yj_store_draft_expire(struct yj_store *s, long max_age_s)
{
    struct draft_ctx d = {NULL, NULL, NULL, NULL, max_age_s, 0};
    if (yj_store_tx(s, draft_delete_body, &d) != 0)
        return -1;
    return d.count;
}

int
yj_store_draft_load(struct yj_store *s, const char *slot, long max_age_s, char **thing, char **page,
                    struct yj_answers *a)
{
    sqlite3_stmt *st;
    *thing = NULL;
    *page = NULL;
    int rc = yj_store_prep(
        s, &st, "SELECT thing, page, answers_json, saved_at FROM drafts WHERE slot = ?", "t", slot);
    if (rc != SQLITE_OK) {
        yj_store_set_sqlerr(s, rc, sqlite3_errmsg(s->db));
        return -1;
    }
    rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) {
        sqlite3_finalize(st);
        return YJ_STORE_NOTFOUND;
    }
    if (rc != SQLITE_ROW) {
        yj_store_set_sqlerr(s, rc, sqlite3_errmsg(s->db));
        sqlite3_finalize(st);
        return -1;
    }
    long long saved = sqlite3_column_int64(st, 3);
    if (max_age_s > 0 && saved < (long long)time(NULL) - max_age_s) {
        sqlite3_finalize(st);
        /* too old: a public kiosk must not show it to the next person */
        if (yj_store_draft_discard(s, slot) != 0)
            return -1;
        return YJ_STORE_NOTFOUND;
    }
    char jerr[256];
    struct yj_answers tmp;
    yj_answers_init(&tmp);
    const char *json = (const char *)sqlite3_column_text(st, 2);
    if (yj_answers_from_json(&tmp, json ? json : "{}", jerr, sizeof jerr) != 0) {
        yj_store_set_err(s, "%s %s", _("草稿内容已损坏："), jerr);
        yj_answers_free(&tmp);
        sqlite3_finalize(st);
        return -1;
    }
    *thing = yj_store_col_str(st, 0);
    *page = yj_store_col_str(st, 1);
    yj_answers_free(a);
    *a = tmp;
    sqlite3_finalize(st);
    return 0;
}
