/* pinyin.c: search by pinyin initials over data/pinyin_initials.tsv
 * ("CHAR<TAB>letters"), a sorted array of (code point, letter mask). */
#include "core/pinyin.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/paths.h"
#include "core/utf8.h"
#include "core/util.h"

struct initials {
    uint32_t cp;
    uint32_t mask; /* bit 0: a ... bit 25: z */
};

static struct initials *tab;
static size_t ntab;
static enum { NOT_TRIED, LOADED, FAILED } state;

static int
cmp_cp(const void *a, const void *b)
{
    uint32_t x = ((const struct initials *)a)->cp, y = ((const struct initials *)b)->cp;
    return x < y ? -1 : x > y;
}

int
yj_pinyin_load(const char *path)
{
    char *defpath = NULL;
    if (path == NULL)
        path = defpath = xasprintf("%s/pinyin_initials.tsv", yj_paths_data());
    char *text = yj_read_file(path, NULL);
    free(defpath);
    if (text == NULL) {
        state = FAILED;
        return -1;
    }
    struct initials *t = NULL;
    size_t n = 0, cap = 0;
    for (char *line = text; *line;) {
        char *next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        char *tab_at = strchr(line, '\t');
        if (line[0] != '#' && tab_at != NULL) {
            uint32_t cp = 0;
            size_t used = yj_utf8_decode(line, (size_t)(tab_at - line), &cp);
            uint32_t mask = 0;
            for (const char *l = tab_at + 1; *l >= 'a' && *l <= 'z'; l++)
                mask |= 1u << (*l - 'a');
            if (used > 0 && mask != 0) {
                if (n == cap) {
                    cap = cap ? cap * 2 : 1024;
                    t = xreallocarray(t, cap, sizeof *t);
                }
                t[n++] = (struct initials){cp, mask};
            }
        }
        line = next ? next : line + strlen(line);
    }
    free(text);
    qsort(t, n, sizeof *t, cmp_cp);
    free(tab);
    tab = t;
    ntab = n;
    state = LOADED;
    return 0;
}

/* The letters a character may start with (0: none known). */
static uint32_t
mask_of(uint32_t cp)
{
    if (cp < 0x80) {
        if (cp >= 'A' && cp <= 'Z')
            cp += 'a' - 'A';
        return cp >= 'a' && cp <= 'z' ? 1u << (cp - 'a') : 0;
    }
    if (state == NOT_TRIED && yj_pinyin_load(NULL) != 0)
        yj_err("cannot read %s/pinyin_initials.tsv: no search by pinyin initials", yj_paths_data());
    struct initials key = {cp, 0};
    const struct initials *r = tab ? bsearch(&key, tab, ntab, sizeof *tab, cmp_cp) : NULL;
    return r ? r->mask : 0;
}

/* Is this a character the initials pass over (not a letter, not Chinese)? */
static bool
skipped(uint32_t cp)
{
    if (cp < 0x80)
        return !((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'));
    return !(cp >= 0x3400 && cp <= 0x9fff) && !(cp >= 0x20000 && cp <= 0x3ffff);
}

bool
yj_pinyin_prefix(const char *label, const char *q)
{
    size_t ll = strlen(label), off = 0;
    for (; *q; q++) {
        char c = *q >= 'A' && *q <= 'Z' ? (char)(*q + 'a' - 'A') : *q;
        if (c < 'a' || c > 'z')
            return false;
        uint32_t cp = 0;
        for (;;) {
            if (off >= ll)
                return false;
            size_t used = yj_utf8_decode(label + off, ll - off, &cp);
            off += used ? used : 1;
            if (!skipped(cp))
                break;
        }
        if (!(mask_of(cp) & (1u << (c - 'a'))))
            return false;
    }
    return true;
}

int
yj_pinyin_find(char *const *labels, size_t n, const char *q)
{
    if (q == NULL || q[0] == '\0')
        return -1;
    for (const char *c = q; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z')))
            return -1;
    for (size_t i = 0; i < n; i++)
        if (yj_pinyin_prefix(labels[i], q))
            return (int)i;
    for (size_t i = 0; i < n; i++)
        for (const char *p = labels[i]; *p; p++)
            if (p != labels[i] && ((unsigned char)*p & 0xc0) != 0x80 && yj_pinyin_prefix(p, q))
                return (int)i;
    return -1;
}
