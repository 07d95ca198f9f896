/* ui_counter.h: the clerk's full-screen program (`yijian counter`) and what the
 * command line shares with it. */
#ifndef YJ_UI_COUNTER_H
#define YJ_UI_COUNTER_H

struct yj_counter_opts {
    long lock_after;      /* seconds of no input before the screen locks; < 0: config */
    const char *terminal; /* terminal id or NULL (config terminal_id) */
    const char *printer;  /* CUPS queue or NULL (config print.printer / default) */
};

/* Run the counter until the clerk signs out (F10 on the queue) or SIGTERM. */
int yj_counter_run(const struct yj_counter_opts *o);

#endif
