/* scr_done.c: confirmation (case number large, QR code in half blocks, what
 * happens next, print receipt) and the optional satisfaction rating (好差评). */
#define NCURSES_WIDECHAR 1
#include <ncurses.h>
#include <qrencode.h>
#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "core/utf8.h"
#include "store/store.h"
#include "ui/layout.h"
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

void
yj_scr_done_draw(struct yj_ui *u)
{
    const char *no = u->flow.case_no;
    yj_d_header(u, yj_text(&u->flow.thing->label), _("提交成功"));
    /* The QR code on the right, when there is room for it. */
    int qx = u->cols, qw = 0;
    QRcode *qr = QRcode_encodeString(no, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (qr) {
        qw = qr->width + 4;
        if ((qr->width + 4 + 1) / 2 <= u->rows - 5 && qw + 44 <= u->cols) {
            qx = u->cols - qw - 2;
            struct qr_ctx c = {2, qx, 0};
            yj_lay_qr(qr->data, qr->width, 2, qr_row, &c);
            yj_d_text(c.y, qx, qw, _("扫码查询办理进度"), YJ_P_HINT, 0);
        } else {
            qw = 0;
        }
        QRcode_free(qr);
    }
    int w = qx - 4, y = 2;
    yj_d_text(y++, 2, w, _("您的申请已提交。您的办件编号是："), YJ_P_OK, A_BOLD);
    char big[3][512];
    int bw = yj_lay_bigtext(no, big, sizeof big[0]);
    if (bw > 0 && bw <= w) {
        for (int r = 0; r < 3; r++)
            yj_d_str(y + r, 3, big[r], YJ_P_NORMAL, A_BOLD);
        y += 3;
    } else {
        /* Too long for the block font: full-width forms, two columns each,
         * on a highlighted band three rows high. */
        char wide[512];
        yj_lay_fullwidth(no, wide, sizeof wide);
        yj_d_fill(y, 2, 3, yj_str_width(wide) + 4, YJ_P_FOCUS);
        yj_d_str(y + 1, 4, wide, YJ_P_FOCUS, A_BOLD);
        y += 3;
    }
    char plain[128];
    snprintf(plain, sizeof plain, _("办件编号：%s"), no);
    yj_d_text(y++, 3, w, plain, YJ_P_NORMAL, 0);
    y++;
    y += yj_d_wrap(y, 2, w, 2, _("接下来："), YJ_P_NORMAL, A_BOLD);
    const struct yj_plan *p = &u->flow.plan;
    for (size_t i = 0; i < p->nitems && y < u->rows - 6; i++) {
        char buf[512];
        const struct yj_item *it = p->items[i];
        if (it->time_limit_days > 0)
            snprintf(buf, sizeof buf, _("· %s：%s，%d 个工作日内办结"), yj_text(&it->label),
                     it->dept ? yj_text(&it->dept->label) : "", it->time_limit_days);
        else
            snprintf(buf, sizeof buf, _("· %s：%s，即办"), yj_text(&it->label),
                     it->dept ? yj_text(&it->dept->label) : "");
        y += yj_d_wrap(y, 2, w, 1, buf, YJ_P_NORMAL, 0);
    }
    if (p->nrequired_materials > 0 && y < u->rows - 5)
        y += yj_d_wrap(y, 2, w, 2, _("请带上一次告知中列出的材料原件，到综合窗口核验。"),
                       YJ_P_NORMAL, 0);
    if (y < u->rows - 5)
        yj_d_wrap(y, 2, w, 2, _("凭办件编号可在窗口或网上查询进度，办结后会短信通知您。"),
                  YJ_P_NORMAL, 0);
    int bx = 4;
    bx += yj_d_button(u->rows - 3, bx, _("打印回执"), u->sel == 0) + 4;
    yj_d_button(u->rows - 3, bx, _("完成"), u->sel == 1);
    yj_d_footer(u, _("←→ 选择  回车 确定"));
}

void
yj_scr_done_key(struct yj_ui *u, int type, wint_t ch)
{
    if (type == KEY_CODE_YES && (ch == KEY_LEFT || ch == KEY_UP))
        u->sel = 0;
    else if ((type == KEY_CODE_YES && (ch == KEY_RIGHT || ch == KEY_DOWN)) ||
             (type == OK && ch == '\t'))
        u->sel = 1;
    else if ((type == OK && (ch == '\r' || ch == '\n')) ||
             (type == KEY_CODE_YES && ch == KEY_ENTER)) {
        if (u->sel == 0)
            snprintf(u->note, sizeof u->note, "%s",
                     _("打印功能暂未开通，请记下办件编号，或用手机扫描二维码"));
        else
            yj_go(u, YJ_SCR_RATING);
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
        char detail[64];
        struct yj_actor who = {u->assist ? "helper" : "kiosk", u->assist ? u->helper : u->terminal};
        snprintf(detail, sizeof detail, "{\"rating\":%d,\"label\":\"%s\"}", 5 - u->sel,
                 levels[u->sel]);
        yj_store_audit(u->store, &who, "rating", u->flow.case_no, detail);
        yj_wipe_home(u);
    } else if (type == OK && ch == 27) {
        yj_wipe_home(u);
    }
}
