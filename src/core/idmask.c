/* idmask.c: the one ID-number masking (see idmask.h). */
#include "core/idmask.h"

#include <stdbool.h>
#include <string.h>

#include "core/utf8.h"

void
yj_mask_id(const char *id, char *out, size_t outsz)
{
    if (outsz == 0)
        return;
    out[0] = '\0';
    if (id == NULL)
        return;
    size_t n = yj_utf8_len(id);
    size_t keep_head = 6, keep_tail = 4;
    if (n < 15) { /* too short to keep 6 + 4: keep a quarter at each end */
        keep_head = n / 4;
        keep_tail = n / 4;
    }
    size_t o = 0, i = 0, k = 0;
    while (id[i] != '\0') {
        size_t next = yj_utf8_next(id, i);
        size_t cl = next > i ? next - i : 1;
        bool keep = k < keep_head || k >= n - keep_tail;
        const char *src = keep ? id + i : "*";
        size_t sl = keep ? cl : 1;
        if (o + sl + 1 > outsz)
            break;
        memcpy(out + o, src, sl);
        o += sl;
        i += cl;
        k++;
    }
    out[o] = '\0';
}
