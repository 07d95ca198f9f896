/* ui.h: the full-screen kiosk and assisted-filling program (ncursesw). */
#ifndef YJ_UI_H
#define YJ_UI_H

#include <stdbool.h>

struct yj_ui_opts {
    bool assist;          /* assisted mode: helper sign-in, authorisation, large theme */
    long idle_timeout;    /* seconds; < 0: config kiosk.idle_timeout (default 120) */
    const char *lang;     /* "zh_CN", "zh_TW", "en" or NULL */
    const char *terminal; /* terminal id or NULL (config terminal_id, else hostname) */
};

/* Run until SIGTERM/SIGHUP, the operator exit sequence, or (assisted mode) the
 * helper leaves. Returns the exit status. */
int yj_ui_run(const struct yj_ui_opts *o);

#endif
