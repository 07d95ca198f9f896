/* w_ime.c: pinyin input in every line a person types (w_line.c: form fields,
 * pick-list searches, the counter's prompts and search) — the composition at
 * the cursor, the numbered candidates on the row above the footer, the 中/英
 * switch at the footer's right end (or beside the line), and the on-screen
 * keyboard under a form field (the engine in ime.c). */
#define NCURSES_WIDECHAR 1
#include <ncurses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/paths.h"
#include "core/utf8.h"
#include "core/util.h"
#include "ui/ime.h"
#include "ui/ime_ui.h"
#include "ui/ui_int.h"
#include "ui/w_line.h"

static struct yj_imectl ctl;
static bool told; /* the engine's absence was said once */

void
yj_w_ime_init(bool counter)
{
    memset(&ctl, 0, sizeof ctl);
    ctl.keep = counter;
    if (counter) {
        char *dir = yj_path_dir(yj_paths_db());
        snprintf(ctl.state_dir, sizeof ctl.state_dir, "%s", dir);
        free(dir);
    }
    const char *v = yj_config_get("ui.pinyin", "off");
    ctl.on = strcmp(v, "on") == 0 || strcmp(v, "yes") == 0;
    told = false;
}

void
yj_w_ime_free(void)
{
    yj_imectl_close(&ctl);
}

void
yj_w_ime_forget(void)
{
    yj_imectl_forget(&ctl);
    const char *v = yj_config_get("ui.pinyin", "off");
    ctl.on = strcmp(v, "on") == 0 || strcmp(v, "yes") == 0;
}

bool
yj_w_ime_field(const struct yj_field *fd)
{
    return fd != NULL &&
           (fd->type == YJ_F_TEXT || fd->type == YJ_F_NAME || fd->type == YJ_F_ADDRESS);
}

/* Does the line drawn this frame take pinyin (w_line.c registers it)? */
static bool
active(const struct yj_ui *u)
{
    return (u->typing & YJ_LINE_PINYIN) != 0;
}

/* Open the engine (the first 中): false, with a note, when it cannot be. */
static bool
ready(struct yj_ui *u)
{
    ctl.trad = yj_i18n_get() == YJ_LANG_ZH_TW;
    if (yj_imectl_start(&ctl) != 0) {
        ctl.on = false;
        if (!told)
            snprintf(u->note, sizeof u->note, _("拼音输入不可用（%s），请直接输入"), ctl.err);
        told = true;
        return false;
    }
    yj_ime_set_trad(ctl.ime, ctl.trad);
    return true;
}

void
yj_w_ime_toggle(struct yj_ui *u)
{
    if (ctl.on) {
        yj_ime_cancel(ctl.ime);
        ctl.on = false;
        return;
    }
    ctl.on = true;
    ready(u);
}

bool
yj_w_ime_toggle_key(struct yj_ui *u, int type, wint_t ch)
{
    if ((type == KEY_CODE_YES && ch == KEY_F(8)) || (type == OK && ch == 0)) {
        yj_w_ime_toggle(u);
        return true;
    }
    return false;
}

bool
yj_w_ime_on(void)
{
    return ctl.on;
}

bool
yj_w_ime_composing(void)
{
    return ctl.on && yj_ime_composing(ctl.ime);
}

/* Put what the engine committed into the line; true when it changed. */
static bool
insert(struct yj_ui *u, struct yj_editbuf *eb, const char *s)
{
    if (s[0] == '\0')
        return false;
    enum yj_eb_status st = yj_eb_insert(eb, s, strlen(s));
    if (st == YJ_EB_CUT)
        snprintf(u->note, sizeof u->note, _("此项最多 %d 个字，多出的内容没有输入"), eb->max_chars);
    return st != YJ_EB_INVALID;
}

bool
yj_w_ime_key(struct yj_ui *u, struct yj_editbuf *eb, int type, wint_t ch, bool *changed)
{
    *changed = false;
    if (!ctl.on)
        return false;
    int key = -1;
    if (type == KEY_CODE_YES) {
        if (ch == KEY_BACKSPACE)
            key = YJ_IME_BACKSPACE;
        else if (ch == KEY_ENTER)
            key = YJ_IME_ENTER;
    } else if (ch == 127 || ch == 8) {
        key = YJ_IME_BACKSPACE;
    } else if (ch == 27) {
        key = YJ_IME_ESC;
    } else if (ch == '\r' || ch == '\n') {
        key = YJ_IME_ENTER;
    } else if (ch >= 0x20 && ch < 0x7f) {
        key = (int)ch;
        if (key >= 'A' && key <= 'Z' && !yj_w_ime_composing())
            return false; /* capitals are typed as they are */
        if (key >= 'A' && key <= 'Z')
            key += 'a' - 'A';
    }
    if (key < 0) {
        /* Tab, arrows and the like: not while composing. */
        return yj_w_ime_composing();
    }
    if (!yj_w_ime_composing() && (key == YJ_IME_BACKSPACE || key == YJ_IME_ESC ||
                                  key == YJ_IME_ENTER || key < 'a' || key > 'z'))
        return false; /* nothing composed: only a letter starts a composition */
    if (!ready(u))
        return false;
    char commit[256];
    bool used = yj_ime_key(ctl.ime, key, commit, sizeof commit);
    *changed = insert(u, eb, commit);
    return used;
}

bool
yj_w_ime_pick(struct yj_ui *u, struct yj_editbuf *eb, int i)
{
    char commit[256];
    if (!yj_w_ime_composing() || !yj_ime_pick(ctl.ime, i, commit, sizeof commit))
        return false;
    return insert(u, eb, commit);
}

int
yj_w_ime_preedit_width(void)
{
    if (!yj_w_ime_composing())
        return 0;
    struct yj_ime_view v;
    yj_ime_view(ctl.ime, &v);
    return yj_str_width(v.preedit);
}

void
yj_w_ime_preedit_letters(char *out, size_t outsz)
{
    size_t k = 0;
    if (outsz == 0)
        return;
    if (yj_w_ime_composing()) {
        struct yj_ime_view v;
        yj_ime_view(ctl.ime, &v);
        for (const char *s = v.preedit; *s && k + 1 < outsz; s++)
            if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z'))
                out[k++] = *s;
    }
    out[k] = '\0';
}

void
yj_w_ime_draw_preedit(struct yj_ui *u, int y, int x, int w)
{
    if (!yj_w_ime_composing())
        return;
    struct yj_ime_view v;
    yj_ime_view(ctl.ime, &v);
    if (w <= 0)
        return;
    int n = yj_str_width(v.preedit);
    if (n > w) /* the end of a long composition, where the typing is */
        yj_d_text(y, x, w, v.preedit + yj_str_fit(v.preedit, n - w + 1, NULL), YJ_P_FOCUS,
                  A_UNDERLINE | A_BOLD);
    else
        yj_d_text(y, x, n, v.preedit, YJ_P_FOCUS, A_UNDERLINE | A_BOLD);
    u->cur_x = x + (n < w ? n : w);
}

int
yj_w_ime_switch_width(void)
{
    return yj_str_width("F8  中 ");
}

int
yj_w_ime_switch_draw(struct yj_ui *u, int y, int x)
{
    (void)u;
    const char *sw = ctl.on ? " 中 " : " 英 ";
    yj_d_str(y, x, "F8", YJ_P_TITLE, 0);
    yj_d_str(y, x + 3, sw, YJ_P_FOCUS, A_BOLD | A_REVERSE);
    yj_hit_add(y, x, 1, yj_w_ime_switch_width(), YJ_HIT_IMESW, 0);
    return yj_w_ime_switch_width();
}

/* Is a text field focused (the keyboard's)? */
static bool
typing(const struct yj_ui *u)
{
    return u->page.eb_field != NULL && !u->page.pop.open && u->page.focus >= 0;
}

int
yj_w_ime_rows(struct yj_ui *u)
{
    if (!typing(u))
        return 0;
    return 1 + (yj_osk_enabled() ? yj_osk_height(u) : 0);
}

void
yj_w_ime_draw(struct yj_ui *u)
{
    int y = u->rows - 2;
    /* The keyboard under a form field; a pick list's search and the
     * counter's lines take the candidate row and the switch only. */
    if (typing(u) && yj_osk_enabled()) {
        int h = yj_osk_height(u);
        yj_osk_draw(u, u->rows - 1 - h);
        y = u->rows - 2 - h;
    }
    if (!active(u))
        return;
    /* The switch, at the footer's right end (unless the line has its own). */
    if (!(u->typing & YJ_LINE_SWITCH)) {
        int sx = u->cols - yj_w_ime_switch_width() - 1;
        yj_d_str(u->rows - 1, sx - 1, " ", YJ_P_TITLE, 0);
        yj_w_ime_switch_draw(u, u->rows - 1, sx);
    }
    if (!yj_w_ime_composing())
        return;
    /* The candidates, numbered, and the page. */
    struct yj_ime_view v;
    yj_ime_view(ctl.ime, &v);
    yj_d_fill(y, 0, 1, u->cols, YJ_P_FOCUS);
    int x = 1;
    char buf[96];
    if (v.page > 0) {
        x += yj_d_str(y, x, "[-]", YJ_P_FOCUS, A_BOLD);
        yj_hit_add(y, 1, 1, 3, YJ_HIT_KEY, '-');
        x++;
    }
    int room = u->cols - (v.last_page ? 1 : 5);
    for (int i = 0; i < v.ncand; i++) {
        snprintf(buf, sizeof buf, "%d.%s ", i + 1, v.cand[i]);
        int cw = yj_str_width(buf);
        if (x + cw > room)
            break;
        yj_d_str(y, x, buf, YJ_P_FOCUS, i == 0 ? A_BOLD : 0);
        yj_hit_add(y, x, 1, cw, YJ_HIT_CAND, i);
        x += cw + 1;
    }
    if (!v.last_page) {
        yj_d_str(y, u->cols - 4, "[=]", YJ_P_FOCUS, A_BOLD);
        yj_hit_add(y, u->cols - 4, 1, 3, YJ_HIT_KEY, '=');
    }
}
