/* print.h: receipts for a stored case — what the screens and the CLI call.
 *
 * Configuration: centre_name, centre_code, centre_phone, terminal_id,
 * print.printer (CUPS queue; default printer when unset), print.paper
 * (a4|a5|80mm|58mm), print.format (pdf|escpos|escpos-text), print.timeout
 * (seconds a job may take, default 60), print.qr_max_version (default 25),
 * print.font (default "Noto Sans CJK SC"), keys.dir, keys.trusted, keys.centre.
 */
#ifndef YJ_PRINT_H
#define YJ_PRINT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/case.h"
#include "print/receipt.h"

struct yj_store;
struct yj_formset;
struct yj_actor;

enum yj_format { YJ_FMT_PDF, YJ_FMT_ESCPOS, YJ_FMT_ESCPOS_TEXT, YJ_FMT_TEXT };
/* "pdf", "escpos", "escpos-text", "text" -> format, or -1. */
int yj_format_parse(const char *s);

/* The QR text for c, signed with this terminal's key: the full copy sealed to
 * the centre key (keys.centre, print/centre.h) when there is one and it fits
 * print.qr_max_version, else number + signature (*number_only set). The full
 * copy is never written in clear. *unsigned_out (may be NULL) is set when
 * there is no terminal key. Caller frees. */
char *yj_case_qr_text(const struct yj_case *c, bool *number_only, bool *unsigned_out);
/* Is a centre public key configured (keys.centre), so a full copy can go into
 * the QR (sealed)? */
bool yj_case_qr_sealable(void);

/* The QR module matrix for c, for drawing on a screen with half blocks.
 * 0, or -1 with msg. Free with yj_qr_free. */
int yj_qr_for_case(const struct yj_case *c, struct yj_qr *out, bool *number_only, char *msg,
                   size_t msgsz);

/* The layout for c (kind "receipt" or "notice") with the centre, terminal and
 * time from the configuration and the signed QR. A notice slip lists what the
 * counter recorded in s (the reasons of the latest return and the materials
 * marked missing); with none of those, or s NULL, every material the plan
 * requires (refused when there is none). 0, or -1 with msg. */
int yj_receipt_for_case(struct yj_receipt *r, struct yj_store *s, const struct yj_case *c,
                        const struct yj_formset *set, const char *kind, char *msg, size_t msgsz);

/* Render a layout in one format on one paper, appending to out. */
int yj_receipt_render(const struct yj_receipt *r, enum yj_format f, enum yj_paper p,
                      struct yj_buf *out, char *msg, size_t msgsz);

/* Does this terminal print at all? Config print.enabled (yes/no, default yes;
 * `yijian setup --no-printer` writes no). */
bool yj_print_enabled(void);

/* Load case_no, render it (yj_receipt_for_case) as configured and print it on
 * queue (NULL: config print.printer, else the CUPS default), waiting until CUPS
 * says completed. Returns 0, or non-zero with a Chinese message in msg; the
 * case is never changed, only an audit row is added (as who; NULL: the
 * terminal), so printing can simply be retried. */
int yj_print_case(struct yj_store *s, const struct yj_formset *set, const char *case_no,
                  const char *kind, const char *queue, const struct yj_actor *who, char *msg,
                  size_t msgsz);

/* Import the case a kiosk receipt's QR code holds (text as a scanner types it):
 * parse, verify the signature against keys.trusted and this terminal's own key,
 * refuse a number-only code, recompute the per-department split from the
 * answers when the form set knows the thing, then yj_store_import under its
 * own uuid and number, audited as who. case_no_out (may be NULL) gets the
 * number and *existed (may be NULL) whether it was already here. 0 with the
 * outcome sentence in msg, or -1 with the reason in msg (nothing stored). */
int yj_import_qr(struct yj_store *s, const struct yj_formset *set, const char *text,
                 const struct yj_actor *who, char *case_no_out, size_t case_no_sz, bool *existed,
                 char *msg, size_t msgsz);

/* ---- probes for `yijian doctor` (src/print/printer_probe.c) ---- */

enum yj_printer_probe_rc {
    YJ_PROBE_PRINTER_OK = 0,     /* the queue was found (its state is in the struct) */
    YJ_PROBE_PRINTER_NO_SERVER,  /* the CUPS scheduler does not answer */
    YJ_PROBE_PRINTER_NO_QUEUE,   /* no queue of that name */
    YJ_PROBE_PRINTER_NO_DEFAULT, /* no queue named and no CUPS default */
};

/* A CUPS queue as the scheduler describes it now. */
struct yj_printer_probe {
    char name[128];       /* the queue asked for, or the default's name */
    bool is_default;      /* name came from the CUPS default, not print.printer */
    int state;            /* printer-state: 3 idle, 4 processing, 5 stopped */
    bool accepting;       /* printer-is-accepting-jobs */
    char reasons[256];    /* printer-state-reasons, comma separated ("none" when clear) */
    char message[256];    /* printer-state-message, may be empty */
    char device_uri[512]; /* device-uri, when the scheduler tells it */
    char server[256];     /* the scheduler asked (cupsServer()) */
};

/* Ask the scheduler about queue (NULL: print.printer, else the CUPS default).
 * Fills p and returns an enum yj_printer_probe_rc. Sends no job. */
int yj_printer_probe(const char *queue, struct yj_printer_probe *p);

/* The receipt font asked for (print.font: a file, or a family of the default
 * collection) and the one the renderer opens (rfont.h). */
struct yj_font_probe {
    char wanted[256]; /* the file or family asked for */
    char got[128];    /* the family actually opened ("" when none) */
    bool exact;       /* what was asked for opened (not the default instead) */
    int cjk_missing; /* how many of the test characters (一件事办理申请表回执) it lacks */
};
/* 0, or -1 when neither the configured nor the default fonts open. */
int yj_font_probe(struct yj_font_probe *f);

/* A CUPS queue as `yijian setup` lists it. */
struct yj_print_queue {
    char name[128];  /* the queue name, the value of print.printer */
    char info[256];  /* its description (printer-info), may be "" */
    bool is_default; /* the CUPS default destination */
};
/* The CUPS queues (src/print/queues.c), in the scheduler's order. Returns how
 * many are in *out (free it), or -1 with a Chinese message in msg when the
 * scheduler cannot be reached. */
int yj_print_queues(struct yj_print_queue **out, char *msg, size_t msgsz);

#endif
