/* scr_done.c: confirmation (case number large, QR code in half blocks, what
 * happens next, print receipt) and the optional satisfaction rating (好差评). */
#define NCURSES_WIDECHAR 1
#include <ncurses.h>
#include <stdio.h>
#include <string.h>

#include "core/glyph.h"
#include "core/i18n.h"
#include "core/utf8.h"
#include "ui/ime_ui.h"
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
    /* The block font and the code are drawn with half blocks (▀ ▄ █), which are
     * ambiguous: only where the terminal draws them one column wide (glyph.h);
     * elsewhere the number in full-width digits, and the code on the receipt. */
    bool halves = yj_ambi_get() == YJ_AMBI_NARROW;
    int bw = halves ? yj_lay_bigtext(no, big, sizeof big[0]) : -1;
    yj_lay_fullwidth(no, wide, sizeof wide);
    int band = yj_str_width(wide) + 4;
    const char *l1 = print_label(u), *l2 = _("完成");
    int button_end = 4 + yj_str_width(l1) + 4 + 4 + yj_str_width(l2) + 4;
    /* The full signed code when the terminal has room for it, else the number. */
    struct yj_done_lay lay;
    const struct yj_qr *q = NULL;
    bool full = false;
    if (halves && u->qr_full.width > 0) {
        yj_lay_done(u->rows, u->cols, u->qr_full.width, bw, band, button_end, &lay);
        if (lay.qr && lay.num != YJ_NUM_PLAIN) {
            q = &u->qr_full;
            full = true;
        }
    }
    if (q == NULL) {
        yj_lay_done(u->rows, u->cols, halves ? u->qr_small.width : 0, bw, band, button_end, &lay);
        if (lay.qr)
            q = &u->qr_small;
    }
    if (q) {
        struct qr_ctx c = {lay.qy, lay.qx, 0};
        yj_lay_qr(q->mod, q->width, lay.quiet, qr_row, &c);
        /* What the code holds: the number alone, or the whole signed case. */
        yj_d_text(lay.cap_y, lay.qx, lay.qcols,
                  full ? _("窗口扫码即可调取办件") : _("凭此码到窗口调取办件"), YJ_P_HINT, 0);
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

    /* Everything the citizen must still do, on screen whether or not a
     * receipt printed: the outcome of printing, what each item comes to, the
     * materials to bring, where to go. Every paragraph wraps in full; when it
     * does not all fit it scrolls (PgDn/PgUp, 更多) rather than being cut. */
    int end = u->rows - 4;
    const struct yj_plan *p = &u->flow.plan;
    static char items[48][512], mats[48][512], pmsg[1024], exempt[2048];
    const char *text[128];
    unsigned long attr[128];
    int pair[128];
    size_t nt = 0;
#define PARA(t, pr, at) (pair[nt] = (pr), attr[nt] = (at), text[nt++] = (t))
    if (u->print_msg[0]) {
        if (u->print_state == YJ_PRINT_FAILED) {
            size_t pl = strlen(u->print_msg);
            bool stop = pl >= 3 && strcmp(u->print_msg + pl - 3, "。") == 0;
            snprintf(pmsg, sizeof pmsg, "%s%s%s", u->print_msg, stop ? "" : "。",
                     _("可以按“重新打印”再试；打印不出也没关系：下面列出了要带的材料，"
                       "到窗口报办件编号即可。"));
            PARA(pmsg, YJ_P_ERROR, A_BOLD);
        } else {
            PARA(u->print_msg, u->print_state == YJ_PRINT_OK ? YJ_P_OK : YJ_P_NORMAL, A_BOLD);
        }
    }
    if (p->nrequired_materials > 0) {
        PARA(_("请带上以下材料的原件："), YJ_P_NORMAL, A_BOLD);
        for (size_t i = 0; i < p->nrequired_materials && i < 48; i++) {
            snprintf(mats[i], sizeof mats[i], "· %s",
                     yj_text(&p->required_materials[i].material->label));
            PARA(mats[i], YJ_P_NORMAL, 0);
        }
    } else {
        PARA(_("不用另外带材料。"), YJ_P_NORMAL, A_BOLD);
    }
    if (p->nexempt_materials > 0) {
        size_t off = (size_t)snprintf(exempt, sizeof exempt, "%s",
                                      _("以下材料已通过电子证照调取，不用带："));
        for (size_t i = 0; i < p->nexempt_materials && off < sizeof exempt; i++)
            off += (size_t)snprintf(exempt + off, sizeof exempt - off, "%s%s", i ? "、" : "",
                                    yj_text(&p->exempt_materials[i].material->label));
        PARA(exempt, YJ_P_HINT, 0);
    }
    PARA(u->print_state == YJ_PRINT_OK
             ? _("请带上身份证件、以上材料和回执，到综合窗口核验，工作人员核验后受理。")
             : _("请带上身份证件和以上材料，到综合窗口报办件编号，工作人员核验后受理。"),
         YJ_P_NORMAL, A_BOLD);
    PARA(_("各事项的办理部门和时限："), YJ_P_NORMAL, A_BOLD);
    for (size_t i = 0; i < p->nitems && i < 48; i++) {
        const struct yj_item *it = p->items[i];
        bool after = false; /* a chosen predecessor holds it back */
        for (size_t d = 0; d < it->ndepends; d++)
            after = after || yj_plan_has_item(p, it->depends_on[d]);
        if (after && !it->ex_officio)
            snprintf(items[i], sizeof items[i], _("· %s：%s，前置事项办结后 %d 个工作日内办结"),
                     yj_text(&it->label), it->dept ? yj_text(&it->dept->label) : "",
                     it->time_limit_days);
        else if (it->time_limit_days > 0)
            snprintf(items[i], sizeof items[i], _("· %s：%s，%d 个工作日内办结"),
                     yj_text(&it->label), it->dept ? yj_text(&it->dept->label) : "",
                     it->time_limit_days);
        else
            snprintf(items[i], sizeof items[i], _("· %s：%s，即办"), yj_text(&it->label),
                     it->dept ? yj_text(&it->dept->label) : "");
        PARA(items[i], YJ_P_NORMAL, 0);
    }
    if (!full && q && u->print_state != YJ_PRINT_OFF)
        PARA(_("屏幕上的二维码只含办件编号；打印的回执上有完整的办件二维码，到窗口扫码即可调取办件"
               "。"),
             YJ_P_HINT, 0);
    PARA(_("凭办件编号可在窗口或网上查询进度，办结后会短信通知您。"), YJ_P_NORMAL, 0);
#undef PARA
    if (u->rows >= 20)
        y++; /* a blank row under the number, where there is room for it */
    int avail = end - y, tw = width_at(&lay, y, avail > 0 ? avail : 1), total = 0;
    for (size_t i = 0; i < nt; i++)
        total += (int)yj_lay_wrap(text[i], tw, NULL, 0);
    bool more = total > avail && avail > 0;
    if (u->more > total - avail)
        u->more = total - avail > 0 ? total - avail : 0;
    if (u->more < 0 || !more)
        u->more = 0;
    int row = 0;
    for (size_t i = 0; i < nt && avail > 0; i++) {
        struct yj_line l[16];
        size_t nl = yj_lay_wrap(text[i], tw, l, 16);
        for (size_t k = 0; k < nl && k < 16; k++, row++) {
            int yy = y + row - u->more;
            if (yy < y || yy >= end)
                continue;
            char buf[1024];
            snprintf(buf, sizeof buf, "%.*s", (int)l[k].len, text[i] + l[k].off);
            yj_d_text(yy, 2, tw, buf, pair[i], attr[i]);
        }
    }
    if (more && u->more > 0)
        yj_d_str(y, 2 + tw, yj_glyph(YJ_G_UP), YJ_P_HINT, A_BOLD);
    if (more && u->more + avail < total)
        yj_d_str(end - 1, 2 + tw, yj_glyph(YJ_G_DOWN), YJ_P_HINT, A_BOLD);
    if (more) {
        /* The row under the text says there is more, and takes a tap. */
        char ind[128];
        bool below = u->more + avail < total;
        snprintf(ind, sizeof ind, "%s %s", yj_glyph(below ? YJ_G_DOWN : YJ_G_UP),
                 below ? _("更多：按 PgDn 往下看") : _("已到底，按 PgUp 往回看"));
        int iw = width_at(&lay, end, 1);
        yj_d_text(end, 2, iw, ind, YJ_P_HINT, A_BOLD);
        yj_hit_add(end, 2, 1, yj_str_width(ind) < iw ? yj_str_width(ind) : iw, YJ_HIT_KEY,
                   below ? KEY_NPAGE : KEY_PPAGE);
    }

    int bx = 4;
    if (u->print_state != YJ_PRINT_OFF)
        bx += yj_d_button_at(u->rows - 3, bx, l1, u->sel == 0, 0) + 4;
    yj_d_button_at(u->rows - 3, bx, l2, u->sel == 1, 1);
    yj_d_footer(u, more ? _("←→ 选择  回车 确定  PgDn/PgUp 更多") : _("←→ 选择  回车 确定"));
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
    u->more = 0; /* the outcome is the first thing shown */
}

void
yj_scr_done_key(struct yj_ui *u, int type, wint_t ch)
{
    if (u->print_state == YJ_PRINT_BUSY)
        return;
    if (type == KEY_CODE_YES && (ch == KEY_NPAGE || ch == KEY_PPAGE)) {
        /* Scroll what comes next (kept within the text when drawn). */
        u->more = ch == KEY_NPAGE ? u->more + 4 : u->more > 4 ? u->more - 4 : 0;
        return;
    }
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
    int y = u->rows >= 24 ? 6 : 4, bh = u->large ? 2 : 1, step;
    yj_d_center(u, y - 3 + (u->rows >= 24 ? 0 : 1), _("请您对本次办理做个评价（可跳过）"),
                YJ_P_NORMAL, A_BOLD);
    /* Five answers between the title and the keys: spaced when there is room. */
    int avail = u->rows - 2 - y;
    if (5 * (bh + 1) > avail)
        bh = 1;
    step = 5 * (bh + 1) <= avail ? bh + 1 : 1;
    for (int i = 0; i < 5; i++) {
        char buf[128], stars[64] = "";
        bool f = u->sel == i;
        for (int k = 0; k < 5; k++)
            strcat(stars, yj_glyph(k < 5 - i ? YJ_G_STAR_ON : YJ_G_STAR_OFF));
        snprintf(buf, sizeof buf, "%s %s  %s", yj_glyph_or_blank(YJ_G_FOCUS, f), stars,
                 _(levels[i]));
        yj_d_fill(y, (u->cols - 36) / 2, bh, 36, f ? YJ_P_FOCUS : YJ_P_BUTTON);
        yj_hit_add(y, (u->cols - 36) / 2, bh, 36, YJ_HIT_SEL, i);
        yj_d_text(y, (u->cols - 36) / 2 + 2, 32, buf, f ? YJ_P_FOCUS : YJ_P_BUTTON, A_BOLD);
        y += step;
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
