/* draw.c: drawing primitives measured in display columns, and the themes. */
#define NCURSES_WIDECHAR 1
#include <ncurses.h>
#include <stdio.h>
#include <string.h>

#include "core/glyph.h"
#include "core/i18n.h"
#include "core/idmask.h"
#include "core/utf8.h"
#include "core/validate.h"
#include "ui/ui_layout.h"
#include "ui/ui_int.h"

void
yj_d_theme(struct yj_ui *u)
{
    if (!has_colors())
        return;
    start_color();
    if (u->large) {
        /* Large high-contrast: white on black, yellow focus, everything bold. */
        init_pair(YJ_P_NORMAL, COLOR_WHITE, COLOR_BLACK);
        init_pair(YJ_P_TITLE, COLOR_BLACK, COLOR_YELLOW);
        init_pair(YJ_P_FOCUS, COLOR_BLACK, COLOR_YELLOW);
        init_pair(YJ_P_ERROR, COLOR_WHITE, COLOR_RED);
        init_pair(YJ_P_HINT, COLOR_CYAN, COLOR_BLACK);
        init_pair(YJ_P_WARN, COLOR_BLACK, COLOR_YELLOW);
        init_pair(YJ_P_QR, COLOR_BLACK, COLOR_WHITE);
        init_pair(YJ_P_BUTTON, COLOR_WHITE, COLOR_BLUE);
        init_pair(YJ_P_OK, COLOR_GREEN, COLOR_BLACK);
        bkgdset(' ' | COLOR_PAIR(YJ_P_NORMAL) | A_BOLD);
    } else {
        use_default_colors();
        init_pair(YJ_P_NORMAL, -1, -1);
        init_pair(YJ_P_TITLE, COLOR_WHITE, COLOR_BLUE);
        init_pair(YJ_P_FOCUS, COLOR_BLACK, COLOR_CYAN);
        init_pair(YJ_P_ERROR, COLOR_RED, -1);
        init_pair(YJ_P_HINT, COLOR_BLUE, -1);
        init_pair(YJ_P_WARN, COLOR_YELLOW, -1);
        init_pair(YJ_P_QR, COLOR_BLACK, COLOR_WHITE);
        init_pair(YJ_P_BUTTON, COLOR_WHITE, COLOR_BLUE);
        init_pair(YJ_P_OK, COLOR_GREEN, -1);
        bkgdset(' ' | COLOR_PAIR(YJ_P_NORMAL));
    }
}

/* Put text fitted already: ambiguous characters as the glyph set draws them
 * (the widths counted were theirs, core/utf8.h). */
static void
put(int y, int x, const char *s)
{
    char buf[4096];
    if (yj_ambi_get() != YJ_AMBI_NARROW)
        s = yj_ambi_display(s, buf, sizeof buf);
    mvaddstr(y, x, s);
}

void
yj_d_text(int y, int x, int cols, const char *s, int pair, unsigned long attr)
{
    char buf[2048];
    if (cols <= 0 || y < 0 || y >= LINES || x < 0)
        return;
    if (x + cols > COLS)
        cols = COLS - x;
    if (cols <= 0)
        return;
    yj_str_pad(s ? s : "", cols, true, buf, sizeof buf);
    attr_t a = (attr_t)attr | COLOR_PAIR(pair);
    attron(a);
    put(y, x, buf);
    attroff(a);
}

int
yj_d_str(int y, int x, const char *s, int pair, unsigned long attr)
{
    char buf[2048];
    if (y < 0 || y >= LINES || x < 0 || x >= COLS || s == NULL)
        return 0;
    int used;
    size_t take = yj_str_fit(s, COLS - x, &used);
    if (take >= sizeof buf)
        take = sizeof buf - 1;
    memcpy(buf, s, take);
    buf[take] = '\0';
    attr_t a = (attr_t)attr | COLOR_PAIR(pair);
    attron(a);
    put(y, x, buf);
    attroff(a);
    return used;
}

void
yj_d_center(struct yj_ui *u, int y, const char *s, int pair, unsigned long attr)
{
    int w = yj_str_width(s);
    int x = (u->cols - w) / 2;
    yj_d_str(y, x < 0 ? 0 : x, s, pair, attr);
}

int
yj_d_wrap(int y, int x, int width, int maxrows, const char *s, int pair, unsigned long attr)
{
    struct yj_line lines[64];
    char buf[1024];
    size_t n = yj_lay_wrap(s, width, lines, 64);
    int rows = 0;
    for (size_t i = 0; i < n && i < 64 && rows < maxrows; i++, rows++) {
        size_t l = lines[i].len < sizeof buf - 4 ? lines[i].len : sizeof buf - 4;
        memcpy(buf, s + lines[i].off, l);
        buf[l] = '\0';
        int ew = yj_cp_width(0x2026);
        if (rows == maxrows - 1 && i + 1 < n && width > ew) {
            /* More text than rows: say so rather than cut it off silently. */
            l = yj_str_fit(buf, width - ew, NULL);
            memcpy(buf + l, "\xe2\x80\xa6", 4); /* U+2026 and the NUL */
        }
        yj_d_str(y + rows, x, buf, pair, attr);
    }
    return rows;
}

void
yj_d_fill(int y, int x, int h, int w, int pair)
{
    attron(COLOR_PAIR(pair));
    for (int r = 0; r < h; r++)
        if (y + r >= 0 && y + r < LINES)
            mvhline(y + r, x, ' ', w);
    attroff(COLOR_PAIR(pair));
}

void
yj_d_box(int y, int x, int h, int w, int pair)
{
    /* Unicode box drawing where the terminal draws it one column wide, else
     * ASCII (core/glyph.h), not ACS, so every terminal and a captured screen
     * show the same lines. */
    char line[1024];
    if (h < 2 || w < 2 || w > 300)
        return;
    for (int r = 0; r < h; r++) {
        const char *l = yj_glyph(r == 0 ? YJ_G_BOX_TL : r == h - 1 ? YJ_G_BOX_BL : YJ_G_BOX_V);
        const char *m = r == 0 || r == h - 1 ? yj_glyph(YJ_G_BOX_H) : NULL;
        const char *rt = yj_glyph(r == 0 ? YJ_G_BOX_TR : r == h - 1 ? YJ_G_BOX_BR : YJ_G_BOX_V);
        if (m) {
            size_t o = 0, ll = strlen(l), ml = strlen(m), rl = strlen(rt);
            memcpy(line + o, l, ll);
            o += ll;
            for (int k = 0; k < w - 2; k++, o += ml)
                memcpy(line + o, m, ml);
            memcpy(line + o, rt, rl);
            o += rl;
            line[o] = '\0';
            yj_d_str(y + r, x, line, pair, 0);
        } else {
            yj_d_str(y + r, x, l, pair, 0);
            yj_d_str(y + r, x + w - 1, rt, pair, 0);
        }
    }
}

void
yj_d_header(struct yj_ui *u, const char *title, const char *right)
{
    yj_d_fill(0, 0, 1, u->cols, YJ_P_TITLE);
    int rw = right ? yj_str_width(right) : 0;
    yj_d_text(0, 1, u->cols - rw - 3, title, YJ_P_TITLE, A_BOLD);
    if (right)
        yj_d_str(0, u->cols - rw - 1, right, YJ_P_TITLE, A_BOLD);
}

void
yj_d_footer(struct yj_ui *u, const char *keys)
{
    yj_d_fill(u->rows - 1, 0, 1, u->cols, YJ_P_TITLE);
    yj_d_text(u->rows - 1, 1, u->cols - 2, keys, YJ_P_TITLE, 0);
    if (u->note[0]) {
        yj_d_fill(u->rows - 2, 0, 1, u->cols, YJ_P_WARN);
        yj_d_text(u->rows - 2, 1, u->cols - 2, u->note, YJ_P_WARN, A_BOLD | A_REVERSE);
    }
}

void
yj_d_present(struct yj_ui *u)
{
    if (u->cur_on) {
        move(u->cur_y, u->cur_x);
        curs_set(1);
    } else {
        curs_set(0);
    }
    refresh();
}

int
yj_d_button(int y, int x, const char *label, bool focus)
{
    char buf[256];
    snprintf(buf, sizeof buf, focus ? "[ %s ]" : "  %s  ", label);
    yj_d_str(y, x, buf, focus ? YJ_P_FOCUS : YJ_P_BUTTON, A_BOLD);
    return yj_str_width(buf);
}

void
yj_d_display(const struct yj_field *fd, const char *value, bool unmasked, char *out, size_t outsz)
{
    if (value == NULL || value[0] == '\0') {
        snprintf(out, outsz, "%s", "");
        return;
    }
    if (!unmasked && (fd->type == YJ_F_IDCARD || fd->sensitive)) {
        yj_mask_id(value, out, outsz);
        return;
    }
    yj_field_display(fd, value, out, outsz);
}
