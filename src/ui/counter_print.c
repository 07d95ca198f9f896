/* counter_print.c: the one-time notification slip (一次性告知单) of a case
 * returned at the counter — exactly the materials marked missing and the
 * reasons the clerk wrote, all at once — printed through CUPS. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/form.h"
#include "core/i18n.h"
#include "core/paths.h"
#include "core/util.h"
#include "print/cupsjob.h"
#include "print/print.h"
#include "store/counter.h"
#include "store/store.h"
#include "ui/counter.h"

/* Append one line to the layout. */
static void
add(struct yj_receipt *r, enum yj_rl_kind kind, const char *a, const char *b)
{
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 32;
        r->lines = xreallocarray(r->lines, r->cap, sizeof *r->lines);
    }
    r->lines[r->n++] = (struct yj_rline){kind, a ? xstrdup(a) : NULL, b ? xstrdup(b) : NULL};
}

/* First 6 and last 4 characters of an ID number. */
static void
mask(const char *id, char *out, size_t outsz)
{
    size_t n = id ? strlen(id) : 0;
    if (n <= 10)
        snprintf(out, outsz, "%s", id ? id : "");
    else
        snprintf(out, outsz, "%.6s%.*s%s", id, (int)(n - 10), "**************", id + n - 4);
}

/* Build the slip for case c from its latest return. */
static int
build(struct yj_store *s, const struct yj_formset *set, const struct yj_case *c,
      struct yj_receipt *r, char *msg, size_t msgsz)
{
    char **reasons = NULL, **mats = NULL, line[1024];
    size_t n = 0;
    if (yj_counter_return_reasons(s, c->case_no, &reasons, &mats, &n) != 0) {
        snprintf(msg, msgsz, "%s", yj_store_error(s));
        return -1;
    }
    if (n == 0) {
        snprintf(msg, msgsz, "%s", _("本办件没有退回补正记录，无需打印一次性告知单"));
        free(reasons);
        free(mats);
        return -1;
    }
    struct yj_checklist cl;
    memset(&cl, 0, sizeof cl);
    yj_counter_checklist(s, set, c, &cl);
    const char *title = _("一次性告知单");
    r->title = xasprintf("%s %s", title, c->case_no);
    add(r, YJ_RL_TITLE, yj_config_get("centre_name", _("政务服务中心")), NULL);
    add(r, YJ_RL_CENTRE, title, NULL);
    add(r, YJ_RL_CASENO, _("办件编号"), c->case_no);
    add(r, YJ_RL_RULE, NULL, NULL);
    const struct yj_thing *t = set ? yj_formset_thing(set, c->thing_id) : NULL;
    add(r, YJ_RL_KV, _("申请事项"), t ? yj_text(&t->label) : c->thing_id);
    add(r, YJ_RL_KV, _("申请人"), c->applicant_name ? c->applicant_name : "");
    mask(c->applicant_id, line, sizeof line);
    add(r, YJ_RL_KV, _("证件号码"), line);
    add(r, YJ_RL_TEXT,
        _("您申请的事项还需补正以下材料。根据《中华人民共和国行政许可法》第三十二条，"
          "现将需要补正的全部内容一次性告知如下："),
        NULL);
    snprintf(line, sizeof line, _("需补正的内容（共 %zu 项）"), n);
    add(r, YJ_RL_HEADING, line, NULL);
    for (size_t i = 0; i < n; i++) {
        const char *label = NULL;
        for (size_t k = 0; mats[i] && k < cl.n; k++)
            if (strcmp(cl.rows[k].material_id, mats[i]) == 0)
                label = cl.rows[k].label;
        if (mats[i])
            snprintf(line, sizeof line, _("%zu. %s：%s"), i + 1, label ? label : mats[i],
                     reasons[i]);
        else
            snprintf(line, sizeof line, "%zu. %s", i + 1, reasons[i]);
        add(r, YJ_RL_BULLET, line, NULL);
    }
    add(r, YJ_RL_HEADING, _("接下来"), NULL);
    add(r, YJ_RL_TEXT,
        _("请备齐上述全部材料后，携带本告知单和身份证件到综合窗口办理；"
          "材料齐全后即予受理，不再另行要求其他材料。"),
        NULL);
    add(r, YJ_RL_RULE, NULL, NULL);
    add(r, YJ_RL_KV, _("告知人"), c->clerk_id ? c->clerk_id : "");
    add(r, YJ_RL_KV, _("终端"), yj_config_get("terminal_id", ""));
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(line, sizeof line, "%Y-%m-%d %H:%M", &tm);
    add(r, YJ_RL_KV, _("打印时间"), line);
    for (size_t i = 0; i < n; i++) {
        free(reasons[i]);
        free(mats[i]);
    }
    free(reasons);
    free(mats);
    yj_checklist_free(&cl);
    return 0;
}

int
yj_counter_print_notice(struct yj_store *s, const struct yj_formset *set, const char *case_no,
                        const struct yj_actor *who, const char *queue, char *msg, size_t msgsz)
{
    struct yj_case c;
    struct yj_receipt r;
    memset(&r, 0, sizeof r);
    struct yj_buf doc = {0};
    int rc = yj_store_case_get(s, case_no, &c);
    if (rc != 0) {
        snprintf(msg, msgsz, "%s", yj_store_error(s));
        return -1;
    }
    rc = -1;
    if (build(s, set, &c, &r, msg, msgsz) != 0)
        goto out;
    enum yj_format f = yj_print_format();
    enum yj_paper p = yj_print_paper(f);
    if (f != YJ_FMT_PDF && !yj_paper_is_roll(p))
        p = YJ_PAPER_80MM;
    double hmm = 0;
    if (f == YJ_FMT_PDF) {
        if (yj_receipt_pdf(&r, p, &doc, &hmm, msg, msgsz) != 0)
            goto out;
    } else if (yj_receipt_render(&r, f, p, &doc, msg, msgsz) != 0) {
        goto out;
    }
    char media[64] = "";
    if (f == YJ_FMT_PDF && p == YJ_PAPER_A4)
        snprintf(media, sizeof media, "iso_a4_210x297mm");
    else if (f == YJ_FMT_PDF && p == YJ_PAPER_A5)
        snprintf(media, sizeof media, "iso_a5_148x210mm");
    else if (f == YJ_FMT_PDF)
        snprintf(media, sizeof media, "custom_%.0fx%.0fmm_%.0fx%.0fmm", yj_paper_width_mm(p),
                 ceil(hmm), yj_paper_width_mm(p), ceil(hmm));
    if (yj_str_empty(queue))
        queue = yj_config_get("print.printer", NULL);
    if (yj_str_empty(queue))
        queue = NULL;
    struct yj_cups_job job = {
        .queue = queue,
        .title = r.title,
        .format = f == YJ_FMT_PDF ? "application/pdf" : "application/vnd.cups-raw",
        .media = media[0] ? media : NULL,
        .data = doc.data,
        .len = doc.len,
        .timeout_s = (int)yj_config_get_long("print.timeout", 60),
    };
    int job_id = 0;
    rc = yj_cups_print(&job, &job_id, msg, msgsz) == YJ_CUPS_OK ? 0 : -1;
    char detail[512];
    snprintf(detail, sizeof detail, "notice queue=%s job=%d %s", queue ? queue : "(default)",
             job_id, rc == 0 ? "completed" : msg);
    yj_store_audit(s, who, "print", c.case_no, detail);
out:
    yj_buf_free(&doc);
    yj_receipt_free(&r);
    yj_case_free(&c);
    return rc;
}
