/* auditchain.h: the audit log as a hash chain (tamper evidence).
 *
 * Every audit row carries prev_hash, the hash of the row before it (32 zero
 * bytes for the first), and hash = BLAKE2b-256(prev_hash || at || actor_kind
 * || actor_id || action || case_no || detail), each field written as 0x00
 * (NULL) or 0x01, its length (4 bytes, big-endian) and its bytes. The row id
 * is not hashed: the order is what prev_hash says. Migration 4 chains the rows
 * an older database holds. Someone who can write the file can still rebuild
 * the whole chain; the chain's head goes upstream with each sync
 * (X-Yijian-Audit-Head, docs/SYNC.md), so a rewritten history disagrees with
 * what the platform holds, and the last head sent is kept to notice rows cut
 * off the end.
 */
#ifndef YJ_AUDITCHAIN_H
#define YJ_AUDITCHAIN_H

#include <stdbool.h>

struct yj_store;

enum yj_audit_problem {
    YJ_AUDIT_OK = 0,
    YJ_AUDIT_CHANGED,   /* the row's content (or its hashes) no longer match */
    YJ_AUDIT_DELETED,   /* rows are missing before bad_id (after before_id) */
    YJ_AUDIT_REORDERED, /* bad_id follows a row that came after it */
    YJ_AUDIT_TRUNCATED, /* the head last sent upstream (bad_id) is gone or changed */
    YJ_AUDIT_UNCHAINED, /* a row without hashes (written around the program) */
};

struct yj_audit_check {
    long long rows;
    long long head_id; /* 0: no rows */
    char head_hash[65];
    enum yj_audit_problem problem;
    long long bad_id;    /* the first bad row */
    long long before_id; /* DELETED: the last good row before the gap (0: the start) */
};

/* Walk the chain in id order and name the first bad row. 0 (out->problem says
 * whether it holds), or -1 with the store's message (a database error). */
int yj_store_audit_verify(struct yj_store *s, struct yj_audit_check *out);
/* The chain's head: the last row's id and hash (hex). id 0 and "" when the log
 * is empty. 0 or -1 with the store's message. */
int yj_store_audit_head(struct yj_store *s, long long *id, char hex[65]);
/* Remember the head a sync sent upstream (checked by verify). 0 or -1. */
int yj_store_audit_head_sent(struct yj_store *s, long long id, const char *hex);

/* Store internals: register the SQL function yj_audit_chain_fill() used by
 * migration 4 on the store's connection; append one chained row (inside a
 * transaction). SQLite result codes. */
int yj_store_auditchain_register(struct yj_store *s);
int yj_store_audit_append(struct yj_store *s, const char *at, const char *kind, const char *id,
                          const char *action, const char *case_no, const char *detail);

#endif
