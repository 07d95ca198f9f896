/* cmd_doctor.c: `yijian doctor` — is this terminal ready? One line per check, with
 * what to do for each ✗; --json for monitoring. The rules are the functions of
 * doctor.h; cmd_doctor gathers the measurements and formats. */
#include "cli/doctor.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/caseno.h"
#include "core/form.h"
#include "core/i18n.h"
#include "core/paths.h"
#include "core/region.h"
#include "core/util.h"
#include "print/print.h"
#include "print/qrpayload.h"
#include "store/store.h"
#include "sync/sync.h"

static const char usage_text[] =
    "usage: yijian doctor [--json] [--db PATH] [--forms DIR] [--config FILE]\n"
    "\n"
    "Checks this terminal and prints one line per check: ✓ when it holds, ✗ with\n"
    "what to do when it does not, ○ when there is nothing to check.\n"
    "\n"
    "  config    the configuration file parses; centre_code (a current region\n"
    "            code), terminal_id and centre_name are set\n"
    "  database  exists (never created here), writable, PRAGMA integrity_check,\n"
    "            schema version, size\n"
    "  disk      free space where the database lives (doctor.min_free_mb,\n"
    "            doctor.min_free_percent)\n"
    "  forms     the form set loads without problems\n"
    "  fonts     the receipt font (print.font) is installed and has Chinese glyphs\n"
    "  printer   the queue (print.printer, else the CUPS default) exists, is not\n"
    "            paused, accepts jobs; its printer-state-reasons\n"
    "  keys      the signing key exists with mode 0600; keys.trusted readable\n"
    "  upstream  sync.base_url answers, TLS verifies, the clock is within\n"
    "            doctor.clock_max_skew_s of the upstream's (○ when not configured)\n"
    "  outbox    cases held by the upstream, age of the oldest unsent case\n"
    "            (doctor.outbox_max_held, doctor.outbox_max_age_hours)\n"
    "\n"
    "  --json    one JSON object instead: {\"ok\":bool,\"checks\":[{\"id\",\"ok\",\n"
    "            \"state\",\"title\",\"detail\",\"fix\", measured numbers...}]}\n"
    "  --db PATH, --forms DIR, --config FILE   as for every command\n"
    "\n"
    "Exit status: 0 when every check holds, 1 when any is ✗, 2 usage error.\n"
    "See docs/DOCTOR.md.\n";

/* ---- small helpers --------------------------------------------------------- */

/* Append to buf, separating from what is there with sep. */
static void addf(char *buf, size_t sz, const char *sep, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
addf(char *buf, size_t sz, const char *sep, const char *fmt, ...)
{
    size_t n = strlen(buf);
    if (n > 0 && n < sz)
        n += (size_t)snprintf(buf + n, sz - n, "%s", sep);
    if (n >= sz)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + n, sz - n, fmt, ap);
    va_end(ap);
}

/* Record a failure: state ✗, the finding into detail, the remedy into fix. */
static void fail(struct yj_check *c, const char *fix, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
fail(struct yj_check *c, const char *fix, const char *fmt, ...)
{
    char tmp[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (c->state != YJ_CHECK_FAIL)
        c->detail[0] = '\0';
    c->state = YJ_CHECK_FAIL;
    addf(c->detail, sizeof c->detail, _("；"), "%s", tmp);
    if (fix && *fix)
        addf(c->fix, sizeof c->fix, _("；"), "%s", fix);
}

static void
set_int(struct yj_check *c, const char *key, long long v)
{
    json_object_set_new(c->values, key, json_integer(v));
}

void
yj_check_init(struct yj_check *c, const char *id, const char *title)
{
    memset(c, 0, sizeof *c);
    c->id = id;
    c->state = YJ_CHECK_OK;
    snprintf(c->title, sizeof c->title, "%s", title);
    c->values = json_object();
}

void
yj_check_free(struct yj_check *c)
{
    json_decref(c->values);
    c->values = NULL;
}

void
yj_doctor_limits_load(struct yj_doctor_limits *l)
{
    l->min_free_mb = yj_config_get_long("doctor.min_free_mb", 100);
    l->min_free_percent = yj_config_get_long("doctor.min_free_percent", 5);
    l->outbox_max_age_h = yj_config_get_long("doctor.outbox_max_age_hours", 24);
    l->outbox_max_held = yj_config_get_long("doctor.outbox_max_held", 0);
    l->clock_max_skew_s = yj_config_get_long("doctor.clock_max_skew_s", 60);
    const char *r = yj_config_get("doctor.require_upstream", "no");
    l->require_upstream = strcmp(r, "yes") == 0 || strcmp(r, "true") == 0 || strcmp(r, "1") == 0 ||
                          strcmp(r, "on") == 0;
}

void
yj_doctor_bytes(unsigned long long n, char *out, size_t outsz)
{
    if (n >= 1024ULL * 1024 * 1024)
        snprintf(out, outsz, "%.1f GB", (double)n / (1024.0 * 1024 * 1024));
    else if (n >= 1024ULL * 1024)
        snprintf(out, outsz, "%.1f MB", (double)n / (1024.0 * 1024));
    else if (n >= 1024)
        snprintf(out, outsz, "%.0f KB", (double)n / 1024.0);
    else
        snprintf(out, outsz, "%llu B", n);
}

void
yj_doctor_age(long long s, char *out, size_t outsz)
{
    if (s < 0)
        s = 0;
    if (s >= 86400)
        snprintf(out, outsz, _("%lld 天 %lld 小时"), s / 86400, s % 86400 / 3600);
    else if (s >= 3600)
        snprintf(out, outsz, _("%lld 小时 %lld 分钟"), s / 3600, s % 3600 / 60);
    else if (s >= 60)
        snprintf(out, outsz, _("%lld 分钟"), s / 60);
    else
        snprintf(out, outsz, _("%lld 秒"), s);
}

/* ---- 1. configuration ------------------------------------------------------ */

void
yj_doctor_check_config(struct yj_check *c, const char *path, bool explicit, bool exists,
                       const char *load_err)
{
    if (explicit && !exists) {
        char fix[512];
        snprintf(fix, sizeof fix, "%s",
                 _("用 --config 或 YIJIAN_CONFIG 指定本终端的配置文件，或运行 yijian setup 生成"));
        fail(c, fix, _("配置文件 %s 不存在"), path);
    } else if (load_err && *load_err) {
        char fix[512];
        snprintf(fix, sizeof fix, _("改正配置文件 %s（或用 --config 指定正确的文件）"), path);
        fail(c, fix, _("配置文件 %s 无法读取：%s"), path, load_err);
    } else if (!exists) {
        /* The default file may be absent; the keys below then say what is missing. */
        snprintf(c->detail, sizeof c->detail, _("没有配置文件 %s"), path);
    }
    const char *centre = yj_config_get("centre_code", NULL);
    const char *terminal = yj_config_get("terminal_id", NULL);
    const char *cname = yj_config_get("centre_name", NULL);
    char region[256] = "";
    if (centre == NULL || *centre == '\0') {
        fail(c, _("运行 yijian setup，或在配置文件中填写 centre_code = 6 位地区代码"), "%s",
             _("没有配置服务中心代码（centre_code）"));
    } else if (!yj_centre_code_valid(centre)) {
        fail(c, _("把配置项 centre_code 改为 6 位数字的地区代码"),
             _("服务中心代码 %s 不是 6 位数字（centre_code）"), centre);
    } else {
        const struct yj_region *r = yj_region_get(centre);
        yj_region_fullname(centre, region, sizeof region);
        if (r == NULL)
            fail(c, _("把配置项 centre_code 改为本中心所在区县的现行代码"),
                 _("服务中心代码 %s 不在地区代码表 data/regions.tsv 中"), centre);
        else if (!r->current)
            fail(c, _("把配置项 centre_code 改为本中心所在区县的现行代码"),
                 _("服务中心代码 %s（%s）已撤销，不是现行代码"), centre, region);
    }
    if (terminal == NULL || *terminal == '\0') {
        fail(c, _("运行 yijian setup，或在配置文件中填写 terminal_id（如 K01）"), "%s",
             _("没有配置终端编号（terminal_id）"));
    } else if (!yj_terminal_id_valid(terminal)) {
        fail(c, _("把配置项 terminal_id 改为 3 位大写字母或数字，如 K01"),
             _("终端编号 %s 不对（terminal_id）"), terminal);
    }
    if (cname == NULL || *cname == '\0') {
        fail(c, _("运行 yijian setup，或在配置文件中填写 centre_name"), "%s",
             _("没有配置服务中心名称（centre_name），回执上会缺少中心名称"));
    }
    if (c->state == YJ_CHECK_OK)
        snprintf(c->detail, sizeof c->detail, _("配置 %s：服务中心 %s %s，%s，终端 %s"), path,
                 centre, region, cname, terminal);
}

/* ---- 2. database and disk -------------------------------------------------- */

void
yj_doctor_judge_db(struct yj_check *c, const char *path, bool exists,
                   const struct yj_store_health *h)
{
    const char *restore = _("停止本机的 yijian 程序，把损坏的文件另存后从备份恢复");
    if (!exists) {
        fail(c,
             _("检查配置项 db（或 --db、YIJIAN_DB）是否指向本终端的数据库；"
               "新终端的数据库在第一次办件时创建"),
             _("数据库 %s 不存在"), path);
        return;
    }
    set_int(c, "schema_version", h->schema);
    set_int(c, "schema_expected", h->schema_expected);
    set_int(c, "size_bytes", h->size_bytes);
    set_int(c, "cases", h->cases);
    if (!h->opened) {
        fail(c, restore, _("数据库 %s 无法打开或不是本程序的数据库（%s）"), path, h->integrity);
        return;
    }
    if (!h->integrity_ok)
        fail(c, restore, _("数据库 %s 完整性检查未通过（%s）"), path, h->integrity);
    if (h->readonly)
        fail(c,
             _("检查磁盘是否被只读挂载（mount）、数据库文件和所在目录的权限；"
               "只读时办件无法保存"),
             _("数据库 %s 不可写"), path);
    if (h->schema < h->schema_expected) {
        fail(c, _("备份数据库后运行一次 yijian case list，打开时会自动升级"),
             _("数据库结构版本 %lld 低于本程序的 %d"), h->schema, h->schema_expected);
    } else if (h->schema > h->schema_expected) {
        fail(c, _("升级本机的 yijian 到写过该数据库的版本"),
             _("数据库结构版本 %lld 高于本程序的 %d（被更新的版本写过）"), h->schema,
             h->schema_expected);
    }
    if (h->expr_failures > 0)
        fail(c,
             _("运行 yijian forms check --strict 找出并改正该表达式；审计日志中的 "
               "forms.expr_failed 记录列出了它们"),
             _("最近 7 天有 %lld 个办件遇到无法计算的表单表达式（已按安全方式处理）"),
             h->expr_failures);
    if (c->state == YJ_CHECK_OK) {
        char size[32];
        yj_doctor_bytes((unsigned long long)h->size_bytes, size, sizeof size);
        snprintf(c->detail, sizeof c->detail,
                 _("数据库 %s：完整性 ok，结构版本 %lld，%s，%lld 个办件"), path, h->schema, size,
                 h->cases);
    }
}

void
yj_doctor_judge_disk(struct yj_check *c, const char *dir, unsigned long long free_bytes,
                     unsigned long long total_bytes, const struct yj_doctor_limits *l)
{
    char fb[32], tb[32];
    if (total_bytes == 0) {
        c->state = YJ_CHECK_INFO;
        snprintf(c->detail, sizeof c->detail, _("无法得知 %s 所在磁盘的可用空间"), dir);
        return;
    }
    double pct = 100.0 * (double)free_bytes / (double)total_bytes;
    set_int(c, "free_bytes", (long long)free_bytes);
    set_int(c, "total_bytes", (long long)total_bytes);
    json_object_set_new(c->values, "free_percent", json_real((double)(long)(pct * 10) / 10));
    yj_doctor_bytes(free_bytes, fb, sizeof fb);
    yj_doctor_bytes(total_bytes, tb, sizeof tb);
    if (free_bytes < (unsigned long long)l->min_free_mb * 1024 * 1024 ||
        pct < (double)l->min_free_percent)
        fail(c,
             _("清理磁盘（旧日志、备份、下载的文件），或运行 yijian case purge "
               "清除过了保存期的个人信息"),
             _("数据库所在磁盘（%s）只剩 %s（%.1f%%），低于 %ld MB 或 %ld%%"), dir, fb, pct,
             l->min_free_mb, l->min_free_percent);
    else
        snprintf(c->detail, sizeof c->detail, _("数据库所在磁盘（%s）可用 %s，共 %s（%.0f%%）"),
                 dir, fb, tb, pct);
}

/* ---- 3. forms -------------------------------------------------------------- */

static void
yj_doctor_check_forms(struct yj_check *c, const char *dir)
{
    struct yj_formset *set = yj_formset_load(dir);
    set_int(c, "things", (long long)set->nthings);
    set_int(c, "items", (long long)set->nitems);
    set_int(c, "problems", (long long)set->nproblems);
    if (set->nproblems > 0) {
        const struct yj_form_problem *p = &set->problems[0];
        char fix[512];
        snprintf(fix, sizeof fix, _("运行 yijian forms check %s 查看全部问题并改正"), dir);
        fail(c, fix, _("表单 %s 有 %zu 个问题，第一个：%s:%d:%d: %s"), dir, set->nproblems,
             p->file ? p->file : "", p->line, p->col, p->msg ? p->msg : "");
    } else if (set->nthings == 0) {
        fail(c, _("检查配置项 forms_dir（或 --forms、YIJIAN_FORMS）"),
             _("表单目录 %s 中没有任何一件事"), dir);
    } else {
        snprintf(c->detail, sizeof c->detail, _("表单 %s：%zu 个一件事，%zu 个事项，版本 %s"), dir,
                 set->nthings, set->nitems, set->version);
    }
    yj_formset_free(&set);
}

/* ---- 4. fonts -------------------------------------------------------------- */

void
yj_doctor_judge_fonts(struct yj_check *c, int probe_rc, const struct yj_font_probe *f)
{
    const char *fix = _("安装 fonts-noto-cjk（apt-get install fonts-noto-cjk），或把配置项 "
                        "print.font 改为已安装的中文字体（fc-list :lang=zh family）");
    set_int(c, "missing_glyphs", f->cjk_missing);
    if (probe_rc != 0) {
        fail(c, fix, _("找不到任何字体，无法生成 PDF 回执（要用“%s”）"), f->wanted);
        return;
    }
    if (!f->exact)
        fail(c, fix, _("回执字体“%s”没有安装，PDF 回执会改用“%s”"), f->wanted, f->got);
    if (f->cjk_missing > 0)
        fail(c, fix, _("字体“%s”缺少 %d 个常用汉字的字形，回执上会出现方框"), f->got,
             f->cjk_missing);
    if (c->state == YJ_CHECK_OK)
        snprintf(c->detail, sizeof c->detail, _("回执字体“%s”已安装，含中文字形"), f->got);
}

/* ---- 5. printer ------------------------------------------------------------ */

static const char *
pstate_name(int st)
{
    switch (st) {
    case 3:
        return "idle";
    case 4:
        return "processing";
    case 5:
        return "stopped";
    default:
        return "unknown";
    }
}

/* Does a printer-state-reasons list hold a keyword ending in "-error"? */
static bool
reasons_error(const char *reasons)
{
    const char *p = reasons;
    while ((p = strstr(p, "-error")) != NULL) {
        p += 6;
        if (*p == '\0' || *p == ',')
            return true;
    }
    return false;
}

void
yj_doctor_judge_printer(struct yj_check *c, int probe_rc, const struct yj_printer_probe *p,
                        bool output_missing)
{
    char fix[512];
    switch (probe_rc) {
    case YJ_PROBE_PRINTER_NO_SERVER:
        fail(c, _("运行 systemctl start cups 启动打印服务"), _("打印服务 CUPS（%s）没有响应"),
             p->server);
        return;
    case YJ_PROBE_PRINTER_NO_QUEUE:
        fail(c, _("用 lpstat -p 查看已有的打印机，改正配置项 print.printer，或用 lpadmin 添加"),
             _("找不到打印机 %s（配置项 print.printer）"), p->name);
        return;
    case YJ_PROBE_PRINTER_NO_DEFAULT:
        fail(c, _("在配置文件中设置 print.printer，或用 lpoptions -d 队列名 设置默认打印机"), "%s",
             _("没有配置打印机（print.printer），CUPS 也没有默认打印机"));
        return;
    default:
        break;
    }
    set_int(c, "printer_state", p->state);
    json_object_set_new(c->values, "accepting", json_boolean(p->accepting));
    json_object_set_new(c->values, "reasons", json_string(p->reasons));
    if (p->state == 5) {
        snprintf(fix, sizeof fix, _("运行 cupsenable %s 后重试"), p->name);
        fail(c, fix, _("打印机 %s 已暂停（printer-state stopped，printer-state-reasons %s）"),
             p->name, p->reasons);
    }
    if (!p->accepting) {
        snprintf(fix, sizeof fix, _("运行 cupsaccept %s 后重试"), p->name);
        fail(c, fix, _("打印机 %s 不接收打印任务（printer-is-accepting-jobs false）"), p->name);
    }
    if (reasons_error(p->reasons))
        fail(c, _("检查打印机：电源、连线、缺纸、卡纸、纸仓盖"),
             _("打印机 %s 报告故障（printer-state-reasons %s%s%s）"), p->name, p->reasons,
             p->message[0] ? _("，") : "", p->message);
    if (output_missing) {
        const char *f = p->device_uri + 5;
        while (f[0] == '/' && f[1] == '/')
            f++;
        snprintf(fix, sizeof fix,
                 _("运行 touch %s && chmod 666 %s 创建该文件（cupsd 不会自己创建）"), f, f);
        fail(c, fix, _("打印机 %s 的输出文件 %s 不存在"), p->name, f);
    }
    if (c->state == YJ_CHECK_OK)
        snprintf(c->detail, sizeof c->detail,
                 _("打印机 %s%s 就绪（printer-state %s，printer-state-reasons %s）"), p->name,
                 p->is_default ? _("（默认）") : "", pstate_name(p->state), p->reasons);
}

/* ---- 6. keys --------------------------------------------------------------- */

void
yj_doctor_check_keys(struct yj_check *c, const char *dir, const char *trusted_path,
                     bool trusted_configured)
{
    char *skp = xasprintf("%s/terminal.key", dir);
    char fix[1024], msg[512];
    struct stat st;
    if (stat(skp, &st) != 0) {
        fail(c,
             _("运行 yijian keys init，并把它打印的公钥行加入各窗口终端的可信公钥文件"
               "（keys.trusted）"),
             _("本终端没有签名密钥 %s（%s）"), skp, strerror(errno));
        goto trusted;
    }
    unsigned mode = (unsigned)(st.st_mode & 07777);
    char modes[8];
    snprintf(modes, sizeof modes, "%04o", mode);
    json_object_set_new(c->values, "mode", json_string(modes));
    if (mode & 077) {
        snprintf(fix, sizeof fix, _("运行 chmod 600 %s"), skp);
        fail(c, fix, _("签名密钥 %s 的权限是 %s，其他用户也能读（应为 0600）"), skp, modes);
    }
    struct yj_keypair kp;
    int lr = yj_keys_load(dir, &kp, msg, sizeof msg);
    if (lr != 0) {
        fail(c, _("运行 yijian keys init --force 重新生成（旧回执的二维码将无法再验证）"), "%s",
             msg);
    } else {
        const char *term = yj_config_get("terminal_id", NULL);
        if (term && *term && strcmp(term, kp.terminal) != 0) {
            fail(c,
                 _("运行 yijian keys init --force 为本终端重新生成，并更新各窗口的 keys.trusted"),
                 _("签名密钥属于终端 %s，而本终端是 %s"), kp.terminal, term);
        }
        memset(&kp, 0, sizeof kp);
    }
trusted:;
    /* The trusted keys: counted when readable; required only when configured. */
    FILE *f = fopen(trusted_path, "r");
    long n = -1;
    if (f != NULL) {
        char line[512];
        n = 0;
        while (fgets(line, sizeof line, f) != NULL)
            if (line[0] != '#' && line[0] != '\n')
                n++;
        fclose(f);
        set_int(c, "trusted_keys", n);
    } else if (trusted_configured) {
        snprintf(fix, sizeof fix, _("检查配置项 keys.trusted 和文件 %s 的权限"), trusted_path);
        fail(c, fix, _("可信公钥文件 %s 无法读取（%s）"), trusted_path, strerror(errno));
    }
    if (c->state == YJ_CHECK_OK) {
        if (n >= 0)
            snprintf(c->detail, sizeof c->detail,
                     _("签名密钥 %s（权限 0600）；可信公钥 %ld 个（%s）"), skp, n, trusted_path);
        else
            snprintf(c->detail, sizeof c->detail,
                     _("签名密钥 %s（权限 0600）；没有可信公钥文件，只能验证本机的回执"), skp);
    }
    free(skp);
}

/* ---- 7. upstream ----------------------------------------------------------- */

void
yj_doctor_judge_upstream(struct yj_check *c, const struct yj_upstream_probe *p,
                         const struct yj_doctor_limits *l)
{
    json_object_set_new(c->values, "configured", json_boolean(p->configured));
    if (!p->configured) {
        if (l->require_upstream) {
            fail(c, _("在配置文件中设置 sync.base_url（上游平台地址）"), "%s",
                 _("没有配置上游平台（sync.base_url），而 doctor.require_upstream 要求上报"));
        } else {
            c->state = YJ_CHECK_INFO;
            snprintf(c->detail, sizeof c->detail, "%s",
                     _("没有配置上游平台（sync.base_url）：办件只保存在本机，不上报"));
        }
        return;
    }
    if (!p->settings_ok) {
        fail(c, _("改正配置文件中的 sync.* 设置"), _("上游设置不可用：%s"), p->err);
        return;
    }
    if (!p->reached) {
        if (p->tls_failed)
            fail(c,
                 _("检查 sync.ca_file 是否为上游证书的签发机构、sync.pinned_pubkey、"
                   "客户端证书和本机时间"),
                 _("无法与上游 %s 建立可信的 TLS 连接（%s）"), p->url, p->err);
        else
            fail(c, _("检查网络、防火墙和 sync.base_url；办件会留在本机队列，连通后自动上报"),
                 _("上游 %s 无法连接（%s）"), p->url, p->err);
        return;
    }
    set_int(c, "http_status", p->status);
    set_int(c, "elapsed_ms", p->elapsed_ms);
    if (p->has_date)
        set_int(c, "clock_offset_s", p->clock_offset_s);
    if (p->status == 401 || p->status == 403)
        fail(c, _("检查 sync.key_file、客户端证书和本机时间，或请上游平台登记本终端"),
             _("上游 %s 拒绝了本终端（HTTP %ld）"), p->url, p->status);
    else if (p->status == 404)
        fail(c, _("检查 sync.base_url 是否为上游平台接口的地址"),
             _("上游 %s 没有 /v1/updates（HTTP 404）"), p->url);
    else if (p->status >= 400)
        fail(c, _("稍后再试；一直如此请联系上游平台"), _("上游 %s 出错（HTTP %ld）"), p->url,
             p->status);
    long long off = p->clock_offset_s;
    if (p->has_date && (off > l->clock_max_skew_s || -off > l->clock_max_skew_s))
        fail(c, _("运行 timedatectl set-ntp true（或 chronyc makestep）校准本机时间"),
             _("本机时钟比上游%s %lld 秒（允许 %ld 秒）"), off > 0 ? _("慢") : _("快"),
             off > 0 ? off : -off, l->clock_max_skew_s);
    if (c->state == YJ_CHECK_OK) {
        char clock[128];
        if (p->has_date)
            snprintf(clock, sizeof clock, _("时钟相差 %lld 秒"), off > 0 ? off : -off);
        else
            snprintf(clock, sizeof clock, "%s", _("上游没有发 Date，未比较时钟"));
        snprintf(c->detail, sizeof c->detail, _("上游 %s 可达（HTTP %ld，%ld 毫秒%s，%s）"), p->url,
                 p->status, p->elapsed_ms, p->https ? _("，TLS 已验证") : "", clock);
    }
}

/* ---- 8. outbox ------------------------------------------------------------- */

void
yj_doctor_judge_outbox(struct yj_check *c, const struct yj_store_health *h,
                       bool upstream_configured, const struct yj_doctor_limits *l)
{
    if (h == NULL || !h->opened) {
        c->state = YJ_CHECK_INFO;
        snprintf(c->detail, sizeof c->detail, "%s",
                 _("数据库不可读，无法统计上报队列（见数据库一项）"));
        return;
    }
    set_int(c, "pending", h->pending);
    set_int(c, "held", h->held);
    set_int(c, "oldest_pending_age_s", h->oldest_pending_age_s);
    char age[64] = "";
    if (h->oldest_pending_age_s >= 0)
        yj_doctor_age(h->oldest_pending_age_s, age, sizeof age);
    if (h->held > l->outbox_max_held)
        fail(c,
             _("运行 yijian sync status 查看上游给的原因，处理后运行 yijian sync retry 办件编号"),
             _("%lld 个办件被上游退回，等待工作人员处理"), h->held);
    if (upstream_configured && h->oldest_pending_age_s > l->outbox_max_age_h * 3600)
        fail(c, _("检查上游一项和 yijian sync --daemon 是否在运行（yijian sync status 查看队列）"),
             _("最早的待上报办件已等了 %s（超过 %ld 小时）"), age, l->outbox_max_age_h);
    if (c->state != YJ_CHECK_OK)
        return;
    if (h->pending == 0)
        snprintf(c->detail, sizeof c->detail, "%s", _("上报队列：没有待上报或被退回的办件"));
    else
        snprintf(c->detail, sizeof c->detail, _("上报队列：待上报 %lld 个，最早的已等了 %s%s"),
                 h->pending, age, upstream_configured ? "" : _("（未配置上游，不会上报）"));
}

/* ---- gathering ------------------------------------------------------------- */

/* Load the configuration, catching what yj_config_load prints on a bad line. */
static int
load_config(const char *path, char *err, size_t errsz)
{
    err[0] = '\0';
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    FILE *tmp = tmpfile();
    if (saved < 0 || tmp == NULL) {
        if (saved >= 0)
            close(saved);
        if (tmp)
            fclose(tmp);
        int rc = yj_config_load(path);
        if (rc != 0)
            snprintf(err, errsz, "%s", _("格式错误（见上方的提示）"));
        return rc;
    }
    dup2(fileno(tmp), STDERR_FILENO);
    int rc = yj_config_load(path);
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    if (rc != 0) {
        rewind(tmp);
        size_t n = fread(err, 1, errsz - 1, tmp);
        err[n] = '\0';
        while (n > 0 && (err[n - 1] == '\n' || err[n - 1] == '\r'))
            err[--n] = '\0';
        if (strncmp(err, "yijian: ", 8) == 0)
            memmove(err, err + 8, n - 8 + 1);
        if (*err == '\0')
            snprintf(err, errsz, "%s", _("格式错误"));
    }
    fclose(tmp);
    return rc;
}

/* A file: device URI whose file is missing (cupsd no longer creates it). */
static bool
file_output_missing(const char *uri)
{
    if (strncmp(uri, "file:", 5) != 0)
        return false;
    const char *f = uri + 5;
    while (f[0] == '/' && f[1] == '/')
        f++;
    return strcmp(f, "/dev/null") != 0 && access(f, F_OK) != 0;
}

enum { NCHECKS = 9 };

static void
gather(struct yj_check *cs, const char *conf_path, bool conf_explicit, bool conf_exists,
       const char *conf_err)
{
    struct yj_doctor_limits lim;
    yj_doctor_limits_load(&lim);

    yj_check_init(&cs[0], "config", _("配置"));
    yj_doctor_check_config(&cs[0], conf_path, conf_explicit, conf_exists, conf_err);

    const char *db = yj_paths_db();
    struct yj_store_health h;
    bool exists = yj_store_health(db, (long long)time(NULL), &h) == 0;
    yj_check_init(&cs[1], "database", _("数据库"));
    yj_doctor_judge_db(&cs[1], db, exists, &h);

    yj_check_init(&cs[2], "disk", _("磁盘空间"));
    char *dir = yj_path_dir(db);
    struct statvfs vfs;
    unsigned long long fr = 0, tot = 0;
    if (statvfs(dir, &vfs) == 0) {
        fr = (unsigned long long)vfs.f_bavail * vfs.f_frsize;
        tot = (unsigned long long)vfs.f_blocks * vfs.f_frsize;
    }
    yj_doctor_judge_disk(&cs[2], dir, fr, tot, &lim);
    free(dir);

    yj_check_init(&cs[3], "forms", _("表单"));
    yj_doctor_check_forms(&cs[3], yj_paths_forms());

    yj_check_init(&cs[4], "fonts", _("回执字体"));
    struct yj_font_probe fp;
    int frc = yj_font_probe(&fp);
    yj_doctor_judge_fonts(&cs[4], frc, &fp);

    yj_check_init(&cs[5], "printer", _("打印机"));
    if (!yj_print_enabled()) {
        cs[5].state = YJ_CHECK_INFO;
        snprintf(cs[5].detail, sizeof cs[5].detail, "%s",
                 _("本终端不连接打印机（print.enabled = no）：回执到窗口打印"));
    } else {
        struct yj_printer_probe pp;
        int prc = yj_printer_probe(NULL, &pp);
        yj_doctor_judge_printer(&cs[5], prc, &pp,
                                prc == YJ_PROBE_PRINTER_OK && file_output_missing(pp.device_uri));
    }

    yj_check_init(&cs[6], "keys", _("签名密钥"));
    const char *tc = yj_config_get("keys.trusted", NULL);
    yj_doctor_check_keys(&cs[6], yj_keys_dir(), yj_keys_trusted_path(), tc != NULL && *tc);

    yj_check_init(&cs[7], "upstream", _("上游平台"));
    struct yj_upstream_probe up;
    yj_upstream_probe(&up, 10000);
    yj_doctor_judge_upstream(&cs[7], &up, &lim);

    yj_check_init(&cs[8], "outbox", _("上报队列"));
    yj_doctor_judge_outbox(&cs[8], exists ? &h : NULL, up.configured, &lim);
}

static const char *
state_word(enum yj_check_state s)
{
    return s == YJ_CHECK_OK ? "ok" : s == YJ_CHECK_FAIL ? "fail" : "info";
}

int
cmd_doctor(int argc, char **argv)
{
    static const struct option lo[] = {
        {"json", no_argument, NULL, 'j'}, YJ_CLI_COMMON_LONGOPTS, {NULL, 0, NULL, 0}};
    bool json = false;
    const char *conf_opt = NULL;
    int opt;
    while ((opt = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
        switch (opt) {
        case 'j':
            json = true;
            break;
        case 'h':
            return yj_cli_usage(usage_text, false);
        case 'C': /* loaded below, so that a bad file is a ✗ line and not an exit */
            conf_opt = optarg;
            break;
        default:
            if (!yj_cli_common(opt, optarg))
                return yj_cli_usage(usage_text, true);
        }
    }
    if (optind != argc)
        return yj_cli_usage(usage_text, true);

    /* The configuration in effect: --config, else YIJIAN_CONFIG, else the default. */
    const char *env = getenv("YIJIAN_CONFIG");
    const char *conf_path = conf_opt ? conf_opt : (env && *env) ? env : "/etc/yijian/yijian.conf";
    bool explicit = conf_opt != NULL || (env && *env);
    bool conf_exists = access(conf_path, F_OK) == 0;
    char conf_err[1024];
    load_config(conf_opt ? conf_opt : NULL, conf_err, sizeof conf_err);

    struct yj_check cs[NCHECKS];
    gather(cs, conf_path, explicit, conf_exists, conf_err);
    bool all_ok = true;
    for (int i = 0; i < NCHECKS; i++)
        if (cs[i].state == YJ_CHECK_FAIL)
            all_ok = false;

    if (json) {
        json_t *root = json_object(), *arr = json_array();
        json_object_set_new(root, "ok", json_boolean(all_ok));
        for (int i = 0; i < NCHECKS; i++) {
            json_t *o = json_object();
            json_object_set_new(o, "id", json_string(cs[i].id));
            json_object_set_new(o, "ok", json_boolean(cs[i].state != YJ_CHECK_FAIL));
            json_object_set_new(o, "state", json_string(state_word(cs[i].state)));
            json_object_set_new(o, "title", json_string(cs[i].title));
            json_object_set_new(o, "detail", json_string(cs[i].detail));
            json_object_set_new(o, "fix", json_string(cs[i].fix));
            json_object_update(o, cs[i].values);
            json_array_append_new(arr, o);
        }
        json_object_set_new(root, "checks", arr);
        char *s = json_dumps(root, JSON_COMPACT);
        printf("%s\n", s);
        free(s);
        json_decref(root);
    } else {
        for (int i = 0; i < NCHECKS; i++) {
            const char *mark = cs[i].state == YJ_CHECK_OK     ? "✓"
                               : cs[i].state == YJ_CHECK_FAIL ? "✗"
                                                              : "○";
            printf("%s %s", mark, cs[i].detail);
            if (cs[i].state == YJ_CHECK_FAIL && cs[i].fix[0])
                printf(_("：%s"), cs[i].fix);
            printf("\n");
        }
    }
    for (int i = 0; i < NCHECKS; i++)
        yj_check_free(&cs[i]);
    return all_ok ? 0 : 1;
}
