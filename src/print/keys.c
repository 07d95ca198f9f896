/* keys.c: the terminal's Ed25519 key pair and the centre's trusted keys. */
#include "print/qrpayload.h"

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

const char *
yj_keys_dir(void)
{
    static char dir[PATH_MAX];
    const char *c = yj_config_get("keys.dir", NULL);
    if (c != NULL && *c) {
        snprintf(dir, sizeof dir, "%s", c);
        return dir;
    }
    const char *db = yj_paths_db();
    const char *slash = db ? strrchr(db, '/') : NULL;
    if (slash == NULL)
        snprintf(dir, sizeof dir, "keys");
    else if (slash == db)
        snprintf(dir, sizeof dir, "/keys");
    else
        snprintf(dir, sizeof dir, "%.*s/keys", (int)(slash - db), db);
    return dir;
}

const char *
yj_keys_trusted_path(void)
{
    static char path[PATH_MAX + 16];
    const char *c = yj_config_get("keys.trusted", NULL);
    if (c != NULL && *c)
        snprintf(path, sizeof path, "%s", c);
    else
        snprintf(path, sizeof path, "%s/trusted", yj_keys_dir());
    return path;
}

int
yj_keys_write_line(const char *path, const char *label, const unsigned char *key, size_t n,
                   mode_t mode)
{
    char b64[sodium_base64_ENCODED_LEN(64, sodium_base64_VARIANT_ORIGINAL)];
    sodium_bin2base64(b64, sizeof b64, key, n, sodium_base64_VARIANT_ORIGINAL);
    char *line = xasprintf("%s %s\n", label, b64);
    size_t len = strlen(line);
    int rc = -1;
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode);
    if (fd >= 0) {
        if (fchmod(fd, mode) == 0 && write(fd, line, len) == (ssize_t)len && fsync(fd) == 0) {
            rc = close(fd);
        } else {
            int e = errno;
            close(fd);
            errno = e;
        }
    }
    sodium_memzero(b64, sizeof b64);
    sodium_memzero(line, len);
    free(line);
    return rc;
}

int
yj_keys_make_dir(const char *dir)
{
    char tmp[PATH_MAX];
    snprintf(tmp, sizeof tmp, "%s", dir);
    for (char *p = tmp + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    if (mkdir(tmp, 0700) != 0 && errno != EEXIST)
        return -1;
    return 0;
}

int
yj_keys_init(const char *dir, const char *terminal, bool force, char *msg, size_t msgsz)
{
    if (sodium_init() < 0)
        abort();
    if (terminal == NULL || *terminal == '\0' || strlen(terminal) > 64 ||
        strpbrk(terminal, " \t\r\n#") != NULL) {
        snprintf(msg, msgsz, "%s", _("终端编号（配置项 terminal_id）未设置或含空格，无法生成密钥"));
        return -1;
    }
    char *skp = xasprintf("%s/terminal.key", dir);
    char *pkp = xasprintf("%s/terminal.pub", dir);
    int rc = -1;
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    if (!force && access(skp, F_OK) == 0) {
        snprintf(msg, msgsz,
                 _("密钥已存在：%s（如确需更换，请加 --force；旧回执的二维码将无法再验证）"), skp);
        goto out;
    }
    if (yj_keys_make_dir(dir) != 0) {
        snprintf(msg, msgsz, _("无法创建密钥目录 %s：%s"), dir, strerror(errno));
        goto out;
    }
    crypto_sign_keypair(pk, sk);
    if (yj_keys_write_line(skp, terminal, sk, sizeof sk, 0600) != 0 ||
        yj_keys_write_line(pkp, terminal, pk, sizeof pk, 0644) != 0) {
        snprintf(msg, msgsz, _("无法写入密钥文件（%s）：%s"), dir, strerror(errno));
        goto out;
    }
    rc = 0;
out:
    sodium_memzero(sk, sizeof sk);
    free(skp);
    free(pkp);
    return rc;
}

int
yj_keys_load(const char *dir, struct yj_keypair *kp, char *msg, size_t msgsz)
{
    if (sodium_init() < 0)
        abort();
    memset(kp, 0, sizeof *kp);
    char *skp = xasprintf("%s/terminal.key", dir);
    char *text = yj_read_file(skp, NULL);
    int rc = -1;
    if (text == NULL) {
        if (errno == ENOENT)
            rc = 1;
        snprintf(msg, msgsz, _("无法读取终端密钥 %s：%s"), skp, strerror(errno));
        goto out;
    }
    char b64[200];
    size_t n = 0;
    if (sscanf(text, "%64s %199s", kp->terminal, b64) != 2 ||
        sodium_base642bin(kp->sk, sizeof kp->sk, b64, strlen(b64), NULL, &n, NULL,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        n != sizeof kp->sk) {
        snprintf(msg, msgsz, _("终端密钥文件 %s 已损坏"), skp);
        goto out;
    }
    crypto_sign_ed25519_sk_to_pk(kp->pk, kp->sk);
    rc = 0;
out:
    if (text != NULL) {
        sodium_memzero(text, strlen(text));
        free(text);
    }
    free(skp);
    return rc;
}

char *
yj_keys_public_line(const struct yj_keypair *kp)
{
    char b64[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_ORIGINAL)];
    sodium_bin2base64(b64, sizeof b64, kp->pk, sizeof kp->pk, sodium_base64_VARIANT_ORIGINAL);
    return xasprintf("%s %s", kp->terminal, b64);
}
