/* state.c: the outbox counts in sync's own terms, read from the store. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "store/store.h"
#include "sync/sync_int.h"

int
yj_sync_summary(struct yj_store *store, struct yj_sync_summary *sum)
{
    struct yj_outbox_summary o;
    memset(sum, 0, sizeof *sum);
    if (yj_store_outbox_summary(store, (long long)time(NULL), &o) != 0)
        return -1;
    sum->pending = o.pending;
    sum->due = o.due;
    sum->held = o.held;
    sum->acked = o.acked;
    sum->next_attempt_at = o.next_attempt_at;
    snprintf(sum->cursor, sizeof sum->cursor, "%s", o.cursor);
    snprintf(sum->last_ok_at, sizeof sum->last_ok_at, "%s", o.last_ok_at);
    return 0;
}
