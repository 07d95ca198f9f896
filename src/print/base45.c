/* base45.c: Base45 encoding (RFC 9285). */
#include "print/base45.h"

#include <stdlib.h>
#include <string.h>

#include "core/util.h"

const char yj_base45_alphabet[46] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

/* Value of one Base45 character, or -1. */
static int
b45_value(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'A' && ch <= 'Z')
        return ch - 'A' + 10;
    if (ch >= 'a' && ch <= 'z')
        return ch - 'a' + 10;
    switch (ch) {
    case ' ':
        return 36;
    case '$':
        return 37;
    case '%':
        return 38;
    case '*':
        return 39;
    case '+':
        return 40;
    case '-':
        return 41;
    case '.':
        return 42;
    case '/':
        return 43;
    case ':':
        return 44;
    default:
        return -1;
    }
}

char *
yj_base45_encode(const unsigned char *in, size_t n)
{
    size_t outlen = n / 2 * 3 + (n % 2) * 2;
    char *out = xmalloc(outlen + 1);
    size_t o = 0;
    size_t i = 0;
    for (; i + 1 < n; i += 2) {
        unsigned v = (unsigned)in[i] * 256u + in[i + 1];
        out[o++] = yj_base45_alphabet[v % 45];
        v /= 45;
        out[o++] = yj_base45_alphabet[v % 45];
        out[o++] = yj_base45_alphabet[v / 45];
    }
    if (i < n) {
        unsigned v = in[i];
        out[o++] = yj_base45_alphabet[v % 45];
        out[o++] = yj_base45_alphabet[v / 45];
    }
    out[o] = '\0';
    return out;
}

int
yj_base45_decode(const char *in, size_t n, unsigned char **out, size_t *outn)
{
    *out = NULL;
    *outn = 0;
    if (n % 3 == 1)
        return -1;
    unsigned char *buf = xmalloc(n / 3 * 2 + 1);
    size_t o = 0;
    for (size_t i = 0; i < n; i += 3) {
        size_t left = n - i;
        int c = b45_value(in[i]);
        int d = b45_value(in[i + 1]);
        int e = left >= 3 ? b45_value(in[i + 2]) : 0;
        if (c < 0 || d < 0 || e < 0)
            goto bad;
        unsigned long v = (unsigned long)c + 45ul * (unsigned long)d + 2025ul * (unsigned long)e;
        if (left >= 3) {
            if (v > 0xffff)
                goto bad;
            buf[o++] = (unsigned char)(v >> 8);
            buf[o++] = (unsigned char)(v & 0xff);
        } else {
            if (v > 0xff)
                goto bad;
            buf[o++] = (unsigned char)v;
        }
    }
    *out = buf;
    *outn = o;
    return 0;
bad:
    free(buf);
    return -1;
}
