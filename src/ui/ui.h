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

struct yj_formset;
struct yj_thing;
struct yj_answers;
/* `forms preview`: Home, each guide question answered from a, the notice, each
 * form page and the review of thing t, drawn by the kiosk's screen functions on
 * a virtual rows x cols terminal and written to out (a FILE *) as text, each
 * under "=== name ===". Returns 0, or -1 when no virtual terminal can be made. */
int yj_ui_preview(struct yj_formset *set, const struct yj_thing *t, const struct yj_answers *a,
                  int rows, int cols, void *out);

#endif
