/* ui_int.h: what the screens of the full-screen program share. */
#ifndef YJ_UI_INT_H
#define YJ_UI_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include <wchar.h>

#include "core/answers.h"
#include "core/form.h"
#include "core/validate.h"
#include "print/receipt.h"
#include "ui/editbuf.h"
#include "ui/flow.h"

enum yj_scr {
    YJ_SCR_SIGNIN, /* assisted: the helper's id */
    YJ_SCR_HOME,
    YJ_SCR_RESUME,
    YJ_SCR_AUTH, /* assisted: 委托代办 authorisation */
    YJ_SCR_GUIDE,
    YJ_SCR_STOP,
    YJ_SCR_NOTICE,
    YJ_SCR_FORM,
    YJ_SCR_REVIEW,
    YJ_SCR_DONE,
    YJ_SCR_RATING,
    YJ_SCR_COUNT
};

/* Colour pairs. */
enum {
    YJ_P_NORMAL = 1,
    YJ_P_TITLE,
    YJ_P_FOCUS,
    YJ_P_ERROR,
    YJ_P_HINT,
    YJ_P_WARN,
    YJ_P_QR,
    YJ_P_BUTTON,
    YJ_P_OK
};

/* The fields of one page as the page editor sees them (a form page, or the
 * assisted-mode authorisation page). */
struct yj_pagesrc {
    size_t (*count)(void *ctx);
    const struct yj_field *(*field)(void *ctx, size_t i);
    const char *(*value)(void *ctx, const struct yj_field *fd);
    bool (*required)(void *ctx, const struct yj_field *fd);
    enum yj_vstatus (*leave)(void *ctx, const struct yj_field *fd, const char *value);
    const struct yj_fmsg *(*msg)(void *ctx, const struct yj_field *fd);
    void (*confirm)(void *ctx, const struct yj_field *fd);
    void *ctx;
    /* Optional (NULL: every field editable): shown, focusable, not editable. */
    bool (*readonly)(void *ctx, const struct yj_field *fd);
};

/* A pick list over the page (select choices, region cascade). */
struct yj_popup {
    bool open;
    const struct yj_field *field;
    int level; /* region: 0 province, 1 city, 2 district */
    char parent[3][7];
    size_t n;
    char **labels, **values;
    int sel, top;
    char search[64]; /* typed to jump to the first matching label */
    bool nomatch;    /* no label matches search (the selection stays) */
};

/* A multi-select checklist over the page (w_multi.c). */
#define YJ_MULTI_MAX 256
struct yj_multi {
    bool open;
    const struct yj_field *field;
    size_t n;              /* rows of choices (the 完成 row is row n) */
    bool on[YJ_MULTI_MAX]; /* ticked */
    int sel, top, rows;    /* focused row, first row shown, rows drawn */
    char msg[128];         /* what was refused (over the maximum...) */
};

/* The page editor's state (focus, edit buffer, scroll). */
struct yj_page {
    int focus; /* -1: error summary */
    int sum_sel;
    int top;
    bool show_summary;
    struct yj_editbuf eb;
    const struct yj_field *eb_field; /* the field the buffer holds */
    bool eb_dirty;
    struct yj_popup pop;
    struct yj_multi multi;
    /* Where the focused text input was last drawn (row, column of the block,
     * block width), so a key that only edits the text redraws that row alone. */
    bool in_drawn;
    int in_y, in_x, in_w;
    bool input_only; /* the last key changed nothing but the text being typed */
    /* The answer button with the focus on a focused yes/no field: 0 是, 1 否,
     * -1 none yet (the field unanswered); Enter picks it. */
    int yn_sel;
};

struct yj_ui {
    bool assist;
    char terminal[64];
    char helper[64];
    struct yj_formset *set;
    struct yj_store *store;
    struct yj_flow flow;
    enum yj_scr scr;
    int review_back; /* 1 + the review entry an edit was opened from (0: none) */
    bool large;
    int rows, cols;
    long idle_timeout;
    time_t last_input;
    bool idle_warning;
    const char *exit_seq;
    bool demo; /* kiosk.demo = yes: Home says how to leave (scripts/demo.sh) */
    char seqbuf[64];
    bool quit;
    int exit_code;
    char note[512]; /* one-line message shown until the next key */
    int cur_y, cur_x;
    bool cur_on;
    unsigned typing; /* the line typed in this frame (w_line.h flags), 0: none */
    int sel, top;    /* list screens */
    int more;        /* Home: first row shown of the highlighted thing's details */
    struct yj_page page;
    /* assisted mode */
    struct yj_editbuf signin;
    bool signin_pin;    /* the id is given: the editor holds the PIN */
    char signin_id[64]; /* the id given */
    struct yj_field auth_fields[4];
    struct yj_fmsg auth_msgs[4];
    /* drafts */
    char slot[96];
    long draft_max_age;
    char *resume_thing, *resume_page;
    struct yj_answers resume_a;
    /* A kiosk offers a draft only to whoever gives the last four characters
     * of the applicant's ID number it holds (resume_secret, "" when none). */
    char resume_secret[8];
    char resume_typed[8];
    int resume_tries; /* wrong answers so far; the third discards the draft */
    bool resume_ok;   /* verified (assisted mode: always) */
    /* "leave to Home?" asked over the guide (Esc before its first question
     * with answers given): u->sel is the dialog's, leave_sel the screen's */
    bool leave_ask;
    int leave_sel;
    bool lang_ok[3];
    int rated;
    /* confirmation screen: printing the receipt, and the QR codes drawn */
    const char *printer; /* CUPS queue or NULL (config print.printer, else default) */
    /* OFF: this terminal prints nothing (print.enabled = no): no print button */
    enum { YJ_PRINT_NONE, YJ_PRINT_BUSY, YJ_PRINT_OK, YJ_PRINT_FAILED, YJ_PRINT_OFF } print_state;
    bool print_pending;    /* the main loop prints after drawing "正在打印…" */
    char print_msg[512];   /* the outcome shown until the screen is left */
    char qr_for[64];       /* the case number the codes below were made for */
    struct yj_qr qr_full;  /* the signed receipt payload (width 0: none) */
    struct yj_qr qr_small; /* the case number alone */
};

/* ---- terminal (term.c) */
/* SIGTERM/SIGHUP end the loop (yj_ui_term_requested), SIGINT/SIGQUIT/SIGTSTP
 * are ignored; curses in raw mode, getch waiting tick_ms, the theme of u.
 * -1 with a message on stderr when the terminal cannot be set up. */
int yj_ui_term_start(struct yj_ui *u, int tick_ms);
/* Has SIGTERM or SIGHUP arrived since yj_ui_term_start? */
bool yj_ui_term_requested(void);
/* The terminal's size from the kernel (TIOCGWINSZ); when curses has another
 * (a SIGWINCH lost while curses started, or not delivered), take it over with
 * resizeterm. True when the size changed: redraw. Called on timeout ticks. */
bool yj_ui_term_resync(void);

/* ---- drawing (draw.c) */
void yj_d_theme(struct yj_ui *u);
/* Text fitted to `cols` display columns (padded), with an ellipsis when cut. */
void yj_d_text(int y, int x, int cols, const char *s, int pair, unsigned long attr);
/* Text as is (fitted to the screen edge only). Returns the columns drawn. */
int yj_d_str(int y, int x, const char *s, int pair, unsigned long attr);
void yj_d_center(struct yj_ui *u, int y, const char *s, int pair, unsigned long attr);
/* Wrapped text; returns the rows used (at most maxrows). */
int yj_d_wrap(int y, int x, int width, int maxrows, const char *s, int pair, unsigned long attr);
void yj_d_box(int y, int x, int h, int w, int pair);
void yj_d_fill(int y, int x, int h, int w, int pair);
/* Title bar (row 0) with `right` on the right, and the key help at the bottom. */
void yj_d_header(struct yj_ui *u, const char *title, const char *right);
void yj_d_footer(struct yj_ui *u, const char *keys);
/* End a frame: the cursor where the screen wants it (u->cur_on) or hidden, then
 * refresh. */
void yj_d_present(struct yj_ui *u);
/* A button; focused ones are drawn reversed. Returns its width. */
int yj_d_button(int y, int x, const char *label, bool focus);
/* ID numbers and other sensitive values masked for display. */
void yj_d_display(const struct yj_field *fd, const char *value, bool unmasked, char *out,
                  size_t outsz);

/* ---- the page editor (w_page.c) */
void yj_page_reset(struct yj_page *p);
/* Draw the fields between rows y0 and y1 (exclusive). */
void yj_page_draw(struct yj_ui *u, const struct yj_pagesrc *src, int y0, int y1);
/* Redraw only the focused text input and its character counter, where the
 * last yj_page_draw put them; false when there is none (draw everything). */
bool yj_page_draw_input(struct yj_ui *u);
/* Handle a key. Returns 1 when the person asks to go forward (Enter on the last
 * field, PgDn), -1 to go back (Esc, PgUp), 0 otherwise. */
int yj_page_key(struct yj_ui *u, const struct yj_pagesrc *src, int type, wint_t ch);
/* Store what is typed in the focused field (before leaving the page). */
void yj_page_commit(struct yj_ui *u, const struct yj_pagesrc *src);
/* Focus a field index, or the summary (-1). */
void yj_page_focus(struct yj_ui *u, const struct yj_pagesrc *src, int i);

/* ---- pick lists (w_list.c) */
void yj_popup_open(struct yj_popup *p, const struct yj_field *fd, const char *current);
void yj_popup_close(struct yj_popup *p);
/* Returns 1 with a chosen value in out, -1 when cancelled, 0 otherwise. The
 * search is typed through the one line editor (pinyin too, w_line.h). */
int yj_popup_key(struct yj_ui *u, struct yj_popup *p, int type, wint_t ch, char *out, size_t outsz);
/* A tapped pinyin candidate, into the search. */
void yj_popup_pick(struct yj_ui *u, struct yj_popup *p, int i);
/* The frame pick lists and checklists are drawn in (cleared, boxed), and its
 * place: top row, left column, height and width. */
void yj_popup_frame(const struct yj_ui *u, int *y, int *x, int *h, int *w);
void yj_popup_draw(struct yj_ui *u, const struct yj_popup *p);

/* ---- multi-select checklists (w_multi.c) */
void yj_w_multi_open(struct yj_multi *m, const struct yj_field *fd, const char *current);
void yj_w_multi_close(struct yj_multi *m);
/* A key: 1 with the answer in out (a JSON list of codes, "" for none), -1
 * when left without a change (Esc), 0 otherwise. */
int yj_w_multi_key(struct yj_multi *m, int type, wint_t ch, char *out, size_t outsz);
/* A tap on row `row` (YJ_HIT_CHECK): as yj_w_multi_key. */
int yj_w_multi_click(struct yj_multi *m, int row, char *out, size_t outsz);
void yj_w_multi_draw(struct yj_ui *u, struct yj_multi *m);
/* The chosen labels of a multi field as its page block shows them, in a box w
 * columns wide from row r (wrapped in full; rows outside [y0, y1) skipped),
 * and the rows that takes. */
int yj_w_multi_value_rows(const struct yj_field *fd, const char *v, int w);
void yj_w_multi_value_draw(const struct yj_field *fd, const char *v, int r, int x, int w,
                           bool focus, int y0, int y1);

/* ---- the fields of a page as the page editor sees them (pagesrc.c) */
/* The merged form's current section (yj_flow_section). */
void yj_form_src(struct yj_ui *u, struct yj_pagesrc *src);
/* The assisted mode's authorisation (u->auth_fields, set up by yj_auth_init). */
void yj_auth_src(struct yj_ui *u, struct yj_pagesrc *src);
void yj_auth_init(struct yj_ui *u);

/* ---- drafts (draft.c) */
/* Save the application as the draft of u->slot, at the page of the screen
 * shown (nothing on a screen that is no step of an application). */
void yj_save_draft(struct yj_ui *u);
void yj_discard_draft(struct yj_ui *u);
/* The "leave to Home and discard what was typed?" dialog (nav.c draws it over
 * the screen, scr_misc.c): true when the key was the dialog's. */
bool yj_leave_key(struct yj_ui *u, int type, wint_t ch);
/* The resume offer's secret from the loaded draft (scr_misc.c). */
void yj_resume_secret(struct yj_ui *u);
void yj_leave_draw(struct yj_ui *u);

/* ---- moving between screens (nav.c) */
/* Show screen s with what entering it sets up (guide: the answer given before;
 * a form page or the authorisation: focus on the first field; review: replan;
 * resume: the draft, else home), and save the draft. */
void yj_go(struct yj_ui *u, enum yj_scr s);
/* Forget the application and everything shown of it, then Home. */
void yj_wipe_home(struct yj_ui *u);
/* Back from the guide or the notice: the previous guide question, else the
 * authorisation screen (assisted) or home. */
void yj_guide_back(struct yj_ui *u);
/* Keys of a screen with two buttons: left/up select the first (u->sel 0),
 * right/down the second (1). True for Enter: the caller acts on u->sel. */
bool yj_key_pick2(struct yj_ui *u, int type, wint_t ch);
/* Forget the confirmation screen's codes and print outcome. */
void yj_done_reset(struct yj_ui *u);

/* ---- screens (scr_*.c) */
/* Each screen's drawing and key handling, by number (screens.c). */
struct yj_screen {
    void (*draw)(struct yj_ui *u);
    void (*key)(struct yj_ui *u, int type, wint_t ch);
};
extern const struct yj_screen yj_screens[YJ_SCR_COUNT];

void yj_scr_signin_draw(struct yj_ui *u);
void yj_scr_signin_key(struct yj_ui *u, int type, wint_t ch);
void yj_scr_home_draw(struct yj_ui *u);
void yj_scr_home_key(struct yj_ui *u, int type, wint_t ch);
void yj_scr_resume_draw(struct yj_ui *u);
void yj_scr_resume_key(struct yj_ui *u, int type, wint_t ch);
void yj_scr_auth_draw(struct yj_ui *u);
void yj_scr_auth_key(struct yj_ui *u, int type, wint_t ch);
void yj_scr_guide_draw(struct yj_ui *u);
void yj_scr_guide_key(struct yj_ui *u, int type, wint_t ch);
void yj_scr_stop_draw(struct yj_ui *u);
void yj_scr_stop_key(struct yj_ui *u, int type, wint_t ch);
void yj_scr_notice_draw(struct yj_ui *u);
void yj_scr_notice_key(struct yj_ui *u, int type, wint_t ch);
void yj_scr_form_draw(struct yj_ui *u);
void yj_scr_form_key(struct yj_ui *u, int type, wint_t ch);
void yj_scr_review_draw(struct yj_ui *u);
void yj_scr_review_key(struct yj_ui *u, int type, wint_t ch);
void yj_scr_done_draw(struct yj_ui *u);
void yj_scr_done_key(struct yj_ui *u, int type, wint_t ch);
/* Print the receipt asked for on the confirmation screen (u->print_pending),
 * from the main loop once "正在打印…" is on the screen. */
void yj_scr_done_print(struct yj_ui *u);
void yj_scr_rating_draw(struct yj_ui *u);
void yj_scr_rating_key(struct yj_ui *u, int type, wint_t ch);
void yj_scr_small_draw(struct yj_ui *u);
void yj_scr_idle_draw(struct yj_ui *u, long remaining);

#endif
