/* util.c: allocation wrappers, growable strings, files. */
#include "core/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void
oom(size_t n)
{
    fprintf(stderr, "yijian: out of memory (%zu bytes)\n", n);
    abort();
}

void *
xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (p == NULL)
        oom(n);
    return p;
}

void *
xcalloc(size_t nmemb, size_t size)
{
    void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);
    if (p == NULL)
        oom(nmemb * size);
    return p;
}

void *
xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (q == NULL)
        oom(n);
    return q;
}

void *
xreallocarray(void *p, size_t nmemb, size_t size)
{
    if (size != 0 && nmemb > ((size_t)-1) / size)
        oom((size_t)-1);
    return xrealloc(p, nmemb * size);
}

char *
xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *p = xmalloc(len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *
xasprintf(const char *fmt, ...)
{
    struct yj_buf b = {0};
    va_list ap;
    va_start(ap, fmt);
    yj_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    return yj_buf_steal(&b);
}

void
yj_free(void *pp)
{
    void **p = pp;
    free(*p);
    *p = NULL;
}

static void
buf_grow(struct yj_buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1)
        cap *= 2;
    b->data = xrealloc(b->data, cap);
    b->cap = cap;
}

void
yj_buf_add(struct yj_buf *b, const char *s, size_t n)
{
    buf_grow(b, n);
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void
yj_buf_adds(struct yj_buf *b, const char *s)
{
    yj_buf_add(b, s, strlen(s));
}

void
yj_buf_addc(struct yj_buf *b, char c)
{
    yj_buf_add(b, &c, 1);
}

void
yj_buf_vprintf(struct yj_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return;
    buf_grow(b, (size_t)n);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void
yj_buf_printf(struct yj_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    yj_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void
yj_buf_reset(struct yj_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

char *
yj_buf_steal(struct yj_buf *b)
{
    char *s = b->data ? b->data : xstrdup("");
    b->data = NULL;
    b->len = b->cap = 0;
    return s;
}

void
yj_buf_free(struct yj_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

char *
yj_read_file(const char *path, size_t *len_out)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    struct yj_buf b = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        yj_buf_add(&b, chunk, n);
    if (ferror(f)) {
        int e = errno;
        fclose(f);
        yj_buf_free(&b);
        errno = e ? e : EIO;
        return NULL;
    }
    fclose(f);
    if (len_out)
        *len_out = b.len;
    return yj_buf_steal(&b);
}

int
yj_write_file_atomic(const char *path, const void *data, size_t len)
{
    char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) {
        free(tmp);
        return -1;
    }
    const char *p = data;
    while (len > 0) {
        ssize_t w = write(fd, p, len);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            goto fail;
        }
        p += w;
        len -= (size_t)w;
    }
    if (fsync(fd) != 0)
        goto fail;
    if (close(fd) != 0) {
        fd = -1;
        goto fail;
    }
    if (rename(tmp, path) != 0) {
        fd = -1;
        goto fail;
    }
    free(tmp);
    return 0;
fail:;
    int e = errno;
    if (fd >= 0)
        close(fd);
    unlink(tmp);
    free(tmp);
    errno = e;
    return -1;
}

bool
yj_str_empty(const char *s)
{
    return s == NULL || *s == '\0';
}

bool
yj_str_has_prefix(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool
yj_str_has_suffix(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* Local midnight of y-m-d as a time_t. */
static time_t
local_midnight(int y, int m, int d)
{
    struct tm tm = {0};
    tm.tm_year = y - 1900;
    tm.tm_mon = m - 1;
    tm.tm_mday = d;
    tm.tm_isdst = -1;
    return mktime(&tm);
}

time_t
yj_now(void)
{
    time_t now = time(NULL);
    const char *fake = getenv("YJ_TODAY");
    int y, m, d;
    if (fake == NULL || strlen(fake) != 10 || sscanf(fake, "%4d-%2d-%2d", &y, &m, &d) != 3)
        return now;
    struct tm tm;
    localtime_r(&now, &tm);
    time_t real = local_midnight(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    time_t want = local_midnight(y, m, d);
    if (real == (time_t)-1 || want == (time_t)-1)
        return now;
    return now + (want - real);
}

void
yj_today(char out[11])
{
    const char *fake = getenv("YJ_TODAY");
    if (fake != NULL && strlen(fake) == 10) {
        memcpy(out, fake, 11);
        return;
    }
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

char *
yj_path_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (slash == NULL)
        return xstrdup(".");
    if (slash == path)
        return xstrdup("/");
    return xstrndup(path, (size_t)(slash - path));
}

void
yj_err(const char *fmt, ...)
{
    va_list ap;
    fputs("yijian: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}
