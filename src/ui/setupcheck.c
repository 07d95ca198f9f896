/* setupcheck.c: the checks, steps and writing of `yijian setup` (no curses). */
#include "ui/setupcheck.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/caseno.h"
#include "core/confwrite.h"
#include "core/i18n.h"
#include "core/paths.h"
#include "core/region.h"
#include "core/utf8.h"
#include "core/util.h"
#include "print/qrpayload.h"
#include "store/store.h"
#include "sync/sync.h"

/* Copy src into dst, cut to fit (the checks have already bounded it). */
static void
setstr(char *dst, size_t dstsz, const char *src)
{
    size_t n = strlen(src);
    if (n >= dstsz)
        n = dstsz - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

enum yj_su_check
yj_setup_check_code(const char *s, char *region, size_t regionsz, char *msg, size_t msgsz)
{
    size_t n = strlen(s);
    if (regionsz > 0)
        region[0] = '\0';
    msg[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i])) {
            snprintf(msg, msgsz, "%s", _("服务中心代码只能是数字（6 位行政区划代码，如 310104）"));
            return YJ_SU_BAD;
        }
    }
    if (n < 6) {
        snprintf(msg, msgsz, "%s",
                 n == 0 ? _("请输入本中心所在地的 6 位行政区划代码，如 310104")
                        : _("还差几位：服务中心代码是 6 位数字"));
        return YJ_SU_INCOMPLETE;
    }
    if (n > 6) {
        snprintf(msg, msgsz, "%s", _("服务中心代码是 6 位数字，多了"));
        return YJ_SU_BAD;
    }
    const struct yj_region *r = yj_region_get(s);
    if (r == NULL) {
        snprintf(msg, msgsz, _("找不到地区代码 %s：请核对本中心所在区县的行政区划代码"), s);
        return YJ_SU_BAD;
    }
    char full[256], flat[256];
    yj_region_fullname(s, full, sizeof full);
    size_t k = 0;
    for (const char *p = full; *p && k + 1 < sizeof flat; p++)
        if (*p != ' ')
            flat[k++] = *p;
    flat[k] = '\0';
    if (!r->current) {
        snprintf(msg, msgsz, _("地区代码 %s（%s）已撤销，请使用现行的行政区划代码"), s, flat);
        return YJ_SU_BAD;
    }
    if (yj_region_placeholder(r->name)) {
        snprintf(msg, msgsz, _("%s（%s）只是统计用的占位代码，请填写具体的区县代码"), s, flat);
        return YJ_SU_BAD;
    }
    snprintf(region, regionsz, "%s", flat);
    return YJ_SU_OK;
}

enum yj_su_check
yj_setup_check_name(const char *s, char *msg, size_t msgsz)
{
    msg[0] = '\0';
    size_t n = strlen(s);
    if (!yj_utf8_check(s, n, false)) {
        snprintf(msg, msgsz, "%s", _("服务中心名称含有无法识别的字符"));
        return YJ_SU_BAD;
    }
    size_t chars = yj_utf8_len(s);
    if (chars == 0) {
        snprintf(msg, msgsz, "%s", _("请输入服务中心名称（打印在受理回执上）"));
        return YJ_SU_INCOMPLETE;
    }
    if (s[0] == ' ' || s[n - 1] == ' ') {
        snprintf(msg, msgsz, "%s", _("服务中心名称的开头和结尾不能是空格"));
        return YJ_SU_BAD;
    }
    if (chars < 2) {
        snprintf(msg, msgsz, "%s", _("服务中心名称至少 2 个字"));
        return YJ_SU_INCOMPLETE;
    }
    if (chars > 40) {
        snprintf(msg, msgsz, "%s", _("服务中心名称最多 40 个字"));
        return YJ_SU_BAD;
    }
    return YJ_SU_OK;
}

enum yj_su_check
yj_setup_check_terminal(char *s, char *msg, size_t msgsz)
{
    msg[0] = '\0';
    size_t n = strlen(s);
    for (size_t i = 0; i < n; i++) {
        s[i] = (char)toupper((unsigned char)s[i]);
        if (!isdigit((unsigned char)s[i]) && !(s[i] >= 'A' && s[i] <= 'Z')) {
            snprintf(msg, msgsz, "%s", _("终端编号只能用大写字母和数字，共 3 位，如 K01"));
            return YJ_SU_BAD;
        }
    }
    if (n < 3) {
        snprintf(msg, msgsz, "%s", _("终端编号是 3 位大写字母或数字，如自助机 K01、窗口 C01"));
        return YJ_SU_INCOMPLETE;
    }
    if (n > 3 || !yj_terminal_id_valid(s)) {
        snprintf(msg, msgsz, "%s", _("终端编号只能有 3 位，如 K01"));
        return YJ_SU_BAD;
    }
    return YJ_SU_OK;
}

enum yj_su_check
yj_setup_check_printer(const char *name, const struct yj_print_queue *q, int nq, char *msg,
                       size_t msgsz)
{
    msg[0] = '\0';
    if (name[0] == '\0')
        return YJ_SU_OK;
    if (strpbrk(name, " \t/#\\'\"") != NULL || strlen(name) >= sizeof q->name) {
        snprintf(msg, msgsz, _("“%s”不是有效的打印队列名"), name);
        return YJ_SU_BAD;
    }
    if (nq < 0) {
        snprintf(msg, msgsz,
                 _("无法核对打印机“%s”：打印服务未运行。请先启动 CUPS，或选择不使用打印机"), name);
        return YJ_SU_BAD;
    }
    struct yj_buf b = {0};
    for (int i = 0; i < nq; i++) {
        if (strcmp(q[i].name, name) == 0) {
            yj_buf_free(&b);
            return YJ_SU_OK;
        }
        yj_buf_printf(&b, "%s%s", i ? "、" : "", q[i].name);
    }
    if (nq == 0)
        snprintf(msg, msgsz, _("找不到打印机“%s”：本机的打印服务中还没有任何打印机"), name);
    else
        snprintf(msg, msgsz, _("找不到打印机“%s”。本机的打印机有：%s"), name, b.data);
    yj_buf_free(&b);
    return YJ_SU_BAD;
}

enum yj_su_check
yj_setup_check_upstream(const char *s, char *msg, size_t msgsz)
{
    char err[256];
    msg[0] = '\0';
    if (s[0] == '\0')
        return YJ_SU_OK;
    if (yj_sync_url_ok(s, err, sizeof err))
        return YJ_SU_OK;
    if (strncasecmp(s, "http://", 7) == 0 && strpbrk(s, "@?") == NULL)
        snprintf(msg, msgsz, "%s",
                 _("明文 http:// 只允许本机地址（127.0.0.1、::1、localhost），上报平台请使用 "
                   "https://"));
    else if (strpbrk(s, "@?") != NULL && strstr(s, "://") != NULL)
        snprintf(msg, msgsz, "%s", _("上报平台地址不能含用户名、密码或查询参数（? 之后的部分）"));
    else
        snprintf(msg, msgsz, _("“%s”不是有效的上报平台地址，应以 https:// 开头"), s);
    return YJ_SU_BAD;
}

void
yj_setup_suggest_name(const char *code, char *out, size_t outsz)
{
    char region[256], msg[256];
    if (yj_setup_check_code(code, region, sizeof region, msg, sizeof msg) != YJ_SU_OK) {
        snprintf(out, outsz, "%s", "");
        return;
    }
    snprintf(out, outsz, _("%s政务服务中心"), region);
}

/* Copy a configuration value into a fixed buffer, "" for none. */
static void
take(char *dst, size_t dstsz, const struct yj_conffile *cf, const char *key)
{
    const char *v = cf ? yj_conffile_get(cf, key) : NULL;
    snprintf(dst, dstsz, "%s", v ? v : "");
}

static bool
is_no(const char *v)
{
    return v && (strcmp(v, "no") == 0 || strcmp(v, "false") == 0 || strcmp(v, "0") == 0 ||
                 strcmp(v, "off") == 0);
}

void
yj_setup_prefill(struct yj_setup_values *v, const struct yj_conffile *cf)
{
    memset(v, 0, sizeof *v);
    take(v->centre_code, sizeof v->centre_code, cf, "centre_code");
    take(v->centre_name, sizeof v->centre_name, cf, "centre_name");
    take(v->terminal_id, sizeof v->terminal_id, cf, "terminal_id");
    const char *p = cf ? yj_conffile_get(cf, "print.printer") : NULL;
    const char *en = cf ? yj_conffile_get(cf, "print.enabled") : NULL;
    if (is_no(en)) {
        v->printer_known = true;
    } else if (p != NULL && *p) {
        v->printer_known = true;
        snprintf(v->printer, sizeof v->printer, "%s", p);
    }
    const char *u = cf ? yj_conffile_get(cf, "sync.base_url") : NULL;
    if (u != NULL) {
        v->upstream_known = true;
        snprintf(v->upstream, sizeof v->upstream, "%s", u);
    }
}

void
yj_setup_init(struct yj_setup *s, const struct yj_setup_values *v)
{
    memset(s, 0, sizeof *s);
    s->v = *v;
    s->step = YJ_SU_CODE;
}

bool
yj_setup_enter(struct yj_setup *s, const char *input, const struct yj_print_queue *q, int nq,
               char *msg, size_t msgsz)
{
    char buf[512], region[256];
    snprintf(buf, sizeof buf, "%s", input);
    enum yj_su_check c = YJ_SU_BAD;
    switch (s->step) {
    case YJ_SU_CODE:
        c = yj_setup_check_code(buf, region, sizeof region, msg, msgsz);
        if (c != YJ_SU_OK)
            break;
        setstr(s->v.centre_code, sizeof s->v.centre_code, buf);
        /* Suggest a name unless one was typed that is not our suggestion. */
        if (s->v.centre_name[0] == '\0' || strcmp(s->v.centre_name, s->suggested) == 0) {
            yj_setup_suggest_name(buf, s->suggested, sizeof s->suggested);
            snprintf(s->v.centre_name, sizeof s->v.centre_name, "%s", s->suggested);
        }
        break;
    case YJ_SU_NAME:
        c = yj_setup_check_name(buf, msg, msgsz);
        if (c == YJ_SU_OK)
            setstr(s->v.centre_name, sizeof s->v.centre_name, buf);
        break;
    case YJ_SU_TERMINAL:
        c = yj_setup_check_terminal(buf, msg, msgsz);
        if (c == YJ_SU_OK)
            setstr(s->v.terminal_id, sizeof s->v.terminal_id, buf);
        break;
    case YJ_SU_PRINTER:
        c = yj_setup_check_printer(buf, q, nq, msg, msgsz);
        if (c == YJ_SU_OK) {
            s->v.printer_known = true;
            setstr(s->v.printer, sizeof s->v.printer, buf);
        }
        break;
    case YJ_SU_UPSTREAM:
        c = yj_setup_check_upstream(buf, msg, msgsz);
        if (c == YJ_SU_OK) {
            s->v.upstream_known = buf[0] != '\0' || s->v.upstream_known;
            setstr(s->v.upstream, sizeof s->v.upstream, buf);
        }
        break;
    default:
        return false;
    }
    if (c == YJ_SU_INCOMPLETE) {
        /* Leaving the field: not finished is wrong. */
        if (msg[0] == '\0')
            snprintf(msg, msgsz, "%s", _("这一项还没有填完"));
        return false;
    }
    if (c != YJ_SU_OK)
        return false;
    msg[0] = '\0';
    s->step++;
    return true;
}

bool
yj_setup_back(struct yj_setup *s)
{
    if (s->step == YJ_SU_CODE || s->step == YJ_SU_DONE)
        return false;
    s->step--;
    return true;
}

const char *
yj_setup_label(enum yj_setup_step f)
{
    switch (f) {
    case YJ_SU_CODE:
        return _("服务中心代码");
    case YJ_SU_NAME:
        return _("服务中心名称");
    case YJ_SU_TERMINAL:
        return _("终端编号");
    case YJ_SU_PRINTER:
        return _("打印机");
    case YJ_SU_UPSTREAM:
        return _("上报平台地址");
    default:
        return "";
    }
}

const char *
yj_setup_value(const struct yj_setup_values *v, enum yj_setup_step f)
{
    switch (f) {
    case YJ_SU_CODE:
        return v->centre_code;
    case YJ_SU_NAME:
        return v->centre_name;
    case YJ_SU_TERMINAL:
        return v->terminal_id;
    case YJ_SU_PRINTER:
        if (!v->printer_known)
            return _("（保持不变）");
        return v->printer[0] ? v->printer : _("不使用打印机");
    case YJ_SU_UPSTREAM:
        return v->upstream[0] ? v->upstream : _("不上报（仅本机）");
    default:
        return "";
    }
}

char *
yj_setup_summary(const struct yj_setup_values *v)
{
    struct yj_buf b = {0};
    char region[256], msg[256];
    for (int f = YJ_SU_CODE; f < YJ_SU_FIELDS; f++) {
        yj_buf_printf(&b, "%s：%s", yj_setup_label((enum yj_setup_step)f),
                      yj_setup_value(v, (enum yj_setup_step)f));
        if (f == YJ_SU_CODE &&
            yj_setup_check_code(v->centre_code, region, sizeof region, msg, sizeof msg) == YJ_SU_OK)
            yj_buf_printf(&b, "（%s）", region);
        yj_buf_addc(&b, '\n');
    }
    return yj_buf_steal(&b);
}

/* Run as root (an administrator with sudo), setup would leave the key pair and
 * the database owned by root, unreadable to the service user the kiosk and sync
 * run as. They belong to whoever owns the directory holding them
 * (/var/lib/yijian, owned by the yijian user the package creates): give each
 * of paths, when it exists, to the owner of dir. Nothing changes when not
 * root or when dir is root's own. 0, or -1 with the reason in msg. */
static int
give_to_owner_of(const char *dir, const char *const *paths, size_t n, char *msg, size_t msgsz)
{
    struct stat st;
    if (geteuid() != 0 || stat(dir, &st) != 0 || st.st_uid == 0)
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (chown(paths[i], st.st_uid, st.st_gid) != 0 && errno != ENOENT) {
            snprintf(msg, msgsz, _("无法把 %s 交给服务用户（uid %u）：%s"), paths[i],
                     (unsigned)st.st_uid, strerror(errno));
            return -1;
        }
    }
    return 0;
}

/* The key pair to the owner of its directory's parent. */
static int
keys_to_state_owner(const char *dir, char *msg, size_t msgsz)
{
    char *parent = yj_path_dir(dir);
    char *key = xasprintf("%s/terminal.key", dir), *pub = xasprintf("%s/terminal.pub", dir);
    const char *const paths[] = {dir, key, pub};
    int rc = give_to_owner_of(parent, paths, 3, msg, msgsz);
    free(key);
    free(pub);
    free(parent);
    return rc;
}

/* Create (or migrate) the database, so a new terminal is complete before its
 * first case, and give it to the owner of its directory. */
static int
make_database(const char *db, char *msg, size_t msgsz)
{
    struct yj_store *st = yj_store_open(db, msg, msgsz);
    if (st == NULL)
        return -1;
    yj_store_close(&st);
    char *dir = yj_path_dir(db);
    char *wal = xasprintf("%s-wal", db), *shm = xasprintf("%s-shm", db);
    const char *const paths[] = {db, wal, shm};
    int rc = give_to_owner_of(dir, paths, 3, msg, msgsz);
    free(wal);
    free(shm);
    free(dir);
    return rc;
}

int
yj_setup_apply(const char *path, const struct yj_setup_values *v, struct yj_setup_result *r,
               char *msg, size_t msgsz)
{
    char region[256], tid[8];
    memset(r, 0, sizeof *r);
    snprintf(tid, sizeof tid, "%s", v->terminal_id);
    if (yj_setup_check_code(v->centre_code, region, sizeof region, msg, msgsz) != YJ_SU_OK ||
        yj_setup_check_name(v->centre_name, msg, msgsz) != YJ_SU_OK ||
        yj_setup_check_terminal(tid, msg, msgsz) != YJ_SU_OK ||
        (v->upstream_known && yj_setup_check_upstream(v->upstream, msg, msgsz) != YJ_SU_OK)) {
        if (msg[0] == '\0')
            snprintf(msg, msgsz, "%s", _("这一项还没有填完"));
        return -1;
    }
    struct yj_conffile *cf = yj_conffile_read(path, NULL, msg, msgsz);
    if (cf == NULL)
        return -1;
    yj_conffile_set(cf, "centre_code", v->centre_code);
    yj_conffile_set(cf, "centre_name", v->centre_name);
    yj_conffile_set(cf, "terminal_id", tid);
    if (v->printer_known) {
        yj_conffile_set(cf, "print.printer", v->printer);
        yj_conffile_set(cf, "print.enabled", v->printer[0] ? "yes" : "no");
    }
    if (v->upstream_known && (v->upstream[0] || yj_conffile_get(cf, "sync.base_url") != NULL))
        yj_conffile_set(cf, "sync.base_url", v->upstream);
    int rc = yj_conffile_save(cf, path, msg, msgsz);
    yj_conffile_free(&cf);
    if (rc != 0)
        return -1;
    /* From here on every command reads the new values (keys.dir, db, ...). */
    if (yj_config_load(path) != 0) {
        snprintf(msg, msgsz, _("配置文件 %s 已写入，但无法重新读取"), path);
        return -1;
    }
    const char *dir = yj_keys_dir();
    snprintf(r->key_dir, sizeof r->key_dir, "%s", dir);
    struct yj_keypair kp;
    char why[512];
    int lr = yj_keys_load(dir, &kp, why, sizeof why);
    if (lr != 0 || strcmp(kp.terminal, tid) != 0) {
        if (yj_keys_init(dir, tid, true, why, sizeof why) != 0 ||
            yj_keys_load(dir, &kp, why, sizeof why) != 0) {
            snprintf(msg, msgsz, _("配置已写入 %s，但签名密钥没有生成：%s"), path, why);
            memset(&kp, 0, sizeof kp);
            return -1;
        }
        r->key_created = true;
    }
    if (keys_to_state_owner(dir, why, sizeof why) != 0) {
        snprintf(msg, msgsz, _("配置已写入 %s，但签名密钥的属主没有改好：%s"), path, why);
        memset(&kp, 0, sizeof kp);
        return -1;
    }
    const char *db = yj_paths_db();
    snprintf(r->db_path, sizeof r->db_path, "%s", db);
    if (make_database(db, why, sizeof why) != 0) {
        snprintf(msg, msgsz, _("配置已写入 %s，但数据库 %s 没有建好：%s"), path, db, why);
        memset(&kp, 0, sizeof kp);
        return -1;
    }
    char *line = yj_keys_public_line(&kp);
    memset(&kp, 0, sizeof kp);
    snprintf(r->publine, sizeof r->publine, "%s", line);
    free(line);
    msg[0] = '\0';
    return 0;
}
