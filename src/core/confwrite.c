/* confwrite.c: the configuration file as lines, edited in place and saved
 * atomically (see confwrite.h). */
#include "core/confwrite.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/i18n.h"
#include "core/util.h"

enum kind { L_OTHER, L_SECTION, L_KV };

struct line {
    char *text;     /* as in the file, without the newline */
    enum kind kind; /* blank and comment lines are L_OTHER */
    char *section;  /* the section the line is in ("" before any) */
    char *key;      /* L_KV: the key as written, trimmed */
    size_t val_off; /* L_KV: where the value starts in text */
    char *value;    /* L_KV: the value, trimmed */
};

struct yj_conffile {
    struct line *l;
    size_t n;
};

static int fail_step;

void
yj_conffile_fail_at(int step)
{
    fail_step = step;
}

struct yj_conffile *
yj_conffile_new(void)
{
    return xcalloc(1, sizeof(struct yj_conffile));
}

void
yj_conffile_free(struct yj_conffile **cf)
{
    if (*cf == NULL)
        return;
    for (size_t i = 0; i < (*cf)->n; i++) {
        free((*cf)->l[i].text);
        free((*cf)->l[i].section);
        free((*cf)->l[i].key);
        free((*cf)->l[i].value);
    }
    free((*cf)->l);
    yj_free(cf);
}

static bool
is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* s[0..n) without surrounding blanks, as a new string. */
static char *
trimmed(const char *s, size_t n)
{
    while (n > 0 && is_space(*s)) {
        s++;
        n--;
    }
    while (n > 0 && is_space(s[n - 1]))
        n--;
    return xstrndup(s, n);
}

/* Insert a line at index at (taking ownership of the strings). */
static void
insert_line(struct yj_conffile *cf, size_t at, struct line ln)
{
    cf->l = xreallocarray(cf->l, cf->n + 1, sizeof *cf->l);
    memmove(cf->l + at + 1, cf->l + at, (cf->n - at) * sizeof *cf->l);
    cf->l[at] = ln;
    cf->n++;
}

/* Classify one line of text in section sec; -1 when it is malformed. On a
 * section header, sec is updated. */
static int
classify(struct line *ln, char *sec, size_t secsz)
{
    const char *s = ln->text;
    while (is_space(*s))
        s++;
    ln->kind = L_OTHER;
    if (*s == '\0' || *s == '#' || *s == ';') {
        ln->section = xstrdup(sec);
        return 0;
    }
    if (*s == '[') {
        const char *end = strchr(s, ']');
        if (end == NULL || (size_t)(end - s - 1) >= secsz)
            return -1;
        char *name = trimmed(s + 1, (size_t)(end - s - 1));
        snprintf(sec, secsz, "%s", name);
        free(name);
        ln->kind = L_SECTION;
        ln->section = xstrdup(sec);
        return 0;
    }
    const char *eq = strchr(s, '=');
    if (eq == NULL)
        return -1;
    ln->kind = L_KV;
    ln->section = xstrdup(sec);
    ln->key = trimmed(s, (size_t)(eq - s));
    size_t off = (size_t)(eq - ln->text) + 1;
    while (is_space(ln->text[off]))
        off++;
    ln->val_off = off;
    ln->value = trimmed(ln->text + off, strlen(ln->text + off));
    return 0;
}

struct yj_conffile *
yj_conffile_parse(const char *text, char *err, size_t errsz)
{
    struct yj_conffile *cf = yj_conffile_new();
    char sec[128] = "";
    int lineno = 0;
    const char *p = text;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        struct line ln = {0};
        ln.text = xstrndup(p, len);
        lineno++;
        if (classify(&ln, sec, sizeof sec) != 0) {
            snprintf(err, errsz, _("第 %d 行无法识别（应为“键 = 值”、[节] 或 # 注释）：%s"), lineno,
                     ln.text);
            free(ln.text);
            yj_conffile_free(&cf);
            return NULL;
        }
        insert_line(cf, cf->n, ln);
        p += len + (nl ? 1 : 0);
    }
    return cf;
}

static const char *reason(int e);

struct yj_conffile *
yj_conffile_read(const char *path, bool *existed, char *err, size_t errsz)
{
    if (existed)
        *existed = false;
    char *text = yj_read_file(path, NULL);
    if (text == NULL) {
        if (errno == ENOENT)
            return yj_conffile_new();
        snprintf(err, errsz, _("无法读取配置文件 %s：%s"), path, reason(errno));
        return NULL;
    }
    if (existed)
        *existed = true;
    char why[512];
    struct yj_conffile *cf = yj_conffile_parse(text, why, sizeof why);
    free(text);
    if (cf == NULL)
        snprintf(err, errsz, _("配置文件 %s %s"), path, why);
    return cf;
}

/* Does line ln define key (as yj_config_load names it)? */
static bool
defines(const struct line *ln, const char *key)
{
    if (ln->kind != L_KV)
        return false;
    if (ln->section[0] == '\0')
        return strcmp(ln->key, key) == 0;
    size_t sl = strlen(ln->section);
    return strncmp(key, ln->section, sl) == 0 && key[sl] == '.' &&
           strcmp(key + sl + 1, ln->key) == 0;
}

/* Index of the line that sets key last, or -1. */
static long
find_key(const struct yj_conffile *cf, const char *key)
{
    long found = -1;
    for (size_t i = 0; i < cf->n; i++)
        if (defines(&cf->l[i], key))
            found = (long)i;
    return found;
}

const char *
yj_conffile_get(const struct yj_conffile *cf, const char *key)
{
    long i = find_key(cf, key);
    return i < 0 ? NULL : cf->l[i].value;
}

/* A new line "key = value" (value ends at the first line break) in section sec. */
static struct line
kv_line(const char *sec, const char *key, const char *value)
{
    struct line ln = {0};
    int vl = (int)strcspn(value, "\r\n");
    ln.text = xasprintf("%s = %.*s", key, vl, value);
    ln.kind = L_KV;
    ln.section = xstrdup(sec);
    ln.key = xstrdup(key);
    ln.val_off = strlen(key) + 3;
    ln.value = xstrndup(value, (size_t)vl);
    if (vl == 0)
        ln.text[strlen(ln.text) - 1] = '\0'; /* "key =" */
    return ln;
}

static struct line
plain_line(const char *sec, const char *text, enum kind k)
{
    struct line ln = {0};
    ln.text = xstrdup(text);
    ln.kind = k;
    ln.section = xstrdup(sec);
    return ln;
}

void
yj_conffile_set(struct yj_conffile *cf, const char *key, const char *value)
{
    int vl = (int)strcspn(value, "\r\n");
    long i = find_key(cf, key);
    if (i >= 0) {
        struct line *ln = &cf->l[i];
        size_t off = ln->val_off;
        if (vl == 0) {
            /* Empty: "key =", without trailing blanks. */
            while (off > 0 && is_space(ln->text[off - 1]))
                off--;
        } else if (off > 0 && ln->text[off - 1] == '=' && off >= 2 && is_space(ln->text[off - 2])) {
            /* "key =" with nothing after it: put the usual space back. */
            char *t = xasprintf("%.*s ", (int)off, ln->text);
            free(ln->text);
            ln->text = t;
            off++;
        }
        char *t = xasprintf("%.*s%.*s", (int)off, ln->text, vl, value);
        free(ln->text);
        ln->text = t;
        ln->val_off = off;
        free(ln->value);
        ln->value = xstrndup(value, (size_t)vl);
        return;
    }
    const char *dot = strchr(key, '.');
    if (dot == NULL) {
        /* Before the first section: after the last key there, else above the
         * comments that introduce the first section. */
        size_t at = 0, first_sec = cf->n;
        bool any = false;
        for (size_t k = 0; k < cf->n; k++) {
            if (cf->l[k].kind == L_SECTION) {
                first_sec = k;
                break;
            }
            if (cf->l[k].kind == L_KV) {
                at = k + 1;
                any = true;
            }
        }
        if (!any) {
            at = first_sec;
            if (first_sec < cf->n) {
                while (at > 0 && cf->l[at - 1].text[strspn(cf->l[at - 1].text, " \t")] == '#')
                    at--;
                insert_line(cf, at, plain_line("", "", L_OTHER));
            }
        }
        insert_line(cf, at, kv_line("", key, value));
        return;
    }
    char sec[128];
    snprintf(sec, sizeof sec, "%.*s", (int)(dot - key), key);
    long last_kv = -1, header = -1;
    for (size_t k = 0; k < cf->n; k++) {
        if (cf->l[k].kind == L_SECTION && strcmp(cf->l[k].section, sec) == 0)
            header = (long)k;
        else if (cf->l[k].kind == L_KV && strcmp(cf->l[k].section, sec) == 0)
            last_kv = (long)k;
    }
    if (last_kv >= 0 || header >= 0) {
        size_t at = (size_t)(last_kv > header ? last_kv : header) + 1;
        insert_line(cf, at, kv_line(sec, dot + 1, value));
        return;
    }
    if (cf->n > 0 && cf->l[cf->n - 1].text[strspn(cf->l[cf->n - 1].text, " \t\r")] != '\0')
        insert_line(cf, cf->n, plain_line("", "", L_OTHER));
    char *hdr = xasprintf("[%s]", sec);
    insert_line(cf, cf->n, plain_line(sec, hdr, L_SECTION));
    free(hdr);
    insert_line(cf, cf->n, kv_line(sec, dot + 1, value));
}

char *
yj_conffile_text(const struct yj_conffile *cf)
{
    struct yj_buf b = {0};
    for (size_t i = 0; i < cf->n; i++) {
        yj_buf_adds(&b, cf->l[i].text);
        yj_buf_addc(&b, '\n');
    }
    return yj_buf_steal(&b);
}

/* Why a write failed, in words an administrator can act on. */
static const char *
reason(int e)
{
    switch (e) {
    case EACCES:
    case EPERM:
        return _("没有权限（请以管理员身份运行，如 sudo yijian setup）");
    case EROFS:
        return _("文件系统是只读的");
    case ENOSPC:
    case EDQUOT:
        return _("磁盘空间不足");
    case ENOTDIR:
        return _("路径中有一段不是目录");
    case EISDIR:
        return _("这是一个目录");
    default:
        return strerror(e);
    }
}

/* mkdir -p of dir's components with mode 0755 (whatever the umask). */
static int
make_dirs(const char *dir)
{
    char tmp[PATH_MAX];
    if (snprintf(tmp, sizeof tmp, "%s", dir) >= (int)sizeof tmp) {
        errno = ENAMETOOLONG;
        return -1;
    }
    for (char *p = tmp + 1;; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char c = *p;
        *p = '\0';
        if (mkdir(tmp, 0755) == 0) {
            /* the program runs with umask 077; the service user reads this file */
            if (chmod(tmp, 0755) != 0)
                return -1;
        } else if (errno != EEXIST) {
            return -1;
        }
        *p = c;
        if (c == '\0')
            break;
    }
    return 0;
}

int
yj_conffile_save(const struct yj_conffile *cf, const char *path, char *err, size_t errsz)
{
    /* A link is followed: the file it points to is replaced, the link kept. */
    char real[PATH_MAX];
    struct stat lst;
    if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode) && realpath(path, real) != NULL)
        path = real;
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", path);
    char *d = dirname(dir);
    struct stat st;
    bool existed = stat(path, &st) == 0;
    if (existed && !S_ISREG(st.st_mode)) {
        snprintf(err, errsz, _("无法写入配置文件 %s：%s"), path,
                 S_ISDIR(st.st_mode) ? reason(EISDIR) : _("不是普通文件"));
        return -1;
    }
    if (!existed && make_dirs(d) != 0) {
        snprintf(err, errsz, _("无法创建配置目录 %s：%s"), d, reason(errno));
        return -1;
    }
    char *tmp = xasprintf("%s.XXXXXX", path);
    char *text = yj_conffile_text(cf);
    size_t len = strlen(text);
    int step = fail_step, e = 0, rc = -1;
    fail_step = 0;
    int fd = mkstemp(tmp);
    if (fd < 0) {
        e = errno;
        free(tmp);
        tmp = NULL;
        goto out;
    }
    mode_t mode = existed ? (st.st_mode & 07777) : 0644;
    if (step == 1 || write(fd, text, len) != (ssize_t)len || fchmod(fd, mode) != 0) {
        e = step == 1 ? ENOSPC : errno;
        goto out;
    }
    if (existed && geteuid() == 0 && fchown(fd, st.st_uid, st.st_gid) != 0) {
        e = errno;
        goto out;
    }
    if (step == 2 || fsync(fd) != 0) {
        e = step == 2 ? EIO : errno;
        goto out;
    }
    int cr = close(fd);
    fd = -1;
    if (cr != 0 || step == 3 || rename(tmp, path) != 0) {
        e = step == 3 ? EROFS : errno;
        goto out;
    }
    free(tmp);
    tmp = NULL;
    /* The rename itself must reach the disk. */
    int dfd = open(d, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    rc = 0;
out:
    if (fd >= 0)
        close(fd);
    if (tmp != NULL) {
        unlink(tmp);
        free(tmp);
    }
    free(text);
    if (rc != 0) {
        if (existed)
            snprintf(err, errsz, _("无法写入配置文件 %s：%s。原文件未改动。"), path, reason(e));
        else
            snprintf(err, errsz, _("无法写入配置文件 %s：%s"), path, reason(e));
    }
    return rc;
}
