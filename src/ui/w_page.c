/* w_page.c: the page editor (label, hint, input, error for each field; the
 * error summary), over the fields of a yj_pagesrc (a form page, or the
 * assisted-mode authorisation page). */
#define NCURSES_WIDECHAR 1
#include <ncurses.h>
#include <stdio.h>
#include <string.h>

#include "core/glyph.h"
#include "core/i18n.h"
#include "core/utf8.h"
#include "core/util.h"
#include "ui/ime_ui.h"
#include "ui/ui_layout.h"
#include "ui/ui_int.h"
#include "ui/w_line.h"

/* Types edited as a line of text. */
static bool
is_text(const struct yj_field *fd)
{
    return fd->type != YJ_F_SELECT && fd->type != YJ_F_REGION && fd->type != YJ_F_YESNO &&
           fd->type != YJ_F_MULTI;
}

/* Open a field's list: the checklist of a multi-select, else the pick list. */
static void
open_list(struct yj_page *p, const struct yj_pagesrc *src, const struct yj_field *fd)
{
    if (fd->type == YJ_F_MULTI)
        yj_w_multi_open(&p->multi, fd, src->value(src->ctx, fd));
    else
        yj_popup_open(&p->pop, fd, src->value(src->ctx, fd));
}

/* Maximum characters for a field's edit buffer. */
static int
max_chars(const struct yj_field *fd)
{
    if (fd->max_chars > 0)
        return fd->max_chars;
    switch (fd->type) {
    case YJ_F_IDCARD:
    case YJ_F_USCC:
        return 18;
    case YJ_F_MOBILE:
        return 11;
    case YJ_F_POSTCODE:
        return 6;
    case YJ_F_DATE:
        return 16;
    case YJ_F_PHONE:
    case YJ_F_LANDLINE:
    case YJ_F_NUMBER:
    case YJ_F_MONEY:
        return 20;
    case YJ_F_BANK:
        return 30;
    case YJ_F_NAME:
        return 30;
    case YJ_F_ADDRESS:
        return 100;
    default:
        return 200;
    }
}

/* Number-like fields (ID, phone, postcode...): what the editor takes beyond
 * the field's length, so that spaces typed between groups and a digit too
 * many are kept for the check to drop or refuse (with a message), not cut. */
static bool
is_code(const struct yj_field *fd)
{
    return fd->max_chars == 0 &&
           (fd->type == YJ_F_IDCARD || fd->type == YJ_F_USCC || fd->type == YJ_F_MOBILE ||
            fd->type == YJ_F_POSTCODE || fd->type == YJ_F_BANK);
}

/* The counter beside the input: characters typed (spaces not counted) of the
 * field's length. */
static void
counter_text(const struct yj_page *p, const struct yj_field *fd, char *buf, size_t bufsz)
{
    size_t n = 0;
    for (const char *s = p->eb.s ? p->eb.s : ""; *s; s++)
        if ((*s & 0xc0) != 0x80 && *s != ' ')
            n++;
    snprintf(buf, bufsz, _("%zu/%d 字"), n, max_chars(fd));
}

void
yj_page_reset(struct yj_page *p)
{
    yj_popup_close(&p->pop);
    yj_w_multi_close(&p->multi);
    if (p->eb.s == NULL)
        yj_eb_init(&p->eb, 0);
    yj_eb_clear(&p->eb);
    p->eb_field = NULL;
    p->eb_dirty = false;
    p->focus = 0;
    p->sum_sel = 0;
    p->top = 0;
    p->show_summary = false;
    p->in_drawn = false;
    p->input_only = false;
    p->yn_sel = -1;
}

/* Load the focused field into the edit buffer. */
static void
load_focus(struct yj_ui *u, const struct yj_pagesrc *src)
{
    struct yj_page *p = &u->page;
    size_t n = src->count(src->ctx);
    p->eb_field = NULL;
    p->eb_dirty = false;
    if (p->focus < 0 || (size_t)p->focus >= n)
        return;
    const struct yj_field *fd = src->field(src->ctx, (size_t)p->focus);
    if (fd->type == YJ_F_YESNO) {
        const char *v = src->value(src->ctx, fd);
        p->yn_sel = v && strcmp(v, "yes") == 0 ? 0 : v && strcmp(v, "no") == 0 ? 1 : -1;
    }
    if (!is_text(fd))
        return;
    p->eb.max_chars = max_chars(fd) + (is_code(fd) ? 12 : 0);
    yj_eb_set(&p->eb, src->value(src->ctx, fd));
    p->eb_field = fd;
}

void
yj_page_focus(struct yj_ui *u, const struct yj_pagesrc *src, int i)
{
    size_t n = src->count(src->ctx);
    if (i >= (int)n)
        i = (int)n - 1;
    if (i < -1)
        i = -1;
    u->page.focus = i;
    load_focus(u, src);
}

/* Leave the text field being edited: store and check it. */
static enum yj_vstatus
leave_text(struct yj_ui *u, const struct yj_pagesrc *src)
{
    struct yj_page *p = &u->page;
    if (p->eb_field == NULL)
        return YJ_V_OK;
    const struct yj_field *fd = p->eb_field;
    enum yj_vstatus st = src->leave(src->ctx, fd, p->eb.s);
    p->eb_dirty = false;
    /* The value may have been normalised (dates, upper-case X). */
    const char *v = src->value(src->ctx, fd);
    if (strcmp(v ? v : "", p->eb.s) != 0) {
        yj_eb_set(&p->eb, v);
    }
    return st;
}

void
yj_page_commit(struct yj_ui *u, const struct yj_pagesrc *src)
{
    if (u->page.eb_field && u->page.eb_dirty)
        leave_text(u, src);
}

/* Number of summary lines and their fields. */
static size_t
problems(const struct yj_pagesrc *src, const struct yj_field **out, size_t max)
{
    size_t n = src->count(src->ctx), k = 0;
    for (size_t i = 0; i < n && k < max; i++) {
        const struct yj_field *fd = src->field(src->ctx, i);
        if (src->msg(src->ctx, fd))
            out[k++] = fd;
    }
    return k;
}

/* A field's label as shown: "（选填）" after an optional one, "（自动填写）"
 * after a derived one. */
static void
label_text(const struct yj_pagesrc *src, const struct yj_field *fd, char *buf, size_t bufsz)
{
    bool ro = src->readonly && src->readonly(src->ctx, fd);
    snprintf(buf, bufsz, "%s%s", yj_text(&fd->label),
             ro ? _("（自动填写）") : (src->required(src->ctx, fd) ? "" : _("（选填）")));
}

/* Width of a field's input box in a block `w` columns wide. */
static int
box_width(int w)
{
    /* Room after the box for the counter ("12/100 字") or the date format. */
    if (w - 12 < 52)
        return w - 12 >= 24 ? w - 12 : w;
    return 52;
}

/* Rows a field block takes at this width. */
static int
block_height(struct yj_ui *u, const struct yj_pagesrc *src, const struct yj_field *fd, int w)
{
    /* Label, hint and message wrap in full: nothing a person must read is cut. */
    char buf[1024];
    int h = 1; /* the input (a multi-select: the chosen labels, wrapped) */
    if (fd->type == YJ_F_MULTI)
        h = yj_w_multi_value_rows(fd, src->value(src->ctx, fd), box_width(w));
    label_text(src, fd, buf, sizeof buf);
    h += (int)yj_lay_wrap(buf, w, NULL, 0);
    const char *hint = yj_text(&fd->hint);
    if (hint && hint[0])
        h += (int)yj_lay_wrap(hint, w, NULL, 0);
    const struct yj_fmsg *m = src->msg(src->ctx, fd);
    if (m && m->msg)
        h += (int)yj_lay_wrap(m->msg, w - 2, NULL, 0);
    if (m && m->st == YJ_V_WARN)
        h++; /* the [确认无误] button */
    return h + (u->large && u->rows >= 24 ? 2 : 1);
}

/* The text being typed in fd at row r (box, text, cursor), and after it the
 * date format or the live character counter. */
static void
draw_input(struct yj_ui *u, const struct yj_field *fd, int r, int x, int w)
{
    struct yj_page *p = &u->page;
    int bw = box_width(w);
    yj_d_fill(r, x, 1, bw, YJ_P_FOCUS);
    yj_d_str(r, x, "[", YJ_P_FOCUS, A_BOLD);
    yj_d_str(r, x + bw - 1, "]", YJ_P_FOCUS, A_BOLD);
    /* the text, the cursor and the pinyin composition at it */
    yj_line_draw(u, &p->eb, yj_w_ime_field(fd) ? YJ_LINE_PINYIN : 0, r, x + 1, bw - 2, YJ_P_FOCUS,
                 true);
    if (fd->type == YJ_F_DATE && bw + 2 < w) {
        yj_d_text(r, x + bw + 2, w - bw - 2, _("年-月-日"), YJ_P_HINT, 0);
    } else if (bw + 2 < w) {
        char buf[64];
        counter_text(p, fd, buf, sizeof buf);
        yj_d_text(r, x + bw + 2, w - bw - 2, buf, YJ_P_HINT, 0);
    }
}

bool
yj_page_draw_input(struct yj_ui *u)
{
    struct yj_page *p = &u->page;
    if (!p->in_drawn || p->eb_field == NULL || p->pop.open || p->focus < 0)
        return false;
    draw_input(u, p->eb_field, p->in_y, p->in_x, p->in_w);
    return true;
}

/* Draw one field block at row y. */
static void
draw_block(struct yj_ui *u, const struct yj_pagesrc *src, size_t i, int y, int y0, int y1, int x,
           int w)
{
    struct yj_page *p = &u->page;
    const struct yj_field *fd = src->field(src->ctx, i);
    bool focus = p->focus == (int)i && !p->pop.open && !p->multi.open;
    char buf[1024];
    int r = y;
#define VISIBLE(row) ((row) >= y0 && (row) < y1)
    label_text(src, fd, buf, sizeof buf);
    char lab[1024];
    struct yj_line ll[16];
    size_t nll = yj_lay_wrap(buf, w, ll, 16);
    snprintf(lab, sizeof lab, "%s", buf);
    for (size_t k = 0; k < nll && k < 16; k++, r++)
        if (VISIBLE(r)) {
            if (focus && k == 0)
                yj_d_str(r, x - 2, yj_glyph(YJ_G_FOCUS), YJ_P_FOCUS, A_BOLD);
            snprintf(buf, sizeof buf, "%.*s", (int)ll[k].len, lab + ll[k].off);
            yj_d_text(r, x, w, buf, YJ_P_NORMAL, A_BOLD);
        }
    const char *hint = yj_text(&fd->hint);
    if (hint && hint[0]) {
        struct yj_line l[16];
        size_t nl = yj_lay_wrap(hint, w, l, 16);
        for (size_t k = 0; k < nl && k < 16; k++, r++)
            if (VISIBLE(r)) {
                snprintf(buf, sizeof buf, "%.*s", (int)l[k].len, hint + l[k].off);
                yj_d_text(r, x, w, buf, YJ_P_HINT, 0);
            }
    }
    /* The input. */
    int bw = box_width(w);
    const char *v = src->value(src->ctx, fd);
    /* A multi-select's chosen labels take vr rows, drawn one by one. */
    int vr = fd->type == YJ_F_MULTI ? yj_w_multi_value_rows(fd, v, bw) : 1;
    if (fd->type == YJ_F_MULTI) {
        int top = y < y0 ? y0 : y, end = r + vr < y1 ? r + vr : y1;
        if (end > top)
            yj_hit_add(top, x - 2, end - top, w + 2, YJ_HIT_FIELD, (int)i);
        yj_w_multi_value_draw(fd, v, r, x, bw, focus, y0, y1);
    } else if (VISIBLE(r))
        yj_hit_add(y < y0 ? y0 : y, x - 2, r - (y < y0 ? y0 : y) + 1, w + 2, YJ_HIT_FIELD, (int)i);
    bool input_drawn = false;
    if (VISIBLE(r) && fd->type != YJ_F_MULTI) {
        if (fd->type == YJ_F_YESNO) {
            /* Two buttons, the chosen one marked (●), the one Enter would
             * pick highlighted, and the keys written beside them. */
            bool yes = v && strcmp(v, "yes") == 0, no = v && strcmp(v, "no") == 0;
            int cx = x;
            for (int b = 0; b < 2; b++) {
                bool on = b == 0 ? yes : no, hl = focus && p->yn_sel == b;
                snprintf(buf, sizeof buf, "[ %s %s ]",
                         yj_glyph(on ? YJ_G_RADIO_ON : YJ_G_RADIO_OFF), b == 0 ? _("是") : _("否"));
                int bwid = yj_str_width(buf);
                yj_d_str(r, cx, buf, hl ? YJ_P_FOCUS : YJ_P_BUTTON, on || hl ? A_BOLD : 0);
                yj_hit_add(r, cx, 1, bwid, b == 0 ? YJ_HIT_YES : YJ_HIT_NO, (int)i);
                cx += bwid + 2;
            }
            if (focus && cx < x + w)
                yj_d_text(r, cx + 1, x + w - cx - 1, _("←→ 选择  回车 确定  1 是  2 否"), YJ_P_HINT,
                          0);
        } else if (!is_text(fd)) {
            char shown[512];
            yj_d_display(fd, v, true, shown, sizeof shown);
            snprintf(buf, sizeof buf, " %s", shown[0] ? shown : _("（请按回车选择）"));
            yj_d_text(r, x, bw - 3, buf, focus ? YJ_P_FOCUS : YJ_P_BUTTON, 0);
            snprintf(buf, sizeof buf, " %s ", yj_glyph(YJ_G_DOWN));
            yj_d_str(r, x + bw - 3, buf, focus ? YJ_P_FOCUS : YJ_P_BUTTON, A_BOLD);
        } else if (focus && p->eb_field == fd) {
            p->in_drawn = true;
            p->in_y = r;
            p->in_x = x;
            p->in_w = w;
            draw_input(u, fd, r, x, w);
            input_drawn = true;
        } else {
            char shown[512];
            /* A wrong ID number shows in full, so that it can be compared
             * with the card; masked again once it is right. */
            const struct yj_fmsg *m = src->msg ? src->msg(src->ctx, fd) : NULL;
            yj_d_display(fd, v, m != NULL && m->st == YJ_V_ERR, shown, sizeof shown);
            yj_d_fill(r, x, 1, bw, YJ_P_BUTTON);
            yj_d_str(r, x, "[", YJ_P_BUTTON, 0);
            yj_d_str(r, x + bw - 1, "]", YJ_P_BUTTON, 0);
            yj_d_text(r, x + 1, bw - 2, shown, YJ_P_BUTTON, 0);
        }
        /* The date format or the counter (drawn with the input being typed). */
        if (!input_drawn && fd->type == YJ_F_DATE && bw + 2 < w)
            yj_d_text(r, x + bw + 2, w - bw - 2, _("年-月-日"), YJ_P_HINT, 0);
        else if (!input_drawn && focus && is_text(fd) && bw + 2 < w) {
            counter_text(p, fd, buf, sizeof buf);
            yj_d_text(r, x + bw + 2, w - bw - 2, buf, YJ_P_HINT, 0);
        }
    }
    r += vr;
    const struct yj_fmsg *m = src->msg(src->ctx, fd);
    if (m && m->msg) {
        struct yj_line l[16];
        size_t nl = yj_lay_wrap(m->msg, w - 2, l, 16);
        int pair = m->st == YJ_V_ERR ? YJ_P_ERROR : YJ_P_WARN;
        for (size_t k = 0; k < nl && k < 16; k++, r++)
            if (VISIBLE(r)) {
                snprintf(buf, sizeof buf, "%s%.*s", k == 0 ? "！" : "  ", (int)l[k].len,
                         m->msg + l[k].off);
                yj_d_text(r, x, w, buf, pair, A_BOLD);
            }
        if (m->st == YJ_V_WARN) {
            /* A warning may be right: the person says so with this button
             * (or Enter on the field), kept as the answer "_confirm.<id>". */
            snprintf(buf, sizeof buf, "[ %s ]", _("确认无误"));
            if (VISIBLE(r)) {
                yj_d_str(r, x + 2, buf, focus ? YJ_P_FOCUS : YJ_P_BUTTON, A_BOLD);
                yj_hit_add(r, x + 2, 1, yj_str_width(buf), YJ_HIT_WARNOK, (int)i);
                if (focus)
                    yj_d_text(r, x + 4 + yj_str_width(buf), w - 4 - yj_str_width(buf),
                              _("按回车确认；要修改请直接重填"), YJ_P_HINT, 0);
            }
            r++;
        }
    }
#undef VISIBLE
}

void
yj_page_draw(struct yj_ui *u, const struct yj_pagesrc *src, int y0, int y1)
{
    struct yj_page *p = &u->page;
    size_t n = src->count(src->ctx);
    int x = 4, w = u->cols - 8;
    p->in_drawn = false;
    /* Room for the pinyin candidates and the on-screen keyboard. */
    if (y1 > u->rows - 1 - yj_w_ime_rows(u))
        y1 = u->rows - 1 - yj_w_ime_rows(u);
    const struct yj_field *probs[32];
    size_t np = problems(src, probs, 32);
    if (p->show_summary && np == 0)
        p->show_summary = false;
    if (p->focus == -1 && !p->show_summary)
        yj_page_focus(u, src, 0);
    if (p->show_summary) {
        /* The error summary: at most 5 lines, then the fields. */
        int shown = np > 5 ? 5 : (int)np;
        /* Large print: leave room for the focused field under the summary; the
         * summary scrolls with its selection. */
        int room = (y1 - y0) / 3 - 2;
        if (shown > room)
            shown = room > 1 ? room : 1;
        char buf[1024];
        yj_d_fill(y0, 1, shown + 2, u->cols - 2, YJ_P_ERROR);
        snprintf(buf, sizeof buf, _("有 %zu 处需要修改或确认："), np);
        yj_d_text(y0, 2, u->cols - 4, buf, YJ_P_ERROR, A_BOLD | A_REVERSE);
        if (p->sum_sel >= (int)np)
            p->sum_sel = (int)np - 1;
        int first = p->sum_sel >= shown ? p->sum_sel - shown + 1 : 0;
        for (int k = 0; k < shown; k++) {
            const struct yj_field *fd = probs[first + k];
            const struct yj_fmsg *m = src->msg(src->ctx, fd);
            bool sel = p->focus == -1 && first + k == p->sum_sel;
            snprintf(buf, sizeof buf, "%s %d. %s：%s", yj_glyph_or_blank(YJ_G_FOCUS, sel),
                     first + k + 1, yj_text(&fd->label), m && m->msg ? m->msg : "");
            yj_d_text(y0 + 1 + k, 2, u->cols - 4, buf, sel ? YJ_P_FOCUS : YJ_P_ERROR,
                      sel ? A_BOLD : 0);
            yj_hit_add(y0 + 1 + k, 2, 1, u->cols - 4, YJ_HIT_SUMROW, first + k);
        }
        yj_d_text(y0 + 1 + shown, 2, u->cols - 4, _("按 ↑↓ 选择一项，按回车跳到该项修改"),
                  YJ_P_ERROR, 0);
        y0 += shown + 3;
    }
    if (n == 0)
        return;
    int h[128], ys[128];
    size_t nb = n < 128 ? n : 128;
    for (size_t i = 0; i < nb; i++)
        h[i] = block_height(u, src, src->field(src->ctx, i), w);
    size_t f = p->focus < 0 ? 0 : (size_t)p->focus;
    yj_lay_scroll(h, nb, f, y1 - y0, &p->top, ys);
    for (size_t i = 0; i < nb; i++)
        if (ys[i] + h[i] > 0 && ys[i] < y1 - y0)
            draw_block(u, src, i, y0 + ys[i], y0, y1, x, w);
    if (p->top > 0)
        yj_d_str(y0, u->cols - 3, yj_glyph(YJ_G_UP), YJ_P_HINT, A_BOLD);
    if (ys[nb - 1] + h[nb - 1] > y1 - y0)
        yj_d_str(y1 - 1, u->cols - 3, yj_glyph(YJ_G_DOWN), YJ_P_HINT, A_BOLD);
    if (p->pop.open) {
        u->cur_on = false;
        yj_popup_draw(u, &p->pop);
    }
    if (p->multi.open)
        yj_w_multi_draw(u, &p->multi);
}

/* Move the focus by delta after leaving the current field. */
static int
move_focus(struct yj_ui *u, const struct yj_pagesrc *src, int delta)
{
    struct yj_page *p = &u->page;
    size_t n = src->count(src->ctx);
    if (p->eb_field)
        leave_text(u, src);
    n = src->count(src->ctx); /* leaving may change what is asked */
    int nf = p->focus + delta;
    if (nf >= (int)n)
        return 1;
    if (nf < 0)
        nf = p->show_summary ? -1 : 0;
    yj_page_focus(u, src, nf);
    return 0;
}

/* Keep the focus on the same field after the page's list changed. */
static void
refocus(struct yj_ui *u, const struct yj_pagesrc *src, const struct yj_field *fd)
{
    size_t n = src->count(src->ctx);
    for (size_t i = 0; i < n; i++)
        if (src->field(src->ctx, i) == fd) {
            u->page.focus = (int)i;
            return;
        }
    if (u->page.focus >= (int)n)
        u->page.focus = (int)n - 1;
}

/* Keys on the focused text field, through the one line editor (pinyin in
 * the fields that take it). Returns true when used. */
static bool
text_key(struct yj_ui *u, int type, wint_t ch)
{
    struct yj_page *p = &u->page;
    if (p->eb_field == NULL)
        return false;
    int r = yj_line_key(u, &p->eb, yj_w_ime_field(p->eb_field) ? YJ_LINE_PINYIN : 0, type, ch);
    if (r & YJ_LINE_CHANGED)
        p->eb_dirty = true;
    /* Typing changes nothing but the input row (the caller may redraw it
     * alone); the engine's keys change the candidate row too. */
    if (r != YJ_LINE_NONE && !(r & YJ_LINE_BY_IME) && u->note[0] == '\0')
        p->input_only = true;
    return r != YJ_LINE_NONE;
}

/* A click or tap on what the page drew (hit.h): a field, a yes/no answer, a
 * row of the pick list or the error summary, a candidate, a keyboard key. */
static int
page_click(struct yj_ui *u, const struct yj_pagesrc *src, const struct yj_hit *h)
{
    struct yj_page *p = &u->page;
    size_t n = src->count(src->ctx);
    switch (h->kind) {
    case YJ_HIT_ROW:
        if (!p->pop.open || h->arg < 0 || (size_t)h->arg >= p->pop.n)
            return 0;
        p->pop.sel = h->arg;
        return yj_page_key(u, src, OK, '\r');
    case YJ_HIT_SUMROW:
        p->focus = -1;
        p->sum_sel = h->arg;
        return yj_page_key(u, src, OK, '\r');
    case YJ_HIT_CAND:
        if (p->pop.open)
            yj_popup_pick(u, &p->pop, h->arg);
        else if (p->eb_field && yj_w_ime_pick(u, &p->eb, h->arg))
            p->eb_dirty = true;
        return 0;
    case YJ_HIT_CHECK: {
        char v[2048];
        const struct yj_field *fd = p->multi.field;
        if (!p->multi.open || yj_w_multi_click(&p->multi, h->arg, v, sizeof v) != 1)
            return 0;
        enum yj_vstatus st = src->leave(src->ctx, fd, v);
        refocus(u, src, fd);
        if (st == YJ_V_WARN)
            return 0; /* stay: the warning is read, then confirmed */
        return move_focus(u, src, 1);
    }
    case YJ_HIT_OSK:
        switch (h->arg) {
        case YJ_OSK_BS:
            return yj_page_key(u, src, KEY_CODE_YES, KEY_BACKSPACE);
        case YJ_OSK_OK: /* while composing: the first candidate */
            return yj_page_key(u, src, OK, yj_w_ime_composing() ? ' ' : '\r');
        case YJ_OSK_SPACE:
            return yj_page_key(u, src, OK, ' ');
        case YJ_OSK_IME:
            yj_w_ime_toggle(u);
            return 0;
        default: /* letters: pinyin, else capitals for numbers (USCC) */
            if (h->arg >= 'a' && h->arg <= 'z' && p->eb_field && !yj_w_ime_field(p->eb_field))
                return yj_page_key(u, src, OK, (wint_t)(h->arg - 'a' + 'A'));
            return yj_page_key(u, src, OK, (wint_t)h->arg);
        }
    case YJ_HIT_FIELD:
    case YJ_HIT_YES:
    case YJ_HIT_NO:
    case YJ_HIT_WARNOK:
        break;
    default:
        return 0;
    }
    if (h->arg < 0 || (size_t)h->arg >= n)
        return 0;
    if (p->pop.open)
        yj_popup_close(&p->pop); /* a tap beside the list closes it */
    if (p->multi.open)
        yj_w_multi_close(&p->multi);
    const struct yj_field *fd = src->field(src->ctx, (size_t)h->arg);
    if (p->focus != h->arg) {
        if (p->eb_field)
            leave_text(u, src);
        refocus(u, src, fd);
        yj_page_focus(u, src, p->focus);
        if (src->field(src->ctx, (size_t)p->focus) != fd)
            return 0; /* leaving the last field changed the page */
    }
    if (h->kind == YJ_HIT_WARNOK) {
        if (p->eb_field && p->eb_dirty && leave_text(u, src) != YJ_V_WARN)
            return 0; /* what was typed since is checked first */
        const struct yj_fmsg *m = src->msg(src->ctx, fd);
        if (m && m->st == YJ_V_WARN) {
            src->confirm(src->ctx, fd);
            refocus(u, src, fd);
            return move_focus(u, src, 1);
        }
        return 0;
    }
    if (h->kind == YJ_HIT_YES || h->kind == YJ_HIT_NO) {
        /* Answered: on to the next field, as after choosing from a list. */
        p->yn_sel = h->kind == YJ_HIT_YES ? 0 : 1;
        src->leave(src->ctx, fd, h->kind == YJ_HIT_YES ? "yes" : "no");
        refocus(u, src, fd);
        return move_focus(u, src, 1);
    }
    if (!is_text(fd) && fd->type != YJ_F_YESNO)
        open_list(p, src, fd);
    return 0;
}

int
yj_page_key(struct yj_ui *u, const struct yj_pagesrc *src, int type, wint_t ch)
{
    struct yj_page *p = &u->page;
    size_t n = src->count(src->ctx);
    if (type == KEY_CODE_YES && ch == KEY_MOUSE) {
        const struct yj_hit *h = yj_hit_take_pending();
        return h ? page_click(u, src, h) : 0;
    }
    if (p->multi.open) {
        char v[2048];
        const struct yj_field *fd = p->multi.field;
        if (yj_w_multi_key(&p->multi, type, ch, v, sizeof v) == 1) {
            enum yj_vstatus st = src->leave(src->ctx, fd, v);
            refocus(u, src, fd);
            if (st == YJ_V_WARN)
                return 0; /* stay: the warning is read, then confirmed */
            return move_focus(u, src, 1);
        }
        return 0;
    }
    if (p->pop.open) {
        char v[64];
        const struct yj_field *fd = p->pop.field;
        if (yj_popup_key(u, &p->pop, type, ch, v, sizeof v) == 1) {
            enum yj_vstatus st = src->leave(src->ctx, fd, v);
            refocus(u, src, fd);
            if (st == YJ_V_WARN)
                return 0; /* stay: the warning is read, then confirmed */
            return move_focus(u, src, 1);
        }
        return 0;
    }
    /* A text field's keys first: while composing pinyin, Enter, Esc, PgDn and
     * the rest are the engine's. */
    if (p->focus >= 0 && p->eb_field != NULL &&
        !(src->readonly && src->readonly(src->ctx, p->eb_field)) && text_key(u, type, ch))
        return 0;
    bool enter =
        (type == OK && (ch == '\r' || ch == '\n')) || (type == KEY_CODE_YES && ch == KEY_ENTER);
    bool esc = type == OK && ch == 27;
    if (type == KEY_CODE_YES && ch == KEY_NPAGE)
        return 1;
    if ((type == KEY_CODE_YES && ch == KEY_PPAGE) || esc)
        return -1;
    if (p->focus == -1) {
        const struct yj_field *probs[32];
        size_t np = problems(src, probs, 32);
        if (type == KEY_CODE_YES && ch == KEY_UP && p->sum_sel > 0)
            p->sum_sel--;
        else if (type == KEY_CODE_YES && ch == KEY_DOWN && p->sum_sel + 1 < (int)np)
            p->sum_sel++;
        else if (type == OK && ch == '\t')
            yj_page_focus(u, src, 0);
        else if (enter && np > 0) {
            refocus(u, src, probs[p->sum_sel]);
            yj_page_focus(u, src, p->focus);
        }
        return 0;
    }
    if ((size_t)p->focus >= n)
        return 0;
    const struct yj_field *fd = src->field(src->ctx, (size_t)p->focus);
    bool ro = src->readonly && src->readonly(src->ctx, fd);
    if (ro && !(type == KEY_CODE_YES && ch == KEY_UP) &&
        !(type == KEY_CODE_YES && ch == KEY_BTAB)) /* read-only: any key moves on */
        return enter || (type == OK && ch == '\t') || (type == KEY_CODE_YES && ch == KEY_DOWN)
                   ? move_focus(u, src, 1)
                   : 0;
    if (fd->type == YJ_F_YESNO) {
        /* ←→ move between the two answers, Enter (or Space) picks the one
         * highlighted, 1/Y and 2/N pick at once; each pick goes on to the
         * next field, as after choosing from a list. */
        const char *cur = src->value(src->ctx, fd);
        const char *pickv = NULL;
        if (type == KEY_CODE_YES && ch == KEY_LEFT) {
            p->yn_sel = 0;
            return 0;
        }
        if (type == KEY_CODE_YES && ch == KEY_RIGHT) {
            p->yn_sel = 1;
            return 0;
        }
        if (type == OK && (ch == '1' || ch == 'y' || ch == 'Y'))
            pickv = "yes";
        else if (type == OK && (ch == '2' || ch == 'n' || ch == 'N'))
            pickv = "no";
        else if ((enter || (type == OK && ch == ' ')) && p->yn_sel >= 0 &&
                 !(cur && strcmp(cur, p->yn_sel == 0 ? "yes" : "no") == 0 &&
                   src->msg(src->ctx, fd) != NULL && src->msg(src->ctx, fd)->st == YJ_V_WARN))
            pickv = p->yn_sel == 0 ? "yes" : "no";
        else if (enter && p->yn_sel < 0 && cur == NULL) {
            /* Unanswered: say how, and put the highlight on 是 so that
             * the next Enter picks it. */
            src->leave(src->ctx, fd, NULL);
            p->yn_sel = 0;
            return 0;
        }
        if (pickv) {
            p->yn_sel = strcmp(pickv, "yes") == 0 ? 0 : 1;
            if (src->leave(src->ctx, fd, pickv) == YJ_V_WARN) {
                refocus(u, src, fd);
                return 0; /* stay: the warning is read, then confirmed */
            }
            refocus(u, src, fd);
            return move_focus(u, src, 1);
        }
    }
    if (enter) {
        const struct yj_fmsg *m = src->msg(src->ctx, fd);
        if (m && m->st == YJ_V_WARN && !p->eb_dirty) {
            src->confirm(src->ctx, fd);
            return move_focus(u, src, 1);
        }
        if (!is_text(fd) && fd->type != YJ_F_YESNO) {
            open_list(p, src, fd);
            return 0;
        }
        if (p->eb_field) {
            enum yj_vstatus st = leave_text(u, src);
            refocus(u, src, fd);
            if (st == YJ_V_WARN)
                return 0; /* stay: a second Enter confirms */
            return move_focus(u, src, 1);
        }
        return move_focus(u, src, 1);
    }
    if ((type == OK && ch == '\t') || (type == KEY_CODE_YES && ch == KEY_DOWN))
        return move_focus(u, src, 1) == 1 ? 0 : 0;
    if ((type == KEY_CODE_YES && (ch == KEY_UP || ch == KEY_BTAB)))
        return move_focus(u, src, -1), 0;
    if (!is_text(fd)) {
        if (fd->type == YJ_F_YESNO) /* no list to open */
            return 0;
        if ((type == OK && ch == ' ') || (type == KEY_CODE_YES && ch == KEY_RIGHT))
            open_list(p, src, fd);
        return 0;
    }
    return 0;
}
