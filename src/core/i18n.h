/* i18n.h: messages a citizen or clerk reads.
 *
 * The msgids are the zh_CN texts themselves (zh_CN is the first language of the
 * program, so a kiosk whose catalogs are missing still speaks Chinese); zh_TW and
 * en come from locales/zh_TW.po and locales/en.po. Form texts (labels, hints) come
 * from the form files instead, see form.h.
 */
#ifndef YJ_I18N_H
#define YJ_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

enum yj_lang { YJ_LANG_ZH_CN = 0, YJ_LANG_ZH_TW, YJ_LANG_EN, YJ_LANG_COUNT };

/* Bind the text domain (YIJIAN_LOCALEDIR, the build tree or the installed path)
 * and select zh_CN. Call once at start-up, after setlocale(). */
void yj_i18n_init(void);

/* Switch the language of messages and form texts at run time. */
void yj_i18n_set(enum yj_lang lang);
enum yj_lang yj_i18n_get(void);

/* "zh_CN", "zh_TW", "en" (and zh-CN, zh, zh-TW, zh_HK, en*) -> enum; -1 for an
 * unknown name. */
int yj_lang_parse(const char *code);

#endif
