/* jsonw.c: a small streaming JSON writer and the check that stored JSON text
 * may be copied as it is (jsonw.h). */
#include "core/jsonw.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/bounds.h"

static const char hexdig[] = "0123456789ABCDEF";

/* Length of the well-formed UTF-8 sequence at p (n bytes left, n >= 1), or 0
 * when p[0] begins none (RFC 3629: no overlong forms, no surrogates, nothing
 * above U+10FFFF). */
static size_t
utf8_len(const unsigned char *p, size_t n)
{
    unsigned char c = p[0];
    if (c < 0x80)
        return 1;
    if (c < 0xC2)
        return 0;
    if (c < 0xE0)
        return n >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c < 0xF0) {
        if (n < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
            return 0;
        if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] >= 0xA0))
            return 0;
        return 3;
    }
    if (c < 0xF5) {
        if (n < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80)
            return 0;
        if ((c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] >= 0x90))
            return 0;
        return 4;
    }
    return 0;
}

/* Make room for n more bytes (and the NUL) at the end of b. */
static void
grow(struct yj_buf *b, size_t n)
{
    size_t cap = b->cap ? b->cap : 256;
    while (cap - b->len < n + 1)
        cap *= 2;
    b->data = xreallocarray(b->data, cap, 1);
    b->cap = cap;
}

/* Room for n more bytes (and the NUL) at the end of b; where they go. */
static inline char *
room(struct yj_buf *b, size_t n)
{
    if (b->data == NULL || b->cap - b->len < n + 1)
        grow(b, n);
    return b->data + b->len;
}

/* What each byte is to the escaper: 0 copied as it is, 1 escaped, 2 the
 * start of a UTF-8 sequence to check, 3 NUL (a C string ends there). */
static const unsigned char bclass[256] = {
    3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
};

void
yj_json_escape(struct yj_buf *b, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    /* A chunk at a time: at most 6 bytes out for a byte in, a UTF-8 sequence
     * begun before the chunk's end may run 3 bytes past it, and the quotes. */
    size_t chunk = n < 4096 ? n : 4096;
    char *o = room(b, 6 * chunk + 10);
    *o++ = '"';
    for (;;) {
        const unsigned char *lim = p + chunk;
        while (p < lim) {
            const unsigned char *q = p;
            while (q < lim && bclass[*q] == 0)
                q++;
            if (q > p) { /* a run copied as it is */
                memcpy(o, p, (size_t)(q - p));
                o += q - p;
                p = q;
                if (p >= lim)
                    break;
            }
            unsigned char c = *p;
            if (bclass[c] == 2) {
                size_t k = utf8_len(p, (size_t)(end - p));
                if (k > 0) {
                    memcpy(o, p, k);
                    o += k;
                    p += k;
                } else { /* no well-formed sequence starts here: U+FFFD */
                    memcpy(o, "\xEF\xBF\xBD", 3);
                    o += 3;
                    p++;
                }
                continue;
            }
            if (bclass[c] == 3) { /* a C string ends here */
                p = lim = end;
                continue;
            }
            *o++ = '\\';
            switch (c) {
            case '"':
            case '\\':
                *o++ = (char)c;
                break;
            case '\b':
                *o++ = 'b';
                break;
            case '\f':
                *o++ = 'f';
                break;
            case '\n':
                *o++ = 'n';
                break;
            case '\r':
                *o++ = 'r';
                break;
            case '\t':
                *o++ = 't';
                break;
            default:
                memcpy(o, "u00", 3);
                o[3] = hexdig[c >> 4];
                o[4] = hexdig[c & 15];
                o += 5;
            }
            p++;
        }
        b->len = (size_t)(o - b->data);
        if (p >= end)
            break;
        chunk = (size_t)(end - p) < 4096 ? (size_t)(end - p) : 4096;
        o = room(b, 6 * chunk + 10);
    }
    *o++ = '"';
    *o = '\0';
    b->len = (size_t)(o - b->data);
}

/* ---- the writer ------------------------------------------------------------ */

void
yj_jw_init(struct yj_jw *w, struct yj_buf *out)
{
    memset(w, 0, sizeof *w);
    w->out = out;
}

/* Append n bytes. */
static void
put(struct yj_buf *b, const char *text, size_t n)
{
    char *o = room(b, n);
    memcpy(o, text, n);
    b->len += n;
    o[n] = '\0';
}

/* Before a value or a key: the comma between members. */
static void
sep(struct yj_jw *w)
{
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    uint64_t bit = (uint64_t)1 << w->depth;
    if (w->members & bit)
        put(w->out, ",", 1);
    w->members |= bit;
}

static void
open_c(struct yj_jw *w, char ch)
{
    sep(w);
    put(w->out, &ch, 1);
    if (w->depth + 1 >= YJ_JW_MAX_DEPTH)
        abort(); /* a programming error: nothing the program writes is this deep */
    w->depth++;
    w->members &= ~((uint64_t)1 << w->depth);
}

static void
close_c(struct yj_jw *w, char ch)
{
    put(w->out, &ch, 1);
    if (w->depth > 0)
        w->depth--;
}

void
yj_jw_obj(struct yj_jw *w)
{
    open_c(w, '{');
}

void
yj_jw_obj_end(struct yj_jw *w)
{
    close_c(w, '}');
}

void
yj_jw_arr(struct yj_jw *w)
{
    open_c(w, '[');
}

void
yj_jw_arr_end(struct yj_jw *w)
{
    close_c(w, ']');
}

void
yj_jw_key(struct yj_jw *w, const char *key)
{
    sep(w);
    yj_json_escape(w->out, key, strlen(key));
    put(w->out, ":", 1);
    w->after_key = true;
}

void
yj_jw_key_raw(struct yj_jw *w, const char *quoted, size_t n)
{
    sep(w);
    put(w->out, quoted, n);
    w->after_key = true;
}

void
yj_jw_strn(struct yj_jw *w, const char *s, size_t n)
{
    sep(w);
    yj_json_escape(w->out, s, n);
}

void
yj_jw_str(struct yj_jw *w, const char *s)
{
    if (s == NULL)
        yj_jw_null(w);
    else
        yj_jw_strn(w, s, strlen(s));
}

void
yj_jw_int(struct yj_jw *w, long long v)
{
    char num[24], *e = num + sizeof num, *d = e;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do
        *--d = (char)('0' + u % 10);
    while ((u /= 10) != 0);
    if (v < 0)
        *--d = '-';
    sep(w);
    put(w->out, d, (size_t)(e - d));
}

void
yj_jw_null(struct yj_jw *w)
{
    sep(w);
    put(w->out, "null", 4);
}

void
yj_jw_raw(struct yj_jw *w, const char *text, size_t n)
{
    sep(w);
    put(w->out, text, n);
}

/* ---- is stored text already canonical? ------------------------------------- */

struct span {
    const unsigned char *p;
    size_t n;
};

struct canon {
    const unsigned char *p, *end;
    unsigned flags;
    struct span *keys; /* the keys of the open objects, innermost last */
    size_t nkeys, cap;
    struct span local[64];
};

/* The escaped texts of two keys, compared (equal keys have equal texts: the
 * escaping is one to one). */
static int
span_cmp(const void *x, const void *y)
{
    const struct span *a = x, *b = y;
    int r = memcmp(a->p, b->p, a->n < b->n ? a->n : b->n);
    return r != 0 ? r : (a->n > b->n) - (a->n < b->n);
}

/* A string at c->p (on its '"') in exactly the writer's escaping. */
static bool
canon_string(struct canon *c)
{
    const unsigned char *p = c->p + 1, *end = c->end;
    for (;;) {
        if (p >= end)
            return false;
        unsigned char ch = *p;
        if (ch == '"')
            break;
        if (ch < 0x20)
            return false;
        if (ch == '\\') {
            if (end - p < 2)
                return false;
            switch (p[1]) {
            case '"':
            case '\\':
            case 'b':
            case 'f':
            case 'n':
            case 'r':
            case 't':
                p += 2;
                continue;
            case 'u': {
                /* only \u0001..\u001F, upper case, and not one of \b \f \n \r \t */
                if (end - p < 6 || p[2] != '0' || p[3] != '0' || (p[4] != '0' && p[4] != '1'))
                    return false;
                const char *h = strchr(hexdig, p[5]);
                if (p[5] == '\0' || h == NULL)
                    return false;
                int v = (p[4] - '0') * 16 + (int)(h - hexdig);
                if (v == 0 || v == '\b' || v == '\f' || v == '\n' || v == '\r' || v == '\t')
                    return false;
                p += 6;
                continue;
            }
            default:
                return false;
            }
        }
        size_t k = ch < 0x80 ? 1 : utf8_len(p, (size_t)(end - p));
        if (k == 0)
            return false;
        p += k;
    }
    c->p = p + 1;
    return true;
}

static bool
canon_lit(struct canon *c, const char *lit, size_t n)
{
    if ((size_t)(c->end - c->p) < n || memcmp(c->p, lit, n) != 0)
        return false;
    c->p += n;
    return true;
}

/* An integer jansson writes back the same: -?(0|[1-9][0-9]*), not -0, at most
 * 18 digits, no fraction or exponent after it. */
static bool
canon_int(struct canon *c)
{
    const unsigned char *p = c->p, *end = c->end;
    if (*p == '-')
        p++;
    const unsigned char *d = p;
    while (p < end && *p >= '0' && *p <= '9')
        p++;
    size_t nd = (size_t)(p - d);
    if (nd == 0 || nd > 18 || (d[0] == '0' && (nd > 1 || d > c->p)))
        return false;
    if (p < end && (*p == '.' || *p == 'e' || *p == 'E'))
        return false;
    c->p = p;
    return true;
}

static bool canon_value(struct canon *c, unsigned depth);

static bool
canon_object(struct canon *c, unsigned depth)
{
    bool answers = depth == 1 && (c->flags & YJ_JSON_ANSWERS);
    size_t base = c->nkeys;
    bool sorted = true, ok = true;
    c->p++;
    if (c->p < c->end && *c->p == '}') {
        c->p++;
        return true;
    }
    for (;;) {
        if (c->p >= c->end || *c->p != '"') {
            ok = false;
            break;
        }
        const unsigned char *k0 = c->p;
        if (!canon_string(c)) {
            ok = false;
            break;
        }
        struct span key = {k0 + 1, (size_t)(c->p - k0 - 2)};
        if (c->nkeys == c->cap) {
            size_t ncap = c->cap * 2;
            if (c->keys == c->local) {
                c->keys = xreallocarray(NULL, ncap, sizeof *c->keys);
                memcpy(c->keys, c->local, c->nkeys * sizeof *c->keys);
            } else {
                c->keys = xreallocarray(c->keys, ncap, sizeof *c->keys);
            }
            c->cap = ncap;
        }
        if (c->nkeys > base && span_cmp(&c->keys[c->nkeys - 1], &key) >= 0)
            sorted = false;
        c->keys[c->nkeys++] = key;
        if (answers && c->nkeys - base > YJ_ANSWERS_MAX_KEYS) {
            ok = false;
            break;
        }
        if (c->p >= c->end || *c->p != ':') {
            ok = false;
            break;
        }
        c->p++;
        if (answers) {
            /* a non-empty string: an empty one is no answer (it is dropped) */
            if (c->end - c->p < 3 || *c->p != '"' || c->p[1] == '"' || !canon_string(c)) {
                ok = false;
                break;
            }
        } else if (!canon_value(c, depth)) {
            ok = false;
            break;
        }
        if (c->p < c->end && *c->p == ',') {
            c->p++;
            continue;
        }
        if (c->p < c->end && *c->p == '}') {
            c->p++;
            break;
        }
        ok = false;
        break;
    }
    if (ok && !sorted) { /* no key twice: jansson would keep only the last */
        qsort(c->keys + base, c->nkeys - base, sizeof *c->keys, span_cmp);
        for (size_t i = base + 1; ok && i < c->nkeys; i++)
            ok = span_cmp(&c->keys[i - 1], &c->keys[i]) != 0;
    }
    c->nkeys = base;
    return ok;
}

static bool
canon_array(struct canon *c, unsigned depth)
{
    c->p++;
    if (c->p < c->end && *c->p == ']') {
        c->p++;
        return true;
    }
    for (;;) {
        if (!canon_value(c, depth))
            return false;
        if (c->p < c->end && *c->p == ',') {
            c->p++;
            continue;
        }
        if (c->p < c->end && *c->p == ']') {
            c->p++;
            return true;
        }
        return false;
    }
}

static bool
canon_value(struct canon *c, unsigned depth)
{
    if (c->p >= c->end)
        return false;
    switch (*c->p) {
    case '{':
        return depth + 1 < YJ_JW_MAX_DEPTH && canon_object(c, depth + 1);
    case '[':
        return depth + 1 < YJ_JW_MAX_DEPTH && canon_array(c, depth + 1);
    case '"':
        return canon_string(c);
    case 't':
        return canon_lit(c, "true", 4);
    case 'f':
        return canon_lit(c, "false", 5);
    case 'n':
        return canon_lit(c, "null", 4);
    default:
        return (*c->p == '-' || (*c->p >= '0' && *c->p <= '9')) && canon_int(c);
    }
}

bool
yj_json_canonical(const char *text, size_t n, unsigned flags)
{
    if (text == NULL || n == 0)
        return false;
    struct canon c;
    c.p = (const unsigned char *)text;
    c.end = c.p + n;
    c.flags = flags;
    c.keys = c.local;
    c.nkeys = 0;
    c.cap = YJ_ARRAY_LEN(c.local);
    bool ok = (*c.p == '{' || (*c.p == '[' && !(flags & YJ_JSON_ANSWERS))) && canon_value(&c, 0) &&
              c.p == c.end;
    if (c.keys != c.local)
        free(c.keys);
    return ok;
}
