/* counter_import.c: a kiosk's case from its receipt QR, typed by the scanner. */
#include "ui/counter.h"

#include <stdio.h>
#include <string.h>

#include "core/form.h"
#include "core/i18n.h"
#include "core/plan.h"
#include "print/qrpayload.h"
#include "store/store.h"

int
yj_counter_import_qr(struct yj_store *s, const struct yj_formset *set, const char *text,
                     const struct yj_actor *who, char *case_no, bool *existed, char *msg,
                     size_t msgsz)
{
    struct yj_qrpayload p;
    struct yj_keypair own;
    char kerr[256];
    int rc = -1;
    *existed = false;
    case_no[0] = '\0';
    bool have_own = yj_keys_load(yj_keys_dir(), &own, kerr, sizeof kerr) == 0;
    if (yj_qrpayload_parse(text, strlen(text), &p, msg, msgsz) != 0 ||
        yj_qrpayload_verify(&p, yj_keys_trusted_path(), have_own ? &own : NULL, msg, msgsz) != 0)
        goto out;
    if (p.flags & YJ_QRF_NUMBER_ONLY) {
        snprintf(msg, msgsz,
                 _("此二维码只含办件编号 %s 和终端签名（办件信息太多，未放入二维码），"
                   "请从上级系统调取该办件"),
                 p.c.case_no ? p.c.case_no : "");
        goto out;
    }
    /* The per-department split is derived from the answers, as at submit. */
    const struct yj_thing *t = set && p.c.thing_id ? yj_formset_thing(set, p.c.thing_id) : NULL;
    if (t != NULL && p.c.departments_json == NULL) {
        struct yj_plan plan;
        struct yj_answers a;
        yj_answers_init(&a);
        yj_answers_copy(&a, &p.c.answers);
        if (yj_plan_build(&plan, set, t, &a) == 0)
            p.c.departments_json = yj_plan_departments_json(&plan, &p.c.answers);
        yj_plan_free(&plan);
        yj_answers_free(&a);
    }
    if (yj_store_import(s, &p.c, who, existed) != 0) {
        snprintf(msg, msgsz, "%s", yj_store_error(s));
        goto out;
    }
    snprintf(case_no, 32, "%s", p.c.case_no);
    rc = 0;
out:
    memset(&own, 0, sizeof own);
    yj_qrpayload_free(&p);
    return rc;
}
