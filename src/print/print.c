/* print.c: from a stored case to a finished print job. */
#include "print/print.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "core/i18n.h"
#include "core/paths.h"
#include "core/util.h"
#include "print/cupsjob.h"
#include "print/centre.h"
#include "print/qrpayload.h"
#include "store/counter.h"
#include "store/store.h"

int
yj_format_parse(const char *s)
{
    static const char *const names[] = {"pdf", "escpos", "escpos-text", "text"};
    for (size_t i = 0; s && i < YJ_ARRAY_LEN(names); i++)
        if (strcmp(s, names[i]) == 0)
            return (int)i;
    return -1;
}

bool
yj_case_qr_sealable(void)
{
    unsigned char pk[32];
    char label[65], msg[256];
    return yj_centre_pub_load(yj_centre_pub_path(), pk, label, msg, sizeof msg) == 0;
}

char *
yj_case_qr_text(const struct yj_case *c, bool *number_only, bool *unsigned_out)
{
    struct yj_keypair kp;
    char msg[256], label[65];
    unsigned char centre_pk[32];
    bool have_key = yj_keys_load(yj_keys_dir(), &kp, msg, sizeof msg) == 0;
    /* The full copy only sealed to a centre key, and only signed: never in clear. */
    bool sealable = have_key && yj_centre_pub_load(yj_centre_pub_path(), centre_pk, label, msg,
                                                   sizeof msg) == 0;
    int maxv = (int)yj_config_get_long("print.qr_max_version", 25);
    if (maxv < 1 || maxv > 40)
        maxv = 25;
    if (unsigned_out)
        *unsigned_out = !have_key;
    char *text = NULL;
    struct yj_qr q;
    *number_only = true;
    if (sealable) {
        text = yj_qrpayload_encode_sealed(c, &kp, centre_pk);
        if (yj_qr_encode(text, maxv, &q) == 0) {
            yj_qr_free(&q);
            *number_only = false;
        } else {
            yj_free(&text);
        }
    }
    if (text == NULL)
        text = yj_qrpayload_encode(c, have_key ? &kp : NULL, true);
    sodium_memzero(&kp, sizeof kp);
    return text;
}

int
yj_qr_for_case(const struct yj_case *c, struct yj_qr *out, bool *number_only, char *msg,
               size_t msgsz)
{
    char *text = yj_case_qr_text(c, number_only, NULL);
    int rc = yj_qr_encode(text, 40, out);
    free(text);
    if (rc != 0)
        snprintf(msg, msgsz, "%s", _("二维码内容过长，无法生成"));
    return rc;
}

/* The counter's records behind a notice slip, owned here. */
struct notice_src {
    char **reasons, **mats; /* the latest return */
    size_t nret;
    struct yj_material_state *ms; /* the materials table */
    size_t nms;
    struct yj_notice_entry *v;
    size_t n;
};

/* Free what notice_load filled. */
static void
notice_free(struct notice_src *ns)
{
    for (size_t i = 0; i < ns->nret; i++) {
        free(ns->reasons[i]);
        free(ns->mats[i]);
    }
    free(ns->reasons);
    free(ns->mats);
    yj_store_material_list_free(ns->ms, ns->nms);
    free(ns->v);
    memset(ns, 0, sizeof *ns);
}

/* What the counter recorded for case_no: every reason of its latest return,
 * then each material marked missing that no reason names. 0 (ns->n may be 0),
 * or -1 with the store's message. */
static int
notice_load(struct yj_store *s, const char *case_no, struct notice_src *ns, char *msg, size_t msgsz)
{
    memset(ns, 0, sizeof *ns);
    if (yj_counter_return_reasons(s, case_no, &ns->reasons, &ns->mats, &ns->nret) != 0 ||
        yj_store_material_list(s, case_no, &ns->ms, &ns->nms) != 0) {
        snprintf(msg, msgsz, "%s", yj_store_error(s));
        notice_free(ns);
        return -1;
    }
    ns->v = xcalloc(ns->nret + ns->nms + 1, sizeof *ns->v);
    for (size_t i = 0; i < ns->nret; i++)
        ns->v[ns->n++] = (struct yj_notice_entry){ns->mats[i], ns->reasons[i]};
    for (size_t k = 0; k < ns->nms; k++) {
        if (ns->ms[k].state == NULL || strcmp(ns->ms[k].state, "missing") != 0)
            continue;
        bool named = false;
        for (size_t i = 0; i < ns->nret && !named; i++)
            named = ns->mats[i] && strcmp(ns->mats[i], ns->ms[k].material_id) == 0;
        if (!named)
            ns->v[ns->n++] = (struct yj_notice_entry){ns->ms[k].material_id, NULL};
    }
    return 0;
}

int
yj_receipt_for_case(struct yj_receipt *r, struct yj_store *s, const struct yj_case *c,
                    const struct yj_formset *set, const char *kind, char *msg, size_t msgsz)
{
    struct notice_src ns;
    memset(&ns, 0, sizeof ns);
    memset(r, 0, sizeof *r);
    if (s != NULL && kind != NULL && strcmp(kind, "notice") == 0 && c->case_no != NULL &&
        notice_load(s, c->case_no, &ns, msg, msgsz) != 0)
        return -1;
    bool number_only = false, unsig = false;
    char *qr = yj_case_qr_text(c, &number_only, &unsig);
    char now[32];
    time_t t = yj_now();
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(now, sizeof now, "%Y-%m-%d %H:%M", &tm);
    struct yj_receipt_info info = {
        .kind = kind ? kind : "receipt",
        .centre_name = yj_config_get("centre_name", NULL),
        .centre_code = yj_config_get("centre_code", c->centre),
        .terminal_id = yj_config_get("terminal_id", c->terminal),
        .printed_at = now,
        .phone = yj_config_get("centre_phone", NULL),
        .qr_text = qr,
        .qr_number_only = number_only,
        .qr_unsigned = unsig,
        .qr_no_centre = number_only && !yj_case_qr_sealable(),
        .notice = ns.v,
        .nnotice = ns.n,
    };
    int rc = yj_receipt_build(r, c, set, &info, msg, msgsz);
    free(qr);
    notice_free(&ns);
    return rc;
}

int
yj_receipt_render(const struct yj_receipt *r, enum yj_format f, enum yj_paper p, struct yj_buf *out,
                  char *msg, size_t msgsz)
{
    switch (f) {
    case YJ_FMT_PDF:
        return yj_receipt_pdf(r, p, out, NULL, msg, msgsz);
    case YJ_FMT_ESCPOS:
        return yj_receipt_escpos_raster(r, p, out, msg, msgsz);
    case YJ_FMT_ESCPOS_TEXT:
        return yj_receipt_escpos_text(r, p, out, msg, msgsz);
    case YJ_FMT_TEXT: {
        int cols = p == YJ_PAPER_58MM ? 32 : p == YJ_PAPER_80MM ? 48 : 72;
        char *t = yj_receipt_text(r, cols, true);
        yj_buf_adds(out, t);
        free(t);
        return 0;
    }
    }
    snprintf(msg, msgsz, "%s", _("未知的输出格式"));
    return -1;
}

/* The configured format. */
static enum yj_format
yj_print_format(void)
{
    int f = yj_format_parse(yj_config_get("print.format", "pdf"));
    return f < 0 || f == YJ_FMT_TEXT ? YJ_FMT_PDF : (enum yj_format)f;
}

/* The configured paper (defaults: a4 for pdf, 80mm for ESC/POS). */
static enum yj_paper
yj_print_paper(enum yj_format f)
{
    int p = yj_paper_parse(yj_config_get("print.paper", NULL));
    if (p >= 0)
        return (enum yj_paper)p;
    return f == YJ_FMT_PDF ? YJ_PAPER_A4 : YJ_PAPER_80MM;
}

bool
yj_print_enabled(void)
{
    const char *v = yj_config_get("print.enabled", "yes");
    return !(strcmp(v, "no") == 0 || strcmp(v, "false") == 0 || strcmp(v, "0") == 0 ||
             strcmp(v, "off") == 0);
}

int
yj_print_case(struct yj_store *s, const struct yj_formset *set, const char *case_no,
              const char *kind, const char *queue, const struct yj_actor *who, char *msg,
              size_t msgsz)
{
    struct yj_case c;
    memset(&c, 0, sizeof c);
    struct yj_receipt r;
    memset(&r, 0, sizeof r);
    struct yj_buf doc = {0};
    if (!yj_print_enabled()) {
        snprintf(msg, msgsz, "%s",
                 _("本终端不连接打印机（配置项 print.enabled = no），不能打印。办件已保存，"
                   "可凭办件编号到窗口打印回执"));
        return -1;
    }
    int rc = yj_store_case_get(s, case_no, &c);
    if (rc == YJ_STORE_NOTFOUND) {
        snprintf(msg, msgsz, _("找不到办件 %s"), case_no);
        goto out;
    }
    if (rc != 0) {
        snprintf(msg, msgsz, "%s", yj_store_error(s));
        goto out;
    }
    rc = -1;
    if (yj_receipt_for_case(&r, s, &c, set, kind, msg, msgsz) != 0)
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
    if (queue == NULL || *queue == '\0')
        queue = yj_config_get("print.printer", NULL);
    if (queue != NULL && *queue == '\0')
        queue = NULL;
    /* The job's name, as lpstat shows it: ASCII with no space. Debian's cupsd
     * 2.4.2-3+deb12u10 crashes (SIGSEGV) starting a Create-Job whose job-name
     * holds a space, losing the job; and nothing personal goes into the spool's
     * job history this way. */
    char jobname[80];
    snprintf(jobname, sizeof jobname, "yijian-%s-%s", kind ? kind : "receipt", c.case_no);
    for (char *q = jobname; *q; q++)
        if (!((*q >= '0' && *q <= '9') || (*q >= 'A' && *q <= 'Z') || (*q >= 'a' && *q <= 'z')))
            *q = '-';
    struct yj_cups_job job = {
        .queue = queue,
        .title = jobname,
        .format = f == YJ_FMT_PDF ? "application/pdf" : "application/vnd.cups-raw",
        .media = media[0] ? media : NULL,
        .data = doc.data,
        .len = doc.len,
        .timeout_s = (int)yj_config_get_long("print.timeout", 60),
    };
    int job_id = 0;
    rc = yj_cups_print(&job, &job_id, msg, msgsz);
    /* The audit trail records every attempt; a failure to write it does not
     * turn a printed receipt into an error. */
    char detail[512];
    snprintf(detail, sizeof detail, "%s %s queue=%s job=%d %s", kind ? kind : "receipt",
             f == YJ_FMT_PDF ? "pdf" : "escpos", queue ? queue : "(default)", job_id,
             rc == 0 ? "completed" : msg);
    struct yj_actor sys = {"system", yj_config_get("terminal_id", "")};
    yj_store_audit(s, who ? who : &sys, "print", c.case_no, detail);
out:
    yj_buf_free(&doc);
    yj_receipt_free(&r);
    yj_case_free(&c);
    return rc;
}
