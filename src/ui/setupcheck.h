/* setupcheck.h: what `yijian setup` asks, checks and writes — free of curses,
 * shared by the dialog (ui_setup.c) and the non-interactive command
 * (src/cli/setup.c), unit-tested in tests/unit/test_setup.c.
 *
 * Every message is Chinese (zh_CN msgids through gettext).
 */
#ifndef YJ_UI_SETUPCHECK_H
#define YJ_UI_SETUPCHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "print/print.h"

/* The dialog is laid out for 64x16 and more; below that "请放大窗口". */
#define YJ_SETUP_MIN_COLS 64
#define YJ_SETUP_MIN_ROWS 16

struct yj_conffile;

enum yj_setup_step {
    YJ_SU_CODE,     /* centre_code */
    YJ_SU_NAME,     /* centre_name */
    YJ_SU_TERMINAL, /* terminal_id */
    YJ_SU_PRINTER,  /* print.printer / print.enabled */
    YJ_SU_UPSTREAM, /* sync.base_url */
    YJ_SU_SUMMARY,  /* confirm, then write */
    YJ_SU_DONE,     /* written: the public key line */
};
#define YJ_SU_FIELDS 5 /* steps that are fields */

struct yj_setup_values {
    char centre_code[8];
    char centre_name[256];
    char terminal_id[8];
    bool printer_known; /* write print.* (false: leave them as they are) */
    char printer[128];  /* CUPS queue; "" with printer_known: no printer */
    bool upstream_known;
    char upstream[512]; /* "" with upstream_known: no upstream */
};

enum yj_su_check {
    YJ_SU_OK,
    YJ_SU_INCOMPLETE, /* fine so far, not finished (msg holds a hint) */
    YJ_SU_BAD,        /* msg says what is wrong */
};

/* The centre code as typed so far. OK puts the region's full name, without
 * spaces ("上海市徐汇区"), in region. An unknown, abolished or placeholder code
 * is BAD with the reason. */
enum yj_su_check yj_setup_check_code(const char *s, char *region, size_t regionsz, char *msg,
                                     size_t msgsz);
/* The centre name printed on receipts: 2 to 40 characters, no control characters. */
enum yj_su_check yj_setup_check_name(const char *s, char *msg, size_t msgsz);
/* The terminal id: 3 of [A-Z0-9]; lower-case letters are made capitals in place. */
enum yj_su_check yj_setup_check_terminal(char *s, char *msg, size_t msgsz);
/* A printer queue against the listing (nq < 0: CUPS could not be asked); ""
 * (no printer) is always fine. */
enum yj_su_check yj_setup_check_printer(const char *name, const struct yj_print_queue *q, int nq,
                                        char *msg, size_t msgsz);
/* The upstream URL: "" (none), https://, or http:// to a loopback host only —
 * the rule of src/sync (yj_sync_url_ok). */
enum yj_su_check yj_setup_check_upstream(const char *s, char *msg, size_t msgsz);
/* A centre name to suggest for a valid code ("上海市徐汇区政务服务中心"), or "". */
void yj_setup_suggest_name(const char *code, char *out, size_t outsz);

/* Values from an existing configuration file (cf may be NULL). */
void yj_setup_prefill(struct yj_setup_values *v, const struct yj_conffile *cf);

/* The dialog's progress. */
struct yj_setup {
    enum yj_setup_step step;
    struct yj_setup_values v;
    char suggested[256]; /* the name last suggested (replaced when the code changes) */
};
void yj_setup_init(struct yj_setup *s, const struct yj_setup_values *v);
/* Leave the current field with what was typed or picked: check it, store it
 * and go to the next step (true); false with the reason in msg. On the
 * printer step input is the queue ("" no printer). Not for SUMMARY/DONE. */
bool yj_setup_enter(struct yj_setup *s, const char *input, const struct yj_print_queue *q, int nq,
                    char *msg, size_t msgsz);
/* Esc: one step back; false on the first field (the caller asks to quit). */
bool yj_setup_back(struct yj_setup *s);
/* What a field holds now, as the summary shows it. */
const char *yj_setup_value(const struct yj_setup_values *v, enum yj_setup_step f);
/* The field's label ("服务中心代码"). */
const char *yj_setup_label(enum yj_setup_step f);

/* The summary, one "label：value" line each, '\n'-separated. Caller frees. */
char *yj_setup_summary(const struct yj_setup_values *v);

/* After writing. */
struct yj_setup_result {
    bool key_created;  /* a new key pair (false: the existing one was kept) */
    char key_dir[512]; /* where terminal.key is */
    char db_path[512]; /* the database, created (or migrated) by setup */
    char publine[256]; /* "K01 base64" for the counters' keys.trusted */
};
/* Check every value again (the printer excepted: the caller checks it against
 * the CUPS listing), update path (yj_conffile_save: atomic, everything
 * else kept), load it as the configuration, then keep this terminal's key
 * pair when its terminal id matches, else make one (yj_keys_init), and create
 * or migrate the database (yj_paths_db); run as root, give the key directory
 * and the database to the owner of the directory holding them (the service
 * user's state directory, /var/lib/yijian). 0, or -1
 * with a Chinese message in msg (nothing written when a value is wrong or
 * the configuration file cannot be written). */
int yj_setup_apply(const char *path, const struct yj_setup_values *v, struct yj_setup_result *r,
                   char *msg, size_t msgsz);

#endif
