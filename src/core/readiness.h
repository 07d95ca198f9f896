/* readiness.h: which items of a case can be worked on now. Pure logic.
 *
 * An item that depends on others (depends_on in the form files: cremation after
 * the death certificate; hukou cancellation before benefits) is ready only when
 * every predecessor that is part of the same case is finished. A predecessor
 * that is not part of the case (not chosen) does not hold anything up. A
 * predecessor that was returned blocks its successors: they cannot be done
 * until it is redone.
 */
#ifndef YJ_READINESS_H
#define YJ_READINESS_H

#include <stdbool.h>
#include <stddef.h>

/* One item of a case as readiness sees it. */
struct yj_ready_in {
    const char *id;
    const char *status;      /* YJ_ITEM_* (core/case.h) */
    const char *const *deps; /* ids of the items it depends on */
    size_t ndeps;
};

enum yj_ready {
    YJ_READY_FINISHED, /* done or certificate issued */
    YJ_READY_RETURNED, /* returned by its department */
    YJ_READY_NOW,      /* every predecessor in the case is finished */
    YJ_READY_WAITING,  /* a predecessor is not finished yet */
    YJ_READY_BLOCKED,  /* a predecessor was returned */
};

/* Is an item status a finished one (done, certificate_issued)? */
bool yj_item_finished(const char *status);

/* The readiness of items[i]. *first_wait (may be NULL) gets the index of the
 * first unfinished (or returned) predecessor, or -1. */
enum yj_ready yj_ready_item(const struct yj_ready_in *items, size_t n, size_t i, long *first_wait);

/* Every item is finished or returned: the case can wait for hand-out. */
bool yj_ready_all_settled(const struct yj_ready_in *items, size_t n);

/* An order in which the items can be done (predecessors first, otherwise the
 * given order) into order[n]. Returns 0, or -1 when depends_on has a cycle
 * among the case's items. */
int yj_ready_order(const struct yj_ready_in *items, size_t n, size_t *order);

/* Short name of a readiness value for logs and CSV ("ready", "waiting", ...). */
const char *yj_ready_name(enum yj_ready r);

#endif
