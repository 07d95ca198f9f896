/* receipt.h: one receipt layout, rendered as PDF, ESC/POS (raster or text) and
 * plain text.
 *
 * yj_receipt_build turns a case into a list of lines (the layout model) using
 * the form set's labels and the plan's materials; each renderer only draws
 * that list, so the three outputs always say the same thing.
 */
#ifndef YJ_RECEIPT_H
#define YJ_RECEIPT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/case.h"
#include "core/util.h"

struct yj_formset;

enum yj_rl_kind {
    YJ_RL_TITLE,   /* centred, large */
    YJ_RL_CENTRE,  /* centred, normal (centre name, subtitle) */
    YJ_RL_CASENO,  /* a = label, b = the case number, drawn large */
    YJ_RL_HEADING, /* section heading */
    YJ_RL_KV,      /* a = label, b = value */
    YJ_RL_ITEM,    /* a = item label, b = "department · time limit" */
    YJ_RL_BULLET,  /* a = text */
    YJ_RL_TEXT,    /* a = paragraph */
    YJ_RL_RULE,    /* horizontal rule */
    YJ_RL_QR,      /* the QR code (text in yj_receipt.qr_text), a = caption */
};

struct yj_rline {
    enum yj_rl_kind kind;
    char *a, *b;
};

struct yj_receipt {
    struct yj_rline *lines;
    size_t n, cap;
    char *title;   /* for the print job */
    char *qr_text; /* NULL: no QR */
    bool qr_number_only;
};

/* One thing a one-time notification slip asks for: a material to bring and
 * why, or a reason on its own. */
struct yj_notice_entry {
    const char *material_id; /* NULL: a reason not tied to one material */
    const char *reason;      /* NULL: the material is missing, no reason written */
};

/* What the receipt needs besides the case. */
struct yj_receipt_info {
    const char *kind;        /* "receipt" or "notice" */
    const char *centre_name; /* may be NULL */
    const char *centre_code;
    const char *terminal_id;
    const char *printed_at; /* local time, "2026-11-23 16:15" */
    const char *phone;      /* progress enquiries, may be NULL */
    const char *qr_text;    /* NULL: no QR */
    bool qr_number_only;
    bool qr_unsigned;  /* no terminal key: the code cannot be imported */
    bool qr_no_centre; /* number only because no centre key is configured */
    /* kind "notice": what the counter recorded as missing and why; with none,
     * the slip lists every material the plan requires. */
    const struct yj_notice_entry *notice;
    size_t nnotice;
};

/* Build the layout. set may be NULL (labels fall back to ids; no materials).
 * Returns 0, or -1 with msg (unknown kind). */
int yj_receipt_build(struct yj_receipt *r, const struct yj_case *c, const struct yj_formset *set,
                     const struct yj_receipt_info *info, char *msg, size_t msgsz);
void yj_receipt_free(struct yj_receipt *r);

enum yj_paper { YJ_PAPER_A4, YJ_PAPER_A5, YJ_PAPER_80MM, YJ_PAPER_58MM };
/* "a4", "a5", "80mm", "58mm" -> paper, or -1. */
int yj_paper_parse(const char *s);
/* Width in mm, and whether it is a roll (height follows the content). */
double yj_paper_width_mm(enum yj_paper p);
bool yj_paper_is_roll(enum yj_paper p);

/* A QR code's modules, row by row (1 = dark). */
struct yj_qr {
    int version;
    int width;
    unsigned char *mod;
};
/* Encode text at level M, mixed numeric/alphanumeric/byte modes as needed, in
 * the smallest version; -1 when it needs more than max_version. */
int yj_qr_encode(const char *text, int max_version, struct yj_qr *q);
void yj_qr_free(struct yj_qr *q);

/* Plain text, cols columns wide (CJK counts 2); with qr, the code drawn with
 * half blocks. Caller frees. */
char *yj_receipt_text(const struct yj_receipt *r, int cols, bool qr);

/* PDF into out. The roll papers get one page as long as the content; A4/A5
 * break pages as needed. *height_mm (may be NULL) gets the first page height.
 * 0 or -1 with msg. */
int yj_receipt_pdf(const struct yj_receipt *r, enum yj_paper paper, struct yj_buf *out,
                   double *height_mm, char *msg, size_t msgsz);

/* ESC/POS for a 58 or 80 mm printer: the receipt drawn by cairo at 203 dpi and
 * sent as GS v 0 raster bands, then feed and cut. */
int yj_receipt_escpos_raster(const struct yj_receipt *r, enum yj_paper paper, struct yj_buf *out,
                             char *msg, size_t msgsz);
/* ESC/POS text mode: GB18030 text (FS &), the printer's QR command (GS ( k),
 * feed and cut. */
int yj_receipt_escpos_text(const struct yj_receipt *r, enum yj_paper paper, struct yj_buf *out,
                           char *msg, size_t msgsz);

/* ESC/POS byte sequences (exposed for tests). */
#define YJ_ESCPOS_INIT "\x1b\x40"
#define YJ_ESCPOS_CJK_ON "\x1c\x26"
#define YJ_ESCPOS_CUT "\x1d\x56\x41\x03" /* GS V 65 3: feed 3 lines, full cut */

#endif
