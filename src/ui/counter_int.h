/* counter_int.h: what the counter's screens share (not for other modules). */
#ifndef YJ_UI_COUNTER_INT_H
#define YJ_UI_COUNTER_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include <wchar.h>

#include "store/counter.h"
#include "ui/counter_flow.h"
#include "ui/ui_counter.h"
#include "ui/editbuf.h"
#include "ui/ui_int.h"

enum yj_cscr {
    YJ_C_SIGNIN,
    YJ_C_LOCK,
    YJ_C_QUEUE,
    YJ_C_DETAIL,
    YJ_C_RETURN,
    YJ_C_STATS,
    YJ_C_FLOW, /* the kiosk's form screens: new case, or editing answers */
};

/* What a one-line prompt is asking for. */
enum yj_cprompt {
    YJ_CP_NONE,
    YJ_CP_CERT,        /* certificate number of the selected item */
    YJ_CP_ITEM_REASON, /* why the selected item was returned */
    YJ_CP_EDIT_REASON, /* why the answers were edited */
    YJ_CP_HANDOUT,     /* hand-out note (who collected) */
    YJ_CP_MAT_REASON,  /* the reason for one missing material */
    YJ_CP_OTHER,       /* a reason not tied to a material */
    YJ_CP_ACCEPT,      /* confirm accepting the case open (no text) */
};

struct yj_cui {
    struct yj_ui u; /* the kiosk framework: drawing, flow, page editor */
    enum yj_cscr scr, before_lock;
    long lock_after;
    bool quit;
    /* sign-in */
    struct yj_editbuf id_eb, pw_eb;
    int signin_focus; /* 0 id, 1 password */
    time_t wait_until;
    bool signed_in;
    struct yj_user user;
    struct yj_actor who;
    /* what the screens show, and the clerk's acts (counter_flow.h) */
    struct yj_cflow f;
    /* queue */
    struct yj_editbuf scan;
    int status_f; /* index into the status filter list, 0 = all */
    int thing_f;  /* 0 = all, k = things[k - 1] */
    bool searching;
    char search[128];
    int sel, top;
    /* detail */
    int dsel, dtop;
    int dsel_seen; /* the selection the view last followed (PgDn scrolls away from it) */
    /* prompt */
    enum yj_cprompt prompt;
    char prompt_title[256];
    struct yj_editbuf peb;
    /* return dialog */
    bool *ret_on;
    char **ret_reason;
    char *ret_other;
    int rsel;
    /* editing answers through the form screens */
    bool editing;
    /* statistics */
    bool week;
    int stop;
};

/* ---- what the counter's screens share (counter_nav.c) */
/* One-line editing of b through the one line editor (w_line.h flags: pinyin,
 * secret): 1 Enter, -1 Esc, 0 otherwise. */
int yj_c_eb_key(struct yj_cui *c, struct yj_editbuf *b, unsigned flags, int type, wint_t ch);
/* Draw b in a box of width columns at y, x (w_line.h flags: masked with '*'
 * when secret, the 中/英 switch at its right end); with focus the cursor and
 * a pinyin composition go there. */
void yj_c_eb_draw(struct yj_cui *c, struct yj_editbuf *b, int y, int x, int width, unsigned flags,
                  bool focus);
/* Show a message in the note line at once (before a slow step). */
void yj_c_flash(struct yj_cui *c, const char *msg);
/* Readable names. */
const char *yj_c_ready_label(int ready);
const char *yj_c_thing_label(struct yj_cui *c, const char *thing);
/* The queue's thing filter (c->thing_f) as a thing id, or NULL for all. */
const char *yj_c_thing_filter(struct yj_cui *c);
/* Print a receipt ("receipt") or notice slip ("notice") of the case open and
 * say how it went. */
void yj_c_print(struct yj_cui *c, const char *kind);
/* Show screen s (the queue and the statistics load what they show). */
void yj_c_go(struct yj_cui *c, enum yj_cscr s);
/* Load the queue with the filters chosen, or the cases searched for. */
void yj_c_queue_load(struct yj_cui *c);
/* Load the statistics of the range chosen. */
void yj_c_stats_load(struct yj_cui *c);
/* Open a case by number; false with the message in the note. */
bool yj_c_detail_open(struct yj_cui *c, const char *case_no);
/* Close the case open and its return dialog. */
void yj_c_detail_free(struct yj_cui *c);

/* ---- the sign-in and lock screen (counter_signin.c) */
void yj_c_signin_draw(struct yj_cui *c);
void yj_c_signin_key(struct yj_cui *c, int type, wint_t ch);

/* ---- counter_queue.c */
void yj_c_queue_draw(struct yj_cui *c);
void yj_c_queue_key(struct yj_cui *c, int type, wint_t ch);

/* ---- counter_detail.c */
void yj_c_detail_draw(struct yj_cui *c);
void yj_c_detail_key(struct yj_cui *c, int type, wint_t ch);
void yj_c_return_draw(struct yj_cui *c);
void yj_c_return_key(struct yj_cui *c, int type, wint_t ch);
void yj_c_prompt_open(struct yj_cui *c, enum yj_cprompt p, const char *title, const char *init);
void yj_c_prompt_draw(struct yj_cui *c);
void yj_c_prompt_key(struct yj_cui *c, int type, wint_t ch);

/* ---- counter_stats.c */
void yj_c_stats_draw(struct yj_cui *c);
void yj_c_stats_key(struct yj_cui *c, int type, wint_t ch);

#endif
