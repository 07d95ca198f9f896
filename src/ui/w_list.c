/* w_list.c: pick lists over the page — select choices and the region cascade
 * (province -> city -> district). */
#define NCURSES_WIDECHAR 1
#include <ncurses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/glyph.h"
#include "core/i18n.h"
#include "core/paths.h"
#include "core/pinyin.h"
#include "core/region.h"
#include "core/utf8.h"
#include "core/util.h"
#include "ui/hit.h"
#include "ui/ui_layout.h"
#include "ui/ime_ui.h"
#include "ui/ui_int.h"
#include "ui/w_line.h"

/* Drop the current entries. */
static void
clear_items(struct yj_popup *p)
{
    for (size_t i = 0; i < p->n; i++) {
        free(p->labels[i]);
        free(p->values[i]);
    }
    yj_free(&p->labels);
    yj_free(&p->values);
    p->n = 0;
    p->sel = p->top = 0;
    p->search[0] = '\0';
    p->nomatch = false;
}

/* Move to the first label matching what was typed, and the letters of a
 * pinyin composition under way after it: 汉 or `hz` finds 汉族. */
static void
research(struct yj_popup *p)
{
    char q[sizeof p->search + 64];
    char letters[64];
    yj_w_ime_preedit_letters(letters, sizeof letters);
    snprintf(q, sizeof q, "%s%s", p->search, letters);
    int i = yj_lay_find(p->labels, p->n, q);
    if (i < 0) /* hz: 汉族, sh: 上海市 */
        i = yj_pinyin_find(p->labels, p->n, q);
    /* letters still being composed are no search yet: no "not found" */
    p->nomatch = q[0] != '\0' && i < 0 && letters[0] == '\0';
    if (i >= 0)
        p->sel = i;
}

/* The search as an edit buffer at its end, for the one line editor. */
static void
search_buf(const struct yj_popup *p, struct yj_editbuf *b)
{
    yj_eb_init(b, 20); /* characters: at most 60 bytes of p->search */
    yj_eb_set(b, p->search);
}

/* Keep what the line editor made of the search. */
static void
search_keep(struct yj_popup *p, struct yj_editbuf *b)
{
    snprintf(p->search, sizeof p->search, "%s", b->s);
    yj_eb_free(b);
}

/* Type-to-search through the one line editor: a character typed (or
 * composed in pinyin, or sent by the terminal's input method) extends the
 * search, backspace shortens it; the arrows, Home and End stay the list's.
 * True when the key was used. */
static bool
search_key(struct yj_ui *u, struct yj_popup *p, int type, wint_t ch)
{
    bool composing = yj_w_ime_composing();
    bool bs =
        (type == KEY_CODE_YES && ch == KEY_BACKSPACE) || (type == OK && (ch == 127 || ch == 8));
    bool text = type == OK && ch >= 32 && ch != 127 && ch <= 0x10ffff &&
                !(ch == ' ' && p->search[0] == '\0'); /* Space chooses */
    if (!composing && !bs && !text)
        return false;
    struct yj_editbuf b;
    search_buf(p, &b);
    int r = yj_line_key(u, &b, YJ_LINE_PINYIN, type, ch);
    search_keep(p, &b);
    if (r != YJ_LINE_NONE)
        research(p);
    return r != YJ_LINE_NONE || bs;
}

void
yj_popup_pick(struct yj_ui *u, struct yj_popup *p, int i)
{
    struct yj_editbuf b;
    search_buf(p, &b);
    yj_w_ime_pick(u, &b, i);
    search_keep(p, &b);
    research(p);
}

/* Append one entry. */
static void
add_item(struct yj_popup *p, const char *label, const char *value)
{
    p->labels = xreallocarray(p->labels, p->n + 1, sizeof *p->labels);
    p->values = xreallocarray(p->values, p->n + 1, sizeof *p->values);
    p->labels[p->n] = xstrdup(label);
    p->values[p->n] = xstrdup(value);
    p->n++;
}

/* Fill the list with the regions under parent ("" = provinces). */
static void
fill_regions(struct yj_popup *p, const char *parent, const char *select)
{
    static const struct yj_region *kids[4096];
    clear_items(p);
    size_t n = yj_region_children(parent[0] ? parent : NULL, kids, 4096);
    for (size_t i = 0; i < n; i++) {
        add_item(p, kids[i]->name, kids[i]->code);
        if (select && strcmp(select, kids[i]->code) == 0)
            p->sel = (int)i;
    }
}

/* Does the current list hold code? Selects it when it does. */
static bool
select_code(struct yj_popup *p, const char *code)
{
    for (size_t i = 0; i < p->n; i++) {
        if (strcmp(p->values[i], code) == 0) {
            p->sel = (int)i;
            return true;
        }
    }
    return false;
}

/* Does the code have children (a level below it to choose from)? */
static bool
has_children(const char *code)
{
    const struct yj_region *kids[1];
    return yj_region_children(code, kids, 1) > 0;
}

/* Open the cascade where code lives, code selected: the field's answer, or else
 * this centre's own district (centre_code), where most applicants live — so
 * the list starts in the centre's city (310104: 上海市's districts). A code
 * that is abolished still opens its city when the city is in force (310103
 * 卢湾区: 上海市's districts); a city opens its districts; anything else the
 * province list, the province selected. */
static void
open_regions_at(struct yj_popup *p, const char *current)
{
    char code[7] = "";
    if (current != NULL && strlen(current) == 6) {
        snprintf(code, sizeof code, "%s", current);
    } else {
        const char *centre = NULL, *term = NULL;
        char err[256];
        if (yj_terminal_identity(&centre, &term, err, sizeof err) == 0 && centre != NULL)
            snprintf(code, sizeof code, "%s", centre);
    }
    char prov[7] = "", city[7] = "";
    if (yj_region_level(code) > 0) {
        snprintf(prov, sizeof prov, "%.2s0000", code);
        snprintf(city, sizeof city, "%.4s00", code);
    }
    const struct yj_region *pr = prov[0] ? yj_region_get(prov) : NULL;
    if (pr != NULL && pr->current && has_children(prov)) {
        fill_regions(p, prov, NULL);
        snprintf(p->parent[1], sizeof p->parent[1], "%s", prov);
        /* a municipality's district, 441900 东莞市, or a city: its districts */
        if (select_code(p, code) && !has_children(code)) {
            p->level = 1;
            return;
        }
        if (select_code(p, city) && has_children(city)) {
            fill_regions(p, city, NULL);
            select_code(p, code);
            p->level = 2;
            snprintf(p->parent[2], sizeof p->parent[2], "%s", city);
            return;
        }
        if (p->n > 0 && yj_region_level(p->values[0]) == 3) {
            p->level = 1; /* a municipality: its districts, whatever was abolished */
            return;
        }
    }
    fill_regions(p, "", prov);
}

void
yj_popup_open(struct yj_popup *p, const struct yj_field *fd, const char *current)
{
    yj_popup_close(p);
    p->open = true;
    p->field = fd;
    p->level = 0;
    memset(p->parent, 0, sizeof p->parent);
    if (fd->type == YJ_F_REGION) {
        open_regions_at(p, current);
        return;
    }
    for (size_t i = 0; i < fd->nchoices; i++) {
        add_item(p, yj_text(&fd->choices[i].label), fd->choices[i].value);
        if (current && strcmp(current, fd->choices[i].value) == 0)
            p->sel = (int)i;
    }
}

void
yj_popup_close(struct yj_popup *p)
{
    clear_items(p);
    p->open = false;
    p->field = NULL;
}

int
yj_popup_key(struct yj_ui *u, struct yj_popup *p, int type, wint_t ch, char *out, size_t outsz)
{
    int n = (int)p->n;
    if (search_key(u, p, type, ch))
        return 0;
    if (type == OK && ch == 27 && p->search[0]) {
        p->search[0] = '\0'; /* Esc first forgets the search */
        p->nomatch = false;
        return 0;
    }
    if (type == KEY_CODE_YES) {
        p->search[0] = '\0'; /* moving by hand ends the search */
        p->nomatch = false;
        switch (ch) {
        case KEY_UP:
            if (p->sel > 0)
                p->sel--;
            return 0;
        case KEY_DOWN:
            if (p->sel + 1 < n)
                p->sel++;
            return 0;
        case KEY_PPAGE:
            p->sel = p->sel > 10 ? p->sel - 10 : 0;
            return 0;
        case KEY_NPAGE:
            p->sel = p->sel + 10 < n ? p->sel + 10 : (n > 0 ? n - 1 : 0);
            return 0;
        case KEY_HOME:
            p->sel = 0;
            return 0;
        case KEY_END:
            p->sel = n > 0 ? n - 1 : 0;
            return 0;
        case KEY_LEFT:
            ch = 27;
            break; /* back one level, like Esc */
        case KEY_RIGHT:
        case KEY_ENTER:
            ch = '\r';
            break;
        default:
            return 0;
        }
    }
    if (ch == 27) {
        if (p->field && p->field->type == YJ_F_REGION && p->level > 0) {
            p->level--;
            char back[7];
            snprintf(back, sizeof back, "%s", p->parent[p->level + 1]);
            fill_regions(p, p->parent[p->level], back);
            return 0;
        }
        yj_popup_close(p);
        return -1;
    }
    if ((ch == '\r' || ch == '\n' || ch == ' ') && n > 0) {
        const char *v = p->values[p->sel];
        if (p->field->type == YJ_F_REGION && p->level < 2) {
            const struct yj_region *kids[1];
            if (yj_region_children(v, kids, 1) > 0) {
                char code[7];
                snprintf(code, sizeof code, "%s", v);
                p->level++;
                snprintf(p->parent[p->level], sizeof p->parent[0], "%s", code);
                fill_regions(p, code, NULL);
                return 0;
            }
        }
        snprintf(out, outsz, "%s", v);
        yj_popup_close(p);
        return 1;
    }
    return 0;
}

/* What a region list asks for, from what it lists: "上海市：请选择区",
 * "请选择省/自治区/直辖市/特别行政区" (core/region.c, yj_region_kinds). */
static void
region_title(const struct yj_popup *p, char *out, size_t outsz)
{
    static const struct yj_region *rows[4096];
    size_t n = 0;
    for (size_t i = 0; i < p->n && n < YJ_ARRAY_LEN(rows); i++) {
        const struct yj_region *r = yj_region_get(p->values[i]);
        if (r != NULL)
            rows[n++] = r;
    }
    char kinds[256], ask[320], where[200] = "";
    yj_region_kinds(rows, n, kinds, sizeof kinds);
    if (kinds[0] != '\0') {
        snprintf(ask, sizeof ask, _("请选择%s"), kinds);
    } else {
        static const char *const lvl[3] = {N_("请选择省份"), N_("请选择城市"), N_("请选择区县")};
        snprintf(ask, sizeof ask, "%s", _(lvl[p->level < 3 ? p->level : 2]));
    }
    if (p->level > 0)
        yj_region_fullname(p->parent[p->level], where, sizeof where);
    if (where[0] != '\0')
        snprintf(out, outsz, _("%s：%s"), where, ask);
    else
        snprintf(out, outsz, "%s", ask);
}

void
yj_popup_frame(const struct yj_ui *u, int *y, int *x, int *h, int *w)
{
    /* Large print (under 80 columns): nearly the whole width for the labels. */
    *w = u->cols < 80 ? u->cols - 6 : u->cols - 20 < 60 ? u->cols - 20 : 60;
    *x = (u->cols - *w) / 2;
    *h = u->rows - 6;
    *y = 3;
    yj_d_fill(*y, *x, *h, *w, YJ_P_NORMAL);
    yj_d_box(*y, *x, *h, *w, YJ_P_FOCUS);
}

void
yj_popup_draw(struct yj_ui *u, const struct yj_popup *pp)
{
    struct yj_popup *p = (struct yj_popup *)pp;
    bool region = p->field->type == YJ_F_REGION;
    int y, x, h, w;
    yj_popup_frame(u, &y, &x, &h, &w);
    char title[600];
    snprintf(title, sizeof title, " %s ", yj_text(&p->field->label));
    /* Page and back controls for a finger, on the top border; in a region
     * list below the provinces, back goes one level up. */
    const char *ctl[3] = {_("[上页]"), _("[下页]"),
                          region && p->level > 0 ? _("[上一级]") : _("[返回]")};
    static const int ctl_key[3] = {KEY_PPAGE, KEY_NPAGE, 27};
    int cx = x + w - 2;
    for (int k = 2; k >= 0; k--) {
        int cw = yj_str_width(ctl[k]);
        cx -= cw + 1;
        yj_d_str(y, cx, ctl[k], YJ_P_FOCUS, A_BOLD | A_REVERSE);
        yj_hit_add(y, cx, 1, cw, YJ_HIT_KEY, ctl_key[k]);
    }
    yj_d_text(y, x + 2, cx - x - 3, title, YJ_P_FOCUS, A_BOLD);
    int y0 = y + 1, rows = h - 2;
    if (region) {
        /* Where the list is and what it lists, wrapped in full (never cut). */
        char ask[600];
        region_title(p, ask, sizeof ask);
        struct yj_line l[3];
        size_t nl = yj_lay_wrap(ask, w - 4, l, 3);
        for (size_t k = 0; k < nl && k < 3; k++) {
            char buf[600];
            snprintf(buf, sizeof buf, "%.*s", (int)l[k].len, ask + l[k].off);
            yj_d_text(y0, x + 2, w - 4, buf, YJ_P_NORMAL, A_BOLD);
            y0++;
            rows--;
        }
    }
    if (rows < 1)
        rows = 1;
    if (p->sel < p->top)
        p->top = p->sel;
    if (p->sel >= p->top + rows)
        p->top = p->sel - rows + 1;
    for (int r = 0; r < rows && p->top + r < (int)p->n; r++) {
        int i = p->top + r;
        char line[512];
        snprintf(line, sizeof line, " %s %s", yj_glyph_or_blank(YJ_G_FOCUS, i == p->sel),
                 p->labels[i]);
        yj_d_text(y0 + r, x + 1, w - 2, line, i == p->sel ? YJ_P_FOCUS : YJ_P_NORMAL,
                  i == p->sel ? A_BOLD : 0);
        yj_hit_add(y0 + r, x + 1, 1, w - 2, YJ_HIT_ROW, i);
    }
    char pos[64];
    snprintf(pos, sizeof pos, " %d/%zu ", p->sel + 1, p->n);
    int posx = x + w - 2 - (int)strlen(pos);
    yj_d_str(y + h - 1, posx, pos, YJ_P_FOCUS, 0);
    /* The search, typed through the one line editor (a pinyin composition at
     * its end); the line is registered even when empty, so the 中/英 switch
     * shows while the list is open. */
    int pair = p->nomatch ? YJ_P_ERROR : YJ_P_FOCUS;
    int sx = x + 2, room = posx - sx - 1;
    if (p->search[0] || yj_w_ime_composing()) {
        sx += yj_d_str(y + h - 1, sx, _(" 查找："), pair, A_BOLD);
        const char *tail = p->nomatch ? _("（没有找到） ") : " ";
        int tw = yj_str_width(tail);
        int used = yj_line_draw_text(u, p->search, YJ_LINE_PINYIN, y + h - 1, sx,
                                     room - (sx - x - 2) - tw, pair, A_BOLD);
        int cur_x = u->cur_x;
        yj_d_str(y + h - 1, sx + used, tail, pair, A_BOLD);
        u->cur_x = cur_x;
    } else {
        u->typing = YJ_LINE_PINYIN | YJ_LINE_SHOWN;
    }
    u->cur_on = false; /* the selection shows where the person is */
    yj_d_footer(u, region ? (p->level > 0 ? _("↑↓ 选择  输入文字查找  回车 确定/下一级  Esc 上一级")
                                          : _("↑↓ 选择  输入文字查找  回车 确定/下一级  Esc 取消"))
                          : _("↑↓ 选择  输入文字查找  回车 确定  Esc 取消"));
}
