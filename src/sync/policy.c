/* policy.c: how answers are classified, retry delays, URL and secret checks. */
#include "sync/sync.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/paths.h"
#include "core/util.h"
#include "sync/sync_int.h"

/* Copy a server's reason into why, keeping it printable and short. */
static void
copy_reason(char *why, size_t whysz, const char *prefix, const char *text)
{
    size_t n = (size_t)snprintf(why, whysz, "%s", prefix);
    if (n >= whysz)
        return;
    for (const unsigned char *p = (const unsigned char *)text; p && *p && n + 1 < whysz; p++) {
        unsigned char c = *p;
        why[n++] = (c < 0x20 || c == 0x7f) ? ' ' : (char)c;
    }
    why[n] = '\0';
    /* Never leave a UTF-8 sequence cut in half at the end. */
    size_t lead = n;
    while (lead > 0 && ((unsigned char)why[lead - 1] & 0xC0) == 0x80)
        lead--;
    if (lead > 0 && ((unsigned char)why[lead - 1] & 0x80)) {
        unsigned char c = (unsigned char)why[lead - 1];
        size_t want = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        if (n - (lead - 1) < want)
            why[lead - 1] = '\0';
    }
}

/* The reason a server gave in a JSON error object, or NULL. */
static const char *
json_reason(json_t *o)
{
    static const char *const keys[] = {"reason", "error", "message"};
    for (size_t i = 0; i < YJ_ARRAY_LEN(keys); i++) {
        const char *s = json_string_value(json_object_get(o, keys[i]));
        if (s && *s)
            return s;
    }
    return NULL;
}

enum yj_sync_verdict
yj_sync_classify_json(long status, json_t *obj, const char *raw, const char *uuid, int revision,
                      bool *replayed, char *why, size_t whysz)
{
    char pfx[48];
    *replayed = false;
    if (status == 200 || status == 201) {
        const char *u =
            json_is_object(obj) ? json_string_value(json_object_get(obj, "uuid")) : NULL;
        json_t *rev = json_is_object(obj) ? json_object_get(obj, "revision") : NULL;
        if (u == NULL) {
            snprintf(why, whysz, "HTTP %ld without a JSON acknowledgement (captive portal?)",
                     status);
            return YJ_SYNC_RETRY;
        }
        if (strcmp(u, uuid) != 0 || (rev && json_integer_value(rev) != revision)) {
            snprintf(why, whysz, "HTTP %ld acknowledges another case", status);
            return YJ_SYNC_RETRY;
        }
        *replayed = status == 200;
        why[0] = '\0';
        return YJ_SYNC_ACK;
    }
    const char *reason = json_is_object(obj) ? json_reason(obj) : NULL;
    if (reason == NULL)
        reason = raw ? raw : "";
    snprintf(pfx, sizeof pfx, "HTTP %ld: ", status);
    if (status == 408 || status == 409 || status == 425 || status == 429 || status >= 500 ||
        status < 200 || (status >= 300 && status < 400) || (status > 201 && status < 300)) {
        copy_reason(why, whysz, pfx, reason);
        return YJ_SYNC_RETRY;
    }
    if (status == 401 || status == 403) {
        copy_reason(why, whysz, pfx, reason);
        return YJ_SYNC_STOP;
    }
    copy_reason(why, whysz, pfx, *reason ? reason : "refused without a reason");
    return YJ_SYNC_HOLD;
}

enum yj_sync_verdict
yj_sync_classify(bool curl_ok, long status, const char *content_type, const char *body,
                 const char *uuid, int revision, bool *replayed, char *why, size_t whysz)
{
    *replayed = false;
    if (!curl_ok) {
        snprintf(why, whysz, "no answer from upstream");
        return YJ_SYNC_RETRY;
    }
    json_t *obj = NULL;
    if (body && content_type && strstr(content_type, "json"))
        obj = json_loads(body, 0, NULL);
    enum yj_sync_verdict v =
        yj_sync_classify_json(status, obj, body, uuid, revision, replayed, why, whysz);
    json_decref(obj);
    return v;
}

long
yj_sync_backoff(long attempts, long base_ms, long cap_s, long retry_after, double rnd)
{
    if (attempts < 1)
        attempts = 1;
    if (base_ms < 1)
        base_ms = 1;
    if (cap_s < 1)
        cap_s = 1;
    double window = (double)base_ms / 1000.0;
    for (long i = 1; i < attempts && window < (double)cap_s; i++)
        window *= 2;
    if (window > (double)cap_s)
        window = (double)cap_s;
    if (rnd < 0 || rnd >= 1)
        rnd = 0;
    long d = (long)ceil(rnd * window);
    if (d < 1)
        d = 1;
    if (retry_after > d)
        d = retry_after > 86400 ? 86400 : retry_after;
    return d;
}

long
yj_sync_row_delay(bool line, long attempts, long base_ms, long cap_s, long retry_after, double rnd)
{
    if (line && retry_after > 0)
        return retry_after > 86400 ? 86400 : retry_after;
    if (line && attempts <= YJ_SYNC_LINE_RETRIES)
        return 0;
    if (line)
        attempts -= YJ_SYNC_LINE_RETRIES;
    return yj_sync_backoff(attempts, base_ms, cap_s, retry_after, rnd);
}

double
yj_sync_pass_wait(long empty_passes, long base_ms, long cap_s, long retry_after, double rnd)
{
    if (empty_passes <= YJ_SYNC_EMPTY_PASSES_FREE)
        return retry_after > 0 ? (double)retry_after : 0.0;
    long n = empty_passes - YJ_SYNC_EMPTY_PASSES_FREE;
    double window = (double)(base_ms < 1 ? 1 : base_ms) / 1000.0;
    double cap = (double)(cap_s < 1 ? 1 : cap_s);
    for (long i = 1; i < n && window < cap; i++)
        window *= 2;
    if (window > cap)
        window = cap;
    if (rnd < 0 || rnd >= 1)
        rnd = 0;
    double w = rnd * window;
    if ((double)retry_after > w)
        w = retry_after > 86400 ? 86400.0 : (double)retry_after;
    return w;
}

/* Is host (as curl's URL parser gives it) a loopback address? */
static bool
host_is_loopback(const char *host)
{
    if (strcasecmp(host, "localhost") == 0)
        return true;
    struct in_addr a4;
    if (inet_pton(AF_INET, host, &a4) == 1)
        return (ntohl(a4.s_addr) >> 24) == 127;
    char tmp[64];
    size_t n = strlen(host);
    if (n > 2 && n < sizeof tmp && host[0] == '[' && host[n - 1] == ']') {
        memcpy(tmp, host + 1, n - 2);
        tmp[n - 2] = '\0';
        struct in6_addr a6;
        return inet_pton(AF_INET6, tmp, &a6) == 1 && IN6_IS_ADDR_LOOPBACK(&a6);
    }
    return false;
}

bool
yj_sync_url_ok(const char *url, char *err, size_t errsz)
{
    bool ok = false;
    char *scheme = NULL, *host = NULL, *user = NULL, *query = NULL;
    CURLU *u = curl_url();
    if (u == NULL || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK) {
        snprintf(err, errsz, "'%s' is not a valid URL", url);
        goto out;
    }
    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0);
    curl_url_get(u, CURLUPART_HOST, &host, 0);
    if (curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK && user) {
        snprintf(err, errsz, "the upstream URL must not hold credentials");
        goto out;
    }
    if (curl_url_get(u, CURLUPART_QUERY, &query, 0) == CURLUE_OK && query) {
        snprintf(err, errsz, "the upstream URL must not have a query");
        goto out;
    }
    if (scheme && strcmp(scheme, "https") == 0) {
        ok = true;
    } else if (scheme && strcmp(scheme, "http") == 0) {
        ok = host && host_is_loopback(host);
        if (!ok)
            snprintf(err, errsz,
                     "plain http:// is refused except to a loopback address; use https://");
    } else {
        snprintf(err, errsz, "the upstream URL must start with https://");
    }
out:
    curl_free(scheme);
    curl_free(host);
    curl_free(user);
    curl_free(query);
    curl_url_cleanup(u);
    return ok;
}

/* Lower-case hex of n bytes. */
static void
to_hex(const unsigned char *p, size_t n, char *out)
{
    static const char hx[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = hx[p[i] >> 4];
        out[2 * i + 1] = hx[p[i] & 15];
    }
    out[2 * n] = '\0';
}

void
yj_sync_sign(const unsigned char *key, size_t keylen, const char *method, const char *path,
             const char *timestamp, const void *body, size_t bodylen, char out[65])
{
    unsigned char h[crypto_hash_sha256_BYTES], mac[crypto_auth_hmacsha256_BYTES];
    char bodyhex[2 * crypto_hash_sha256_BYTES + 1];
    crypto_hash_sha256(h, body ? body : "", body ? bodylen : 0);
    to_hex(h, sizeof h, bodyhex);
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, key, keylen);
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)method, strlen(method));
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)"\n", 1);
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)path, strlen(path));
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)"\n", 1);
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)timestamp, strlen(timestamp));
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)"\n", 1);
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)bodyhex, strlen(bodyhex));
    crypto_auth_hmacsha256_final(&st, mac);
    to_hex(mac, sizeof mac, out);
}

/* Open a file that must be a regular file readable by its owner only. */
static int
open_private(const char *path, const char *what, char *err, size_t errsz)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        snprintf(err, errsz, "cannot open the %s %s: %s", what, path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, errsz, "the %s %s is not a regular file", what, path);
        close(fd);
        return -1;
    }
    if (st.st_mode & (S_IRWXG | S_IRWXO)) {
        snprintf(err, errsz,
                 "the %s %s is accessible to group or others (mode %03o); "
                 "run: chmod 600 %s",
                 what, path, (unsigned)(st.st_mode & 0777), path);
        close(fd);
        return -1;
    }
    return fd;
}

int
yj_sync_read_key(const char *path, unsigned char **key, size_t *keylen, char *err, size_t errsz)
{
    int fd = open_private(path, "key file", err, errsz);
    if (fd < 0)
        return -1;
    struct yj_buf b = {0};
    char chunk[4096];
    ssize_t r;
    while ((r = read(fd, chunk, sizeof chunk)) > 0 && b.len < 65536)
        yj_buf_add(&b, chunk, (size_t)r);
    close(fd);
    if (r < 0) {
        snprintf(err, errsz, "cannot read the key file %s: %s", path, strerror(errno));
        goto fail;
    }
    while (b.len > 0 && (b.data[b.len - 1] == '\n' || b.data[b.len - 1] == '\r'))
        b.data[--b.len] = '\0';
    if (b.len < 16) {
        snprintf(err, errsz, "the key in %s is too short (at least 16 bytes)", path);
        goto fail;
    }
    bool hex = b.len % 2 == 0 && b.len >= 32;
    for (size_t i = 0; hex && i < b.len; i++)
        hex = isxdigit((unsigned char)b.data[i]) != 0;
    if (hex) {
        size_t n = b.len / 2;
        unsigned char *k = xmalloc(n);
        for (size_t i = 0; i < n; i++) {
            char two[3] = {b.data[2 * i], b.data[2 * i + 1], '\0'};
            k[i] = (unsigned char)strtoul(two, NULL, 16);
        }
        sodium_memzero(b.data, b.len);
        yj_buf_free(&b);
        *key = k;
        *keylen = n;
        return 0;
    }
    *keylen = b.len;
    *key = (unsigned char *)yj_buf_steal(&b);
    return 0;
fail:
    if (b.data)
        sodium_memzero(b.data, b.len);
    yj_buf_free(&b);
    return -1;
}

/* A config string, NULL when unset or empty. */
static char *
conf_dup(const char *key)
{
    const char *v = yj_config_get(key, NULL);
    return (v && *v) ? xstrdup(v) : NULL;
}

/* A yes/no config value. */
static bool
conf_bool(const char *key, bool def)
{
    const char *v = yj_config_get(key, NULL);
    if (v == NULL || *v == '\0')
        return def;
    return strcmp(v, "yes") == 0 || strcmp(v, "true") == 0 || strcmp(v, "1") == 0 ||
           strcmp(v, "on") == 0;
}

int
yj_sync_opts_load(struct yj_sync_opts *o, const char *base_override, char *err, size_t errsz)
{
    memset(o, 0, sizeof *o);
    const char *base = base_override ? base_override : yj_config_get("sync.base_url", NULL);
    if (base == NULL || *base == '\0') {
        snprintf(err, errsz,
                 "no upstream: set sync.base_url in the config file or pass "
                 "--upstream URL");
        return -1;
    }
    if (!yj_sync_url_ok(base, err, errsz))
        return -1;
    o->base_url = xstrdup(base);
    size_t n = strlen(o->base_url);
    while (n > 0 && o->base_url[n - 1] == '/')
        o->base_url[--n] = '\0';
    o->timeout_ms = yj_config_get_long("sync.timeout_ms", 15000);
    o->connect_timeout_ms = yj_config_get_long("sync.connect_timeout_ms", 5000);
    o->interval_s = yj_config_get_long("sync.interval_s", 30);
    o->batch_size = yj_config_get_long("sync.batch_size", 50);
    o->backoff_base_ms = yj_config_get_long("sync.backoff_base_ms", 2000);
    o->backoff_max_s = yj_config_get_long("sync.backoff_max_s", 900);
    o->keepalive = conf_bool("sync.keepalive", true);
    if (o->timeout_ms < 100 || o->connect_timeout_ms < 100 || o->interval_s < 1 ||
        o->batch_size < 1 || o->batch_size > 500 || o->backoff_base_ms < 1 ||
        o->backoff_max_s < 1) {
        snprintf(err, errsz,
                 "sync settings out of range (timeouts >= 100 ms, interval >= 1 s, "
                 "batch size 1..500, backoff >= 1)");
        goto fail;
    }
    o->ca_file = conf_dup("sync.ca_file");
    o->pinned_pubkey = conf_dup("sync.pinned_pubkey");
    o->client_cert = conf_dup("sync.client_cert");
    o->client_key = conf_dup("sync.client_key");
    o->key_file = conf_dup("sync.key_file");
    /* The terminal the upstream knows: sync.terminal when the platform issued
     * its own name, else this terminal's identity (no defaults, as for every
     * command: a host name would not be the terminal id on the cases). */
    o->terminal = conf_dup("sync.terminal");
    if (o->terminal == NULL) {
        const char *terminal;
        if (yj_terminal_id(&terminal, err, errsz) != 0)
            goto fail;
        o->terminal = xstrdup(terminal);
    }
    if ((o->client_cert == NULL) != (o->client_key == NULL)) {
        snprintf(err, errsz, "mutual TLS needs both sync.client_cert and sync.client_key");
        goto fail;
    }
    if (o->client_key) {
        int fd = open_private(o->client_key, "client key", err, errsz);
        if (fd < 0)
            goto fail;
        close(fd);
    }
    if (o->key_file) {
        unsigned char *k = NULL;
        size_t kl = 0;
        if (yj_sync_read_key(o->key_file, &k, &kl, err, errsz) != 0)
            goto fail;
        sodium_memzero(k, kl);
        free(k);
    }
    return 0;
fail:
    yj_sync_opts_free(o);
    return -1;
}

void
yj_sync_opts_free(struct yj_sync_opts *o)
{
    yj_free(&o->base_url);
    yj_free(&o->ca_file);
    yj_free(&o->pinned_pubkey);
    yj_free(&o->client_cert);
    yj_free(&o->client_key);
    yj_free(&o->key_file);
    yj_free(&o->terminal);
}
