/* mouse.c: clicks and taps — SGR 1006 mouse reports read after their prefix
 * whatever the terminal's terminfo says (tmux's "screen" entries announce only
 * the old X10 reports), and what a click on a registered region does. */
#define NCURSES_WIDECHAR 1
#include <ncurses.h>
#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "core/paths.h"
#include "core/utf8.h"
#include "ui/hit.h"
#include "ui/ime_ui.h"
#include "ui/ui_int.h"

static bool mouse_on;
static int tick;

void
yj_mouse_start(int tick_ms)
{
    const char *v = yj_config_get("ui.mouse", "yes");
    tick = tick_ms;
    if (strcmp(v, "no") == 0 || strcmp(v, "false") == 0 || strcmp(v, "0") == 0)
        return;
    define_key("\033[<", YJ_KEY_SGR_MOUSE);
    /* Button presses and releases (1000), reported as SGR (1006). */
    fputs("\033[?1000h\033[?1006h", stdout);
    fflush(stdout);
    mouse_on = true;
}

void
yj_mouse_stop(void)
{
    if (!mouse_on)
        return;
    fputs("\033[?1006l\033[?1000l", stdout);
    fflush(stdout);
    mouse_on = false;
}

enum yj_mouse
yj_mouse_read(int *y, int *x)
{
    char buf[32];
    size_t n = 0;
    timeout(50);
    while (n + 1 < sizeof buf) {
        int c = getch();
        if (c == ERR || c < 0 || c > 127)
            break;
        buf[n++] = (char)c;
        if (c == 'M' || c == 'm')
            break;
    }
    timeout(tick);
    buf[n] = '\0';
    return yj_mouse_parse(buf, y, x);
}

/* Send the screen shown a key. */
static void
send_key(struct yj_ui *u, int key)
{
    if (key >= KEY_MIN)
        yj_screens[u->scr].key(u, KEY_CODE_YES, (wint_t)key);
    else
        yj_screens[u->scr].key(u, OK, (wint_t)key);
}

bool
yj_mouse_click(struct yj_ui *u, enum yj_mouse ev, int y, int x)
{
    if (ev == YJ_MOUSE_WHEEL_UP || ev == YJ_MOUSE_WHEEL_DOWN) {
        send_key(u, ev == YJ_MOUSE_WHEEL_UP ? KEY_UP : KEY_DOWN);
        return true;
    }
    if (ev != YJ_MOUSE_PRESS)
        return false;
    const struct yj_hit *h = yj_hit_at(y, x);
    if (h == NULL)
        return false;
    switch (h->kind) {
    case YJ_HIT_KEY:
        send_key(u, h->arg);
        break;
    case YJ_HIT_SEL:
        u->sel = h->arg;
        send_key(u, '\r');
        break;
    case YJ_HIT_LANG:
        yj_i18n_set((enum yj_lang)h->arg);
        break;
    case YJ_HIT_IMESW:
        yj_w_ime_toggle(u);
        break;
    default:
        /* The page editor's own: a field, a list row, a candidate, a key. */
        yj_hit_set_pending(h);
        yj_screens[u->scr].key(u, KEY_CODE_YES, KEY_MOUSE);
        break;
    }
    return true;
}

int
yj_d_button_at(int y, int x, const char *label, bool focus, int sel)
{
    int w = yj_d_button(y, x, label, focus);
    yj_hit_add(y, x, 1, w, YJ_HIT_SEL, sel);
    return w;
}

void
yj_d_navbar(struct yj_ui *u, const char *back, int back_key, const char *fwd, int fwd_key)
{
    char b[128], f[128];
    int x = u->cols - 1;
    if (fwd != NULL) {
        snprintf(f, sizeof f, "[%s]", fwd);
        x -= yj_str_width(f);
        yj_d_str(1, x, f, YJ_P_BUTTON, A_BOLD);
        yj_hit_add(1, x, 1, yj_str_width(f), YJ_HIT_KEY, fwd_key);
        x -= 2;
    }
    if (back != NULL) {
        snprintf(b, sizeof b, "[%s]", back);
        x -= yj_str_width(b);
        yj_d_str(1, x, b, YJ_P_BUTTON, A_BOLD);
        yj_hit_add(1, x, 1, yj_str_width(b), YJ_HIT_KEY, back_key);
    }
}
