/* sync.h: sending queued cases upstream exactly once, and pulling results back.
 *
 * The outbox (owned by src/store: sync speaks no SQL) holds one row per case
 * revision. A pass reads the due rows (yj_store_outbox_due), POSTs them (one case
 * per request, or batches with keep-alive), and records the answers in one store
 * transaction (yj_store_outbox_mark): acked, held for a clerk (4xx with the
 * server's reason), or pending again with a backoff. Results pulled back go
 * through yj_store_sync_updates, a page and its cursor at a time. No row
 * is ever marked before the server's answer is known, so a crash at any moment
 * leads at worst to a resend that the server deduplicates by Idempotency-Key.
 * The protocol is documented in docs/SYNC.md.
 */
#ifndef YJ_SYNC_H
#define YJ_SYNC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct yj_store;

/* Settings, from the config file (sync.*) and the command line. */
struct yj_sync_opts {
    char *base_url;          /* sync.base_url (or --upstream) */
    long timeout_ms;         /* sync.timeout_ms: whole request */
    long connect_timeout_ms; /* sync.connect_timeout_ms */
    long interval_s;         /* sync.interval_s: daemon pause between passes */
    long batch_size;         /* sync.batch_size: 1 = one case per POST /v1/cases */
    long backoff_base_ms;    /* sync.backoff_base_ms: first retry window */
    long backoff_max_s;      /* sync.backoff_max_s: cap of the retry window */
    bool keepalive;          /* sync.keepalive (default yes): reuse the connection */
    char *ca_file;           /* sync.ca_file: extra trust anchors, or NULL */
    char *pinned_pubkey;     /* sync.pinned_pubkey: "sha256//BASE64[;sha256//...]", or NULL */
    char *client_cert;       /* sync.client_cert: mutual TLS, PEM */
    char *client_key;        /* sync.client_key */
    char *key_file;          /* sync.key_file: HMAC key (hex or raw), owner-only */
    char *terminal;          /* terminal id sent with signatures */
};

/* Fill opts from the configuration; base_override (from --upstream) wins over
 * sync.base_url. Returns 0, or -1 with a message in err (bad URL, plain http to
 * a non-loopback host, unreadable or group/world-readable key file...). */
int yj_sync_opts_load(struct yj_sync_opts *o, const char *base_override, char *err, size_t errsz);
void yj_sync_opts_free(struct yj_sync_opts *o);

/* Figures of one or more passes. */
struct yj_sync_stats {
    long requests;      /* HTTP requests made (cases and updates) */
    long sent;          /* case revisions sent (attempts, batch items included) */
    long acked;         /* acknowledged by upstream (201 or 200 with the uuid) */
    long replayed;      /* of those, 200 "already had it" */
    long retry;         /* to be retried later */
    long held;          /* held for a clerk (4xx) */
    long updates;       /* updates applied (changed an item) */
    long updates_seen;  /* updates received */
    bool upstream_down; /* the last push stopped: no answer, 3 overloads, 401/403... */
    long retry_after;   /* seconds the upstream asked to wait (-1 = none) */
};

/* The sync session: one curl handle reused across requests (keep-alive). */
struct yj_sync;

struct yj_sync *yj_sync_new(struct yj_store *store, const struct yj_sync_opts *o, char *err,
                            size_t errsz);
void yj_sync_free(struct yj_sync **s);
/* Send every due outbox row (bounded by max_rows, 0 = all due). Returns 0, or -1
 * on a local (database) error with the message in err. */
int yj_sync_push(struct yj_sync *s, long max_rows, struct yj_sync_stats *st, char *err,
                 size_t errsz);
/* Pull updates until the feed says there are no more (bounded). Returns 0, 1 when
 * the upstream could not be reached or answered badly (cursor unchanged), or -1
 * on a local error. */
int yj_sync_pull(struct yj_sync *s, struct yj_sync_stats *st, char *err, size_t errsz);

/* Counts for `yijian sync status` and the kiosk's home screen (the store's
 * yj_store_outbox_summary now). The sync state of one case, releasing held rows
 * and the next due time are the store's: yj_store_sync_state,
 * yj_store_outbox_release, yj_store_outbox_next_due (store/store.h). */
struct yj_sync_summary {
    long pending, due, held, acked;
    long oldest_pending_at; /* created_at of the oldest pending row, 0 if none */
    long next_attempt_at;   /* soonest next_attempt_at among pending, 0 if none */
    char cursor[128];       /* the updates cursor ("" = from the start) */
    char last_ok_at[32];    /* last time upstream answered, ISO 8601, or "" */
};
int yj_sync_summary(struct yj_store *store, struct yj_sync_summary *sum);

/* ---- policy, exposed for the unit tests ------------------------------------ */

enum yj_sync_verdict {
    YJ_SYNC_ACK,   /* stored (201) or already stored (200), body names the case */
    YJ_SYNC_RETRY, /* transient: try again later with backoff */
    YJ_SYNC_HOLD,  /* refused for this case: a clerk must look */
    YJ_SYNC_STOP,  /* refused for the terminal (401/403): retry later, stop the pass */
};

/* Classify an answer to POST /v1/cases. curl_ok false = no HTTP answer at all
 * (refused, reset, timeout). body may be NULL. why gets a short reason for the
 * outbox row (the server's own reason for a hold). */
enum yj_sync_verdict yj_sync_classify(bool curl_ok, long status, const char *content_type,
                                      const char *body, const char *uuid, int revision,
                                      bool *replayed, char *why, size_t whysz);

/* Seconds to wait before attempt number `attempts` (1 = first retry): full
 * jitter over min(cap, base * 2^(attempts-1)), never less than retry_after
 * (seconds, -1 = none). rnd is a uniform random number in [0,1). Always >= 1. */
long yj_sync_backoff(long attempts, long base_ms, long cap_s, long retry_after, double rnd);

/* A failed request is the line's (no answer; 429, 502, 503, 504: the upstream
 * is overloaded or a gateway failed) or the case's own (500, 408, 409, 425, a
 * captive portal, 401/403...). A pass stops at the first request with no answer
 * and after this many overload answers in a row; a pass that delivered something
 * is followed at once by the next. */
#define YJ_SYNC_OVERLOAD_STOP 3
/* A row the line failed is due again at once (behind the rows never tried), or
 * after the upstream's Retry-After (0 = now), for this many attempts; then it
 * backs off like a row that failed on its own. */
#define YJ_SYNC_LINE_RETRIES 8
/* Passes in a row that delivered nothing before the whole upstream is backed off. */
#define YJ_SYNC_EMPTY_PASSES_FREE 2

/* Seconds before a failed row is due again; attempts counts this one (1 = the
 * first failure). line: see above. The case's own failures back off with
 * yj_sync_backoff; the line's are due at once (or after a Retry-After > 0) for
 * YJ_SYNC_LINE_RETRIES attempts, then back off from the first window. */
long yj_sync_row_delay(bool line, long attempts, long base_ms, long cap_s, long retry_after,
                       double rnd);

/* Seconds to wait before the next pass after empty_passes passes in a row that
 * delivered nothing (no case acknowledged or held) and stopped: none for the first
 * YJ_SYNC_EMPTY_PASSES_FREE (a reset or a burst of 503s on a bad line), then full
 * jitter over a window doubling from base_ms up to cap_s (no 1 s floor), never
 * less than retry_after (seconds, -1 = none; 0 = now). */
double yj_sync_pass_wait(long empty_passes, long base_ms, long cap_s, long retry_after, double rnd);

/* Is this upstream URL acceptable? https:// anywhere, http:// only to a
 * loopback host (127.0.0.0/8, ::1, localhost). */
bool yj_sync_url_ok(const char *url, char *err, size_t errsz);

/* HMAC-SHA256 signature (lower-case hex, 65 bytes) over
 * "METHOD\nPATH\nTIMESTAMP\nhex(SHA-256(body))". */
void yj_sync_sign(const unsigned char *key, size_t keylen, const char *method, const char *path,
                  const char *timestamp, const void *body, size_t bodylen, char out[65]);
/* Read a secret file that only its owner may read. Hex text (64+ hex digits) is
 * decoded, anything else is used as raw bytes (trailing newline dropped).
 * Returns 0, or -1 with a message in err. *key is malloc'd. */
int yj_sync_read_key(const char *path, unsigned char **key, size_t *keylen, char *err,
                     size_t errsz);

/* ---- probe for `yijian doctor` (src/sync/probe.c) -------------------------- */

/* One read-only request to the configured upstream (GET /v1/updates?limit=1),
 * made with the same settings, security policy and signature as a sync pass. */
struct yj_upstream_probe {
    bool configured;          /* sync.base_url is set */
    bool settings_ok;         /* yj_sync_opts_load accepted the settings */
    bool https;               /* the URL is https:// */
    bool reached;             /* an HTTP answer arrived (any status) */
    bool tls_failed;          /* no answer because TLS or verification failed */
    long status;              /* the HTTP status when reached */
    bool has_date;            /* the answer carried a Date header */
    long long clock_offset_s; /* upstream Date minus our clock, when has_date */
    long elapsed_ms;          /* time of the request */
    char url[512];            /* the base URL */
    char err[512];            /* why settings or the transport failed */
};
/* Fill p; never changes the database. timeout_ms caps the request (0: sync.timeout_ms). */
void yj_upstream_probe(struct yj_upstream_probe *p, long timeout_ms);

#endif
