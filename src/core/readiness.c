/* readiness.c: which items of a case are ready, given depends_on and statuses. */
#include "core/readiness.h"

#include <stdlib.h>
#include <string.h>

#include "core/case.h"
#include "core/util.h"

bool
yj_item_finished(const char *status)
{
    return status != NULL &&
           (strcmp(status, YJ_ITEM_DONE) == 0 || strcmp(status, YJ_ITEM_CERTIFICATE) == 0);
}

/* Index of the item with id, or -1. */
static long
find(const struct yj_ready_in *items, size_t n, const char *id)
{
    for (size_t i = 0; id != NULL && i < n; i++)
        if (items[i].id != NULL && strcmp(items[i].id, id) == 0)
            return (long)i;
    return -1;
}

enum yj_ready
yj_ready_item(const struct yj_ready_in *items, size_t n, size_t i, long *first_wait)
{
    if (first_wait)
        *first_wait = -1;
    const struct yj_ready_in *it = &items[i];
    if (yj_item_finished(it->status))
        return YJ_READY_FINISHED;
    if (it->status != NULL && strcmp(it->status, YJ_ITEM_RETURNED) == 0)
        return YJ_READY_RETURNED;
    enum yj_ready r = YJ_READY_NOW;
    for (size_t d = 0; d < it->ndeps; d++) {
        long k = find(items, n, it->deps[d]);
        if (k < 0 || (size_t)k == i || yj_item_finished(items[k].status))
            continue;
        bool returned = items[k].status && strcmp(items[k].status, YJ_ITEM_RETURNED) == 0;
        if (returned && r != YJ_READY_BLOCKED) {
            r = YJ_READY_BLOCKED;
            if (first_wait)
                *first_wait = k;
        } else if (r == YJ_READY_NOW) {
            r = YJ_READY_WAITING;
            if (first_wait)
                *first_wait = k;
        }
    }
    return r;
}

bool
yj_ready_all_settled(const struct yj_ready_in *items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        enum yj_ready r = yj_ready_item(items, n, i, NULL);
        if (r != YJ_READY_FINISHED && r != YJ_READY_RETURNED)
            return false;
    }
    return true;
}

int
yj_ready_order(const struct yj_ready_in *items, size_t n, size_t *order)
{
    bool *placed = xcalloc(n ? n : 1, sizeof *placed);
    size_t k = 0;
    int rc = 0;
    while (k < n) {
        bool progress = false;
        /* Take the first item in the given order whose predecessors are placed. */
        for (size_t i = 0; i < n; i++) {
            if (placed[i])
                continue;
            bool ok = true;
            for (size_t d = 0; d < items[i].ndeps && ok; d++) {
                long p = find(items, n, items[i].deps[d]);
                if (p >= 0 && (size_t)p != i && !placed[p])
                    ok = false;
            }
            if (ok) {
                placed[i] = true;
                order[k++] = i;
                progress = true;
                break;
            }
        }
        if (!progress) {
            rc = -1;
            break;
        }
    }
    free(placed);
    return rc;
}

const char *
yj_ready_name(enum yj_ready r)
{
    switch (r) {
    case YJ_READY_FINISHED:
        return "finished";
    case YJ_READY_RETURNED:
        return "returned";
    case YJ_READY_NOW:
        return "ready";
    case YJ_READY_WAITING:
        return "waiting";
    case YJ_READY_BLOCKED:
        return "blocked";
    }
    return "?";
}
