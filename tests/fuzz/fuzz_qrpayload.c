/* fuzz_qrpayload.c: libFuzzer target for the receipt QR decoder.
 *
 * The input is tried twice: as the text a scanner types, and as the binary
 * payload itself (Base45-wrapped behind the prefix) so the fuzzer reaches the
 * body parser and the inflater without having to discover Base45. A decoded
 * payload is re-encoded and parsed again: what the decoder accepts must
 * survive a round trip unchanged.
 *   cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DYJ_FUZZ=ON
 *   cmake --build build-fuzz --target fuzz_qrpayload
 *   ./build-fuzz/fuzz_qrpayload -max_total_time=300 -max_len=4096
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "print/base45.h"
#include "print/qrpayload.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Parse text; when it parses, encode it again and check the copy. */
static void
try_text(const char *text, size_t len)
{
    struct yj_qrpayload p;
    char msg[512];
    if (yj_qrpayload_parse(text, len, &p, msg, sizeof msg) == 0) {
        (void)yj_qrpayload_verify(&p, "/nonexistent", NULL, msg, sizeof msg);
        if (!(p.flags & (YJ_QRF_NUMBER_ONLY | YJ_QRF_SEALED))) {
            char *again = yj_qrpayload_encode(&p.c, NULL, false);
            struct yj_qrpayload q;
            if (yj_qrpayload_parse(again, strlen(again), &q, msg, sizeof msg) != 0)
                abort();
            if (strcmp(q.c.case_no, p.c.case_no) != 0 || q.c.answers.n != p.c.answers.n ||
                q.c.nitems != p.c.nitems)
                abort();
            yj_qrpayload_free(&q);
            free(again);
        }
    } else if (msg[0] == '\0') {
        abort(); /* every refusal says why */
    }
    yj_qrpayload_free(&p);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = xmalloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    try_text(text, size);
    free(text);
    char *b45 = yj_base45_encode(data, size);
    char *wrapped = xasprintf("YJ1::%s", b45);
    try_text(wrapped, strlen(wrapped));
    free(wrapped);
    free(b45);
    return 0;
}
