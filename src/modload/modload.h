/* modload.h: the parts of yijian that the program `yijian` does not link —
 * the print module (cairo, pango, CUPS) and the whole program yijian-full
 * (curl, CUPS' queue list) — and where they are found. */
#ifndef YJ_MODLOAD_H
#define YJ_MODLOAD_H

#include <stddef.h>

/* The path of NAME (yijian-print.so, yijian-full): beside this program (a
 * build tree), in its ../libexec/yijian (an installed or staged tree), or in
 * the configured libexec directory. Returns a static buffer, or NULL when
 * there is none. */
const char *yj_libexec_path(const char *name);

/* Run yijian-full with argv in place of this process (argv[0] is the
 * subcommand). Returns only on failure, with 1 after saying why. */
int yj_run_full(int argc, char **argv);

#endif
