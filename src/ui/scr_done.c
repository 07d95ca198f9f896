/* scr_done.c: confirmation (case number large, QR code in half blocks, what
 * happens next, print receipt) and the optional satisfaction rating (好差评). */
#define NCURSES_WIDECHAR 1
#include <ncurses.h>
#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "core/utf8.h"
#include "ui/ui_layout.h"
#include "ui/ui_int.h"

struct qr_ctx {
    int y, x, rows;
};

/* Draw one row of the QR code. */
static void
qr_row(const char *line, void *ctx)
{
    struct qr_ctx *c = ctx;
    if (c->y < LINES - 1)
        yj_d_str(c->y, c->x, line, YJ_P_QR, 0);
    c->y++;
    c->rows++;
}

/* Make the two codes for the case shown: the signed receipt payload (what the
 * printed receipt carries) and the case number alone. */
static void
load_codes(struct yj_ui *u)
{
    const char *no = u->flow.case_no;
    if (strcmp(u->qr_for, no) == 0)
        return;
    yj_done_reset(u);
    snprintf(u->qr_for, sizeof u->qr_for, "%s", no);
    yj_flow_case_codes(&u->flow, u->store, &u->qr_full, &u->qr_small);
}

/* Label of the print button for the current outcome. */
static const char *
print_label(const struct yj_ui *u)
{
    switch (u->print_state) {
    case YJ_PRINT_BUSY:
        return _("正在打印…");
    case YJ_PRINT_OK:
        return _("再打印一份");
    case YJ_PRINT_FAILED:
        return _("重新打印");
    default:
        return _("打印回执");
    }
}

/* A paragraph wrapped to w columns from row *y, if it fits before row end
 * (at most maxrows rows); true when drawn. */
static bool
para(int *y, int end, int w, int maxrows, const char *text, int pair, unsigned long attr)
{
    struct yj_line l[8];
    size_t need = yj_lay_wrap(text, w, l, 8);
    if (need > (size_t)maxrows)
        need = (size_t)maxrows;
    if (*y + (int)need > end)
        return false;
    *y += yj_d_wrap(*y, 2, w, (int)need, text, pair, attr);
    return true;
}

/* Text width at row y: beside the code or below it. */
static int
width_at(const struct yj_done_lay *l, int y, int rows_needed)
{
    return l->qr && y + rows_needed > l->qy && y < l->below ? l->narrow : l->wide;
}

void
yj_scr_done_draw(struct yj_ui *u)
{
    const char *no = u->flow.case_no;
    yj_d_header(u, yj_text(&u->flow.thing->label), _("提交成功"));
    load_codes(u);
    char big[3][512], wide[512];
    int bw = yj_lay_bigtext(no, big, sizeof big[0]);
    yj_lay_fullwidth(no, wide, sizeof wide);
    int band = yj_str_width(wide) + 4;
    const char *l1 = print_label(u), *l2 = _("完成");
    int button_end = 4 + yj_str_width(l1) + 4 + 4 + yj_str_width(l2) + 4;
    /* The full signed code when the terminal has room for it, else the number. */
    struct yj_done_lay lay;
    const struct yj_qr *q = NULL;
    bool full = false;
    if (u->qr_full.width > 0) {
        yj_lay_done(u->rows, u->cols, u->qr_full.width, bw, band, button_end, &lay);
        if (lay.qr && lay.num != YJ_NUM_PLAIN) {
            q = &u->qr_full;
            full = true;
        }
    }
    if (q == NULL) {
        yj_lay_done(u->rows, u->cols, u->qr_small.width, bw, band, button_end, &lay);
        if (lay.qr)
            q = &u->qr_small;
    }
    if (q) {
        struct qr_ctx c = {lay.qy, lay.qx, 0};
        yj_lay_qr(q->mod, q->width, lay.quiet, qr_row, &c);
        yj_d_text(lay.cap_y, lay.qx, lay.qcols,
                  full ? _("窗口扫码即可调取办件") : _("扫码查询办理进度"), YJ_P_HINT, 0);
    }

    int y = 2, w = width_at(&lay, y, 1);
    yj_d_text(y++, 2, w, _("您的申请已提交。您的办件编号是："), YJ_P_OK, A_BOLD);
    if (lay.num == YJ_NUM_BLOCK) {
        for (int r = 0; r < 3; r++)
            yj_d_str(y + r, 3, big[r], YJ_P_NORMAL, A_BOLD);
        y += 3;
    } else if (lay.num == YJ_NUM_BAND) {
        /* Full-width forms, two columns each, on a highlighted band three rows high. */
        yj_d_fill(y, 2, 3, band, YJ_P_FOCUS);
        yj_d_str(y + 1, 4, wide, YJ_P_FOCUS, A_BOLD);
        y += 3;
    }
    char plain[128];
    snprintf(plain, sizeof plain, _("办件编号：%s"), no);
    yj_d_text(y, 3, width_at(&lay, y, 1) - 1, plain, YJ_P_NORMAL,
              lay.num == YJ_NUM_PLAIN ? A_BOLD : 0);
    y++;

    /* The outcome of printing sits just above the buttons, up to three rows. */
    int end = u->rows - 4;
    if (u->print_msg[0]) {
        int pw = width_at(&lay, end - 3, 3);
        struct yj_line pl[8];
        size_t pn = yj_lay_wrap(u->print_msg, pw, pl, 8);
        int pr = pn > 3 ? 3 : (int)pn;
        int pair = u->print_state == YJ_PRINT_FAILED ? YJ_P_ERROR
                   : u->print_state == YJ_PRINT_OK   ? YJ_P_OK
                                                     : YJ_P_NORMAL;
        end = u->rows - 3 - pr;
        yj_d_wrap(end, 2, pw, pr, u->print_msg, pair, A_BOLD);
        end--; /* a blank row before it */
    }
    if (!full && q) {
        const char *note = _("屏幕上的二维码只含办件编号；打印的回执上有完整的办件二维码，"
                             "到窗口扫码即可调取办件。");
        para(&y, end, width_at(&lay, y, 2), 2, note, YJ_P_HINT, 0);
    }
    y++;
    /* What happens next: every item, wrapped (at most two rows each); when they
     * do not all fit, a last row says how many more are on the receipt. */
    const char *tail = _("凭办件编号可在窗口或网上查询进度，办结后会短信通知您。");
    para(&y, end, width_at(&lay, y, 1), 1, _("接下来："), YJ_P_NORMAL, A_BOLD);
    const struct yj_plan *p = &u->flow.plan;
    for (size_t i = 0; i < p->nitems; i++) {
        char buf[512];
        const struct yj_item *it = p->items[i];
        bool after = false; /* a chosen predecessor holds it back */
        for (size_t d = 0; d < it->ndepends; d++)
            after = after || yj_plan_has_item(p, it->depends_on[d]);
        if (after && !it->ex_officio)
            snprintf(buf, sizeof buf, _("· %s：%s，前置事项办结后 %d 个工作日内办结"),
                     yj_text(&it->label), it->dept ? yj_text(&it->dept->label) : "",
                     it->time_limit_days);
        else if (it->time_limit_days > 0)
            snprintf(buf, sizeof buf, _("· %s：%s，%d 个工作日内办结"), yj_text(&it->label),
                     it->dept ? yj_text(&it->dept->label) : "", it->time_limit_days);
        else
            snprintf(buf, sizeof buf, _("· %s：%s，即办"), yj_text(&it->label),
                     it->dept ? yj_text(&it->dept->label) : "");
        /* Keep a row for "N more" unless this is the last item. */
        int room = i + 1 < p->nitems ? end - 1 : end;
        if (!para(&y, room, width_at(&lay, y, 2), 2, buf, YJ_P_NORMAL, 0)) {
            char more[256];
            snprintf(more, sizeof more, _("· ……另有 %zu 项，详见回执"), p->nitems - i);
            para(&y, end, width_at(&lay, y, 1), 1, more, YJ_P_NORMAL, 0);
            break;
        }
    }
    if (p->nrequired_materials > 0)
        para(&y, end, width_at(&lay, y, 2), 2,
             _("请带上一次告知中列出的材料原件，到综合窗口核验。"), YJ_P_NORMAL, 0);
    para(&y, end, width_at(&lay, y, 2), 2, tail, YJ_P_NORMAL, 0);

    int bx = 4;
    if (u->print_state != YJ_PRINT_OFF)
        bx += yj_d_button(u->rows - 3, bx, l1, u->sel == 0) + 4;
    yj_d_button(u->rows - 3, bx, l2, u->sel == 1);
    yj_d_footer(u, _("←→ 选择  回车 确定"));
}

void
yj_scr_done_print(struct yj_ui *u)
{
    char msg[512];
    u->print_pending = false;
    if (yj_flow_print_receipt(&u->flow, u->store, u->set, u->printer, u->terminal,
                              u->assist ? u->helper : NULL, msg, sizeof msg) != 0) {
        u->print_state = YJ_PRINT_FAILED;
        snprintf(u->print_msg, sizeof u->print_msg, _("打印没有成功：%s"), msg);
    } else {
        u->print_state = YJ_PRINT_OK;
        snprintf(u->print_msg, sizeof u->print_msg, "%s", _("回执已打印，请在打印机出纸口取走。"));
    }
}

void
yj_scr_done_key(struct yj_ui *u, int type, wint_t ch)
{
    if (u->print_state == YJ_PRINT_BUSY)
        return;
    if (u->print_state == YJ_PRINT_OFF)
        u->sel = 1; /* only 完成 */
    else if (type == KEY_CODE_YES && (ch == KEY_LEFT || ch == KEY_UP))
        u->sel = 0;
    else if ((type == KEY_CODE_YES && (ch == KEY_RIGHT || ch == KEY_DOWN)) ||
             (type == OK && ch == '\t'))
        u->sel = 1;
    else if ((type == OK && (ch == '\r' || ch == '\n')) ||
             (type == KEY_CODE_YES && ch == KEY_ENTER)) {
        if (u->sel == 0) {
            /* Drawn first ("正在打印…"), then printed by the main loop. */
            u->print_state = YJ_PRINT_BUSY;
            u->print_pending = true;
            snprintf(u->print_msg, sizeof u->print_msg, "%s", _("正在打印回执，请稍候…"));
        } else {
            yj_done_reset(u);
            yj_go(u, YJ_SCR_RATING);
        }
    }
}

static const char *const levels[5] = {N_("非常满意"), N_("满意"), N_("基本满意"), N_("不满意"),
                                      N_("非常不满意")};

void
yj_scr_rating_draw(struct yj_ui *u)
{
    yj_d_header(u, _("办事评价"), NULL);
    yj_d_center(u, 3, _("请您对本次办理做个评价（可跳过）"), YJ_P_NORMAL, A_BOLD);
    int y = 6, bh = u->large ? 2 : 1;
    for (int i = 0; i < 5; i++) {
        char buf[128];
        bool f = u->sel == i;
        snprintf(buf, sizeof buf, "%s%s  %s", f ? "▶ " : "  ",
                 i == 0   ? "★★★★★"
                 : i == 1 ? "★★★★☆"
                 : i == 2 ? "★★★☆☆"
                 : i == 3 ? "★★☆☆☆"
                          : "★☆☆☆☆",
                 _(levels[i]));
        yj_d_fill(y, (u->cols - 36) / 2, bh, 36, f ? YJ_P_FOCUS : YJ_P_BUTTON);
        yj_d_text(y, (u->cols - 36) / 2 + 2, 32, buf, f ? YJ_P_FOCUS : YJ_P_BUTTON, A_BOLD);
        y += bh + 1;
    }
    yj_d_footer(u, _("↑↓ 选择  回车 提交评价  Esc 跳过"));
}

void
yj_scr_rating_key(struct yj_ui *u, int type, wint_t ch)
{
    if (type == KEY_CODE_YES && ch == KEY_UP && u->sel > 0)
        u->sel--;
    else if (type == KEY_CODE_YES && ch == KEY_DOWN && u->sel < 4)
        u->sel++;
    else if ((type == OK && (ch == '\r' || ch == '\n')) ||
             (type == KEY_CODE_YES && ch == KEY_ENTER)) {
        yj_flow_rate(&u->flow, u->store, u->terminal, u->assist ? u->helper : NULL, 5 - u->sel,
                     levels[u->sel]);
        yj_wipe_home(u);
    } else if (type == OK && ch == 27) {
        yj_wipe_home(u);
    }
}
