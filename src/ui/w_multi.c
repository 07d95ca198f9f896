/* w_multi.c: the multi-select checklist over the page ("type": "multi",
 * core/multi.h) — one checkbox row per choice and a 完成 row after them; Space
 * or Enter ticks the row under the focus, Enter on 完成 (or Tab, or the [完成]
 * control) gives the answer back as a JSON list of the ticked codes in the
 * choices' order, Esc leaves the answer as it was. At most `max` rows ticked,
 * at least `min` (when the field has them). The list scrolls; 更多 on its
 * bottom border says there is more. Also the chosen labels as the page shows
 * them (wrapped in full, never cut). */
#define NCURSES_WIDECHAR 1
#include <ncurses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/glyph.h"
#include "core/i18n.h"
#include "core/multi.h"
#include "core/util.h"
#include "core/utf8.h"
#include "ui/hit.h"
#include "ui/ime_ui.h"
#include "ui/ui_int.h"
#include "ui/ui_layout.h"

void
yj_w_multi_open(struct yj_multi *m, const struct yj_field *fd, const char *current)
{
    memset(m, 0, sizeof *m);
    m->open = true;
    m->field = fd;
    m->n = fd->nchoices < YJ_MULTI_MAX ? fd->nchoices : YJ_MULTI_MAX;
    char **c;
    size_t n;
    if (yj_multi_parse(current, &c, &n)) {
        for (size_t i = 0; i < n; i++)
            for (size_t k = 0; k < m->n; k++)
                if (strcmp(c[i], fd->choices[k].value) == 0)
                    m->on[k] = true;
        yj_multi_free(c, n);
    }
}

void
yj_w_multi_close(struct yj_multi *m)
{
    memset(m, 0, sizeof *m);
}

/* How many rows are ticked. */
static int
ticked(const struct yj_multi *m)
{
    int k = 0;
    for (size_t i = 0; i < m->n; i++)
        k += m->on[i];
    return k;
}

/* Tick or untick row i (refused over the maximum). */
static void
toggle(struct yj_multi *m, size_t i)
{
    const struct yj_field *fd = m->field;
    m->msg[0] = '\0';
    if (!m->on[i] && fd->has_max && ticked(m) + 1 > (int)fd->max) {
        snprintf(m->msg, sizeof m->msg, _("最多只能勾选 %d 项"), (int)fd->max);
        return;
    }
    m->on[i] = !m->on[i];
}

/* Done: the answer into out (1), or stay with a message (0) when fewer than
 * the minimum are ticked. None ticked is no answer (""). */
static int
finish(struct yj_multi *m, char *out, size_t outsz)
{
    const struct yj_field *fd = m->field;
    int k = ticked(m);
    if (k > 0 && fd->has_min && k < (int)fd->min) {
        snprintf(m->msg, sizeof m->msg, _("请至少勾选 %d 项"), (int)fd->min);
        return 0;
    }
    const char **codes = xreallocarray(NULL, m->n ? m->n : 1, sizeof *codes);
    size_t nc = 0;
    for (size_t i = 0; i < m->n; i++)
        if (m->on[i])
            codes[nc++] = fd->choices[i].value;
    yj_multi_format(codes, nc, out, outsz);
    free(codes);
    yj_w_multi_close(m);
    return 1;
}

int
yj_w_multi_key(struct yj_multi *m, int type, wint_t ch, char *out, size_t outsz)
{
    int last = (int)m->n; /* the 完成 row */
    int page = m->rows > 1 ? m->rows - 1 : 1;
    if (type == KEY_CODE_YES) {
        switch (ch) {
        case KEY_UP:
            m->sel = m->sel > 0 ? m->sel - 1 : 0;
            return 0;
        case KEY_DOWN:
            m->sel = m->sel < last ? m->sel + 1 : last;
            return 0;
        case KEY_PPAGE:
            m->sel = m->sel > page ? m->sel - page : 0;
            return 0;
        case KEY_NPAGE:
            m->sel = m->sel + page < last ? m->sel + page : last;
            return 0;
        case KEY_HOME:
            m->sel = 0;
            return 0;
        case KEY_END:
            m->sel = last;
            return 0;
        case KEY_ENTER:
            ch = '\r';
            break;
        default:
            return 0;
        }
    } else if (ch == 27) {
        yj_w_multi_close(m);
        return -1;
    }
    if (ch == '\t' || ((ch == '\r' || ch == '\n') && m->sel == last))
        return finish(m, out, outsz);
    if ((ch == ' ' || ch == '\r' || ch == '\n') && m->sel < last)
        toggle(m, (size_t)m->sel);
    return 0;
}

int
yj_w_multi_click(struct yj_multi *m, int row, char *out, size_t outsz)
{
    if (row < 0 || row > (int)m->n)
        return 0;
    m->sel = row;
    if (row == (int)m->n)
        return finish(m, out, outsz);
    toggle(m, (size_t)row);
    return 0;
}

/* The line under the list: what was refused, else how many may be ticked. */
static void
status_text(const struct yj_multi *m, char *buf, size_t bufsz)
{
    const struct yj_field *fd = m->field;
    if (m->msg[0])
        snprintf(buf, bufsz, "！%s", m->msg);
    else if (fd->has_min && fd->has_max)
        snprintf(buf, bufsz, _("已勾选 %d 项（%d 至 %d 项）"), ticked(m), (int)fd->min,
                 (int)fd->max);
    else if (fd->has_max)
        snprintf(buf, bufsz, _("已勾选 %d 项（最多 %d 项）"), ticked(m), (int)fd->max);
    else if (fd->has_min)
        snprintf(buf, bufsz, _("已勾选 %d 项（至少 %d 项）"), ticked(m), (int)fd->min);
    else
        snprintf(buf, bufsz, _("已勾选 %d 项（可以勾选多项）"), ticked(m));
}

void
yj_w_multi_draw(struct yj_ui *u, struct yj_multi *m)
{
    /* The pick list's place and size. */
    int y, x, h, w;
    yj_popup_frame(u, &y, &x, &h, &w);
    char buf[600];
    /* Page and done controls for a finger, on the top border. */
    const char *ctl[3] = {_("[上页]"), _("[下页]"), _("[完成]")};
    static const int ctl_key[3] = {KEY_PPAGE, KEY_NPAGE, '\t'};
    int cx = x + w - 2;
    for (int k = 2; k >= 0; k--) {
        int cw = yj_str_width(ctl[k]);
        cx -= cw + 1;
        yj_d_str(y, cx, ctl[k], YJ_P_FOCUS, A_BOLD | A_REVERSE);
        yj_hit_add(y, cx, 1, cw, YJ_HIT_KEY, ctl_key[k]);
    }
    snprintf(buf, sizeof buf, " %s ", yj_text(&m->field->label));
    yj_d_text(y, x + 2, cx - x - 3, buf, YJ_P_FOCUS, A_BOLD);
    /* The rows: the choices, then 完成. */
    int rows = h - 3, n = (int)m->n + 1;
    m->rows = rows;
    if (m->sel < m->top)
        m->top = m->sel;
    if (m->sel >= m->top + rows)
        m->top = m->sel - rows + 1;
    for (int r = 0; r < rows && m->top + r < n; r++) {
        int i = m->top + r;
        bool sel = i == m->sel;
        if (i < (int)m->n)
            snprintf(buf, sizeof buf, " %s %s %s", yj_glyph_or_blank(YJ_G_FOCUS, sel),
                     yj_glyph(m->on[i] ? YJ_G_TICK_ON : YJ_G_TICK_OFF),
                     yj_text(&m->field->choices[i].label));
        else
            snprintf(buf, sizeof buf, " %s %s", yj_glyph_or_blank(YJ_G_FOCUS, sel),
                     _("[完成，回到表格]"));
        yj_d_text(y + 1 + r, x + 1, w - 2, buf, sel ? YJ_P_FOCUS : YJ_P_NORMAL,
                  sel || (i < (int)m->n && m->on[i]) ? A_BOLD : 0);
        yj_hit_add(y + 1 + r, x + 1, 1, w - 2, YJ_HIT_CHECK, i);
    }
    status_text(m, buf, sizeof buf);
    yj_d_text(y + h - 2, x + 2, w - 4, buf, m->msg[0] ? YJ_P_ERROR : YJ_P_HINT, A_BOLD);
    /* More rows above or below than fit: said on the bottom border. */
    bool above = m->top > 0, below = m->top + rows < n;
    if (above || below) {
        snprintf(buf, sizeof buf, " %s%s%s ", above ? yj_glyph(YJ_G_UP) : "", _("更多"),
                 below ? yj_glyph(YJ_G_DOWN) : "");
        yj_d_str(y + h - 1, x + w - 2 - yj_str_width(buf), buf, YJ_P_FOCUS, A_BOLD);
    }
    u->cur_on = false;
    yj_d_footer(u, _("↑↓ 选择  空格/回车 勾选  Tab 完成  Esc 不改"));
}

int
yj_w_multi_value_rows(const struct yj_field *fd, const char *v, int w)
{
    char shown[1024];
    yj_multi_display(fd, v, shown, sizeof shown);
    if (shown[0] == '\0' || w <= 0)
        return 1;
    size_t n = yj_lay_wrap(shown, w - 4, NULL, 0);
    return n > 0 ? (int)n : 1;
}

void
yj_w_multi_value_draw(const struct yj_field *fd, const char *v, int r, int x, int w, bool focus,
                      int y0, int y1)
{
    char shown[1024], buf[1100];
    int pair = focus ? YJ_P_FOCUS : YJ_P_BUTTON;
    yj_multi_display(fd, v, shown, sizeof shown);
    struct yj_line l[32];
    size_t nl = shown[0] ? yj_lay_wrap(shown, w - 4, l, 32) : 0;
    for (size_t k = 0; k < (nl ? nl : 1) && k < 32; k++, r++) {
        if (r < y0 || r >= y1)
            continue;
        if (nl == 0)
            snprintf(buf, sizeof buf, " %s", _("（请按回车勾选）"));
        else
            snprintf(buf, sizeof buf, " %.*s", (int)l[k].len, shown + l[k].off);
        yj_d_text(r, x, w - 3, buf, pair, 0);
        snprintf(buf, sizeof buf, " %s ", k == 0 ? yj_glyph(YJ_G_DOWN) : " ");
        yj_d_str(r, x + w - 3, buf, pair, A_BOLD);
    }
}
