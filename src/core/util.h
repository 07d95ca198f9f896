/* util.h: allocation that cannot fail silently, growable strings, small helpers. */
#ifndef YJ_UTIL_H
#define YJ_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <time.h>
#include <stddef.h>

#define YJ_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Allocation wrappers: abort with a message on exhaustion (a kiosk cannot go on). */
void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
void *xreallocarray(void *p, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Free *pp and set it to NULL. */
void yj_free(void *pp);

/* A growable NUL-terminated byte string. Zero-initialise before use. */
struct yj_buf {
    char *data;
    size_t len;
    size_t cap;
};

void yj_buf_add(struct yj_buf *b, const char *s, size_t n);
void yj_buf_adds(struct yj_buf *b, const char *s);
void yj_buf_addc(struct yj_buf *b, char c);
void yj_buf_printf(struct yj_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void yj_buf_vprintf(struct yj_buf *b, const char *fmt, va_list ap);
void yj_buf_reset(struct yj_buf *b);
/* Hand the string to the caller (never NULL) and reset the buffer. Caller frees. */
char *yj_buf_steal(struct yj_buf *b);
void yj_buf_free(struct yj_buf *b);

/* Read a whole file; NUL-terminated. Returns NULL and sets errno on failure. Caller frees. */
char *yj_read_file(const char *path, size_t *len_out);

/* Write a file atomically (temp file, fsync, rename). Returns 0 or -1 with errno. */
int yj_write_file_atomic(const char *path, const void *data, size_t len);

bool yj_str_empty(const char *s);
bool yj_str_has_prefix(const char *s, const char *prefix);
bool yj_str_has_suffix(const char *s, const char *suffix);

/* The time of the case clock: now, or, with YJ_TODAY=YYYY-MM-DD in the
 * environment (tests), now moved to that local date with the time of day kept,
 * so that timestamps, case-number dates and "today" agree on any real date.
 * Security clocks (HMAC timestamps, lock-outs, retry schedules) use time(). */
time_t yj_now(void);

/* Today's local date as YYYY-MM-DD, by yj_now(). */
void yj_today(char out[11]);

/* The directory part of path: "." when it has no slash, "/" for a file at the
 * root. Caller frees. */
char *yj_path_dir(const char *path);

/* Print "yijian: <msg>" to stderr. */
void yj_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
