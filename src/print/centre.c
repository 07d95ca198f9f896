/* centre.c: the centre's X25519 key pairs (sealed boxes for the receipt QR). */
#include "print/centre.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "core/i18n.h"
#include "core/paths.h"
#include "core/util.h"
#include "print/qrpayload.h"

#define KEY_PREFIX "centre-"
#define KEY_SUFFIX ".key"

const char *
yj_centre_pub_path(void)
{
    static char path[PATH_MAX + 16];
    const char *c = yj_config_get("keys.centre", NULL);
    if (c != NULL && *c)
        snprintf(path, sizeof path, "%s", c);
    else
        snprintf(path, sizeof path, "%s/centre", yj_keys_dir());
    return path;
}

bool
yj_centre_label_ok(const char *label)
{
    size_t n = label ? strlen(label) : 0;
    if (n == 0 || n > 64 || label[0] == '.')
        return false;
    for (size_t i = 0; i < n; i++) {
        char ch = label[i];
        if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
              ch == '.' || ch == '_' || ch == '-'))
            return false;
    }
    return true;
}

char *
yj_centre_public_line(const struct yj_centre_key *k)
{
    char b64[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_ORIGINAL)];
    sodium_bin2base64(b64, sizeof b64, k->pk, sizeof k->pk, sodium_base64_VARIANT_ORIGINAL);
    return xasprintf("%s %s", k->label, b64);
}

int
yj_centre_init(const char *dir, const char *label, bool force, char **line, char *msg, size_t msgsz)
{
    if (sodium_init() < 0)
        abort();
    *line = NULL;
    if (!yj_centre_label_ok(label)) {
        snprintf(msg, msgsz,
                 _("中心密钥名称“%s”无效：只能用 1 到 64 个字母、数字、点、下划线或连字符"),
                 label ? label : "");
        return -1;
    }
    char *skp = xasprintf("%s/" KEY_PREFIX "%s" KEY_SUFFIX, dir, label);
    char *pkp = xasprintf("%s/" KEY_PREFIX "%s.pub", dir, label);
    struct yj_centre_key k;
    memset(&k, 0, sizeof k);
    int rc = -1;
    if (!force && access(skp, F_OK) == 0) {
        snprintf(msg, msgsz, _("中心密钥已存在：%s（如确需重新生成，请加 --force 或换一个名称）"),
                 skp);
        goto out;
    }
    if (yj_keys_make_dir(dir) != 0) {
        snprintf(msg, msgsz, _("无法创建密钥目录 %s：%s"), dir, strerror(errno));
        goto out;
    }
    snprintf(k.label, sizeof k.label, "%s", label);
    crypto_box_keypair(k.pk, k.sk);
    if (yj_keys_write_line(skp, label, k.sk, sizeof k.sk, 0600) != 0 ||
        yj_keys_write_line(pkp, label, k.pk, sizeof k.pk, 0644) != 0) {
        snprintf(msg, msgsz, _("无法写入密钥文件（%s）：%s"), dir, strerror(errno));
        goto out;
    }
    *line = yj_centre_public_line(&k);
    rc = 0;
out:
    sodium_memzero(&k, sizeof k);
    free(skp);
    free(pkp);
    return rc;
}

/* Does name look like centre-LABEL.key? */
static bool
is_key_name(const char *name)
{
    size_t n = strlen(name), p = strlen(KEY_PREFIX), s = strlen(KEY_SUFFIX);
    return n > p + s && strncmp(name, KEY_PREFIX, p) == 0 && strcmp(name + n - s, KEY_SUFFIX) == 0;
}

/* qsort: by file name. */
static int
cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Parse "label base64" into k (secret: 32 bytes). */
static bool
parse_key_line(const char *text, struct yj_centre_key *k, bool secret)
{
    char b64[128];
    size_t n = 0;
    unsigned char *dst = secret ? k->sk : k->pk;
    if (sscanf(text, "%64s %127s", k->label, b64) != 2 || !yj_centre_label_ok(k->label) ||
        sodium_base642bin(dst, 32, b64, strlen(b64), NULL, &n, NULL,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        n != 32) {
        sodium_memzero(b64, sizeof b64);
        return false;
    }
    sodium_memzero(b64, sizeof b64);
    if (secret)
        crypto_scalarmult_base(k->pk, k->sk);
    return true;
}

int
yj_centre_keys_load(const char *dir, struct yj_centre_key **v, size_t *n, char *msg, size_t msgsz)
{
    if (sodium_init() < 0)
        abort();
    *v = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (d == NULL)
        return 0; /* no keys directory: no centre keys */
    char **names = NULL;
    size_t nn = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (!is_key_name(e->d_name))
            continue;
        names = xrealloc(names, (nn + 1) * sizeof *names);
        names[nn++] = xstrdup(e->d_name);
    }
    closedir(d);
    if (nn > 1)
        qsort(names, nn, sizeof *names, cmp_names);
    int rc = 0;
    *v = xcalloc(nn ? nn : 1, sizeof **v);
    for (size_t i = 0; i < nn; i++) {
        char *path = xasprintf("%s/%s", dir, names[i]);
        char *text = yj_read_file(path, NULL);
        if (text == NULL || !parse_key_line(text, &(*v)[*n], true)) {
            if (rc == 0)
                snprintf(msg, msgsz, _("中心密钥文件 %s 无法读取或已损坏"), path);
            rc = -1;
        } else {
            (*n)++;
        }
        if (text != NULL) {
            sodium_memzero(text, strlen(text));
            free(text);
        }
        free(path);
        free(names[i]);
    }
    free(names);
    if (rc != 0) {
        yj_centre_keys_free(*v, *n);
        *v = NULL;
        *n = 0;
    }
    return rc;
}

void
yj_centre_keys_free(struct yj_centre_key *v, size_t n)
{
    if (v == NULL)
        return;
    sodium_memzero(v, n * sizeof *v);
    free(v);
}

int
yj_centre_pub_load(const char *path, unsigned char pk[32], char label[65], char *msg, size_t msgsz)
{
    if (sodium_init() < 0)
        abort();
    char *text = path ? yj_read_file(path, NULL) : NULL;
    if (text == NULL)
        return 1;
    int rc = 1;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line != NULL && rc == 1;
         line = strtok_r(NULL, "\n", &save)) {
        while (*line == ' ' || *line == '\t')
            line++;
        if (*line == '#' || *line == '\0' || *line == '\r')
            continue;
        struct yj_centre_key k;
        memset(&k, 0, sizeof k);
        if (!parse_key_line(line, &k, false)) {
            snprintf(msg, msgsz, _("中心公钥文件 %s 有一行无法识别：应为“名称 公钥（base64）”"),
                     path);
            rc = -1;
            break;
        }
        memcpy(pk, k.pk, 32);
        snprintf(label, 65, "%s", k.label);
        rc = 0;
    }
    free(text);
    return rc;
}

unsigned char *
yj_centre_seal(const unsigned char *in, size_t n, const unsigned char pk[32], size_t *outn)
{
    if (sodium_init() < 0)
        abort();
    unsigned char *out = xmalloc(n + crypto_box_SEALBYTES);
    if (crypto_box_seal(out, in, n, pk) != 0) {
        free(out);
        *outn = 0;
        return NULL;
    }
    *outn = n + crypto_box_SEALBYTES;
    return out;
}

int
yj_centre_open(const struct yj_centre_key *v, size_t n, const unsigned char *in, size_t inn,
               unsigned char **out, size_t *outn, const char **label_out)
{
    if (sodium_init() < 0)
        abort();
    *out = NULL;
    *outn = 0;
    if (inn < crypto_box_SEALBYTES)
        return -1;
    size_t mn = inn - crypto_box_SEALBYTES;
    unsigned char *m = xmalloc(mn ? mn : 1);
    for (size_t i = 0; i < n; i++) {
        if (crypto_box_seal_open(m, in, inn, v[i].pk, v[i].sk) == 0) {
            *out = m;
            *outn = mn;
            if (label_out)
                *label_out = v[i].label;
            return 0;
        }
    }
    free(m);
    return -1;
}
