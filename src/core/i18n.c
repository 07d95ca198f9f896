/* i18n.c: gettext set-up and the current language. */
#include "core/i18n.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "yj_build.h"

static enum yj_lang current = YJ_LANG_ZH_CN;
static const char *codes[YJ_LANG_COUNT] = {"zh_CN", "zh_TW", "en"};

static int
is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

void
yj_i18n_init(void)
{
    const char *dir = getenv("YIJIAN_LOCALEDIR");
    if (dir == NULL || !is_dir(dir))
        dir = is_dir(YJ_BUILD_DIR "/locale") ? YJ_BUILD_DIR "/locale" : YJ_INSTALL_LOCALEDIR;
    bindtextdomain("yijian", dir);
    bind_textdomain_codeset("yijian", "UTF-8");
    textdomain("yijian");
    yj_i18n_set(YJ_LANG_ZH_CN);
}

void
yj_i18n_set(enum yj_lang lang)
{
    if ((int)lang < 0 || lang >= YJ_LANG_COUNT)
        lang = YJ_LANG_ZH_CN;
    current = lang;
    /* gettext consults LANGUAGE only when LC_MESSAGES is not the "C" locale, so
     * messages use C.UTF-8 at least; the msgids are zh_CN already. */
    setenv("LANGUAGE", codes[lang], 1);
    const char *lc = setlocale(LC_MESSAGES, NULL);
    if (lc == NULL || strcmp(lc, "C") == 0 || strcmp(lc, "POSIX") == 0)
        setlocale(LC_MESSAGES, "C.UTF-8");
    /* Tell gettext its cached translations are stale. */
    extern int _nl_msg_cat_cntr;
    ++_nl_msg_cat_cntr;
}

enum yj_lang
yj_i18n_get(void)
{
    return current;
}

int
yj_lang_parse(const char *code)
{
    for (int i = 0; i < YJ_LANG_COUNT; i++)
        if (strcmp(code, codes[i]) == 0)
            return i;
    if (strcmp(code, "zh-CN") == 0 || strcmp(code, "zh") == 0)
        return YJ_LANG_ZH_CN;
    if (strcmp(code, "zh-TW") == 0 || strcmp(code, "zh_HK") == 0)
        return YJ_LANG_ZH_TW;
    if (strncmp(code, "en", 2) == 0)
        return YJ_LANG_EN;
    return -1;
}
