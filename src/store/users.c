/* users.c: clerks and administrators — argon2id password hashes, sign-in with
 * increasing delays after failures and a lock after too many. */
#include "store/counter.h"
#include "store/store_int.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/paths.h"
#include "core/utf8.h"

#define MAX_DELAY_S 30

int
yj_users_init(void)
{
    return sodium_init() < 0 ? -1 : 0;
}

bool
yj_user_id_valid(const char *id)
{
    size_t n = id ? strlen(id) : 0;
    if (n == 0 || n > 32)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = id[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '.' || c == '-'))
            return false;
    }
    return true;
}

bool
yj_password_acceptable(const char *pw, char *msg, size_t msgsz)
{
    return yj_password_acceptable_for(YJ_ROLE_CLERK, pw, msg, msgsz);
}

bool
yj_password_acceptable_for(const char *role, const char *pw, char *msg, size_t msgsz)
{
    bool helper = role != NULL && strcmp(role, YJ_ROLE_HELPER) == 0;
    int min = helper ? YJ_PIN_MIN : YJ_PASSWORD_MIN;
    if (pw == NULL || !yj_utf8_check(pw, strlen(pw), false)) {
        snprintf(msg, msgsz, "%s", _("密码含有无效字符。"));
        return false;
    }
    if (yj_utf8_len(pw) < (size_t)min) {
        snprintf(msg, msgsz, _("密码至少需要 %d 个字符。"), min);
        return false;
    }
    if (strlen(pw) >= 1024) {
        snprintf(msg, msgsz, "%s", _("密码太长。"));
        return false;
    }
    return true;
}

/* The argon2id string for password, or -1 (out of memory). */
static int
hash_password(const char *pw, char out[crypto_pwhash_STRBYTES])
{
    if (yj_users_init() != 0)
        return -1;
    return crypto_pwhash_str(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE);
}

struct user_ctx {
    const char *id, *name, *role, *hash;
    bool flag;
    const char *action;
    const struct yj_actor *who;
};

/* Transaction body: insert a user. */
static int
add_body(struct yj_store *s, void *vctx)
{
    struct user_ctx *x = vctx;
    sqlite3_stmt *st;
    int rc = yj_store_prep(s, &st, "SELECT 1 FROM users WHERE id = ?", "t", x->id);
    if (rc != SQLITE_OK)
        return rc;
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc == SQLITE_ROW) {
        yj_store_set_err(s, _("用户 %s 已存在。"), x->id);
        return TX_APPERR;
    }
    char now[21];
    yj_now_iso(now);
    rc = yj_store_run(s, "INSERT INTO users(id, name, role, pwhash, created_at) VALUES (?,?,?,?,?)",
                      "ttttt", x->id, x->name, x->role, x->hash, now);
    if (rc == SQLITE_OK) {
        char *detail = xasprintf("%s %s", x->id, x->role);
        rc = yj_store_audit_row(s, x->who, "user_add", NULL, detail);
        free(detail);
    }
    return rc;
}

int
yj_user_add(struct yj_store *s, const char *id, const char *name, const char *role,
            const char *password, const struct yj_actor *who)
{
    char msg[256];
    if (!yj_user_id_valid(id)) {
        yj_store_set_err(s, _("用户名 %s 不对：应为 1 到 32 个英文字母、数字或 _ . -。"),
                         id ? id : "");
        return -1;
    }
    if (role == NULL || (strcmp(role, YJ_ROLE_CLERK) != 0 && strcmp(role, YJ_ROLE_ADMIN) != 0 &&
                         strcmp(role, YJ_ROLE_HELPER) != 0)) {
        yj_store_set_err(s, _("角色 %s 不存在（应为 clerk、admin 或 helper）。"), role ? role : "");
        return -1;
    }
    if (yj_str_empty(name) || !yj_utf8_check(name, strlen(name), false)) {
        yj_store_set_err(s, "%s", _("请填写用户的姓名。"));
        return -1;
    }
    if (!yj_password_acceptable_for(role, password, msg, sizeof msg)) {
        yj_store_set_err(s, "%s", msg);
        return -1;
    }
    char hash[crypto_pwhash_STRBYTES];
    if (hash_password(password, hash) != 0) {
        yj_store_set_err(s, "%s", _("内存不足，无法计算密码散列。"));
        return -1;
    }
    struct user_ctx x = {.id = id, .name = name, .role = role, .hash = hash, .who = who};
    int rc = yj_store_tx(s, add_body, &x);
    sodium_memzero(hash, sizeof hash);
    return rc;
}

/* Transaction body: update one user (x->action says what). */
static int
update_body(struct yj_store *s, void *vctx)
{
    struct user_ctx *x = vctx;
    int rc;
    if (strcmp(x->action, "user_passwd") == 0)
        rc = yj_store_run(s,
                          "UPDATE users SET pwhash = ?, failed_attempts = 0, locked_until = 0"
                          " WHERE id = ?",
                          "tt", x->hash, x->id);
    else if (strcmp(x->action, "user_unlock") == 0)
        rc = yj_store_run(s, "UPDATE users SET failed_attempts = 0, locked_until = 0 WHERE id = ?",
                          "t", x->id);
    else
        rc = yj_store_run(s, "UPDATE users SET disabled = ? WHERE id = ?", "it", (long long)x->flag,
                          x->id);
    if (rc != SQLITE_OK)
        return rc;
    if (sqlite3_changes(s->db) == 0) {
        yj_store_set_err(s, _("没有用户 %s。"), x->id);
        return TX_NOTFOUND;
    }
    return yj_store_audit_row(s, x->who, x->action, NULL, x->id);
}

int
yj_user_passwd(struct yj_store *s, const char *id, const char *password, const struct yj_actor *who)
{
    char msg[256];
    struct yj_user u;
    int got = yj_user_get(s, id, &u);
    if (got != 0)
        return got;
    bool ok = yj_password_acceptable_for(u.role, password, msg, sizeof msg);
    yj_user_free(&u);
    if (!ok) {
        yj_store_set_err(s, "%s", msg);
        return -1;
    }
    char hash[crypto_pwhash_STRBYTES];
    if (hash_password(password, hash) != 0) {
        yj_store_set_err(s, "%s", _("内存不足，无法计算密码散列。"));
        return -1;
    }
    struct user_ctx x = {.id = id, .hash = hash, .action = "user_passwd", .who = who};
    int rc = yj_store_tx(s, update_body, &x);
    sodium_memzero(hash, sizeof hash);
    return rc;
}

int
yj_user_set_disabled(struct yj_store *s, const char *id, bool disabled, const struct yj_actor *who)
{
    struct user_ctx x = {.id = id,
                         .flag = disabled,
                         .action = disabled ? "user_disable" : "user_enable",
                         .who = who};
    return yj_store_tx(s, update_body, &x);
}

int
yj_user_unlock(struct yj_store *s, const char *id, const struct yj_actor *who)
{
    struct user_ctx x = {.id = id, .action = "user_unlock", .who = who};
    return yj_store_tx(s, update_body, &x);
}

#define USER_COLS "id, name, role, disabled, failed_attempts, locked_until, created_at"

/* Fill u from a row selected with USER_COLS. */
static void
user_from_row(sqlite3_stmt *st, struct yj_user *u)
{
    u->id = yj_store_col_str(st, 0);
    u->name = yj_store_col_str(st, 1);
    u->role = yj_store_col_str(st, 2);
    u->disabled = sqlite3_column_int(st, 3) != 0;
    u->failed_attempts = sqlite3_column_int(st, 4);
    u->locked_until = sqlite3_column_int64(st, 5);
    u->created_at = yj_store_col_str(st, 6);
}

int
yj_user_get(struct yj_store *s, const char *id, struct yj_user *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st;
    int rc = yj_store_prep(s, &st, "SELECT " USER_COLS " FROM users WHERE id = ?", "t", id);
    if (rc != SQLITE_OK) {
        yj_store_set_sqlerr(s, rc, sqlite3_errmsg(s->db));
        return -1;
    }
    rc = sqlite3_step(st);
    int result = 0;
    if (rc == SQLITE_ROW) {
        user_from_row(st, out);
    } else if (rc == SQLITE_DONE) {
        yj_store_set_err(s, _("没有用户 %s。"), id ? id : "");
        result = YJ_STORE_NOTFOUND;
    } else {
        yj_store_set_sqlerr(s, rc, sqlite3_errmsg(s->db));
        result = -1;
    }
    sqlite3_finalize(st);
    return result;
}

struct user_rows {
    struct yj_user *v;
    size_t n;
};

/* One user row into the list. */
static void
user_row(sqlite3_stmt *st, void *vctx)
{
    struct user_rows *l = vctx;
    l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
    struct yj_user *u = &l->v[l->n++];
    memset(u, 0, sizeof *u);
    user_from_row(st, u);
}

int
yj_user_list(struct yj_store *s, struct yj_user **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    struct user_rows l = {NULL, 0};
    if (yj_store_select(s, user_row, &l, "SELECT " USER_COLS " FROM users ORDER BY id", "") != 0) {
        yj_user_list_free(l.v, l.n);
        return -1;
    }
    *out = l.v;
    *n = l.n;
    return 0;
}

void
yj_user_free(struct yj_user *u)
{
    if (u == NULL)
        return;
    free(u->id);
    free(u->name);
    free(u->role);
    free(u->created_at);
    memset(u, 0, sizeof *u);
}

void
yj_user_list_free(struct yj_user *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        yj_user_free(&v[i]);
    free(v);
}

long
yj_signin_delay(int failures)
{
    if (failures <= 0)
        return 0;
    if (failures > 6)
        return MAX_DELAY_S;
    long d = 1L << (failures - 1);
    return d > MAX_DELAY_S ? MAX_DELAY_S : d;
}

void
yj_signin_message(enum yj_signin st, long wait_s, char *msg, size_t msgsz)
{
    switch (st) {
    case YJ_SIGNIN_OK:
        snprintf(msg, msgsz, "%s", _("登录成功。"));
        break;
    case YJ_SIGNIN_BAD:
        snprintf(msg, msgsz, _("工号或密码错误，请 %ld 秒后重试。"), wait_s);
        break;
    case YJ_SIGNIN_THROTTLED:
        snprintf(msg, msgsz, _("尝试过于频繁，请 %ld 秒后重试。"), wait_s);
        break;
    case YJ_SIGNIN_LOCKED:
        snprintf(msg, msgsz, _("密码错误次数过多，账号已锁定，请 %ld 分钟后重试或请管理员解锁。"),
                 (wait_s + 59) / 60);
        break;
    case YJ_SIGNIN_DISABLED:
        snprintf(msg, msgsz, "%s", _("该账号已停用，请联系管理员。"));
        break;
    case YJ_SIGNIN_ERROR:
        snprintf(msg, msgsz, "%s", _("登录时数据库出错。"));
        break;
    }
}

/* What sign-in reads about a user. */
struct signin_row {
    bool found;
    char *hash;
    bool disabled;
    int failures;
    long long locked_until;
};

/* Read the user's row (inside or outside a transaction). SQLite code. */
static int
signin_read(struct yj_store *s, const char *id, struct signin_row *r)
{
    memset(r, 0, sizeof *r);
    sqlite3_stmt *st;
    int rc = yj_store_prep(s, &st,
                           "SELECT pwhash, disabled, failed_attempts, locked_until FROM users"
                           " WHERE id = ?",
                           "t", id);
    if (rc != SQLITE_OK)
        return rc;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        r->found = true;
        r->hash = yj_store_col_str(st, 0);
        r->disabled = sqlite3_column_int(st, 1) != 0;
        r->failures = sqlite3_column_int(st, 2);
        r->locked_until = sqlite3_column_int64(st, 3);
        rc = SQLITE_OK;
    } else if (rc == SQLITE_DONE) {
        rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    return rc;
}

/* Free what signin_read filled. */
static void
signin_row_free(struct signin_row *r)
{
    free(r->hash);
    memset(r, 0, sizeof *r);
}

/* counter.max_attempts (at least 1). */
static long
signin_max_attempts(void)
{
    long m = yj_config_get_long("counter.max_attempts", 5);
    return m < 1 ? 1 : m;
}

/* Is the attempt refused before any password check (disabled, throttled or
 * locked)? Sets *st and *wait_s when it is. */
static bool
signin_refused(const struct signin_row *r, long long now, enum yj_signin *st, long *wait_s)
{
    if (!r->found)
        return false;
    if (r->disabled) {
        *st = YJ_SIGNIN_DISABLED;
        *wait_s = 0;
        return true;
    }
    if (now < r->locked_until) {
        *wait_s = (long)(r->locked_until - now);
        *st = r->failures >= signin_max_attempts() ? YJ_SIGNIN_LOCKED : YJ_SIGNIN_THROTTLED;
        return true;
    }
    return false;
}

struct signin_ctx {
    const char *id;
    long long now;
    /* what was checked outside the transaction */
    bool pre_found;
    const char *checked_hash; /* the hash the password was verified against, or NULL */
    bool ok;                  /* the password matched checked_hash */
    const char *rehash;       /* a fresh hash when the stored parameters are outdated */
    /* the outcome */
    enum yj_signin st;
    long wait_s;
    bool retry; /* the row changed since the check: check again */
};

/* Audit a sign-in outcome (inside the transaction). */
static int
signin_audit(struct yj_store *s, const char *id, const char *action, const char *detail)
{
    struct yj_actor who = {"clerk", id};
    return yj_store_audit_row(s, &who, action, NULL, detail);
}

/* Transaction body: record the outcome of a password checked outside, judged
 * against the row as it is now (a failure committed meanwhile by another
 * attempt throttles this one; counts are read and written here, so
 * concurrent attempts are all counted). Short: no hashing in here. */
static int
signin_body(struct yj_store *s, void *vctx)
{
    struct signin_ctx *x = vctx;
    struct signin_row r;
    x->wait_s = 0;
    x->retry = false;
    int rc = signin_read(s, x->id, &r);
    if (rc != SQLITE_OK)
        return rc;
    if (!r.found) {
        /* Unknown user (or removed since): the same answer as a wrong password. */
        x->st = YJ_SIGNIN_BAD;
        x->wait_s = yj_signin_delay(1);
        return signin_audit(s, x->id, "signin_failed", "unknown user");
    }
    if (signin_refused(&r, x->now, &x->st, &x->wait_s)) {
        signin_row_free(&r);
        return signin_audit(s, x->id, "signin_refused",
                            x->st == YJ_SIGNIN_DISABLED ? "disabled"
                            : x->st == YJ_SIGNIN_LOCKED ? "locked"
                                                        : "too soon");
    }
    /* Not refused now, but the check was made on another state of the row
     * (added, unlocked or given a new password meanwhile): check again. */
    if (!x->pre_found || x->checked_hash == NULL || r.hash == NULL ||
        strcmp(r.hash, x->checked_hash) != 0) {
        signin_row_free(&r);
        x->retry = true;
        return SQLITE_OK;
    }
    if (x->ok) {
        signin_row_free(&r);
        rc = yj_store_run(s,
                          "UPDATE users SET failed_attempts = 0, locked_until = 0,"
                          " pwhash = coalesce(?, pwhash) WHERE id = ?",
                          "tt", x->rehash, x->id);
        x->st = YJ_SIGNIN_OK;
        return rc == SQLITE_OK ? signin_audit(s, x->id, "signin", NULL) : rc;
    }
    int failures = r.failures + 1;
    signin_row_free(&r);
    if (failures >= signin_max_attempts()) {
        x->st = YJ_SIGNIN_LOCKED;
        x->wait_s = yj_config_get_long("counter.lock_minutes", 15) * 60;
    } else {
        x->st = YJ_SIGNIN_BAD;
        x->wait_s = yj_signin_delay(failures);
    }
    rc = yj_store_run(s, "UPDATE users SET failed_attempts = ?, locked_until = ? WHERE id = ?",
                      "iit", (long long)failures, x->now + x->wait_s, x->id);
    if (rc != SQLITE_OK)
        return rc;
    char detail[64];
    snprintf(detail, sizeof detail, "failure %d", failures);
    rc = signin_audit(s, x->id, "signin_failed", detail);
    if (rc == SQLITE_OK && x->st == YJ_SIGNIN_LOCKED)
        rc = signin_audit(s, x->id, "signin_locked", detail);
    return rc;
}

/* Check password against the row read outside any transaction (argon2 takes
 * about 0.1 s and must not hold the database lock); fills x. */
static void
signin_check(const struct signin_row *r, const char *password, struct signin_ctx *x,
             char fresh[crypto_pwhash_STRBYTES])
{
    enum yj_signin st;
    long wait_s;
    x->pre_found = r->found;
    x->checked_hash = NULL;
    x->ok = false;
    x->rehash = NULL;
    if (!r->found) {
        /* Unknown user: one verify against a fixed hash made with the same
         * parameters, so it costs what a wrong password costs (one argon2
         * run, not a hash and a verify). */
        static const char dummy[crypto_pwhash_STRBYTES] =
            "$argon2id$v=19$m=65536,t=2,p=1$cGYLVO3mpbWBUNL9b1FcQA$"
            "IM1Ycd9TNLBskYKkRJaCeYSTLI5xyMUO5f6qmIYb+uM";
        int never = crypto_pwhash_str_verify(dummy, password, strlen(password));
        (void)never; /* "yijian-no-such-user" is not a valid password */
        return;
    }
    if (signin_refused(r, x->now, &st, &wait_s) || r->hash == NULL)
        return; /* refused attempts are not checked; the transaction says so */
    x->checked_hash = r->hash;
    x->ok = crypto_pwhash_str_verify(r->hash, password, strlen(password)) == 0;
    if (x->ok &&
        crypto_pwhash_str_needs_rehash(r->hash, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                       crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0 &&
        hash_password(password, fresh) == 0)
        x->rehash = fresh;
}

enum yj_signin
yj_user_signin(struct yj_store *s, const char *id, const char *password, long long now,
               long *wait_s, struct yj_user *out)
{
    if (wait_s)
        *wait_s = 0;
    if (out)
        memset(out, 0, sizeof *out);
    if (password == NULL)
        password = "";
    if (yj_users_init() != 0) {
        yj_store_set_err(s, "%s", _("密码库无法初始化。"));
        return YJ_SIGNIN_ERROR;
    }
    /* Ids outside the allowed set never match a row; keep them out of the log. */
    const char *logged = yj_user_id_valid(id) ? id : "?";
    struct signin_ctx x = {.id = logged, .now = now};
    char fresh[crypto_pwhash_STRBYTES];
    int rc = 0;
    /* Read and check outside, record inside; again if the row changed between. */
    for (int attempt = 0; attempt < 4; attempt++) {
        struct signin_row r;
        rc = signin_read(s, logged, &r);
        if (rc != SQLITE_OK) {
            yj_store_set_sqlerr(s, rc, sqlite3_errmsg(s->db));
            return YJ_SIGNIN_ERROR;
        }
        signin_check(&r, password, &x, fresh);
        rc = yj_store_tx(s, signin_body, &x);
        signin_row_free(&r);
        sodium_memzero(fresh, sizeof fresh);
        if (rc != 0 || !x.retry)
            break;
    }
    if (rc != 0)
        return YJ_SIGNIN_ERROR;
    if (x.retry) {
        yj_store_set_err(s, "%s", _("账号信息正在变更，请重新登录。"));
        return YJ_SIGNIN_ERROR;
    }
    if (wait_s)
        *wait_s = x.wait_s;
    if (x.st == YJ_SIGNIN_OK && out && yj_user_get(s, id, out) != 0)
        return YJ_SIGNIN_ERROR;
    return x.st;
}
