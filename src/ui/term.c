/* term.c: the terminal set-up shared by the kiosk (ui.c) and the counter
 * (counter_main.c) — signals that end the loop, keys that must not stop it,
 * curses in raw mode with the theme. */
#define NCURSES_WIDECHAR 1
#include <ncurses.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "core/glyph.h"
#include "core/paths.h"
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

/* Milliseconds since an arbitrary start. */
static long
now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* How wide the terminal draws an ambiguous character, measured the way Vim
 * sets 'ambiwidth': at the start of the line draw one (●), ask where the cursor
 * is (ESC [ 6 n) and read the answer for at most wait_ms; then wipe the line.
 * No answer (or not a terminal) is ASCII: the width is unknown. */
static enum yj_ambi
probe_ambiwidth(int wait_ms)
{
    struct termios old, raw;
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO) || tcgetattr(STDIN_FILENO, &old) != 0)
        return YJ_AMBI_ASCII;
    raw = old;
    raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
    raw.c_cc[VMIN] = 0;
    raw.c_cc[VTIME] = 0;
    if (tcsetattr(STDIN_FILENO, TCSANOW, &raw) != 0)
        return YJ_AMBI_ASCII;
    static const char ask[] = "\r\xe2\x97\x8f\x1b[6n";
    char buf[64];
    size_t n = 0;
    if (write(STDOUT_FILENO, ask, sizeof ask - 1) == (ssize_t)(sizeof ask - 1)) {
        long end = now_ms() + wait_ms;
        for (;;) {
            long left = end - now_ms();
            struct pollfd pf = {.fd = STDIN_FILENO, .events = POLLIN};
            if (left <= 0 || poll(&pf, 1, (int)left) <= 0)
                break;
            ssize_t r = read(STDIN_FILENO, buf + n, sizeof buf - 1 - n);
            if (r <= 0)
                break;
            n += (size_t)r;
            if (memchr(buf, 'R', n) != NULL || n >= sizeof buf - 1)
                break;
        }
    }
    static const char wipe[] = "\r\x1b[K";
    if (write(STDOUT_FILENO, wipe, sizeof wipe - 1) < 0) {
        /* nothing to do: curses draws the whole screen next */
    }
    tcsetattr(STDIN_FILENO, TCSANOW, &old);
    return yj_ambi_from_report(buf, n, 1);
}

/* The glyph set: YJ_AMBIWIDTH, else config ui.ambiwidth (1, 2, ascii, auto),
 * else measured. */
static void
choose_glyphs(void)
{
    const char *env = getenv("YJ_AMBIWIDTH");
    const char *v = env && env[0] ? env : yj_config_get("ui.ambiwidth", "auto");
    int a = yj_ambi_parse(v);
    if (a == -2) {
        yj_err("ui.ambiwidth: '%s' is not 1, 2, ascii or auto; measuring the terminal", v);
        a = -1;
    }
    yj_ambi_set(a >= 0 ? (enum yj_ambi)a : probe_ambiwidth(100));
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
    choose_glyphs();
    if (initscr() == NULL) {
        yj_err("cannot initialise the terminal");
        return -1;
    }
    /* standard error is the screen now: the print module logs to syslog only */
    yj_config_set("ui.fullscreen", "yes");
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

bool
yj_ui_term_resync(void)
{
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) != 0 || ws.ws_row == 0 || ws.ws_col == 0)
        return false;
    if ((int)ws.ws_row == LINES && (int)ws.ws_col == COLS)
        return false;
    resizeterm(ws.ws_row, ws.ws_col);
    return true;
}
