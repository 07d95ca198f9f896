/* escpos.c: the receipt in ESC/POS text mode — GB18030 text, the printer's
 * own QR command, feed and cut — for printers configured for it. */
#include "print/receipt.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/utf8.h"

struct esc {
    struct yj_buf *out;
    iconv_t cd;
    int cols;
    bool bad;
};

/* Append UTF-8 s converted to GB18030. */
static void
gb(struct esc *e, const char *s, size_t n)
{
    char buf[512];
    char *in = (char *)s;
    size_t inleft = n;
    while (inleft > 0) {
        char *o = buf;
        size_t oleft = sizeof buf;
        size_t rc = iconv(e->cd, &in, &inleft, &o, &oleft);
        yj_buf_add(e->out, buf, sizeof buf - oleft);
        if (rc == (size_t)-1 && errno != E2BIG) {
            /* Invalid UTF-8 cannot reach here from the layout; skip a byte. */
            e->bad = true;
            in++;
            inleft--;
        }
    }
}

/* Raw command bytes. */
static void
cmd(struct esc *e, const char *bytes, size_t n)
{
    yj_buf_add(e->out, bytes, n);
}

/* A wrapped paragraph: first (counted first_cols) then s, continuation lines
 * indented. */
static void
para(struct esc *e, const char *first, int first_cols, const char *s, int indent)
{
    gb(e, first, strlen(first));
    int avail = e->cols - first_cols;
    while (*s) {
        int used;
        size_t take = yj_str_fit(s, avail < 4 ? 4 : avail, &used);
        if (take == 0)
            take = yj_utf8_next(s, 0);
        gb(e, s, take);
        cmd(e, "\n", 1);
        s += take;
        if (*s) {
            for (int i = 0; i < indent; i++)
                cmd(e, " ", 1);
            avail = e->cols - indent;
        }
    }
    if (e->out->len == 0 || e->out->data[e->out->len - 1] != '\n')
        cmd(e, "\n", 1);
}

/* GS ( k with function fn and its parameters. */
static void
qr_fn(struct esc *e, unsigned char fn, const char *param, size_t n)
{
    size_t len = n + 2; /* cn (49) + fn + parameters */
    char hdr[7] = {0x1d, 0x28, 0x6b, (char)(len & 0xff), (char)(len >> 8), 0x31, (char)fn};
    cmd(e, hdr, sizeof hdr);
    cmd(e, param, n);
}

/* The printer's QR command sequence for text (model 2, level M). */
static int
qr(struct esc *e, const char *text)
{
    struct yj_qr q;
    if (yj_qr_encode(text, 40, &q) != 0)
        return -1;
    int dots = e->cols == 32 ? 384 : 576;
    int size = dots / (q.width + 8);
    if (size > 8)
        size = 8;
    if (size < 1)
        size = 1;
    yj_qr_free(&q);
    char sz = (char)size;
    cmd(e, "\x1b\x61\x01", 3);   /* ESC a 1: centre */
    qr_fn(e, 65, "\x32\x00", 2); /* model 2 */
    qr_fn(e, 67, &sz, 1);        /* module size in dots */
    qr_fn(e, 69, "\x31", 1);     /* error correction M */
    struct yj_buf p = {0};       /* store: "0" + data */
    yj_buf_addc(&p, '0');
    yj_buf_adds(&p, text);
    qr_fn(e, 80, p.data, p.len);
    yj_buf_free(&p);
    qr_fn(e, 81, "\x30", 1);     /* print */
    cmd(e, "\n\x1b\x61\x00", 4); /* left again */
    return 0;
}

int
yj_receipt_escpos_text(const struct yj_receipt *r, enum yj_paper paper, struct yj_buf *out,
                       char *msg, size_t msgsz)
{
    if (!yj_paper_is_roll(paper)) {
        snprintf(msg, msgsz, "%s", _("ESC/POS 只支持 58mm 或 80mm 卷纸"));
        return -1;
    }
    struct esc e = {.out = out, .cols = paper == YJ_PAPER_58MM ? 32 : 48};
    e.cd = iconv_open("GB18030", "UTF-8");
    if (e.cd == (iconv_t)-1) {
        snprintf(msg, msgsz, "%s", _("系统缺少 GB18030 编码转换"));
        return -1;
    }
    cmd(&e, YJ_ESCPOS_INIT, 2);
    cmd(&e, YJ_ESCPOS_CJK_ON, 2); /* FS &: two-byte (Chinese) characters on */
    for (size_t i = 0; i < r->n; i++) {
        const struct yj_rline *l = &r->lines[i];
        char first[512];
        switch (l->kind) {
        case YJ_RL_TITLE:
            cmd(&e, "\x1b\x61\x01\x1b\x45\x01", 6); /* centre, bold */
            para(&e, "", 0, l->a, 0);
            cmd(&e, "\x1b\x45\x00\x1b\x61\x00", 6);
            break;
        case YJ_RL_CENTRE:
            cmd(&e, "\x1b\x61\x01", 3);
            para(&e, "", 0, l->a, 0);
            cmd(&e, "\x1b\x61\x00", 3);
            break;
        case YJ_RL_CASENO:
            para(&e, "", 0, l->a, 0);
            cmd(&e, "\x1b\x61\x01\x1d\x21\x01\x1b\x45\x01", 9); /* double height, bold */
            para(&e, "", 0, l->b, 0);
            cmd(&e, "\x1b\x45\x00\x1d\x21\x00\x1b\x61\x00", 9);
            break;
        case YJ_RL_HEADING:
            cmd(&e, "\x1b\x45\x01", 3);
            snprintf(first, sizeof first, "【%s】", l->a);
            para(&e, "", 0, first, 0);
            cmd(&e, "\x1b\x45\x00", 3);
            break;
        case YJ_RL_KV:
            snprintf(first, sizeof first, "%s：", l->a);
            para(&e, first, yj_str_width(first), l->b ? l->b : "", yj_str_width(first));
            break;
        case YJ_RL_ITEM:
            para(&e, "", 0, l->a, 3);
            para(&e, "   ", 3, l->b ? l->b : "", 3);
            break;
        case YJ_RL_BULLET:
            para(&e, "· ", 2, l->a, 2);
            break;
        case YJ_RL_TEXT:
            para(&e, "", 0, l->a, 0);
            break;
        case YJ_RL_RULE:
            for (int k = 0; k < e.cols; k++)
                cmd(&e, "-", 1);
            cmd(&e, "\n", 1);
            break;
        case YJ_RL_QR:
            if (r->qr_text && qr(&e, r->qr_text) != 0) {
                snprintf(msg, msgsz, "%s", _("二维码内容过长，无法生成"));
                iconv_close(e.cd);
                return -1;
            }
            cmd(&e, "\x1b\x61\x01", 3);
            para(&e, "", 0, l->a, 0);
            cmd(&e, "\x1b\x61\x00", 3);
            break;
        }
    }
    cmd(&e, "\x1b\x64\x04", 3); /* ESC d 4: feed past the cutter */
    cmd(&e, YJ_ESCPOS_CUT, 4);
    iconv_close(e.cd);
    return 0;
}
