/* http.c: the libcurl client — one easy handle reused for keep-alive, TLS always
 * verified, optional client certificate, optional HMAC signature. */
#include <curl/curl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "sync/sync_int.h"
#include "yj_build.h"

#define YJ_HTTP_MAX_BODY (8u << 20)

struct yj_http {
    CURL *h;
    const struct yj_sync_opts *o;
    char *base_path; /* path part of the base URL, signed with each request */
    unsigned char *key;
    size_t keylen;
    char errbuf[CURL_ERROR_SIZE];
    char *audit_head; /* X-Yijian-Audit-Head, or NULL */
};

void
yj_http_set_audit_head(struct yj_http *h, const char *value)
{
    free(h->audit_head);
    h->audit_head = value ? xstrdup(value) : NULL;
}

/* Collect the answer, refusing absurd sizes. */
static size_t
on_body(char *p, size_t size, size_t nmemb, void *ud)
{
    struct yj_buf *b = ud;
    size_t n = size * nmemb;
    if (b->len + n > YJ_HTTP_MAX_BODY)
        return 0;
    yj_buf_add(b, p, n);
    return n;
}

/* Seconds asked by a Retry-After value (delay-seconds or an HTTP date), -1 when
 * it is neither. "0" is kept: it means "now", which is not the same as no header. */
static long
retry_after_value(const char *v)
{
    while (*v == ' ' || *v == '\t')
        v++;
    if (*v >= '0' && *v <= '9') {
        char *end;
        long s = strtol(v, &end, 10);
        while (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n')
            end++;
        return *end == '\0' && s >= 0 ? (s > 86400 ? 86400 : s) : -1;
    }
    time_t t = curl_getdate(v, NULL);
    if (t <= 0)
        return -1;
    time_t now = time(NULL);
    return t > now ? (long)(t - now > 86400 ? 86400 : t - now) : 0;
}

/* Keep the Date header of the answer (the upstream's clock, for doctor) and its
 * Retry-After. */
static size_t
on_header(char *p, size_t size, size_t nmemb, void *ud)
{
    struct yj_http_resp *r = ud;
    size_t n = size * nmemb;
    char line[128];
    if (n > 5 && n < sizeof line && strncasecmp(p, "Date:", 5) == 0) {
        memcpy(line, p + 5, n - 5);
        line[n - 5] = '\0';
        time_t t = curl_getdate(line, NULL);
        r->date = t > 0 ? (long long)t : 0;
    } else if (n > 12 && n < sizeof line && strncasecmp(p, "Retry-After:", 12) == 0) {
        memcpy(line, p + 12, n - 12);
        line[n - 12] = '\0';
        r->retry_after = retry_after_value(line);
    } else if (n > 5 && strncmp(p, "HTTP/", 5) == 0) {
        r->retry_after = -1; /* a new answer (after a 1xx): forget the last one's */
    }
    return n;
}

/* Once per process: curl_global_init is not thread-safe but we are single-threaded. */
static void
global_init(void)
{
    static bool done;
    if (!done) {
        curl_global_init(CURL_GLOBAL_DEFAULT);
        done = true;
    }
}

struct yj_http *
yj_http_new(const struct yj_sync_opts *o, char *err, size_t errsz)
{
    global_init();
    if (sodium_init() < 0) {
        snprintf(err, errsz, "libsodium cannot start");
        return NULL;
    }
    struct yj_http *h = xcalloc(1, sizeof *h);
    h->o = o;
    h->h = curl_easy_init();
    if (h->h == NULL) {
        snprintf(err, errsz, "libcurl cannot start");
        goto fail;
    }
    CURLU *u = curl_url();
    char *path = NULL;
    if (u && curl_url_set(u, CURLUPART_URL, o->base_url, 0) == CURLUE_OK)
        curl_url_get(u, CURLUPART_PATH, &path, 0);
    h->base_path = xstrdup(path && strcmp(path, "/") != 0 ? path : "");
    size_t n = strlen(h->base_path);
    while (n > 0 && h->base_path[n - 1] == '/')
        h->base_path[--n] = '\0';
    curl_free(path);
    curl_url_cleanup(u);
    if (o->key_file && yj_sync_read_key(o->key_file, &h->key, &h->keylen, err, errsz) != 0)
        goto fail;
    return h;
fail:
    yj_http_free(&h);
    return NULL;
}

void
yj_http_free(struct yj_http **hp)
{
    struct yj_http *h = *hp;
    if (h == NULL)
        return;
    if (h->h)
        curl_easy_cleanup(h->h);
    if (h->key) {
        sodium_memzero(h->key, h->keylen);
        free(h->key);
    }
    free(h->base_path);
    free(h->audit_head);
    free(h);
    *hp = NULL;
}

/* Set the options of one request on the reused handle. */
static void
setup(struct yj_http *h, const char *url, struct yj_http_resp *r)
{
    const struct yj_sync_opts *o = h->o;
    CURL *c = h->h;
    curl_easy_reset(c); /* keeps the connection cache */
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(c, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
    if (o->ca_file)
        curl_easy_setopt(c, CURLOPT_CAINFO, o->ca_file);
    /* Pinning checks the server's key on top of (not instead of) verification. */
    if (o->pinned_pubkey)
        curl_easy_setopt(c, CURLOPT_PINNEDPUBLICKEY, o->pinned_pubkey);
    if (o->client_cert) {
        curl_easy_setopt(c, CURLOPT_SSLCERT, o->client_cert);
        curl_easy_setopt(c, CURLOPT_SSLKEY, o->client_key);
    }
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, o->timeout_ms);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, o->connect_timeout_ms);
    curl_easy_setopt(c, CURLOPT_TCP_KEEPALIVE, 1L);
    if (!o->keepalive) {
        curl_easy_setopt(c, CURLOPT_FRESH_CONNECT, 1L);
        curl_easy_setopt(c, CURLOPT_FORBID_REUSE, 1L);
    }
    curl_easy_setopt(c, CURLOPT_USERAGENT, "yijian/" YJ_VERSION);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &r->body);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, h->errbuf);
}

void
yj_http_request(struct yj_http *h, const char *method, const char *path, const char *body,
                size_t bodylen, const char *idem_key, struct yj_http_resp *r)
{
    memset(r, 0, sizeof *r);
    r->retry_after = -1;
    h->errbuf[0] = '\0';
    char *url = xasprintf("%s%s", h->o->base_url, path);
    struct curl_slist *hdr = NULL;
    char line[512];
    setup(h, url, r);
    bool post = strcmp(method, "POST") == 0;
    if (post) {
        curl_easy_setopt(h->h, CURLOPT_POST, 1L);
        curl_easy_setopt(h->h, CURLOPT_POSTFIELDS, body ? body : "");
        curl_easy_setopt(h->h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)(body ? bodylen : 0));
        hdr = curl_slist_append(hdr, "Content-Type: application/json");
    }
    hdr = curl_slist_append(hdr, "Accept: application/json");
    hdr = curl_slist_append(hdr, "Expect:"); /* no 100-continue round trip */
    if (idem_key) {
        snprintf(line, sizeof line, "Idempotency-Key: %s", idem_key);
        hdr = curl_slist_append(hdr, line);
    }
    snprintf(line, sizeof line, "X-Yijian-Terminal: %s", h->o->terminal);
    hdr = curl_slist_append(hdr, line);
    if (h->audit_head) {
        snprintf(line, sizeof line, "X-Yijian-Audit-Head: %s", h->audit_head);
        hdr = curl_slist_append(hdr, line);
    }
    if (h->key) {
        char ts[32], sig[65];
        snprintf(ts, sizeof ts, "%lld", (long long)time(NULL));
        char *spath = xasprintf("%s%s", h->base_path, path);
        yj_sync_sign(h->key, h->keylen, method, spath, ts, post ? body : NULL, post ? bodylen : 0,
                     sig);
        free(spath);
        snprintf(line, sizeof line, "X-Yijian-Timestamp: %s", ts);
        hdr = curl_slist_append(hdr, line);
        snprintf(line, sizeof line, "X-Yijian-Signature: hmac-sha256=%s", sig);
        hdr = curl_slist_append(hdr, line);
    }
    curl_easy_setopt(h->h, CURLOPT_HTTPHEADER, hdr);
    CURLcode rc = curl_easy_perform(h->h);
    r->curl_code = (int)rc;
    if (rc == CURLE_OK) {
        r->ok = true;
        curl_easy_getinfo(h->h, CURLINFO_RESPONSE_CODE, &r->status);
        char *ct = NULL;
        if (curl_easy_getinfo(h->h, CURLINFO_CONTENT_TYPE, &ct) == CURLE_OK && ct)
            snprintf(r->ctype, sizeof r->ctype, "%s", ct);
    } else {
        snprintf(r->err, sizeof r->err, "%s", h->errbuf[0] ? h->errbuf : curl_easy_strerror(rc));
    }
    if (r->body.data == NULL)
        yj_buf_adds(&r->body, "");
    if (getenv("YJ_SYNC_TRACE")) {
        double t = 0;
        curl_easy_getinfo(h->h, CURLINFO_TOTAL_TIME, &t);
        fprintf(stderr, "sync: %s %s -> %ld %.3fs %s\n", method, path, r->status, t, r->err);
    }
    curl_slist_free_all(hdr);
    free(url);
}
