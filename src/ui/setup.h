/* setup.h: the first-run dialog of `yijian setup` (ncursesw, 64x16 and up). */
#ifndef YJ_UI_SETUP_H
#define YJ_UI_SETUP_H

#include "ui/setupcheck.h"

/* Ask for every value (prefilled from *v), confirm, write path and the key.
 * Returns 0 when written (*v holds what was written, *r the key), 1 when the
 * administrator quit (nothing written) or the terminal cannot be used. */
int yj_setup_run(const char *path, struct yj_setup_values *v, struct yj_setup_result *r);

#endif
