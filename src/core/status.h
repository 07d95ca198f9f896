/* status.h: the status words of cases, items and sync, and the one rule that
 * derives a case's status from its items. Pure logic.
 *
 * Every screen and command shows a status through these functions (zh_CN msgids,
 * translated by gettext); the stored values are the YJ_CASE_* and YJ_ITEM_*
 * constants of core/case.h and the YJ_SYNC_* below.
 */
#ifndef YJ_STATUS_H
#define YJ_STATUS_H

#include <stdbool.h>
#include <stddef.h>

/* The sync state of a case, from its outbox rows (src/store/syncstate.c). */
#define YJ_SYNC_QUEUED "queued"     /* waiting to be sent or retried */
#define YJ_SYNC_SENT "sent"         /* acknowledged by upstream */
#define YJ_SYNC_ACCEPTED "accepted" /* a department has answered for one of its items */
#define YJ_SYNC_PROBLEM "problem"   /* held: a clerk must look */

/* What a clerk or citizen reads for a case status (待受理, 已受理 …), an item
 * status (已退回, 已出证 …) or a sync state (NULL: a case with no outbox row,
 * 本机办件). An unknown value is returned as it is; a NULL case or item status
 * gives "". */
const char *yj_case_status_label(const char *status);
const char *yj_item_status_label(const char *status);
const char *yj_sync_state_label(const char *state);

/* Is status one of the YJ_CASE_* / YJ_ITEM_* values? */
bool yj_case_status_valid(const char *status);
bool yj_item_status_valid(const char *status);

/* The status of a case whose items now have the statuses items[0..n-1], from its
 * current status (docs/STORE.md, "Item results and the case status"):
 *   closed stays closed;
 *   any item returned                 -> returned (待补正: the citizen must bring
 *                                        what the reason says);
 *   every item done or certificate    -> done (待出件);
 *   no item past pending              -> current (submitted, or returned by the
 *                                        clerk for missing materials);
 *   otherwise                         -> accepted.
 * The counter and upstream updates both go through it (yj_store_item_result). */
const char *yj_case_status_derive(const char *current, const char *const *items, size_t n);

#endif
