/* import.c: a kiosk's case from the text its receipt QR code holds — the one
 * import used by `yijian case import --qr`, `yijian counter import` and the
 * counter's scan field. */
#include "print/print.h"

#include <stdio.h>
#include <string.h>

#include "core/casebuild.h"
#include "core/form.h"
#include "core/i18n.h"
#include "core/plan.h"
#include "core/util.h"
#include "print/qrpayload.h"
#include "store/store.h"

/* Fill c->departments_json from the answers when the form set knows the thing,
 * exactly as a submit does, and the applicant when the code left it out (a
 * sealed code: copies of answers). */
static void
recompute_split(struct yj_case *c, const struct yj_formset *set)
{
    const struct yj_thing *t = set && c->thing_id ? yj_formset_thing(set, c->thing_id) : NULL;
    if (t == NULL || (c->departments_json != NULL && c->applicant_name != NULL))
        return;
    struct yj_plan plan;
    struct yj_answers a;
    yj_answers_init(&a);
    yj_answers_copy(&a, &c->answers);
    if (yj_plan_build(&plan, set, t, &a) == 0) {
        if (c->departments_json == NULL)
            c->departments_json = yj_plan_departments_json(&plan, &c->answers);
        const char *name = NULL, *id = NULL;
        yj_case_applicant(&plan, &c->answers, &name, &id);
        if (c->applicant_name == NULL && c->applicant_id == NULL) {
            c->applicant_name = name ? xstrdup(name) : NULL;
            c->applicant_id = id ? xstrdup(id) : NULL;
        }
    }
    yj_plan_free(&plan);
    yj_answers_free(&a);
}

/* An import takes no status, clerk or result from a code: the case starts as
 * submitted with every item pending, and only this counter's own actions
 * move it (a re-signed code claiming "closed" imports as submitted). */
static void
as_submitted(struct yj_case *c)
{
    yj_free(&c->status);
    c->status = xstrdup(YJ_CASE_SUBMITTED);
    yj_free(&c->clerk_id);
    yj_free(&c->updated_at);
    if (c->submitted_at != NULL)
        c->updated_at = xstrdup(c->submitted_at); /* as it was when submitted */
    c->revision = 0;
    for (size_t i = 0; i < c->nitems; i++) {
        struct yj_case_item *it = &c->items[i];
        yj_free(&it->status);
        it->status = xstrdup(YJ_ITEM_PENDING);
        yj_free(&it->result);
        yj_free(&it->updated_at);
    }
}

int
yj_import_qr(struct yj_store *s, const struct yj_formset *set, const char *text,
             const struct yj_actor *who, char *case_no_out, size_t case_no_sz, bool *existed,
             char *msg, size_t msgsz)
{
    struct yj_qrpayload p;
    struct yj_keypair own;
    char kerr[256];
    int rc = -1;
    bool was_there = false;
    if (existed)
        *existed = false;
    if (case_no_out && case_no_sz > 0)
        case_no_out[0] = '\0';
    memset(&p, 0, sizeof p);
    bool have_own = yj_keys_load(yj_keys_dir(), &own, kerr, sizeof kerr) == 0;
    if (text == NULL)
        text = "";
    if (yj_qrpayload_parse(text, strlen(text), &p, msg, msgsz) != 0 ||
        yj_qrpayload_verify(&p, yj_keys_trusted_path(), have_own ? &own : NULL, msg, msgsz) != 0 ||
        yj_qrpayload_unseal(&p, yj_keys_dir(), msg, msgsz) != 0)
        goto out;
    if (p.flags & YJ_QRF_NUMBER_ONLY) {
        snprintf(msg, msgsz,
                 _("此二维码只含办件编号 %s 和终端签名（办件信息太多，未放入二维码），"
                   "请从上级系统调取该办件"),
                 p.c.case_no ? p.c.case_no : "");
        goto out;
    }
    as_submitted(&p.c);
    recompute_split(&p.c, set);
    for (size_t i = 0; i < p.c.nitems; i++) /* waits for its predecessors, as at submit */
        p.c.items[i].after = yj_case_item_preds(set, &p.c, i);
    if (yj_store_import(s, &p.c, who, &was_there) != 0) {
        snprintf(msg, msgsz, "%s", yj_store_error(s));
        goto out;
    }
    if (was_there)
        snprintf(msg, msgsz, _("办件 %s 已在本机，未重复导入"), p.c.case_no);
    else
        snprintf(msg, msgsz, _("已导入办件 %s（%s，终端 %s 签发）"), p.c.case_no,
                 p.c.applicant_name ? p.c.applicant_name : "", p.signer);
    if (case_no_out && case_no_sz > 0)
        snprintf(case_no_out, case_no_sz, "%s", p.c.case_no);
    if (existed)
        *existed = was_there;
    rc = 0;
out:
    memset(&own, 0, sizeof own);
    yj_qrpayload_free(&p);
    return rc;
}
