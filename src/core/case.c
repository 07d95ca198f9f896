/* case.c: the case model's helpers. */
#include "core/case.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "core/util.h"

void
yj_case_free(struct yj_case *c)
{
    if (c == NULL)
        return;
    char **strs[] = {&c->uuid,         &c->case_no,    &c->thing_id,        &c->form_version,
                     &c->channel,      &c->centre,     &c->terminal,        &c->status,
                     &c->submitted_at, &c->updated_at, &c->applicant_name,  &c->applicant_id,
                     &c->helper_id,    &c->clerk_id,   &c->departments_json};
    for (size_t i = 0; i < YJ_ARRAY_LEN(strs); i++)
        yj_free(strs[i]);
    yj_answers_free(&c->answers);
    for (size_t i = 0; i < c->nitems; i++) {
        struct yj_case_item *it = &c->items[i];
        free(it->item_id);
        free(it->dept_id);
        free(it->status);
        free(it->due_date);
        free(it->after);
        free(it->result);
        free(it->updated_at);
    }
    yj_free(&c->items);
    c->nitems = 0;
}

void
yj_uuid_v4(char out[37])
{
    unsigned char b[16];
    if (getrandom(b, sizeof b, 0) != (ssize_t)sizeof b) {
        /* getrandom cannot fail for 16 bytes once the pool is ready; be safe. */
        for (size_t i = 0; i < sizeof b; i++)
            b[i] = (unsigned char)(rand() ^ (int)time(NULL));
    }
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
    snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
             b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
             b[14], b[15]);
}

void
yj_now_iso(char out[21])
{
    time_t now = yj_now();
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
