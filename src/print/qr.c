/* qr.c: QR codes with libqrencode. */
#include "print/receipt.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <qrencode.h>

int
yj_qr_encode(const char *text, int max_version, struct yj_qr *q)
{
    memset(q, 0, sizeof *q);
    /* Case-sensitive, so the Base45 text (all in the alphanumeric set) is
     * split into numeric and alphanumeric segments, never byte mode. */
    QRcode *code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (code == NULL)
        return -1;
    if (max_version > 0 && code->version > max_version) {
        QRcode_free(code);
        return -1;
    }
    q->version = code->version;
    q->width = code->width;
    size_t n = (size_t)code->width * (size_t)code->width;
    q->mod = xmalloc(n);
    for (size_t i = 0; i < n; i++)
        q->mod[i] = code->data[i] & 1;
    QRcode_free(code);
    return 0;
}

void
yj_qr_free(struct yj_qr *q)
{
    free(q->mod);
    memset(q, 0, sizeof *q);
}
