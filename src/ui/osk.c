/* osk.c: the on-screen keyboard of a touch kiosk — letters (for pinyin),
 * digits, X (identity numbers), -, Backspace, space, 中/英 and 确定 — in
 * rows of equal cells that fit 64 columns. */
#define NCURSES_WIDECHAR 1
#include <ncurses.h>
#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "core/paths.h"
#include "core/utf8.h"
#include "ui/ime_ui.h"
#include "ui/ui_int.h"

#define CELLS 12

/* One row: keys and how many cells each spans. */
struct okey {
    int key;
    int span;
};

static const struct okey rows[4][CELLS] = {
    {{'1', 1},
     {'2', 1},
     {'3', 1},
     {'4', 1},
     {'5', 1},
     {'6', 1},
     {'7', 1},
     {'8', 1},
     {'9', 1},
     {'0', 1},
     {'-', 1},
     {YJ_OSK_BS, 1}},
    {{'q', 1},
     {'w', 1},
     {'e', 1},
     {'r', 1},
     {'t', 1},
     {'y', 1},
     {'u', 1},
     {'i', 1},
     {'o', 1},
     {'p', 1},
     {'X', 1}},
    {{'a', 1},
     {'s', 1},
     {'d', 1},
     {'f', 1},
     {'g', 1},
     {'h', 1},
     {'j', 1},
     {'k', 1},
     {'l', 1},
     {YJ_OSK_OK, 2}},
    {{'z', 1},
     {'x', 1},
     {'c', 1},
     {'v', 1},
     {'b', 1},
     {'n', 1},
     {'m', 1},
     {YJ_OSK_SPACE, 2},
     {YJ_OSK_IME, 2}},
};

bool
yj_osk_enabled(void)
{
    const char *v = yj_config_get("ui.osk", "no");
    return strcmp(v, "yes") == 0 || strcmp(v, "true") == 0 || strcmp(v, "1") == 0;
}

int
yj_osk_height(const struct yj_ui *u)
{
    return u->rows >= 30 ? 8 : 4; /* two rows a key on a tall screen */
}

/* What a key shows. */
static void
label(int key, bool upper, char *buf, size_t sz)
{
    switch (key) {
    case YJ_OSK_BS:
        snprintf(buf, sz, "%s", "⌫");
        break;
    case YJ_OSK_OK:
        snprintf(buf, sz, "%s", _("确定"));
        break;
    case YJ_OSK_SPACE:
        snprintf(buf, sz, "%s", _("空格"));
        break;
    case YJ_OSK_IME:
        snprintf(buf, sz, "%s", "中/英");
        break;
    default:
        snprintf(buf, sz, "%c", upper && key >= 'a' && key <= 'z' ? key - 'a' + 'A' : key);
        break;
    }
}

void
yj_osk_draw(struct yj_ui *u, int y)
{
    int cw = (u->cols - 2) / CELLS, kh = yj_osk_height(u) / 4;
    if (cw > 8)
        cw = 8;
    int x0 = (u->cols - cw * CELLS) / 2;
    /* Letters are capitals in a field that takes no pinyin (USCC, IDs). */
    bool upper = u->page.eb_field != NULL && !yj_w_ime_field(u->page.eb_field);
    yj_d_fill(y, 0, kh * 4, u->cols, YJ_P_NORMAL);
    for (int r = 0; r < 4; r++) {
        int x = x0;
        for (int k = 0; k < CELLS && rows[r][k].span > 0; k++) {
            const struct okey *o = &rows[r][k];
            int w = cw * o->span - 1;
            char l[32], cell[64];
            label(o->key, upper, l, sizeof l);
            int lw = yj_str_width(l), pad = (w - lw) / 2;
            snprintf(cell, sizeof cell, "%*s%s", pad > 0 ? pad : 0, "", l);
            int ky = y + r * kh;
            yj_d_fill(ky, x, kh, w, YJ_P_BUTTON);
            yj_d_text(ky + (kh - 1) / 2, x, w, cell, YJ_P_BUTTON, A_BOLD);
            yj_hit_add(ky, x, kh, w + 1, YJ_HIT_OSK, o->key);
            x += cw * o->span;
        }
    }
}
