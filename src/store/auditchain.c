/* auditchain.c: the audit log as a BLAKE2b hash chain (auditchain.h). */
#include "store/auditchain.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/util.h"
#include "store/store_int.h"

#define HLEN 32
#define KV_HEAD_SENT "audit.head_sent"
#define FILL_CHUNK 1024

/* The hashed fields of a row, in order: at, actor_kind, actor_id, action,
 * case_no, detail (NULL pointers are NULL fields). */
struct fields {
    const unsigned char *v[6];
    int n[6];
};

/* hash = BLAKE2b-256(prev || each field as 0x00, or 0x01 + u32be len + bytes). */
static void
row_hash(const unsigned char prev[HLEN], const struct fields *f, unsigned char out[HLEN])
{
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, HLEN);
    crypto_generichash_update(&st, prev, HLEN);
    for (int i = 0; i < 6; i++) {
        unsigned char tag[5] = {0};
        if (f->v[i] == NULL) {
            crypto_generichash_update(&st, tag, 1);
            continue;
        }
        uint32_t n = (uint32_t)f->n[i];
        tag[0] = 1;
        tag[1] = (unsigned char)(n >> 24);
        tag[2] = (unsigned char)(n >> 16);
        tag[3] = (unsigned char)(n >> 8);
        tag[4] = (unsigned char)n;
        crypto_generichash_update(&st, tag, 5);
        crypto_generichash_update(&st, f->v[i], n);
    }
    crypto_generichash_final(&st, out, HLEN);
}

/* The six fields from columns first..first+5 of st. */
static void
fields_from(sqlite3_stmt *st, int first, struct fields *f)
{
    for (int i = 0; i < 6; i++) {
        if (sqlite3_column_type(st, first + i) == SQLITE_NULL) {
            f->v[i] = NULL;
            f->n[i] = 0;
        } else {
            f->v[i] = sqlite3_column_text(st, first + i);
            f->n[i] = sqlite3_column_bytes(st, first + i);
        }
    }
}

/* A text field (NULL stays NULL). */
static void
field_set(struct fields *f, int i, const char *s)
{
    f->v[i] = (const unsigned char *)s;
    f->n[i] = s ? (int)strlen(s) : 0;
}

/* The last row's hash into prev (zeros when there is none). */
static int
last_hash(sqlite3 *db, unsigned char prev[HLEN])
{
    sqlite3_stmt *st;
    memset(prev, 0, HLEN);
    int rc =
        sqlite3_prepare_v2(db, "SELECT hash FROM audit ORDER BY id DESC LIMIT 1", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return rc;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && sqlite3_column_bytes(st, 0) == HLEN)
        memcpy(prev, sqlite3_column_blob(st, 0), HLEN);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int
yj_store_audit_append(struct yj_store *s, const char *at, const char *kind, const char *id,
                      const char *action, const char *case_no, const char *detail)
{
    unsigned char prev[HLEN], h[HLEN];
    int rc = last_hash(s->db, prev);
    if (rc != SQLITE_OK)
        return rc;
    struct fields f;
    const char *v[6] = {at, kind, id, action, case_no, detail};
    for (int i = 0; i < 6; i++)
        field_set(&f, i, v[i]);
    row_hash(prev, &f, h);
    sqlite3_stmt *st;
    rc = sqlite3_prepare_v2(s->db,
                            "INSERT INTO audit(at, actor_kind, actor_id, action, case_no, detail,"
                            " prev_hash, hash) VALUES (?,?,?,?,?,?,?,?)",
                            -1, &st, NULL);
    if (rc != SQLITE_OK)
        return rc;
    for (int i = 0; i < 6 && rc == SQLITE_OK; i++)
        rc = v[i] ? sqlite3_bind_text(st, i + 1, v[i], -1, SQLITE_TRANSIENT)
                  : sqlite3_bind_null(st, i + 1);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_blob(st, 7, prev, HLEN, SQLITE_TRANSIENT);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_blob(st, 8, h, HLEN, SQLITE_TRANSIENT);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_DONE)
            rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    return rc;
}

/* One row read for chaining. */
struct fill_row {
    long long id;
    char *v[6];
};

/* Chain rows of an older database in id order (migration 4; the update
 * trigger is dropped around it). SQL: SELECT yj_audit_chain_fill(). */
static void
fill_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    unsigned char prev[HLEN] = {0}, h[HLEN];
    long long after = 0, total = 0;
    struct fill_row *rows = xcalloc(FILL_CHUNK, sizeof *rows);
    sqlite3_stmt *sel = NULL, *upd = NULL;
    int rc = sqlite3_prepare_v2(db,
                                "SELECT id, at, actor_kind, actor_id, action, case_no, detail"
                                " FROM audit WHERE id > ? ORDER BY id LIMIT ?",
                                -1, &sel, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db, "UPDATE audit SET prev_hash = ?, hash = ? WHERE id = ?", -1,
                                &upd, NULL);
    while (rc == SQLITE_OK) {
        size_t n = 0;
        sqlite3_bind_int64(sel, 1, after);
        sqlite3_bind_int(sel, 2, FILL_CHUNK);
        while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
            rows[n].id = sqlite3_column_int64(sel, 0);
            for (int i = 0; i < 6; i++) {
                const unsigned char *t = sqlite3_column_text(sel, 1 + i);
                rows[n].v[i] = t ? xstrdup((const char *)t) : NULL;
            }
            n++;
        }
        sqlite3_reset(sel);
        if (rc == SQLITE_DONE)
            rc = SQLITE_OK;
        for (size_t k = 0; k < n; k++) {
            struct fields f;
            for (int i = 0; i < 6; i++)
                field_set(&f, i, rows[k].v[i]);
            row_hash(prev, &f, h);
            if (rc == SQLITE_OK) {
                sqlite3_bind_blob(upd, 1, prev, HLEN, SQLITE_TRANSIENT);
                sqlite3_bind_blob(upd, 2, h, HLEN, SQLITE_TRANSIENT);
                sqlite3_bind_int64(upd, 3, rows[k].id);
                rc = sqlite3_step(upd);
                rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
                sqlite3_reset(upd);
            }
            memcpy(prev, h, HLEN);
            after = rows[k].id;
            for (int i = 0; i < 6; i++)
                free(rows[k].v[i]);
        }
        total += (long long)n;
        if (n < FILL_CHUNK)
            break;
    }
    sqlite3_finalize(sel);
    sqlite3_finalize(upd);
    free(rows);
    if (rc != SQLITE_OK)
        sqlite3_result_error_code(ctx, rc);
    else
        sqlite3_result_int64(ctx, total);
}

int
yj_store_auditchain_register(struct yj_store *s)
{
    if (sodium_init() < 0)
        abort();
    return sqlite3_create_function(s->db, "yj_audit_chain_fill", 0, SQLITE_UTF8, NULL, fill_fn,
                                   NULL, NULL);
}

int
yj_store_audit_head(struct yj_store *s, long long *id, char hex[65])
{
    sqlite3_stmt *st;
    *id = 0;
    hex[0] = '\0';
    int rc = sqlite3_prepare_v2(s->db, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1", -1,
                                &st, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            *id = sqlite3_column_int64(st, 0);
            if (sqlite3_column_bytes(st, 1) == HLEN)
                sodium_bin2hex(hex, 65, sqlite3_column_blob(st, 1), HLEN);
        }
        sqlite3_finalize(st);
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        yj_store_set_sqlerr(s, rc, sqlite3_errmsg(s->db));
        return -1;
    }
    return 0;
}

int
yj_store_audit_head_sent(struct yj_store *s, long long id, const char *hex)
{
    char *v = xasprintf("%lld:%s", id, hex ? hex : "");
    int rc = yj_store_kv_write(s, KV_HEAD_SENT, v);
    free(v);
    if (rc != SQLITE_OK) {
        yj_store_set_sqlerr(s, rc, sqlite3_errmsg(s->db));
        return -1;
    }
    return 0;
}

/* The row id whose hash is h and comes after id (0: none). */
static long long
later_row_with_hash(sqlite3 *db, const void *h, long long id)
{
    sqlite3_stmt *st;
    long long found = 0;
    if (sqlite3_prepare_v2(db, "SELECT id FROM audit WHERE hash = ? AND id > ? LIMIT 1", -1, &st,
                           NULL) != SQLITE_OK)
        return 0;
    sqlite3_bind_blob(st, 1, h, HLEN, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, id);
    if (sqlite3_step(st) == SQLITE_ROW)
        found = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return found;
}

/* The head last sent upstream still there, with that hash? */
static int
check_sent(struct yj_store *s, struct yj_audit_check *out)
{
    char *v = NULL;
    int rc = yj_store_kv_read(s, KV_HEAD_SENT, &v);
    if (rc != SQLITE_OK || v == NULL)
        return rc;
    long long id = 0;
    char hex[65] = "";
    if (sscanf(v, "%lld:%64s", &id, hex) == 2 && id > 0) {
        sqlite3_stmt *st;
        rc = sqlite3_prepare_v2(s->db, "SELECT hash FROM audit WHERE id = ?", -1, &st, NULL);
        if (rc == SQLITE_OK) {
            sqlite3_bind_int64(st, 1, id);
            char have[65] = "";
            int step = sqlite3_step(st);
            if (step == SQLITE_ROW && sqlite3_column_bytes(st, 0) == HLEN)
                sodium_bin2hex(have, sizeof have, sqlite3_column_blob(st, 0), HLEN);
            sqlite3_finalize(st);
            if (strcmp(have, hex) != 0) {
                out->problem = YJ_AUDIT_TRUNCATED;
                out->bad_id = id;
            }
        }
    }
    free(v);
    return rc;
}

int
yj_store_audit_verify(struct yj_store *s, struct yj_audit_check *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(s->db,
                                "SELECT id, at, actor_kind, actor_id, action, case_no, detail,"
                                " prev_hash, hash FROM audit ORDER BY id",
                                -1, &st, NULL);
    unsigned char expect[HLEN] = {0}, h[HLEN], bad_prev[HLEN];
    long long previd = 0;
    bool broken = false, relink = false;
    while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        rc = SQLITE_OK;
        long long id = sqlite3_column_int64(st, 0);
        out->rows++;
        out->head_id = id;
        const void *hp = sqlite3_column_blob(st, 8);
        bool hashed = sqlite3_column_bytes(st, 7) == HLEN && sqlite3_column_bytes(st, 8) == HLEN;
        if (hashed)
            sodium_bin2hex(out->head_hash, sizeof out->head_hash, hp, HLEN);
        else
            out->head_hash[0] = '\0';
        if (broken)
            continue;
        if (!hashed) {
            out->problem = YJ_AUDIT_UNCHAINED;
            out->bad_id = id;
            broken = true;
            continue;
        }
        const unsigned char *prev = sqlite3_column_blob(st, 7);
        struct fields f;
        fields_from(st, 1, &f);
        row_hash(prev, &f, h);
        if (sodium_memcmp(h, hp, HLEN) != 0) {
            out->problem = YJ_AUDIT_CHANGED;
            out->bad_id = id;
            broken = true;
        } else if (sodium_memcmp(prev, expect, HLEN) != 0) {
            out->bad_id = id;
            out->before_id = previd;
            memcpy(bad_prev, prev, HLEN);
            broken = relink = true;
        }
        memcpy(expect, hp, HLEN);
        previd = id;
    }
    if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
    sqlite3_finalize(st);
    if (rc == SQLITE_OK && relink)
        out->problem = later_row_with_hash(s->db, bad_prev, out->bad_id) != 0 ? YJ_AUDIT_REORDERED
                                                                              : YJ_AUDIT_DELETED;
    if (rc == SQLITE_OK && !broken)
        rc = check_sent(s, out);
    if (rc != SQLITE_OK) {
        yj_store_set_sqlerr(s, rc, sqlite3_errmsg(s->db));
        return -1;
    }
    return 0;
}
