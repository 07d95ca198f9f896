/* paths.c: the configuration file and file locations. */
#include "core/paths.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/caseno.h"
#include "core/i18n.h"
#include "core/util.h"
#include "yj_build.h"

struct kv {
    char *key;
    char *value;
};

static struct kv *conf;
static size_t nconf;

static void
conf_put(const char *key, const char *value)
{
    for (size_t i = 0; i < nconf; i++) {
        if (strcmp(conf[i].key, key) == 0) {
            free(conf[i].value);
            conf[i].value = xstrdup(value);
            return;
        }
    }
    conf = xreallocarray(conf, nconf + 1, sizeof *conf);
    conf[nconf].key = xstrdup(key);
    conf[nconf].value = xstrdup(value);
    nconf++;
}

static char *
trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        s[--n] = '\0';
    return s;
}

int
yj_config_load(const char *path)
{
    bool explicit = path != NULL;
    if (path == NULL)
        path = getenv("YIJIAN_CONFIG");
    if (path != NULL)
        explicit = true;
    else
        path = "/etc/yijian/yijian.conf";
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        if (!explicit && errno == ENOENT)
            return 0;
        yj_err("cannot read the configuration file %s: %s", path, strerror(errno));
        return -1;
    }
    char line[4096], section[128] = "";
    int lineno = 0, rc = 0;
    while (fgets(line, sizeof line, f) != NULL) {
        lineno++;
        char *s = trim(line);
        if (*s == '\0' || *s == '#' || *s == ';')
            continue;
        if (*s == '[') {
            char *end = strchr(s, ']');
            if (end == NULL || end - s - 1 >= (long)sizeof section) {
                yj_err("%s:%d: a section header needs a closing ']'", path, lineno);
                rc = -1;
                break;
            }
            *end = '\0';
            snprintf(section, sizeof section, "%s", trim(s + 1));
            continue;
        }
        char *eq = strchr(s, '=');
        if (eq == NULL) {
            yj_err("%s:%d: expected 'key = value'", path, lineno);
            rc = -1;
            break;
        }
        *eq = '\0';
        char *k = trim(s), *v = trim(eq + 1);
        if (*section) {
            char *full = xasprintf("%s.%s", section, k);
            conf_put(full, v);
            free(full);
        } else {
            conf_put(k, v);
        }
    }
    fclose(f);
    return rc;
}

const char *
yj_config_get(const char *key, const char *def)
{
    for (size_t i = 0; i < nconf; i++)
        if (strcmp(conf[i].key, key) == 0)
            return conf[i].value;
    return def;
}

long
yj_config_get_long(const char *key, long def)
{
    const char *v = yj_config_get(key, NULL);
    if (v == NULL || *v == '\0')
        return def;
    char *end;
    long n = strtol(v, &end, 10);
    return *end == '\0' ? n : def;
}

void
yj_config_set(const char *key, const char *value)
{
    conf_put(key, value);
}

static bool
is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The resolution order of paths.h: command line, environment, config file,
 * installed tree, source tree. clikey may be NULL (no option for it). */
static const char *
locate(const char *clikey, const char *cfgkey, const char *env, const char *installed,
       const char *devtree)
{
    const char *cli = clikey ? yj_config_get(clikey, NULL) : NULL;
    if (cli != NULL)
        return cli;
    const char *e = getenv(env);
    if (e != NULL && *e)
        return e;
    const char *v = yj_config_get(cfgkey, NULL);
    if (v != NULL)
        return v;
    if (is_dir(installed))
        return installed;
    return devtree;
}

int
yj_terminal_id(const char **terminal, char *err, size_t errsz)
{
    const char *t = yj_config_get("terminal_id", NULL);
    if (t == NULL || *t == '\0') {
        snprintf(err, errsz, "%s",
                 _("本终端还没有配置终端编号（配置项 terminal_id，如 K01）。"
                   "请管理员运行 yijian setup，或在配置文件中填写。"));
        return -1;
    }
    if (!yj_terminal_id_valid(t)) {
        snprintf(err, errsz,
                 _("终端编号 %s 不对：配置项 terminal_id 应为 3 位大写字母或数字，"
                   "如 K01。请管理员运行 yijian setup 改正。"),
                 t);
        return -1;
    }
    *terminal = t;
    return 0;
}

int
yj_terminal_identity(const char **centre, const char **terminal, char *err, size_t errsz)
{
    const char *c = yj_config_get("centre_code", NULL);
    if (c == NULL || *c == '\0') {
        snprintf(err, errsz, "%s",
                 _("本终端还没有配置服务中心代码（配置项 centre_code，6 位地区代码）。"
                   "请管理员运行 yijian setup，或在配置文件中填写。"));
        return -1;
    }
    if (!yj_centre_code_valid(c)) {
        snprintf(err, errsz,
                 _("服务中心代码 %s 不对：配置项 centre_code 应为 6 位数字。"
                   "请管理员运行 yijian setup 改正。"),
                 c);
        return -1;
    }
    if (yj_terminal_id(terminal, err, errsz) != 0)
        return -1;
    *centre = c;
    return 0;
}

const char *
yj_paths_forms(void)
{
    return locate("cli.forms", "forms_dir", "YIJIAN_FORMS", YJ_INSTALL_DATADIR "/forms",
                  YJ_SRC_DIR "/forms");
}

const char *
yj_paths_data(void)
{
    return locate(NULL, "data_dir", "YIJIAN_DATA", YJ_INSTALL_DATADIR "/data", YJ_SRC_DIR "/data");
}

const char *
yj_paths_db(void)
{
    const char *cli = yj_config_get("cli.db", NULL);
    if (cli)
        return cli;
    const char *e = getenv("YIJIAN_DB");
    if (e != NULL && *e)
        return e;
    const char *v = yj_config_get("db", NULL);
    if (v != NULL)
        return v;
    static char *def;
    if (def == NULL) {
        const char *xdg = getenv("XDG_DATA_HOME");
        const char *home = getenv("HOME");
        char *dir = (xdg && *xdg) ? xasprintf("%s/yijian", xdg)
                                  : xasprintf("%s/.local/share/yijian", home ? home : ".");
        /* mkdir -p: every missing level (~/.local, ~/.local/share, ...), owner
         * only; failures surface when the db opens. */
        for (char *p = dir + 1; *p; p++) {
            if (*p != '/')
                continue;
            *p = '\0';
            mkdir(dir, 0700);
            *p = '/';
        }
        mkdir(dir, 0700);
        def = xasprintf("%s/yijian.db", dir);
        free(dir);
    }
    return def;
}
