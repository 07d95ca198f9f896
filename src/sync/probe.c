/* probe.c: one read-only request to the upstream for `yijian doctor`, through
 * the same client (http.c) and the same policy (policy.c) as a sync pass. */
#include "sync/sync.h"

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/paths.h"
#include "sync/sync_int.h"

/* Milliseconds of the real-time clock. */
static long long
now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Did the transfer fail in the TLS layer (handshake, certificate, pin)? */
static bool
tls_code(int rc)
{
    switch ((CURLcode)rc) {
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_CRL_BADFILE:
        return true;
    default:
        return false;
    }
}

void
yj_upstream_probe(struct yj_upstream_probe *p, long timeout_ms)
{
    memset(p, 0, sizeof *p);
    const char *base = yj_config_get("sync.base_url", NULL);
    if (base == NULL || *base == '\0')
        return;
    p->configured = true;
    snprintf(p->url, sizeof p->url, "%s", base);
    p->https = strncmp(base, "https://", 8) == 0;
    struct yj_sync_opts o;
    if (yj_sync_opts_load(&o, NULL, p->err, sizeof p->err) != 0)
        return;
    p->settings_ok = true;
    if (timeout_ms > 0 && o.timeout_ms > timeout_ms)
        o.timeout_ms = timeout_ms;
    if (o.connect_timeout_ms > o.timeout_ms)
        o.connect_timeout_ms = o.timeout_ms;
    struct yj_http *h = yj_http_new(&o, p->err, sizeof p->err);
    if (h == NULL) {
        p->settings_ok = false;
        yj_sync_opts_free(&o);
        return;
    }
    struct yj_http_resp r;
    long long t0 = now_ms();
    yj_http_request(h, "GET", "/v1/updates?limit=1", NULL, 0, NULL, &r);
    long long t1 = now_ms();
    p->elapsed_ms = (long)(t1 - t0);
    p->reached = r.ok;
    p->status = r.status;
    if (!r.ok) {
        p->tls_failed = tls_code(r.curl_code);
        snprintf(p->err, sizeof p->err, "%s", r.err);
    } else if (r.date > 0) {
        /* Date has a resolution of one second; compare with the middle of the
         * exchange, rounded down as the server's clock was. */
        p->has_date = true;
        p->clock_offset_s = r.date - (t0 + t1) / 2 / 1000;
    }
    yj_buf_free(&r.body);
    yj_http_free(&h);
    yj_sync_opts_free(&o);
}
