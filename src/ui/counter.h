/* counter.h: the clerk's full-screen program (`yijian counter`) and what the
 * command line shares with it. */
#ifndef YJ_UI_COUNTER_H
#define YJ_UI_COUNTER_H

#include <stdbool.h>
#include <stddef.h>

struct yj_store;
struct yj_formset;
struct yj_actor;

struct yj_counter_opts {
    long lock_after;      /* seconds of no input before the screen locks; < 0: config */
    const char *terminal; /* terminal id or NULL (config terminal_id) */
    const char *printer;  /* CUPS queue or NULL (config print.printer / default) */
};

/* Run the counter until the clerk signs out (F10 on the queue) or SIGTERM. */
int yj_counter_run(const struct yj_counter_opts *o);

/* Import a case from the text a scanner typed from a kiosk receipt's QR code:
 * signature verified against keys.trusted (and this terminal's key), stored
 * under its own number and uuid, audited with the clerk. case_no (>= 32 bytes)
 * gets its number. 0 (imported, or *existed), or -1 with a Chinese message. */
int yj_counter_import_qr(struct yj_store *s, const struct yj_formset *set, const char *text,
                         const struct yj_actor *who, char *case_no, bool *existed, char *msg,
                         size_t msgsz);

/* Print the one-time notification slip of a returned case: the materials
 * marked missing and every reason of its latest return, all at once (queue
 * NULL: config print.printer, else the CUPS default). Audited. 0, or -1 with
 * a Chinese message; the case is not changed. */
int yj_counter_print_notice(struct yj_store *s, const struct yj_formset *set, const char *case_no,
                            const struct yj_actor *who, const char *queue, char *msg, size_t msgsz);

#endif
