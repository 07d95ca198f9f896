/* sync_int.h: what the files of src/sync share (not for other modules). */
#ifndef YJ_SYNC_INT_H
#define YJ_SYNC_INT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/util.h"
#include "sync/sync.h"

/* One HTTP exchange. */
struct yj_http_resp {
    bool ok; /* an HTTP answer arrived (any status) */
    long status;
    long retry_after; /* seconds, -1 when absent */
    char ctype[128];
    struct yj_buf body;
    char err[256];  /* transport error when !ok */
    int curl_code;  /* CURLcode of the transfer (0 = CURLE_OK) */
    long long date; /* the answer's Date header (seconds since the epoch), 0 when absent */
};

struct yj_http;

struct yj_http *yj_http_new(const struct yj_sync_opts *o, char *err, size_t errsz);
void yj_http_free(struct yj_http **h);
/* The audit chain's head ("ID:HEX", store/auditchain.h) sent as
 * X-Yijian-Audit-Head with every request from now on (NULL: none). */
void yj_http_set_audit_head(struct yj_http *h, const char *value);
/* method "GET" or "POST"; path relative to the base URL ("/v1/cases");
 * idem_key may be NULL. Fills r (free r->body with yj_buf_free). */
void yj_http_request(struct yj_http *h, const char *method, const char *path, const char *body,
                     size_t bodylen, const char *idem_key, struct yj_http_resp *r);

/* Classify one JSON object (a whole answer, or one item of a batch answer). */
enum yj_sync_verdict yj_sync_classify_json(long status, json_t *obj, const char *raw,
                                           const char *uuid, int revision, bool *replayed,
                                           char *why, size_t whysz);

struct yj_sync {
    struct yj_store *store;
    const struct yj_sync_opts *o;
    struct yj_http *http;
    bool batch_unsupported; /* the upstream answered 404/405 to :batch */
    long overloads;         /* overload answers in a row in this pass (429, 502-504) */
    long long *tried;       /* rows that failed in this pass: not sent again in it */
    size_t ntried;
};

/* Who sync is in the audit log: actor "sync", the terminal id. */
#define YJ_SYNC_ACTOR(s) ((struct yj_actor){"sync", (s)->o->terminal})

#endif
