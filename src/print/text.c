/* text.c: the receipt as plain text, for the screen and for logs. */
#include "print/receipt.h"

#include <stdio.h>
#include <string.h>

#include "core/utf8.h"

/* Append s wrapped to cols columns; continuation lines start with indent
 * spaces, the first line with first (already counted as first_cols). */
static void
wrap(struct yj_buf *b, const char *first, int first_cols, const char *s, int cols, int indent)
{
    yj_buf_adds(b, first);
    int avail = cols - first_cols;
    if (avail < 4)
        avail = 4;
    while (*s) {
        int used;
        size_t take = yj_str_fit(s, avail, &used);
        if (take == 0) /* a character wider than the line: emit it anyway */
            take = yj_utf8_next(s, 0);
        /* Prefer to break ASCII words at a space. */
        if (s[take] != '\0' && s[take] != ' ') {
            size_t sp = take;
            while (sp > 0 && s[sp - 1] != ' ' && (unsigned char)s[sp - 1] < 0x80)
                sp--;
            if (sp > 0 && sp < take && s[sp - 1] == ' ')
                take = sp;
        }
        yj_buf_add(b, s, take);
        yj_buf_addc(b, '\n');
        s += take;
        while (*s == ' ')
            s++;
        if (*s) {
            for (int i = 0; i < indent; i++)
                yj_buf_addc(b, ' ');
            avail = cols - indent;
            if (avail < 4)
                avail = 4;
        }
    }
    if (b->len == 0 || b->data[b->len - 1] != '\n')
        yj_buf_addc(b, '\n');
}

/* Append s centred in cols columns. */
static void
centred(struct yj_buf *b, const char *s, int cols)
{
    int w = yj_str_width(s);
    if (w >= cols) {
        wrap(b, "", 0, s, cols, 0);
        return;
    }
    for (int i = 0; i < (cols - w) / 2; i++)
        yj_buf_addc(b, ' ');
    yj_buf_adds(b, s);
    yj_buf_addc(b, '\n');
}

/* The QR code drawn with half blocks, two module rows per text line, with a
 * two-module quiet zone. */
static void
qr_blocks(struct yj_buf *b, const char *text, int cols)
{
    struct yj_qr q;
    if (yj_qr_encode(text, 40, &q) != 0)
        return;
    int quiet = 2, w = q.width + 2 * quiet;
    int pad = w < cols ? (cols - w) / 2 : 0;
    for (int y = -quiet; y < q.width + quiet; y += 2) {
        for (int i = 0; i < pad; i++)
            yj_buf_addc(b, ' ');
        for (int x = -quiet; x < q.width + quiet; x++) {
            bool top = y >= 0 && y < q.width && x >= 0 && x < q.width &&
                       q.mod[(size_t)y * (size_t)q.width + (size_t)x];
            bool bot = y + 1 >= 0 && y + 1 < q.width && x >= 0 && x < q.width &&
                       q.mod[(size_t)(y + 1) * (size_t)q.width + (size_t)x];
            yj_buf_adds(b, top && bot ? "█" : top ? "▀" : bot ? "▄" : " ");
        }
        yj_buf_addc(b, '\n');
    }
    yj_qr_free(&q);
}

char *
yj_receipt_text(const struct yj_receipt *r, int cols, bool qr)
{
    struct yj_buf b = {0};
    if (cols < 20)
        cols = 20;
    for (size_t i = 0; i < r->n; i++) {
        const struct yj_rline *l = &r->lines[i];
        char first[512];
        switch (l->kind) {
        case YJ_RL_TITLE:
        case YJ_RL_CENTRE:
            centred(&b, l->a, cols);
            break;
        case YJ_RL_CASENO:
            snprintf(first, sizeof first, "%s：", l->a);
            yj_buf_adds(&b, first);
            yj_buf_printf(&b, "%s\n", l->b);
            break;
        case YJ_RL_HEADING:
            yj_buf_printf(&b, "\n【%s】\n", l->a);
            break;
        case YJ_RL_KV:
            snprintf(first, sizeof first, "%s：", l->a);
            wrap(&b, first, yj_str_width(first), l->b ? l->b : "", cols, yj_str_width(first));
            break;
        case YJ_RL_ITEM:
            wrap(&b, "", 0, l->a, cols, 3);
            wrap(&b, "   ", 3, l->b ? l->b : "", cols, 3);
            break;
        case YJ_RL_BULLET:
            wrap(&b, "  · ", 4, l->a, cols, 4);
            break;
        case YJ_RL_TEXT:
            wrap(&b, "", 0, l->a, cols, 0);
            break;
        case YJ_RL_RULE:
            for (int k = 0; k < cols; k++)
                yj_buf_addc(&b, '-');
            yj_buf_addc(&b, '\n');
            break;
        case YJ_RL_QR:
            if (qr && r->qr_text)
                qr_blocks(&b, r->qr_text, cols);
            wrap(&b, "", 0, l->a, cols, 0);
            break;
        }
    }
    return yj_buf_steal(&b);
}
