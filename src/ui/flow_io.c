/* flow_io.c: what the screens around an application ask of the store, the
 * printer and sync (see flow.h), so that a screen only draws, reads keys and
 * calls flow functions. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/i18n.h"
#include "core/util.h"
#include "print/print.h"
#include "store/counter.h"
#include "store/store.h"
#include "sync/sync.h"
#include "ui/flow.h"

int
yj_flow_draft_save(const struct yj_flow *f, struct yj_store *s, const char *slot,
                   const char *screen, char *err, size_t errsz)
{
    char page[64];
    if (f->thing == NULL || yj_str_empty(slot) || screen == NULL)
        return 0;
    yj_flow_page_name(f, screen, page, sizeof page);
    if (yj_store_draft_save(s, slot, f->thing->id, page, &f->a) != 0) {
        snprintf(err, errsz, "%s", yj_store_error(s));
        return -1;
    }
    return 0;
}

int
yj_flow_draft_load(struct yj_store *s, const char *slot, long max_age_s, char **thing, char **page,
                   struct yj_answers *a)
{
    if (yj_str_empty(slot))
        return YJ_STORE_NOTFOUND;
    return yj_store_draft_load(s, slot, max_age_s, thing, page, a);
}

void
yj_flow_draft_discard(struct yj_store *s, const char *slot)
{
    if (!yj_str_empty(slot))
        yj_store_draft_discard(s, slot);
}

void
yj_flow_case_codes(const struct yj_flow *f, struct yj_store *s, struct yj_qr *full,
                   struct yj_qr *small)
{
    struct yj_case c;
    memset(full, 0, sizeof *full);
    memset(small, 0, sizeof *small);
    memset(&c, 0, sizeof c);
    if (yj_store_case_get(s, f->case_no, &c) == 0) {
        bool number_only = false;
        char msg[256];
        if (yj_qr_for_case(&c, full, &number_only, msg, sizeof msg) != 0)
            memset(full, 0, sizeof *full);
        yj_case_free(&c);
    }
    if (yj_qr_encode(f->case_no, 40, small) != 0)
        memset(small, 0, sizeof *small);
}

void
yj_flow_case_codes_free(struct yj_qr *full, struct yj_qr *small)
{
    yj_qr_free(full);
    yj_qr_free(small);
    memset(full, 0, sizeof *full);
    memset(small, 0, sizeof *small);
}

bool
yj_flow_prints(void)
{
    return yj_print_enabled();
}

int
yj_flow_print_receipt(const struct yj_flow *f, struct yj_store *s, const struct yj_formset *set,
                      const char *queue, const char *terminal, const char *helper_id, char *msg,
                      size_t msgsz)
{
    struct yj_actor who = yj_flow_actor(f, terminal, helper_id);
    return yj_print_case(s, set, f->case_no, "receipt", queue, &who, msg, msgsz) == 0 ? 0 : -1;
}

int
yj_flow_rate(const struct yj_flow *f, struct yj_store *s, const char *terminal,
             const char *helper_id, int stars, const char *label)
{
    char detail[128];
    struct yj_actor who = yj_flow_actor(f, terminal, helper_id);
    snprintf(detail, sizeof detail, "{\"rating\":%d,\"label\":\"%s\"}", stars, label);
    return yj_store_audit(s, &who, "rating", f->case_no, detail);
}

/* An audit row of this terminal's with no case. */
static int
audit(struct yj_store *s, const char *kind, const char *id, const char *action, const char *detail)
{
    struct yj_actor who = {kind, id};
    return yj_store_audit(s, &who, action, NULL, detail);
}

int
yj_flow_helper_signin(struct yj_store *s, const char *helper_id, const char *pin,
                      const char *terminal, char *msg, size_t msgsz)
{
    /* The counter's sign-in: the same throttling, lock-out and audit rows. */
    long wait = 0;
    struct yj_user u;
    enum yj_signin st = yj_user_signin(s, helper_id, pin, (long long)time(NULL), &wait, &u);
    if (st != YJ_SIGNIN_OK) {
        if (st == YJ_SIGNIN_ERROR)
            snprintf(msg, msgsz, "%s", yj_store_error(s));
        else
            yj_signin_message(st, wait, msg, msgsz);
        return -1;
    }
    bool ok = u.role && (strcmp(u.role, YJ_ROLE_HELPER) == 0 ||
                         strcmp(u.role, YJ_ROLE_CLERK) == 0 || strcmp(u.role, YJ_ROLE_ADMIN) == 0);
    if (!ok)
        snprintf(msg, msgsz, _("账号 %s（%s）无权进行此操作。"), helper_id, u.role ? u.role : "");
    yj_user_free(&u);
    if (!ok)
        return -1;
    struct yj_actor who = {"helper", helper_id};
    if (yj_store_audit(s, &who, "assist.signin", NULL, terminal) != 0) {
        snprintf(msg, msgsz, "%s", yj_store_error(s));
        return -1;
    }
    return 0;
}

int
yj_flow_helper_signout(struct yj_store *s, const char *helper_id)
{
    return audit(s, "helper", helper_id, "assist.signout", NULL);
}

int
yj_flow_idle_wiped(struct yj_store *s, const char *terminal)
{
    return audit(s, "kiosk", terminal, "idle.wipe", NULL);
}

int
yj_flow_kiosk_exit(struct yj_store *s, const char *terminal)
{
    return audit(s, "admin", terminal, "kiosk.exit", NULL);
}

int
yj_flow_queue_line(struct yj_store *s, char *out, size_t outsz)
{
    struct yj_sync_summary sum;
    if (s == NULL || yj_sync_summary(s, &sum) != 0)
        return -1;
    if (sum.held > 0)
        snprintf(out, outsz, _("待上报 %ld 件 · 有问题 %ld 件"), sum.pending, sum.held);
    else if (sum.pending > 0)
        snprintf(out, outsz, _("待上报 %ld 件"), sum.pending);
    else
        snprintf(out, outsz, "%s", _("已全部上报"));
    return 0;
}
