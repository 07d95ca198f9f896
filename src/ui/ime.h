/* ime.h: pinyin input inside the program, over librime (curses-free).
 *
 * librime is opened with dlopen at the first use, so a machine without it
 * still runs the program (ASCII input only) and yj_ime_open says why. The
 * engine's data lives in the directory it is given: a counter's in the state
 * directory, where it learns what the clerk types; a kiosk's and the assisted
 * desk's in a private temporary directory, with learning switched off, that
 * yj_imectl_forget deletes when an application ends, so a shared machine
 * keeps no citizen's name (yj_imectl below).
 */
#ifndef YJ_UI_IME_H
#define YJ_UI_IME_H

#include <stdbool.h>
#include <stddef.h>

struct yj_ime;

/* Keys the engine understands besides printable ASCII. */
enum {
    YJ_IME_BACKSPACE = 0x10008,
    YJ_IME_ESC = 0x1001b,
    YJ_IME_ENTER = 0x1000d,
    YJ_IME_PAGE_UP = 0x10055,
    YJ_IME_PAGE_DOWN = 0x10056,
};

#define YJ_IME_MAX_CAND 10

/* What the engine shows: the composition and one page of candidates. */
struct yj_ime_view {
    char preedit[256]; /* the letters as segmented ("zhang san"), "" when idle */
    int ncand;
    char cand[YJ_IME_MAX_CAND][64];
    int page; /* 0-based */
    bool last_page;
};

/* Open the engine with its user data in user_dir (created if missing),
 * traditional output when trad. learn: keep a user dictionary (counter); off:
 * the schema is copied into user_dir/build with the user dictionary switched
 * off, so nothing typed is learnt, in memory or on disk. NULL with the reason in err when librime
 * or its pinyin data (rime-data-luna-pinyin) is missing. */
struct yj_ime *yj_ime_open(const char *user_dir, bool trad, bool learn, char *err, size_t errsz);
void yj_ime_close(struct yj_ime **ime);
/* Switch between simplified and traditional output (drops the composition). */
void yj_ime_set_trad(struct yj_ime *ime, bool trad);
/* Feed one key: a printable ASCII character or a YJ_IME_* key. Returns true
 * when the engine used it; text it commits (a chosen candidate, or the
 * letters on Enter) is copied to commit ("" when none). A key that is not used
 * (a digit while nothing is composed) is the caller's to insert. */
bool yj_ime_key(struct yj_ime *ime, int key, char *commit, size_t commitsz);
/* Choose candidate i (0-based) of the page shown. */
bool yj_ime_pick(struct yj_ime *ime, int i, char *commit, size_t commitsz);
bool yj_ime_composing(struct yj_ime *ime);
void yj_ime_cancel(struct yj_ime *ime);
void yj_ime_view(struct yj_ime *ime, struct yj_ime_view *v);

/* Remove a directory tree made for a private engine (kiosk, assisted desk). */
void yj_ime_rmtree(const char *dir);

/* The engine as a screen program holds it: opened on the first use of 中,
 * in a private directory (kiosk, assisted desk) or in state_dir (counter). */
struct yj_imectl {
    struct yj_ime *ime;
    bool on;     /* 中: letters compose pinyin; off (英): ASCII */
    bool trad;   /* traditional output (zh_TW) */
    bool keep;   /* learning kept in state_dir (counter) */
    bool failed; /* opening failed once: err says why, ASCII input only */
    char err[1280];
    char dir[1024]; /* the engine's user data */
    char state_dir[960];
};

/* Open the engine if it is not (the first 中). 0, or -1 with ctl->err. */
int yj_imectl_start(struct yj_imectl *ctl);
/* An application ended: drop the composition; a private engine is closed and
 * its directory deleted with everything it learnt. */
void yj_imectl_forget(struct yj_imectl *ctl);
/* At exit. */
void yj_imectl_close(struct yj_imectl *ctl);

#endif
