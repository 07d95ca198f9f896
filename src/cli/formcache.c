/* formcache.c: `forms show THING --json`, the merged form of a thing, kept
 * from one run to the next so that a command asking for it does not parse all
 * the form files (about 40 million instructions) each time.
 *
 * An entry is used only when it was written for the same program (version,
 * size and time of the executable), the same language, thing and forms
 * directory, and the same content of every file under that directory: the
 * key is BLAKE2b over all of it, and the entry carries the key and a BLAKE2b
 * of its text. Anything else (no cache directory, a read-only one, an entry
 * cut short or changed) is a miss: the form set is parsed as before. Only the
 * output of a set without problems is ever stored. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "core/i18n.h"
#include "core/util.h"
#include "yj_build.h"

#define KEYLEN 32
#define MAGIC "yijian-forms-show 1"

static int
cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every entry under dir (to depth 2), in name order, into the hash: names,
 * kinds and the content of regular files. -1 when dir cannot be read. */
static int
hash_dir(crypto_generichash_state *st, const char *dir, const char *rel, int depth)
{
    char *path = xasprintf("%s%s%s", dir, *rel ? "/" : "", rel);
    DIR *d = opendir(path);
    free(path);
    if (d == NULL)
        return -1;
    char **v = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        v = xreallocarray(v, n + 1, sizeof *v);
        v[n++] = xasprintf("%s%s%s", rel, *rel ? "/" : "", e->d_name);
    }
    closedir(d);
    if (n > 1)
        qsort(v, n, sizeof *v, cmp_name);
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        path = xasprintf("%s/%s", dir, v[i]);
        struct stat sb;
        char kind = '?';
        if (lstat(path, &sb) == 0)
            kind = S_ISREG(sb.st_mode) ? 'f' : S_ISDIR(sb.st_mode) ? 'd' : 'o';
        crypto_generichash_update(st, (const unsigned char *)v[i], strlen(v[i]) + 1);
        crypto_generichash_update(st, (const unsigned char *)&kind, 1);
        if (kind == 'f') {
            size_t len = 0;
            char *text = yj_read_file(path, &len);
            if (text == NULL) {
                rc = -1;
            } else {
                unsigned long long l = len;
                crypto_generichash_update(st, (const unsigned char *)&l, sizeof l);
                crypto_generichash_update(st, (const unsigned char *)text, len);
                free(text);
            }
        } else if (kind == 'd' && depth > 0 && hash_dir(st, dir, v[i], depth - 1) != 0) {
            rc = -1;
        }
        free(path);
        free(v[i]);
    }
    free(v);
    return rc;
}

/* The cache file for this request in *path (malloc'd) and its key; -1 when
 * there is no cache to use. */
static int
entry(const char *forms_dir, const char *thing, char **path, unsigned char key[KEYLEN])
{
    const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    char *base;
    if (xdg != NULL && *xdg == '/')
        base = xasprintf("%s/yijian", xdg);
    else if (home != NULL && *home == '/')
        base = xasprintf("%s/.cache/yijian", home);
    else
        return -1;
    char real[PATH_MAX], self[PATH_MAX];
    struct stat sb;
    if (sodium_init() < 0 || realpath(forms_dir, real) == NULL ||
        realpath("/proc/self/exe", self) == NULL || stat(self, &sb) != 0) {
        free(base);
        return -1;
    }
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, KEYLEN);
    char head[PATH_MAX * 2 + 256];
    int hl = snprintf(head, sizeof head, "%s|%s|%s|%lld|%lld.%09ld|%d|%s|%s", MAGIC, YJ_VERSION,
                      self, (long long)sb.st_size, (long long)sb.st_mtim.tv_sec, sb.st_mtim.tv_nsec,
                      (int)yj_i18n_get(), thing, real);
    crypto_generichash_update(&st, (const unsigned char *)head, (size_t)hl);
    if (hash_dir(&st, real, "", 2) != 0) {
        free(base);
        return -1;
    }
    crypto_generichash_final(&st, key, KEYLEN);
    char hex[KEYLEN * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, key, KEYLEN);
    *path = xasprintf("%s/%s", base, hex);
    free(base);
    return 0;
}

/* An entry: MAGIC "\n" hex(key) "\n" hex(BLAKE2b(text)) "\n" text. */
bool
yj_formcache_show(const char *forms_dir, const char *thing)
{
    char *path;
    unsigned char key[KEYLEN];
    if (entry(forms_dir, thing, &path, key) != 0)
        return false;
    size_t len = 0;
    char *data = yj_read_file(path, &len);
    free(path);
    size_t hdr = sizeof MAGIC + 2 * (KEYLEN * 2 + 1); /* MAGIC\n key\n sum\n */
    if (data == NULL || len < hdr) {
        free(data);
        return false;
    }
    char hex[KEYLEN * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, key, KEYLEN);
    unsigned char sum[KEYLEN];
    crypto_generichash(sum, KEYLEN, (const unsigned char *)data + hdr, len - hdr, NULL, 0);
    char sumhex[KEYLEN * 2 + 1];
    sodium_bin2hex(sumhex, sizeof sumhex, sum, KEYLEN);
    const char *p = data;
    bool ok = memcmp(p, MAGIC "\n", sizeof MAGIC) == 0;
    p += sizeof MAGIC;
    ok = ok && memcmp(p, hex, KEYLEN * 2) == 0 && p[KEYLEN * 2] == '\n';
    p += KEYLEN * 2 + 1;
    ok = ok && memcmp(p, sumhex, KEYLEN * 2) == 0 && p[KEYLEN * 2] == '\n';
    if (ok)
        ok = fwrite(data + hdr, 1, len - hdr, stdout) == len - hdr;
    free(data);
    return ok;
}

void
yj_formcache_store(const char *forms_dir, const char *thing, const char *text)
{
    char *path;
    unsigned char key[KEYLEN];
    if (entry(forms_dir, thing, &path, key) != 0)
        return;
    /* The directory, made private; failing that the entry is simply not kept. */
    char *dir = xstrdup(path);
    *strrchr(dir, '/') = '\0';
    char *parent = xstrdup(dir);
    *strrchr(parent, '/') = '\0';
    (void)(mkdir(parent, 0700) == 0 || errno == EEXIST);
    bool have = mkdir(dir, 0700) == 0 || errno == EEXIST;
    free(parent);
    free(dir);
    if (have) {
        size_t tl = strlen(text);
        char hex[KEYLEN * 2 + 1], sumhex[KEYLEN * 2 + 1];
        unsigned char sum[KEYLEN];
        sodium_bin2hex(hex, sizeof hex, key, KEYLEN);
        crypto_generichash(sum, KEYLEN, (const unsigned char *)text, tl, NULL, 0);
        sodium_bin2hex(sumhex, sizeof sumhex, sum, KEYLEN);
        char *data = xasprintf("%s\n%s\n%s\n%s", MAGIC, hex, sumhex, text);
        (void)yj_write_file_atomic(path, data, strlen(data));
        free(data);
    }
    free(path);
}
