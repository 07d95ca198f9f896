/* term.c: the terminal set-up shared by the kiosk (ui.c) and the counter
 * (counter_main.c) — signals that end the loop, keys that must not stop it,
 * curses in raw mode with the theme. */
#define NCURSES_WIDECHAR 1
#include <ncurses.h>
#include <signal.h>
#include <string.h>

#include "core/util.h"
#include "ui/ui_int.h"

static volatile sig_atomic_t got_term;

/* SIGTERM / SIGHUP: leave the loop cleanly. */
static void
on_term(int sig)
{
    (void)sig;
    got_term = 1;
}

int
yj_ui_term_start(struct yj_ui *u, int tick_ms)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_term;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    signal(SIGINT, SIG_IGN);
    signal(SIGQUIT, SIG_IGN);
    signal(SIGTSTP, SIG_IGN);

    set_escdelay(100);
    if (initscr() == NULL) {
        yj_err("cannot initialise the terminal");
        return -1;
    }
    raw(); /* Ctrl-C, Ctrl-Z, Ctrl-\ arrive as characters and are ignored */
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    timeout(tick_ms);
    yj_d_theme(u);
    return 0;
}

bool
yj_ui_term_requested(void)
{
    return got_term != 0;
}
